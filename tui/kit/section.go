package kit

import "xietong/model"

// Section is one entry of the registry the root walks: the catalogue key of
// its name (both languages find it on the command line), a short code for
// the command line and the keys table, its group, how its screen is made,
// the kinds of records it shows (a committed change of another kind does
// nothing to it) and the live alerts it raises.
type Section struct {
	Key   string
	Code  string
	Group string
	Make  func(*Session) Screen
	Wants model.Kinds
	// Alerts are said on the status line of every session, whichever
	// section it shows.
	Alerts []LiveAlert
}

// GroupKeys are the catalogue keys of the groups in the order of their
// digits.
func GroupKeys() []string {
	return []string{"grp.desk", "grp.sales", "grp.production", "grp.planning", "grp.management"}
}

// LiveAlert is what a committed change of kind says to this person, if
// anything: the status line's text and whether it is an alert (else a note)
// and rings the bell.
type LiveAlert struct {
	Kind model.Kind
	Say  func(s *Session, e model.Event) (Alert, bool)
}

type Alert struct {
	Text  string
	Level StatusLevel
	Bell  bool
}
