package tui

import (
	"slices"

	"xietong/model"
)

// section is one entry of the registry the root walks: the catalogue key of
// its name (both languages find it on the command line), a short code for
// the command line and the keys table, its group, how its screen is made,
// the kinds of records it shows (a committed change of another kind does
// nothing to it) and the live alerts it raises.
type section struct {
	key   string
	code  string
	group string
	make  func(*Session) Screen
	wants model.Kinds
	// alerts are said on the status line of every session, whichever
	// section it shows.
	alerts []liveAlert
}

// group is a set of sections under one digit; the digit opens its first
// section, tab and shift+tab move between its sections.
type group struct {
	key      string // catalogue key of its name
	sections []int  // indices into the registry, in order
}

// groupKeys are the catalogue keys of the groups in the order of their
// digits.
func groupKeys() []string {
	return []string{"grp.desk", "grp.sales", "grp.production", "grp.planning", "grp.management"}
}

// liveAlert is what a committed change of kind says to this person, if
// anything: the status line's text and whether it is an alert (else a note)
// and rings the bell.
type liveAlert struct {
	kind model.Kind
	say  func(s *Session, e model.Event) (alert, bool)
}

type alert struct {
	text  string
	level statusLevel
	bell  bool
}

// registry lists every section, each area's in the order of its group.
// A section is added here and nowhere else: the tabs, the digits, the
// command line, the alerts, the live re-reads and the keys table walk it.
func registry() []section {
	return slices.Concat(deskSections(), orderSections(), shopSections(), planningSections(), meetingSections())
}

// groups arranges the registry's sections by group, in the order of
// groupKeys; a group no section belongs to is left out.
func groups(reg []section) []group {
	var out []group
	for _, k := range groupKeys() {
		g := group{key: k}
		for i, sec := range reg {
			if sec.group == k {
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
func sectionOf(k string) int {
	for i, sec := range registry() {
		if sec.key == k {
			return i
		}
	}
	return 0
}

// orderSection is the index of the orders section.
func orderSection() int { return sectionOf("sec.orders") }
