package find

import "testing"

func TestInitials(t *testing.T) {
	for in, want := range map[string]string{
		"18g 香辣鱼豆腐":    "18gxlydf",
		"果然有鱼（原味）":     "gryyyw",
		"永辉超市华东区":      "yhcshdq",
		"YDF-XL18":     "ydfxl18",
		"":             "",
		"\u202e测试 ABC": "csabc",
	} {
		if got := Initials(in); got != want {
			t.Errorf("Initials(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScore(t *testing.T) {
	fish := NewKey("YDF-XL18", "18g 香辣鱼豆腐")
	for q, want := range map[string]int{
		"ydf-xl18": 7, "ydf": 6, "18g 香辣鱼豆腐": 5, "18g": 4, "xl18": 3, "香辣": 3, "xlydf": 2, "": 1, "gryy": 0, "鱼丸": 0,
	} {
		if got := fish.Score(Query(q)); got != want {
			t.Errorf("Score(%q) = %d, want %d", q, got, want)
		}
	}
}
