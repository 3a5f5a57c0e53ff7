package model

import (
	"math"
	"strings"
	"testing"
	"time"

	"xietong/i18n"
)

func TestMeetingPermissions(t *testing.T) {
	cases := []struct {
		name      string
		u         *User
		run, tick bool // run meetings; complete an action owned by "prod"
	}{
		{"office role", &User{Login: "o", Dept: DeptSales, Role: RoleOffice}, true, true},
		{"office dept member", &User{Login: "clerk", Dept: DeptOffice, Role: RoleMember}, true, true},
		{"admin", &User{Login: "a", Dept: DeptProduction, Role: RoleAdmin}, true, true},
		{"owner", &User{Login: "prod", Dept: DeptProduction, Role: RoleHead}, false, true},
		{"other", &User{Login: "sales", Dept: DeptSales, Role: RoleMember}, false, false},
		{"gm", &User{Login: "gm", Dept: DeptManagement, Role: RoleGM}, false, false},
		{"disabled office", &User{Login: "o", Dept: DeptOffice, Role: RoleOffice, Disabled: true}, false, false},
		{"disabled owner", &User{Login: "prod", Dept: DeptProduction, Role: RoleHead, Disabled: true}, false, false},
		{"nobody", nil, false, false},
	}
	a := &ActionItem{ID: 1, Owner: "prod"}
	for _, c := range cases {
		if got := Can(c.u, ActMeetingRun); got != c.run {
			t.Errorf("%s: run %v, want %v", c.name, got, c.run)
		}
		if got := CanCompleteAction(c.u, a); got != c.tick {
			t.Errorf("%s: complete %v, want %v", c.name, got, c.tick)
		}
	}
	if err := Require(&User{Dept: DeptSales, Role: RoleMember}, ActMeetingRun); ErrorCode(err) != EFORBIDDEN ||
		!i18n.Has(err.(*Error).Text.Key) || err.(*Error).Text.Key != "err.forbidden.meeting.run" {
		t.Fatalf("require: %v", err)
	}
}

func TestMonthlyAgenda(t *testing.T) {
	m := NewMonthlyMeeting(Month{2026, time.November})
	if m.Kind != MeetingMonthly || m.Date != NewDate(2026, 11, 3) || m.Month != (Month{2026, time.October}) || m.Figures != nil {
		t.Fatalf("meeting %+v", m)
	}
	want := []struct{ key, zh, en string }{
		{"a", "上月产量与计划差异及原因", "last month's output vs plan and variance reasons"},
		{"b", "本月生产与协同事项", "this month's production and coordination items"},
		{"c", "订单交付达成情况", "order delivery achievement"},
		{"d", "销售预估准确率", "sales forecast accuracy"}, {"e", "市场动态", "market dynamics"}, {"f", "其他", "other"},
		{"dept.sales", "销售部 上月协同结果与本月计划", "Sales: last month's coordination results and this month's plan"},
		{"dept.production", "生产部 上月协同结果与本月计划", "Production: last month's coordination results and this month's plan"},
	}
	for i, w := range want {
		it := m.Items[i]
		if it.Key != w.key || m.ItemTitle(LangZH, it) != w.zh || m.ItemTitle(LangEN, it) != w.en {
			t.Errorf("item %d: %+v reads %q / %q, want %s %s / %s", i, it, m.ItemTitle(LangZH, it), m.ItemTitle(LangEN, it), w.key, w.zh, w.en)
		}
	}
	if len(m.Items) != 6+len(ReportingDepts) {
		t.Fatalf("%d items", len(m.Items))
	}
	if zh, en := m.TitleIn(LangZH), m.TitleIn(LangEN); !strings.Contains(zh, "2026年11月") || en != "monthly coordination meeting 2026-11" {
		t.Errorf("title %q / %q", zh, en)
	}
	// A weekly meeting keeps the titles the office wrote.
	w := &Meeting{Kind: MeetingSalesProd, Title: "产销周例会 2026-11-09", Items: []AgendaItem{{Key: "a", Title: "订单评审"}}}
	if w.TitleIn(LangEN) != w.Title || w.ItemTitle(LangEN, w.Items[0]) != "订单评审" {
		t.Errorf("weekly titles changed: %q %q", w.TitleIn(LangEN), w.ItemTitle(LangEN, w.Items[0]))
	}
	// January reviews December of the year before.
	if j := NewMonthlyMeeting(Month{2027, time.January}); j.Month != (Month{2026, time.December}) {
		t.Errorf("january reviews %v", j.Month)
	}
}

func TestMonthlyFigures(t *testing.T) {
	f := &MonthlyFigures{
		Output: []OutputRow{
			{Product: "YDF-XL18", Planned: 1200, Actual: 1100, Variance: -100, Reasons: []string{"设备故障", "原料不足"}},
			{Product: "P2", Planned: 300, Actual: 320, Variance: 20},
		},
		Forecast: PlanTotal{Period{PlanForecast, Month{2026, 11}, 0}, true, 5000},
		TenDays:  []PlanTotal{{Period{PlanTenDay, Month{2026, 11}, 1}, true, 1500}, {Period{PlanTenDay, Month{2026, 11}, 2}, false, 0}},
		OTIF:     Ratio{3, 4},
		Accuracy: Accuracy{OK: true, Value: 0.7333, Bias: -0.1, Forecast: 135, Actual: 150},
	}
	name := func(code string) string {
		if code == "YDF-XL18" {
			return "18g 香辣鱼豆腐"
		}
		return code
	}
	empty := &MonthlyFigures{Forecast: PlanTotal{Period: Period{PlanForecast, Month{2026, 11}, 0}}}
	cases := []struct {
		name string
		f    *MonthlyFigures
		lang string
		key  string
		want string
	}{
		{"output", f, LangZH, ItemOutput, "18g 香辣鱼豆腐 计划 1200 实际 1100 差异 -100：设备故障；原料不足\nP2 计划 300 实际 320 差异 20"},
		{"output en", f, LangEN, ItemOutput, "18g 香辣鱼豆腐 planned 1200 actual 1100 variance -100: 设备故障; 原料不足\nP2 planned 300 actual 320 variance 20"},
		{"no output", empty, LangZH, ItemOutput, "上月无生产日报"},
		{"no output en", empty, LangEN, ItemOutput, "no daily reports last month"},
		{"plan", f, LangZH, ItemPlan, "2026-11 预估销量表 已发布，合计 5000\n2026-11 上旬计划 已发布，合计 1500"},
		{"plan en", f, LangEN, ItemPlan, "Sales forecast 2026-11 published, total 5000\nTen-day plan 2026-11, days 1–10 published, total 1500"},
		{"no plan", empty, LangZH, ItemPlan, "2026-11 预估销量表 尚未发布"},
		{"delivery", f, LangZH, ItemDelivery, "准时足量交付率 3/4 = 75.0%\n交期答复及时率 无数据"},
		{"delivery en", f, LangEN, ItemDelivery, "On time in full 3/4 = 75.0%\nReply timeliness no data"},
		{"accuracy", f, LangZH, ItemAccuracy, "准确率 73.3%，偏差 -10.0%（预估 135，实际发货 150）"},
		{"no accuracy", empty, LangEN, ItemAccuracy, "no actuals"},
		{"market", f, LangZH, ItemMarket, ""},
		{"none", nil, LangZH, ItemOutput, ""},
	}
	for _, c := range cases {
		if got := strings.Join(c.f.Lines(c.lang, c.key, name), "\n"); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestMeetingValidation(t *testing.T) {
	m := &Meeting{Date: NewDate(2026, 11, 3)}
	cases := []struct {
		name   string
		d      Decision
		fields []string
	}{
		{"ok", Decision{Text: "补充包材库存", Owner: "prod", Due: NewDate(2026, 11, 3)}, nil},
		{"empty", Decision{}, []string{"text", "owner", "due"}},
		{"before meeting", Decision{Text: "x", Owner: "prod", Due: NewDate(2026, 11, 2)}, []string{"due"}},
		{"too long", Decision{Text: strings.Repeat("字", MaxDecisionText+1), Owner: "p", Due: NewDate(2027, 1, 1)}, []string{"text"}},
	}
	for _, c := range cases {
		got := FieldErrors(ValidateDecision(m, c.d))
		if len(got) != len(c.fields) {
			t.Errorf("%s: %v, want %v", c.name, got, c.fields)
		}
		for _, f := range c.fields {
			if _, ok := got[f]; !ok {
				t.Errorf("%s: no error on %s", c.name, f)
			}
		}
	}

	edit := []struct {
		name   string
		m      Meeting
		fields []string
	}{
		{"ok", Meeting{Title: "周会", Items: []AgendaItem{{Key: "1", Title: "甲"}, {Key: "2", Title: "乙", Notes: "多\n行"}}}, nil},
		{"dup key", Meeting{Title: "周会", Items: []AgendaItem{{Key: "1", Title: "甲"}, {Key: "1", Title: "乙"}}}, []string{"rows.2.key"}},
		{"blank", Meeting{Items: []AgendaItem{{Title: ""}}}, []string{"title", "rows.1.key", "rows.1.title"}},
	}
	for _, c := range edit {
		got := FieldErrors(c.m.ValidateEdit())
		if len(got) != len(c.fields) {
			t.Errorf("%s: %v, want %v", c.name, got, c.fields)
		}
		for _, f := range c.fields {
			if _, ok := got[f]; !ok {
				t.Errorf("%s: no error on %s", c.name, f)
			}
		}
	}

	tpl := []struct {
		name   string
		t      MeetingTemplate
		fields []string
	}{
		{"ok", MeetingTemplate{Kind: MeetingCustom, Name: "质量专题会", Items: []string{"不良趋势"}}, nil},
		{"monthly", MeetingTemplate{Kind: MeetingMonthly, Name: "x", Items: []string{"y"}}, []string{"kind"}},
		{"empty", MeetingTemplate{}, []string{"kind", "name", "items"}},
		{"blank item", MeetingTemplate{Kind: MeetingSalesProd, Name: "x", Items: []string{" "}}, []string{"rows.1.title"}},
	}
	for _, c := range tpl {
		got := FieldErrors(c.t.Validate())
		if len(got) != len(c.fields) {
			t.Errorf("template %s: %v, want %v", c.name, got, c.fields)
		}
	}
	for _, d := range DefaultTemplates() {
		if err := d.Validate(); err != nil {
			t.Errorf("default template %s: %v", d.Name, err)
		}
	}
	if got := CleanAttendees([]string{" prod ", "", "sales", "prod"}); strings.Join(got, ",") != "prod,sales" {
		t.Errorf("attendees %v", got)
	}
}

func TestTargetsAndKPIValues(t *testing.T) {
	cases := []struct {
		name   string
		ts     []KPITarget
		fields []string
	}{
		{"ok", []KPITarget{{KPIOTIF, 0.8, 0.95}, {KPIDefectRate, 0.01, 0.005}}, nil},
		{"empty", nil, nil},
		{"bad", []KPITarget{{"nope", -0.1, 1.5}}, []string{"rows.1.kpi", "rows.1.current", "rows.1.target"}},
		{"dup", []KPITarget{{KPIOTIF, 0, 1}, {KPIOTIF, 0, 1}}, []string{"rows.2.kpi"}},
		{"nan", []KPITarget{{KPIOTIF, math.NaN(), 1}}, []string{"rows.1.current"}},
	}
	for _, c := range cases {
		got := FieldErrors(ValidateTargets(c.ts))
		if len(got) != len(c.fields) {
			t.Errorf("%s: %v, want %v", c.name, got, c.fields)
		}
	}
	m := Month{2026, 10}
	ts := []KPITarget{{KPIOTIF, 0.8, 0.9}, {KPIDefectRate, 0.02, 0.01}}
	vals := []struct {
		v       KPIValue
		value   float64
		ok, met bool
		target  bool
	}{
		{KPIValueOf(KPIOTIF, m, Ratio{9, 10}).WithTarget(ts), 0.9, true, true, true},
		{KPIValueOf(KPIOTIF, m, Ratio{}).WithTarget(ts), 0, false, false, true},
		{KPIValueOf(KPIDefectRate, m, Ratio{1, 200}).WithTarget(ts), 0.005, true, true, true},
		{KPIValueOf(KPIDefectRate, m, Ratio{3, 100}).WithTarget(ts), 0.03, true, false, true},
		{KPIValueOf(KPIReplyTimeliness, m, Ratio{1, 2}).WithTarget(ts), 0.5, true, false, false},
		{KPIFromAccuracy(Accuracy{Month: m, OK: true, Value: 0.75, Actual: 80, AbsError: 20}), 0.75, true, false, false},
		{KPIFromAccuracy(Accuracy{Month: m}), 0, false, false, false},
	}
	for i, c := range vals {
		if c.v.Value != c.value || c.v.OK != c.ok || c.v.Met() != c.met || (c.v.Target != nil) != c.target || c.v.Month != m {
			t.Errorf("%d: %+v", i, c.v)
		}
		if c.v.OK && c.v.Den != 0 && math.Abs(float64(c.v.Num)/float64(c.v.Den)-c.v.Value) > 1e-12 {
			t.Errorf("%d: num/den %d/%d vs %v", i, c.v.Num, c.v.Den, c.v.Value)
		}
	}
	items := []DueItem{
		{Dept: DeptSales, State: DueOnTime}, {Dept: DeptSales, State: DueLate},
		{Dept: DeptProduction, State: DueMissing}, {Dept: DeptProduction, State: DuePending},
	}
	if r := SubmissionTimeliness(items, ""); r != (Ratio{1, 3}) {
		t.Errorf("all %+v", r)
	}
	if r := SubmissionTimeliness(items, DeptProduction); r != (Ratio{0, 1}) {
		t.Errorf("production %+v", r)
	}
	if r := SubmissionTimeliness(items, DeptRnD); r != (Ratio{}) {
		t.Errorf("rnd %+v", r)
	}
	for _, k := range KPIs {
		if !k.Valid() || !i18n.Has(k.Text().Key) {
			t.Errorf("kpi %s", k)
		}
	}
	for _, k := range MeetingKinds {
		if !i18n.Has(k.Text().Key) {
			t.Errorf("kind %s", k)
		}
	}
}

func TestActionItemOrder(t *testing.T) {
	today := NewDate(2026, 11, 10)
	items := []*ActionItem{{ID: 3, Due: NewDate(2026, 11, 12)}, {ID: 2, Due: NewDate(2026, 11, 9)}, {ID: 1, Due: NewDate(2026, 11, 12)}}
	SortActionItems(items)
	if items[0].ID != 2 || items[1].ID != 1 || items[2].ID != 3 {
		t.Fatalf("order %v %v %v", items[0].ID, items[1].ID, items[2].ID)
	}
	if !items[0].Overdue(today) || items[1].Overdue(today) {
		t.Error("overdue")
	}
	items[0].Done = time.Now()
	if items[0].Overdue(today) || !items[0].IsDone() {
		t.Error("done is not overdue")
	}
}
