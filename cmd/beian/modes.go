package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"

	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/registryhttp"
	"github.com/beianhq/beian/store"
)

// RegistryConfig is, for an agent that runs apart (--mode agent), the
// registry it files with over the provider API.
type RegistryConfig struct {
	URL string // BEIAN_REGISTRY_URL, e.g. https://registry.example.cn
	// Key is the provider API key `beian provider add` printed on the
	// registry (BEIAN_REGISTRY_KEY). It is sent as a bearer token, so URL
	// must be https unless the registry is on this host.
	Key string
	// PublicURL is where applicants reach the registry's pages (the query,
	// the filing password, 短信核验); URL when empty (BEIAN_REGISTRY_PUBLIC_URL).
	PublicURL string
	// PullEvery is how often the agent asks for its filings' changes
	// (BEIAN_REGISTRY_PULL_EVERY).
	PullEvery time.Duration
}

// defaultPullEvery keeps an applicant's timeline within seconds of the
// registry at one small request per period.
const defaultPullEvery = 10 * time.Second

func modeEnv(c *Config, env *envErrors) {
	c.Mode = env.str("BEIAN_MODE", c.Mode)
	c.Registry.URL = env.str("BEIAN_REGISTRY_URL", "")
	c.Registry.Key = env.str("BEIAN_REGISTRY_KEY", "")
	c.Registry.PublicURL = env.str("BEIAN_REGISTRY_PUBLIC_URL", "")
	c.Registry.PullEvery = env.duration("BEIAN_REGISTRY_PULL_EVERY", defaultPullEvery)
}

func (c Config) modeSettings() []setting {
	return []setting{
		{"BEIAN_MODE", c.Mode},
		{"BEIAN_REGISTRY_URL", redactURL(c.Registry.URL)},
		{"BEIAN_REGISTRY_KEY", secret(c.Registry.Key)},
		{"BEIAN_REGISTRY_PUBLIC_URL", c.Registry.PublicURL},
		{"BEIAN_REGISTRY_PULL_EVERY", c.Registry.PullEvery.String()},
	}
}

// validateMode checks the mode and what it needs: an agent apart needs its
// registry's address and key, the other modes take neither.
func (c Config) validateMode() error {
	m := beianhttp.Mode(c.Mode)
	if !m.Valid() {
		return fmt.Errorf("--mode %q: use all, registry or agent", c.Mode)
	}
	r := c.Registry
	if m != beianhttp.ModeAgent {
		if r.URL != "" || r.Key != "" {
			return errors.New("--registry-url and --registry-key are for --mode agent only")
		}
		return nil
	}
	if c.Demo {
		return errors.New("--demo runs both halves in one server: use it with --mode all (or registry), not agent")
	}
	if r.URL == "" || r.Key == "" {
		return errors.New("--mode agent needs --registry-url and --registry-key (a key made by `beian provider add` on the registry)")
	}
	if err := checkRegistryURL("--registry-url", r.URL, true); err != nil {
		return err
	}
	if r.PublicURL != "" {
		if err := checkRegistryURL("--registry-public-url", r.PublicURL, false); err != nil {
			return err
		}
	}
	if r.PullEvery < time.Second || r.PullEvery%time.Second != 0 {
		return errors.New("BEIAN_REGISTRY_PULL_EVERY must be whole seconds, at least 1s (e.g. 10s)")
	}
	return nil
}

// checkRegistryURL accepts an http(s) URL with a host; with a key to carry,
// plain http only to this host, as the key is a bearer token.
func checkRegistryURL(flag, raw string, carriesKey bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("%s %q: want an http(s) URL such as https://registry.example.cn", flag, raw)
	}
	if carriesKey && u.Scheme == "http" {
		if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return fmt.Errorf("%s %q: the provider key is sent with every request, so use https (plain http only to this host)", flag, raw)
		}
	}
	return nil
}

// wireRemoteRegistry makes the agent of srv file with the registry at
// c.Registry over its provider API, and pulls its filings' changes every
// period onto the applications (registry.ApplicationMirror, as one binary
// applies them in its own transactions).
func wireRemoteRegistry(ctx context.Context, c Config, db *store.DB, srv *beianhttp.Server, runner *jobs.Runner) error {
	client := &registryhttp.Client{URL: c.Registry.URL, Key: c.Registry.Key}
	srv.Agent.Registry = client
	srv.Agent.Passwords = nil // the legacy password is the registry's to check
	srv.RegistryURL = c.Registry.PublicURL
	if srv.RegistryURL == "" {
		srv.RegistryURL = c.Registry.URL
	}
	puller := &registryhttp.Puller{Client: client, DB: db, Observer: registry.ApplicationMirror{Notifier: srv.Agent.Notifier}}
	puller.Register(runner, c.Registry.PullEvery)
	return db.InTx(ctx, func(tx *store.Tx) error {
		_, err := jobs.Schedule(ctx, tx, registryhttp.PullJob, c.Registry.PullEvery, tx.Now())
		return err
	})
}
