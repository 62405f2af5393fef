package auth

import (
	"context"

	"github.com/beianhq/beian"
)

// TokenLogin is the first answer of a login for a client that holds its
// session token itself (the JSON API) instead of in a cookie.
type TokenLogin struct {
	LoginResult
	// Secret is the base32 enrolment secret (RFC 6238: SHA-1, 6 digits,
	// 30 s) when NeedTOTP is set and the account has no authenticator yet;
	// the first valid code confirms it.
	Secret string
}

// LoginWithToken is Login followed, when a second factor is owed, by the
// challenge the second step would show (TOTPChallenge): the same checks,
// lock-outs and audit records as the login page, which runs the same two
// calls a page apart.
func (s *Accounts) LoginWithToken(ctx context.Context, login, password, client string) (TokenLogin, error) {
	r, err := s.Login(ctx, login, password, client)
	if err != nil || !r.NeedTOTP {
		return TokenLogin{LoginResult: r}, err
	}
	c, err := s.TOTPChallenge(ctx, r.Token)
	if err != nil {
		return TokenLogin{}, err
	}
	return TokenLogin{LoginResult: r, Secret: c.Secret}, nil
}

// VerifyTOTPWithToken is VerifyTOTP for a token client: it also returns
// the account the new session belongs to.
func (s *Accounts) VerifyTOTPWithToken(ctx context.Context, token, code, client string) (*beian.Account, string, error) {
	fresh, err := s.VerifyTOTP(ctx, token, code, client)
	if err != nil {
		return nil, "", err
	}
	a, err := s.Session(ctx, fresh)
	if err != nil {
		return nil, "", err
	}
	return a, fresh, nil
}
