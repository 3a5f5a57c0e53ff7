package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"xietong/i18n"
	"xietong/model"
	"xietong/tui/internal/tuitest"
)

// walkServices is a store with the demo as it stands today (without its
// months of history, which the keys do not need).
func walkServices(t *testing.T) model.Services {
	t.Helper()
	return tuitest.Store(t).Services()
}

func walkApp(t *testing.T, svc model.Services, login, lang string) *App {
	t.Helper()
	u, err := svc.Users.User(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	return New(context.Background(), Config{Services: svc, User: u, Lang: lang, Width: 80, Height: 24})
}

// keyPress is the key press a key binding names ("enter", "ctrl+s", "G").
func keyPress(t *testing.T, k string) tea.KeyPressMsg {
	t.Helper()
	named := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
		"left": tea.KeyLeft, "right": tea.KeyRight, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"home": tea.KeyHome, "end": tea.KeyEnd, "tab": tea.KeyTab, "space": tea.KeySpace,
		"backspace": tea.KeyBackspace, "delete": tea.KeyDelete, "f1": tea.KeyF1, "f4": tea.KeyF4,
	}
	name := k
	var mod tea.KeyMod
	for _, m := range []struct {
		prefix string
		mod    tea.KeyMod
	}{{"ctrl+", tea.ModCtrl}, {"alt+", tea.ModAlt}, {"shift+", tea.ModShift}} {
		if rest, ok := strings.CutPrefix(name, m.prefix); ok && rest != "" {
			name, mod = rest, mod|m.mod
		}
	}
	var msg tea.KeyPressMsg
	switch c, ok := named[name]; {
	case ok:
		msg = tea.KeyPressMsg{Code: c, Mod: mod}
	case mod == 0:
		msg = tea.KeyPressMsg{Code: []rune(name)[0], Text: name}
	default:
		msg = tea.KeyPressMsg{Code: []rune(name)[0], Mod: mod}
	}
	if msg.String() != k {
		t.Fatalf("the test cannot press %q (it makes %q)", k, msg.String())
	}
	return msg
}

// reach presses the keys that lead to section i of the registry: its
// group's digit, then tab until it is on view.
func reach(t *testing.T, a *App, i int) []string {
	t.Helper()
	var keys []string
	for g, gr := range a.groups {
		for n, j := range gr.sections {
			if j != i {
				continue
			}
			keys = append(keys, string("1234567890"[g]))
			for range n {
				keys = append(keys, "tab")
			}
		}
	}
	for _, k := range keys {
		a.Update(keyPress(t, k))
	}
	return keys
}

// Every section of the registry is reached by its group's digit and tab,
// and by the command line with its short code or its name in either
// language; every group's digit shows its first section.
func TestEverySectionReachable(t *testing.T) {
	svc := walkServices(t)
	a := walkApp(t, svc, "office", "zh")
	if len(a.reg) == 0 || len(a.groups) == 0 {
		t.Fatal("empty registry")
	}
	for i, sec := range a.reg {
		a := walkApp(t, svc, "office", "zh")
		if keys := reach(t, a, i); a.active != i {
			t.Errorf("%s: keys %v show section %s", sec.Key, keys, a.reg[a.active].Key)
		}
		zh, en := i18n.Pair(sec.Key)
		for _, typed := range []string{sec.Code, zh, en} {
			a := walkApp(t, svc, "office", "en")
			a.Update(keyPress(t, ":"))
			for _, r := range typed {
				a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			a.Update(keyPress(t, "enter"))
			if a.active != i || a.cmd != nil {
				t.Errorf(":%s shows section %s (line still open: %v)", typed, a.reg[a.active].Key, a.cmd != nil)
			}
		}
	}
	seen := map[string]bool{}
	for _, gr := range a.groups {
		for _, i := range gr.sections {
			if seen[a.reg[i].Code] {
				t.Errorf("short code %q used twice", a.reg[i].Code)
			}
			seen[a.reg[i].Code] = true
		}
	}
}

// snapshot is what a key can change that a person would see or that the
// app would do.
func snapshot(a *App) string {
	return a.render() + "\x00" + a.reg[a.active].Key
}

// The keys `?` and the footer list for a section's screen are keys it
// handles: each, pressed on a fresh screen (after a move down, or to the
// end, for the keys that move back), changes what is on screen or asks the
// program to do something. Walked for every section, for a person of each
// department, in both languages, and again in the screen a listed key
// opened (a detail, a form).
func TestHelpListsOnlyHandledKeys(t *testing.T) {
	svc := walkServices(t)
	logins := []string{"sales", "saleslead", "prod", "shop", "qa", "office"}
	if testing.Short() {
		logins = logins[:3]
	}
	for _, lang := range []string{"zh", "en"} {
		for _, login := range logins {
			probe := walkApp(t, svc, login, lang)
			for i, sec := range probe.reg {
				checkKeys(t, svc, login, lang, sec.Key, i, nil, 3)
			}
		}
	}
}

// checkKeys checks the help keys of section i after the keys before, and,
// depth more times, of the screens those keys open.
func checkKeys(t *testing.T, svc model.Services, login, lang, secKey string, i int, before []string, depth int) {
	t.Helper()
	fresh := func() *App {
		a := walkApp(t, svc, login, lang)
		reach(t, a, i)
		for _, k := range before {
			a.Update(keyPress(t, k))
		}
		return a
	}
	a := fresh()
	for _, b := range a.screens[i].HelpKeys() {
		if !b.Enabled() || len(b.Keys()) == 0 {
			continue
		}
		k := b.Keys()[0]
		works := false
		var opened bool
		listed := false
		for _, prime := range [][]string{nil, {"down"}, {"end"}, {"G"}, {"right"}} {
			a := fresh()
			for _, p := range prime {
				a.Update(keyPress(t, p))
			}
			// Keys pressed before may have changed the records (a save):
			// the key is tried where the screen lists it now.
			if !lists(a.screens[i].HelpKeys(), k) {
				continue
			}
			listed = true
			was := snapshot(a)
			wasCapturing := a.screens[i].Capturing()
			_, cmd := a.Update(keyPress(t, k))
			if cmd != nil || snapshot(a) != was {
				works = true
				opened = prime == nil && a.active == i && a.screens[i].Capturing() != wasCapturing
				break
			}
		}
		where := strings.Join(append([]string{secKey}, before...), " ")
		if !works && listed {
			t.Errorf("%s as %s (%s): help lists %q (%s), which does nothing", where, login, lang, k, b.Help().Desc)
			continue
		}
		if depth > 0 && (k == "enter" || opened) {
			checkKeys(t, svc, login, lang, secKey, i, append(append([]string{}, before...), k), depth-1)
		}
	}
}

// The help of a screen that takes every key (a form) lists only the keys of
// every screen that still work there: each one listed, pressed in the form,
// does what help says rather than typing.
func TestHelpInAFormListsOnlyKeysThatWork(t *testing.T) {
	svc := walkServices(t)
	a := walkApp(t, svc, "sales", "zh")
	for _, k := range reach(t, a, sectionOf("sec.orders")) {
		a.Update(keyPress(t, k))
	}
	a.Update(keyPress(t, "n"))
	if !a.screens[a.active].Capturing() {
		t.Fatal("the new-order form does not take every key")
	}
	for _, b := range a.globalKeys() {
		for _, k := range b.Keys() {
			switch k {
			case "f1", "ctrl+c":
			default:
				if !strings.HasPrefix(k, "alt+") {
					t.Errorf("help in a form lists %q, which the form takes as typing", k)
				}
			}
		}
	}
	a.Update(keyPress(t, "f1"))
	if !a.showHelp {
		t.Fatal("F1 did not open help in a form")
	}
	help := a.fullHelp()
	for _, typed := range []string{"中/英", "前往（栏目"} {
		if strings.Contains(help, typed) {
			t.Errorf("help in a form offers %q", typed)
		}
	}
}
