package kit

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// WrapText keeps every line within the width, loses no character, and breaks
// between Chinese characters rather than leaving a line with a bullet only.
func TestWrap(t *testing.T) {
	for _, s := range []string{
		"· 长决议测试：补齐节前无标示包材库存并复核在途数量，补齐节前无标示包材库存并复核在途数量 → 刘建国，2026-12-02 · 未完成",
		"addendum (2026-12-03 11:30 Zheng Hong): check the stock again on the 5th, and tell purchasing what is short",
		"第一行\n\n第三行：" + strings.Repeat("各车间按计划备货，", 20),
		strings.Repeat("x", 100),
	} {
		for _, width := range []int{10, 31, 78} {
			lines := WrapText(s, width)
			for _, l := range lines {
				if w := ansi.StringWidth(l); w > width {
					t.Errorf("width %d: line %q is %d wide", width, l, w)
				}
			}
			strip := func(x string) string { return strings.Join(strings.Fields(x), "") }
			if got := strip(strings.Join(lines, "")); got != strip(s) {
				t.Errorf("width %d: %q lost text: %q", width, s, got)
			}
		}
	}
	if lines := WrapText("· "+strings.Repeat("长", 100), 40); lines[0] != "· "+strings.Repeat("长", 19) {
		t.Errorf("the first line is %q", lines[0])
	}
}
