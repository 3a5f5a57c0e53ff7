package kit

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Sessions that share the server's table cache draw a row another session
// drew from it, and draw exactly what they would have drawn alone: the
// selected and styled rows, other widths and the other styles included.
func TestTableCacheSharedBySessions(t *testing.T) {
	cols := []Column{{Title: "单号", Width: 20}, {Title: "客户"}, {Title: "数量", Width: 8, Right: true}}
	rows := func(n int) []Row {
		var out []Row
		for i := range n {
			r := Row{ID: fmt.Sprint(i), Cells: []string{fmt.Sprintf("SO-20261127-%04d/1", i), "永辉超市华东区", fmt.Sprint(10 * i)}}
			if i%3 == 0 {
				r.Style, r.Emph = lipgloss.NewStyle().Foreground(lipgloss.Color("#F2C14E")), true
			}
			out = append(out, r)
		}
		return out
	}
	draw := func(st Styles, width int, sel int) string {
		l := NewList("zh", cols)
		l.SetRows(rows(12))
		for range sel {
			l.Update(tea.KeyPressMsg{Code: tea.KeyDown})
		}
		return l.View(st, width, 20, "")
	}
	var shared TableCache
	for _, dark := range []bool{true, false} {
		for _, width := range []int{80, 120} {
			for _, sel := range []int{0, 4} {
				alone := NewStyles(dark)
				want := draw(alone, width, sel)
				st := NewStyles(dark)
				st.Rows = &shared
				first := draw(st, width, sel)
				second := draw(st, width, sel) // a new list: every row from the shared cache
				if first != want || second != want {
					t.Errorf("dark %v, width %d, row %d: a session sharing the cache drew another table", dark, width, sel)
				}
			}
		}
	}
	if n := len(shared.cur) + len(shared.old); n == 0 {
		t.Fatal("nothing was kept in the shared cache")
	}
}
