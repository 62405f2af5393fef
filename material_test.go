package beian_test

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"

	"github.com/beianhq/beian"
)

func TestCheckMaterials(t *testing.T) {
	all := []beian.Material{{Kind: beian.MaterialEntityCert}, {Kind: beian.MaterialPrincipalIDFront}, {Kind: beian.MaterialPrincipalIDBack}, {Kind: beian.MaterialPrincipalPhoto}}
	tests := []struct {
		nature string
		have   []beian.Material
		want   string // the field named, "" for none
	}{
		{"企业", all, ""},
		{"企业", all[1:], "materials.entityCert"},
		{"个人", all[1:], ""},
		{"个人", []beian.Material{{Kind: beian.MaterialPrincipalIDFront}, {Kind: beian.MaterialPrincipalPhoto}}, "materials.principalIdBack"},
		{"个人", nil, "materials.principalIdFront"},
		{"事业单位", append([]beian.Material{{Kind: beian.MaterialOther}}, all[:3]...), "materials.principalPhoto"},
	}
	for _, tt := range tests {
		err := beian.CheckMaterials(tt.nature, tt.have)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s %v: %v", tt.nature, tt.have, err)
			}
			continue
		}
		var field string
		if e, ok := err.(*beian.Error); ok {
			field = e.Field
		}
		if field != tt.want || !strings.HasPrefix(err.Error(), tt.want+": 请上传") {
			t.Errorf("%s: %v (field %q), want %s", tt.nature, err, field, tt.want)
		}
	}
}

func TestMaterialKinds(t *testing.T) {
	want := []string{"entityCert", "principalIdFront", "principalIdBack", "principalPhoto", "checklist", "other"}
	for i, k := range beian.MaterialKinds {
		if string(k) != want[i] || !k.Valid() || k.Label() == string(k) {
			t.Errorf("kind %d: %q valid %v label %q", i, k, k.Valid(), k.Label())
		}
	}
	if beian.MaterialKind("photo").Valid() {
		t.Error("unknown kind valid")
	}
}

func TestCheckMaterialKey(t *testing.T) {
	for key, ok := range map[string]bool{
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855": true,
		"a.pdf": true, "": false, ".hidden": false, "../etc/passwd": false, "a/b": false, "a b": false,
		strings.Repeat("a", 129): false,
	} {
		if err := beian.CheckMaterialKey(key); (err == nil) != ok {
			t.Errorf("CheckMaterialKey(%q) = %v", key, err)
		}
	}
}

func TestNewMaterial(t *testing.T) {
	b := pngOf(t, 400, 400)
	m, err := beian.NewMaterial(beian.MaterialPrincipalPhoto, "照片.png", b, beian.DefaultUploadLimits)
	if err != nil {
		t.Fatal(err)
	}
	if m.ContentType != beian.ContentPNG || m.Size != int64(len(b)) || m.SHA256 != fmt.Sprintf("%x", sha256.Sum256(b)) || m.Key != m.SHA256 || beian.CheckMaterialKey(m.Key) != nil {
		t.Errorf("material %+v", m)
	}
	if _, err := beian.NewMaterial("selfie", "x.png", b, beian.DefaultUploadLimits); err == nil || err.(*beian.Error).Field != "kind" {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := beian.NewMaterial(beian.MaterialOther, "x.txt", []byte("text"), beian.DefaultUploadLimits); err == nil || err.(*beian.Error).Field != "file" {
		t.Errorf("text file: %v", err)
	}
}
