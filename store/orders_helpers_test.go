package store

import (
	"testing"
	"time"

	"xietong/model"
)

// ordersEnv is seeded(t) plus the people, customers and products of the
// order tests. The clock is Monday 2025-03-03 09:00 in Asia/Shanghai; the
// calendar is Monday–Saturday.
//
//	saleslead   sales lead (review, rank, send)
//	keeper      production member (stock, shipments)
//	plead       production lead (replies), from seeded
//	CA CB CC    customers of grade A, B, C
//	P1          variants std (default) and mark; 1000 a day, lead time 1
//	P2          no variants; 500 a day, lead time 0
type ordersEnv struct {
	*env
	customers map[string]*model.Customer
}

func newOrdersEnv(t testing.TB) *ordersEnv {
	t.Helper()
	e := &ordersEnv{env: seeded(t), customers: map[string]*model.Customer{}}
	for _, u := range []model.User{
		{Login: "saleslead", Name: "孙丽", Dept: model.DeptSales, Role: model.RoleLead},
		{Login: "keeper", Name: "周强", Dept: model.DeptProduction, Role: model.RoleMember},
	} {
		saved, err := e.db.CreateUser(t.Context(), nil, &u)
		if err != nil {
			t.Fatal(err)
		}
		e.users[u.Login] = saved
	}
	for _, c := range []model.Customer{
		{Code: "CA", Name: "甲超市", Region: "华东", Grade: model.GradeA},
		{Code: "CB", Name: "乙批发", Region: "华南", Grade: model.GradeB},
		{Code: "CC", Name: "丙便利", Region: "华北", Grade: model.GradeC},
	} {
		saved, err := e.db.SaveCustomer(t.Context(), e.users["sales"], &c)
		if err != nil {
			t.Fatal(err)
		}
		e.customers[c.Code] = saved
	}
	for _, p := range []model.Product{
		{Code: "P1", Name: "香辣鱼豆腐", Spec: "18g", Unit: "件",
			Variants:       []model.Variant{{Code: "std", Name: "标准"}, {Code: "mark", Name: "一元标示"}},
			DefaultVariant: "std", EconomicBatch: 500, DailyCapacity: 1000, LeadTimeDays: 1},
		{Code: "P2", Name: "素毛肚", Unit: "件", EconomicBatch: 100, DailyCapacity: 500},
	} {
		if _, err := e.db.SaveProduct(t.Context(), e.users["plead"], &p); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// date is a Date from "2006-01-02".
func date(t testing.TB, s string) model.Date {
	t.Helper()
	d, err := model.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// line is a line input: product P1 default variant unless code says.
func line(code string, qty int64, requested model.Date) model.OrderLine {
	return model.OrderLine{ProductCode: code, Qty: qty, RequestedDate: requested}
}

// order creates and submits an order of customer code by sales.
func (e *ordersEnv) order(t testing.TB, code string, lines ...model.OrderLine) *model.Order {
	t.Helper()
	o, err := e.db.CreateOrder(t.Context(), e.users["sales"], &model.Order{CustomerID: e.customers[code].ID, Lines: lines}, true)
	if err != nil {
		t.Fatalf("create order for %s: %v", code, err)
	}
	return o
}

// step is a model transition with the arguments every transition takes.
type step func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error

// move applies step to line id as login, at the line's current version.
func (e *ordersEnv) move(t testing.TB, id uint64, login string, s step) *model.OrderLine {
	t.Helper()
	_, l, err := e.db.Line(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	_, saved, err := e.try(t, id, l.Version, login, s)
	if err != nil {
		t.Fatalf("line %d by %s: %v", id, login, err)
	}
	return saved
}

// try applies step to line id as login at version, returning the result.
func (e *ordersEnv) try(t testing.TB, id, version uint64, login string, s step) (*model.Order, *model.OrderLine, error) {
	t.Helper()
	by := e.users[login]
	return e.db.UpdateLine(t.Context(), by, id, version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
		return s(l, by, e.clock.Now(), e.db.cal)
	})
}

// send reviews and sends line id to production as the sales lead.
func (e *ordersEnv) send(t testing.TB, id uint64) *model.OrderLine {
	t.Helper()
	e.move(t, id, "saleslead", (*model.OrderLine).Review)
	return e.move(t, id, "saleslead", (*model.OrderLine).Send)
}

func answer(d model.Date) step {
	return func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.Answer(by, now, cal, d)
	}
}

// queueIDs lists the line ids of the whole queue in rank order.
func (e *ordersEnv) queueIDs(t *testing.T) []uint64 {
	t.Helper()
	page, err := e.db.Queue(t.Context(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != len(page.Entries) {
		t.Fatalf("queue total %d, %d entries", page.Total, len(page.Entries))
	}
	ids := make([]uint64, len(page.Entries))
	for i, en := range page.Entries {
		if en.Rank != i+1 || en.Order == nil || en.Order.ID != en.Line.OrderID || len(en.Order.Lines) != 0 {
			t.Fatalf("entry %d: rank %d, order %+v", i, en.Rank, en.Order)
		}
		ids[i] = en.Line.ID
	}
	return ids
}

// field fails unless err is EINVALID with a message for each of fields.
func wantFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	wantCode(t, err, model.EINVALID)
	got := model.FieldErrors(err)
	for _, f := range fields {
		if _, ok := got[f]; !ok {
			t.Errorf("no error for field %q in %v", f, err)
		}
	}
}

// stocked puts qty of product/variant into stock (a count by the keeper),
// for what a test ships.
func (e *ordersEnv) stocked(t testing.TB, product, variant string, qty int64) {
	t.Helper()
	if _, err := e.db.AdjustStock(t.Context(), e.users["keeper"], model.StockAdjustment{ProductCode: product, Variant: variant,
		Delta: qty, Reason: "入库"}); err != nil {
		t.Fatal(err)
	}
}
