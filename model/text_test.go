package model

import (
	"strings"
	"testing"
	"unicode/utf8"

	"xietong/i18n"
)

func TestTextRule(t *testing.T) {
	refused := []rune{0, 0x07, 0x1b, 0x7f, 0x80, 0x85, 0x9b, 0x9f, 0x061c, 0x200e, 0x200f, 0x2028, 0x2029,
		0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff}
	for _, r := range refused {
		for _, multi := range []bool{false, true} {
			err := CheckText("张"+string(r)+"三", multi)
			if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), CodePoint(r)) {
				t.Errorf("%U (multiline %v): %v", r, multi, err)
			}
		}
	}
	allowed := []string{"张三", "鱼\u200d豆腐", "a\u200cb", "a\u200bb", "👩\u200d🍳", "Zoë ʼ", "\u00a0x", "（全角）", "'=SUM(A1)", ""}
	for _, s := range allowed {
		if err := CheckText(s, false); err != nil {
			t.Errorf("%q refused: %v", s, err)
		}
	}
	// Line breaks and tabs: only in multi-line text; "\r" only before "\n".
	for _, c := range []struct {
		s     string
		multi bool
		key   string
	}{
		{"a\nb", false, "val.single_line"}, {"a\r\nb", false, "val.single_line"}, {"a\tb", false, "val.control"},
		{"a\nb", true, ""}, {"a\r\nb\tc", true, ""}, {"a\rb", true, "val.control"}, {"a\r", true, "val.control"},
		{"a\xffb", false, "val.bad_utf8"},
	} {
		err := CheckText(c.s, c.multi)
		var e *Error
		got := ""
		if err != nil && asError(err, &e) {
			got = e.Text.Key
		}
		if got != c.key {
			t.Errorf("%q multiline %v: %v, want %s", c.s, c.multi, err, c.key)
		}
	}
	// The message names the character in both languages; the field error
	// lands on the field.
	v := Invalid{}
	ValidateText(v, "name", "abc\u202edef", true, MaxNameLen, false)
	if v["name"].Key != "val.control" {
		t.Fatalf("%v", v)
	}
	for _, lang := range []string{i18n.ZH, i18n.EN} {
		if msg := v["name"].In(lang); !strings.Contains(msg, "U+202E") {
			t.Errorf("%s: %q", lang, msg)
		}
	}
	u := &User{Login: "li", Name: "李\x1b[2J", Dept: DeptSales, Role: RoleMember, Lang: LangZH}
	if err := u.Validate(); !strings.Contains(err.Error(), "U+001B") {
		t.Errorf("user with an escape in the name: %v", err)
	}
}

func asError(err error, e **Error) bool {
	x, ok := err.(*Error)
	*e = x
	return ok
}

// FuzzTextRule: CheckText never panics; it refuses exactly the text that
// holds invalid UTF-8 or a character IsControl reports (line breaks and
// tabs aside in multi-line text), and what it accepts is safe to show.
func FuzzTextRule(f *testing.F) {
	for _, s := range []string{"", "张三", "a\u202eb", "a\r\nb", "a\rb", "\x1b]0;x\x07", "\u009b31m", "鱼\u200d豆", "\xff", "a\n", "\ufeff", "\u2069"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, multi bool) {
		err := CheckText(s, multi)
		bad := !utf8.ValidString(s)
		for i, r := range s {
			if IsControl(r) && !(multi && (r == '\n' || r == '\t' || r == '\r' && strings.HasPrefix(s[i+1:], "\n"))) {
				bad = true
			}
		}
		if bad != (err != nil) {
			t.Fatalf("%q multiline %v: %v", s, multi, err)
		}
		if err != nil {
			if ErrorCode(err) != EINVALID || strings.ContainsFunc(err.Error(), IsControl) {
				t.Fatalf("%q: error %q", s, err)
			}
			return
		}
		for _, r := range s {
			if r >= 0x7f && r < 0xa0 || IsBidi(r) || r == 0x1b {
				t.Fatalf("%q accepted with %U", s, r)
			}
		}
	})
}
