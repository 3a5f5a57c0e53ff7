package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var keyLiteral = regexp.MustCompile(`(?:\bT\(|\bT\([^,()]+,\s*|Errorf\([^,()]+,\s*|\.Add\([^,()]+,\s*)"([a-z0-9_]+\.[a-z0-9_.]+)"`)

// Every catalogue key written literally in the code exists, so no screen
// ever shows a bare key.
func TestUsedKeysExist(t *testing.T) {
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.HasPrefix(path, filepath.Join(root, "i18n")) {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range keyLiteral.FindAllStringSubmatch(string(src), -1) {
			k := m[1]
			if strings.HasSuffix(k, ".") || Has(k) {
				continue
			}
			t.Errorf("%s: key %q is not in the catalogue", path, k)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
