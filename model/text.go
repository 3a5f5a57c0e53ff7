package model

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The one text rule. Text people give xietong — typed in a form, passed as
// an exec argument, read from an imported file, given to `user add` — is
// shown on other people's terminals and in exports, so it may not hold a
// character that drives a terminal, hides itself or reorders what a reader
// sees:
//
//   - C0 controls U+0000–U+001F (a line break, and a tab, only in multi-line
//     text) and DEL U+007F;
//   - C1 controls U+0080–U+009F (U+009B is a terminal's CSI);
//   - the line and paragraph separators U+2028, U+2029;
//   - the bidirectional formatting characters: U+061C, U+200E, U+200F,
//     the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069;
//   - U+FEFF, a byte order mark inside text.
//
// Allowed: every other character, the zero-width joiner U+200D and
// non-joiner U+200C included (emoji sequences and some scripts need them;
// they neither move nor reorder text), and the zero-width space U+200B.
// Text that is not UTF-8 is refused apart (val.bad_utf8).

// IsControl reports whether r is a character the text rule refuses in
// single-line text.
func IsControl(r rune) bool {
	return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029 || IsBidi(r) || r == 0xfeff
}

// IsBidi reports the bidirectional formatting characters: the Arabic
// letter mark, the left-to-right and right-to-left marks, the embeddings
// and overrides, and the isolates.
func IsBidi(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// textControl is the first character of s the text rule refuses, and
// whether there is one. Multi-line text may hold line breaks ("\n", and
// "\r" only before "\n") and tabs.
func textControl(s string, multiline bool) (rune, bool) {
	for i, r := range s {
		if !IsControl(r) {
			continue
		}
		if multiline && (r == '\n' || r == '\t' || r == '\r' && strings.HasPrefix(s[i+1:], "\n")) {
			continue
		}
		return r, true
	}
	return 0, false
}

// CheckText is the text rule as one error: nil when s may be kept,
// otherwise EINVALID naming the first character refused (by code point,
// since it cannot be seen).
func CheckText(s string, multiline bool) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "val.bad_utf8")
	}
	if r, bad := textControl(s, multiline); bad {
		return &Error{Code: EINVALID, Text: controlText(r, multiline)}
	}
	return nil
}

// ValidateChars adds the text rule's refusal of s, if any, to v under
// field; for text whose length and presence are checked elsewhere (or
// not at all).
func ValidateChars(v Invalid, field, s string, multiline bool) {
	v.AddErr(field, CheckText(s, multiline))
}

// controlText is the message for a refused character r: a line break in
// a single-line field is said so plainly, anything else is named.
func controlText(r rune, multiline bool) Text {
	if !multiline && (r == '\n' || r == '\r') {
		return T("val.single_line")
	}
	return T("val.control", CodePoint(r))
}

// CodePoint writes r as U+XXXX.
func CodePoint(r rune) string { return fmt.Sprintf("U+%04X", r) }
