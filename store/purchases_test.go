package store

import (
	"strings"
	"testing"

	"xietong/model"
)

// purchaseEnv is a shop floor with a buyer, two materials for P1's marked
// variant (a film, 1 roll per 25 件 in packs of 10, lead time 3 days,
// safety stock 25; a carton, 1 per 件) and the run's inputs of Monday
// 2025-03-03: a March forecast of 3,100 P1 marked and a published plan of
// 600 for Tuesday.
func purchaseEnv(t *testing.T) *shopEnv {
	t.Helper()
	e := newShopEnv(t)
	ctx := t.Context()
	buyer, err := e.db.CreateUser(ctx, nil, &model.User{Login: "buyer", Name: "何平", Dept: model.DeptPurchasing, Role: model.RoleMember})
	if err != nil {
		t.Fatal(err)
	}
	e.users["buyer"] = buyer
	for _, m := range []*model.Material{
		{Code: "F-P1M", Name: "香辣鱼豆腐包装膜（带一元标示）", Kind: model.MatFilm, Unit: "卷", Marking: "一元标示", PackSize: 10, LeadDays: 3, SafetyStock: 25},
		{Code: "C-P1", Name: "香辣鱼豆腐外箱", Kind: model.MatCarton, Unit: "个", PackSize: 100, LeadDays: 2},
	} {
		if _, err := e.db.SaveMaterial(ctx, e.users["prod"], m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.db.SaveBOM(ctx, e.users["keeper"], "P1", "mark", 0, []model.BOMLine{
		{Material: "F-P1M", Qty: 1, Per: 25}, {Material: "C-P1", Qty: 1}}); err != nil {
		t.Fatal(err)
	}
	march := model.Period{Kind: model.PlanForecast, Month: model.Month{Year: 2025, Month: 3}}
	v, err := e.db.SavePlan(ctx, e.users["sales"], march, 0, []model.PlanCell{{Product: "P1", Variant: "mark", Qty: 3100}}, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.PublishPlan(ctx, e.users["sales"], march, v.Version); err != nil {
		t.Fatal(err)
	}
	pp, _, err := e.db.SaveProductionPlan(ctx, e.users["plead"], &model.ProductionPlan{Date: date(t, "2025-03-04"),
		Lines: []model.ProductionLine{{Product: "P1", Variant: "mark", Qty: 600, Process: model.ProcessFront}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.PublishProductionPlan(ctx, e.users["plead"], pp.Date, pp.Version); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestRequirementRunAndRequest(t *testing.T) {
	e := purchaseEnv(t)
	ctx := t.Context()
	e.at(t, "2025-03-03 09:00")
	if _, err := e.db.CountMaterial(ctx, e.users["keeper"], "F-P1M", 12, "月初盘点"); err != nil {
		t.Fatal(err)
	}
	// The film's horizon is 03-04 … 03-13: Tuesday's plan 600 件 → 24
	// rolls; the other 9 days of the forecast 3100 × 9 ÷ 31 = 900 件 → 36
	// rolls; 60 + 25 safety − 12 on hand − 0 on order = 73, in packs of 10:
	// 80.
	r, changed, figures, err := e.db.Run(ctx, e.users["keeper"])
	if err != nil || !changed || r == nil {
		t.Fatalf("run: %v %v %v", r, changed, err)
	}
	film := figures[1]
	if film.Material != "F-P1M" || film.Gross != 60 || film.Net != 73 || film.Proposed != 80 {
		t.Fatalf("film basis %+v", film)
	}
	if k := film.ByKind(); k[0] != 24 || k[2] != 36 {
		t.Errorf("by kind %v, want 24 from plans and 36 from the forecast", k)
	}
	if l := r.Line("F-P1M"); l == nil || l.Qty != 80 || l.NeededBy != date(t, "2025-03-06") {
		t.Fatalf("film line %+v", l)
	}
	// The carton: 600 + 3100 × 8 ÷ 31 = 800 (rounded up), no stock: 1,400
	// in packs of 100.
	if l := r.Line("C-P1"); l == nil || l.Qty != 1400 {
		t.Fatalf("carton line %+v", l)
	}
	// Running again leaves the one request as it was.
	again, changed, _, err := e.db.Run(ctx, e.users["keeper"])
	if err != nil || changed || again.ID != r.ID {
		t.Fatalf("second run: %v %v %v", again.No, changed, err)
	}
	if all, _ := e.db.Requests(ctx, model.PurchaseFilter{}); len(all) != 1 {
		t.Fatalf("%d requests after two runs", len(all))
	}
	// A hand-drafted request while the draft is open is refused.
	if _, err := e.db.DraftRequest(ctx, e.users["keeper"], []model.PurchaseLine{{Material: "C-P1", Qty: 100, NeededBy: date(t, "2025-03-05")}}, ""); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("second draft: %v", err)
	}

	// Only the production head signs.
	sign := func(login string) (*model.PurchaseRequest, error) {
		cur, _ := e.db.Request(ctx, r.ID)
		return e.db.ChangeRequest(ctx, e.users[login], r.ID, cur.Version, func(by *model.User, p *model.PurchaseRequest, _ model.MaterialLookup) error {
			return p.Sign(by, e.clock.Now())
		})
	}
	for _, login := range []string{"keeper", "plead"} {
		if _, err := sign(login); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Fatalf("%s signs: %v", login, err)
		}
	}
	e.at(t, "2025-03-04 12:05")
	r, err = sign("prod")
	if err != nil || r.Status != model.PurSigned {
		t.Fatalf("sign: %v", err)
	}
	items, err := e.db.Deadlines(ctx, date(t, "2025-03-04"), date(t, "2025-03-04"))
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, it := range items {
		if it.Kind == model.DuePurchase {
			found = true
			if it.Ref != r.No || it.State != model.DueLate || it.Late.Minutes() != 5 || it.Who != "prod" {
				t.Errorf("deadline %+v, want late by 5 minutes", it)
			}
		}
	}
	if !found {
		t.Fatal("no purchase deadline on 2025-03-04")
	}

	// Purchasing receives part of the film: stock rises.
	filmLine := 2 // lines follow the materials' codes: C-P1, F-P1M
	if r.Lines[filmLine-1].Material != "F-P1M" {
		t.Fatalf("lines %+v", r.Lines)
	}
	receive := func(qty int64, reason string) (*model.PurchaseRequest, error) {
		cur, _ := e.db.Request(ctx, r.ID)
		return e.db.ChangeRequest(ctx, e.users["buyer"], r.ID, cur.Version, func(by *model.User, p *model.PurchaseRequest, _ model.MaterialLookup) error {
			return p.Receive(by, e.clock.Now(), filmLine, qty, reason)
		})
	}
	if _, err := receive(30, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := receive(51, ""); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("receipt above the ordered quantity without a reason: %v", err)
	}
	rows, err := e.db.Materials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rows[1].Code != "F-P1M" || rows[1].OnHand != 42 || rows[1].Open != 50 {
		t.Fatalf("film after the receipt: %+v on hand %d open %d", rows[1].Material, rows[1].OnHand, rows[1].Open)
	}
	// A daily report of 250 件 uses 10 rolls.
	e.at(t, "2025-03-04 19:00")
	if _, err := e.db.SubmitReport(ctx, e.users["shop"], &model.DailyReport{Date: date(t, "2025-03-04"), Line: "1号线", Shift: model.ShiftDay,
		Rows: []model.ReportRow{{Product: "P1", Variant: "mark", Actual: 250}}}); err != nil {
		t.Fatal(err)
	}
	moves, err := e.db.MaterialMoves(ctx, "F-P1M", 10)
	if err != nil {
		t.Fatal(err)
	}
	if moves[0].Cause != model.MatIssued || moves[0].Qty != -10 || moves[0].Balance != 32 || moves[1].Cause != model.MatReceived {
		t.Fatalf("moves %+v", moves)
	}
}

func TestMaterialInputRefused(t *testing.T) {
	e := purchaseEnv(t)
	ctx := t.Context()
	m, err := e.db.Material(ctx, "F-P1M")
	if err != nil {
		t.Fatal(err)
	}
	// Negative safety stock, and a safety stock changed by the keeper.
	bad := *m
	bad.SafetyStock = -1
	_, err = e.db.SaveMaterial(ctx, e.users["prod"], &bad)
	wantFields(t, err, "safety_stock")
	bad.SafetyStock = 40
	_, err = e.db.SaveMaterial(ctx, e.users["keeper"], &bad)
	wantFields(t, err, "safety_stock")
	// A BOM quantity of 0 and an unknown material.
	_, err = e.db.SaveBOM(ctx, e.users["keeper"], "P1", "std", 0, []model.BOMLine{{Material: "F-P1M", Qty: 0}, {Material: "NOPE", Qty: 1}})
	wantFields(t, err, "row 1.qty", "row 2.material")
	// A hand line with an unknown material.
	_, err = e.db.DraftRequest(ctx, e.users["keeper"], []model.PurchaseLine{{Material: "NOPE", Qty: 1, NeededBy: date(t, "2025-03-05")}}, "")
	wantFields(t, err, "lines.1.material")
	// A count below zero and an adjustment taking stock below zero.
	_, err = e.db.CountMaterial(ctx, e.users["keeper"], "F-P1M", -1, "盘点")
	wantFields(t, err, "qty")
	_, err = e.db.AdjustMaterial(ctx, e.users["keeper"], "F-P1M", -5, "破损")
	wantFields(t, err, "qty")
}

// A marking changeover of P1 (no family: its own) from 03-05 to 03-08:
// the forecast of the variant other than the default (mark) counts as the
// default on those days in the run, a plan making mark on 03-05 is warned
// of as the changeover's, and so is a report; an open order line for P1
// mark is the instruction that lifts both.
func TestChangeover(t *testing.T) {
	e := purchaseEnv(t)
	ctx := t.Context()
	e.at(t, "2025-03-03 09:00")
	if _, err := e.db.SaveMaterial(ctx, e.users["prod"], &model.Material{Code: "F-P1S", Name: "香辣鱼豆腐包装膜（无标示）", Kind: model.MatFilm,
		Unit: "卷", PackSize: 1, LeadDays: 3}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.SaveBOM(ctx, e.users["keeper"], "P1", "std", 0, []model.BOMLine{{Material: "F-P1S", Qty: 1, Per: 25}}); err != nil {
		t.Fatal(err)
	}
	// Only leaders of sales or production set one; a past start, an end
	// before the start and an unknown family are refused.
	_, err := e.db.AddChangeover(ctx, e.users["keeper"], &model.Changeover{Family: "P1", From: date(t, "2025-03-05"), To: date(t, "2025-03-08")})
	wantCode(t, err, model.EFORBIDDEN)
	_, err = e.db.AddChangeover(ctx, e.users["plead"], &model.Changeover{Family: "P9", From: date(t, "2025-03-01"), To: date(t, "2025-02-08")})
	wantFields(t, err, "family", "from", "to")
	c, err := e.db.AddChangeover(ctx, e.users["plead"], &model.Changeover{Family: "P1", From: date(t, "2025-03-05"), To: date(t, "2025-03-08")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.db.AddChangeover(ctx, e.users["saleslead"], &model.Changeover{Family: "P1", From: date(t, "2025-03-08"), To: date(t, "2025-03-09")})
	wantFields(t, err, "from")

	figures, err := e.db.Requirements(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]model.MaterialBasis{}
	for _, b := range figures {
		byCode[b.Material] = b
	}
	// The marked film: the plan of the 4th (24 rolls) and 5 forecast days
	// (3100 × 5 ÷ 31 = 500 → 20); the 4 changeover days count for the
	// unmarked (default) film: 3100 × 4 ÷ 31 = 400 → 16.
	marked := byCode["F-P1M"]
	if k := marked.ByKind(); k[0] != 24 || k[2] != 20 {
		t.Errorf("marked film by kind %v", k)
	}
	if b := byCode["F-P1S"]; b.Gross != 16 || len(b.Uses) != 1 || b.Uses[0].AsDefault != "mark" {
		t.Errorf("unmarked film %+v", b)
	}
	// A plan making mark on the 5th is warned of as the changeover's.
	_, warns, err := e.db.SaveProductionPlan(ctx, e.users["plead"], &model.ProductionPlan{Date: date(t, "2025-03-05"),
		Lines: []model.ProductionLine{{Product: "P1", Variant: "mark", Qty: 500, Process: model.ProcessFront}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || warns[0].Kind != model.WarnChangeover || warns[0].Product != "P1/mark" {
		t.Fatalf("plan warnings %+v", warns)
	}
	rw, err := e.db.ChangeoverWarnings(ctx, date(t, "2025-03-06"), []model.PlanCell{{Product: "P1", Variant: "mark", Qty: 100}})
	if err != nil || len(rw) != 1 || rw[0].Kind != model.WarnChangeoverMade {
		t.Fatalf("report warnings %+v %v", rw, err)
	}
	// An order line for P1 mark is sales' instruction.
	e.order(t, "CA", model.OrderLine{ProductCode: "P1", Variant: "mark", Qty: 100, RequestedDate: date(t, "2025-03-10")})
	if rw, _ := e.db.ChangeoverWarnings(ctx, date(t, "2025-03-06"), []model.PlanCell{{Product: "P1", Variant: "mark", Qty: 100}}); len(rw) != 0 {
		t.Fatalf("warned despite the order: %+v", rw)
	}
	if figures, _ := e.db.Requirements(ctx); figures[2].Material != "F-P1S" || figures[2].Gross != 0 {
		t.Errorf("with the order the unmarked film needs nothing: %+v", figures[2])
	}
	// Rule 3 of the ledger: a report of the 5th making mark, with no order
	// demand for it in a table the day's plan is based on (none was
	// published), drafts one penalty for the production head.
	e.at(t, "2025-03-05 19:00")
	if _, err := e.db.SubmitReport(ctx, e.users["shop"], &model.DailyReport{Date: date(t, "2025-03-05"), Line: "1号线", Shift: model.ShiftDay,
		Rows: []model.ReportRow{{Product: "P1", Variant: "mark", Actual: 100}, {Product: "P1", Variant: "std", Actual: 200}}}); err != nil {
		t.Fatal(err)
	}
	e.at(t, "2025-03-06 08:00")
	for range 2 {
		if _, err := e.db.DraftRuleEntries(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// The night shift's report of the same day does not file the day again.
	if _, err := e.db.SubmitReport(ctx, e.users["shop"], &model.DailyReport{Date: date(t, "2025-03-05"), Line: "1号线", Shift: model.ShiftNight,
		Rows: []model.ReportRow{{Product: "P1", Variant: "mark", Actual: 50}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.DraftRuleEntries(ctx); err != nil {
		t.Fatal(err)
	}
	entries, err := e.db.LedgerEntries(ctx, model.LedgerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var unmarked []*model.LedgerEntry
	for _, x := range entries {
		if x.Rule == model.RuleUnmarkedPackaging {
			unmarked = append(unmarked, x)
		}
	}
	if len(unmarked) != 1 || unmarked[0].Person != "prod" || unmarked[0].Cause.Ref != "2025-03-05|1号线|day" ||
		unmarked[0].Fund != model.FundCompany || !strings.Contains(unmarked[0].Evidence, "香辣鱼豆腐 一元标示 100") {
		t.Fatalf("rule 3 entries %+v", unmarked)
	}
	// Ended, it covers nothing.
	if _, err := e.db.EndChangeover(ctx, e.users["plead"], c.ID, c.Version); err != nil {
		t.Fatal(err)
	}
	if list, _ := e.db.Changeovers(ctx); len(list) != 1 || !list[0].Ended {
		t.Fatalf("changeovers %+v", list)
	}
}

// One open draft: a signed request changed back to draft while another
// draft is open is refused, naming the open one, so the run never asks
// twice for the same need.
func TestOneOpenDraft(t *testing.T) {
	e := purchaseEnv(t)
	ctx := t.Context()
	e.at(t, "2025-03-03 09:00")
	first, _, _, err := e.db.Run(ctx, e.users["keeper"])
	if err != nil {
		t.Fatal(err)
	}
	first, err = e.db.ChangeRequest(ctx, e.users["prod"], first.ID, first.Version, func(by *model.User, r *model.PurchaseRequest, _ model.MaterialLookup) error {
		return r.Sign(by, e.clock.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	second, err := e.db.DraftRequest(ctx, e.users["keeper"], []model.PurchaseLine{{Material: "C-P1", Qty: 100, NeededBy: date(t, "2025-03-06")}}, "")
	if err != nil {
		t.Fatal(err)
	}
	lines := first.Lines
	_, err = e.db.ChangeRequest(ctx, e.users["keeper"], first.ID, first.Version, func(by *model.User, r *model.PurchaseRequest, m model.MaterialLookup) error {
		return r.Edit(by, e.clock.Now(), e.db.cal, lines, "", m)
	})
	if model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(err.Error(), second.No) {
		t.Fatalf("a second draft: %v", err)
	}
}
