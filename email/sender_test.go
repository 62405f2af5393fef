package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

const testFrom = "Beian 备案系统 <noreply@example.cn>"

func newTestSender(t *testing.T, cfg Config) *Sender {
	t.Helper()
	if cfg.From == "" {
		cfg.From = testFrom
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	s, err := NewSender(cfg)
	if err != nil {
		t.Fatalf("NewSender: %v", err)
	}
	return s
}

var chineseMessage = Message{
	To:      "张三 <zhangsan@example.com>",
	Subject: "【Beian】您的备案密码已重置",
	Text:    "您好：\n备案密码：Abc123xyz789\n如非本人操作，请联系管理员。\n",
	HTML:    "<p>您好：</p><p>备案密码：<b>Abc123xyz789</b></p>",
	ID:      "job-42",
}

// parsed is a received message decoded with net/mail and mime.
type parsed struct {
	header      mail.Header
	subject     string
	text, html  string
	contentType string
}

func parse(t *testing.T, raw []byte) parsed {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("ReadMessage: %v\n%s", err, raw)
	}
	var p parsed
	p.header = msg.Header
	p.subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type: %v", err)
	}
	p.contentType = mt
	if !strings.HasPrefix(mt, "multipart/") {
		p.text = decodeBody(t, msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
		return p
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("NextPart: %v", err)
		}
		pt, pp, err := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if err != nil {
			t.Fatalf("part Content-Type: %v", err)
		}
		if cs := strings.ToLower(pp["charset"]); cs != "utf-8" {
			t.Errorf("part %s charset = %q, want utf-8", pt, cs)
		}
		body := decodeBody(t, part.Header.Get("Content-Transfer-Encoding"), part)
		switch pt {
		case "text/plain":
			p.text = body
		case "text/html":
			p.html = body
		default:
			t.Errorf("unexpected part %s", pt)
		}
	}
	return p
}

func decodeBody(t *testing.T, cte string, r io.Reader) string {
	t.Helper()
	if strings.EqualFold(cte, "base64") {
		r = base64.NewDecoder(base64.StdEncoding, r)
	}
	b, err := io.ReadAll(r) // quoted-printable parts are decoded by multipart
	if err != nil {
		t.Fatalf("read body (%s): %v", cte, err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

func TestSendPlainChinese(t *testing.T) {
	be := &backend{}
	addr := startServer(t, be, serverOpts{})
	s := newTestSender(t, Config{Addr: addr, TLS: TLSNone})

	for range 2 { // a retry carries the same Message-ID
		if err := s.Send(context.Background(), chineseMessage); err != nil {
			t.Fatalf("Send: %v", err)
		}
	}
	msgs := be.messages()
	if len(msgs) != 2 {
		t.Fatalf("server got %d messages, want 2", len(msgs))
	}
	got := msgs[0]
	if got.From != "noreply@example.cn" || got.To != "zhangsan@example.com" {
		t.Errorf("envelope = %q -> %q", got.From, got.To)
	}
	if got.TLS {
		t.Error("session was TLS in mode none")
	}
	p := parse(t, got.Data)
	if p.subject != chineseMessage.Subject {
		t.Errorf("subject = %q, want %q", p.subject, chineseMessage.Subject)
	}
	if raw := p.header.Get("Subject"); !strings.HasPrefix(raw, "=?UTF-8?") {
		t.Errorf("raw subject %q is not RFC 2047 encoded", raw)
	}
	if p.contentType != "multipart/alternative" {
		t.Errorf("Content-Type = %q", p.contentType)
	}
	if p.text != chineseMessage.Text {
		t.Errorf("text = %q, want %q", p.text, chineseMessage.Text)
	}
	if p.html != chineseMessage.HTML {
		t.Errorf("html = %q, want %q", p.html, chineseMessage.HTML)
	}
	if id := p.header.Get("Message-Id"); id != "<job-42@example.cn>" {
		t.Errorf("Message-ID = %q", id)
	}
	if id2 := parse(t, msgs[1].Data).header.Get("Message-Id"); id2 != p.header.Get("Message-Id") {
		t.Errorf("retry Message-ID %q differs", id2)
	}
	if d, err := p.header.Date(); err != nil || time.Since(d) > time.Hour {
		t.Errorf("Date = %v, %v", d, err)
	}
	from, err := p.header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Beian 备案系统" || from[0].Address != "noreply@example.cn" {
		t.Errorf("From = %v, %v", from, err)
	}
	to, err := p.header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "张三" || to[0].Address != "zhangsan@example.com" {
		t.Errorf("To = %v, %v", to, err)
	}
}

func TestSendTextOnly(t *testing.T) {
	be := &backend{}
	addr := startServer(t, be, serverOpts{})
	s := newTestSender(t, Config{Addr: addr, TLS: TLSNone})
	m := Message{To: "a@example.com", Subject: "测试\r\nBcc: evil@example.com", Text: "仅文本"}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	p := parse(t, be.messages()[0].Data)
	if p.contentType != "text/plain" || p.text != "仅文本" {
		t.Errorf("got %s %q", p.contentType, p.text)
	}
	if p.subject != "测试 Bcc: evil@example.com" || p.header.Get("Bcc") != "" {
		t.Errorf("subject = %q, Bcc = %q", p.subject, p.header.Get("Bcc"))
	}
	if id := p.header.Get("Message-Id"); !strings.HasSuffix(id, ">") || id == "" {
		t.Errorf("generated Message-ID = %q", id)
	}
}

func TestSendStartTLSAuth(t *testing.T) {
	cert, pool := selfSigned(t)
	be := &backend{user: "beian", pass: "s3cret-密码"}
	addr := startServer(t, be, serverOpts{cert: cert})
	tlsCfg := &tls.Config{RootCAs: pool}

	s := newTestSender(t, Config{Addr: addr, User: "beian", Password: "s3cret-密码", TLSConfig: tlsCfg})
	if err := s.Send(context.Background(), chineseMessage); err != nil {
		t.Fatalf("Send: %v", err)
	}
	msgs := be.messages()
	if len(msgs) != 1 || !msgs[0].TLS || msgs[0].User != "beian" {
		t.Fatalf("messages = %+v", msgs)
	}

	bad := newTestSender(t, Config{Addr: addr, User: "beian", Password: "wrong", TLSConfig: tlsCfg})
	err := bad.Send(context.Background(), chineseMessage)
	if err == nil {
		t.Fatal("Send with a wrong password succeeded")
	}
	if !IsPermanent(err) || replyCode(err) != 535 {
		t.Errorf("wrong password: IsPermanent = %v, code %d: %v", IsPermanent(err), replyCode(err), err)
	}
}

func TestSendStartTLSUntrusted(t *testing.T) {
	cert, _ := selfSigned(t)
	be := &backend{}
	addr := startServer(t, be, serverOpts{cert: cert})
	s := newTestSender(t, Config{Addr: addr}) // system roots
	err := s.Send(context.Background(), chineseMessage)
	if err == nil || IsPermanent(err) {
		t.Fatalf("untrusted certificate: err = %v, permanent = %v", err, IsPermanent(err))
	}
	if n := len(be.messages()); n != 0 {
		t.Errorf("server got %d messages", n)
	}
}

func TestSendImplicitTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	be := &backend{user: "beian", pass: "pw"}
	addr := startServer(t, be, serverOpts{cert: cert, implicit: true})
	s := newTestSender(t, Config{Addr: addr, TLS: TLSImplicit, User: "beian", Password: "pw",
		TLSConfig: &tls.Config{RootCAs: pool}})
	if err := s.Send(context.Background(), chineseMessage); err != nil {
		t.Fatalf("Send: %v", err)
	}
	msgs := be.messages()
	if len(msgs) != 1 || !msgs[0].TLS || msgs[0].User != "beian" {
		t.Fatalf("messages = %+v", msgs)
	}
	if p := parse(t, msgs[0].Data); p.subject != chineseMessage.Subject {
		t.Errorf("subject = %q", p.subject)
	}
}

func TestSendStartTLSNotOffered(t *testing.T) {
	be := &backend{}
	addr := startServer(t, be, serverOpts{}) // no certificate: no STARTTLS
	s := newTestSender(t, Config{Addr: addr, TLS: TLSStartTLS})
	err := s.Send(context.Background(), chineseMessage)
	if err == nil {
		t.Fatal("Send without STARTTLS succeeded")
	}
	if !strings.Contains(err.Error(), "STARTTLS") || IsPermanent(err) {
		t.Errorf("err = %v, permanent = %v", err, IsPermanent(err))
	}
	if n := len(be.messages()); n != 0 {
		t.Errorf("server got %d messages", n)
	}
}

func TestSendTemporaryReply(t *testing.T) {
	be := &backend{dataErr: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}}
	addr := startServer(t, be, serverOpts{})
	s := newTestSender(t, Config{Addr: addr, TLS: TLSNone})
	err := s.Send(context.Background(), chineseMessage)
	if err == nil {
		t.Fatal("Send succeeded despite 451")
	}
	if IsPermanent(err) || replyCode(err) != 451 {
		t.Errorf("451: IsPermanent = %v, code %d: %v", IsPermanent(err), replyCode(err), err)
	}
}

func TestSendBadRecipient(t *testing.T) {
	be := &backend{rcptErr: func(to string) error {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user: " + to}
	}}
	addr := startServer(t, be, serverOpts{})
	s := newTestSender(t, Config{Addr: addr, TLS: TLSNone})
	err := s.Send(context.Background(), chineseMessage)
	if err == nil {
		t.Fatal("Send succeeded despite 550")
	}
	if !IsPermanent(err) || replyCode(err) != 550 {
		t.Errorf("550: IsPermanent = %v, code %d: %v", IsPermanent(err), replyCode(err), err)
	}
}

func TestSendServerDown(t *testing.T) {
	s := newTestSender(t, Config{Addr: closedAddr(t), TLS: TLSNone})
	err := s.Send(context.Background(), chineseMessage)
	if err == nil || IsPermanent(err) {
		t.Fatalf("closed port: err = %v, permanent = %v", err, IsPermanent(err))
	}
}

func TestSendContextCancelled(t *testing.T) {
	be := &backend{dataEnter: make(chan struct{}), dataWait: make(chan struct{})}
	addr := startServer(t, be, serverOpts{})
	t.Cleanup(func() { close(be.dataWait) }) // runs before the server closes
	s := newTestSender(t, Config{Addr: addr, TLS: TLSNone})

	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-be.dataEnter // the server holds the final DATA reply
		cancel()
	}()
	err := s.Send(ctx, chineseMessage)
	if !errors.Is(err, context.Canceled) || IsPermanent(err) {
		t.Fatalf("cancelled: err = %v, permanent = %v", err, IsPermanent(err))
	}

	err = s.Send(ctx, chineseMessage) // already cancelled: no dial at all
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("pre-cancelled: err = %v", err)
	}
}

func TestSendInvalidMessage(t *testing.T) {
	s := newTestSender(t, Config{Addr: closedAddr(t), TLS: TLSNone})
	for _, m := range []Message{
		{To: "", Text: "x"},
		{To: "not an address", Text: "x"},
		{To: "a@example.com", Text: " \n"},
	} {
		err := s.Send(context.Background(), m)
		if !errors.Is(err, ErrInvalidMessage) || !IsPermanent(err) {
			t.Errorf("%+v: err = %v", m, err)
		}
	}
}
