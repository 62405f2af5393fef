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
	return append(append(c.modeSettings(),
		setting{"BEIAN_ADDR", c.Addr},
		setting{"BEIAN_DATA", c.Data},
		setting{"BEIAN_DATABASE_URL", redactURL(c.DatabaseURL)},
		setting{"BEIAN_DEV", b(c.Dev)},
		setting{"BEIAN_DEMO", b(c.Demo)},
		setting{"BEIAN_QUERY_RATE", strconv.FormatFloat(c.QueryRate, 'g', -1, 64)},
		setting{"BEIAN_QUERY_BURST", i(c.QueryBurst)},
		setting{"BEIAN_TRUST_PROXY", b(c.TrustProxy)},
		setting{"BEIAN_PROXY_HOPS", i(c.ProxyHops)},
		setting{"BEIAN_TRUSTED_PROXIES", c.TrustedProxies},
		setting{"BEIAN_METRICS_ALLOWED_NETWORKS", c.MetricsAllowedNetworks},
		setting{"BEIAN_SECURE_COOKIES", b(c.SecureCookies)},
		setting{"BEIAN_LOG_LEVEL", c.LogLevel},
		setting{"BEIAN_DEBUG_ADDR", c.DebugAddr},
		setting{"BEIAN_SMTP_ADDR", c.SMTP.Addr},
		setting{"BEIAN_SMTP_FROM", c.SMTP.From},
		setting{"BEIAN_SMTP_USER", c.SMTP.User},
		setting{"BEIAN_SMTP_PASSWORD", secret(c.SMTP.Password)},
		setting{"BEIAN_SMTP_TLS", c.SMTP.TLS},
		setting{"BEIAN_SMS_GATEWAY", c.SMS.Gateway},
		setting{"BEIAN_SMS_SMPP_ADDR", c.SMS.SMPPAddr},
		setting{"BEIAN_SMS_SMPP_SYSTEM_ID", c.SMS.SMPPSystemID},
		setting{"BEIAN_SMS_SMPP_PASSWORD", secret(c.SMS.SMPPPassword)},
		setting{"BEIAN_SMS_SMPP_SYSTEM_TYPE", c.SMS.SMPPSystemType},
		setting{"BEIAN_SMS_SMPP_SOURCE", c.SMS.SMPPSource},
		setting{"BEIAN_SMS_HTTP_URL", redactURL(c.SMS.HTTPURL)},
		setting{"BEIAN_SMS_HTTP_KEY", c.SMS.HTTPKey},
		setting{"BEIAN_SMS_HTTP_SECRET", secret(c.SMS.HTTPSecret)},
		setting{"BEIAN_SMS_HTTP_SENDER", c.SMS.HTTPSender},
		setting{"BEIAN_SMS_PER_MINUTE", i(n.Limits.PerMinute)},
		setting{"BEIAN_SMS_PER_HOUR", i(n.Limits.PerHour)},
		setting{"BEIAN_SMS_PER_DAY", i(n.Limits.PerDay)},
		setting{"BEIAN_MESSAGE_ATTEMPTS", i(n.MaxAttempts)},
		setting{"BEIAN_JOBS_BATCH", i(j.Batch)},
		setting{"BEIAN_JOBS_CONCURRENCY", i(j.Concurrency)},
		setting{"BEIAN_JOBS_LEASE", d(j.Lease)},
		setting{"BEIAN_JOBS_POLL", d(j.Poll)},
		setting{"jobs backoff", d(j.BackoffBase) + " doubling to " + d(j.BackoffMax)},
		setting{"BEIAN_SMS_VERIFY_PER_CLIENT", i(c.Filings.VerifyPerClient.Limit) + " per " + d(c.Filings.VerifyPerClient.Window)},
		setting{"BEIAN_SMS_RESEND_PER_NUMBER", i(c.Filings.ResendPerNumber.Limit) + " per " + d(c.Filings.ResendPerNumber.Window)},
		setting{"BEIAN_SMS_RESEND_PER_CLIENT", i(c.Filings.ResendPerClient.Limit) + " per " + d(c.Filings.ResendPerClient.Window)},
		setting{"BEIAN_PASSWORD_RECOVER_PER_ENTITY", i(p.RecoverPerEntity)},
		setting{"BEIAN_PASSWORD_RECOVER_PER_CLIENT", i(p.RecoverPerClient)},
		setting{"BEIAN_PASSWORD_FAILURES", i(p.FailuresBeforeLock)},
		setting{"BEIAN_PASSWORD_LOCK", d(p.LockBase)},
		setting{"BEIAN_PASSWORD_LOCK_MAX", d(p.LockMax)},
		setting{"BEIAN_LEGACY_PASSWORD", p.Legacy},
		setting{"login failures before lock", i(a.FailuresBeforeLock)},
		setting{"login lock", d(a.LockBase) + " doubling to " + d(a.LockMax)},
		setting{"login failures per client", i(a.ClientFailures)},
		setting{"session idle", d(a.Idle)},
		setting{"session absolute", d(a.Absolute)},
	), append(append(c.retentionSettings(), c.Agent.settings()...), c.Shells.settings()...)...)
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
