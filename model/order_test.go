package model

import (
	"strings"
	"testing"
	"time"
)

var (
	uSales     = &User{Login: "sales", Dept: DeptSales, Role: RoleMember}
	uSalesLead = &User{Login: "saleslead", Dept: DeptSales, Role: RoleLead}
	uProd      = &User{Login: "prod", Dept: DeptProduction, Role: RoleHead}
	uShip      = &User{Login: "store", Dept: DeptProduction, Role: RoleMember}
	uAdmin     = &User{Login: "admin", Dept: DeptSales, Role: RoleAdmin}
	uGM        = &User{Login: "gm", Dept: DeptManagement, Role: RoleGM}
	uRnD       = &User{Login: "rnd", Dept: DeptRnD, Role: RoleLead}
)

func products(code string) *Product {
	if code == "P-18G" {
		return fishTofu()
	}
	return nil
}

func TestCanOrders(t *testing.T) {
	off := &User{Login: "x", Dept: DeptSales, Role: RoleLead, Disabled: true}
	for _, tc := range []struct {
		act Action
		yes []*User
		no  []*User
	}{
		{ActOrderEdit, []*User{uSales, uSalesLead}, []*User{uProd, uShip, uAdmin, uGM, uRnD, off, nil}},
		{ActOrderReview, []*User{uSalesLead}, []*User{uSales, uProd, uAdmin, uGM, off}},
		{ActOrderReply, []*User{uProd}, []*User{uShip, uSalesLead, uAdmin, uGM, uRnD}},
		{ActOrderShip, []*User{uProd, uShip}, []*User{uSales, uSalesLead, uAdmin, uGM}},
		{ActCustomerEdit, []*User{uSales, uSalesLead}, []*User{uProd, uAdmin}},
		{ActProductEdit, []*User{uSalesLead, uProd}, []*User{uSales, uShip, uAdmin}},
		{ActStockAdjust, []*User{uShip, uProd}, []*User{uSales, uAdmin}},
	} {
		for _, u := range tc.yes {
			if !Can(u, tc.act) {
				t.Errorf("%s should be allowed to %s", u.Login, tc.act)
			}
		}
		for _, u := range tc.no {
			if Can(u, tc.act) {
				t.Errorf("%v should not be allowed to %s", u, tc.act)
			}
		}
	}
	// The existing actions are unchanged.
	if !Can(uAdmin, ActManageUsers) || Can(uSales, ActManageUsers) || !Can(uSalesLead, ActPostNotice) {
		t.Error("existing permissions changed")
	}
}

func TestLineInputValidate(t *testing.T) {
	today := d("2026-11-26")
	ok := LineInput{ProductCode: "P-18G", Qty: 100, RequestedDate: d("2026-12-01")}
	for _, tc := range []struct {
		name string
		edit func(in *LineInput)
		look ProductLookup
		want map[string]string
	}{
		{"ok", func(in *LineInput) {}, products, nil},
		{"ok today", func(in *LineInput) { in.RequestedDate = today; in.Variant = "without" }, products, nil},
		{"no lookup: existence not checked", func(in *LineInput) { in.ProductCode = "NOPE" }, nil, nil},
		{"unknown product", func(in *LineInput) { in.ProductCode = "NOPE" }, products, map[string]string{"product": "val.unknown_product"}},
		{"unknown variant", func(in *LineInput) { in.Variant = "blue" }, products, map[string]string{"variant": "val.unknown_variant"}},
		{"bad code", func(in *LineInput) { in.ProductCode = "P 18G\x1b" }, products, map[string]string{"product": "val.code_chars"}},
		{"empty", func(in *LineInput) { *in = LineInput{} }, products,
			map[string]string{"product": "val.required", "qty": "val.qty_positive", "requested_date": "val.required"}},
		{"negative qty", func(in *LineInput) { in.Qty = -5 }, products, map[string]string{"qty": "val.qty_positive"}},
		{"huge qty", func(in *LineInput) { in.Qty = 1e9 }, products, map[string]string{"qty": "val.qty_max"}},
		{"past date", func(in *LineInput) { in.RequestedDate = d("2026-11-25") }, products, map[string]string{"requested_date": "val.date_past"}},
		{"far date", func(in *LineInput) { in.RequestedDate = d("2029-01-01") }, products, map[string]string{"requested_date": "val.date_too_far"}},
	} {
		in := ok
		tc.edit(&in)
		if got := fields(t, in.Validate(today, tc.look)); !sameMap(got, tc.want) {
			t.Errorf("%s: %v; want %v", tc.name, got, tc.want)
		}
	}
}

func TestValidateOrder(t *testing.T) {
	today := d("2026-11-26")
	line := func(no int, qty int64) OrderLine {
		return OrderLine{LineNo: no, ProductCode: "P-18G", Qty: qty, RequestedDate: d("2026-12-01")}
	}
	good := Order{CustomerID: 7, CustomerGrade: GradeB, ReceivedAt: at("2026-11-26 09:00"), Owner: "sales", Channel: "电话",
		Remarks: "请用新包装", Lines: []OrderLine{line(1, 100), line(2, 50)}}
	for _, tc := range []struct {
		name string
		edit func(o *Order)
		want map[string]string
	}{
		{"ok", func(o *Order) {}, nil},
		{"header", func(o *Order) { o.CustomerID, o.ReceivedAt, o.Owner = 0, time.Time{}, "" },
			map[string]string{"customer": "val.required", "received_at": "val.required", "owner": "val.required"}},
		{"600 chars of remarks", func(o *Order) { o.Remarks = strings.Repeat("备", 600) }, map[string]string{"remarks": "val.too_long_n"}},
		{"500 chars of remarks", func(o *Order) { o.Remarks = strings.Repeat("备", 500) }, nil},
		{"pasted lines", func(o *Order) { o.Remarks = "a\r\nb" }, map[string]string{"remarks": "val.single_line"}},
		{"control characters are refused (the text rule)", func(o *Order) { o.Remarks = "a\x1b[31mb\x07" }, map[string]string{"remarks": "val.control"}},
		{"a right-to-left override is refused", func(o *Order) { o.Remarks = "cba\u202eabc" }, map[string]string{"remarks": "val.control"}},
		{"a zero-width joiner is kept", func(o *Order) { o.Remarks = "鱼\u200d豆腐 👩\u200d🍳" }, nil},
		{"no lines", func(o *Order) { o.Lines = nil }, map[string]string{"lines": "val.no_lines"}},
		{"bad lines", func(o *Order) { o.Lines = append(o.Lines, line(3, 0), line(4, 1)); o.Lines[3].ProductCode = "NOPE" },
			map[string]string{"lines": "val.bad_lines"}},
	} {
		o := good
		o.Lines = append([]OrderLine(nil), good.Lines...)
		tc.edit(&o)
		err := ValidateOrder(&o, today, products)
		if got := fields(t, err); !sameMap(got, tc.want) {
			t.Errorf("%s: %v; want %v", tc.name, got, tc.want)
		}
		if tc.name == "bad lines" && !strings.Contains(err.Error(), "these lines have errors: 3, 4") {
			t.Errorf("bad lines message: %v", err)
		}
	}
	if err := good.Validate(); err != nil {
		t.Error(err)
	}
}

func TestNewLine(t *testing.T) {
	cal, now := testCal(), at("2026-11-26 09:00")
	l, err := NewLine(uSales, now, cal, LineInput{ProductCode: "P-18G", Qty: 10, RequestedDate: d("2026-12-01")}, products)
	if err != nil {
		t.Fatal(err)
	}
	if l.Status != LineDraft || l.Variant != "with" || len(l.History) != 1 || l.History[0].Kind != EvCreate || l.History[0].To != LineDraft {
		t.Fatalf("%+v", l)
	}
	if _, err := NewLine(uProd, now, cal, l.Input(), products); ErrorCode(err) != EFORBIDDEN {
		t.Fatalf("production entered an order line: %v", err)
	}
	if _, err := NewLine(uSales, now, cal, LineInput{ProductCode: "P-18G", Qty: 0, RequestedDate: d("2026-11-20")}, products); ErrorCode(err) != EINVALID {
		t.Fatalf("bad line accepted: %v", err)
	}
}

// A line's input written into history reads back, and other text does not.
func TestParseLineInput(t *testing.T) {
	for _, in := range []LineInput{
		{ProductCode: "YDF-XL18", Variant: "mark", Qty: 120, RequestedDate: NewDate(2026, 12, 10)},
		{ProductCode: "P2", Qty: 5},
	} {
		got, ok := ParseLineInput(in.String())
		if !ok || got != in {
			t.Errorf("%q read back as %+v %v", in.String(), got, ok)
		}
	}
	for _, s := range []string{"", "2026-11-26T16:00:00Z", "客户断货", "P1 ×十 @2026-12-01", "P1 ×10 @2026-13-01", " ×10 @2026-12-01"} {
		if in, ok := ParseLineInput(s); ok {
			t.Errorf("%q read as a line input %+v", s, in)
		}
	}
}
