// Package demo seeds a believable fish-product factory (the company of the
// original manual) into an empty database, for `xietong serve --demo`.
package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"xietong/model"
)

// Company is the demo company's name.
const Company = "海之味食品有限公司"

// People are the demo accounts (docs/DOMAIN.md#people).
var People = []model.User{
	{Login: "sales", Name: "王丽", Dept: model.DeptSales, Role: model.RoleMember},
	{Login: "saleslead", Name: "陈刚", Dept: model.DeptSales, Role: model.RoleLead},
	{Login: "prod", Name: "刘建国", Dept: model.DeptProduction, Role: model.RoleHead},
	{Login: "shop", Name: "赵强", Dept: model.DeptProduction, Role: model.RoleMember},
	{Login: "store", Name: "孙敏", Dept: model.DeptProduction, Role: model.RoleMember},
	{Login: "rnd", Name: "周文", Dept: model.DeptRnD, Role: model.RoleLead},
	{Login: "qa", Name: "吴静", Dept: model.DeptQuality, Role: model.RoleLead},
	{Login: "office", Name: "郑红", Dept: model.DeptOffice, Role: model.RoleOffice},
	{Login: "gm", Name: "黄志明", Dept: model.DeptManagement, Role: model.RoleGM},
	{Login: "buyer", Name: "何平", Dept: model.DeptPurchasing, Role: model.RoleMember},
	{Login: "admin", Name: "系统管理员", Dept: model.DeptOffice, Role: model.RoleAdmin},
}

// Logins lists the demo logins in order.
func Logins() []string {
	out := make([]string, len(People))
	for i, p := range People {
		out[i] = p.Login
	}
	return out
}

// Seed fills an empty database with the demo factory and the last three
// months of its life (see SeedWith); it does nothing when accounts exist,
// so a restart with --demo keeps what people entered.
func Seed(ctx context.Context, svc model.Services) (seeded bool, err error) {
	sum, err := SeedWith(ctx, svc, Options{History: true})
	return sum.Seeded, err
}

// Options say what SeedWith seeds.
type Options struct {
	// History plays the factory's last months before today through the
	// services on a moving clock (history.go). Without it the factory is
	// only as it stands today: accounts, notices, master data, the opening
	// stock and today's orders, all entered now.
	History bool
}

// Summary counts what a seed wrote.
type Summary struct {
	Seeded bool
	// From is the first day of the history (zero without one).
	From                                model.Date
	Orders, Lines, Shipments, Reports   int
	Shortfalls, Plans, Forecasts, Tens  int
	Anomalies, Feedback, Meetings, Acts int
	Requests, Receipts                  int
	Took                                time.Duration
}

// SeedWith fills an empty database as opts say; it does nothing when
// accounts exist. The history's writes go through svc.Bulk when the store
// offers it: synced once at the end instead of at every change.
func SeedWith(ctx context.Context, svc model.Services, opts Options) (Summary, error) {
	begin := time.Now()
	users, err := svc.Users.Users(ctx)
	if err != nil {
		return Summary{}, err
	}
	if len(users) > 0 {
		return Summary{}, nil
	}
	var sum Summary
	run := func() error {
		if opts.History && svc.Master != nil && svc.Orders != nil && svc.Planning != nil && svc.Shop != nil && svc.Meetings != nil {
			return seedHistory(ctx, svc, &sum)
		}
		return seedToday(ctx, svc)
	}
	if svc.Bulk != nil {
		err = svc.Bulk(run)
	} else {
		err = run()
	}
	if err != nil {
		return Summary{}, err
	}
	sum.Seeded, sum.Took = true, time.Since(begin)
	return sum, nil
}

// seedToday seeds the factory as it stands now, without history.
func seedToday(ctx context.Context, svc model.Services) error {
	byLogin, err := createPeople(ctx, svc)
	if err != nil {
		return err
	}
	if err := postNotices(ctx, svc, byLogin); err != nil {
		return err
	}
	if svc.Master == nil || svc.Orders == nil {
		return nil // a store without orders (yet)
	}
	if _, err := seedMaster(ctx, svc, byLogin); err != nil {
		return err
	}
	if err := seedOrders(ctx, svc, byLogin); err != nil {
		return err
	}
	if err := seedProjects(ctx, svc, byLogin); err != nil {
		return err
	}
	if err := seedCampaign(ctx, svc, byLogin); err != nil {
		return err
	}
	return seedPlans(ctx, svc, byLogin, false)
}

// createPeople creates the demo accounts.
func createPeople(ctx context.Context, svc model.Services) (map[string]*model.User, error) {
	byLogin := map[string]*model.User{}
	for _, p := range People {
		u := p
		saved, err := svc.Users.CreateUser(ctx, nil, &u)
		if err != nil {
			return nil, fmt.Errorf("demo user %s: %w", p.Login, err)
		}
		byLogin[p.Login] = saved
	}
	return byLogin, nil
}

// lastNotice is the title of the notice the seed posts last (see Fresh).
const lastNotice = "“果然有鱼”三种口味需同时备货"

// postNotices posts the demo's notices, lastNotice last.
func postNotices(ctx context.Context, svc model.Services, byLogin map[string]*model.User) error {
	notices := []struct {
		by string
		n  model.Notice
	}{
		{"office", model.Notice{
			Title: "本月营销协同例会定于 3 日 9:00 召开",
			Body: "各部门协同负责人请准备：\n1. 上月协同结果与本月协同计划；\n2. 上月产量与计划差异及原因（生产部）；\n" +
				"3. 订单交付达成情况与预估准确率（销售部）。\n地点：二楼会议室。",
		}},
		{"prod", model.Notice{
			Title:    "2 号线（鱼豆腐）周六上午停机保养",
			Body:     "周六 8:00–12:00 2 号线保养，18g 香辣鱼豆腐当日产量减半，请销售部在答复交期时考虑。",
			Audience: []model.Department{model.DeptSales, model.DeptProduction},
			Urgent:   true,
		}},
		{"saleslead", model.Notice{
			Title:    lastNotice,
			Body:     "近期客户反馈只到货单一口味。请生产部排产时保持三种口味平衡，差额表中三种口味均短缺时不要只安排一种。",
			Audience: []model.Department{model.DeptSales, model.DeptProduction, model.DeptOffice},
		}},
	}
	for _, x := range notices {
		n := x.n
		if _, err := svc.Notices.PostNotice(ctx, byLogin[x.by], &n); err != nil {
			return fmt.Errorf("demo notice: %w", err)
		}
	}
	return nil
}

// Fresh reports whether the database holds a demo nobody has used yet:
// its accounts are the demo's and the last change on file, leaving out the
// system's own, is the seed's own last one (a session that reads a notice
// or changes anything makes it used). The load seed adds its lines beside a fresh demo only.
func Fresh(ctx context.Context, svc model.Services) (bool, error) {
	users, err := svc.Users.Users(ctx)
	if err != nil || len(users) != len(People) {
		return false, err
	}
	for _, u := range users {
		if !slices.Contains(Logins(), u.Login) {
			return false, nil
		}
	}
	entries, err := svc.Audit.Audit(ctx, "")
	if err != nil || len(entries) == 0 {
		return false, err
	}
	// What the server's sweep files after the seed (escalations, ledger
	// drafts of its rules) is the system's, not a person's use.
	i := len(entries) - 1
	for i > 0 && entries[i].Who == model.SystemLogin {
		i--
	}
	last := entries[i]
	if last.Action != "notice.create" || last.Who != "saleslead" {
		return false, nil
	}
	var n model.Notice
	if err := json.Unmarshal(last.After, &n); err != nil {
		return false, nil
	}
	return n.Title == lastNotice, nil
}

// Customers are the demo customers: supermarket chains, convenience stores
// and regional distributors in four regions, of every grade.
var Customers = []model.Customer{
	{Code: "C001", Name: "永辉超市华东区", Region: "华东", Grade: model.GradeA},
	{Code: "C002", Name: "联华超市", Region: "华东", Grade: model.GradeB},
	{Code: "C003", Name: "华润万家", Region: "华南", Grade: model.GradeA},
	{Code: "C004", Name: "大润发华南", Region: "华南", Grade: model.GradeB},
	{Code: "C005", Name: "美宜佳便利", Region: "华南", Grade: model.GradeC},
	{Code: "C006", Name: "盒马鲜生", Region: "华东", Grade: model.GradeA},
	{Code: "C007", Name: "物美超市", Region: "华北", Grade: model.GradeB},
	{Code: "C008", Name: "重百超市", Region: "西南", Grade: model.GradeB},
	{Code: "C009", Name: "成都区域经销商", Region: "西南", Grade: model.GradeC},
}

// priceMark are the variants of every demo product: with the 一元 price
// mark (the default) or without.
var priceMark = []model.Variant{{Code: "mark", Name: "带一元标示"}, {Code: "plain", Name: "无一元标示"}}

// Products are the fish-product factory's finished goods.
var Products = []model.Product{
	{Code: "YDF-XL18", Name: "18g 香辣鱼豆腐", Spec: "18g×20袋×10盒/件", Unit: "件", Variants: priceMark, DefaultVariant: "mark",
		EconomicBatch: 200, DailyCapacity: 800, LeadTimeDays: 1},
	{Code: "YW-TC18", Name: "18g 糖醋味鱼丸", Spec: "18g×20袋×10盒/件", Unit: "件", Variants: priceMark, DefaultVariant: "mark",
		EconomicBatch: 200, DailyCapacity: 600, LeadTimeDays: 1},
	{Code: "GRYY-YW", Family: "果然有鱼", Name: "果然有鱼（原味）", Spec: "25g×120袋/件", Unit: "件", Variants: priceMark, DefaultVariant: "mark",
		EconomicBatch: 100, DailyCapacity: 300, LeadTimeDays: 2},
	{Code: "GRYY-XL", Family: "果然有鱼", Name: "果然有鱼（香辣）", Spec: "25g×120袋/件", Unit: "件", Variants: priceMark, DefaultVariant: "mark",
		EconomicBatch: 100, DailyCapacity: 300, LeadTimeDays: 2},
	{Code: "GRYY-SK", Family: "果然有鱼", Name: "果然有鱼（烧烤）", Spec: "25g×120袋/件", Unit: "件", Variants: priceMark, DefaultVariant: "mark",
		EconomicBatch: 100, DailyCapacity: 300, LeadTimeDays: 2},
}

// stock is the opening count of finished goods.
var stock = []model.Stock{
	{ProductCode: "YDF-XL18", Variant: "mark", Qty: 320},
	{ProductCode: "YDF-XL18", Variant: "plain", Qty: 60},
	{ProductCode: "YW-TC18", Variant: "mark", Qty: 150},
	{ProductCode: "GRYY-YW", Variant: "mark", Qty: 80},
	{ProductCode: "GRYY-XL", Variant: "mark", Qty: 40},
	{ProductCode: "GRYY-SK", Variant: "plain", Qty: 30},
}

// How far a demo order line gets.
const (
	stepSubmitted = iota // awaiting the sales lead's review
	stepReviewed         // reviewed, not yet sent
	stepSent             // in production's queue
	stepAnswered         // production promised a date
)

type demoLine struct {
	product, variant string
	qty              int64
	days             int // requested date: today + days
	step             int
}

type demoOrder struct {
	customer string
	ago      time.Duration // received this long before the seed
	channel  string
	remarks  string
	lines    []demoLine
}

// orders are the demo orders: grades A, B and C, so production's queue shows
// the ranking (grade, then requested date, then time received) at work.
var orders = []demoOrder{
	{"C001", 26 * time.Hour, "电话", "年货节备货，请优先安排", []demoLine{
		{"YDF-XL18", "mark", 300, 5, stepAnswered},
		{"GRYY-YW", "mark", 120, 7, stepSent},
	}},
	{"C005", 20 * time.Hour, "电话", "", []demoLine{
		{"GRYY-XL", "mark", 60, 4, stepSent},
	}},
	{"C004", 3 * time.Hour, "微信", "门店陈列活动用货", []demoLine{
		{"YW-TC18", "mark", 200, 6, stepSent},
		{"YDF-XL18", "plain", 150, 8, stepSent},
	}},
	{"C009", 2 * time.Hour, "微信", "经销商月度补货", []demoLine{
		{"YDF-XL18", "mark", 500, 14, stepReviewed},
	}},
	{"C006", time.Hour, "K3", "", []demoLine{
		{"GRYY-SK", "plain", 80, 10, stepSent},
		{"GRYY-XL", "plain", 80, 10, stepSent},
	}},
	{"C002", 30 * time.Minute, "电话", "三种口味同时到货", []demoLine{
		{"GRYY-YW", "mark", 50, 12, stepSubmitted},
		{"GRYY-XL", "mark", 50, 12, stepSubmitted},
		{"GRYY-SK", "mark", 50, 12, stepSubmitted},
	}},
}

// seedMaster enters the customers (sales), the products (production's
// head) and the opening stock count (the store keeper) as of the clock.
func seedMaster(ctx context.Context, svc model.Services, byLogin map[string]*model.User) (map[string]*model.Customer, error) {
	sales, prod, store := byLogin["sales"], byLogin["prod"], byLogin["store"]
	customers := map[string]*model.Customer{}
	for _, c := range Customers {
		c := c
		saved, err := svc.Master.SaveCustomer(ctx, sales, &c)
		if err != nil {
			return nil, fmt.Errorf("demo customer %s: %w", c.Code, err)
		}
		customers[c.Code] = saved
	}
	for _, p := range Products {
		p := p
		p.Variants = append([]model.Variant(nil), p.Variants...)
		if _, err := svc.Master.SaveProduct(ctx, prod, &p); err != nil {
			return nil, fmt.Errorf("demo product %s: %w", p.Code, err)
		}
	}
	rows := make([]*model.Stock, len(stock))
	for i := range stock {
		s := stock[i]
		rows[i] = &s
	}
	if err := svc.Master.ImportStock(ctx, store, rows, "期初盘点"); err != nil {
		return nil, fmt.Errorf("demo stock: %w", err)
	}
	return customers, nil
}

// seedOrders enters today's orders through the services, as the demo
// people would: sales enters them, the sales lead reviews and sends lines,
// and production's head answers one. Dates are relative to the clock's
// today.
func seedOrders(ctx context.Context, svc model.Services, byLogin map[string]*model.User) error {
	sales, lead, prod := byLogin["sales"], byLogin["saleslead"], byLogin["prod"]
	cal := svc.Calendar
	if cal == nil {
		cal = model.NewCalendar(svc.Clock.Loc, nil, nil)
	}
	customers := map[string]*model.Customer{}
	for _, c := range Customers {
		saved, err := svc.Master.CustomerByCode(ctx, c.Code)
		if err != nil {
			return fmt.Errorf("demo customer %s: %w", c.Code, err)
		}
		customers[c.Code] = saved
	}

	now := svc.Clock.Now()
	today := cal.DateOf(now)
	for _, d := range orders {
		c := customers[d.customer]
		o := &model.Order{CustomerID: c.ID, CustomerGrade: c.Grade, ReceivedAt: now.Add(-d.ago).UTC(),
			Channel: d.channel, Owner: sales.Login, Remarks: d.remarks}
		for _, l := range d.lines {
			o.Lines = append(o.Lines, model.OrderLine{ProductCode: l.product, Variant: l.variant, Qty: l.qty,
				RequestedDate: today.AddDays(l.days)})
		}
		saved, err := svc.Orders.CreateOrder(ctx, sales, o, true)
		if err != nil {
			return fmt.Errorf("demo order of %s: %w", d.customer, err)
		}
		for i, l := range d.lines {
			if i >= len(saved.Lines) {
				break
			}
			if err := advance(ctx, svc, cal, saved.Lines[i], l, lead, prod); err != nil {
				return fmt.Errorf("demo order %s line %d: %w", saved.No, saved.Lines[i].LineNo, err)
			}
		}
	}
	return nil
}

// advance moves a submitted line to its demo step: the sales lead reviews
// and sends it, production's head answers it with the suggested date.
func advance(ctx context.Context, svc model.Services, cal *model.Calendar, line model.OrderLine, d demoLine, lead, prod *model.User) error {
	id, version := line.ID, line.Version
	step := func(by *model.User, move func(l *model.OrderLine, now time.Time) error) error {
		_, l, err := svc.Orders.UpdateLine(ctx, by, id, version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
			return move(l, svc.Clock.Now())
		})
		if err == nil {
			version = l.Version
		}
		return err
	}
	if d.step >= stepReviewed {
		if err := step(lead, func(l *model.OrderLine, now time.Time) error { return l.Review(lead, now, cal) }); err != nil {
			return err
		}
	}
	if d.step >= stepSent {
		if err := step(lead, func(l *model.OrderLine, now time.Time) error { return l.Send(lead, now, cal) }); err != nil {
			return err
		}
	}
	if d.step >= stepAnswered {
		now := svc.Clock.Now()
		promised := cal.AddWorkingDays(cal.DateOf(now), 3)
		if f, err := svc.Orders.Promise(ctx, line.ProductCode, line.Variant, line.Qty, now); err == nil && f.SuggestErr == nil && !f.Suggestion.Date.IsZero() {
			promised = f.Suggestion.Date
		}
		if err := step(prod, func(l *model.OrderLine, now time.Time) error { return l.Answer(prod, now, cal, promised) }); err != nil {
			return err
		}
	}
	return nil
}
