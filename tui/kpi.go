package tui

import (
	"fmt"
	"strings"

	"xietong/model"
)

// kpiPanel shows the order KPIs of one month: reply timeliness, on-time in
// full and order plan completion, each with its count so the number can be
// checked.
type kpiPanel struct {
	s     *Session
	month model.Month
	lines []*model.OrderLine
	err   error
}

func newKPIPanel(s *Session) *kpiPanel {
	k := &kpiPanel{s: s, month: model.MonthOf(s.Svc.Calendar.DateOf(s.Svc.Clock.Now()))}
	k.load()
	return k
}

func (k *kpiPanel) load() {
	orders, err := k.s.Svc.Orders.Lines(k.s.Ctx, model.OrderFilter{})
	k.err, k.lines = err, k.lines[:0]
	for _, o := range orders {
		for i := range o.Lines {
			k.lines = append(k.lines, &o.Lines[i])
		}
	}
}

// shift moves the panel by n months.
func (k *kpiPanel) shift(n int) {
	d := k.month.First()
	t := d.In(k.s.Svc.Clock.Loc).AddDate(0, n, 0)
	k.month = model.MonthOf(model.DateOf(t))
}

// ratio renders a Ratio as "87.5% (7/8)" or "no data".
func (s *Session) ratio(r model.Ratio) string {
	v, ok := r.Value()
	if !ok {
		return s.T("kpi.no_data")
	}
	return fmt.Sprintf("%.1f%% (%d/%d)", v*100, r.Num, r.Den)
}

func (k *kpiPanel) view(width int) string {
	st, s := k.s.St, k.s
	if k.err != nil {
		return st.Error.Render(model.ErrorMessage(k.err, s.Lang))
	}
	today := s.Svc.Calendar.DateOf(s.Svc.Clock.Now())
	rows := [][]string{
		{s.T("kpi.reply"), s.ratio(model.ReplyTimeliness(k.lines, k.month, s.Svc.Clock.Loc)), s.T("kpi.reply_def")},
		{s.T("kpi.otif"), s.ratio(model.OTIF(k.lines, k.month, today)), s.T("kpi.otif_def")},
		{s.T("kpi.plan"), s.ratio(model.PlanCompletion(k.lines, k.month, today)), s.T("kpi.plan_def")},
	}
	cols := []Column{{Title: s.T("kpi.col_name"), Width: 16}, {Title: s.T("kpi.col_value"), Width: 18}, {Title: s.T("kpi.col_def")}}
	var b strings.Builder
	b.WriteString(st.Title.Render(s.T("kpi.title", k.month.String())) + "\n")
	b.WriteString(renderTable(st, cols, rows, -1, width, nil) + "\n")
	b.WriteString(st.Dim.Render(s.T("kpi.hint")))
	return b.String()
}
