package smsctest_test

import (
	"net"
	"testing"
	"time"

	"github.com/beianhq/beian/smpp"
	"github.com/beianhq/beian/smpp/smsctest"
)

// rawConn speaks PDUs to the server directly, without smpp.Client.
type rawConn struct {
	t  *testing.T
	nc net.Conn
}

func connect(t *testing.T, srv *smsctest.Server) *rawConn {
	t.Helper()
	nc, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	nc.SetDeadline(time.Now().Add(5 * time.Second))
	return &rawConn{t, nc}
}

func (c *rawConn) call(p smpp.PDU) smpp.PDU {
	c.t.Helper()
	if err := smpp.WritePDU(c.nc, p); err != nil {
		c.t.Fatal(err)
	}
	r, err := smpp.ReadPDU(c.nc)
	if err != nil {
		c.t.Fatal(err)
	}
	if r.SequenceNumber() != p.SequenceNumber() {
		c.t.Fatalf("response %#v to sequence %d", r, p.SequenceNumber())
	}
	return r
}

func TestServer(t *testing.T) {
	srv := smsctest.Start(t, smsctest.Options{SystemID: "id", Password: "pw"})
	c := connect(t, srv)

	// Submitting before binding is refused.
	if r := c.call(&smpp.SubmitSM{Sequence: 1, ShortMessage: []byte("x")}); r.CommandStatus() != smpp.ESME_RINVBNDSTS {
		t.Errorf("submit before bind: %#v", r)
	}
	if r := c.call(&smpp.Bind{ID: smpp.BindTransmitterID, Sequence: 2, SystemID: "id", Password: "no"}); r.CommandStatus() != smpp.ESME_RBINDFAIL {
		t.Errorf("bad password: %#v", r)
	}
	r := c.call(&smpp.Bind{ID: smpp.BindTransmitterID, Sequence: 3, SystemID: "id", Password: "pw", InterfaceVersion: 0x34})
	if br, ok := r.(*smpp.BindResp); !ok || br.ID != smpp.BindTransmitterRespID || br.Status != smpp.ESME_ROK {
		t.Fatalf("bind: %#v", r)
	}

	// Parts arriving out of order, with a 16-bit reference, are re-assembled.
	parts := [][]byte{
		{6, 0x08, 4, 0x01, 0x02, 3, 3, 'c'},
		{6, 0x08, 4, 0x01, 0x02, 3, 1, 'a'},
		{6, 0x08, 4, 0x01, 0x02, 3, 2, 'b'},
	}
	var ids []string
	for i, p := range parts {
		r := c.call(&smpp.SubmitSM{Sequence: uint32(10 + i), SourceAddr: "s", DestinationAddr: "d", ESMClass: 0x40, ShortMessage: p})
		if r.CommandStatus() != smpp.ESME_ROK {
			t.Fatalf("part %d: %#v", i, r)
		}
		ids = append(ids, r.(*smpp.SubmitSMResp).MessageID)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 || msgs[0].Text != "abc" || msgs[0].Parts != 3 ||
		msgs[0].MessageIDs[0] != ids[1] || msgs[0].MessageIDs[1] != ids[2] || msgs[0].MessageIDs[2] != ids[0] {
		t.Errorf("messages %+v, ids %v", msgs, ids)
	}

	if r := c.call(&smpp.RawPDU{ID: smpp.QuerySMID, Sequence: 20}); r.CommandID() != smpp.GenericNackID || r.CommandStatus() != smpp.ESME_RINVCMDID {
		t.Errorf("query_sm: %#v", r)
	}
	if r := c.call(&smpp.EnquireLink{Sequence: 21}); r.CommandID() != smpp.EnquireLinkRespID {
		t.Errorf("enquire_link: %#v", r)
	}
	if r := c.call(&smpp.Unbind{Sequence: 22}); r.CommandID() != smpp.UnbindRespID {
		t.Errorf("unbind: %#v", r)
	}
	want := smsctest.Stats{Connections: 1, Binds: 1, BindFailures: 1, Submits: 4, Rejected: 1, EnquireLinks: 1, Unbinds: 1}
	if st := srv.Stats(); st != want {
		t.Errorf("stats %+v\nwant  %+v", st, want)
	}
}

func TestServerRestart(t *testing.T) {
	srv := smsctest.Start(t, smsctest.Options{})
	addr := srv.Addr()
	connect(t, srv)
	srv.WaitFor(5*time.Second, func() bool { return srv.Stats().Connections == 1 })
	srv.Stop()
	if _, err := net.Dial("tcp", addr); err == nil {
		t.Error("connected to a stopped server")
	}
	srv.Restart()
	if srv.Addr() != addr {
		t.Errorf("address changed from %s to %s", addr, srv.Addr())
	}
	c := connect(t, srv)
	if r := c.call(&smpp.Bind{ID: smpp.BindTransceiverID, Sequence: 1, SystemID: "any"}); r.CommandStatus() != smpp.ESME_ROK {
		t.Errorf("bind after restart: %#v", r)
	}
}
