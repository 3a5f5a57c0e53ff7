package orders

import (
	"strings"

	"xietong/model"
	"xietong/tui/kit"
)

// kpiPanel shows the order KPIs of one month: reply timeliness, on-time in
// full and order plan completion, each with its count so the number can be
// checked. The store computes them (from its per-day line aggregates), so
// the panel holds three ratios, not the lines behind them.
type kpiPanel struct {
	s     *kit.Session
	month model.Month
	err   error
	// The month's three ratios, read by compute as of day.
	day               model.Date
	reply, otif, plan model.Ratio
}

func newKPIPanel(s *kit.Session) *kpiPanel {
	k := &kpiPanel{s: s, month: model.MonthOf(s.Svc.Calendar.DateOf(s.Svc.Clock.Now()))}
	k.compute(k.today())
	return k
}

func (k *kpiPanel) today() model.Date { return k.s.Svc.Calendar.DateOf(k.s.Svc.Clock.Now()) }

// compute reads the month's ratios as of today.
func (k *kpiPanel) compute(today model.Date) {
	k.day, k.err = today, nil
	ratio := func(kp model.KPI) model.Ratio {
		v, err := k.s.Svc.Meetings.KPI(k.s.Ctx, kp, k.month, "")
		if err != nil && k.err == nil {
			k.err = k.s.Fault(err)
		}
		return model.Ratio{Num: int(v.Num), Den: int(v.Den)}
	}
	k.reply, k.otif, k.plan = ratio(model.KPIReplyTimeliness), ratio(model.KPIOTIF), ratio(model.KPIPlanCompletion)
}

// shift moves the panel by n months.
func (k *kpiPanel) shift(n int) {
	k.month = kit.AddMonths(k.s, k.month, n)
	k.compute(k.today())
}

func (k *kpiPanel) view(width int) string {
	st, s := k.s.St, k.s
	if k.err != nil {
		return st.Error.Render(model.ErrorMessage(k.err, s.Lang))
	}
	if today := k.today(); today != k.day {
		k.compute(today) // the day turned while the panel was open
	}
	rows := [][]string{
		{s.T("kpi.reply"), s.Ratio(k.reply), s.T("kpi.reply_def")},
		{s.T("kpi.otif"), s.Ratio(k.otif), s.T("kpi.otif_def")},
		{s.T("kpi.plan"), s.Ratio(k.plan), s.T("kpi.plan_def")},
	}
	cols := []kit.Column{{Title: s.T("kpi.col_name"), Width: 16}, {Title: s.T("kpi.col_value"), Width: 18}, {Title: s.T("kpi.col_def")}}
	var b strings.Builder
	b.WriteString(st.Title.Render(s.T("kpi.title", k.month.String())) + "\n")
	b.WriteString(kit.RenderTable(st, cols, rows, -1, width, nil) + "\n")
	b.WriteString(st.Dim.Render(s.T("kpi.hint")))
	return b.String()
}
