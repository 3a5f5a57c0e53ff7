package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"xietong/demo"
	"xietong/model"
	"xietong/store"
)

// `xietong loadtest seed`: a large factory for load runs. The demo factory
// is seeded, then N order lines are created and moved through their lives
// by the real services, as the people of the factory would, day by day over
// the past D days: the command moves its own clock (clock.Set) to each
// working day and each time of day in turn, so every history entry and
// audit entry carries a plausible date. Orders are imported in batches
// (one transaction per batch); the line changes of one moment run from
// several goroutines, so the store's group commit puts many in one
// transaction.

const loadSeedUsage = `usage: xietong loadtest seed --data DIR --lines N [--days 730] [--now TIME] [--workers 256]

Fills DIR (no server may hold it; it must be empty or hold a demo nobody has
used yet) with the demo factory as it stood when the history starts, 20 more
products, 60 more customers and N order lines created through the real
services over the past --days days, ending at
--now (default: the current time): most lines reviewed, sent, answered,
made, shipped and closed on plausible days; the last weeks' lines in every
open state. Then serve it: xietong serve --demo --data DIR
`

// Seed bounds.
const (
	maxSeedLines = 1_000_000
	maxSeedDays  = 3650
)

func runLoadSeed(args []string, stdout, stderr io.Writer, now time.Time) int {
	dir, rest := dataFlag(args)
	fs := flag.NewFlagSet("loadtest seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, loadSeedUsage); fs.PrintDefaults() }
	lines := fs.Int("lines", 0, fmt.Sprintf("order lines to create (1 to %d)", maxSeedLines))
	days := fs.Int("days", 730, fmt.Sprintf("days of history, ending now (1 to %d)", maxSeedDays))
	at := fs.String("now", "", "end the history at this time (RFC 3339, e.g. 2026-12-03T09:00:00+08:00; default: now), to match a server started with --demo-now")
	workers := fs.Int("workers", 256, "line changes running at once (the store commits them in groups)")
	if err := fs.Parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "xietong loadtest seed: "+format+"\n", a...)
		return 2
	}
	switch {
	case fs.NArg() > 0:
		return fail("unexpected argument %q", fs.Arg(0))
	case *lines < 1 || *lines > maxSeedLines:
		return fail("--lines must be 1 to %d, not %d", maxSeedLines, *lines)
	case *days < 1 || *days > maxSeedDays:
		return fail("--days must be 1 to %d, not %d", maxSeedDays, *days)
	case *workers < 1 || *workers > 1024:
		return fail("--workers must be 1 to 1024, not %d", *workers)
	}
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return fail("--now: %q is not a time such as 2026-12-03T09:00:00+08:00 (RFC 3339)", *at)
		}
		now = t
	}
	if now.IsZero() {
		now = time.Now()
	}
	if y := now.AddDate(0, 0, -*days).Year(); y < model.MinYear || now.Year() > model.MaxYear {
		return fail("the history must lie within the years %d–%d", model.MinYear, model.MaxYear)
	}
	clock, err := model.NewClock(envOr(os.Getenv, "XIETONG_TZ", "Asia/Shanghai"))
	if err != nil {
		return fail("XIETONG_TZ: %v", model.ErrorMessage(err, model.LangEN))
	}
	clock.Set(now)
	db, err := openStore(dir, clock, nil, nil, 0, 500*time.Millisecond, nil)
	if err != nil {
		if errors.Is(err, store.ErrInUse) {
			fmt.Fprintf(stderr, "xietong loadtest seed: %v (%s): stop the server first\n", err, dir)
		} else {
			fmt.Fprintln(stderr, "xietong loadtest seed:", err)
		}
		return 1
	}
	defer db.Close()
	s := &seeder{svc: db.Services(), clock: clock, out: stdout, workers: *workers, rng: rand.New(rand.NewPCG(uint64(*lines), uint64(*days)))}
	s.cal = s.svc.Calendar
	begin := time.Now()
	if err := s.run(context.Background(), *lines, *days, now); err != nil {
		fmt.Fprintf(stderr, "xietong loadtest seed: %s: %v\n", dir, err)
		return 1
	}
	fmt.Fprintf(stdout, "seeded %d lines in %d orders over %d days (%d line changes) in %s\n",
		*lines, s.imported, *days, s.changes.Load(), time.Since(begin).Round(100*time.Millisecond))
	fmt.Fprintf(stdout, "check it: xietong audit verify --data %s\nserve it: xietong serve --demo --data %s\n", dir, dir)
	return 0
}

// The moments of a working day at which the seeder acts, in order. The
// clock stands at one of them (plus a few minutes that vary by day) while
// the changes of that moment run.
const (
	phImportAM = iota // orders of the morning are entered
	phLeadAM          // the sales lead reviews and sends
	phProdAM          // production answers (or asks)
	phImportPM        // orders of the afternoon
	phSales           // sales clarify and cancel; production reports risks
	phLeadPM          // the sales lead again
	phProdPM          // production answers, re-answers, starts production
	phShip            // the shipping clerk ships
	phClose           // sales close shipped lines
	nPhases
)

var phaseTimes = [nPhases][2]int{{8, 30}, {10, 0}, {11, 0}, {13, 30}, {14, 30}, {15, 30}, {16, 0}, {16, 45}, {17, 15}}

var (
	leadPhases  = []int{phLeadAM, phLeadPM}
	prodPhases  = []int{phProdAM, phProdPM}
	salesPhases = []int{phSales}
)

// seedOp is one change of a line.
type seedOp uint8

const (
	opReviewSend seedOp = iota // the lead reviews and sends at once
	opReview
	opSend
	opAnswer
	opUnclear
	opClarify
	opRisk
	opStart
	opShip
	opClose
	opCancel
)

var opNames = [...]string{"review+send", "review", "send", "answer", "unclear", "clarify", "risk", "start", "ship", "close", "cancel"}

// seedStep is a planned change: at slot (day·nPhases + phase), op with its
// date, quantity or text.
type seedStep struct {
	slot int32
	op   seedOp
	date model.Date
	qty  int64
	text string
}

type seedLine struct {
	id, version uint64
	steps       []seedStep
	next        int // steps done
}

// seedOrder is an order to import: its lines are indexes into
// seeder.lines.
type seedOrder struct {
	slot     int
	draft    bool
	customer *model.Customer
	received time.Time
	channel  string
	owner    string
	remarks  string
	// requested is the delivery date asked for every line of the order.
	requested model.Date
	products  []string
	qty       []int64
	lines     []int32
}

type seeder struct {
	svc     model.Services
	clock   *model.Clock
	cal     *model.Calendar
	rng     *rand.Rand
	out     io.Writer
	workers int

	start model.Date // day 0
	today int        // the last day's index
	limit int        // the last slot at or before the end of the history

	users     map[string]*model.User
	customers []*model.Customer
	products  []*model.Product

	lines    []*seedLine
	orders   []*seedOrder
	bySlot   map[int][]int32 // lines with a step at a slot
	imports  map[int][]*seedOrder
	imported int
	changes  atomic.Int64
	jitter   []int // minutes added to each day's moments
}

func (s *seeder) date(day int) model.Date      { return s.start.AddDays(day) }
func (s *seeder) dayOf(d model.Date) int       { return s.start.DaysUntil(d) }
func (s *seeder) working(day int) bool         { return s.cal.IsWorkingDay(s.date(day)) }
func slotOf(day, phase int) int                { return day*nPhases + phase }
func (s *seeder) slotDay(slot int) int         { return slot / nPhases }
func (s *seeder) slotDate(slot int) model.Date { return s.date(s.slotDay(slot)) }

// slotTime is the moment of slot in the factory zone.
func (s *seeder) slotTime(slot int) time.Time {
	day, ph := slot/nPhases, slot%nPhases
	d := s.date(day)
	j := 0
	if day < len(s.jitter) {
		j = s.jitter[day]
	}
	return time.Date(d.Y, d.M, d.D, phaseTimes[ph][0], phaseTimes[ph][1]+j, 0, 0, s.clock.Loc)
}

// next is the first slot after cur, on a working day no earlier than
// minDay, at one of phases (ascending).
func (s *seeder) next(cur, minDay int, phases []int) int {
	for d := max(minDay, s.slotDay(cur)); ; d++ {
		if !s.working(d) {
			continue
		}
		for _, p := range phases {
			if sl := slotOf(d, p); sl > cur {
				return sl
			}
		}
	}
}

// addWork is day plus n working days (n ≥ 0; 0: day itself, or the next
// working day when day is not one).
func (s *seeder) addWork(day, n int) int {
	for !s.working(day) {
		day++
	}
	for ; n > 0; n-- {
		day++
		for !s.working(day) {
			day++
		}
	}
	return day
}

func (s *seeder) pick(p float64) bool { return s.rng.Float64() < p }

// run seeds the demo, plans every line and plays the history.
func (s *seeder) run(ctx context.Context, n, days int, end time.Time) error {
	endDate := s.cal.DateOf(end)
	s.start, s.today = endDate.AddDays(-days), days
	s.jitter = make([]int, days+1)
	for i := range s.jitter {
		s.jitter[i] = s.rng.IntN(20)
	}
	s.limit = -1
	for sl := 0; sl < slotOf(days+1, 0); sl++ {
		if !s.slotTime(sl).After(end) {
			s.limit = sl
		}
	}
	s.bySlot, s.imports = map[int][]int32{}, map[int][]*seedOrder{}

	adopt, err := s.prepare(ctx)
	if err != nil {
		return err
	}
	if err := s.masterData(ctx); err != nil {
		return err
	}
	if err := s.planOrders(n); err != nil {
		return err
	}
	for _, o := range adopt {
		for _, l := range o.Lines {
			sl := &seedLine{id: l.ID, version: l.Version}
			s.lines = append(s.lines, sl)
			p := s.products[slices.IndexFunc(s.products, func(p *model.Product) bool { return p.Code == l.ProductCode })]
			s.planLine(sl, -1, l.Status, l.RequestedDate, l.PromisedDate, l.Qty, p.LeadTimeDays)
		}
	}
	s.finalRisks()
	for i, l := range s.lines {
		for _, st := range l.steps {
			s.bySlot[int(st.slot)] = append(s.bySlot[int(st.slot)], int32(i))
		}
	}
	fmt.Fprintf(s.out, "history: %s to %s, %d lines in %d orders to import\n", s.start, endDate, n, len(s.orders))
	return s.play(ctx)
}

// prepare checks what the data directory holds, seeds the demo into an
// empty one at the start of the history (the factory as it stood that
// day, without the demo's own months before it: this history replaces
// them) and returns the demo's orders to carry on with. A fresh demo (only
// its accounts and nothing changed since it was seeded, or a handful of
// order lines none of which has shipped) is kept as it is; anything else
// is refused.
func (s *seeder) prepare(ctx context.Context) ([]*model.Order, error) {
	users, err := s.svc.Users.Users(ctx)
	if err != nil {
		return nil, err
	}
	var adopt []*model.Order
	if len(users) == 0 {
		s.clock.Set(s.slotTime(slotOf(0, phImportAM)).Add(-time.Hour))
		if _, err := demo.SeedWith(ctx, s.svc, demo.Options{}); err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
		if adopt, err = s.svc.Orders.Orders(ctx, model.OrderFilter{}); err != nil {
			return nil, err
		}
		slices.Reverse(adopt) // oldest first
		if users, err = s.svc.Users.Users(ctx); err != nil {
			return nil, err
		}
	} else {
		orders, err := s.svc.Orders.Lines(ctx, model.OrderFilter{})
		if err != nil {
			return nil, err
		}
		nLines, moved := 0, false
		for _, o := range orders {
			for _, l := range o.Lines {
				nLines++
				moved = moved || l.ShippedQty > 0 || !l.Status.Open()
			}
		}
		demoLogins := demo.Logins()
		fresh := len(users) == len(demoLogins) && nLines <= 50 && !moved
		for _, u := range users {
			fresh = fresh && slices.Contains(demoLogins, u.Login)
		}
		if !fresh {
			if fresh, err = demo.Fresh(ctx, s.svc); err != nil {
				return nil, err
			}
		}
		if !fresh {
			return nil, fmt.Errorf("already holds data (%d accounts, %d order lines): the seed fills an empty data directory or one holding a fresh demo", len(users), nLines)
		}
		fmt.Fprintf(s.out, "keeping the fresh demo (%d order lines) as it is\n", nLines)
	}
	s.users = map[string]*model.User{}
	for _, u := range users {
		s.users[u.Login] = u
	}
	for _, l := range []string{"sales", "saleslead", "prod", "store"} {
		if s.users[l] == nil {
			return nil, fmt.Errorf("no account %s", l)
		}
	}
	return adopt, nil
}

// More master data: a large factory sells more than the demo's five
// products to more than nine customers.
var (
	seedFlavours = []struct{ code, name string }{{"XL", "香辣"}, {"SK", "烧烤"}, {"YW", "原味"}, {"ML", "麻辣"}, {"FQ", "番茄"}}
	seedKinds    = []struct{ code, name string }{{"YP", "鱼排"}, {"YJ", "鱼卷"}, {"XB", "虾饼"}, {"XW", "蟹味棒"}}
	seedRegions  = []string{"华东", "华南", "华北", "西南", "华中", "西北"}
	seedChannels = []string{"电话", "电话", "微信", "K3", "邮件"}
	seedRisks    = []string{"鱼浆原料到货延迟", "2 号线设备故障停机", "包材供应不足", "质检复检未通过，需返工", "冷库容量不足，发货推迟"}
	seedAsks     = []string{"型号未注明是否带一元标示，请确认", "数量与合同不一致，请确认", "要求交期是否可以分批？"}
	seedAnswers  = []string{"按带一元标示生产", "以合同数量为准", "可以分两批发货"}
	seedCancels  = []string{"客户取消订单", "客户改为下月提货", "重复下单"}
	seedRemarks  = []string{"", "", "", "", "节日备货，请优先安排", "门店陈列活动用货", "经销商月度补货", "新品试销"}
)

func (s *seeder) masterData(ctx context.Context) error {
	s.clock.Set(s.slotTime(slotOf(0, phImportAM)).Add(-30 * time.Minute))
	var prods []*model.Product
	for _, k := range seedKinds {
		for _, f := range seedFlavours {
			prods = append(prods, &model.Product{Code: "LX-" + k.code + "-" + f.code, Name: "25g " + f.name + k.name, Spec: "25g×100袋/件", Unit: "件",
				Variants: []model.Variant{{Code: "mark", Name: "带一元标示"}, {Code: "plain", Name: "无一元标示"}}, DefaultVariant: "mark",
				EconomicBatch: 100, DailyCapacity: int64(200 + 50*s.rng.IntN(8)), LeadTimeDays: 1 + s.rng.IntN(2)})
		}
	}
	if err := s.svc.Master.ImportProducts(ctx, s.users["prod"], prods); err != nil {
		return fmt.Errorf("products: %w", err)
	}
	var custs []*model.Customer
	grades := []model.Grade{model.GradeA, model.GradeB, model.GradeB, model.GradeC, model.GradeC}
	for i := range 60 {
		r := seedRegions[i%len(seedRegions)]
		custs = append(custs, &model.Customer{Code: fmt.Sprintf("C%03d", 101+i), Name: fmt.Sprintf("%s区域经销商 %d 号", r, i+1), Region: r,
			Grade: grades[s.rng.IntN(len(grades))]})
	}
	if err := s.svc.Master.ImportCustomers(ctx, s.users["sales"], custs); err != nil {
		return fmt.Errorf("customers: %w", err)
	}
	var err error
	if s.products, err = s.svc.Master.Products(ctx); err != nil {
		return err
	}
	s.customers, err = s.svc.Master.Customers(ctx)
	return err
}

// planOrders spreads n lines over orders of one to eight lines, each entered
// at one of the morning or afternoon moments of a working day, and plans
// every line's life.
func (s *seeder) planOrders(n int) error {
	var slots []int
	for d := 0; d <= s.today; d++ {
		if !s.working(d) {
			continue
		}
		for _, p := range []int{phImportAM, phImportPM} {
			if sl := slotOf(d, p); sl <= s.limit {
				slots = append(slots, sl)
			}
		}
	}
	if len(slots) == 0 {
		return errors.New("no working moment in the history: give more --days")
	}
	for left := n; left > 0; {
		size := min(left, 1+s.rng.IntN(8))
		left -= size
		o := &seedOrder{slot: slots[s.rng.IntN(len(slots))], customer: s.customers[s.rng.IntN(len(s.customers))],
			channel: seedChannels[s.rng.IntN(len(seedChannels))], owner: "sales", remarks: seedRemarks[s.rng.IntN(len(seedRemarks))]}
		if s.pick(0.1) {
			o.owner = "saleslead"
		}
		o.received = s.slotTime(o.slot).Add(-time.Duration(s.rng.IntN(180)) * time.Minute)
		// A few orders of the last two days are still drafts.
		o.draft = s.slotDay(o.slot) >= s.today-1 && s.pick(0.05)
		for range size {
			o.products = append(o.products, s.products[s.rng.IntN(len(s.products))].Code)
			o.qty = append(o.qty, int64(10*(2+s.rng.IntN(59))))
		}
		s.orders = append(s.orders, o)
	}
	slices.SortStableFunc(s.orders, func(a, b *seedOrder) int { return a.slot - b.slot })
	byCode := map[string]*model.Product{}
	for _, p := range s.products {
		byCode[p.Code] = p
	}
	for _, o := range s.orders {
		o.requested = s.slotDate(o.slot).AddDays(3 + s.rng.IntN(23))
		for i := range o.products {
			l := &seedLine{}
			o.lines = append(o.lines, int32(len(s.lines)))
			s.lines = append(s.lines, l)
			if !o.draft {
				s.planLine(l, o.slot, model.LineSubmitted, o.requested, model.Date{}, o.qty[i], byCode[o.products[i]].LeadTimeDays)
			}
		}
		s.imports[o.slot] = append(s.imports[o.slot], o)
	}
	return nil
}

// planLine plans a line's life from status st at slot cur: review and send,
// sometimes a question, the answer, sometimes a risk and a new answer, the
// start of production, one or two shipments and the close; a few lines are
// cancelled. Steps past the end of the history are left out: the line
// stays where it got to.
func (s *seeder) planLine(l *seedLine, cur int, st model.LineStatus, requested, promised model.Date, qty int64, lead int) {
	lead = max(lead, 1)
	add := func(slot int, op seedOp, d model.Date, q int64, text string) {
		l.steps = append(l.steps, seedStep{slot: int32(slot), op: op, date: d, qty: q, text: text})
		cur = slot
	}
	day := func() int { return s.slotDay(max(cur, 0)) }
	defer func() {
		l.steps = slices.DeleteFunc(l.steps, func(x seedStep) bool { return int(x.slot) > s.limit })
	}()
	if st == model.LineSubmitted || st == model.LineReviewed {
		if s.pick(0.02) {
			add(s.next(cur, s.addWork(day(), s.rng.IntN(2)), salesPhases), opCancel, model.Date{}, 0, seedCancels[s.rng.IntN(len(seedCancels))])
			return
		}
		when := s.addWork(day(), s.rng.IntN(2))
		switch {
		case st == model.LineReviewed:
			add(s.next(cur, when, leadPhases), opSend, model.Date{}, 0, "")
		case s.pick(0.1): // reviewed one day, sent the next
			add(s.next(cur, when, leadPhases), opReview, model.Date{}, 0, "")
			add(s.next(cur, s.addWork(day(), 1), leadPhases), opSend, model.Date{}, 0, "")
		default:
			add(s.next(cur, when, leadPhases), opReviewSend, model.Date{}, 0, "")
		}
		st = model.LineSent
	}
	if st == model.LineSent {
		if s.pick(0.01) {
			add(s.next(cur, s.addWork(day(), s.rng.IntN(2)), salesPhases), opCancel, model.Date{}, 0, seedCancels[s.rng.IntN(len(seedCancels))])
			return
		}
		if s.pick(0.03) {
			i := s.rng.IntN(len(seedAsks))
			add(s.next(cur, day(), prodPhases), opUnclear, model.Date{}, 0, seedAsks[i])
			add(s.next(cur, s.addWork(day(), 1), salesPhases), opClarify, model.Date{}, 0, seedAnswers[i])
		}
		delay := 0
		switch r := s.rng.Float64(); {
		case r < 0.05:
			delay = 2 // a late reply
		case r < 0.5:
			delay = 1
		}
		slot := s.next(cur, s.addWork(day(), delay), prodPhases)
		want := requested
		if s.pick(0.25) {
			want = want.AddDays(1 + s.rng.IntN(5))
		}
		earliest := s.date(s.addWork(s.slotDay(slot), lead))
		if want.Before(earliest) {
			want = earliest
		}
		for !s.cal.IsWorkingDay(want) {
			want = want.AddDays(1) // a promise falls on a working day
		}
		promised = want
		add(slot, opAnswer, promised, 0, "")
		st = model.LineAnswered
	}
	if st != model.LineAnswered || promised.IsZero() {
		return
	}
	pDay := s.dayOf(promised)
	if s.pick(0.04) {
		riskDay := s.addWork(day(), 1+s.rng.IntN(3))
		if riskDay < pDay {
			riskSlot := s.next(cur, riskDay, []int{phSales})
			again := s.next(riskSlot, s.addWork(s.slotDay(riskSlot), 1+s.rng.IntN(5)), []int{phProdPM})
			expected := promised.AddDays(2 + s.rng.IntN(4))
			if e := s.date(s.slotDay(again)); expected.Before(e) {
				expected = e.AddDays(1)
			}
			for !s.cal.IsWorkingDay(expected) {
				expected = expected.AddDays(1)
			}
			add(riskSlot, opRisk, expected, 0, seedRisks[s.rng.IntN(len(seedRisks))])
			add(again, opAnswer, expected, 0, "")
			promised, pDay = expected, s.dayOf(expected)
		}
	}
	startDay := pDay - 2
	for startDay > day() && !s.working(startDay) {
		startDay--
	}
	add(s.next(cur, max(startDay, day()), []int{phProdPM}), opStart, model.Date{}, 0, "")
	shipDay := pDay
	switch r := s.rng.Float64(); {
	case r < 0.2:
		shipDay = pDay - 1
	case r < 0.3:
		shipDay = s.addWork(pDay, 1) // late
	}
	if s.pick(0.1) && qty >= 20 {
		first := qty * 6 / 10
		add(s.next(cur, shipDay, []int{phShip}), opShip, model.Date{}, first, "")
		add(s.next(cur, s.addWork(day(), 1+s.rng.IntN(3)), []int{phShip}), opShip, model.Date{}, qty-first, "")
	} else {
		add(s.next(cur, shipDay, []int{phShip}), opShip, model.Date{}, qty, "")
	}
	add(s.next(cur, s.addWork(day(), s.rng.IntN(4)), []int{phClose}), opClose, model.Date{}, 0, "")
}

// finalRisks puts a few of the lines that end the history answered or in
// production at risk on its last working afternoon, so that a load run
// always finds some (about one in sixty; at least one when there are any).
func (s *seeder) finalRisks() {
	last := -1
	for sl := s.limit; sl >= 0; sl-- {
		if sl%nPhases == phSales && s.working(s.slotDay(sl)) {
			last = sl
			break
		}
	}
	if last < 0 {
		return
	}
	var cands []*seedLine
	for _, l := range s.lines {
		if len(l.steps) == 0 {
			continue
		}
		end := l.steps[len(l.steps)-1]
		if (end.op == opStart || end.op == opAnswer) && int(end.slot) < last {
			cands = append(cands, l)
		}
	}
	s.rng.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	today := s.slotDate(last)
	for _, l := range cands[:min(len(cands), max(1, len(cands)/60))] {
		l.steps = append(l.steps, seedStep{slot: int32(last), op: opRisk, date: today.AddDays(2 + s.rng.IntN(5)),
			text: seedRisks[s.rng.IntN(len(seedRisks))]})
	}
}

// play runs the history, moment by moment.
func (s *seeder) play(ctx context.Context) error {
	begin := time.Now()
	month := ""
	lines := 0
	for slot := 0; slot <= s.limit; slot++ {
		orders, steps := s.imports[slot], s.bySlot[slot]
		if len(orders) == 0 && len(steps) == 0 {
			continue
		}
		s.clock.Set(s.slotTime(slot))
		if err := s.importOrders(ctx, orders); err != nil {
			return fmt.Errorf("%s: %w", s.slotTime(slot).Format("2006-01-02 15:04"), err)
		}
		for _, o := range orders {
			lines += len(o.lines)
		}
		if err := s.runSteps(ctx, slot, steps); err != nil {
			return fmt.Errorf("%s: %w", s.slotTime(slot).Format("2006-01-02 15:04"), err)
		}
		if m := s.slotDate(slot).String()[:7]; m != month {
			month = m
			fmt.Fprintf(s.out, "%s  %7d lines  %8d changes  %s\n", m, lines, s.changes.Load(), time.Since(begin).Round(time.Second))
		}
	}
	return nil
}

// importOrders enters the orders of one moment: drafts one by one, the
// others in batches through the import (one transaction each), read back
// to learn their lines' ids.
func (s *seeder) importOrders(ctx context.Context, orders []*seedOrder) error {
	build := func(o *seedOrder) *model.Order {
		m := &model.Order{CustomerID: o.customer.ID, ReceivedAt: o.received.UTC(), Channel: o.channel, Owner: o.owner, Remarks: o.remarks}
		for i := range o.products {
			m.Lines = append(m.Lines, model.OrderLine{ProductCode: o.products[i], Qty: o.qty[i], RequestedDate: o.requested})
		}
		return m
	}
	var batch []*seedOrder
	for _, o := range orders {
		if o.draft {
			saved, err := s.svc.Orders.CreateOrder(ctx, s.users[o.owner], build(o), false)
			if err != nil {
				return fmt.Errorf("draft order: %s", model.ErrorMessage(err, model.LangEN))
			}
			if err := s.learn(o, saved); err != nil {
				return err
			}
			continue
		}
		batch = append(batch, o)
	}
	const perImport = 100
	for len(batch) > 0 {
		part := batch[:min(len(batch), perImport)]
		batch = batch[len(part):]
		in := make([]*model.Order, len(part))
		for i, o := range part {
			in[i] = build(o)
		}
		if err := s.svc.Orders.ImportOrders(ctx, s.users["sales"], in); err != nil {
			return fmt.Errorf("import: %s", model.ErrorMessage(err, model.LangEN))
		}
		got, err := s.svc.Orders.Orders(ctx, model.OrderFilter{Limit: len(part)})
		if err != nil {
			return err
		}
		if len(got) != len(part) {
			return fmt.Errorf("import: %d orders read back, %d imported", len(got), len(part))
		}
		for i, o := range part {
			if err := s.learn(o, got[len(got)-1-i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// learn takes the ids and versions of an order's stored lines.
func (s *seeder) learn(o *seedOrder, saved *model.Order) error {
	if saved.CustomerID != o.customer.ID || len(saved.Lines) != len(o.lines) {
		return fmt.Errorf("order %s read back does not match what was entered", saved.No)
	}
	for i, idx := range o.lines {
		l := s.lines[idx]
		l.id, l.version = saved.Lines[i].ID, saved.Lines[i].Version
	}
	s.imported++
	return nil
}

// runSteps applies the steps of one moment from several goroutines, so
// the store commits them in groups.
func (s *seeder) runSteps(ctx context.Context, slot int, idx []int32) error {
	if len(idx) == 0 {
		return nil
	}
	now := s.clock.Now()
	jobs := make(chan int32)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for range min(s.workers, len(idx)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := s.step(ctx, slot, s.lines[i], now); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, i := range idx {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return first
}

// step applies line l's next step, due at slot.
func (s *seeder) step(ctx context.Context, slot int, l *seedLine, now time.Time) error {
	if l.next >= len(l.steps) || int(l.steps[l.next].slot) != slot {
		return fmt.Errorf("line %d: no step due", l.id)
	}
	st := l.steps[l.next]
	l.next++
	cal := s.cal
	today := cal.DateOf(now)
	var by *model.User
	var move func(ln *model.OrderLine) error
	switch st.op {
	case opReviewSend:
		by = s.users["saleslead"]
		move = func(ln *model.OrderLine) error {
			if err := ln.Review(by, now, cal); err != nil {
				return err
			}
			return ln.Send(by, now, cal)
		}
	case opReview:
		by = s.users["saleslead"]
		move = func(ln *model.OrderLine) error { return ln.Review(by, now, cal) }
	case opSend:
		by = s.users["saleslead"]
		move = func(ln *model.OrderLine) error { return ln.Send(by, now, cal) }
	case opAnswer:
		by = s.users["prod"]
		move = func(ln *model.OrderLine) error { return ln.Answer(by, now, cal, st.date) }
	case opUnclear:
		by = s.users["prod"]
		move = func(ln *model.OrderLine) error { return ln.MarkUnclear(by, now, cal, st.text) }
	case opRisk:
		by = s.users["prod"]
		move = func(ln *model.OrderLine) error { return ln.FlagRisk(by, now, cal, st.text, st.date) }
	case opStart:
		by = s.users["prod"]
		move = func(ln *model.OrderLine) error { return ln.StartProduction(by, now, cal) }
	case opShip:
		by = s.users["store"]
		// What ships was made first: the stock keeper books it in, so the
		// stock ledger never goes below zero.
		_, ln, err := s.svc.Orders.Line(ctx, l.id)
		if err != nil {
			return err
		}
		if q := min(st.qty, ln.Remaining()); q > 0 {
			if _, err := s.svc.Master.AdjustStock(ctx, by, model.StockAdjustment{ProductCode: ln.ProductCode, Variant: ln.Variant,
				Delta: q, Reason: "车间入库"}); err != nil {
				return fmt.Errorf("stock in for line %d: %s", l.id, model.ErrorMessage(err, model.LangEN))
			}
		}
		move = func(ln *model.OrderLine) error { return ln.Ship(by, now, cal, min(st.qty, ln.Remaining()), today) }
	case opClarify:
		by = s.users["sales"]
		move = func(ln *model.OrderLine) error { return ln.Clarify(by, now, cal, st.text) }
	case opClose:
		by = s.users["sales"]
		move = func(ln *model.OrderLine) error { return ln.Close(by, now, cal, "") }
	case opCancel:
		by = s.users["sales"]
		move = func(ln *model.OrderLine) error { return ln.Cancel(by, now, cal, st.text) }
	}
	_, saved, err := s.svc.Orders.UpdateLine(ctx, by, l.id, l.version, func(_ *model.Order, ln *model.OrderLine, _ model.ProductLookup) error {
		return move(ln)
	})
	if err != nil {
		return fmt.Errorf("line %d, %s: %s", l.id, opNames[st.op], strings.TrimSpace(model.ErrorMessage(err, model.LangEN)))
	}
	l.version = saved.Version
	s.changes.Add(1)
	return nil
}
