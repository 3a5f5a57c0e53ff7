package tui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"xietong/i18n"
)

var keyShape = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+\.?$`)

// TestTextKeysInCatalogue reads the screens' and the commands' sources for
// texts looked up by key (t("ui.x"), s.T(...), e.t(...), i18n.T(lang, ...))
// and fails on a key missing from the catalogue, or on a key built as
// "prefix." + name when no key has that prefix: such a key shows raw on the
// screen ("kpi.src.otif") and only a person who opens that detail sees it.
func TestTextKeysInCatalogue(t *testing.T) {
	keys := i18n.Keys()
	hasPrefix := func(p string) bool {
		for _, k := range keys {
			if strings.HasPrefix(k, p) {
				return true
			}
		}
		return false
	}
	// The screens live in this package and the ones under it.
	dirs := []string{"../cli"}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				arg := call.Args[0]
				switch fn := call.Fun.(type) {
				case *ast.Ident:
					if fn.Name != "t" && fn.Name != "T" {
						return true
					}
				case *ast.SelectorExpr:
					if x, ok := fn.X.(*ast.Ident); ok && x.Name == "i18n" && fn.Sel.Name == "T" && len(call.Args) > 1 {
						arg = call.Args[1]
					} else if fn.Sel.Name != "t" && fn.Sel.Name != "T" {
						return true
					}
				default:
					return true
				}
				prefix := false
				if b, ok := arg.(*ast.BinaryExpr); ok && b.Op == token.ADD {
					arg, prefix = b.X, true
				}
				lit, ok := arg.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				key, err := strconv.Unquote(lit.Value)
				if err != nil || !keyShape.MatchString(key) {
					return true
				}
				switch {
				case prefix && !hasPrefix(key):
					t.Errorf("%s: no catalogue key starts with %q", fset.Position(lit.Pos()), key)
				case !prefix && !i18n.Has(key):
					t.Errorf("%s: %q is not in the catalogue", fset.Position(lit.Pos()), key)
				}
				return true
			})
		}
	}
}
