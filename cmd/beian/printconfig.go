package main

import (
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// masked stands in for a secret in the printed configuration.
const masked = "******"

// setting is one line of the printed configuration: the variable that sets
// it (or, for a policy without one, its field) and its effective value.
type setting struct{ name, value string }

// settings lists the effective configuration of serve, secrets masked.
func (c Config) settings() []setting {
	b := strconv.FormatBool
	i := strconv.Itoa
	d := time.Duration.String
	p, a, n, j := c.Password, c.Accounts, c.Notify, c.Jobs
	return append([]setting{
		{"BEIAN_ADDR", c.Addr},
		{"BEIAN_DATA", c.Data},
		{"BEIAN_DATABASE_URL", redactURL(c.DatabaseURL)},
		{"BEIAN_DEV", b(c.Dev)},
		{"BEIAN_DEMO", b(c.Demo)},
		{"BEIAN_QUERY_RATE", strconv.FormatFloat(c.QueryRate, 'g', -1, 64)},
		{"BEIAN_QUERY_BURST", i(c.QueryBurst)},
		{"BEIAN_TRUST_PROXY", b(c.TrustProxy)},
		{"BEIAN_PROXY_HOPS", i(c.ProxyHops)},
		{"BEIAN_TRUSTED_PROXIES", c.TrustedProxies},
		{"BEIAN_METRICS_ALLOWED_NETWORKS", c.MetricsAllowedNetworks},
		{"BEIAN_SECURE_COOKIES", b(c.SecureCookies)},
		{"BEIAN_LOG_LEVEL", c.LogLevel},
		{"BEIAN_DEBUG_ADDR", c.DebugAddr},
		{"BEIAN_SMTP_ADDR", c.SMTP.Addr},
		{"BEIAN_SMTP_FROM", c.SMTP.From},
		{"BEIAN_SMTP_USER", c.SMTP.User},
		{"BEIAN_SMTP_PASSWORD", secret(c.SMTP.Password)},
		{"BEIAN_SMTP_TLS", c.SMTP.TLS},
		{"BEIAN_SMS_GATEWAY", c.SMS.Gateway},
		{"BEIAN_SMS_SMPP_ADDR", c.SMS.SMPPAddr},
		{"BEIAN_SMS_SMPP_SYSTEM_ID", c.SMS.SMPPSystemID},
		{"BEIAN_SMS_SMPP_PASSWORD", secret(c.SMS.SMPPPassword)},
		{"BEIAN_SMS_SMPP_SYSTEM_TYPE", c.SMS.SMPPSystemType},
		{"BEIAN_SMS_SMPP_SOURCE", c.SMS.SMPPSource},
		{"BEIAN_SMS_HTTP_URL", redactURL(c.SMS.HTTPURL)},
		{"BEIAN_SMS_HTTP_KEY", c.SMS.HTTPKey},
		{"BEIAN_SMS_HTTP_SECRET", secret(c.SMS.HTTPSecret)},
		{"BEIAN_SMS_HTTP_SENDER", c.SMS.HTTPSender},
		{"BEIAN_SMS_PER_MINUTE", i(n.Limits.PerMinute)},
		{"BEIAN_SMS_PER_HOUR", i(n.Limits.PerHour)},
		{"BEIAN_SMS_PER_DAY", i(n.Limits.PerDay)},
		{"BEIAN_MESSAGE_ATTEMPTS", i(n.MaxAttempts)},
		{"BEIAN_JOBS_BATCH", i(j.Batch)},
		{"BEIAN_JOBS_CONCURRENCY", i(j.Concurrency)},
		{"BEIAN_JOBS_LEASE", d(j.Lease)},
		{"BEIAN_JOBS_POLL", d(j.Poll)},
		{"jobs backoff", d(j.BackoffBase) + " doubling to " + d(j.BackoffMax)},
		{"BEIAN_PASSWORD_RECOVER_PER_ENTITY", i(p.RecoverPerEntity)},
		{"BEIAN_PASSWORD_RECOVER_PER_CLIENT", i(p.RecoverPerClient)},
		{"BEIAN_PASSWORD_FAILURES", i(p.FailuresBeforeLock)},
		{"BEIAN_PASSWORD_LOCK", d(p.LockBase)},
		{"BEIAN_PASSWORD_LOCK_MAX", d(p.LockMax)},
		{"BEIAN_LEGACY_PASSWORD", p.Legacy},
		{"login failures before lock", i(a.FailuresBeforeLock)},
		{"login lock", d(a.LockBase) + " doubling to " + d(a.LockMax)},
		{"login failures per client", i(a.ClientFailures)},
		{"session idle", d(a.Idle)},
		{"session absolute", d(a.Absolute)},
	}, append(append(c.retentionSettings(), c.Agent.settings()...), c.Shells.settings()...)...)
}

// printConfig writes the effective configuration, one setting a line.
func printConfig(w io.Writer, c Config) {
	fmt.Fprintln(w, "configuration:")
	for _, s := range c.settings() {
		fmt.Fprintf(w, "  %-34s %s\n", s.name, s.value)
	}
}

func secret(s string) string {
	if s == "" {
		return ""
	}
	return masked
}

// redactURL masks the password of a URL's user information; a URL that
// does not parse is masked whole, since it may hold one anywhere.
func redactURL(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return masked
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), masked)
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", masked)
		u.RawQuery = q.Encode()
	}
	// The mask is not a real password: show it as typed, not escaped.
	return strings.ReplaceAll(u.String(), url.QueryEscape(masked), masked)
}
