package kit

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
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

// A column, a row or a block pasted from a spreadsheet fills the cells from
// the cursor; bad values are refused at their cell and the rest filled;
// lines past the end are counted; ctrl+z takes the paste back, then the
// typed edit before it.
func TestGridPasteAndUndo(t *testing.T) {
	g := NewGrid("zh", []GridCol{{Title: "产品"}, {Title: "数量", Kind: ColNumber}, {Title: "备注", Kind: ColText, Limit: 4}},
		[]string{"a", "b", "c"}, [][]string{{"鱼豆腐", "1", ""}, {"鱼丸", "2", ""}, {"虾片", "3", ""}})
	typeKeys(g, "7")
	press(g, tea.KeyEnter) // row 1 ← 7, cursor to row 2
	press(g, tea.KeyUp)
	g.Update(tea.PasteMsg{Content: "10\r\n20\r\n30\r\n"})
	if got := []string{g.Cell(0, 1), g.Cell(1, 1), g.Cell(2, 1)}; strings.Join(got, " ") != "10 20 30" {
		t.Fatalf("pasted column: %v", got)
	}
	g.Update(tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl})
	if got := []string{g.Cell(0, 1), g.Cell(1, 1), g.Cell(2, 1)}; strings.Join(got, " ") != "7 2 3" {
		t.Fatalf("after undoing the paste: %v", got)
	}
	g.Update(tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl})
	if g.Cell(0, 1) != "1" || g.Dirty() {
		t.Fatalf("after undoing the typed 7: %q dirty=%v", g.Cell(0, 1), g.Dirty())
	}

	// A block with a bad number, an over-long note and a line too many.
	g.Update(tea.PasteMsg{Content: "5\t好\n-1\t太长的备注\n6\tok\n9\tx"})
	if g.Cell(0, 1) != "5" || g.Cell(0, 2) != "好" || g.Cell(1, 1) != "2" || g.Cell(1, 2) != "" || g.Cell(2, 1) != "6" || g.Cell(2, 2) != "ok" {
		t.Fatalf("block: %v", g.cells)
	}
	for _, want := range []string{"不能为负数", "另有 1 格被拒", "1 行超出表格末尾"} {
		if !strings.Contains(g.err, want) {
			t.Errorf("paste message %q lacks %q", g.err, want)
		}
	}
}

// An editable column a narrow terminal would drop scrolls into view when
// the cursor reaches it, instead of being typed into unseen.
func TestGridScrollsToHiddenColumn(t *testing.T) {
	g := NewGrid("zh", []GridCol{{Title: "产品", Width: 10}, {Title: "数量", Width: 8, Kind: ColNumber},
		{Title: "说明", Width: 8, Kind: ColText, Optional: true}, {Title: "原因", Width: 12, Kind: ColText, Optional: true}},
		[]string{"a"}, [][]string{{"鱼豆腐", "1", "x", "停机"}})
	view := g.View(NewStyles(false), 40, 10)
	if strings.Contains(view, "原因") || !strings.Contains(view, "数量") {
		t.Fatalf("at 40 columns the optional columns should go first:\n%s", view)
	}
	press(g, tea.KeyRight)
	press(g, tea.KeyRight)
	view = g.View(NewStyles(false), 40, 10)
	if !strings.Contains(view, "◂ 说明") || !strings.Contains(view, "原因") || !strings.Contains(view, "[停机]") || !strings.Contains(view, "产品") {
		t.Fatalf("the cursor's column scrolled into view with the product kept:\n%s", view)
	}
	typeKeys(g, "缺料")
	press(g, tea.KeyEnter)
	if g.Cell(0, 3) != "缺料" {
		t.Fatalf("typed into %q", g.Cell(0, 3))
	}
}

// F4 (or ctrl+f) on a column with a lookup opens the picker over the row's
// records; typing initials in any case narrows it; enter fills the cell as
// if typed and moves on, ctrl+z takes it back; esc leaves the cell as it
// was; F4 on a column without a lookup does nothing, and the footer offers
// F4 only where it works.
func TestGridLookup(t *testing.T) {
	items := []PickItem{
		NewPickItem("YDF-XL18", "YDF-XL18", "18g 香辣鱼豆腐", "18g×20袋"),
		NewPickItem("YW-TC18", "YW-TC18", "18g 糖醋味鱼丸", ""),
		NewPickItem("GRYY-YW", "GRYY-YW", "果然有鱼（原味）", ""),
	}
	var asked []int
	g := NewGrid("zh", []GridCol{
		GridCol{Title: "产品", Width: 12, Kind: ColText, Limit: 32}.WithLookup("选择产品", func(row int) []PickItem {
			asked = append(asked, row)
			return items
		}),
		{Title: "数量", Width: 8, Kind: ColNumber},
	}, []string{"a", "b"}, [][]string{{"YW-TC18", "1"}, {"", "2"}})
	hasF4 := func() bool {
		for _, k := range g.HelpKeys() {
			if k.Help().Key == "F4" {
				return true
			}
		}
		return false
	}
	st := NewStyles(false)
	view := func() string { return ansi.Strip(g.View(st, 60, 12)) }
	if !hasF4() {
		t.Fatal("the footer lacks F4 on the product column")
	}
	press(g, tea.KeyDown)
	press(g, tea.KeyF4)
	if !g.Picking() || !g.Editing() || len(asked) != 1 || asked[0] != 1 {
		t.Fatalf("F4: picking=%v asked=%v", g.Picking(), asked)
	}
	if g.HelpKeys() != nil {
		t.Fatal("the grid offers its keys over the picker's")
	}
	screen := view()
	for _, want := range []string{"选择产品", "YDF-XL18  18g 香辣鱼豆腐", "YW-TC18", "GRYY-YW", "共 3 项"} {
		if !strings.Contains(screen, want) {
			t.Fatalf("the picker lacks %q:\n%s", want, screen)
		}
	}
	typeKeys(g, "XLydf") // the name's pinyin initials, any case
	screen = view()
	if !strings.Contains(screen, "▸ YDF-XL18") || strings.Contains(screen, "YW-TC18") || !strings.Contains(screen, "共 1 项") {
		t.Fatalf("narrowed by initials:\n%s", screen)
	}
	press(g, tea.KeyEnter)
	if g.Picking() || g.Cell(1, 0) != "YDF-XL18" || !g.Changed(1, 0) {
		t.Fatalf("enter: picking=%v cell=%q", g.Picking(), g.Cell(1, 0))
	}
	if r, c := g.Cursor(); r != 1 || c != 1 {
		t.Fatalf("after the fill the cursor is at %d,%d, not on the quantity", r, c)
	}
	if hasF4() {
		t.Fatal("the footer offers F4 on the quantity column")
	}
	// F4 on a column without a lookup does nothing.
	if g.Update(tea.KeyPressMsg{Code: tea.KeyF4}) || g.Picking() || g.Editing() {
		t.Fatal("F4 on the quantity column did something")
	}
	g.Update(tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl})
	if g.Cell(1, 0) != "" || g.Dirty() {
		t.Fatalf("ctrl+z: cell=%q dirty=%v", g.Cell(1, 0), g.Dirty())
	}
	if r, c := g.Cursor(); r != 1 || c != 0 {
		t.Fatalf("ctrl+z put the cursor at %d,%d", r, c)
	}
	// ctrl+f, then esc: the cell stays as it was.
	g.Update(tea.KeyPressMsg{Code: 'f', Mod: tea.ModCtrl})
	typeKeys(g, "gryy")
	press(g, tea.KeyEscape)
	if g.Picking() || g.Cell(1, 0) != "" || g.Dirty() {
		t.Fatalf("esc: picking=%v cell=%q", g.Picking(), g.Cell(1, 0))
	}
	// What is being typed narrows the lookup; esc then keeps the old text.
	press(g, tea.KeyUp)
	typeKeys(g, "果然")
	press(g, tea.KeyF4)
	if screen := view(); !g.Picking() || !strings.Contains(screen, "▸ GRYY-YW") || !strings.Contains(screen, "共 1 项") {
		t.Fatalf("F4 while typing:\n%s", screen)
	}
	press(g, tea.KeyEscape)
	if g.Cell(0, 0) != "YW-TC18" || g.Dirty() {
		t.Fatalf("esc after typing: cell=%q", g.Cell(0, 0))
	}
	// A value the column refuses is refused as if typed.
	g.cols[0].Limit = 4
	press(g, tea.KeyF4)
	press(g, tea.KeyEnter)
	if g.Picking() || g.Cell(0, 0) != "YW-TC18" || !strings.Contains(g.err, "最多 4 个字符") {
		t.Fatalf("an over-long pick: cell=%q err=%q", g.Cell(0, 0), g.err)
	}
	// A row with nothing to pick says so at the cell.
	items = nil
	press(g, tea.KeyF4)
	if g.Picking() || !strings.Contains(view(), "✗ 产品：本行没有可选的记录") {
		t.Fatalf("an empty lookup: picking=%v err=%q", g.Picking(), g.err)
	}
}
