package store

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// wantBook fails unless every open line on file has the book entry its
// line and order say, and no other line has one.
func wantBook(t *testing.T, e *ordersEnv) {
	t.Helper()
	orders, err := e.db.Lines(t.Context(), model.OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	open := 0
	err = e.db.bolt.View(func(tx *bolt.Tx) error {
		for _, o := range orders {
			for i := range o.Lines {
				l := &o.Lines[i]
				v := tx.Bucket(bucketProductLines).Get(productLineKey(l.ProductCode, l.ID))
				if !l.Status.Open() {
					if v != nil {
						t.Errorf("line %d (%s) has a book entry", l.ID, l.Status)
					}
					continue
				}
				open++
				got, err := decodeBookEntry(productLineKey(l.ProductCode, l.ID), v)
				if err != nil {
					t.Errorf("line %d: %v", l.ID, err)
					continue
				}
				want := model.OrderLine{ID: l.ID, ProductCode: l.ProductCode, Variant: l.Variant, Qty: l.Qty, ShippedQty: l.ShippedQty,
					Status: l.Status, PromisedDate: l.PromisedDate, RiskDate: l.RiskDate}
				if !reflect.DeepEqual(*got.l, want) {
					t.Errorf("line %d: book entry %+v, want %+v", l.ID, *got.l, want)
				}
				var key []byte
				if model.InQueue(l) {
					key = queueKey(o, l)
				}
				if !bytes.Equal(got.key, key) {
					t.Errorf("line %d (%s): queue key %x, want %x", l.ID, l.Status, got.key, key)
				}
			}
		}
		if n := tx.Bucket(bucketProductLines).Stats().KeyN; n != open {
			t.Errorf("%d book entries for %d open lines", n, open)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The product index keeps each open line's book entry (what the promise
// suggestion reads) through every transition, and migration 7 writes them
// for a data file from before: the suggestions are the same.
func TestBookEntries(t *testing.T) {
	e := newOrdersEnv(t)
	d := date(t, "2025-03-20")
	e.stocked(t, "P1", "std", 100)
	e.stocked(t, "P1", "mark", 30)
	o := e.order(t, "CA", line("P1", 500, d), model.OrderLine{ProductCode: "P1", Variant: "mark", Qty: 40, RequestedDate: d},
		line("P2", 70, d), line("P1", 90, d), line("P1", 60, d), line("P2", 20, d), line("P1", 10, d))
	e.order(t, "CC", line("P1", 300, date(t, "2025-03-10")), line("P2", 5, d)) // submitted
	ids := make([]uint64, len(o.Lines))
	for i, l := range o.Lines {
		ids[i] = l.ID
		e.send(t, l.ID)
	}
	ids2 := e.order(t, "CB", line("P1", 200, date(t, "2025-03-12"))).Lines
	e.send(t, ids2[0].ID) // requested earlier, but grade B: behind CA's lines in the queue
	e.move(t, ids[0], "plead", answer(date(t, "2025-03-18")))
	e.move(t, ids[1], "plead", answer(date(t, "2025-03-07")))
	e.move(t, ids[1], "keeper", func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.Ship(by, now, cal, 25, date(t, "2025-03-03"))
	})
	e.move(t, ids[2], "plead", answer(date(t, "2025-03-14")))
	e.move(t, ids[2], "plead", func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.FlagRisk(by, now, cal, "设备检修", date(t, "2025-03-21"))
	})
	e.move(t, ids[3], "plead", answer(date(t, "2025-03-11")))
	e.move(t, ids[3], "plead", (*model.OrderLine).StartProduction)
	e.move(t, ids[4], "plead", func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.MarkUnclear(by, now, cal, "口味？")
	})
	e.move(t, ids[6], "plead", answer(date(t, "2025-03-05")))
	e.move(t, ids[6], "keeper", func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.Ship(by, now, cal, 10, date(t, "2025-03-03"))
	})
	e.move(t, ids[6], "sales", func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.Close(by, now, cal, "")
	})
	wantBook(t, e)

	type ask struct {
		product, variant string
		line             uint64
	}
	asks := []ask{{"P1", "", 0}, {"P1", "mark", 0}, {"P2", "", 0}, {line: ids[5]}, {line: ids2[0].ID}, {line: ids[0]}}
	facts := func() []model.PromiseFacts {
		t.Helper()
		var out []model.PromiseFacts
		for _, a := range asks {
			var f model.PromiseFacts
			var err error
			if a.line != 0 {
				f, err = e.db.PromiseFor(t.Context(), a.line, e.clock.Now())
			} else {
				f, err = e.db.Promise(t.Context(), a.product, a.variant, 400, e.clock.Now())
			}
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, f)
		}
		return out
	}
	before := facts()
	if s := before[0].Suggestion; before[0].SuggestErr != nil || s.Produced == 0 || len(s.Days) == 0 {
		t.Fatalf("P1: %+v %v", s, before[0].SuggestErr)
	}

	// A data file from before the book entries: the index held no values.
	if err := e.db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketProductLines)
		var keys [][]byte
		if err := b.ForEach(func(k, _ []byte) error { keys = append(keys, bytes.Clone(k)); return nil }); err != nil {
			return err
		}
		for _, k := range keys {
			if err := b.Put(k, []byte{}); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(metaVersion, []byte("6"))
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Promise(t.Context(), "P1", "", 400, e.clock.Now()); err == nil {
		t.Fatal("a suggestion from an index without book entries")
	}
	e.reopen(t)
	wantBook(t, e)
	if after := facts(); !reflect.DeepEqual(after, before) {
		t.Fatalf("after migration 7:\n%+v\nbefore:\n%+v", after, before)
	}
}
