package demo

import (
	"context"
	"testing"
	"time"

	"xietong/model"
)

// checkPurchases: every product variant has a bill of materials; each
// material's stock starts with the keeper's opening count before any
// report draws on it and never goes below zero; the requests were drafted
// by the keeper and signed by the head, one late; one film came in two
// deliveries; and now exactly one draft awaits the head's signature, not
// yet due, while a signed request still has lines to come. On the
// deadline board the requests are on time but the one, none missing.
func checkPurchases(t *testing.T, svc model.Services, now time.Time) {
	t.Helper()
	ctx := context.Background()
	boms, err := svc.Purchase.BOMs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	variants := 0
	for _, p := range Products {
		variants += len(p.Variants)
	}
	if len(boms) != variants {
		t.Errorf("%d bills of materials for %d product variants", len(boms), variants)
	}
	for _, b := range boms {
		if len(b.Lines) == 0 {
			t.Errorf("%s/%s has no bill of materials", b.Product, b.Variant)
		}
	}

	rows, err := svc.Purchase.Materials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(demoMaterials()) {
		t.Errorf("%d materials, want %d", len(rows), len(demoMaterials()))
	}
	for _, m := range rows {
		moves, err := svc.Purchase.MaterialMoves(ctx, m.Code, model.MaxStockMoves)
		if err != nil {
			t.Fatal(err)
		}
		if len(moves) == 0 || len(moves) == model.MaxStockMoves {
			t.Errorf("%s: %d movements", m.Code, len(moves))
			continue
		}
		if first := moves[len(moves)-1]; first.Cause != model.MatCounted || first.By != "store" || first.Reason != "期初盘点" {
			t.Errorf("%s: first movement %+v, want the keeper's opening count", m.Code, first)
		}
		issued := false
		for _, mv := range moves {
			issued = issued || mv.Cause == model.MatIssued
			if mv.Balance < 0 {
				t.Errorf("%s below zero: %+v", m.Code, mv)
			}
		}
		if !issued || m.SafetyStock == 0 {
			t.Errorf("%s: issued %v, safety stock %d", m.Code, issued, m.SafetyStock)
		}
	}

	all, err := svc.Purchase.Requests(ctx, model.PurchaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	drafts, toCome, split := 0, 0, 0
	for _, r := range all {
		signed := r.Status == model.PurDraft || r.SignedBy == "prod"
		if r.DraftedBy != "store" || !signed || r.Status == model.PurCancelled {
			t.Errorf("%s: %s, drafted by %s, signed by %s", r.No, r.Status, r.DraftedBy, r.SignedBy)
		}
		switch r.Status {
		case model.PurDraft:
			drafts++
			if !r.Due.After(now) {
				t.Errorf("the draft %s was due at %s, before now", r.No, r.Due)
			}
		case model.PurSigned:
			for _, l := range r.Lines {
				if l.Outstanding() > 0 {
					toCome++
					break
				}
			}
		}
		for _, l := range r.Lines {
			if len(l.Receipts) == 2 {
				split++
			}
			for _, rc := range l.Receipts {
				if rc.By != "buyer" {
					t.Errorf("%s %s received by %s", r.No, l.Material, rc.By)
				}
			}
		}
	}
	if drafts != 1 || toCome == 0 || split != 1 {
		t.Errorf("%d drafts, %d signed requests with lines to come, %d lines received in two, want 1, some, 1", drafts, toCome, split)
	}

	today := svc.Calendar.DateOf(now)
	items, err := svc.Planning.Deadlines(ctx, model.MonthOf(today).AddMonths(-4).First(), today)
	if err != nil {
		t.Fatal(err)
	}
	states := map[model.DueState]int{}
	for _, it := range items {
		if it.Kind == model.DuePurchase {
			states[it.State]++
		}
	}
	if states[model.DueLate] != 1 || states[model.DueOnTime] < 10 || states[model.DueMissing] != 0 {
		t.Errorf("purchase requests on the deadline board: %v", states)
	}
}
