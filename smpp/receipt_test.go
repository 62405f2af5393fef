package smpp_test

import (
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian/smpp"
)

func TestParseReceipt(t *testing.T) {
	date := func(s string) time.Time {
		t, err := time.Parse("0601021504", s)
		if err != nil {
			panic(err)
		}
		return t
	}
	tests := []struct {
		name string
		in   string
		want smpp.DeliveryReceipt
	}{
		{"standard",
			"id:0123456789 sub:001 dlvrd:001 submit date:2403151230 done date:2403151231 stat:DELIVRD err:000 text:Your code is 1234",
			smpp.DeliveryReceipt{MessageID: "0123456789", Sub: "001", Dlvrd: "001", SubmitDate: date("2403151230"),
				DoneDate: date("2403151231"), Stat: "DELIVRD", Err: "000", Text: "Your code is 1234"}},
		{"undelivered, capitalised Text, seconds in dates",
			"id:A1B2 sub:001 dlvrd:000 submit date:240315123059 done date:240315123100 stat:UNDELIV err:001 Text:",
			smpp.DeliveryReceipt{MessageID: "A1B2", Sub: "001", Dlvrd: "000",
				SubmitDate: time.Date(2024, 3, 15, 12, 30, 59, 0, time.UTC), DoneDate: time.Date(2024, 3, 15, 12, 31, 0, 0, time.UTC),
				Stat: "UNDELIV", Err: "001"}},
		{"text with colons and spaces",
			"id:7 stat:delivrd err:0 text:id:9 stat:REJECTD  x",
			smpp.DeliveryReceipt{MessageID: "7", Stat: "DELIVRD", Err: "0", Text: "id:9 stat:REJECTD  x"}},
		{"fields out of order, extra vendor field, stray word",
			"stat:EXPIRED foo id:99 dest:8613800138000 err:013",
			smpp.DeliveryReceipt{MessageID: "99", Stat: "EXPIRED", Err: "013"}},
		{"bad date is left zero",
			"id:5 submit date:24AB done date: stat:ACCEPTD",
			smpp.DeliveryReceipt{MessageID: "5", Stat: "ACCEPTD"}},
	}
	for _, tt := range tests {
		got, err := smpp.ParseReceipt(tt.in)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
	for _, bad := range []string{"", "hello", "text:id:1 stat:DELIVRD", "sub:001 dlvrd:001"} {
		if r, err := smpp.ParseReceipt(bad); err == nil {
			t.Errorf("ParseReceipt(%q) = %+v, want error", bad, r)
		}
	}
}

func TestReceiptString(t *testing.T) {
	r := smpp.DeliveryReceipt{MessageID: "0000002A", Sub: "001", Dlvrd: "001", Stat: smpp.StatDelivered, Err: "000",
		SubmitDate: time.Date(2024, 1, 2, 15, 4, 0, 0, time.UTC), DoneDate: time.Date(2024, 1, 2, 15, 5, 0, 0, time.UTC), Text: "hello world"}
	s := r.String()
	want := "id:0000002A sub:001 dlvrd:001 submit date:2401021504 done date:2401021505 stat:DELIVRD err:000 text:hello world"
	if s != want {
		t.Errorf("String() = %q\nwant %q", s, want)
	}
	if got, err := smpp.ParseReceipt(s); err != nil || got != r {
		t.Errorf("ParseReceipt(String()) = %+v, %v", got, err)
	}
	if !r.Delivered() {
		t.Error("Delivered() = false")
	}
}

func TestReceiptFrom(t *testing.T) {
	d := &smpp.DeliverSM{
		SourceAddr: "8613800138000", DestinationAddr: "10690000", ESMClass: smpp.ESMClassReceipt,
		// The text has the id in decimal, the TLV in hex, as some SMSC do.
		ShortMessage: []byte("id:42 sub:001 dlvrd:000 submit date:2401021504 done date:2401021505 stat:DELIVRD err:000 text:"),
		TLVs: smpp.TLVs{
			{Tag: smpp.TagReceiptedMessageID, Value: []byte("2A\x00")},
			{Tag: smpp.TagMessageState, Value: []byte{byte(smpp.StateUndeliverable)}},
		},
	}
	r, err := smpp.ReceiptFrom(d)
	if err != nil {
		t.Fatal(err)
	}
	if r.MessageID != "2A" || r.Stat != smpp.StatUndeliverable || r.State != smpp.StateUndeliverable ||
		r.Source != "8613800138000" || r.Dest != "10690000" || r.Delivered() {
		t.Errorf("got %+v", r)
	}

	// TLVs alone are enough.
	d.ShortMessage = nil
	if r, err := smpp.ReceiptFrom(d); err != nil || r.MessageID != "2A" || r.Stat != smpp.StatUndeliverable {
		t.Errorf("TLV-only receipt: %+v, %v", r, err)
	}
	// Text in message_payload.
	d.TLVs = smpp.TLVs{{Tag: smpp.TagMessagePayload, Value: []byte("id:7 stat:DELIVRD")}}
	if r, err := smpp.ReceiptFrom(d); err != nil || r.MessageID != "7" || r.Stat != smpp.StatDelivered {
		t.Errorf("message_payload receipt: %+v, %v", r, err)
	}
	// Intermediate notification.
	d.ESMClass = 0x20
	if _, err := smpp.ReceiptFrom(d); err != nil {
		t.Errorf("intermediate notification: %v", err)
	}
	// A mobile-originated message is not a receipt.
	d.ESMClass = 0
	if _, err := smpp.ReceiptFrom(d); err == nil {
		t.Error("MO message parsed as a receipt")
	}
	// Nothing to go by.
	d.ESMClass, d.TLVs, d.ShortMessage = smpp.ESMClassReceipt, nil, []byte("hello")
	if _, err := smpp.ReceiptFrom(d); err == nil {
		t.Error("receipt without id parsed")
	}
}

func TestMessageState(t *testing.T) {
	for s, want := range map[smpp.MessageState]string{
		smpp.StateDelivered: "DELIVRD", smpp.StateUndeliverable: "UNDELIV", smpp.StateRejected: "REJECTD", 0: "", 9: "",
	} {
		if got := s.String(); got != want {
			t.Errorf("MessageState(%d) = %q, want %q", s, got, want)
		}
	}
}

func FuzzParseReceipt(f *testing.F) {
	f.Add("id:0123456789 sub:001 dlvrd:001 submit date:2403151230 done date:2403151231 stat:DELIVRD err:000 text:hello")
	f.Add("id:A1B2 submit date:240315123059 stat:UNDELIV Text:")
	f.Add("stat:EXPIRED foo id:99 dest:x err:013")
	f.Add(":::: id: text")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := smpp.ParseReceipt(s)
		if err != nil {
			return
		}
		for _, v := range []string{r.MessageID, r.Stat, r.Err, r.Sub, r.Dlvrd} {
			if strings.ContainsAny(v, " \t\r\n") {
				t.Fatalf("field %q contains white space (from %q)", v, s)
			}
		}
		if !strings.HasSuffix(s, r.Text) {
			t.Fatalf("Text %q is not the end of %q", r.Text, s)
		}
		// Formatting and parsing again keeps every field.
		r2, err := smpp.ParseReceipt(r.String())
		if r.MessageID == "" && r.Stat == "" {
			return // the input had empty fields only; String gives the same
		}
		if err != nil {
			t.Fatalf("ParseReceipt(%q): %v", r.String(), err)
		}
		if r2.MessageID != r.MessageID || r2.Stat != r.Stat || r2.Err != r.Err || r2.Text != r.Text ||
			!r2.SubmitDate.Equal(r.SubmitDate.Truncate(time.Minute)) {
			t.Fatalf("re-parse of %q:\n got %+v\nwant %+v", r.String(), r2, r)
		}
	})
}
