package model

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestQueueOrder(t *testing.T) {
	t0 := at("2026-11-26 09:00")
	items := []QueueItem{
		{LineID: 1, Grade: GradeC, RequestedDate: d("2026-12-01"), ReceivedAt: t0},
		{LineID: 2, Grade: GradeA, RequestedDate: d("2026-12-10"), ReceivedAt: t0},
		{LineID: 3, Grade: GradeB, RequestedDate: d("2026-12-05"), ReceivedAt: t0.Add(time.Hour)},
		{LineID: 4, Grade: GradeB, RequestedDate: d("2026-12-05"), ReceivedAt: t0},
		{LineID: 5, Grade: GradeB, RequestedDate: d("2026-12-03"), ReceivedAt: t0.Add(2 * time.Hour)},
		{LineID: 6, Grade: GradeA, RequestedDate: d("2026-12-10"), ReceivedAt: t0},                 // ties with 2: id decides
		{LineID: 7, Grade: GradeC, RequestedDate: d("2026-12-20"), ReceivedAt: t0, RankAdjust: -1}, // expedited
		{LineID: 8, Grade: GradeA, RequestedDate: d("2026-11-27"), ReceivedAt: t0, RankAdjust: 1},  // deferred
		{LineID: 9, Grade: "", RequestedDate: d("2026-11-27"), ReceivedAt: t0},                     // no grade: after C
	}
	want := []uint64{7, 2, 6, 5, 4, 3, 1, 9, 8}
	for i := 0; i < 20; i++ {
		rand.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
		got := slices.Clone(items)
		slices.SortFunc(got, QueueCompare)
		if ids := lineIDs(got); !slices.Equal(ids, want) {
			t.Fatalf("queue %v; want %v", ids, want)
		}
		keyed := slices.Clone(items)
		slices.SortFunc(keyed, func(a, b QueueItem) int { return bytes.Compare(QueueKey(a), QueueKey(b)) })
		if ids := lineIDs(keyed); !slices.Equal(ids, want) {
			t.Fatalf("by key %v; want %v", ids, want)
		}
	}
	if QueueLess(items[0], items[0]) {
		t.Error("QueueLess is not strict")
	}
}

// The index key sorts exactly as QueueCompare for arbitrary items.
func TestQueueKeyAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	grades := []Grade{GradeA, GradeB, GradeC, ""}
	item := func() QueueItem {
		return QueueItem{
			LineID:        r.Uint64N(5),
			RankAdjust:    r.IntN(25) - 12,
			Grade:         grades[r.IntN(4)],
			RequestedDate: d("2026-01-01").AddDays(r.IntN(800)),
			ReceivedAt:    time.Unix(r.Int64N(4e9)-2e9, r.Int64N(3)).In(shanghai),
		}
	}
	for i := 0; i < 20000; i++ {
		a, b := item(), item()
		if i%3 == 0 {
			b = a
			b.LineID = r.Uint64N(5)
		}
		if got, want := bytes.Compare(QueueKey(a), QueueKey(b)), QueueCompare(a, b); got != want {
			t.Fatalf("%+v vs %+v: key %d, compare %d", a, b, got, want)
		}
	}
}

func TestQueueItemOf(t *testing.T) {
	o := &Order{ID: 3, CustomerGrade: GradeA, ReceivedAt: at("2026-11-26 09:00")}
	l := &OrderLine{ID: 9, RequestedDate: d("2026-12-01"), RankAdjust: -2, Status: LineSent}
	want := QueueItem{LineID: 9, OrderID: 3, RankAdjust: -2, Grade: GradeA, RequestedDate: d("2026-12-01"), ReceivedAt: o.ReceivedAt}
	if got := QueueItemOf(o, l); got != want {
		t.Fatalf("%+v", got)
	}
}

func TestReplyState(t *testing.T) {
	cal := testCal()
	l := newSent(t, cal, at("2026-11-26 09:00")) // due 2026-11-28 00:00
	for _, tc := range []struct {
		now  string
		rem  time.Duration
		late bool
	}{
		{"2026-11-26 09:00", 39 * time.Hour, false},
		{"2026-11-27 23:00", time.Hour, false},
		{"2026-11-28 00:00", 0, true},
		{"2026-11-28 02:00", -2 * time.Hour, true},
	} {
		if rem, late := ReplyState(l, at(tc.now)); rem != tc.rem || late != tc.late {
			t.Errorf("%s: %v %v; want %v %v", tc.now, rem, late, tc.rem, tc.late)
		}
	}
	if rem, late := ReplyState(&OrderLine{}, at("2026-11-26 09:00")); rem != 0 || late {
		t.Error("unsent line has a deadline")
	}
}

func lineIDs(items []QueueItem) []uint64 {
	var ids []uint64
	for _, it := range items {
		ids = append(ids, it.LineID)
	}
	return ids
}

// Levels and their effect are worded for people in both languages.
func TestRankWords(t *testing.T) {
	for n, want := range map[int]string{0: "普通", -1: "加急", -2: "加急（2 级）", 1: "延后", 3: "延后（3 级）", -99: "加急（9 级）"} {
		if got := RankLevel(n).In(LangZH); got != want {
			t.Errorf("RankLevel(%d) = %q, want %q", n, got, want)
		}
	}
	if got := RankEffect(-1, GradeB).In(LangEN); got != "once saved this line (a grade B customer) goes before every line not expedited, A-grade customers' lines included" {
		t.Errorf("effect of expediting: %q", got)
	}
	if RankEffect(0, GradeA).In(LangZH) == RankEffect(1, GradeA).In(LangZH) {
		t.Error("normal and deferred read alike")
	}
}
