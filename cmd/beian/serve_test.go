package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beianhq/beian/auth"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// TestServeAddrInUse: with the port taken, serve says so and how to choose
// another before it touches the store or loads the demo.
func TestServeAddrInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	data := t.TempDir()
	var stdout, stderr bytes.Buffer
	err = run(context.Background(), []string{"serve", "--addr", ln.Addr().String(), "--data", data, "--demo"}, nil, &stdout, &stderr, env(nil))
	if code := exitCode(err, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if msg := stderr.String(); !strings.Contains(msg, ln.Addr().String()+" is already in use") || !strings.Contains(msg, "--addr") {
		t.Fatalf("stderr does not say the address is taken and suggest --addr:\n%s", msg)
	}
	if stdout.Len() != 0 {
		t.Fatalf("the demo was loaded before the port was found taken:\n%s", stdout.String())
	}
	if entries, _ := filepath.Glob(data + "/*"); len(entries) != 0 {
		t.Fatalf("the store was created: %v", entries)
	}
}

// TestServePrintsConfig: serve prints its effective configuration, with
// each package's default and every secret masked.
func TestServePrintsConfig(t *testing.T) {
	vars := map[string]string{
		"BEIAN_SMTP_ADDR":         "127.0.0.1:1",
		"BEIAN_SMTP_FROM":         "noreply@beian.test",
		"BEIAN_SMTP_PASSWORD":     "smtp-s3cret",
		"BEIAN_SMS_GATEWAY":       "http",
		"BEIAN_SMS_HTTP_URL":      "https://sms.example.cn/send",
		"BEIAN_SMS_HTTP_SECRET":   "http-s3cret",
		"BEIAN_SMS_SMPP_PASSWORD": "smpp-s3cret",
		"BEIAN_SMS_PER_MINUTE":    "3",
		"BEIAN_JOBS_LEASE":        "30s",
	}
	for _, tc := range []struct {
		name, url, want string
	}{
		{"user info", "postgres://beian:db-s3cret@db.example.cn/beian", "postgres://beian:******@db.example.cn/beian"},
		{"query", "postgres://db.example.cn/beian?password=db-s3cret&sslmode=require", "password=******"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := parseServe(nil, &bytes.Buffer{}, env(vars))
			if err != nil {
				t.Fatal(err)
			}
			c.DatabaseURL = tc.url
			var out bytes.Buffer
			printConfig(&out, c)
			got := out.String()
			for _, secret := range []string{"smtp-s3cret", "http-s3cret", "smpp-s3cret", "db-s3cret"} {
				if strings.Contains(got, secret) {
					t.Errorf("printed a secret %q:\n%s", secret, got)
				}
			}
			for _, line := range []string{
				"BEIAN_SMTP_PASSWORD                ******",
				"BEIAN_SMS_HTTP_SECRET              ******",
				"BEIAN_SMS_PER_MINUTE               3",
				"BEIAN_SMS_PER_HOUR                 5",
				"BEIAN_MESSAGE_ATTEMPTS             12",
				"BEIAN_JOBS_LEASE                   30s",
				"BEIAN_PASSWORD_FAILURES            5",
				"session idle                       30m0s",
				tc.want,
			} {
				if !strings.Contains(got, line) {
					t.Errorf("missing %q in:\n%s", line, got)
				}
			}
		})
	}
}

// TestServeConfigErrors: bad policy values are usage errors naming the
// variable.
func TestServeConfigErrors(t *testing.T) {
	for _, tc := range []struct{ key, value, want string }{
		{"BEIAN_JOBS_LEASE", "soon", "BEIAN_JOBS_LEASE"},
		{"BEIAN_JOBS_CONCURRENCY", "0", "BEIAN_JOBS_CONCURRENCY"},
		{"BEIAN_MESSAGE_ATTEMPTS", "0", "BEIAN_MESSAGE_ATTEMPTS"},
		{"BEIAN_SMS_PER_DAY", "-1", "SMS limits"},
	} {
		_, err := parseServe(nil, &bytes.Buffer{}, env(map[string]string{tc.key: tc.value}))
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(ue.msg, tc.want) {
			t.Errorf("%s=%s: %v, want a usage error naming %s", tc.key, tc.value, err, tc.want)
		}
	}
}

// TestDefaultsFromPackages: the configuration's policies are the packages'
// defaults, not copies of them.
func TestDefaultsFromPackages(t *testing.T) {
	c, err := parseServe(nil, &bytes.Buffer{}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Password != registry.DefaultPasswordPolicy || c.Accounts != auth.DefaultPolicy ||
		c.Notify != notify.DefaultPolicy || c.Jobs != jobs.DefaultPolicy {
		t.Fatalf("effective policies differ from the packages' defaults: %+v", c)
	}
	if c.Notify.MaxAttempts != store.DefaultMaxAttempts {
		t.Fatalf("message attempts %d, jobs table default %d", c.Notify.MaxAttempts, store.DefaultMaxAttempts)
	}
}

// TestServeFlagErrors: a malformed address or rate is a usage error found
// while parsing, before anything is bound or opened.
func TestServeFlagErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--addr", "nonsense"},
		{"--addr", "127.0.0.1:99999"},
		{"--addr", "127.0.0.1:0", "--debug-addr", "localhost"},
		{"--addr", "127.0.0.1:0", "--query-rate", "NaN"},
		{"--addr", "127.0.0.1:0", "--query-rate", "Inf"},
	} {
		_, err := parseServe(args, &bytes.Buffer{}, env(nil))
		if code := exitCode(err, &bytes.Buffer{}); code != 2 {
			t.Errorf("serve %q: exit %d (%v), want 2", args, code, err)
		}
	}
	if _, err := parseServe(nil, &bytes.Buffer{}, env(map[string]string{"BEIAN_ADDR": "nonsense"})); exitCode(err, &bytes.Buffer{}) != 2 {
		t.Errorf("BEIAN_ADDR=nonsense: %v, want a usage error", err)
	}
}
