package store

import (
	"fmt"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

func rowNames(p model.OrderRowPage) string {
	var out []string
	for _, r := range p.Rows {
		out = append(out, fmt.Sprintf("%s/%d", r.No, r.LineNo))
	}
	return strings.Join(out, " ")
}

// The orders list pages every line on file, newest order first and each
// order's lines in order, counts all that match, and searches numbers,
// customers and products without regard to case.
func TestOrderRows(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	e.at(t, "2025-03-20 10:00")
	d := date(t, "2025-04-10")
	a := e.order(t, "CA", line("P1", 10, d), line("P2", 20, d))
	b := e.order(t, "CB", line("P2", 30, d))
	c := e.order(t, "CC", line("P1", 40, d), line("P1", 50, d), line("P2", 60, d))

	all, err := e.db.OrderRows(ctx, model.OrderQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%s/1 %s/2 %s/3 %s/1 %s/1 %s/2", c.No, c.No, c.No, b.No, a.No, a.No)
	if all.Total != 6 || rowNames(all) != want {
		t.Fatalf("all rows: %d %s, want 6 %s", all.Total, rowNames(all), want)
	}
	r := all.Rows[3]
	if r.CustomerID != e.customers["CB"].ID || r.Product != "P2" || r.Qty != 30 || r.Requested != d || r.Status != model.LineSubmitted || r.LineID != b.Lines[0].ID {
		t.Errorf("row of %s: %+v", b.No, r)
	}

	// A page in the middle: an order's lines split over two pages.
	p, err := e.db.OrderRows(ctx, model.OrderQuery{Offset: 2, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 6 || p.Offset != 2 || rowNames(p) != fmt.Sprintf("%s/3 %s/1", c.No, b.No) {
		t.Errorf("page 2 of 2: %d %s", p.Total, rowNames(p))
	}

	for _, tc := range []struct{ search, want string }{
		{"乙批发", b.No + "/1"}, // customer name
		{"cb", b.No + "/1"},  // customer code, any case
		{"素毛肚", fmt.Sprintf("%s/3 %s/1 %s/2", c.No, b.No, a.No)}, // product name
		{"p1", fmt.Sprintf("%s/1 %s/2 %s/1", c.No, c.No, a.No)},  // product code
		{strings.ToLower(a.No), fmt.Sprintf("%s/1 %s/2", a.No, a.No)},
		{"无此", ""},
		{c.No + "/2", c.No + "/2"}, // a row's label as the list shows it
		{strings.ToLower(c.No) + "/", fmt.Sprintf("%s/1 %s/2 %s/3", c.No, c.No, c.No)},
	} {
		p, err := e.db.OrderRows(ctx, model.OrderQuery{Search: tc.search, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if rowNames(p) != tc.want || p.Total != len(p.Rows) {
			t.Errorf("search %q: %d %q, want %q", tc.search, p.Total, rowNames(p), tc.want)
		}
	}

	// Sorted by quantity, largest first; by requested date, ties newest
	// first with each order's lines in order.
	byQty, err := e.db.OrderRows(ctx, model.OrderQuery{Sort: model.SortQty, Limit: 3, Offset: 1})
	if err != nil || byQty.Total != 6 || rowNames(byQty) != fmt.Sprintf("%s/2 %s/1 %s/1", c.No, c.No, b.No) {
		t.Errorf("by quantity, from the 2nd: %s %v", rowNames(byQty), err)
	}
	byDate, err := e.db.OrderRows(ctx, model.OrderQuery{Sort: model.SortRequested, Limit: 100})
	if err != nil || rowNames(byDate) != want {
		t.Errorf("by requested date (all alike): %s, want %s (%v)", rowNames(byDate), want, err)
	}
	if _, err := e.db.OrderRows(ctx, model.OrderQuery{Sort: "colour"}); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("unknown order: %v", err)
	}

	// A line's change reaches its row in the same transaction, and the
	// status narrows the list.
	e.send(t, a.Lines[0].ID)
	sent, err := e.db.OrderRows(ctx, model.OrderQuery{Status: model.LineSent, Limit: 100})
	if err != nil || sent.Total != 1 || sent.Rows[0].LineID != a.Lines[0].ID {
		t.Errorf("sent lines: %+v %v", sent, err)
	}
	p, err = e.db.OrderRows(ctx, model.OrderQuery{Search: a.No, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 2 || len(p.Rows) != 1 || p.Rows[0].Status != model.LineSent {
		t.Errorf("after sending %s/1: %+v", a.No, p)
	}

	// A file from before rows were kept gets them at open.
	err = e.db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLinesByOrder)
		var keys [][]byte
		b.ForEach(func(k, _ []byte) error { keys = append(keys, append([]byte(nil), k...)); return nil })
		for _, k := range keys {
			if err := b.Put(k, []byte{}); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Delete(metaOrderRows)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.ensureOrderRows(); err != nil {
		t.Fatal(err)
	}
	again, err := e.db.OrderRows(ctx, model.OrderQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if rowNames(again) != want || again.Rows[4].Status != model.LineSent {
		t.Errorf("rebuilt rows: %s %+v", rowNames(again), again.Rows[4])
	}

	// A customer, a product, a range of requested dates narrow the list;
	// the bounds are taken in.
	e.at(t, "2025-03-21 10:00")
	late := e.order(t, "CA", line("P1", 70, date(t, "2025-04-20")))
	for _, tc := range []struct {
		name string
		q    model.OrderQuery
		want string
	}{
		{"customer", model.OrderQuery{Customer: e.customers["CA"].ID}, fmt.Sprintf("%s/1 %s/1 %s/2", late.No, a.No, a.No)},
		{"product", model.OrderQuery{Product: "P2"}, fmt.Sprintf("%s/3 %s/1 %s/2", c.No, b.No, a.No)},
		{"customer and product", model.OrderQuery{Customer: e.customers["CA"].ID, Product: "P1"}, fmt.Sprintf("%s/1 %s/1", late.No, a.No)},
		{"from", model.OrderQuery{From: date(t, "2025-04-11")}, late.No + "/1"},
		{"to", model.OrderQuery{To: date(t, "2025-04-10"), Customer: e.customers["CA"].ID}, fmt.Sprintf("%s/1 %s/2", a.No, a.No)},
		{"one day", model.OrderQuery{From: date(t, "2025-04-20"), To: date(t, "2025-04-20")}, late.No + "/1"},
		{"no day", model.OrderQuery{From: date(t, "2025-04-11"), To: date(t, "2025-04-19")}, ""},
	} {
		tc.q.Limit = 100
		p, err := e.db.OrderRows(ctx, tc.q)
		if err != nil || rowNames(p) != tc.want || p.Total != len(p.Rows) {
			t.Errorf("%s: %d %q, want %q (%v)", tc.name, p.Total, rowNames(p), tc.want, err)
		}
	}
	_, err = e.db.OrderRows(ctx, model.OrderQuery{From: date(t, "2025-04-20"), To: date(t, "2025-04-10")})
	if fe := model.FieldErrors(err); fe["to"].Key != "val.range_reversed" {
		t.Errorf("a reversed range: %v", err)
	}

}

// The search finds customers and products by the pinyin initials of their
// names too, and the list sorts by customer (name in pinyin order, not by
// the characters' codes) and by product (code), ties newest first.
func TestOrderRowsInitialsAndSorts(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	e.at(t, "2025-03-20 10:00")
	d := date(t, "2025-04-10")
	// 甲超市 jcs, 乙批发 ypf, 丙便利 bbl; 香辣鱼豆腐 xlydf (P1), 素毛肚 smd (P2).
	a := e.order(t, "CA", line("P2", 10, d), line("P1", 20, d))
	b := e.order(t, "CB", line("P1", 30, d))
	c := e.order(t, "CC", line("P2", 40, d))
	n := e.order(t, "CA", line("P1", 50, d))
	for _, tc := range []struct{ search, want string }{
		{"jcs", fmt.Sprintf("%s/1 %s/1 %s/2", n.No, a.No, a.No)},
		{" JCS ", fmt.Sprintf("%s/1 %s/1 %s/2", n.No, a.No, a.No)},
		{"ypf", b.No + "/1"},
		{"smd", fmt.Sprintf("%s/1 %s/1", c.No, a.No)},
		{"xlyd", fmt.Sprintf("%s/1 %s/1 %s/2", n.No, b.No, a.No)},
		{"cs", fmt.Sprintf("%s/1 %s/1 %s/2", n.No, a.No, a.No)}, // inside the initials
		{"jcx", ""},
	} {
		p, err := e.db.OrderRows(ctx, model.OrderQuery{Search: tc.search, Limit: 100})
		if err != nil || rowNames(p) != tc.want || p.Total != len(p.Rows) {
			t.Errorf("search %q: %d %q, want %q (%v)", tc.search, p.Total, rowNames(p), tc.want, err)
		}
	}
	for _, tc := range []struct {
		name string
		q    model.OrderQuery
		want string
	}{
		// 丙 bing, 甲 jia, 乙 yi: by their codes 丙 乙 甲.
		{"customer", model.OrderQuery{Sort: model.SortCustomer}, fmt.Sprintf("%s/1 %s/1 %s/1 %s/2 %s/1", c.No, n.No, a.No, a.No, b.No)},
		{"customer, a page", model.OrderQuery{Sort: model.SortCustomer, Offset: 1, Limit: 2}, fmt.Sprintf("%s/1 %s/1", n.No, a.No)},
		{"product", model.OrderQuery{Sort: model.SortProduct}, fmt.Sprintf("%s/1 %s/1 %s/2 %s/1 %s/1", n.No, b.No, a.No, c.No, a.No)},
		{"product, searched", model.OrderQuery{Sort: model.SortProduct, Search: "jcs"}, fmt.Sprintf("%s/1 %s/2 %s/1", n.No, a.No, a.No)},
	} {
		if tc.q.Limit == 0 {
			tc.q.Limit = 100
		}
		p, err := e.db.OrderRows(ctx, tc.q)
		if err != nil || rowNames(p) != tc.want || p.Total != 5 && tc.q.Search == "" || p.Offset != tc.q.Offset {
			t.Errorf("sorted by %s: %d %q, want %q (%v)", tc.name, p.Total, rowNames(p), tc.want, err)
		}
	}

	// Names order as a Chinese index orders them: syllable by syllable.
	for _, pair := range [][2]string{{"西安", "先"}, {"丙便利", "甲超市"}, {"甲超市", "乙批发"}, {"Apple", "banana"}, {"阿里", "百度"}} {
		if nameOrder(pair[0]) >= nameOrder(pair[1]) {
			t.Errorf("%s sorts after %s", pair[0], pair[1])
		}
	}
}

// FuzzOrderRow: a row reads back as written, and no bytes crash the reader.
func FuzzOrderRow(f *testing.F) {
	f.Add("SO-20250320-0001", 2, uint64(7), "A", "sales", "YDF-XL18", "mark", int64(-5), "sent", true, []byte{1, 2})
	f.Fuzz(func(t *testing.T, no string, lineNo int, cust uint64, grade, owner, product, variant string, qty int64, status string, changed bool, junk []byte) {
		if lineNo < 0 {
			lineNo = -lineNo
		}
		r := model.OrderRow{OrderID: 3, LineID: 9, No: no, LineNo: lineNo, CustomerID: cust, Grade: model.Grade(grade), Owner: owner,
			Product: product, Variant: variant, Qty: qty, Requested: model.NewDate(2025, 3, 20), Status: model.LineStatus(status), Changed: changed}
		key := append(itob(3), itob(9)...)
		got, err := decodeOrderRow(key, encodeOrderRow(r))
		if err != nil || got != r {
			t.Fatalf("round trip: %+v %v, want %+v", got, err, r)
		}
		_, _ = decodeOrderRow(key, junk) // must not panic
	})
}

// BenchmarkOrderRows pages, searches and narrows the orders list of
// 100,000 lines.
func BenchmarkOrderRows(b *testing.B) {
	e := newOrdersEnv(b)
	addHistory(b, e, 100_000)
	ctx := b.Context()
	today := e.db.cal.DateOf(e.clock.Now())
	for _, bc := range []struct {
		name string
		q    model.OrderQuery
	}{
		{"first page", model.OrderQuery{Limit: 200}},
		{"last page", model.OrderQuery{Offset: 99_900, Limit: 200}},
		{"search number", model.OrderQuery{Search: "SO-HIST-000042", Limit: 200}},
		{"search customer", model.OrderQuery{Search: "甲超市", Limit: 200}},
		{"owner", model.OrderQuery{Owner: "sales", Limit: 200}},
		{"customer, product and a month of requested dates", model.OrderQuery{Customer: e.customers["CA"].ID, Product: "P2",
			From: today.AddDays(-60), To: today.AddDays(-31), Limit: 200}},
		{"sorted by requested date, last page", model.OrderQuery{Sort: model.SortRequested, Offset: 99_900, Limit: 200}},
		{"sorted by customer, last page", model.OrderQuery{Sort: model.SortCustomer, Offset: 99_900, Limit: 200}},
		{"search initials", model.OrderQuery{Search: "jcs", Limit: 200}},
	} {
		// The reading itself: sessions share it per committed state, so
		// what a change costs is one orderRows, not a cached OrderRows.
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				err := e.db.view(ctx, func(tx *bolt.Tx) error {
					p, err := orderRows(tx, bc.q)
					if err == nil && p.Total == 0 {
						err = fmt.Errorf("no rows")
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
