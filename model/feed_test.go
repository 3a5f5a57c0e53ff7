package model

import (
	"sync"
	"testing"
	"time"
)

func TestFeedCoalescesPerRecord(t *testing.T) {
	f := NewFeed()
	s := f.Subscribe()
	defer s.Close()
	f.Publish(Event{Kind: "notice", ID: 1, Action: "update"})
	f.Publish(Event{Kind: "notice", ID: 1, Action: "update", Actor: "b"})
	f.Publish(Event{Kind: "notice", ID: 2, Action: "update"})
	f.Publish(Event{Kind: "notice", ID: 3, Action: "create", Urgent: true})
	f.Publish(Event{Kind: "notice", ID: 3, Action: "update"})
	select {
	case <-s.Ready():
	default:
		t.Fatal("no ready signal")
	}
	evs, overflow := s.Take()
	if overflow {
		t.Fatal("unexpected overflow")
	}
	// 1 coalesced (latest wins), 2, 3's create kept (alerts are not lost) plus its update.
	if len(evs) != 4 || evs[0].Actor != "b" || evs[2].Action != "create" || evs[3].Action != "update" {
		t.Fatalf("events = %+v", evs)
	}
	if evs, _ := s.Take(); len(evs) != 0 {
		t.Fatalf("second take = %+v", evs)
	}
}

// A subscriber nobody drains never blocks Publish; past the limit it is
// told to reload (overflow) instead of growing without bound.
func TestFeedStuckSubscriberDoesNotBlock(t *testing.T) {
	f := NewFeed()
	stuck := f.Subscribe()
	live := f.Subscribe()
	defer stuck.Close()
	defer live.Close()
	done := make(chan struct{})
	go func() {
		for i := range 10 * MailboxLimit {
			f.Publish(Event{Kind: "notice", ID: uint64(i), Action: "create"})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Publish blocked on a stuck subscriber")
	}
	evs, overflow := stuck.Take()
	if !overflow || len(evs) != MailboxLimit {
		t.Fatalf("stuck mailbox: %d events, overflow %v", len(evs), overflow)
	}
	if evs[len(evs)-1].ID != uint64(10*MailboxLimit-1) {
		t.Fatal("the newest event was dropped instead of the oldest")
	}
}

func TestFeedCloseUnsubscribes(t *testing.T) {
	f := NewFeed()
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := f.Subscribe()
			f.Publish(Event{Kind: "user", Key: "x"})
			s.Close()
			s.Close() // twice is fine
		}()
	}
	wg.Wait()
	if n := f.Subscribers(); n != 0 {
		t.Fatalf("%d subscribers left", n)
	}
}
