package model

import (
	"testing"
	"time"
)

// A request's life: drafted by the keeper, signed by the head only, a
// changed signed request goes back to draft and keeps its first signature
// for the deadline, ordering locks the lines, receipts close it, and a
// receipt above the line needs a reason.
func TestPurchaseRequestLife(t *testing.T) {
	cal := NewCalendar(time.UTC, nil, nil)
	keeper := &User{Login: "store", Dept: DeptProduction, Role: RoleMember}
	lead := &User{Login: "plead", Dept: DeptProduction, Role: RoleLead}
	head := &User{Login: "prod", Dept: DeptProduction, Role: RoleHead}
	buyer := &User{Login: "buyer", Dept: DeptPurchasing, Role: RoleMember}
	film := &Material{Code: "F1", Name: "膜", Spec: "240mm", Unit: "卷", Marking: "一元标示", PackSize: 10}
	lookup := func(code string) *Material {
		if code == "F1" {
			return film
		}
		return nil
	}
	mon := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC) // a Monday
	today := cal.DateOf(mon)
	lines := []PurchaseLine{{Material: "F1", Qty: 30, NeededBy: today.AddDays(5)}}
	if _, err := NewPurchaseRequest(buyer, mon, cal, lines, "", lookup); ErrorCode(err) != EFORBIDDEN {
		t.Fatalf("purchasing drafts: %v", err)
	}
	r, err := NewPurchaseRequest(keeper, mon, cal, lines, "", lookup)
	if err != nil {
		t.Fatal(err)
	}
	if l := r.Lines[0]; l.Spec != "240mm" || l.Unit != "卷" || l.Marking != "一元标示" {
		t.Errorf("the line takes the material's spec, unit and marking: %+v", l)
	}
	if want := time.Date(2027, 3, 2, 12, 0, 0, 0, time.UTC); !r.Due.Equal(want) {
		t.Errorf("due %v, want %v", r.Due, want)
	}
	for _, u := range []*User{keeper, lead, buyer} {
		if err := r.Sign(u, mon); ErrorCode(err) != EFORBIDDEN {
			t.Errorf("%s signs: %v", u.Login, err)
		}
	}
	if err := r.Sign(head, mon.Add(time.Hour)); err != nil || r.Status != PurSigned {
		t.Fatalf("sign: %v", err)
	}
	// Changed after signing: a draft again, signed again later; the first
	// signature still counts for the deadline.
	lines[0].Qty = 40
	if err := r.Edit(keeper, mon.Add(2*time.Hour), cal, lines, "", lookup); err != nil || r.Status != PurDraft || r.SignedBy != "" {
		t.Fatalf("edit: %v %s", err, r.Status)
	}
	if err := r.Sign(head, mon.Add(30*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if it, _ := PurchaseDueItem(cal, r, mon.Add(31*time.Hour)); it.State != DueOnTime || it.Who != "prod" {
		t.Errorf("deadline %+v", it)
	}
	// Ordered: no more changes or cancelling.
	if err := r.Order(buyer, mon.Add(31*time.Hour), cal, 1, today.AddDays(-1)); ErrorCode(err) != EINVALID {
		t.Errorf("expected in the past: %v", err)
	}
	if err := r.Order(buyer, mon.Add(31*time.Hour), cal, 2, today.AddDays(4)); ErrorCode(err) != EINVALID {
		t.Errorf("line 2 of 1: %v", err)
	}
	if err := r.Order(buyer, mon.Add(31*time.Hour), cal, 1, today.AddDays(4)); err != nil {
		t.Fatal(err)
	}
	if err := r.Edit(keeper, mon.Add(32*time.Hour), cal, lines, "", lookup); ErrorCode(err) != EINVALID {
		t.Errorf("edit after ordering: %v", err)
	}
	if err := r.Cancel(keeper, mon.Add(32*time.Hour), "不要了"); ErrorCode(err) != EINVALID {
		t.Errorf("cancel after ordering: %v", err)
	}
	// Receipts: 25, then 20 more needs a reason; then closed.
	if err := r.Receive(buyer, mon.Add(50*time.Hour), 1, 25, ""); err != nil || r.Status != PurSigned {
		t.Fatalf("first receipt: %v", err)
	}
	if err := r.Receive(buyer, mon.Add(51*time.Hour), 1, 20, ""); FieldErrors(err)["reason"].Key != "val.purchase_over" {
		t.Fatalf("over without a reason: %v", err)
	}
	if err := r.Receive(buyer, mon.Add(51*time.Hour), 1, 20, "供应商按整箱发货"); err != nil || r.Status != PurClosed {
		t.Fatalf("second receipt: %v %s", err, r.Status)
	}
	if r.Lines[0].Received != 45 || r.Lines[0].Outstanding() != 0 || len(r.Lines[0].Receipts) != 2 {
		t.Errorf("line %+v", r.Lines[0])
	}
}

// The run keeps one line per material: a hand-changed quantity and its
// reason survive a new proposal, a material no longer needed is dropped,
// a hand line is kept.
func TestApplyRun(t *testing.T) {
	cal := NewCalendar(time.UTC, nil, nil)
	keeper := &User{Login: "store", Dept: DeptProduction, Role: RoleMember}
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	lookup := func(code string) *Material { return &Material{Code: code, Name: code, Unit: "卷", PackSize: 1} }
	r := NewRunDraft(keeper, now, cal)
	basis := func(code string, q int64) MaterialBasis { return MaterialBasis{Material: code, Proposed: q, Net: q} }
	if changed, err := r.ApplyRun(keeper, now, []MaterialBasis{basis("A", 10), basis("B", 20)}, lookup); !changed || err != nil {
		t.Fatalf("first run: %v %v", changed, err)
	}
	if changed, _ := r.ApplyRun(keeper, now, []MaterialBasis{basis("A", 10), basis("B", 20)}, lookup); changed {
		t.Error("the same figures changed the draft")
	}
	r.Lines[0].Qty, r.Lines[0].Reason = 15, "多备一些"
	r.Lines = append(r.Lines, PurchaseLine{Material: "H", Qty: 5})
	if changed, _ := r.ApplyRun(keeper, now, []MaterialBasis{basis("A", 12), basis("B", 0)}, lookup); !changed {
		t.Fatal("new figures left the draft as it was")
	}
	if len(r.Lines) != 2 || r.Lines[0].Material != "A" || r.Lines[0].Qty != 15 || r.Lines[0].Proposed != 12 || r.Lines[1].Material != "H" {
		t.Fatalf("lines %+v", r.Lines)
	}
}
