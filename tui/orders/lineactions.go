package orders

import (
	"slices"
	"strings"
	"time"

	"xietong/find"
	"xietong/model"
	"xietong/tui/kit"
)

// lineAction is one thing a person can do to an order line from the order
// detail or the queue: its key, who may, from which statuses, the form it
// asks (if any) and the model transition it runs in the store.
type lineAction struct {
	key   string
	label string // catalogue key
	act   model.Action
	from  []model.LineStatus
	// fields builds the form's fields; nil means the action runs at once.
	// typed reads the open form, for a lookup that lists what another
	// field names (the variants of the product typed).
	fields func(s *kit.Session, o *model.Order, l *model.OrderLine, typed formText) []*kit.Field
	// init fills the form (suggested values).
	init func(s *kit.Session, f *kit.Form, o *model.Order, l *model.OrderLine)
	// note says what saving will do (the form shows it under its title).
	note func(s *kit.Session, o *model.Order, l *model.OrderLine) string
	// change parses the form and returns the transition; parse problems
	// come back as field errors (model.Invalid).
	change func(s *kit.Session, f *kit.Form, l *model.OrderLine) (model.LineChange, error)
}

func lineActions() []lineAction {
	st := func(ss ...model.LineStatus) []model.LineStatus { return ss }
	simple := func(run func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error) func(*kit.Session, *kit.Form, *model.OrderLine) (model.LineChange, error) {
		return func(s *kit.Session, _ *kit.Form, _ *model.OrderLine) (model.LineChange, error) {
			return func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
				return run(l, s.User, s.Svc.Clock.Now(), s.Svc.Calendar)
			}, nil
		}
	}
	// withText runs a transition that takes the text typed in field name.
	withText := func(name string, run func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar, text string) error) func(*kit.Session, *kit.Form, *model.OrderLine) (model.LineChange, error) {
		return func(s *kit.Session, f *kit.Form, _ *model.OrderLine) (model.LineChange, error) {
			text := f.Text(name)
			return func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
				return run(l, s.User, s.Svc.Clock.Now(), s.Svc.Calendar, text)
			}, nil
		}
	}
	text := func(name string) func(*kit.Session, *model.Order, *model.OrderLine, formText) []*kit.Field {
		return func(s *kit.Session, _ *model.Order, _ *model.OrderLine, _ formText) []*kit.Field {
			return []*kit.Field{kit.AreaField(name, s.T("field."+name), model.MaxLineText+100)}
		}
	}
	return []lineAction{
		{key: "s", label: "ui.act.submit", act: model.ActOrderEdit, from: st(model.LineDraft),
			change: simple((*model.OrderLine).Submit)},
		{key: "v", label: "ui.act.review", act: model.ActOrderReview, from: st(model.LineSubmitted),
			change: simple((*model.OrderLine).Review)},
		{key: "d", label: "ui.act.send", act: model.ActOrderReview, from: st(model.LineReviewed),
			change: simple((*model.OrderLine).Send)},
		{key: "+", label: "ui.act.rank_up", act: model.ActOrderReview, from: st(model.LineSubmitted, model.LineReviewed, model.LineSent),
			fields: text("reason"), note: rankNote(-1), change: rankChange(-1)},
		{key: "-", label: "ui.act.rank_down", act: model.ActOrderReview, from: st(model.LineSubmitted, model.LineReviewed, model.LineSent),
			fields: text("reason"), note: rankNote(+1), change: rankChange(+1)},
		{key: "a", label: "ui.act.answer", act: model.ActOrderReply, from: st(model.LineSent, model.LineUnclear, model.LineAtRisk, model.LineAnswered),
			fields: func(s *kit.Session, _ *model.Order, _ *model.OrderLine, _ formText) []*kit.Field {
				return []*kit.Field{kit.TextField("promised_date", s.T("field.promised_date"), 20), kit.TextField("reason", s.T("ui.act.answer_reason"), model.MaxLineText)}
			},
			init: func(s *kit.Session, f *kit.Form, _ *model.Order, l *model.OrderLine) {
				if facts, err := s.Svc.Orders.PromiseFor(s.Ctx, l.ID, s.Svc.Clock.Now()); err == nil && facts.SuggestErr == nil {
					f.SetText("promised_date", facts.Suggestion.Date.String())
				}
			},
			change: func(s *kit.Session, f *kit.Form, l *model.OrderLine) (model.LineChange, error) {
				d, err := model.ParseDate(f.Text("promised_date"))
				if err != nil {
					return nil, model.FieldError("promised_date", err)
				}
				// The date was suggested from the book as it stands now: an
				// earlier one needs a reason.
				var suggested model.Date
				if facts, err := s.Svc.Orders.PromiseFor(s.Ctx, l.ID, s.Svc.Clock.Now()); err == nil && facts.SuggestErr == nil {
					suggested = facts.Suggestion.Date
				}
				reason := f.Text("reason")
				return func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
					return l.AnswerWith(s.User, s.Svc.Clock.Now(), s.Svc.Calendar, d, suggested, reason)
				}, nil
			}},
		{key: "u", label: "ui.act.unclear", act: model.ActOrderReply, from: st(model.LineSent),
			fields: text("question"),
			change: withText("question", (*model.OrderLine).MarkUnclear)},
		{key: "a", label: "ui.act.clarify", act: model.ActOrderEdit, from: st(model.LineUnclear),
			fields: text("answer"),
			change: withText("answer", (*model.OrderLine).Clarify)},
		{key: "k", label: "ui.act.risk", act: model.ActOrderReply, from: st(model.LineSent, model.LineAnswered, model.LineInProduction, model.LineAtRisk),
			fields: func(s *kit.Session, _ *model.Order, _ *model.OrderLine, _ formText) []*kit.Field {
				return []*kit.Field{kit.TextField("risk_date", s.T("field.risk_date"), 20), kit.AreaField("reason", s.T("field.reason"), model.MaxLineText+100)}
			},
			change: func(s *kit.Session, f *kit.Form, _ *model.OrderLine) (model.LineChange, error) {
				d, err := model.ParseDate(f.Text("risk_date"))
				if err != nil {
					return nil, model.FieldError("risk_date", err)
				}
				reason := f.Text("reason")
				return func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
					return l.FlagRisk(s.User, s.Svc.Clock.Now(), s.Svc.Calendar, reason, d)
				}, nil
			}},
		{key: "c", label: "ui.act.change", act: model.ActOrderEdit, from: st(model.LineSent, model.LineAnswered, model.LineUnclear, model.LineAtRisk),
			// F4 looks up the product, and the variants of the product
			// typed, as in the order form.
			fields: func(s *kit.Session, _ *model.Order, _ *model.OrderLine, typed formText) []*kit.Field {
				return []*kit.Field{
					kit.TextField("product", s.T("field.product"), 40).WithLookup(s.T("ui.pick.product"), kit.ProductItems(s)),
					kit.TextField("variant", s.T("field.variant"), 40).WithLookup(s.T("ui.pick.variant"), variantItems(s, typed)),
					kit.TextField("qty", s.T("field.qty"), 20),
					kit.TextField("requested_date", s.T("field.requested_date"), 20),
					kit.AreaField("reason", s.T("field.reason"), model.MaxLineText+100),
				}
			},
			init: func(s *kit.Session, f *kit.Form, _ *model.Order, l *model.OrderLine) {
				f.SetText("product", l.ProductCode)
				variant := l.Variant
				if p, err := s.Svc.Master.Product(s.Ctx, l.ProductCode); err == nil && p != nil {
					variant = p.VariantName(l.Variant)
				}
				f.SetText("variant", variant)
				f.SetText("qty", kit.FmtInt(l.Qty))
				f.SetText("requested_date", l.RequestedDate.String())
			},
			change: func(s *kit.Session, f *kit.Form, _ *model.OrderLine) (model.LineChange, error) {
				in, err := parseLineInput(f.Text("product"), f.Text("variant"), f.Text("qty"), f.Text("requested_date"))
				if err != nil {
					return nil, err
				}
				reason := f.Text("reason")
				return func(_ *model.Order, l *model.OrderLine, products model.ProductLookup) error {
					return l.Change(s.User, s.Svc.Clock.Now(), s.Svc.Calendar, model.ChangeRequest{LineInput: in, Reason: reason}, products)
				}, nil
			}},
		{key: "p", label: "ui.act.start", act: model.ActOrderReply, from: st(model.LineAnswered),
			change: simple((*model.OrderLine).StartProduction)},
		{key: "h", label: "ui.act.ship", act: model.ActOrderShip, from: model.ShipFrom,
			fields: func(s *kit.Session, _ *model.Order, _ *model.OrderLine, _ formText) []*kit.Field {
				return []*kit.Field{kit.TextField("qty", s.T("field.qty"), 20), kit.TextField("date", s.T("field.date"), 20)}
			},
			init: func(s *kit.Session, f *kit.Form, _ *model.Order, l *model.OrderLine) {
				f.SetText("qty", kit.FmtInt(l.Remaining()))
				f.SetText("date", s.Svc.Calendar.DateOf(s.Svc.Clock.Now()).String())
			},
			change: func(s *kit.Session, f *kit.Form, _ *model.OrderLine) (model.LineChange, error) {
				v := model.Invalid{}
				qty, err := model.ParseQty(f.Text("qty"))
				v.AddErr("qty", err)
				d, err := model.ParseDate(f.Text("date"))
				v.AddErr("date", err)
				if err := v.Err(); err != nil {
					return nil, err
				}
				return func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
					return l.Ship(s.User, s.Svc.Clock.Now(), s.Svc.Calendar, qty, d)
				}, nil
			}},
		{key: "z", label: "ui.act.close", act: model.ActOrderEdit, from: st(model.LineShipped, model.LineShipping),
			fields: text("reason"),
			change: withText("reason", (*model.OrderLine).Close)},
		{key: "x", label: "ui.act.cancel", act: model.ActOrderEdit,
			from:   st(model.LineDraft, model.LineSubmitted, model.LineReviewed, model.LineSent, model.LineAnswered, model.LineUnclear, model.LineAtRisk, model.LineInProduction),
			fields: text("reason"),
			change: withText("reason", (*model.OrderLine).Cancel)},
	}
}

// formText is what an open form holds in field name.
type formText func(name string) string

// variantItems lists for a lookup the variants of the product in the form's
// product field (by code, or a name or initials naming one product); with
// no such product it says to fill the product in first and lists none.
func variantItems(s *kit.Session, typed formText) func() []kit.PickItem {
	return func() []kit.PickItem {
		code := strings.TrimSpace(typed("product"))
		p, err := s.Svc.Master.Product(s.Ctx, code)
		if model.IsFault(err) {
			s.Fail(err)
			return nil
		}
		if err != nil || p == nil {
			p = nil
			if all, err := s.Svc.Master.Products(s.Ctx); err == nil {
				keys := make([]find.Key, len(all))
				for i, q := range all {
					keys[i] = find.NewKey(q.Code, q.Name)
				}
				if i := resolve(keys, code); i >= 0 {
					p = all[i]
				}
			}
		}
		if p == nil {
			s.Info(s.T("ui.order.product_first"))
			return nil
		}
		return kit.VariantItems(p)
	}
}

// rankNote says where a move by delta puts the line: "加急 → 排在所有未加急
// 的行之前…", so that jumping every A-grade line is never a surprise.
func rankNote(delta int) func(*kit.Session, *model.Order, *model.OrderLine) string {
	return func(s *kit.Session, o *model.Order, l *model.OrderLine) string {
		n := l.RankAdjust + delta
		return model.RankLevel(l.RankAdjust).In(s.Lang) + " → " + model.RankLevel(n).In(s.Lang) + s.T("ui.colon") +
			model.RankEffect(n, o.CustomerGrade).In(s.Lang)
	}
}

func rankChange(delta int) func(*kit.Session, *kit.Form, *model.OrderLine) (model.LineChange, error) {
	return func(s *kit.Session, f *kit.Form, _ *model.OrderLine) (model.LineChange, error) {
		reason := f.Text("reason")
		return func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
			return l.Rank(s.User, s.Svc.Clock.Now(), s.Svc.Calendar, l.RankAdjust+delta, reason)
		}, nil
	}
}

// available lists the actions u may take on a line in its current status.
func availableActions(u *model.User, l *model.OrderLine) []lineAction {
	var out []lineAction
	for _, a := range lineActions() {
		if model.Can(u, a.act) && slices.Contains(a.from, l.Status) {
			out = append(out, a)
		}
	}
	return out
}

// parseLineInput reads a typed line (product, variant, qty, requested date),
// reporting every problem next to its field.
func parseLineInput(product, variant, qty, date string) (model.LineInput, error) {
	v := model.Invalid{}
	in := model.LineInput{ProductCode: strings.TrimSpace(product), Variant: strings.TrimSpace(variant)}
	if in.ProductCode == "" {
		v.Add("product", "val.required")
	}
	q, err := model.ParseQty(qty)
	v.AddErr("qty", err)
	in.Qty = q
	d, err := model.ParseDate(date)
	v.AddErr("requested_date", err)
	in.RequestedDate = d
	return in, v.Err()
}
