package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/filestore"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/realperson"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/s3store"
	"github.com/beianhq/beian/store"
)

// AgentConfig configures the filing wizard: where materials are stored,
// which real-person verification runs, and the qualifying rules.
type AgentConfig struct {
	// MaterialsDir holds uploaded materials on the filesystem
	// (BEIAN_MATERIALS_DIR; default DATA/materials) unless S3 is set.
	MaterialsDir string
	// S3 stores materials in a bucket when its Endpoint is set
	// (BEIAN_S3_ENDPOINT, _BUCKET, _ACCESS_KEY, _SECRET_KEY, _REGION, _TLS,
	// _PREFIX).
	S3 s3store.Config
	// RealPersonURL and RealPersonSecret select the HTTP real-person
	// provider (BEIAN_REALPERSON_URL, _SECRET, _NAME); manual otherwise.
	RealPersonURL, RealPersonSecret, RealPersonName string
	MaxUploadMB                                     int // BEIAN_MAX_UPLOAD_MB, default 5
	MinImageSide                                    int // BEIAN_MIN_IMAGE_SIDE, default 0 (any)
	MinDaysLeft                                     int // BEIAN_PRODUCT_MIN_DAYS, default 90
	MaxServicesPerIP                                int // BEIAN_PRODUCT_MAX_SERVICES_PER_IP, default 5
	// CalendarFile and ProvinceRulesFile override days of the embedded
	// working-day calendar and rows of the province rules, in their files'
	// format (BEIAN_CALENDAR_FILE, BEIAN_PROVINCE_RULES_FILE).
	CalendarFile, ProvinceRulesFile string
}

// agentEnv reads the wizard's settings from the environment.
func agentEnv(c *Config, env *envErrors) {
	a := &c.Agent
	a.MaterialsDir = env.str("BEIAN_MATERIALS_DIR", a.MaterialsDir)
	a.S3 = s3store.Config{
		Endpoint:  env.str("BEIAN_S3_ENDPOINT", ""),
		Bucket:    env.str("BEIAN_S3_BUCKET", "beian-materials"),
		AccessKey: env.str("BEIAN_S3_ACCESS_KEY", ""),
		SecretKey: env.str("BEIAN_S3_SECRET_KEY", ""),
		Region:    env.str("BEIAN_S3_REGION", ""),
		TLS:       env.boolean("BEIAN_S3_TLS", true),
		Prefix:    env.str("BEIAN_S3_PREFIX", "materials/"),
	}
	a.RealPersonURL = env.str("BEIAN_REALPERSON_URL", "")
	a.RealPersonSecret = env.str("BEIAN_REALPERSON_SECRET", "")
	a.RealPersonName = env.str("BEIAN_REALPERSON_NAME", "http")
	a.MaxUploadMB = env.integer("BEIAN_MAX_UPLOAD_MB", int(beian.DefaultUploadLimits.MaxBytes>>20))
	a.MinImageSide = env.integer("BEIAN_MIN_IMAGE_SIDE", beian.DefaultUploadLimits.MinSide)
	a.MinDaysLeft = env.integer("BEIAN_PRODUCT_MIN_DAYS", beian.DefaultProductPolicy.MinDaysLeft)
	a.CalendarFile = env.str("BEIAN_CALENDAR_FILE", "")
	a.ProvinceRulesFile = env.str("BEIAN_PROVINCE_RULES_FILE", "")
	a.MaxServicesPerIP = env.integer("BEIAN_PRODUCT_MAX_SERVICES_PER_IP", beian.DefaultProductPolicy.MaxServicesPerIP)
}

// settings lists the wizard's part of the printed configuration.
func (a AgentConfig) settings() []setting {
	i := strconv.Itoa
	return []setting{
		{"BEIAN_MATERIALS_DIR", a.MaterialsDir},
		{"BEIAN_S3_ENDPOINT", a.S3.Endpoint},
		{"BEIAN_S3_BUCKET", a.S3.Bucket},
		{"BEIAN_S3_ACCESS_KEY", a.S3.AccessKey},
		{"BEIAN_S3_SECRET_KEY", secret(a.S3.SecretKey)},
		{"BEIAN_S3_REGION", a.S3.Region},
		{"BEIAN_S3_TLS", strconv.FormatBool(a.S3.TLS)},
		{"BEIAN_S3_PREFIX", a.S3.Prefix},
		{"BEIAN_REALPERSON_URL", redactURL(a.RealPersonURL)},
		{"BEIAN_REALPERSON_SECRET", secret(a.RealPersonSecret)},
		{"BEIAN_REALPERSON_NAME", a.RealPersonName},
		{"BEIAN_MAX_UPLOAD_MB", i(a.MaxUploadMB)},
		{"BEIAN_MIN_IMAGE_SIDE", i(a.MinImageSide)},
		{"BEIAN_PRODUCT_MIN_DAYS", i(a.MinDaysLeft)},
		{"BEIAN_PRODUCT_MAX_SERVICES_PER_IP", i(a.MaxServicesPerIP)},
		{"BEIAN_CALENDAR_FILE", a.CalendarFile},
		{"BEIAN_PROVINCE_RULES_FILE", a.ProvinceRulesFile},
	}
}

// materialStore opens the configured material store.
func materialStore(ctx context.Context, c Config) (beian.MaterialStore, error) {
	if c.Agent.S3.Endpoint != "" {
		return s3store.New(ctx, c.Agent.S3)
	}
	dir := c.Agent.MaterialsDir
	if dir == "" {
		dir = filepath.Join(c.Data, "materials")
	}
	return filestore.New(dir)
}

// wireAgent builds the agent service of srv (over its registry and
// password flows), registers its jobs and exports its metrics.
func wireAgent(ctx context.Context, c Config, db *store.DB, n *notify.Notifier, runner *jobs.Runner, srv *beianhttp.Server) error {
	s, err := newAgent(ctx, c, db, n, srv.Registry, srv.Passwords)
	if err != nil {
		return err
	}
	s.RegisterJobs(runner)
	srv.Agent = s
	srv.Collectors = append(srv.Collectors, s.Metrics())
	return nil
}

func newAgent(ctx context.Context, c Config, db *store.DB, n *notify.Notifier, reg *registry.Registry, pw *registry.Passwords) (*agent.Service, error) {
	ms, err := materialStore(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("material store: %w", err)
	}
	s := agent.New(db, reg, n, ms)
	s.Passwords = pw
	if c.Agent.RealPersonURL != "" {
		if c.Agent.RealPersonSecret == "" {
			return nil, fmt.Errorf("BEIAN_REALPERSON_URL is set without BEIAN_REALPERSON_SECRET")
		}
		s.RealPerson = &realperson.Provider{Name: c.Agent.RealPersonName, URL: c.Agent.RealPersonURL, Secret: []byte(c.Agent.RealPersonSecret)}
	}
	if err := overrideRules(s, c.Agent); err != nil {
		return nil, err
	}
	if c.Agent.MaxUploadMB > 0 {
		s.Uploads.MaxBytes = int64(c.Agent.MaxUploadMB) << 20
	}
	if c.Agent.MinImageSide > 0 {
		s.Uploads.MinSide = c.Agent.MinImageSide
	}
	if c.Agent.MinDaysLeft > 0 {
		s.ProductRules.MinDaysLeft = c.Agent.MinDaysLeft
	}
	if c.Agent.MaxServicesPerIP > 0 {
		s.ProductRules.MaxServicesPerIP = c.Agent.MaxServicesPerIP
	}
	return s, nil
}

// overrideRules applies the operator's calendar and province-rule files.
func overrideRules(s *agent.Service, a AgentConfig) error {
	if a.CalendarFile != "" {
		b, err := os.ReadFile(a.CalendarFile)
		if err != nil {
			return fmt.Errorf("BEIAN_CALENDAR_FILE: %w", err)
		}
		if s.Calendar, err = s.Calendar.WithOverride(b); err != nil {
			return fmt.Errorf("BEIAN_CALENDAR_FILE %s: %w", a.CalendarFile, err)
		}
	}
	if a.ProvinceRulesFile != "" {
		b, err := os.ReadFile(a.ProvinceRulesFile)
		if err != nil {
			return fmt.Errorf("BEIAN_PROVINCE_RULES_FILE: %w", err)
		}
		if s.ProvinceRules, err = s.ProvinceRules.WithOverride(b); err != nil {
			return fmt.Errorf("BEIAN_PROVINCE_RULES_FILE %s: %w", a.ProvinceRulesFile, err)
		}
	}
	return nil
}

// parseExpires reads a product's last day, YYYY-MM-DD in Asia/Shanghai.
func parseExpires(s string) (time.Time, error) {
	return time.ParseInLocation(time.DateOnly, s, beian.Shanghai)
}
