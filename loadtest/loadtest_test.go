package loadtest

import (
	"io"
	"strings"
	"testing"
	"time"
)

func ds(ms ...int) []time.Duration {
	out := make([]time.Duration, len(ms))
	for i, m := range ms {
		out[i] = time.Duration(m) * time.Millisecond
	}
	return out
}

func TestPercentileNearestRank(t *testing.T) {
	s := ds(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	for _, c := range []struct {
		p    float64
		want int
	}{{0, 1}, {1, 1}, {10, 1}, {11, 2}, {50, 5}, {90, 9}, {99, 10}, {100, 10}} {
		if got := Percentile(s, c.p); got != time.Duration(c.want)*time.Millisecond {
			t.Errorf("p%v = %v, want %dms", c.p, got, c.want)
		}
	}
	if Percentile(nil, 50) != 0 {
		t.Error("percentile of nothing should be 0")
	}
	// 1000 values 1..1000 ms: p99 is the 990th.
	var big []time.Duration
	for i := 1000; i >= 1; i-- {
		big = append(big, time.Duration(i)*time.Millisecond)
	}
	sum := Summarize(big)
	if sum.P50 != 500*time.Millisecond || sum.P90 != 900*time.Millisecond || sum.P99 != 990*time.Millisecond {
		t.Errorf("summary %+v", sum)
	}
	if sum.Min != time.Millisecond || sum.Max != time.Second || sum.N != 1000 || sum.Mean != 500500*time.Microsecond {
		t.Errorf("summary %+v", sum)
	}
	if big[0] != time.Second {
		t.Error("Summarize must not reorder its input")
	}
}

func TestMedian(t *testing.T) {
	if m := Median(ds(5, 1, 3)); m != 3*time.Millisecond {
		t.Errorf("odd median %v", m)
	}
	if m := Median(ds(4, 1, 3, 2)); m != 2500*time.Microsecond {
		t.Errorf("even median %v", m)
	}
}

// TestKeystrokeAccounting drives a session's bookkeeping by hand: answered
// and unanswered keystrokes, and bytes per keystroke windows.
func TestKeystrokeAccounting(t *testing.T) {
	s := &session{frame: make(chan struct{}), output: make(chan struct{}, 1), done: make(chan struct{})}
	pr, pw := newPipe()
	s.stdin = discard{}
	go s.read(pr)
	chunk := func(n int) {
		pw <- strings.Repeat("x", n)
		// wait until the reader has taken it
		<-s.output
	}
	chunk(10) // first frame (no markers): before measuring, not counted
	<-s.frame
	if err := s.press("j"); err != nil {
		t.Fatal(err)
	}
	chunk(100)
	chunk(50)
	_ = s.press("k") // closes window 1: 150 bytes, answered
	_ = s.press("j") // window 2 had no output: unanswered, 0 bytes
	chunk(70)
	s.stop() // last one answered: window 3 counts
	close(pw)
	<-s.done
	if len(s.lat) != 3 || s.unanswered != 1 {
		t.Fatalf("lat %v unanswered %d", s.lat, s.unanswered)
	}
	if got := s.perKey; len(got) != 3 || got[0] != 150 || got[1] != 0 || got[2] != 70 {
		t.Fatalf("bytes per key %v", got)
	}
}

func TestStopDropsUnansweredLast(t *testing.T) {
	s := &session{stdin: discard{}}
	_ = s.press("j")
	s.stop()
	if len(s.lat) != 0 || len(s.perKey) != 0 {
		t.Fatalf("lat %v perKey %v", s.lat, s.perKey)
	}
}

func TestParseStatsLenient(t *testing.T) {
	st, err := ParseStats([]byte(`{"Sessions": 12, "mem": {"HeapInuse": 1048576, "heap_alloc": "2048"}, "rss_bytes": 4096}`))
	if err != nil {
		t.Fatal(err)
	}
	if st.Sessions != 12 || st.HeapInuse != 1<<20 || st.HeapAlloc != 2048 || st.RSS != 4096 || !st.Available {
		t.Fatalf("%+v", st)
	}
	if _, err := ParseStats([]byte(`{"uptime": 3}`)); err == nil {
		t.Fatal("stats without any known field should be an error")
	}
	if _, err := ParseStats([]byte(`unknown command "stats"`)); err == nil {
		t.Fatal("non-JSON should be an error")
	}
}

func TestCheckLoopback(t *testing.T) {
	for _, a := range []string{"127.0.0.1:22", "[::1]:22", "localhost:22", ":22", "127.5.5.5:1"} {
		if err := CheckLoopback(a); err != nil {
			t.Errorf("%s: %v", a, err)
		}
	}
	for _, a := range []string{"10.0.0.1:22", "8.8.8.8:22", "[2001:db8::1]:22", "nohostport"} {
		if err := CheckLoopback(a); err == nil {
			t.Errorf("%s accepted", a)
		}
	}
}

func TestParseKeys(t *testing.T) {
	k, err := ParseKeys("j, k,down,UP")
	if err != nil || strings.Join(k, "|") != "j|k|\x1b[B|\x1b[A" {
		t.Fatalf("%q %v", k, err)
	}
	if _, err := ParseKeys("ctrl+q"); err == nil {
		t.Fatal("unknown key accepted")
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// newPipe is a reader fed one string at a time by a channel.
func newPipe() (*chanReader, chan<- string) {
	ch := make(chan string)
	return &chanReader{ch: ch}, ch
}

type chanReader struct{ ch <-chan string }

func (r *chanReader) Read(p []byte) (int, error) {
	s, ok := <-r.ch
	if !ok {
		return 0, io.EOF
	}
	return copy(p, s), nil
}

// Per idle session comes from the reading after the idle wait when there is
// one, else from the reading right after connecting.
func TestPerSessionFromIdleReading(t *testing.T) {
	st := func(sessions int, heap, rss uint64) ServerStats {
		return ServerStats{Available: true, Sessions: sessions, HeapInuse: heap, RSS: rss}
	}
	sr := ServerReport{Idle: st(0, 10<<20, 20<<20), Connected: st(100, 110<<20, 130<<20), IdleAfter: st(100, 40<<20, 55<<20)}
	sr.derive(100)
	if sr.HeapPerSession != float64(30<<20)/100 || sr.RSSPerSession != float64(35<<20)/100 {
		t.Fatalf("from the idle reading: heap %v rss %v", sr.HeapPerSession, sr.RSSPerSession)
	}
	sr = ServerReport{Idle: st(0, 10<<20, 20<<20), Connected: st(100, 110<<20, 130<<20)}
	sr.derive(100)
	if sr.HeapPerSession != float64(100<<20)/100 || sr.RSSPerSession != float64(110<<20)/100 {
		t.Fatalf("from the open reading: heap %v rss %v", sr.HeapPerSession, sr.RSSPerSession)
	}
}
