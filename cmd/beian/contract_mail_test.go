package main

import (
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// mailbox is an SMTP server that keeps what it accepts.
type mailbox struct {
	mu   sync.Mutex
	msgs []mailMsg
}

type mailMsg struct {
	to   string
	text string // the decoded text of every part
}

func (m *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &mailSession{box: m}, nil }

func (m *mailbox) all() []mailMsg {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]mailMsg(nil), m.msgs...)
}

type mailSession struct {
	box *mailbox
	to  string
}

func (s *mailSession) Mail(string, *smtp.MailOptions) error      { return nil }
func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error { s.to = to; return nil }
func (s *mailSession) Reset()                                    {}
func (s *mailSession) Logout() error                             { return nil }
func (s *mailSession) Data(r io.Reader) error {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	text := decodePart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	s.box.mu.Lock()
	s.box.msgs = append(s.box.msgs, mailMsg{to: s.to, text: text})
	s.box.mu.Unlock()
	return nil
}

// decodePart returns the text of a MIME entity, its parts' texts joined.
func decodePart(ctype, cte string, body io.Reader) string {
	mt, params, _ := mime.ParseMediaType(ctype)
	if strings.HasPrefix(mt, "multipart/") {
		var b strings.Builder
		mr := multipart.NewReader(body, params["boundary"])
		for p, err := mr.NextRawPart(); err == nil; p, err = mr.NextRawPart() {
			b.WriteString(decodePart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p))
		}
		return b.String()
	}
	switch strings.ToLower(cte) {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	}
	b, _ := io.ReadAll(body)
	return string(b)
}

// TestContractSMTP: with BEIAN_SMTP_ADDR set, a recovered password's email
// goes to that server once (also with --dev), its SMS to the dev outbox.
func TestContractSMTP(t *testing.T) {
	box := &mailbox{}
	srv := smtp.NewServer(box)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	x := newExt(t, "sqlite")
	x.vars["BEIAN_SMTP_ADDR"] = ln.Addr().String()
	x.vars["BEIAN_SMTP_FROM"] = "noreply@beian.test"
	x.vars["BEIAN_SMTP_TLS"] = "none"
	id := idNo("44010619900307001")
	if o, e, code := x.cmd(person("马小跳", id, "广东", "13800000031", "maxiaotiao.cn")+"\n", "import", "-"); code != 0 {
		t.Fatalf("import: %s %s", o, e)
	}
	x.serve("--dev")
	main := x.kw("马小跳", "")[0]["mainLicence"].(string)
	r := x.post("/api/v1/password/recover", "", `{"province": "广东", "licence": "`+main+`", "certType": "居民身份证", "certNo": "`+id+`"}`)
	if r.status != 200 {
		t.Fatalf("recover: %s", r.raw)
	}
	sms := x.outbox("13800000031", "sms", passwordRE)[1]
	var got []mailMsg
	poll(t, "the email at the SMTP server", func() bool { got = box.all(); return len(got) > 0 })
	m := passwordRE.FindStringSubmatch(got[0].text)
	if len(got) != 1 || got[0].to != "p13800000031@example.cn" || m == nil || m[1] != sms {
		t.Fatalf("SMTP received %d messages: %+v (SMS password %s)", len(got), got, sms)
	}
	if list := x.get("/api/v1/dev/outbox?to=p13800000031@example.cn", "").Params["list"].([]any); len(list) != 0 &&
		list[0].(map[string]any)["channel"] == "email" && list[0].(map[string]any)["state"] == "outbox" {
		t.Errorf("the email was kept in the dev outbox although a server is configured: %v", list)
	}
}
