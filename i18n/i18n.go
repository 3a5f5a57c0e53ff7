// Package i18n is the message catalogue: every text a person reads, in
// Chinese (the words of the factory's own manual) and English.
package i18n

import "fmt"

// Languages.
const (
	ZH = "zh"
	EN = "en"
)

type entry struct{ zh, en string }

var catalogue = map[string]entry{}

// add merges a file's entries into the catalogue; a key defined twice is a
// programming error caught at start.
func add(m map[string]entry) {
	for k, v := range m {
		if _, dup := catalogue[k]; dup {
			panic("i18n: duplicate key " + k)
		}
		catalogue[k] = v
	}
}

// T renders key in lang with fmt-style args. An unknown key renders as the
// key itself so a missing entry is visible rather than blank.
func T(lang, key string, args ...any) string {
	e, ok := catalogue[key]
	if !ok {
		if len(args) == 0 {
			return key
		}
		return key + fmt.Sprint(args...)
	}
	f := e.zh
	if lang == EN {
		f = e.en
	}
	if len(args) == 0 {
		return f
	}
	copied := false
	for i, a := range args {
		if l, ok := a.(Localized); ok {
			if !copied { // the caller's args stay as they were
				args, copied = append([]any(nil), args...), true
			}
			args[i] = l.In(lang)
		}
	}
	return fmt.Sprintf(f, args...)
}

// Localized is an argument that words itself in the reader's language (a
// name of a kind, a status): T puts it in the message in lang.
type Localized interface{ In(lang string) string }

// Has reports whether key is in the catalogue.
func Has(key string) bool { _, ok := catalogue[key]; return ok }

// Keys returns every catalogue key (for completeness tests).
func Keys() []string {
	ks := make([]string, 0, len(catalogue))
	for k := range catalogue {
		ks = append(ks, k)
	}
	return ks
}

// Pair returns the zh and en templates of key.
func Pair(key string) (zh, en string) { e := catalogue[key]; return e.zh, e.en }
