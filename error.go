package beian

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. The set is small and closed; the http package maps each to one
// status in one place.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ERATELIMITED  = "rate_limited"
	EINTERNAL     = "internal"
)

// Error is an error the user may see. Message is Simplified Chinese and, when
// one field is at fault, starts with that field's name.
type Error struct {
	Code    string
	Field   string // JSON name of the field at fault, if any
	Message string
	// RetryAfter says when an ERATELIMITED request may be tried again.
	RetryAfter time.Duration
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EINVALID error for one field: "field: reason".
func FieldError(field string, reason error) *Error {
	return &Error{Code: EINVALID, Field: field, Message: field + ": " + reason.Error()}
}

// FieldErrorf is FieldError with a formatted reason.
func FieldErrorf(field, format string, args ...any) *Error {
	return FieldError(field, fmt.Errorf(format, args...))
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not an
// *Error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Internal errors never
// leak their text.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	}
	return "系统内部错误，请稍后重试"
}

// RetryAfter returns how long the client should wait before retrying err, or
// zero.
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}
