package smpp

// PDU is a decoded protocol data unit. The concrete types are the pointer
// types defined in this file: *Bind, *BindResp, *SubmitSM, *SubmitSMResp,
// *DeliverSM, *DeliverSMResp, *EnquireLink, *EnquireLinkResp, *Unbind,
// *UnbindResp, *GenericNack and, for any other command, *RawPDU.
type PDU interface {
	// CommandID returns the command_id of the PDU.
	CommandID() CommandID
	// SequenceNumber returns the sequence_number of the PDU.
	SequenceNumber() uint32
	// CommandStatus returns the command_status; always zero for requests.
	CommandStatus() Status

	appendBody(e *encoder)
}

// Field size limits of SMPP 3.4 (section 5.2), NUL terminator included.
const (
	maxSystemID     = 16
	maxPassword     = 9
	maxSystemType   = 13
	maxAddressRange = 41
	maxServiceType  = 6
	maxAddr         = 21
	maxTime         = 17
	maxMessageID    = 65
)

// MaxShortMessage is the largest short_message SMPP 3.4 allows, in octets.
const MaxShortMessage = 254

// InterfaceVersion34 is the interface_version for SMPP 3.4.
const InterfaceVersion34 = 0x34

// Bind is a bind_transmitter, bind_receiver or bind_transceiver request;
// they share one body layout.
type Bind struct {
	ID               CommandID // BindTransceiverID, BindTransmitterID or BindReceiverID
	Sequence         uint32
	SystemID         string // at most 15 octets
	Password         string // at most 8 octets
	SystemType       string // at most 12 octets
	InterfaceVersion byte   // InterfaceVersion34
	AddrTON          byte
	AddrNPI          byte
	AddressRange     string // at most 40 octets
}

// BindResp is the response to a Bind: bind_transceiver_resp,
// bind_transmitter_resp or bind_receiver_resp.
type BindResp struct {
	ID       CommandID // one of the three bind response IDs
	Status   Status
	Sequence uint32
	SystemID string // the SMSC's identifier; may be absent when Status is not zero
	TLVs     TLVs   // typically sc_interface_version
}

// SubmitSM is a submit_sm request: one short message from the ESME.
type SubmitSM struct {
	Sequence             uint32
	ServiceType          string // at most 5 octets; "" for the SMSC default
	SourceAddrTON        byte
	SourceAddrNPI        byte
	SourceAddr           string // at most 20 octets
	DestAddrTON          byte
	DestAddrNPI          byte
	DestinationAddr      string // at most 20 octets
	ESMClass             byte   // 0x40: short_message starts with a user data header
	ProtocolID           byte
	PriorityFlag         byte
	ScheduleDeliveryTime string // "" or 16 octets, absolute or relative time format
	ValidityPeriod       string // "" or 16 octets
	RegisteredDelivery   byte   // 0x01: delivery receipt on success or failure
	ReplaceIfPresentFlag byte
	DataCoding           byte   // 0x00 SMSC default alphabet, 0x08 UCS-2
	SMDefaultMsgID       byte   //
	ShortMessage         []byte // at most 254 octets; sm_length is derived from it
	TLVs                 TLVs
}

// DeliverSM is a deliver_sm request: a message or delivery receipt from the
// SMSC. Its body has the same layout as submit_sm.
type DeliverSM SubmitSM

// SubmitSMResp is the response to a submit_sm.
type SubmitSMResp struct {
	Status    Status
	Sequence  uint32
	MessageID string // the SMSC's identifier of the message; at most 64 octets
	TLVs      TLVs   // not defined by SMPP 3.4; kept if an SMSC sends them
}

// DeliverSMResp is the response to a deliver_sm. MessageID is unused and
// should be empty.
type DeliverSMResp SubmitSMResp

// EnquireLink is an enquire_link request (a keep-alive).
type EnquireLink struct{ Sequence uint32 }

// EnquireLinkResp is the response to an enquire_link.
type EnquireLinkResp struct {
	Status   Status
	Sequence uint32
}

// Unbind is an unbind request: the sender ends the session.
type Unbind struct{ Sequence uint32 }

// UnbindResp is the response to an unbind.
type UnbindResp struct {
	Status   Status
	Sequence uint32
}

// GenericNack is a negative acknowledgement for a PDU whose command ID or
// length could not be handled.
type GenericNack struct {
	Status   Status
	Sequence uint32
}

// RawPDU is any PDU whose command this package does not decode (query_sm,
// data_sm, outbind, …). Body is kept verbatim.
type RawPDU struct {
	ID       CommandID
	Status   Status
	Sequence uint32
	Body     []byte // nil when empty
}

// CommandID implements PDU.
func (p *Bind) CommandID() CommandID { return p.ID }

// SequenceNumber implements PDU.
func (p *Bind) SequenceNumber() uint32 { return p.Sequence }

// CommandStatus implements PDU.
func (p *Bind) CommandStatus() Status { return ESME_ROK }

// CommandID implements PDU.
func (p *BindResp) CommandID() CommandID { return p.ID }

// SequenceNumber implements PDU.
func (p *BindResp) SequenceNumber() uint32 { return p.Sequence }

// CommandStatus implements PDU.
func (p *BindResp) CommandStatus() Status { return p.Status }

// CommandID implements PDU.
func (p *SubmitSM) CommandID() CommandID { return SubmitSMID }

// SequenceNumber implements PDU.
func (p *SubmitSM) SequenceNumber() uint32 { return p.Sequence }

// CommandStatus implements PDU.
func (p *SubmitSM) CommandStatus() Status { return ESME_ROK }

// CommandID implements PDU.
func (p *DeliverSM) CommandID() CommandID { return DeliverSMID }

// SequenceNumber implements PDU.
func (p *DeliverSM) SequenceNumber() uint32 { return p.Sequence }

// CommandStatus implements PDU.
func (p *DeliverSM) CommandStatus() Status { return ESME_ROK }

// CommandID implements PDU.
func (p *SubmitSMResp) CommandID() CommandID { return SubmitSMRespID }

// SequenceNumber implements PDU.
func (p *SubmitSMResp) SequenceNumber() uint32 { return p.Sequence }

// CommandStatus implements PDU.
func (p *SubmitSMResp) CommandStatus() Status { return p.Status }

// CommandID implements PDU.
func (p *DeliverSMResp) CommandID() CommandID { return DeliverSMRespID }

// SequenceNumber implements PDU.
func (p *DeliverSMResp) SequenceNumber() uint32 { return p.Sequence }

// CommandStatus implements PDU.
func (p *DeliverSMResp) CommandStatus() Status { return p.Status }

// CommandID implements PDU.
func (p *EnquireLink) CommandID() CommandID { return EnquireLinkID }

// SequenceNumber implements PDU.
func (p *EnquireLink) SequenceNumber() uint32 { return p.Sequence }

// CommandStatus implements PDU.
func (p *EnquireLink) CommandStatus() Status { return ESME_ROK }

// CommandID implements PDU.
func (p *EnquireLinkResp) CommandID() CommandID { return EnquireLinkRespID }

// SequenceNumber implements PDU.
func (p *EnquireLinkResp) SequenceNumber() uint32 { return p.Sequence }

// CommandStatus implements PDU.
func (p *EnquireLinkResp) CommandStatus() Status { return p.Status }

// CommandID implements PDU.
func (p *Unbind) CommandID() CommandID { return UnbindID }

// SequenceNumber implements PDU.
func (p *Unbind) SequenceNumber() uint32 { return p.Sequence }

// CommandStatus implements PDU.
func (p *Unbind) CommandStatus() Status { return ESME_ROK }

// CommandID implements PDU.
func (p *UnbindResp) CommandID() CommandID { return UnbindRespID }

// SequenceNumber implements PDU.
func (p *UnbindResp) SequenceNumber() uint32 { return p.Sequence }

// CommandStatus implements PDU.
func (p *UnbindResp) CommandStatus() Status { return p.Status }

// CommandID implements PDU.
func (p *GenericNack) CommandID() CommandID { return GenericNackID }

// SequenceNumber implements PDU.
func (p *GenericNack) SequenceNumber() uint32 { return p.Sequence }

// CommandStatus implements PDU.
func (p *GenericNack) CommandStatus() Status { return p.Status }

// CommandID implements PDU.
func (p *RawPDU) CommandID() CommandID { return p.ID }

// SequenceNumber implements PDU.
func (p *RawPDU) SequenceNumber() uint32 { return p.Sequence }

// CommandStatus implements PDU.
func (p *RawPDU) CommandStatus() Status { return p.Status }
