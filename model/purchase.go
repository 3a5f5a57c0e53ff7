package model

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// The packaging purchase request (包材采购计划单, docs/DOMAIN.md#packaging):
// the material keeper drafts it (from the requirement run or by hand), the
// production head signs it, and it must be at purchasing by 12:00 of the
// next working day after it was drafted. Purchasing marks its lines
// ordered and receives them; a receipt adds material stock.
//
//	draft ─sign (production head)→ signed ─every line received→ closed
//	signed, nothing ordered ─edit→ draft (it needs signing again)
//	draft, or signed with nothing ordered ─cancel (reason)→ cancelled
//
// The methods in this file are the transitions. Each checks the person
// (EFORBIDDEN), then the status (EINVALID), then the input (EINVALID with
// fields), and on success changes the request and appends one entry to its
// history; on error the request is unchanged.

// Limits of purchase requests.
const (
	MaxPurchaseLines  = 200
	MaxPurchaseReason = 500
)

// Purchase deadline: 12:00 of the next working day after drafting.
const (
	PurchaseDueHour   = 12
	PurchaseDueMinute = 0
)

// PurchaseDue is when a request drafted at drafted must be at purchasing:
// 12:00 of the next working day after its factory date.
func PurchaseDue(cal *Calendar, drafted time.Time) time.Time {
	return atTime(cal, cal.NextWorkingDay(cal.DateOf(drafted)), PurchaseDueHour, PurchaseDueMinute)
}

// PurchaseStatus is where a request stands.
type PurchaseStatus string

const (
	PurDraft     PurchaseStatus = "draft"
	PurSigned    PurchaseStatus = "signed" // at purchasing
	PurClosed    PurchaseStatus = "closed" // everything received
	PurCancelled PurchaseStatus = "cancelled"
)

// PurchaseStatuses lists the statuses in their order of life.
var PurchaseStatuses = []PurchaseStatus{PurDraft, PurSigned, PurClosed, PurCancelled}

// Text names the status for people.
func (s PurchaseStatus) Text() Text { return T("purchase.status." + string(s)) }

// PurchaseEventKind is what a history entry of a request records.
type PurchaseEventKind string

const (
	PuEvDraft   PurchaseEventKind = "draft"
	PuEvRun     PurchaseEventKind = "run" // the requirement run updated it
	PuEvEdit    PurchaseEventKind = "edit"
	PuEvSign    PurchaseEventKind = "sign"
	PuEvOrder   PurchaseEventKind = "order"
	PuEvReceive PurchaseEventKind = "receive"
	PuEvCancel  PurchaseEventKind = "cancel"
)

// Text names the event for people.
func (k PurchaseEventKind) Text() Text { return T("purchase.ev." + string(k)) }

// PurchaseEvent is one entry of a request's history.
type PurchaseEvent struct {
	At   time.Time         `json:"at"`
	By   string            `json:"by"`
	Kind PurchaseEventKind `json:"kind"`
	Text string            `json:"text,omitempty"`
	To   PurchaseStatus    `json:"to"`
}

// Receipt is one delivery received against a request line.
type Receipt struct {
	Qty    int64     `json:"qty"`
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Reason string    `json:"reason,omitempty"` // why more than ordered came in
}

// PurchaseLine is one line of a request.
type PurchaseLine struct {
	Material string `json:"material"`
	Spec     string `json:"spec,omitempty"`    // as the material had it when the line was written
	Marking  string `json:"marking,omitempty"` // 特殊标示
	Unit     string `json:"unit,omitempty"`
	Qty      int64  `json:"qty"`
	NeededBy Date   `json:"needed_by"`
	// Proposed is what the requirement run proposed (0: a line typed by
	// hand) and Basis how; a quantity other than the proposal needs a
	// Reason.
	Proposed int64          `json:"proposed,omitempty"`
	Basis    *MaterialBasis `json:"basis,omitempty"`
	Reason   string         `json:"reason,omitempty"`

	Ordered   time.Time `json:"ordered,omitzero"`
	OrderedBy string    `json:"ordered_by,omitempty"`
	Expected  Date      `json:"expected,omitzero"` // when the supplier delivers
	Received  int64     `json:"received,omitempty"`
	Receipts  []Receipt `json:"receipts,omitempty"`
}

// FromRun reports whether the line is the run's.
func (l *PurchaseLine) FromRun() bool { return l.Basis != nil }

// Outstanding is what is still to come in: the quantity less what was
// received, not below zero.
func (l *PurchaseLine) Outstanding() int64 { return max(l.Qty-l.Received, 0) }

// LineState is where a request line stands, for people.
func (l *PurchaseLine) LineState() Text {
	switch {
	case l.Received >= l.Qty && l.Qty > 0:
		return T("purchase.line.received")
	case l.Received > 0:
		return T("purchase.line.partial")
	case !l.Ordered.IsZero():
		return T("purchase.line.ordered")
	}
	return T("purchase.line.open")
}

// PurchaseRequest is a packaging purchase request (包材采购计划单).
type PurchaseRequest struct {
	Meta
	ID        uint64         `json:"id"`
	No        string         `json:"no"` // CG-2026-0001
	Status    PurchaseStatus `json:"status"`
	Lines     []PurchaseLine `json:"lines"`
	Note      string         `json:"note,omitempty"`
	DraftedBy string         `json:"drafted_by"`
	DraftedAt time.Time      `json:"drafted_at"`
	Due       time.Time      `json:"due"` // at purchasing by (PurchaseDue)
	SignedBy  string         `json:"signed_by,omitempty"`
	SignedAt  time.Time      `json:"signed_at,omitzero"`
	// FirstSigned is when it first reached purchasing: what counts
	// against the deadline, as a first publish does.
	FirstSigned time.Time       `json:"first_signed,omitzero"`
	History     []PurchaseEvent `json:"history"`
}

// Open reports whether the request still expects deliveries or a
// signature (draft or signed).
func (r *PurchaseRequest) Open() bool { return r.Status == PurDraft || r.Status == PurSigned }

// Line returns the line of material, or nil.
func (r *PurchaseRequest) Line(material string) *PurchaseLine {
	for i := range r.Lines {
		if r.Lines[i].Material == material {
			return &r.Lines[i]
		}
	}
	return nil
}

// anyOrdered reports whether purchasing has ordered or received any line.
func (r *PurchaseRequest) anyOrdered() bool {
	return slices.ContainsFunc(r.Lines, func(l PurchaseLine) bool { return !l.Ordered.IsZero() || l.Received > 0 })
}

// Editable reports whether the lines may still be changed: a draft, or a
// signed request of which nothing is ordered yet.
func (r *PurchaseRequest) Editable() bool {
	return r.Status == PurDraft || r.Status == PurSigned && !r.anyOrdered()
}

func (r *PurchaseRequest) log(by *User, now time.Time, kind PurchaseEventKind, text string, to PurchaseStatus) {
	r.History = append(r.History, PurchaseEvent{At: now.UTC(), By: by.Login, Kind: kind, Text: text, To: to})
	r.Status = to
}

func (r *PurchaseRequest) begin(ok bool, act Action, from ...PurchaseStatus) error {
	if !ok {
		return Forbidden(act)
	}
	if !slices.Contains(from, r.Status) {
		return Errorf(EINVALID, "err.purchase_state", r.No, r.Status.Text())
	}
	return nil
}

// CheckPurchaseLines checks request lines as typed, as of today, and
// returns them cleaned: each material known and once, spec, unit (and,
// when not given, marking) taken from the material, a quantity from 1, a
// needed-by date from today, and a reason when a line of the run asks for
// another quantity than it proposed. Problems are "lines.N.field".
func CheckPurchaseLines(lines []PurchaseLine, materials MaterialLookup, today Date) ([]PurchaseLine, error) {
	v := Invalid{}
	if len(lines) == 0 {
		v.Add("lines", "val.purchase_no_lines")
		return nil, v.Err()
	}
	if len(lines) > MaxPurchaseLines {
		v.Add("lines", "val.too_many", MaxPurchaseLines)
		return nil, v.Err()
	}
	out := make([]PurchaseLine, 0, len(lines))
	seen := map[string]int{}
	for i, l := range lines {
		f := func(name string) string { return "lines." + strconv.Itoa(i+1) + "." + name }
		l.Material = strings.TrimSpace(l.Material)
		l.Reason = strings.TrimSpace(l.Reason)
		l.Marking = strings.TrimSpace(l.Marking)
		ValidateCode(v, f("material"), l.Material)
		var m *Material
		if _, bad := v[f("material")]; !bad && materials != nil {
			if m = materials(l.Material); m == nil {
				v.Add(f("material"), "val.unknown_material", l.Material)
			}
		}
		if first, dup := seen[l.Material]; dup && l.Material != "" {
			v.Add(f("material"), "val.dup_row", first)
		}
		seen[l.Material] = i + 1
		if l.Qty < 1 || l.Qty > MaxQty {
			v.Add(f("qty"), "val.whole", 1, MaxQty)
		}
		switch {
		case l.NeededBy.IsZero():
			v.Add(f("needed_by"), "val.required")
		case l.NeededBy.Before(today) && l.Ordered.IsZero():
			v.Add(f("needed_by"), "val.date_past", today.String())
		}
		ValidateText(v, f("marking"), l.Marking, false, MaxMarkingLen, false)
		ValidateText(v, f("reason"), l.Reason, false, MaxPurchaseReason, false)
		if l.FromRun() && l.Qty != l.Proposed && l.Reason == "" {
			v.Add(f("reason"), "val.purchase_reason", l.Proposed)
		}
		if m != nil {
			l.Spec, l.Unit = m.Spec, m.Unit
			if l.Marking == "" {
				l.Marking = m.Marking
			}
		}
		out = append(out, l)
	}
	return out, v.Err()
}

// NewPurchaseRequest is a request drafted by the material keeper (whoever
// may draft requests) now, with lines checked by CheckPurchaseLines.
func NewPurchaseRequest(by *User, now time.Time, cal *Calendar, lines []PurchaseLine, note string, materials MaterialLookup) (*PurchaseRequest, error) {
	if !Can(by, ActPurchaseDraft) {
		return nil, Forbidden(ActPurchaseDraft)
	}
	v := Invalid{}
	ValidateText(v, "note", note, false, MaxRemarks, true)
	lines, err := CheckPurchaseLines(lines, materials, cal.DateOf(now))
	v.Merge(err)
	if err := v.Err(); err != nil {
		return nil, err
	}
	r := &PurchaseRequest{Lines: lines, Note: strings.TrimSpace(note), DraftedBy: by.Login, DraftedAt: now.UTC(),
		Due: PurchaseDue(cal, now).UTC()}
	r.log(by, now, PuEvDraft, "", PurDraft)
	return r, nil
}

// NewRunDraft is an empty draft the requirement run fills (ApplyRun),
// drafted by by now.
func NewRunDraft(by *User, now time.Time, cal *Calendar) *PurchaseRequest {
	r := &PurchaseRequest{Lines: []PurchaseLine{}, DraftedBy: by.Login, DraftedAt: now.UTC(), Due: PurchaseDue(cal, now).UTC()}
	r.log(by, now, PuEvDraft, "", PurDraft)
	return r
}

// Edit replaces the lines and note of a draft, or of a signed request
// nothing of which is ordered yet; a signed request goes back to draft and
// needs signing again.
func (r *PurchaseRequest) Edit(by *User, now time.Time, cal *Calendar, lines []PurchaseLine, note string, materials MaterialLookup) error {
	if err := r.begin(Can(by, ActPurchaseDraft), ActPurchaseDraft, PurDraft, PurSigned); err != nil {
		return err
	}
	if !r.Editable() {
		return Errorf(EINVALID, "err.purchase_ordered", r.No)
	}
	v := Invalid{}
	ValidateText(v, "note", note, false, MaxRemarks, true)
	lines, err := CheckPurchaseLines(lines, materials, cal.DateOf(now))
	v.Merge(err)
	if err := v.Err(); err != nil {
		return err
	}
	r.Lines, r.Note = lines, strings.TrimSpace(note)
	r.SignedBy, r.SignedAt = "", time.Time{}
	r.log(by, now, PuEvEdit, "", PurDraft)
	return nil
}

// ApplyRun brings a draft up to date with the requirement run's proposals
// (one per material, Proposed > 0 for those to request): a run line takes
// the new proposal, unless its quantity was changed by hand (it keeps that
// and its reason, with the new proposal beside it); a material newly
// needed gets a line; a run line no longer needed is dropped; lines typed
// by hand are left as they are. It reports whether anything changed.
func (r *PurchaseRequest) ApplyRun(by *User, now time.Time, proposals []MaterialBasis, materials MaterialLookup) (bool, error) {
	if err := r.begin(Can(by, ActPurchaseDraft), ActPurchaseDraft, PurDraft); err != nil {
		return false, err
	}
	var lines []PurchaseLine
	changed := false
	want := map[string]*MaterialBasis{}
	for i := range proposals {
		if proposals[i].Proposed > 0 {
			want[proposals[i].Material] = &proposals[i]
		}
	}
	for _, l := range r.Lines {
		b, needed := want[l.Material]
		switch {
		case !l.FromRun() && l.Proposed == 0:
			// typed by hand: kept, and what it asks counts as requested
		case !needed:
			changed = true
			continue
		default:
			if l.Reason == "" && l.Qty != b.Proposed {
				l.Qty, changed = b.Proposed, true
			}
			if l.Proposed != b.Proposed || l.Basis == nil || !l.Basis.Same(b) {
				changed = true
			}
			basis := *b
			l.Proposed, l.Basis, l.NeededBy = b.Proposed, &basis, b.NeededBy
		}
		delete(want, l.Material)
		lines = append(lines, l)
	}
	for _, p := range proposals {
		b, ok := want[p.Material]
		if !ok {
			continue
		}
		basis := *b
		l := PurchaseLine{Material: b.Material, Qty: b.Proposed, Proposed: b.Proposed, Basis: &basis, NeededBy: b.NeededBy}
		if m := materials(b.Material); m != nil {
			l.Spec, l.Unit, l.Marking = m.Spec, m.Unit, m.Marking
		}
		lines = append(lines, l)
		changed = true
	}
	if !changed {
		return false, nil
	}
	r.Lines = lines
	r.log(by, now, PuEvRun, strconv.Itoa(len(lines)), PurDraft)
	return true, nil
}

// Sign is the production head's signature: the request goes to
// purchasing.
func (r *PurchaseRequest) Sign(by *User, now time.Time) error {
	if err := r.begin(ProductionHead(by), ActPurchaseSign, PurDraft); err != nil {
		return err
	}
	if len(r.Lines) == 0 {
		return Errorf(EINVALID, "val.purchase_no_lines")
	}
	r.SignedBy, r.SignedAt = by.Login, now.UTC()
	if r.FirstSigned.IsZero() {
		r.FirstSigned = r.SignedAt
	}
	r.log(by, now, PuEvSign, "", PurSigned)
	return nil
}

// lineAt is line n (1-based) or a field error on "line_no".
func (r *PurchaseRequest) lineAt(n int) (*PurchaseLine, error) {
	if n < 1 || n > len(r.Lines) {
		v := Invalid{}
		v.Add("line_no", "val.whole", 1, len(r.Lines))
		return nil, v.Err()
	}
	return &r.Lines[n-1], nil
}

// Order is purchasing recording line n ordered from the supplier, to be
// delivered on expected (today or later). Ordering again moves the date.
func (r *PurchaseRequest) Order(by *User, now time.Time, cal *Calendar, n int, expected Date) error {
	if err := r.begin(Can(by, ActPurchaseReceive), ActPurchaseReceive, PurSigned); err != nil {
		return err
	}
	l, err := r.lineAt(n)
	if err != nil {
		return err
	}
	v := Invalid{}
	switch today := cal.DateOf(now); {
	case expected.IsZero():
		v.Add("expected", "val.required")
	case expected.Before(today):
		v.Add("expected", "val.date_past", today.String())
	}
	if err := v.Err(); err != nil {
		return err
	}
	l.Ordered, l.OrderedBy, l.Expected = now.UTC(), by.Login, expected
	r.log(by, now, PuEvOrder, l.Material+" · "+expected.String(), PurSigned)
	return nil
}

// Receive is purchasing recording qty of line n received (part of it is
// fine). Receiving more than the line asks needs a reason. When every line
// is received in full the request is closed. The store adds the receipt to
// the material's stock.
func (r *PurchaseRequest) Receive(by *User, now time.Time, n int, qty int64, reason string) error {
	if err := r.begin(Can(by, ActPurchaseReceive), ActPurchaseReceive, PurSigned); err != nil {
		return err
	}
	l, err := r.lineAt(n)
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	v := Invalid{}
	if qty < 1 || qty > MaxQty {
		v.Add("qty", "val.whole", 1, MaxQty)
	} else if l.Received+qty > l.Qty && reason == "" {
		v.Add("reason", "val.purchase_over", l.Qty, l.Received, qty)
	}
	ValidateText(v, "reason", reason, false, MaxPurchaseReason, false)
	if err := v.Err(); err != nil {
		return err
	}
	if l.Ordered.IsZero() {
		l.Ordered, l.OrderedBy = now.UTC(), by.Login
	}
	l.Received += qty
	l.Receipts = append(l.Receipts, Receipt{Qty: qty, At: now.UTC(), By: by.Login, Reason: reason})
	to := PurSigned
	if !slices.ContainsFunc(r.Lines, func(l PurchaseLine) bool { return l.Received < l.Qty }) {
		to = PurClosed
	}
	r.log(by, now, PuEvReceive, l.Material+" +"+strconv.FormatInt(qty, 10), to)
	return nil
}

// Cancel calls off a draft, or a signed request nothing of which is
// ordered yet, with the reason.
func (r *PurchaseRequest) Cancel(by *User, now time.Time, reason string) error {
	if err := r.begin(Can(by, ActPurchaseDraft) || ProductionHead(by), ActPurchaseDraft, PurDraft, PurSigned); err != nil {
		return err
	}
	if !r.Editable() {
		return Errorf(EINVALID, "err.purchase_ordered", r.No)
	}
	v := Invalid{}
	ValidateText(v, "reason", reason, true, MaxPurchaseReason, true)
	if err := v.Err(); err != nil {
		return err
	}
	r.log(by, now, PuEvCancel, reason, PurCancelled)
	return nil
}

// PurchaseDueItem is the request's deadline on the board: production's,
// due at purchasing by r.Due, done when first signed. Cancelled requests
// are not on it.
func PurchaseDueItem(cal *Calendar, r *PurchaseRequest, now time.Time) (it DueItem, ok bool) {
	if r.Status == PurCancelled {
		return DueItem{}, false
	}
	it = DueItem{Kind: DuePurchase, Ref: r.No, Dept: DeptProduction, Due: r.Due.In(cal.loc())}
	signer := ""
	if i := slices.IndexFunc(r.History, func(e PurchaseEvent) bool { return e.Kind == PuEvSign }); i >= 0 {
		signer = r.History[i].By
	}
	it.Settle(r.FirstSigned, signer, now)
	return it, true
}
