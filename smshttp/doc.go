// Package smshttp sends SMS notifications through a generic HTTP gateway
// (the BEIAN_SMS_HTTP_* settings) and lets gateway implementers verify
// the requests.
//
// # Wire format
//
// Every message is one HTTP request:
//
//	POST <BEIAN_SMS_HTTP_URL>
//	Content-Type: application/json
//	X-Beian-Key: <BEIAN_SMS_HTTP_KEY>
//	X-Beian-Timestamp: <unix seconds>
//	Idempotency-Key: <message id>
//	X-Beian-Signature: <hex(HMAC-SHA256(BEIAN_SMS_HTTP_SECRET, timestamp + "\n" + body))>
//
//	{"to":"13800000000","text":"【Beian】您的备案密码：…","id":"<message id>","sender":"【Beian】"}
//
// The body is UTF-8 JSON. "to" is the mobile number as given by the
// caller, "text" the message text. "id" is the stable idempotency key of
// the message: it is the same for every retry of one message, so a
// gateway should deliver each id at most once and answer a repeated id
// with the original result. "sender" is the configured sender id or
// signature. "id" (and the Idempotency-Key header) and "sender" are
// omitted when empty.
//
// The signature is the lower-case hex HMAC-SHA256, keyed with the shared
// secret, of the decimal X-Beian-Timestamp value, a line feed, and the
// exact body bytes. A gateway looks the secret up by X-Beian-Key, checks
// the signature and rejects timestamps too far from its clock (Verify
// does both). The Idempotency-Key header repeats "id" for gateways that
// deduplicate at the HTTP layer; the signed body is authoritative.
//
// Any 2xx status means the gateway accepted the message. Its body may be
// JSON carrying the gateway's own message id, {"id":"<gateway message
// id>"}, which Send returns; other bodies are ignored. The default client
// does not follow redirects. Any other status is an error (*StatusError): 4xx means the
// request can never succeed (permanent), except 408 and 429 which, like
// 5xx, other statuses and network errors, are temporary and retried. A
// Retry-After header on the answer is reported in StatusError.RetryAfter.
package smshttp
