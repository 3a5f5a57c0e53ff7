package sshserver

import (
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
)

// DefaultIdleWarning is how long before an idle session is closed it is warned.
const DefaultIdleWarning = time.Minute

// idleWatch closes a session no key has been pressed in for timeout, after
// warning it lead before (a nil warn: no warning). For a terminal, output
// does not count as activity: the screen of an idle session keeps
// redrawing (clock, live updates), so the SSH library's own idle deadline,
// refreshed by writes, would never fire. An exec session touches it for
// every byte in or out instead. It holds no goroutine while waiting, only
// a timer.
type idleWatch struct {
	timeout, lead time.Duration
	warn          func(left time.Duration)
	expire        func()
	// paused, when set, holds the count while it returns true: the time
	// counted is only the time it returned false (an exec command's input
	// deadline counts only while the command waits for input).
	paused func() bool
	now    func() time.Time // the clock (tests set their own)

	last atomic.Int64 // unix nanoseconds of the last key press

	mu     sync.Mutex
	timer  *time.Timer
	warned int64 // the last-key time the warning was given for
	done   bool
}

func newIdleWatch(timeout, lead time.Duration, warn func(time.Duration), expire func()) *idleWatch {
	if lead <= 0 {
		lead = DefaultIdleWarning
	}
	lead = min(lead, timeout/2)
	return &idleWatch{timeout: timeout, lead: lead, warn: warn, expire: expire, now: time.Now}
}

// start begins counting from now.
func (w *idleWatch) start() {
	w.last.Store(w.now().UnixNano())
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.timer = time.AfterFunc(w.timeout-w.lead, w.check)
	}
}

// filter is a tea.WithFilter function: every key press restarts the count.
func (w *idleWatch) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	if _, ok := msg.(tea.KeyPressMsg); ok {
		w.touch()
	}
	return msg
}

// touch restarts the count.
func (w *idleWatch) touch() { w.last.Store(w.now().UnixNano()) }

// check runs when the timer fires: warn, close, or wait again.
func (w *idleWatch) check() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return
	}
	now := w.now()
	if w.paused != nil && w.paused() {
		w.last.Store(now.UnixNano())
	}
	last := w.last.Load()
	closeAt := time.Unix(0, last).Add(w.timeout)
	warnAt := closeAt.Add(-w.lead)
	switch {
	case !now.Before(closeAt):
		w.done = true
		go w.expire()
		return
	case !now.Before(warnAt):
		if w.warned != last && w.warn != nil {
			w.warned = last
			go w.warn(closeAt.Sub(now))
		}
		w.timer.Reset(closeAt.Sub(now))
	default:
		w.timer.Reset(warnAt.Sub(now))
	}
}

// stop ends the watch (the session ended).
func (w *idleWatch) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
	if w.timer != nil {
		w.timer.Stop()
	}
}
