package i18n

import (
	"regexp"
	"slices"
	"testing"
)

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0-9.]*[a-zA-Z%]`)
var index = regexp.MustCompile(`\[\d+\]`)

// Every entry must exist in both languages with the same format verbs, so a
// Chinese screen never shows an English fallback or a %!d(MISSING).
func TestCatalogueComplete(t *testing.T) {
	for _, k := range Keys() {
		zh, en := Pair(k)
		if zh == "" || en == "" {
			t.Errorf("%s: missing a language (zh=%q en=%q)", k, zh, en)
			continue
		}
		vz, ve := verb.FindAllString(zh, -1), verb.FindAllString(en, -1)
		for i := range vz {
			vz[i] = index.ReplaceAllString(vz[i], "")
		}
		for i := range ve {
			ve[i] = index.ReplaceAllString(ve[i], "")
		}
		slices.Sort(vz)
		slices.Sort(ve)
		if !slices.Equal(vz, ve) {
			t.Errorf("%s: verbs differ zh=%v en=%v", k, vz, ve)
		}
	}
}

func TestUnknownKeyVisible(t *testing.T) {
	if got := T(EN, "no.such.key"); got != "no.such.key" {
		t.Fatalf("got %q", got)
	}
}
