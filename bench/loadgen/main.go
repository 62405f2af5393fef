// Command loadgen sends GET /api/v1/query requests to a server, one keyword
// per request from a file, with a fixed number of concurrent clients for a
// fixed time (or a fixed count), and prints throughput and latency
// percentiles. It is bounded in count and time and talks only to the URL it
// is given (loopback in the benchmark script).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080/api/v1/query", "query endpoint")
	keywords := flag.String("keywords", "", "file with one keyword per line")
	clients := flag.Int("c", 8, "concurrent clients")
	duration := flag.Duration("d", 10*time.Second, "how long to send")
	count := flag.Int("n", 0, "stop after this many requests (0: run for -d)")
	label := flag.String("label", "", "name printed with the result")
	flag.Parse()

	kws, err := readLines(*keywords)
	if err != nil || len(kws) == 0 {
		log.Fatalf("keywords: %v (%d lines)", err, len(kws))
	}
	tr := &http.Transport{MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}

	var (
		next     atomic.Int64
		failures atomic.Int64
		mu       sync.Mutex
		lat      []time.Duration
		wg       sync.WaitGroup
	)
	deadline := time.Now().Add(*duration)
	start := time.Now()
	for range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for {
				i := next.Add(1) - 1
				if *count > 0 && i >= int64(*count) || *count == 0 && time.Now().After(deadline) {
					break
				}
				u := *base + "?keyword=" + url.QueryEscape(kws[i%int64(len(kws))])
				t0 := time.Now()
				resp, err := client.Get(u)
				if err != nil {
					failures.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					failures.Add(1)
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	fmt.Printf("%-22s requests=%d failures=%d rps=%.0f p50=%s p95=%s p99=%s\n", *label, len(lat), failures.Load(),
		float64(len(lat))/elapsed.Seconds(), pct(.50).Round(time.Microsecond), pct(.95).Round(time.Microsecond), pct(.99).Round(time.Microsecond))
}

func readLines(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	return out, sc.Err()
}
