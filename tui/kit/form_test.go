package kit

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
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
