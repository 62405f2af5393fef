// Package smsctest provides a small SMSC for tests: it speaks real SMPP 3.4
// PDUs over TCP on 127.0.0.1, accepts binds, records submitted messages
// (re-assembling concatenated parts), answers with unique message IDs and
// can send delivery receipts. Tests can stop and restart it on the same
// address, make it reject submits, and drop its connections.
package smsctest

import (
	"errors"
	"fmt"
	"net"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/beianhq/beian/smpp"
)

// Options configures a Server.
type Options struct {
	// SystemID and Password are the credentials binds must carry; a bind
	// with others gets ESME_RBINDFAIL. An empty SystemID accepts any.
	SystemID, Password string

	// Receipts makes the server send a delivery receipt (deliver_sm with
	// esm_class 0x04) for every accepted part whose submit_sm asked for
	// one (registered_delivery bit 0).
	Receipts bool
	// ReceiptStat is the stat of those receipts; "" means "DELIVRD".
	ReceiptStat string

	// EnquireLink, if positive, makes the server send enquire_link to each
	// bound client at this interval.
	EnquireLink time.Duration
}

// Message is a submitted message, re-assembled from its parts.
type Message struct {
	Source, Dest       string
	DataCoding         byte
	RegisteredDelivery byte
	Text               string   // each part decoded separately, then joined
	Parts              int      // number of submit_sm
	MessageIDs         []string // one per part, in part order
}

// Stats counts what the server has seen since Start.
type Stats struct {
	Connections      int // TCP connections accepted
	Binds            int // successful binds
	BindFailures     int // binds refused
	Submits          int // submit_sm received, including rejected ones
	Rejected         int // submit_sm answered with an error status
	EnquireLinks     int // enquire_link received from clients
	EnquireLinkResps int // enquire_link_resp received (to the server's enquire_link)
	Unbinds          int // unbind received from clients
	UnbindResps      int // unbind_resp received (to Server.Unbind)
	Receipts         int // delivery receipts sent
	DeliverResps     int // deliver_sm_resp received
	GenericNacks     int // generic_nack received
}

// Server is a test SMSC. Its methods are safe for concurrent use.
type Server struct {
	t    testing.TB
	opts Options
	addr string

	mu           sync.Mutex
	ln           net.Listener
	conns        map[*conn]struct{}
	msgs         []Message
	partial      map[partKey]*partial
	stats        Stats
	rejectN      int
	rejectStatus smpp.Status
	nextID       int
	changed      chan struct{}
	wg           sync.WaitGroup
}

type partKey struct {
	src, dst string
	ref      uint16
	total    int
}

type partial struct {
	dc, rd byte
	texts  map[int]string
	ids    map[int]string
}

type conn struct {
	nc    net.Conn
	wmu   sync.Mutex
	mu    sync.Mutex
	bound bool
	seq   uint32
	done  chan struct{}
}

// Start starts a server on 127.0.0.1 with a free port and stops it when
// the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smsctest: %v", err)
	}
	s := &Server{
		t:       t,
		opts:    opts,
		addr:    ln.Addr().String(),
		conns:   make(map[*conn]struct{}),
		partial: make(map[partKey]*partial),
		changed: make(chan struct{}),
	}
	s.serve(ln)
	t.Cleanup(s.Stop)
	return s
}

// Addr returns the host:port the server listens on, the same across
// restarts.
func (s *Server) Addr() string { return s.addr }

func (s *Server) serve(ln net.Listener) {
	s.mu.Lock()
	s.ln = ln
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			c := &conn{nc: nc, done: make(chan struct{})}
			s.mu.Lock()
			if s.ln != ln { // stopped meanwhile
				s.mu.Unlock()
				nc.Close()
				return
			}
			s.conns[c] = struct{}{}
			s.stats.Connections++
			s.notifyLocked()
			s.mu.Unlock()
			s.wg.Add(1)
			go s.handle(c)
		}
	}()
}

// Stop closes the listener and every connection (without unbind, as a
// crashing SMSC would) and waits for the server's goroutines. Restart
// brings it back. Stop is idempotent.
func (s *Server) Stop() {
	s.mu.Lock()
	if s.ln != nil {
		s.ln.Close()
		s.ln = nil
	}
	for c := range s.conns {
		c.nc.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// Restart listens again on the same address after Stop.
func (s *Server) Restart() {
	s.t.Helper()
	s.mu.Lock()
	running := s.ln != nil
	s.mu.Unlock()
	if running {
		s.t.Fatalf("smsctest: Restart while running")
	}
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatalf("smsctest: restart: %v", err)
	}
	s.serve(ln)
}

// DropConnections closes every client connection abruptly; the server
// keeps listening.
func (s *Server) DropConnections() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.nc.Close()
	}
}

// Unbind sends an unbind to every bound client; the server closes each
// connection when the client answers.
func (s *Server) Unbind() {
	s.mu.Lock()
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		if c.isBound() {
			c.send(&smpp.Unbind{Sequence: c.nextSeq()})
		}
	}
}

// RejectNext makes the server answer the next n submit_sm with status
// (for example smpp.ESME_RTHROTTLED).
func (s *Server) RejectNext(n int, status smpp.Status) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectN, s.rejectStatus = n, status
}

// Messages returns the messages completely received so far, in order of
// their last part.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// WaitFor calls cond whenever the server's state changes until it returns
// true (WaitFor returns true) or timeout passes (WaitFor returns false).
func (s *Server) WaitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return true
		}
		select {
		case <-ch:
		case <-deadline.C:
			return cond()
		}
	}
}

func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) update(f func(*Stats)) {
	s.mu.Lock()
	f(&s.stats)
	s.notifyLocked()
	s.mu.Unlock()
}

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
