package demo

import (
	"fmt"
	"slices"
	"time"

	"xietong/model"
)

// The demo history's orders: entered, sent, answered, shipped and closed
// by the people whose work it is (docs/DOMAIN.md#demo-factory).

// Words the demo people write.
var (
	histChannels = []string{"电话", "电话", "微信", "K3", "邮件"}
	histRemarks  = []string{"", "", "", "门店补货", "周末促销备货", "新店开业铺货", "经销商月度补货", "请按要求日期送达", "节日备货，请优先安排"}
	histAsks     = []struct{ q, a string }{
		{"型号未注明是否带一元标示，请确认", "按带一元标示生产"},
		{"数量与合同不一致，请确认", "以合同数量为准"},
		{"要求交期是否可以分批？", "可以分两批发货，先发一半"},
	}
	histCancels   = []string{"客户取消订单", "客户改为下月提货", "重复下单"}
	histDowntimes = []string{"换产清洗", "原料解冻延迟", "包装机卡膜", "设备点检", "临时停电", "等待包材"}
	histDefects   = []string{"D01", "D01", "D01", "D02", "D02", "D03", "D03", "D04", "D99"}
	histD99       = []string{"日期喷码不清", "袋内数量不足"}
	histEdits     = []string{"客户临时加单", "门店促销预计增量", "经销商电话追加"}
)

// hline is a history order line as the seed knows it, with the moments
// planned for its next steps.
type hline struct {
	id, ver          uint64
	no               string
	customer         uint64
	product, variant string
	qty, shipped     int64
	lead             int
	requested        model.Date
	promised         model.Date
	status           model.LineStatus

	sendDay   model.Date
	sendPM    bool
	answerDay model.Date
	answerPM  bool
	ask       int // a question production asks instead of answering: index+1 in histAsks, 0 none
	asked     int // the question asked, for sales to answer
	cancel    bool
	closeDay  model.Date
	hold      bool // never shipped here (the 果然有鱼 order of the last day)
}

func (l *hline) take(s *model.OrderLine) {
	l.ver, l.status, l.promised, l.shipped = s.Version, s.Status, s.PromisedDate, s.ShippedQty
}

// enterOrders enters the orders of the morning or the afternoon of day d
// (the order specialist, submitted at once), and plans each line's steps.
func (h *history) enterOrders(d model.Date, pm bool) error {
	n := h.rng.IntN(2) // 1–2 orders a morning, 0–1 an afternoon
	if !pm {
		n++
	}
	sales := h.user("sales")
	if !pm {
		// What the customers usually order on a working day.
		m := h.months[model.MonthOf(d.AddDays(8))]
		for _, f := range flows {
			h.owed[f.key()] += float64(f.perDay) * m
		}
	}
	for range n {
		c := h.customers[h.rng.IntN(len(h.customers))]
		if c.Grade == model.GradeA && h.pick(0.3) {
			c = h.customers[h.rng.IntN(len(h.customers))] // A customers order more often
		}
		received := h.svc.Clock.Now().Add(-time.Duration(10+h.rng.IntN(120)) * time.Minute)
		o := &model.Order{CustomerID: c.ID, CustomerGrade: c.Grade, ReceivedAt: received.UTC(),
			Channel: histChannels[h.rng.IntN(len(histChannels))], Owner: "sales", Remarks: histRemarks[h.rng.IntN(len(histRemarks))]}
		if h.pick(0.1) {
			o.Owner = "saleslead"
		}
		requested := d.AddDays(4 + h.rng.IntN(9))
		if requested.Before(h.start) {
			requested = h.start.AddDays(h.rng.IntN(10)) // orders of the month before are for the first full month
		}
		var picked []flow
		for range 1 + h.rng.IntN(3) {
			f := h.drawFlow()
			if slices.ContainsFunc(picked, func(g flow) bool { return g.product == f.product && g.variant == f.variant }) {
				continue
			}
			picked = append(picked, f)
		}
		for _, f := range picked {
			rate := linesPerDay * float64(f.weight) / float64(totalWeight()) // lines a day of this variant
			qty := round10(float64(f.perDay) / rate * h.months[model.MonthOf(requested)] * (0.6 + 0.8*h.rng.Float64()))
			h.owed[f.key()] -= float64(qty)
			o.Lines = append(o.Lines, model.OrderLine{ProductCode: f.product, Variant: f.variant, Qty: qty, RequestedDate: requested})
		}
		saved, err := h.svc.Orders.CreateOrder(h.ctx, sales, o, true)
		if err != nil {
			return fmt.Errorf("order: %w", err)
		}
		h.sum.Orders++
		for _, sl := range saved.Lines {
			l := &hline{id: sl.ID, ver: sl.Version, no: saved.No, customer: c.ID, product: sl.ProductCode, variant: sl.Variant, qty: sl.Qty,
				requested: sl.RequestedDate, status: sl.Status, lead: h.products[sl.ProductCode].LeadTimeDays}
			h.planReply(l, d, pm)
			h.lines = append(h.lines, l)
			h.sum.Lines++
		}
	}
	return nil
}

// drawFlow picks the product variant of an order line: the more the
// customers owe their usual quantity of it, the likelier, so a month's
// orders come close to its usual total.
func (h *history) drawFlow() flow {
	var total float64
	w := make([]float64, len(flows))
	for i, f := range flows {
		w[i] = float64(f.weight) * (max(h.owed[f.key()], 0) + float64(f.perDay)/2)
		total += w[i]
	}
	r := h.rng.Float64() * total
	for i, f := range flows {
		if r < w[i] {
			return f
		}
		r -= w[i]
	}
	return flows[len(flows)-1]
}

func (f flow) key() string { return model.VariantKey(f.product, f.variant) }

// planReply plans when a line entered on day d is sent and answered:
// sent the same day or the next morning, answered mostly in time (by the
// end of the next working day), a few a day late, a few asked about
// first, a few cancelled. Everything is done before today: production's
// queue today holds today's orders only.
func (h *history) planReply(l *hline, d model.Date, pm bool) {
	next := h.cal.NextWorkingDay(d)
	l.sendDay, l.sendPM = d, pm || h.pick(0.3)
	if pm && h.pick(0.4) && next.Before(h.today) {
		l.sendDay, l.sendPM = next, false
	}
	sd, after := l.sendDay, h.cal.NextWorkingDay(l.sendDay)
	switch r := h.rng.Float64(); {
	case r < 0.35:
		l.answerDay, l.answerPM = sd, true
	case r < 0.8:
		l.answerDay, l.answerPM = after, false
	case r < 0.93:
		l.answerDay, l.answerPM = after, true
	default: // late
		l.answerDay, l.answerPM = h.cal.NextWorkingDay(after), false
	}
	if !l.answerDay.Before(h.today) {
		l.answerDay, l.answerPM = sd, true
	}
	switch {
	case h.pick(0.02):
		l.cancel = true
	case h.pick(0.03) && h.cal.AddWorkingDays(l.answerDay, 2).Before(h.today):
		l.ask = 1 + h.rng.IntN(len(histAsks))
	}
}

// change applies a line transition by login at the clock's now.
func (h *history) change(l *hline, login string, move func(ln *model.OrderLine, by *model.User, now time.Time) error) error {
	by := h.user(login)
	_, saved, err := h.svc.Orders.UpdateLine(h.ctx, by, l.id, l.ver, func(_ *model.Order, ln *model.OrderLine, _ model.ProductLookup) error {
		return move(ln, by, h.svc.Clock.Now())
	})
	if err != nil {
		return fmt.Errorf("%s line %d: %s", l.no, l.id, model.ErrorMessage(err, model.LangEN))
	}
	l.take(saved)
	return nil
}

// refresh reads line l again (an anomaly changed it).
func (h *history) refresh(l *hline) error {
	_, saved, err := h.svc.Orders.Line(h.ctx, l.id)
	if err != nil {
		return err
	}
	l.take(saved)
	return nil
}

// sendLines: the sales lead reviews and sends the lines planned for now.
func (h *history) sendLines(d model.Date, pm bool) error {
	for _, l := range h.lines {
		if l.status != model.LineSubmitted || l.sendDay != d || l.sendPM != pm {
			continue
		}
		if err := h.change(l, "saleslead", func(ln *model.OrderLine, by *model.User, now time.Time) error {
			if err := ln.Review(by, now, h.cal); err != nil {
				return err
			}
			return ln.Send(by, now, h.cal)
		}); err != nil {
			return err
		}
	}
	return nil
}

// answerLines: production answers the lines planned for now (or asks
// about them, or sales cancels one first).
func (h *history) answerLines(d model.Date, pm bool) error {
	for _, l := range h.lines {
		if l.status != model.LineSent || l.answerDay != d || l.answerPM != pm {
			continue
		}
		switch {
		case l.cancel:
			reason := histCancels[h.rng.IntN(len(histCancels))]
			if err := h.change(l, "sales", func(ln *model.OrderLine, by *model.User, now time.Time) error {
				return ln.Cancel(by, now, h.cal, reason)
			}); err != nil {
				return err
			}
			continue
		case l.ask > 0:
			q := histAsks[l.ask-1].q
			if err := h.change(l, "prod", func(ln *model.OrderLine, by *model.User, now time.Time) error {
				return ln.MarkUnclear(by, now, h.cal, q)
			}); err != nil {
				return err
			}
			// Sales answers in the afternoon; production replies by the
			// next afternoon.
			l.answerDay, l.answerPM, l.asked, l.ask = h.cal.NextWorkingDay(d), true, l.ask, 0
			continue
		}
		promised := later(l.requested, h.cal.AddWorkingDays(d, l.lead+1))
		if h.pick(0.12) {
			promised = h.cal.AddWorkingDays(promised, 1+h.rng.IntN(3))
		}
		if !h.cal.IsWorkingDay(promised) {
			promised = h.cal.NextWorkingDay(promised)
		}
		if err := h.change(l, "prod", func(ln *model.OrderLine, by *model.User, now time.Time) error {
			return ln.Answer(by, now, h.cal, promised)
		}); err != nil {
			return err
		}
	}
	return nil
}

// later is the later of two dates.
func later(a, b model.Date) model.Date {
	if a.After(b) {
		return a
	}
	return b
}

// salesAfternoon: sales answers production's questions, closes the lines
// shipped a few days ago, and the sales lead sends the afternoon's lines.
func (h *history) salesAfternoon(d model.Date) error {
	for _, l := range h.lines {
		switch {
		case l.status == model.LineUnclear:
			a := histAsks[l.asked-1].a
			if err := h.change(l, "sales", func(ln *model.OrderLine, by *model.User, now time.Time) error {
				return ln.Clarify(by, now, h.cal, a)
			}); err != nil {
				return err
			}
		case l.status == model.LineShipped && !l.closeDay.IsZero() && !l.closeDay.After(d):
			if err := h.change(l, "sales", func(ln *model.OrderLine, by *model.User, now time.Time) error {
				return ln.Close(by, now, h.cal, "")
			}); err != nil {
				return err
			}
		}
	}
	return h.sendLines(d, true)
}

// ship: the shipping clerk ships the lines due (promised today or before,
// a few a day early) that the stock covers, earliest promise first; a line
// long overdue goes partly when half of it is there. What the stock does
// not cover waits, and is late.
func (h *history) ship(d model.Date) error {
	var due []*hline
	next := h.cal.NextWorkingDay(d)
	for _, l := range h.lines {
		if l.hold || l.promised.IsZero() || l.shipped >= l.qty {
			continue
		}
		switch l.status {
		case model.LineAnswered, model.LineInProduction, model.LineAtRisk, model.LineShipping:
		default:
			continue
		}
		// A few go a day early, never into another month.
		if l.promised.After(d) && (l.promised != next || next.M != d.M || !h.pick(0.25)) {
			continue
		}
		due = append(due, l)
	}
	slices.SortStableFunc(due, func(a, b *hline) int { return a.promised.Compare(b.promised) })
	stock := map[string]int64{}
	for _, l := range due {
		key := model.VariantKey(l.product, l.variant)
		if _, ok := stock[key]; !ok {
			s, err := h.svc.Master.Stock(h.ctx, l.product, l.variant)
			if err != nil {
				return err
			}
			stock[key] = s.Qty
		}
		q := l.qty - l.shipped
		if stock[key] < q {
			if !l.promised.Before(d) || stock[key] < q/2 || stock[key] < 10 {
				continue
			}
			q = stock[key] / 10 * 10
		}
		if err := h.change(l, "store", func(ln *model.OrderLine, by *model.User, now time.Time) error {
			return ln.Ship(by, now, h.cal, q, d)
		}); err != nil {
			return err
		}
		stock[key] -= q
		h.sum.Shipments++
		if l.status == model.LineShipped {
			l.closeDay = h.cal.AddWorkingDays(d, 1+h.rng.IntN(3))
		}
	}
	// Production starts the lines it makes next.
	for _, l := range h.lines {
		if l.status == model.LineAnswered && l.promised == next && h.pick(0.5) {
			if err := h.change(l, "prod", func(ln *model.OrderLine, by *model.User, now time.Time) error {
				return ln.StartProduction(by, now, h.cal)
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

// bigOrder is the last working day's urgent order: all three 果然有鱼
// flavours, more than the stock and two days of the line's capacity
// cover, promised inside today's shortfall horizon (or overdue when the
// factory does not work then). It keeps the three flavours short on
// today's shortfall table, the situation the balance warning is for. The
// sales lead sends it at once and production answers it within the hour.
func (h *history) bigOrder(d model.Date, add func(time.Time, func() error)) {
	promised := d
	for x := h.today; !x.After(h.today.AddDays(model.DefaultShortfallDays)); x = x.AddDays(1) {
		if h.cal.IsWorkingDay(x) {
			promised = x
			break
		}
	}
	var big []*hline
	add(h.at(d, 15, 20, 0), func() error {
		c := h.byCode["C001"]
		o := &model.Order{CustomerID: c.ID, CustomerGrade: c.Grade, ReceivedAt: h.svc.Clock.Now().Add(-25 * time.Minute).UTC(),
			Channel: "电话", Owner: "saleslead", Remarks: "大促加急备货，三个口味须同时到货"}
		for _, code := range []string{"GRYY-YW", "GRYY-XL", "GRYY-SK"} {
			s, err := h.svc.Master.Stock(h.ctx, code, "mark")
			if err != nil {
				return err
			}
			p := h.products[code]
			qty := (s.Qty + 2*p.DailyCapacity*21/20 + 100 + 99) / 100 * 100
			o.Lines = append(o.Lines, model.OrderLine{ProductCode: code, Variant: "mark", Qty: qty, RequestedDate: promised})
		}
		saved, err := h.svc.Orders.CreateOrder(h.ctx, h.user("sales"), o, true)
		if err != nil {
			return err
		}
		h.sum.Orders++
		for _, sl := range saved.Lines {
			l := &hline{id: sl.ID, ver: sl.Version, no: saved.No, customer: c.ID, product: sl.ProductCode, variant: sl.Variant,
				qty: sl.Qty, requested: sl.RequestedDate, status: sl.Status, hold: true}
			h.lines = append(h.lines, l)
			big = append(big, l)
			h.sum.Lines++
		}
		return nil
	})
	add(h.at(d, 15, 35, 0), func() error {
		for _, l := range big {
			if err := h.change(l, "saleslead", func(ln *model.OrderLine, by *model.User, now time.Time) error {
				if err := ln.Review(by, now, h.cal); err != nil {
					return err
				}
				return ln.Send(by, now, h.cal)
			}); err != nil {
				return err
			}
		}
		return nil
	})
	add(h.at(d, 15, 50, 0), func() error {
		for _, l := range big {
			if err := h.change(l, "prod", func(ln *model.OrderLine, by *model.User, now time.Time) error {
				return ln.Answer(by, now, h.cal, promised)
			}); err != nil {
				return err
			}
		}
		return nil
	})
}
