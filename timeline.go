package beian

import (
	"slices"
	"time"
)

// TimelineEvent is one step in the life of a filed entity or service: its
// filing, each approved service, each change, access and cancellation.
type TimelineEvent struct {
	At      time.Time
	Kind    string // a filing type, or 备案通过 for a service's approval
	Licence string // the main or service number it concerns
	What    string
}

// Timeline orders the life of e (filed services and their history) oldest
// first. The history holds what each later filing changed.
func Timeline(e *Entity, hist []HistoryEntry) []TimelineEvent {
	// An imported entity was created after its services were approved: its
	// first filing is the earliest of the two.
	first := e.CreatedAt
	for _, s := range e.Services {
		if !s.ApprovedAt.IsZero() && (first.IsZero() || s.ApprovedAt.Before(first)) {
			first = s.ApprovedAt
		}
	}
	out := []TimelineEvent{{At: first, Kind: string(FilingFirst), Licence: e.MainLicence, What: "主体备案：" + e.UnitName}}
	for _, s := range e.Services {
		if !s.ApprovedAt.IsZero() {
			out = append(out, TimelineEvent{At: s.ApprovedAt, Kind: "备案通过", Licence: s.Licence, What: s.Type.Label() + "：" + s.Name})
		}
	}
	for _, h := range hist {
		l := h.ServiceLicence
		if l == "" {
			l = e.MainLicence
		}
		out = append(out, TimelineEvent{At: h.At, Kind: string(h.FilingType), Licence: l, What: h.What})
	}
	slices.SortStableFunc(out, func(a, b TimelineEvent) int { return a.At.Compare(b.At) })
	return out
}
