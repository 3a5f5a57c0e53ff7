package store

import (
	"slices"
	"testing"
	"time"

	"xietong/model"
)

// shopEnv is newOrdersEnv plus the shop-floor people:
//
//	shop   production member (workshop supervisor)
//	prod   production head
//	qa     quality member
//	rnd    R&D member
type shopEnv struct{ *ordersEnv }

func newShopEnv(t *testing.T) *shopEnv {
	t.Helper()
	e := &shopEnv{newOrdersEnv(t)}
	for _, u := range []model.User{
		{Login: "shop", Name: "吴刚", Dept: model.DeptProduction, Role: model.RoleMember},
		{Login: "prod", Name: "郑军", Dept: model.DeptProduction, Role: model.RoleHead},
		{Login: "qa", Name: "冯敏", Dept: model.DeptQuality, Role: model.RoleMember},
		{Login: "rnd", Name: "何平", Dept: model.DeptRnD, Role: model.RoleMember},
	} {
		saved, err := e.db.CreateUser(t.Context(), nil, &u)
		if err != nil {
			t.Fatal(err)
		}
		e.users[u.Login] = saved
	}
	return e
}

// committed creates an order of CA with one P-line per promised date, sends
// and answers every line, and returns the line ids in order.
func (e *shopEnv) committed(t *testing.T, product string, promised ...model.Date) []uint64 {
	t.Helper()
	var in []model.OrderLine
	for _, d := range promised {
		in = append(in, line(product, 10, d))
	}
	o := e.order(t, "CA", in...)
	var ids []uint64
	for i, l := range o.Lines {
		e.send(t, l.ID)
		e.move(t, l.ID, "plead", answer(promised[i]))
		ids = append(ids, l.ID)
	}
	return ids
}

func (e *shopEnv) line(t *testing.T, id uint64) *model.OrderLine {
	t.Helper()
	_, l, err := e.db.Line(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestDefectReasons(t *testing.T) {
	e := newShopEnv(t)
	list, err := e.db.DefectReasons(t.Context())
	if err != nil || !slices.Equal(list, model.DefaultDefectReasons) {
		t.Fatalf("seeded list %v, %v", list, err)
	}
	next := append(slices.Clone(list), model.DefectReason{Code: "D05", Name: "漏气"})
	wantCode(t, e.db.SaveDefectReasons(t.Context(), e.users["qa"], next), model.EFORBIDDEN)
	wantCode(t, e.db.SaveDefectReasons(t.Context(), e.users["qlead"], nil), model.EINVALID)
	if err := e.db.SaveDefectReasons(t.Context(), e.users["qlead"], next); err != nil {
		t.Fatal(err)
	}
	e.reopen(t) // the seed does not come back
	if list, _ := e.db.DefectReasons(t.Context()); !slices.Equal(list, next) {
		t.Fatalf("after save and reopen: %v", list)
	}
	if got := e.actions(t, defectReasonsRecord); !slices.Equal(got, []string{"defect_reasons.save qlead"}) {
		t.Fatalf("audit %v", got)
	}
}

func TestDailyReportLifecycle(t *testing.T) {
	e := newShopEnv(t)
	ctx := t.Context()
	day := date(t, "2025-03-04")
	plan := &model.ProductionPlan{Date: day, Lines: []model.ProductionLine{
		{Product: "P1", Variant: "mark", Qty: 500, Process: model.ProcessFront},
		{Product: "P2", Qty: 100, Process: model.ProcessFront},
		{Product: "P2", Qty: 50, Process: model.ProcessOutsourced},
	}}
	// an unpublished plan does not pre-fill
	saved, _, err := e.db.SaveProductionPlan(ctx, e.users["plead"], plan)
	if err != nil {
		t.Fatal(err)
	}
	draft, err := e.db.Report(ctx, day, "1号线", model.ShiftDay)
	if err != nil || len(draft.Rows) != 0 || draft.Version != 0 {
		t.Fatalf("draft before publish %+v %v", draft, err)
	}
	if _, err := e.db.PublishProductionPlan(ctx, e.users["plead"], day, saved.Version); err != nil {
		t.Fatal(err)
	}
	draft, err = e.db.Report(ctx, day, "1号线", model.ShiftDay)
	if err != nil {
		t.Fatal(err)
	}
	want := []model.ReportRow{{Product: "P1", Variant: "mark", Planned: 500}, {Product: "P2", Variant: "", Planned: 150}}
	if !slices.Equal(draft.Rows, want) || draft.Version != 0 || draft.Line != "1号线" {
		t.Fatalf("draft %+v", draft)
	}
	_, err = e.db.Report(ctx, day, "1号线", "evening")
	wantFields(t, err, "shift")

	draft.Rows[0].Actual, draft.Rows[0].Defect, draft.Rows[0].DefectReason = 480, 5, "D01"
	draft.Rows[1].Actual, draft.Rows[1].DowntimeMin = 140, 15

	// The day's report is written that evening; a day not yet begun is refused.
	_, err = e.db.SubmitReport(ctx, e.users["shop"], &model.DailyReport{Date: day, Line: "1号线", Shift: model.ShiftDay,
		Rows: []model.ReportRow{{Product: "P1", Variant: "mark", Actual: 1}}})
	wantFields(t, err, "date")
	e.at(t, "2025-03-04 19:00")
	sub := e.feed.Subscribe()
	defer sub.Close()
	before := e.auditLen(t)
	// invalid (downtime without cause) and forbidden write nothing
	_, err = e.db.SubmitReport(ctx, e.users["shop"], draft)
	wantFields(t, err, "rows.2.downtime_cause")
	draft.Rows[1].DowntimeCause = "换模"
	_, err = e.db.SubmitReport(ctx, e.users["sales"], draft)
	wantCode(t, err, model.EFORBIDDEN)
	if e.auditLen(t) != before {
		t.Fatal("refused submits wrote")
	}
	noEvents(t, sub)

	r, err := e.db.SubmitReport(ctx, e.users["shop"], draft)
	if err != nil {
		t.Fatal(err)
	}
	if r.Version != 1 || r.SubmittedBy != "shop" || !r.Submitted.Equal(e.clock.Now()) {
		t.Fatalf("submitted %+v", r)
	}
	evs, _ := sub.Take()
	if len(evs) != 2 || evs[0].Kind != "report" || evs[0].Key != "2025-03-04|1号线|day" || evs[0].Action != "submit" ||
		evs[1].Kind != model.KindStock || evs[1].Action != "produce" {
		t.Fatalf("events %+v", evs)
	}
	// a second submit of the same key is a conflict
	_, err = e.db.SubmitReport(ctx, e.users["shop"], draft)
	wantCode(t, err, model.ECONFLICT)

	// correction: reason required, version checked
	fix := *r
	fix.Rows = slices.Clone(r.Rows)
	fix.Rows[0].Actual = 490
	_, err = e.db.CorrectReport(ctx, e.users["shop"], &fix, " ")
	wantFields(t, err, "reason")
	_, err = e.db.CorrectReport(ctx, e.users["sales"], &fix, "录入错误")
	wantCode(t, err, model.EFORBIDDEN)
	e.advance(time.Hour)
	c, err := e.db.CorrectReport(ctx, e.users["keeper"], &fix, "录入错误")
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != 2 || c.Rows[0].Actual != 490 || len(c.Corrections) != 1 || c.Corrections[0].By != "keeper" ||
		c.Corrections[0].Reason != "录入错误" || c.SubmittedBy != "shop" {
		t.Fatalf("corrected %+v", c)
	}
	_, err = e.db.CorrectReport(ctx, e.users["shop"], &fix, "again") // fix is at version 1
	wantCode(t, err, model.ECONFLICT)
	if got := e.actions(t, "report/2025-03-04|1号线|day"); !slices.Equal(got, []string{"report.submit shop", "report.correct keeper"}) {
		t.Fatalf("audit %v", got)
	}
	// a correction of a report never submitted
	other := fix
	other.Shift = model.ShiftNight
	_, err = e.db.CorrectReport(ctx, e.users["shop"], &other, "x")
	wantCode(t, err, model.ENOTFOUND)

	got, err := e.db.Report(ctx, day, "1号线", model.ShiftDay)
	if err != nil || got.Version != 2 {
		t.Fatalf("report %+v %v", got, err)
	}
	list, err := e.db.Reports(ctx, day)
	if err != nil || len(list) != 1 {
		t.Fatalf("reports %v %v", list, err)
	}
}

func TestMonthlyOutputStore(t *testing.T) {
	e := newShopEnv(t)
	e.at(t, "2025-04-01 08:00") // the month's reports are all in
	ctx := t.Context()
	submit := func(day, line string, shift model.Shift, rows ...model.ReportRow) {
		t.Helper()
		r := &model.DailyReport{Date: date(t, day), Line: line, Shift: shift, Rows: rows}
		if _, err := e.db.SubmitReport(ctx, e.users["shop"], r); err != nil {
			t.Fatal(err)
		}
	}
	submit("2025-03-01", "1号线", model.ShiftDay,
		model.ReportRow{Product: "P1", Planned: 1000, Actual: 950, Defect: 10, DefectReason: "D02"},
		model.ReportRow{Product: "P2", Planned: 200, Actual: 200})
	submit("2025-03-01", "1号线", model.ShiftNight,
		model.ReportRow{Product: "P1", Planned: 500, Actual: 300, DowntimeMin: 90, DowntimeCause: "停电"})
	submit("2025-03-31", "2号线", model.ShiftDay,
		model.ReportRow{Product: "P1", Planned: 400, Actual: 420, Defect: 3, DefectReason: "D02"},
		model.ReportRow{Product: "P2", Planned: 100, Actual: 60, DowntimeMin: 40, DowntimeCause: "缺料", Notes: "包材未到"})
	submit("2025-02-28", "1号线", model.ShiftDay, model.ReportRow{Product: "P1", Planned: 7777, Actual: 7})
	submit("2025-04-01", "1号线", model.ShiftDay, model.ReportRow{Product: "P2", Planned: 8888, Actual: 8})

	got, err := e.db.MonthlyOutput(ctx, model.Month{Year: 2025, Month: time.March})
	if err != nil {
		t.Fatal(err)
	}
	want := []model.OutputRow{
		// P1: planned 1000+500+400, actual 950+300+420, defects 10+3, downtime 90
		{Product: "P1", Planned: 1900, Actual: 1670, Variance: -230, Defect: 13, Downtime: 90, Reasons: []string{"重量不足", "停电"}},
		// P2: planned 200+100, actual 200+60, downtime 40
		{Product: "P2", Planned: 300, Actual: 260, Variance: -40, Downtime: 40, Reasons: []string{"缺料", "包材未到"}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Product != w.Product || g.Planned != w.Planned || g.Actual != w.Actual || g.Variance != w.Variance ||
			g.Defect != w.Defect || g.Downtime != w.Downtime || !slices.Equal(g.Reasons, w.Reasons) {
			t.Errorf("row %d: got %+v, want %+v", i, g, w)
		}
	}
	if list, _ := e.db.Reports(ctx, date(t, "2025-03-01")); len(list) != 2 || list[0].Shift != model.ShiftDay {
		t.Fatalf("reports of the 1st: %+v", list)
	}
}

func TestAnomalyRiskMarks(t *testing.T) {
	e := newShopEnv(t)
	ctx := t.Context()
	today := date(t, "2025-03-03") // Monday, the clock's day
	// P1 lines promised today, +1, +2 (inside a 2-day delay) and +3 (outside)
	p1 := e.committed(t, "P1", today, today.AddDays(1), today.AddDays(2), today.AddDays(3))
	// line p1[1] goes into production: it must come back to in_production
	e.move(t, p1[1], "plead", (*model.OrderLine).StartProduction)
	// a P2 line inside the window: other product, not proposed
	p2 := e.committed(t, "P2", today.AddDays(1))
	// a sent line (awaiting a reply), named by hand
	o := e.order(t, "CB", line("P1", 5, today.AddDays(5)))
	sent := e.send(t, o.Lines[0].ID).ID
	// a draft line: named, but not marked
	draftOrder, err := e.db.CreateOrder(ctx, e.users["sales"], &model.Order{CustomerID: e.customers["CC"].ID,
		Lines: []model.OrderLine{line("P1", 1, today.AddDays(4))}}, false)
	if err != nil {
		t.Fatal(err)
	}
	draft := draftOrder.Lines[0].ID

	proposed, err := e.db.ProposeAtRisk(ctx, []string{"P1"}, 2)
	if err != nil {
		t.Fatal(err)
	}
	var ids []uint64
	for _, o := range proposed {
		for _, l := range o.Lines {
			ids = append(ids, l.ID)
		}
	}
	if want := p1[:3]; !slices.Equal(ids, want) {
		t.Fatalf("proposed %v, want %v", ids, want)
	}
	queueBefore := e.queueIDs(t)
	if !slices.Contains(queueBefore, sent) {
		t.Fatalf("sent line not queued: %v", queueBefore)
	}

	sub := e.feed.Subscribe()
	defer sub.Close()
	a, err := e.db.FileAnomaly(ctx, e.users["shop"], &model.Anomaly{Category: model.AnomalyEquipment, Severity: 1,
		Text: "灌装机故障", Products: []string{"P1"}, Lines: append(slices.Clone(ids), sent, draft), DelayDays: 2})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.Status != model.AnomalyOpen || a.FiledBy != "shop" || !a.FiledAt.Equal(e.clock.Now()) || a.Version != 1 {
		t.Fatalf("filed %+v", a)
	}
	if len(a.RiskMarks) != 4 {
		t.Fatalf("marks %+v", a.RiskMarks)
	}
	evs, _ := sub.Take()
	var lineEvs []uint64
	var alert *model.Event
	for i, ev := range evs {
		switch ev.Kind {
		case "anomaly":
			alert = &evs[i]
		case "line":
			if ev.Action != "risk" {
				t.Errorf("line event %+v", ev)
			}
			lineEvs = append(lineEvs, ev.ID)
		}
	}
	if alert == nil || !alert.Urgent || alert.Action != "file" || alert.ID != a.ID || alert.Actor != "shop" ||
		!slices.Contains(alert.Depts, model.DeptSales) {
		t.Fatalf("alert %+v", alert)
	}
	if want := append(slices.Clone(ids), sent); !slices.Equal(lineEvs, want) {
		t.Fatalf("line events %v, want %v", lineEvs, want)
	}
	wantRisk := map[uint64]model.Date{p1[0]: today.AddDays(2), p1[1]: today.AddDays(3), p1[2]: today.AddDays(4), sent: today.AddDays(2)}
	for id, riskDate := range wantRisk {
		l := e.line(t, id)
		h := l.History[len(l.History)-1]
		if l.Status != model.LineAtRisk || l.AnomalyID != a.ID || l.RiskDate != riskDate ||
			l.RiskReason != "异常 #1: 灌装机故障" || h.Kind != model.EvRisk || h.By != "shop" {
			t.Errorf("line %d: %+v", id, l)
		}
	}
	for _, id := range []uint64{p1[3], p2[0], draft} {
		if l := e.line(t, id); l.Status == model.LineAtRisk || l.AnomalyID != 0 {
			t.Errorf("line %d marked: %+v", id, l)
		}
	}
	if slices.Contains(e.queueIDs(t), sent) {
		t.Fatal("at-risk line still in the reply queue")
	}
	if got := e.actions(t, lineRecord(p1[0])); got[len(got)-1] != "line.risk shop" {
		t.Fatalf("line audit %v", got)
	}

	// the open queue
	e.advance(time.Minute)
	b, err := e.db.FileAnomaly(ctx, e.users["sales"], &model.Anomaly{Category: model.AnomalyOther, Severity: 3, Text: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if evs, _ := sub.Take(); len(evs) != 1 || evs[0].Urgent {
		t.Fatalf("severity 3 events %+v", evs)
	}
	list, err := e.db.Anomalies(ctx, true)
	if err != nil || len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
		t.Fatalf("open anomalies %+v %v", list, err)
	}

	// acknowledge: production lead/head only; response time recorded
	e.advance(9 * time.Minute)
	_, err = e.db.AckAnomaly(ctx, e.users["sales"], a.ID, a.Version)
	wantCode(t, err, model.EFORBIDDEN)
	_, err = e.db.AckAnomaly(ctx, e.users["qlead"], a.ID, a.Version) // not a quality anomaly
	wantCode(t, err, model.EFORBIDDEN)
	acked, err := e.db.AckAnomaly(ctx, e.users["prod"], a.ID, a.Version)
	if err != nil {
		t.Fatal(err)
	}
	if rt, ok := acked.ResponseTime(); !ok || rt != 10*time.Minute || acked.AckBy != "prod" || acked.Status != model.AnomalyAcknowledged {
		t.Fatalf("acked %+v", acked)
	}
	_, err = e.db.AckAnomaly(ctx, e.users["prod"], a.ID, a.Version)
	wantCode(t, err, model.ECONFLICT)
	_, err = e.db.AckAnomaly(ctx, e.users["prod"], a.ID, acked.Version)
	wantCode(t, err, model.EINVALID) // already acknowledged
	acted, err := e.db.ActAnomaly(ctx, e.users["plead"], a.ID, acked.Version, "更换备用灌装头")
	if err != nil || acted.Status != model.AnomalyActing || acted.ActionBy != "plead" {
		t.Fatalf("acted %+v %v", acted, err)
	}
	_, err = e.db.CloseAnomaly(ctx, e.users["prod"], a.ID, acted.Version)
	wantCode(t, err, model.EINVALID) // not resolved yet

	// p1[2] is re-answered meanwhile: it moved on and keeps its new promise
	e.move(t, p1[2], "plead", answer(today.AddDays(8)))

	sub.Take()
	_, err = e.db.ResolveAnomaly(ctx, e.users["prod"], a.ID, acted.Version, "", 1, model.ResolveDelay)
	wantFields(t, err, "cause")
	_, err = e.db.ResolveAnomaly(ctx, e.users["prod"], a.ID, acted.Version, "轴承损坏", 400, model.ResolveDelay)
	wantFields(t, err, "actual_delay")
	res, err := e.db.ResolveAnomaly(ctx, e.users["prod"], a.ID, acted.Version, "轴承损坏", 1, model.ResolveDelay)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != model.AnomalyResolved || res.Cause != "轴承损坏" || res.ActualDelay != 1 || res.ResolvedBy != "prod" {
		t.Fatalf("resolved %+v", res)
	}
	wantBack := map[uint64]model.LineStatus{p1[0]: model.LineAnswered, p1[1]: model.LineInProduction, sent: model.LineSent}
	for id, st := range wantBack {
		l := e.line(t, id)
		h := l.History[len(l.History)-1]
		if l.Status != st || l.AnomalyID != 0 || l.RiskReason != "" || !l.RiskDate.IsZero() || h.Kind != model.EvUnrisk || h.By != "prod" {
			t.Errorf("line %d after resolve: %+v", id, l)
		}
	}
	if l := e.line(t, p1[2]); l.Status != model.LineAnswered || l.PromisedDate != today.AddDays(8) || l.History[len(l.History)-1].Kind != model.EvAnswer {
		t.Errorf("re-answered line changed: %+v", l)
	}
	if !slices.Equal(e.queueIDs(t), queueBefore) {
		t.Fatalf("queue %v, want %v", e.queueIDs(t), queueBefore)
	}
	evs, _ = sub.Take()
	var unrisk []uint64
	for _, ev := range evs {
		if ev.Kind == "line" && ev.Action == "unrisk" {
			unrisk = append(unrisk, ev.ID)
		}
	}
	slices.Sort(unrisk)
	if want := []uint64{p1[0], p1[1], sent}; !slices.Equal(unrisk, want) {
		t.Fatalf("unrisk events %v, want %v (%+v)", unrisk, want, evs)
	}
	closed, err := e.db.CloseAnomaly(ctx, e.users["prod"], a.ID, res.Version)
	if err != nil || closed.Status != model.AnomalyClosed {
		t.Fatalf("closed %+v %v", closed, err)
	}
	if got := e.actions(t, anomalyRecord(a.ID)); !slices.Equal(got, []string{"anomaly.file shop", "anomaly.ack prod",
		"anomaly.act plead", "anomaly.resolve prod", "anomaly.close prod"}) {
		t.Fatalf("audit %v", got)
	}
	if list, _ := e.db.Anomalies(ctx, true); len(list) != 1 || list[0].ID != b.ID {
		t.Fatalf("open after close %+v", list)
	}
	if list, _ := e.db.Anomalies(ctx, false); len(list) != 2 {
		t.Fatalf("all %+v", list)
	}
	if _, err := e.db.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
}

func TestAnomalyAlreadyAtRiskKeepsItsFlag(t *testing.T) {
	e := newShopEnv(t)
	ctx := t.Context()
	today := date(t, "2025-03-03")
	id := e.committed(t, "P1", today.AddDays(1))[0]
	e.move(t, id, "plead", func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.FlagRisk(by, now, cal, "原料紧张", today.AddDays(4))
	})
	a, err := e.db.FileAnomaly(ctx, e.users["shop"], &model.Anomaly{Category: model.AnomalyMaterial, Severity: 2,
		Text: "缺料", Lines: []uint64{id}, DelayDays: 1})
	if err != nil {
		t.Fatal(err)
	}
	if l := e.line(t, id); l.AnomalyID != a.ID || l.RiskDate != today.AddDays(2) {
		t.Fatalf("marked %+v", l)
	}
	if _, err := e.db.ResolveAnomaly(ctx, e.users["prod"], a.ID, a.Version, "到料", 0, model.ResolveDelay); err != nil {
		t.Fatal(err)
	}
	if l := e.line(t, id); l.Status != model.LineAtRisk || l.RiskReason != "原料紧张" || l.RiskDate != today.AddDays(4) || l.AnomalyID != 0 {
		t.Fatalf("restored %+v", l)
	}
}

func TestBadAnomalyWritesNothing(t *testing.T) {
	e := newShopEnv(t)
	ctx := t.Context()
	id := e.committed(t, "P1", date(t, "2025-03-04"))[0]
	sub := e.feed.Subscribe()
	defer sub.Close()
	before := e.auditLen(t)
	for _, tt := range []struct {
		a     model.Anomaly
		field string
	}{
		{model.Anomaly{Category: model.AnomalyEquipment, Severity: 7, Text: "x", Lines: []uint64{id}}, "severity"},
		{model.Anomaly{Category: model.AnomalyEquipment, Severity: 1, Text: "", Lines: []uint64{id}}, "text"},
		{model.Anomaly{Category: model.AnomalyEquipment, Severity: 1, Text: "x", Lines: []uint64{id, 999}}, "lines"},
		{model.Anomaly{Category: model.AnomalyEquipment, Severity: 1, Text: "x", Products: []string{"P9"}}, "products"},
	} {
		_, err := e.db.FileAnomaly(ctx, e.users["shop"], &tt.a)
		wantFields(t, err, tt.field)
	}
	if e.auditLen(t) != before {
		t.Fatal("a refused anomaly wrote")
	}
	noEvents(t, sub)
	if list, _ := e.db.Anomalies(ctx, false); len(list) != 0 {
		t.Fatalf("stored %+v", list)
	}
	if l := e.line(t, id); l.Status != model.LineAnswered {
		t.Fatalf("line %+v", l)
	}
	// quality anomalies may be handled by the quality lead
	a, err := e.db.FileAnomaly(ctx, e.users["qa"], &model.Anomaly{Category: model.AnomalyQuality, Severity: 2, Text: "批次异味"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.AckAnomaly(ctx, e.users["qlead"], a.ID, a.Version); err != nil {
		t.Fatal(err)
	}
}

func TestFeedbackLifecycleAndKPI(t *testing.T) {
	e := newShopEnv(t)
	ctx := t.Context()
	// a line of P1 shipped 400 on 3 March
	id := e.committed(t, "P1", date(t, "2025-03-03"))[0]
	e.stocked(t, "P1", "", 400)
	e.move(t, id, "keeper", func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.Ship(by, now, cal, 4, date(t, "2025-03-03"))
	})
	in := &model.Feedback{CustomerID: e.customers["CA"].ID, Product: "P1", Batch: "20250301", LineID: id,
		Problem: "胀袋", QtyAffected: 1, VisitWanted: true, Route: model.RouteQuality}
	_, err := e.db.FileFeedback(ctx, e.users["qa"], in)
	wantCode(t, err, model.EFORBIDDEN)
	bad := *in
	bad.CustomerID, bad.Product, bad.LineID = 999, "P9", 999
	_, err = e.db.FileFeedback(ctx, e.users["sales"], &bad)
	wantFields(t, err, "customer", "product", "line_id")

	sub := e.feed.Subscribe()
	defer sub.Close()
	f, err := e.db.FileFeedback(ctx, e.users["sales"], in)
	if err != nil {
		t.Fatal(err)
	}
	if f.Status != model.FeedbackOpen || f.FiledBy != "sales" || !f.Due.Equal(e.clock.Now().Add(24*time.Hour)) {
		t.Fatalf("filed %+v", f)
	}
	if evs, _ := sub.Take(); len(evs) != 1 || evs[0].Kind != "feedback" || evs[0].Action != "file" ||
		!slices.Contains(evs[0].Depts, model.DeptQuality) {
		t.Fatalf("events %+v", evs)
	}
	// R&D does not answer quality feedback
	_, err = e.db.RespondFeedback(ctx, e.users["rnd"], f.ID, f.Version, "看看")
	wantCode(t, err, model.EFORBIDDEN)
	e.advance(2 * time.Hour)
	r, err := e.db.RespondFeedback(ctx, e.users["qa"], f.ID, f.Version, "已安排复检")
	if err != nil || r.Status != model.FeedbackResponded || !r.OnTime() {
		t.Fatalf("responded %+v %v", r, err)
	}
	_, err = e.db.RespondFeedback(ctx, e.users["qa"], f.ID, f.Version, "stale")
	wantCode(t, err, model.ECONFLICT)
	_, err = e.db.RecordVisit(ctx, e.users["qa"], f.ID, r.Version, model.Visit{Date: date(t, "2025-03-03"), Who: "冯敏"})
	wantFields(t, err, "findings")
	v, err := e.db.RecordVisit(ctx, e.users["qa"], f.ID, r.Version, model.Visit{Date: date(t, "2025-03-03"), Who: "冯敏", Findings: "封口温度偏低"})
	if err != nil || len(v.Visits) != 1 || v.Visits[0].By != "qa" {
		t.Fatalf("visit %+v %v", v, err)
	}
	_, err = e.db.CloseFeedback(ctx, e.users["qa"], f.ID, v.Version, "", "")
	wantFields(t, err, "root_cause", "corrective")
	c, err := e.db.CloseFeedback(ctx, e.users["qa"], f.ID, v.Version, "封口温度偏低", "调整封口机温度并增加巡检")
	if err != nil || c.Status != model.FeedbackClosed || c.ClosedBy != "qa" {
		t.Fatalf("closed %+v %v", c, err)
	}
	_, err = e.db.RespondFeedback(ctx, e.users["qa"], f.ID, c.Version, "after close")
	wantCode(t, err, model.EINVALID)
	if got := e.actions(t, feedbackRecord(f.ID)); !slices.Equal(got, []string{"feedback.file sales", "feedback.respond qa",
		"feedback.visit qa", "feedback.close qa"}) {
		t.Fatalf("audit %v", got)
	}

	// an R&D feedback never answered, due in March too
	g, err := e.db.FileFeedback(ctx, e.users["sales"], &model.Feedback{CustomerID: e.customers["CB"].ID, Product: "P2",
		Problem: "口感偏硬", QtyAffected: 2, Route: model.RouteRnD})
	if err != nil {
		t.Fatal(err)
	}
	if open, _ := e.db.Feedbacks(ctx, true); len(open) != 1 || open[0].ID != g.ID {
		t.Fatalf("open feedback %+v", open)
	}
	if all, _ := e.db.Feedbacks(ctx, false); len(all) != 2 {
		t.Fatalf("all feedback %+v", all)
	}

	k, err := e.db.FeedbackKPI(ctx, model.Month{Year: 2025, Month: time.March})
	if err != nil {
		t.Fatal(err)
	}
	// due in March: f (on time) and g (not answered); defects 1+2 over 4 shipped (all P1)
	if k.Timeliness != (model.Ratio{Num: 1, Den: 2}) || k.DefectRate != (model.Ratio{Num: 3, Den: 4}) {
		t.Fatalf("kpi %+v", k)
	}
	wantBy := []model.ProductDefectRate{{Product: "P1", Rate: model.Ratio{Num: 1, Den: 4}}, {Product: "P2", Rate: model.Ratio{Num: 2, Den: 0}}}
	if !slices.Equal(k.ByProduct, wantBy) {
		t.Fatalf("by product %+v", k.ByProduct)
	}
	// February: no feedback, no shipments: no data
	k, err = e.db.FeedbackKPI(ctx, model.Month{Year: 2025, Month: time.February})
	if err != nil || k.Timeliness.Den != 0 || k.DefectRate.Den != 0 || len(k.ByProduct) != 0 {
		t.Fatalf("february %+v %v", k, err)
	}
	if _, ok := k.DefectRate.Value(); ok {
		t.Fatal("a value without shipments")
	}
}

func TestShopFloorOptions(t *testing.T) {
	e := newEnv(t)
	if e.db.AnomalyTargets() != model.DefaultAnomalyTargets || e.db.FeedbackTarget() != 24*time.Hour {
		t.Fatalf("defaults %+v %s", e.db.AnomalyTargets(), e.db.FeedbackTarget())
	}
	e.db.Close()
	db, err := Open(e.path, Options{Clock: e.clock, AnomalyTargets: model.AnomalyTargets{Sev1: time.Minute}, FeedbackTarget: 48 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	e.db = db
	if got := db.AnomalyTargets(); got.Sev1 != time.Minute || got.Sev2 != 2*time.Hour || db.FeedbackTarget() != 48*time.Hour {
		t.Fatalf("options %+v %s", got, db.FeedbackTarget())
	}
	if db.Services().Shop == nil {
		t.Fatal("no Shop service")
	}
}

// Several reports submitted at once (`reports submit --csv`): all or none.
// A bad row, a report saved already or a report given twice refuses the lot
// with the problems keyed by report; good reports are saved and audited as
// one submit each and their good quantity comes into stock.
func TestSubmitReports(t *testing.T) {
	e := newShopEnv(t)
	ctx := t.Context()
	day := e.clock.Now()
	d := model.DateOf(day.In(e.clock.Loc))
	rep := func(line string, shift model.Shift, rows ...model.ReportRow) *model.DailyReport {
		return &model.DailyReport{Date: d, Line: line, Shift: shift, Rows: rows}
	}
	good := []*model.DailyReport{
		rep("1号线", model.ShiftDay, model.ReportRow{Product: "P1", Variant: "mark", Planned: 500, Actual: 480, Defect: 5, DefectReason: "D01"},
			model.ReportRow{Product: "P2", Actual: 140}),
		rep("2号线", model.ShiftNight, model.ReportRow{Product: "P1", Actual: 100}),
	}
	if _, err := e.db.SubmitReport(ctx, e.users["shop"], rep("3号线", model.ShiftDay, model.ReportRow{Product: "P2", Actual: 10})); err != nil {
		t.Fatal(err)
	}
	before := e.auditLen(t)
	sub := e.feed.Subscribe()
	defer sub.Close()
	for _, c := range []struct {
		reports []*model.DailyReport
		fields  []string
	}{
		{[]*model.DailyReport{good[0], rep("2号线", model.ShiftNight, model.ReportRow{Product: "P1", Actual: 5, Defect: 6, DefectNote: "碎"})}, []string{"row 2.rows.1.defect"}},
		{[]*model.DailyReport{good[0], rep("3号线", model.ShiftDay, model.ReportRow{Product: "P2", Actual: 1})}, []string{"row 2"}},
		{[]*model.DailyReport{good[0], good[1], good[0]}, []string{"row 3"}},
		{[]*model.DailyReport{rep("", "dusk", model.ReportRow{Product: "P9", Actual: 1}), good[1]}, []string{"row 1.line", "row 1.shift", "row 1.rows.1.product"}},
	} {
		_, err := e.db.SubmitReports(ctx, e.users["shop"], c.reports)
		wantFields(t, err, c.fields...)
		if len(model.FieldErrors(err)) != len(c.fields) {
			t.Errorf("fields %v, want %v", model.FieldErrors(err), c.fields)
		}
	}
	_, err := e.db.SubmitReports(ctx, e.users["sales"], good)
	wantCode(t, err, model.EFORBIDDEN)
	if e.auditLen(t) != before {
		t.Fatal("a refused batch wrote")
	}
	noEvents(t, sub)

	saved, err := e.db.SubmitReports(ctx, e.users["shop"], good)
	if err != nil {
		t.Fatal(err)
	}
	if len(saved) != 2 || saved[0].Version != 1 || saved[1].SubmittedBy != "shop" || !saved[1].Submitted.Equal(e.clock.Now()) {
		t.Fatalf("saved %+v", saved)
	}
	for key, want := range map[[2]string]int64{{"P1", "mark"}: 475, {"P1", "std"}: 100, {"P2", ""}: 150} {
		if s, _ := e.db.Stock(ctx, key[0], key[1]); s.Qty != want {
			t.Errorf("stock %v: %d, want %d", key, s.Qty, want)
		}
	}
	if got := e.actions(t, "report/"+d.String()+"|2号线|night"); !slices.Equal(got, []string{"report.submit shop"}) {
		t.Fatalf("audit %v", got)
	}
	evs, _ := sub.Take()
	if len(evs) != 2 || evs[0].Kind != model.KindReport || evs[1].Kind != model.KindStock {
		t.Fatalf("events %+v", evs)
	}
	list, err := e.db.Reports(ctx, d)
	if err != nil || len(list) != 3 {
		t.Fatalf("reports %v %v", list, err)
	}
}
