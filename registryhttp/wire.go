// Package registryhttp is the registry's provider API over HTTP as the
// agent calls it: a client implementing beian.Registry for an agent that
// runs apart from the registry, and the wire forms the server decodes.
package registryhttp

import (
	"time"

	"github.com/beianhq/beian"
)

// TypeCheckRequest is the body of POST /api/v1/registry/type-check. The
// provider is the key's; it is never read from the body.
type TypeCheckRequest struct {
	CertNo     string             `json:"certNo"`
	Domains    []beian.FieldValue `json:"domains"`
	Exclude    int64              `json:"exclude"`
	Principals []beian.FieldValue `json:"principals"`
}

// TypeCheckResponse is its answer's params.
type TypeCheckResponse struct {
	FilingType  beian.FilingType `json:"filingType"`
	MainLicence string           `json:"mainLicence,omitempty"`
}

// SubmitRequest is the body of POST /api/v1/registry/filings: the frozen
// application as the agent hands it over, with its materials' kinds and
// checksums (the files stay with the provider).
type SubmitRequest struct {
	Filing beian.Filing `json:"filing"`
}

// SubmitResponse is its answer's params. Change is the registry's move
// made at once when nobody has to verify (the filing went to the bureau).
type SubmitResponse struct {
	ID          string                  `json:"id"`
	Status      beian.ApplicationStatus `json:"status"`
	SMSDeadline time.Time               `json:"smsDeadline"`
	Change      *beian.RegistryChange   `json:"change,omitempty"`
}

// Change is one entry of GET /api/v1/registry/changes: a transition of one
// of the provider's filings, with the cursor to ask from for what follows.
type Change struct {
	Cursor int64 `json:"cursor"`
	beian.RegistryChange
}

// ChangesResponse is the changes' params: the list and the cursor to ask
// from next (the one asked with when the list is empty).
type ChangesResponse struct {
	List   []Change `json:"list"`
	Cursor int64    `json:"cursor"`
}
