package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian/filestore"
	"github.com/beianhq/beian/realperson"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// TestAgentConfig: the wizard's settings from the environment, and the
// service they build.
func TestAgentConfig(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(data, "beian.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	calendar := filepath.Join(data, "calendar.tsv")
	os.WriteFile(calendar, []byte("2026-12-07\tholiday\t测试假日\n"), 0o600)
	cases := []struct {
		name    string
		vars    map[string]string
		check   func(t *testing.T, c Config)
		wantErr string
	}{
		{"defaults", nil, func(t *testing.T, c Config) {
			s, err := newAgent(ctx, c, db, nil, &registry.Registry{DB: db}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := s.Materials.(*filestore.Store); !ok {
				t.Errorf("materials in %T, want the filesystem", s.Materials)
			}
			if _, err := os.Stat(filepath.Join(data, "materials")); err != nil {
				t.Errorf("no materials directory under --data: %v", err)
			}
			if s.ProductRules.MinDaysLeft != 90 || s.ProductRules.MaxServicesPerIP != 5 || s.Uploads.MaxBytes != 5<<20 {
				t.Errorf("rules %+v, uploads %+v", s.ProductRules, s.Uploads)
			}
		}, ""},
		{"configured", map[string]string{"BEIAN_REALPERSON_URL": "https://rp.example/verify", "BEIAN_REALPERSON_SECRET": "s3cret",
			"BEIAN_PRODUCT_MIN_DAYS": "30", "BEIAN_MAX_UPLOAD_MB": "2", "BEIAN_CALENDAR_FILE": calendar}, func(t *testing.T, c Config) {
			s, err := newAgent(ctx, c, db, nil, &registry.Registry{DB: db}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if p, ok := s.RealPerson.(*realperson.Provider); !ok || p.URL != "https://rp.example/verify" {
				t.Errorf("real-person verifier %T", s.RealPerson)
			}
			if s.ProductRules.MinDaysLeft != 30 || s.Uploads.MaxBytes != 2<<20 {
				t.Errorf("rules %+v, uploads %+v", s.ProductRules, s.Uploads)
			}
			if name := s.Calendar.HolidayName(mustDate(t, "2026-12-07")); name != "测试假日" {
				t.Errorf("override calendar: %q", name)
			}
			var out strings.Builder
			printConfig(&out, c)
			if strings.Contains(out.String(), "s3cret") || !strings.Contains(out.String(), "BEIAN_REALPERSON_SECRET") {
				t.Errorf("printed configuration:\n%s", out.String())
			}
		}, ""},
		{"provider without secret", map[string]string{"BEIAN_REALPERSON_URL": "https://rp.example/verify"}, nil, "BEIAN_REALPERSON_SECRET"},
		{"missing calendar file", map[string]string{"BEIAN_CALENDAR_FILE": filepath.Join(data, "nope.tsv")}, nil, "BEIAN_CALENDAR_FILE"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vars := map[string]string{"BEIAN_DATA": data}
			for k, v := range tc.vars {
				vars[k] = v
			}
			c, err := parseServe(nil, io.Discard, env(vars))
			if err != nil {
				t.Fatal(err)
			}
			if tc.check != nil {
				tc.check(t, c)
				return
			}
			if _, err := newAgent(ctx, c, db, nil, &registry.Registry{DB: db}, nil); err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want one naming %s", err, tc.wantErr)
			}
		})
	}
}

func mustDate(t *testing.T, s string) time.Time {
	d, err := parseExpires(s)
	if err != nil {
		t.Fatal(err)
	}
	return d.Add(12 * time.Hour)
}
