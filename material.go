package beian

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"time"
)

// MaterialKind is what an uploaded file shows. The values are part of the
// public API.
type MaterialKind string

// Material kinds.
const (
	MaterialEntityCert       MaterialKind = "entityCert"       // 主办单位证件
	MaterialPrincipalIDFront MaterialKind = "principalIdFront" // 负责人证件（人像面）
	MaterialPrincipalIDBack  MaterialKind = "principalIdBack"  // 负责人证件（国徽面）
	MaterialPrincipalPhoto   MaterialKind = "principalPhoto"   // 真实性核验照片
	MaterialChecklist        MaterialKind = "checklist"        // 核验单 / 承诺书
	MaterialOther            MaterialKind = "other"            // 其他材料
)

// MaterialKinds lists every kind in the order a form shows them.
var MaterialKinds = []MaterialKind{
	MaterialEntityCert, MaterialPrincipalIDFront, MaterialPrincipalIDBack,
	MaterialPrincipalPhoto, MaterialChecklist, MaterialOther,
}

var materialLabels = map[MaterialKind]string{
	MaterialEntityCert:       "主办单位证件",
	MaterialPrincipalIDFront: "负责人证件人像面",
	MaterialPrincipalIDBack:  "负责人证件国徽面",
	MaterialPrincipalPhoto:   "真实性核验照片",
	MaterialChecklist:        "核验单或承诺书",
	MaterialOther:            "其他材料",
}

// Valid reports whether k is a known kind.
func (k MaterialKind) Valid() bool { _, ok := materialLabels[k]; return ok }

// Label is the Chinese name of the kind.
func (k MaterialKind) Label() string {
	if l, ok := materialLabels[k]; ok {
		return l
	}
	return string(k)
}

// Material is one uploaded file of an application. The content lives in a
// MaterialStore under Key.
type Material struct {
	ID            int64
	ApplicationID int64
	Kind          MaterialKind
	Name          string // the file name the applicant gave, for display only
	ContentType   string // image/jpeg, image/png or application/pdf, by content
	Size          int64
	SHA256        string // lower-case hex
	Key           string // where the content is stored
	CreatedAt     time.Time
}

// RequiredMaterials returns the kinds a submission needs for an entity of the
// given nature: both sides of the principal's certificate and the
// verification photo, and the entity certificate for every nature but 个人.
func RequiredMaterials(nature string) []MaterialKind {
	kinds := []MaterialKind{MaterialPrincipalIDFront, MaterialPrincipalIDBack, MaterialPrincipalPhoto}
	if nature != NaturePersonal {
		kinds = append([]MaterialKind{MaterialEntityCert}, kinds...)
	}
	return kinds
}

// NaturePersonal is the 单位性质 of an individual's filing.
const NaturePersonal = "个人"

// CheckMaterials returns an EINVALID error naming materials.KIND for the
// first required kind missing from have.
func CheckMaterials(nature string, have []Material) error {
	got := map[MaterialKind]bool{}
	for _, m := range have {
		got[m.Kind] = true
	}
	for _, k := range RequiredMaterials(nature) {
		if !got[k] {
			return FieldErrorf("materials."+string(k), "请上传%s", k.Label())
		}
	}
	return nil
}

// MaterialStore holds the content of uploaded materials. Keys are chosen by
// the caller (the store layer uses the SHA-256 in hex, so the same file
// uploaded twice is stored once, and must count references before Delete).
//
// Put stores all of r under key or nothing: a failed or cancelled Put leaves
// no partial object behind. Putting an existing key replaces its content.
// Get returns ENOTFOUND for a key that is not there; the caller closes the
// reader. Delete of a missing key is not an error.
type MaterialStore interface {
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	Delete(ctx context.Context, key string) error
}

// MaxMaterialKeyLen is the longest key a MaterialStore accepts.
const MaxMaterialKeyLen = 128

// CheckMaterialKey returns an EINVALID error unless key is 1 to 128 ASCII
// letters, digits, '-', '_' or '.', not starting with '.'. Stores call it so
// that a key can never name a path outside their directory or bucket prefix.
func CheckMaterialKey(key string) error {
	if key == "" || len(key) > MaxMaterialKeyLen || key[0] == '.' {
		return Errorf(EINVALID, "材料存储键 %q 无效", key)
	}
	for _, c := range key {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return Errorf(EINVALID, "材料存储键 %q 无效", key)
		}
	}
	return nil
}

// NewMaterial checks an uploaded file (CheckUpload) and returns the material
// it makes, keyed by its SHA-256; the caller stores b under m.Key.
func NewMaterial(kind MaterialKind, name string, b []byte, lim UploadLimits) (*Material, error) {
	if !kind.Valid() {
		return nil, FieldErrorf("kind", "未知的材料类型 %q，应为 entityCert、principalIdFront、principalIdBack、principalPhoto、checklist 或 other", string(kind))
	}
	ct, err := CheckUpload(b, lim)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])
	if n := []rune(name); len(n) > 100 {
		name = string(n[:100])
	}
	return &Material{Kind: kind, Name: name, ContentType: ct, Size: int64(len(b)), SHA256: h, Key: h}, nil
}
