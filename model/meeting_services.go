package model

import (
	"context"
	"time"
)

// MeetingKind names a kind of meeting (例会).
type MeetingKind string

const (
	MeetingMonthly      MeetingKind = "monthly"       // 月度营销协同例会, on the 3rd
	MeetingSalesProd    MeetingKind = "sales_prod"    // weekly sales–production meeting
	MeetingMarketingRnD MeetingKind = "marketing_rnd" // weekly marketing–R&D meeting
	MeetingCustom       MeetingKind = "custom"        // a checklist the office made
)

// AgendaItem is one item of a meeting's checklist: ticked, with notes.
// The monthly meeting's items a–d show its Figures.
type AgendaItem struct {
	Key   string `json:"key"`   // "a".."f", "dept.sales", or a template's own key
	Title string `json:"title"` // as written; see Meeting.ItemTitle
	Notes string `json:"notes,omitempty"`
	Done  bool   `json:"done,omitempty"`
}

// MeetingTemplate is an agenda the office keeps.
type MeetingTemplate struct {
	ID    uint64      `json:"id"`
	Kind  MeetingKind `json:"kind"`
	Name  string      `json:"name"`
	Items []string    `json:"items"` // item titles
	Meta
}

// Decision is a decision recorded in a meeting; it becomes an action item.
type Decision struct {
	Text     string `json:"text"`
	Owner    string `json:"owner"`
	Due      Date   `json:"due"`
	ActionID uint64 `json:"action_id"`
}

// Addendum is a note added to closed minutes.
type Addendum struct {
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	Text string    `json:"text"`
}

// Meeting is one meeting: its agenda, attendance, decisions and minutes.
type Meeting struct {
	ID        uint64       `json:"id"`
	Kind      MeetingKind  `json:"kind"`
	Title     string       `json:"title"`
	Date      Date         `json:"date"`
	Month     Month        `json:"month,omitzero"` // for the monthly meeting: the month it reviews
	Items     []AgendaItem `json:"items"`
	Attendees []string     `json:"attendees,omitempty"`
	Decisions []Decision   `json:"decisions,omitempty"`
	Closed    time.Time    `json:"closed,omitzero"` // minutes frozen from then on
	ClosedBy  string       `json:"closed_by,omitempty"`
	Addenda   []Addendum   `json:"addenda,omitempty"`
	// Figures of the monthly meeting's items a–d: stored only once the
	// meeting is closed (frozen); while it is open the service computes
	// them from the records each time the meeting is read.
	Figures *MonthlyFigures `json:"figures,omitempty"`
	Meta
}

// ActionItem is a decision to carry out, tracked until done (日常协同).
type ActionItem struct {
	ID        uint64    `json:"id"`
	Text      string    `json:"text"`
	Owner     string    `json:"owner"`
	Due       Date      `json:"due"`
	MeetingID uint64    `json:"meeting_id,omitempty"`
	Done      time.Time `json:"done,omitzero"`
	DoneNote  string    `json:"done_note,omitempty"`
	Meta
}

// KPI names an indicator of the dashboard (docs/DOMAIN.md#kpis).
type KPI string

const (
	KPIForecastAccuracy   KPI = "forecast_accuracy"   // sales
	KPIReplyTimeliness    KPI = "reply_timeliness"    // production
	KPIOTIF               KPI = "otif"                // sales / production
	KPIPlanCompletion     KPI = "plan_completion"     // production
	KPIDefectRate         KPI = "defect_rate"         // production / quality
	KPIFeedbackTimeliness KPI = "feedback_timeliness" // quality: feedback routed to quality, answered in time
	KPITechService        KPI = "tech_service"        // R&D: feedback routed to R&D (technical service), answered in time
	KPISubmission         KPI = "submission"          // every department: deadlines met on time
	KPIRnDPlan            KPI = "rnd_plan"            // R&D: its plan items done on time (the department's, when one is chosen)
	KPIProjectPlan        KPI = "project_plan"        // production / R&D: approved projects done by their target date
	KPICostTarget         KPI = "cost_target"         // production: target ÷ actual unit cost over the month's cost sheet (may pass 100 %)
)

// KPIs lists the dashboard's indicators in order.
var KPIs = []KPI{KPIForecastAccuracy, KPIReplyTimeliness, KPIOTIF, KPIPlanCompletion, KPIDefectRate, KPIFeedbackTimeliness, KPITechService, KPISubmission,
	KPIRnDPlan, KPIProjectPlan, KPICostTarget}

// KPITarget is one row of the target table the office keeps.
type KPITarget struct {
	KPI     KPI     `json:"kpi"`
	Current float64 `json:"current"` // the level when the target was set (0..1)
	Target  float64 `json:"target"`  // 0..1
}

// KPIValue is one indicator for a month (and department).
type KPIValue struct {
	KPI    KPI        `json:"kpi"`
	Month  Month      `json:"month"`
	Dept   Department `json:"dept,omitempty"`
	Value  float64    `json:"value"`
	OK     bool       `json:"ok"`  // false: no data
	Num    int64      `json:"num"` // counted; for cost_target Σ target unit cost in fen (CostKPI)
	Den    int64      `json:"den"` // counted of; for cost_target Σ actual unit cost in fen
	Target *KPITarget `json:"target,omitempty"`
	// Prorated is set for forecast accuracy of a month still running.
	Prorated *Proration `json:"prorated,omitempty"`
}

// MeetingService keeps meetings, action items and the KPI targets, and
// computes the KPI values.
type MeetingService interface {
	Templates(ctx context.Context) ([]*MeetingTemplate, error)
	SaveTemplate(ctx context.Context, by *User, t *MeetingTemplate) (*MeetingTemplate, error)

	// EnsureMonthly creates the monthly meeting of month m (held on the 3rd,
	// reviewing the month before) if it does not exist. It returns the
	// meeting without figures: read it with Meeting for those.
	EnsureMonthly(ctx context.Context, m Month) (*Meeting, error)
	// StartMeeting creates a meeting from a template on day d.
	StartMeeting(ctx context.Context, by *User, templateID uint64, d Date) (*Meeting, error)
	// Meeting returns meeting id; an open monthly meeting comes with its
	// figures computed from the records now, a closed one with the figures
	// frozen when it closed. So do the meetings the changes below return.
	Meeting(ctx context.Context, id uint64) (*Meeting, error)
	Meetings(ctx context.Context) ([]*Meeting, error) // newest first, without figures
	// SaveMeeting saves items, attendance (logins of accounts) and notes;
	// refused once closed.
	SaveMeeting(ctx context.Context, by *User, m *Meeting) (*Meeting, error)
	// Decide records a decision and creates its action item.
	Decide(ctx context.Context, by *User, id, version uint64, d Decision) (*Meeting, *ActionItem, error)
	// CloseMeeting freezes the minutes, figures included.
	CloseMeeting(ctx context.Context, by *User, id, version uint64) (*Meeting, error)
	AddAddendum(ctx context.Context, by *User, id uint64, text string) (*Meeting, error)

	ActionItems(ctx context.Context, owner string, open bool) ([]*ActionItem, error)
	CompleteAction(ctx context.Context, by *User, id, version uint64, note string) (*ActionItem, error)

	Targets(ctx context.Context) ([]KPITarget, error)
	SaveTargets(ctx context.Context, by *User, ts []KPITarget) error
	// KPI computes one indicator for month m and department ("" = all).
	KPI(ctx context.Context, k KPI, m Month, dept Department) (KPIValue, error)

	// CostSheet returns month m's cost sheet behind the cost target
	// achievement (none yet: no rows, version 0).
	CostSheet(ctx context.Context, m Month) (*CostSheet, error)
	// SaveCostSheet replaces month m's rows, read at version (0: none
	// saved), else ECONFLICT naming who saved it and when; production's
	// lead or head or the office (CanEditCosts).
	SaveCostSheet(ctx context.Context, by *User, m Month, version uint64, rows []CostRow) (*CostSheet, error)
}
