package smpp

import (
	"errors"
	"fmt"
	"io"
)

func isBind(id CommandID) bool {
	return id == BindTransceiverID || id == BindTransmitterID || id == BindReceiverID
}

func isBindResp(id CommandID) bool {
	return id == BindTransceiverRespID || id == BindTransmitterRespID || id == BindReceiverRespID
}

func (p *Bind) appendBody(e *encoder) {
	if !isBind(p.ID) {
		e.err = fmt.Errorf("smpp: Bind with command %v", p.ID)
		return
	}
	e.cstring("system_id", p.SystemID, maxSystemID)
	e.cstring("password", p.Password, maxPassword)
	e.cstring("system_type", p.SystemType, maxSystemType)
	e.byte1(p.InterfaceVersion)
	e.byte1(p.AddrTON)
	e.byte1(p.AddrNPI)
	e.cstring("address_range", p.AddressRange, maxAddressRange)
}

func (p *BindResp) appendBody(e *encoder) {
	if !isBindResp(p.ID) {
		e.err = fmt.Errorf("smpp: BindResp with command %v", p.ID)
		return
	}
	e.cstring("system_id", p.SystemID, maxSystemID)
	e.tlvs(p.TLVs)
}

func (p *SubmitSM) appendBody(e *encoder) {
	e.cstring("service_type", p.ServiceType, maxServiceType)
	e.byte1(p.SourceAddrTON)
	e.byte1(p.SourceAddrNPI)
	e.cstring("source_addr", p.SourceAddr, maxAddr)
	e.byte1(p.DestAddrTON)
	e.byte1(p.DestAddrNPI)
	e.cstring("destination_addr", p.DestinationAddr, maxAddr)
	e.byte1(p.ESMClass)
	e.byte1(p.ProtocolID)
	e.byte1(p.PriorityFlag)
	e.cstring("schedule_delivery_time", p.ScheduleDeliveryTime, maxTime)
	e.cstring("validity_period", p.ValidityPeriod, maxTime)
	e.byte1(p.RegisteredDelivery)
	e.byte1(p.ReplaceIfPresentFlag)
	e.byte1(p.DataCoding)
	e.byte1(p.SMDefaultMsgID)
	if len(p.ShortMessage) > MaxShortMessage {
		if e.err == nil {
			e.err = fmt.Errorf("smpp: short_message: %d octets, at most %d allowed", len(p.ShortMessage), MaxShortMessage)
		}
		return
	}
	e.byte1(byte(len(p.ShortMessage)))
	e.b = append(e.b, p.ShortMessage...)
	e.tlvs(p.TLVs)
}

func (p *DeliverSM) appendBody(e *encoder) { (*SubmitSM)(p).appendBody(e) }

func (p *SubmitSMResp) appendBody(e *encoder) {
	e.cstring("message_id", p.MessageID, maxMessageID)
	e.tlvs(p.TLVs)
}

func (p *DeliverSMResp) appendBody(e *encoder) { (*SubmitSMResp)(p).appendBody(e) }

func (p *EnquireLink) appendBody(*encoder)     {}
func (p *EnquireLinkResp) appendBody(*encoder) {}
func (p *Unbind) appendBody(*encoder)          {}
func (p *UnbindResp) appendBody(*encoder)      {}
func (p *GenericNack) appendBody(*encoder)     {}
func (p *RawPDU) appendBody(e *encoder)        { e.b = append(e.b, p.Body...) }

// Encode returns the wire form of p: header and body. It fails when a field
// exceeds its SMPP size limit or a C-Octet String contains a NUL.
func Encode(p PDU) ([]byte, error) {
	if p == nil {
		return nil, errors.New("smpp: Encode(nil)")
	}
	e := encoder{b: make([]byte, HeaderLen, 64)}
	p.appendBody(&e)
	if e.err != nil {
		return nil, e.err
	}
	if len(e.b) > MaxPDULen {
		return nil, fmt.Errorf("smpp: %v: %d octets exceed MaxPDULen", p.CommandID(), len(e.b))
	}
	h := Header{Length: uint32(len(e.b)), ID: p.CommandID(), Status: p.CommandStatus(), Sequence: p.SequenceNumber()}
	h.AppendTo(e.b[:0])
	return e.b, nil
}

// WritePDU encodes p and writes it to w in a single Write call.
func WritePDU(w io.Writer, p PDU) error {
	b, err := Encode(p)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}
