package demo

import (
	"time"

	"xietong/model"
)

// The demo factory's manufacturing costs (制造成本表): on the 1st of each
// month of the history the production head sets the month's target unit
// cost of every product; on the 2nd the first actual costs of the two 18g
// products come in; on the 1st of the next month the office enters every
// actual cost. So every ended month has its cost target achievement and
// the month running has one so far (from its 2nd).

// costTargets are the products' target unit costs in fen.
var costTargets = []model.CostRow{
	{Product: "YDF-XL18", Target: 6200}, {Product: "YW-TC18", Target: 5800},
	{Product: "GRYY-YW", Target: 4800}, {Product: "GRYY-XL", Target: 4850}, {Product: "GRYY-SK", Target: 4850},
}

// actualCost is product i's actual unit cost in month m: its target give
// or take up to 4 %, the same for a month whatever day the demo is seeded.
func actualCost(m model.Month, i int) int64 {
	pct := int64((int(m.Month)*7+m.Year+i*3)%9 - 4)
	return costTargets[i].Target * (100 + pct) / 100
}

// costSheet is month m's rows with the actual costs of the first n
// products.
func costSheet(m model.Month, n int) []model.CostRow {
	rows := make([]model.CostRow, len(costTargets))
	for i, r := range costTargets {
		rows[i] = r
		if i < n {
			rows[i].Actual = actualCost(m, i)
		}
	}
	return rows
}

// costSteps are day d's cost sheet entries.
func (h *history) costSteps(d model.Date, add func(t time.Time, do func() error)) {
	m := model.MonthOf(d)
	if d.Before(h.start) {
		return
	}
	save := func(by string, m model.Month, n int) func() error {
		return func() error {
			s, err := h.svc.Meetings.CostSheet(h.ctx, m)
			if err != nil {
				return err
			}
			_, err = h.svc.Meetings.SaveCostSheet(h.ctx, h.user(by), m, s.Version, costSheet(m, n))
			return err
		}
	}
	switch d.D {
	case 1:
		if last := m.AddMonths(-1); !last.First().Before(h.start) {
			add(h.at(d, 9, 10, 0), save("office", last, len(costTargets)))
		}
		add(h.at(d, 9, 0, 0), save("prod", m, 0))
	case 2:
		add(h.at(d, 17, 0, 0), save("prod", m, 2))
	}
}
