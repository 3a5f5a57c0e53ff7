package kit

import (
	"charm.land/bubbles/v2/key"

	"xietong/i18n"
)

// ListKeys move through a list.
type ListKeys struct {
	Up, Down, PgUp, PgDown, Top, Bottom, Open, Filter, Back key.Binding
	// Keep and Clear end typing a filter: keep it, or clear it.
	Keep, Clear key.Binding
}

func NewListKeys(lang string) ListKeys {
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
		Keep:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("key.filter_keep"))),
		Clear:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("key.filter_clear"))),
	}
}
