package store

import (
	"bytes"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// The ledger keeps its entries in the audit chain: a cause that names no
// record is refused at its field; a reversal is a second entry saved with
// the first; and an entry edited in the file outside the program fails
// audit verify.
func TestLedgerStoreAndAudit(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	office, sales := e.users["office"], e.users["sales"]
	in := model.LedgerInput{Kind: model.LedgerPenalty, Rule: model.RuleWrongShortfall, Person: "sales", Dept: model.DeptSales, Amount: 200,
		Fund: model.FundMarketing, Cause: model.Cause{Kind: model.CauseShortfall, Ref: "2026-02-30"}, Evidence: "e"}
	if _, err := e.db.ProposeLedgerEntry(ctx, office, in); model.FieldErrors(err)["cause_ref"].Key != "val.ledger_cause" {
		t.Fatalf("an unknown table: %v", err)
	}
	in.Cause = model.Cause{Kind: model.CauseDeadline, Ref: "2026-12-04 差额表"}
	x, err := e.db.ProposeLedgerEntry(ctx, office, in)
	if err != nil || x.No[:3] != "JF-" {
		t.Fatalf("proposed %+v %v", x, err)
	}
	if x, err = e.db.ChangeLedgerEntry(ctx, sales, x.ID, x.Version, func(by *model.User, x *model.LedgerEntry) error {
		return x.AddStatement(by, e.clock.Now(), "说明")
	}); err != nil {
		t.Fatal(err)
	}
	if x, err = e.db.ChangeLedgerEntry(ctx, office, x.ID, x.Version, func(by *model.User, x *model.LedgerEntry) error {
		return x.Confirm(by, e.clock.Now())
	}); err != nil {
		t.Fatal(err)
	}
	r, err := e.db.ReverseLedgerEntry(ctx, office, x.ID, x.Version, "复核撤销")
	if err != nil || r.Reverses != x.ID {
		t.Fatalf("reversal %+v %v", r, err)
	}
	if _, err := e.db.ReverseLedgerEntry(ctx, office, x.ID, x.Version, "again"); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("a stale reversal: %v", err)
	}
	if n, err := e.db.VerifyAudit(); err != nil || n == 0 {
		t.Fatalf("verify before: %d %v", n, err)
	}
	e.db.Close()
	bdb, err := bolt.Open(e.path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLedger)
		return b.Put(itob(x.ID), bytes.Replace(b.Get(itob(x.ID)), []byte(`"amount":200`), []byte(`"amount":20`), 1))
	}); err != nil {
		t.Fatal(err)
	}
	bdb.Close()
	e.open(t)
	if _, err := e.db.VerifyAudit(); err == nil || !strings.Contains(err.Error(), "ledger entry 1: differs from its last audit entry") {
		t.Fatalf("verify after an edit: %v", err)
	}
}

// March 2025's assessment of two departments, by hand: R&D weighs its plan
// (1 of 3 on time, no target) and its technical service (1 of 1) half and
// half, 66.7, less 2 points for a confirmed 200-yuan penalty: 64.7;
// production weighs project plan completion alone (1 of 1 on time,
// target 90 %: full marks), 100, plus 3 points for a 300-yuan award: 103.
// Finalised, the month keeps its figures.
func TestAssessmentByHand(t *testing.T) {
	e := meetingScene(t)
	kpiPlans(t, e)
	ctx := t.Context()
	office := e.users["office"]
	if err := e.db.SaveTargets(ctx, office, []model.KPITarget{{KPI: model.KPIProjectPlan, Current: 0.5, Target: 0.9}}); err != nil {
		t.Fatal(err)
	}
	if err := e.db.SaveWeights(ctx, office, model.DeptRnD, []model.Weight{{KPI: model.KPIRnDPlan, Weight: 50}, {KPI: model.KPITechService, Weight: 50}}); err != nil {
		t.Fatal(err)
	}
	if err := e.db.SaveWeights(ctx, office, model.DeptProduction, []model.Weight{{KPI: model.KPIProjectPlan, Weight: 100}}); err != nil {
		t.Fatal(err)
	}
	if err := e.db.SaveWeights(ctx, e.users["sales"], model.DeptRnD, nil); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("sales set the weights: %v", err)
	}
	e.at(t, "2025-03-28 10:00")
	for _, x := range []model.LedgerInput{
		{Kind: model.LedgerPenalty, Rule: model.RuleMissedDeadline, Person: "rnd", Dept: model.DeptRnD, Amount: 200, Fund: model.FundCompany,
			Cause: model.Cause{Kind: model.CauseDeadline, Ref: "包材规格书更新"}, Evidence: "逾期"},
		{Kind: model.LedgerAward, Rule: model.RuleProjectAward, Person: "prod", Dept: model.DeptProduction, Amount: 300, Fund: model.FundMarketing,
			Cause: model.Cause{Kind: model.CauseProject, Ref: "LX-2025-0001"}, Evidence: "提前完成"},
	} {
		p, err := e.db.ProposeLedgerEntry(ctx, office, x)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.ChangeLedgerEntry(ctx, office, p.ID, p.Version, func(by *model.User, p *model.LedgerEntry) error {
			return p.Confirm(by, e.clock.Now())
		}); err != nil {
			t.Fatal(err)
		}
	}
	e.at(t, "2025-04-02 10:00")
	a, err := e.db.Assess(ctx, mar2025)
	if err != nil {
		t.Fatal(err)
	}
	score := func(d model.Department) model.DeptAssessment {
		for _, x := range a.Depts {
			if x.Dept == d {
				return x
			}
		}
		t.Fatalf("no %s", d)
		return model.DeptAssessment{}
	}
	near := func(a, b float64) bool { return a-b < 0.05 && b-a < 0.05 }
	if r := score(model.DeptRnD); !near(r.KPIScore, 66.67) || r.Penalties != 200 || !near(r.Score, 64.67) {
		t.Errorf("R&D: %+v", r)
	}
	if p := score(model.DeptProduction); !near(p.KPIScore, 100) || p.Awards != 300 || !near(p.Score, 103) {
		t.Errorf("production: %+v", p)
	}
	if _, err := e.db.FinaliseAssessment(ctx, office, apr2025); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("April finalised while running: %v", err)
	}
	if _, err := e.db.FinaliseAssessment(ctx, office, mar2025); err != nil {
		t.Fatal(err)
	}
	if err := e.db.SaveWeights(ctx, office, model.DeptRnD, []model.Weight{{KPI: model.KPIRnDPlan, Weight: 100}}); err != nil {
		t.Fatal(err)
	}
	if b, err := e.db.Assess(ctx, mar2025); err != nil || b.FinalisedAt.IsZero() || !near(b.Depts[2].Score, 64.67) {
		t.Errorf("finalised March changed: %+v %v", b, err)
	}
}
