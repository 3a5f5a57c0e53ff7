package model

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"xietong/i18n"
)

// checkTexts fails t unless err's message and every field name and field
// message are in the catalogue, so a form never shows a raw key.
func checkTexts(t *testing.T, err error) {
	t.Helper()
	e, ok := err.(*Error)
	if !ok {
		t.Errorf("not a *model.Error: %v", err)
		return
	}
	if !i18n.Has(e.Text.Key) {
		t.Errorf("message key %q not in the catalogue", e.Text.Key)
	}
	for f, txt := range e.Fields {
		if !i18n.Has("field." + f) {
			t.Errorf("field %q has no field.%s entry", f, f)
		}
		if !i18n.Has(txt.Key) {
			t.Errorf("field %q: message key %q not in the catalogue", f, txt.Key)
		}
	}
}

var keyLit = regexp.MustCompile(`^(val|err)\.[a-z0-9_.]*[a-z0-9_]$`)

// Every message key written in model's source is in the catalogue.
func TestModelKeysInCatalogue(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && keyLit.MatchString(s) && !i18n.Has(s) {
					t.Errorf("%s: key %q not in the catalogue", fset.Position(lit.Pos()), s)
				}
			}
			return true
		})
	}
}

func TestOrderNamesInCatalogue(t *testing.T) {
	for _, s := range LineStatuses {
		if !i18n.Has(s.Text().Key) {
			t.Errorf("no name for status %s", s)
		}
	}
	for _, k := range EventKinds {
		if !i18n.Has(k.Text().Key) {
			t.Errorf("no name for event %s", k)
		}
	}
	for _, a := range []Action{ActOrderEdit, ActOrderReview, ActOrderReply, ActOrderShip, ActCustomerEdit, ActProductEdit, ActStockAdjust} {
		if e := Forbidden(a); e.Text.Key != "err.forbidden."+string(a) {
			t.Errorf("no worded refusal for %s", a)
		}
	}
}
