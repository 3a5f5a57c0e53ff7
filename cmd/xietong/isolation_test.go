package main

import (
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// A panic provoked in one session ends that session only; another stays usable.
func TestPanicEndsOneSession(t *testing.T) {
	ts := startServer(t, Config{Demo: true, PanicKey: "ctrl+t"})
	victim := ts.open("prod", 100, 30, "")
	victim.waitText("今天需要你处理的事")
	other := ts.open("sales", 100, 30, "")
	other.waitText("今天需要你处理的事")

	victim.send("\x14") // ctrl+t
	select {
	case <-victim.closed:
	case <-time.After(waitTimeout):
		t.Fatal("the panicking session did not end")
	}
	other.send("1", kTab)
	other.waitText("通知公告", "状态")
	ts.postNotice("office", model.Notice{Title: "崩溃之后的通知"})
	other.waitText("崩溃之后的通知")
	// New sessions still work too.
	again := ts.open("prod", 100, 30, "")
	again.waitText("今天需要你处理的事")

	// Every session that ended gave back its feed subscription.
	if n := ts.m.Svc.Feed.Subscribers(); n != 2 {
		t.Fatalf("%d feed subscribers with 2 sessions open", n)
	}
	other.close()
	again.close()
	waitUntil(t, "subscriptions released", func() bool { return ts.m.Svc.Feed.Subscribers() == 0 })
}

// waitUntil polls cond (for server-side state with no screen to watch).
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A client that stops reading its channel does not delay a notice reaching
// other sessions, nor the author's save.
func TestStuckClientDoesNotDelayOthers(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	// The stuck client: a PTY session whose output is never read. It keeps
	// typing so the server has plenty to send it, until its window is full.
	_, in, _ := ts.rawShell("shop", 200, 60) // its output is never read
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		keys := strings.Repeat("?2?1", 64)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := in.Write([]byte(keys)); err != nil {
				return
			}
		}
	}()

	reader := ts.open("prod", 100, 30, "")
	reader.waitText("今天需要你处理的事")
	// Let the stuck session's window fill: post notices it must redraw for.
	for i := range 20 {
		ts.postNotice("office", model.Notice{Title: "填充通知 " + itoa(uint64(i)), Body: strings.Repeat("正文", 400)})
	}
	reader.waitText("填充通知 19")

	start := time.Now()
	ts.postNotice("office", model.Notice{Title: "卡住的客户端不影响我", Urgent: true})
	if d := time.Since(start); d > live {
		t.Fatalf("posting took %v with a stuck client connected", d)
	}
	took := reader.within(live, "notice despite stuck client", func(s string) bool {
		return strings.Contains(s, "紧急通知：卡住的客户端不影响我")
	})
	t.Logf("other session saw it after %v", took)
}
