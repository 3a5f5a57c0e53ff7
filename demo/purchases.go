package demo

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"xietong/model"
)

// The demo factory's packaging (docs/DOMAIN.md#demo-factory): its films,
// cartons and labels with their bills of materials, set up and counted by
// the material keeper on the set-up day; then about weekly the keeper's
// requirement run, the production head's signature and purchasing's
// orders and receipts, while every daily report draws the stock down.

// demoMaterial is a packaging material of the demo, the product variants
// it packs (variant "" for all of a product's) and how many 件 one unit of
// it packs, and what the opening count found.
type demoMaterial struct {
	model.Material
	products []string
	variant  string
	per      int64
	opening  int64
}

// Suppliers of the demo's packaging.
const (
	supFilm18  = "汕头市金彩印刷包装有限公司"
	supFilm25  = "厦门恒顺彩印有限公司"
	supCarton  = "漳州市嘉华纸品有限公司"
	supLabel   = "厦门联兴标签印务有限公司"
	specFilm18 = "18g 袋用 宽 200mm 印刷复合膜，约 5000 袋/卷"
	specFilm25 = "25g 袋用 宽 230mm 印刷复合膜，约 4800 袋/卷"
)

// film is the printed film of a product's variant: an 18g bag is 200 to
// the 件 and a roll makes about 5,000 (1 roll per 25 件), a 25g bag 120 to
// the 件 and a roll about 4,800 (1 per 40 件). The 18g films come from
// Shantou in 7 days, the 果然有鱼 ones in 10.
func film(code, name, product, variant string, safety, opening int64) demoMaterial {
	m := demoMaterial{Material: model.Material{Code: code, Kind: model.MatFilm, Unit: "卷", PackSize: 10, LeadDays: 7,
		SafetyStock: safety, Supplier: supFilm18, Spec: specFilm18},
		products: []string{product}, variant: variant, per: 25, opening: opening}
	if strings.HasPrefix(product, "GRYY-") {
		m.PackSize, m.LeadDays, m.Supplier, m.Spec, m.per = 5, 10, supFilm25, specFilm25, 40
	}
	if variant == "mark" {
		m.Name, m.Marking = name+"包装膜（一元标示）", "一元标示"
	} else {
		m.Name = name + "包装膜（无标示）"
	}
	return m
}

// demoMaterials are the demo's packaging materials: a film per product
// variant, a carton per product (one for the three 果然有鱼 flavours, each
// flavour's label stuck on it), with the safety stocks the production head
// set (a week's use or more) and the set-up day's count (about four weeks'
// use).
func demoMaterials() []demoMaterial {
	gryy := []string{"GRYY-YW", "GRYY-XL", "GRYY-SK"}
	carton := func(code, name, spec string, products []string, pack, safety, opening int64) demoMaterial {
		return demoMaterial{Material: model.Material{Code: code, Name: name, Spec: spec, Kind: model.MatCarton, Unit: "个",
			PackSize: pack, LeadDays: 3, SafetyStock: safety, Supplier: supCarton}, products: products, per: 1, opening: opening}
	}
	label := func(code, name, product string, opening int64) demoMaterial {
		return demoMaterial{Material: model.Material{Code: code, Name: name, Spec: "不干胶 80×50mm，贴外箱侧面", Kind: model.MatLabel,
			Unit: "张", PackSize: 1000, LeadDays: 5, SafetyStock: 1000, Supplier: supLabel}, products: []string{product}, per: 1, opening: opening}
	}
	return []demoMaterial{
		film("BZM-YDF18-Y", "18g 香辣鱼豆腐", "YDF-XL18", "mark", 160, 500),
		film("BZM-YDF18-W", "18g 香辣鱼豆腐", "YDF-XL18", "plain", 50, 110),
		film("BZM-YW18-Y", "18g 糖醋味鱼丸", "YW-TC18", "mark", 110, 340),
		film("BZM-YW18-W", "18g 糖醋味鱼丸", "YW-TC18", "plain", 35, 70),
		film("BZM-GRYW-Y", "果然有鱼（原味）", "GRYY-YW", "mark", 45, 120),
		film("BZM-GRYW-W", "果然有鱼（原味）", "GRYY-YW", "plain", 20, 40),
		film("BZM-GRXL-Y", "果然有鱼（香辣）", "GRYY-XL", "mark", 45, 115),
		film("BZM-GRXL-W", "果然有鱼（香辣）", "GRYY-XL", "plain", 20, 40),
		film("BZM-GRSK-Y", "果然有鱼（烧烤）", "GRYY-SK", "mark", 40, 110),
		film("BZM-GRSK-W", "果然有鱼（烧烤）", "GRYY-SK", "plain", 20, 40),
		carton("ZX-YDF18", "香辣鱼豆腐外箱", "五层瓦楞 430×330×260mm", []string{"YDF-XL18"}, 500, 3500, 9000),
		carton("ZX-YW18", "糖醋味鱼丸外箱", "五层瓦楞 430×330×260mm", []string{"YW-TC18"}, 500, 2400, 6000),
		carton("ZX-GRYY", "果然有鱼外箱", "五层瓦楞 400×300×280mm，三口味通用", gryy, 300, 2500, 6000),
		label("BQ-GRYW", "果然有鱼口味标签（原味）", "GRYY-YW", 2000),
		label("BQ-GRXL", "果然有鱼口味标签（香辣）", "GRYY-XL", 2000),
		label("BQ-GRSK", "果然有鱼口味标签（烧烤）", "GRYY-SK", 1900),
	}
}

// demoBOMs are the bills of materials of every demo product variant, from
// what demoMaterials say each packs.
func demoBOMs(materials []demoMaterial) []*model.BOM {
	var out []*model.BOM
	for _, p := range Products {
		for _, v := range p.Variants {
			b := &model.BOM{Product: p.Code, Variant: v.Code}
			for _, m := range materials {
				for _, code := range m.products {
					if code == p.Code && (m.variant == "" || m.variant == v.Code) {
						b.Lines = append(b.Lines, model.BOMLine{Material: m.Code, Qty: 1, Per: m.per})
					}
				}
			}
			out = append(out, b)
		}
	}
	return out
}

// setUpMaterials: on the set-up day at 7:30 the material keeper enters
// the materials and the bills of materials, at 7:50 the production head
// sets each material's safety stock, and at 8:10 the keeper counts what is
// on the shelves (期初盘点), before the day's first report draws on it.
func (h *history) setUpMaterials(d model.Date, add func(time.Time, func() error)) {
	materials := demoMaterials()
	h.leadDays = map[string]int{}
	for _, m := range materials {
		h.leadDays[m.Code] = m.LeadDays
	}
	add(h.at(d, 7, 30, 0), func() error {
		rows := make([]*model.Material, len(materials))
		for i, m := range materials {
			row := m.Material
			row.SafetyStock = 0
			rows[i] = &row
		}
		if _, err := h.svc.Purchase.ImportMaterials(h.ctx, h.user("store"), rows); err != nil {
			return fmt.Errorf("materials: %w", err)
		}
		if _, err := h.svc.Purchase.ImportBOMs(h.ctx, h.user("store"), demoBOMs(materials)); err != nil {
			return fmt.Errorf("bills of materials: %w", err)
		}
		return nil
	})
	add(h.at(d, 7, 50, 0), func() error {
		for _, m := range materials {
			saved, err := h.svc.Purchase.Material(h.ctx, m.Code)
			if err != nil {
				return err
			}
			saved.SafetyStock = m.SafetyStock
			if _, err := h.svc.Purchase.SaveMaterial(h.ctx, h.user("prod"), saved); err != nil {
				return fmt.Errorf("safety stock of %s: %w", m.Code, err)
			}
		}
		return nil
	})
	add(h.at(d, 8, 10, 0), func() error {
		for _, m := range materials {
			if _, err := h.svc.Purchase.CountMaterial(h.ctx, h.user("store"), m.Code, m.opening, "期初盘点"); err != nil {
				return fmt.Errorf("count of %s: %w", m.Code, err)
			}
		}
		return nil
	})
}

// purchaseRun is one of the material keeper's requirement runs: when,
// and whether the head signs what it drafts the next morning or, for the
// first of the second half of the history, late; the last run's draft
// stays unsigned.
type purchaseRun struct {
	at                  time.Time
	i                   int
	last, nextDay, late bool
}

// schedulePurchases places the requirement runs: the last one this
// morning at 9:30 when today is a working day and that has passed, else
// on the last working day at 16:00, its draft awaiting the head's
// signature; the one before it five working days earlier, so that the
// films it ordered are still to come; before that one every sixth working
// day (a week of the factory's) back to the set-up. The head signs most
// the same afternoon and every third the next morning, but the first
// draft of the second half of the history at 12:20 the next working day,
// late. The first request with a film ordered after a third of the
// history has that film delivered in two.
func (h *history) schedulePurchases() {
	h.runOn = map[model.Date]*purchaseRun{}
	last, at := h.last, h.at(h.last, 16, 0, 0)
	if t := h.at(h.today, 9, 30, 0); h.cal.IsWorkingDay(h.today) && !t.After(h.now) {
		last, at = h.today, t
	}
	h.runOn[last] = &purchaseRun{at: at, last: true}
	var days []model.Date
	for d := h.cal.AddWorkingDays(last, -5); d.After(h.begin); d = h.cal.AddWorkingDays(d, -6) {
		days = append([]model.Date{d}, days...)
	}
	for i, d := range days {
		h.runOn[d] = &purchaseRun{at: h.at(d, 9, 30, (i*13)%20), i: i, nextDay: i%3 == 1, late: i >= len(days)/2}
	}
	if len(days) > 0 {
		h.splitFrom = days[len(days)/3]
	}
}

// deliveryDay is when what is ordered on d from a supplier of lead days
// comes in: lead days later, the holidays not counted (the supplier is
// closed too), or the next working day when that is not one.
func (h *history) deliveryDay(d model.Date, lead int) model.Date {
	for n := 0; n < lead; {
		if d = d.AddDays(1); !h.cal.Holidays[d] {
			n++
		}
	}
	if !h.cal.IsWorkingDay(d) {
		d = h.cal.NextWorkingDay(d)
	}
	return d
}

// purchaseSteps: on the set-up day the materials are set up; on each
// working day purchasing receives at 10:00 what is due and at 16:30 orders
// what the head signed; on a run's day the keeper runs the requirement run
// and the head signs its draft.
func (h *history) purchaseSteps(d model.Date, add func(time.Time, func() error)) {
	if h.svc.Purchase == nil {
		return
	}
	if d == h.begin {
		h.setUpMaterials(d, add)
	}
	if !h.cal.IsWorkingDay(d) {
		return
	}
	add(h.at(d, 10, 0, 0), func() error { return h.receiveMaterials(d) })
	add(h.at(d, 16, 30, 0), func() error { return h.orderMaterials(d) })
	run := h.runOn[d]
	if run == nil {
		return
	}
	var id, ver uint64
	signToday := false
	sign := func() error {
		r, err := h.svc.Purchase.ChangeRequest(h.ctx, h.user("prod"), id, ver, func(by *model.User, r *model.PurchaseRequest, _ model.MaterialLookup) error {
			return r.Sign(by, h.svc.Clock.Now())
		})
		if err != nil {
			return err
		}
		h.buying = append(h.buying, &buying{r: r, next: h.cal.DateOf(h.svc.Clock.Now())})
		return nil
	}
	add(run.at, func() error {
		r, _, figures, err := h.svc.Purchase.Run(h.ctx, h.user("store"))
		if err == nil && r == nil && run.last {
			r, err = h.topUp(figures)
		}
		if err != nil || r == nil {
			return err
		}
		id, ver = r.ID, r.Version
		h.sum.Requests++
		next := h.cal.NextWorkingDay(d)
		switch {
		case run.last:
		case run.late && !h.lateSigned:
			h.lateSigned = true
			h.laterSteps(next, func(t model.Date) time.Time { return h.at(t, 12, 20, 0) }, sign)
		case run.nextDay:
			h.laterSteps(next, func(t model.Date) time.Time { return h.at(t, 9, 20, (run.i*7)%40) }, sign)
		default:
			signToday = true
		}
		return nil
	})
	add(h.at(d, 15, 40, (run.i*11)%30), func() error {
		if !signToday {
			return nil
		}
		return sign()
	})
}

// topUp: when the last run finds nothing needed (a holiday ahead, say),
// the keeper drafts by hand a pack of the material closest to needing one,
// so that the head has a request to sign today as on other days.
func (h *history) topUp(figures []model.MaterialBasis) (*model.PurchaseRequest, error) {
	if len(figures) == 0 {
		return nil, nil
	}
	b := slices.MaxFunc(figures, func(a, b model.MaterialBasis) int { return cmp.Compare(a.Net, b.Net) })
	return h.svc.Purchase.DraftRequest(h.ctx, h.user("store"), []model.PurchaseLine{{Material: b.Material, Qty: b.Pack, NeededBy: b.NeededBy}},
		"库存接近安全库存，先补一批")
}

// buying is a signed request purchasing still has to do something
// about: order its lines (next is the day it was signed), or receive what
// is due on next.
type buying struct {
	r       *model.PurchaseRequest // as last saved
	ordered bool
	next    model.Date
}

// buy applies transitions of purchasing's to b's request, in one sitting.
func (h *history) buy(b *buying, move func(by *model.User, r *model.PurchaseRequest, now time.Time) error) error {
	saved, err := h.svc.Purchase.ChangeRequest(h.ctx, h.user("buyer"), b.r.ID, b.r.Version, func(by *model.User, r *model.PurchaseRequest, _ model.MaterialLookup) error {
		return move(by, r, h.svc.Clock.Now())
	})
	if err != nil {
		return fmt.Errorf("purchase %s: %w", b.r.No, err)
	}
	b.r = saved
	return nil
}

// orderMaterials: purchasing orders the lines the head has signed from
// their suppliers, each to come in after its material's lead time.
func (h *history) orderMaterials(d model.Date) error {
	for _, b := range h.buying {
		if b.ordered || b.next.After(d) {
			continue
		}
		if h.splitID == 0 && !d.Before(h.splitFrom) && slices.ContainsFunc(b.r.Lines, isFilm) {
			h.splitID = b.r.ID
		}
		err := h.buy(b, func(by *model.User, r *model.PurchaseRequest, now time.Time) error {
			for i, l := range r.Lines {
				if err := r.Order(by, now, h.cal, i+1, h.deliveryDay(d, h.leadDays[l.Material])); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		b.ordered, b.next = true, h.nextReceipt(b.r)
	}
	return nil
}

// splitLine is the line of r that comes in two deliveries (-1: none): the
// first film of the request chosen for it when it was ordered.
func (h *history) splitLine(r *model.PurchaseRequest) int {
	if r.ID != h.splitID {
		return -1
	}
	return slices.IndexFunc(r.Lines, isFilm)
}

// isFilm reports whether l is a line of film (the only material in rolls).
func isFilm(l model.PurchaseLine) bool { return l.Unit == "卷" }

// dueOn is what of line i of r comes in on day d: all that is
// outstanding once its expected day has come, but for the split line three
// fifths then and the rest two working days later.
func (h *history) dueOn(r *model.PurchaseRequest, i int, d model.Date) int64 {
	l := &r.Lines[i]
	if l.Ordered.IsZero() || l.Expected.After(d) || l.Outstanding() == 0 {
		return 0
	}
	if i == h.splitLine(r) {
		switch {
		case l.Received == 0:
			return max(l.Qty*3/5, 1)
		case d.Before(h.cal.AddWorkingDays(l.Expected, 2)):
			return 0
		}
	}
	return l.Outstanding()
}

// nextReceipt is the next day something of r is due in (zero: nothing).
func (h *history) nextReceipt(r *model.PurchaseRequest) model.Date {
	var next model.Date
	split := h.splitLine(r)
	for i, l := range r.Lines {
		if l.Outstanding() == 0 {
			continue
		}
		due := l.Expected
		if i == split && l.Received > 0 {
			due = h.cal.AddWorkingDays(l.Expected, 2)
		}
		if next.IsZero() || due.Before(next) {
			next = due
		}
	}
	return next
}

// receiveMaterials: purchasing receives the deliveries due by today.
func (h *history) receiveMaterials(d model.Date) error {
	kept := h.buying[:0]
	for _, b := range h.buying {
		if b.ordered && !b.next.After(d) {
			err := h.buy(b, func(by *model.User, r *model.PurchaseRequest, now time.Time) error {
				for i := range r.Lines {
					if q := h.dueOn(r, i, d); q > 0 {
						if err := r.Receive(by, now, i+1, q, ""); err != nil {
							return err
						}
						h.sum.Receipts++
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			if b.next = h.nextReceipt(b.r); b.next.IsZero() {
				continue
			}
		}
		kept = append(kept, b)
	}
	h.buying = kept
	return nil
}
