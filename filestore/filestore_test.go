package filestore_test

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beianhq/beian/filestore"
	"github.com/beianhq/beian/internal/materialtest"
)

func TestStore(t *testing.T) {
	dir := t.TempDir()
	s, err := filestore.New(filepath.Join(dir, "materials"))
	if err != nil {
		t.Fatal(err)
	}
	materialtest.Run(t, s, func(t *testing.T) []string {
		var left []string
		files := 0
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			name := d.Name()
			if !d.IsDir() {
				files++
			}
			if !d.IsDir() && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "failed-") || strings.HasPrefix(name, "short-") || strings.HasPrefix(name, "cancelled-")) {
				left = append(left, path)
			}
			return nil
		})
		if files == 0 {
			t.Fatal("walk found no files") // the key put before is there
		}
		return left
	})
}
