package smpp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Client is one bound SMPP transceiver session over one connection. It is
// safe for concurrent use. When the connection breaks the Client is dead:
// Done is closed, Err tells why and every call fails; Session redials.
type Client struct {
	cfg    Config
	conn   net.Conn
	smscID string

	seq atomic.Uint32
	wmu sync.Mutex // serialises writes

	mu      sync.Mutex
	pending map[uint32]chan result
	err     error // set once, when done is closed
	closing bool

	done       chan struct{}
	deliveries chan *DeliverSM
	wg         sync.WaitGroup
	closeOnce  sync.Once
	closeErr   error
}

type result struct {
	p   PDU
	err error
}

// Dial connects to the SMSC at addr (host:port) and binds as a transceiver
// with cfg's credentials. Connecting and binding together take at most
// cfg.Timeout. A refused bind gives a *StatusError (e.g. ESME_RBINDFAIL,
// not temporary); network failures wrap ErrNotConnected.
func Dial(ctx context.Context, addr string, cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	conn, err := cfg.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotConnected, err)
	}
	c := &Client{
		cfg:        cfg,
		conn:       conn,
		pending:    make(map[uint32]chan result),
		done:       make(chan struct{}),
		deliveries: make(chan *DeliverSM, 64),
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	err = c.bind(ctx)
	if !stop() && err == nil {
		err = ctx.Err()
	}
	if err != nil {
		conn.Close()
		var se *StatusError
		if !errors.As(err, &se) {
			if ctx.Err() != nil {
				err = ctx.Err()
			}
			err = fmt.Errorf("%w: bind: %w", ErrNotConnected, err)
		}
		return nil, err
	}
	conn.SetDeadline(time.Time{})
	c.wg.Add(2)
	go c.readLoop()
	go c.deliverLoop()
	if cfg.EnquireLink > 0 {
		c.wg.Add(1)
		go c.keepAlive()
	}
	return c, nil
}

// bind sends bind_transceiver and waits for its response, answering
// enquire_link meanwhile.
func (c *Client) bind(ctx context.Context) error {
	if dl, ok := ctx.Deadline(); ok {
		c.conn.SetDeadline(dl)
	}
	seq := c.nextSeq()
	err := WritePDU(c.conn, &Bind{
		ID:               BindTransceiverID,
		Sequence:         seq,
		SystemID:         c.cfg.SystemID,
		Password:         c.cfg.Password,
		SystemType:       c.cfg.SystemType,
		InterfaceVersion: InterfaceVersion34,
	})
	if err != nil {
		return err
	}
	for {
		p, err := ReadPDU(c.conn)
		if err != nil {
			var de *DecodeError
			if errors.As(err, &de) && de.Header.Sequence != seq {
				continue
			}
			return err
		}
		switch p := p.(type) {
		case *BindResp:
			if p.Sequence != seq {
				continue
			}
			if p.Status != ESME_ROK {
				return &StatusError{Command: BindTransceiverID, Status: p.Status}
			}
			c.smscID = p.SystemID
			return nil
		case *GenericNack:
			if p.Sequence == seq {
				return &StatusError{Command: BindTransceiverID, Status: p.Status}
			}
		case *EnquireLink:
			if err := WritePDU(c.conn, &EnquireLinkResp{Sequence: p.Sequence}); err != nil {
				return err
			}
		}
	}
}

// SystemID returns the system_id the SMSC gave in its bind response.
func (c *Client) SystemID() string { return c.smscID }

// Done returns a channel that is closed when the connection has ended.
func (c *Client) Done() <-chan struct{} { return c.done }

// Err returns nil while the connection is up, then why it ended: ErrClosed
// after Close, otherwise an error wrapping ErrConnectionLost.
func (c *Client) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// nextSeq returns the next sequence number, in 1..0x7FFFFFFF.
func (c *Client) nextSeq() uint32 {
	for {
		if v := c.seq.Add(1) & 0x7FFFFFFF; v != 0 {
			return v
		}
	}
}

// fail ends the connection once, recording why.
func (c *Client) fail(err error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	if c.closing {
		c.err = ErrClosed
	} else {
		c.err = fmt.Errorf("%w: %w", ErrConnectionLost, err)
	}
	c.pending = nil
	c.mu.Unlock()
	close(c.done)
	c.conn.Close()
}

// write sends an encoded PDU; a write failure ends the connection.
func (c *Client) write(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.conn.SetWriteDeadline(time.Now().Add(c.cfg.Timeout))
	if _, err := c.conn.Write(b); err != nil {
		c.fail(err)
		return c.Err()
	}
	return nil
}

// send encodes and writes a PDU that expects no response.
func (c *Client) send(p PDU) error {
	b, err := Encode(p)
	if err != nil {
		return err
	}
	return c.write(b)
}

// roundTrip sends req, whose sequence number is seq, and waits for the
// PDU carrying the same sequence number.
func (c *Client) roundTrip(ctx context.Context, req PDU, seq uint32) (PDU, error) {
	b, err := Encode(req)
	if err != nil {
		return nil, err
	}
	ch := make(chan result, 1)
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return nil, c.Err()
	}
	c.pending[seq] = ch
	c.mu.Unlock()
	forget := func() {
		c.mu.Lock()
		delete(c.pending, seq)
		c.mu.Unlock()
	}
	if err := c.write(b); err != nil {
		forget()
		return nil, err
	}
	timer := time.NewTimer(c.cfg.Timeout)
	defer timer.Stop()
	select {
	case r := <-ch:
		return r.p, r.err
	case <-c.done:
		select {
		case r := <-ch:
			return r.p, r.err
		default:
			return nil, c.Err()
		}
	case <-ctx.Done():
		forget()
		return nil, ctx.Err()
	case <-timer.C:
		forget()
		return nil, fmt.Errorf("%w: no %v within %v", ErrTimeout, req.CommandID().Response(), c.cfg.Timeout)
	}
}

// complete hands a response to the request waiting for it, if any.
func (c *Client) complete(seq uint32, r result) {
	c.mu.Lock()
	ch := c.pending[seq]
	delete(c.pending, seq)
	c.mu.Unlock()
	if ch != nil {
		ch <- r
	}
}

// Submit sends req.Text to req.Dest, as one submit_sm per part (see
// EncodeText), waiting for each submit_sm_resp before sending the next. It
// returns the SMSC's message IDs, one per part, which delivery receipts
// refer to. On failure it returns the IDs of the parts already accepted
// and the error: a *StatusError when the SMSC refused a part,
// ErrConnectionLost, ErrTimeout, ErrClosed, ctx.Err(), or an encoding error
// for a field that is too long. Use IsTemporary to decide whether to retry.
func (c *Client) Submit(ctx context.Context, req SubmitRequest) ([]string, error) {
	c.mu.Lock()
	closing := c.closing
	c.mu.Unlock()
	if closing {
		return nil, ErrClosed
	}
	dc, parts := EncodeText(req.Text)
	if parts == nil {
		return nil, ErrTextTooLong
	}
	var esm, rd byte
	if len(parts) > 1 {
		esm = ESMClassUDHI
	}
	if req.RegisteredDelivery {
		rd = 0x01
	}
	ids := make([]string, 0, len(parts))
	for _, part := range parts {
		seq := c.nextSeq()
		resp, err := c.roundTrip(ctx, &SubmitSM{
			Sequence:           seq,
			ServiceType:        req.ServiceType,
			SourceAddrTON:      req.SourceTON,
			SourceAddrNPI:      req.SourceNPI,
			SourceAddr:         req.Source,
			DestAddrTON:        req.DestTON,
			DestAddrNPI:        req.DestNPI,
			DestinationAddr:    req.Dest,
			ESMClass:           esm,
			RegisteredDelivery: rd,
			DataCoding:         dc,
			ShortMessage:       part,
		}, seq)
		if err != nil {
			return ids, err
		}
		switch r := resp.(type) {
		case *SubmitSMResp:
			if r.Status != ESME_ROK {
				return ids, &StatusError{Command: SubmitSMID, Status: r.Status}
			}
			ids = append(ids, r.MessageID)
		case *GenericNack:
			return ids, &StatusError{Command: SubmitSMID, Status: r.Status}
		default:
			return ids, fmt.Errorf("smpp: %v in response to submit_sm", resp.CommandID())
		}
	}
	return ids, nil
}

// Close ends the session: it sends unbind, waits up to Config.Timeout for
// unbind_resp, closes the connection and waits for the Client's goroutines
// (including a running OnReceipt). It returns an error only when the
// unbind exchange failed on a live connection. Calling Close again does
// nothing.
func (c *Client) Close() error {
	c.closeOnce.Do(func() {
		c.mu.Lock()
		alive := c.err == nil
		c.closing = true
		c.mu.Unlock()
		if alive {
			ctx, cancel := context.WithTimeout(context.Background(), c.cfg.Timeout)
			seq := c.nextSeq()
			resp, err := c.roundTrip(ctx, &Unbind{Sequence: seq}, seq)
			cancel()
			switch {
			case errors.Is(err, ErrClosed):
				// The SMSC hung up after (or instead of) answering.
			case err != nil:
				c.closeErr = fmt.Errorf("smpp: unbind: %w", err)
			case resp.CommandStatus() != ESME_ROK:
				c.closeErr = &StatusError{Command: UnbindID, Status: resp.CommandStatus()}
			}
		}
		c.fail(ErrClosed)
		c.wg.Wait()
	})
	return c.closeErr
}
