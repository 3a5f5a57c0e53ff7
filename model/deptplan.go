package model

import (
	"slices"
	"strings"
	"time"
)

// Department plans (计划协同, docs/DOMAIN.md#department-plans): each
// department keeps its year's goals (年度工作计划) and breaks them into
// monthly plan items. An item may name another department it needs
// something from (R&D engineers for a trial run) or owes something to (a
// report to sales); that department sees it and accepts or declines it.
// Completion is recorded with evidence, and a department's plan completion
// counts the items it delivers.
//
//	                 ┌─accept (the other side)→ open ─done (evidence)→ done
//	proposed (asks another department) ┤
//	                 └─decline (reason)→ declined ─revise→ proposed
//	open (nothing asked of another department) ─done→ done
//	any but done ─cancel (reason)→ cancelled
//
// The methods in this file are the transitions. Each checks the person
// (EFORBIDDEN), then the status (EINVALID), then the input (EINVALID with
// fields), and on success changes the item and appends one entry to its
// history; on error the item is unchanged.

// Limits of department plans.
const (
	MaxGoals      = 50
	MaxGoalText   = 200
	MaxPlanText   = 200
	MaxPlanReason = 1000
)

// Goal is one of a department's annual goals: what, and how it is measured.
type Goal struct {
	No      int    `json:"no"` // 1.. within the department's year
	Text    string `json:"text"`
	Measure string `json:"measure,omitempty"` // 衡量: "4 new products launched"
}

// DeptGoals is a department's goals of a year.
type DeptGoals struct {
	Meta
	Dept  Department `json:"dept"`
	Year  int        `json:"year"`
	Goals []Goal     `json:"goals"`
}

// CanPlan reports whether u keeps dept's plan: its lead or head, or the
// office (which coordinates every department's plan). The same people
// answer what other departments ask of dept.
func CanPlan(u *User, dept Department) bool {
	return Can(u, ActDeptPlan) && (leader(u, dept) || u.Role == RoleOffice || u.Dept == DeptOffice)
}

// SetGoals replaces g's goals, numbered from 1 in the order given; a goal
// without text is dropped.
func (g *DeptGoals) SetGoals(by *User, goals []Goal) error {
	if !CanPlan(by, g.Dept) {
		return Forbidden(ActDeptPlan)
	}
	v := Invalid{}
	var kept []Goal
	for _, x := range goals {
		x.Text, x.Measure = strings.TrimSpace(x.Text), strings.TrimSpace(x.Measure)
		if x.Text == "" && x.Measure == "" {
			continue
		}
		ValidateText(v, "goal", x.Text, true, MaxGoalText, false)
		ValidateText(v, "measure", x.Measure, false, MaxGoalText, false)
		x.No = len(kept) + 1
		kept = append(kept, x)
	}
	if len(kept) > MaxGoals {
		v.Add("goal", "val.too_many", MaxGoals)
	}
	if err := v.Err(); err != nil {
		return err
	}
	g.Goals = kept
	return nil
}

// Goal returns goal no of g, or nil.
func (g *DeptGoals) Goal(no int) *Goal {
	if g == nil {
		return nil
	}
	for i := range g.Goals {
		if g.Goals[i].No == no {
			return &g.Goals[i]
		}
	}
	return nil
}

// PlanRelation is how a plan item involves another department.
type PlanRelation string

const (
	RelNone  PlanRelation = ""      // the department's own work
	RelNeeds PlanRelation = "needs" // 需要对方: the other department delivers
	RelOwes  PlanRelation = "owes"  // 提供给对方: this department delivers to the other
)

// PlanRelations lists the relations in form order.
var PlanRelations = []PlanRelation{RelNone, RelNeeds, RelOwes}

// Text names the relation for people.
func (r PlanRelation) Text() Text {
	if r == RelNone {
		return T("deptplan.rel.none")
	}
	return T("deptplan.rel." + string(r))
}

// PlanItemStatus is where a plan item stands.
type PlanItemStatus string

const (
	PlanProposed  PlanItemStatus = "proposed" // waiting for the other department
	PlanDeclined  PlanItemStatus = "declined"
	PlanOpen      PlanItemStatus = "open"
	PlanDone      PlanItemStatus = "done"
	PlanCancelled PlanItemStatus = "cancelled"
)

// PlanItemStatuses lists the statuses in their order of life.
var PlanItemStatuses = []PlanItemStatus{PlanProposed, PlanDeclined, PlanOpen, PlanDone, PlanCancelled}

// Text names the status for people.
func (s PlanItemStatus) Text() Text { return T("deptplan.status." + string(s)) }

// PlanEventKind is what a history entry of a plan item records.
type PlanEventKind string

const (
	PlEvFile    PlanEventKind = "file"
	PlEvAccept  PlanEventKind = "accept"
	PlEvDecline PlanEventKind = "decline"
	PlEvRevise  PlanEventKind = "revise"
	PlEvDone    PlanEventKind = "done"
	PlEvCancel  PlanEventKind = "cancel"
)

// Text names the event for people.
func (k PlanEventKind) Text() Text { return T("deptplan.ev." + string(k)) }

// PlanEvent is one entry of a plan item's history.
type PlanEvent struct {
	At   time.Time      `json:"at"`
	By   string         `json:"by"`
	Kind PlanEventKind  `json:"kind"`
	Text string         `json:"text,omitempty"`
	To   PlanItemStatus `json:"to"`
}

// PlanInput is what a department plans for a month: the item, its goal,
// who answers for it, by when, and what it needs from or owes to another
// department.
type PlanInput struct {
	Dept     Department   `json:"dept"`
	Goal     int          `json:"goal,omitempty"` // the goal's No in the department's year; 0: none
	Text     string       `json:"text"`
	Owner    string       `json:"owner"` // a login
	Due      Date         `json:"due"`   // its month is the plan's month
	With     Department   `json:"with,omitempty"`
	Relation PlanRelation `json:"relation,omitempty"`
}

// Validate checks in as of today (the store checks the owner and the goal
// exist).
func (in PlanInput) Validate(today Date) error {
	v := Invalid{}
	if !in.Dept.Valid() {
		v.Add("dept", "val.unknown_dept", string(in.Dept))
	}
	ValidateText(v, "text", in.Text, true, MaxPlanText, false)
	if strings.TrimSpace(in.Owner) == "" {
		v.Add("owner", "val.required")
	}
	switch {
	case in.Due.IsZero():
		v.Add("due", "val.required")
	case in.Due.Before(today):
		v.Add("due", "val.date_past", today.String())
	case in.Due.Y > today.Y+1:
		v.Add("due", "val.deptplan_far", today.Y+1)
	}
	switch {
	case !slices.Contains(PlanRelations, in.Relation):
		v.Add("relation", "val.deptplan_relation")
	case in.Relation == RelNone && in.With != "":
		v.Add("relation", "val.deptplan_relation_needed")
	case in.Relation != RelNone && in.With == "":
		v.Add("with", "val.required")
	case in.With != "" && !in.With.Valid():
		v.Add("with", "val.unknown_dept", string(in.With))
	case in.With != "" && in.With == in.Dept:
		v.Add("with", "val.deptplan_with_self")
	}
	return v.Err()
}

// PlanItem is one item of a department's monthly plan.
type PlanItem struct {
	Meta
	ID uint64 `json:"id"`
	No string `json:"no"` // JH-2027-0001
	PlanInput
	Status     PlanItemStatus `json:"status"`
	FiledBy    string         `json:"filed_by"`
	FiledAt    time.Time      `json:"filed_at"`
	AnsweredBy string         `json:"answered_by,omitempty"` // the other side's accept or decline
	AnsweredAt time.Time      `json:"answered_at,omitzero"`
	DoneBy     string         `json:"done_by,omitempty"`
	DoneAt     time.Time      `json:"done_at,omitzero"`
	Evidence   string         `json:"evidence,omitempty"`
	History    []PlanEvent    `json:"history"`
}

// Month is the month of the plan the item belongs to.
func (p *PlanItem) Month() Month { return MonthOf(p.Due) }

// Deliverer is the department that does the item: the other department
// when the item needs something from it, else the item's own.
func (p *PlanItem) Deliverer() Department {
	if p.Relation == RelNeeds {
		return p.With
	}
	return p.Dept
}

// Concerns reports whether the item is dept's business: its own or asked
// of it.
func (p *PlanItem) Concerns(dept Department) bool { return p.Dept == dept || p.With == dept }

// Counted reports whether the item counts in plan completion: planned and
// not called off (declined and cancelled items do not count).
func (p *PlanItem) Counted() bool {
	return p.Status == PlanProposed || p.Status == PlanOpen || p.Status == PlanDone
}

// OnTime reports whether the item was recorded done by the end of its due
// date in cal's zone.
func (p *PlanItem) OnTime(cal *Calendar) bool {
	return p.Status == PlanDone && !cal.DateOf(p.DoneAt).After(p.Due)
}

func (p *PlanItem) log(by *User, now time.Time, kind PlanEventKind, text string, to PlanItemStatus) {
	p.History = append(p.History, PlanEvent{At: now.UTC(), By: by.Login, Kind: kind, Text: text, To: to})
	p.Status = to
}

func (p *PlanItem) begin(ok bool, from ...PlanItemStatus) error {
	if !ok {
		return Forbidden(ActDeptPlan)
	}
	if !slices.Contains(from, p.Status) {
		return Errorf(EINVALID, "err.deptplan_state", p.No)
	}
	return nil
}

// firstStatus is where an item starts: waiting for the other department
// when it involves one, else open.
func firstStatus(in PlanInput) PlanItemStatus {
	if in.With != "" {
		return PlanProposed
	}
	return PlanOpen
}

// NewPlanItem is an item of in.Dept's plan, filed by whoever keeps that
// plan (CanPlan).
func NewPlanItem(by *User, now time.Time, cal *Calendar, in PlanInput) (*PlanItem, error) {
	if !CanPlan(by, in.Dept) {
		return nil, Forbidden(ActDeptPlan)
	}
	in.Text = strings.TrimSpace(in.Text)
	if err := in.Validate(cal.DateOf(now)); err != nil {
		return nil, err
	}
	p := &PlanItem{PlanInput: in, FiledBy: by.Login, FiledAt: now.UTC()}
	p.log(by, now, PlEvFile, "", firstStatus(in))
	return p, nil
}

// Accept is the other department taking on what the item asks of it (or
// acknowledging what the item owes it).
func (p *PlanItem) Accept(by *User, now time.Time) error {
	if err := p.begin(p.With != "" && CanPlan(by, p.With), PlanProposed); err != nil {
		return err
	}
	p.AnsweredBy, p.AnsweredAt = by.Login, now.UTC()
	p.log(by, now, PlEvAccept, "", PlanOpen)
	return nil
}

// Decline is the other department refusing, with its reason.
func (p *PlanItem) Decline(by *User, now time.Time, reason string) error {
	if err := p.begin(p.With != "" && CanPlan(by, p.With), PlanProposed); err != nil {
		return err
	}
	v := Invalid{}
	ValidateText(v, "reason", reason, true, MaxPlanReason, true)
	if err := v.Err(); err != nil {
		return err
	}
	p.AnsweredBy, p.AnsweredAt = by.Login, now.UTC()
	p.log(by, now, PlEvDecline, reason, PlanDeclined)
	return nil
}

// Revise changes a declined or still unanswered item; it goes back to the
// other department (or is open when it no longer involves one).
func (p *PlanItem) Revise(by *User, now time.Time, cal *Calendar, in PlanInput) error {
	if err := p.begin(CanPlan(by, p.Dept), PlanProposed, PlanDeclined); err != nil {
		return err
	}
	in.Dept = p.Dept
	in.Text = strings.TrimSpace(in.Text)
	if err := in.Validate(cal.DateOf(now)); err != nil {
		return err
	}
	p.PlanInput = in
	p.AnsweredBy, p.AnsweredAt = "", time.Time{}
	p.log(by, now, PlEvRevise, in.Text+" · "+in.Due.String(), firstStatus(in))
	return nil
}

// CanComplete reports whether u may record p done: the item's owner, or
// whoever keeps the plan of the department that delivers it or of its own.
func (p *PlanItem) CanComplete(u *User) bool {
	return u != nil && Can(u, ActDeptPlan) && (u.Login == p.Owner || CanPlan(u, p.Deliverer()) || CanPlan(u, p.Dept))
}

// Complete records the item done, with the evidence (what was delivered,
// where it can be seen).
func (p *PlanItem) Complete(by *User, now time.Time, evidence string) error {
	if err := p.begin(p.CanComplete(by), PlanOpen); err != nil {
		return err
	}
	v := Invalid{}
	ValidateText(v, "evidence", evidence, true, MaxPlanReason, true)
	if err := v.Err(); err != nil {
		return err
	}
	p.DoneBy, p.DoneAt, p.Evidence = by.Login, now.UTC(), evidence
	p.log(by, now, PlEvDone, evidence, PlanDone)
	return nil
}

// Cancel calls the item off, with the reason; it then counts nowhere.
func (p *PlanItem) Cancel(by *User, now time.Time, reason string) error {
	if err := p.begin(CanPlan(by, p.Dept), PlanProposed, PlanDeclined, PlanOpen); err != nil {
		return err
	}
	v := Invalid{}
	ValidateText(v, "reason", reason, true, MaxPlanReason, true)
	if err := v.Err(); err != nil {
		return err
	}
	p.log(by, now, PlEvCancel, reason, PlanCancelled)
	return nil
}

// DeptPlanCompletion is a department's plan completion for month m (计划完成
// 率; for R&D the manual's 研发计划完成率): of the items dept delivers
// (Deliverer) due in m up to asOf and counted (Counted), those recorded
// done by their due date. The zero asOf means no cut-off; "" dept counts
// every department.
func DeptPlanCompletion(items []*PlanItem, dept Department, m Month, asOf Date, cal *Calendar) Ratio {
	var r Ratio
	for _, p := range items {
		if dept != "" && p.Deliverer() != dept || !m.Contains(p.Due) || !p.Counted() || !asOf.IsZero() && p.Due.After(asOf) {
			continue
		}
		r.Den++
		if p.OnTime(cal) {
			r.Num++
		}
	}
	return r
}

// DeptPlanRow is one department's plan completion of a month, as the
// monthly meeting shows it.
type DeptPlanRow struct {
	Dept Department `json:"dept"`
	Done Ratio      `json:"done"`
}

// DeptPlanRows is every department's plan completion for m (departments
// that deliver nothing in m are left out).
func DeptPlanRows(items []*PlanItem, m Month, asOf Date, cal *Calendar) []DeptPlanRow {
	var out []DeptPlanRow
	for _, d := range Departments {
		if r := DeptPlanCompletion(items, d, m, asOf, cal); r.Den > 0 {
			out = append(out, DeptPlanRow{Dept: d, Done: r})
		}
	}
	return out
}
