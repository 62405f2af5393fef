package smpp

import (
	"context"
	"net"
	"time"
)

// Default values for zero Config fields.
const (
	DefaultTimeout     = 10 * time.Second
	DefaultEnquireLink = 30 * time.Second
)

// Config configures a Client (and the clients a Session dials).
type Config struct {
	SystemID   string // ESME identifier given by the SMSC operator; at most 15 octets
	Password   string // at most 8 octets
	SystemType string // often "" or a value given by the operator; at most 12 octets

	// Timeout bounds connecting and binding, every wait for a response
	// (submit_sm_resp, enquire_link_resp, unbind_resp) and every write.
	// Zero means DefaultTimeout.
	Timeout time.Duration

	// EnquireLink is the keep-alive interval: an enquire_link is sent this
	// often and a missing response within Timeout closes the connection.
	// Zero means DefaultEnquireLink; a negative value disables keep-alives.
	EnquireLink time.Duration

	// OnReceipt is called for every delivery receipt the SMSC sends.
	// Calls are made one at a time from a single goroutine; deliver_sm_resp
	// is sent after OnReceipt returns, so a receipt that was not handled
	// because the process stopped is sent again by the SMSC. OnReceipt must
	// not call Close.
	OnReceipt func(DeliveryReceipt)

	// OnMessage, if set, is called like OnReceipt for every other
	// deliver_sm (mobile-originated messages and receipts that do not parse).
	OnMessage func(*DeliverSM)

	// DialContext opens the connection; nil means a net.Dialer. Use it for
	// TLS or a proxy.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
}

func (cfg Config) withDefaults() Config {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.EnquireLink == 0 {
		cfg.EnquireLink = DefaultEnquireLink
	}
	if cfg.DialContext == nil {
		cfg.DialContext = (&net.Dialer{}).DialContext
	}
	return cfg
}

// SubmitRequest is one text message to send.
type SubmitRequest struct {
	Source string // source_addr: sender number or code; at most 20 octets
	Dest   string // destination_addr: recipient number; at most 20 octets
	Text   string // any UTF-8 text; split into parts as EncodeText does

	// RegisteredDelivery asks for a delivery receipt for every part.
	RegisteredDelivery bool

	// Type of number and numbering plan of the addresses. Zero (unknown)
	// suits most SMSC; international numbers are TON 1, NPI 1.
	SourceTON, SourceNPI byte
	DestTON, DestNPI     byte

	ServiceType string // service_type; "" for the SMSC default
}
