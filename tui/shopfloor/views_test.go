package shopfloor

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

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

// fileFeedbackB files a feedback of customer C001 on product as sales.
func fileFeedbackB(t *testing.T, s *kit.Session, cs *countShopB, product string) *model.Feedback {
	t.Helper()
	c, err := s.Svc.Master.CustomerByCode(s.Ctx, "C001")
	if err != nil {
		t.Fatal(err)
	}
	sales, err := s.Svc.Users.User(s.Ctx, "sales")
	if err != nil {
		t.Fatal(err)
	}
	f, err := cs.ShopFloorService.FileFeedback(s.Ctx, sales, &model.Feedback{CustomerID: c.ID, Product: product, Batch: "20261120",
		Problem: "封口不严", Route: model.RouteQuality})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// The feedback list names each product by code and name, so the three
// 果然有鱼 flavours differ on 80 columns too.
func TestFeedbackListNamesProducts(t *testing.T) {
	s, _, cs := demoSessionB(t, "qa")
	for _, code := range []string{"GRYY-YW", "GRYY-XL", "GRYY-SK"} {
		fileFeedbackB(t, s, cs, code)
	}
	v := newIssues(s)
	v.Reload()
	v.Update(tuitest.Key("right"))
	for _, width := range []int{80, 120} {
		view := v.View(width, 24)
		for _, want := range []string{"GRYY-YW 果然有鱼（原味）", "GRYY-XL 果然有鱼（香辣）", "GRYY-SK 果然有鱼（烧烤）", "永辉超市华东区"} {
			if !strings.Contains(view, want) {
				t.Errorf("width %d: %q not shown:\n%s", width, want, view)
			}
		}
		for _, l := range strings.Split(view, "\n") {
			if w := lipgloss.Width(l); w > width {
				t.Errorf("width %d: a line of %d cells: %q", width, w, l)
			}
		}
	}
}

// A customer or product is typed by its code in any case, or by a name or
// pinyin initials naming one record; none or several are said at the field.
func TestFeedbackTypedByNameOrInitials(t *testing.T) {
	s, _, _ := demoSessionB(t, "sales")
	v := newIssues(s)
	v.Reload()
	for typed, want := range map[string]string{
		"GRYY-XL": "GRYY-XL", "gryy-xl": "GRYY-XL", "果然有鱼（香辣）": "GRYY-XL", "gryyxl": "GRYY-XL",
		"香辣": "", "18G 香辣鱼豆腐": "YDF-XL18", "xlydf": "YDF-XL18", "tcwyw": "YW-TC18",
	} {
		p, err := kit.ProductTyped(v.s, v.names, typed)
		switch {
		case want == "" && (p != nil || err == nil):
			t.Errorf("%q: %v %v, want several", typed, p, err)
		case want != "" && (p == nil || p.Code != want):
			t.Errorf("%q: %v %v, want %s", typed, p, err, want)
		}
	}
	_, err := kit.ProductTyped(v.s, v.names, "gryy")
	if msg := model.ErrorMessage(err, "zh"); !strings.Contains(msg, "对应 3 个产品，请输入编码或按 F4 选择") || !strings.Contains(msg, "GRYY-SK 果然有鱼（烧烤）") {
		t.Errorf("several: %q", msg)
	}
	_, err = kit.ProductTyped(v.s, v.names, "鱼翅")
	if msg := model.ErrorMessage(err, "en"); !strings.Contains(msg, `no product's code, name or initials match "鱼翅"`) {
		t.Errorf("none: %q", msg)
	}
	for typed, want := range map[string]string{"c003": "C003", "华润万家": "C003", "yhcs": "C001"} {
		if c, err := kit.CustomerTyped(v.s, v.names, typed); c == nil || c.Code != want {
			t.Errorf("customer %q: %v %v, want %s", typed, c, err, want)
		}
	}
	if _, err := kit.CustomerTyped(v.s, v.names, "超市"); !strings.Contains(model.ErrorMessage(err, "zh"), "个客户，请输入编码") {
		t.Errorf("several customers: %v", err)
	}

	// Filed with both typed by name: the record has the codes; a product
	// typed wrong is refused at its field.
	v.Update(tuitest.Key("right"))
	v.Update(tuitest.Key("n"))
	if v.form == nil || v.formFor != "feedback" {
		t.Fatal("no feedback form")
	}
	v.form.SetText("customer", "华润万家")
	v.form.SetText("product", "鱼翅")
	v.form.SetText("problem", "漏气胀袋")
	v.save()
	if v.form == nil || !strings.Contains(v.form.View(s.St, 80, 24), "鱼翅") {
		t.Fatal("an unknown product was not refused at its field")
	}
	v.form.SetText("product", "") // cleared before typing anew
	v.form.SetText("product", "GRYYSK")
	v.save()
	if v.form != nil {
		t.Fatalf("not filed:\n%s", v.form.View(s.St, 80, 24))
	}
	list, err := s.Svc.Shop.Feedbacks(s.Ctx, false)
	if err != nil || len(list) == 0 {
		t.Fatal(list, err)
	}
	got := list[len(list)-1]
	if c, _ := s.Svc.Master.CustomerByCode(s.Ctx, "C003"); got.Product != "GRYY-SK" || c == nil || got.CustomerID != c.ID {
		t.Errorf("filed %+v", got)
	}
}

// The report grid shows the name of the product typed beside its code, the
// code staying what is saved.
func TestReportGridNamesProduct(t *testing.T) {
	s, _, cs := demoSessionB(t, "shop")
	r := newReports(s)
	r.Reload()
	rep, err := cs.ShopFloorService.Report(s.Ctx, r.day, "3号线", model.ShiftDay)
	if err != nil {
		t.Fatal(err)
	}
	r.openGrid(rep)
	r.Update(tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl})
	for _, k := range "GRYY-XL" {
		r.Update(tuitest.Key(string(k)))
	}
	r.Update(tuitest.Key("tab"))
	row := r.grid.Rows() - 1
	if got := r.grid.Cell(row, rcProduct); got != "GRYY-XL" {
		t.Fatalf("product cell %q", got)
	}
	if got := r.grid.Cell(row, rcName); got != "果然有鱼（香辣）" {
		t.Fatalf("name cell %q", got)
	}
	// On 80 columns the name is cut after the flavour's first character,
	// wider it shows whole.
	for width, want := range map[int]string{80: "GRYY-XL  │ 果然有鱼（香…", 120: "果然有鱼（香辣）"} {
		view := ansi.Strip(r.View(width, 24))
		if !strings.Contains(view, want) {
			t.Errorf("%q not shown on %d columns:\n%s", want, width, view)
		}
		for _, l := range strings.Split(view, "\n") {
			if w := lipgloss.Width(l); w > width {
				t.Errorf("a line of %d cells: %q", w, l)
			}
		}
	}
}
