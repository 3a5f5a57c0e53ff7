package store

import (
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// A month's cost sheet: none at first (version 0, no data); production's
// lead saves it and it is the month's cost target achievement; a save
// from the version read before is refused naming who saved since and
// when; the rules' refusals name the row; it is audited, published and
// survives a reopen, and production's assessment counts it.
func TestCostSheet(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	plead, office := e.users["plead"], e.users["office"]

	s, err := e.db.CostSheet(ctx, mar2025)
	if err != nil || s.Version != 0 || len(s.Rows) != 0 || s.Rows == nil || s.Month != mar2025 {
		t.Fatalf("no sheet yet: %+v %v", s, err)
	}
	if v, err := e.db.KPI(ctx, model.KPICostTarget, mar2025, ""); err != nil || v.OK {
		t.Fatalf("no data yet: %+v %v", v, err)
	}
	rows := []model.CostRow{{Product: "P1", Target: 1000, Actual: 1250}, {Product: "P2", Target: 2000, Actual: 2000}}
	for _, who := range []string{"sales", "admin", "keeper"} {
		_, err := e.db.SaveCostSheet(ctx, e.users[who], mar2025, 0, rows)
		wantCode(t, err, model.EFORBIDDEN)
	}
	_, err = e.db.SaveCostSheet(ctx, plead, mar2025, 0, []model.CostRow{{Product: "P1", Target: 1000}, {Product: "PX", Target: 1}, {Product: "P1", Target: -1}})
	wantFields(t, err, "row 2.product", "row 3.product", "row 3.target")
	_, err = e.db.SaveCostSheet(ctx, plead, model.Month{Year: 2025, Month: 13}, 0, rows)
	wantFields(t, err, "month")

	sub := e.feed.Subscribe()
	defer sub.Close()
	saved, err := e.db.SaveCostSheet(ctx, plead, mar2025, 0, rows)
	if err != nil || saved.Version != 1 || !slices.Equal(saved.Rows, rows) || saved.UpdatedBy != "plead" {
		t.Fatalf("save: %+v %v", saved, err)
	}
	if evs, _ := sub.Take(); len(evs) != 1 || evs[0].Kind != model.KindCost || evs[0].Key != "2025-03" || evs[0].Actor != "plead" {
		t.Fatalf("published %+v", evs)
	}
	v, err := e.db.KPI(ctx, model.KPICostTarget, mar2025, "")
	if err != nil || !v.OK || v.Num != 3000 || v.Den != 3250 || v.Value != 3000.0/3250 {
		t.Fatalf("the KPI: %+v %v", v, err)
	}

	// The office read version 0 before the lead saved: refused, naming
	// the lead by name and the time of the save.
	e.advance(90 * time.Minute)
	_, err = e.db.SaveCostSheet(ctx, office, mar2025, 0, rows[:1])
	wantCode(t, err, model.ECONFLICT)
	if msg := model.ErrorMessage(err, "zh"); !strings.Contains(msg, "cost/2025-03") || !strings.Contains(msg, "刘洋") || !strings.Contains(msg, "2025-03-03 09:00") {
		t.Fatalf("conflict %q", msg)
	}
	// Read again, the office saves: the actual of P2 not known yet, so
	// only P1 counts.
	cur, _ := e.db.CostSheet(ctx, mar2025)
	if _, err := e.db.SaveCostSheet(ctx, office, mar2025, cur.Version, []model.CostRow{{Product: "P1", Target: 1000, Actual: 800}, {Product: "P2", Target: 2000}}); err != nil {
		t.Fatal(err)
	}
	if v, _ := e.db.KPI(ctx, model.KPICostTarget, mar2025, ""); !v.OK || v.Value != 1.25 || v.Num != 1000 || v.Den != 800 {
		t.Fatalf("above 100 %%: %+v", v)
	}
	if got := e.actions(t, "cost/2025-03"); !slices.Equal(got, []string{"cost.save plead", "cost.save office"}) {
		t.Fatalf("audit %v", got)
	}
	if other, _ := e.db.KPI(ctx, model.KPICostTarget, apr2025, ""); other.OK {
		t.Fatalf("another month: %+v", other)
	}

	e.reopen(t)
	if s, err := e.db.CostSheet(ctx, mar2025); err != nil || s.Version != 2 || len(s.Rows) != 2 || s.UpdatedBy != "office" {
		t.Fatalf("after reopen %+v %v", s, err)
	}
	// Production's default weights count it (125 % scores full marks).
	a, err := e.db.Assess(ctx, mar2025)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(a.Depts, func(d model.DeptAssessment) bool { return d.Dept == model.DeptProduction })
	j := slices.IndexFunc(a.Depts[i].KPIs, func(k model.KPIScore) bool { return k.KPI == model.KPICostTarget })
	if j < 0 || !a.Depts[i].KPIs[j].OK || a.Depts[i].KPIs[j].Score != 1 || a.Depts[i].KPIs[j].Weight != 15 {
		t.Fatalf("production's assessment %+v", a.Depts[i].KPIs)
	}
}
