package main

import (
	"io"
	"strings"
	"testing"
)

// TestModeFlags: the mode and what each needs, refused with a message
// naming the flag; the key is masked in the printed configuration.
func TestModeFlags(t *testing.T) {
	const key = "beianpk_secret"
	for _, tc := range []struct {
		name string
		args []string
		vars map[string]string
		err  string // "" for accepted
	}{
		{"default", nil, nil, ""},
		{"registry", []string{"--mode", "registry"}, nil, ""},
		{"agent", []string{"--mode", "agent", "--registry-url", "https://registry.example.cn", "--registry-key", key}, nil, ""},
		{"agent from the environment", nil, map[string]string{"BEIAN_MODE": "agent", "BEIAN_REGISTRY_URL": "http://127.0.0.1:9000", "BEIAN_REGISTRY_KEY": key}, ""},
		{"unknown mode", []string{"--mode", "both"}, nil, "--mode"},
		{"agent without a registry", []string{"--mode", "agent"}, nil, "--registry-url"},
		{"agent without a key", []string{"--mode", "agent", "--registry-url", "https://r.example.cn"}, nil, "--registry-key"},
		{"a key over plain http to another host", []string{"--mode", "agent", "--registry-url", "http://registry.example.cn", "--registry-key", key}, nil, "https"},
		{"not a URL", []string{"--mode", "agent", "--registry-url", "registry.example.cn", "--registry-key", key}, nil, "--registry-url"},
		{"a registry URL in one binary", []string{"--registry-url", "https://r.example.cn"}, nil, "--mode agent"},
		{"the demo apart", []string{"--mode", "agent", "--demo", "--registry-url", "https://r.example.cn", "--registry-key", key}, nil, "--demo"},
		{"a pull below a second", []string{"--mode", "agent", "--registry-url", "https://r.example.cn", "--registry-key", key},
			map[string]string{"BEIAN_REGISTRY_PULL_EVERY": "500ms"}, "BEIAN_REGISTRY_PULL_EVERY"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr strings.Builder
			c, err := parseServe(tc.args, io.Discard, env(tc.vars))
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("error %v, want one naming %s", err, tc.err)
			case err == nil:
				printConfig(&stderr, c)
				if strings.Contains(stderr.String(), key) {
					t.Errorf("the printed configuration shows the key:\n%s", stderr.String())
				}
			}
		})
	}
}

// TestFilingLimitsFromEnv: the 短信核验 limits are the operator's to set; a
// negative one is refused naming the variable.
func TestFilingLimitsFromEnv(t *testing.T) {
	c, err := parseServe(nil, io.Discard, env(map[string]string{"BEIAN_SMS_VERIFY_PER_CLIENT": "0", "BEIAN_SMS_RESEND_PER_NUMBER": "9"}))
	if err != nil || c.Filings.VerifyPerClient.Limit != 0 || c.Filings.ResendPerNumber.Limit != 9 || c.Filings.ResendPerClient.Limit != 20 {
		t.Fatalf("%+v %v", c.Filings, err)
	}
	if _, err := parseServe(nil, io.Discard, env(map[string]string{"BEIAN_SMS_RESEND_PER_CLIENT": "-1"})); err == nil || !strings.Contains(err.Error(), "BEIAN_SMS_RESEND_PER") {
		t.Fatalf("a negative limit: %v", err)
	}
}
