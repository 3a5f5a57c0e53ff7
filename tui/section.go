package tui

import "xietong/model"

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
