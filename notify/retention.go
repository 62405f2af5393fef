package notify

// PasswordTemplates are the templates whose text carries a password; their
// bodies are redacted after Policy.PasswordBodyRetention.
var PasswordTemplates = []string{PasswordIssued{}.template(), PasswordReset{}.template()}

// RedactedBody replaces the text of such a message once it is past its
// retention.
const RedactedBody = "（此消息含密码，已过保留期限，正文已删除）"
