package kit

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// Yes and no behave as radio buttons: ← picks yes however often it is
// pressed, → picks no, space switches, enter goes on to the next field.
func TestToggleIsARadio(t *testing.T) {
	f := NewForm("zh", "通知", ToggleField("urgent", "紧急"), TextField("title", "标题", 40))
	f.Focus()
	key := func(code rune) { f.Update(tea.KeyPressMsg{Code: code}) }
	for _, step := range []struct {
		code rune
		on   bool
	}{{tea.KeyLeft, true}, {tea.KeyLeft, true}, {tea.KeyRight, false}, {tea.KeyRight, false}, {tea.KeySpace, true}, {'n', false}, {'y', true}} {
		key(step.code)
		if f.Bool("urgent") != step.on {
			t.Fatalf("after %q: urgent = %v, want %v", step.code, f.Bool("urgent"), step.on)
		}
	}
	if v := f.View(NewStyles(false), 60, 0); !strings.Contains(v, "(•) 是") || !strings.Contains(v, "( ) 否") {
		t.Errorf("radio not drawn as one:\n%s", v)
	}
	key(tea.KeyEnter)
	if f.focus != 1 {
		t.Errorf("enter left focus on field %d", f.focus)
	}
}

// Without colour a choice still shows which option the cursor is on (▸)
// apart from the one chosen ((•) in a radio group, [x] in a set): ← and →
// move a mark one can see, and space moves the choice to it.
func TestChoiceCursorShowsWithoutColour(t *testing.T) {
	opts := []Option{{Value: "a", Label: "设备"}, {Value: "b", Label: "物料"}, {Value: "c", Label: "人员"}}
	f := NewForm("zh", "异常", ChoiceField("cat", "类别", "", opts), ChoicesField("who", "通知", "", opts))
	f.SetChosen("cat", []string{"a"})
	f.SetChosen("who", []string{"c"})
	f.Focus()
	view := func() string { return ansi.Strip(f.View(NewStyles(false), 60, 0)) }
	key := func(code rune) { f.Update(tea.KeyPressMsg{Code: code}) }
	has := func(when string, want ...string) {
		t.Helper()
		v := view()
		for _, w := range want {
			if !strings.Contains(v, w) {
				t.Errorf("%s: no %q in\n%s", when, w, v)
			}
		}
	}
	has("focused", "▸(•) 设备", " ( ) 物料", " ( ) 人员")
	key(tea.KeyRight)
	if got := f.Chosen("cat"); len(got) != 1 || got[0] != "a" {
		t.Fatalf("→ changed the choice: %v", got)
	}
	has("after →", " (•) 设备", "▸( ) 物料", " ( ) 人员")
	key(tea.KeySpace)
	has("after space", " ( ) 设备", "▸(•) 物料")
	// The next field: the radio group's cursor is not drawn there any more.
	key(tea.KeyEnter)
	has("on the set", " (•) 物料", "▸[ ] 设备", " [ ] 物料", " [x] 人员")
	if v := view(); strings.Count(v, "▸") != 2 { // the field's marker and its option's
		t.Errorf("more than one cursor:\n%s", v)
	}
	key(tea.KeyRight)
	key(tea.KeyRight)
	has("on the chosen one", "▸[x] 人员", " [ ] 设备")
}
