package http

import (
	"context"
	"net/http"
	"strings"

	"github.com/beianhq/beian"
)

// MessageFinder lists messages, for the dev outbox.
type MessageFinder interface {
	FindMessages(ctx context.Context, f beian.MessageFilter) ([]*beian.Message, error)
}

// outboxItem is one message as the dev outbox API shows it.
type outboxItem struct {
	Channel   string `json:"channel"`
	To        string `json:"to"`
	Subject   string `json:"subject"`
	Body      string `json:"body"`
	CreatedAt string `json:"createdAt"`
	State     string `json:"state"`
}

type outboxList struct {
	List []outboxItem `json:"list"`
}

func (s *Server) outbox(r *http.Request) ([]*beian.Message, string, error) {
	to := strings.TrimSpace(r.URL.Query().Get("to"))
	if len(to) > 254 {
		return nil, to, beian.FieldErrorf("to", "过长")
	}
	list, err := s.Messages.FindMessages(r.Context(), beian.MessageFilter{To: to, Limit: 200})
	return list, to, err
}

// handleAPIOutbox serves GET /api/v1/dev/outbox: every message
// to an address, newest first; only in development mode.
func (s *Server) handleAPIOutbox(w http.ResponseWriter, r *http.Request) error {
	if !s.Dev || s.Messages == nil {
		return errNotFound
	}
	list, _, err := s.outbox(r)
	if err != nil {
		return err
	}
	out := outboxList{List: make([]outboxItem, 0, len(list))}
	for _, m := range list {
		out.List = append(out.List, outboxItem{
			Channel:   string(m.Channel),
			To:        m.To,
			Subject:   m.Subject,
			Body:      m.Body,
			CreatedAt: m.CreatedAt.In(beian.Shanghai).Format(timeLayout),
			State:     string(m.State),
		})
	}
	writeJSON(w, http.StatusOK, envelope{Code: 200, Msg: "操作成功", Success: true, Params: out})
	return nil
}

// outboxPage is the dev outbox page.
type outboxPage struct {
	Page
	To       string
	Messages []*beian.Message
}

func (s *Server) handleOutboxPage(w http.ResponseWriter, r *http.Request) error {
	if !s.Dev || s.Messages == nil {
		return errNotFound
	}
	list, to, err := s.outbox(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "outbox.html", outboxPage{Page: Page{Title: "开发发件箱"}, To: to, Messages: list})
	return nil
}
