package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/beianhq/beian"
)

// FormerProviders returns the providers that served shell s before it
// became one, as the history of its services keeps them (the access
// records before each change), sorted: for a service its own, for an
// entity those of all its services.
func (r reader) FormerProviders(ctx context.Context, s Shell) ([]string, error) {
	q := `SELECT old FROM service_history WHERE service_id = ?`
	if s.Kind == "entity" {
		q = `SELECT old FROM service_history WHERE entity_id = ?`
	}
	rows, err := r.query(ctx, q, s.TargetID)
	if err != nil {
		return nil, fmt.Errorf("former providers: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var old oldService
		if err := json.Unmarshal([]byte(doc), &old); err != nil {
			return nil, fmt.Errorf("service history: %w", err)
		}
		for _, a := range old.Access {
			if !slices.Contains(out, a.Provider) {
				out = append(out, a.Provider)
			}
		}
	}
	slices.Sort(out)
	return out, rows.Err()
}

// ProviderReviewers returns the enabled provider reviewers of providers
// that have an email address for notices, by provider and login.
func (r reader) ProviderReviewers(ctx context.Context, providers []string) ([]*beian.Account, error) {
	if len(providers) == 0 {
		return nil, nil
	}
	args := []any{beian.RoleProviderReviewer}
	for _, p := range providers {
		args = append(args, p)
	}
	rows, err := r.query(ctx, accountSelect+` WHERE role = ? AND disabled = 0 AND email <> '' AND provider IN (?`+
		strings.Repeat(", ?", len(providers)-1)+`) ORDER BY provider, login`, args...)
	if err != nil {
		return nil, fmt.Errorf("provider reviewers: %w", err)
	}
	defer rows.Close()
	var out []*beian.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
