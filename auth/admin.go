package auth

import (
	"context"
	"strconv"
	"unicode/utf8"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/passhash"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
)

// What administrators do to staff accounts beyond creating and disabling
// them: change a reviewer's scope, reset a password or the second factor.
// Every call is audited with the administrator as actor, refused or not.

// maxProvider bounds a provider's name, in characters.
const maxProvider = 100

// Account returns one account, for the administrators' pages.
func (s *Accounts) Account(ctx context.Context, id int64) (*beian.Account, error) {
	return s.DB.FindAccountByID(ctx, id)
}

// SetScope sets what a reviewer reviews: the provider of a provider
// reviewer, the provinces (names or codes, at least one, none twice) of a
// bureau reviewer. Other roles have no scope.
func (s *Accounts) SetScope(ctx context.Context, admin *beian.Account, id int64, provider string, provinces []string, client string) error {
	return s.adminChange(ctx, admin, id, "account.scope", client, func(tx *store.Tx, a *beian.Account) error {
		switch a.Role {
		case beian.RoleProviderReviewer:
			if err := checkProvider(provider); err != nil {
				return err
			}
			return tx.SetAccountScope(ctx, id, provider, nil)
		case beian.RoleBureauReviewer:
			codes, err := CheckProvinces(provinces)
			if err != nil {
				return err
			}
			return tx.SetAccountScope(ctx, id, "", codes)
		}
		return beian.Errorf(beian.EINVALID, "只有审核员有负责范围（接入商或省份）")
	})
}

// ResetStaffPassword gives a staff account a new generated password, returned
// to be shown once, and ends the account's sessions and lock-out.
// Applicants reset their own by SMS; administrators change their own on
// their account page.
func (s *Accounts) ResetStaffPassword(ctx context.Context, admin *beian.Account, id int64, client string) (string, error) {
	password := GeneratePassword()
	err := s.adminChange(ctx, admin, id, "account.reset_password", client, func(tx *store.Tx, a *beian.Account) error {
		if err := staffOther(admin, a); err != nil {
			return err
		}
		if err := tx.SetAccountPassword(ctx, id, passhash.Hash(password)); err != nil {
			return err
		}
		for _, k := range []string{loginKey(a.Login), passwordKey(a.Login)} {
			if err := tx.ClearLockout(ctx, k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return password, nil
}

// ResetStaffTOTP forgets a staff account's authenticator and ends its sessions;
// a role that needs a second factor enrols again at its next login.
func (s *Accounts) ResetStaffTOTP(ctx context.Context, admin *beian.Account, id int64, client string) error {
	return s.adminChange(ctx, admin, id, "account.reset_totp", client, func(tx *store.Tx, a *beian.Account) error {
		if err := staffOther(admin, a); err != nil {
			return err
		}
		if err := tx.ResetAccountTOTP(ctx, id); err != nil {
			return err
		}
		if err := tx.ClearLockout(ctx, totpKey(a.Login)); err != nil {
			return err
		}
		return tx.DeleteSessions(ctx, id)
	})
}

// adminChange runs change on account id in one transaction with its audit
// record (outcome "changed"); a refusal is audited too ("refused"), in a
// transaction of its own since change's was rolled back.
func (s *Accounts) adminChange(ctx context.Context, admin *beian.Account, id int64, action, client string, change func(*store.Tx, *beian.Account) error) error {
	object := ""
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		a, err := tx.FindAccountByID(ctx, id)
		if err != nil {
			return err
		}
		object = a.Login + " " + string(a.Role)
		if err := change(tx, a); err != nil {
			return err
		}
		return tx.Audit(ctx, beian.AuditRecord{Actor: admin.Login, Action: action, Object: object, Client: client, Outcome: "changed"})
	})
	if err == nil || beian.ErrorCode(err) == beian.EINTERNAL {
		return err
	}
	if object == "" {
		object = "#" + strconv.FormatInt(id, 10)
	}
	if aerr := s.DB.InTx(ctx, func(tx *store.Tx) error {
		return tx.Audit(ctx, beian.AuditRecord{Actor: admin.Login, Action: action, Object: object, Client: client, Outcome: "refused"})
	}); aerr != nil {
		return aerr
	}
	return err
}

// staffOther refuses an applicant account and the administrator's own.
func staffOther(admin, a *beian.Account) error {
	switch {
	case a.Role == beian.RoleApplicant:
		return beian.Errorf(beian.EINVALID, "申请人账号请本人用手机验证码重置")
	case a.ID == admin.ID:
		return beian.Errorf(beian.EINVALID, "不能在这里重置自己的账号，请在「我的账号」中修改")
	}
	return nil
}

// checkProvider checks a provider reviewer's provider.
func checkProvider(p string) error {
	switch n := utf8.RuneCountInString(p); {
	case n == 0:
		return beian.FieldErrorf("provider", "初审员须指定所属接入商")
	case n > maxProvider:
		return beian.FieldErrorf("provider", "不能超过%d个字符", maxProvider)
	}
	return nil
}

// CheckProvinces turns province names or codes into codes: at least one,
// each known, none twice (however written).
func CheckProvinces(list []string) ([]string, error) {
	if len(list) == 0 {
		return nil, beian.FieldErrorf("provinces", "管局审核员须指定至少一个省份")
	}
	var codes []string
	seen := map[string]bool{}
	for _, p := range list {
		pr, ok := rules.LookupProvince(p)
		if !ok {
			return nil, beian.FieldErrorf("provinces", "未知的省份 %q", p)
		}
		if seen[pr.Code] {
			return nil, beian.FieldErrorf("provinces", "省份 %s 重复", pr.Name)
		}
		seen[pr.Code] = true
		codes = append(codes, pr.Code)
	}
	return codes, nil
}
