package cli

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"xietong/model"
)

// fakeMaster and fakeOrders keep master data and orders in memory, just
// enough of model.MasterService and model.OrderService for the commands.

type fakeMaster struct {
	mu        sync.Mutex
	customers []*model.Customer
	products  []*model.Product
	stocks    []*model.Stock
	imports   int   // Import* calls that reached the service
	refuse    error // returned by every Import*
	reason    string
	nextID    uint64
}

var _ model.MasterService = (*fakeMaster)(nil)

func (f *fakeMaster) Customers(context.Context) ([]*model.Customer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.customers), nil
}

func (f *fakeMaster) Customer(_ context.Context, id uint64) (*model.Customer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.customers {
		if c.ID == id {
			return c, nil
		}
	}
	return nil, model.NotFound(fmt.Sprintf("customer %d", id))
}

func (f *fakeMaster) CustomerByCode(_ context.Context, code string) (*model.Customer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.customers {
		if c.Code == code {
			return c, nil
		}
	}
	return nil, model.NotFound("customer " + code)
}

func (f *fakeMaster) SaveCustomer(_ context.Context, _ *model.User, c *model.Customer) (*model.Customer, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	cp := *c
	if cp.ID == 0 {
		f.nextID++
		cp.ID = f.nextID
		f.customers = append(f.customers, &cp)
		return &cp, nil
	}
	for i, x := range f.customers {
		if x.ID == cp.ID {
			f.customers[i] = &cp
		}
	}
	return &cp, nil
}

func (f *fakeMaster) ImportCustomers(ctx context.Context, by *model.User, rows []*model.Customer) error {
	f.mu.Lock()
	f.imports++
	refuse := f.refuse
	f.mu.Unlock()
	if refuse != nil {
		return refuse
	}
	for _, r := range rows {
		if old, err := f.CustomerByCode(ctx, r.Code); err == nil {
			r.ID = old.ID
		}
		if _, err := f.SaveCustomer(ctx, by, r); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeMaster) Products(context.Context) ([]*model.Product, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.products), nil
}

func (f *fakeMaster) Product(_ context.Context, code string) (*model.Product, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.products {
		if p.Code == code {
			return p, nil
		}
	}
	return nil, model.NotFound("product " + code)
}

func (f *fakeMaster) SaveProduct(_ context.Context, _ *model.User, p *model.Product) (*model.Product, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	cp := *p
	for i, x := range f.products {
		if x.Code == cp.Code {
			cp.ID = x.ID
			f.products[i] = &cp
			return &cp, nil
		}
	}
	f.nextID++
	cp.ID = f.nextID
	f.products = append(f.products, &cp)
	return &cp, nil
}

func (f *fakeMaster) ImportProducts(ctx context.Context, by *model.User, rows []*model.Product) error {
	f.mu.Lock()
	f.imports++
	refuse := f.refuse
	f.mu.Unlock()
	if refuse != nil {
		return refuse
	}
	for _, r := range rows {
		if _, err := f.SaveProduct(ctx, by, r); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeMaster) Stocks(context.Context) ([]*model.Stock, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := slices.Clone(f.stocks)
	slices.SortFunc(out, func(a, b *model.Stock) int {
		return strings.Compare(a.ProductCode+"\x00"+a.Variant, b.ProductCode+"\x00"+b.Variant)
	})
	return out, nil
}

func (f *fakeMaster) Stock(_ context.Context, product, variant string) (*model.Stock, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range f.stocks {
		if s.ProductCode == product && s.Variant == variant {
			return s, nil
		}
	}
	return &model.Stock{ProductCode: product, Variant: variant}, nil
}

func (f *fakeMaster) AdjustStock(ctx context.Context, _ *model.User, a model.StockAdjustment) (*model.Stock, error) {
	s, _ := f.Stock(ctx, a.ProductCode, a.Variant)
	cp := *s
	if err := cp.Apply(&a); err != nil {
		return nil, err
	}
	f.setStock(&cp)
	return &cp, nil
}

// move changes a variant's stock by delta, never below zero (the store's
// refusal, with the figures).
func (f *fakeMaster) move(product, variant string, delta int64) error {
	s, _ := f.Stock(context.Background(), product, variant)
	if s.Qty+delta < 0 {
		return model.StockShort("qty", product, variant, s.Qty, -delta)
	}
	cp := *s
	cp.Qty += delta
	f.setStock(&cp)
	return nil
}

func (f *fakeMaster) setStock(s *model.Stock) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, x := range f.stocks {
		if x.ProductCode == s.ProductCode && x.Variant == s.Variant {
			f.stocks[i] = s
			return
		}
	}
	f.stocks = append(f.stocks, s)
}

func (f *fakeMaster) ImportStock(_ context.Context, _ *model.User, rows []*model.Stock, reason string) error {
	f.mu.Lock()
	f.imports++
	f.reason = reason
	refuse := f.refuse
	f.mu.Unlock()
	if refuse != nil {
		return refuse
	}
	for _, r := range rows {
		cp := *r
		f.setStock(&cp)
	}
	return nil
}

type fakeOrders struct {
	refuse   error // returned by ImportOrders
	mu       sync.Mutex
	orders   []*model.Order
	imports  int
	imported []*model.Order
	nextID   uint64
	clock    *model.Clock
	// stock, when set, takes a line's new shipments out of the stock as the
	// store does (an error refuses the change).
	stock func(product, variant string, delta int64) error
}

var _ model.OrderService = (*fakeOrders)(nil)

func (f *fakeOrders) add(o *model.Order) *model.Order {
	f.nextID++
	o.ID = f.nextID
	if o.No == "" {
		o.No = fmt.Sprintf("SO-%s-%04d", o.ReceivedAt.In(shanghai()).Format("20060102"), o.ID)
	}
	for i := range o.Lines {
		f.nextID++
		o.Lines[i].ID, o.Lines[i].OrderID, o.Lines[i].LineNo = f.nextID, o.ID, i+1
		o.Lines[i].Version = 1
	}
	o.Version = 1
	f.orders = append(f.orders, o)
	return o
}

func (f *fakeOrders) CreateOrder(_ context.Context, _ *model.User, o *model.Order, submit bool) (*model.Order, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	cp := *o
	cp.Lines = slices.Clone(o.Lines)
	for i := range cp.Lines {
		cp.Lines[i].Status = model.LineDraft
		if submit {
			cp.Lines[i].Status = model.LineSubmitted
		}
	}
	return f.add(&cp), nil
}

func (f *fakeOrders) Order(_ context.Context, id uint64) (*model.Order, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, o := range f.orders {
		if o.ID == id {
			return o, nil
		}
	}
	return nil, model.NotFound(fmt.Sprintf("order %d", id))
}

func (f *fakeOrders) OrderByNo(_ context.Context, no string) (*model.Order, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, o := range f.orders {
		if o.No == no {
			return o, nil
		}
	}
	return nil, model.NotFound("order " + no)
}

// OrderRows pages the fake's lines, newest order first; the search
// matches order numbers only (the store also matches names).
func (f *fakeOrders) OrderRows(_ context.Context, q model.OrderQuery) (model.OrderRowPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := model.OrderRowPage{Offset: q.Offset}
	for i := len(f.orders) - 1; i >= 0; i-- {
		o := f.orders[i]
		if q.Owner != "" && o.Owner != q.Owner || !strings.Contains(strings.ToLower(o.No), strings.ToLower(q.Search)) {
			continue
		}
		for j := range o.Lines {
			if q.Status != "" && o.Lines[j].Status != q.Status {
				continue
			}
			if p.Total >= q.Offset && len(p.Rows) < q.Limit {
				p.Rows = append(p.Rows, model.OrderRowOf(o, &o.Lines[j]))
			}
			p.Total++
		}
	}
	return p, nil
}

func (f *fakeOrders) Orders(_ context.Context, flt model.OrderFilter) ([]*model.Order, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*model.Order
	for i := len(f.orders) - 1; i >= 0; i-- {
		o := f.orders[i]
		if flt.CustomerID != 0 && o.CustomerID != flt.CustomerID || flt.Owner != "" && o.Owner != flt.Owner {
			continue
		}
		if flt.Status != "" && !slices.ContainsFunc(o.Lines, func(l model.OrderLine) bool { return l.Status == flt.Status }) {
			continue
		}
		out = append(out, o)
		if flt.Limit > 0 && len(out) == flt.Limit {
			break
		}
	}
	return out, nil
}

func (f *fakeOrders) UpdateLine(_ context.Context, _ *model.User, id, version uint64, change model.LineChange) (*model.Order, *model.OrderLine, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, o := range f.orders {
		for i := range o.Lines {
			if o.Lines[i].ID != id {
				continue
			}
			if o.Lines[i].Version != version {
				return nil, nil, model.Conflict("line", "someone", time.Time{})
			}
			l := o.Lines[i]
			l.History, l.Shipments = slices.Clone(l.History), slices.Clone(l.Shipments)
			if err := change(o, &l, nil); err != nil {
				return nil, nil, err
			}
			if n := len(o.Lines[i].Shipments); f.stock != nil && len(l.Shipments) > n {
				var qty int64
				for _, sh := range l.Shipments[n:] {
					qty += sh.Qty
				}
				if err := f.stock(l.ProductCode, l.Variant, -qty); err != nil {
					return nil, nil, err
				}
			}
			l.Version++
			o.Lines[i] = l
			return o, &o.Lines[i], nil
		}
	}
	return nil, nil, model.NotFound("line")
}

func (f *fakeOrders) Line(_ context.Context, id uint64) (*model.Order, *model.OrderLine, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, o := range f.orders {
		for i := range o.Lines {
			if o.Lines[i].ID == id {
				return o, &o.Lines[i], nil
			}
		}
	}
	return nil, nil, model.NotFound("line")
}

func (f *fakeOrders) queue() []model.QueueEntry {
	var q []model.QueueEntry
	for _, o := range f.orders {
		for i := range o.Lines {
			if model.InQueue(&o.Lines[i]) {
				h := *o
				h.Lines = nil
				q = append(q, model.QueueEntry{Order: &h, Line: &o.Lines[i]})
			}
		}
	}
	slices.SortFunc(q, func(a, b model.QueueEntry) int {
		return model.QueueCompare(model.QueueItemOf(a.Order, a.Line), model.QueueItemOf(b.Order, b.Line))
	})
	for i := range q {
		q[i].Rank = i + 1
	}
	return q
}

func (f *fakeOrders) Queue(_ context.Context, offset, limit int) (model.QueuePage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := f.queue()
	page := model.QueuePage{Total: len(q), Offset: offset}
	if offset < len(q) {
		page.Entries = q[offset:min(len(q), offset+limit)]
	}
	return page, nil
}

func (f *fakeOrders) QueuePosition(_ context.Context, id uint64) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, e := range f.queue() {
		if e.Line.ID == id {
			return i, nil
		}
	}
	return -1, nil
}

func (f *fakeOrders) ImportOrders(_ context.Context, _ *model.User, orders []*model.Order) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.imports++
	if f.refuse != nil {
		return f.refuse
	}
	f.imported = orders
	for _, o := range orders {
		cp := *o
		f.add(&cp)
	}
	return nil
}

func (f *fakeOrders) Promise(context.Context, string, string, int64, time.Time) (model.PromiseFacts, error) {
	return model.PromiseFacts{}, nil
}

func (f *fakeOrders) Lines(ctx context.Context, flt model.OrderFilter) ([]*model.Order, error) {
	return f.Orders(ctx, flt)
}

// fakeUsers knows a fixed set of accounts (only User is used).
type fakeUsers struct {
	model.UserService
	users map[string]*model.User
}

func (f fakeUsers) User(_ context.Context, login string) (*model.User, error) {
	if u := f.users[login]; u != nil {
		return u, nil
	}
	return nil, model.Errorf(model.ENOTFOUND, "err.no_account", login)
}

// Demo people for tests.
var (
	uSales     = &model.User{Login: "sales", Name: "王丽", Dept: model.DeptSales, Role: model.RoleMember}
	uSalesLead = &model.User{Login: "saleslead", Name: "陈刚", Dept: model.DeptSales, Role: model.RoleLead}
	uProd      = &model.User{Login: "prod", Name: "刘建国", Dept: model.DeptProduction, Role: model.RoleHead}
	uStore     = &model.User{Login: "store", Name: "孙敏", Dept: model.DeptProduction, Role: model.RoleMember}
	uQA        = &model.User{Login: "qa", Name: "吴静", Dept: model.DeptQuality, Role: model.RoleLead}
)

// testNow is a Thursday morning in the factory zone.
var testNow = time.Date(2026, 11, 26, 9, 0, 0, 0, shanghai())

func shanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}

// world is a fake factory: customers C001 (A), C002 (B), C003 (C), products
// P001 (variants mark, plain) and P002 (none).
type world struct {
	m   *fakeMaster
	o   *fakeOrders
	svc model.Services
}

func newWorld(t testing.TB) *world {
	t.Helper()
	clock := &model.Clock{Loc: shanghai()}
	clock.Set(testNow)
	w := &world{m: &fakeMaster{}, o: &fakeOrders{clock: clock}}
	w.svc = model.Services{Master: w.m, Orders: w.o, Clock: clock, Calendar: model.NewCalendar(clock.Loc, nil, nil),
		Users: fakeUsers{users: map[string]*model.User{"sales": uSales, "saleslead": uSalesLead, "prod": uProd}}}
	ctx := context.Background()
	for _, c := range []model.Customer{
		{Code: "C001", Name: "永辉超市华东区", Region: "华东", Grade: model.GradeA},
		{Code: "C002", Name: "联华超市", Region: "华东", Grade: model.GradeB},
		{Code: "C003", Name: "美宜佳便利", Region: "华南", Grade: model.GradeC},
	} {
		if _, err := w.m.SaveCustomer(ctx, uSales, &c); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []model.Product{
		{Code: "P001", Name: "18g 香辣鱼豆腐", Unit: "件", Variants: []model.Variant{{Code: "mark", Name: "带一元标示"}, {Code: "plain", Name: "无一元标示"}},
			DefaultVariant: "mark", EconomicBatch: 200, DailyCapacity: 800, LeadTimeDays: 1},
		{Code: "P002", Name: "18g 糖醋味鱼丸", Unit: "件", EconomicBatch: 100, DailyCapacity: 500, LeadTimeDays: 2},
	} {
		if _, err := w.m.SaveProduct(ctx, uProd, &p); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// run executes a command as user with stdin and returns the exit status,
// stdout and stderr.
func (w *world) run(t testing.TB, user *model.User, lang, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Svc: w.svc, User: user, Lang: lang, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}
	code := Run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

// customer returns the id of a customer code.
func (w *world) customer(t testing.TB, code string) *model.Customer {
	t.Helper()
	c, err := w.m.CustomerByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sentOrder adds an order of customer code whose lines have been sent to
// production at sentAt.
func (w *world) sentOrder(t testing.TB, code string, received time.Time, lines ...model.LineInput) *model.Order {
	t.Helper()
	c := w.customer(t, code)
	cal := w.svc.Calendar
	o := &model.Order{CustomerID: c.ID, CustomerGrade: c.Grade, ReceivedAt: received.UTC(), Owner: "sales", Channel: "电话"}
	lookup := func(code string) *model.Product { p, _ := w.m.Product(context.Background(), code); return p }
	for _, in := range lines {
		l, err := model.NewLine(uSales, received, cal, in, lookup)
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range []func() error{
			func() error { return l.Submit(uSales, received, cal) },
			func() error { return l.Review(uSalesLead, received, cal) },
			func() error { return l.Send(uSalesLead, received, cal) },
		} {
			if err := step(); err != nil {
				t.Fatal(err)
			}
		}
		o.Lines = append(o.Lines, *l)
	}
	w.o.mu.Lock()
	defer w.o.mu.Unlock()
	return w.o.add(o)
}
