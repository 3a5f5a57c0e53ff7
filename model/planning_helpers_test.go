package model

import (
	"strings"
	"testing"

	"xietong/i18n"
)

// planProduct is a product for the planning tests: variants (the first is
// the default) and a family.
func planProduct(code, family string, batch int64, variants ...string) *Product {
	p := &Product{Code: code, Name: code, Unit: "件", EconomicBatch: batch, DailyCapacity: 1000, Family: family}
	for _, v := range variants {
		p.Variants = append(p.Variants, Variant{Code: v, Name: v})
	}
	if len(variants) > 0 {
		p.DefaultVariant = variants[0]
	}
	return p
}

// sfProducts: FT18 (mark default, plain; batch 500), P2 (no variants, batch 100).
func sfProducts() ProductLookup {
	return lookupOf(planProduct("FT18", "", 500, "mark", "plain"), planProduct("P2", "", 100))
}

func lookupOf(ps ...*Product) ProductLookup {
	m := map[string]*Product{}
	for _, p := range ps {
		m[p.Code] = p
	}
	return func(code string) *Product { return m[code] }
}

// checkFieldTexts fails unless err's message and field messages are in the
// catalogue and every field name renders without a raw key.
func checkFieldTexts(t *testing.T, err error) {
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
		for _, lang := range []string{i18n.ZH, i18n.EN} {
			if label := FieldLabel(lang, f); strings.Contains(label, "field.") {
				t.Errorf("field %q renders as %q", f, label)
			}
		}
		if !i18n.Has(txt.Key) {
			t.Errorf("field %q: message key %q not in the catalogue", f, txt.Key)
		}
	}
}
