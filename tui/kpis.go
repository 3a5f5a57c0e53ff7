package tui

import (
	"fmt"
	"strings"

	"xietong/model"
)

// kpiBoard is the KPI dashboard: every indicator of DOMAIN.md for a month
// (and a department for submission timeliness), with its target, the
// value, a 12-month text sparkline and, on enter, what the number is made of.
type kpiBoard struct {
	s      *Session
	month  model.Month
	dept   model.Department // "" = all
	cur    int
	drill  bool
	values []model.KPIValue
	spark  map[model.KPI]string
	err    error
}

func newKPIBoard(s *Session) *kpiBoard {
	today := s.Svc.Calendar.DateOf(s.Svc.Clock.Now())
	return &kpiBoard{s: s, month: model.MonthOf(today)}
}

func (k *kpiBoard) load() {
	svc := k.s.Svc.Meetings
	k.values, k.err = nil, nil
	k.spark = map[model.KPI]string{}
	bars := []rune("▁▂▃▄▅▆▇█")
	for _, kp := range model.KPIs {
		v, err := svc.KPI(k.s.Ctx, kp, k.month, k.dept)
		if err != nil {
			k.err = err
			return
		}
		k.values = append(k.values, v)
		var sp strings.Builder
		m := addMonths(k.s, k.month, -11)
		for range 12 {
			if h, err := svc.KPI(k.s.Ctx, kp, m, k.dept); err == nil && h.OK {
				x := max(min(h.Value, 1), 0)
				sp.WriteRune(bars[int(x*float64(len(bars)-1)+0.5)])
			} else {
				sp.WriteRune('·')
			}
			m = addMonths(k.s, m, 1)
		}
		k.spark[kp] = sp.String()
	}
}

// pct renders a KPI value as a percentage, "no data" when there is none.
func (k *kpiBoard) pct(v model.KPIValue) string {
	if !v.OK {
		return k.s.T("kpi.no_data")
	}
	return fmt.Sprintf("%.1f%%", v.Value*100)
}

func (k *kpiBoard) key(s string) {
	switch s {
	case "up", "k":
		k.cur = max(k.cur-1, 0)
	case "down", "j":
		k.cur = min(k.cur+1, len(model.KPIs)-1)
	case "[", "]":
		n := 1
		if s == "[" {
			n = -1
		}
		k.month = addMonths(k.s, k.month, n)
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
	}
}

func (k *kpiBoard) view(width int) string {
	st, t := k.s.St, k.s.T
	if k.err != nil {
		return st.Error.Render(model.ErrorMessage(k.err, k.s.Lang))
	}
	dept := t("ui.kpi.all_depts")
	if k.dept != "" {
		dept = t("dept." + string(k.dept))
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(t("ui.kpi.board", k.month.String(), dept)) + "  " + st.Dim.Render(t("ui.kpi.board_keys")) + "\n")
	rows := make([][]string, len(k.values))
	for i, v := range k.values {
		target, current := "", ""
		if v.Target != nil {
			target = fmt.Sprintf("%.1f%%", v.Target.Target*100)
			current = fmt.Sprintf("%.1f%%", v.Target.Current*100)
		}
		rows[i] = []string{t("ui.kpi.name." + string(v.KPI)), k.pct(v), target, current, k.spark[v.KPI]}
	}
	cols := []Column{{Title: t("kpi.col_name")}, {Title: t("kpi.col_value"), Width: 9, Right: true}, {Title: t("ui.kpi.col_target"), Width: 7, Right: true},
		{Title: t("ui.kpi.col_current"), Width: 7, Right: true, Optional: true}, {Title: t("ui.kpi.col_trend"), Width: 12}}
	b.WriteString(renderTable(st, cols, rows, k.cur, width, nil) + "\n")
	if k.drill && k.cur < len(k.values) {
		v := k.values[k.cur]
		b.WriteString(st.Bold.Render(t("ui.kpi.name."+string(v.KPI))) + "：" + t("ui.kpi.def."+string(v.KPI)) + "\n")
		if v.OK {
			b.WriteString(t("ui.kpi.drill", v.Num, v.Den, k.pct(v)) + "\n")
		} else {
			b.WriteString(st.Dim.Render(t("ui.kpi.drill_none")) + "\n")
		}
		b.WriteString(st.Dim.Render(t("kpi.src." + string(v.KPI))))
	}
	return b.String()
}
