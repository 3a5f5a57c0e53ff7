package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// seedLines runs `xietong loadtest seed` on the test clock and fails the
// test unless it succeeds.
func seedLines(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := runLoadSeed(args, &out, &errb, testNow()); code != 0 {
		t.Fatalf("seed %q: exit %d\n%s%s", args, code, out.String(), errb.String())
	}
	return out.String()
}

// linesByStatus opens dir offline (on the test clock) and counts its order
// lines by status, checking every line's history on the way.
func linesByStatus(t *testing.T, dir string, from time.Time) (map[model.LineStatus]int, []*model.Order) {
	t.Helper()
	clock, err := newClock("Asia/Shanghai", testNow(), true)
	if err != nil {
		t.Fatal(err)
	}
	db, err := openStore(dir, clock, nil, nil, 0, time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	orders, err := db.Lines(context.Background(), model.OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	by := map[model.LineStatus]int{}
	for _, o := range orders {
		for _, l := range o.Lines {
			by[l.Status]++
			prev := from
			for _, e := range l.History {
				if e.At.Before(prev) || e.At.After(testNow()) {
					t.Fatalf("order %s line %d: %s at %s, after %s (history %s … %s)", o.No, l.LineNo, e.Kind, e.At, prev, from, testNow())
				}
				prev = e.At
			}
		}
	}
	return by, orders
}

// `xietong loadtest seed`: the demo and N lines over D days through the
// services, every state of a line's life present, histories dated within
// the days in order, and an audit log that verifies.
func TestLoadSeed(t *testing.T) {
	dir := t.TempDir()
	out := seedLines(t, "--data", dir, "--lines", "300", "--days", "20")
	if !strings.Contains(out, "seeded 300 lines in ") || !strings.Contains(out, "serve it: xietong serve --demo --data "+dir) {
		t.Errorf("output:\n%s", out)
	}
	start := testNow().AddDate(0, 0, -21)
	by, orders := linesByStatus(t, dir, start)
	total := 0
	for _, n := range by {
		total += n
	}
	const demoLines = 11
	if total != 300+demoLines {
		t.Fatalf("%d lines, want %d: %v", total, 300+demoLines, by)
	}
	// Twenty days are too few for most lines to be closed, but enough for
	// every step: closed, shipped, in production, answered, in the reply
	// queue, awaiting the sales lead, and a few at risk.
	t.Logf("lines by status: %v", by)
	for _, want := range [][]model.LineStatus{
		{model.LineClosed}, {model.LineShipped, model.LineShipping, model.LineClosed}, {model.LineInProduction},
		{model.LineAnswered}, {model.LineSent, model.LineUnclear}, {model.LineSubmitted, model.LineReviewed, model.LineDraft}, {model.LineAtRisk},
	} {
		n := 0
		for _, st := range want {
			n += by[st]
		}
		if n == 0 {
			t.Errorf("no line in %v: %v", want, by)
		}
	}
	if by[model.LineAtRisk] > total/10 {
		t.Errorf("%d of %d lines at risk: more than a few", by[model.LineAtRisk], total)
	}
	// The demo's own orders (the first six) were carried on as well: none
	// of their lines is still where the demo left it twenty days ago.
	for _, o := range orders[:6] {
		for _, l := range o.Lines {
			if h := l.History; !h[len(h)-1].At.After(h[0].At) {
				t.Errorf("demo order %s line %d still %s", o.No, l.LineNo, l.Status)
			}
		}
	}
	var vout, verr bytes.Buffer
	if code := runCmd([]string{"audit", "verify", "--data", dir}, nil, &vout, &verr); code != 0 || !strings.Contains(vout.String(), "entries checked") {
		t.Fatalf("audit verify: exit %d: %s%s", code, vout.String(), verr.String())
	}

	// Seeding again is refused: the directory holds more than a fresh demo.
	var o2, e2 bytes.Buffer
	if code := runLoadSeed([]string{"--data", dir, "--lines", "10"}, &o2, &e2, testNow()); code != 1 || !strings.Contains(e2.String(), "already holds data") {
		t.Errorf("second seed: exit %d: %s%s", code, o2.String(), e2.String())
	}
}

// A directory a server holds is refused; a fresh demo, once the server has
// stopped, is kept as it is, months of history included, and the lines are
// added beside it.
func TestLoadSeedInUseAndFreshDemo(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, Config{Demo: true, DataDir: dir})
	var out, errb bytes.Buffer
	if code := runLoadSeed([]string{"--data", dir, "--lines", "10", "--days", "5"}, &out, &errb, testNow()); code != 1 ||
		!strings.Contains(errb.String(), "in use") || strings.Count(errb.String(), "\n") != 1 {
		t.Fatalf("seed beside a server: exit %d: %s%s", code, out.String(), errb.String())
	}
	if err := ts.m.Close(); err != nil {
		t.Fatal(err)
	}
	// The demo's history starts in the fourth month before the test clock's.
	since := testNow().AddDate(0, -5, 0)
	before, demoOrders := linesByStatus(t, dir, since)
	demoLines := 0
	for _, n := range before {
		demoLines += n
	}
	statuses := func(orders []*model.Order) map[string]string {
		m := map[string]string{}
		for _, o := range orders {
			for _, l := range o.Lines {
				m[o.No] += string(l.Status) + " "
			}
		}
		return m
	}
	demoStatus := statuses(demoOrders)
	out2 := seedLines(t, "--data", dir, "--lines", "40", "--days", "5")
	if !strings.Contains(out2, "keeping the fresh demo") {
		t.Errorf("output:\n%s", out2)
	}
	after, orders := linesByStatus(t, dir, since)
	n := 0
	for _, c := range after {
		n += c
	}
	if n != 40+demoLines {
		t.Fatalf("%d lines, %d of the demo: %v", n, demoLines, after)
	}
	// The demo's lines are where the demo put them.
	now := statuses(orders)
	for no, st := range demoStatus {
		if now[no] != st {
			t.Errorf("demo order %s: %s, was %s", no, now[no], st)
		}
	}
	if before[model.LineSubmitted] != 3 || len(demoStatus) < 100 || len(now) <= len(demoStatus) {
		t.Errorf("demo before %v, %d demo orders, %d after", before, len(demoStatus), len(now))
	}
	for _, args := range [][]string{
		{"--data", dir, "--lines", "0"}, {"--data", dir, "--lines", "10", "--days", "0"}, {"--data", dir, "--lines", "x"},
		{"--data", dir, "--lines", "10", "--now", "tomorrow"}, {"--data", dir, "--lines", "10", "extra"},
	} {
		var o, e bytes.Buffer
		if code := runLoadSeed(args, &o, &e, testNow()); code != 2 || e.Len() == 0 {
			t.Errorf("%q: exit %d: %s", args, code, e.String())
		}
	}
}
