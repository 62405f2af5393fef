package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// runHealth runs "beian health": it asks a running server's /healthz and
// exits 0 when it answers 200. Container images without a shell or curl
// use it as their health check.
func runHealth(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	c := DefaultConfig()
	fs, env := flagSet("health", &c, stderr, getenv)
	fs.StringVar(&c.Addr, "addr", env.str("BEIAN_ADDR", c.Addr), "address of the server HOST:PORT (env BEIAN_ADDR)")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+healthHost(c.Addr)+"/healthz", nil)
	if err != nil {
		return usageError{fmt.Sprintf("--addr %q: %v", c.Addr, err)}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", req.URL, resp.Status)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}

// healthHost turns a listen address into one to dial: a server listening
// on all interfaces (":8080", "0.0.0.0:8080", "[::]:8080") is asked on
// loopback.
func healthHost(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return net.JoinHostPort(host, port)
}
