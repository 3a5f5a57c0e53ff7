// Package kit is what the screens of every area share: the Session, the
// Screen interface and the registry entry a section is declared by, the
// messages screens send, the styles, the widgets (lists, tables, forms,
// grids, pickers, pagers), the keys and the formats.
package kit

import (
	"context"
	"log/slog"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/i18n"
	"xietong/model"
)

type StatusLevel int

const (
	StatusInfo StatusLevel = iota
	StatusError
	StatusAlert
)

// Session is the per-session state screens share: who, in which language,
// with which styles and services. Nothing in it is shared between sessions.
type Session struct {
	Ctx   context.Context
	Svc   model.Services
	User  *model.User
	Lang  string
	St    Styles
	Width int
	Log   *slog.Logger // the server's log (faults)
	// Reach is the keys that lead to the section with catalogue key k
	// ("3", "1 tab"), set by the root from its registry, so that a hint
	// on one screen names the keys of another as they are; nil: none.
	Reach func(k string) string

	status      string
	statusLevel StatusLevel
	names       map[string]string // login → display name, reloaded on user events
	master      masterMemo        // customers and products for display (LoadMaster)
}

// Who returns the display name of login (the login itself if unknown).
func (s *Session) Who(login string) string {
	if s.names == nil {
		s.names = map[string]string{}
		if users, err := s.Svc.Users.Users(s.Ctx); err == nil {
			for _, u := range users {
				s.names[u.Login] = u.Name
			}
		}
	}
	if n, ok := s.names[login]; ok && n != "" {
		return n
	}
	if login == model.SystemLogin {
		return s.T("who.system")
	}
	return login
}

// KeysTo is Reach(k), or ":" when the session has no registry.
func (s *Session) KeysTo(k string) string {
	if s.Reach == nil {
		return ":"
	}
	return s.Reach(k)
}

// T translates key in the session's language.
func (s *Session) T(key string, args ...any) string { return i18n.T(s.Lang, key, args...) }

// Info, Fail and Alert set the status line.
func (s *Session) Info(msg string)  { s.status, s.statusLevel = msg, StatusInfo }
func (s *Session) Alert(msg string) { s.status, s.statusLevel = msg, StatusAlert }
func (s *Session) Fail(err error) {
	s.status, s.statusLevel = model.ErrorMessage(s.Fault(err), s.Lang), StatusError
}

// Fault logs err when it is a fault of ours (model.Fault), naming the
// person, and returns what the session shows instead: "内部错误 #ID" with the
// id of the log line. Screens pass every error from a service through it
// (Fail does) before keeping it to show; other errors pass unchanged.
func (s *Session) Fault(err error) error {
	if !model.IsFault(err) {
		return err
	}
	login := ""
	if s.User != nil {
		login = s.User.Login
	}
	return model.Fault(s.Log, err, "user", login, "via", "terminal")
}

// FieldErrs renders an error's field messages in the session's language.
func (s *Session) FieldErrs(err error) map[string]string {
	fe := model.FieldErrors(err)
	if fe == nil {
		return nil
	}
	out := make(map[string]string, len(fe))
	for k, v := range fe {
		out[k] = v.In(s.Lang)
	}
	return out
}

// Time formats t in the factory zone.
func (s *Session) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(s.Svc.Clock.Loc).Format("2006-01-02 15:04")
}

// Said is what the status line says, and at which level.
func (s *Session) Said() (string, StatusLevel) { return s.status, s.statusLevel }

// Say sets the status line.
func (s *Session) Say(msg string, level StatusLevel) { s.status, s.statusLevel = msg, level }

// ForgetNames drops the display names read, so the next Who reads them
// again (after a change of users).
func (s *Session) ForgetNames() { s.names = nil }

// Screen is one section of the app.
type Screen interface {
	Title() string
	Update(msg tea.Msg) tea.Cmd
	View(width, height int) string
	HelpKeys() []key.Binding
	// Capturing reports that a text field or a sub-mode has the keyboard, so
	// global single-key shortcuts must not fire.
	Capturing() bool
	Dirty() bool
	// Reload re-reads data (after live events or a language switch).
	Reload()
}

// OpenMsg asks a screen to open the record with id.
type OpenMsg struct{ ID uint64 }

// ShowMsg asks the master data screen to show a customer or a product:
// its tab, with the cursor on the record.
type ShowMsg struct {
	Customer string // code
	Product  string // code
}

// SwitchMsg asks the app to show a section, named by the catalogue key of
// its name, optionally opening a record.
type SwitchMsg struct {
	Section string
	Open    uint64
}
