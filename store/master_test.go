package store

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

func TestCustomerSave(t *testing.T) {
	e := newOrdersEnv(t)
	ctx, sales := t.Context(), e.users["sales"]
	sub := e.feed.Subscribe()
	defer sub.Close()

	c, err := e.db.SaveCustomer(ctx, sales, &model.Customer{Code: "C9", Name: "丁商行", Grade: model.GradeB})
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 || c.Version != 1 || c.UpdatedBy != "sales" {
		t.Fatalf("saved %+v", c)
	}
	if evs, _ := sub.Take(); len(evs) != 1 || evs[0].Kind != "customer" || evs[0].ID != c.ID || evs[0].Action != "create" {
		t.Fatalf("events %+v", evs)
	}
	if got := e.actions(t, customerRecord(c.ID)); !slices.Equal(got, []string{"customer.create sales"}) {
		t.Fatalf("audit %v", got)
	}

	_, err = e.db.SaveCustomer(ctx, e.users["plead"], &model.Customer{Code: "C10", Name: "x", Grade: model.GradeA})
	wantCode(t, err, model.EFORBIDDEN)
	_, err = e.db.SaveCustomer(ctx, sales, &model.Customer{Code: "C 10", Name: "", Grade: "Z"})
	wantFields(t, err, "code", "name", "grade")
	_, err = e.db.SaveCustomer(ctx, sales, &model.Customer{Code: "CA", Name: "重复", Grade: model.GradeA})
	wantCode(t, err, model.ECONFLICT)
	if !strings.Contains(err.Error(), "CA") {
		t.Errorf("conflict does not name the code: %v", err)
	}

	// An edit, then a stale one.
	edit := *c
	edit.Code, edit.Grade = "C9X", model.GradeA
	e.advance(time.Minute)
	saved, err := e.db.SaveCustomer(ctx, e.users["saleslead"], &edit)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Version != 2 || saved.ID != c.ID || !saved.CreatedAt.Equal(c.CreatedAt) {
		t.Fatalf("edit %+v", saved)
	}
	if _, err := e.db.CustomerByCode(ctx, "C9"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("old code still found: %v", err)
	}
	if got, err := e.db.CustomerByCode(ctx, "C9X"); err != nil || got.ID != c.ID {
		t.Fatalf("by new code: %+v %v", got, err)
	}
	stale := *c
	stale.Name = "旧"
	_, err = e.db.SaveCustomer(ctx, sales, &stale)
	wantCode(t, err, model.ECONFLICT)
	if msg := err.Error(); !strings.Contains(msg, "孙丽") || !strings.Contains(msg, "2025-03-03 09:01") {
		t.Fatalf("conflict message %q does not say who and when", msg)
	}
	_, err = e.db.SaveCustomer(ctx, sales, &model.Customer{ID: 999, Code: "C11", Name: "x", Grade: model.GradeA, Meta: model.Meta{Version: 1}})
	wantCode(t, err, model.ENOTFOUND)

	all, err := e.db.Customers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, c := range all {
		codes = append(codes, c.Code)
	}
	if !slices.Equal(codes, []string{"C9X", "CA", "CB", "CC"}) {
		t.Fatalf("customers %v", codes)
	}
}

func TestProductSave(t *testing.T) {
	e := newOrdersEnv(t)
	ctx, lead := t.Context(), e.users["saleslead"]
	p, err := e.db.SaveProduct(ctx, lead, &model.Product{Code: "P3", Name: "鱼丸", Unit: "箱", EconomicBatch: 10, DailyCapacity: 100})
	if err != nil {
		t.Fatal(err)
	}
	if p.ID == 0 || p.Version != 1 {
		t.Fatalf("saved %+v", p)
	}
	_, err = e.db.SaveProduct(ctx, e.users["sales"], &model.Product{Code: "P4", Name: "x", Unit: "箱", EconomicBatch: 1, DailyCapacity: 1})
	wantCode(t, err, model.EFORBIDDEN)
	_, err = e.db.SaveProduct(ctx, lead, &model.Product{Code: "P3", Name: "另一个", Unit: "箱", EconomicBatch: 1, DailyCapacity: 1})
	wantCode(t, err, model.ECONFLICT)
	_, err = e.db.SaveProduct(ctx, lead, &model.Product{Code: "P4", Name: "x", Unit: "", EconomicBatch: 0, DailyCapacity: 1})
	wantFields(t, err, "unit", "economic_batch")

	edit := *p
	edit.DailyCapacity = 200
	saved, err := e.db.SaveProduct(ctx, e.users["plead"], &edit)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Version != 2 || saved.ID != p.ID || saved.DailyCapacity != 200 {
		t.Fatalf("edit %+v", saved)
	}
	_, err = e.db.SaveProduct(ctx, lead, p) // version 1 again
	wantCode(t, err, model.ECONFLICT)
	if !strings.Contains(err.Error(), "刘洋") {
		t.Fatalf("conflict does not name who: %v", err)
	}
	ghost := *p
	ghost.Code = "P404"
	_, err = e.db.SaveProduct(ctx, lead, &ghost)
	wantCode(t, err, model.ENOTFOUND)
	if got := e.actions(t, productRecord("P3")); !slices.Equal(got, []string{"product.create saleslead", "product.update plead"}) {
		t.Fatalf("audit %v", got)
	}
}

func TestStockAdjust(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	sub := e.feed.Subscribe()
	defer sub.Close()

	s, err := e.db.Stock(ctx, "P1", "")
	if err != nil || s.Variant != "std" || s.Qty != 0 || s.Version != 0 {
		t.Fatalf("zero stock %+v %v", s, err)
	}
	_, err = e.db.Stock(ctx, "P9", "")
	wantCode(t, err, model.ENOTFOUND)
	_, err = e.db.Stock(ctx, "P1", "gold")
	wantFields(t, err, "variant")
	_, err = e.db.Stock(ctx, "P2", "std")
	wantFields(t, err, "variant")

	adj := func(by string, variant string, delta int64, reason string) (*model.Stock, error) {
		return e.db.AdjustStock(ctx, e.users[by], model.StockAdjustment{ProductCode: "P1", Variant: variant, Delta: delta, Reason: reason})
	}
	if s, err = adj("keeper", "", 100, "盘点"); err != nil || s.Qty != 100 || s.Variant != "std" || s.Version != 1 {
		t.Fatalf("adjust %+v %v", s, err)
	}
	if evs, _ := sub.Take(); len(evs) != 1 || evs[0].Kind != "stock" || evs[0].Key != "P1/std" || evs[0].Actor != "keeper" {
		t.Fatalf("events %+v", evs)
	}
	n := e.auditLen(t)
	_, err = adj("keeper", "std", -150, "破损")
	wantFields(t, err, "delta")
	_, err = adj("sales", "std", 5, "x")
	wantCode(t, err, model.EFORBIDDEN)
	_, err = adj("keeper", "std", 5, "")
	wantFields(t, err, "reason")
	_, err = adj("keeper", "gold", 5, "x")
	wantFields(t, err, "variant")
	if e.auditLen(t) != n {
		t.Fatal("a refused adjustment was audited")
	}
	noEvents(t, sub)
	if s, err = adj("keeper", "std", -30, "破损"); err != nil || s.Qty != 70 {
		t.Fatalf("adjust %+v %v", s, err)
	}
	if s, err = adj("keeper", "mark", 5, "入库"); err != nil || s.Qty != 5 {
		t.Fatalf("adjust %+v %v", s, err)
	}

	entries, err := e.db.Audit(ctx, "stock/P1/std")
	if err != nil || len(entries) != 2 {
		t.Fatalf("audit %v %v", entries, err)
	}
	if a := entries[1]; a.Action != "stock.adjust" || a.Who != "keeper" || !strings.Contains(string(a.After), `"reason":"破损"`) ||
		!strings.Contains(string(a.After), `"qty":-30,"balance":70,"cause":"adjustment"`) || !strings.Contains(string(a.Before), `"qty":100`) {
		t.Fatalf("audit entry %+v / %s / %s", a, a.Before, a.After)
	}

	all, err := e.db.Stocks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range all {
		got = append(got, fmt.Sprintf("%s/%s=%d", s.ProductCode, s.Variant, s.Qty))
	}
	if want := []string{"P1/mark=5", "P1/std=70", "P2/=0"}; !slices.Equal(got, want) {
		t.Fatalf("stocks %v, want %v", got, want)
	}
}

func TestImportCustomersAllOrNothing(t *testing.T) {
	e := newOrdersEnv(t)
	ctx, sales := t.Context(), e.users["sales"]
	sub := e.feed.Subscribe()
	defer sub.Close()

	rows := make([]*model.Customer, 1000)
	for i := range rows {
		rows[i] = &model.Customer{Code: fmt.Sprintf("K%04d", i+1), Name: fmt.Sprintf("客户%d", i+1), Grade: model.GradeB}
	}
	rows[499].Grade = "Z"         // row 500
	rows[699].Code = rows[2].Code // row 700 repeats row 3
	n := e.auditLen(t)
	err := e.db.ImportCustomers(ctx, sales, rows)
	wantFields(t, err, "row 500.grade", "row 700.code")
	if f := model.FieldErrors(err); len(f) != 2 {
		t.Fatalf("fields %v", f)
	}
	if !strings.Contains(err.Error(), "2 rows") {
		t.Errorf("message %q", err)
	}
	if e.auditLen(t) != n {
		t.Fatal("a refused import was audited")
	}
	if all, _ := e.db.Customers(ctx); len(all) != 3 {
		t.Fatalf("%d customers after a refused import", len(all))
	}
	noEvents(t, sub)

	rows[499].Grade, rows[699].Code = model.GradeC, "K0700"
	rows = append(rows, &model.Customer{Code: "CA", Name: "甲超市（新）", Grade: model.GradeA}) // updates by code
	if err := e.db.ImportCustomers(ctx, sales, rows); err != nil {
		t.Fatal(err)
	}
	all, _ := e.db.Customers(ctx)
	if len(all) != 1003 {
		t.Fatalf("%d customers", len(all))
	}
	if ca, _ := e.db.CustomerByCode(ctx, "CA"); ca.ID != e.customers["CA"].ID || ca.Name != "甲超市（新）" || ca.Version != 2 {
		t.Fatalf("CA %+v", ca)
	}
	if e.auditLen(t) != n+1001 {
		t.Fatalf("audit grew by %d", e.auditLen(t)-n)
	}
	if evs, _ := sub.Take(); len(evs) != 1 || evs[0].Action != "import" {
		t.Fatalf("events %+v", evs)
	}
	// Importing the same file again changes nothing.
	n = e.auditLen(t)
	if err := e.db.ImportCustomers(ctx, sales, rows); err != nil {
		t.Fatal(err)
	}
	if e.auditLen(t) != n {
		t.Fatal("an unchanged import was audited")
	}
	wantCode(t, e.db.ImportCustomers(ctx, e.users["plead"], rows), model.EFORBIDDEN)
}

func TestImportProductsAllOrNothing(t *testing.T) {
	e := newOrdersEnv(t)
	ctx, lead := t.Context(), e.users["plead"]
	rows := make([]*model.Product, 300)
	for i := range rows {
		rows[i] = &model.Product{Code: fmt.Sprintf("Q%03d", i+1), Name: "产品", Unit: "件", EconomicBatch: 10, DailyCapacity: 100}
	}
	rows[149].DailyCapacity = 0
	rows[149].Name = ""
	n := e.auditLen(t)
	err := e.db.ImportProducts(ctx, lead, rows)
	wantFields(t, err, "row 150.daily_capacity", "row 150.name")
	if e.auditLen(t) != n {
		t.Fatal("a refused import was audited")
	}
	rows[149].DailyCapacity, rows[149].Name = 100, "产品"
	rows = append(rows, &model.Product{Code: "P2", Name: "素毛肚", Unit: "件", EconomicBatch: 100, DailyCapacity: 800})
	if err := e.db.ImportProducts(ctx, lead, rows); err != nil {
		t.Fatal(err)
	}
	all, _ := e.db.Products(ctx)
	if len(all) != 302 {
		t.Fatalf("%d products", len(all))
	}
	if p2, _ := e.db.Product(ctx, "P2"); p2.DailyCapacity != 800 || p2.Version != 2 {
		t.Fatalf("P2 %+v", p2)
	}
}

func TestImportStockAllOrNothing(t *testing.T) {
	e := newOrdersEnv(t)
	ctx, keeper := t.Context(), e.users["keeper"]
	if _, err := e.db.AdjustStock(ctx, keeper, model.StockAdjustment{ProductCode: "P1", Delta: 40, Reason: "入库"}); err != nil {
		t.Fatal(err)
	}
	rows := []*model.Stock{
		{ProductCode: "P1", Variant: "std", Qty: 100},
		{ProductCode: "P1", Variant: "mark", Qty: 20},
		{ProductCode: "P9", Qty: 1},
		{ProductCode: "P2", Qty: -1},
		{ProductCode: "P1", Qty: 5}, // the default variant again
		{ProductCode: "P2", Variant: "x", Qty: 1},
	}
	n := e.auditLen(t)
	err := e.db.ImportStock(ctx, keeper, rows, "")
	wantFields(t, err, "reason", "row 3.product", "row 4.qty", "row 5.variant", "row 6.variant")
	if e.auditLen(t) != n {
		t.Fatal("a refused import was audited")
	}
	if err := e.db.ImportStock(ctx, keeper, rows[:2], "月末盘点"); err != nil {
		t.Fatal(err)
	}
	for variant, want := range map[string]int64{"std": 100, "mark": 20} {
		if s, _ := e.db.Stock(ctx, "P1", variant); s.Qty != want {
			t.Errorf("%s: %d, want %d", variant, s.Qty, want)
		}
	}
	entries, _ := e.db.Audit(ctx, "stock/P1/std")
	if a := entries[len(entries)-1]; a.Action != "stock.import" || !strings.Contains(string(a.After), `"qty":60,"balance":100,"cause":"count"`) ||
		!strings.Contains(string(a.After), "月末盘点") {
		t.Fatalf("audit %+v %s", a, a.After)
	}
}
