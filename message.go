package beian

import "time"

// Channel is how a message reaches a person.
type Channel string

// Channels.
const (
	ChannelSMS   Channel = "sms"
	ChannelEmail Channel = "email"
)

// MessageState is where a message is on its way.
type MessageState string

// Message states. A message is queued until a gateway accepts it (sent), or
// kept in the dev outbox when no gateway is configured (outbox). Temporary
// failures are retried; a message that fails permanently or too often is
// dead. A send refused by the per-recipient limits is recorded as refused.
const (
	MessageQueued    MessageState = "queued"
	MessageSent      MessageState = "sent"
	MessageDelivered MessageState = "delivered" // a delivery receipt said so
	MessageFailed    MessageState = "failed"    // a receipt reported non-delivery
	MessageDead      MessageState = "dead"
	MessageRefused   MessageState = "refused"
	MessageOutbox    MessageState = "outbox"
)

// Message is one SMS or email with its delivery record.
type Message struct {
	ID        int64
	Key       string // idempotency key: one message per key, also given to the gateway
	Channel   Channel
	To        string // mobile number or email address
	Template  string
	Subject   string // email only
	Body      string // SMS text, or the plain-text part of an email
	HTML      string // HTML part of an email
	State     MessageState
	Via       string // smtp, smpp, http, outbox
	Attempts  int
	LastError string
	GatewayID string
	CreatedAt time.Time
	UpdatedAt time.Time
	SentAt    time.Time
}

// Job is a unit of durable background work: written in the transaction of
// the change that causes it, run at or after RunAt, retried with backoff.
type Job struct {
	ID          int64
	Kind        string
	Key         string // idempotency key: at most one job per key, ever
	Payload     string
	Attempts    int // including the current one, once claimed
	MaxAttempts int
	RunAt       time.Time
	LastError   string
}

// MessageFilter selects messages; empty fields match everything.
type MessageFilter struct {
	To    string
	State MessageState
	Limit int // default 100
}
