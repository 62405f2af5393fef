package smpp

import (
	"encoding/binary"
	"fmt"
	"io"
)

// DecodeError reports a PDU whose header is valid but whose body is not.
// The PDU has been consumed entirely, so a stream stays in sync and the
// receiver can answer it (generic_nack, or an error for a pending request).
type DecodeError struct {
	Header Header
	Err    error
}

// Error implements error.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("smpp: decoding %v (sequence %d): %v", e.Header.ID, e.Header.Sequence, e.Err)
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// ReadPDU reads one PDU from r. It refuses a command_length below 16 or
// above MaxPDULen without reading the body; such errors, and I/O errors,
// leave the stream out of sync. A body that does not decode gives a
// *DecodeError after the whole PDU has been read.
func ReadPDU(r io.Reader) (PDU, error) {
	var hb [HeaderLen]byte
	if _, err := io.ReadFull(r, hb[:]); err != nil {
		return nil, err
	}
	h, err := ParseHeader(hb[:])
	if err != nil {
		return nil, err
	}
	buf := make([]byte, h.Length)
	copy(buf, hb[:])
	if _, err := io.ReadFull(r, buf[HeaderLen:]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return decodeBody(h, buf[HeaderLen:])
}

// Decode decodes exactly one PDU from b. It never panics; it returns an
// error when command_length differs from len(b) or is out of range, and a
// *DecodeError when the body is malformed. Optional parameters after the
// mandatory ones are decoded into the TLVs field (or ignored for PDUs
// without one).
func Decode(b []byte) (PDU, error) {
	h, err := ParseHeader(b)
	if err != nil {
		return nil, err
	}
	if int(h.Length) != len(b) {
		return nil, fmt.Errorf("smpp: command_length %d, but %d octets given", h.Length, len(b))
	}
	return decodeBody(h, b[HeaderLen:])
}

func decodeBody(h Header, body []byte) (PDU, error) {
	d := decoder{b: body}
	var p PDU
	switch {
	case isBind(h.ID):
		b := &Bind{ID: h.ID, Sequence: h.Sequence}
		b.SystemID = d.cstring("system_id", maxSystemID)
		b.Password = d.cstring("password", maxPassword)
		b.SystemType = d.cstring("system_type", maxSystemType)
		b.InterfaceVersion = d.byte1("interface_version")
		b.AddrTON = d.byte1("addr_ton")
		b.AddrNPI = d.byte1("addr_npi")
		b.AddressRange = d.cstring("address_range", maxAddressRange)
		p = b
	case isBindResp(h.ID):
		b := &BindResp{ID: h.ID, Status: h.Status, Sequence: h.Sequence}
		// An SMSC may send an error response without a body.
		if len(d.b) > 0 {
			b.SystemID = d.cstring("system_id", maxSystemID)
			b.TLVs = d.tlvs()
		}
		p = b
	case h.ID == SubmitSMID || h.ID == DeliverSMID:
		s := d.submitSM(h)
		if h.ID == DeliverSMID {
			p = (*DeliverSM)(s)
		} else {
			p = s
		}
	case h.ID == SubmitSMRespID || h.ID == DeliverSMRespID:
		s := &SubmitSMResp{Status: h.Status, Sequence: h.Sequence}
		// The body is often omitted when Status is not zero.
		if len(d.b) > 0 {
			s.MessageID = d.cstring("message_id", maxMessageID)
			s.TLVs = d.tlvs()
		}
		if h.ID == DeliverSMRespID {
			p = (*DeliverSMResp)(s)
		} else {
			p = s
		}
	case h.ID == EnquireLinkID:
		p = &EnquireLink{Sequence: h.Sequence}
	case h.ID == EnquireLinkRespID:
		p = &EnquireLinkResp{Status: h.Status, Sequence: h.Sequence}
	case h.ID == UnbindID:
		p = &Unbind{Sequence: h.Sequence}
	case h.ID == UnbindRespID:
		p = &UnbindResp{Status: h.Status, Sequence: h.Sequence}
	case h.ID == GenericNackID:
		p = &GenericNack{Status: h.Status, Sequence: h.Sequence}
	default:
		var body []byte
		if len(d.b) > 0 {
			body = append(body, d.b...)
		}
		p = &RawPDU{ID: h.ID, Status: h.Status, Sequence: h.Sequence, Body: body}
	}
	if d.err != nil {
		return nil, &DecodeError{Header: h, Err: d.err}
	}
	return p, nil
}

// submitSM decodes the body of a submit_sm or deliver_sm, which share it.
func (d *decoder) submitSM(h Header) *SubmitSM {
	s := &SubmitSM{Sequence: h.Sequence}
	s.ServiceType = d.cstring("service_type", maxServiceType)
	s.SourceAddrTON = d.byte1("source_addr_ton")
	s.SourceAddrNPI = d.byte1("source_addr_npi")
	s.SourceAddr = d.cstring("source_addr", maxAddr)
	s.DestAddrTON = d.byte1("dest_addr_ton")
	s.DestAddrNPI = d.byte1("dest_addr_npi")
	s.DestinationAddr = d.cstring("destination_addr", maxAddr)
	s.ESMClass = d.byte1("esm_class")
	s.ProtocolID = d.byte1("protocol_id")
	s.PriorityFlag = d.byte1("priority_flag")
	s.ScheduleDeliveryTime = d.cstring("schedule_delivery_time", maxTime)
	s.ValidityPeriod = d.cstring("validity_period", maxTime)
	s.RegisteredDelivery = d.byte1("registered_delivery")
	s.ReplaceIfPresentFlag = d.byte1("replace_if_present_flag")
	s.DataCoding = d.byte1("data_coding")
	s.SMDefaultMsgID = d.byte1("sm_default_msg_id")
	n := d.byte1("sm_length")
	if d.err == nil && n > MaxShortMessage {
		d.fail("sm_length %d exceeds %d", n, MaxShortMessage)
	}
	s.ShortMessage = d.octets("short_message", int(n))
	s.TLVs = d.tlvs()
	return s
}

// be16 returns the big-endian uint16 at b[0:2].
func be16(b []byte) uint16 { return binary.BigEndian.Uint16(b) }
