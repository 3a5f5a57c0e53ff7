package kit

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"xietong/model"
)

// Safe neutralises text that people typed before it reaches any terminal:
// escape sequences and other control characters become visible caret
// notation (ESC → ^[), so a title like "\x1b]0;pwned\x07" shows as harmless
// text instead of retitling or clearing someone else's screen. Newlines are
// kept only when multiline is true; tabs become spaces.
func Safe(s string, multiline bool) string {
	clean := true
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError || isBidi(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' && multiline:
			b.WriteRune('\n')
		case r == '\t':
			b.WriteString("    ")
		case r == '\r' && multiline:
			// dropped: \r\n shows as one line break
		case r < 0x20:
			b.WriteByte('^')
			b.WriteByte(byte(r) + '@')
		case r == 0x7f:
			b.WriteString("^?")
		case r >= 0x80 && r < 0xa0:
			b.WriteString("^[" + string(rune(r-0x40)))
		case r == utf8.RuneError || isBidi(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isBidi reports the bidirectional formatting characters of the text rule
// (model.IsBidi), which can reorder what a reader sees.
func isBidi(r rune) bool { return model.IsBidi(r) }

// Line is Safe for single-line fields, also trimming surrounding space.
func Line(s string) string { return strings.TrimFunc(Safe(s, false), unicode.IsSpace) }

// CleanPaste removes the characters the text rule refuses (model.IsControl:
// control characters, escape sequences' ESC, bidi controls) from pasted
// text; newlines and tabs survive only where multiline. It reports whether
// anything was removed, so the form can say so next to the field.
func CleanPaste(s string, multiline bool) (string, bool) {
	removed := false
	if multiline {
		// Line ends of every system (CRLF, and CR alone from old Macs and
		// some terminals) become LF, so a pasted block keeps its lines.
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	out := strings.Map(func(r rune) rune {
		switch {
		case multiline && (r == '\n' || r == '\t'):
			return r
		case r == '\r' && multiline:
			return -1
		case model.IsControl(r):
			removed = true
			return -1
		}
		return r
	}, s)
	return out, removed
}
