package ledger

import (
	"strconv"

	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// The switches of the rules that draft entries (R on the list, for those
// who run meetings: the office): the missed-deadline rule on or off, and
// its grace in working days. The other rules are always on.

// rulesState words the missed-deadline rule's state.
func rulesState(s *kit.Session, r *model.LedgerRuleSettings) string {
	if r.MissedDeadline {
		return s.T("ui.lg.rules_on", s.Time(r.Since), r.GraceDays)
	}
	return s.T("ui.lg.rules_off", r.GraceDays)
}

// openRules opens the rules' form with their current state.
func (v *screen) openRules() tea.Cmd {
	r, err := v.s.Svc.Ledger.LedgerRules(v.s.Ctx)
	if err != nil {
		v.s.Fail(err)
		return nil
	}
	t := v.s.T
	v.act, v.e = nil, nil
	v.form = kit.NewForm(v.s.Lang, t("ui.lg.rules_title", rulesState(v.s, r)),
		kit.ToggleField("missed", t("field.missed_rule")),
		kit.TextField("grace", t("field.grace"), 3))
	v.form.Note = t("ui.lg.rules_note")
	v.form.SetBool("missed", r.MissedDeadline)
	v.form.SetText("grace", strconv.Itoa(r.GraceDays))
	v.form.Snapshot()
	v.rules = v.form
	return v.form.Focus()
}

// saveRules saves the rules' form; a refusal stays in it.
func (v *screen) saveRules() {
	grace, err := model.ParseWhole(v.form.Text("grace"), 0, model.MaxDeadlineGrace)
	if err != nil {
		err = model.FieldError("grace", err)
	} else {
		var r *model.LedgerRuleSettings
		if r, err = v.s.Svc.Ledger.SetMissedDeadlineRule(v.s.Ctx, v.s.User, v.form.Bool("missed"), int(grace)); err == nil {
			v.form, v.rules = nil, nil
			v.s.Info(v.s.T("ui.lg.rules_saved", rulesState(v.s, r)))
			v.Reload()
			return
		}
	}
	if fe := v.s.FieldErrs(err); fe != nil {
		v.form.SetErrors(fe)
		return
	}
	v.s.Fail(err)
}
