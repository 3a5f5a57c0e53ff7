package store

import (
	"errors"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

var (
	mar2025 = model.Month{Year: 2025, Month: time.March}
	apr2025 = model.Month{Year: 2025, Month: time.April}
)

// meetingScene is newShopEnv with March 2025 on record (daily reports, the
// March and April forecasts, two committed P1 lines of which one shipped
// in full on time, one feedback) and the clock on 2 April 10:00.
func meetingScene(t *testing.T) *shopEnv {
	t.Helper()
	e := newShopEnv(t)
	ctx := t.Context()
	submit := func(day, ln string, rows ...model.ReportRow) {
		t.Helper()
		r := &model.DailyReport{Date: date(t, day), Line: ln, Shift: model.ShiftDay, Rows: rows}
		if _, err := e.db.SubmitReport(ctx, e.users["shop"], r); err != nil {
			t.Fatal(err)
		}
	}
	submit("2025-03-01", "1号线", model.ReportRow{Product: "P1", Planned: 1000, Actual: 950, Defect: 10, DefectReason: "D02"},
		model.ReportRow{Product: "P2", Planned: 200, Actual: 200})
	submit("2025-03-02", "1号线", model.ReportRow{Product: "P1", Planned: 500, Actual: 300, DowntimeMin: 90, DowntimeCause: "停电"})
	for _, m := range []model.Month{mar2025, apr2025} {
		p := model.Period{Kind: model.PlanForecast, Month: m}
		v, err := e.db.SavePlan(ctx, e.users["sales"], p, 0, []model.PlanCell{{Product: "P1", Variant: "std", Qty: 15}, {Product: "P2", Qty: 50}}, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.PublishPlan(ctx, e.users["sales"], p, v.Version); err != nil {
			t.Fatal(err)
		}
	}
	ids := e.committed(t, "P1", date(t, "2025-03-05"), date(t, "2025-03-10"))
	e.at(t, "2025-03-05 10:00")
	e.move(t, ids[0], "keeper", ship(10, date(t, "2025-03-05")))
	e.at(t, "2025-03-10 10:00")
	e.move(t, ids[1], "keeper", ship(4, date(t, "2025-03-10")))
	if _, err := e.db.FileFeedback(ctx, e.users["sales"], &model.Feedback{CustomerID: e.customers["CA"].ID, Product: "P1",
		Problem: "胀袋", QtyAffected: 1, Route: model.RouteQuality}); err != nil {
		t.Fatal(err)
	}
	e.at(t, "2025-04-02 10:00")
	return e
}

// fig is item key's figures of m in Chinese, products by code.
func fig(m *model.Meeting, key string) string {
	return strings.Join(m.Figures.Lines(model.LangZH, key, func(c string) string { return c }), "\n")
}

// The monthly meeting's figures are computed from the records whenever an
// open meeting is read, and frozen when it closes (docs/DOMAIN.md#meetings).
func TestMonthlyFiguresLive(t *testing.T) {
	e := meetingScene(t)
	ctx := t.Context()
	sub := e.feed.Subscribe()
	defer sub.Close()
	created, err := e.db.EnsureMonthly(ctx, apr2025)
	if err != nil {
		t.Fatal(err)
	}
	if created.Kind != model.MeetingMonthly || created.Date != date(t, "2025-04-03") || created.Month != mar2025 ||
		created.Version != 1 || created.Figures != nil {
		t.Fatalf("meeting %+v", created)
	}
	if got := takeEvents(sub); !slices.Equal(got, []string{"meeting  create"}) {
		t.Fatalf("events %v", got)
	}
	m, err := e.db.Meeting(ctx, created.ID)
	if err != nil || m.Figures == nil || !m.Figures.AsOf.Equal(e.clock.Now()) {
		t.Fatalf("read %+v %v", m, err)
	}
	// (a) is the monthly report's numbers.
	out, err := e.db.MonthlyOutput(ctx, mar2025)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(m.Figures.Output, out, func(a, b model.OutputRow) bool { return reflect.DeepEqual(a, b) }) ||
		!strings.Contains(fig(m, "a"), "P1 计划 1500 实际 1250 差异 -250：重量不足；停电") || !strings.Contains(fig(m, "a"), "P2 计划 200 实际 200 差异 0") {
		t.Fatalf("(a) %+v %q", m.Figures.Output, fig(m, "a"))
	}
	// (b) April's forecast.
	if b := fig(m, "b"); !strings.Contains(b, "2025-04 预估销量表 已发布，合计 65") {
		t.Fatalf("(b) %q", b)
	}
	// (c) OTIF 1/2 and reply timeliness as the KPI functions count them.
	otif, _ := e.db.KPI(ctx, model.KPIOTIF, mar2025, "")
	reply, _ := e.db.KPI(ctx, model.KPIReplyTimeliness, mar2025, "")
	if f := m.Figures; int64(f.OTIF.Num) != otif.Num || int64(f.OTIF.Den) != otif.Den || int64(f.Reply.Num) != reply.Num ||
		int64(f.Reply.Den) != reply.Den || !strings.Contains(fig(m, "c"), "1/2 = 50.0%") {
		t.Fatalf("(c) %+v %q", f, fig(m, "c"))
	}
	// (d) the planning panel's accuracy of March.
	acc, err := e.db.ForecastAccuracy(ctx, mar2025)
	if err != nil || !acc.OK {
		t.Fatalf("accuracy %+v %v", acc, err)
	}
	if !reflect.DeepEqual(m.Figures.Accuracy, acc) || !strings.Contains(fig(m, "d"), "预估 65，实际发货 14") {
		t.Fatalf("(d) %+v %q", m.Figures.Accuracy, fig(m, "d"))
	}
	if fig(m, "e") != "" || fig(m, "f") != "" || m.Item("dept.production") == nil {
		t.Fatalf("items %+v", m.Items)
	}
	if got := e.actions(t, meetingRecord(m.ID)); !slices.Equal(got, []string{"meeting.create system"}) {
		t.Fatalf("audit %v", got)
	}
	// Nothing of the figures is stored while the meeting is open.
	if raw := e.rawRecord(t, bucketMeetings, itob(m.ID)); strings.Contains(raw, "figures") {
		t.Fatalf("open meeting stored figures: %s", raw)
	}

	// Idempotent: the same meeting, nothing written, even after new data.
	n := e.auditLen(t)
	e.advance(time.Hour)
	again, err := e.db.EnsureMonthly(ctx, apr2025)
	if err != nil || again.ID != m.ID || again.Version != m.Version || e.auditLen(t) != n {
		t.Fatalf("again %+v %v", again, err)
	}
	noEvents(t, sub)

	// A report filed later shows at the next read, as of then; so does a
	// save's answer.
	if _, err := e.db.SubmitReport(ctx, e.users["shop"], &model.DailyReport{Date: date(t, "2025-03-31"), Line: "2号线",
		Shift: model.ShiftDay, Rows: []model.ReportRow{{Product: "P2", Planned: 100, Actual: 60}}}); err != nil {
		t.Fatal(err)
	}
	r, err := e.db.Meeting(ctx, m.ID)
	if err != nil || !strings.Contains(fig(r, "a"), "P2 计划 300 实际 260 差异 -40") || fig(r, "d") != fig(m, "d") ||
		!r.Figures.AsOf.Equal(e.clock.Now()) {
		t.Fatalf("read again %+v %v", r.Figures, err)
	}
	edit := *r
	edit.Items = slices.Clone(r.Items)
	edit.Items[0].Done = true
	saved, err := e.db.SaveMeeting(ctx, e.users["office"], &edit)
	if err != nil || !strings.Contains(fig(saved, "a"), "P2 计划 300 实际 260 差异 -40") {
		t.Fatalf("saved %+v %v", saved, err)
	}
	takeEvents(sub)

	// Closing freezes them: a later report no longer changes the minutes.
	e.advance(time.Hour)
	closedAt := e.clock.Now()
	closed, err := e.db.CloseMeeting(ctx, e.users["office"], m.ID, saved.Version)
	if err != nil || closed.Figures == nil || !closed.Figures.AsOf.Equal(closedAt) || fig(closed, "a") != fig(saved, "a") {
		t.Fatalf("closed %+v %v", closed, err)
	}
	e.advance(time.Hour)
	if _, err := e.db.SubmitReport(ctx, e.users["shop"], &model.DailyReport{Date: date(t, "2025-03-30"), Line: "2号线",
		Shift: model.ShiftDay, Rows: []model.ReportRow{{Product: "P2", Planned: 100, Actual: 100}}}); err != nil {
		t.Fatal(err)
	}
	frozen, err := e.db.Meeting(ctx, m.ID)
	if err != nil || fig(frozen, "a") != fig(closed, "a") || !frozen.Figures.AsOf.Equal(closedAt) {
		t.Fatalf("after close: %q as of %v, want %q as of %v", fig(frozen, "a"), frozen.Figures.AsOf, fig(closed, "a"), closedAt)
	}
	e.reopen(t)
	if again, err := e.db.Meeting(ctx, m.ID); err != nil || fig(again, "a") != fig(closed, "a") {
		t.Fatalf("after reopen %+v %v", again, err)
	}

	// A month without data: "no data" texts.
	j, err := e.db.EnsureMonthly(ctx, model.Month{Year: 2025, Month: time.January})
	if err != nil {
		t.Fatal(err)
	}
	if j, err = e.db.Meeting(ctx, j.ID); err != nil {
		t.Fatal(err)
	}
	if fig(j, "a") != "上月无生产日报" || fig(j, "d") != "无实际发货" ||
		!strings.Contains(fig(j, "c"), "无数据") || !strings.Contains(fig(j, "b"), "尚未发布") {
		t.Fatalf("january %+v", j.Figures)
	}
	_, err = e.db.EnsureMonthly(ctx, model.Month{Year: 2025, Month: 13})
	wantFields(t, err, "month")
}

func TestEnsureMonthlyConcurrent(t *testing.T) {
	e := meetingScene(t)
	const n = 8
	ids := make([]uint64, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			m, err := e.db.EnsureMonthly(t.Context(), apr2025)
			errs[i] = err
			if m != nil {
				ids[i] = m.ID
			}
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || ids[i] != ids[0] {
			t.Fatalf("call %d: id %d err %v (first %d)", i, ids[i], errs[i], ids[0])
		}
	}
	all, err := e.db.Meetings(t.Context())
	if err != nil || len(all) != 1 {
		t.Fatalf("meetings %d %v", len(all), err)
	}
	e.reopen(t)
	if m, err := e.db.EnsureMonthly(t.Context(), apr2025); err != nil || m.ID != ids[0] {
		t.Fatalf("after reopen %+v %v", m, err)
	}
}

func TestMeetingDecideCompleteClose(t *testing.T) {
	e := meetingScene(t)
	ctx := t.Context()
	office, prod, sales := e.users["office"], e.users["prod"], e.users["sales"]
	m, err := e.db.EnsureMonthly(ctx, apr2025)
	if err != nil {
		t.Fatal(err)
	}

	// Save: ticks, notes, attendees (accounts only); figures stay the
	// store's.
	edit := *m
	edit.Items = slices.Clone(m.Items)
	edit.Items[0].Done, edit.Items[0].Notes = true, "停电影响 P1"
	edit.Figures = &model.MonthlyFigures{OTIF: model.Ratio{Num: 9, Den: 9}}
	edit.Attendees = []string{"office", "nobody"}
	_, err = e.db.SaveMeeting(ctx, office, &edit)
	wantFields(t, err, "attendees")
	edit.Attendees = []string{"office", " prod", "prod", ""}
	_, err = e.db.SaveMeeting(ctx, sales, &edit)
	wantCode(t, err, model.EFORBIDDEN)
	saved, err := e.db.SaveMeeting(ctx, office, &edit)
	if err != nil {
		t.Fatal(err)
	}
	if !saved.Items[0].Done || saved.Items[0].Notes != "停电影响 P1" || saved.Figures.OTIF == edit.Figures.OTIF ||
		!slices.Equal(saved.Attendees, []string{"office", "prod"}) || saved.Version != 2 {
		t.Fatalf("saved %+v", saved)
	}
	_, err = e.db.SaveMeeting(ctx, office, &edit) // stale version
	wantCode(t, err, model.ECONFLICT)

	// Decide.
	d := model.Decision{Text: "四月上旬补齐 P1 欠产", Owner: "prod", Due: date(t, "2025-04-10")}
	_, _, err = e.db.Decide(ctx, sales, m.ID, saved.Version, d)
	wantCode(t, err, model.EFORBIDDEN)
	_, _, err = e.db.Decide(ctx, office, m.ID, m.Version, d)
	wantCode(t, err, model.ECONFLICT)
	_, _, err = e.db.Decide(ctx, office, m.ID, saved.Version, model.Decision{Owner: "nobody", Due: date(t, "2025-04-01")})
	wantFields(t, err, "text", "due")
	_, _, err = e.db.Decide(ctx, office, m.ID, saved.Version, model.Decision{Text: "x", Owner: "nobody", Due: date(t, "2025-04-05")})
	wantFields(t, err, "owner")
	sub := e.feed.Subscribe()
	defer sub.Close()
	decided, item, err := e.db.Decide(ctx, office, m.ID, saved.Version, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(decided.Decisions) != 1 || decided.Decisions[0].ActionID != item.ID || item.Owner != "prod" ||
		item.MeetingID != m.ID || item.Due != d.Due || item.IsDone() {
		t.Fatalf("decided %+v item %+v", decided, item)
	}
	if got := takeEvents(sub); !slices.Equal(got, []string{"meeting  decide", "action prod create"}) {
		t.Fatalf("events %v", got)
	}
	open, err := e.db.ActionItems(ctx, "prod", true)
	if err != nil || len(open) != 1 || open[0].ID != item.ID {
		t.Fatalf("prod's open items %+v %v", open, err)
	}
	if other, _ := e.db.ActionItems(ctx, "sales", false); len(other) != 0 {
		t.Fatalf("sales's items %+v", other)
	}

	// Complete: the owner (not someone else), once.
	_, err = e.db.CompleteAction(ctx, sales, item.ID, item.Version, "")
	wantCode(t, err, model.EFORBIDDEN)
	_, err = e.db.CompleteAction(ctx, prod, item.ID, item.Version+1, "")
	wantCode(t, err, model.ECONFLICT)
	done, err := e.db.CompleteAction(ctx, prod, item.ID, item.Version, "已加班补产")
	if err != nil || !done.IsDone() || done.DoneNote != "已加班补产" || done.UpdatedBy != "prod" {
		t.Fatalf("done %+v %v", done, err)
	}
	if got := takeEvents(sub); !slices.Equal(got, []string{"action prod done", "meeting  action"}) {
		t.Fatalf("events %v", got)
	}
	_, err = e.db.CompleteAction(ctx, prod, item.ID, done.Version, "")
	wantCode(t, err, model.EINVALID)
	if open, _ := e.db.ActionItems(ctx, "prod", true); len(open) != 0 {
		t.Fatalf("still open %+v", open)
	}
	if all, _ := e.db.ActionItems(ctx, "prod", false); len(all) != 1 || !all[0].IsDone() {
		t.Fatalf("all %+v", all)
	}
	if acts, err := e.db.MeetingActions(ctx, m.ID); err != nil || len(acts) != 1 || !acts[0].IsDone() {
		t.Fatalf("meeting actions %+v %v", acts, err)
	}
	if got := e.actions(t, actionRecord(item.ID)); !slices.Equal(got, []string{"action.create office", "action.done prod"}) {
		t.Fatalf("action audit %v", got)
	}

	// Addenda only on closed minutes; close freezes the rest.
	_, err = e.db.AddAddendum(ctx, office, m.ID, "补充")
	wantCode(t, err, model.EINVALID)
	_, err = e.db.CloseMeeting(ctx, sales, m.ID, decided.Version)
	wantCode(t, err, model.EFORBIDDEN)
	closed, err := e.db.CloseMeeting(ctx, office, m.ID, decided.Version)
	if err != nil || !closed.IsClosed() || closed.ClosedBy != "office" || closed.Figures == nil {
		t.Fatalf("closed %+v %v", closed, err)
	}
	edit = *closed
	edit.Title = "改"
	_, err = e.db.SaveMeeting(ctx, office, &edit)
	wantCode(t, err, model.EINVALID)
	if err.(*model.Error).Text.Key != "err.meeting_closed" {
		t.Fatalf("save closed: %v", err)
	}
	_, _, err = e.db.Decide(ctx, office, m.ID, closed.Version, d)
	wantCode(t, err, model.EINVALID)
	_, err = e.db.CloseMeeting(ctx, office, m.ID, closed.Version)
	wantCode(t, err, model.EINVALID)
	_, err = e.db.AddAddendum(ctx, prod, m.ID, "补充")
	wantCode(t, err, model.EFORBIDDEN)
	_, err = e.db.AddAddendum(ctx, office, m.ID, " ")
	wantFields(t, err, "text")
	add, err := e.db.AddAddendum(ctx, office, m.ID, "P1 欠产已于 4 月 8 日补齐")
	if err != nil || len(add.Addenda) != 1 || add.Addenda[0].By != "office" || add.Title != closed.Title {
		t.Fatalf("addendum %+v %v", add, err)
	}
	if got := e.actions(t, meetingRecord(m.ID)); !slices.Equal(got, []string{"meeting.create system", "meeting.save office",
		"meeting.decide office", "meeting.close office", "meeting.addendum office"}) {
		t.Fatalf("meeting audit %v", got)
	}
}

func TestTemplatesAndStart(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	ts, err := e.db.Templates(ctx)
	if err != nil || len(ts) != 2 || ts[0].Kind != model.MeetingSalesProd || ts[1].Kind != model.MeetingMarketingRnD {
		t.Fatalf("seeded templates %+v %v", ts, err)
	}
	_, err = e.db.SaveTemplate(ctx, e.users["sales"], &model.MeetingTemplate{Kind: model.MeetingCustom, Name: "x", Items: []string{"y"}})
	wantCode(t, err, model.EFORBIDDEN)
	_, err = e.db.SaveTemplate(ctx, e.users["office"], &model.MeetingTemplate{Kind: model.MeetingMonthly, Name: "x", Items: []string{"y"}})
	wantFields(t, err, "kind")
	c, err := e.db.SaveTemplate(ctx, e.users["clerk"], &model.MeetingTemplate{Kind: model.MeetingCustom, Name: "质量专题会", Items: []string{"不良趋势", "整改"}})
	if err != nil || c.ID != 3 || c.Version != 1 {
		t.Fatalf("custom %+v %v", c, err)
	}
	edit := *ts[0]
	edit.Items = append(edit.Items, "安全生产")
	if _, err := e.db.SaveTemplate(ctx, e.users["office"], &edit); err != nil {
		t.Fatal(err)
	}
	_, err = e.db.SaveTemplate(ctx, e.users["office"], &edit)
	wantCode(t, err, model.ECONFLICT)

	m, err := e.db.StartMeeting(ctx, e.users["office"], ts[0].ID, date(t, "2025-03-04"))
	if err != nil || m.Kind != model.MeetingSalesProd || len(m.Items) != 6 || m.Items[5].Key != "6" || m.Items[5].Title != "安全生产" {
		t.Fatalf("started %+v %v", m, err)
	}
	_, err = e.db.StartMeeting(ctx, e.users["office"], 99, date(t, "2025-03-04"))
	wantCode(t, err, model.ENOTFOUND)
	_, err = e.db.StartMeeting(ctx, e.users["sales"], ts[0].ID, date(t, "2025-03-04"))
	wantCode(t, err, model.EFORBIDDEN)
	mm, _ := e.db.EnsureMonthly(ctx, apr2025)
	list, err := e.db.Meetings(ctx)
	if err != nil || len(list) != 2 || list[0].ID != mm.ID || list[1].ID != m.ID {
		t.Fatalf("meetings newest first %+v %v", list, err)
	}
	if got, err := e.db.Meeting(ctx, m.ID); err != nil || got.Title != m.Title {
		t.Fatalf("meeting %+v %v", got, err)
	}
	_, err = e.db.Meeting(ctx, 99)
	wantCode(t, err, model.ENOTFOUND)
}

func TestKPIValues(t *testing.T) {
	e := meetingScene(t)
	kpiPlans(t, e)
	ctx := t.Context()
	loc := e.clock.Loc
	orders, err := e.db.Lines(ctx, model.OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var lines []*model.OrderLine
	for _, o := range orders {
		for i := range o.Lines {
			lines = append(lines, &o.Lines[i])
		}
	}
	acc, _ := e.db.ForecastAccuracy(ctx, mar2025)
	fk, _ := e.db.FeedbackKPI(ctx, mar2025)
	due, err := e.db.Deadlines(ctx, mar2025.First(), mar2025.Last())
	if err != nil {
		t.Fatal(err)
	}
	ratio := func(r model.Ratio) float64 { v, _ := r.Value(); return v }
	plans, err := e.db.PlanItems(ctx, model.PlanFilter{})
	if err != nil {
		t.Fatal(err)
	}
	projects, err := e.db.Projects(ctx, model.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// March's cost sheet: 10.00 and 20.00 yuan targets, 12.50 and 20.00
	// actual.
	if _, err := e.db.SaveCostSheet(ctx, e.users["prod"], mar2025, 0, []model.CostRow{{Product: "P1", Target: 1000, Actual: 1250},
		{Product: "P2", Target: 2000, Actual: 2000}}); err != nil {
		t.Fatal(err)
	}
	want := map[model.KPI]float64{
		model.KPIForecastAccuracy:   acc.Value,
		model.KPIReplyTimeliness:    ratio(model.ReplyTimeliness(lines, mar2025, loc)),
		model.KPIOTIF:               ratio(model.OTIF(lines, mar2025, mar2025.Last())),
		model.KPIPlanCompletion:     ratio(model.PlanCompletion(lines, mar2025, mar2025.Last())),
		model.KPIDefectRate:         ratio(fk.DefectRate),
		model.KPIFeedbackTimeliness: ratio(fk.Quality),
		model.KPITechService:        ratio(fk.Technical),
		model.KPISubmission:         ratio(model.TallyDue(due, nil).Timeliness()),
		model.KPIRnDPlan:            ratio(model.DeptPlanCompletion(plans, model.DeptRnD, mar2025, mar2025.Last(), e.db.cal)),
		model.KPIProjectPlan:        ratio(model.ProjectPlanCompletion(projects, "", mar2025, mar2025.Last(), e.db.cal)),
		model.KPICostTarget:         3000.0 / 3250,
	}
	if r := model.DeptPlanCompletion(plans, model.DeptRnD, mar2025, mar2025.Last(), e.db.cal); r != (model.Ratio{Num: 1, Den: 3}) {
		t.Errorf("R&D's March plan: %+v", r)
	}
	// April's meeting shows it in R&D's report item; production delivered
	// nothing of its own in March.
	if mm, err := e.db.EnsureMonthly(ctx, apr2025); err != nil {
		t.Fatal(err)
	} else if m, err := e.db.Meeting(ctx, mm.ID); err != nil || !strings.Contains(fig(m, model.DeptItemKey(model.DeptRnD)), "1/3") ||
		fig(m, model.DeptItemKey(model.DeptProduction)) != "" {
		t.Errorf("meeting figures: R&D %q, production %q (%v)", fig(m, model.DeptItemKey(model.DeptRnD)), fig(m, model.DeptItemKey(model.DeptProduction)), err)
	}
	for _, k := range model.KPIs {
		t.Run(string(k), func(t *testing.T) {
			v, err := e.db.KPI(ctx, k, mar2025, "")
			if err != nil || !v.OK || math.Abs(v.Value-want[k]) > 1e-12 || v.KPI != k || v.Month != mar2025 || v.Target != nil {
				t.Fatalf("got %+v %v, want %v", v, err, want[k])
			}
			if math.Abs(float64(v.Num)/float64(v.Den)-v.Value) > 1e-12 {
				t.Fatalf("num/den %d/%d", v.Num, v.Den)
			}
			// No data: February for everything but submission (whose
			// deadlines ran before the data began), a future month for all.
			if k != model.KPISubmission {
				if f, err := e.db.KPI(ctx, k, model.Month{Year: 2025, Month: time.February}, ""); err != nil || f.OK {
					t.Fatalf("february %+v %v", f, err)
				}
			}
			if f, err := e.db.KPI(ctx, k, model.Month{Year: 2025, Month: time.June}, ""); err != nil || f.OK {
				t.Fatalf("june %+v %v", f, err)
			}
		})
	}
	// Sanity on the scene: OTIF 1 of 2; defect 1 of 14; accuracy as counted.
	if v, _ := e.db.KPI(ctx, model.KPIOTIF, mar2025, ""); v.Num != 1 || v.Den != 2 {
		t.Fatalf("otif %+v", v)
	}
	if v, _ := e.db.KPI(ctx, model.KPIDefectRate, mar2025, ""); v.Num != 1 || v.Den != 14 {
		t.Fatalf("defect %+v", v)
	}
	// Submission per department.
	for _, d := range []model.Department{model.DeptSales, model.DeptProduction, model.DeptRnD} {
		v, err := e.db.KPI(ctx, model.KPISubmission, mar2025, d)
		w := model.TallyDue(due, func(it model.DueItem) bool { return it.Dept == d }).Timeliness()
		if err != nil || v.Dept != d || v.Num != int64(w.Num) || v.Den != int64(w.Den) {
			t.Fatalf("%s: %+v %v want %+v", d, v, err, w)
		}
	}
	// Bad input.
	_, err = e.db.KPI(ctx, "nope", mar2025, "")
	wantFields(t, err, "kpi")
	_, err = e.db.KPI(ctx, model.KPIOTIF, mar2025, "nope")
	wantFields(t, err, "dept")

	// Targets.
	if ts, err := e.db.Targets(ctx); err != nil || ts == nil || len(ts) != 0 {
		t.Fatalf("default targets %#v %v", ts, err)
	}
	tab := []model.KPITarget{{KPI: model.KPIOTIF, Current: 0.8, Target: 0.95}}
	wantCode(t, e.db.SaveTargets(ctx, e.users["sales"], tab), model.EFORBIDDEN)
	wantFields(t, e.db.SaveTargets(ctx, e.users["office"], []model.KPITarget{{KPI: model.KPIOTIF, Target: 2}}), "rows.1.target")
	if err := e.db.SaveTargets(ctx, e.users["office"], tab); err != nil {
		t.Fatal(err)
	}
	if ts, _ := e.db.Targets(ctx); !slices.Equal(ts, tab) {
		t.Fatalf("targets %+v", ts)
	}
	if v, _ := e.db.KPI(ctx, model.KPIOTIF, mar2025, ""); v.Target == nil || *v.Target != tab[0] {
		t.Fatalf("with target %+v", v)
	}
	if got := e.actions(t, kpiTargetsRecord); !slices.Equal(got, []string{"kpi.targets office"}) {
		t.Fatalf("audit %v", got)
	}
}

// The line-based KPIs read every line through a cache kept per committed
// transaction: a KPI asked again after a write sees the write.
func TestKPIAfterWriteSeesIt(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	e.at(t, "2025-03-21 10:00")
	o := e.order(t, "CA", line("P1", 10, date(t, "2025-04-10")))
	e.send(t, o.Lines[0].ID)
	m := model.Month{Year: 2025, Month: 3}
	before, err := e.db.KPI(ctx, model.KPIReplyTimeliness, m, "")
	if err != nil {
		t.Fatal(err)
	}
	again, err := e.db.KPI(ctx, model.KPIReplyTimeliness, m, "")
	if err != nil || again != before {
		t.Fatalf("the same KPI twice: %+v then %+v (%v)", before, again, err)
	}
	e.at(t, "2025-03-21 11:00")
	e.move(t, o.Lines[0].ID, "plead", answer(date(t, "2025-04-10")))
	after, err := e.db.KPI(ctx, model.KPIReplyTimeliness, m, "")
	if err != nil {
		t.Fatal(err)
	}
	if after.Num != before.Num+1 {
		t.Fatalf("reply timeliness before the answer %+v, after %+v", before, after)
	}
}

// Values read inside a write transaction never enter the shared cache:
// the transaction's ID is the one its commit will carry, but what it sees
// may still change within its batch or be rolled back.
func TestSharedIgnoresWriteTransactions(t *testing.T) {
	e := newOrdersEnv(t)
	calls := 0
	compute := func() (int, error) { calls++; return calls, nil }
	var id int
	err := e.db.bolt.Update(func(tx *bolt.Tx) error {
		id = tx.ID()
		if _, err := sharedGet(&e.db.shared, tx, "k", compute); err != nil {
			return err
		}
		return errors.New("roll back")
	})
	if err == nil {
		t.Fatal("the update was meant to roll back")
	}
	if e.db.shared.txid == id {
		t.Fatalf("write transaction %d's value was kept", id)
	}
	// Two readers of one committed state compute once.
	if err := e.db.bolt.View(func(tx *bolt.Tx) error {
		a, _ := sharedGet(&e.db.shared, tx, "k", compute)
		b, _ := sharedGet(&e.db.shared, tx, "k", compute)
		if a != 2 || b != 2 || calls != 2 {
			t.Fatalf("reads %d %d after %d computations", a, b, calls)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// Figures stored as text on agenda items before they were data: dropped
// from an open meeting, kept in the notes of a closed one.
func TestMigrateMeetingFigures(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	db, err := open(path, Options{}, migrations[:3])
	if err != nil {
		t.Fatal(err)
	}
	open3 := `{"id":1,"kind":"monthly","title":"2026年11月 月度营销协同例会","date":"2026-11-03","month":"2026-10",` +
		`"items":[{"key":"a","title":"上月产量与计划差异及原因","figures":"上月无生产日报"}],"version":1}`
	closed3 := `{"id":2,"kind":"monthly","title":"2026年10月 月度营销协同例会","date":"2026-10-03","month":"2026-09",` +
		`"items":[{"key":"a","title":"上月产量与计划差异及原因","figures":"P1 计划 10 实际 9 差异 -1","notes":"停电"}],` +
		`"closed":"2026-10-03T02:00:00Z","closed_by":"office","version":3}`
	if err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeetings)
		return errors.Join(b.Put(itob(1), []byte(open3)), b.Put(itob(2), []byte(closed3)))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err = Open(path, Options{}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.SchemaVersion(); err != nil || v != migrations[len(migrations)-1].version {
		t.Fatalf("schema %d %v", v, err)
	}
	o, err := db.Meeting(t.Context(), 1)
	if err != nil || o.Items[0].Notes != "" || o.Figures == nil {
		t.Fatalf("open meeting %+v %v", o, err)
	}
	c, err := db.Meeting(t.Context(), 2)
	if err != nil || c.Items[0].Notes != "P1 计划 10 实际 9 差异 -1\n停电" || c.Version != 3 {
		t.Fatalf("closed meeting %+v %v", c, err)
	}
}
