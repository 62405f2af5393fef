package beian

import (
	"context"
	"time"
)

// Registry is the national registry as the agent sees it: it decides the
// filing type of a new filing from what it holds, and it receives the
// filings a provider has passed in initial review. The in-process
// implementation lives in package registry; a later one speaks HTTP, so
// the interface stays narrow and carries plain values.
type Registry interface {
	// CheckType returns the filing type of q (首次备案, 新增网站 or
	// 新增接入) and, for an entity already filed, its main number; a
	// 域名冲突 or 主办者冲突 is ECONFLICT.
	CheckType(ctx context.Context, q TypeCheckQuery) (TypeCheckAnswer, error)
	// Submit hands over the frozen snapshot of an application that passed
	// initial review. The registry starts its SMS verification; when
	// nobody has to verify, it moves the filing on at once and returns that
	// transition (nil otherwise). Submitting the same version again is safe.
	Submit(ctx context.Context, f Filing) (*RegistryChange, error)
	// FiledEntity returns the live filed entity that licence names (its
	// main number or one of its services' numbers), with its services and
	// their access records, for a change or a cancellation; ENOTFOUND when
	// there is none or it is cancelled.
	FiledEntity(ctx context.Context, licence string) (*Entity, error)
}

// TypeCheckQuery is what the type check looks at.
type TypeCheckQuery struct {
	CertNo   string
	Provider string // the provider of the product the services run on
	// Domains are the domains of the filing, each with the path that names
	// it in the request (domains[0], services[1].domains[0]).
	Domains []FieldValue
	// Exclude is the application being edited: it never conflicts with
	// itself (0 for a new one).
	Exclude int64
	// Principals are the certificate numbers of the principals the filing
	// names, with their fields, for the blacklist (may be empty).
	Principals []FieldValue
}

// FieldValue is a value with the path of the request field it came from.
type FieldValue struct {
	Field string
	Value string
}

// TypeCheckAnswer is the type check's answer.
type TypeCheckAnswer struct {
	FilingType  FilingType
	MainLicence string // set when the entity is filed
}

// Filing is an application as the registry receives it.
type Filing struct {
	ApplicationID int64              `json:"applicationId"`
	Version       int                `json:"version"`
	Provider      string             `json:"provider"`
	FilingType    FilingType         `json:"filingType"`
	Record        *ApplicationRecord `json:"record,omitempty"` // nil for a cancellation
	Cancel        *Cancellation      `json:"cancel,omitempty"` // set for a cancellation
	Products      []ProductChoice    `json:"products,omitempty"`
	SubmittedAt   time.Time          `json:"submittedAt"`
	// Materials are the kinds and checksums of the application's files;
	// the files stay with the provider.
	Materials []MaterialRef `json:"materials,omitempty"`
}

// ApplicationFilter selects applications for a list or a queue: every set
// field narrows it. A page is Limit rows from Offset.
type ApplicationFilter struct {
	AccountID int64  // an applicant's own
	Provider  string // a provider reviewer's queue
	Status    ApplicationStatus
	// ByDeadline orders by deadline (the soonest first, none last), as a
	// reviewer works; otherwise the newest first.
	ByDeadline    bool
	Offset, Limit int
}

// ApplicationSummary is one row of a list or queue.
type ApplicationSummary struct {
	ID          int64
	Status      ApplicationStatus
	UnitName    string
	FilingType  FilingType
	Provider    string
	SubmittedAt time.Time
	Deadline    time.Time
	UpdatedAt   time.Time
}
