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
	"time"

	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
	"github.com/prometheus/client_golang/prometheus"
)

// runServe runs the server until ctx ends. ready, when not nil, receives the
// listening address once the server accepts connections (for tests).
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string, ready func(addr string)) error {
	c := DefaultConfig()
	fs, env := flagSet("serve", &c, stderr, getenv)
	fs.StringVar(&c.Addr, "addr", env.str("BEIAN_ADDR", c.Addr), "listen address HOST:PORT (env BEIAN_ADDR)")
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
	passwordEnv(&c, env)
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("serve takes no arguments, got %q", fs.Args())}
	}
	if c.Demo {
		c.Dev = true
	}
	if err := c.Validate(); err != nil {
		return usageError{err.Error()}
	}
	logger := newLogger(stderr, c.LogLevel)

	db, err := store.Open(ctx, c.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	logger.Info("store open", "engine", db.Engine())

	notifier, worker, closeGateways, err := notifications(c, db, logger)
	if err != nil {
		return err
	}
	defer closeGateways()
	accounts := &auth.Accounts{DB: db, Policy: auth.DefaultPolicy, Notifier: notifier}
	if c.Demo {
		if err := loadDemo(ctx, db, notifier, stdout); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		if err := demoAccounts(ctx, accounts, stdout); err != nil {
			return fmt.Errorf("demo accounts: %w", err)
		}
	}
	metrics := notify.NewMetrics(db)
	worker.Observe = metrics.Observe

	srv := &beianhttp.Server{
		Registry:      &registry.Registry{DB: db},
		Accounts:      accounts,
		SecureCookies: c.SecureCookies,
		Passwords: &registry.Passwords{DB: db, Notifier: notifier, Policy: registry.PasswordPolicy{
			RecoverPerEntity:   c.Password.RecoverPerEntity,
			RecoverPerClient:   c.Password.RecoverPerClient,
			FailuresBeforeLock: c.Password.FailuresBeforeLock,
			LockBase:           c.Password.LockBase,
			LockMax:            c.Password.LockMax,
			Legacy:             c.Password.Legacy,
		}},
		Messages:   db,
		Dev:        c.Dev,
		Collectors: []prometheus.Collector{metrics},
		Logger:     logger,
		Ready:      db.Ping,
		QueryRate:  c.QueryRate,
		QueryBurst: c.QueryBurst,
		TrustProxy: c.TrustProxy,
		ProxyHops:  c.ProxyHops,
	}
	// Validate has checked both lists.
	srv.TrustedProxies, _ = parseNetworks("--trusted-proxies", c.TrustedProxies)
	srv.MetricsAllowedNetworks, _ = parseNetworks("--metrics-allowed-networks", c.MetricsAllowedNetworks)
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          nil,
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	logger.Info("listening", "addr", "http://"+ln.Addr().String())
	if ready != nil {
		ready(ln.Addr().String())
	}

	if c.DebugAddr != "" {
		go serveDebug(c.DebugAddr, logger)
	}

	// The worker stops after the HTTP server, so messages enqueued by the
	// last requests are still attempted; whatever is left stays queued in
	// the store for the next start.
	wctx, stopWorker := context.WithCancel(context.WithoutCancel(ctx))
	workerDone := make(chan struct{})
	go func() { worker.Run(wctx); close(workerDone) }()
	defer func() { stopWorker(); <-workerDone }()

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
