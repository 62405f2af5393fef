// Command killdup measures how many emails a crash delivers twice. It
// enqueues N password-recovery emails in a store, runs "beian serve" with a
// real SMTP sink (internal/smtpsink, on loopback), kills it with SIGKILL
// each time another share of the mails has arrived, starts it again, and
// once every message is recorded as sent counts the deliveries per
// Message-ID. It prints, per kill, the duplicates that kill caused, and the
// totals. It talks only to the processes it starts.
//
//	go build -o /tmp/beian ./cmd/beian
//	go run ./bench/killdup -bin /tmp/beian -n 2000 -kills 5 [-database-url postgres://…]
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/beianhq/beian/internal/smtpsink"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/store"
)

type options struct {
	bin, data, databaseURL string
	n, kills               int
	lease                  time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "beian", "the beian binary")
	flag.StringVar(&o.data, "data", "", "SQLite data directory (default: a new temporary one)")
	flag.StringVar(&o.databaseURL, "database-url", "", "PostgreSQL URL instead of SQLite (its jobs and messages tables are emptied)")
	flag.IntVar(&o.n, "n", 2000, "recovery emails to enqueue")
	flag.IntVar(&o.kills, "kills", 5, "times to kill -9 the server during delivery")
	flag.DurationVar(&o.lease, "lease", 3*time.Second, "job lease given to the server (BEIAN_JOBS_LEASE)")
	flag.Parse()
	if o.data == "" {
		dir, err := os.MkdirTemp("", "killdup")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(dir)
		o.data = dir
	}
	if err := run(o); err != nil {
		log.Fatal(err)
	}
}

func run(o options) error {
	ctx := context.Background()
	dsn := filepath.Join(o.data, "beian.db")
	if o.databaseURL != "" {
		dsn = o.databaseURL
	}
	if err := enqueue(ctx, dsn, o.n, o.databaseURL != ""); err != nil {
		return err
	}
	sink, err := smtpsink.Start()
	if err != nil {
		return err
	}
	defer sink.Stop()

	engine := "sqlite"
	if o.databaseURL != "" {
		engine = "postgres"
	}
	fmt.Printf("engine %s, %d messages, %d kills, lease %s\n", engine, o.n, o.kills, o.lease)
	// marks[k] is how many mails had arrived when kill k+1 struck.
	var marks []int
	for k := 1; ; k++ {
		p, err := start(o, sink.Addr())
		if err != nil {
			return err
		}
		if k == o.kills+1 {
			// The last run delivers the rest, the dead runs' leases
			// having run out.
			err := waitSent(ctx, dsn, o.n, 10*time.Minute)
			p.Process.Signal(syscall.SIGTERM)
			p.Wait()
			if err != nil {
				return err
			}
			break
		}
		if !sink.Wait(k*o.n/(o.kills+1), 2*time.Minute) {
			p.Process.Kill()
			return fmt.Errorf("kill %d: only %d mails arrived", k, len(sink.Mails()))
		}
		if err := p.Process.Signal(syscall.SIGKILL); err != nil {
			return err
		}
		p.Wait()
		marks = append(marks, len(sink.Mails()))
	}
	return report(sink.Mails(), o.n, marks)
}

// start runs beian serve against the sink.
func start(o options, smtpAddr string) (*exec.Cmd, error) {
	cmd := exec.Command(o.bin, "serve", "--addr", "127.0.0.1:0", "--data", o.data, "--log-level", "error")
	cmd.Env = append(os.Environ(),
		"BEIAN_SMTP_ADDR="+smtpAddr,
		"BEIAN_SMTP_FROM=Beian <noreply@beian.test>",
		"BEIAN_SMTP_TLS=none",
		"BEIAN_JOBS_LEASE="+o.lease.String(),
		"BEIAN_DATABASE_URL="+o.databaseURL,
	)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return cmd, nil
}

// enqueue writes n recovery emails, as a matched recovery does, each with
// its delivery job.
func enqueue(ctx context.Context, dsn string, n int, empty bool) error {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if empty {
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			return tx.Exec(ctx, `DELETE FROM jobs; DELETE FROM messages`)
		}); err != nil {
			return err
		}
	}
	notifier, err := notify.New()
	if err != nil {
		return err
	}
	notifier.Email = true
	for i := 0; i < n; i += 100 {
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			for j := i; j < min(i+100, n); j++ {
				_, err := notifier.Notify(ctx, tx, fmt.Sprintf("killdup-%d-%d", time.Now().UnixNano(), j),
					notify.Recipient{Email: fmt.Sprintf("p%d@example.cn", j)},
					notify.PasswordReset{UnitName: "某某科技有限公司", MainLicence: "浙ICP备2021012345号", Password: "Ab3dEf6hJk9m"})
				if err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}

// waitSent waits until the store records n messages as sent.
func waitSent(ctx context.Context, dsn string, n int, timeout time.Duration) error {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		counts, err := db.MessageCounts(ctx)
		if err != nil {
			return err
		}
		if counts["email"]["sent"] == n {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("not all %d messages were sent in %s", n, timeout)
}

// report counts deliveries per Message-ID and charges each duplicate to
// the kill that struck after its first delivery: that run sent it and died
// before recording it.
func report(mails []smtpsink.Mail, n int, marks []int) error {
	first := map[string]int{} // Message-ID → index of its first delivery
	perKill := make([]int, len(marks))
	dups := 0
	for i, m := range mails {
		msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
		if err != nil {
			return err
		}
		id := strings.TrimSpace(msg.Header.Get("Message-Id"))
		f, seen := first[id]
		if !seen {
			first[id] = i
			continue
		}
		dups++
		for k, mark := range marks {
			if f < mark {
				perKill[k]++
				break
			}
		}
	}
	for k, d := range perKill {
		fmt.Printf("kill %d after %d mails: %d duplicates\n", k+1, marks[k], d)
	}
	fmt.Printf("delivered %d mails: %d distinct messages of %d, %d lost, %d duplicates (%.1f per kill)\n",
		len(mails), len(first), n, n-len(first), dups, float64(dups)/float64(len(marks)))
	return nil
}
