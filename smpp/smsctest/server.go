// Package smsctest provides a small SMSC for tests: it speaks real SMPP 3.4
// PDUs over TCP on 127.0.0.1, accepts binds, records submitted messages
// (re-assembling concatenated parts), answers with unique message IDs and
// can send delivery receipts. Tests can stop and restart it on the same
// address, make it reject submits, and drop its connections.
package smsctest

import (
	"net"
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
