package model

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var shopProducts = ProductLookup(func(code string) *Product {
	switch code {
	case "P1":
		return &Product{Code: "P1", Variants: []Variant{{Code: "std"}, {Code: "mark"}}, DefaultVariant: "std"}
	case "P2":
		return &Product{Code: "P2"}
	}
	return nil
})

func goodReport() *DailyReport {
	return &DailyReport{Date: NewDate(2026, 12, 1), Line: "1号线", Shift: ShiftDay, Rows: []ReportRow{
		{Product: "P1", Variant: "mark", Planned: 100, Actual: 90, Defect: 2, DefectReason: "D01"},
		{Product: "P2", Planned: 50, Actual: 50, DowntimeMin: 30, DowntimeCause: "换模"},
	}}
}

func TestDailyReportValidate(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(r *DailyReport)
		fields []string // nil: valid
	}{
		{"good", func(*DailyReport) {}, nil},
		{"defect with note only", func(r *DailyReport) { r.Rows[0].DefectReason, r.Rows[0].DefectNote = "", "划伤" }, nil},
		{"no line", func(r *DailyReport) { r.Line = "" }, []string{"line"}},
		{"line too long", func(r *DailyReport) { r.Line = strings.Repeat("线", 33) }, []string{"line"}},
		{"line with bar", func(r *DailyReport) { r.Line = "a|b" }, []string{"line"}},
		{"bad shift", func(r *DailyReport) { r.Shift = "evening" }, []string{"shift"}},
		{"no date", func(r *DailyReport) { r.Date = Date{} }, []string{"date"}},
		{"no rows", func(r *DailyReport) { r.Rows = nil }, []string{"rows"}},
		{"too many rows", func(r *DailyReport) {
			for len(r.Rows) <= MaxReportRows {
				r.Rows = append(r.Rows, ReportRow{Product: "P2"})
			}
		}, []string{"rows"}},
		{"unknown product", func(r *DailyReport) { r.Rows[1].Product = "P9" }, []string{"rows.2.product"}},
		{"unknown variant", func(r *DailyReport) { r.Rows[0].Variant = "xx" }, []string{"rows.1.variant"}},
		{"negative actual", func(r *DailyReport) { r.Rows[1].Actual = -1 }, []string{"rows.2.actual"}},
		{"planned too big", func(r *DailyReport) { r.Rows[1].Planned = MaxQty + 1 }, []string{"rows.2.planned"}},
		{"defect over actual", func(r *DailyReport) { r.Rows[0].Defect = 91 }, []string{"rows.1.defect"}},
		{"defect without reason", func(r *DailyReport) { r.Rows[0].DefectReason = "" }, []string{"rows.1.defect_reason"}},
		{"unknown reason", func(r *DailyReport) { r.Rows[0].DefectReason = "ZZ" }, []string{"rows.1.defect_reason"}},
		{"downtime without cause", func(r *DailyReport) { r.Rows[1].DowntimeCause = " " }, []string{"rows.2.downtime_cause"}},
		{"downtime over a day", func(r *DailyReport) { r.Rows[1].DowntimeMin = 1441 }, []string{"rows.2.downtime_min"}},
		{"note on two lines", func(r *DailyReport) { r.Rows[0].DefectNote = "a\nb" }, []string{"rows.1.defect_note"}},
		{"cause too long", func(r *DailyReport) { r.Rows[1].DowntimeCause = strings.Repeat("x", MaxLineText+1) }, []string{"rows.2.downtime_cause"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := goodReport()
			tt.edit(r)
			err := r.Validate(shopProducts, DefaultDefectReasons)
			checkFields(t, err, tt.fields)
		})
	}
}

// checkFields fails unless err is nil (fields nil) or EINVALID naming
// exactly fields, with every message in the catalogue.
func checkFields(t *testing.T, err error, fields []string) {
	t.Helper()
	if fields == nil {
		if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
		return
	}
	if ErrorCode(err) != EINVALID {
		t.Fatalf("error %v, want invalid %v", err, fields)
	}
	got := FieldErrors(err)
	var names []string
	for k := range got {
		names = append(names, k)
	}
	slices.Sort(names)
	want := slices.Sorted(slices.Values(fields))
	if !slices.Equal(names, want) {
		t.Fatalf("fields %v, want %v (%v)", names, want, err)
	}
	e := err.(*Error)
	e.Fields = nil
	checkTexts(t, e)
	for _, txt := range got {
		checkTexts(t, &Error{Code: EINVALID, Text: txt})
	}
}

func TestDefectReasonsValidate(t *testing.T) {
	checkFields(t, ValidateDefectReasons(DefaultDefectReasons), nil)
	checkFields(t, ValidateDefectReasons(nil), []string{"rows"})
	checkFields(t, ValidateDefectReasons([]DefectReason{{"A", "x"}, {"A", "y"}, {"B", ""}}), []string{"rows.2.code", "rows.3.name"})
}

func TestAnomalyValidate(t *testing.T) {
	good := func() *Anomaly {
		return &Anomaly{Category: AnomalyEquipment, Severity: 1, Text: "灌装机故障", Products: []string{"P1"}, Lines: []uint64{1, 2}, DelayDays: 2}
	}
	tests := []struct {
		name   string
		edit   func(a *Anomaly)
		fields []string
	}{
		{"good", func(*Anomaly) {}, nil},
		{"severity 7", func(a *Anomaly) { a.Severity = 7 }, []string{"severity"}},
		{"severity 0", func(a *Anomaly) { a.Severity = 0 }, []string{"severity"}},
		{"empty text", func(a *Anomaly) { a.Text = "  " }, []string{"text"}},
		{"text too long", func(a *Anomaly) { a.Text = strings.Repeat("x", MaxLineText+1) }, []string{"text"}},
		{"bad category", func(a *Anomaly) { a.Category = "weather" }, []string{"category"}},
		{"negative delay", func(a *Anomaly) { a.DelayDays = -1 }, []string{"delay_days"}},
		{"delay over a year", func(a *Anomaly) { a.DelayDays = 366 }, []string{"delay_days"}},
		{"repeated line", func(a *Anomaly) { a.Lines = []uint64{1, 1} }, []string{"lines"}},
		{"too many lines", func(a *Anomaly) {
			a.Lines = nil
			for i := range MaxAnomalyLines + 1 {
				a.Lines = append(a.Lines, uint64(i+1))
			}
		}, []string{"lines"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := good()
			tt.edit(a)
			checkFields(t, a.Validate(), tt.fields)
		})
	}
}

func TestFeedbackValidate(t *testing.T) {
	good := func() *Feedback {
		return &Feedback{CustomerID: 1, Product: "P1", Problem: "胀袋", QtyAffected: 20, Route: RouteQuality}
	}
	tests := []struct {
		name   string
		edit   func(f *Feedback)
		fields []string
	}{
		{"good", func(*Feedback) {}, nil},
		{"rnd, no qty", func(f *Feedback) { f.Route, f.QtyAffected = RouteRnD, 0 }, nil},
		{"no customer", func(f *Feedback) { f.CustomerID = 0 }, []string{"customer"}},
		{"no product", func(f *Feedback) { f.Product = "" }, []string{"product"}},
		{"no problem", func(f *Feedback) { f.Problem = "" }, []string{"problem"}},
		{"negative qty", func(f *Feedback) { f.QtyAffected = -1 }, []string{"qty_affected"}},
		{"bad route", func(f *Feedback) { f.Route = "sales" }, []string{"route"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := good()
			tt.edit(f)
			checkFields(t, f.Validate(), tt.fields)
		})
	}
}

func TestMonthlyOutput(t *testing.T) {
	dec := Month{2026, time.December}
	rep := func(day int, rows ...ReportRow) *DailyReport {
		return &DailyReport{Date: NewDate(2026, 12, day), Line: "1号线", Shift: ShiftDay, Rows: rows}
	}
	reports := []*DailyReport{
		rep(1, ReportRow{Product: "P1", Planned: 1000, Actual: 900, Defect: 10, DefectReason: "D01", DowntimeMin: 30, DowntimeCause: "换模"},
			ReportRow{Product: "P2", Planned: 500, Actual: 520}),
		rep(2, ReportRow{Product: "P1", Planned: 1000, Actual: 950, Defect: 5, DefectReason: "D03", DowntimeMin: 20, DowntimeCause: "换模"}),
		rep(3, ReportRow{Product: "P1", Variant: "mark", Planned: 500, Actual: 400, Defect: 4, DefectReason: "D01", DefectNote: "划伤", Notes: "停电"}),
		// other months are left out
		{Date: NewDate(2026, 11, 30), Line: "1号线", Shift: ShiftNight, Rows: []ReportRow{{Product: "P1", Planned: 9999, Actual: 1}}},
		{Date: NewDate(2027, 1, 1), Line: "1号线", Shift: ShiftDay, Rows: []ReportRow{{Product: "P2", Planned: 9999}}},
		// a code dropped from the list shows as the code
		rep(4, ReportRow{Product: "P2", Planned: 100, Actual: 90, Defect: 1, DefectReason: "OLD"}),
	}
	want := []OutputRow{
		{Product: "P1", Planned: 2500, Actual: 2250, Variance: -250, Defect: 19, Downtime: 50,
			Reasons: []string{"外观不良", "换模", "封口不良", "划伤", "停电"}},
		{Product: "P2", Planned: 600, Actual: 610, Variance: 10, Defect: 1, Reasons: []string{"OLD"}},
	}
	got := MonthlyOutput(reports, dec, DefaultDefectReasons...)
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
	if got := MonthlyOutput(reports, Month{2026, time.October}); len(got) != 0 {
		t.Errorf("empty month: %+v", got)
	}
}

func TestAnomalyTarget(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	cal := NewCalendar(loc, []Date{NewDate(2026, 12, 7)}, nil) // Monday 7 Dec a holiday
	fri := time.Date(2026, 12, 4, 10, 15, 0, 0, loc)
	sat := time.Date(2026, 12, 5, 16, 0, 0, 0, loc)
	tests := []struct {
		sev     int
		targets AnomalyTargets
		filed   time.Time
		want    time.Time
	}{
		{1, AnomalyTargets{}, fri, fri.Add(30 * time.Minute)},
		{2, DefaultAnomalyTargets, fri, fri.Add(2 * time.Hour)},
		{3, DefaultAnomalyTargets, fri, time.Date(2026, 12, 5, 10, 15, 0, 0, loc)}, // Saturday is worked
		{3, DefaultAnomalyTargets, sat, time.Date(2026, 12, 8, 16, 0, 0, 0, loc)},  // Sunday off, Monday holiday
		{1, AnomalyTargets{Sev1: 10 * time.Minute}, fri, fri.Add(10 * time.Minute)},
		{3, AnomalyTargets{Sev3Days: 2}, fri, time.Date(2026, 12, 8, 10, 15, 0, 0, loc)},
	}
	for i, tt := range tests {
		if got := tt.targets.Target(tt.sev, cal, tt.filed); !got.Equal(tt.want) {
			t.Errorf("%d: severity %d filed %s: %s, want %s", i, tt.sev, tt.filed, got, tt.want)
		}
	}
	if got := AnomalyTarget(1, cal, fri); !got.Equal(fri.Add(30 * time.Minute)) {
		t.Errorf("AnomalyTarget: %s", got)
	}
	a := &Anomaly{Severity: 1, FiledAt: fri, Status: AnomalyOpen}
	if a.Overdue(DefaultAnomalyTargets, cal, fri.Add(30*time.Minute)) || !a.Overdue(DefaultAnomalyTargets, cal, fri.Add(31*time.Minute)) {
		t.Error("overdue at 30/31 minutes")
	}
	if _, ok := a.ResponseTime(); ok {
		t.Error("response time before ack")
	}
	a.AckAt = fri.Add(12 * time.Minute)
	if d, ok := a.ResponseTime(); !ok || d != 12*time.Minute {
		t.Errorf("response time %s", d)
	}
	if a.Overdue(DefaultAnomalyTargets, cal, fri.Add(time.Hour)) {
		t.Error("acknowledged anomaly overdue")
	}
}

func TestAnomalyRank(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	as := []*Anomaly{
		{ID: 1, Severity: 3, FiledAt: t0},
		{ID: 2, Severity: 1, FiledAt: t0.Add(time.Hour)},
		{ID: 3, Severity: 2, FiledAt: t0},
		{ID: 4, Severity: 1, FiledAt: t0},
		{ID: 5, Severity: 1, FiledAt: t0},
	}
	slices.SortFunc(as, AnomalyRank)
	var ids []uint64
	for _, a := range as {
		ids = append(ids, a.ID)
	}
	if want := []uint64{4, 5, 2, 3, 1}; !slices.Equal(ids, want) {
		t.Fatalf("order %v, want %v", ids, want)
	}
}

func TestAtRiskLines(t *testing.T) {
	today := NewDate(2026, 12, 1)
	mk := func(id uint64, p string, s LineStatus, promised Date) *OrderLine {
		return &OrderLine{ID: id, ProductCode: p, Status: s, PromisedDate: promised}
	}
	lines := []*OrderLine{
		mk(1, "P1", LineAnswered, today),                // first day: in
		mk(2, "P1", LineInProduction, today.AddDays(2)), // last day: in
		mk(3, "P1", LineAnswered, today.AddDays(3)),     // after: out
		mk(4, "P1", LineAnswered, today.AddDays(-1)),    // already late: out
		mk(5, "P2", LineAnswered, today.AddDays(1)),     // other product: out
		mk(6, "P1", LineSent, Date{}),                   // not committed: out
		mk(7, "P1", LineShipped, today.AddDays(1)),      // shipped: out
		mk(8, "P1", LineAtRisk, today.AddDays(1)),       // at risk already: in
	}
	var got []uint64
	for _, l := range AtRiskLines(lines, []string{"P1"}, today, 2) {
		got = append(got, l.ID)
	}
	if want := []uint64{1, 2, 8}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	got = nil
	for _, l := range AtRiskLines(lines, nil, today, 0) {
		got = append(got, l.ID)
	}
	if want := []uint64{1}; !slices.Equal(got, want) {
		t.Fatalf("all products, no delay: got %v, want %v", got, want)
	}
}

func TestMarkAndClearAnomalyRisk(t *testing.T) {
	by := &User{Login: "shop", Dept: DeptProduction, Role: RoleMember}
	now := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	today := NewDate(2026, 12, 1)
	a := &Anomaly{ID: 12, Text: "灌装机\n故障", DelayDays: 2}
	l := &OrderLine{ID: 3, Status: LineInProduction, PromisedDate: NewDate(2026, 12, 2)}
	m, ok := l.MarkAnomalyRisk(by, now, today, a)
	if !ok || m.Before != LineInProduction || l.Status != LineAtRisk || l.AnomalyID != 12 ||
		l.RiskDate != NewDate(2026, 12, 4) || l.RiskReason != "异常 #12: 灌装机 故障" {
		t.Fatalf("marked: %v %+v", ok, l)
	}
	if h := l.History[len(l.History)-1]; h.Kind != EvRisk || h.By != "shop" || h.To != LineAtRisk {
		t.Fatalf("history %+v", h)
	}
	cal := NewCalendar(shanghai, nil, nil)
	// Resolved with no actual delay: the promise stands, never earlier.
	if !l.ClearAnomalyRisk(by, now, cal, 12, m, "修好", 0, ResolveDelay) || l.Status != LineInProduction || l.AnomalyID != 0 ||
		l.RiskReason != "" || !l.RiskDate.IsZero() || l.PromisedDate != NewDate(2026, 12, 2) {
		t.Fatalf("cleared: %+v", l)
	}
	if h := l.History[len(l.History)-1]; h.Kind != EvUnrisk || h.To != LineInProduction {
		t.Fatalf("history %+v", h)
	}
	if l.ClearAnomalyRisk(by, now, cal, 12, m, "", 0, ResolveDelay) {
		t.Fatal("cleared twice")
	}
	// Resolved with 3 working days' delay: Wednesday 12-02 → Saturday 12-05.
	m, _ = l.MarkAnomalyRisk(by, now, today, a)
	if !l.ClearAnomalyRisk(by, now, cal, 12, m, "修好", 3, ResolveDelay) || l.PromisedDate != NewDate(2026, 12, 5) || l.Status != LineInProduction {
		t.Fatalf("delayed: %+v", l)
	}
	// Resolved for production to answer again: back in the queue with a
	// new reply deadline, the promise kept meanwhile.
	m, _ = l.MarkAnomalyRisk(by, now, today, a)
	if !l.ClearAnomalyRisk(by, now, cal, 12, m, "修好", 3, ResolveReanswer) || l.Status != LineSent || !InQueue(l) ||
		l.PromisedDate != NewDate(2026, 12, 5) || !l.ReplyDue.Equal(cal.EndOfNextWorkingDay(now).UTC()) || !l.RepliedAt.IsZero() {
		t.Fatalf("to answer again: %+v", l)
	}
	// a sent line without promise: today + delay
	s := &OrderLine{ID: 4, Status: LineSent}
	if _, ok := s.MarkAnomalyRisk(by, now, today, a); !ok || s.RiskDate != NewDate(2026, 12, 3) {
		t.Fatalf("sent: %+v", s)
	}
	// a draft line is not marked
	d := &OrderLine{ID: 5, Status: LineDraft}
	if _, ok := d.MarkAnomalyRisk(by, now, today, a); ok || len(d.History) != 0 {
		t.Fatalf("draft marked: %+v", d)
	}
	if r := AnomalyRiskReason(1, strings.Repeat("长", 100)); len([]rune(r)) != MaxRiskReasonLen {
		t.Fatalf("reason %q", r)
	}
}

func TestFeedbackKPIs(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, loc) }
	resp := func(ts ...time.Time) []FeedbackResponse {
		var out []FeedbackResponse
		for _, x := range ts {
			out = append(out, FeedbackResponse{At: x})
		}
		return out
	}
	fs := []*Feedback{
		// due 2 Dec, answered in time
		{ID: 1, Product: "P1", QtyAffected: 30, FiledAt: at(12, 1, 9), Due: at(12, 2, 9), Responses: resp(at(12, 1, 15))},
		// due 10 Dec, answered late (the earliest response counts, whatever its place)
		{ID: 2, Product: "P2", QtyAffected: 10, FiledAt: at(12, 9, 9), Due: at(12, 10, 9), Responses: resp(at(12, 10, 11), at(12, 10, 10))},
		// due 31 Dec 23:00 local (in December), not answered
		{ID: 3, Product: "P1", QtyAffected: 0, FiledAt: at(12, 30, 23), Due: at(12, 31, 23)},
		// filed and due in November
		{ID: 4, Product: "P1", QtyAffected: 99, FiledAt: at(11, 20, 9), Due: at(11, 21, 9), Responses: resp(at(11, 21, 9))},
		// filed 30 Nov, due 1 Dec: timeliness in December, defects in November
		{ID: 5, Product: "P3", QtyAffected: 5, FiledAt: at(11, 30, 12), Due: at(12, 1, 12), Responses: resp(at(12, 1, 12))},
	}
	ship := func(p string, ss ...Shipment) *OrderLine { return &OrderLine{ProductCode: p, Shipments: ss} }
	d := func(m time.Month, day int) Date { return NewDate(2026, m, day) }
	lines := []*OrderLine{
		ship("P1", Shipment{Qty: 1000, Date: d(12, 1)}, Shipment{Qty: 500, Date: d(11, 28)}),
		ship("P1", Shipment{Qty: 500, Date: d(12, 15)}),
		ship("P2", Shipment{Qty: 200, Date: d(12, 31)}),
	}
	dec, nov, oct := Month{2026, time.December}, Month{2026, time.November}, Month{2026, time.October}
	tests := []struct {
		name       string
		m          Month
		timeliness Ratio
		rate       Ratio
		by         []ProductDefectRate
	}{
		// Dec: due 1, 2, 3, 5 → 4, on time 1 and 5. Defects 30+10+0 over 1000+500+200.
		{"december", dec, Ratio{2, 4}, Ratio{40, 1700}, []ProductDefectRate{
			{"P1", Ratio{30, 1500}}, {"P2", Ratio{10, 200}}}},
		// Nov: due 4 on time; defects 99+5 over 500; P3 has no shipments.
		{"november", nov, Ratio{1, 1}, Ratio{104, 500}, []ProductDefectRate{
			{"P1", Ratio{99, 500}}, {"P3", Ratio{5, 0}}}},
		// Oct: nothing at all: no data
		{"no shipments", oct, Ratio{0, 0}, Ratio{0, 0}, []ProductDefectRate{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := ComputeFeedbackKPI(fs, ShippedByProduct(lines, tt.m), tt.m, loc)
			if k.Timeliness != tt.timeliness {
				t.Errorf("timeliness %+v, want %+v", k.Timeliness, tt.timeliness)
			}
			if k.DefectRate != tt.rate {
				t.Errorf("defect rate %+v, want %+v", k.DefectRate, tt.rate)
			}
			if !slices.Equal(k.ByProduct, tt.by) {
				t.Errorf("by product %+v, want %+v", k.ByProduct, tt.by)
			}
			if k.DefectRate.Den == 0 {
				if _, ok := k.DefectRate.Value(); ok {
					t.Error("no shipments but a value")
				}
			}
		})
	}
}

func TestShopFloorPermissions(t *testing.T) {
	u := func(d Department, r Role) *User { return &User{Login: "x", Dept: d, Role: r} }
	tests := []struct {
		u    *User
		act  Action
		want bool
	}{
		{u(DeptProduction, RoleMember), ActReportSubmit, true},
		{u(DeptSales, RoleHead), ActReportSubmit, false},
		{u(DeptQuality, RoleLead), ActDefectReasons, true},
		{u(DeptQuality, RoleMember), ActDefectReasons, false},
		{u(DeptSales, RoleMember), ActAnomalyFile, true},
		{u(DeptOffice, RoleAdmin), ActAnomalyFile, true},
		{&User{Login: "x", Dept: DeptProduction, Role: RoleHead, Disabled: true}, ActAnomalyFile, false},
		{u(DeptProduction, RoleLead), ActAnomalyHandle, true},
		{u(DeptProduction, RoleMember), ActAnomalyHandle, false},
		{u(DeptSales, RoleMember), ActFeedbackFile, true},
		{u(DeptQuality, RoleMember), ActFeedbackFile, false},
		{u(DeptQuality, RoleMember), ActFeedbackRespond, true},
		{u(DeptRnD, RoleMember), ActFeedbackRespond, true},
		{u(DeptSales, RoleHead), ActFeedbackRespond, false},
	}
	for i, tt := range tests {
		if got := Can(tt.u, tt.act); got != tt.want {
			t.Errorf("%d: Can(%s/%s, %s) = %v", i, tt.u.Dept, tt.u.Role, tt.act, got)
		}
	}
	qlead := u(DeptQuality, RoleLead)
	if !CanHandleAnomaly(qlead, &Anomaly{Category: AnomalyQuality}) || CanHandleAnomaly(qlead, &Anomaly{Category: AnomalyEquipment}) {
		t.Error("quality lead and quality anomalies")
	}
	qa, rnd := u(DeptQuality, RoleMember), u(DeptRnD, RoleMember)
	fq, fr := &Feedback{Route: RouteQuality}, &Feedback{Route: RouteRnD}
	if !CanAnswerFeedback(qa, fq) || CanAnswerFeedback(qa, fr) || !CanAnswerFeedback(rnd, fr) || CanAnswerFeedback(rnd, fq) {
		t.Error("feedback routes")
	}
	for _, a := range []Action{ActReportSubmit, ActDefectReasons, ActAnomalyFile, ActAnomalyHandle, ActFeedbackFile, ActFeedbackRespond} {
		if e := Forbidden(a); e.Text.Key != "err.forbidden."+string(a) {
			t.Errorf("no worded refusal for %s", a)
		}
	}
	checkTexts(t, RequireAnswerFeedback(qa, fr).(*Error))
	for _, c := range AnomalyCategories {
		checkTexts(t, &Error{Text: c.Text()})
	}
	for _, s := range AnomalyStatuses {
		checkTexts(t, &Error{Text: s.Text()})
	}
	for _, s := range []Text{ShiftDay.Text(), ShiftNight.Text(), RouteQuality.Text(), RouteRnD.Text(), EvUnrisk.Text(),
		FeedbackOpen.Text(), FeedbackResponded.Text(), FeedbackClosed.Text()} {
		checkTexts(t, &Error{Text: s})
	}
}
