package auth

import (
	"context"

	"github.com/beianhq/beian"
)

// List returns every account, for the administrators' page. The route
// guard admits administrators only; this is the service the page calls.
func (s *Accounts) List(ctx context.Context) ([]*beian.Account, error) {
	return s.DB.FindAccounts(ctx)
}
