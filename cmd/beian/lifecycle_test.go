package main

import (
	"io"
	"testing"
	"time"

	"github.com/beianhq/beian/registry"
)

// The shell clean-up's periods come from the one Config, through the
// environment the command is given, and bad ones stop the start.
func TestShellConfig(t *testing.T) {
	for _, tt := range []struct {
		vars         map[string]string
		grace, every time.Duration
		bad          bool
	}{
		{nil, registry.DefaultShellGrace, registry.DefaultShellEvery, false},
		{map[string]string{"BEIAN_SHELL_GRACE": "72h", "BEIAN_SHELL_SCAN_EVERY": "6h"}, 72 * time.Hour, 6 * time.Hour, false},
		{map[string]string{"BEIAN_SHELL_GRACE": "a week"}, 0, 0, true},
		{map[string]string{"BEIAN_SHELL_SCAN_EVERY": "0s"}, 0, 0, true},
	} {
		c, err := parseServe(nil, io.Discard, env(tt.vars))
		if tt.bad {
			if err == nil {
				t.Errorf("%v: accepted", tt.vars)
			}
			continue
		}
		if err != nil || c.Shells.Grace != tt.grace || c.Shells.ScanEvery != tt.every {
			t.Errorf("%v: %+v, %v", tt.vars, c.Shells, err)
		}
	}
}
