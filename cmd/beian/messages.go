package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// runMessages prints the delivery record: messages newest first, filtered
// by recipient and state, for operators.
func runMessages(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	c := DefaultConfig()
	fs, env := flagSet("messages", &c, stderr, getenv)
	storeFlags(fs, &c, env)
	to := fs.String("to", "", "only messages to this mobile number or email address")
	state := fs.String("state", "", "only messages in this state: queued, sent, delivered, failed, dead, refused, outbox")
	limit := fs.Int("limit", 50, "at most this many messages")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("messages takes no arguments, got %q", fs.Args())}
	}
	switch beian.MessageState(*state) {
	case "", beian.MessageQueued, beian.MessageSent, beian.MessageDelivered, beian.MessageFailed,
		beian.MessageDead, beian.MessageRefused, beian.MessageOutbox:
	default:
		return usageError{fmt.Sprintf("--state %q is not a message state", *state)}
	}
	if *limit <= 0 || *limit > 10000 {
		return usageError{"--limit must be between 1 and 10000"}
	}
	if err := c.Validate(); err != nil {
		return usageError{err.Error()}
	}
	db, err := store.Open(ctx, c.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.FindMessages(ctx, beian.MessageFilter{To: *to, State: beian.MessageState(*state), Limit: *limit})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCREATED\tCHANNEL\tTO\tTEMPLATE\tSTATE\tVIA\tATTEMPTS\tLAST ERROR")
	for _, m := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", m.ID, m.CreatedAt.In(beian.Shanghai).Format("2006-01-02 15:04:05"),
			m.Channel, m.To, m.Template, m.State, m.Via, m.Attempts, strings.ReplaceAll(m.LastError, "\n", " "))
	}
	return tw.Flush()
}
