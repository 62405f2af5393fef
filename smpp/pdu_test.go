package smpp_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/beianhq/beian/smpp"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// samplePDUs has one PDU of every decoded type.
func samplePDUs() []smpp.PDU {
	return []smpp.PDU{
		&smpp.Bind{ID: smpp.BindTransceiverID, Sequence: 1, SystemID: "beian", Password: "secret", SystemType: "OTP", InterfaceVersion: 0x34},
		&smpp.Bind{ID: smpp.BindTransmitterID, Sequence: 2, SystemID: "a", AddrTON: 1, AddrNPI: 1, AddressRange: "^86"},
		&smpp.Bind{ID: smpp.BindReceiverID, Sequence: 3},
		&smpp.BindResp{ID: smpp.BindTransceiverRespID, Sequence: 1, SystemID: "SMSC", TLVs: smpp.TLVs{{Tag: smpp.TagSCInterfaceVersion, Value: []byte{0x34}}}},
		&smpp.BindResp{ID: smpp.BindTransmitterRespID, Status: smpp.ESME_RBINDFAIL, Sequence: 2},
		&smpp.BindResp{ID: smpp.BindReceiverRespID, Sequence: 3, SystemID: "x"},
		&smpp.SubmitSM{Sequence: 4, SourceAddr: "10690000", DestinationAddr: "8613800138000", DestAddrTON: 1, DestAddrNPI: 1,
			RegisteredDelivery: 1, DataCoding: smpp.CodingUCS2, ShortMessage: []byte{0x4f, 0x60, 0x59, 0x7d}},
		&smpp.SubmitSM{Sequence: 5, ServiceType: "CMT", ESMClass: 0x40, ValidityPeriod: "000001000000000R",
			ShortMessage: []byte{5, 0, 3, 9, 2, 1, 'h', 'i'}, TLVs: smpp.TLVs{{Tag: smpp.TagUserMessageReference, Value: []byte{0, 7}}}},
		&smpp.DeliverSM{Sequence: 6, SourceAddr: "8613800138000", DestinationAddr: "10690000", ESMClass: smpp.ESMClassReceipt,
			ShortMessage: []byte("id:0000002A sub:001 dlvrd:001 submit date:2401021504 done date:2401021505 stat:DELIVRD err:000 text:hello"),
			TLVs:         smpp.TLVs{{Tag: smpp.TagReceiptedMessageID, Value: []byte("0000002A\x00")}, {Tag: smpp.TagMessageState, Value: []byte{2}}}},
		&smpp.SubmitSMResp{Sequence: 4, MessageID: "0000002A"},
		&smpp.SubmitSMResp{Sequence: 5, Status: smpp.ESME_RTHROTTLED},
		&smpp.DeliverSMResp{Sequence: 6},
		&smpp.EnquireLink{Sequence: 7},
		&smpp.EnquireLinkResp{Sequence: 7},
		&smpp.Unbind{Sequence: 8},
		&smpp.UnbindResp{Sequence: 8},
		&smpp.GenericNack{Status: smpp.ESME_RINVCMDID, Sequence: 9},
		&smpp.RawPDU{ID: smpp.DataSMID, Sequence: 10, Body: []byte{0, 1, 2}},
		&smpp.RawPDU{ID: smpp.OutbindID, Sequence: 11},
	}
}

func TestRoundTrip(t *testing.T) {
	for _, p := range samplePDUs() {
		b, err := smpp.Encode(p)
		if err != nil {
			t.Fatalf("Encode(%v): %v", p.CommandID(), err)
		}
		got, err := smpp.Decode(b)
		if err != nil {
			t.Fatalf("Decode(%v): %v", p.CommandID(), err)
		}
		if !reflect.DeepEqual(got, p) {
			t.Errorf("%v: round trip\n got %#v\nwant %#v", p.CommandID(), got, p)
		}
		r, err := smpp.ReadPDU(bytes.NewReader(b))
		if err != nil || !reflect.DeepEqual(r, p) {
			t.Errorf("%v: ReadPDU = %#v, %v", p.CommandID(), r, err)
		}
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		pdu  smpp.PDU
		hex  string
	}{
		{"enquire_link", &smpp.EnquireLink{Sequence: 1}, "00000010 00000015 00000000 00000001"},
		{"enquire_link_resp", &smpp.EnquireLinkResp{Sequence: 1}, "00000010 80000015 00000000 00000001"},
		{"unbind", &smpp.Unbind{Sequence: 0x7FFFFFFF}, "00000010 00000006 00000000 7FFFFFFF"},
		{"generic_nack", &smpp.GenericNack{Status: smpp.ESME_RINVCMDID, Sequence: 2}, "00000010 80000000 00000003 00000002"},
		{"bind_transceiver",
			&smpp.Bind{ID: smpp.BindTransceiverID, Sequence: 1, SystemID: "sys", Password: "pw", InterfaceVersion: 0x34},
			"0000001C 00000009 00000000 00000001 737973 00 7077 00 00 34 00 00 00"},
		{"bind_transceiver_resp",
			&smpp.BindResp{ID: smpp.BindTransceiverRespID, Sequence: 1, SystemID: "SMSC"},
			"00000015 80000009 00000000 00000001 534D5343 00"},
		{"submit_sm",
			&smpp.SubmitSM{Sequence: 3, SourceAddrTON: 1, SourceAddrNPI: 1, SourceAddr: "12345", DestAddrTON: 1, DestAddrNPI: 1,
				DestinationAddr: "8613800138000", RegisteredDelivery: 1, ShortMessage: []byte("hello")},
			"00000038 00000004 00000000 00000003" +
				"00 0101 3132333435 00 0101 38363133383030313338303030 00" +
				"00 00 00 00 00 01 00 00 00 05 68656C6C6F"},
		{"submit_sm_resp", &smpp.SubmitSMResp{Sequence: 3, MessageID: "AB"}, "00000013 80000004 00000000 00000003 4142 00"},
		{"deliver_sm_resp", &smpp.DeliverSMResp{Sequence: 4}, "00000011 80000005 00000000 00000004 00"},
	}
	for _, tt := range tests {
		want := unhex(t, tt.hex)
		got, err := smpp.Encode(tt.pdu)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: Encode\n got % X\nwant % X", tt.name, got, want)
		}
		p, err := smpp.Decode(want)
		if err != nil || !reflect.DeepEqual(p, tt.pdu) {
			t.Errorf("%s: Decode = %#v, %v", tt.name, p, err)
		}
	}
}

// TestOptionalParameters checks that TLVs after the mandatory parameters
// are decoded, whatever their tag, and that an error response without a
// body decodes.
func TestOptionalParameters(t *testing.T) {
	b, err := smpp.Encode(&smpp.DeliverSM{Sequence: 1, ESMClass: 4, ShortMessage: []byte("id:1 stat:DELIVRD")})
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, 0x00, 0x1E, 0x00, 0x02, '1', 0, // receipted_message_id
		0x04, 0x27, 0x00, 0x01, 0x02, // message_state
		0x14, 0x01, 0x00, 0x00, // vendor tag, empty
		0x04, 0x23, 0x00, 0x03, 0x03, 0x00, 0x00) // network_error_code
	b[3] = byte(len(b))
	p, err := smpp.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	d := p.(*smpp.DeliverSM)
	if len(d.TLVs) != 4 {
		t.Fatalf("TLVs = %v", d.TLVs)
	}
	if id, ok := d.TLVs.CString(smpp.TagReceiptedMessageID); !ok || id != "1" {
		t.Errorf("receipted_message_id = %q, %v", id, ok)
	}
	if v, ok := d.TLVs.Get(0x1401); !ok || v != nil {
		t.Errorf("vendor TLV = %v, %v", v, ok)
	}
	if _, ok := d.TLVs.Get(smpp.TagMessagePayload); ok {
		t.Error("Get of an absent tag succeeded")
	}

	// Error responses often have no body at all.
	for _, h := range []string{"00000010 80000004 00000058 00000005", "00000010 80000009 0000000D 00000001"} {
		p, err := smpp.Decode(unhex(t, h))
		if err != nil || p.CommandStatus() == 0 {
			t.Errorf("Decode(%s) = %#v, %v", h, p, err)
		}
	}
	// Trailing bytes after a header-only PDU are ignored.
	if p, err := smpp.Decode(unhex(t, "00000012 00000015 00000000 00000001 0000")); err != nil || p.SequenceNumber() != 1 {
		t.Errorf("enquire_link with body: %#v, %v", p, err)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct{ name, hex string }{
		{"empty", ""},
		{"short header", "00000010 00000015 00000000"},
		{"length below 16", "0000000F 00000015 00000000 00000001"},
		{"length above max", "00010001 00000015 00000000 00000001"},
		{"length differs from input", "00000011 00000015 00000000 00000001"},
	}
	for _, tt := range tests {
		p, err := smpp.Decode(unhex(t, tt.hex))
		if err == nil {
			t.Errorf("%s: Decode = %#v, want error", tt.name, p)
		}
	}
	// Well-framed PDUs with a bad body give a *DecodeError.
	bodies := []struct {
		name string
		id   smpp.CommandID
		body string
	}{
		{"bind without NUL", smpp.BindTransceiverID, "737973"},
		{"system_id too long", smpp.BindTransceiverID, "3132333435363738393031323334353637 00 00 00 34 00 00 00"},
		{"bind truncated", smpp.BindTransceiverID, "737973 00 7077 00 00"},
		{"submit_sm truncated", smpp.SubmitSMID, "00 01 01 31"},
		{"sm_length beyond body", smpp.SubmitSMID, "00 0101 31 00 0101 32 00 00 00 00 00 00 00 00 00 00 05 6869"},
		{"sm_length 255", smpp.DeliverSMID, "00 0101 31 00 0101 32 00 00 00 00 00 00 00 00 00 00 FF" + strings.Repeat("00", 255)},
		{"truncated TLV", smpp.BindTransceiverRespID, "4100 0210 00"},
		{"TLV length beyond body", smpp.BindTransceiverRespID, "4100 0210 0002 34"},
		{"message_id without NUL", smpp.SubmitSMRespID, "4142"},
	}
	for _, tt := range bodies {
		body := unhex(t, tt.body)
		b := smpp.Header{Length: uint32(smpp.HeaderLen + len(body)), ID: tt.id, Sequence: 42}.AppendTo(nil)
		p, err := smpp.Decode(append(b, body...))
		var de *smpp.DecodeError
		if !errors.As(err, &de) || de.Header.Sequence != 42 || de.Header.ID != tt.id {
			t.Errorf("%s: Decode = %#v, %v; want *DecodeError", tt.name, p, err)
		}
	}
}

func TestReadPDULimits(t *testing.T) {
	// A huge command_length is refused before reading (or allocating) the body.
	_, err := smpp.ReadPDU(bytes.NewReader(unhex(t, "7FFFFFFF 00000004 00000000 00000001")))
	if err == nil {
		t.Error("ReadPDU accepted a 2 GiB command_length")
	}
	_, err = smpp.ReadPDU(bytes.NewReader(unhex(t, "00000008 00000015 00000000 00000001")))
	if err == nil {
		t.Error("ReadPDU accepted command_length 8")
	}
	_, err = smpp.ReadPDU(bytes.NewReader(unhex(t, "00000020 00000015 00000000 00000001")))
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("truncated body: %v, want io.ErrUnexpectedEOF", err)
	}
	// Two PDUs back to back, the first with a bad body: the stream stays in sync.
	var buf bytes.Buffer
	buf.Write(unhex(t, "00000013 00000009 00000000 00000001 737973"))
	buf.Write(unhex(t, "00000010 00000015 00000000 00000002"))
	if _, err := smpp.ReadPDU(&buf); err == nil {
		t.Error("bad bind decoded")
	}
	if p, err := smpp.ReadPDU(&buf); err != nil || p.SequenceNumber() != 2 {
		t.Errorf("next PDU: %#v, %v", p, err)
	}
	if _, err := smpp.ReadPDU(&buf); err != io.EOF {
		t.Errorf("at end: %v, want io.EOF", err)
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []smpp.PDU{
		&smpp.Bind{ID: smpp.BindTransceiverID, SystemID: "sixteen-octets!!"},
		&smpp.Bind{ID: smpp.BindTransceiverID, Password: "123456789"},
		&smpp.Bind{ID: smpp.SubmitSMID},
		&smpp.BindResp{ID: smpp.BindTransceiverID},
		&smpp.SubmitSM{DestinationAddr: "123456789012345678901"},
		&smpp.SubmitSM{SourceAddr: "a\x00b"},
		&smpp.SubmitSM{ShortMessage: make([]byte, 255)},
		&smpp.SubmitSM{TLVs: smpp.TLVs{{Tag: 1, Value: make([]byte, 0x10000)}}},
		&smpp.SubmitSMResp{MessageID: strings.Repeat("9", 65)},
		nil,
	}
	for _, p := range tests {
		if b, err := smpp.Encode(p); err == nil {
			t.Errorf("Encode(%#v) = % X, want error", p, b)
		}
	}
	if _, err := smpp.Encode(&smpp.SubmitSM{ShortMessage: make([]byte, 254), DestinationAddr: strings.Repeat("1", 20)}); err != nil {
		t.Errorf("maximal submit_sm: %v", err)
	}
}

func TestNames(t *testing.T) {
	if s := smpp.SubmitSMRespID.String(); s != "submit_sm_resp" {
		t.Errorf("SubmitSMRespID = %q", s)
	}
	if s := smpp.CommandID(0x1234).String(); s != "command_id(0x00001234)" {
		t.Errorf("unknown command = %q", s)
	}
	if smpp.SubmitSMID.Response() != smpp.SubmitSMRespID || !smpp.GenericNackID.IsResponse() || smpp.EnquireLinkID.IsResponse() {
		t.Error("Response/IsResponse wrong")
	}
}

func FuzzDecode(f *testing.F) {
	for _, p := range samplePDUs() {
		b, err := smpp.Encode(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add(unhex(f, "00000010 80000004 00000058 00000005"))
	f.Fuzz(func(t *testing.T, b []byte) {
		smpp.ReadPDU(bytes.NewReader(b))
		p, err := smpp.Decode(b)
		if err != nil {
			if p != nil {
				t.Fatalf("Decode returned %#v with error %v", p, err)
			}
			return
		}
		enc, err := smpp.Encode(p)
		if err != nil {
			t.Fatalf("Encode(%#v): %v", p, err)
		}
		p2, err := smpp.Decode(enc)
		if err != nil {
			t.Fatalf("Decode(Encode(%#v)): %v", p, err)
		}
		if !reflect.DeepEqual(p, p2) {
			t.Fatalf("round trip\n got %#v\nwant %#v", p2, p)
		}
	})
}
