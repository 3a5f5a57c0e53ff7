package orders

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"xietong/model"
	"xietong/tui/internal/tuitest"
	"xietong/tui/kit"
)

// Counting wrappers: how often the screens read the store.
type countMasterA struct {
	model.MasterService
	byCode, product int
}

func (c *countMasterA) CustomerByCode(ctx context.Context, code string) (*model.Customer, error) {
	c.byCode++
	return c.MasterService.CustomerByCode(ctx, code)
}

func (c *countMasterA) Product(ctx context.Context, code string) (*model.Product, error) {
	c.product++
	return c.MasterService.Product(ctx, code)
}

type countOrdersA struct {
	model.OrderService
	lines int
}

func (c *countOrdersA) Lines(ctx context.Context, f model.OrderFilter) ([]*model.Order, error) {
	c.lines++
	return c.OrderService.Lines(ctx, f)
}

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

type countsA struct {
	master *countMasterA
	orders *countOrdersA
}

// demoSessionA opens a seeded demo store as login, with counting services.
func demoSessionA(t *testing.T, login string) (*kit.Session, countsA) {
	var c countsA
	s := tuitest.Session(t, login, func(svc *model.Services) {
		c = countsA{&countMasterA{MasterService: svc.Master}, &countOrdersA{OrderService: svc.Orders}}
		svc.Master, svc.Orders = c.master, c.orders
	})
	return s, c
}

// demoSessionB opens a seeded demo store as login, counting the reads of
// orders.
func demoSessionB(t *testing.T, login string) (*kit.Session, *countOrdersB) {
	var co *countOrdersB
	s := tuitest.Session(t, login, func(svc *model.Services) {
		co = &countOrdersB{OrderService: svc.Orders}
		svc.Orders = co
	})
	return s, co
}

// Typing a customer or product code looks it up in memory, not in the
// store per keystroke, and shows it as before.
func TestOrderFormLooksUpInMemory(t *testing.T) {
	s, c := demoSessionA(t, "sales")
	f := newOrderForm(s)
	f.Focus()
	typeA := func(text string) string {
		var out string
		for _, r := range text {
			f.Update(tuitest.Key(string(r)))
			out = f.View(120, 30)
		}
		return out
	}
	if out := typeA("C001"); !strings.Contains(out, "永辉超市华东区") {
		t.Fatalf("customer not shown:\n%s", out)
	}
	for range 3 {
		f.Update(tuitest.Key("tab"))
	}
	if out := typeA("YDF-XL18"); !strings.Contains(out, "18g 香辣鱼豆腐") {
		t.Fatalf("product not shown:\n%s", out)
	}
	if c.master.byCode != 0 || c.master.product != 0 {
		t.Fatalf("typing read the store: %d customer, %d product lookups", c.master.byCode, c.master.product)
	}
	f.lines[0][0].SetValue("NOPE-1")
	if out := f.View(120, 30); !strings.Contains(out, s.T("ui.order.unknown_product", "NOPE-1")) {
		t.Fatalf("unknown product not said:\n%s", out)
	}
	// A customer added after the form opened is still found on save.
	if _, err := s.Svc.Master.SaveCustomer(s.Ctx, s.User, &model.Customer{Code: "C-NEW", Name: "新客户", Region: "华东", Grade: model.GradeB}); err != nil {
		t.Fatal(err)
	}
	f.header[0].SetValue("C-NEW")
	f.save()
	if f.hdrErr[0] != "" {
		t.Fatalf("new customer refused: %s", f.hdrErr[0])
	}
	f.header[0].SetValue("NOPE")
	f.save()
	if want := s.T("ui.order.unknown_customer", "NOPE"); f.hdrErr[0] != want {
		t.Fatalf("unknown customer: %q, want %q", f.hdrErr[0], want)
	}
}

// The order KPI panel shows the store's three ratios of the month, on load
// and shift, with the order lines' own counts.
func TestKPIPanelComputesOnLoad(t *testing.T) {
	s, _ := demoSessionA(t, "sales")
	k := newKPIPanel(s)
	today := s.Svc.Calendar.DateOf(s.Svc.Clock.Now())
	orders, err := s.Svc.Orders.Lines(s.Ctx, model.OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var lines []*model.OrderLine
	for _, o := range orders {
		for i := range o.Lines {
			lines = append(lines, &o.Lines[i])
		}
	}
	for _, n := range []int{0, -1, -1, 2} {
		k.shift(n)
		out := k.view(120)
		for _, r := range []model.Ratio{model.ReplyTimeliness(lines, k.month, s.Svc.Clock.Loc), model.OTIF(lines, k.month, today),
			model.PlanCompletion(lines, k.month, today)} {
			if !strings.Contains(out, s.Ratio(r)) {
				t.Fatalf("month %s: %s not shown:\n%s", k.month, s.Ratio(r), out)
			}
		}
		if !strings.Contains(out, k.month.String()) {
			t.Fatalf("month %s not shown", k.month)
		}
	}
}

// Leaving a line lets it go; a live event in the list then reads no line.
func TestOrdersReloadReadsWhatIsShown(t *testing.T) {
	s, co := demoSessionB(t, "sales")
	o := newOrders(s)
	o.Reload()
	id := lineID(o.list.SelectedID())
	if id == 0 {
		t.Fatal("no lines")
	}
	o.Update(kit.OpenMsg{ID: id})
	if o.mode != ordersDetail {
		t.Fatal("detail not opened")
	}
	listings, lines := co.orders, co.line
	o.Reload()
	if co.orders != listings || co.line != lines+1 {
		t.Errorf("reload in detail: listings %d→%d, lines %d→%d", listings, co.orders, lines, co.line)
	}
	o.Update(tuitest.Key("esc"))
	if o.mode != ordersList || o.detail.line != nil {
		t.Fatalf("mode %v, line kept %v", o.mode, o.detail.line != nil)
	}
	listings, lines = co.orders, co.line
	o.Reload()
	if co.orders != listings+1 || co.line != lines {
		t.Errorf("reload in list: listings %d→%d, lines %d→%d", listings, co.orders, lines, co.line)
	}
}

// The change form looks up its product and the variants of the product
// typed on F4, as the order form does.
func TestChangeFormLooksUp(t *testing.T) {
	s, _ := demoSessionA(t, "sales")
	var id uint64
	for _, st := range []model.LineStatus{model.LineSent, model.LineAnswered, model.LineUnclear, model.LineAtRisk} {
		if p, err := s.Svc.Orders.OrderRows(s.Ctx, model.OrderQuery{Status: st, Limit: 1}); err == nil && len(p.Rows) == 1 {
			id = p.Rows[0].LineID
			break
		}
	}
	if id == 0 {
		t.Fatal("no line to change in the demo")
	}
	d := newLineDetail(s, false)
	if !d.load(id) {
		t.Fatal("line not read")
	}
	d.start("c")
	if d.form == nil {
		t.Fatal("no change form")
	}
	names := func(uint64) string { return "" }
	product := func(string) *model.Product { return nil }
	f4, enter := tea.KeyPressMsg{Code: tea.KeyF4}, tea.KeyPressMsg{Code: tea.KeyEnter}

	// The product by the initials of 18g 糖醋味鱼丸.
	d.form.SetText("product", "tcwyw")
	d.update(f4)
	if out := ansi.Strip(d.view(80, 24, names, product)); !strings.Contains(out, "选择产品") || !strings.Contains(out, "▸ YW-TC18  18g 糖醋味鱼丸") {
		t.Fatalf("no product lookup:\n%s", out)
	}
	d.update(enter)
	if got := d.form.Text("product"); got != "YW-TC18" {
		t.Fatalf("product %q after the lookup", got)
	}
	// Focus is on the variant now: its lookup lists the variants of the
	// product just picked.
	d.form.SetText("variant", "wy")
	d.update(f4)
	if out := ansi.Strip(d.view(80, 24, names, product)); !strings.Contains(out, "选择型号") || !strings.Contains(out, "▸ plain  无一元标示") {
		t.Fatalf("no variant lookup:\n%s", out)
	}
	d.update(enter)
	if got := d.form.Text("variant"); got != "无一元标示" {
		t.Fatalf("variant %q after the lookup", got)
	}

	// No product, no variants: the form says to fill in the product first.
	if items := variantItems(s, func(string) string { return "NOPE-1" })(); len(items) != 0 {
		t.Fatalf("variants of an unknown product: %v", items)
	}
	if items := variantItems(s, func(string) string { return "果然有鱼（烧烤）" })(); len(items) != 2 {
		t.Fatalf("variants of a product typed by name: %v", items)
	}
}

// The list's rows are kept from one re-read to the next, and a customer
// renamed shows under its new name at the next re-read: the kept rows and
// the session's names go with the master data they were made of.
func TestOrdersRowsFollowRenamedCustomer(t *testing.T) {
	s, _ := demoSessionA(t, "sales")
	o := newOrders(s)
	o.Reload()
	if len(o.rowMemo) == 0 {
		t.Fatal("no rows were kept")
	}
	gen := s.MasterGen()
	o.Reload()
	if s.MasterGen() != gen {
		t.Error("a re-read with the master data unchanged made the names again")
	}
	cs, err := s.Svc.Master.Customers(s.Ctx)
	if err != nil || len(cs) == 0 {
		t.Fatal(err)
	}
	var c *model.Customer
	out := o.View(120, 40)
	for _, x := range cs {
		if strings.Contains(out, x.Name) {
			c = x
			break
		}
	}
	if c == nil {
		t.Fatal("no customer's name on the list")
	}
	renamed := *c
	renamed.Name = "新名称商行"
	lead, err := s.Svc.Users.User(s.Ctx, "saleslead")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Svc.Master.SaveCustomer(s.Ctx, lead, &renamed); err != nil {
		t.Fatal(err)
	}
	o.Reload()
	if out := o.View(120, 40); !strings.Contains(out, "新名称商行") || s.MasterGen() == gen {
		t.Errorf("the renamed customer does not show:\n%s", out)
	}
}
