package kit

import "testing"

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
