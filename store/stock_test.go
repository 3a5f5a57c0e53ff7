package store

import (
	"slices"
	"strconv"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Finished-goods stock is a ledger (docs/DOMAIN.md#master-data): a daily
// report's good quantity comes in, a correction by its difference, a
// shipment goes out (never more than on hand), adjustments and counts with
// their reasons; the stock on hand and as of any earlier time follow.
func TestStockLedger(t *testing.T) {
	e := newShopEnv(t)
	ctx := t.Context()
	e.at(t, "2025-03-03 09:00")
	e.stocked(t, "P1", "std", 120)
	t0 := e.clock.Now()

	// 18:00: the day's report, 200 made of which 12 defective → +188.
	e.at(t, "2025-03-03 18:00")
	r, err := e.db.SubmitReport(ctx, e.users["shop"], &model.DailyReport{Date: date(t, "2025-03-03"), Line: "1号线", Shift: model.ShiftDay,
		Rows: []model.ReportRow{{Product: "P1", Planned: 200, Actual: 200, Defect: 12, DefectReason: "D01"}}})
	if err != nil {
		t.Fatal(err)
	}
	t1 := e.clock.Now()
	if s, _ := e.db.Stock(ctx, "P1", "std"); s.Qty != 308 {
		t.Fatalf("after the report: %d, want 308", s.Qty)
	}
	// 19:00: corrected to 190 made, 10 defective → 180 good, −8.
	e.at(t, "2025-03-03 19:00")
	r.Rows[0].Actual, r.Rows[0].Defect = 190, 10
	if _, err := e.db.CorrectReport(ctx, e.users["shop"], r, "点数有误"); err != nil {
		t.Fatal(err)
	}
	// Next morning a line of 250 ships; one of 100 more than remains is refused.
	e.at(t, "2025-03-04 09:00")
	ids := e.committed(t, "P1", date(t, "2025-03-05"), date(t, "2025-03-05"))
	o, _, err := e.db.Line(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = e.try(t, ids[0], e.line(t, ids[0]).Version, "keeper", ship(10, date(t, "2025-03-04")))
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := e.db.Stock(ctx, "P1", "std"); s.Qty != 290 {
		t.Fatalf("after shipping 10: %d, want 290", s.Qty)
	}
	_, err = e.db.AdjustStock(ctx, e.users["keeper"], model.StockAdjustment{ProductCode: "P1", Variant: "std", Delta: -285, Reason: "破损"})
	if err != nil {
		t.Fatal(err)
	}
	n := e.auditLen(t)
	l := e.line(t, ids[1])
	_, _, err = e.try(t, ids[1], l.Version, "keeper", ship(10, date(t, "2025-03-04")))
	wantFields(t, err, "qty")
	if fe := model.FieldErrors(err)["qty"]; fe.In(model.LangZH) != "库存不足：P1/std 现有 5，要出 10" {
		t.Fatalf("refusal %q", fe.In(model.LangZH))
	}
	if e.auditLen(t) != n || e.line(t, ids[1]).ShippedQty != 0 {
		t.Fatal("a refused shipment left a trace")
	}

	// The ledger, newest first, and the stock as of earlier times.
	moves, err := e.db.StockMoves(ctx, "P1", "", 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range moves {
		got = append(got, string(m.Cause)+" "+m.Ref+" "+m.Reason+" "+strconv.FormatInt(m.Qty, 10)+" "+strconv.FormatInt(m.Balance, 10)+" "+m.By)
	}
	want := []string{
		"adjustment  破损 -285 5 keeper",
		"shipment " + o.No + "/1  -10 290 keeper",
		"production 2025-03-03|1号线|day 点数有误 -8 300 shop",
		"production 2025-03-03|1号线|day  188 308 shop",
		"adjustment  入库 120 120 keeper",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("moves\n%q\nwant\n%q", got, want)
	}
	for _, c := range []struct {
		at   time.Time
		want int64
	}{{t0.Add(-time.Hour), 0}, {t0, 120}, {t1, 308}, {t1.Add(time.Minute), 308}, {e.clock.Now(), 5}} {
		if q, err := e.db.StockAt(ctx, "P1", "std", c.at); err != nil || q != c.want {
			t.Errorf("stock at %s: %d %v, want %d", c.at, q, err, c.want)
		}
	}
	if _, err := e.db.StockMoves(ctx, "NOPE", "", 10); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("unknown product: %v", err)
	}
}

// A data file from before the ledger: each recorded stock gets an opening
// movement, so the balance and the ledger agree.
func TestStockLedgerMigration(t *testing.T) {
	e := newOrdersEnv(t)
	e.stocked(t, "P1", "std", 40)
	if err := e.db.bolt.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketStockMoves); err != nil {
			return err
		}
		if _, err := tx.CreateBucket(bucketStockMoves); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(metaVersion, []byte("5"))
	}); err != nil {
		t.Fatal(err)
	}
	e.reopen(t)
	moves, err := e.db.StockMoves(t.Context(), "P1", "std", 10)
	if err != nil || len(moves) != 1 || moves[0].Balance != 40 || moves[0].Cause != model.StockCounted {
		t.Fatalf("moves %+v %v", moves, err)
	}
	if q, _ := e.db.StockAt(t.Context(), "P1", "std", e.clock.Now()); q != 40 {
		t.Fatalf("stock at now %d", q)
	}
}
