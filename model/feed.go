package model

import "sync"

// Feed fans committed changes out to subscribers. Publish never blocks: each
// subscriber has its own mailbox that coalesces repeated events for the same
// record, so a slow or stuck session cannot hold up writers or other sessions.
type Feed struct {
	mu   sync.Mutex
	subs map[*Subscription]struct{}
}

// NewFeed returns an empty feed.
func NewFeed() *Feed { return &Feed{subs: map[*Subscription]struct{}{}} }

// MailboxLimit bounds a subscriber's pending events; past it the oldest
// distinct events are folded into one Overflow marker.
const MailboxLimit = 256

// Subscription is one subscriber's mailbox.
type Subscription struct {
	feed     *Feed
	mu       sync.Mutex
	pending  []Event
	overflow bool
	ready    chan struct{} // capacity 1: "something is pending"
	closed   bool
}

// Subscribe opens a mailbox. Close it when done.
func (f *Feed) Subscribe() *Subscription {
	s := &Subscription{feed: f, ready: make(chan struct{}, 1)}
	f.mu.Lock()
	f.subs[s] = struct{}{}
	f.mu.Unlock()
	return s
}

// Subscribers returns how many mailboxes are open.
func (f *Feed) Subscribers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs)
}

// Publish delivers events to every mailbox without blocking.
func (f *Feed) Publish(events ...Event) {
	if len(events) == 0 {
		return
	}
	f.mu.Lock()
	subs := make([]*Subscription, 0, len(f.subs))
	for s := range f.subs {
		subs = append(subs, s)
	}
	f.mu.Unlock()
	for _, s := range subs {
		s.put(events)
	}
}

func sameRecord(a, b Event) bool {
	return a.Kind == b.Kind && a.ID == b.ID && a.Key == b.Key
}

func (s *Subscription) put(events []Event) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	for _, e := range events {
		replaced := false
		for i := range s.pending {
			// Coalesce: the latest event for a record wins, except that an
			// urgent, create or (re)publish event is kept so alerts are not lost.
			if sameRecord(s.pending[i], e) && !s.pending[i].Urgent && s.pending[i].Action != "create" && s.pending[i].Action != "publish" && s.pending[i].Action != "republish" {
				s.pending[i] = e
				replaced = true
				break
			}
		}
		if !replaced {
			if len(s.pending) >= MailboxLimit {
				s.pending = s.pending[1:]
				s.overflow = true
			}
			s.pending = append(s.pending, e)
		}
	}
	s.mu.Unlock()
	select {
	case s.ready <- struct{}{}:
	default:
	}
}

// Ready is signalled whenever events are pending.
func (s *Subscription) Ready() <-chan struct{} { return s.ready }

// Take returns and clears the pending events; overflow reports that some
// were dropped and the subscriber should reload what it shows.
func (s *Subscription) Take() (events []Event, overflow bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	events, overflow = s.pending, s.overflow
	s.pending, s.overflow = nil, false
	return events, overflow
}

// Close removes the mailbox from the feed. It is safe to call twice.
func (s *Subscription) Close() {
	s.feed.mu.Lock()
	delete(s.feed.subs, s)
	s.feed.mu.Unlock()
	s.mu.Lock()
	s.closed = true
	s.pending = nil
	s.mu.Unlock()
}
