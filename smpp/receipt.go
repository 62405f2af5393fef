package smpp

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Final message states as abbreviated in the stat field of a delivery
// receipt (SMPP 3.4 appendix B).
const (
	StatDelivered     = "DELIVRD"
	StatExpired       = "EXPIRED"
	StatDeleted       = "DELETED"
	StatUndeliverable = "UNDELIV"
	StatAccepted      = "ACCEPTD"
	StatUnknown       = "UNKNOWN"
	StatRejected      = "REJECTD"
	StatEnroute       = "ENROUTE"
)

// MessageState is the value of the message_state optional parameter (0x0427).
type MessageState byte

// Message states from SMPP 3.4 section 5.2.28.
const (
	StateEnroute       MessageState = 1
	StateDelivered     MessageState = 2
	StateExpired       MessageState = 3
	StateDeleted       MessageState = 4
	StateUndeliverable MessageState = 5
	StateAccepted      MessageState = 6
	StateUnknown       MessageState = 7
	StateRejected      MessageState = 8
)

var stateStats = [...]string{"", StatEnroute, StatDelivered, StatExpired, StatDeleted, StatUndeliverable, StatAccepted, StatUnknown, StatRejected}

// String returns the receipt abbreviation of the state ("DELIVRD", …), or
// an empty string for a value SMPP 3.4 does not define.
func (s MessageState) String() string {
	if int(s) < len(stateStats) {
		return stateStats[s]
	}
	return ""
}

// DeliveryReceipt is an SMSC delivery receipt: a deliver_sm whose esm_class
// marks it as a receipt, with the short_message text
//
//	id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:...
//
// and, from SMSC that send them, the receipted_message_id and
// message_state optional parameters, which take precedence.
type DeliveryReceipt struct {
	MessageID  string       // message_id from submit_sm_resp this receipt is about
	Stat       string       // final state: StatDelivered, StatUndeliverable, …
	Err        string       // network-specific error code, e.g. "000"
	Sub        string       // number of messages originally submitted (usually "001")
	Dlvrd      string       // number of messages delivered
	SubmitDate time.Time    // when the message was submitted; the SMSC's local time, read as UTC
	DoneDate   time.Time    // when it reached its final state; the SMSC's local time, read as UTC
	Text       string       // first characters of the original message
	State      MessageState // message_state parameter; 0 when absent
	Source     string       // source_addr of the deliver_sm (the original recipient)
	Dest       string       // destination_addr of the deliver_sm (the original sender)
}

// Delivered reports whether the message reached the handset.
func (r DeliveryReceipt) Delivered() bool { return r.Stat == StatDelivered }

// receiptDate is the SMPP receipt date format; some SMSC add seconds.
const (
	receiptDate        = "0601021504"
	receiptDateSeconds = "060102150405"
)

func parseReceiptDate(v string) time.Time {
	layout := receiptDate
	if len(v) == len(receiptDateSeconds) {
		layout = receiptDateSeconds
	}
	t, err := time.Parse(layout, v)
	if err != nil {
		return time.Time{}
	}
	return t
}

// ParseReceipt parses the text of a delivery receipt. Field names are
// matched without regard to case and in any order; unknown fields are
// skipped; "text:" takes the rest of the string. It fails when neither an
// id nor a stat field is present.
func ParseReceipt(s string) (DeliveryReceipt, error) {
	var r DeliveryReceipt
	var seen bool
	for rest := s; ; {
		rest = strings.TrimLeft(rest, " \t\r\n")
		if rest == "" {
			break
		}
		colon := strings.IndexByte(rest, ':')
		if colon < 0 {
			break
		}
		key := normalizeKey(rest[:colon])
		rest = rest[colon+1:]
		if key == "text" {
			r.Text = rest
			break
		}
		var val string
		if sp := strings.IndexAny(rest, " \t\r\n"); sp >= 0 {
			val, rest = rest[:sp], rest[sp:]
		} else {
			val, rest = rest, ""
		}
		switch key {
		case "id":
			r.MessageID, seen = val, true
		case "sub":
			r.Sub = val
		case "dlvrd":
			r.Dlvrd = val
		case "submit date", "submit_date":
			r.SubmitDate = parseReceiptDate(val)
		case "done date", "done_date":
			r.DoneDate = parseReceiptDate(val)
		case "stat":
			r.Stat, seen = strings.ToUpper(val), true
		case "err":
			r.Err = val
		}
	}
	if !seen {
		return DeliveryReceipt{}, errors.New("smpp: not a delivery receipt: no id or stat field")
	}
	return r, nil
}

// normalizeKey lower-cases a receipt field name and drops any stray words
// before it, keeping the two-word names "submit date" and "done date".
func normalizeKey(k string) string {
	k = strings.ToLower(strings.TrimSpace(k))
	for _, two := range [...]string{"submit date", "done date"} {
		if strings.HasSuffix(k, two) {
			return two
		}
	}
	if i := strings.LastIndexAny(k, " \t\r\n"); i >= 0 {
		k = k[i+1:]
	}
	return k
}

// String formats r as the standard receipt text (without the parameters
// carried in TLVs).
func (r DeliveryReceipt) String() string {
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(receiptDate)
	}
	return fmt.Sprintf("id:%s sub:%s dlvrd:%s submit date:%s done date:%s stat:%s err:%s text:%s",
		r.MessageID, r.Sub, r.Dlvrd, date(r.SubmitDate), date(r.DoneDate), r.Stat, r.Err, r.Text)
}

// IsReceipt reports whether a deliver_sm with this esm_class carries an
// SMSC delivery receipt (message type 0x04) or an intermediate delivery
// notification (0x20) rather than a mobile-originated message.
func IsReceipt(esmClass byte) bool {
	t := esmClass & 0x3C
	return t == 0x04 || t == 0x20
}

// ReceiptFrom extracts the delivery receipt carried by p. It fails when p
// is not a receipt or carries neither a parsable receipt text nor a
// receipted_message_id parameter. The receipted_message_id and
// message_state parameters take precedence over the id and stat fields of
// the text (some SMSC write the id in the text in another base).
func ReceiptFrom(p *DeliverSM) (DeliveryReceipt, error) {
	if !IsReceipt(p.ESMClass) {
		return DeliveryReceipt{}, fmt.Errorf("smpp: deliver_sm esm_class 0x%02X is not a receipt", p.ESMClass)
	}
	sm := p.ShortMessage
	if len(sm) == 0 {
		sm, _ = p.TLVs.Get(TagMessagePayload)
	}
	r, err := ParseReceipt(DecodeText(p.DataCoding, sm))
	if id, ok := p.TLVs.CString(TagReceiptedMessageID); ok && id != "" {
		r.MessageID, err = id, nil
	}
	if v, ok := p.TLVs.Get(TagMessageState); ok && len(v) == 1 {
		r.State = MessageState(v[0])
		if st := r.State.String(); st != "" {
			r.Stat = st
		}
	}
	if err != nil {
		return DeliveryReceipt{}, err
	}
	r.Source, r.Dest = p.SourceAddr, p.DestinationAddr
	return r, nil
}
