package tui

import (
	"strconv"

	"charm.land/bubbles/v2/key"

	"xietong/i18n"
)

// GlobalKeys are active on every screen when no text field has focus
// (except ctrl+c, which always works).
type GlobalKeys struct {
	Quit, ForceQuit, Help, HelpF1, Lang, NextSec, PrevSec, Section, AltSection, Cmd key.Binding
}

// newGlobalKeys builds the global keys for groups groups (at most ten:
// digits 1..9 and 0).
func newGlobalKeys(lang string, groups int) GlobalKeys {
	t := func(k string) string { return i18n.T(lang, k) }
	var digits, alts []string
	for g := range min(groups, 10) {
		d := strconv.Itoa((g + 1) % 10)
		digits, alts = append(digits, d), append(alts, "alt+"+d)
	}
	span := "1"
	if len(digits) > 1 {
		span = "1-" + digits[len(digits)-1]
	}
	return GlobalKeys{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", t("key.quit"))),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", t("key.quit"))),
		Help:      key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", t("key.help"))),
		// F1 is help where ? would be typed (a form, an editing grid).
		HelpF1:  key.NewBinding(key.WithKeys("f1"), key.WithHelp("F1", t("key.help"))),
		Lang:    key.NewBinding(key.WithKeys("L"), key.WithHelp("L", t("key.lang"))),
		NextSec: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t("key.next_section"))),
		PrevSec: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", t("key.prev_section"))),
		Section: key.NewBinding(key.WithKeys(digits...), key.WithHelp(span, t("key.groups"))),
		// alt+digit switches group even while a grid or form has the keys.
		AltSection: key.NewBinding(key.WithKeys(alts...), key.WithHelp("alt+"+span, t("key.groups"))),
		Cmd:        key.NewBinding(key.WithKeys(":", "ctrl+p"), key.WithHelp(":", t("key.cmd"))),
	}
}
