package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the binary, read once from flags and BEIAN_*
// environment variables (flags win).
type Config struct {
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
	DebugAddr              string // BEIAN_DEBUG_ADDR: pprof listener, off when empty
	// SecureCookies marks the session cookie Secure (BEIAN_SECURE_COOKIES);
	// set it whenever Beian is served over HTTPS.
	SecureCookies bool

	SMTP     SMTPConfig
	SMS      SMSConfig
	Password PasswordConfig
}

// PasswordConfig tunes the filing-password flows.
type PasswordConfig struct {
	RecoverPerEntity   int           // BEIAN_PASSWORD_RECOVER_PER_ENTITY: matched recoveries per entity a day (5)
	RecoverPerClient   int           // BEIAN_PASSWORD_RECOVER_PER_CLIENT: recovery requests per client a day (60)
	FailuresBeforeLock int           // BEIAN_PASSWORD_FAILURES: wrong passwords before a lock (5)
	LockBase           time.Duration // BEIAN_PASSWORD_LOCK: first lock, doubling (1m)
	LockMax            time.Duration // BEIAN_PASSWORD_LOCK_MAX: longest lock (24h)
	Legacy             string        // BEIAN_LEGACY_PASSWORD: abolished or verify
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

	PerMinute, PerHour, PerDay int // BEIAN_SMS_PER_MINUTE/HOUR/DAY: per-number limits
}

// DefaultConfig returns the defaults: an embedded SQLite store under ./data
// and 5 queries a second per client with bursts of 20.
func DefaultConfig() Config {
	return Config{
		Addr:       "127.0.0.1:8080",
		Data:       "./data",
		QueryRate:  5,
		QueryBurst: 20,
		LogLevel:   "info",
		Password: PasswordConfig{
			RecoverPerEntity: 5, RecoverPerClient: 60, FailuresBeforeLock: 5,
			LockBase: time.Minute, LockMax: 24 * time.Hour, Legacy: "abolished",
		},
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
	if c.Password.Legacy != "abolished" && c.Password.Legacy != "verify" {
		return fmt.Errorf("BEIAN_LEGACY_PASSWORD=%q: use abolished or verify", c.Password.Legacy)
	}
	if c.Password.RecoverPerEntity < 0 || c.Password.RecoverPerClient < 0 || c.Password.FailuresBeforeLock < 0 ||
		c.Password.LockBase < 0 || c.Password.LockMax < c.Password.LockBase {
		return errors.New("BEIAN_PASSWORD_* limits must not be negative, and the lock maximum not below its base")
	}
	if c.SMS.PerMinute < 0 || c.SMS.PerHour < 0 || c.SMS.PerDay < 0 {
		return errors.New("SMS limits must not be negative")
	}
	return nil
}

// flagSet declares the flags of a command, with environment defaults.
func flagSet(name string, c *Config, stderr io.Writer, getenv func(string) string) (*flag.FlagSet, *envErrors) {
	fs := flag.NewFlagSet("beian "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs, &envErrors{getenv: getenv}
}

// envErrors reads BEIAN_* variables, remembering the first malformed one.
type envErrors struct {
	getenv func(string) string
	err    error
}

func (e *envErrors) str(key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}

func (e *envErrors) boolean(key string, def bool) bool {
	v := e.getenv(key)
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil && e.err == nil {
		e.err = fmt.Errorf("%s: %q is not a boolean", key, v)
	}
	return b
}

func (e *envErrors) float(key string, def float64) float64 {
	v := e.getenv(key)
	if v == "" {
		return def
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil && e.err == nil {
		e.err = fmt.Errorf("%s: %q is not a number", key, v)
	}
	return f
}

func (e *envErrors) integer(key string, def int) int {
	v := e.getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil && e.err == nil {
		e.err = fmt.Errorf("%s: %q is not an integer", key, v)
	}
	return n
}

// gatewayEnv reads the mail and SMS gateway settings, which come from the
// environment only: they carry secrets, which do not belong on a command line.
func gatewayEnv(c *Config, env *envErrors) {
	c.SMTP = SMTPConfig{
		Addr:     env.str("BEIAN_SMTP_ADDR", ""),
		From:     env.str("BEIAN_SMTP_FROM", ""),
		User:     env.str("BEIAN_SMTP_USER", ""),
		Password: env.str("BEIAN_SMTP_PASSWORD", ""),
		TLS:      env.str("BEIAN_SMTP_TLS", "starttls"),
	}
	c.SMS = SMSConfig{
		Gateway:        env.str("BEIAN_SMS_GATEWAY", ""),
		SMPPAddr:       env.str("BEIAN_SMS_SMPP_ADDR", ""),
		SMPPSystemID:   env.str("BEIAN_SMS_SMPP_SYSTEM_ID", ""),
		SMPPPassword:   env.str("BEIAN_SMS_SMPP_PASSWORD", ""),
		SMPPSystemType: env.str("BEIAN_SMS_SMPP_SYSTEM_TYPE", ""),
		SMPPSource:     env.str("BEIAN_SMS_SMPP_SOURCE", ""),
		HTTPURL:        env.str("BEIAN_SMS_HTTP_URL", ""),
		HTTPKey:        env.str("BEIAN_SMS_HTTP_KEY", ""),
		HTTPSecret:     env.str("BEIAN_SMS_HTTP_SECRET", ""),
		HTTPSender:     env.str("BEIAN_SMS_HTTP_SENDER", ""),
		PerMinute:      env.integer("BEIAN_SMS_PER_MINUTE", 1),
		PerHour:        env.integer("BEIAN_SMS_PER_HOUR", 5),
		PerDay:         env.integer("BEIAN_SMS_PER_DAY", 10),
	}
}

// passwordEnv reads the filing-password settings.
func passwordEnv(c *Config, env *envErrors) {
	p := &c.Password
	p.RecoverPerEntity = env.integer("BEIAN_PASSWORD_RECOVER_PER_ENTITY", p.RecoverPerEntity)
	p.RecoverPerClient = env.integer("BEIAN_PASSWORD_RECOVER_PER_CLIENT", p.RecoverPerClient)
	p.FailuresBeforeLock = env.integer("BEIAN_PASSWORD_FAILURES", p.FailuresBeforeLock)
	p.LockBase = env.duration("BEIAN_PASSWORD_LOCK", p.LockBase)
	p.LockMax = env.duration("BEIAN_PASSWORD_LOCK_MAX", p.LockMax)
	p.Legacy = env.str("BEIAN_LEGACY_PASSWORD", p.Legacy)
}

func (e *envErrors) duration(key string, def time.Duration) time.Duration {
	v := e.getenv(key)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil && e.err == nil {
		e.err = fmt.Errorf("%s: %q is not a duration (e.g. 90s, 5m, 1h)", key, v)
	}
	return d
}

// storeFlags declares the flags that choose the store.
func storeFlags(fs *flag.FlagSet, c *Config, env *envErrors) {
	fs.StringVar(&c.Data, "data", env.str("BEIAN_DATA", c.Data), "directory of the SQLite database (env BEIAN_DATA)")
	fs.StringVar(&c.DatabaseURL, "database-url", env.str("BEIAN_DATABASE_URL", c.DatabaseURL), "PostgreSQL URL; SQLite under --data when empty (env BEIAN_DATABASE_URL)")
}

// parseFlags parses args and turns flag problems into usage errors. Flags
// may also follow the positional arguments ("import FILE --skip-invalid"),
// which the flag package alone would take for arguments; after "--" all is
// positional. The positional arguments are then in fs.Args().
func parseFlags(fs *flag.FlagSet, env *envErrors, args []string) error {
	if env.err != nil {
		return usageError{env.err.Error()}
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitError(0)
			}
			return usageError{err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	// Leave the positional arguments where fs.Args() finds them.
	return fs.Parse(append([]string{"--"}, positional...))
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("log level %q: use debug, info, warn or error", s)
	}
	return l, nil
}

func newLogger(w io.Writer, level string) *slog.Logger {
	l, _ := parseLevel(level)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// shutdownTimeout bounds a graceful stop.
const shutdownTimeout = 10 * time.Second

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
