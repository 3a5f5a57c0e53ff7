package planning

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// kpiBoard is the KPI dashboard: every indicator of docs/DOMAIN.md#kpis for
// a month (and a department for submission timeliness), with its target,
// the value, a 12-month text sparkline and, on enter, what the number is
// made of.
type kpiBoard struct {
	s      *kit.Session
	month  model.Month
	dept   model.Department // "" = all
	cur    int
	drill  bool
	values []model.KPIValue
	spark  map[model.KPI]string
	err    error
	// grid is a table being edited: the targets (the office, in percent)
	// or, with costing set, the month's cost sheet (costs.go).
	grid    *kit.Grid
	costing bool
	asking  bool // the cost grid asks before its edits are dropped
	// The month's cost sheet and the products, read with the values, for
	// the cost indicator's details (names, never codes alone).
	sheet    *model.CostSheet
	products []*model.Product
	// What values and spark were read for, and whether changes arrived
	// since (set by the deadlines screen's Reload on live events).
	loaded bool
	stale  bool
	of     struct {
		month model.Month
		dept  model.Department
		day   model.Date
	}
}

// kpiSource is the section whose records indicator k is counted from.
func kpiSource(k model.KPI) string {
	switch k {
	case model.KPIForecastAccuracy:
		return "sec.planning"
	case model.KPIReplyTimeliness:
		return "sec.queue"
	case model.KPIOTIF, model.KPIPlanCompletion:
		return "sec.orders"
	case model.KPIDefectRate, model.KPIFeedbackTimeliness, model.KPITechService:
		return "sec.issues"
	case model.KPIRnDPlan:
		return "sec.deptplans"
	case model.KPIProjectPlan:
		return "sec.projects"
	case model.KPICostTarget:
		return "sec.deadlines" // entered on this board (costs.go)
	}
	return "sec.deadlines"
}

func newKPIBoard(s *kit.Session) *kpiBoard {
	today := s.Svc.Calendar.DateOf(s.Svc.Clock.Now())
	return &kpiBoard{s: s, month: model.MonthOf(today)}
}

func (k *kpiBoard) today() model.Date { return k.s.Svc.Calendar.DateOf(k.s.Svc.Clock.Now()) }

// ensure loads the board unless it holds the month and department on view,
// read today with no change arrived since.
func (k *kpiBoard) ensure() {
	if k.loaded && !k.stale && k.err == nil && k.of.month == k.month && k.of.dept == k.dept && k.of.day == k.today() {
		return
	}
	k.load()
}

func (k *kpiBoard) load() {
	svc := k.s.Svc.Meetings
	k.values, k.err = nil, nil
	k.spark = map[model.KPI]string{}
	k.loaded, k.stale = true, false
	k.of.month, k.of.dept, k.of.day = k.month, k.dept, k.today()
	bars := []rune("▁▂▃▄▅▆▇█")
	for _, kp := range model.KPIs {
		v, err := svc.KPI(k.s.Ctx, kp, k.month, k.dept)
		if err != nil {
			k.err = k.s.Fault(err)
			return
		}
		k.values = append(k.values, v)
		var sp strings.Builder
		m := kit.AddMonths(k.s, k.month, -11)
		for i := range 12 {
			h, herr := v, error(nil) // the last point is the month itself
			if i < 11 {
				h, herr = svc.KPI(k.s.Ctx, kp, m, k.dept)
			}
			if herr == nil && h.OK {
				x := max(min(h.Value, 1), 0)
				sp.WriteRune(bars[int(x*float64(len(bars)-1)+0.5)])
			} else {
				sp.WriteRune('·')
			}
			m = kit.AddMonths(k.s, m, 1)
		}
		k.spark[kp] = sp.String()
	}
	var err error
	if k.sheet, err = svc.CostSheet(k.s.Ctx, k.month); err == nil {
		k.products, err = k.s.Svc.Master.Products(k.s.Ctx)
	}
	if err != nil {
		k.err = k.s.Fault(err)
	}
}

// pct renders a KPI value as a percentage, "no data" when there is none.
// The month running is a figure so far: never shown outside 0–100 % (one
// early shipment against a month's forecast is not −300 %), except for an
// indicator that passes 100 % by its nature (cost target achievement:
// cheaper than the target), shown as counted.
func (k *kpiBoard) pct(v model.KPIValue) string {
	if !v.OK {
		return k.s.T("kpi.no_data")
	}
	x := v.Value
	if k.running() && !v.KPI.Uncapped() {
		x = max(min(x, 1), 0)
	}
	return fmt.Sprintf("%.1f%%", x*100)
}

// running reports whether the month on view has not ended.
func (k *kpiBoard) running() bool { return !k.month.Last().Before(k.today()) }

// editing reports the target table is open.
func (k *kpiBoard) editing() bool { return k.grid != nil }

// openTargets shows the target table for editing: indicator, current, target.
func (k *kpiBoard) openTargets() {
	if !model.CanRunMeetings(k.s.User) {
		k.s.Fail(model.Forbidden(model.ActMeetingRun))
		return
	}
	ts, err := k.s.Svc.Meetings.Targets(k.s.Ctx)
	if err != nil {
		k.s.Fail(err)
		return
	}
	by := map[model.KPI]model.KPITarget{}
	for _, t := range ts {
		by[t.KPI] = t
	}
	keys := make([]string, len(model.KPIs))
	rows := make([][]string, len(model.KPIs))
	for i, kp := range model.KPIs {
		t := by[kp]
		keys[i] = string(kp)
		rows[i] = []string{k.s.T("ui.kpi.name." + string(kp)), kit.FmtInt(int64(t.Current*100 + 0.5)), kit.FmtInt(int64(t.Target*100 + 0.5))}
	}
	k.grid = kit.NewGrid(k.s.Lang, []kit.GridCol{{Title: k.s.T("kpi.col_name")}, {Title: k.s.T("ui.kpi.col_current") + " %", Width: 8, Kind: kit.ColNumber},
		{Title: k.s.T("ui.kpi.col_target") + " %", Width: 8, Kind: kit.ColNumber}}, keys, rows)
}

// saveTargets stores the grid; percentages above 100 are refused.
func (k *kpiBoard) saveTargets() {
	var ts []model.KPITarget
	for i := 0; i < k.grid.Rows(); i++ {
		cur, tgt := k.grid.Number(i, 1), k.grid.Number(i, 2)
		if cur > 100 || tgt > 100 {
			col := 1
			if tgt > 100 {
				col = 2
			}
			k.grid.SetError(i, col, k.s.T("ui.kpi.pct_max"))
			return
		}
		if cur == 0 && tgt == 0 {
			continue
		}
		ts = append(ts, model.KPITarget{KPI: model.KPI(k.grid.Key(i)), Current: float64(cur) / 100, Target: float64(tgt) / 100})
	}
	if err := k.s.Svc.Meetings.SaveTargets(k.s.Ctx, k.s.User, ts); err != nil {
		k.s.Fail(err)
		return
	}
	k.s.Info(k.s.T("ui.kpi.targets_saved"))
	k.grid = nil
	k.load()
}

func (k *kpiBoard) key(km tea.KeyPressMsg) {
	s := km.String()
	if k.grid != nil && k.costing {
		k.costKey(km)
		return
	}
	if k.grid != nil {
		switch {
		case s == "ctrl+s" && !k.grid.Editing():
			k.saveTargets()
		case s == "esc" && !k.grid.Editing():
			k.grid = nil
			k.ensure() // changes may have arrived while the table was open
		default:
			k.grid.Update(km)
		}
		return
	}
	switch s {
	case "T":
		k.openTargets()
	case "up", "k":
		k.cur = max(k.cur-1, 0)
	case "down", "j":
		k.cur = min(k.cur+1, len(model.KPIs)-1)
	case "[", "]":
		n := 1
		if s == "[" {
			n = -1
		}
		k.month = kit.AddMonths(k.s, k.month, n)
		k.load()
	case "D":
		// Cycle the department filter: all, then each department.
		i := -1
		for j, d := range model.Departments {
			if d == k.dept {
				i = j
			}
		}
		if i+1 < len(model.Departments) {
			k.dept = model.Departments[i+1]
		} else {
			k.dept = ""
		}
		k.load()
	case "enter":
		k.drill = !k.drill
	case "esc":
		k.drill = false
	case "e":
		if k.drill && k.cur < len(k.values) && k.values[k.cur].KPI == model.KPICostTarget {
			k.openCosts()
		}
	}
}

// view draws the board in width × height; when the details of the row
// under the cursor do not fit below every row, the board keeps that row
// only.
func (k *kpiBoard) view(width, height int) string {
	st, t := k.s.St, k.s.T
	if k.grid != nil && k.costing {
		return k.costGridView(width, height)
	}
	if k.grid != nil {
		return st.Title.Render(t("ui.kpi.targets")) + "  " + st.Dim.Render(t("ui.kpi.targets_keys")) + "\n" + k.grid.View(st, width, 20)
	}
	if k.err != nil {
		return st.Error.Render(model.ErrorMessage(k.err, k.s.Lang))
	}
	dept := t("ui.kpi.all_depts")
	if k.dept != "" {
		dept = t("dept." + string(k.dept))
	}
	title := t("ui.kpi.board", k.month.String(), dept)
	if k.running() {
		title += t("ui.kpi.so_far")
	}
	head := st.Title.Render(title) + "  " + st.Dim.Render(t("ui.kpi.board_keys")) + "\n"
	rows := make([][]string, len(k.values))
	for i, v := range k.values {
		target, current := "", ""
		if v.Target != nil {
			target = fmt.Sprintf("%.1f%%", v.Target.Target*100)
			current = fmt.Sprintf("%.1f%%", v.Target.Current*100)
		}
		rows[i] = []string{t("ui.kpi.name." + string(v.KPI)), k.pct(v), target, current, k.spark[v.KPI]}
	}
	cols := []kit.Column{{Title: t("kpi.col_name")}, {Title: t("kpi.col_value"), Width: 9, Right: true}, {Title: t("ui.kpi.col_target"), Width: 7, Right: true},
		{Title: t("ui.kpi.col_current"), Width: 7, Right: true, Optional: true}, {Title: t("ui.kpi.col_trend"), Width: 12}}
	drill := k.drillView(width)
	board := kit.RenderTable(st, cols, rows, k.cur, width, nil) + "\n"
	if drill != "" && k.cur < len(rows) && lines(head)+lines(board)+lines(drill) > height {
		board = kit.RenderTable(st, cols, rows[k.cur:k.cur+1], 0, width, nil) + "\n"
	}
	return head + board + drill
}

// lines counts the lines s takes, a final line break ending the last.
func lines(s string) int { return strings.Count(strings.TrimSuffix(s, "\n"), "\n") + 1 }

// drillView is what the row under the cursor is made of, "" when the
// details are closed.
func (k *kpiBoard) drillView(width int) string {
	st, t := k.s.St, k.s.T
	var b strings.Builder
	if k.drill && k.cur < len(k.values) {
		v := k.values[k.cur]
		b.WriteString(st.Bold.Render(t("ui.kpi.name."+string(v.KPI))) + t("ui.colon") + t("ui.kpi.def."+string(v.KPI)) + "\n")
		if v.KPI == model.KPICostTarget {
			b.WriteString(k.costDrill(v, width))
		} else if v.OK {
			b.WriteString(t("ui.kpi.drill", v.Num, v.Den, k.pct(v)) + "\n")
			if v.Prorated != nil {
				b.WriteString(st.Dim.Render(v.Prorated.Text(k.s.Lang)) + "\n")
			}
		} else {
			b.WriteString(st.Dim.Render(t("ui.kpi.drill_none")) + "\n")
		}
		b.WriteString(st.Dim.Render(t("ui.kpi.src."+string(v.KPI), k.s.KeysTo(kpiSource(v.KPI)))))
	}
	return b.String()
}
