package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func typeKeys(g *Grid, s string) {
	for _, r := range s {
		g.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func press(g *Grid, code rune) { g.Update(tea.KeyPressMsg{Code: code}) }

func TestGridEditsAndRefusesBadCells(t *testing.T) {
	g := NewGrid("zh", []GridCol{{Title: "产品"}, {Title: "数量", Kind: ColNumber, Total: true}},
		[]string{"a", "b"}, [][]string{{"鱼豆腐", "10"}, {"鱼丸", "5"}})
	for _, bad := range []struct{ in, msg string }{
		{"abc", "只能填整数"},
		{"-5", "不能为负数"},
		{"20000000", "不能超过"},
	} {
		typeKeys(g, bad.in)
		press(g, tea.KeyEnter)
		if !g.Editing() || !strings.Contains(g.err, bad.msg) {
			t.Fatalf("%q: editing=%v err=%q", bad.in, g.Editing(), g.err)
		}
		press(g, tea.KeyEscape)
		if g.Cell(0, 1) != "10" {
			t.Fatalf("%q changed the cell to %q", bad.in, g.Cell(0, 1))
		}
	}
	if g.Dirty() {
		t.Fatal("refused input made the grid dirty")
	}
	typeKeys(g, "１２０") // full-width digits
	press(g, tea.KeyEnter)
	if g.Cell(0, 1) != "120" || !g.Dirty() {
		t.Fatalf("cell = %q dirty=%v", g.Cell(0, 1), g.Dirty())
	}
	if r, _ := g.Cursor(); r != 1 {
		t.Fatalf("enter should move down, row %d", r)
	}
	view := g.View(NewStyles(true), 60, 20)
	if !strings.Contains(view, "合计") || !strings.Contains(view, "125") {
		t.Fatalf("totals missing:\n%s", view)
	}
	g.MarkSaved()
	if g.Dirty() {
		t.Fatal("still dirty after MarkSaved")
	}
}
