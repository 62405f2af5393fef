package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// unitFile reads a systemd unit or a Containerfile into its directives:
// key → values in order (continuation lines joined).
func unitFile(t *testing.T, path string, sep string) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", path))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(bytes.ReplaceAll(b, []byte("\\\n"), nil)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == '[' {
			continue
		}
		k, v, ok := strings.Cut(line, sep)
		if !ok {
			t.Fatalf("%s: %q is not a directive", path, line)
		}
		out[strings.TrimSpace(k)] = append(out[strings.TrimSpace(k)], strings.TrimSpace(v))
	}
	return out
}

// TestSystemdUnit: the unit's ExecStart is a serve command line this
// binary accepts, it stops later than the server's own shutdown timeout,
// and it runs as its own user with the hardening the README describes.
func TestSystemdUnit(t *testing.T) {
	u := unitFile(t, "deploy/beian.service", "=")
	exec := strings.Fields(u["ExecStart"][0])
	if len(exec) < 2 || exec[0] != "/usr/local/bin/beian" || exec[1] != "serve" {
		t.Fatalf("ExecStart %q does not run beian serve", u["ExecStart"])
	}
	if _, err := parseServe(exec[2:], &bytes.Buffer{}, env(nil)); err != nil {
		t.Fatalf("ExecStart flags %q: %v", exec[2:], err)
	}
	stop, err := time.ParseDuration(u["TimeoutStopSec"][0])
	if err != nil || stop <= shutdownTimeout {
		t.Errorf("TimeoutStopSec %v (%v) must exceed the server's shutdown timeout %v", u["TimeoutStopSec"], err, shutdownTimeout)
	}
	for key, want := range map[string]string{
		"User": "beian", "StateDirectory": "beian", "NoNewPrivileges": "yes", "ProtectSystem": "strict",
		"PrivateTmp": "yes", "ProtectHome": "yes", "Restart": "on-failure", "KillSignal": "SIGTERM",
		"EnvironmentFile": "-/etc/beian/beian.env", "CapabilityBoundingSet": "",
	} {
		if got := u[key]; len(got) != 1 || got[0] != want {
			t.Errorf("%s=%q, want %q", key, got, want)
		}
	}
	if !strings.HasSuffix(exec[len(exec)-1], "/var/lib/beian") {
		t.Errorf("serve does not use the state directory: %q", exec)
	}

	// The backup unit's command line parses too: with no store where it
	// points, the error is about the store, not the flags.
	b := unitFile(t, "deploy/beian-backup.service", "=")
	line := regexp.MustCompile(`beian backup ([^']*)'`).FindStringSubmatch(b["ExecStart"][0])
	if line == nil {
		t.Fatalf("beian-backup.service ExecStart %q runs no beian backup", b["ExecStart"])
	}
	args := strings.Fields(strings.NewReplacer("$(date +%%Y%%m%%d-%%H%%M%%S)", "x", "/var/lib/beian", t.TempDir()).Replace(line[1]))
	err = run(context.Background(), append([]string{"backup"}, args...), nil, &bytes.Buffer{}, &bytes.Buffer{}, env(nil))
	var ue usageError
	if err == nil || errors.As(err, &ue) || !strings.Contains(err.Error(), "no store at") {
		t.Errorf("backup %q: %v, want the missing store reported", args, err)
	}
}

// TestContainerfile: the image builds a static binary, runs serve as a
// non-root user with /data as a volume, and its health check is a command
// that answers 0 against a running server.
func TestContainerfile(t *testing.T) {
	c := unitFile(t, "deploy/Containerfile", " ")
	if !strings.Contains(strings.Join(c["ENV"], " "), "CGO_ENABLED=0") {
		t.Errorf("the build does not set CGO_ENABLED=0: %q", c["ENV"])
	}
	if user := c["USER"]; len(user) != 1 || strings.HasPrefix(user[0], "0") || strings.HasPrefix(user[0], "root") {
		t.Errorf("USER %q: want a non-root user", user)
	}
	if v := c["VOLUME"]; len(v) != 1 || v[0] != `["/data"]` {
		t.Errorf("VOLUME %q, want /data", v)
	}
	if from := c["FROM"]; len(from) != 2 || !strings.Contains(from[1], "distroless/static") {
		t.Errorf("FROM %q: want a build stage and distroless/static", from)
	}
	vars := map[string]string{}
	for _, kv := range strings.Fields(c["ENV"][len(c["ENV"])-1]) {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	if _, err := parseServe(nil, &bytes.Buffer{}, env(vars)); err != nil || vars["BEIAN_DATA"] != "/data" {
		t.Errorf("the image's environment %v: %v", vars, err)
	}
	health := regexp.MustCompile(`"([^"]*)"`).FindAllStringSubmatch(c["HEALTHCHECK"][0], -1)
	if len(health) < 2 || health[0][1] != "/usr/local/bin/beian" || health[1][1] != "health" {
		t.Fatalf("HEALTHCHECK %q does not run beian health", c["HEALTHCHECK"])
	}
	base, _ := startServer(t)
	addr := strings.TrimPrefix(base, "http://")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"health", "--addr", addr}, nil, &out, &bytes.Buffer{}, env(nil)); err != nil || out.String() != "ok\n" {
		t.Fatalf("health against a running server: %v %q", err, out.String())
	}
	if err := run(context.Background(), []string{"health", "--addr", "127.0.0.1:1"}, nil, &out, &bytes.Buffer{}, env(nil)); err == nil {
		t.Fatal("health succeeded with no server")
	}
	if got := healthHost(":8080"); got != "127.0.0.1:8080" {
		t.Errorf("healthHost(:8080) = %s", got)
	}
}
