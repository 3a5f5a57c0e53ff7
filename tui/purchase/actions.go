package purchase

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// action is one step a person may take on the open request: its key,
// label, who may (asked of the model), the form it needs (nil: none) and
// the transition it builds from the form.
type action struct {
	key    string
	label  string // catalogue key
	may    func(u *model.User, r *model.PurchaseRequest) bool
	fields func(v *screen) []*kit.Field
	run    func(v *screen, f *kit.Form) (model.PurchaseChange, error)
}

// lineField is the line a step is for, filled with the line under the
// cursor.
func lineField(v *screen) *kit.Field {
	return kit.TextField("line_no", v.s.T("ui.pu.line_hint", len(v.r.Lines)), 4)
}

// readLine reads the line number of f.
func readLine(f *kit.Form, n int) (int, error) {
	x, err := model.ParseWhole(f.Text("line_no"), 1, int64(max(n, 1)))
	return int(x), model.FieldError("line_no", err)
}

// actions are the steps of the open request, in the order the footer
// lists them.
func actions() []action {
	return []action{
		{key: "s", label: "ui.pu.act_sign",
			may: func(u *model.User, r *model.PurchaseRequest) bool {
				return r.Status == model.PurDraft && model.ProductionHead(u)
			},
			run: func(v *screen, _ *kit.Form) (model.PurchaseChange, error) {
				now := v.s.Svc.Clock.Now()
				return func(by *model.User, r *model.PurchaseRequest, _ model.MaterialLookup) error { return r.Sign(by, now) }, nil
			}},
		{key: "e", label: "ui.pu.act_edit",
			may: func(u *model.User, r *model.PurchaseRequest) bool {
				return r.Editable() && model.Can(u, model.ActPurchaseDraft)
			}},
		{key: "o", label: "ui.pu.act_order",
			may: func(u *model.User, r *model.PurchaseRequest) bool {
				return r.Status == model.PurSigned && model.Can(u, model.ActPurchaseReceive)
			},
			fields: func(v *screen) []*kit.Field {
				return []*kit.Field{lineField(v), kit.TextField("expected", v.s.T("ui.pu.expected_hint"), 20)}
			},
			run: func(v *screen, f *kit.Form) (model.PurchaseChange, error) {
				va := model.Invalid{}
				n, err := readLine(f, len(v.r.Lines))
				va.Merge(err)
				d, err := model.ParseDate(f.Text("expected"))
				va.AddErr("expected", err)
				if err := va.Err(); err != nil {
					return nil, err
				}
				now, cal := v.s.Svc.Clock.Now(), v.s.Svc.Calendar
				return func(by *model.User, r *model.PurchaseRequest, _ model.MaterialLookup) error {
					return r.Order(by, now, cal, n, d)
				}, nil
			}},
		{key: "v", label: "ui.pu.act_receive",
			may: func(u *model.User, r *model.PurchaseRequest) bool {
				return r.Status == model.PurSigned && model.Can(u, model.ActPurchaseReceive)
			},
			fields: func(v *screen) []*kit.Field {
				return []*kit.Field{lineField(v), kit.TextField("qty", v.s.T("ui.pu.receive_hint"), 12),
					kit.TextField("reason", v.s.T("ui.pu.over_hint"), model.MaxPurchaseReason)}
			},
			run: func(v *screen, f *kit.Form) (model.PurchaseChange, error) {
				va := model.Invalid{}
				n, err := readLine(f, len(v.r.Lines))
				va.Merge(err)
				q, err := model.ParseQty(f.Text("qty"))
				va.AddErr("qty", err)
				if err := va.Err(); err != nil {
					return nil, err
				}
				now, reason := v.s.Svc.Clock.Now(), f.Text("reason")
				return func(by *model.User, r *model.PurchaseRequest, _ model.MaterialLookup) error {
					return r.Receive(by, now, n, q, reason)
				}, nil
			}},
		{key: "x", label: "ui.pu.act_cancel",
			may: func(u *model.User, r *model.PurchaseRequest) bool {
				return r.Editable() && (model.Can(u, model.ActPurchaseDraft) || model.ProductionHead(u))
			},
			fields: func(v *screen) []*kit.Field {
				return []*kit.Field{kit.AreaField("reason", v.s.T("ui.pu.cancel_reason"), model.MaxPurchaseReason+50)}
			},
			run: func(v *screen, f *kit.Form) (model.PurchaseChange, error) {
				now, reason := v.s.Svc.Clock.Now(), f.Text("reason")
				return func(by *model.User, r *model.PurchaseRequest, _ model.MaterialLookup) error {
					return r.Cancel(by, now, reason)
				}, nil
			}},
	}
}

// start begins action a on the open request: its form (the line under the
// cursor filled in), the line editor, or at once.
func (v *screen) start(a *action) tea.Cmd {
	if a.key == "e" {
		return v.editLines()
	}
	if a.fields == nil {
		v.apply(a, nil)
		return nil
	}
	v.act = a
	v.form = kit.NewForm(v.s.Lang, v.s.T(a.label)+" · "+v.r.No, a.fields(v)...)
	if n, l := v.line(); l != nil {
		v.form.SetText("line_no", strconv.Itoa(n))
		if a.key == "v" {
			if rest := l.Outstanding(); rest > 0 {
				v.form.SetText("qty", strconv.FormatInt(rest, 10))
			}
		}
		if a.key == "o" && !l.Expected.IsZero() {
			v.form.SetText("expected", l.Expected.String())
		}
	}
	v.form.Snapshot()
	return v.form.Focus()
}

// apply runs action a (with its form f) on the open request and says what
// happened; a refusal stays in the form, next to its field when it has
// one.
func (v *screen) apply(a *action, f *kit.Form) bool {
	change, err := a.run(v, f)
	if err == nil {
		saved, err2 := v.s.Svc.Purchase.ChangeRequest(v.s.Ctx, v.s.User, v.r.ID, v.r.Version, change)
		if err2 == nil {
			v.r = saved
			v.s.Info(v.s.T("ui.pu.done_step", saved.No, v.s.T(a.label), saved.Status.Text().In(v.s.Lang)))
			v.Reload()
			return true
		}
		err = err2
	}
	if f != nil {
		if fe := v.s.FieldErrs(err); fe != nil {
			f.SetErrors(fe)
			return false
		}
	}
	v.s.Fail(err)
	return false
}

// save saves the form on screen for the step it is for.
func (v *screen) save() {
	if v.act != nil && v.apply(v.act, v.form) {
		v.form, v.act = nil, nil
	}
}

// trimmed is s without surrounding space.
func trimmed(s string) string { return strings.TrimSpace(s) }
