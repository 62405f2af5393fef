// Package http serves Beian over HTTP: the JSON API under /api/v1 and the
// server-rendered pages, from one route table. Errors become status codes in
// one place (error.go).
package http

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/auth"
	"github.com/beianhq/beian/registry"
	"github.com/prometheus/client_golang/prometheus"
)

// Server holds the services the handlers call and the settings they use.
// Fill the fields, then call Handler.
type Server struct {
	Registry *registry.Registry
	// Passwords runs the filing-password flows.
	Passwords *registry.Passwords
	// Filings runs SMS verification and the bureau's review; nil serves
	// their routes as 404.
	Filings *registry.Filings
	// Messages lists sent messages for the dev outbox.
	Messages MessageFinder
	Logger   *slog.Logger
	// Dev serves the development pages (the dev outbox); they are 404
	// otherwise.
	Dev bool
	// Ready reports whether the server can answer (the database is up).
	Ready func(ctx context.Context) error
	// QueryRate and QueryBurst limit public queries per client: QueryRate
	// requests per second on average, QueryBurst at once. Zero disables.
	QueryRate  float64
	QueryBurst int
	// TrustProxy says one proxy stands in front: the client is the address
	// it appended to X-Forwarded-For. It is ProxyHops = 1.
	TrustProxy bool
	// ProxyHops is how many proxies stand in front; the client is the
	// address the outermost of them appended (counted from the right of
	// X-Forwarded-For).
	ProxyHops int
	// TrustedProxies are networks of proxies: addresses in them are skipped,
	// from the right of X-Forwarded-For, to find the client.
	TrustedProxies []netip.Prefix
	// MetricsAllowedNetworks may read /metrics; empty means loopback only.
	MetricsAllowedNetworks []netip.Prefix
	// Collectors are further Prometheus metrics to export.
	Collectors []prometheus.Collector
	// Accounts runs logins and sessions; nil serves only public routes.
	Accounts *auth.Accounts
	// Agent runs the filing wizard and the initial review; nil answers its
	// routes with 404.
	Agent *agent.Service
	// Shells runs the shell clean-up queue and sends the lifecycle notices;
	// nil answers the shell routes with 404 and sends none.
	Shells *registry.ShellCleanup
	// ProviderKeys and ProviderAPI serve the registry's provider API to
	// agents that run apart (/api/v1/registry/…); nil answers it with 404.
	ProviderKeys *registry.ProviderKeys
	ProviderAPI  *registry.ProviderAPI
	// Mode is the half of Beian served (ModeAll when empty): the routes of
	// the other half are unrouted.
	Mode Mode
	// RegistryURL is, for an agent apart (ModeAgent), the registry's public
	// address, where its pages' links to the query, the filing password and
	// 短信核验 go.
	RegistryURL string
	// SecureCookies marks the session cookie Secure (serve behind HTTPS).
	SecureCookies bool
	// Now returns the current time; tests replace it.
	Now func() time.Time

	metrics   *metrics
	templates *templates
	limiter   *limiter
	mux       *http.ServeMux
	// routeTable is routes(), kept for the navigation.
	routeTable []route
	gatherer   prometheus.Gatherer
	openAPI    []byte
}

// Handler returns the routed handler with its middleware.
func (s *Server) Handler() http.Handler {
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	s.templates = mustParseTemplates(s.Dev)
	s.templates.registryURL = strings.TrimRight(s.RegistryURL, "/")
	s.limiter = newLimiter(s.QueryRate, s.QueryBurst, s.Now)
	reg := prometheus.NewRegistry()
	reg.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	s.metrics = newMetrics(reg)
	s.gatherer = reg
	for _, c := range s.Collectors {
		reg.MustRegister(c)
	}

	mux := http.NewServeMux()
	var routes []route
	for _, rt := range s.routes() {
		if s.Mode.serves(rt.pattern) {
			routes = append(routes, rt)
		}
	}
	if err := checkAccess(routes); err != nil {
		panic(err)
	}
	s.openAPI = encodeOpenAPI(s.Mode.serves)
	s.routeTable = routes
	for _, rt := range routes {
		h := s.authorize(rt.access, s.serve(rt.handler))
		if rt.limited {
			h = s.rateLimit(h)
		}
		h = s.checkQuery(h)
		if noStore(rt) {
			h = cacheNoStore(h)
		}
		mux.Handle(rt.pattern, s.metrics.instrument(rt.pattern, h))
	}
	s.mux = mux
	// Every state-changing browser request must come from our own pages.
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, beian.Errorf(beian.EFORBIDDEN, "跨站请求被拒绝，请从本站页面提交"))
	}))
	return s.recoverPanic(securityHeaders(exceptBearer(csrf, s.authenticate(mux))))
}

// route is one entry of the route table.
type route struct {
	pattern string
	handler handler
	limited bool        // counted against the per-client query rate
	access  auth.Access // who may use it; required
}

// routes is the one route table of the server: what both halves serve,
// the agent's, the registry's, and the catch-all.
func (s *Server) routes() []route {
	return slices.Concat(s.commonRoutes(), s.agentRoutes(), s.filedRoutes(), s.registryRoutes(), []route{
		{"GET /api/v1/dev/outbox", s.handleAPIOutbox, false, auth.Public},
		{"GET /dev/outbox", s.handleOutboxPage, false, auth.Public},
		{"GET /static/{file}", s.handleStatic, false, auth.Public},
		{"/", s.handleUnrouted, false, auth.Public},
	})
}

// commonRoutes are health, metrics, the API document, the public query and
// the filing password, log-in, accounts and the administrators' pages
// (which half serves which is Mode's to say).
func (s *Server) commonRoutes() []route {
	return []route{
		{"GET /healthz", s.handleHealthz, false, auth.Public},
		{"GET /metrics", s.handleMetrics, false, auth.Public},
		{"GET /api/openapi.json", s.handleOpenAPI, false, auth.Public},
		{"GET /api/v1/query", s.handleAPIQuery, true, auth.Public},
		{"GET /{$}", s.handleHome, false, auth.Public},
		{"GET /query", s.handleQueryPage, true, auth.Public},
		{"GET /entities/{id}", s.handleEntityPage, true, auth.Public},
		{"POST /api/v1/password/recover", s.handleAPIRecover, true, auth.Public},
		{"POST /api/v1/password/change", s.handleAPIChange, true, auth.Public},
		{"GET /password/recover", s.handleRecoverPage, false, auth.Public},
		{"POST /password/recover", s.handleRecoverSubmit, true, auth.Public},
		{"GET /password/change", s.handleChangePage, false, auth.Public},
		{"POST /password/change", s.handleChangeSubmit, true, auth.Public},
		{"GET /login", s.handleLoginPage, false, auth.Public},
		{"POST /login", s.handleLoginSubmit, true, auth.Public},
		{"GET /signup", s.handleSignupPage, false, auth.Public},
		{"POST /signup/code", s.handleCodeRequest(false), true, auth.Public},
		{"POST /signup", s.handleSignupSubmit, true, auth.Public},
		{"GET /reset", s.handleResetPage, false, auth.Public},
		{"POST /reset/code", s.handleCodeRequest(true), true, auth.Public},
		{"POST /reset", s.handleResetSubmit, true, auth.Public},
		{"GET /login/totp", s.handleTOTPPage, false, auth.Public},
		{"POST /login/totp", s.handleTOTPSubmit, true, auth.Public},
		{"POST /api/v1/login", s.handleAPILogin, true, auth.Public},
		{"POST /api/v1/login/totp", s.handleAPITOTP, true, auth.Public},
		{"POST /api/v1/logout", s.handleAPILogout, false, auth.Authenticated},
		{"POST /logout", s.handleLogout, false, auth.Authenticated},
		{"GET /account", s.handleAccountPage, false, auth.Authenticated},
		{"POST /account/logout-all", s.handleLogoutAll, false, auth.Authenticated},
		{"POST /account/password", s.handleAccountPassword, true, auth.Authenticated},
		{"GET /account/totp", s.handleTOTPEnrolPage, false, auth.Authenticated},
		{"POST /account/totp", s.handleTOTPEnrolSubmit, true, auth.Authenticated},
		{"GET /api/v1/me", s.handleAPIMe, false, auth.Authenticated},
		{"GET /admin/accounts", s.handleAdminAccounts, false, auth.Admins},
		{"POST /admin/accounts", s.handleAdminCreateStaff, false, auth.Admins},
		{"POST /admin/accounts/{id}/status", s.handleAdminAccountStatus, false, auth.Admins},
		{"GET /admin/accounts/{id}", s.handleAdminAccountPage, false, auth.Admins},
		{"POST /admin/accounts/{id}/scope", s.handleAdminAccountScope, false, auth.Admins},
		{"POST /admin/accounts/{id}/password", s.handleAdminResetPassword, false, auth.Admins},
		{"POST /admin/accounts/{id}/totp", s.handleAdminResetTOTP, false, auth.Admins},
		{"GET /admin/audit", s.handleAdminAudit, false, auth.Admins},
		{"GET /admin/products", s.handleAdminProducts, false, auth.Admins},
		{"POST /admin/products", s.handleAdminAddProduct, false, auth.Admins},
	}
}

// agentRoutes are the provider's: products, the wizard, applications and
// the initial review.
func (s *Server) agentRoutes() []route {
	return []route{
		{"GET /api/v1/agent/products", s.handleAgentProducts, false, auth.Applicants},
		{"POST /api/v1/agent/products/{id}/authcode", s.handleAgentAuthCode, false, auth.Applicants},
		{"POST /api/v1/agent/type-check", s.handleAgentTypeCheck, false, auth.Applicants},
		{"POST /api/v1/agent/applications", s.handleAgentCreate, false, auth.Applicants},
		{"GET /api/v1/agent/applications", s.handleAgentList, false, auth.Agents},
		{"GET /api/v1/agent/applications/{id}", s.handleAgentGet, false, auth.Agents},
		{"PUT /api/v1/agent/applications/{id}", s.handleAgentUpdate, false, auth.Applicants},
		{"POST /api/v1/agent/applications/{id}/materials", s.handleAgentUpload, false, auth.Applicants},
		{"GET /api/v1/agent/applications/{id}/materials/{mid}", s.handleAgentMaterial, false, auth.Agents},
		{"POST /api/v1/agent/applications/{id}/submit", s.handleAgentStep(submitStep), false, auth.Applicants},
		{"POST /api/v1/agent/applications/{id}/withdraw", s.handleAgentStep(withdrawStep), false, auth.Applicants},
		{"POST /api/v1/agent/applications/{id}/abandon", s.handleAgentStep(abandonStep), false, auth.Applicants},
		{"POST /api/v1/agent/applications/{id}/review", s.handleAgentReview, false, auth.ProviderReviewers},
		{"GET /agent/applications", s.handleMyApplications, false, auth.Applicants},
		{"GET /agent/wizard", s.handleWizardStart, false, auth.Applicants},
		{"GET /agent/wizard/{step}", s.handleWizardPage, false, auth.Applicants},
		{"POST /agent/wizard/{step}", s.handleWizardSubmit, false, auth.Applicants},
		{"GET /agent/applications/{id}", s.handleApplicationPage, false, auth.Applicants},
		{"GET /agent/applications/{id}/wizard/{step}", s.handleWizardPage, false, auth.Applicants},
		{"POST /agent/applications/{id}/wizard/{step}", s.handleWizardSubmit, false, auth.Applicants},
		{"POST /agent/applications/{id}/materials", s.handleMaterialUpload, false, auth.Applicants},
		{"POST /agent/applications/{id}/submit", s.handleApplicationStep("submit"), false, auth.Applicants},
		{"POST /agent/applications/{id}/withdraw", s.handleApplicationStep("withdraw"), false, auth.Applicants},
		{"POST /agent/applications/{id}/abandon", s.handleApplicationStep("abandon"), false, auth.Applicants},
		{"GET /agent/products", s.handleProductsPage, false, auth.Applicants},
		{"POST /agent/products/{id}/authcode", s.handleProductAuthCode, false, auth.Applicants},
		{"GET /agent/review", s.handleReviewQueue, false, auth.ProviderReviewers},
		{"GET /agent/review/{id}", s.handleReviewPage, false, auth.ProviderReviewers},
		{"POST /agent/review/{id}", s.handleReviewSubmit, false, auth.ProviderReviewers},
	}
}

// registryRoutes are the regulator's: SMS verification, the bureau, the
// lifecycle and the provider API.
func (s *Server) registryRoutes() []route {
	return []route{
		{"POST /api/v1/sms-verify", s.needFilings(s.handleAPISMSVerify), true, auth.Public},
		{"POST /api/v1/sms-verify/resend", s.needFilings(s.handleAPISMSResend), true, auth.Public},
		{"GET /sms-verify", s.needFilings(s.handleSMSVerifyPage), false, auth.Public},
		{"POST /sms-verify", s.needFilings(s.handleSMSVerifySubmit), true, auth.Public},
		{"POST /sms-verify/resend", s.needFilings(s.handleSMSResendSubmit), true, auth.Public},
		{"GET /api/v1/bureau/filings", s.needFilings(s.handleAPIBureauFilings), false, auth.BureauReviewers},
		{"GET /api/v1/bureau/filings/{id}", s.needFilings(s.handleAPIBureauFiling), false, auth.BureauReviewers},
		{"POST /api/v1/bureau/filings/{id}/decision", s.needFilings(s.handleAPIBureauDecision), false, auth.BureauReviewers},
		{"GET /bureau", s.needFilings(s.handleBureauQueuePage), false, auth.BureauReviewers},
		{"GET /bureau/filings/{id}", s.needFilings(s.handleBureauFilingPage), false, auth.BureauReviewers},
		{"POST /bureau/filings/{id}/decision", s.needFilings(s.handleBureauDecisionSubmit), false, auth.BureauReviewers},
		{"GET /api/v1/bureau/blacklist", s.handleBlacklistList, false, auth.BureauStaff},
		{"POST /api/v1/bureau/blacklist", s.handleBlacklistAdd, false, auth.BureauStaff},
		{"POST /api/v1/bureau/blacklist/{id}/remove", s.handleBlacklistRemove, false, auth.BureauStaff},
		{"POST /api/v1/bureau/services/{licence}/limit-access", s.handleLimitAccess, false, auth.BureauReviewers},
		{"POST /api/v1/bureau/cancellations", s.handleBureauCancel, false, auth.BureauReviewers},
		{"GET /api/v1/bureau/shells", s.handleShellQueue, false, auth.BureauStaff},
		{"POST /api/v1/bureau/shells/{id}/decision", s.handleShellDecision, false, auth.BureauReviewers},
		{"GET /api/v1/bureau/entities/{id}/history", s.handleEntityHistory, false, auth.BureauStaff},
		{"GET /api/v1/agent/limited-services", s.handleLimitedServices, false, auth.ProviderReviewers},
		{"GET /bureau/blacklist", s.handleBlacklistPage, false, auth.BureauStaff},
		{"POST /bureau/blacklist", s.handleBlacklistPageAdd, false, auth.BureauStaff},
		{"POST /bureau/blacklist/{id}/remove", s.handleBlacklistPageRemove, false, auth.BureauStaff},
		{"GET /staff/entities/{id}", s.handleStaffEntity, false, auth.BureauStaff},
		{"GET /provider/limited", s.handleLimitedPage, false, auth.ProviderReviewers},
		{"POST /api/v1/registry/type-check", s.providerKey(s.handleRegistryTypeCheck), false, auth.ProviderKeys},
		{"POST /api/v1/registry/filings", s.providerKey(s.handleRegistrySubmit), false, auth.ProviderKeys},
		{"GET /api/v1/registry/changes", s.providerKey(s.handleRegistryChanges), false, auth.ProviderKeys},
		{"GET /api/v1/registry/entities/{licence}", s.providerKey(s.handleRegistryEntity), false, auth.ProviderKeys},
	}
}

// checkAccess refuses a route table with a route that declares no access level: the
// server does not start rather than serve an unguarded route.
func checkAccess(routes []route) error {
	for _, rt := range routes {
		if !rt.access.Defined() {
			return fmt.Errorf("http: route %q declares no access rule", rt.pattern)
		}
	}
	return nil
}

// RouteInfo describes a registered route, for the authorization tests.
type RouteInfo struct {
	Pattern string
	Access  auth.Access
}

// Routes lists the route table.
func (s *Server) Routes() []RouteInfo {
	var out []RouteInfo
	for _, rt := range s.routes() {
		out = append(out, RouteInfo{rt.pattern, rt.access})
	}
	return out
}

func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) error {
	if s.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.Ready(ctx); err != nil {
			s.Logger.Error("health check", "err", err)
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return nil
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
	return nil
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	home := "/query"
	if s.Mode == ModeAgent {
		home = "/agent/applications"
	}
	http.Redirect(w, r, home, http.StatusFound)
	return nil
}

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		next.ServeHTTP(w, r)
	})
}

// recoverPanic turns a panic in a handler into a logged 500, written like
// any other error (a page for a page, JSON for the API).
func (s *Server) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Logger.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				s.fail(w, r, errInternal)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
