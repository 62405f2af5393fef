package email

import (
	"errors"
	"net/textproto"

	gomail "github.com/wneessen/go-mail"
)

// ErrInvalidMessage is wrapped by Send when the Message itself is unusable
// (no or malformed recipient, empty text). Retrying cannot help, so
// IsPermanent reports true for it.
var ErrInvalidMessage = errors.New("email: invalid message")

// IsPermanent reports whether err is a permanent delivery failure that a
// retry cannot fix: a 5xx SMTP reply (unknown recipient, message rejected,
// authentication failed) or ErrInvalidMessage. Connection failures, TLS
// failures, timeouts, context cancellation and 4xx replies are temporary:
// it reports false and the caller should retry later.
func IsPermanent(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrInvalidMessage) {
		return true
	}
	code := replyCode(err)
	return code >= 500 && code <= 599
}

// replyCode returns the SMTP reply code carried by err (e.g. 451, 550),
// or 0 when the failure was not an SMTP reply (network error, timeout).
func replyCode(err error) int {
	var se *gomail.SendError
	if errors.As(err, &se) {
		if code := se.ErrorCode(); code != 0 {
			return code
		}
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code
	}
	return 0
}
