package auth

import "github.com/beianhq/beian"

// ProviderKeys marks the routes of the registry's provider API: no account
// session is asked for, because the handler itself checks the provider's
// API key (Authorization: Bearer KEY) on every request and refuses
// anything else with 401.
var ProviderKeys = Access{"provider_key", func(*beian.Account) bool { return true }}
