package smsctest

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/beianhq/beian/smpp"
)

// One bound connection: its PDUs, binds, submits and the receipts it sends.

func (c *conn) nextSeq() uint32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	return c.seq
}

func (c *conn) isBound() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bound
}

func (c *conn) send(p smpp.PDU) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.nc.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return smpp.WritePDU(c.nc, p)
}

func (s *Server) handle(c *conn) {
	defer s.wg.Done()
	defer func() {
		close(c.done)
		c.nc.Close()
		s.mu.Lock()
		delete(s.conns, c)
		s.notifyLocked()
		s.mu.Unlock()
	}()
	if s.opts.EnquireLink > 0 {
		s.wg.Add(1)
		go s.enquire(c)
	}
	for {
		p, err := smpp.ReadPDU(c.nc)
		if err != nil {
			var de *smpp.DecodeError
			if errors.As(err, &de) {
				c.send(&smpp.GenericNack{Status: smpp.ESME_RINVCMDLEN, Sequence: de.Header.Sequence})
				continue
			}
			return
		}
		switch p := p.(type) {
		case *smpp.Bind:
			s.bind(c, p)
		case *smpp.SubmitSM:
			s.submit(c, p)
		case *smpp.EnquireLink:
			s.update(func(st *Stats) { st.EnquireLinks++ })
			c.send(&smpp.EnquireLinkResp{Sequence: p.Sequence})
		case *smpp.EnquireLinkResp:
			s.update(func(st *Stats) { st.EnquireLinkResps++ })
		case *smpp.DeliverSMResp:
			s.update(func(st *Stats) { st.DeliverResps++ })
		case *smpp.GenericNack:
			s.update(func(st *Stats) { st.GenericNacks++ })
		case *smpp.Unbind:
			s.update(func(st *Stats) { st.Unbinds++ })
			c.send(&smpp.UnbindResp{Sequence: p.Sequence})
			return
		case *smpp.UnbindResp:
			s.update(func(st *Stats) { st.UnbindResps++ })
			return
		default:
			if !p.CommandID().IsResponse() {
				c.send(&smpp.GenericNack{Status: smpp.ESME_RINVCMDID, Sequence: p.SequenceNumber()})
			}
		}
	}
}

func (s *Server) enquire(c *conn) {
	defer s.wg.Done()
	t := time.NewTicker(s.opts.EnquireLink)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			if c.isBound() {
				c.send(&smpp.EnquireLink{Sequence: c.nextSeq()})
			}
		}
	}
}

func (s *Server) bind(c *conn, p *smpp.Bind) {
	resp := &smpp.BindResp{ID: p.ID.Response(), Sequence: p.Sequence, SystemID: "smsctest"}
	ok := s.opts.SystemID == "" || (p.SystemID == s.opts.SystemID && p.Password == s.opts.Password)
	c.mu.Lock()
	switch {
	case c.bound:
		resp.Status = smpp.ESME_RALYBND
	case !ok:
		resp.Status = smpp.ESME_RBINDFAIL
	default:
		c.bound = true
	}
	c.mu.Unlock()
	s.update(func(st *Stats) {
		if resp.Status == smpp.ESME_ROK {
			st.Binds++
		} else {
			st.BindFailures++
		}
	})
	c.send(resp)
}

func (s *Server) submit(c *conn, p *smpp.SubmitSM) {
	resp := &smpp.SubmitSMResp{Sequence: p.Sequence}
	var conc smpp.Concat
	payload := p.ShortMessage
	if !c.isBound() {
		resp.Status = smpp.ESME_RINVBNDSTS
	} else if p.ESMClass&smpp.ESMClassUDHI != 0 {
		var err error
		if conc, payload, err = smpp.ParseUDH(p.ShortMessage); err != nil {
			resp.Status = smpp.ESME_RINVESMCLASS
		}
	}
	s.mu.Lock()
	s.stats.Submits++
	if resp.Status == smpp.ESME_ROK && s.rejectN > 0 {
		s.rejectN--
		resp.Status = s.rejectStatus
	}
	if resp.Status != smpp.ESME_ROK {
		s.stats.Rejected++
	} else {
		s.nextID++
		resp.MessageID = fmt.Sprintf("%08X", s.nextID)
		s.recordLocked(p, conc, smpp.DecodeText(p.DataCoding, payload), resp.MessageID)
	}
	s.notifyLocked()
	s.mu.Unlock()
	c.send(resp)

	if resp.Status == smpp.ESME_ROK && s.opts.Receipts && p.RegisteredDelivery&0x01 != 0 {
		s.receipt(c, p, payload, resp.MessageID)
	}
}

// recordLocked stores one accepted part and completes its message.
func (s *Server) recordLocked(p *smpp.SubmitSM, conc smpp.Concat, text, id string) {
	if conc.Total <= 1 {
		s.msgs = append(s.msgs, Message{
			Source: p.SourceAddr, Dest: p.DestinationAddr, DataCoding: p.DataCoding,
			RegisteredDelivery: p.RegisteredDelivery, Text: text, Parts: 1, MessageIDs: []string{id},
		})
		return
	}
	k := partKey{p.SourceAddr, p.DestinationAddr, conc.Ref, conc.Total}
	pt := s.partial[k]
	if pt == nil {
		pt = &partial{dc: p.DataCoding, rd: p.RegisteredDelivery, texts: map[int]string{}, ids: map[int]string{}}
		s.partial[k] = pt
	}
	pt.texts[conc.Seq], pt.ids[conc.Seq] = text, id
	if len(pt.texts) < conc.Total {
		return
	}
	delete(s.partial, k)
	seqs := make([]int, 0, len(pt.texts))
	for n := range pt.texts {
		seqs = append(seqs, n)
	}
	sort.Ints(seqs)
	m := Message{Source: p.SourceAddr, Dest: p.DestinationAddr, DataCoding: pt.dc, RegisteredDelivery: pt.rd, Parts: conc.Total}
	for _, n := range seqs {
		m.Text += pt.texts[n]
		m.MessageIDs = append(m.MessageIDs, pt.ids[n])
	}
	s.msgs = append(s.msgs, m)
}

func (s *Server) receipt(c *conn, p *smpp.SubmitSM, payload []byte, id string) {
	stat := s.opts.ReceiptStat
	if stat == "" {
		stat = smpp.StatDelivered
	}
	r := smpp.DeliveryReceipt{MessageID: id, Sub: "001", Dlvrd: "000", Err: "001", Stat: stat}
	if stat == smpp.StatDelivered {
		r.Dlvrd, r.Err = "001", "000"
	}
	state := smpp.StateUnknown
	for st := smpp.StateEnroute; st <= smpp.StateRejected; st++ {
		if st.String() == stat {
			state = st
		}
	}
	now := time.Now().UTC().Truncate(time.Minute)
	r.SubmitDate, r.DoneDate = now, now
	if p.DataCoding == smpp.CodingDefault {
		r.Text = string(payload[:min(20, len(payload))])
	}
	d := &smpp.DeliverSM{
		Sequence:        c.nextSeq(),
		SourceAddrTON:   p.DestAddrTON,
		SourceAddrNPI:   p.DestAddrNPI,
		SourceAddr:      p.DestinationAddr,
		DestAddrTON:     p.SourceAddrTON,
		DestAddrNPI:     p.SourceAddrNPI,
		DestinationAddr: p.SourceAddr,
		ESMClass:        smpp.ESMClassReceipt,
		DataCoding:      smpp.CodingDefault,
		ShortMessage:    []byte(r.String()),
		TLVs: smpp.TLVs{
			{Tag: smpp.TagReceiptedMessageID, Value: append([]byte(id), 0)},
			{Tag: smpp.TagMessageState, Value: []byte{byte(state)}},
		},
	}
	if c.send(d) == nil {
		s.update(func(st *Stats) { st.Receipts++ })
	}
}
