package model

import (
	"slices"
	"strings"
	"time"
)

// Campaign cooperation (营销活动配合, docs/DOMAIN.md#campaigns): a marketing
// campaign the general manager has agreed to needs production's help —
// samples, people, work — each by a date. Sales file it with a named
// tracker (跟踪人); production answers every item within 3 working days:
// can, partly or cannot, with the date it will be done for what it takes
// (the timetable, 生产部工作配合完成时间表); an item not done by its date is
// late on the deadline board.
//
//	draft ─approve (GM)→ notified ─(production answers every item)→ answered ─close→ closed
//
// Filed less than CampaignLeadDays before the first needed-by date, a
// campaign is urgent: production must also say in writing whether it can
// cooperate at all.

// CampaignLeadDays is how many days ahead production should be told.
const CampaignLeadDays = 45

// Limits of a campaign.
const (
	MaxCampaignItems  = 50
	MaxCampaignText   = 1000
	MaxCampaignPeople = 1000
	MaxCampaignDays   = 365
)

// CampaignItemKind is what an item asks of production.
type CampaignItemKind string

const (
	ItemSample CampaignItemKind = "sample" // 样品、小样: product, variant, quantity
	ItemPeople CampaignItemKind = "people" // 人员: how many, how many days, where
	ItemWork   CampaignItemKind = "work"   // 工作: what
)

// CampaignItemKinds lists the kinds in form order.
var CampaignItemKinds = []CampaignItemKind{ItemSample, ItemPeople, ItemWork}

// Text names the kind for people.
func (k CampaignItemKind) Text() Text { return T("campaign.item." + string(k)) }

// CampaignAnswer is production's answer to an item.
type CampaignAnswer string

const (
	AnswerCan     CampaignAnswer = "can"
	AnswerPartly  CampaignAnswer = "partly"
	AnswerCannot  CampaignAnswer = "cannot"
	answerPending CampaignAnswer = ""
)

// CampaignAnswers lists the answers in form order.
var CampaignAnswers = []CampaignAnswer{AnswerCan, AnswerPartly, AnswerCannot}

// Text names the answer for people.
func (a CampaignAnswer) Text() Text {
	if a == answerPending {
		return T("campaign.answer.pending")
	}
	return T("campaign.answer." + string(a))
}

// CampaignStatus is where a campaign stands.
type CampaignStatus string

const (
	CampaignDraft    CampaignStatus = "draft"
	CampaignNotified CampaignStatus = "notified" // approved: production is told and answers
	CampaignAnswered CampaignStatus = "answered" // every item answered
	CampaignClosed   CampaignStatus = "closed"
)

// CampaignStatuses lists the statuses in their order of life.
var CampaignStatuses = []CampaignStatus{CampaignDraft, CampaignNotified, CampaignAnswered, CampaignClosed}

// Text names the status for people.
func (s CampaignStatus) Text() Text { return T("campaign.status." + string(s)) }

// CampaignItem is one thing asked of production, and its answer.
type CampaignItem struct {
	Kind     CampaignItemKind `json:"kind"`
	Product  string           `json:"product,omitempty"` // sample
	Variant  string           `json:"variant,omitempty"`
	Qty      int64            `json:"qty,omitempty"`
	People   int              `json:"people,omitempty"` // people
	Days     int              `json:"days,omitempty"`
	Place    string           `json:"place,omitempty"`
	Work     string           `json:"work,omitempty"` // work, or a note on any item
	NeededBy Date             `json:"needed_by"`
	// Production's answer: can, partly (Text says what) or cannot, and
	// for can and partly the date it will be done (by NeededBy, or with a
	// reason why not).
	Answer     CampaignAnswer `json:"answer,omitempty"`
	AnswerText string         `json:"answer_text,omitempty"`
	DoneBy     Date           `json:"done_by,omitzero"`
	AnsweredAt time.Time      `json:"answered_at,omitzero"`
	AnsweredBy string         `json:"answered_by,omitempty"`
	DoneAt     time.Time      `json:"done_at,omitzero"`
	// EscalatedAt: when the item, taken on and not done by DoneBy, was
	// reported to both department heads and the general manager.
	EscalatedAt time.Time `json:"escalated_at,omitzero"`
}

// Taken reports whether production took the item on (can or partly).
func (it CampaignItem) Taken() bool { return it.Answer == AnswerCan || it.Answer == AnswerPartly }

// Overdue reports whether the item was taken on and is not done by the
// end of the date production gave, as of today.
func (it CampaignItem) Overdue(today Date) bool {
	return it.Taken() && it.DoneAt.IsZero() && !it.DoneBy.IsZero() && it.DoneBy.Before(today)
}

// Validate checks an item as filed, as of today.
func (it CampaignItem) Validate(v Invalid, today Date) {
	switch it.Kind {
	case ItemSample:
		ValidateCode(v, "product", it.Product)
		if it.Qty < 1 || it.Qty > MaxQty {
			v.Add("qty", "val.range", 1, int64(MaxQty))
		}
	case ItemPeople:
		if it.People < 1 || it.People > MaxCampaignPeople {
			v.Add("people", "val.range", 1, MaxCampaignPeople)
		}
		if it.Days < 1 || it.Days > MaxCampaignDays {
			v.Add("days", "val.range", 1, MaxCampaignDays)
		}
		ValidateText(v, "place", it.Place, true, MaxProjectTitle, false)
	case ItemWork:
		ValidateText(v, "work", it.Work, true, MaxCampaignText, true)
	default:
		v.Add("kind", "val.campaign_item_kind")
	}
	if it.Kind != ItemWork {
		ValidateText(v, "work", it.Work, false, MaxCampaignText, true)
	}
	switch {
	case it.NeededBy.IsZero():
		v.Add("needed_by", "val.required")
	case it.NeededBy.Before(today):
		v.Add("needed_by", "val.date_past", today.String())
	}
}

// CampaignEvent is one entry of a campaign's history; Item is the item's
// number (1-based) for an answer or a completion, 0 for the campaign.
type CampaignEvent struct {
	At   time.Time      `json:"at"`
	By   string         `json:"by"`
	Kind string         `json:"kind"` // file, approve, cooperate, answer, done, escalate, close
	Item int            `json:"item,omitempty"`
	Text string         `json:"text,omitempty"`
	To   CampaignStatus `json:"to"`
}

// Campaign is a campaign's request for production's cooperation.
type Campaign struct {
	Meta
	ID      uint64         `json:"id"`
	No      string         `json:"no"` // HD-2026-0001
	Title   string         `json:"title"`
	Purpose string         `json:"purpose"`
	Tracker string         `json:"tracker"` // 跟踪人, a login
	Items   []CampaignItem `json:"items"`
	Status  CampaignStatus `json:"status"`
	FiledBy string         `json:"filed_by"`
	FiledAt time.Time      `json:"filed_at"`
	// Set when the general manager approves: production is told, and
	// answers by AnswerDue.
	ApprovedAt time.Time `json:"approved_at,omitzero"`
	ApprovedBy string    `json:"approved_by,omitempty"`
	AnswerDue  time.Time `json:"answer_due,omitzero"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	// Urgent: approved less than CampaignLeadDays before the first item
	// is needed; production then says in writing whether it can cooperate
	// at all (Cooperate, CooperateText) before the items.
	Urgent        bool            `json:"urgent,omitempty"`
	Cooperate     *bool           `json:"cooperate,omitempty"`
	CooperateText string          `json:"cooperate_text,omitempty"`
	History       []CampaignEvent `json:"history"`
}

// FirstNeeded is the earliest needed-by date of c's items.
func (c *Campaign) FirstNeeded() Date {
	var first Date
	for _, it := range c.Items {
		if first.IsZero() || it.NeededBy.Before(first) {
			first = it.NeededBy
		}
	}
	return first
}

func (c *Campaign) log(by *User, now time.Time, kind string, item int, text string, to CampaignStatus) {
	login := SystemLogin
	if by != nil {
		login = by.Login
	}
	c.History = append(c.History, CampaignEvent{At: now.UTC(), By: login, Kind: kind, Item: item, Text: text, To: to})
	c.Status = to
}

func (c *Campaign) begin(by *User, act Action, from ...CampaignStatus) error {
	if err := Require(by, act); err != nil {
		return err
	}
	if !slices.Contains(from, c.Status) {
		return Errorf(EINVALID, "err.campaign_state", c.No)
	}
	return nil
}

// NewCampaign is a draft filed by sales staff: a title, a purpose, a
// tracker and 1..MaxCampaignItems items.
func NewCampaign(by *User, now time.Time, cal *Calendar, title, purpose, tracker string, items []CampaignItem) (*Campaign, error) {
	if err := Require(by, ActCampaignFile); err != nil {
		return nil, err
	}
	v := Invalid{}
	ValidateText(v, "title", title, true, MaxProjectTitle, false)
	ValidateText(v, "purpose", purpose, true, MaxCampaignText, true)
	if strings.TrimSpace(tracker) == "" {
		v.Add("tracker", "val.required")
	}
	switch {
	case len(items) == 0:
		v.Add("campaign_items", "val.required")
	case len(items) > MaxCampaignItems:
		v.Add("campaign_items", "val.too_many", MaxCampaignItems)
	}
	today := cal.DateOf(now)
	for _, it := range items {
		it.Validate(v, today)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	c := &Campaign{Title: title, Purpose: purpose, Tracker: tracker, FiledBy: by.Login, FiledAt: now.UTC()}
	for _, it := range items {
		c.Items = append(c.Items, CampaignItem{Kind: it.Kind, Product: it.Product, Variant: it.Variant, Qty: it.Qty,
			People: it.People, Days: it.Days, Place: it.Place, Work: it.Work, NeededBy: it.NeededBy})
	}
	c.log(by, now, "file", 0, "", CampaignDraft)
	return c, nil
}

// Approve is the general manager's agreement: production is told now and
// answers by the end of the 3rd working day; a campaign whose first item
// is needed less than CampaignLeadDays away is urgent.
func (c *Campaign) Approve(by *User, now time.Time, cal *Calendar) error {
	if err := c.begin(by, ActCampaignApprove, CampaignDraft); err != nil {
		return err
	}
	today := cal.DateOf(now)
	c.ApprovedAt, c.ApprovedBy = now.UTC(), by.Login
	c.AnswerDue = cal.AddWorkingDays(today, 3).AddDays(1).In(cal.loc()).UTC()
	c.Urgent = today.DaysUntil(c.FirstNeeded()) < CampaignLeadDays
	c.log(by, now, "approve", 0, "", CampaignNotified)
	return nil
}

// AnswerCooperation is production's written answer to an urgent campaign:
// whether it can cooperate at all. A no answers every item "cannot".
func (c *Campaign) AnswerCooperation(by *User, now time.Time, yes bool, text string) error {
	if err := c.begin(by, ActCampaignAnswer, CampaignNotified); err != nil {
		return err
	}
	v := Invalid{}
	if !c.Urgent {
		v.Add("cooperate", "val.campaign_not_urgent")
	}
	ValidateText(v, "cooperate_text", text, true, MaxCampaignText, true)
	if err := v.Err(); err != nil {
		return err
	}
	c.Cooperate, c.CooperateText = &yes, text
	to := CampaignNotified
	if !yes {
		for i := range c.Items {
			it := &c.Items[i]
			it.Answer, it.AnswerText, it.DoneBy, it.AnsweredAt, it.AnsweredBy = AnswerCannot, text, Date{}, now.UTC(), by.Login
		}
		to = CampaignAnswered
		c.AnsweredAt = now.UTC()
	}
	c.log(by, now, "cooperate", 0, text, to)
	return nil
}

// AnswerItem is production's answer to item i (1-based): can or partly
// with the date it will be done (not past; after the item's needed-by
// date only with a reason), or cannot with a reason. When every item is
// answered the campaign is answered. An answer may be changed until the
// campaign is closed.
func (c *Campaign) AnswerItem(by *User, now time.Time, cal *Calendar, i int, answer CampaignAnswer, doneBy Date, text string) error {
	if err := c.begin(by, ActCampaignAnswer, CampaignNotified, CampaignAnswered); err != nil {
		return err
	}
	v := Invalid{}
	if c.Urgent && c.Cooperate == nil {
		v.Add("answer", "val.campaign_cooperate_first")
	}
	if i < 1 || i > len(c.Items) {
		v.Add("item", "val.campaign_item", len(c.Items))
		return v.Err()
	}
	it := &c.Items[i-1]
	today := cal.DateOf(now)
	switch answer {
	case AnswerCan, AnswerPartly:
		switch {
		case doneBy.IsZero():
			v.Add("done_by", "val.required")
		case doneBy.Before(today):
			v.Add("done_by", "val.date_past", today.String())
		case doneBy.After(it.NeededBy) && strings.TrimSpace(text) == "":
			v.Add("answer_text", "val.campaign_after_needed", it.NeededBy.String())
		}
		ValidateText(v, "answer_text", text, answer == AnswerPartly, MaxCampaignText, true)
	case AnswerCannot:
		ValidateText(v, "answer_text", text, true, MaxCampaignText, true)
		doneBy = Date{}
	default:
		v.Add("answer", "val.campaign_answer")
	}
	if err := v.Err(); err != nil {
		return err
	}
	it.Answer, it.DoneBy, it.AnswerText, it.AnsweredAt, it.AnsweredBy = answer, doneBy, text, now.UTC(), by.Login
	to := c.Status
	if c.allAnswered() && c.AnsweredAt.IsZero() {
		c.AnsweredAt = now.UTC()
		to = CampaignAnswered
	}
	c.log(by, now, "answer", i, string(answer)+" "+doneBy.String()+" "+text, to)
	return nil
}

func (c *Campaign) allAnswered() bool {
	for _, it := range c.Items {
		if it.Answer == answerPending {
			return false
		}
	}
	return true
}

// CompleteItem records item i (1-based) done by production.
func (c *Campaign) CompleteItem(by *User, now time.Time, i int) error {
	if err := c.begin(by, ActCampaignAnswer, CampaignNotified, CampaignAnswered); err != nil {
		return err
	}
	v := Invalid{}
	if i < 1 || i > len(c.Items) {
		v.Add("item", "val.campaign_item", len(c.Items))
		return v.Err()
	}
	it := &c.Items[i-1]
	if !it.Taken() || !it.DoneAt.IsZero() {
		v.Add("item", "val.campaign_item_open")
		return v.Err()
	}
	it.DoneAt = now.UTC()
	c.log(by, now, "done", i, "", c.Status)
	return nil
}

// Escalate reports the items production took on and has not done by the
// end of the date it gave (Overdue) to both department heads and the
// general manager (EscalatesTo): each such item is marked escalated once
// and logged as the system's. It returns the items (1-based) escalated
// now; none when the campaign is closed or nothing is newly overdue.
func (c *Campaign) Escalate(now time.Time, cal *Calendar) []int {
	if c.Status != CampaignNotified && c.Status != CampaignAnswered {
		return nil
	}
	today := cal.DateOf(now)
	var out []int
	for i := range c.Items {
		it := &c.Items[i]
		if it.Overdue(today) && it.EscalatedAt.IsZero() {
			it.EscalatedAt = now.UTC()
			c.log(nil, now, "escalate", i+1, it.DoneBy.String(), c.Status)
			out = append(out, i+1)
		}
	}
	return out
}

// EscalatesTo reports whether u is told of c's overdue items: the general
// manager, the heads (lead or head) of sales and production, and the
// tracker.
func (c *Campaign) EscalatesTo(u *User) bool {
	if u == nil {
		return false
	}
	head := (u.Role == RoleHead || u.Role == RoleLead) && (u.Dept == DeptSales || u.Dept == DeptProduction)
	return u.Role == RoleGM || head || u.Login == c.Tracker
}

// Close closes an answered campaign (sales staff).
func (c *Campaign) Close(by *User, now time.Time, text string) error {
	if err := c.begin(by, ActCampaignFile, CampaignAnswered); err != nil {
		return err
	}
	v := Invalid{}
	ValidateText(v, "text", text, false, MaxCampaignText, true)
	if err := v.Err(); err != nil {
		return err
	}
	c.log(by, now, "close", 0, text, CampaignClosed)
	return nil
}
