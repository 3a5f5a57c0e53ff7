// Package ledger is the 奖罚台账 section: penalties and awards proposed,
// stated on by the person concerned, confirmed by the office or the
// general manager, reversed by a new entry, and the funds' balances
// (docs/DOMAIN.md#ledger).
package ledger

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// Sections is the ledger section, under management.
func Sections() []kit.Section {
	return []kit.Section{
		{Key: "sec.ledger", Code: "ledger", Group: "grp.management", Make: func(s *kit.Session) kit.Screen { return newScreen(s) },
			Wants:  model.KindSet(model.KindLedger, model.KindUser),
			Alerts: []kit.LiveAlert{{Kind: model.KindLedger, Say: ledgerAlert}}},
	}
}

// ledgerAlert tells the person concerned of an entry proposed, confirmed or
// reversed, and those who confirm of a statement.
func ledgerAlert(s *kit.Session, e model.Event) (kit.Alert, bool) {
	me := s.User
	ev := model.LedgerEventKind(e.Action)
	concerned := slices.Contains(e.For, me.Login)
	switch ev {
	case model.LEvPropose:
		// A draft a rule filed is for those who confirm to look at.
		concerned = concerned || e.Actor == model.SystemLogin && model.Can(me, model.ActLedgerConfirm)
	case model.LEvConfirm, model.LEvReverse, model.LEvWithdraw:
	case model.LEvStatement:
		concerned = model.Can(me, model.ActLedgerConfirm) || concerned
	default:
		return kit.Alert{}, false
	}
	if !concerned || e.Actor == me.Login {
		return kit.Alert{}, false
	}
	x, err := s.Svc.Ledger.LedgerEntry(s.Ctx, e.ID)
	if err != nil {
		return kit.Alert{}, false
	}
	if ev == model.LEvPropose && x.Person != me.Login {
		return kit.Alert{Text: s.T("ui.lg.live_drafted", x.Rule.Text().In(s.Lang), x.No, kit.Line(s.Who(x.Person)), x.Amount),
			Level: kit.StatusAlert}, true
	}
	if x.Person == me.Login && ev == model.LEvPropose {
		return kit.Alert{Text: s.T("ui.lg.live_proposed", x.No, x.Kind.Text().In(s.Lang), x.Amount, x.Rule.Text().In(s.Lang), kit.Line(s.Who(e.Actor))),
			Level: kit.StatusAlert, Bell: x.Kind == model.LedgerPenalty}, true
	}
	return kit.Alert{Text: s.T("ui.lg.live_step", x.No, kit.Line(s.Who(x.Person)), ev.Text().In(s.Lang), kit.Line(s.Who(e.Actor))),
		Level: kit.StatusAlert}, true
}

type mode int

const (
	modeList mode = iota
	modeDetail
	modeAssess // the month's assessment
)

// screen is the section: a month's entries (all of them for those who
// propose and confirm, one's own for everyone else) with the funds'
// balances, an entry's detail with the steps the person may take, and the
// proposal form.
type screen struct {
	s     *kit.Session
	mode  mode
	month model.Month
	list  *kit.List
	all   []*model.LedgerEntry // the year's, for the balances
	e     *model.LedgerEntry
	page  *kit.Pager
	form  *kit.Form
	act   *action
	keys  struct{ New, Month, Back, Assess, Rules, Mine key.Binding }
	rules *kit.Form // the rules' form while it is open (rules.go)
	// The assessment (assess.go): the month's or, yearly, the year's; the
	// list of departments (of the year's months), the department opened,
	// the department whose people are listed and their list, the person
	// opened (mine: their own, from the ledger by M), and the weights grid
	// of department wdept (weights.go).
	assess     *model.Assessment
	year       *model.YearAssessment
	yearly     bool
	alist      *kit.List
	asig, psig string // what alist and plist were made for
	dept       model.Department
	people     model.Department
	plist      *kit.List
	person     string
	mine       bool
	wgrid      *kit.Grid
	wdept      model.Department
	wasking    bool
}

func newScreen(s *kit.Session) *screen {
	return &screen{s: s, month: model.MonthOf(s.Svc.Calendar.DateOf(s.Svc.Clock.Now()))}
}

func (v *screen) Title() string { return v.s.T("sec.ledger") }

// everyone reports whether the person sees every entry, not only their
// own, and the month's assessment: the office, the general manager, leads
// and heads.
func (v *screen) everyone() bool { return model.Can(v.s.User, model.ActLedgerPropose) }

func (v *screen) Reload() {
	t := v.s.T
	v.keys.New = key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t("ui.lg.key_new")))
	v.keys.Month = key.NewBinding(key.WithKeys("[", "]"), key.WithHelp("[ ]", t("ui.dp.key_month")))
	v.keys.Back = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("key.back")))
	v.keys.Assess = key.NewBinding(key.WithKeys("A"), key.WithHelp("A", t("ui.as.key")))
	v.keys.Mine = key.NewBinding(key.WithKeys("M"), key.WithHelp("M", t("ui.as.key_mine")))
	v.keys.Rules = key.NewBinding(key.WithKeys("R"), key.WithHelp("R", t("ui.lg.key_rules")))
	if v.list == nil || v.list.Lang != v.s.Lang {
		v.list = kit.NewList(v.s.Lang, []kit.Column{
			{Title: t("field.person"), Width: 8}, {Title: t("ui.lg.col_kind"), Width: 4}, {Title: t("field.amount"), Width: 10, Right: true},
			{Title: t("field.rule"), Min: 16}, {Title: t("ui.lg.col_status"), Width: 6},
			{Title: t("field.fund"), Width: 16, Optional: true}, {Title: t("ui.lg.col_no"), Width: 12, Optional: true},
		})
	}
	f := model.LedgerFilter{}
	if !v.everyone() {
		f.Person = v.s.User.Login
	}
	all, err := v.s.Svc.Ledger.LedgerEntries(v.s.Ctx, f)
	if err != nil {
		v.s.Fail(err)
		return
	}
	v.all = all
	rows := make([]kit.Row, 0, len(all))
	for _, e := range all {
		if !v.month.Contains(v.s.Svc.Calendar.DateOf(when(e))) {
			continue
		}
		amount := kit.FmtInt(e.Signed())
		r := kit.Row{ID: strconv.FormatUint(e.ID, 10), Cells: []string{v.s.Who(e.Person), e.Kind.Text().In(v.s.Lang), amount,
			e.Rule.Text().In(v.s.Lang), e.Status.Text().In(v.s.Lang), e.Fund.Text().In(v.s.Lang), e.No}}
		switch e.Status {
		case model.LedgerDraft:
			r.Style, r.Emph = v.s.St.Warn, true
		case model.LedgerWithdrawn, model.LedgerReversed:
			r.Style, r.Emph = v.s.St.Dim, true
		}
		rows = append(rows, r)
	}
	v.list.SetRows(rows)
	if v.e != nil && v.form == nil {
		if e, err := v.s.Svc.Ledger.LedgerEntry(v.s.Ctx, v.e.ID); err == nil {
			v.e = e
		}
	}
	if v.mode == modeAssess {
		v.loadAssessment()
	}
}

// when is the moment an entry belongs to a month by: its confirmation, or
// its proposal while it is not confirmed.
func when(e *model.LedgerEntry) time.Time {
	if !e.ConfirmedAt.IsZero() {
		return e.ConfirmedAt
	}
	return e.ProposedAt
}

// Capturing: a form, a filter being typed, or the weights grid (a digit
// edits its cell) takes every key.
func (v *screen) Capturing() bool {
	if v.mode != modeAssess {
		return v.form != nil || v.list.Filtering()
	}
	return v.wgrid != nil || v.alist != nil && v.alist.Filtering() || v.people != "" && v.plist != nil && v.plist.Filtering()
}
func (v *screen) Dirty() bool {
	return v.form != nil && v.form.Dirty() || v.wgrid != nil && v.wgrid.Dirty()
}

func (v *screen) Update(msg tea.Msg) tea.Cmd {
	if om, ok := msg.(kit.OpenMsg); ok && v.form == nil {
		v.open(om.ID)
		return nil
	}
	if v.form != nil {
		res, cmd := v.form.Update(msg)
		switch res {
		case kit.FormCancel:
			v.form, v.act, v.rules = nil, nil, nil
		case kit.FormSubmit:
			if v.form == v.rules {
				v.saveRules()
			} else {
				v.save()
			}
		}
		return cmd
	}
	if v.mode == modeAssess {
		if p, ok := msg.(tea.PasteMsg); ok && v.wgrid != nil {
			v.wgrid.Update(p)
			return nil
		}
		if km, ok := msg.(tea.KeyPressMsg); ok {
			v.assessKey(km)
			if v.mode == modeList {
				v.Reload()
			}
		}
		return nil
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || v.list.Filtering() {
		_, cmd := v.list.Update(msg)
		return cmd
	}
	k := km.String()
	if v.mode == modeDetail {
		if k == "esc" {
			v.mode, v.e, v.page = modeList, nil, nil
			return nil
		}
		for i := range actions() {
			a := &actions()[i]
			if a.key == k && a.may(v.s.User, v.e) {
				return v.start(a)
			}
		}
		v.page.Update(km)
		return nil
	}
	switch {
	case key.Matches(km, v.keys.Month):
		n := 1
		if k == "[" {
			n = -1
		}
		v.month = kit.AddMonths(v.s, v.month, n)
		v.Reload()
		return nil
	case key.Matches(km, v.keys.New) && model.Can(v.s.User, model.ActLedgerPropose):
		return v.openProposal()
	case key.Matches(km, v.keys.Assess) && v.everyone():
		v.mode, v.dept, v.people, v.person, v.mine, v.yearly = modeAssess, "", "", "", false, false
		v.loadAssessment()
		return nil
	case key.Matches(km, v.keys.Mine):
		v.openMine()
		return nil
	case key.Matches(km, v.keys.Rules) && model.Can(v.s.User, model.ActMeetingRun):
		return v.openRules()
	case k == "enter":
		if id, _ := strconv.ParseUint(v.list.SelectedID(), 10, 64); id != 0 {
			v.open(id)
		}
		return nil
	}
	_, cmd := v.list.Update(msg)
	return cmd
}

// open shows entry id.
func (v *screen) open(id uint64) {
	e, err := v.s.Svc.Ledger.LedgerEntry(v.s.Ctx, id)
	if err != nil {
		v.s.Fail(err)
		return
	}
	if !v.everyone() && e.Person != v.s.User.Login {
		v.s.Fail(model.Forbidden(model.ActLedgerPropose))
		return
	}
	v.e, v.mode = e, modeDetail
	v.page = &kit.Pager{Lang: v.s.Lang, Build: v.detailLines}
}

func (v *screen) View(width, height int) string {
	st, t := v.s.St, v.s.T
	switch {
	case v.form != nil:
		head := ""
		if v.e != nil {
			head = st.Title.Render(kit.Fit(v.e.No, width, false)) + "\n\n"
		}
		return head + v.form.View(st, width, height-strings.Count(head, "\n"))
	case v.mode == modeDetail:
		return v.page.View(st, width, height, "")
	case v.mode == modeAssess:
		return v.assessView(width, height)
	}
	whose := t("ui.lg.all")
	if !v.everyone() {
		whose = t("ui.lg.mine")
	}
	return st.Title.Render(kit.Fit(t("ui.lg.head", v.month.String(), whose), width, false)) + "\n" +
		st.Dim.Render(kit.Fit(v.balances(), width, false)) + "\n" +
		v.list.View(st, width, height-2, t("ui.lg.none"))
}

// balances words the funds' balances of the month and of its year so far,
// from the entries confirmed in them.
func (v *screen) balances() string {
	t, cal := v.s.T, v.s.Svc.Calendar
	month := model.FundBalances(v.all, v.month.First(), v.month.Last(), cal)
	year := model.FundBalances(v.all, model.NewDate(v.month.Year, 1, 1), v.month.Last(), cal)
	var parts []string
	for i, b := range month {
		parts = append(parts, t("ui.lg.balance", b.Fund.Text().In(v.s.Lang), kit.FmtInt(b.Balance), kit.FmtInt(year[i].Balance)))
	}
	return strings.Join(parts, t("ui.semicolon"))
}

func (v *screen) HelpKeys() []key.Binding {
	switch {
	case v.form != nil:
		return v.form.HelpKeys()
	case v.mode == modeAssess:
		return v.assessKeys()
	case v.list.Filtering():
		return v.list.HelpKeys()
	case v.mode == modeDetail:
		var ks []key.Binding
		for _, a := range actions() {
			if a.may(v.s.User, v.e) {
				ks = append(ks, key.NewBinding(key.WithKeys(a.key), key.WithHelp(a.key, v.s.T(a.label))))
			}
		}
		return append(ks, v.keys.Back)
	}
	ks := v.list.HelpKeys()
	if model.Can(v.s.User, model.ActLedgerPropose) {
		ks = append(ks, v.keys.New)
	}
	ks = append(ks, v.keys.Month)
	if v.everyone() {
		ks = append(ks, v.keys.Assess)
	}
	ks = append(ks, v.keys.Mine)
	if model.Can(v.s.User, model.ActMeetingRun) {
		ks = append(ks, v.keys.Rules)
	}
	return ks
}

// detailLines are the open entry as a head and a body to scroll.
func (v *screen) detailLines(width int) (head, body []string) {
	s, e, st := v.s, v.e, v.s.St
	t := s.T
	head = []string{st.Title.Render(kit.Fit(fmt.Sprintf("%s  %s %s %s", e.No, kit.Line(s.Who(e.Person)), e.Kind.Text().In(s.Lang),
		kit.FmtInt(e.Amount)), width, false)),
		st.Dim.Render(kit.Fit(e.Status.Text().In(s.Lang)+" · "+t("ui.lg.proposed_by", s.Who(e.ProposedBy), s.Time(e.ProposedAt)), width, false))}
	field := func(label, value string) {
		if value != "" {
			body = append(body, kit.Wrap(st.Label.Render(t(label)+t("ui.colon"))+kit.Line(value), width)...)
		}
	}
	field("field.dept", t("dept."+string(e.Dept)))
	field("field.rule", e.Rule.Text().In(s.Lang))
	field("field.fund", e.Fund.Text().In(s.Lang))
	field("field.cause_ref", e.Cause.Kind.Text().In(s.Lang)+" "+e.Cause.Ref)
	field("ui.lg.evidence", e.Evidence)
	field("field.statement", e.Statement)
	if !e.ConfirmedAt.IsZero() {
		field("ui.lg.confirmed", s.Who(e.ConfirmedBy)+" "+s.Time(e.ConfirmedAt))
	}
	if e.Reverses != 0 {
		if r, err := s.Svc.Ledger.LedgerEntry(s.Ctx, e.Reverses); err == nil {
			field("ui.lg.reverses", r.No)
		}
	}
	if e.ReversedBy != 0 {
		if r, err := s.Svc.Ledger.LedgerEntry(s.Ctx, e.ReversedBy); err == nil {
			field("ui.lg.reversed_by", r.No)
		}
	}
	body = append(body, "", st.Bold.Render(t("ui.pj.history")))
	for i := len(e.History) - 1; i >= 0; i-- {
		h := e.History[i]
		line := s.Time(h.At) + "  " + kit.Line(s.Who(h.By)) + "  " + h.Kind.Text().In(s.Lang)
		if h.Text != "" {
			line += t("ui.colon") + kit.Line(h.Text)
		}
		body = append(body, kit.Wrap(line, width)...)
	}
	return head, body
}
