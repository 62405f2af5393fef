package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

func TestProviderKeyCommands(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	cmd := func(args ...string) (string, int) {
		var out, stderr bytes.Buffer
		err := run(ctx, append([]string{"provider"}, append(args, "--data", data)...), nil, &out, &stderr, env(nil))
		code := exitCode(err, &stderr)
		return out.String() + stderr.String(), code
	}
	out, code := cmd("add", "--name", "某某云")
	m := regexp.MustCompile(`key: (beianpk_[A-Za-z0-9_-]{43})\n`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("add: exit %d %q", code, out)
	}
	key := m[1]
	if out, code := cmd("add", "--name", "某某云"); code != 1 || !strings.Contains(out, "已有可用的密钥") {
		t.Errorf("second add: exit %d %q", code, out)
	}
	if out, code := cmd("add"); code != 2 || !strings.Contains(out, "--name") {
		t.Errorf("add without name: exit %d %q", code, out)
	}
	db, err := store.Open(ctx, filepath.Join(data, "beian.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	keys := &registry.ProviderKeys{DB: db}
	if p, err := keys.Authenticate(ctx, key); err != nil || p != "某某云" {
		t.Fatalf("authenticate: %q %v", p, err)
	}
	var stored string
	err = db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT key_hash FROM provider_keys`).Scan(&stored)
	})
	if err != nil || stored != registry.KeyHash(key) || strings.Contains(stored, key) {
		t.Errorf("stored %q, %v: want only the SHA-256", stored, err)
	}
	if out, code := cmd("list"); code != 0 || !strings.Contains(out, "某某云") || !strings.Contains(out, "active") || strings.Contains(out, key) {
		t.Errorf("list: exit %d %q", code, out)
	}
	if out, code := cmd("revoke", "--name", "某某云"); code != 0 {
		t.Fatalf("revoke: exit %d %q", code, out)
	}
	if _, err := keys.Authenticate(ctx, key); beian.ErrorCode(err) != beian.EUNAUTHORIZED {
		t.Errorf("a revoked key: %v, want unauthorized", err)
	}
	if out, code := cmd("revoke", "--name", "某某云"); code != 1 || !strings.Contains(out, "未找到") {
		t.Errorf("second revoke: exit %d %q", code, out)
	}
	if out, code := cmd("list"); !strings.Contains(out, "revoked") {
		t.Errorf("list after revoke: exit %d %q", code, out)
	}
	if out, code := cmd("add", "--name", "某某云"); code != 0 || strings.Contains(out, key) {
		t.Errorf("add after revoke: exit %d %q", code, out)
	}
}
