package beian

import "time"

// ProviderKey is an access provider's API key as the registry keeps it:
// who it belongs to and whether it still works. The key itself is shown
// once when it is made; only its SHA-256 is stored.
type ProviderKey struct {
	ID        int64
	Provider  string
	CreatedAt time.Time
	RevokedAt time.Time // zero while the key works
}
