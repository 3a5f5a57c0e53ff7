package planning

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// The shortfall row's basis: enter on a row of the shortfall table opens
// how each of its figures was made (model.ShortfallBasis), scrolling at any
// screen size; esc goes back to the table.

// openBasis reads the basis of the shortfall row under the cursor.
func (p *planning) openBasis() {
	if p.grid == nil || p.grid.Rows() == 0 || p.sf == nil {
		return
	}
	row, _ := p.grid.Cursor()
	product, variant := model.SplitVariantKey(p.grid.Key(row))
	b, err := p.s.Svc.Planning.ShortfallBasis(p.s.Ctx, p.sf.Date, product, variant)
	if err != nil {
		p.s.Fail(err)
		return
	}
	if p.basisView == nil {
		p.basisView = &kit.Pager{Lang: p.s.Lang, Build: p.basisLines}
	}
	p.basis = b
}

// reloadBasis re-reads the shown basis after a change to what it is made of.
func (p *planning) reloadBasis() {
	if p.basis == nil {
		return
	}
	b, err := p.s.Svc.Planning.ShortfallBasis(p.s.Ctx, p.basis.Date, p.basis.Row.Product, p.basis.Row.Variant)
	if err != nil {
		p.s.Fail(err)
		return
	}
	p.basis = b
}

// updateBasis handles keys while the basis is shown.
func (p *planning) updateBasis(km tea.KeyPressMsg) {
	if km.String() == "esc" || km.String() == "enter" {
		p.basis = nil
		return
	}
	p.basisView.Update(km)
}

// basisLines builds the basis for width: the row's formula stays at the top,
// the records behind each term scroll below it.
func (p *planning) basisLines(width int) (head, body []string) {
	st, t, b := p.s.St, p.s.T, p.basis
	name := model.KeyNamer(p.products)(model.VariantKey(b.Row.Product, b.Row.Variant))
	line := func(s string) string { return kit.Fit(kit.Line(s), width, false) }
	head = append(head, st.Title.Render(line(t("ui.plan.basis_title", b.Row.Product, name))))
	if b.Saved.IsZero() {
		head = append(head, st.Dim.Render(line(t("ui.plan.basis_draft", b.Date.String(), b.Through.String(), p.s.Time(b.At)))))
	} else {
		head = append(head, st.Dim.Render(line(t("ui.plan.basis_saved", b.Date.String(), b.Through.String(), p.s.Time(b.Saved)))))
	}
	r := b.Row
	head = append(head, st.Bold.Render(line(t("ui.plan.basis_formula", r.OrderDemand, r.PlanRemainder, r.Stock, r.Planned, r.Computed))))
	fig := t("ui.plan.basis_figure", r.Figure, r.Surplus)
	if r.Reason != "" {
		fig += t("ui.plan.basis_reason", r.Reason)
	}
	head = append(head, line(fig))

	section := func(s string) { body = append(body, st.Label.Render(line(s))) }
	item := func(s string) { body = append(body, "  "+kit.Fit(kit.Line(s), width-2, false)) }
	dim := func(s string) { body = append(body, "  "+st.Dim.Render(kit.Fit(kit.Line(s), width-2, false))) }

	section(t("ui.plan.basis_orders", r.OrderDemand, b.Through.String(), len(b.Lines)))
	for _, l := range b.Lines {
		kind := t("ui.plan.basis_requested")
		if l.Promised {
			kind = t("ui.plan.basis_promised")
		}
		item(fmt.Sprintf("%s %s  %s/%d  %s  %s  %s", l.Date.String(), kind, l.OrderNo, l.LineNo, l.Customer,
			l.Status.Text().In(p.s.Lang), kit.FmtInt(l.Qty)))
	}
	if len(b.Lines) == 0 {
		dim(t("ui.plan.basis_none"))
	}

	section(t("ui.plan.basis_tenday", r.PlanRemainder, b.Period.Name(p.s.Lang)))
	switch {
	case !b.HasPlan:
		dim(t("ui.plan.basis_no_tenday"))
	case b.DaysLeft == 0:
		dim(t("ui.plan.basis_tenday_over"))
	default:
		item(t("ui.plan.basis_rest", b.PlanQty, b.Shipped, b.Rest))
		item(t("ui.plan.basis_prorate", b.Days, b.DaysLeft, b.Rest, b.Days, b.DaysLeft, b.Now.PlanRemainder))
	}

	asOf := b.Saved
	if asOf.IsZero() {
		asOf = b.At
	}
	section(t("ui.plan.basis_stock", b.StockSaved, p.s.Time(asOf)))
	if !b.Saved.IsZero() && b.Now.Stock != b.StockSaved {
		item(t("ui.plan.basis_stock_now", b.Now.Stock, p.s.Time(b.At)))
	}
	dim(t("ui.plan.basis_stock_hint"))

	section(t("ui.plan.basis_planned", r.Planned, b.Date.String(), b.Through.String()))
	for _, d := range b.Planned {
		item(fmt.Sprintf("%s  %s", d.Date.String(), kit.FmtInt(d.Qty)))
	}
	if len(b.Planned) == 0 {
		dim(t("ui.plan.basis_none"))
	}

	if n := b.Now; !b.Saved.IsZero() && (n.OrderDemand != r.OrderDemand || n.PlanRemainder != r.PlanRemainder || n.Stock != r.Stock || n.Planned != r.Planned) {
		body = append(body, "")
		body = append(body, st.Warn.Render(line(t("ui.plan.basis_changed", n.OrderDemand, n.PlanRemainder, n.Stock, n.Planned, n.Computed))))
	}
	return head, body
}

// basisKey is the help for opening a row's basis.
func (p *planning) basisKey() key.Binding {
	return key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", p.s.T("ui.plan.key_basis")))
}
