package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
)

func TestProductAddCommand(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	var out, stderr bytes.Buffer
	if err := run(ctx, []string{"user", "add", "--data", data, "--role", "applicant", "--login", "13700000003", "--password-stdin"},
		strings.NewReader("an-applicant-secret\n"), &out, &stderr, env(nil)); err != nil {
		t.Fatalf("user add: %v %s", err, stderr.String())
	}
	add := func(extra ...string) (string, int) {
		out.Reset()
		stderr.Reset()
		args := append([]string{"product", "add", "--data", data}, extra...)
		err := run(ctx, args, nil, &out, &stderr, env(nil))
		code := exitCode(err, &stderr)
		return out.String() + stderr.String(), code
	}
	base := []string{"--owner", "13700000003", "--provider", "某某云", "--ip", "47.96.30.1", "--expires", "2027-12-31"}
	got, code := add(base...)
	if code != 0 || !regexp.MustCompile(`^product [A-Za-z0-9-]+\n$`).MatchString(got) {
		t.Fatalf("add: exit %d %q", code, got)
	}
	second, _ := add(append(base, "--region", "华东1（杭州）", "--mainland=false")...)
	if second == got {
		t.Fatalf("two products got the same id: %q", got)
	}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no owner", []string{"--provider", "某某云", "--ip", "47.96.30.1", "--expires", "2027-12-31"}, 2, "--owner"},
		{"bad date", []string{"--owner", "13700000003", "--provider", "某某云", "--ip", "47.96.30.1", "--expires", "31/12/2027"}, 2, "--expires"},
		{"unknown owner", []string{"--owner", "13700000009", "--provider", "某某云", "--ip", "47.96.30.1", "--expires", "2027-12-31"}, 1, "owner"},
		{"private IP", []string{"--owner", "13700000003", "--provider", "某某云", "--ip", "10.0.0.1", "--expires", "2027-12-31"}, 1, "ip"},
		{"no subcommand", nil, 2, "usage"},
	}
	for _, c := range cases {
		var msg string
		var code int
		if c.args == nil {
			stderr.Reset()
			err := run(ctx, []string{"product"}, nil, &out, &stderr, env(nil))
			code = exitCode(err, &stderr)
			msg = stderr.String()
		} else {
			msg, code = add(c.args...)
		}
		if code != c.code || !strings.Contains(msg, c.want) {
			t.Errorf("%s: exit %d %q, want %d naming %s", c.name, code, msg, c.code, c.want)
		}
	}
}
