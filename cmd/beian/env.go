package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"
)

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
		Addr:     env.str("BEIAN_SMTP_ADDR", c.SMTP.Addr),
		From:     env.str("BEIAN_SMTP_FROM", c.SMTP.From),
		User:     env.str("BEIAN_SMTP_USER", c.SMTP.User),
		Password: env.str("BEIAN_SMTP_PASSWORD", c.SMTP.Password),
		TLS:      env.str("BEIAN_SMTP_TLS", c.SMTP.TLS),
	}
	c.SMS = SMSConfig{
		Gateway:        env.str("BEIAN_SMS_GATEWAY", c.SMS.Gateway),
		SMPPAddr:       env.str("BEIAN_SMS_SMPP_ADDR", c.SMS.SMPPAddr),
		SMPPSystemID:   env.str("BEIAN_SMS_SMPP_SYSTEM_ID", c.SMS.SMPPSystemID),
		SMPPPassword:   env.str("BEIAN_SMS_SMPP_PASSWORD", c.SMS.SMPPPassword),
		SMPPSystemType: env.str("BEIAN_SMS_SMPP_SYSTEM_TYPE", c.SMS.SMPPSystemType),
		SMPPSource:     env.str("BEIAN_SMS_SMPP_SOURCE", c.SMS.SMPPSource),
		HTTPURL:        env.str("BEIAN_SMS_HTTP_URL", c.SMS.HTTPURL),
		HTTPKey:        env.str("BEIAN_SMS_HTTP_KEY", c.SMS.HTTPKey),
		HTTPSecret:     env.str("BEIAN_SMS_HTTP_SECRET", c.SMS.HTTPSecret),
		HTTPSender:     env.str("BEIAN_SMS_HTTP_SENDER", c.SMS.HTTPSender),
	}
}

// policyEnv reads the tunable parts of the packages' policies; the defaults
// are theirs.
func policyEnv(c *Config, env *envErrors) {
	f := &c.Filings
	f.VerifyPerClient.Limit = env.integer("BEIAN_SMS_VERIFY_PER_CLIENT", f.VerifyPerClient.Limit)
	f.ResendPerNumber.Limit = env.integer("BEIAN_SMS_RESEND_PER_NUMBER", f.ResendPerNumber.Limit)
	f.ResendPerClient.Limit = env.integer("BEIAN_SMS_RESEND_PER_CLIENT", f.ResendPerClient.Limit)
	p := &c.Password
	p.RecoverPerEntity = env.integer("BEIAN_PASSWORD_RECOVER_PER_ENTITY", p.RecoverPerEntity)
	p.RecoverPerClient = env.integer("BEIAN_PASSWORD_RECOVER_PER_CLIENT", p.RecoverPerClient)
	p.FailuresBeforeLock = env.integer("BEIAN_PASSWORD_FAILURES", p.FailuresBeforeLock)
	p.LockBase = env.duration("BEIAN_PASSWORD_LOCK", p.LockBase)
	p.LockMax = env.duration("BEIAN_PASSWORD_LOCK_MAX", p.LockMax)
	p.Legacy = env.str("BEIAN_LEGACY_PASSWORD", p.Legacy)

	n := &c.Notify
	n.Limits.PerMinute = env.integer("BEIAN_SMS_PER_MINUTE", n.Limits.PerMinute)
	n.Limits.PerHour = env.integer("BEIAN_SMS_PER_HOUR", n.Limits.PerHour)
	n.Limits.PerDay = env.integer("BEIAN_SMS_PER_DAY", n.Limits.PerDay)
	n.MaxAttempts = env.integer("BEIAN_MESSAGE_ATTEMPTS", n.MaxAttempts)

	j := &c.Jobs
	j.Batch = env.integer("BEIAN_JOBS_BATCH", j.Batch)
	j.Concurrency = env.integer("BEIAN_JOBS_CONCURRENCY", j.Concurrency)
	j.Lease = env.duration("BEIAN_JOBS_LEASE", j.Lease)
	j.Poll = env.duration("BEIAN_JOBS_POLL", j.Poll)
	retentionEnv(c, env)
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
