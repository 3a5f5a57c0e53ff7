package kit

import (
	"strings"
	"testing"
)

func TestSafe(t *testing.T) {
	cases := []struct {
		in, want string
		ml       bool
	}{
		{"plain 中文", "plain 中文", false},
		{"\x1b]0;pwned\x07\x1b[2J", "^[]0;pwned^G^[[2J", false},
		{"a\nb", "a^Jb", false},
		{"a\r\nb", "a\nb", true},
		{"tab\tx", "tab    x", false},
		{"c1\u009bx", "c1^[[x", false},
		{"rtl\u202eevil", "rtl\uFFFDevil", false},
		{"bad\xffutf8", "bad\uFFFDutf8", false},
	}
	for _, c := range cases {
		got := Safe(c.in, c.ml)
		if got != c.want {
			t.Errorf("Safe(%q)=%q want %q", c.in, got, c.want)
		}
		if strings.ContainsAny(got, "\x1b\x07\u009b") {
			t.Errorf("Safe(%q) still holds control bytes", c.in)
		}
	}
}

func FuzzSafe(f *testing.F) {
	f.Add("\x1b[2J", false)
	f.Add("中\x00文\n", true)
	f.Fuzz(func(t *testing.T, s string, ml bool) {
		out := Safe(s, ml)
		for _, r := range out {
			if r < 0x20 && !(ml && r == '\n') || r == 0x7f || r >= 0x80 && r < 0xa0 {
				t.Fatalf("control rune %U survived in %q", r, out)
			}
		}
	})
}

func TestCleanPaste(t *testing.T) {
	if got, removed := CleanPaste("T-FISH\x1b[31m\r\n", false); got != "T-FISH[31m" || !removed {
		t.Fatalf("single line: %q %v", got, removed)
	}
	if got, removed := CleanPaste("一\r\n二\t三", true); got != "一\n二\t三" || removed {
		t.Fatalf("multiline: %q %v", got, removed)
	}
}
