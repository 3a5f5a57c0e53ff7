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

func TestSplitProducts(t *testing.T) {
	known := func(c string) bool { return c == "YDF-XL18" || c == "GRYY-YW" }
	for _, c := range []struct{ in, prefix, query string }{
		{"", "", ""},
		{"YD", "", "YD"},
		{"YDF-XL18", "YDF-XL18, ", ""},     // a whole code: the pick comes after it
		{"YDF-XL18 ", "YDF-XL18, ", ""},    // the same, a space typed
		{"YDF-XL18, ", "YDF-XL18, ", ""},   // after the comma
		{"YDF-XL18,GR", "YDF-XL18,", "GR"}, // the code being typed
		{"YDF-XL18，GRYY", "YDF-XL18，", "GRYY"},
		{"YDF-XL18, GRYY-YW", "YDF-XL18, GRYY-YW, ", ""},
	} {
		p, q := splitProducts(c.in, known)
		if p != c.prefix || q != c.query {
			t.Errorf("splitProducts(%q) = %q, %q; want %q, %q", c.in, p, q, c.prefix, c.query)
		}
	}
}

// The anomaly form's products take one product per pick (F4 or ctrl+f):
// the picked code comes after the codes typed before, in place of the one
// being typed; esc leaves the field as it was, and ctrl+f in another field
// leaves it alone.
func TestAnomalyProductsLookupAppends(t *testing.T) {
	s, _, _ := demoSessionB(t, "shop")
	v := newIssues(s)
	v.Reload()
	v.Update(tuitest.Key("n"))
	if v.form == nil || v.formFor != "anomaly" {
		t.Fatal("no anomaly form")
	}
	typeText := func(text string) {
		for _, r := range text {
			v.Update(tuitest.Key(string(r)))
		}
	}
	f4 := tea.KeyPressMsg{Code: tea.KeyF4}
	ctrlF := tea.KeyPressMsg{Code: 'f', Mod: tea.ModCtrl}
	for range 2 {
		v.Update(tuitest.Key("tab"))
	}
	typeText("停机")
	v.Update(ctrlF) // in the text: the cursor moves, no lookup
	if v.form.Picking() || v.form.Text("products") != "" {
		t.Fatalf("ctrl+f in the text: picking %v, products %q", v.form.Picking(), v.form.Text("products"))
	}
	v.Update(tuitest.Key("tab"))
	typeText("YDF-XL18")
	v.Update(f4)
	if !v.form.Picking() {
		t.Fatal("F4 on the products opened no lookup")
	}
	typeText("GRYY-YW")
	v.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if got := v.form.Text("products"); got != "YDF-XL18, GRYY-YW" {
		t.Fatalf("after a pick: %q", got)
	}
	v.Update(tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}) // back to the products
	typeText(", YDF")
	v.Update(ctrlF)
	if !v.form.Picking() {
		t.Fatal("ctrl+f on the products opened no lookup")
	}
	v.Update(tuitest.Key("esc"))
	if got := v.form.Text("products"); v.form.Picking() || got != "YDF-XL18, GRYY-YW, YDF" {
		t.Fatalf("after esc: picking %v, %q", v.form.Picking(), got)
	}
	v.Update(f4)
	v.Update(tea.KeyPressMsg{Code: tea.KeyEnter}) // the best match of "YDF"
	if got := v.form.Text("products"); got != "YDF-XL18, GRYY-YW, YDF-XL18" {
		t.Fatalf("after picking the code being typed: %q", got)
	}
}
