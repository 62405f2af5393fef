package agent

import (
	"bytes"
	"context"
	"errors"
	"io"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// AddMaterial stores an uploaded file of kind for application id, while
// the applicant may still change it. The content goes to the material
// store first and the row in a transaction; when the transaction fails the
// content is deleted again unless another row refers to it, so nothing of
// a failed upload is left behind.
func (s *Service) AddMaterial(ctx context.Context, actor *beian.Account, id int64, kind beian.MaterialKind, name string, b []byte) (*beian.Material, error) {
	a, err := s.load(ctx, actor, beian.EditApplication, id)
	if err != nil {
		return nil, err
	}
	if !a.Editable() {
		return nil, beian.Errorf(beian.ECONFLICT, "申请当前状态为“%s”，不能上传材料", a.Status.Label())
	}
	m, err := beian.NewMaterial(kind, name, b, s.Uploads)
	if err != nil {
		return nil, err
	}
	m.ApplicationID = id
	if err := s.Materials.Put(ctx, m.Key, bytes.NewReader(b), m.Size, m.ContentType); err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		a, err := tx.LockApplication(ctx, id)
		if err != nil {
			return err
		}
		if !a.Editable() {
			return beian.Errorf(beian.ECONFLICT, "申请当前状态为“%s”，不能上传材料", a.Status.Label())
		}
		if err := tx.InsertMaterial(ctx, m); err != nil {
			return err
		}
		return tx.Audit(ctx, beian.AuditRecord{Actor: actor.Login, Action: "material.upload", Object: auditOf(actor, "", a).Object, Outcome: string(kind)})
	})
	if err != nil {
		s.dropContent(m.Key)
		return nil, err
	}
	return m, nil
}

// dropContent deletes content no material row refers to. It runs after a
// failed request, so it does not use the request's context.
func (s *Service) dropContent(key string) {
	ctx := context.Background()
	if used, err := s.DB.MaterialKeyUsed(ctx, key); err != nil || used {
		return
	}
	s.Materials.Delete(ctx, key)
}

// OpenMaterial returns material mid of application id and its content, for
// the applicant and the provider's reviewer. The caller closes the reader.
func (s *Service) OpenMaterial(ctx context.Context, actor *beian.Account, id, mid int64) (*beian.Material, io.ReadCloser, error) {
	if _, err := s.load(ctx, actor, beian.ViewApplication, id); err != nil {
		return nil, nil, err
	}
	m, err := s.DB.FindMaterial(ctx, id, mid)
	if err != nil {
		return nil, nil, err
	}
	r, err := s.Materials.Get(ctx, m.Key)
	if err != nil {
		if beian.ErrorCode(err) == beian.ENOTFOUND {
			return nil, nil, errors.Join(errMaterialLost, err)
		}
		return nil, nil, err
	}
	return m, r, nil
}

// errMaterialLost: a row whose content is gone is the operator's problem,
// never the caller's.
var errMaterialLost = errors.New("material content missing from the store")

// MaterialsOf lists the materials of an application the caller may see.
func (s *Service) MaterialsOf(ctx context.Context, actor *beian.Account, id int64) ([]beian.Material, error) {
	if _, err := s.load(ctx, actor, beian.ViewApplication, id); err != nil {
		return nil, err
	}
	return s.DB.FindMaterials(ctx, id)
}
