package model

import (
	"context"
	"slices"
	"time"
)

// Shift of a production line.
type Shift string

const (
	ShiftDay   Shift = "day"   // 白班
	ShiftNight Shift = "night" // 夜班
)

// DefectReason is one entry of the defect reason list the QA lead keeps.
type DefectReason struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// ReportRow is one product row of a production daily report (生产日报).
type ReportRow struct {
	Product       string `json:"product"`
	Variant       string `json:"variant"`
	Planned       int64  `json:"planned"` // from the published production plan, pre-filled
	Actual        int64  `json:"actual"`
	Defect        int64  `json:"defect"`
	DefectReason  string `json:"defect_reason,omitempty"` // a DefectReason code
	DefectNote    string `json:"defect_note,omitempty"`   // free text
	DowntimeMin   int    `json:"downtime_min,omitempty"`
	DowntimeCause string `json:"downtime_cause,omitempty"`
	Notes         string `json:"notes,omitempty"`
}

// Correction records a change to a submitted report, with its reason.
type Correction struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Reason string    `json:"reason"`
}

// DailyReport is the production daily report of one line and shift on a day.
type DailyReport struct {
	Date        Date         `json:"date"`
	Line        string       `json:"line"` // production line, e.g. "1号线"
	Shift       Shift        `json:"shift"`
	Rows        []ReportRow  `json:"rows"`
	Submitted   time.Time    `json:"submitted,omitzero"`
	SubmittedBy string       `json:"submitted_by,omitempty"`
	Corrections []Correction `json:"corrections,omitempty"`
	Meta
}

// OutputRow is one product's month of output against plan, with the
// reasons people gave for the difference (the monthly meeting's item a).
type OutputRow struct {
	Product  string   `json:"product"`
	Planned  int64    `json:"planned"`
	Actual   int64    `json:"actual"`
	Variance int64    `json:"variance"` // actual − planned
	Defect   int64    `json:"defect"`
	Downtime int      `json:"downtime_min"`
	Reasons  []string `json:"reasons,omitempty"` // defect reasons, downtime causes and notes, most frequent first
}

// AnomalyCategory is the kind of an anomaly (异常报告).
type AnomalyCategory string

const (
	AnomalyEquipment AnomalyCategory = "equipment"
	AnomalyMaterial  AnomalyCategory = "material"
	AnomalyQuality   AnomalyCategory = "quality"
	AnomalyStaffing  AnomalyCategory = "staffing"
	AnomalyOther     AnomalyCategory = "other"
)

// AnomalyCategories lists every category.
var AnomalyCategories = []AnomalyCategory{AnomalyEquipment, AnomalyMaterial, AnomalyQuality, AnomalyStaffing, AnomalyOther}

// AnomalyStatus is where an anomaly stands.
type AnomalyStatus string

const (
	AnomalyOpen         AnomalyStatus = "open"
	AnomalyAcknowledged AnomalyStatus = "acknowledged"
	AnomalyActing       AnomalyStatus = "action_taken"
	AnomalyResolved     AnomalyStatus = "resolved"
	AnomalyClosed       AnomalyStatus = "closed"
)

// RiskMark is an order line an anomaly put at risk, with the status it had
// before, so resolving the anomaly can put it back.
type RiskMark struct {
	LineID uint64     `json:"line_id"`
	Before LineStatus `json:"before"`
	// The line's risk reason, date and anomaly link before the mark, so a
	// line that was already at risk gets its own flag back.
	BeforeReason  string `json:"before_reason,omitempty"`
	BeforeDate    Date   `json:"before_date,omitzero"`
	BeforeAnomaly uint64 `json:"before_anomaly,omitempty"`
}

// Anomaly is an anomaly report: what went wrong, how bad, what it delays.
type Anomaly struct {
	ID          uint64          `json:"id"`
	Category    AnomalyCategory `json:"category"`
	Severity    int             `json:"severity"` // 1 (worst) .. 3
	Text        string          `json:"text"`
	Products    []string        `json:"products,omitempty"`
	Lines       []uint64        `json:"lines,omitempty"` // affected order lines
	DelayDays   int             `json:"delay_days"`      // expected delay
	Status      AnomalyStatus   `json:"status"`
	FiledBy     string          `json:"filed_by"`
	FiledAt     time.Time       `json:"filed_at"`
	AckBy       string          `json:"ack_by,omitempty"`
	AckAt       time.Time       `json:"ack_at,omitzero"`
	Action      string          `json:"action,omitempty"`
	ActionBy    string          `json:"action_by,omitempty"`
	ActionAt    time.Time       `json:"action_at,omitzero"`
	Cause       string          `json:"cause,omitempty"`
	ActualDelay int             `json:"actual_delay_days,omitempty"`
	ResolvedBy  string          `json:"resolved_by,omitempty"`
	ResolvedAt  time.Time       `json:"resolved_at,omitzero"`
	ClosedBy    string          `json:"closed_by,omitempty"`
	ClosedAt    time.Time       `json:"closed_at,omitzero"`
	RiskMarks   []RiskMark      `json:"risk_marks,omitempty"` // lines this anomaly set at risk
	Meta
}

// Clone is a copy of the anomaly that shares nothing with it.
func (a *Anomaly) Clone() *Anomaly {
	c := *a
	c.Products = slices.Clone(a.Products)
	c.Lines = slices.Clone(a.Lines)
	c.RiskMarks = slices.Clone(a.RiskMarks)
	return &c
}

// FeedbackRoute says who answers customer feedback.
type FeedbackRoute string

const (
	RouteQuality FeedbackRoute = "quality" // 品管部
	RouteRnD     FeedbackRoute = "rnd"     // 技术部
)

// FeedbackStatus is where a feedback stands.
type FeedbackStatus string

const (
	FeedbackOpen      FeedbackStatus = "open"
	FeedbackResponded FeedbackStatus = "responded"
	FeedbackClosed    FeedbackStatus = "closed"
)

// FeedbackResponse is one answer to a feedback.
type FeedbackResponse struct {
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	Text string    `json:"text"`
}

// Visit is an on-site service visit.
type Visit struct {
	Date     Date      `json:"date"`
	Who      string    `json:"who"`
	Findings string    `json:"findings"`
	At       time.Time `json:"at"`
	By       string    `json:"by"`
}

// Feedback is customer quality feedback or an on-site service request
// (客户质量反馈 / 现场服务).
type Feedback struct {
	ID          uint64             `json:"id"`
	CustomerID  uint64             `json:"customer_id"`
	Product     string             `json:"product"`
	Batch       string             `json:"batch,omitempty"` // batch number or production date
	LineID      uint64             `json:"line_id,omitempty"`
	Problem     string             `json:"problem"`
	QtyAffected int64              `json:"qty_affected"`
	VisitWanted bool               `json:"visit_wanted,omitempty"`
	Route       FeedbackRoute      `json:"route"`
	Status      FeedbackStatus     `json:"status"`
	FiledBy     string             `json:"filed_by"`
	FiledAt     time.Time          `json:"filed_at"`
	Due         time.Time          `json:"due"` // response target
	Responses   []FeedbackResponse `json:"responses,omitempty"`
	Visits      []Visit            `json:"visits,omitempty"`
	RootCause   string             `json:"root_cause,omitempty"`
	Corrective  string             `json:"corrective,omitempty"`
	ClosedBy    string             `json:"closed_by,omitempty"`
	ClosedAt    time.Time          `json:"closed_at,omitzero"`
	Meta
}

// FeedbackKPI is the month's feedback indicators.
type FeedbackKPI struct {
	Month      Month               `json:"month"`
	Timeliness Ratio               `json:"timeliness"`  // first responses within target ÷ feedback due in the month
	Quality    Ratio               `json:"quality"`     // the same, of feedback routed to quality (现场（质量）服务)
	Technical  Ratio               `json:"technical"`   // the same, of feedback routed to R&D (现场（技术）服务)
	DefectRate Ratio               `json:"defect_rate"` // defective qty reported ÷ qty shipped (all products)
	ByProduct  []ProductDefectRate `json:"by_product"`
}

// ProductDefectRate is the delivered defect rate of one product in a month.
type ProductDefectRate struct {
	Product string `json:"product"`
	Rate    Ratio  `json:"rate"`
}

// ShopFloorService keeps daily reports, anomalies and customer feedback.
type ShopFloorService interface {
	DefectReasons(ctx context.Context) ([]DefectReason, error)
	SaveDefectReasons(ctx context.Context, by *User, list []DefectReason) error

	// Report returns the saved report, or a draft pre-filled from the
	// published production plan of that day (Version 0).
	Report(ctx context.Context, d Date, line string, shift Shift) (*DailyReport, error)
	Reports(ctx context.Context, d Date) ([]*DailyReport, error)
	// SubmitReport saves a new report (Version 0) in one transaction.
	SubmitReport(ctx context.Context, by *User, r *DailyReport) (*DailyReport, error)
	// SubmitReports saves new reports in one transaction, all or none (an
	// import); problems are keyed "row N..." by report.
	SubmitReports(ctx context.Context, by *User, reports []*DailyReport) ([]*DailyReport, error)
	// CorrectReport changes a submitted report; a reason is required and audited.
	CorrectReport(ctx context.Context, by *User, r *DailyReport, reason string) (*DailyReport, error)
	MonthlyOutput(ctx context.Context, m Month) ([]OutputRow, error)

	// ProposeAtRisk lists the open order lines of products whose promised
	// date falls within the expected delay from today.
	ProposeAtRisk(ctx context.Context, products []string, delayDays int) ([]*Order, error)
	// FileAnomaly files a (new) anomaly, marks its lines at risk and alerts.
	FileAnomaly(ctx context.Context, by *User, a *Anomaly) (*Anomaly, error)
	Anomaly(ctx context.Context, id uint64) (*Anomaly, error)
	// Anomalies lists anomalies, open ones (not resolved or closed) only when
	// open is true, ranked by severity then age.
	Anomalies(ctx context.Context, open bool) ([]*Anomaly, error)
	AckAnomaly(ctx context.Context, by *User, id, version uint64) (*Anomaly, error)
	ActAnomaly(ctx context.Context, by *User, id, version uint64, action string) (*Anomaly, error)
	// ResolveAnomaly records cause and actual delay and clears the risk
	// marks the anomaly set.
	ResolveAnomaly(ctx context.Context, by *User, id, version uint64, cause string, actualDelay int, mode ResolveMode) (*Anomaly, error)
	CloseAnomaly(ctx context.Context, by *User, id, version uint64) (*Anomaly, error)

	FileFeedback(ctx context.Context, by *User, f *Feedback) (*Feedback, error)
	Feedback(ctx context.Context, id uint64) (*Feedback, error)
	Feedbacks(ctx context.Context, open bool) ([]*Feedback, error)
	RespondFeedback(ctx context.Context, by *User, id, version uint64, text string) (*Feedback, error)
	RecordVisit(ctx context.Context, by *User, id, version uint64, v Visit) (*Feedback, error)
	CloseFeedback(ctx context.Context, by *User, id, version uint64, rootCause, corrective string) (*Feedback, error)
	FeedbackKPI(ctx context.Context, m Month) (FeedbackKPI, error)
}
