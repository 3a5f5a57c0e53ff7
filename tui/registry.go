package tui

import (
	"slices"

	"xietong/tui/campaigns"
	"xietong/tui/deptplans"
	"xietong/tui/desk"
	"xietong/tui/kit"
	"xietong/tui/ledger"
	"xietong/tui/meetings"
	"xietong/tui/orders"
	"xietong/tui/planning"
	"xietong/tui/projects"
	"xietong/tui/purchase"
	"xietong/tui/shopfloor"
)

// group is a set of sections under one digit; the digit opens its first
// section, tab and shift+tab move between its sections.
type group struct {
	key      string // catalogue key of its name
	sections []int  // indices into the registry, in order
}

// registry lists every section, each area's in the order of its group.
// A section is added to its area's Sections() and nowhere else: the tabs,
// the digits, the command line, the alerts, the live re-reads and the keys
// table walk the registry.
func registry() []kit.Section {
	return slices.Concat(desk.Sections(), orders.Sections(), campaigns.Sections(), shopfloor.Sections(), purchase.Sections(), planning.Sections(), meetings.Sections(), projects.Sections(), deptplans.Sections(), ledger.Sections())
}

// groups arranges the registry's sections by group, in the order of
// kit.GroupKeys; a group no section belongs to is left out.
func groups(reg []kit.Section) []group {
	var out []group
	for _, k := range kit.GroupKeys() {
		g := group{key: k}
		for i, sec := range reg {
			if sec.Group == k {
				g.sections = append(g.sections, i)
			}
		}
		if len(g.sections) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// sectionOf is the index in the registry of the section with catalogue
// key k (0, home, if there is none).
func sectionOf(k string) int { return sectionIndex(registry(), k) }

// sectionOf is the index of the section with catalogue key k in the app's
// registry (0, home, if there is none).
func (a *App) sectionOf(k string) int { return sectionIndex(a.reg, k) }

func sectionIndex(reg []kit.Section, k string) int {
	for i, sec := range reg {
		if sec.Key == k {
			return i
		}
	}
	return 0
}

// orderSection is the index of the orders section.
func orderSection() int { return sectionOf("sec.orders") }
