package store

import (
	"maps"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// tallyByScan counts the open lines by status from every line on file.
func tallyByScan(t *testing.T, e *ordersEnv, owner string) model.LineTally {
	t.Helper()
	want := model.LineTally{All: map[model.LineStatus]int{}, Mine: map[model.LineStatus]int{}}
	orders, err := e.db.Orders(t.Context(), model.OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orders {
		for _, l := range o.Lines {
			if !l.Status.Open() {
				continue
			}
			want.All[l.Status]++
			if o.Owner == owner {
				want.Mine[l.Status]++
			}
		}
	}
	return want
}

// The status index counts what a scan of every line counts, through every
// transition; migration 5 builds it (and the reply-deadline index) for
// lines written before it existed.
func TestLineIndexes(t *testing.T) {
	e := newOrdersEnv(t)
	d := date(t, "2025-03-20")
	var ids []uint64
	for range 3 {
		o := e.order(t, "CA", line("P1", 10, d), line("P2", 5, d))
		for _, l := range o.Lines {
			ids = append(ids, l.ID)
		}
	}
	o := e.order(t, "CB", line("P1", 7, d))
	ids = append(ids, o.Lines[0].ID)
	e.send(t, ids[0])
	e.send(t, ids[1])
	e.move(t, ids[1], "plead", answer(date(t, "2025-03-18")))
	e.send(t, ids[2])
	e.move(t, ids[2], "plead", func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.MarkUnclear(by, now, cal, "口味？")
	})
	e.move(t, ids[3], "saleslead", (*model.OrderLine).Review)
	e.at(t, "2025-03-25 10:00")
	e.stocked(t, "P2", "", 5)
	e.move(t, ids[1], "keeper", func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.Ship(by, now, cal, 3, date(t, "2025-03-18"))
	})
	e.move(t, ids[1], "keeper", func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.Ship(by, now, cal, 2, date(t, "2025-03-19"))
	})
	mar := model.Month{Year: 2025, Month: time.March}
	check := func(when string) {
		t.Helper()
		// The KPIs read through the date index count what every line says.
		var all []*model.OrderLine
		orders, err := e.db.Lines(t.Context(), model.OrderFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range orders {
			for i := range o.Lines {
				all = append(all, &o.Lines[i])
			}
		}
		shipped := map[string]int64{}
		var items []model.DueItem
		for _, o := range orders {
			for i := range o.Lines {
				l := &o.Lines[i]
				for _, sh := range l.Shipments {
					if mar.Contains(sh.Date) {
						shipped[model.VariantKey(l.ProductCode, l.Variant)] += sh.Qty
					}
				}
				if it, ok := model.ReplyDueItem(e.db.cal, o, l, e.clock.Now()); ok && mar.Contains(model.DueDay(e.db.cal, l.ReplyDue)) {
					items = append(items, it)
				}
			}
		}
		if err := e.db.bolt.View(func(tx *bolt.Tx) error {
			plans, err := e.db.planItems(tx, mar.First(), e.db.asOf(mar), e.clock.Now())
			items = append(items, plans...)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for k, want := range map[model.KPI]model.Ratio{
			model.KPIOTIF:            model.OTIF(all, mar, e.db.asOf(mar)),
			model.KPIReplyTimeliness: model.ReplyTimeliness(all, mar, e.clock.Loc),
			model.KPISubmission:      model.SubmissionTimeliness(items, ""),
		} {
			got, err := e.db.KPI(t.Context(), k, mar, "")
			if err != nil || got.Num != int64(want.Num) || got.Den != int64(want.Den) || want.Den == 0 {
				t.Fatalf("%s, %s: %d/%d from the aggregates, %d/%d from every line (%v)", when, k, got.Num, got.Den, want.Num, want.Den, err)
			}
		}
		if err := e.db.bolt.View(func(tx *bolt.Tx) error {
			if got := aggShipped(tx, mar.First(), mar.Last()); !maps.Equal(got, shipped) || len(got) == 0 {
				t.Fatalf("%s: shipped %v from the aggregates, %v from the lines", when, got, shipped)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for _, owner := range []string{"sales", "saleslead", ""} {
			got, err := e.db.LineTally(t.Context(), owner)
			if err != nil {
				t.Fatal(err)
			}
			want := tallyByScan(t, e, owner)
			if owner == "" {
				want.Mine = map[model.LineStatus]int{}
			}
			if !maps.Equal(got.All, want.All) || !maps.Equal(got.Mine, want.Mine) {
				t.Fatalf("%s, owner %q: tally %+v, scan %+v", when, owner, got, want)
			}
		}
	}
	check("after the moves")
	board, err := e.db.Deadlines(t.Context(), date(t, "2025-03-01"), date(t, "2025-03-31"))
	if err != nil {
		t.Fatal(err)
	}

	// Drop both indexes and the schema step, as a file from before them.
	if err := e.db.bolt.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketLinesByStatus, bucketLinesByReplyDue} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
			if _, err := tx.CreateBucket(b); err != nil {
				return err
			}
		}
		if err := tx.DeleteBucket(bucketLineAgg); err != nil {
			return err
		}
		if _, err := tx.CreateBucket(bucketLineAgg); err != nil {
			return err
		}
		if err := tx.Bucket(bucketMeta).Delete(metaAggregates); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(metaVersion, []byte("4"))
	}); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.db.LineTally(t.Context(), "sales"); len(got.All) != 0 {
		t.Fatalf("indexes not dropped: %+v", got)
	}
	e.reopen(t)
	check("after migration 5 and rebuilding the aggregates")
	again, err := e.db.Deadlines(t.Context(), date(t, "2025-03-01"), date(t, "2025-03-31"))
	if err != nil || len(again) != len(board) {
		t.Fatalf("board after migration: %d items, before %d (%v)", len(again), len(board), err)
	}
	replies := 0
	for i := range board {
		if board[i] != again[i] {
			t.Fatalf("item %d: %+v, before %+v", i, again[i], board[i])
		}
		if board[i].Kind == model.DueReply {
			replies++
		}
	}
	if replies != 3 {
		t.Fatalf("%d reply items on the board, want the 3 lines sent", replies)
	}
}
