package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The methods in this file move an order line through its statuses (see
// LineStatus). Each takes the person acting, the current time and the
// factory calendar, checks the role (EFORBIDDEN) then the status (EINVALID)
// then the input (EINVALID with fields), and on success changes the line
// and appends one LineEvent. On error the line is unchanged. Times are
// recorded in UTC.

// begin checks that by may do act and that the line is in one of from.
func (l *OrderLine) begin(by *User, act Action, from ...LineStatus) error {
	if err := Require(by, act); err != nil {
		return err
	}
	if !slices.Contains(from, l.Status) {
		return Errorf(EINVALID, "err.line_state", l.LineNo)
	}
	return nil
}

// log appends a history event and moves the line to status to.
func (l *OrderLine) log(by *User, now time.Time, kind EventKind, text, before, after string, to LineStatus) {
	l.History = append(l.History, LineEvent{At: now.UTC(), By: by.Login, Kind: kind, Text: text,
		Before: before, After: after, From: l.Status, To: to})
	l.Status = to
}

// send hands the line to production: a new reply deadline, no reply yet.
func (l *OrderLine) send(now time.Time, cal *Calendar) {
	l.SentAt = now.UTC()
	l.ReplyDue = cal.EndOfNextWorkingDay(now).UTC()
	l.RepliedAt = time.Time{}
}

// replied records the first reply to the current sending.
func (l *OrderLine) replied(now time.Time) {
	if l.RepliedAt.IsZero() {
		l.RepliedAt = now.UTC()
	}
}

// Edit changes a line that production has not seen yet (draft, submitted or
// reviewed). A reviewed line goes back to submitted to be reviewed again.
func (l *OrderLine) Edit(by *User, now time.Time, cal *Calendar, in LineInput, products ProductLookup) error {
	if err := l.begin(by, ActOrderEdit, LineDraft, LineSubmitted, LineReviewed); err != nil {
		return err
	}
	if err := in.Validate(cal.DateOf(now), products); err != nil {
		return err
	}
	in = normalise(in, products)
	before := l.Input()
	if in == before {
		return nil
	}
	to := l.Status
	if to == LineReviewed {
		to = LineSubmitted
	}
	l.ProductCode, l.Variant, l.Qty, l.RequestedDate = in.ProductCode, in.Variant, in.Qty, in.RequestedDate
	l.log(by, now, EvEdit, "", before.String(), in.String(), to)
	return nil
}

// Submit hands a draft line to the sales lead for review.
func (l *OrderLine) Submit(by *User, now time.Time, cal *Calendar) error {
	if err := l.begin(by, ActOrderEdit, LineDraft); err != nil {
		return err
	}
	l.log(by, now, EvSubmit, "", "", "", LineSubmitted)
	return nil
}

// Review marks a submitted line as reviewed by the sales lead.
func (l *OrderLine) Review(by *User, now time.Time, cal *Calendar) error {
	if err := l.begin(by, ActOrderReview, LineSubmitted); err != nil {
		return err
	}
	l.log(by, now, EvReview, "", "", "", LineReviewed)
	return nil
}

// Rank sets the line's manual priority level (RankAdjust, -MaxRankAdjust..
// MaxRankAdjust; negative is earlier) with a reason. The sales lead may rank
// submitted, reviewed and sent lines.
func (l *OrderLine) Rank(by *User, now time.Time, cal *Calendar, adjust int, reason string) error {
	if err := l.begin(by, ActOrderReview, LineSubmitted, LineReviewed, LineSent); err != nil {
		return err
	}
	v := Invalid{}
	if adjust < -MaxRankAdjust || adjust > MaxRankAdjust {
		v.Add("rank_adjust", "val.rank_range", MaxRankAdjust, MaxRankAdjust)
	} else if adjust == l.RankAdjust {
		v.Add("rank_adjust", "val.no_change")
	}
	ValidateText(v, "reason", reason, true, MaxLineText, false)
	if err := v.Err(); err != nil {
		return err
	}
	before := strconv.Itoa(l.RankAdjust)
	l.RankAdjust = adjust
	l.log(by, now, EvRank, reason, before, strconv.Itoa(adjust), l.Status)
	return nil
}

// Send hands a reviewed line to production; the reply is due by the end of
// the next working day.
func (l *OrderLine) Send(by *User, now time.Time, cal *Calendar) error {
	if err := l.begin(by, ActOrderReview, LineReviewed); err != nil {
		return err
	}
	l.send(now, cal)
	l.log(by, now, EvSend, "", "", l.ReplyDue.Format(time.RFC3339), LineSent)
	return nil
}

// Answer gives or revises the promised date (交期答复). Production may
// answer a sent line, an unclear one (settled another way), an at-risk one
// (with the new promise) or revise an answered one.
func (l *OrderLine) Answer(by *User, now time.Time, cal *Calendar, promised Date) error {
	return l.AnswerWith(by, now, cal, promised, Date{}, "")
}

// AnswerWith is Answer with the date production was suggested (zero: none
// shown) and the reason it gives: the promised date must be a working day;
// a date earlier than the suggestion, or a new answer that moves a promise
// already given (not one at risk: the risk says why), needs a reason, which
// the line's history keeps.
func (l *OrderLine) AnswerWith(by *User, now time.Time, cal *Calendar, promised, suggested Date, reason string) error {
	if err := l.begin(by, ActOrderReply, LineSent, LineUnclear, LineAtRisk, LineAnswered); err != nil {
		return err
	}
	v := Invalid{}
	futureDate(v, "promised_date", promised, cal.DateOf(now))
	if _, bad := v["promised_date"]; !bad && !promised.IsZero() && !cal.IsWorkingDay(promised) {
		v.Add("promised_date", "val.not_working_day", promised.String())
	}
	ValidateText(v, "reason", reason, false, MaxLineText, true)
	if _, bad := v["promised_date"]; !bad && strings.TrimSpace(reason) == "" {
		switch {
		case !suggested.IsZero() && promised.Before(suggested):
			v.Add("reason", "val.reason_before_suggestion", suggested.String())
		case !l.PromisedDate.IsZero() && l.PromisedDate != promised && l.Status == LineAnswered:
			v.Add("reason", "val.reason_promise_moved", l.PromisedDate.String())
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	before := l.PromisedDate.String()
	l.PromisedDate = promised
	l.Question, l.RiskReason, l.RiskDate = "", "", Date{}
	l.replied(now)
	l.log(by, now, EvAnswer, strings.TrimSpace(reason), before, promised.String(), LineAnswered)
	return nil
}

// MarkUnclear sends a sent line back to sales with a question (订单内容不明反应).
func (l *OrderLine) MarkUnclear(by *User, now time.Time, cal *Calendar, question string) error {
	if err := l.begin(by, ActOrderReply, LineSent); err != nil {
		return err
	}
	v := Invalid{}
	ValidateText(v, "question", question, true, MaxLineText, true)
	if err := v.Err(); err != nil {
		return err
	}
	l.Question = question
	l.replied(now)
	l.log(by, now, EvUnclear, question, "", "", LineUnclear)
	return nil
}

// Clarify is sales' answer to production's question: the line goes back to
// production's queue with a new reply deadline.
func (l *OrderLine) Clarify(by *User, now time.Time, cal *Calendar, answer string) error {
	if err := l.begin(by, ActOrderEdit, LineUnclear); err != nil {
		return err
	}
	v := Invalid{}
	ValidateText(v, "answer", answer, true, MaxLineText, true)
	if err := v.Err(); err != nil {
		return err
	}
	question := l.Question
	l.Question = ""
	l.send(now, cal)
	l.log(by, now, EvClarify, answer, question, "", LineSent)
	return nil
}

// FlagRisk reports a delivery risk (交期安排、异常反应) with a reason and
// the new expected date. It may replace the answer to a sent line, or
// follow an answer or the start of production.
func (l *OrderLine) FlagRisk(by *User, now time.Time, cal *Calendar, reason string, expected Date) error {
	if err := l.begin(by, ActOrderReply, LineSent, LineAnswered, LineInProduction, LineAtRisk); err != nil {
		return err
	}
	v := Invalid{}
	ValidateText(v, "reason", reason, true, MaxLineText, true)
	futureDate(v, "risk_date", expected, cal.DateOf(now))
	if err := v.Err(); err != nil {
		return err
	}
	l.RiskReason, l.RiskDate = reason, expected
	l.replied(now)
	l.log(by, now, EvRisk, reason, l.PromisedDate.String(), expected.String(), LineAtRisk)
	return nil
}

// StartProduction marks an answered line as in production.
func (l *OrderLine) StartProduction(by *User, now time.Time, cal *Calendar) error {
	if err := l.begin(by, ActOrderReply, LineAnswered); err != nil {
		return err
	}
	l.log(by, now, EvStart, "", "", "", LineInProduction)
	return nil
}

// Remaining is the quantity still to ship.
func (l *OrderLine) Remaining() int64 { return l.Qty - l.ShippedQty }

// ShipFrom lists the statuses a line may ship from: answered, at risk, in
// production, or partly shipped (the rest of its quantity, in any number of
// shipments).
var ShipFrom = []LineStatus{LineAnswered, LineAtRisk, LineInProduction, LineShipping}

// Ship records a shipment of qty on date (today or earlier) from one of
// ShipFrom. The line is "shipping" (部分发货) until the whole quantity has
// shipped, then "shipped". Over-shipping is refused.
func (l *OrderLine) Ship(by *User, now time.Time, cal *Calendar, qty int64, date Date) error {
	if err := l.begin(by, ActOrderShip, ShipFrom...); err != nil {
		return err
	}
	v := Invalid{}
	if err := CheckQty(qty); err != nil {
		v.AddErr("qty", err)
	} else if qty > l.Remaining() {
		v.Add("qty", "val.ship_too_much", l.Remaining())
	}
	today := cal.DateOf(now)
	switch {
	case date.IsZero():
		v.Add("date", "val.required")
	case date.After(today):
		v.Add("date", "val.date_future", today.String())
	}
	if err := v.Err(); err != nil {
		return err
	}
	l.Shipments = append(l.Shipments, Shipment{Qty: qty, Date: date, By: by.Login, At: now.UTC()})
	l.ShippedQty += qty
	to := LineShipping
	if l.ShippedQty == l.Qty {
		to = LineShipped
	}
	l.log(by, now, EvShip, "", "", fmt.Sprintf("%d @%s", qty, date), to)
	return nil
}

// Close closes a shipped line. A partly shipped line may be closed short
// (the rest will not be delivered) only with a reason.
func (l *OrderLine) Close(by *User, now time.Time, cal *Calendar, reason string) error {
	if err := l.begin(by, ActOrderEdit, LineShipped, LineShipping); err != nil {
		return err
	}
	v := Invalid{}
	ValidateText(v, "reason", reason, l.Status == LineShipping, MaxLineText, true)
	if err := v.Err(); err != nil {
		return err
	}
	l.log(by, now, EvClose, reason, "", "", LineClosed)
	return nil
}

// Cancel cancels a line that has not shipped anything, with a reason.
func (l *OrderLine) Cancel(by *User, now time.Time, cal *Calendar, reason string) error {
	if err := Require(by, ActOrderEdit); err != nil {
		return err
	}
	if l.ShippedQty > 0 {
		return Errorf(EINVALID, "err.line_shipped", l.LineNo)
	}
	if !l.Status.Open() {
		return Errorf(EINVALID, "err.line_state", l.LineNo)
	}
	v := Invalid{}
	ValidateText(v, "reason", reason, true, MaxLineText, true)
	if err := v.Err(); err != nil {
		return err
	}
	l.log(by, now, EvCancel, reason, "", "", LineCancelled)
	return nil
}

// ChangeRequest is a change order (变更单) for one line: the new values and
// why.
type ChangeRequest struct {
	LineInput
	Reason string `json:"reason"`
}

// Change applies a change order to a line production has seen and not yet
// started (sent, answered, unclear or at risk). The line is flagged Changed,
// its promise is withdrawn, before/after go into the history, and it goes
// back to production's queue (sent) with a new reply deadline.
func (l *OrderLine) Change(by *User, now time.Time, cal *Calendar, ch ChangeRequest, products ProductLookup) error {
	if err := l.begin(by, ActOrderEdit, LineSent, LineAnswered, LineUnclear, LineAtRisk); err != nil {
		return err
	}
	v := Invalid{}
	if err := ch.LineInput.Validate(cal.DateOf(now), products); err != nil {
		for k, t := range FieldErrors(err) {
			v[k] = t
		}
	}
	ValidateText(v, "reason", ch.Reason, true, MaxLineText, true)
	if err := v.Err(); err != nil {
		return err
	}
	in := normalise(ch.LineInput, products)
	before := l.Input()
	if in == before {
		return Errorf(EINVALID, "err.no_change")
	}
	l.ProductCode, l.Variant, l.Qty, l.RequestedDate = in.ProductCode, in.Variant, in.Qty, in.RequestedDate
	l.Changed = true
	l.PromisedDate, l.Question, l.RiskReason, l.RiskDate = Date{}, "", "", Date{}
	l.send(now, cal)
	l.log(by, now, EvChange, ch.Reason, before.String(), in.String(), LineSent)
	return nil
}

// futureDate checks a required date that may not be before today.
func futureDate(v Invalid, field string, d, today Date) {
	switch {
	case d.IsZero():
		v.Add(field, "val.required")
	case d.Before(today):
		v.Add(field, "val.date_past", today.String())
	}
}
