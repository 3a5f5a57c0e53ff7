package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// LineStatus is where an order line stands (docs/DOMAIN.md#orders):
//
//	draft → submitted → reviewed → sent ─┬→ answered ──┬→ in_production → shipping → shipped → closed
//	                                     ├→ unclear ───┘ (clarified: back to sent)
//	                                     └→ at_risk (reason, new expected date; re-answered → answered)
//
// A line is "shipping" (部分发货) while some but not all of its quantity has
// shipped and "shipped" once all of it has. A change order puts a sent,
// answered, unclear or at-risk line back to "sent". Any line with nothing
// shipped may be cancelled. Closed and cancelled are final.
type LineStatus string

const (
	LineDraft        LineStatus = "draft"         // 草稿
	LineSubmitted    LineStatus = "submitted"     // 已提交
	LineReviewed     LineStatus = "reviewed"      // 已审核
	LineSent         LineStatus = "sent"          // 已下达，待答复
	LineAnswered     LineStatus = "answered"      // 已答复交期
	LineUnclear      LineStatus = "unclear"       // 订单内容不明
	LineAtRisk       LineStatus = "at_risk"       // 交期风险
	LineInProduction LineStatus = "in_production" // 生产中
	LineShipping     LineStatus = "shipping"      // 部分发货
	LineShipped      LineStatus = "shipped"       // 已发货
	LineClosed       LineStatus = "closed"        // 已关闭
	LineCancelled    LineStatus = "cancelled"     // 已取消
)

// LineStatuses lists every status in flow order.
var LineStatuses = []LineStatus{LineDraft, LineSubmitted, LineReviewed, LineSent, LineAnswered, LineUnclear,
	LineAtRisk, LineInProduction, LineShipping, LineShipped, LineClosed, LineCancelled}

// Valid reports whether s is a known status.
func (s LineStatus) Valid() bool {
	for _, x := range LineStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Text is the status's name for people.
func (s LineStatus) Text() Text { return T("line.status." + string(s)) }

// Open reports whether the line still needs work (not closed or cancelled).
func (s LineStatus) Open() bool { return s != LineClosed && s != LineCancelled }

// EventKind names what happened to a line in its history.
type EventKind string

const (
	EvCreate  EventKind = "create"
	EvEdit    EventKind = "edit"
	EvSubmit  EventKind = "submit"
	EvReview  EventKind = "review"
	EvRank    EventKind = "rank"
	EvSend    EventKind = "send"
	EvAnswer  EventKind = "answer"
	EvUnclear EventKind = "unclear"
	EvClarify EventKind = "clarify"
	EvRisk    EventKind = "risk"
	EvStart   EventKind = "start"
	EvShip    EventKind = "ship"
	EvClose   EventKind = "close"
	EvCancel  EventKind = "cancel"
	EvChange  EventKind = "change"
)

// EventKinds lists every kind.
var EventKinds = []EventKind{EvCreate, EvEdit, EvSubmit, EvReview, EvRank, EvSend, EvAnswer, EvUnclear,
	EvClarify, EvRisk, EvStart, EvShip, EvClose, EvCancel, EvChange, EvUnrisk}

// Text is the kind's name for people.
func (k EventKind) Text() Text { return T("line.event." + string(k)) }

// LineEvent is one entry in a line's history: who did what, their words
// (reason, question, answer) and the values it changed.
type LineEvent struct {
	At     time.Time  `json:"at"`
	By     string     `json:"by"`
	Kind   EventKind  `json:"kind"`
	Text   string     `json:"text,omitempty"`
	Before string     `json:"before,omitempty"`
	After  string     `json:"after,omitempty"`
	From   LineStatus `json:"from,omitempty"`
	To     LineStatus `json:"to,omitempty"`
}

// Shipment is one delivery of (part of) a line.
type Shipment struct {
	Qty  int64     `json:"qty"`
	Date Date      `json:"date"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
}

// OrderLine is one product line of an order and its whole life.
type OrderLine struct {
	ID            uint64     `json:"id"`
	OrderID       uint64     `json:"order_id"`
	LineNo        int        `json:"line_no"`
	ProductCode   string     `json:"product_code"`
	Variant       string     `json:"variant,omitempty"`
	Qty           int64      `json:"qty"`
	RequestedDate Date       `json:"requested_date"`
	Status        LineStatus `json:"status"`
	// SentAt is when the line was (last) sent to production; ReplyDue is
	// the instant a reply must come before; RepliedAt is the first reply
	// (answer, unclear or risk) to that sending, zero while awaited.
	SentAt       time.Time  `json:"sent_at,omitzero"`
	ReplyDue     time.Time  `json:"reply_due,omitzero"`
	RepliedAt    time.Time  `json:"replied_at,omitzero"`
	PromisedDate Date       `json:"promised_date,omitzero"`
	Question     string     `json:"question,omitempty"`
	RiskReason   string     `json:"risk_reason,omitempty"`
	RiskDate     Date       `json:"risk_date,omitzero"`
	ShippedQty   int64      `json:"shipped_qty,omitempty"`
	Shipments    []Shipment `json:"shipments,omitempty"`
	Changed      bool       `json:"changed,omitempty"`
	// RankAdjust is the sales lead's manual priority level: 0 normal,
	// negative expedited (加急), positive deferred; see QueueCompare.
	RankAdjust int `json:"rank_adjust,omitempty"`
	// AnomalyID is the anomaly that put the line at risk, if one did.
	AnomalyID uint64      `json:"anomaly_id,omitempty"`
	History   []LineEvent `json:"history,omitempty"`
	Meta
}

// Order is an order (订单) of one customer with its lines.
type Order struct {
	ID            uint64      `json:"id"`
	No            string      `json:"no"` // e.g. SO-20261126-0001, numbered by the store
	CustomerID    uint64      `json:"customer_id"`
	CustomerGrade Grade       `json:"customer_grade"` // copied from the customer, for ranking
	ReceivedAt    time.Time   `json:"received_at"`
	Channel       string      `json:"channel,omitempty"` // phone, WeChat, K3, ...
	Owner         string      `json:"owner"`             // login of the sales person responsible
	Remarks       string      `json:"remarks,omitempty"`
	Lines         []OrderLine `json:"lines"`
	Meta
}

// Clone is a copy of the line that shares nothing with it.
func (l *OrderLine) Clone() *OrderLine {
	c := *l
	c.Shipments = slices.Clone(l.Shipments)
	c.History = slices.Clone(l.History)
	return &c
}

// Clone is a copy of the order and its lines that shares nothing with it.
func (o *Order) Clone() *Order {
	c := *o
	if o.Lines != nil {
		c.Lines = make([]OrderLine, len(o.Lines))
		for i := range o.Lines {
			c.Lines[i] = *o.Lines[i].Clone()
		}
	}
	return &c
}

// Limits on orders.
const (
	MaxChannelLen  = 32
	MaxRemarks     = 500
	MaxLineText    = 500 // question, clarification, risk reason, change reason
	MaxOrderLines  = 200
	MaxRankAdjust  = 9
	MaxRequestDays = 2 * 366 // how far ahead a requested date may be
)

// Line returns the line numbered no, or nil.
func (o *Order) Line(no int) *OrderLine {
	for i := range o.Lines {
		if o.Lines[i].LineNo == no {
			return &o.Lines[i]
		}
	}
	return nil
}

// Validate checks the order header: customer, received time, channel,
// owner and remarks. Lines are checked by ValidateOrder or LineInput.Validate.
func (o *Order) Validate() error {
	v := Invalid{}
	o.validateHeader(v)
	return v.Err()
}

func (o *Order) validateHeader(v Invalid) {
	if o.CustomerID == 0 {
		v.Add("customer", "val.required")
	}
	if o.ReceivedAt.IsZero() {
		v.Add("received_at", "val.required")
	}
	ValidateText(v, "channel", o.Channel, false, MaxChannelLen, false)
	if o.Owner == "" {
		v.Add("owner", "val.required")
	}
	ValidateText(v, "remarks", o.Remarks, false, MaxRemarks, false)
}

// ValidateOrder checks a whole order as entered or imported: the header
// fields, then every line against today and, if products is not nil, the
// product master. A bad line is reported under the field "lines" with the
// numbers of the bad lines; a form that edits one line at a time calls
// LineInput.Validate for field-level messages.
func ValidateOrder(o *Order, today Date, products ProductLookup) error {
	v := Invalid{}
	o.validateHeader(v)
	switch {
	case len(o.Lines) == 0:
		v.Add("lines", "val.no_lines")
	case len(o.Lines) > MaxOrderLines:
		v.Add("lines", "val.too_many_lines", MaxOrderLines)
	default:
		var bad []string
		for i := range o.Lines {
			if o.Lines[i].Input().Validate(today, products) != nil {
				bad = append(bad, strconv.Itoa(o.Lines[i].LineNo))
			}
		}
		if len(bad) > 0 {
			v.Add("lines", "val.bad_lines", strings.Join(bad, ", "))
		}
	}
	return v.Err()
}

// LineInput is what sales types for a line, on entry, on edit and in a
// change order.
type LineInput struct {
	ProductCode   string `json:"product_code"`
	Variant       string `json:"variant,omitempty"`
	Qty           int64  `json:"qty"`
	RequestedDate Date   `json:"requested_date"`
}

// Input returns the line's editable values.
func (l *OrderLine) Input() LineInput {
	return LineInput{l.ProductCode, l.Variant, l.Qty, l.RequestedDate}
}

// String summarises the input for a history entry: P001/with ×100 @2026-12-01.
func (in LineInput) String() string {
	code := in.ProductCode
	if in.Variant != "" {
		code += "/" + in.Variant
	}
	return fmt.Sprintf("%s ×%d @%s", code, in.Qty, in.RequestedDate)
}

// ParseLineInput reads back what LineInput.String wrote into a history
// entry ("P001/with ×100 @2026-12-01"), so that screens can name the
// product and variant; ok is false for any other text.
func ParseLineInput(s string) (in LineInput, ok bool) {
	code, rest, ok1 := strings.Cut(s, " ×")
	qty, date, ok2 := strings.Cut(rest, " @")
	if !ok1 || !ok2 || code == "" {
		return in, false
	}
	n, err := strconv.ParseInt(qty, 10, 64)
	if err != nil {
		return in, false
	}
	var d Date
	if date != "" {
		if d, err = ParseDate(date); err != nil {
			return in, false
		}
	}
	in.ProductCode, in.Variant, _ = strings.Cut(code, "/")
	in.Qty, in.RequestedDate = n, d
	return in, true
}

// Validate checks a line as typed: product code (and, if products is not
// nil, that the product exists and has the variant; an empty variant means
// the product's default), quantity 1..MaxQty, and a requested date from
// today up to two years ahead. Field names: product, variant, qty,
// requested_date.
func (in LineInput) Validate(today Date, products ProductLookup) error {
	v := Invalid{}
	CheckVariant(v, "", in.ProductCode, in.Variant, products)
	v.AddErr("qty", CheckQty(in.Qty))
	switch {
	case in.RequestedDate.IsZero():
		v.Add("requested_date", "val.required")
	case in.RequestedDate.Before(today):
		v.Add("requested_date", "val.date_past", today.String())
	case in.RequestedDate.After(today.AddDays(MaxRequestDays)):
		v.Add("requested_date", "val.date_too_far")
	}
	return v.Err()
}

// NewLine builds a draft line from input checked against today and the
// product master (the empty variant becomes the product's default), with a
// "create" history entry. The store assigns ID, OrderID and LineNo.
func NewLine(by *User, now time.Time, cal *Calendar, in LineInput, products ProductLookup) (*OrderLine, error) {
	if err := Require(by, ActOrderEdit); err != nil {
		return nil, err
	}
	if err := in.Validate(cal.DateOf(now), products); err != nil {
		return nil, err
	}
	in = normalise(in, products)
	l := &OrderLine{ProductCode: in.ProductCode, Variant: in.Variant, Qty: in.Qty, RequestedDate: in.RequestedDate}
	l.log(by, now, EvCreate, "", "", in.String(), LineDraft)
	return l, nil
}

func normalise(in LineInput, products ProductLookup) LineInput {
	if products != nil {
		if p := products(in.ProductCode); p != nil {
			in.Variant = p.VariantOr(in.Variant)
		}
	}
	return in
}

// staff reports whether u works in dept as a member, lead or head (the GM,
// office and admin roles act through their own actions, not a department's).
func staff(u *User, dept Department) bool {
	return u.Dept == dept && (u.Role == RoleMember || u.Role == RoleLead || u.Role == RoleHead)
}

// leader reports whether u is the lead or head of dept.
func leader(u *User, dept Department) bool {
	return u.Dept == dept && (u.Role == RoleLead || u.Role == RoleHead)
}
