// Package filestore keeps uploaded materials as files under a directory.
package filestore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/beianhq/beian"
)

// Store is a beian.MaterialStore on the filesystem. A key's content lives in
// DIR/xx/KEY, xx being the key's first two characters, so that no directory
// grows past a few thousand files.
type Store struct{ dir string }

var _ beian.MaterialStore = (*Store)(nil)

// New returns a store under dir, creating it when needed.
func New(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("filestore: %w", err)
	}
	return &Store{dir: dir}, nil
}

func (s *Store) path(key string) (dir, file string, err error) {
	if err := beian.CheckMaterialKey(key); err != nil {
		return "", "", err
	}
	shard := key[:min(2, len(key))]
	return filepath.Join(s.dir, shard), filepath.Join(s.dir, shard, key), nil
}

// Put writes r to a temporary file beside the final one, syncs it and
// renames it into place, so readers see the old content or the whole new
// one. A failure removes the temporary file. size < 0 means unknown; else
// exactly size bytes must come.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (err error) {
	dir, file, err := s.path(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	// Temporary names start with '.', which no key may, so they never clash.
	f, err := os.CreateTemp(dir, ".put-*")
	if err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	n, err := io.Copy(f, ctxReader{ctx, r})
	if err != nil {
		return fmt.Errorf("filestore: writing %s: %w", key, err)
	}
	if size >= 0 && n != size {
		return fmt.Errorf("filestore: %s: got %d bytes, want %d", key, n, size)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	if err := os.Rename(f.Name(), file); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	// Make the rename itself durable; some systems cannot sync a directory,
	// and the content is already safe, so a failure here is not reported.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Get opens the content of key.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	_, file, err := s.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, beian.Errorf(beian.ENOTFOUND, "材料不存在")
	}
	if err != nil {
		return nil, fmt.Errorf("filestore: %w", err)
	}
	return f, nil
}

// Delete removes the content of key; a missing key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	_, file, err := s.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(file); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("filestore: %w", err)
	}
	return nil
}

// ctxReader stops a copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
