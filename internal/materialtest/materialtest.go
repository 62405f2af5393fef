// Package materialtest is the test suite every beian.MaterialStore passes.
package materialtest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/beianhq/beian"
)

// Run checks s: put, get, replace, delete, refused keys, and that a failed
// put stores nothing and keeps what was there. Leftovers reports anything a
// failed put left behind in the store's own terms (files, objects); nil
// skips that check.
func Run(t *testing.T, s beian.MaterialStore, leftovers func(t *testing.T) []string) {
	ctx := context.Background()
	key := "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	content := bytes.Repeat([]byte("材料"), 50000)

	t.Run("put and get", func(t *testing.T) {
		if err := s.Put(ctx, key, bytes.NewReader(content), int64(len(content)), beian.ContentPNG); err != nil {
			t.Fatal(err)
		}
		if got := get(t, s, key); !bytes.Equal(got, content) {
			t.Fatalf("got %d bytes, want %d", len(got), len(content))
		}
	})
	t.Run("replace", func(t *testing.T) {
		if err := s.Put(ctx, key, strings.NewReader("new"), 3, beian.ContentPDF); err != nil {
			t.Fatal(err)
		}
		if got := get(t, s, key); string(got) != "new" {
			t.Fatalf("got %q", got)
		}
	})
	failedPuts(t, s, key, content, leftovers)
	t.Run("delete", func(t *testing.T) {
		if err := s.Delete(ctx, key); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, key); beian.ErrorCode(err) != beian.ENOTFOUND {
			t.Fatalf("Get after Delete: %v", err)
		}
		if err := s.Delete(ctx, key); err != nil {
			t.Fatalf("second Delete: %v", err)
		}
	})
	t.Run("bad keys", func(t *testing.T) {
		for _, k := range []string{"", "../escape", "a/b", ".hidden", strings.Repeat("k", 200)} {
			if err := s.Put(ctx, k, strings.NewReader("x"), 1, beian.ContentPNG); beian.ErrorCode(err) != beian.EINVALID {
				t.Errorf("Put(%q): %v", k, err)
			}
			if _, err := s.Get(ctx, k); beian.ErrorCode(err) != beian.EINVALID {
				t.Errorf("Get(%q): %v", k, err)
			}
			if err := s.Delete(ctx, k); beian.ErrorCode(err) != beian.EINVALID {
				t.Errorf("Delete(%q): %v", k, err)
			}
		}
	})
	// Empty content is not tested: uploads refuse it (CheckUpload).
	t.Run("unknown size", func(t *testing.T) {
		if err := s.Put(ctx, "unsized", strings.NewReader("some bytes"), -1, beian.ContentPDF); err != nil {
			t.Fatal(err)
		}
		if got := get(t, s, "unsized"); string(got) != "some bytes" {
			t.Fatalf("got %q", got)
		}
	})
}

// failedPuts checks that a put that fails (reader error, short content,
// cancelled context) stores nothing and keeps what key held ("new").
func failedPuts(t *testing.T, s beian.MaterialStore, key string, content []byte, leftovers func(t *testing.T) []string) {
	ctx := context.Background()
	t.Run("failed put keeps the old content", func(t *testing.T) {
		r := io.MultiReader(bytes.NewReader(content[:1000]), errReader{})
		if err := s.Put(ctx, key, r, int64(len(content)), beian.ContentPNG); err == nil {
			t.Fatal("put of a failing reader succeeded")
		}
		if got := get(t, s, key); string(got) != "new" {
			t.Fatalf("after a failed put got %d bytes", len(got))
		}
	})
	t.Run("failed put stores nothing", func(t *testing.T) {
		fresh := "failed-" + key[:20]
		r := io.MultiReader(bytes.NewReader(content[:1000]), errReader{})
		if err := s.Put(ctx, fresh, r, int64(len(content)), beian.ContentPNG); err == nil {
			t.Fatal("put of a failing reader succeeded")
		}
		short := "short-" + key[:20]
		if err := s.Put(ctx, short, strings.NewReader("abc"), 10, beian.ContentPNG); err == nil {
			t.Fatal("put of fewer bytes than announced succeeded")
		}
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		cancelled := "cancelled-" + key[:20]
		if err := s.Put(cctx, cancelled, bytes.NewReader(content), int64(len(content)), beian.ContentPNG); err == nil {
			t.Fatal("put with a cancelled context succeeded")
		}
		for _, k := range []string{fresh, short, cancelled} {
			if _, err := s.Get(ctx, k); beian.ErrorCode(err) != beian.ENOTFOUND {
				t.Errorf("Get(%s) after a failed put: %v", k, err)
			}
		}
		if leftovers != nil {
			if left := leftovers(t); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		}
	})
}

func get(t *testing.T, s beian.MaterialStore, key string) []byte {
	t.Helper()
	rc, err := s.Get(context.Background(), key)
	if err != nil {
		t.Fatalf("Get(%s): %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("reading %s: %v", key, err)
	}
	return b
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }
