package smpp_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/beianhq/beian/smpp"
)

func TestStatusError(t *testing.T) {
	tests := []struct {
		status    smpp.Status
		name      string
		temporary bool
	}{
		{smpp.ESME_RTHROTTLED, "ESME_RTHROTTLED", true},
		{smpp.ESME_RMSGQFUL, "ESME_RMSGQFUL", true},
		{smpp.ESME_RSYSERR, "ESME_RSYSERR", true},
		{smpp.ESME_RX_T_APPN, "ESME_RX_T_APPN", true},
		{smpp.ESME_RINVDSTADR, "ESME_RINVDSTADR", false},
		{smpp.ESME_RINVSRCADR, "ESME_RINVSRCADR", false},
		{smpp.ESME_RINVDSTTON, "ESME_RINVDSTTON", false},
		{smpp.ESME_RBINDFAIL, "ESME_RBINDFAIL", false},
		{smpp.ESME_RSUBMITFAIL, "ESME_RSUBMITFAIL", false},
		{0x0400, "0x00000400", false},
	}
	for _, tt := range tests {
		if tt.status.String() != tt.name {
			t.Errorf("Status(0x%X).String() = %q, want %q", uint32(tt.status), tt.status.String(), tt.name)
		}
		var err error = fmt.Errorf("sending: %w", &smpp.StatusError{Command: smpp.SubmitSMID, Status: tt.status})
		if got := smpp.IsTemporary(err); got != tt.temporary {
			t.Errorf("IsTemporary(%v) = %v, want %v", err, got, tt.temporary)
		}
		var se *smpp.StatusError
		if !errors.As(err, &se) || se.Status != tt.status || se.Temporary() != tt.temporary {
			t.Errorf("errors.As(%v) = %+v", err, se)
		}
	}
	e := &smpp.StatusError{Command: smpp.SubmitSMID, Status: smpp.ESME_RTHROTTLED}
	if want := "smpp: submit_sm: ESME_RTHROTTLED (0x00000058)"; e.Error() != want {
		t.Errorf("Error() = %q, want %q", e.Error(), want)
	}
	for _, err := range []error{smpp.ErrNotConnected, smpp.ErrConnectionLost, smpp.ErrTimeout,
		fmt.Errorf("%w: %w", smpp.ErrConnectionLost, errors.New("EOF"))} {
		if !smpp.IsTemporary(err) {
			t.Errorf("IsTemporary(%v) = false", err)
		}
	}
	for _, err := range []error{nil, smpp.ErrClosed, smpp.ErrTextTooLong, errors.New("x")} {
		if smpp.IsTemporary(err) {
			t.Errorf("IsTemporary(%v) = true", err)
		}
	}
}
