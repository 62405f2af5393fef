package registry

import (
	"context"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// InProcess is the registry as the agent sees it when one binary runs both
// sides: Registry's type check, and submissions taken by Filings inside the
// agent's approving transaction (SubmitTx), so the application and the
// filing commit together.
type InProcess struct {
	*Registry
	Filings *Filings
}

var _ beian.Registry = InProcess{}

// SubmitTx hands an approved application to SMS verification in tx.
// The change returned, if any, is the registry's move past SMS
// verification when nobody has to verify.
func (p InProcess) SubmitTx(ctx context.Context, tx *store.Tx, f beian.Filing) (*beian.RegistryChange, error) {
	return p.Filings.SubmitTx(ctx, tx, f)
}

// Submit implements beian.Registry in a transaction of its own.
func (p InProcess) Submit(ctx context.Context, f beian.Filing) (*beian.RegistryChange, error) {
	var c *beian.RegistryChange
	err := p.Filings.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		c, err = p.Filings.SubmitTx(ctx, tx, f)
		return err
	})
	return c, err
}
