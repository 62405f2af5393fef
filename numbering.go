package beian

import (
	"strconv"
	"time"

	"github.com/beianhq/beian/rules"
)

// MaxFilingSeq is the highest sequence a province's main numbers reach in
// one year (six digits).
const MaxFilingSeq = 999999

// NumberingYear is the year a new main number of e takes: that of its
// first approval in Shanghai, now for a new filing.
func (e *Entity) NumberingYear(now time.Time) int {
	first := now
	for _, s := range e.Services {
		if !s.ApprovedAt.IsZero() && s.ApprovedAt.Before(first) {
			first = s.ApprovedAt
		}
	}
	return first.In(Shanghai).Year()
}

// NextServiceNumber is the service number (the n of “-n”) after the highest
// one e's services hold, 1 when none does.
func (e *Entity) NextServiceNumber() int {
	next := 1
	for _, s := range e.Services {
		if l, err := rules.ParseLicence(s.Licence); err == nil {
			next = max(next, l.Service+1)
		}
	}
	return next
}

// NumberServices gives each service of e without a number the next one
// under e.MainLicence, after the highest given, with its type's suffix
// (-n, -nA, -nX, -nK). Returns EINVALID for a given number that does not
// parse.
func (e *Entity) NumberServices() error {
	for i, s := range e.Services {
		if _, err := rules.ParseLicence(s.Licence); s.Licence != "" && err != nil {
			return FieldError("services["+strconv.Itoa(i)+"].serviceLicence", err)
		}
	}
	next := e.NextServiceNumber()
	for _, s := range e.Services {
		if s.Licence == "" {
			s.Licence = e.MainLicence + "-" + strconv.Itoa(next) + rules.ServiceSuffix(int(s.Type))
			next++
		}
	}
	return nil
}
