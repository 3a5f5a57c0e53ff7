package planning

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"xietong/i18n"

	"xietong/model"
	"xietong/tui/internal/tuitest"
	"xietong/tui/kit"
)

// Counting wrappers: how often the screens read the store.
// Counting wrappers: how often the screens read the store.
type countPlanningA struct {
	model.PlanningService
	accuracy int
	made     bool // answer made-up figures: the demo has no actuals
}

func (c *countPlanningA) ForecastAccuracy(ctx context.Context, m model.Month) (model.Accuracy, error) {
	c.accuracy++
	if !c.made {
		return c.PlanningService.ForecastAccuracy(ctx, m)
	}
	mo := int(m.Month)
	if mo == 5 || mo == 7 && m.Year == 2026 {
		return model.Accuracy{}, model.NotFound("month")
	}
	a := model.Accuracy{Month: m, Forecast: int64(100 * mo), Actual: int64(90 * mo), Value: float64(mo) / 12, Bias: 0.1, OK: mo%4 != 0}
	for i := range 2 {
		a.ByProduct = append(a.ByProduct, model.ProductAccuracy{Product: fmt.Sprint("P", i), Forecast: int64(mo * i), Actual: 3, Value: 0.5, Bias: -0.2, OK: i == 1})
	}
	return a, nil
}

type countMeetingsA struct {
	model.MeetingService
	kpi int
}

func (c *countMeetingsA) KPI(ctx context.Context, k model.KPI, m model.Month, d model.Department) (model.KPIValue, error) {
	c.kpi++
	return c.MeetingService.KPI(ctx, k, m, d)
}

type countsA struct {
	plan *countPlanningA
	meet *countMeetingsA
}

// demoSessionA opens a seeded demo store as login, with counting services.
func demoSessionA(t *testing.T, login string) (*kit.Session, countsA) {
	var c countsA
	s := tuitest.Session(t, login, func(svc *model.Services) {
		c = countsA{&countPlanningA{PlanningService: svc.Planning}, &countMeetingsA{MeetingService: svc.Meetings}}
		svc.Planning, svc.Meetings = c.plan, c.meet
	})
	return s, c
}

// oldAccuracyViewA is the accuracy tab as it was drawn before the values
// were kept: every draw reads 13 months.
func oldAccuracyViewA(p *planning, width int) string {
	st, t, svc := p.s.St, p.s.T, p.s.Svc.Planning
	var b strings.Builder
	b.WriteString(st.Title.Render(t("ui.plan.acc_title")) + "\n")
	bars := []rune(" ▁▂▃▄▅▆▇█")
	var chart, labels []string
	m := kit.AddMonths(p.s, p.accMonth, -11)
	for i := 0; i < 12; i++ {
		a, err := svc.ForecastAccuracy(p.s.Ctx, m)
		cell := "·"
		if err == nil && a.OK {
			v := max(min(a.Value, 1), 0)
			cell = string(bars[int(v*float64(len(bars)-1)+0.5)])
		}
		chart = append(chart, " "+cell+" ")
		labels = append(labels, fmt.Sprintf("%02d ", int(m.Month)))
		m = kit.AddMonths(p.s, m, 1)
	}
	b.WriteString(strings.Join(chart, "") + "\n" + st.Dim.Render(strings.Join(labels, "")) + "\n\n")
	a, err := svc.ForecastAccuracy(p.s.Ctx, p.accMonth)
	if err != nil {
		return b.String() + st.Error.Render(model.ErrorMessage(err, p.s.Lang))
	}
	b.WriteString(st.Bold.Render(t("ui.plan.acc_month", p.accMonth.String())) + " ")
	if !a.OK {
		b.WriteString(st.Dim.Render(t("ui.plan.no_actuals")) + "\n")
		return b.String()
	}
	b.WriteString(t("ui.plan.acc_line", a.Value*100, a.Bias*100, a.Forecast, a.Actual) + "\n")
	rows := make([][]string, len(a.ByProduct))
	for i, pa := range a.ByProduct {
		v := t("ui.plan.no_actuals")
		bias := ""
		if pa.OK {
			v = strconv.FormatFloat(pa.Value*100, 'f', 1, 64) + "%"
			bias = strconv.FormatFloat(pa.Bias*100, 'f', 1, 64) + "%"
		}
		rows[i] = []string{pa.Product, kit.FmtInt(pa.Forecast), kit.FmtInt(pa.Actual), v, bias}
	}
	cols := []kit.Column{{Title: t("field.product")}, {Title: t("ui.plan.col_f"), Width: 9, Right: true}, {Title: t("ui.plan.col_a"), Width: 9, Right: true},
		{Title: t("ui.plan.col_acc"), Width: 9, Right: true}, {Title: t("ui.plan.col_bias"), Width: 9, Right: true}}
	b.WriteString(kit.RenderTable(st, cols, rows, -1, width, nil))
	return b.String()
}

// The accuracy tab reads its 12 months on load and month shift only, and
// draws what the old per-draw reads drew.
func TestAccuracyReadsOnLoadOnly(t *testing.T) {
	s, c := demoSessionA(t, "office")
	p := newPlanning(s)
	p.Reload()
	p.Update(tuitest.Key("ctrl+left")) // forecast → accuracy
	if p.tab != tabAccuracy {
		t.Fatalf("tab %d", p.tab)
	}
	for i, shift := range []string{"", "[", "[", "[", "]", "]", "]", "]", "]", "]"} {
		c.plan.made = i > 0
		if shift != "" {
			p.Update(tuitest.Key(shift))
		}
		n := c.plan.accuracy
		if n != 12 {
			t.Fatalf("after %q: %d accuracy reads, want 12", shift, n)
		}
		var got string
		for range 3 {
			got = p.accuracyView(100)
			p.View(100, 30)
		}
		if c.plan.accuracy != n {
			t.Fatalf("drawing read accuracy %d times", c.plan.accuracy-n)
		}
		if want := oldAccuracyViewA(p, 100); got != want {
			t.Fatalf("after %q:\ngot\n%s\nwant\n%s", shift, got, want)
		}
		c.plan.accuracy = 0
	}
}

// The KPI board loads when shown for the first time, after a month or
// department change and after changes arrive, not on every toggle; its
// sparkline ends with the month's own value.
func TestKPIBoardLoadsWhenChanged(t *testing.T) {
	s, c := demoSessionA(t, "office")
	d := newDeadlines(s)
	d.Reload()
	per := len(model.KPIs) * 12
	step := func(what string, keys []string, reload bool, want int) {
		t.Helper()
		c.meet.kpi = 0
		for _, k := range keys {
			d.Update(tuitest.Key(k))
		}
		if reload {
			d.Reload()
		}
		d.View(100, 30)
		if c.meet.kpi != want {
			t.Fatalf("%s: %d KPI reads, want %d", what, c.meet.kpi, want)
		}
	}
	step("first show", []string{"right"}, false, per)
	step("toggle twice", []string{"left", "right", "left", "right"}, false, 0)
	step("event while shown", nil, true, per)
	step("event while hidden", []string{"left"}, true, 0)
	step("shown after event", []string{"right"}, false, per)
	step("month back", []string{"["}, false, per)
	step("department", []string{"D"}, false, per)
	step("toggle again", []string{"left", "right"}, false, 0)
	// The sparkline is what 12 monthly reads give.
	bars := []rune("▁▂▃▄▅▆▇█")
	for _, kp := range model.KPIs {
		var sp strings.Builder
		m := kit.AddMonths(s, d.kpis.month, -11)
		for range 12 {
			if h, err := c.meet.MeetingService.KPI(s.Ctx, kp, m, d.kpis.dept); err == nil && h.OK {
				x := max(min(h.Value, 1), 0)
				sp.WriteRune(bars[int(x*float64(len(bars)-1)+0.5)])
			} else {
				sp.WriteRune('·')
			}
			m = kit.AddMonths(s, m, 1)
		}
		if got := d.kpis.spark[kp]; got != sp.String() {
			t.Errorf("%s spark %q, want %q", kp, got, sp.String())
		}
	}
}

// The deadlines summary is worked out by Reload, not per draw.
func TestDeadlinesSummaryOnReload(t *testing.T) {
	s, _ := demoSessionA(t, "office")
	d := newDeadlines(s)
	d.Reload()
	d.Update(tuitest.Key("t")) // the month: more items
	if d.sum == "" || d.sum != d.summary() || !strings.Contains(d.View(200, 30), d.sum) {
		t.Fatalf("summary %q not shown", d.sum)
	}
}

// The deadline board names every kind of deadline.
func TestDeadlineKindsNamed(t *testing.T) {
	for _, k := range model.DueKinds {
		if !i18n.Has("ui.dl.kind." + string(k)) {
			t.Errorf("the board has no name for %s", k)
		}
	}
}
