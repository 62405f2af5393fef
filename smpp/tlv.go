package smpp

import "fmt"

// Tag identifies an optional parameter (TLV).
type Tag uint16

// Optional parameter tags from SMPP 3.4 section 5.3.2 used by this package;
// any other tag is decoded and kept as-is.
const (
	TagUserMessageReference Tag = 0x0204
	TagSARMsgRefNum         Tag = 0x020C
	TagSARTotalSegments     Tag = 0x020E
	TagSARSegmentSeqnum     Tag = 0x020F
	TagSCInterfaceVersion   Tag = 0x0210
	TagReceiptedMessageID   Tag = 0x001E
	TagNetworkErrorCode     Tag = 0x0423
	TagMessagePayload       Tag = 0x0424
	TagMessageState         Tag = 0x0427
)

// TLV is an optional parameter: a 2-octet tag, a 2-octet length and a value.
type TLV struct {
	Tag   Tag
	Value []byte // nil when the length is zero
}

// TLVs is the list of optional parameters of a PDU, in wire order.
type TLVs []TLV

// Get returns the value of the first parameter with the given tag.
func (ts TLVs) Get(tag Tag) (value []byte, ok bool) {
	for _, t := range ts {
		if t.Tag == tag {
			return t.Value, true
		}
	}
	return nil, false
}

// CString returns the value of a C-Octet String parameter (such as
// receipted_message_id) without its terminating NUL.
func (ts TLVs) CString(tag Tag) (string, bool) {
	v, ok := ts.Get(tag)
	if !ok {
		return "", false
	}
	for i, c := range v {
		if c == 0 {
			return string(v[:i]), true
		}
	}
	return string(v), true
}

func appendTLVs(b []byte, ts TLVs) ([]byte, error) {
	for _, t := range ts {
		if len(t.Value) > 0xFFFF {
			return nil, fmt.Errorf("smpp: TLV 0x%04X: value of %d octets is too long", uint16(t.Tag), len(t.Value))
		}
		b = append(b, byte(t.Tag>>8), byte(t.Tag), byte(len(t.Value)>>8), byte(len(t.Value)))
		b = append(b, t.Value...)
	}
	return b, nil
}
