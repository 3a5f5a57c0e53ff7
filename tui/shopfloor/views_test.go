package shopfloor

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/internal/tuitest"
	"xietong/tui/kit"
)

// countOrdersB and countShopB count the store reads the screens make.
type countOrdersB struct {
	model.OrderService
	line, orders int
}

func (c *countOrdersB) Line(ctx context.Context, id uint64) (*model.Order, *model.OrderLine, error) {
	c.line++
	return c.OrderService.Line(ctx, id)
}

func (c *countOrdersB) Orders(ctx context.Context, f model.OrderFilter) ([]*model.Order, error) {
	c.orders++
	return c.OrderService.Orders(ctx, f)
}

func (c *countOrdersB) OrderRows(ctx context.Context, q model.OrderQuery) (model.OrderRowPage, error) {
	c.orders++
	return c.OrderService.OrderRows(ctx, q)
}

type countShopB struct {
	model.ShopFloorService
	anomaly, reports, reasons, month int
}

func (c *countShopB) Anomaly(ctx context.Context, id uint64) (*model.Anomaly, error) {
	c.anomaly++
	return c.ShopFloorService.Anomaly(ctx, id)
}

func (c *countShopB) Reports(ctx context.Context, d model.Date) ([]*model.DailyReport, error) {
	c.reports++
	return c.ShopFloorService.Reports(ctx, d)
}

func (c *countShopB) DefectReasons(ctx context.Context) ([]model.DefectReason, error) {
	c.reasons++
	return c.ShopFloorService.DefectReasons(ctx)
}

func (c *countShopB) MonthlyOutput(ctx context.Context, m model.Month) ([]model.OutputRow, error) {
	c.month++
	return c.ShopFloorService.MonthlyOutput(ctx, m)
}

// demoSessionB opens a seeded demo store as login, with counting services.
func demoSessionB(t *testing.T, login string) (*kit.Session, *countOrdersB, *countShopB) {
	var co *countOrdersB
	var cs *countShopB
	s := tuitest.Session(t, login, func(svc *model.Services) {
		co, cs = &countOrdersB{OrderService: svc.Orders}, &countShopB{ShopFloorService: svc.Shop}
		svc.Orders, svc.Shop = co, cs
	})
	return s, co, cs
}

func TestTimeOfDay(t *testing.T) {
	for in, want := range map[string]string{"2026-11-30 09:30": "09:30", "": "", "2026-11-30 ": "", "short": ""} {
		if got := timeOfDay(in); got != want {
			t.Errorf("timeOfDay(%q) = %q, want %q", in, got, want)
		}
	}
}

// Drawing an anomaly reads no lines; keys without an action re-read nothing.
func TestAnomalyDetailReadsOnLoadOnly(t *testing.T) {
	s, co, cs := demoSessionB(t, "prod")
	list, err := co.OrderService.Orders(s.Ctx, model.OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var l *model.OrderLine
	for _, o := range list {
		for i := range o.Lines {
			if prop, err := cs.ShopFloorService.ProposeAtRisk(s.Ctx, []string{o.Lines[i].ProductCode}, 30); err == nil && len(prop) > 0 {
				l = &prop[0].Lines[0]
				break
			}
		}
		if l != nil {
			break
		}
	}
	if l == nil {
		t.Fatal("no line to put at risk")
	}
	a, err := cs.ShopFloorService.FileAnomaly(s.Ctx, s.User, &model.Anomaly{Category: model.AnomalyEquipment, Severity: 2,
		Text: "冷库故障", Products: []string{l.ProductCode}, DelayDays: 30, Lines: []uint64{l.ID}})
	if err != nil || len(a.RiskMarks) != 1 {
		t.Fatal(a, err)
	}
	v := newIssues(s)
	v.Reload()
	v.anomList.Select(kit.FmtInt(int64(a.ID)))
	v.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if v.anomaly == nil || v.anomaly.ID != a.ID {
		t.Fatalf("anomaly not opened: %+v", v.anomaly)
	}
	lines, anomalies := co.line, cs.anomaly
	first := v.View(100, 30)
	if !strings.Contains(first, "#"+kit.FmtInt(int64(l.ID))+" "+l.ProductCode) {
		t.Fatalf("lines at risk not shown:\n%s", first)
	}
	for range 3 {
		v.Update(tuitest.Key("z"))
		if got := v.View(100, 30); got != first {
			t.Fatalf("view changed:\n%s\nwas\n%s", got, first)
		}
	}
	if co.line != lines || cs.anomaly != anomalies {
		t.Errorf("reads while drawing / on unbound keys: lines %d→%d, anomaly %d→%d", lines, co.line, anomalies, cs.anomaly)
	}
	v.Reload() // a live event re-reads the anomaly and its lines
	if co.line == lines || cs.anomaly == anomalies {
		t.Errorf("Reload did not re-read the anomaly: lines %d→%d, anomaly %d→%d, marks %d", lines, co.line, anomalies, cs.anomaly, len(v.anomaly.RiskMarks))
	}
}

// Stepping days or months reads only that; the reasons are read by Reload.
func TestReportsStepsReadOnlyWhatChanged(t *testing.T) {
	s, _, cs := demoSessionB(t, "shop")
	r := newReports(s)
	r.Reload()
	reasons, reports := cs.reasons, cs.reports
	r.Update(tuitest.Key("["))
	r.Update(tuitest.Key("]"))
	if cs.reasons != reasons || cs.reports != reports+2 {
		t.Errorf("day steps: reasons %d→%d, reports %d→%d", reasons, cs.reasons, reports, cs.reports)
	}
	r.Update(tuitest.Key("M"))
	r.Update(tuitest.Key("["))
	r.Update(tuitest.Key("]"))
	if cs.reasons != reasons || cs.reports != reports+2 || cs.month != 3 {
		t.Errorf("month steps: reasons %d, reports %d, months %d", cs.reasons, cs.reports, cs.month)
	}
	r.Reload() // a live event while the month is shown
	r.Update(tuitest.Key("esc"))
	if r.mode != reportsList || cs.reports != reports+3 {
		t.Errorf("back to the day: mode %v, reports %d", r.mode, cs.reports)
	}
}
