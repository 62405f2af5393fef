package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"syscall"
	"time"

	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
	"github.com/prometheus/client_golang/prometheus"
)

// runServe runs the server until ctx ends: it parses the configuration,
// takes the listening address before anything else (so a busy port is
// reported before the store is touched), wires the parts and serves.
// ready, when not nil, receives the listening address once the server is
// about to accept connections (for tests).
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string, ready func(addr string)) error {
	c, err := parseServe(args, stderr, getenv)
	if err != nil {
		return err
	}
	logger := newLogger(stderr, c.LogLevel)
	printConfig(stderr, c)
	ln, err := listen(c.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	logger.Info("listening", "addr", "http://"+ln.Addr().String())

	db, err := store.Open(ctx, c.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	logger.Info("store open", "engine", db.Engine())

	a, err := wire(ctx, c, db, logger, stdout)
	if err != nil {
		return err
	}
	defer a.close()
	if ready != nil {
		ready(ln.Addr().String())
	}
	return serve(ctx, c, a, ln, logger)
}

// parseServe reads the flags and environment of serve.
func parseServe(args []string, stderr io.Writer, getenv func(string) string) (Config, error) {
	c := DefaultConfig()
	fs, env := flagSet("serve", &c, stderr, getenv)
	fs.StringVar(&c.Addr, "addr", env.str("BEIAN_ADDR", c.Addr), "listen address HOST:PORT (env BEIAN_ADDR)")
	modeEnv(&c, env)
	fs.StringVar(&c.Mode, "mode", c.Mode, "all (both halves), registry (the regulator's alone) or agent (a provider's alone, filing with --registry-url) (env BEIAN_MODE)")
	fs.StringVar(&c.Registry.URL, "registry-url", c.Registry.URL, "--mode agent: the registry's provider API, https://… (env BEIAN_REGISTRY_URL)")
	fs.StringVar(&c.Registry.Key, "registry-key", c.Registry.Key, "--mode agent: the provider API key from `beian provider add`; prefer the environment (env BEIAN_REGISTRY_KEY)")
	fs.StringVar(&c.Registry.PublicURL, "registry-public-url", c.Registry.PublicURL, "--mode agent: the registry's pages for applicants, when not --registry-url (env BEIAN_REGISTRY_PUBLIC_URL)")
	storeFlags(fs, &c, env)
	fs.BoolVar(&c.Dev, "dev", env.boolean("BEIAN_DEV", false), "development mode: unsent notifications go to the dev outbox (env BEIAN_DEV)")
	fs.BoolVar(&c.Demo, "demo", env.boolean("BEIAN_DEMO", false), "implies --dev; fills an empty store with demo data (env BEIAN_DEMO)")
	fs.Float64Var(&c.QueryRate, "query-rate", env.float("BEIAN_QUERY_RATE", c.QueryRate), "public queries per second per client, 0 for no limit (env BEIAN_QUERY_RATE)")
	fs.IntVar(&c.QueryBurst, "query-burst", env.integer("BEIAN_QUERY_BURST", c.QueryBurst), "public queries a client may send at once (env BEIAN_QUERY_BURST)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", env.boolean("BEIAN_TRUST_PROXY", false), "one proxy in front: count clients by the address it appends to X-Forwarded-For, as --proxy-hops 1 (env BEIAN_TRUST_PROXY)")
	fs.IntVar(&c.ProxyHops, "proxy-hops", env.integer("BEIAN_PROXY_HOPS", 0), "proxies in front: the client is the address the outermost appended to X-Forwarded-For (env BEIAN_PROXY_HOPS)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", env.str("BEIAN_TRUSTED_PROXIES", ""), "CIDR,... of proxies skipped from the right of X-Forwarded-For (env BEIAN_TRUSTED_PROXIES)")
	fs.StringVar(&c.MetricsAllowedNetworks, "metrics-allowed-networks", env.str("BEIAN_METRICS_ALLOWED_NETWORKS", ""), "CIDR,... that may read /metrics; loopback only when empty (env BEIAN_METRICS_ALLOWED_NETWORKS)")
	fs.StringVar(&c.LogLevel, "log-level", env.str("BEIAN_LOG_LEVEL", c.LogLevel), "debug, info, warn or error (env BEIAN_LOG_LEVEL)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", env.boolean("BEIAN_SECURE_COOKIES", false), "mark the session cookie Secure; set it behind HTTPS (env BEIAN_SECURE_COOKIES)")
	fs.StringVar(&c.DebugAddr, "debug-addr", env.str("BEIAN_DEBUG_ADDR", ""), "serve /debug/pprof on this address; keep it private (env BEIAN_DEBUG_ADDR)")
	gatewayEnv(&c, env)
	policyEnv(&c, env)
	agentEnv(&c, env)
	shellEnv(&c, env)
	if err := parseFlags(fs, env, args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, usageError{fmt.Sprintf("serve takes no arguments, got %q", fs.Args())}
	}
	if c.Demo {
		c.Dev = true
	}
	if err := c.Validate(); err != nil {
		return c, usageError{err.Error()}
	}
	if err := checkAddr("--addr", c.Addr); err != nil {
		return c, err
	}
	if c.DebugAddr != "" {
		if err := checkAddr("--debug-addr", c.DebugAddr); err != nil {
			return c, err
		}
	}
	return c, nil
}

// checkAddr refuses, as a usage error, an address that is not HOST:PORT
// with a valid port; whether it can be bound is found out by listening.
func checkAddr(flag, addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err == nil {
		_, err = net.LookupPort("tcp", port)
	}
	if err != nil {
		return usageError{fmt.Sprintf("%s %q: want HOST:PORT, e.g. 127.0.0.1:8080", flag, addr)}
	}
	return nil
}

// listen binds addr, saying what to do when it is taken.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("address %s is already in use: stop what listens there, or choose another with --addr HOST:PORT (or BEIAN_ADDR)", addr)
	}
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w (choose another with --addr HOST:PORT)", addr, err)
	}
	return ln, nil
}

// app is the wired server: its HTTP handler and its job runner.
type app struct {
	handler http.Handler
	runner  *jobs.Runner
	close   func()
}

// wire builds the notifier, the job runner with its handlers, the services
// and the HTTP server, and loads the demo when asked.
func wire(ctx context.Context, c Config, db *store.DB, logger *slog.Logger, stdout io.Writer) (*app, error) {
	notifier, delivery, closeGateways, err := notifications(c, db, logger)
	if err != nil {
		return nil, err
	}
	runner := &jobs.Runner{DB: db, Policy: c.Jobs, Logger: logger}
	runner.Handle(notify.JobKind, delivery.Handle)
	if err := scheduleRetention(ctx, c, db, runner); err != nil {
		closeGateways()
		return nil, fmt.Errorf("retention jobs: %w", err)
	}
	notifier.Wake = runner.Wake
	messageMetrics, jobMetrics := notify.NewMetrics(db), jobs.NewMetrics(db)
	delivery.Observe, runner.Observe = messageMetrics.Observe, jobMetrics.Observe

	accounts := &auth.Accounts{DB: db, Policy: c.Accounts, Notifier: notifier}
	if c.Demo {
		if err := loadDemo(ctx, db, notifier, stdout); err != nil {
			closeGateways()
			return nil, fmt.Errorf("demo data: %w", err)
		}
		if err := demoAccounts(ctx, accounts, stdout); err != nil {
			closeGateways()
			return nil, fmt.Errorf("demo accounts: %w", err)
		}
	}
	mode := beianhttp.Mode(c.Mode)
	srv := &beianhttp.Server{
		Mode:          mode,
		Registry:      &registry.Registry{DB: db, Cache: queryCache(ctx, db, logger)},
		Accounts:      accounts,
		SecureCookies: c.SecureCookies,
		Passwords:     &registry.Passwords{DB: db, Notifier: notifier, Policy: c.Password},
		Messages:      db,
		Dev:           c.Dev,
		Collectors:    []prometheus.Collector{messageMetrics, jobMetrics},
		Logger:        logger,
		Ready:         db.Ping,
		QueryRate:     c.QueryRate,
		QueryBurst:    c.QueryBurst,
		TrustProxy:    c.TrustProxy,
		ProxyHops:     c.ProxyHops,
	}
	if err := wireHalves(ctx, c, db, notifier, runner, srv); err != nil {
		closeGateways()
		return nil, err
	}
	if c.Demo && srv.Agent != nil {
		if err := demoAgent(ctx, srv.Agent, db, stdout); err != nil {
			closeGateways()
			return nil, fmt.Errorf("demo applications: %w", err)
		}
	}
	// Validate has checked both lists.
	srv.TrustedProxies, _ = parseNetworks("--trusted-proxies", c.TrustedProxies)
	srv.MetricsAllowedNetworks, _ = parseNetworks("--metrics-allowed-networks", c.MetricsAllowedNetworks)
	return &app{handler: srv.Handler(), runner: runner, close: closeGateways}, nil
}

// serve runs the job runner and the HTTP server on ln until ctx ends, then
// stops them gracefully.
func serve(ctx context.Context, c Config, a *app, ln net.Listener, logger *slog.Logger) error {
	hs := &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	if c.DebugAddr != "" {
		go serveDebug(c.DebugAddr, logger)
	}

	// The runner stops after the HTTP server, so jobs enqueued by the last
	// requests are still attempted; whatever is left stays in the store for
	// the next start.
	rctx, stopRunner := context.WithCancel(context.WithoutCancel(ctx))
	runnerDone := make(chan struct{})
	go func() { a.runner.Run(rctx); close(runnerDone) }()
	defer func() { stopRunner(); <-runnerDone }()

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// serveDebug serves the pprof handlers on their own listener, never on the
// public one.
func serveDebug(addr string, logger *slog.Logger) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	logger.Info("debug listener", "addr", addr)
	if err := http.ListenAndServe(addr, mux); err != nil {
		logger.Error("debug listener", "err", err)
	}
}

// queryCache caches the public query's answers for as long as the database
// says the record has not changed (store.QueryWatch).
func queryCache(ctx context.Context, db *store.DB, logger *slog.Logger) *registry.QueryCache {
	return registry.NewQueryCache(db.WatchQueries(ctx, func(err error) {
		logger.Warn("query cache: listener lost, cache dropped until it listens again", "err", err)
	}))
}
