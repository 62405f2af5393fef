package smpp

import (
	"encoding/binary"
	"fmt"
)

// HeaderLen is the length in octets of the header that starts every PDU.
const HeaderLen = 16

// MaxPDULen is the largest command_length ReadPDU and Decode accept.
// SMPP 3.4 sets no limit; 64 KiB is far above anything an SMSC sends.
const MaxPDULen = 64 << 10

// CommandID identifies the type of a PDU (the command_id header field).
// Responses have the most significant bit set.
type CommandID uint32

// Command IDs defined by SMPP 3.4 (section 5.1.2.1).
const (
	GenericNackID         CommandID = 0x80000000
	BindReceiverID        CommandID = 0x00000001
	BindReceiverRespID    CommandID = 0x80000001
	BindTransmitterID     CommandID = 0x00000002
	BindTransmitterRespID CommandID = 0x80000002
	QuerySMID             CommandID = 0x00000003
	QuerySMRespID         CommandID = 0x80000003
	SubmitSMID            CommandID = 0x00000004
	SubmitSMRespID        CommandID = 0x80000004
	DeliverSMID           CommandID = 0x00000005
	DeliverSMRespID       CommandID = 0x80000005
	UnbindID              CommandID = 0x00000006
	UnbindRespID          CommandID = 0x80000006
	ReplaceSMID           CommandID = 0x00000007
	ReplaceSMRespID       CommandID = 0x80000007
	CancelSMID            CommandID = 0x00000008
	CancelSMRespID        CommandID = 0x80000008
	BindTransceiverID     CommandID = 0x00000009
	BindTransceiverRespID CommandID = 0x80000009
	OutbindID             CommandID = 0x0000000B
	EnquireLinkID         CommandID = 0x00000015
	EnquireLinkRespID     CommandID = 0x80000015
	SubmitMultiID         CommandID = 0x00000021
	SubmitMultiRespID     CommandID = 0x80000021
	AlertNotificationID   CommandID = 0x00000102
	DataSMID              CommandID = 0x00000103
	DataSMRespID          CommandID = 0x80000103
)

var commandNames = map[CommandID]string{
	GenericNackID:         "generic_nack",
	BindReceiverID:        "bind_receiver",
	BindReceiverRespID:    "bind_receiver_resp",
	BindTransmitterID:     "bind_transmitter",
	BindTransmitterRespID: "bind_transmitter_resp",
	QuerySMID:             "query_sm",
	QuerySMRespID:         "query_sm_resp",
	SubmitSMID:            "submit_sm",
	SubmitSMRespID:        "submit_sm_resp",
	DeliverSMID:           "deliver_sm",
	DeliverSMRespID:       "deliver_sm_resp",
	UnbindID:              "unbind",
	UnbindRespID:          "unbind_resp",
	ReplaceSMID:           "replace_sm",
	ReplaceSMRespID:       "replace_sm_resp",
	CancelSMID:            "cancel_sm",
	CancelSMRespID:        "cancel_sm_resp",
	BindTransceiverID:     "bind_transceiver",
	BindTransceiverRespID: "bind_transceiver_resp",
	OutbindID:             "outbind",
	EnquireLinkID:         "enquire_link",
	EnquireLinkRespID:     "enquire_link_resp",
	SubmitMultiID:         "submit_multi",
	SubmitMultiRespID:     "submit_multi_resp",
	AlertNotificationID:   "alert_notification",
	DataSMID:              "data_sm",
	DataSMRespID:          "data_sm_resp",
}

// String returns the SMPP name of the command, such as "submit_sm", or its
// hexadecimal value when the command is unknown.
func (id CommandID) String() string {
	if n, ok := commandNames[id]; ok {
		return n
	}
	return fmt.Sprintf("command_id(0x%08X)", uint32(id))
}

// IsResponse reports whether id is a response (including generic_nack).
func (id CommandID) IsResponse() bool { return id&0x80000000 != 0 }

// Response returns the command ID of the response to the request id.
func (id CommandID) Response() CommandID { return id | 0x80000000 }

// Header is the 16-octet header at the start of every PDU. All four fields
// are unsigned 32-bit big-endian integers on the wire.
type Header struct {
	Length   uint32    // command_length: the whole PDU, header included
	ID       CommandID // command_id
	Status   Status    // command_status: zero in requests
	Sequence uint32    // sequence_number: pairs a response with its request
}

// ParseHeader decodes the header at the start of b. It checks only that b
// holds 16 octets and that Length is between HeaderLen and MaxPDULen.
func ParseHeader(b []byte) (Header, error) {
	if len(b) < HeaderLen {
		return Header{}, fmt.Errorf("smpp: header needs %d octets, have %d", HeaderLen, len(b))
	}
	h := Header{
		Length:   binary.BigEndian.Uint32(b[0:4]),
		ID:       CommandID(binary.BigEndian.Uint32(b[4:8])),
		Status:   Status(binary.BigEndian.Uint32(b[8:12])),
		Sequence: binary.BigEndian.Uint32(b[12:16]),
	}
	if h.Length < HeaderLen || h.Length > MaxPDULen {
		return h, fmt.Errorf("smpp: command_length %d out of range [%d, %d]", h.Length, HeaderLen, MaxPDULen)
	}
	return h, nil
}

// AppendTo appends the 16-octet encoding of h to b.
func (h Header) AppendTo(b []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, h.Length)
	b = binary.BigEndian.AppendUint32(b, uint32(h.ID))
	b = binary.BigEndian.AppendUint32(b, uint32(h.Status))
	return binary.BigEndian.AppendUint32(b, h.Sequence)
}
