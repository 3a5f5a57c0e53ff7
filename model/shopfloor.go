package model

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Shop-floor records (docs/DOMAIN.md#shop-floor,
// docs/DOMAIN.md#quality-feedback): production daily reports, anomaly
// reports and customer quality feedback. Types are declared in
// shopfloor_services.go; this file holds their rules.

// Limits on shop-floor records.
const (
	MaxReportLineName = 32   // production line name, e.g. "1号线"
	MaxReportRows     = 50   // rows of one daily report
	MaxDowntimeMin    = 1440 // a day
	MaxDelayDays      = 365  // expected or actual delay of an anomaly
	MaxAnomalyLines   = 50   // order lines one anomaly names
	MaxAnomalyProds   = 50   // products one anomaly names
	MaxDefectReasons  = 50   // entries of the defect reason list
	MaxBatchLen       = 32   // feedback batch number or production date
	MaxRiskReasonLen  = 60   // the line's risk reason written by an anomaly
)

// DefaultDefectReasons seeds the defect reason list of a new data file.
var DefaultDefectReasons = []DefectReason{
	{Code: "D01", Name: "外观不良"},
	{Code: "D02", Name: "重量不足"},
	{Code: "D03", Name: "封口不良"},
	{Code: "D04", Name: "异物"},
	{Code: "D99", Name: "其他"},
}

// Shifts lists the shifts.
var Shifts = []Shift{ShiftDay, ShiftNight}

// Valid reports whether s is a known shift.
func (s Shift) Valid() bool { return s == ShiftDay || s == ShiftNight }

// Text is the shift's name for people.
func (s Shift) Text() Text { return T("shift." + string(s)) }

// ReportKey is the key of a daily report: "2026-12-01|1号线|day".
func ReportKey(d Date, line string, shift Shift) string {
	return d.String() + "|" + line + "|" + string(shift)
}

// Key is the report's ReportKey.
func (r *DailyReport) Key() string { return ReportKey(r.Date, r.Line, r.Shift) }

// ValidateReportKey checks the date, line and shift that identify a report.
func ValidateReportKey(v Invalid, d Date, line string, shift Shift) {
	if d.IsZero() {
		v.Add("date", "val.required")
	}
	ValidateText(v, "line", line, true, MaxReportLineName, false)
	if strings.Contains(line, "|") {
		v.Add("line", "val.no_bar")
	}
	if !shift.Valid() {
		v.Add("shift", "val.shift")
	}
}

// CheckReportDay refuses a report dated after today: a report says what was
// made, so its day has begun.
func CheckReportDay(v Invalid, d, today Date) {
	if !d.IsZero() && d.After(today) {
		v.Add("date", "val.date_future", today.String())
	}
}

// reasonName is the name of the reason coded code in list, "" if none.
func reasonName(list []DefectReason, code string) string {
	for _, r := range list {
		if r.Code == code {
			return r.Name
		}
	}
	return ""
}

// checkCount checks a count field 0..max.
func checkCount(v Invalid, field string, n, max int64) {
	if n < 0 || n > max {
		v.Add(field, "val.whole", 0, max)
	}
}

// Validate checks a report as entered: line 1..32 characters, shift day or
// night, 1..MaxReportRows rows; in each row the product (and variant, if
// given) must exist when products is not nil, planned/actual/defect are
// 0..MaxQty with defect ≤ actual, a defect needs a reason code from
// reasons or a note, downtime is 0..1440 minutes and needs a cause, texts
// are at most MaxLineText single-line characters (notes may span lines).
// Row fields are named "rows.N.field", N 1-based. Each row's variant is
// resolved to its code (it may be typed by name; empty is the default).
func (r *DailyReport) Validate(products ProductLookup, reasons []DefectReason) error {
	v := Invalid{}
	ValidateReportKey(v, r.Date, r.Line, r.Shift)
	switch {
	case len(r.Rows) == 0:
		v.Add("rows", "val.no_rows")
	case len(r.Rows) > MaxReportRows:
		v.Add("rows", "val.too_many_rows", MaxReportRows)
	}
	for i, row := range r.Rows {
		if i >= MaxReportRows {
			break
		}
		f := func(name string) string { return "rows." + strconv.Itoa(i+1) + "." + name }
		r.Rows[i].Variant = CheckVariant(v, f(""), row.Product, row.Variant, products)
		checkCount(v, f("planned"), row.Planned, MaxQty)
		checkCount(v, f("actual"), row.Actual, MaxQty)
		checkCount(v, f("defect"), row.Defect, MaxQty)
		if _, bad := v[f("defect")]; !bad && row.Defect > row.Actual && row.Actual >= 0 {
			v.Add(f("defect"), "val.defect_over_actual", row.Actual)
		}
		if row.DefectReason != "" && reasonName(reasons, row.DefectReason) == "" {
			v.Add(f("defect_reason"), "val.unknown_reason", row.DefectReason)
		}
		ValidateText(v, f("defect_note"), row.DefectNote, false, MaxLineText, false)
		if row.Defect > 0 && row.DefectReason == "" && strings.TrimSpace(row.DefectNote) == "" {
			v.Add(f("defect_reason"), "val.defect_reason")
		}
		checkCount(v, f("downtime_min"), int64(row.DowntimeMin), MaxDowntimeMin)
		ValidateText(v, f("downtime_cause"), row.DowntimeCause, row.DowntimeMin > 0, MaxLineText, false)
		ValidateText(v, f("notes"), row.Notes, false, MaxLineText, true)
	}
	return v.Err()
}

// ValidateDefectReasons checks the defect reason list: 1..MaxDefectReasons
// entries, codes valid and unique, names required single-line ≤ 32.
// Fields are "rows.N.code" and "rows.N.name".
func ValidateDefectReasons(list []DefectReason) error {
	v := Invalid{}
	switch {
	case len(list) == 0:
		v.Add("rows", "val.no_rows")
	case len(list) > MaxDefectReasons:
		v.Add("rows", "val.too_many_rows", MaxDefectReasons)
	}
	seen := map[string]int{}
	for i, r := range list {
		n := strconv.Itoa(i + 1)
		ValidateCode(v, "rows."+n+".code", r.Code)
		if first, dup := seen[r.Code]; dup {
			v.Add("rows."+n+".code", "val.dup_row", first)
		} else {
			seen[r.Code] = i + 1
		}
		ValidateText(v, "rows."+n+".name", r.Name, true, MaxNameLen, false)
	}
	return v.Err()
}

// ---- monthly output ----

// MonthlyOutput sums the reports dated in m per product: planned, actual,
// variance (actual − planned), defect and downtime, with the reasons given
// (defect reason names, or the code when it is no longer on reasons;
// defect notes; downtime causes; notes), most frequent first, ties in the
// order first met, each once. Rows are sorted by product code. reasons
// may be nil (codes are then shown as they are).
func MonthlyOutput(reports []*DailyReport, m Month, reasons ...DefectReason) []OutputRow {
	type acc struct {
		row   OutputRow
		count map[string]int
		order []string
	}
	byProduct := map[string]*acc{}
	note := func(a *acc, s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		if a.count[s] == 0 {
			a.order = append(a.order, s)
		}
		a.count[s]++
	}
	for _, r := range reports {
		if r == nil || !m.Contains(r.Date) {
			continue
		}
		for _, row := range r.Rows {
			a := byProduct[row.Product]
			if a == nil {
				a = &acc{row: OutputRow{Product: row.Product}, count: map[string]int{}}
				byProduct[row.Product] = a
			}
			a.row.Planned += row.Planned
			a.row.Actual += row.Actual
			a.row.Defect += row.Defect
			a.row.Downtime += row.DowntimeMin
			if row.DefectReason != "" {
				name := reasonName(reasons, row.DefectReason)
				if name == "" {
					name = row.DefectReason
				}
				note(a, name)
			}
			note(a, row.DefectNote)
			note(a, row.DowntimeCause)
			note(a, row.Notes)
		}
	}
	out := make([]OutputRow, 0, len(byProduct))
	for _, a := range byProduct {
		a.row.Variance = a.row.Actual - a.row.Planned
		first := map[string]int{}
		for i, s := range a.order {
			first[s] = i
		}
		slices.SortStableFunc(a.order, func(x, y string) int {
			if c := cmp.Compare(a.count[y], a.count[x]); c != 0 {
				return c
			}
			return cmp.Compare(first[x], first[y])
		})
		if len(a.order) > 0 {
			a.row.Reasons = a.order
		}
		out = append(out, a.row)
	}
	slices.SortFunc(out, func(x, y OutputRow) int { return cmp.Compare(x.Product, y.Product) })
	return out
}

// ---- anomalies ----

// AnomalyTargets are the response targets (acknowledge within) per
// severity: 1 and 2 as durations, 3 in working days (same clock time on
// the n-th working day after filing).
type AnomalyTargets struct {
	Sev1     time.Duration `json:"sev1"`
	Sev2     time.Duration `json:"sev2"`
	Sev3Days int           `json:"sev3_days"`
}

// DefaultAnomalyTargets: 30 minutes, 2 hours, 1 working day.
var DefaultAnomalyTargets = AnomalyTargets{Sev1: 30 * time.Minute, Sev2: 2 * time.Hour, Sev3Days: 1}

// OrDefaults fills zero (or negative) targets with the defaults.
func (t AnomalyTargets) OrDefaults() AnomalyTargets {
	if t.Sev1 <= 0 {
		t.Sev1 = DefaultAnomalyTargets.Sev1
	}
	if t.Sev2 <= 0 {
		t.Sev2 = DefaultAnomalyTargets.Sev2
	}
	if t.Sev3Days <= 0 {
		t.Sev3Days = DefaultAnomalyTargets.Sev3Days
	}
	return t
}

// Target is when an anomaly of severity filed at filed should be
// acknowledged. Severities outside 1..3 count as 3.
func (t AnomalyTargets) Target(severity int, cal *Calendar, filed time.Time) time.Time {
	t = t.OrDefaults()
	switch severity {
	case 1:
		return filed.Add(t.Sev1)
	case 2:
		return filed.Add(t.Sev2)
	}
	if cal == nil {
		cal = NewCalendar(filed.Location(), nil, nil)
	}
	local := filed.In(cal.loc())
	d := cal.AddWorkingDays(cal.DateOf(filed), t.Sev3Days)
	if d.IsZero() {
		return filed.Add(time.Duration(t.Sev3Days) * 24 * time.Hour)
	}
	h, m, s := local.Clock()
	return time.Date(d.Y, d.M, d.D, h, m, s, local.Nanosecond(), cal.loc())
}

// AnomalyTarget is Target with the default targets.
func AnomalyTarget(severity int, cal *Calendar, filed time.Time) time.Time {
	return DefaultAnomalyTargets.Target(severity, cal, filed)
}

// Valid reports whether c is a known category.
func (c AnomalyCategory) Valid() bool { return slices.Contains(AnomalyCategories, c) }

// Text is the category's name for people.
func (c AnomalyCategory) Text() Text { return T("anomaly.category." + string(c)) }

// AnomalyStatuses lists every status in flow order.
var AnomalyStatuses = []AnomalyStatus{AnomalyOpen, AnomalyAcknowledged, AnomalyActing, AnomalyResolved, AnomalyClosed}

// Text is the status's name for people.
func (s AnomalyStatus) Text() Text { return T("anomaly.status." + string(s)) }

// IsOpen reports whether the anomaly still needs work (not resolved or closed).
func (a *Anomaly) IsOpen() bool { return a.Status != AnomalyResolved && a.Status != AnomalyClosed }

// ResponseTime is AckAt − FiledAt; ok is false while not acknowledged.
func (a *Anomaly) ResponseTime() (d time.Duration, ok bool) {
	if a.AckAt.IsZero() {
		return 0, false
	}
	return a.AckAt.Sub(a.FiledAt), true
}

// Overdue reports whether the anomaly is still unacknowledged past its
// response target at now.
func (a *Anomaly) Overdue(t AnomalyTargets, cal *Calendar, now time.Time) bool {
	return a.AckAt.IsZero() && a.IsOpen() && now.After(t.Target(a.Severity, cal, a.FiledAt))
}

// AnomalyRank orders the anomaly queue: severity (1 first), then age
// (older first), then id.
func AnomalyRank(a, b *Anomaly) int {
	if c := cmp.Compare(a.Severity, b.Severity); c != 0 {
		return c
	}
	if c := a.FiledAt.Compare(b.FiledAt); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// Validate checks an anomaly as filed: category, severity 1..3, text
// required (≤ MaxLineText, may span lines), expected delay 0..365 days, at
// most MaxAnomalyLines lines and MaxAnomalyProds products (each a valid
// code, no repeats).
func (a *Anomaly) Validate() error {
	v := Invalid{}
	if !a.Category.Valid() {
		v.Add("category", "val.anomaly_category")
	}
	if a.Severity < 1 || a.Severity > 3 {
		v.Add("severity", "val.whole", 1, 3)
	}
	ValidateText(v, "text", a.Text, true, MaxLineText, true)
	if a.DelayDays < 0 || a.DelayDays > MaxDelayDays {
		v.Add("delay_days", "val.whole", 0, MaxDelayDays)
	}
	if len(a.Lines) > MaxAnomalyLines {
		v.Add("lines", "val.too_many_lines", MaxAnomalyLines)
	}
	seen := map[uint64]bool{}
	for _, id := range a.Lines {
		if id == 0 || seen[id] {
			v.Add("lines", "val.bad_line_ids")
		}
		seen[id] = true
	}
	if len(a.Products) > MaxAnomalyProds {
		v.Add("products", "val.too_many_rows", MaxAnomalyProds)
	}
	for _, p := range a.Products {
		ValidateCode(v, "products", p)
	}
	return v.Err()
}

// AtRiskLines proposes the order lines an anomaly puts at risk: committed
// lines (see Committed) of products (all products when empty) whose
// promised date falls within [today, today+delayDays]. The result keeps
// the order of lines.
func AtRiskLines(lines []*OrderLine, products []string, today Date, delayDays int) []*OrderLine {
	last := today.AddDays(max(delayDays, 0))
	var out []*OrderLine
	for _, l := range lines {
		if !Committed(l) || len(products) > 0 && !slices.Contains(products, l.ProductCode) {
			continue
		}
		if l.PromisedDate.Before(today) || l.PromisedDate.After(last) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// RiskMarkable reports whether an anomaly may mark the line at risk: it is
// committed or awaiting production's reply (sent).
func RiskMarkable(l *OrderLine) bool { return Committed(l) || l.Status == LineSent }

// AnomalyRiskReason is the short risk reason an anomaly writes on a line:
// "异常 #12: text", at most MaxRiskReasonLen characters, on one line.
func AnomalyRiskReason(id uint64, text string) string {
	s := "异常 #" + strconv.FormatUint(id, 10) + ": " + strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(s) <= MaxRiskReasonLen {
		return s
	}
	r := []rune(s)
	return string(r[:MaxRiskReasonLen-1]) + "…"
}

// MarkAnomalyRisk puts line l at risk because of anomaly a, filed by by at
// now (today in the factory zone): status at_risk, the short reason, the
// expected date (the promise plus the expected delay, or today plus the
// delay when there is no promise), AnomalyID, and a "risk" history entry.
// It returns the mark that lets ClearAnomalyRisk put the line back, and
// false (line unchanged) when the line is not RiskMarkable.
func (l *OrderLine) MarkAnomalyRisk(by *User, now time.Time, today Date, a *Anomaly) (RiskMark, bool) {
	if !RiskMarkable(l) {
		return RiskMark{}, false
	}
	mark := RiskMark{LineID: l.ID, Before: l.Status, BeforeReason: l.RiskReason, BeforeDate: l.RiskDate,
		BeforeAnomaly: l.AnomalyID}
	base := l.PromisedDate
	if base.IsZero() {
		base = today
	}
	l.RiskReason = AnomalyRiskReason(a.ID, a.Text)
	l.RiskDate = base.AddDays(a.DelayDays)
	l.AnomalyID = a.ID
	l.log(by, now, EvRisk, l.RiskReason, l.PromisedDate.String(), l.RiskDate.String(), LineAtRisk)
	return mark, true
}

// ResolveMode is what resolving an anomaly does to the promises it put at
// risk (docs/DOMAIN.md#shop-floor); production chooses on the resolve form.
type ResolveMode string

const (
	// ResolveDelay moves each promise by the actual delay in working days
	// (none: the promise stands).
	ResolveDelay ResolveMode = "delay"
	// ResolveReanswer sends each promised line back to production's reply
	// queue to be answered again, its reply clock restarted.
	ResolveReanswer ResolveMode = "reanswer"
)

// Valid reports whether m is a known mode.
func (m ResolveMode) Valid() bool { return m == ResolveDelay || m == ResolveReanswer }

// ClearAnomalyRisk lifts anomaly id's risk mark m from the line when the
// anomaly is resolved with cause and an actual delay of delay working
// days; false when the line is no longer marked by it (answered again
// meanwhile, or marked by a later anomaly). The line gets back the risk it
// had before the mark, and its promise moves forward, never back: with
// ResolveDelay by the delay, with ResolveReanswer (a promised line) it goes
// back to the reply queue to be answered again, keeping its promise until
// then.
func (l *OrderLine) ClearAnomalyRisk(by *User, now time.Time, cal *Calendar, id uint64, m RiskMark, cause string, delay int, mode ResolveMode) bool {
	if l.AnomalyID != id || l.Status != LineAtRisk || m.LineID != l.ID {
		return false
	}
	l.RiskReason, l.RiskDate, l.AnomalyID = m.BeforeReason, m.BeforeDate, m.BeforeAnomaly
	text := "异常 #" + strconv.FormatUint(id, 10)
	if c := strings.Join(strings.Fields(cause), " "); c != "" {
		text = AnomalyRiskReason(id, c)
	}
	before, to := l.PromisedDate.String(), m.Before
	switch {
	case mode == ResolveReanswer && !l.PromisedDate.IsZero():
		to = LineSent
		l.send(now, cal)
	case delay > 0 && !l.PromisedDate.IsZero():
		l.PromisedDate = cal.AddWorkingDays(l.PromisedDate, delay)
	}
	l.log(by, now, EvUnrisk, text, before, l.PromisedDate.String(), to)
	return true
}

// ---- feedback ----

// Valid reports whether r is a known route.
func (r FeedbackRoute) Valid() bool { return r == RouteQuality || r == RouteRnD }

// Text is the route's name for people.
func (r FeedbackRoute) Text() Text { return T("feedback.route." + string(r)) }

// Dept is the department that answers feedback of route r.
func (r FeedbackRoute) Dept() Department {
	if r == RouteRnD {
		return DeptRnD
	}
	return DeptQuality
}

// Text is the status's name for people.
func (s FeedbackStatus) Text() Text { return T("feedback.status." + string(s)) }

// DefaultFeedbackTarget is the default response target of feedback.
const DefaultFeedbackTarget = 24 * time.Hour

// Validate checks feedback as filed: customer, product and problem
// required, batch ≤ MaxBatchLen, quantity affected 0..MaxQty, route
// quality or rnd.
func (f *Feedback) Validate() error {
	v := Invalid{}
	if f.CustomerID == 0 {
		v.Add("customer", "val.required")
	}
	ValidateCode(v, "product", f.Product)
	ValidateText(v, "batch", f.Batch, false, MaxBatchLen, false)
	ValidateText(v, "problem", f.Problem, true, MaxLineText, true)
	checkCount(v, "qty_affected", f.QtyAffected, MaxQty)
	if !f.Route.Valid() {
		v.Add("route", "val.route")
	}
	return v.Err()
}

// Validate checks a visit: date, who and findings required.
func (vs *Visit) Validate() error {
	v := Invalid{}
	if vs.Date.IsZero() {
		v.Add("date", "val.required")
	}
	ValidateText(v, "who", vs.Who, true, MaxNameLen, false)
	ValidateText(v, "findings", vs.Findings, true, MaxLineText, true)
	return v.Err()
}

// FirstResponse is the time of the first response, zero if none.
func (f *Feedback) FirstResponse() time.Time {
	var first time.Time
	for _, r := range f.Responses {
		if first.IsZero() || r.At.Before(first) {
			first = r.At
		}
	}
	return first
}

// OnTime reports whether the first response came by Due.
func (f *Feedback) OnTime() bool {
	first := f.FirstResponse()
	return !first.IsZero() && !first.After(f.Due)
}

// FeedbackTimeliness is the response timeliness of month m (现场服务响应
// 及时率): of the feedback whose Due falls in m (in the factory zone loc),
// those first responded to by Due. No feedback due in m: Den 0, no data.
func FeedbackTimeliness(fs []*Feedback, m Month, loc *time.Location) Ratio {
	return FeedbackTimelinessOf(fs, m, loc, "")
}

// FeedbackTimelinessOf is FeedbackTimeliness of the feedback routed to
// route ("": every route): quality's is on-site quality service timeliness,
// R&D's on-site technical service timeliness.
func FeedbackTimelinessOf(fs []*Feedback, m Month, loc *time.Location, route FeedbackRoute) Ratio {
	var r Ratio
	for _, f := range fs {
		if f == nil || f.Due.IsZero() || !m.Contains(DateOf(f.Due.In(loc))) || route != "" && f.Route != route {
			continue
		}
		r.Den++
		if f.OnTime() {
			r.Num++
		}
	}
	return r
}

// DefectRate is the delivered defect rate of month m (交付不良率): the
// quantity affected of the feedback filed in m (in loc) over the quantity
// shipped on dates in m, overall and per product (every product with
// feedback or shipments in m, by code). A month or product without
// shipments has Den 0: no data, never a division by zero.
func DefectRate(fs []*Feedback, lines []*OrderLine, m Month, loc *time.Location) (Ratio, []ProductDefectRate) {
	return DefectRateOf(fs, ShippedByProduct(lines, m), m, loc)
}

// ShippedByProduct sums the quantities of lines shipped on days of m, per
// product code.
func ShippedByProduct(lines []*OrderLine, m Month) map[string]int64 {
	out := map[string]int64{}
	for _, l := range lines {
		if l == nil {
			continue
		}
		for _, s := range l.Shipments {
			if m.Contains(s.Date) {
				out[l.ProductCode] += s.Qty
			}
		}
	}
	return out
}

// DefectRateOf is DefectRate with the month's shipped quantities per
// product code already summed.
func DefectRateOf(fs []*Feedback, shipped map[string]int64, m Month, loc *time.Location) (Ratio, []ProductDefectRate) {
	var all Ratio
	per := map[string]*Ratio{}
	get := func(p string) *Ratio {
		r := per[p]
		if r == nil {
			r = &Ratio{}
			per[p] = r
		}
		return r
	}
	for _, f := range fs {
		if f == nil || f.FiledAt.IsZero() || !m.Contains(DateOf(f.FiledAt.In(loc))) {
			continue
		}
		all.Num += int(f.QtyAffected)
		get(f.Product).Num += int(f.QtyAffected)
	}
	for p, q := range shipped {
		all.Den += int(q)
		get(p).Den += int(q)
	}
	out := make([]ProductDefectRate, 0, len(per))
	for p, r := range per {
		out = append(out, ProductDefectRate{Product: p, Rate: *r})
	}
	slices.SortFunc(out, func(a, b ProductDefectRate) int { return cmp.Compare(a.Product, b.Product) })
	return all, out
}

// ComputeFeedbackKPI bundles the month's feedback indicators; shipped is
// the month's shipped quantity per product code (ShippedByProduct).
func ComputeFeedbackKPI(fs []*Feedback, shipped map[string]int64, m Month, loc *time.Location) FeedbackKPI {
	k := FeedbackKPI{Month: m, Timeliness: FeedbackTimeliness(fs, m, loc), Quality: FeedbackTimelinessOf(fs, m, loc, RouteQuality),
		Technical: FeedbackTimelinessOf(fs, m, loc, RouteRnD)}
	k.DefectRate, k.ByProduct = DefectRateOf(fs, shipped, m, loc)
	return k
}
