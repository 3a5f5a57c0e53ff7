package tui

import (
	"strconv"

	"xietong/model"
)

// masterNames holds customers by id and products by code, read for display.
type masterNames struct {
	customers map[uint64]*model.Customer
	products  map[string]*model.Product
}

// loadMaster reads customers and products for display.
func loadMaster(s *Session) masterNames {
	m := loadCustomers(s)
	if ps, err := s.Svc.Master.Products(s.Ctx); err == nil {
		for _, p := range ps {
			m.products[p.Code] = p
		}
	}
	return m
}

// loadCustomers reads customers only for display; no product is known.
func loadCustomers(s *Session) masterNames {
	m := masterNames{customers: map[uint64]*model.Customer{}, products: map[string]*model.Product{}}
	if cs, err := s.Svc.Master.Customers(s.Ctx); err == nil {
		for _, c := range cs {
			m.customers[c.ID] = c
		}
	}
	return m
}

// customerName is the customer's name, or "#id" when it is not known.
func (m masterNames) customerName(id uint64) string {
	if c, ok := m.customers[id]; ok {
		return c.Name
	}
	return "#" + strconv.FormatUint(id, 10)
}

// product is the product with the code, nil when it is not known.
func (m masterNames) product(code string) *model.Product { return m.products[code] }

// lineProduct names a line's product and, when the product comes in more
// than one variant, the variant: "18g 香辣鱼豆腐 无一元标示".
func (m masterNames) lineProduct(code, variant string) string {
	p, ok := m.products[code]
	if !ok {
		return code
	}
	name := p.Name
	if name == "" {
		name = code
	}
	if len(p.Variants) > 1 {
		name += " " + p.VariantName(p.VariantOr(variant))
	}
	return name
}

// listProduct is a line's product in a list's narrow column: its code
// first, which tells apart what the names begin alike (the three
// 果然有鱼 flavours), then its name and variant as far as they fit.
func (m masterNames) listProduct(code, variant string) string {
	return code + " " + m.lineProduct(code, variant)
}

// addMonths is the month n months after m (before, for n < 0).
func addMonths(s *Session, m model.Month, n int) model.Month {
	return model.MonthOf(model.DateOf(m.First().In(s.Svc.Clock.Loc).AddDate(0, n, 0)))
}
