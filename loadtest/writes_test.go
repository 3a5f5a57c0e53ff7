package loadtest

import (
	"strings"
	"testing"
	"time"
)

// Tokens issued close together differ in their first and last digit (so
// the renderer, sending a row from its first to its last changed cell,
// always sends all six digits of a token that replaces another), never
// hold five equal digits in a row (sent as a repeat sequence), and are
// unique over more writes than a run can make.
func TestTokensDifferAtBothEnds(t *testing.T) {
	g := tokenGen{salt: 9999}
	var toks []tokenDigits
	seen := map[tokenDigits]bool{}
	for range MaxWritesPerSecond * int(MaxDuration/time.Second) {
		tok := g.next()
		if seen[tok] {
			t.Fatalf("token %s issued twice", tok)
		}
		seen[tok] = true
		if longRun(tok[:], 5) {
			t.Fatalf("token %s has a run of five", tok)
		}
		toks = append(toks, tok)
	}
	for i := range toks {
		for j := i + 1; j < min(i+10, len(toks)); j++ {
			a, b := toks[i], toks[j]
			if a[0] == b[0] || a[5] == b[5] {
				t.Fatalf("%s and %s (%d apart) share an end digit", a, b, j-i)
			}
		}
	}
	if s := toks[0].String(); !strings.HasPrefix(s, "XLT") || len(s) != 9 {
		t.Fatalf("token %q", s)
	}
}

// The scan finds a token whole, after "XLT" or alone (the digits only, as
// the renderer sends a token that replaced another), split across reads
// at any point, and never inside a longer run of digits or as part of one.
func TestTokenScan(t *testing.T) {
	set := newTokenSet()
	set.add(tokenDigits([]byte("123456")), 7)
	set.add(tokenDigits([]byte("905613")), 8)
	find := func(chunks ...string) []int {
		var sc tokenScan
		var got []int
		for _, c := range chunks {
			sc.feed([]byte(c), set, func(w int) { got = append(got, w) })
		}
		return got
	}
	stream := "\x1b[40;1H\x1b[7m新通知：XLT123456 load test（郑红）\x1b[m\x1b[12G905613\x1b[0m"
	for cut := range len(stream) + 1 {
		for cut2 := cut; cut2 <= len(stream); cut2 += 7 {
			if got := find(stream[:cut], stream[cut:cut2], stream[cut2:]); len(got) != 2 || got[0] != 7 || got[1] != 8 {
				t.Fatalf("cut at %d, %d: %v", cut, cut2, got)
			}
		}
	}
	for _, s := range []string{"SO-20261234567-0001 ", "1123456 ", "1234567 ", "XLT12345 ", "23456 ", "XLT123456"} {
		if got := find(s); len(got) != 0 {
			t.Errorf("%q: found %v", s, got)
		}
	}
}

// The report counts, per write, the sessions that showed it within the
// window after its ack: sightings before the ack count as 0, later ones
// not at all; the slowest is per write.
func TestWriteReport(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	cfg := Config{WritesPerSecond: 2, WriteKind: WriteMixed, SeenWindow: 5 * time.Second}
	if err := cfg.writeDefaults(); err != nil {
		t.Fatal(err)
	}
	w := &writer{r: &runner{cfg: cfg}, kinds: []string{WriteAnomaly, WriteOrder, WriteNotice}}
	w.writes = []*write{
		{kind: WriteAnomaly, start: at(0), ack: at(10)},
		{kind: WriteOrder, start: at(500), ack: at(530)},
		{kind: WriteNotice, start: at(1000), ack: at(1020)},
		{kind: WriteAnomaly, start: at(1500), ack: at(1600), err: "anomaly file as shop: no such product"},
	}
	seen := []map[int]time.Time{
		{0: at(30), 2: at(1015)},       // write 2 shown before its ack: 0
		{0: at(60), 1: at(530 + 6000)}, // write 1 too late: not counted
		{0: at(25)},
		nil,
	}
	rep := w.report(seen, 4)
	if rep.Done != 3 || rep.Failed != 1 || !strings.Contains(rep.Example, "no such product") {
		t.Fatalf("done %d failed %d example %q", rep.Done, rep.Failed, rep.Example)
	}
	if rep.Propagation.N != 4 || rep.Propagation.Min != 0 || rep.Propagation.Max != 50*time.Millisecond {
		t.Fatalf("propagation %+v", rep.Propagation)
	}
	if rep.Slowest.N != 2 || rep.Slowest.Max != 50*time.Millisecond || rep.Slowest.Min != 0 {
		t.Fatalf("slowest %+v", rep.Slowest)
	}
	if rep.MeanSessions != 4.0/3 || rep.Unseen != 1 || rep.BeforeAck != 1 || rep.TooLate != 1 {
		t.Fatalf("mean %v unseen %d before %d late %d", rep.MeanSessions, rep.Unseen, rep.BeforeAck, rep.TooLate)
	}
	if rep.Ack.N != 3 || rep.Ack.Max != 30*time.Millisecond {
		t.Fatalf("ack %+v", rep.Ack)
	}
	if len(rep.ByKind) != 3 || rep.ByKind[0].Kind != WriteAnomaly || rep.ByKind[0].Done != 1 || rep.ByKind[0].Failed != 1 ||
		rep.ByKind[0].MeanSessions != 3 || rep.ByKind[1].Seen != 0 || rep.ByKind[2].Seen != 1 {
		t.Fatalf("by kind %+v", rep.ByKind)
	}
	var b strings.Builder
	(&Report{Writes: rep}).WriteText(&b)
	for _, want := range []string{"3 done, 1 failed, e.g. anomaly file as shop", "ack → seen, each session", "mean 1.3 of 4", "1 writes shown by none"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
}

func TestWriteConfig(t *testing.T) {
	for _, c := range []Config{{WritesPerSecond: -1}, {WritesPerSecond: MaxWritesPerSecond + 1}, {WriteKind: "delete"}} {
		if err := c.writeDefaults(); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
	c := Config{WritesPerSecond: 1}
	if err := c.writeDefaults(); err != nil || c.WriteKind != WriteMixed || c.WriteLogins != (WriteLogins{"shop", "sales", "office"}) ||
		len(c.WriteProducts) == 0 || len(c.WriteCustomers) == 0 || c.SeenWindow != DefaultSeenWindow {
		t.Fatalf("%+v %v", c, err)
	}
	w := &writer{r: &runner{cfg: c}, today: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
	tok := tokenDigits([]byte("012343"))
	login, cmd, stdin := w.command(0, WriteOrder, tok)
	if login != "sales" || cmd != "orders import --csv" || !strings.Contains(stdin, "\nXLT012343,C001,YDF-XL18,10,2026-11-28,") {
		t.Fatalf("order: %s %q %q", login, cmd, stdin)
	}
	login, cmd, _ = w.command(1, WriteAnomaly, tok)
	if login != "shop" || cmd != `anomaly file --category equipment --severity 2 --text "XLT012343 load test" --products YW-TC18 --delay 1` {
		t.Fatalf("anomaly: %s %q", login, cmd)
	}
	login, cmd, _ = w.command(2, WriteNotice, tok)
	if login != "office" || cmd != `notices post --title "XLT012343 load test" --dept sales,production` {
		t.Fatalf("notice: %s %q", login, cmd)
	}
}
