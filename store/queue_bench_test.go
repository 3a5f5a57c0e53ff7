package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// seedQueue writes n sent lines (ten per order, customers of every grade,
// requested dates over two months) straight into the buckets and indexes,
// in transactions of 10,000 lines, without the audit log: a fast path for
// benchmarks only.
func seedQueue(tb testing.TB, db *DB, n int) {
	tb.Helper()
	now := db.clock.Now().UTC()
	by := &model.User{Login: "saleslead", Name: "孙丽", Dept: model.DeptSales, Role: model.RoleLead}
	grades := []model.Grade{model.GradeA, model.GradeB, model.GradeC}
	today := db.cal.DateOf(now)
	const perOrder, perTx = 10, 10_000
	for start := 0; start < n; start += perTx {
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			w := &wtx{Tx: tx, who: by.Login, now: now}
			for i := start; i < min(start+perTx, n); i += perOrder {
				oid, err := tx.Bucket(bucketOrders).NextSequence()
				if err != nil {
					return err
				}
				o := &model.Order{ID: oid, No: fmt.Sprintf("SO-BENCH-%06d", oid), CustomerID: uint64(i%50 + 1),
					CustomerGrade: grades[i%3], ReceivedAt: now.Add(-time.Duration(i) * time.Second), Owner: "sales"}
				w.stamp(&o.Meta)
				if err := putJSON(tx.Bucket(bucketOrders), itob(oid), o); err != nil {
					return err
				}
				if err := tx.Bucket(bucketOrderNo).Put([]byte(o.No), itob(oid)); err != nil {
					return err
				}
				for j := range min(perOrder, n-i) {
					lid, err := tx.Bucket(bucketLines).NextSequence()
					if err != nil {
						return err
					}
					l := &model.OrderLine{ID: lid, OrderID: oid, LineNo: j + 1, ProductCode: fmt.Sprintf("P%d", j%5+1),
						Qty: int64(100 + i%900), RequestedDate: today.AddDays(3 + (i+j)%60), Status: model.LineSent,
						SentAt: now, ReplyDue: db.cal.EndOfNextWorkingDay(now).UTC()}
					for _, k := range []model.EventKind{model.EvCreate, model.EvSubmit, model.EvReview, model.EvSend} {
						l.History = append(l.History, model.LineEvent{At: now, By: by.Login, Kind: k, To: model.LineSent})
					}
					w.stamp(&l.Meta)
					if err := putJSON(tx.Bucket(bucketLines), itob(lid), l); err != nil {
						return err
					}
					if err := w.indexLine(o, nil, l); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkQueuePage measures production's queue screen with 100,000 lines
// awaiting a reply: the first page, and a page from the middle.
func BenchmarkQueuePage(b *testing.B) {
	clock, err := model.NewClock("Asia/Shanghai")
	if err != nil {
		b.Fatal(err)
	}
	clock.Set(time.Date(2025, 3, 3, 9, 0, 0, 0, clock.Loc))
	db, err := Open(filepath.Join(b.TempDir(), "bench.db"), Options{Clock: clock})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const n = 100_000
	seedQueue(b, db, n)
	for _, c := range []struct {
		name   string
		offset int
	}{{"first", 0}, {"middle", n / 2}, {"last", n - 40}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				page, err := db.Queue(b.Context(), c.offset, 40)
				if err != nil || page.Total != n || len(page.Entries) != 40 {
					b.Fatalf("page %d of %d, %v", len(page.Entries), page.Total, err)
				}
			}
		})
	}
	b.Run("position", func(b *testing.B) {
		b.ReportAllocs()
		page, err := db.Queue(b.Context(), n/2, 1)
		if err != nil {
			b.Fatal(err)
		}
		id := page.Entries[0].Line.ID
		for b.Loop() {
			if pos, err := db.QueuePosition(b.Context(), id); err != nil || pos != n/2 {
				b.Fatalf("position %d %v", pos, err)
			}
		}
	})
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}
