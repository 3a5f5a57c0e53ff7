package model

import (
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestSuggestPromise(t *testing.T) {
	// Thursday 2026-11-26; Sunday 11-29 is off; Tuesday 12-01 is a holiday
	// in this test's calendar.
	cal := NewCalendar(shanghai, []Date{d("2026-12-01")}, nil)
	today := d("2026-11-26")
	prod := func(capacity int64, lead int) *Product {
		p := fishTofu()
		p.DailyCapacity, p.LeadTimeDays = capacity, lead
		return p
	}
	type day = DayPlan
	// Stock taken on a Saturday ships on Monday.
	if got, err := SuggestPromise(PromiseRequest{Today: d("2026-11-28"), Cal: cal, Product: prod(1000, 0), Stock: map[string]int64{"mark": 5}, Variant: "mark", Qty: 5}); err != nil || got.Date != d("2026-11-30") {
		t.Errorf("stock on Saturday: %+v %v", got, err)
	}
	answered := func(id uint64, qty int64, promised string) *OrderLine {
		return &OrderLine{ID: id, Variant: "mark", Qty: qty, Status: LineAnswered, PromisedDate: d(promised)}
	}
	for _, tc := range []struct {
		name      string
		p         *Product
		stock     int64
		lines     []*OrderLine
		qty       int64
		date      string
		fromStock int64
		days      []DayPlan
		full      []Date
		errKey    string
	}{
		{name: "stock covers all: next working day", p: prod(1000, 0), stock: 500, qty: 500,
			date: "2026-11-27", fromStock: 500},
		{name: "stock covers more than wanted", p: prod(1000, 0), stock: 500, qty: 1,
			date: "2026-11-27", fromStock: 1},
		{name: "partial stock, the rest made tomorrow and shipped the day after", p: prod(1000, 0), stock: 300, qty: 800,
			date: "2026-11-28", fromStock: 300, days: []day{{d("2026-11-27"), 500, 1000}}},
		{name: "capacity spread over several days, Sunday skipped", p: prod(1000, 0), qty: 2500,
			date: "2026-12-02", days: []day{{d("2026-11-27"), 1000, 1000}, {d("2026-11-28"), 1000, 1000}, {d("2026-11-30"), 500, 1000}}},
		{name: "holiday skipped", p: prod(1000, 0), qty: 3500,
			date: "2026-12-03", days: []day{{d("2026-11-27"), 1000, 1000}, {d("2026-11-28"), 1000, 1000}, {d("2026-11-30"), 1000, 1000}, {d("2026-12-02"), 500, 1000}}},
		{name: "a promised line takes stock first", p: prod(1000, 0), stock: 300, qty: 300,
			lines: []*OrderLine{answered(1, 200, "2026-11-27")},
			date:  "2026-11-28", fromStock: 100, days: []day{{d("2026-11-27"), 200, 1000}}},
		{name: "a promised line makes what stock lacks on the days before its date", p: prod(1000, 0), qty: 1000,
			lines: []*OrderLine{answered(1, 1200, "2026-11-30")}, // 11-28 1000, 11-27 200
			date:  "2026-12-02", days: []day{{d("2026-11-27"), 800, 800}, {d("2026-11-30"), 200, 1000}}, full: []Date{d("2026-11-28")}},
		{name: "lead time of two working days", p: prod(1000, 2), qty: 10,
			date: "2026-12-02", days: []day{{d("2026-11-30"), 10, 1000}}},
		{name: "lead time across Sunday and the holiday", p: prod(1000, 3), stock: 5, qty: 10,
			date: "2026-12-03", fromStock: 5, days: []day{{d("2026-12-02"), 5, 1000}}},
		{name: "zero capacity", p: prod(0, 0), qty: 10, errKey: "err.promise_no_capacity"},
		{name: "zero capacity but stock covers", p: prod(0, 0), stock: 10, qty: 10, date: "2026-11-27", fromStock: 10},
		{name: "not within a year", p: prod(10, 0), qty: 10 * 400, errKey: "err.promise_horizon"},
		{name: "bad qty", p: prod(1000, 0), qty: 0, errKey: "err.invalid"},
	} {
		got, err := SuggestPromise(PromiseRequest{Today: today, Cal: cal, Product: tc.p, Stock: map[string]int64{"mark": tc.stock},
			Lines: tc.lines, Variant: "mark", Qty: tc.qty})
		if tc.errKey != "" {
			if e, ok := err.(*Error); !ok || e.Code != EINVALID || e.Text.Key != tc.errKey {
				t.Errorf("%s: error %v; want %s", tc.name, err, tc.errKey)
			}
			checkTexts(t, err)
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var made int64
		for _, dp := range got.Days {
			made += dp.Qty
		}
		if got.Date != d(tc.date) || got.FromStock != tc.fromStock || got.Produced != tc.qty-tc.fromStock ||
			made != got.Produced || !slices.Equal(got.Days, tc.days) || !slices.Equal(got.Full, tc.full) {
			t.Errorf("%s: %+v; want %s from stock %d days %v full %v", tc.name, got, tc.date, tc.fromStock, tc.days, tc.full)
		}
	}
}

// The double booking a planner saw (docs/DOMAIN.md#orders): 200 a day, a
// line of 400 promised for 12-08 is made on 12-05 and 12-07 (12-06 is a
// Sunday), so a new 200 is made on 12-08 and promised for 12-09, not on a
// day already full; the reason says so.
func TestPromiseDoesNotDoubleBook(t *testing.T) {
	cal := NewCalendar(shanghai, nil, nil)
	p := fishTofu()
	p.DailyCapacity, p.LeadTimeDays = 200, 1
	r := PromiseRequest{Today: d("2026-12-03"), Cal: cal, Product: p, Stock: map[string]int64{"mark": 150},
		Lines:   []*OrderLine{{ID: 1, Variant: "mark", Qty: 550, Status: LineAnswered, PromisedDate: d("2026-12-08")}},
		Variant: "mark", Qty: 200}
	got, err := SuggestPromise(r)
	if err != nil || got.Date != d("2026-12-09") || got.FromStock != 0 {
		t.Fatalf("suggestion %+v %v, want 12-09", got, err)
	}
	if b := BookOf(r); b.Used[d("2026-12-05")] != 200 || b.Used[d("2026-12-07")] != 200 || b.Used[d("2026-12-08")] != 0 {
		t.Fatalf("the promised line's production: %v", b.Used)
	}
	if why := got.Reason(LangZH); why != "库存 0；12-05 已满；12-07 已满；12-08 空余 200" {
		t.Fatalf("reason %q", why)
	}
	if why := got.Reason(LangEN); why != "stock 0; 12-05 full; 12-07 full; 12-08 200 free" {
		t.Fatalf("reason %q", why)
	}
}

// Lines waiting ahead in the reply queue, not answered yet, take stock and
// the first free capacity before what is asked; lines behind, drafts and
// cancelled ones take nothing.
func TestPromiseAfterLinesAhead(t *testing.T) {
	cal := NewCalendar(shanghai, nil, nil)
	p := fishTofu()
	p.DailyCapacity, p.LeadTimeDays = 200, 0
	lines := []*OrderLine{
		{ID: 1, Variant: "mark", Qty: 300, Status: LineSent}, // ahead: 100 from stock, 200 on 12-04
		{ID: 2, Variant: "mark", Qty: 900, Status: LineSent}, // behind
		{ID: 3, Variant: "mark", Qty: 500, Status: LineDraft},
		{ID: 4, Variant: "mark", Qty: 500, Status: LineCancelled, PromisedDate: d("2026-12-04")},
	}
	r := PromiseRequest{Today: d("2026-12-03"), Cal: cal, Product: p, Stock: map[string]int64{"mark": 100}, Lines: lines,
		Ahead: func(l *OrderLine) bool { return l.ID == 1 }, Variant: "mark", Qty: 150}
	got, err := SuggestPromise(r)
	if err != nil || got.Date != d("2026-12-07") || got.FromStock != 0 ||
		!slices.Equal(got.Days, []DayPlan{{d("2026-12-05"), 150, 200}}) || !slices.Equal(got.Full, []Date{d("2026-12-04")}) {
		t.Fatalf("after a line ahead: %+v %v", got, err)
	}
	r.Ahead = nil
	if got, err := SuggestPromise(r); err != nil || got.Date != d("2026-12-05") || got.FromStock != 100 {
		t.Fatalf("with nothing ahead: %+v %v", got, err)
	}
}

func TestBookOf(t *testing.T) {
	dd := func(day int) Date { return NewDate(2026, 11, day) }
	cal := NewCalendar(shanghai, nil, nil)
	p := fishTofu()
	p.DailyCapacity = 1000
	lines := []*OrderLine{
		{ID: 1, Variant: "mark", Qty: 300, Status: LineAnswered, PromisedDate: dd(28)},
		{ID: 2, Variant: "mark", Qty: 500, Status: LineInProduction, PromisedDate: dd(30)},
		{ID: 3, Variant: "plain", Qty: 100, Status: LineShipping, ShippedQty: 40, PromisedDate: dd(27)},
		{ID: 4, Variant: "mark", Qty: 900, Status: LineSent},                                           // not committed
		{ID: 5, Variant: "mark", Qty: 200, Status: LineAtRisk, PromisedDate: dd(27), RiskDate: dd(30)}, // at risk: its new date
		{ID: 6, Variant: "mark", Qty: 50, Status: LineCancelled, PromisedDate: dd(27)},                 // gone
		{ID: 7, Variant: "mark", Qty: 70, Status: LineDraft},                                           // not demand yet
	}
	b := BookOf(PromiseRequest{Today: dd(25), Cal: cal, Product: p, Stock: map[string]int64{"mark": 400, "plain": 100}, Lines: lines})
	// mark: line 1 (28th) takes 300 of 400; line 5 (30th) takes 100 and
	// makes 100 on the 28th; line 2 (30th) makes 500 on the 28th, then 400
	// was left there... 1000 a day: 100 + 500 on the 28th.
	if b.Free["mark"] != 0 || b.Free["plain"] != 40 {
		t.Fatalf("free stock %v", b.Free)
	}
	if len(b.Used) != 1 || b.Used[dd(28)] != 600 {
		t.Fatalf("used %v", b.Used)
	}
	if got := OpenDemand("mark", lines); got != 300+500+900+200 {
		t.Fatalf("open demand mark = %d", got)
	}
	if got := OpenDemand("plain", lines); got != 60 {
		t.Fatalf("open demand plain = %d", got)
	}
}

func TestFreeCapacity(t *testing.T) {
	cal := NewCalendar(shanghai, []Date{d("2026-12-01")}, nil)
	p := fishTofu() // 1000 a day
	used := map[Date]int64{d("2026-11-27"): 300, d("2026-11-28"): 1500}
	got := FreeCapacity(d("2026-11-26"), cal, p, used, 4)
	want := []DayPlan{{Date: d("2026-11-27"), Qty: 700}, {Date: d("2026-11-28")}, {Date: d("2026-11-30"), Qty: 1000}, {Date: d("2026-12-02"), Qty: 1000}}
	if !slices.Equal(got, want) {
		t.Fatalf("%v; want %v", got, want)
	}
	if got := FreeCapacity(d("2026-11-26"), cal, p, nil, 0); len(got) != 0 {
		t.Fatalf("n=0: %v", got)
	}
}

// naiveBookOf is BookOf as first written: each line ahead books from the
// first day production can start, passing over every day already full.
// The book must not depend on the shortcut BookOf takes.
func naiveBookOf(r PromiseRequest) Book {
	b := Book{Free: map[string]int64{}, Used: map[Date]int64{}}
	for v, q := range r.Stock {
		b.Free[v] = max(q, 0)
	}
	capacity := max(r.Product.DailyCapacity, 0)
	due := func(l *OrderLine) Date {
		if l.Status == LineAtRisk && !l.RiskDate.IsZero() {
			return l.RiskDate
		}
		return l.PromisedDate
	}
	var committed, ahead []*OrderLine
	for _, l := range r.Lines {
		switch {
		case Committed(l):
			committed = append(committed, l)
		case r.Ahead != nil && r.Ahead(l):
			ahead = append(ahead, l)
		}
	}
	slices.SortStableFunc(committed, func(a, c *OrderLine) int {
		if n := due(a).Compare(due(c)); n != 0 {
			return n
		}
		return int(a.ID) - int(c.ID)
	})
	tomorrow := r.Cal.NextWorkingDay(r.Today)
	for _, l := range committed {
		rest := b.take(l.Variant, remaining(l))
		for d := r.Cal.PrevWorkingDay(due(l)); rest > 0 && !d.IsZero() && !d.Before(tomorrow); d = r.Cal.PrevWorkingDay(d) {
			q := min(max(capacity-b.Used[d], 0), rest)
			b.Used[d] += q
			rest -= q
		}
		if rest > 0 {
			b.Used[tomorrow] += rest
		}
	}
	for _, l := range ahead {
		if rest := b.take(l.Variant, remaining(l)); rest > 0 && capacity > 0 {
			b.book(r, b.start(r), rest, nil)
		}
	}
	return b
}

// Lines ahead in the queue book the same days however many there are and
// however full the book: random books against naiveBookOf, the promise
// after them too.
func TestBookOfManyLinesAhead(t *testing.T) {
	cal := NewCalendar(shanghai, []Date{d("2026-12-01")}, nil)
	today := d("2026-11-26")
	rng := rand.New(rand.NewPCG(1, 2))
	statuses := []LineStatus{LineSubmitted, LineSent, LineSent, LineSent, LineAnswered, LineInProduction, LineAtRisk, LineShipping}
	variants := []string{"with", "without"}
	for i := range 300 {
		p := fishTofu()
		p.DailyCapacity, p.LeadTimeDays = int64(rng.IntN(4)*rng.IntN(800)), rng.IntN(4)
		var lines []*OrderLine
		for id := range rng.IntN(200) {
			l := &OrderLine{ID: uint64(id + 1), Variant: variants[rng.IntN(2)], Qty: int64(1 + rng.IntN(1500)),
				Status: statuses[rng.IntN(len(statuses))]}
			if Committed(&OrderLine{Status: l.Status, PromisedDate: today}) {
				l.PromisedDate = today.AddDays(rng.IntN(90) - 5)
				l.ShippedQty = int64(rng.IntN(int(l.Qty)))
				if l.Status == LineAtRisk && rng.IntN(2) == 0 {
					l.RiskDate = l.PromisedDate.AddDays(rng.IntN(20))
				}
			}
			lines = append(lines, l)
		}
		r := PromiseRequest{Today: today, Cal: cal, Product: p, Lines: lines, Variant: variants[rng.IntN(2)], Qty: int64(1 + rng.IntN(5000)),
			Stock: map[string]int64{"with": int64(rng.IntN(3000)), "without": int64(rng.IntN(3000) - 500)},
			Ahead: func(l *OrderLine) bool { return l.Status == LineSent && l.ID%3 != 0 }}
		got, want := BookOf(r), naiveBookOf(r)
		if !maps.Equal(got.Free, want.Free) || !maps.Equal(got.Used, want.Used) {
			t.Fatalf("book %d: %+v\nwant %+v", i, got, want)
		}
		gotP, gotErr := SuggestPromise(r)
		wantP, wantErr := want.Suggest(r)
		if !reflect.DeepEqual(gotP, wantP) || !reflect.DeepEqual(gotErr, wantErr) {
			t.Fatalf("promise %d: %+v %v\nwant %+v %v", i, gotP, gotErr, wantP, wantErr)
		}
	}
}
