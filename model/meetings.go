package model

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"xietong/i18n"
)

// Meetings (docs/DOMAIN.md#meetings) and the KPI dashboard (#kpis): permissions,
// the monthly meeting's agenda and figures, validation, and the KPI values.

// Limits on meeting text.
const (
	MaxMeetingTitle   = 100
	MaxAgendaItems    = 60
	MaxItemTitle      = 200
	MaxItemNotes      = 4000
	MaxAttendees      = 100
	MaxDecisionText   = 500
	MaxAddendumText   = 4000
	MaxActionNote     = 500
	MaxItemKey        = 32
	MonthlyMeetingDay = 3 // the monthly meeting is held on the 3rd
)

// MeetingLang is the language of the titles stored with a monthly
// meeting, the factory's own; readers see them in their language
// (Meeting.TitleIn, ItemTitle).
const MeetingLang = LangZH

// ---- permissions ----

// CanRunMeetings reports whether u runs meetings: templates, meetings,
// decisions, closing, addenda and the KPI target table (the office: role
// office, anyone of the office department, and administrators).
func CanRunMeetings(u *User) bool {
	if u == nil || u.Disabled {
		return false
	}
	return u.Role == RoleOffice || u.Role == RoleAdmin || u.Dept == DeptOffice
}

// CanCompleteAction reports whether u may mark action item a done: its
// owner, or whoever runs meetings.
func CanCompleteAction(u *User, a *ActionItem) bool {
	if u == nil || u.Disabled || a == nil {
		return false
	}
	return u.Login == a.Owner || CanRunMeetings(u)
}

// ---- kinds and agendas ----

// MeetingKinds lists the kinds in display order.
var MeetingKinds = []MeetingKind{MeetingMonthly, MeetingSalesProd, MeetingMarketingRnD, MeetingCustom}

// Valid reports whether k is a known kind.
func (k MeetingKind) Valid() bool { return slices.Contains(MeetingKinds, k) }

// Text is the kind's name for people.
func (k MeetingKind) Text() Text { return T("meeting.kind." + string(k)) }

// Monthly agenda item keys (docs/DOMAIN.md#meetings, items a–f).
const (
	ItemOutput   = "a" // last month's output vs plan and variance reasons
	ItemPlan     = "b" // this month's production and coordination items
	ItemDelivery = "c" // order delivery achievement
	ItemAccuracy = "d" // sales forecast accuracy
	ItemMarket   = "e" // market dynamics
	ItemOther    = "f" // other
)

// MonthlyItemKeys lists the fixed items of the monthly meeting in order.
var MonthlyItemKeys = []string{ItemOutput, ItemPlan, ItemDelivery, ItemAccuracy, ItemMarket, ItemOther}

// ReportingDepts are the departments with a "last month's results / this
// month's plan" item in the monthly meeting: every department but
// management, which chairs.
var ReportingDepts = []Department{DeptSales, DeptProduction, DeptRnD, DeptQuality, DeptOffice, DeptPurchasing}

// DeptItemKey is the monthly meeting's item key of dept: "dept.sales".
func DeptItemKey(d Department) string { return "dept." + string(d) }

// MonthlyMeetingDate is the day month m's monthly meeting is held: the 3rd.
func MonthlyMeetingDate(m Month) Date { return NewDate(m.Year, m.Month, MonthlyMeetingDay) }

// MonthlyMeetingTitle is the title of month m's monthly meeting in lang.
func MonthlyMeetingTitle(lang string, m Month) string {
	return i18n.T(lang, "meeting.monthly_title", m.Year, int(m.Month))
}

// MonthlyAgenda is the agenda of month m's monthly meeting without
// figures: items a–f of docs/DOMAIN.md#meetings, then one item per
// reporting department.
func MonthlyAgenda() []AgendaItem {
	items := make([]AgendaItem, 0, len(MonthlyItemKeys)+len(ReportingDepts))
	for _, k := range MonthlyItemKeys {
		items = append(items, AgendaItem{Key: k, Title: i18n.T(MeetingLang, "meeting.item."+k)})
	}
	for _, d := range ReportingDepts {
		items = append(items, AgendaItem{Key: DeptItemKey(d),
			Title: i18n.T(MeetingLang, "meeting.item.dept", i18n.T(MeetingLang, "dept."+string(d)))})
	}
	return items
}

// DefaultTemplates are the weekly meetings' agendas seeded at first start.
func DefaultTemplates() []MeetingTemplate {
	tpl := func(kind MeetingKind, keys ...string) MeetingTemplate {
		t := MeetingTemplate{Kind: kind, Name: i18n.T(MeetingLang, "meeting.tpl."+string(kind))}
		for _, k := range keys {
			t.Items = append(t.Items, i18n.T(MeetingLang, "meeting.tpl."+string(kind)+"."+k))
		}
		return t
	}
	return []MeetingTemplate{
		tpl(MeetingSalesProd, "1", "2", "3", "4", "5"),
		tpl(MeetingMarketingRnD, "1", "2", "3", "4", "5"),
	}
}

// TemplateItemKey is the key of a template's n-th item (1-based) in a
// meeting started from it.
func TemplateItemKey(n int) string { return strconv.Itoa(n) }

// NewMeetingFrom is a meeting of template t on day d (not yet saved).
func NewMeetingFrom(t *MeetingTemplate, d Date) *Meeting {
	m := &Meeting{Kind: t.Kind, Title: t.Name + " " + d.String(), Date: d, Items: []AgendaItem{}}
	for i, title := range t.Items {
		m.Items = append(m.Items, AgendaItem{Key: TemplateItemKey(i + 1), Title: title})
	}
	return m
}

// Item returns the item with key, nil if none.
func (m *Meeting) Item(key string) *AgendaItem {
	for i := range m.Items {
		if m.Items[i].Key == key {
			return &m.Items[i]
		}
	}
	return nil
}

// IsClosed reports whether the minutes are frozen.
func (m *Meeting) IsClosed() bool { return !m.Closed.IsZero() }

// IsDone reports whether the action item is done.
func (a *ActionItem) IsDone() bool { return !a.Done.IsZero() }

// Overdue reports whether a is open and due before today.
func (a *ActionItem) Overdue(today Date) bool { return !a.IsDone() && a.Due.Before(today) }

// SortActionItems orders items by due date, then id.
func SortActionItems(items []*ActionItem) {
	slices.SortFunc(items, func(a, b *ActionItem) int { return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.ID, b.ID)) })
}

// SortMeetings orders meetings newest first: by date, then id.
func SortMeetings(ms []*Meeting) {
	slices.SortFunc(ms, func(a, b *Meeting) int { return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(b.ID, a.ID)) })
}

// ---- validation ----

// Validate checks a template.
func (t *MeetingTemplate) Validate() error {
	v := Invalid{}
	if t.Kind == MeetingMonthly || !t.Kind.Valid() {
		v.Add("kind", "val.meeting_kind")
	}
	ValidateText(v, "name", t.Name, true, MaxMeetingTitle, false)
	if len(t.Items) == 0 {
		v.Add("items", "val.no_items")
	} else if len(t.Items) > MaxAgendaItems {
		v.Add("items", "val.too_many_items", MaxAgendaItems)
	}
	for i, s := range t.Items {
		ValidateText(v, "rows."+strconv.Itoa(i+1)+".title", s, true, MaxItemTitle, false)
	}
	return v.Err()
}

// ValidateEdit checks what a save of a meeting may change: title, items
// (keys unique and present, titles, notes) and attendees.
func (m *Meeting) ValidateEdit() error {
	v := Invalid{}
	ValidateText(v, "title", m.Title, true, MaxMeetingTitle, false)
	if len(m.Items) > MaxAgendaItems {
		v.Add("items", "val.too_many_items", MaxAgendaItems)
	}
	seen := map[string]int{}
	for i, it := range m.Items {
		n := "rows." + strconv.Itoa(i+1)
		switch {
		case strings.TrimSpace(it.Key) == "":
			v.Add(n+".key", "val.required")
		case len(it.Key) > MaxItemKey:
			v.Add(n+".key", "val.too_long", MaxItemKey)
		default:
			if first, dup := seen[it.Key]; dup {
				v.Add(n+".key", "val.dup_row", first)
			} else {
				seen[it.Key] = i + 1
			}
		}
		ValidateText(v, n+".title", it.Title, true, MaxItemTitle, false)
		ValidateText(v, n+".notes", it.Notes, false, MaxItemNotes, true)
	}
	if len(m.Attendees) > MaxAttendees {
		v.Add("attendees", "val.too_many_attendees", MaxAttendees)
	}
	for _, a := range m.Attendees {
		ValidateText(v, "attendees", a, true, MaxNameLen, false)
	}
	return v.Err()
}

// ValidateDecision checks a decision of meeting m (the owner's existence is
// the store's to check): text, owner and a due date on or after the
// meeting's date.
func ValidateDecision(m *Meeting, d Decision) error {
	v := Invalid{}
	ValidateText(v, "text", d.Text, true, MaxDecisionText, true)
	if d.Owner == "" {
		v.Add("owner", "val.required")
	}
	switch {
	case d.Due.IsZero():
		v.Add("due", "val.required")
	case d.Due.Before(m.Date):
		v.Add("due", "val.due_before_meeting", m.Date.String())
	}
	return v.Err()
}

// CleanAttendees trims the attendee list and drops blanks and repeats,
// keeping the first order.
func CleanAttendees(list []string) []string {
	out := []string{}
	for _, a := range list {
		a = strings.TrimSpace(a)
		if a != "" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// ValidateTargets checks the KPI target table: known indicators, each once,
// current and target between 0 and 1.
func ValidateTargets(ts []KPITarget) error {
	v := Invalid{}
	seen := map[KPI]int{}
	for i, t := range ts {
		n := "rows." + strconv.Itoa(i+1)
		if !t.KPI.Valid() {
			v.Add(n+".kpi", "val.unknown_kpi", string(t.KPI))
		} else if first, dup := seen[t.KPI]; dup {
			v.Add(n+".kpi", "val.dup_row", first)
		} else {
			seen[t.KPI] = i + 1
		}
		if !unit(t.Current) {
			v.Add(n+".current", "val.ratio")
		}
		if !unit(t.Target) {
			v.Add(n+".target", "val.ratio")
		}
	}
	return v.Err()
}

func unit(x float64) bool { return !math.IsNaN(x) && x >= 0 && x <= 1 }

// ---- KPIs ----

// Valid reports whether k is a dashboard indicator.
func (k KPI) Valid() bool { return slices.Contains(KPIs, k) }

// Text is the indicator's name for people.
func (k KPI) Text() Text { return T("kpi.name." + string(k)) }

// LowerIsBetter reports whether a smaller value is better (the defect rate).
func (k KPI) LowerIsBetter() bool { return k == KPIDefectRate }

// Uncapped reports whether the indicator may pass 100 % by its nature
// (cost target achievement: cheaper than the target), so a month still
// running is shown as counted, not within 0–100 %.
func (k KPI) Uncapped() bool { return k == KPICostTarget }

// KPIValueOf is indicator k of month m counted as r: Value Num/Den, OK
// false when Den is 0 (no data).
func KPIValueOf(k KPI, m Month, r Ratio) KPIValue {
	v, ok := r.Value()
	return KPIValue{KPI: k, Month: m, Value: v, OK: ok, Num: int64(r.Num), Den: int64(r.Den)}
}

// KPIFromAccuracy is the forecast accuracy indicator of a: Value and OK as
// a has them; Num/Den are ΣA − Σ|F − A| and ΣA, so Num/Den is Value (Num
// may be negative).
func KPIFromAccuracy(a Accuracy) KPIValue {
	return KPIValue{KPI: KPIForecastAccuracy, Month: a.Month, Value: a.Value, OK: a.OK,
		Num: a.Actual - a.AbsError, Den: a.Actual, Prorated: a.Prorated}
}

// WithTarget attaches k's row of ts (nil when there is none).
func (v KPIValue) WithTarget(ts []KPITarget) KPIValue {
	v.Target = nil
	for i := range ts {
		if ts[i].KPI == v.KPI {
			t := ts[i]
			v.Target = &t
			break
		}
	}
	return v
}

// Met reports whether the value reaches its target (false without data or
// target); for the defect rate, at or below it.
func (v KPIValue) Met() bool {
	if !v.OK || v.Target == nil {
		return false
	}
	if v.KPI.LowerIsBetter() {
		return v.Value <= v.Target.Target
	}
	return v.Value >= v.Target.Target
}

// SubmissionTimeliness is the submission KPI over due items: on time over
// on time, late and missing; only dept's items unless dept is "".
func SubmissionTimeliness(items []DueItem, dept Department) Ratio {
	var keep func(DueItem) bool
	if dept != "" {
		keep = func(it DueItem) bool { return it.Dept == dept }
	}
	return TallyDue(items, keep).Timeliness()
}

// ---- monthly figures ----

// MonthlyFigures are the figures of the monthly meeting's items a–d
// (docs/DOMAIN.md#meetings): computed from the records whenever an open
// meeting is read, frozen into the minutes when it closes. They are data
// (numbers, product codes), rendered in each reader's language by Lines.
// Review is the month before the meeting's month.
type MonthlyFigures struct {
	AsOf     time.Time   `json:"as_of"`              // when they were computed
	Output   []OutputRow `json:"output"`             // (a) of Review, per product
	Forecast PlanTotal   `json:"forecast"`           // (b) the meeting month's forecast
	TenDays  []PlanTotal `json:"ten_days,omitempty"` // (b) the meeting month's ten-day plans
	OTIF     Ratio       `json:"otif"`               // (c) of Review
	Reply    Ratio       `json:"reply"`              // (c) of Review
	Accuracy Accuracy    `json:"accuracy"`           // (d) of Review
	// Each department's plan completion of Review (its own report item).
	Plans []DeptPlanRow `json:"plans,omitempty"`
}

// PlanTotal is one plan of the month, whether it is published, and the
// total quantity of its published version.
type PlanTotal struct {
	Period    Period `json:"period"`
	Published bool   `json:"published"`
	Total     int64  `json:"total"`
}

// FigureItems are the items that carry figures, in order.
var FigureItems = []string{ItemOutput, ItemPlan, ItemDelivery, ItemAccuracy}

// FormatRatio is "num/den = xx.x%", or "no data" in lang.
func FormatRatio(lang string, r Ratio) string {
	v, ok := r.Value()
	if !ok {
		return i18n.T(lang, "kpi.no_data")
	}
	return fmt.Sprintf("%d/%d = %.1f%%", r.Num, r.Den, v*100)
}

// Lines renders the figures of item key in lang, one line each; none for
// an item without figures. name gives a product's name for its code.
func (f *MonthlyFigures) Lines(lang, key string, name func(code string) string) []string {
	if f == nil {
		return nil
	}
	tr := func(k string, args ...any) string { return i18n.T(lang, k, args...) }
	var lines []string
	switch key {
	case ItemOutput:
		if len(f.Output) == 0 {
			return []string{tr("meeting.fig.no_reports")}
		}
		for _, r := range f.Output {
			s := tr("meeting.fig.output", name(r.Product), r.Planned, r.Actual, r.Variance)
			if len(r.Reasons) > 0 {
				s += tr("ui.colon") + strings.Join(r.Reasons, tr("ui.semicolon"))
			}
			lines = append(lines, s)
		}
	case ItemPlan:
		if f.Forecast.Published {
			lines = append(lines, tr("meeting.fig.forecast", f.Forecast.Period.Name(lang), f.Forecast.Total))
		} else {
			lines = append(lines, tr("meeting.fig.no_forecast", f.Forecast.Period.Name(lang)))
		}
		for _, p := range f.TenDays {
			if p.Published {
				lines = append(lines, tr("meeting.fig.tenday", p.Period.Name(lang), p.Total))
			}
		}
	case ItemDelivery:
		lines = append(lines, tr("kpi.otif")+" "+FormatRatio(lang, f.OTIF), tr("kpi.reply")+" "+FormatRatio(lang, f.Reply))
	case ItemAccuracy:
		a := f.Accuracy
		if !a.OK {
			return []string{tr("ui.plan.no_actuals")}
		}
		lines = append(lines, tr("ui.plan.acc_line", a.Value*100, a.Bias*100, a.Forecast, a.Actual))
	default:
		// A department's report item: its plan completion, when it had
		// plan items due.
		for _, row := range f.Plans {
			if key == DeptItemKey(row.Dept) {
				lines = append(lines, tr("meeting.fig.dept_plan", FormatRatio(lang, row.Done)))
			}
		}
	}
	return lines
}

// NewMonthlyMeeting is month m's monthly meeting (held on m's 3rd,
// reviewing the month before), not yet saved. Its figures are computed
// when it is read, until it closes.
func NewMonthlyMeeting(m Month) *Meeting {
	return &Meeting{Kind: MeetingMonthly, Title: MonthlyMeetingTitle(MeetingLang, m), Date: MonthlyMeetingDate(m),
		Month: m.AddMonths(-1), Items: MonthlyAgenda()}
}

// TitleIn is the meeting's title in lang: the monthly meeting's is made
// from its month, the others are what the office named them.
func (m *Meeting) TitleIn(lang string) string {
	if m.Kind == MeetingMonthly && !m.Month.IsZero() {
		return MonthlyMeetingTitle(lang, m.Month.AddMonths(1))
	}
	return m.Title
}

// ItemTitle is the title of agenda item it in lang: the monthly meeting's
// fixed items (a–f and the departments') are named in the reader's
// language, the others as written.
func (m *Meeting) ItemTitle(lang string, it AgendaItem) string {
	if m.Kind != MeetingMonthly {
		return it.Title
	}
	if slices.Contains(MonthlyItemKeys, it.Key) {
		return i18n.T(lang, "meeting.item."+it.Key)
	}
	if d, ok := strings.CutPrefix(it.Key, "dept."); ok && Department(d).Valid() {
		return i18n.T(lang, "meeting.item.dept", i18n.T(lang, "dept."+d))
	}
	return it.Title
}
