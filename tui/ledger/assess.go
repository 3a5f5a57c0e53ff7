package ledger

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// The month's assessment (考评) inside the ledger: every department side by
// side (its weighted indicators, its people's penalties and awards, the
// score), one department's make-up on enter, and finalising an ended month
// (the office).

func (v *screen) loadAssessment() {
	a, err := v.s.Svc.Ledger.Assess(v.s.Ctx, v.month)
	if err != nil {
		v.s.Fail(err)
		return
	}
	v.assess = a
	t := v.s.T
	if v.alist == nil || v.alist.Lang != v.s.Lang {
		v.alist = kit.NewList(v.s.Lang, []kit.Column{{Title: t("field.dept"), Width: 10}, {Title: t("ui.as.col_kpi"), Width: 9, Right: true},
			{Title: t("ui.as.col_penalties"), Width: 8, Right: true}, {Title: t("ui.as.col_awards"), Width: 8, Right: true},
			{Title: t("ui.as.col_score"), Width: 8, Right: true}, {Title: ""}})
	}
	rows := make([]kit.Row, 0, len(a.Depts))
	for _, d := range a.Depts {
		rows = append(rows, kit.Row{ID: string(d.Dept), Cells: []string{t("dept." + string(d.Dept)), v.points(d.KPIScore, d.Scored),
			kit.FmtInt(d.Penalties), kit.FmtInt(d.Awards), v.points(d.Score, d.Scored), ""}})
	}
	v.alist.SetRows(rows)
}

// points words a score to one decimal, or no data.
func (v *screen) points(x float64, ok bool) string {
	if !ok {
		return v.s.T("kpi.no_data")
	}
	if x > -0.05 && x < 0.05 {
		x = 0
	}
	return fmt.Sprintf("%.1f", x)
}

func (v *screen) assessKey(km tea.KeyPressMsg) {
	k := km.String()
	switch {
	case v.dept != "":
		if k == "esc" {
			v.dept = ""
		}
	case k == "esc":
		v.mode = modeList
	case k == "[" || k == "]":
		n := 1
		if k == "[" {
			n = -1
		}
		v.month = kit.AddMonths(v.s, v.month, n)
		v.loadAssessment()
	case k == "enter":
		v.dept = model.Department(v.alist.SelectedID())
	case k == "F" && v.canFinalise():
		if _, err := v.s.Svc.Ledger.FinaliseAssessment(v.s.Ctx, v.s.User, v.month); err != nil {
			v.s.Fail(err)
			return
		}
		v.s.Info(v.s.T("cli.assess.finalised", v.month.String()))
		v.loadAssessment()
	default:
		v.alist.Update(km)
	}
}

// canFinalise reports whether the month on view may be finalised now by
// this person.
func (v *screen) canFinalise() bool {
	today := v.s.Svc.Calendar.DateOf(v.s.Svc.Clock.Now())
	return model.Can(v.s.User, model.ActMeetingRun) && v.assess != nil && v.assess.FinalisedAt.IsZero() && v.month.Last().Before(today)
}

func (v *screen) assessView(width, height int) string {
	st, t := v.s.St, v.s.T
	if v.assess == nil {
		return ""
	}
	state := t("cli.assess.live")
	if !v.assess.FinalisedAt.IsZero() {
		state = t("cli.assess.final", v.s.Time(v.assess.FinalisedAt), kit.Line(v.s.Who(v.assess.FinalisedBy)))
	}
	head := st.Title.Render(kit.Fit(t("cli.assess.head", v.month.String(), state), width, false)) + "\n"
	if v.dept == "" {
		return head + st.Dim.Render(kit.Fit(t("ui.as.note", model.LedgerPoints), width, false)) + "\n" +
			v.alist.View(st, width, height-2, "")
	}
	var d *model.DeptAssessment
	for i := range v.assess.Depts {
		if v.assess.Depts[i].Dept == v.dept {
			d = &v.assess.Depts[i]
		}
	}
	if d == nil {
		return head
	}
	var b strings.Builder
	b.WriteString(head + st.Bold.Render(t("dept."+string(d.Dept))) + "\n")
	rows := make([][]string, 0, len(d.KPIs)+3)
	pct := func(x float64, ok bool) string {
		if !ok {
			return t("kpi.no_data")
		}
		return fmt.Sprintf("%.1f%%", x*100)
	}
	for _, k := range d.KPIs {
		target := ""
		if k.Target != nil {
			target = pct(k.Target.Target, true)
		}
		rows = append(rows, []string{t("ui.kpi.name." + string(k.KPI)), pct(k.Value, k.OK), target, strconv.Itoa(k.Weight), pct(k.Score, k.OK)})
	}
	rows = append(rows, []string{t("cli.assess.kpi_score"), "", "", "", v.points(d.KPIScore, d.Scored)},
		[]string{t("cli.assess.ledger") + t("ui.colon") + t("cli.assess.ledger_sums", d.Penalties, d.Awards), "", "", "",
			v.points(-float64(d.Penalties-d.Awards)/100*model.LedgerPoints, true)},
		[]string{t("cli.assess.score"), "", "", "", v.points(d.Score, d.Scored)})
	cols := []kit.Column{{Title: t("kpi.col_name")}, {Title: t("kpi.col_value"), Width: 9, Right: true}, {Title: t("ui.kpi.col_target"), Width: 7, Right: true},
		{Title: t("ui.as.col_weight"), Width: 5, Right: true}, {Title: t("ui.as.col_score"), Width: 8, Right: true}}
	b.WriteString(kit.RenderTable(st, cols, rows, -1, width, nil))
	return b.String()
}

func (v *screen) assessKeys() []key.Binding {
	t := v.s.T
	if v.dept != "" {
		return []key.Binding{v.keys.Back}
	}
	ks := append(v.alist.MoveKeys(), key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("ui.as.key_open"))), v.keys.Month)
	if v.canFinalise() {
		ks = append(ks, key.NewBinding(key.WithKeys("F"), key.WithHelp("F", t("ui.as.key_finalise"))))
	}
	return append(ks, v.keys.Back)
}
