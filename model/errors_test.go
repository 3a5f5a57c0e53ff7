package model

import "testing"

func TestFieldLabel(t *testing.T) {
	cases := map[string][2]string{
		"qty":               {"数量", "quantity"},
		"lines.2.qty":       {"第 2 行 数量", "line 2 quantity"},
		"row 12.qty":        {"第 12 行 数量", "row 12 quantity"},
		"row 7":             {"第 7 行", "row 7"},
		"row 3.lines.2.qty": {"第 3 行 第 2 行 数量", "row 3 line 2 quantity"},
	}
	for in, want := range cases {
		if got := FieldLabel(LangZH, in); got != want[0] {
			t.Errorf("zh %q = %q", in, got)
		}
		if got := FieldLabel(LangEN, in); got != want[1] {
			t.Errorf("en %q = %q", in, got)
		}
	}
}
