package model

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Project requests (立项申请, docs/DOMAIN.md#projects): sales (the marketing
// side) asks for a new product, a process improvement or a quality
// improvement; the general manager decides; the responsible departments
// deliver; the year-end review rates the outcome.
//
//	draft ─submit→ submitted ─approve→ approved ─(milestone, note)→ in progress ─finish→ done ─review→ reviewed
//	  ↑  ←edit─ returned ←return─┘ └─reject→ rejected
//
// The methods in this file are the transitions. Each checks the person
// (EFORBIDDEN), then the status (EINVALID), then the input (EINVALID with
// fields), and on success changes the project and appends one ProjectEvent;
// on error the project is unchanged.

// ProjectKind is what a project is for.
type ProjectKind string

const (
	ProjectNewProduct ProjectKind = "new_product" // 产品立项
	ProjectProcess    ProjectKind = "process"     // 工艺立项
	ProjectQuality    ProjectKind = "quality"     // 质量立项
)

// ProjectKinds lists the kinds in the order forms offer them.
var ProjectKinds = []ProjectKind{ProjectNewProduct, ProjectProcess, ProjectQuality}

// Valid reports whether k is a known kind.
func (k ProjectKind) Valid() bool { return slices.Contains(ProjectKinds, k) }

// Text names the kind for people.
func (k ProjectKind) Text() Text { return T("project.kind." + string(k)) }

// ProjectStatus is where a project stands.
type ProjectStatus string

const (
	ProjectDraft      ProjectStatus = "draft"
	ProjectSubmitted  ProjectStatus = "submitted"
	ProjectReturned   ProjectStatus = "returned"
	ProjectApproved   ProjectStatus = "approved"
	ProjectRejected   ProjectStatus = "rejected"
	ProjectInProgress ProjectStatus = "in_progress"
	ProjectDone       ProjectStatus = "done"
	ProjectReviewed   ProjectStatus = "reviewed"
)

// ProjectStatuses lists the statuses in their order of life.
var ProjectStatuses = []ProjectStatus{ProjectDraft, ProjectSubmitted, ProjectReturned, ProjectApproved, ProjectRejected,
	ProjectInProgress, ProjectDone, ProjectReviewed}

// Text names the status for people.
func (s ProjectStatus) Text() Text { return T("project.status." + string(s)) }

// ProjectEventKind is what a history entry of a project records.
type ProjectEventKind string

const (
	PEvFile          ProjectEventKind = "file"
	PEvEdit          ProjectEventKind = "edit"
	PEvSubmit        ProjectEventKind = "submit"
	PEvApprove       ProjectEventKind = "approve"
	PEvReject        ProjectEventKind = "reject"
	PEvReturn        ProjectEventKind = "return"
	PEvMilestone     ProjectEventKind = "milestone"
	PEvMilestoneDone ProjectEventKind = "milestone_done"
	PEvNote          ProjectEventKind = "note"
	PEvFinish        ProjectEventKind = "finish"
	PEvReview        ProjectEventKind = "review"
	PEvEscalate      ProjectEventKind = "escalate" // the decision is overdue: the system tells the general manager, the office and the filer
)

// Text names the event for people.
func (k ProjectEventKind) Text() Text { return T("project.ev." + string(k)) }

// Limits of a project's text and figures.
const (
	MaxProjectTitle     = 80
	MaxProjectText      = 1000
	MaxProjectMilestone = 50             // milestones per project
	MaxProjectBenefit   = 10_000_000_000 // yuan
	MaxProjectRating    = 5
	// DefaultProjectDecideDays is how many working days the general
	// manager has to decide a submitted project (end of that day).
	DefaultProjectDecideDays = 3
)

// ProjectLinks are the records a project answers: any of a customer, an
// order line, a quality feedback and an anomaly (0: none), and the product
// it is about (a code, "" none): a new product's shipments draft the
// promotion award (NewProductAwardFindings).
type ProjectLinks struct {
	CustomerID uint64 `json:"customer_id,omitempty"`
	LineID     uint64 `json:"line_id,omitempty"`
	FeedbackID uint64 `json:"feedback_id,omitempty"`
	AnomalyID  uint64 `json:"anomaly_id,omitempty"`
	Product    string `json:"product,omitempty"`
}

// ProjectInput is what the person filing a project writes, and edits
// while it is a draft or returned.
type ProjectInput struct {
	Kind    ProjectKind  `json:"kind"`
	Title   string       `json:"title"`
	Purpose string       `json:"purpose"` // 立项目的
	Effect  string       `json:"effect"`  // 达成效果 (expected)
	Target  Date         `json:"target"`  // 完成时间
	Depts   []Department `json:"depts"`   // the responsible departments
	Owner   string       `json:"owner"`   // the responsible person's login
	Links   ProjectLinks `json:"links"`
}

// Validate checks the input as of today: kind, title, purpose and effect
// required, a target date not before today, at least one department, an
// owner. That the owner and the linked records exist is the store's check.
func (in ProjectInput) Validate(today Date) error {
	v := Invalid{}
	if !in.Kind.Valid() {
		v.Add("kind", "val.project_kind")
	}
	ValidateText(v, "title", in.Title, true, MaxProjectTitle, false)
	ValidateText(v, "purpose", in.Purpose, true, MaxProjectText, true)
	ValidateText(v, "effect", in.Effect, true, MaxProjectText, true)
	switch {
	case in.Target.IsZero():
		v.Add("project_target", "val.required")
	case in.Target.Before(today):
		v.Add("project_target", "val.date_past", today.String())
	}
	if len(in.Depts) == 0 {
		v.Add("depts", "val.required")
	}
	for _, d := range in.Depts {
		if !d.Valid() {
			v.Add("depts", "val.unknown_dept", string(d))
		}
	}
	if strings.TrimSpace(in.Owner) == "" {
		v.Add("owner", "val.required")
	}
	return v.Err()
}

// Lines are the input as "field: value" lines, in a fixed order: what a
// revision's history entry keeps before and after, and what its diff
// compares line by line.
func (in ProjectInput) Lines() []string {
	depts := make([]string, len(in.Depts))
	for i, d := range in.Depts {
		depts[i] = string(d)
	}
	links := []string{}
	for _, l := range []struct {
		name string
		id   uint64
	}{{"customer", in.Links.CustomerID}, {"line", in.Links.LineID}, {"feedback", in.Links.FeedbackID}, {"anomaly", in.Links.AnomalyID}} {
		if l.id != 0 {
			links = append(links, l.name+" "+strconv.FormatUint(l.id, 10))
		}
	}
	if in.Links.Product != "" {
		links = append(links, "product "+in.Links.Product)
	}
	return []string{"kind: " + string(in.Kind), "title: " + in.Title, "purpose: " + in.Purpose, "effect: " + in.Effect,
		"target: " + in.Target.String(), "depts: " + strings.Join(depts, ","), "owner: " + in.Owner,
		"links: " + strings.Join(links, ", ")}
}

// DiffLines is what changed between two revisions (ProjectInput.Lines
// joined by newlines): the lines of before that are gone, prefixed "- ",
// then the lines of after that are new, prefixed "+ ".
func DiffLines(before, after string) []string {
	b, a := strings.Split(before, "\n"), strings.Split(after, "\n")
	var out []string
	for _, l := range b {
		if !slices.Contains(a, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range a {
		if !slices.Contains(b, l) {
			out = append(out, "+ "+l)
		}
	}
	return out
}

// Milestone is a step of a project's delivery with its owner and date.
type Milestone struct {
	Text   string    `json:"text"`
	Owner  string    `json:"owner"`
	Due    Date      `json:"due"`
	DoneAt time.Time `json:"done_at,omitzero"`
	DoneBy string    `json:"done_by,omitempty"`
}

// ProjectEvent is one entry of a project's history. An edit keeps the
// input before and after (ProjectInput.Lines joined by newlines).
type ProjectEvent struct {
	At     time.Time        `json:"at"`
	By     string           `json:"by"`
	Kind   ProjectEventKind `json:"kind"`
	Text   string           `json:"text,omitempty"`
	Before string           `json:"before,omitempty"`
	After  string           `json:"after,omitempty"`
	From   ProjectStatus    `json:"from,omitempty"`
	To     ProjectStatus    `json:"to"`
}

// Project is a project request and its life.
type Project struct {
	Meta
	ID uint64 `json:"id"`
	No string `json:"no"` // LX-2026-0001
	ProjectInput
	Status  ProjectStatus `json:"status"`
	FiledBy string        `json:"filed_by"`
	FiledAt time.Time     `json:"filed_at"`
	// The general manager's decision: due by DecideDue after the last
	// submission; DecidedAt is when it was made (approved, rejected or
	// returned).
	SubmittedAt time.Time `json:"submitted_at,omitzero"`
	DecideDue   time.Time `json:"decide_due,omitzero"`
	DecidedAt   time.Time `json:"decided_at,omitzero"`
	DecidedBy   string    `json:"decided_by,omitempty"`
	// EscalatedAt: when the decision of this submission went past
	// DecideDue undecided and was escalated (EscalateDecision).
	EscalatedAt time.Time `json:"escalated_at,omitzero"`
	// Delivery and outcome.
	Milestones   []Milestone `json:"milestones,omitempty"`
	ActualEffect string      `json:"actual_effect,omitempty"`
	Benefit      int64       `json:"benefit,omitempty"` // economic benefit, yuan
	DoneAt       time.Time   `json:"done_at,omitzero"`
	// The year-end review.
	Rating     int            `json:"rating,omitempty"` // 1..MaxProjectRating
	Award      string         `json:"award,omitempty"`
	ReviewedAt time.Time      `json:"reviewed_at,omitzero"`
	ReviewedBy string         `json:"reviewed_by,omitempty"`
	History    []ProjectEvent `json:"history"`
}

// OnTime reports whether a done project was done by its target date.
func (p *Project) OnTime(cal *Calendar) bool {
	return !p.DoneAt.IsZero() && !cal.DateOf(p.DoneAt).After(p.Target)
}

// CanWorkProject reports whether u delivers project p: its owner, or staff
// of one of its responsible departments.
func CanWorkProject(u *User, p *Project) bool {
	if u == nil || u.Disabled {
		return false
	}
	return u.Login == p.Owner || slices.Contains(p.Depts, u.Dept) && u.Role != RoleAdmin
}

// begin checks that by may do act (or, act "", works on p) and that p is
// in one of from.
func (p *Project) begin(by *User, act Action, from ...ProjectStatus) error {
	switch {
	case act != "":
		if err := Require(by, act); err != nil {
			return err
		}
	case !CanWorkProject(by, p):
		return Errorf(EFORBIDDEN, "err.forbidden.project.work")
	}
	if !slices.Contains(from, p.Status) {
		return Errorf(EINVALID, "err.project_state", p.No)
	}
	return nil
}

func (p *Project) log(by *User, now time.Time, kind ProjectEventKind, text, before, after string, to ProjectStatus) {
	login := SystemLogin
	if by != nil {
		login = by.Login
	}
	p.History = append(p.History, ProjectEvent{At: now.UTC(), By: login, Kind: kind, Text: text, Before: before,
		After: after, From: p.Status, To: to})
	p.Status = to
}

// NewProject is a draft project filed by by (sales staff).
func NewProject(by *User, now time.Time, cal *Calendar, in ProjectInput) (*Project, error) {
	if err := Require(by, ActProjectFile); err != nil {
		return nil, err
	}
	if err := in.Validate(cal.DateOf(now)); err != nil {
		return nil, err
	}
	p := &Project{ProjectInput: in, Status: ProjectDraft, FiledBy: by.Login, FiledAt: now.UTC()}
	p.log(by, now, PEvFile, "", "", strings.Join(in.Lines(), "\n"), ProjectDraft)
	return p, nil
}

// Edit revises a draft or returned project; the history keeps the input
// before and after. An edit that changes nothing is refused.
func (p *Project) Edit(by *User, now time.Time, cal *Calendar, in ProjectInput) error {
	if err := p.begin(by, ActProjectFile, ProjectDraft, ProjectReturned); err != nil {
		return err
	}
	if err := in.Validate(cal.DateOf(now)); err != nil {
		return err
	}
	before, after := strings.Join(p.ProjectInput.Lines(), "\n"), strings.Join(in.Lines(), "\n")
	if before == after {
		v := Invalid{}
		v.Add("title", "val.no_change")
		return v.Err()
	}
	p.ProjectInput = in
	p.log(by, now, PEvEdit, "", before, after, p.Status)
	return nil
}

// Submit hands a draft or returned project to the general manager, who
// has until the end of the decideDays-th working day after today.
func (p *Project) Submit(by *User, now time.Time, cal *Calendar, decideDays int) error {
	if err := p.begin(by, ActProjectFile, ProjectDraft, ProjectReturned); err != nil {
		return err
	}
	if err := p.ProjectInput.Validate(cal.DateOf(now)); err != nil {
		return err // a target date passed while it was a draft
	}
	if decideDays <= 0 {
		decideDays = DefaultProjectDecideDays
	}
	p.SubmittedAt = now.UTC()
	p.DecideDue = cal.AddWorkingDays(cal.DateOf(now), decideDays).AddDays(1).In(cal.loc()).UTC()
	p.DecidedAt, p.DecidedBy, p.EscalatedAt = time.Time{}, "", time.Time{}
	p.log(by, now, PEvSubmit, "", "", "", ProjectSubmitted)
	return nil
}

// EscalateDecision escalates a submitted project whose decision is past
// DecideDue, once per submission, as the system's: the general manager, the
// office and the filer are told. It reports whether it did.
func (p *Project) EscalateDecision(now time.Time) bool {
	if p.Status != ProjectSubmitted || p.DecideDue.IsZero() || now.Before(p.DecideDue) || !p.EscalatedAt.IsZero() {
		return false
	}
	p.EscalatedAt = now.UTC()
	p.log(nil, now, PEvEscalate, "", "", "", p.Status)
	return true
}

// decide records the general manager's decision on a submitted project.
func (p *Project) decide(by *User, now time.Time, kind ProjectEventKind, text string, required bool, to ProjectStatus) error {
	if err := p.begin(by, ActProjectDecide, ProjectSubmitted); err != nil {
		return err
	}
	v := Invalid{}
	ValidateText(v, "reason", text, required, MaxProjectText, true)
	if err := v.Err(); err != nil {
		return err
	}
	p.DecidedAt, p.DecidedBy = now.UTC(), by.Login
	p.log(by, now, kind, text, "", "", to)
	return nil
}

// Approve approves a submitted project (the general manager only; a note
// is optional).
func (p *Project) Approve(by *User, now time.Time, note string) error {
	return p.decide(by, now, PEvApprove, note, false, ProjectApproved)
}

// Reject rejects a submitted project with a reason.
func (p *Project) Reject(by *User, now time.Time, reason string) error {
	return p.decide(by, now, PEvReject, reason, true, ProjectRejected)
}

// Return sends a submitted project back to be revised, with a reason.
func (p *Project) Return(by *User, now time.Time, reason string) error {
	return p.decide(by, now, PEvReturn, reason, true, ProjectReturned)
}

// AddMilestone adds a step with its owner and date (not before today) to
// an approved or running project, which is then running.
func (p *Project) AddMilestone(by *User, now time.Time, cal *Calendar, m Milestone) error {
	if err := p.begin(by, "", ProjectApproved, ProjectInProgress); err != nil {
		return err
	}
	v := Invalid{}
	ValidateText(v, "text", m.Text, true, MaxProjectTitle, false)
	if strings.TrimSpace(m.Owner) == "" {
		v.Add("owner", "val.required")
	}
	switch today := cal.DateOf(now); {
	case m.Due.IsZero():
		v.Add("due", "val.required")
	case m.Due.Before(today):
		v.Add("due", "val.date_past", today.String())
	}
	if len(p.Milestones) >= MaxProjectMilestone {
		v.Add("text", "val.too_many", MaxProjectMilestone)
	}
	if err := v.Err(); err != nil {
		return err
	}
	p.Milestones = append(p.Milestones, Milestone{Text: m.Text, Owner: m.Owner, Due: m.Due})
	p.log(by, now, PEvMilestone, m.Text, "", m.Owner+" "+m.Due.String(), ProjectInProgress)
	return nil
}

// CompleteMilestone marks milestone i (0-based) done.
func (p *Project) CompleteMilestone(by *User, now time.Time, i int) error {
	if err := p.begin(by, "", ProjectInProgress); err != nil {
		return err
	}
	if i < 0 || i >= len(p.Milestones) || !p.Milestones[i].DoneAt.IsZero() {
		v := Invalid{}
		v.Add("milestone", "val.milestone_open")
		return v.Err()
	}
	p.Milestones[i].DoneAt, p.Milestones[i].DoneBy = now.UTC(), by.Login
	p.log(by, now, PEvMilestoneDone, p.Milestones[i].Text, "", "", ProjectInProgress)
	return nil
}

// AddNote records progress on an approved or running project, which is
// then running.
func (p *Project) AddNote(by *User, now time.Time, text string) error {
	if err := p.begin(by, "", ProjectApproved, ProjectInProgress); err != nil {
		return err
	}
	v := Invalid{}
	ValidateText(v, "text", text, true, MaxProjectText, true)
	if err := v.Err(); err != nil {
		return err
	}
	p.log(by, now, PEvNote, text, "", "", ProjectInProgress)
	return nil
}

// Finish closes the delivery of an approved or running project with its
// actual effect and economic benefit (yuan, 0 when there is none to
// count); every milestone must be done.
func (p *Project) Finish(by *User, now time.Time, effect string, benefit int64) error {
	if err := p.begin(by, "", ProjectApproved, ProjectInProgress); err != nil {
		return err
	}
	v := Invalid{}
	ValidateText(v, "actual_effect", effect, true, MaxProjectText, true)
	if benefit < 0 || benefit > MaxProjectBenefit {
		v.Add("benefit", "val.range", 0, int64(MaxProjectBenefit))
	}
	for _, m := range p.Milestones {
		if m.DoneAt.IsZero() {
			v.Add("actual_effect", "val.milestones_open", m.Text)
			break
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	p.ActualEffect, p.Benefit, p.DoneAt = effect, benefit, now.UTC()
	p.log(by, now, PEvFinish, effect, "", strconv.FormatInt(benefit, 10), ProjectDone)
	return nil
}

// Review rates a done project at the year-end review (1..MaxProjectRating)
// with an award, if any (the office or the general manager).
func (p *Project) Review(by *User, now time.Time, rating int, award string) error {
	if err := p.begin(by, ActProjectReview, ProjectDone); err != nil {
		return err
	}
	v := Invalid{}
	if rating < 1 || rating > MaxProjectRating {
		v.Add("rating", "val.range", 1, MaxProjectRating)
	}
	ValidateText(v, "award", award, false, MaxProjectText, true)
	if err := v.Err(); err != nil {
		return err
	}
	p.Rating, p.Award, p.ReviewedAt, p.ReviewedBy = rating, award, now.UTC(), by.Login
	p.log(by, now, PEvReview, award, "", strconv.Itoa(rating), ProjectReviewed)
	return nil
}

// ProjectFilter narrows a list of projects.
type ProjectFilter struct {
	Status ProjectStatus // "" every status
	Year   int           // 0 every year: else projects filed or targeted in it
}

// Keep reports whether f keeps p.
func (f ProjectFilter) Keep(p *Project, cal *Calendar) bool {
	if f.Status != "" && p.Status != f.Status {
		return false
	}
	return f.Year == 0 || cal.DateOf(p.FiledAt).Y == f.Year || p.Target.Y == f.Year
}

// ProjectPlanCompletion is the project plan completion rate of month m (立项
// 计划完成率, docs/DOMAIN.md#kpis): of the projects the general manager
// approved whose target date falls in m up to asOf, those done by it
// (OnTime). dept, when set, keeps the projects it is responsible for.
func ProjectPlanCompletion(projects []*Project, dept Department, m Month, asOf Date, cal *Calendar) Ratio {
	var r Ratio
	for _, p := range projects {
		approved := slices.Contains([]ProjectStatus{ProjectApproved, ProjectInProgress, ProjectDone, ProjectReviewed}, p.Status)
		if !approved || !m.Contains(p.Target) ||
			!asOf.IsZero() && p.Target.After(asOf) || dept != "" && !slices.Contains(p.Depts, dept) {
			continue
		}
		r.Den++
		if p.OnTime(cal) {
			r.Num++
		}
	}
	return r
}
