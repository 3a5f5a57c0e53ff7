package store

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"xietong/model"
)

// The promise suggestion with a full order book (docs/PERFORMANCE.md):
// 5,000 open lines of five products, a third of them answered, most of the
// rest sent and waiting in production's queue. Run with
//
//	go test ./store -run '^$' -bench Promise
//
// Target: each suggestion below 5 ms.

// promiseBook fills e with n open lines through the services, in orders of
// ten lines of products B1 (variants std and mark) to B5, requested 3 to 62
// days on, with stock of each product: the orders imported 50 to a
// transaction, then of each product's lines one in ten left submitted,
// three sent and answered (one of them in production), the other six sent
// and left waiting for a reply. The line changes run from 64 goroutines, so the store's group
// commit takes many to a transaction.
func promiseBook(tb testing.TB, e *ordersEnv, n int) {
	tb.Helper()
	ctx := tb.Context()
	for i := range 5 {
		p := model.Product{Code: fmt.Sprintf("B%d", i+1), Name: fmt.Sprintf("基准 %d", i+1), Unit: "件",
			EconomicBatch: 500, DailyCapacity: int64(8000 + 2000*i), LeadTimeDays: i % 3}
		if i == 0 {
			p.Variants, p.DefaultVariant = []model.Variant{{Code: "std", Name: "标准"}, {Code: "mark", Name: "一元标示"}}, "std"
		}
		if _, err := e.db.SaveProduct(ctx, e.users["plead"], &p); err != nil {
			tb.Fatal(err)
		}
		e.stocked(tb, p.Code, "", int64(3000+1000*i))
		if i == 0 {
			e.stocked(tb, p.Code, "mark", 1000)
		}
	}
	today := e.db.cal.DateOf(e.clock.Now())
	customers := []uint64{e.customers["CA"].ID, e.customers["CB"].ID, e.customers["CC"].ID}
	const perOrder, perImport = 10, 50
	var orders []*model.Order
	for i := 0; i < n; i += perOrder {
		o := &model.Order{CustomerID: customers[(i/perOrder)%3]}
		for j := range min(perOrder, n-i) {
			k := i + j
			l := model.OrderLine{ProductCode: fmt.Sprintf("B%d", k%5+1), Qty: int64(20 + (k*37)%380),
				RequestedDate: today.AddDays(3 + (k*7)%60)}
			if k%5 == 0 && k%2 == 1 {
				l.Variant = "mark"
			}
			o.Lines = append(o.Lines, l)
		}
		orders = append(orders, o)
	}
	for start := 0; start < len(orders); start += perImport {
		if err := e.db.ImportOrders(ctx, e.users["sales"], orders[start:min(start+perImport, len(orders))]); err != nil {
			tb.Fatal(err)
		}
	}
	// The imported lines are numbered 1..n in order.
	if _, _, err := e.db.Line(ctx, uint64(n)); err != nil {
		tb.Fatal(err)
	}
	step := func(id uint64, login string, s step) error {
		_, l, err := e.db.Line(ctx, id)
		if err != nil {
			return err
		}
		_, _, err = e.try(tb, id, l.Version, login, s)
		return err
	}
	// Production promises the requested date, or the working day after.
	promise := func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		d := l.RequestedDate
		if !cal.IsWorkingDay(d) {
			d = cal.NextWorkingDay(d)
		}
		return l.Answer(by, now, cal, d)
	}
	// Each product's lines, in turn: one in ten left submitted, three
	// answered (one of them in production), six waiting for a reply.
	parallel(tb, n, func(k int) error {
		id, state := uint64(k+1), (k/5)%10
		if state == 0 {
			return nil
		}
		if err := step(id, "saleslead", (*model.OrderLine).Review); err != nil {
			return err
		}
		if err := step(id, "saleslead", (*model.OrderLine).Send); err != nil {
			return err
		}
		if state > 3 {
			return nil
		}
		if err := step(id, "plead", promise); err != nil {
			return err
		}
		if state == 1 {
			return step(id, "plead", (*model.OrderLine).StartProduction)
		}
		return nil
	})
}

// parallel runs fn(0..n-1) from 64 goroutines and fails tb on the first
// error.
func parallel(tb testing.TB, n int, fn func(k int) error) {
	tb.Helper()
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		next int
		errs []error
	)
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				k := next
				next++
				mu.Unlock()
				if k >= n {
					return
				}
				if err := fn(k); err != nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("line %d: %w", k+1, err))
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		tb.Fatal(errs[0])
	}
}

// BenchmarkPromise asks for promise suggestions with 5,000 open lines on
// the book: a new quantity of each product (after every committed line and
// every line of the product waiting in the queue), and production's
// suggestion for a queued line near the end of the queue (after the lines
// ranked ahead of it).
func BenchmarkPromise(b *testing.B) {
	e := newOrdersEnv(b)
	const n = 5000
	start := time.Now()
	promiseBook(b, e, n)
	b.Logf("%d lines in %s", n, time.Since(start).Round(time.Millisecond))
	ctx := b.Context()
	now := e.clock.Now()
	page, err := e.db.Queue(ctx, 0, 0)
	if err != nil || page.Total != n*6/10 {
		b.Fatalf("queue of %d, %v; want %d", page.Total, err, n*6/10)
	}
	for _, c := range []struct{ product, variant string }{{"B1", "std"}, {"B1", "mark"}, {"B5", ""}} {
		b.Run("new/"+c.product+c.variant, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f, err := e.db.Promise(ctx, c.product, c.variant, 500, now)
				if err != nil || f.SuggestErr != nil || f.Suggestion.Date.IsZero() {
					b.Fatalf("%+v %v", f, err)
				}
			}
		})
	}
	// The last B1 line in the queue, and how many of its product are ahead.
	var deep *model.QueueEntry
	for i := range page.Entries {
		if en := &page.Entries[i]; en.Line.ProductCode == "B1" {
			deep = en
		}
	}
	b.Run(fmt.Sprintf("queued/rank%d", deep.Rank), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			f, err := e.db.PromiseFor(ctx, deep.Line.ID, now)
			if err != nil || f.SuggestErr != nil || f.Suggestion.Date.IsZero() {
				b.Fatalf("%+v %v", f, err)
			}
		}
	})
}
