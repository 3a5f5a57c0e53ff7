package kit

import (
	"slices"
	"strconv"
	"strings"

	"xietong/model"
)

// MasterNames holds customers by id and products by code, read for display.
type MasterNames struct {
	Customers map[uint64]*model.Customer
	Products  map[string]*model.Product
}

// LoadMaster reads customers and products for display. The maps are the
// session's and shared by its screens, read-only: they are made again only
// when the store hands out other records than last time (the store keeps
// the master data it decoded until a customer or product changes), so a
// screen re-read after every change does not rebuild them each time.
func LoadMaster(s *Session) MasterNames {
	m := LoadCustomers(s)
	ps, err := s.Svc.Master.Products(s.Ctx)
	if err != nil {
		return MasterNames{Customers: m.Customers, Products: map[string]*model.Product{}}
	}
	if s.master.Products == nil || !slices.Equal(ps, s.master.products) {
		s.master.products = ps
		s.master.gen++
		s.master.Products = make(map[string]*model.Product, len(ps))
		for _, p := range ps {
			s.master.Products[p.Code] = p
		}
	}
	return MasterNames{Customers: m.Customers, Products: s.master.Products}
}

// LoadCustomers reads customers only for display; no product is known.
func LoadCustomers(s *Session) MasterNames {
	cs, err := s.Svc.Master.Customers(s.Ctx)
	if err != nil {
		return MasterNames{Customers: map[uint64]*model.Customer{}, Products: map[string]*model.Product{}}
	}
	if s.master.Customers == nil || !slices.Equal(cs, s.master.customers) {
		s.master.customers = cs
		s.master.gen++
		s.master.Customers = make(map[uint64]*model.Customer, len(cs))
		for _, c := range cs {
			s.master.Customers[c.ID] = c
		}
	}
	return MasterNames{Customers: s.master.Customers, Products: map[string]*model.Product{}}
}

// masterMemo is the session's maps of the master data and the records
// they were made of.
type masterMemo struct {
	MasterNames
	customers []*model.Customer
	products  []*model.Product
	gen       int // counts the times the maps were made
}

// MasterGen changes whenever LoadMaster or LoadCustomers made the
// session's maps anew: what a screen drew from the names is good while it
// stays the same.
func (s *Session) MasterGen() int { return s.master.gen }

// CustomerName is the customer's name, or "#id" when it is not known.
func (m MasterNames) CustomerName(id uint64) string {
	if c, ok := m.Customers[id]; ok {
		return c.Name
	}
	return "#" + strconv.FormatUint(id, 10)
}

// Product is the product with the code, nil when it is not known.
func (m MasterNames) Product(code string) *model.Product { return m.Products[code] }

// LineProduct names a line's product and, when the product comes in more
// than one variant, the variant: "18g 香辣鱼豆腐 无一元标示".
func (m MasterNames) LineProduct(code, variant string) string {
	p, ok := m.Products[code]
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

// ListProduct is a line's product in a list's narrow column: its code
// first, which tells apart what the names begin alike (the three
// 果然有鱼 flavours), then its name and variant as far as they fit.
func (m MasterNames) ListProduct(code, variant string) string {
	return code + " " + m.LineProduct(code, variant)
}

// AddMonths is the month n months after m (before, for n < 0).
func AddMonths(s *Session, m model.Month, n int) model.Month {
	return model.MonthOf(model.DateOf(m.First().In(s.Svc.Clock.Loc).AddDate(0, n, 0)))
}

// AccountItems lists the active accounts for a lookup (filling in the
// login), by login.
func AccountItems(s *Session) func() []PickItem {
	return func() []PickItem {
		users, err := s.Svc.Users.Users(s.Ctx)
		if err != nil {
			return nil
		}
		slices.SortFunc(users, func(a, b *model.User) int { return strings.Compare(a.Login, b.Login) })
		out := make([]PickItem, 0, len(users))
		for _, u := range users {
			if !u.Disabled {
				out = append(out, NewPickItem(u.Login, u.Login, u.Name, s.T("dept."+string(u.Dept))))
			}
		}
		return out
	}
}

// CustomerItems lists the customers for a lookup (filling in the code).
func CustomerItems(s *Session) func() []PickItem {
	return func() []PickItem {
		cs, err := s.Svc.Master.Customers(s.Ctx)
		if err != nil {
			return nil
		}
		slices.SortFunc(cs, func(a, b *model.Customer) int { return strings.Compare(a.Code, b.Code) })
		out := make([]PickItem, 0, len(cs))
		for _, c := range cs {
			out = append(out, NewPickItem(c.Code, c.Code, c.Name, ""))
		}
		return out
	}
}

// VariantItems are product p's variants for a lookup: each found by its
// name and filling in its name, as the forms and grids show variants.
func VariantItems(p *model.Product) []PickItem {
	out := make([]PickItem, 0, len(p.Variants))
	for _, v := range p.Variants {
		out = append(out, NewPickItem(v.Name, v.Code, v.Name, ""))
	}
	return out
}

// ProductItems lists the products for a lookup (filling in the code).
func ProductItems(s *Session) func() []PickItem {
	return func() []PickItem {
		ps, err := s.Svc.Master.Products(s.Ctx)
		if err != nil {
			return nil
		}
		slices.SortFunc(ps, func(a, b *model.Product) int { return strings.Compare(a.Code, b.Code) })
		out := make([]PickItem, 0, len(ps))
		for _, p := range ps {
			out = append(out, NewPickItem(p.Code, p.Code, p.Name, p.Spec))
		}
		return out
	}
}
