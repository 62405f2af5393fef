package main

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"path/filepath"
	"strings"

	"github.com/beianhq/beian/auth"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
)

// Config is every setting of the binary, read once from flags and BEIAN_*
// environment variables (flags win). The policies are the packages' own
// types, so each default is written once, in its package.
type Config struct {
	// Mode is the half served (BEIAN_MODE): all (default), registry or
	// agent; an agent apart files with Registry.
	Mode        string
	Registry    RegistryConfig
	Addr        string  // BEIAN_ADDR
	Data        string  // BEIAN_DATA: directory of the SQLite database
	DatabaseURL string  // BEIAN_DATABASE_URL: PostgreSQL instead of SQLite
	Dev         bool    // BEIAN_DEV: dev outbox and dev pages
	Demo        bool    // BEIAN_DEMO: implies Dev, fills an empty store
	QueryRate   float64 // BEIAN_QUERY_RATE: public queries per second per client (0: no limit)
	QueryBurst  int     // BEIAN_QUERY_BURST
	TrustProxy  bool    // BEIAN_TRUST_PROXY: one proxy in front (--proxy-hops 1)
	// ProxyHops is how many proxies stand in front (BEIAN_PROXY_HOPS); the
	// client is the address the outermost appended to X-Forwarded-For.
	ProxyHops int
	// TrustedProxies are the proxies' networks, CIDR,... (BEIAN_TRUSTED_PROXIES).
	TrustedProxies string
	// MetricsAllowedNetworks may read /metrics, CIDR,...; loopback when
	// empty (BEIAN_METRICS_ALLOWED_NETWORKS).
	MetricsAllowedNetworks string
	LogLevel               string // BEIAN_LOG_LEVEL: debug, info, warn, error
	SkipInvalid            bool   // import only
	// ImportCacheMiB is the SQLite writer's page cache while an import
	// runs (import only, --cache-mb).
	ImportCacheMiB int
	DebugAddr      string // BEIAN_DEBUG_ADDR: pprof listener, off when empty
	// SecureCookies marks the session cookie Secure (BEIAN_SECURE_COOKIES);
	// set it whenever Beian is served over HTTPS.
	SecureCookies bool

	SMTP SMTPConfig
	SMS  SMSConfig

	Password registry.PasswordPolicy // BEIAN_PASSWORD_*, BEIAN_LEGACY_PASSWORD
	// Filings limits 短信核验 per client and resends (BEIAN_SMS_VERIFY_PER_CLIENT,
	// BEIAN_SMS_RESEND_PER_NUMBER, BEIAN_SMS_RESEND_PER_CLIENT; 0 for none).
	Filings  registry.FilingPolicy
	Accounts auth.Policy   // logins and sessions (not configurable yet)
	Notify   notify.Policy // BEIAN_SMS_PER_*, BEIAN_MESSAGE_ATTEMPTS
	Jobs     jobs.Policy   // BEIAN_JOBS_*
	Agent    AgentConfig   // the filing wizard (agent.go)
	Shells   ShellConfig   // BEIAN_SHELL_* (lifecycle.go)
}

// SMTPConfig is the mail server. Email is sent when Addr is set.
type SMTPConfig struct {
	Addr     string // BEIAN_SMTP_ADDR host:port
	From     string // BEIAN_SMTP_FROM
	User     string // BEIAN_SMTP_USER
	Password string // BEIAN_SMTP_PASSWORD
	TLS      string // BEIAN_SMTP_TLS: none, starttls (default), tls
}

// SMSConfig is the SMS gateway: SMPP 3.4 or a generic HTTP gateway.
type SMSConfig struct {
	Gateway string // BEIAN_SMS_GATEWAY: "", smpp, http

	SMPPAddr       string // BEIAN_SMS_SMPP_ADDR host:port
	SMPPSystemID   string // BEIAN_SMS_SMPP_SYSTEM_ID
	SMPPPassword   string // BEIAN_SMS_SMPP_PASSWORD
	SMPPSystemType string // BEIAN_SMS_SMPP_SYSTEM_TYPE
	SMPPSource     string // BEIAN_SMS_SMPP_SOURCE: source address (sender number)

	HTTPURL    string // BEIAN_SMS_HTTP_URL
	HTTPKey    string // BEIAN_SMS_HTTP_KEY
	HTTPSecret string // BEIAN_SMS_HTTP_SECRET
	HTTPSender string // BEIAN_SMS_HTTP_SENDER: signature, e.g. 【备案系统】
}

// DefaultConfig returns the defaults: an embedded SQLite store under ./data,
// 5 queries a second per client with bursts of 20, and each package's
// default policy.
func DefaultConfig() Config {
	return Config{
		Mode:       "all",
		Addr:       "127.0.0.1:8080",
		Data:       "./data",
		QueryRate:  5,
		QueryBurst: 20,
		LogLevel:   "info",
		SMTP:       SMTPConfig{TLS: "starttls"},
		Password:   registry.DefaultPasswordPolicy,
		Filings:    registry.DefaultFilingPolicy,
		Accounts:   auth.DefaultPolicy,
		Notify:     notify.DefaultPolicy,
		Jobs:       jobs.DefaultPolicy,
		Shells:     ShellConfig{Grace: registry.DefaultShellGrace, ScanEvery: registry.DefaultShellEvery},
	}
}

// DSN returns the database to open: the PostgreSQL URL or the SQLite file.
func (c Config) DSN() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return filepath.Join(c.Data, "beian.db")
}

// Validate checks combinations the flag parser cannot.
func (c Config) Validate() error {
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return errors.New("--database-url must be a postgres:// URL")
	}
	if c.QueryRate < 0 || c.QueryBurst < 0 {
		return errors.New("--query-rate and --query-burst must not be negative")
	}
	if math.IsNaN(c.QueryRate) || math.IsInf(c.QueryRate, 0) {
		return fmt.Errorf("--query-rate %v: want a number of queries per second, 0 for no limit", c.QueryRate)
	}
	if c.ProxyHops < 0 {
		return errors.New("--proxy-hops must not be negative")
	}
	if _, err := parseNetworks("--trusted-proxies", c.TrustedProxies); err != nil {
		return err
	}
	if _, err := parseNetworks("--metrics-allowed-networks", c.MetricsAllowedNetworks); err != nil {
		return err
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		return err
	}
	switch c.SMTP.TLS {
	case "", "none", "starttls", "tls":
	default:
		return fmt.Errorf("BEIAN_SMTP_TLS=%q: use none, starttls or tls", c.SMTP.TLS)
	}
	if c.SMTP.Addr != "" && c.SMTP.From == "" {
		return errors.New("BEIAN_SMTP_FROM is required with BEIAN_SMTP_ADDR")
	}
	switch c.SMS.Gateway {
	case "":
	case "smpp":
		if c.SMS.SMPPAddr == "" || c.SMS.SMPPSystemID == "" {
			return errors.New("BEIAN_SMS_GATEWAY=smpp needs BEIAN_SMS_SMPP_ADDR and BEIAN_SMS_SMPP_SYSTEM_ID")
		}
	case "http":
		if c.SMS.HTTPURL == "" || c.SMS.HTTPSecret == "" {
			return errors.New("BEIAN_SMS_GATEWAY=http needs BEIAN_SMS_HTTP_URL and BEIAN_SMS_HTTP_SECRET")
		}
	default:
		return fmt.Errorf("BEIAN_SMS_GATEWAY=%q: use smpp or http", c.SMS.Gateway)
	}
	if c.Password.Legacy != registry.LegacyAbolished && c.Password.Legacy != registry.LegacyVerify {
		return fmt.Errorf("BEIAN_LEGACY_PASSWORD=%q: use abolished or verify", c.Password.Legacy)
	}
	if c.Password.RecoverPerEntity < 0 || c.Password.RecoverPerClient < 0 || c.Password.FailuresBeforeLock < 0 ||
		c.Password.LockBase < 0 || c.Password.LockMax < c.Password.LockBase {
		return errors.New("BEIAN_PASSWORD_* limits must not be negative, and the lock maximum not below its base")
	}
	if f := c.Filings; f.VerifyPerClient.Limit < 0 || f.ResendPerNumber.Limit < 0 || f.ResendPerClient.Limit < 0 {
		return errors.New("BEIAN_SMS_VERIFY_PER_CLIENT and BEIAN_SMS_RESEND_PER_* must not be negative")
	}
	if l := c.Notify.Limits; l.PerMinute < 0 || l.PerHour < 0 || l.PerDay < 0 {
		return errors.New("SMS limits must not be negative")
	}
	if c.Notify.MaxAttempts < 1 {
		return errors.New("BEIAN_MESSAGE_ATTEMPTS must be at least 1")
	}
	if j := c.Jobs; j.Batch < 1 || j.Concurrency < 1 || j.Lease <= 0 || j.Poll <= 0 {
		return errors.New("BEIAN_JOBS_BATCH and BEIAN_JOBS_CONCURRENCY must be at least 1, BEIAN_JOBS_LEASE and BEIAN_JOBS_POLL positive")
	}
	if err := c.Shells.validate(); err != nil {
		return err
	}
	if err := c.validateMode(); err != nil {
		return err
	}
	return c.validateRetention()
}

// parseNetworks reads a comma-separated list of CIDR prefixes; a bare
// address stands for itself alone.
func parseNetworks(flag, list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if a, err := netip.ParseAddr(f); err == nil {
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not a network (CIDR) or an address", flag, f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
