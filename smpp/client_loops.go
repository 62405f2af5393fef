package smpp

// The background loops of a Client: reading PDUs and completing calls,
// handing delivery receipts on, and keeping the link alive.

import (
	"context"
	"errors"
	"fmt"
	"time"
)

func (c *Client) readLoop() {
	defer c.wg.Done()
	for {
		p, err := ReadPDU(c.conn)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				c.fail(err)
				return
			}
			if de.Header.ID.IsResponse() {
				c.complete(de.Header.Sequence, result{err: de})
			} else {
				c.send(&GenericNack{Status: ESME_RINVCMDLEN, Sequence: de.Header.Sequence})
			}
			continue
		}
		switch p := p.(type) {
		case *EnquireLink:
			c.send(&EnquireLinkResp{Sequence: p.Sequence})
		case *Unbind:
			c.send(&UnbindResp{Sequence: p.Sequence})
			c.fail(errors.New("unbound by the SMSC"))
			return
		case *DeliverSM:
			select {
			case c.deliveries <- p:
			case <-c.done:
				return
			}
		default:
			if p.CommandID().IsResponse() {
				c.complete(p.SequenceNumber(), result{p: p})
			} else {
				c.send(&GenericNack{Status: ESME_RINVCMDID, Sequence: p.SequenceNumber()})
			}
		}
	}
}

func (c *Client) deliverLoop() {
	defer c.wg.Done()
	for {
		select {
		case <-c.done:
			return
		case p := <-c.deliveries:
			c.handleDeliver(p)
			c.send(&DeliverSMResp{Sequence: p.Sequence})
		}
	}
}

func (c *Client) handleDeliver(p *DeliverSM) {
	if IsReceipt(p.ESMClass) {
		if r, err := ReceiptFrom(p); err == nil {
			if c.cfg.OnReceipt != nil {
				c.cfg.OnReceipt(r)
			}
			return
		}
	}
	if c.cfg.OnMessage != nil {
		c.cfg.OnMessage(p)
	}
}

func (c *Client) keepAlive() {
	defer c.wg.Done()
	t := time.NewTicker(c.cfg.EnquireLink)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
		}
		seq := c.nextSeq()
		if _, err := c.roundTrip(context.Background(), &EnquireLink{Sequence: seq}, seq); err != nil {
			c.fail(fmt.Errorf("enquire_link: %w", err))
			return
		}
	}
}
