package sshserver

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestLimiterRateAndHandshakes(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(20, 0, 8) // burst 40, 8 handshakes, 2 per address
	l.now = func() time.Time { return now }

	// The handshake cap: 2 per address, 8 overall.
	first, second, third := l.admit("a"), l.admit("a"), l.admit("a")
	if !first || !second || third {
		t.Fatal("per-address handshake cap")
	}
	for _, ip := range []string{"b", "b", "c", "c", "d", "d"} {
		if !l.admit(ip) {
			t.Fatalf("%s refused under the cap", ip)
		}
	}
	if l.admit("e") || l.handshakes() != 8 {
		t.Fatalf("overall cap: %d handshakes", l.handshakes())
	}
	for _, ip := range []string{"a", "a", "b", "b", "c", "c", "d", "d"} {
		l.release(ip)
	}
	if l.handshakes() != 0 || len(l.pending) != 0 {
		t.Fatalf("released: %d, %v", l.handshakes(), l.pending)
	}

	// The token bucket: a burst of 40 (2 already taken), then 20 a second.
	n := 0
	for l.admit("a") {
		l.release("a")
		n++
	}
	if n != 38 {
		t.Fatalf("burst admitted %d", n)
	}
	now = now.Add(500 * time.Millisecond)
	n = 0
	for l.admit("a") {
		l.release("a")
		n++
	}
	if n != 10 {
		t.Fatalf("after 0.5 s admitted %d", n)
	}
	if !l.admit("z") { // another address has its own bucket
		t.Fatal("other address refused")
	}
}

func TestLimiterUnlimited(t *testing.T) {
	l := newLimiter(0, 0, 0)
	for range 1000 {
		if !l.admit("a") {
			t.Fatal("refused without a rate limit")
		}
		l.release("a")
	}
}

func TestIdleWatch(t *testing.T) {
	var warned, expired atomic.Int32
	done := make(chan struct{})
	w := newIdleWatch(200*time.Millisecond, 100*time.Millisecond,
		func(time.Duration) { warned.Add(1) }, func() { expired.Add(1); close(done) })
	w.start()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("not expired")
	}
	if warned.Load() != 1 || expired.Load() != 1 {
		t.Fatalf("warned %d, expired %d", warned.Load(), expired.Load())
	}
	w.stop()

	// A stopped watch never fires.
	w = newIdleWatch(20*time.Millisecond, 10*time.Millisecond, func(time.Duration) { t.Error("warned") }, func() { t.Error("expired") })
	w.start()
	w.stop()
	time.Sleep(50 * time.Millisecond)
}
