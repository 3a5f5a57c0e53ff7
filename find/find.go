// Package find matches what people type against the codes and names of
// records: in any case, anywhere in the code or name, and Chinese names by
// the first letters of their pinyin, as clerks used to Kingdee K3 look
// things up ("xlydf" finds 香辣鱼豆腐).
package find

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// Initials is s with each Chinese character replaced by the first letter
// of its pinyin and ASCII letters and digits kept in lower case; other
// characters (spaces, punctuation) are left out: "18g 香辣鱼豆腐" is
// "18gxlydf".
func Initials(s string) string {
	args := pinyin.NewArgs()
	args.Style = pinyin.FirstLetter
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Han, r):
			if p := pinyin.SinglePinyin(r, args); len(p) > 0 && p[0] != "" {
				b.WriteString(p[0][:1])
			}
		}
	}
	return b.String()
}

// Key is a record prepared for matching: its code, name and the name's
// initials, in lower case.
type Key struct {
	code, name, initials string
}

// NewKey prepares a record with code and name for matching.
func NewKey(code, name string) Key {
	return Key{code: strings.ToLower(code), name: strings.ToLower(name), initials: Initials(name)}
}

// Query is what was typed, ready for Score: trimmed and in lower case.
func Query(typed string) string { return strings.ToLower(strings.TrimSpace(typed)) }

// Score says how well query q (from Query) names the record: 0 not at all;
// higher is better: the exact code, then a code that starts with it, the
// exact name, a name that starts with it, a code or name holding it, and
// last the initials of the name holding it. An empty query names every
// record, weakly.
func (k Key) Score(q string) int {
	switch {
	case q == "":
		return 1
	case k.code == q:
		return 7
	case strings.HasPrefix(k.code, q):
		return 6
	case k.name == q:
		return 5
	case strings.HasPrefix(k.name, q):
		return 4
	case strings.Contains(k.code, q) || strings.Contains(k.name, q):
		return 3
	case strings.Contains(k.initials, q):
		return 2
	}
	return 0
}
