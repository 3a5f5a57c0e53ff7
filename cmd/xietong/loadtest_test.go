package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"xietong/loadtest"
)

// `xietong loadtest` against the real server: sessions open, keys are
// answered and measured, and the server's memory is read through the admin
// `stats --json --gc` command before, during and after, idle included.
func TestLoadCommand(t *testing.T) {
	ts := startServer(t, Config{Demo: true, ModelRelease: 50 * time.Millisecond})
	var out, errb bytes.Buffer
	code := runLoadtest([]string{"--addr", ts.addr, "--sessions", "4", "--rate", "150ms", "--duration", "1500ms",
		"--idle-wait", "300ms", "--json"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out.String(), errb.String())
	}
	var rep loadtest.Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out.String())
	}
	if rep.Connected != 4 || rep.Failed != 0 {
		t.Fatalf("%d connected, %d failed: %+v", rep.Connected, rep.Failed, rep.Failures)
	}
	if rep.FirstFrame.N != 4 || rep.FirstFrame.P50 <= 0 {
		t.Fatalf("first frame %+v", rep.FirstFrame)
	}
	if rep.Keystrokes < 8 || rep.Keystroke.N != rep.Keystrokes || rep.Keystroke.P50 <= 0 || rep.Unanswered != 0 {
		t.Fatalf("%d keystrokes, %d unanswered, latency %+v", rep.Keystrokes, rep.Unanswered, rep.Keystroke)
	}
	// Moving the cursor between two queue rows: a few cells of two rows.
	if rep.BytesPerKey.P50 <= 0 || rep.BytesPerKey.P50 > 300 {
		t.Fatalf("bytes per keystroke %+v", rep.BytesPerKey)
	}
	sr := rep.Server
	for name, st := range map[string]loadtest.ServerStats{"before": sr.Idle, "open": sr.Connected, "after keys": sr.Loaded, "idle": sr.IdleAfter} {
		if !st.Available || !strings.HasPrefix(st.Source, "stats --json --gc") || st.HeapInuse == 0 {
			t.Errorf("%s: %+v", name, st)
		}
	}
	if sr.Connected.Sessions != 4 || sr.IdleAfter.Sessions != 4 {
		t.Errorf("sessions seen by the server: open %d, idle %d", sr.Connected.Sessions, sr.IdleAfter.Sessions)
	}
	// Four sessions are too few to see in a heap other tests share, so only
	// that the figures were derived is checked here.
	if sr.HeapPerSession == 0 || sr.RSSPerSession == 0 {
		t.Errorf("no memory per idle session derived: %+v", sr)
	}
	// The table form says the same.
	out.Reset()
	errb.Reset()
	if code := runLoadtest([]string{"--addr", ts.addr, "--sessions", "2", "--rate", "200ms", "--duration", "600ms", "--idle-wait", "-1s"}, &out, &errb); code != 0 {
		t.Fatalf("table run: exit %d\n%s", code, errb.String())
	}
	for _, want := range []string{"2 opened, 0 failed", "keystroke → screen", "bytes per keystroke", "after keys", "per idle session"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "idle after keys") {
		t.Errorf("idle reading shown with --idle-wait negative:\n%s", out.String())
	}
}

// The load command refuses what it must not do: other hosts, and counts or
// times outside its bounds.
func TestLoadCommandRefuses(t *testing.T) {
	for _, args := range [][]string{
		{"--addr", "192.0.2.1:22"},
		{"--addr", "127.0.0.1:1", "--sessions", "0"},
		{"--addr", "127.0.0.1:1", "--sessions", "5001"},
		{"--addr", "127.0.0.1:1", "--duration", "11m"},
		{"--addr", "127.0.0.1:1", "--idle-wait", "11m"},
	} {
		var out, errb bytes.Buffer
		if code := runLoadtest(args, &out, &errb); code == 0 || errb.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errb.String())
		}
	}
}
