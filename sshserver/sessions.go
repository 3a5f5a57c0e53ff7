package sshserver

import (
	"sync"

	"xietong/model"
)

// Defaults of the session limits (the serve flags give them too).
const (
	DefaultMaxSessions      = 1000
	DefaultAdminReserve     = 10
	DefaultAccountTerminals = 10
	DefaultAccountExecs     = 20
)

// sessionKind is what a session runs: the screens or one command.
type sessionKind int

const (
	kindTerminal sessionKind = iota
	kindExec
)

func (k sessionKind) String() string {
	if k == kindExec {
		return "exec"
	}
	return "terminal"
}

// SessionLimits bound the sessions that are open at once; 0 turns a limit off.
type SessionLimits struct {
	// Max caps sessions of every kind and account together. The last
	// AdminReserve of them are for administrators only, so an administrator
	// gets in however busy the server is.
	Max, AdminReserve int
	// AccountTerminals and AccountExecs cap one account's terminal and exec
	// sessions, administrators' included.
	AccountTerminals, AccountExecs int
}

// channelsPerConn bounds the session channels one connection may hold open,
// started or not: an account's share and a little more, so that channels
// that never ask for a shell or a command cannot pile up past the
// per-account limits either (0: no bound).
func (l SessionLimits) channelsPerConn() int {
	if l.AccountTerminals == 0 || l.AccountExecs == 0 {
		return 0
	}
	return l.AccountTerminals + l.AccountExecs + 4
}

// sessionTable counts the open sessions per account.
type sessionTable struct {
	lim SessionLimits

	mu    sync.Mutex
	total int
	by    map[string]*[2]int // login → open sessions by kind

	refusedBusy, refusedAccount uint64
}

func newSessionTable(lim SessionLimits) *sessionTable {
	return &sessionTable{lim: lim, by: map[string]*[2]int{}}
}

// admit takes a place for u's session of kind, or says why not: the text to
// show (in the session's language) and whether it was the server's cap.
func (t *sessionTable) admit(u *model.User, kind sessionKind) (release func(), why *model.Text) {
	t.mu.Lock()
	defer t.mu.Unlock()
	counts := t.by[u.Login]
	if counts == nil {
		counts = &[2]int{}
	}
	limit := t.lim.Max
	if u.Role != model.RoleAdmin {
		limit -= t.lim.AdminReserve
	}
	perAccount := [2]int{t.lim.AccountTerminals, t.lim.AccountExecs}[kind]
	switch {
	case t.lim.Max > 0 && t.total >= limit:
		t.refusedBusy++
		txt := model.T("rel.busy", t.total)
		return nil, &txt
	case perAccount > 0 && counts[kind] >= perAccount:
		t.refusedAccount++
		key := "rel.account_terminals"
		if kind == kindExec {
			key = "rel.account_execs"
		}
		txt := model.T(key, counts[kind], perAccount)
		return nil, &txt
	}
	t.by[u.Login] = counts
	counts[kind]++
	t.total++
	var once sync.Once
	return func() {
		once.Do(func() {
			t.mu.Lock()
			defer t.mu.Unlock()
			t.total--
			if counts[kind]--; counts[0]+counts[1] == 0 {
				delete(t.by, u.Login)
			}
		})
	}, nil
}

// counts are the open sessions, all kinds, and the refusals so far.
func (t *sessionTable) counts() (open int, busy, account uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.total, t.refusedBusy, t.refusedAccount
}
