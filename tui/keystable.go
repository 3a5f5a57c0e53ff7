package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/i18n"
	"xietong/model"
	"xietong/tui/kit"
)

// KeysMarkdown is the keys table of the README, read from the key maps the
// screens show in their help: the global keys, the keys of forms, then for
// every group and section the keys its screen lists when it opens, and
// after enter (a detail), as the people logins sees them (each key once).
// svc is a factory to walk (the demo); nothing in it is changed.
func KeysMarkdown(ctx context.Context, svc model.Services, logins []string, lang string) (string, error) {
	t := func(k string, args ...any) string { return i18n.T(lang, k, args...) }
	var b strings.Builder
	fmt.Fprintf(&b, "| %s | %s | %s |\n|---|---|---|\n", t("keys.col_key"), t("keys.col_where"), t("keys.col_does"))
	row := func(k, where, does string) {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", mdKey(k), where, strings.ReplaceAll(does, "|", `\|`))
	}
	for _, login := range logins {
		if _, err := svc.Users.User(ctx, login); err != nil {
			return "", err
		}
	}
	if len(logins) == 0 {
		return "", model.Errorf(model.EINVALID, "cli.keys.no_login")
	}
	a := keysApp(ctx, svc, logins[0], lang, 0)
	everywhere := t("keys.everywhere")
	var names []string
	for g, gr := range a.groups {
		names = append(names, fmt.Sprintf("%d %s", (g+1)%10, t(gr.key)))
	}
	gk := a.keys
	row(gk.Section.Help().Key, everywhere, gk.Section.Help().Desc+": "+strings.Join(names, ", "))
	for _, k := range []key.Binding{gk.NextSec, gk.PrevSec, gk.AltSection, gk.Cmd, gk.Lang, gk.Help, gk.HelpF1, gk.Quit, gk.ForceQuit} {
		row(k.Help().Key, everywhere, k.Help().Desc)
	}
	fk := kit.NewFormKeys(lang)
	for _, k := range []key.Binding{fk.Next, fk.Prev, fk.Toggle, fk.Lookup, fk.Save, fk.Cancel} {
		row(k.Help().Key, t("keys.forms"), k.Help().Desc)
	}
	for _, gr := range a.groups {
		for _, i := range gr.sections {
			where := t(gr.key) + " › " + t(a.reg[i].Key)
			seen := map[string]bool{}
			add := func(where string, ks []key.Binding) {
				for _, k := range ks {
					h := k.Help()
					if !k.Enabled() || h.Key == "" || seen[where+"\x00"+h.Key] {
						continue
					}
					seen[where+"\x00"+h.Key] = true
					row(h.Key, where, h.Desc)
				}
			}
			for _, login := range logins {
				app := keysApp(ctx, svc, login, lang, i)
				add(where, app.screens[i].HelpKeys())
			}
			// The keys of what a listed key opens (a detail, another tab),
			// when they differ from the section's own; forms are above.
			for _, login := range logins {
				base := keysApp(ctx, svc, login, lang, i).screens[i].HelpKeys()
				for _, k := range base {
					if !k.Enabled() || len(k.Keys()) == 0 || moveKey(k.Keys()[0]) {
						continue
					}
					// What enter opens depends on the row: the first rows are
					// opened in turn (a closed meeting takes fewer keys).
					rows := 1
					if k.Keys()[0] == "enter" {
						rows = 6
					}
					for r := range rows {
						app := keysApp(ctx, svc, login, lang, i)
						sc := app.screens[i]
						for range r {
							app.Update(tea.KeyPressMsg{Code: tea.KeyDown})
						}
						app.Update(keyMsg(k.Keys()[0]))
						if app.active != i || sc.Capturing() {
							continue
						}
						var fresh []key.Binding
						for _, n := range sc.HelpKeys() {
							if !listsHelp(base, n) {
								fresh = append(fresh, n)
							}
						}
						add(where+t("keys.after", k.Help().Key), fresh)
					}
				}
			}
		}
	}
	return b.String(), nil
}

// keysApp is a session of login (known to exist) showing section i.
func keysApp(ctx context.Context, svc model.Services, login, lang string, i int) *App {
	u, _ := svc.Users.User(ctx, login)
	a := New(ctx, Config{Services: svc, User: u, Lang: lang, Width: MinWidth, Height: MinHeight})
	a.show(i)
	return a
}

// moveKey is a key that moves a cursor: it opens nothing.
func moveKey(k string) bool {
	return slices.Contains([]string{"up", "down", "pgup", "pgdown", "home", "end", "k", "j", "g", "G"}, k)
}

// keyMsg is the press of a binding's key ("enter", "right", "n").
func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEscape, "left": tea.KeyLeft, "right": tea.KeyRight, "space": tea.KeySpace}
	if c, ok := named[k]; ok {
		return tea.KeyPressMsg{Code: c}
	}
	r := []rune(k)
	if len(r) != 1 {
		return tea.KeyPressMsg{}
	}
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// listsHelp reports whether ks has a binding shown as b is.
func listsHelp(ks []key.Binding, b key.Binding) bool {
	for _, k := range ks {
		if k.Help() == b.Help() {
			return true
		}
	}
	return false
}

// lists reports whether one of ks works on key k.
func lists(ks []key.Binding, k string) bool {
	for _, b := range ks {
		if b.Enabled() && slices.Contains(b.Keys(), k) {
			return true
		}
	}
	return false
}

// mdKey writes a help key ("↑/k", "[ ]", "ctrl+s") as Markdown code.
func mdKey(k string) string {
	parts := strings.Fields(k)
	for i, p := range parts {
		parts[i] = "`" + strings.ReplaceAll(p, "|", `\|`) + "`"
	}
	return strings.Join(parts, " ")
}
