package store

import (
	"bytes"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// assessScene is TestAssessmentByHand's March 2025 (R&D weighs its plan
// and its technical service half and half: 66.7; production its project
// plan: 100; a 200-yuan penalty for R&D's 何平, a 300-yuan award for
// production's head 郑军), the clock on 2 April 10:00.
func assessScene(t *testing.T) *shopEnv {
	t.Helper()
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
	e.at(t, "2025-03-28 10:00")
	confirmEntry(t, e, model.LedgerInput{Kind: model.LedgerPenalty, Rule: model.RuleMissedDeadline, Person: "rnd", Dept: model.DeptRnD, Amount: 200,
		Fund: model.FundCompany, Cause: model.Cause{Kind: model.CauseDeadline, Ref: "包材规格书更新"}, Evidence: "逾期"})
	confirmEntry(t, e, model.LedgerInput{Kind: model.LedgerAward, Rule: model.RuleProjectAward, Person: "prod", Dept: model.DeptProduction, Amount: 300,
		Fund: model.FundMarketing, Cause: model.Cause{Kind: model.CauseProject, Ref: "LX-2025-0001"}, Evidence: "提前完成"})
	e.at(t, "2025-04-02 10:00")
	return e
}

// confirmEntry proposes and confirms an entry as the office, now.
func confirmEntry(t *testing.T, e *shopEnv, in model.LedgerInput) *model.LedgerEntry {
	t.Helper()
	office := e.users["office"]
	p, err := e.db.ProposeLedgerEntry(t.Context(), office, in)
	if err != nil {
		t.Fatal(err)
	}
	p, err = e.db.ChangeLedgerEntry(t.Context(), office, p.ID, p.Version, func(by *model.User, p *model.LedgerEntry) error {
		return p.Confirm(by, e.clock.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// March 2025's people, by hand. The deadline board of March (the data
// file in use from 3 March: 25 working days, Monday to Saturday) owes
// sales 25 shortfall tables and three ten-day plans that nobody published,
// and April's forecast, which 张伟 published on time: his is 1 of 1, the
// sales lead 孙丽 answers for the 28 missing (0 of 28). Production owes 25
// plans nobody published, its head 郑军 and its lead 刘洋 answer for them;
// 刘洋 also answered two order lines on time (2 of 27). The office's 王芳
// recorded R&D's plan items done, one on time and one late (1 of 2); R&D
// has no leader for the item nobody did. The scores are the departments'
// indicator scores adjusted by each one's own ledger: 何平 66.7 − 2 = 64.7,
// 郑军 100 + 3 = 103, 刘洋 100. The general manager and the administrators
// are not assessed. Finalised, the month keeps its people: a weight
// changed and an account added afterwards move nothing.
func TestAssessmentPeopleByHand(t *testing.T) {
	e := assessScene(t)
	ctx := t.Context()
	a, err := e.db.Assess(ctx, mar2025)
	if err != nil {
		t.Fatal(err)
	}
	var logins []string
	for _, p := range a.People {
		logins = append(logins, p.Login)
	}
	if want := []string{"saleslead", "sales", "prod", "plead", "keeper", "shop", "rnd", "qlead", "qa", "clerk", "office"}; !slices.Equal(logins, want) {
		t.Fatalf("people %v, want %v", logins, want)
	}
	near := func(a, b float64) bool { return a-b < 0.05 && b-a < 0.05 }
	for _, c := range []struct {
		login           string
		timely          model.Ratio
		late, missing   int
		penalty, awards int64
		scored          bool
		score           float64
	}{
		{"sales", model.Ratio{Num: 1, Den: 1}, 0, 0, 0, 0, true, a.Dept(model.DeptSales).KPIScore},
		{"saleslead", model.Ratio{Num: 0, Den: 28}, 0, 28, 0, 0, true, a.Dept(model.DeptSales).KPIScore},
		{"prod", model.Ratio{Num: 0, Den: 25}, 0, 25, 0, 300, true, 103},
		{"plead", model.Ratio{Num: 2, Den: 27}, 0, 25, 0, 0, true, 100},
		{"shop", model.Ratio{}, 0, 0, 0, 0, true, 100},
		{"rnd", model.Ratio{}, 0, 0, 200, 0, true, 64.67},
		{"office", model.Ratio{Num: 1, Den: 2}, 1, 0, 0, 0, false, 0},
	} {
		p := a.Person(c.login)
		if p == nil || p.Submission.Timeliness() != c.timely || p.Submission.Late != c.late || p.Submission.Missing != c.missing ||
			p.Penalties != c.penalty || p.Awards != c.awards || p.Scored != c.scored || c.scored && !near(p.Score, c.score) {
			t.Errorf("%s: %+v", c.login, p)
		}
	}
	for _, p := range a.People {
		if d := a.Dept(p.Dept); p.KPIScore != d.KPIScore || p.Scored != d.Scored {
			t.Errorf("%s's department score %v, the department's %v", p.Login, p.KPIScore, d.KPIScore)
		}
	}

	if _, err := e.db.FinaliseAssessment(ctx, e.users["office"], mar2025); err != nil {
		t.Fatal(err)
	}
	if err := e.db.SaveWeights(ctx, e.users["office"], model.DeptRnD, []model.Weight{{KPI: model.KPIRnDPlan, Weight: 100}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.CreateUser(ctx, nil, &model.User{Login: "newbie", Name: "新人", Dept: model.DeptSales, Role: model.RoleMember}); err != nil {
		t.Fatal(err)
	}
	b, err := e.db.Assess(ctx, mar2025)
	if err != nil || b.PeopleLive || len(b.People) != len(a.People) || b.Person("newbie") != nil || !near(b.Person("rnd").Score, 64.67) {
		t.Fatalf("finalised March's people moved: %+v %v", b, err)
	}

	// A month kept before people were: its people are computed now, on
	// the kept indicator scores (R&D's 66.7, not today's weights' 33.3).
	e.db.Close()
	bdb, err := bolt.Open(e.path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketAssessments)
		raw := bk.Get([]byte("2025-03"))
		i, j := bytes.Index(raw, []byte(`"people":`)), bytes.Index(raw, []byte(`,"finalised_at"`))
		if i < 0 || j < i {
			t.Fatalf("kept March: %s", raw)
		}
		return bk.Put([]byte("2025-03"), append(raw[:i:i], raw[j+1:]...))
	}); err != nil {
		t.Fatal(err)
	}
	bdb.Close()
	e.open(t)
	old, err := e.db.Assess(ctx, mar2025)
	if err != nil || !old.PeopleLive || old.FinalisedAt.IsZero() || old.Person("newbie") == nil || !near(old.Person("rnd").Score, 64.67) ||
		!near(old.Person("prod").Score, 103) {
		t.Fatalf("March kept without people: %+v %v", old, err)
	}
}

// 2025 by hand on 2 April: January and February have no data (no score),
// March is finalised (R&D 64.7, production 103), April is computed with
// production weighing its cost target alone (10.00 ÷ 12.50 = 80) less a
// 100-yuan penalty for its head (79), R&D without data; May to December
// have not begun. Production's average is (103 + 79) ÷ 2 = 91, its year's
// ledger 100 of penalties and 300 of awards; its head's too, its lead's
// (100 + 80) ÷ 2 = 90.
func TestAssessmentYearByHand(t *testing.T) {
	e := assessScene(t)
	ctx := t.Context()
	office := e.users["office"]
	if _, err := e.db.FinaliseAssessment(ctx, office, mar2025); err != nil {
		t.Fatal(err)
	}
	if err := e.db.SaveWeights(ctx, office, model.DeptProduction, []model.Weight{{KPI: model.KPICostTarget, Weight: 100}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.SaveCostSheet(ctx, office, apr2025, 0, []model.CostRow{{Product: "P1", Target: 1000, Actual: 1250}}); err != nil {
		t.Fatal(err)
	}
	confirmEntry(t, e, model.LedgerInput{Kind: model.LedgerPenalty, Rule: model.RuleOther, Person: "prod", Dept: model.DeptProduction, Amount: 100,
		Fund: model.FundCompany, Cause: model.Cause{Kind: model.CauseProject, Ref: "LX-2025-0001"}, Evidence: "延误"})
	y, err := e.db.AssessYear(ctx, 2025)
	if err != nil {
		t.Fatal(err)
	}
	near := func(a, b float64) bool { return a-b < 0.05 && b-a < 0.05 }
	var begun []int
	for _, m := range y.Months {
		if m.Assessed {
			begun = append(begun, int(m.Month.Month))
		}
	}
	if !slices.Equal(begun, []int{1, 2, 3, 4}) || y.Months[2].FinalisedAt.IsZero() || !y.Months[3].FinalisedAt.IsZero() {
		t.Fatalf("months %+v", y.Months)
	}
	p := y.Dept(model.DeptProduction)
	if p.Months[0].Scored || !near(p.Months[2].Score, 103) || !near(p.Months[3].Score, 79) || p.Months[4].In || !near(p.Average, 91) ||
		p.Penalties != 100 || p.Awards != 300 {
		t.Errorf("production %+v", p)
	}
	if r := y.Dept(model.DeptRnD); !near(r.Average, 64.67) || r.Months[3].Scored || r.Penalties != 200 {
		t.Errorf("R&D %+v", r)
	}
	if h := y.Person("prod"); !near(h.Average, 91) || h.Penalties != 100 || h.Awards != 300 || !near(h.Months[3].Score, 79) {
		t.Errorf("production's head %+v", h)
	}
	if l := y.Person("plead"); !near(l.Average, 90) || l.Months[2].Submission != (model.Ratio{Num: 2, Den: 27}) {
		t.Errorf("production's lead %+v", l)
	}
	if _, err := e.db.AssessYear(ctx, 99999); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("year 99999: %v", err)
	}
	// A year to come: nothing begun.
	if f, err := e.db.AssessYear(ctx, 2026); err != nil || f.Months[0].Assessed || f.Dept(model.DeptSales).Scored {
		t.Errorf("2026: %+v %v", f, err)
	}
}
