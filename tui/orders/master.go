package orders

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

type masterTab int

const (
	tabStock masterTab = iota
	tabProducts
	tabCustomers
)

// master is the 基础资料 section: finished-goods stock (with audited
// adjustments), products and customers.
type master struct {
	s       *kit.Session
	tab     masterTab
	lists   [3]*kit.List
	form    *kit.Form
	formFor string // "adjust" or "customer"
	target  *model.Stock
	product *model.Product // being edited; nil for a new product
	keys    struct{ Tab, Adjust, NewCustomer, NewProduct, EditProduct, Moves key.Binding }
	// The ledger of one product variant's stock, opened with enter.
	moves    *kit.List
	movesOf  *model.Stock
	movesAt  time.Time
	products map[string]*model.Product
}

func newMaster(s *kit.Session) *master {
	m := &master{s: s}
	return m
}

func (m *master) Title() string { return m.s.T("sec.master") }

func (m *master) Reload() {
	t := m.s.T
	m.keys.Tab = key.NewBinding(key.WithKeys("right", "left"), key.WithHelp("←/→", t("ui.master.key_tab")))
	m.keys.Adjust = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", t("ui.master.key_adjust")))
	m.keys.NewCustomer = key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t("ui.master.key_new_customer")))
	m.keys.NewProduct = key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t("ui.master.key_new_product")))
	m.keys.EditProduct = key.NewBinding(key.WithKeys("e"), key.WithHelp("e", t("ui.master.key_edit_product")))
	m.keys.Moves = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("ui.master.key_moves")))
	if m.lists[0] == nil || m.lists[0].Lang != m.s.Lang {
		m.lists[tabStock] = kit.NewList(m.s.Lang, []kit.Column{
			{Title: t("field.product"), Width: 12}, {Title: t("ui.order.col_product")}, {Title: t("field.variant"), Width: 16},
			{Title: t("ui.master.col_stock"), Width: 9, Right: true}, {Title: t("ui.master.col_updated"), Width: 16},
		})
		m.lists[tabProducts] = kit.NewList(m.s.Lang, []kit.Column{
			{Title: t("field.code"), Width: 12}, {Title: t("ui.master.col_name")}, {Title: t("field.unit"), Width: 4},
			{Title: t("field.economic_batch"), Width: 8, Right: true}, {Title: t("field.daily_capacity"), Width: 8, Right: true},
			{Title: t("field.lead_time"), Width: 8, Right: true},
		})
		m.lists[tabCustomers] = kit.NewList(m.s.Lang, []kit.Column{
			{Title: t("field.code"), Width: 12}, {Title: t("ui.master.col_name")}, {Title: t("field.region"), Width: 10}, {Title: t("field.grade"), Width: 8},
		})
	}
	ctx := m.s.Ctx
	products := map[string]*model.Product{}
	if ps, err := m.s.Svc.Master.Products(ctx); err == nil {
		rows := make([]kit.Row, len(ps))
		for i, p := range ps {
			products[p.Code] = p
			rows[i] = kit.Row{ID: p.Code, Cells: []string{p.Code, p.Name + " " + p.Spec, p.Unit, kit.FmtInt(p.EconomicBatch), kit.FmtInt(p.DailyCapacity), kit.FmtInt(int64(p.LeadTimeDays))}}
		}
		m.lists[tabProducts].SetRows(rows)
	} else {
		m.s.Fail(err)
	}
	if ss, err := m.s.Svc.Master.Stocks(ctx); err == nil {
		rows := make([]kit.Row, len(ss))
		for i, st := range ss {
			name, variant := st.ProductCode, st.Variant
			if p := products[st.ProductCode]; p != nil {
				name = p.Name + " " + p.Spec
				variant = p.VariantName(st.Variant)
			}
			rows[i] = kit.Row{ID: st.ProductCode + "\x00" + st.Variant, Cells: []string{st.ProductCode, name, variant, kit.FmtInt(st.Qty), m.s.Time(st.UpdatedAt)}}
		}
		m.lists[tabStock].SetRows(rows)
	}
	m.products = products
	m.movesAt = m.s.Svc.Clock.Now()
	if m.movesOf != nil {
		m.openMoves(m.movesOf.ProductCode, m.movesOf.Variant)
	}
	if cs, err := m.s.Svc.Master.Customers(ctx); err == nil {
		rows := make([]kit.Row, len(cs))
		for i, c := range cs {
			rows[i] = kit.Row{ID: c.Code, Cells: []string{c.Code, c.Name, c.Region, string(c.Grade)}}
		}
		m.lists[tabCustomers].SetRows(rows)
	}
}

// variantName is the name of product code's variant, as people know it.
func (m *master) variantName(code, variant string) string {
	if p := m.products[code]; p != nil {
		return p.VariantName(variant)
	}
	return variant
}

// openMoves shows the latest movements of a product variant's stock.
func (m *master) openMoves(code, variant string) {
	st, err := m.s.Svc.Master.Stock(m.s.Ctx, code, variant)
	if err != nil {
		m.s.Fail(err)
		return
	}
	moves, err := m.s.Svc.Master.StockMoves(m.s.Ctx, code, variant, 200)
	if err != nil {
		m.s.Fail(err)
		return
	}
	t := m.s.T
	if m.moves == nil || m.moves.Lang != m.s.Lang {
		m.moves = kit.NewList(m.s.Lang, []kit.Column{
			{Title: t("ui.master.col_time"), Width: 16}, {Title: t("ui.master.col_cause"), Width: 8},
			{Title: t("ui.master.col_qty"), Width: 8, Right: true}, {Title: t("ui.master.col_balance"), Width: 8, Right: true},
			{Title: t("ui.master.col_ref")}, {Title: t("ui.master.col_who"), Width: 8, Optional: true},
		})
	}
	rows := make([]kit.Row, len(moves))
	for i, mv := range moves {
		qty := kit.FmtInt(mv.Qty)
		if mv.Qty > 0 {
			qty = "+" + qty
		}
		ref := mv.Ref
		if mv.Reason != "" {
			ref = strings.TrimSpace(ref + " " + mv.Reason)
		}
		rows[i] = kit.Row{ID: strconv.Itoa(i), Cells: []string{m.s.Time(mv.At), mv.Cause.Text().In(m.s.Lang), qty, kit.FmtInt(mv.Balance), ref, m.s.Who(mv.By)}}
	}
	m.moves.SetRows(rows)
	m.movesOf, m.movesAt = st, m.s.Svc.Clock.Now()
}

func (m *master) Capturing() bool { return m.form != nil || m.lists[m.tab].Filtering() }
func (m *master) Dirty() bool     { return m.form != nil && m.form.Dirty() }

func (m *master) Update(msg tea.Msg) tea.Cmd {
	if m.form != nil {
		return m.updateForm(msg)
	}
	if sm, ok := msg.(kit.ShowMsg); ok {
		m.movesOf = nil
		if sm.Customer != "" {
			m.tab = tabCustomers
			m.lists[m.tab].Select(sm.Customer)
		} else {
			m.tab = tabProducts
			m.lists[m.tab].Select(sm.Product)
		}
		return nil
	}
	if m.movesOf != nil {
		if km, ok := msg.(tea.KeyPressMsg); ok && km.String() == "esc" {
			m.movesOf = nil
			return nil
		}
		_, cmd := m.moves.Update(msg)
		return cmd
	}
	l := m.lists[m.tab]
	if km, ok := msg.(tea.KeyPressMsg); ok && !l.Filtering() {
		switch {
		case key.Matches(km, m.keys.Moves) && m.tab == tabStock:
			if code, variant, ok := strings.Cut(l.SelectedID(), "\x00"); ok {
				m.openMoves(code, variant)
			}
			return nil
		case key.Matches(km, m.keys.Tab):
			d := 1
			if km.String() == "left" {
				d = 2
			}
			m.tab = (m.tab + masterTab(d)) % 3
			return nil
		case key.Matches(km, m.keys.Adjust) && m.tab == tabStock:
			return m.openAdjust()
		case key.Matches(km, m.keys.NewCustomer) && m.tab == tabCustomers:
			return m.openCustomer()
		case key.Matches(km, m.keys.NewProduct) && m.tab == tabProducts:
			return m.openProduct(nil)
		case key.Matches(km, m.keys.EditProduct) && m.tab == tabProducts:
			p, err := m.s.Svc.Master.Product(m.s.Ctx, m.lists[tabProducts].SelectedID())
			if err != nil {
				m.s.Fail(err)
				return nil
			}
			return m.openProduct(p)
		}
	}
	_, cmd := l.Update(msg)
	return cmd
}

func (m *master) openAdjust() tea.Cmd {
	if !model.Can(m.s.User, model.ActStockAdjust) {
		m.s.Fail(model.Forbidden(model.ActStockAdjust))
		return nil
	}
	id := m.lists[tabStock].SelectedID()
	code, variant, ok := strings.Cut(id, "\x00")
	if !ok {
		return nil
	}
	st, err := m.s.Svc.Master.Stock(m.s.Ctx, code, variant)
	if err != nil {
		m.s.Fail(err)
		return nil
	}
	m.target = st
	m.form = kit.NewForm(m.s.Lang, m.s.T("ui.master.adjust_title", code, m.variantName(code, variant), st.Qty),
		kit.TextField("delta", m.s.T("ui.master.delta"), 20),
		kit.AreaField("reason", m.s.T("field.reason"), model.MaxLineText+100))
	m.formFor = "adjust"
	return m.form.Focus()
}

func (m *master) openCustomer() tea.Cmd {
	if !model.Can(m.s.User, model.ActCustomerEdit) {
		m.s.Fail(model.Forbidden(model.ActCustomerEdit))
		return nil
	}
	grades := []kit.Option{{Value: "A", Label: "A"}, {Value: "B", Label: "B"}, {Value: "C", Label: "C"}}
	m.form = kit.NewForm(m.s.Lang, m.s.T("ui.master.new_customer"),
		kit.TextField("code", m.s.T("field.code"), 40),
		kit.TextField("name", m.s.T("ui.master.col_name"), 120),
		kit.TextField("region", m.s.T("field.region"), 60),
		kit.ChoiceField("grade", m.s.T("field.grade"), m.s.T("ui.master.grade_hint"), grades))
	m.formFor = "customer"
	return m.form.Focus()
}

// openProduct opens the product form, empty or filled from p.
func (m *master) openProduct(p *model.Product) tea.Cmd {
	if !model.Can(m.s.User, model.ActProductEdit) {
		m.s.Fail(model.Forbidden(model.ActProductEdit))
		return nil
	}
	t := m.s.T
	title := t("ui.master.new_product")
	if p != nil {
		title = t("ui.master.edit_product", p.Code)
	}
	m.form = kit.NewForm(m.s.Lang, title,
		kit.TextField("code", t("field.code"), 40),
		kit.TextField("name", t("ui.master.col_name"), 120),
		kit.TextField("spec", t("field.spec"), 120),
		kit.TextField("unit", t("field.unit"), 20),
		kit.TextField("family", t("field.family"), model.MaxFamilyLen),
		kit.TextField("variants", t("ui.master.variants"), 200),
		kit.TextField("default_variant", t("field.default_variant"), 40),
		kit.TextField("economic_batch", t("field.economic_batch"), 12),
		kit.TextField("daily_capacity", t("field.daily_capacity"), 12),
		kit.TextField("lead_time", t("field.lead_time"), 4))
	if p != nil {
		m.form.SetText("code", p.Code)
		m.form.SetText("name", p.Name)
		m.form.SetText("spec", p.Spec)
		m.form.SetText("unit", p.Unit)
		m.form.SetText("variants", model.VariantsText(p.Variants))
		m.form.SetText("family", p.Family)
		m.form.SetText("default_variant", p.VariantName(p.DefaultVariant))
		m.form.SetText("economic_batch", kit.FmtInt(p.EconomicBatch))
		m.form.SetText("daily_capacity", kit.FmtInt(p.DailyCapacity))
		m.form.SetText("lead_time", kit.FmtInt(int64(p.LeadTimeDays)))
		m.form.Snapshot()
	} else {
		m.form.SetText("unit", "件")
		m.form.Snapshot()
	}
	m.product, m.formFor = p, "product"
	return m.form.Focus()
}

// readProduct parses the product form, every problem next to its field.
func (m *master) readProduct() (*model.Product, error) {
	f := m.form
	v := model.Invalid{}
	p := &model.Product{Code: strings.TrimSpace(f.Text("code")), Name: strings.TrimSpace(f.Text("name")),
		Spec: strings.TrimSpace(f.Text("spec")), Unit: strings.TrimSpace(f.Text("unit")),
		Family: strings.TrimSpace(f.Text("family")), Variants: model.ParseVariants(f.Text("variants"))}
	p.DefaultVariant = model.DefaultVariantOf(p.Variants, f.Text("default_variant"))
	var err error
	p.EconomicBatch, err = model.ParseQty(f.Text("economic_batch"))
	v.AddErr("economic_batch", err)
	p.DailyCapacity, err = model.ParseQty(f.Text("daily_capacity"))
	v.AddErr("daily_capacity", err)
	lead, err := model.ParseWhole(f.Text("lead_time"), 0, 365)
	v.AddErr("lead_time", err)
	p.LeadTimeDays = int(lead)
	if m.product != nil {
		// A product keeps its code; a new code is a new product.
		p.ID, p.Meta, p.Code = m.product.ID, m.product.Meta, m.product.Code
	}
	if err := p.Validate(); err != nil {
		for k, t := range model.FieldErrors(err) {
			v.Add(k, t.Key, t.Args...)
		}
	}
	return p, v.Err()
}

func (m *master) updateForm(msg tea.Msg) tea.Cmd {
	res, cmd := m.form.Update(msg)
	switch res {
	case kit.FormCancel:
		m.form = nil
	case kit.FormSubmit:
		if m.save() {
			m.form = nil
			m.Reload()
		}
	}
	return cmd
}

func (m *master) save() bool {
	var err error
	switch m.formFor {
	case "adjust":
		delta, perr := model.ParseDelta(m.form.Text("delta"))
		if perr != nil {
			err = model.FieldError("delta", perr)
			break
		}
		var st *model.Stock
		st, err = m.s.Svc.Master.AdjustStock(m.s.Ctx, m.s.User, model.StockAdjustment{
			ProductCode: m.target.ProductCode, Variant: m.target.Variant, Delta: delta, Reason: m.form.Text("reason")})
		if err == nil {
			m.s.Info(m.s.T("ui.master.adjusted", st.ProductCode, m.variantName(st.ProductCode, st.Variant), st.Qty))
		}
	case "product":
		var p *model.Product
		if p, err = m.readProduct(); err != nil {
			break
		}
		var saved *model.Product
		if saved, err = m.s.Svc.Master.SaveProduct(m.s.Ctx, m.s.User, p); err == nil {
			m.s.Info(m.s.T("ui.master.product_saved", saved.Code, saved.Name))
		}
	case "customer":
		grade := ""
		if g := m.form.Chosen("grade"); len(g) == 1 {
			grade = g[0]
		}
		c := &model.Customer{Code: strings.TrimSpace(m.form.Text("code")), Name: strings.TrimSpace(m.form.Text("name")),
			Region: strings.TrimSpace(m.form.Text("region")), Grade: model.Grade(grade)}
		if verr := c.Validate(); verr != nil {
			err = verr
			break
		}
		var saved *model.Customer
		saved, err = m.s.Svc.Master.SaveCustomer(m.s.Ctx, m.s.User, c)
		if err == nil {
			m.s.Info(m.s.T("ui.master.customer_saved", saved.Code, saved.Name))
		}
	}
	if err != nil {
		if fe := m.s.FieldErrs(err); fe != nil {
			m.form.SetErrors(fe)
		}
		m.s.Fail(err)
		return false
	}
	return true
}

func (m *master) View(width, height int) string {
	if m.form != nil {
		return m.form.View(m.s.St, width, height)
	}
	st, t := m.s.St, m.s.T
	if s := m.movesOf; s != nil {
		name, variant := s.ProductCode, s.Variant
		if p := m.products[s.ProductCode]; p != nil {
			name, variant = p.Name+" "+p.Spec, p.VariantName(s.Variant)
		}
		head := st.Title.Render(kit.Fit(kit.Line(t("ui.master.moves_title", name, variant, kit.FmtInt(s.Qty), m.s.Time(m.movesAt))), width, false))
		return head + "\n" + st.Dim.Render(t("ui.master.moves_hint")) + "\n" + m.moves.View(st, width, height-2, t("ui.master.moves_none"))
	}
	tabs := kit.SubTabs(st, []string{t("ui.master.tab_stock"), t("ui.master.tab_products"), t("ui.master.tab_customers")}, int(m.tab))
	if m.tab == tabStock {
		tabs += "  " + st.Dim.Render(t("ui.master.stock_as_of", m.s.Time(m.movesAt)))
	}
	return tabs + "\n" + m.lists[m.tab].View(st, width, height-1, t("ui.master.empty"))
}

func (m *master) HelpKeys() []key.Binding {
	if m.form != nil {
		return m.form.HelpKeys()
	}
	if m.movesOf != nil {
		return append(m.moves.MoveKeys(), key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", m.s.T("key.back"))))
	}
	if m.lists[m.tab].Filtering() {
		return m.lists[m.tab].HelpKeys()
	}
	ks := append(m.lists[m.tab].MoveKeys(), m.keys.Tab)
	switch m.tab {
	case tabStock:
		ks = append(ks, m.keys.Moves, m.keys.Adjust)
	case tabCustomers:
		ks = append(ks, m.keys.NewCustomer)
	case tabProducts:
		ks = append(ks, m.keys.NewProduct, m.keys.EditProduct)
	}
	return append(ks, m.lists[m.tab].Keys.Filter)
}
