package kit

import (
	"fmt"
	"slices"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// A list's filter finds rows by any cell's text in any case, and by the
// pinyin initials of their Chinese, as the lookups do.
func TestListFilterPinyin(t *testing.T) {
	l := NewList("zh", []Column{{Title: "a"}, {Title: "b"}})
	l.SetRows([]Row{{ID: "1", Cells: []string{"C001", "永辉超市华东区"}}, {ID: "2", Cells: []string{"C002", "盒马鲜生"}},
		{ID: "3", Cells: []string{"YDF-XL18", "18g 香辣鱼豆腐"}}})
	for q, want := range map[string][]int{"": {0, 1, 2}, "yhcs": {0}, "hmxs": {1}, "c00": {0, 1}, "ydf-xl": {2}, "xlydf": {2},
		"香辣": {2}, "无此": nil} {
		l.filter.SetValue(q)
		l.applyFilter()
		if len(l.view) != len(want) {
			t.Errorf("filter %q keeps %v, want %v", q, l.view, want)
			continue
		}
		for i, v := range want {
			if l.view[i] != v {
				t.Errorf("filter %q keeps %v, want %v", q, l.view, want)
			}
		}
	}
	// Rows replaced under a filter are matched afresh.
	l.filter.SetValue("yhcs")
	l.SetRows([]Row{{ID: "4", Cells: []string{"C009", "永辉超市西南区"}}})
	if len(l.view) != 1 || l.rows[l.view[0]].ID != "4" {
		t.Errorf("after new rows: %v", l.view)
	}
}

// Help lists the keys that page a list and go to its ends only when its
// rows are more than fit, and each of them moves the cursor there.
func TestListHelpListsPagingWhenLong(t *testing.T) {
	l := NewList("en", []Column{{Title: "a"}})
	rows := func(n int) []Row {
		var out []Row
		for i := range n {
			out = append(out, Row{ID: fmt.Sprint(i), Cells: []string{fmt.Sprint("row ", i)}})
		}
		return out
	}
	paging := func() bool {
		return slices.ContainsFunc(l.HelpKeys(), func(b key.Binding) bool { return slices.Contains(b.Keys(), "pgup") })
	}
	l.SetRows(rows(5))
	l.View(NewStyles(false), 40, 14, "") // 10 rows fit
	if paging() {
		t.Error("help lists paging for 5 rows of 10")
	}
	l.SetRows(rows(25))
	if !paging() {
		t.Fatal("help does not list paging for 25 rows of 10")
	}
	for _, step := range []struct {
		code rune
		want string
	}{{tea.KeyPgDown, "10"}, {tea.KeyEnd, "24"}, {tea.KeyPgUp, "14"}, {tea.KeyHome, "0"}} {
		if used, _ := l.Update(tea.KeyPressMsg{Code: step.code}); !used || l.SelectedID() != step.want {
			t.Errorf("after %q: on row %s, want %s", step.code, l.SelectedID(), step.want)
		}
	}
	l.Update(tea.KeyPressMsg{Code: '/'})
	if paging() {
		t.Error("help lists paging while the filter is typed")
	}
}
