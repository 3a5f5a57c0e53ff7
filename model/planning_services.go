package model

import (
	"context"
	"time"
)

// PlanKind tells a monthly sales forecast (预估销量表) from a ten-day plan (旬计划).
type PlanKind string

const (
	PlanForecast PlanKind = "forecast"
	PlanTenDay   PlanKind = "tenday"
)

// Period is what a plan covers: a month (Part 0, forecasts) or one of its
// three ten-day periods (Part 1: days 1–10, 2: 11–20, 3: 21–end).
type Period struct {
	Kind  PlanKind `json:"kind"`
	Month Month    `json:"month"`
	Part  int      `json:"part,omitempty"`
}

// PlanCell is one figure of a plan grid: a product variant's quantity.
type PlanCell struct {
	Product string `json:"product"`
	Variant string `json:"variant"`
	Qty     int64  `json:"qty"`
}

// PlanVersion is one saved version of a forecast or ten-day plan. Every
// save makes a new version; the published one is the reference.
type PlanVersion struct {
	Period    Period     `json:"period"`
	Version   int        `json:"version"` // 1, 2, ...
	Cells     []PlanCell `json:"cells"`
	Note      string     `json:"note,omitempty"`
	By        string     `json:"by"`
	At        time.Time  `json:"at"`
	Published time.Time  `json:"published,omitzero"` // zero: not published
}

// PlanSet is every version of one period's plan.
type PlanSet struct {
	Period    Period         `json:"period"`
	Versions  []*PlanVersion `json:"versions"`  // oldest first
	Reference *PlanVersion   `json:"reference"` // the latest published, nil if none
}

// ShortfallRow is one product variant of the daily shortfall table (差额表).
type ShortfallRow struct {
	Product       string `json:"product"`
	Variant       string `json:"variant"`
	OrderDemand   int64  `json:"order_demand"`   // open order lines due inside the horizon
	PlanRemainder int64  `json:"plan_remainder"` // current ten-day plan's remainder, prorated to the horizon
	Stock         int64  `json:"stock"`
	Planned       int64  `json:"planned"`          // production already planned for the horizon
	Computed      int64  `json:"computed"`         // need = max(demand + remainder − stock − planned, 0)
	Surplus       int64  `json:"surplus"`          // max(stock + planned − demand − remainder, 0)
	Figure        int64  `json:"figure"`           // the published need: Computed unless edited
	Reason        string `json:"reason,omitempty"` // why Figure differs from Computed
}

// Publication is when and by whom a daily table was first published; zero
// until then. A later publish (after a correction) does not move it: it is
// LastPublished. Edited marks a table saved since it was last published,
// until it is published again.
type Publication struct {
	Published     time.Time `json:"published,omitzero"`
	PublishedBy   string    `json:"published_by,omitempty"`
	LastPublished time.Time `json:"last_published,omitzero"`
	Edited        bool      `json:"edited,omitempty"`
}

// Republished reports whether the table was published again after its
// first publish.
func (p Publication) Republished() bool {
	return !p.LastPublished.IsZero() && p.LastPublished.After(p.Published)
}

// Shortfall is the daily shortfall table of one day.
type Shortfall struct {
	Date    Date           `json:"date"`
	Through Date           `json:"through"` // last day of the horizon
	Rows    []ShortfallRow `json:"rows"`
	Publication
	Meta
}

// Process is where a production plan line is made.
type Process string

const (
	ProcessFront      Process = "front"      // 前工序
	ProcessOutsourced Process = "outsourced" // 外包工序
)

// ProductionLine is one line of the next-day production plan.
type ProductionLine struct {
	Product  string  `json:"product"`
	Variant  string  `json:"variant"`
	Need     int64   `json:"need"`     // the published shortfall figure
	Proposed int64   `json:"proposed"` // need rounded up to the economic batch
	Qty      int64   `json:"qty"`      // planned
	Process  Process `json:"process"`
	Remark   string  `json:"remark,omitempty"`
}

// ProductionPlan is the next-day production plan (次日生产计划) for Date.
type ProductionPlan struct {
	Date  Date             `json:"date"` // the production day
	Lines []ProductionLine `json:"lines"`
	// PublishedLines are the lines as last published (what sales was
	// told), kept to mark the edits made since.
	PublishedLines []ProductionLine `json:"published_lines,omitempty"`
	Publication
	Meta
}

// BalanceWarning is a production plan warning (PlanWarnings): the members
// of a family (flavours of one product line, or variants of one product)
// are short but not all of them are planned; or a quantity is not a whole
// number of economic batches; or a product is planned beyond its daily
// capacity.
type BalanceWarning struct {
	Kind    WarningKind `json:"kind"`
	Family  string      `json:"family,omitempty"`
	Short   []string    `json:"short,omitempty"`   // "product/variant" of every short member
	Planned []string    `json:"planned,omitempty"` // those planned
	// Batch and capacity warnings: the product ("product/variant" for a
	// batch), the quantity planned and the batch or the daily capacity.
	Product string `json:"product,omitempty"`
	Qty     int64  `json:"qty,omitempty"`
	Limit   int64  `json:"limit,omitempty"`
	// Variant warnings: the product's default variant ("product/variant").
	Default string `json:"default,omitempty"`
}

// WarningKind is what a production plan warning is about.
type WarningKind string

const (
	WarnBalance  WarningKind = "balance"  // a family short, not all of it planned
	WarnBatch    WarningKind = "batch"    // a quantity not a whole number of economic batches
	WarnCapacity WarningKind = "capacity" // a product planned beyond its daily capacity
	// A variant other than the product's default (the price-marked one)
	// planned though sales asked for none of it.
	WarnVariant WarningKind = "variant"
	// A daily report row made such a variant though the day's published
	// production plan did not ask for it.
	WarnVariantMade WarningKind = "variant_made"
	// During a marking changeover (Changeover), a plan line or a report
	// row of a variant other than the default with no order line asking
	// for it; Family holds the changeover's period.
	WarnChangeover     WarningKind = "changeover"
	WarnChangeoverMade WarningKind = "changeover_made"
)

// DueKind names a kind of deadline.
type DueKind string

const (
	DueForecast     DueKind = "forecast"      // 22nd, for next month
	DueTenDay       DueKind = "tenday"        // 28th (previous month), 8th, 18th
	DueShortfall    DueKind = "shortfall"     // 14:00 daily
	DuePlan         DueKind = "plan"          // 17:30 daily
	DueReply        DueKind = "reply"         // end of the next working day after sending
	DueProject      DueKind = "project"       // the general manager's decision on a submitted project
	DueCampaign     DueKind = "campaign"      // production's answer to a campaign, 3 working days after it is approved
	DueCampaignItem DueKind = "campaign_item" // a campaign item production took on, by the date it gave
	DuePlanItem     DueKind = "plan_item"     // a department plan item, by its due date, for the department delivering it
	DuePurchase     DueKind = "purchase"      // a packaging purchase request at purchasing, 12:00 of the next working day after drafting
)

// DueState is where a due item stands.
type DueState string

const (
	DueOnTime  DueState = "on_time"
	DueLate    DueState = "late"
	DueMissing DueState = "missing" // past due and not done
	DuePending DueState = "pending" // not yet due, not done
)

// DueItem is one deadline on the deadline board.
type DueItem struct {
	Kind  DueKind       `json:"kind"`
	Ref   string        `json:"ref"` // period, date or order line ("SO-…/2")
	Dept  Department    `json:"dept"`
	Who   string        `json:"who,omitempty"` // who did it (or owns it, e.g. the order line's replier); "" = the department
	Due   time.Time     `json:"due"`
	Done  time.Time     `json:"done,omitzero"`
	State DueState      `json:"state"`
	Late  time.Duration `json:"late,omitempty"` // how late (done late, or missing so far)
}

// Accuracy is forecast accuracy for a month: 1 − Σ|F − A| / ΣA and bias
// Σ(F − A)/ΣA, overall and per product; OK is false when ΣA = 0 ("no actuals").
type Accuracy struct {
	Month Month `json:"month"`
	// Prorated is set while the period is still running (nil once it has
	// ended): the forecasts are prorated to the days elapsed.
	Prorated  *Proration        `json:"prorated,omitempty"`
	Forecast  int64             `json:"forecast"` // ΣF
	Actual    int64             `json:"actual"`   // ΣA
	AbsError  int64             `json:"abs_error"`
	Value     float64           `json:"value"`
	Bias      float64           `json:"bias"`
	OK        bool              `json:"ok"`
	ByProduct []ProductAccuracy `json:"by_product"`
}

// Proration says how a running period's plan was cut to the days elapsed:
// shipments count up to Through, each product's forecast is prorated by
// Elapsed ÷ Days, and Whole is ΣF before proration.
type Proration struct {
	Through Date  `json:"through"`
	Elapsed int   `json:"elapsed"`
	Days    int   `json:"days"`
	Whole   int64 `json:"whole_forecast"`
}

// ProductAccuracy is Accuracy for one product (its variants summed).
type ProductAccuracy struct {
	Product  string  `json:"product"`
	Forecast int64   `json:"forecast"`
	Actual   int64   `json:"actual"`
	Value    float64 `json:"value"`
	Bias     float64 `json:"bias"`
	OK       bool    `json:"ok"`
}

// PlanningService keeps forecasts, ten-day plans, shortfall tables and
// production plans, and reports deadlines and forecast accuracy.
type PlanningService interface {
	Plan(ctx context.Context, p Period) (*PlanSet, error)
	// SavePlan stores a new version of p's plan; base is the version the
	// editor started from (0 for none) and must still be the latest, else
	// ECONFLICT naming who saved the newer one and when.
	SavePlan(ctx context.Context, by *User, p Period, base int, cells []PlanCell, note string) (*PlanVersion, error)
	PublishPlan(ctx context.Context, by *User, p Period, version int) (*PlanVersion, error)

	// Shortfall returns the saved table of day d, or a freshly computed
	// draft (Version 0) when none is saved.
	Shortfall(ctx context.Context, d Date) (*Shortfall, error)
	// Recompute recomputes day d's table keeping edited figures (and their
	// reasons) where the row still exists.
	Recompute(ctx context.Context, d Date) (*Shortfall, error)
	SaveShortfall(ctx context.Context, by *User, s *Shortfall) (*Shortfall, error)
	// ShortfallBasis explains one row of day d's table: the order lines,
	// ten-day remainder, stock and planned production it is made from.
	ShortfallBasis(ctx context.Context, d Date, product, variant string) (*ShortfallBasis, error)
	PublishShortfall(ctx context.Context, by *User, d Date, version uint64) (*Shortfall, error)
	// ShortfallMarks returns production's marks on day d's table (none:
	// empty); MarkShortfallWrong adds one (ShortfallMarks.MarkShortfallWrong).
	ShortfallMarks(ctx context.Context, d Date) (*ShortfallMarks, error)
	MarkShortfallWrong(ctx context.Context, by *User, d Date, product, variant string, correct int64, note string) (*ShortfallMarks, error)

	// ProductionPlan returns the saved plan for production day d, or a draft
	// proposed from the latest published shortfall (Version 0).
	ProductionPlan(ctx context.Context, d Date) (*ProductionPlan, []BalanceWarning, error)
	SaveProductionPlan(ctx context.Context, by *User, p *ProductionPlan) (*ProductionPlan, []BalanceWarning, error)
	PublishProductionPlan(ctx context.Context, by *User, d Date, version uint64) (*ProductionPlan, error)

	// Deadlines lists the due items falling in [from, to] (factory dates).
	Deadlines(ctx context.Context, from, to Date) ([]DueItem, error)
	ForecastAccuracy(ctx context.Context, m Month) (Accuracy, error)
	TenDayAccuracy(ctx context.Context, p Period) (Accuracy, error)
}
