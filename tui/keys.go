package tui

import (
	"charm.land/bubbles/v2/key"

	"xietong/i18n"
)

// GlobalKeys are active on every screen when no text field has focus
// (except ctrl+c, which always works).
type GlobalKeys struct {
	Quit, ForceQuit, Help, HelpF1, Lang, NextSec, PrevSec, Section, AltSection, Cmd key.Binding
}

func newGlobalKeys(lang string) GlobalKeys {
	t := func(k string) string { return i18n.T(lang, k) }
	return GlobalKeys{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", t("key.quit"))),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", t("key.quit"))),
		Help:      key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", t("key.help"))),
		// F1 is help where ? would be typed (a form, an editing grid).
		HelpF1:  key.NewBinding(key.WithKeys("f1"), key.WithHelp("F1", t("key.help"))),
		Lang:    key.NewBinding(key.WithKeys("L"), key.WithHelp("L", t("key.lang"))),
		NextSec: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t("key.sections"))),
		PrevSec: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", t("key.sections"))),
		Section: key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9", "0"), key.WithHelp("0-9", t("key.sections"))),
		// alt+digit switches section even while a grid or form has the keys.
		AltSection: key.NewBinding(key.WithKeys("alt+1", "alt+2", "alt+3", "alt+4", "alt+5", "alt+6", "alt+7", "alt+8", "alt+9", "alt+0"),
			key.WithHelp("alt+0-9", t("key.sections"))),
		Cmd: key.NewBinding(key.WithKeys(":", "ctrl+p"), key.WithHelp(":", t("key.cmd"))),
	}
}

// ListKeys move through a list.
type ListKeys struct {
	Up, Down, PgUp, PgDown, Top, Bottom, Open, Filter, Back key.Binding
}

func newListKeys(lang string) ListKeys {
	t := func(k string) string { return i18n.T(lang, k) }
	return ListKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", t("key.up"))),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", t("key.down"))),
		PgUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", t("key.pgup"))),
		PgDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", t("key.pgdown"))),
		Top:    key.NewBinding(key.WithKeys("home", "g")),
		Bottom: key.NewBinding(key.WithKeys("end", "G")),
		Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("key.open"))),
		Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", t("key.filter"))),
		Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("key.back"))),
	}
}
