package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
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
	TrustProxy  bool    // BEIAN_TRUST_PROXY: count clients by X-Forwarded-For
	LogLevel    string  // BEIAN_LOG_LEVEL: debug, info, warn, error
	SkipInvalid bool    // import only
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
	if _, err := parseLevel(c.LogLevel); err != nil {
		return err
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

// storeFlags declares the flags that choose the store.
func storeFlags(fs *flag.FlagSet, c *Config, env *envErrors) {
	fs.StringVar(&c.Data, "data", env.str("BEIAN_DATA", c.Data), "directory of the SQLite database (env BEIAN_DATA)")
	fs.StringVar(&c.DatabaseURL, "database-url", env.str("BEIAN_DATABASE_URL", c.DatabaseURL), "PostgreSQL URL; SQLite under --data when empty (env BEIAN_DATABASE_URL)")
}

// parseFlags parses args and turns flag problems into usage errors.
func parseFlags(fs *flag.FlagSet, env *envErrors, args []string) error {
	if env.err != nil {
		return usageError{env.err.Error()}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitError(0)
		}
		return usageError{err.Error()}
	}
	return nil
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
