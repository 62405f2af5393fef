package email

import (
	"strings"
	"testing"
	"time"
)

func TestNewSenderValidation(t *testing.T) {
	ok := Config{Addr: "smtp.example.cn:587", From: testFrom}
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string // substring of the error; "" = valid
	}{
		{"valid", func(*Config) {}, ""},
		{"valid ipv6", func(c *Config) { c.Addr = "[::1]:25"; c.TLS = "NONE"; c.User, c.Password = "u", "p" }, ""},
		{"no addr", func(c *Config) { c.Addr = "" }, "BEIAN_SMTP_ADDR"},
		{"no port", func(c *Config) { c.Addr = "smtp.example.cn" }, "host:port"},
		{"bad port", func(c *Config) { c.Addr = "smtp.example.cn:smtp" }, "invalid port"},
		{"no host", func(c *Config) { c.Addr = ":25" }, "no host"},
		{"no from", func(c *Config) { c.From = "" }, "BEIAN_SMTP_FROM"},
		{"bad from", func(c *Config) { c.From = "备案系统" }, "sender address"},
		{"bad tls", func(c *Config) { c.TLS = "ssl" }, "unknown TLS mode"},
		{"user no password", func(c *Config) { c.User = "u" }, "password is empty"},
		{"password no user", func(c *Config) { c.Password = "p" }, "user is empty"},
		{"auth without tls", func(c *Config) { c.User, c.Password, c.TLS = "u", "p", TLSNone }, "without TLS"},
		{"negative timeout", func(c *Config) { c.Timeout = -time.Second }, "negative timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ok
			tc.edit(&cfg)
			_, err := NewSender(cfg)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestNewSenderDefaults(t *testing.T) {
	s, err := NewSender(Config{Addr: "smtp.example.cn:587", From: testFrom})
	if err != nil {
		t.Fatal(err)
	}
	c := s.cfg
	if c.mode != TLSStartTLS || c.timeout != DefaultTimeout || c.tls.ServerName != "smtp.example.cn" || c.domain != "example.cn" {
		t.Errorf("defaults: mode %q timeout %v server name %q domain %q", c.mode, c.timeout, c.tls.ServerName, c.domain)
	}
}

func TestMessageID(t *testing.T) {
	for _, tc := range []struct{ id, domain, want string }{
		{"job-42", "example.cn", "job-42@example.cn"},
		{"notify:7/sms", "Example.CN", "notify%3A7/sms@example.cn"},
		{"a b@c<d>", "example.cn", "a%20b%40c%3Cd%3E@example.cn"},
		{".x..y.", "example.cn", "%2Ex.%2Ey%2E@example.cn"},
		{"100%", "example.cn", "100%25@example.cn"},
		{"备案", "例子.cn", "%E5%A4%87%E6%A1%88@%E4%BE%8B%E5%AD%90.cn"},
	} {
		if got := messageID(tc.id, tc.domain); got != tc.want {
			t.Errorf("messageID(%q, %q) = %q, want %q", tc.id, tc.domain, got, tc.want)
		}
	}
}
