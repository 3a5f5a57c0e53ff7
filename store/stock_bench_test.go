package store

import (
	"fmt"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// The stock of one product variant with a long ledger
// (docs/PERFORMANCE.md): 100,000 movements, one every 10 minutes over
// almost two years, each written as AdjustStock writes it, with its audit
// entry. Run with
//
//	go test ./store -run '^$' -bench StockLedger
//
// Target: each read below 1 ms.

// ledgerMoves is the length of the benchmark's ledger.
const ledgerMoves = 100_000

// ledgerDelta is the i-th movement: 300 in, then three of about 100 out,
// so the stock never goes below zero and grows by 10 every four.
func ledgerDelta(i int) int64 {
	switch i % 4 {
	case 0:
		return 300
	case 3:
		return -90
	}
	return -100
}

// stockLedger fills P1/std of e with n movements, one every 10 minutes
// from the clock's time on, as AdjustStock makes them: moveStock writes the
// stock, its audit entry and the ledger entry, but 10,000 movements share a
// transaction (a setup shortcut: AdjustStock commits each alone). The clock
// is left at the last movement. It returns the time of each movement and
// the balance after it.
func stockLedger(tb testing.TB, e *ordersEnv, n int) (at []time.Time, balance []int64) {
	tb.Helper()
	const perTx = 10_000
	t := e.clock.Now().UTC()
	var sum int64
	for start := 0; start < n; start += perTx {
		err := e.db.bolt.Update(func(tx *bolt.Tx) error {
			w := &wtx{Tx: tx, who: "keeper", loc: e.clock.Loc, actors: &e.db.actors}
			for i := start; i < min(start+perTx, n); i++ {
				t = t.Add(10 * time.Minute)
				w.now = t
				d := ledgerDelta(i)
				s, err := w.moveStock(&model.StockMove{ProductCode: "P1", Variant: "std", Qty: d,
					Cause: model.StockAdjusted, Reason: "基准"}, "stock.adjust", "delta")
				if err != nil {
					return fmt.Errorf("movement %d: %w", i, err)
				}
				if sum += d; s.Qty != sum {
					return fmt.Errorf("movement %d: stock %d, want %d", i, s.Qty, sum)
				}
				at, balance = append(at, t), append(balance, sum)
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	e.clock.Set(t.In(e.clock.Loc))
	return at, balance
}

// BenchmarkStockLedger reads a variant's stock with 100,000 movements on
// its ledger: the stock now, the stock as of a time before the first
// movement, in the middle and after the last, and the latest 50, 200 and
// 500 (model.MaxStockMoves) movements.
func BenchmarkStockLedger(b *testing.B) {
	e := newOrdersEnv(b)
	start := time.Now()
	at, balance := stockLedger(b, e, ledgerMoves)
	b.Logf("%d movements in %s", ledgerMoves, time.Since(start).Round(time.Millisecond))
	ctx := b.Context()
	last := balance[len(balance)-1]

	b.Run("now", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if s, err := e.db.Stock(ctx, "P1", "std"); err != nil || s.Qty != last {
				b.Fatalf("stock %v, %v; want %d", s, err, last)
			}
		}
	})
	mid := ledgerMoves / 2
	for _, c := range []struct {
		name string
		at   time.Time
		want int64
	}{
		{"at/before", at[0].Add(-time.Minute), 0},
		{"at/middle", at[mid].Add(5 * time.Minute), balance[mid]},
		{"at/last", at[len(at)-1], last},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if q, err := e.db.StockAt(ctx, "P1", "std", c.at); err != nil || q != c.want {
					b.Fatalf("stock at %s: %d, %v; want %d", c.at, q, err, c.want)
				}
			}
		})
	}
	// 50: a page; 200: the stock screen's read; 500: the command line's.
	for _, n := range []int{50, 200, model.MaxStockMoves} {
		b.Run(fmt.Sprintf("moves/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				moves, err := e.db.StockMoves(ctx, "P1", "std", n)
				if err != nil || len(moves) != n || moves[0].Balance != last {
					b.Fatalf("%d movements, %v", len(moves), err)
				}
			}
		})
	}
}
