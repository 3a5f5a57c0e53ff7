package ledger

import (
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// action is one step a person may take on an open entry: its key, label,
// who may (asked of the model), its text field (none: at once) and the
// transition it runs. Reversing makes a new entry (the service does).
type action struct {
	key, label string
	may        func(u *model.User, e *model.LedgerEntry) bool
	field      string // catalogue key of the field's label; "" none
	run        func(s *kit.Session, e *model.LedgerEntry, text string) error
}

func change(s *kit.Session, e *model.LedgerEntry, f model.LedgerChange) error {
	_, err := s.Svc.Ledger.ChangeLedgerEntry(s.Ctx, s.User, e.ID, e.Version, f)
	return err
}

func confirmer(u *model.User, e *model.LedgerEntry) bool {
	return model.Can(u, model.ActLedgerConfirm) && u.Login != e.Person
}

// actions are the steps of the detail, in the order the footer lists them.
func actions() []action {
	return []action{
		{key: "s", label: "ui.lg.act_statement", field: "field.statement",
			may: func(u *model.User, e *model.LedgerEntry) bool {
				return e.Status == model.LedgerDraft && u.Login == e.Person
			},
			run: func(s *kit.Session, e *model.LedgerEntry, text string) error {
				now := s.Svc.Clock.Now()
				return change(s, e, func(by *model.User, e *model.LedgerEntry) error { return e.AddStatement(by, now, text) })
			}},
		{key: "c", label: "ui.lg.act_confirm",
			may: func(u *model.User, e *model.LedgerEntry) bool {
				return e.Status == model.LedgerDraft && confirmer(u, e)
			},
			run: func(s *kit.Session, e *model.LedgerEntry, _ string) error {
				now := s.Svc.Clock.Now()
				return change(s, e, func(by *model.User, e *model.LedgerEntry) error { return e.Confirm(by, now) })
			}},
		{key: "w", label: "ui.lg.act_withdraw", field: "field.reason",
			may: func(u *model.User, e *model.LedgerEntry) bool {
				return e.Status == model.LedgerDraft && (model.Can(u, model.ActLedgerConfirm) || u.Login == e.ProposedBy)
			},
			run: func(s *kit.Session, e *model.LedgerEntry, text string) error {
				now := s.Svc.Clock.Now()
				return change(s, e, func(by *model.User, e *model.LedgerEntry) error { return e.Withdraw(by, now, text) })
			}},
		{key: "r", label: "ui.lg.act_reverse", field: "field.reason",
			may: func(u *model.User, e *model.LedgerEntry) bool {
				return e.Status == model.LedgerConfirmed && e.Reverses == 0 && model.Can(u, model.ActLedgerConfirm)
			},
			run: func(s *kit.Session, e *model.LedgerEntry, text string) error {
				_, err := s.Svc.Ledger.ReverseLedgerEntry(s.Ctx, s.User, e.ID, e.Version, text)
				return err
			}},
	}
}

// start begins action a on the open entry: its form, or at once.
func (v *screen) start(a *action) tea.Cmd {
	if a.field == "" {
		v.apply(a, "")
		return nil
	}
	v.act = a
	v.form = kit.NewForm(v.s.Lang, v.s.T(a.label)+" · "+v.e.No, kit.AreaField(strings.TrimPrefix(a.field, "field."), v.s.T(a.field), model.MaxLedgerText+100))
	v.form.Snapshot()
	return v.form.Focus()
}

// apply runs a with text and says what happened; a refusal stays in the
// form, next to its field when it has one.
func (v *screen) apply(a *action, text string) bool {
	err := a.run(v.s, v.e, text)
	if err == nil {
		if e, rerr := v.s.Svc.Ledger.LedgerEntry(v.s.Ctx, v.e.ID); rerr == nil {
			v.e = e
		}
		v.s.Info(v.s.T("ui.lg.done_step", v.e.No, v.s.T(a.label), v.e.Status.Text().In(v.s.Lang)))
		v.Reload()
		return true
	}
	if v.form != nil {
		if fe := v.s.FieldErrs(err); fe != nil {
			v.form.SetErrors(fe)
			return false
		}
	}
	v.s.Fail(err)
	return false
}

// save saves the form on screen: a proposal, or the step it is for.
func (v *screen) save() {
	if v.act != nil {
		if v.apply(v.act, v.form.Text(strings.TrimPrefix(v.act.field, "field."))) {
			v.form, v.act = nil, nil
		}
		return
	}
	in, err := v.readProposal()
	if err == nil {
		var e *model.LedgerEntry
		if e, err = v.s.Svc.Ledger.ProposeLedgerEntry(v.s.Ctx, v.s.User, in); err == nil {
			v.form = nil
			v.s.Info(v.s.T("ui.lg.proposed", e.No))
			v.Reload()
			v.open(e.ID)
			return
		}
	}
	if fe := v.s.FieldErrs(err); fe != nil {
		v.form.SetErrors(fe)
		return
	}
	v.s.Fail(err)
}

// openProposal asks a new entry's fields: a penalty of the default amount
// into the fund its rule names.
func (v *screen) openProposal() tea.Cmd {
	t, lang := v.s.T, v.s.Lang
	v.act, v.e = nil, nil
	opts := func(n int, value func(i int) string, label func(i int) string) []kit.Option {
		out := make([]kit.Option, n)
		for i := range out {
			out[i] = kit.Option{Value: value(i), Label: label(i)}
		}
		return out
	}
	kinds := opts(len(model.LedgerKinds), func(i int) string { return string(model.LedgerKinds[i]) },
		func(i int) string { return model.LedgerKinds[i].Text().In(lang) })
	rules := opts(len(model.LedgerRules), func(i int) string { return string(model.LedgerRules[i]) },
		func(i int) string { return model.LedgerRules[i].Text().In(lang) })
	funds := opts(len(model.Funds), func(i int) string { return string(model.Funds[i]) },
		func(i int) string { return model.Funds[i].Text().In(lang) })
	causes := opts(len(model.CauseKinds), func(i int) string { return string(model.CauseKinds[i]) },
		func(i int) string { return model.CauseKinds[i].Text().In(lang) })
	v.form = kit.NewForm(lang, t("ui.lg.new"),
		kit.ChoiceField("kind", t("ui.lg.col_kind"), t("ui.an.one_hint"), kinds),
		kit.ChoiceField("rule", t("field.rule"), t("ui.an.one_hint"), rules),
		kit.TextField("person", t("ui.lg.person_hint"), 40).WithLookup(t("ui.pick.account"), kit.AccountItems(v.s)),
		kit.TextField("amount", t("field.amount"), 10),
		kit.ChoiceField("fund", t("field.fund"), t("ui.an.one_hint"), funds),
		kit.ChoiceField("cause_kind", t("field.cause_kind"), t("ui.an.one_hint"), causes),
		kit.TextField("cause_ref", t("ui.lg.cause_hint"), 100),
		kit.AreaField("evidence", t("ui.lg.evidence"), model.MaxLedgerText+100),
	)
	v.form.SetChosen("kind", []string{string(model.LedgerPenalty)})
	v.form.SetChosen("rule", []string{string(model.RuleWrongShortfall)})
	v.form.SetChosen("fund", []string{string(model.RuleWrongShortfall.DefaultFund())})
	v.form.SetChosen("cause_kind", []string{string(model.CauseShortfall)})
	v.form.SetText("amount", strconv.Itoa(model.DefaultLedgerAmount))
	v.form.Snapshot()
	return v.form.Focus()
}

// readProposal reads the form: the person by login or name (their
// department with them), the amount a whole number; the rest is the
// model's to refuse.
func (v *screen) readProposal() (model.LedgerInput, error) {
	f := v.form
	one := func(name string) string {
		if c := f.Chosen(name); len(c) == 1 {
			return c[0]
		}
		return ""
	}
	in := model.LedgerInput{Kind: model.LedgerKind(one("kind")), Rule: model.LedgerRule(one("rule")), Fund: model.Fund(one("fund")),
		Cause: model.Cause{Kind: model.CauseKind(one("cause_kind")), Ref: strings.TrimSpace(f.Text("cause_ref"))}, Evidence: f.Text("evidence")}
	va := model.Invalid{}
	if text := strings.TrimSpace(f.Text("person")); text != "" {
		login, err := kit.LoginOf(v.s, text)
		va.AddErr("person", err)
		in.Person = login
		if users, err := v.s.Svc.Users.Users(v.s.Ctx); err == nil {
			if i := slices.IndexFunc(users, func(u *model.User) bool { return u.Login == login }); i >= 0 {
				in.Dept = users[i].Dept
			}
		}
	}
	n, err := model.ParseWhole(f.Text("amount"), 1, model.MaxLedgerAmount)
	va.AddErr("amount", err)
	in.Amount = n
	va.Merge(in.Validate()) // the department comes with the person: no field of its own
	return in, va.Err()
}
