package planning

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// The cost sheet (制造成本表) behind the cost target achievement: the KPI
// board's details of that indicator list the month's products by name
// with their target and actual unit costs, each one's achievement and the
// sum. Whoever keeps the sheets (model.CanEditCosts: production's lead or
// head, the office) edits the month there on a grid (e): a product typed
// by code or name, costs in yuan with at most two decimals, the actual
// left empty while it is not known; F4 looks the product up by code, name
// or pinyin initials. A bad cell is refused where it was typed (or
// picked), and again on ctrl+s with the store's word for it.

// Columns of the cost grid.
const (
	ccProduct = iota // as typed: code or name
	ccName           // the product's name, read
	ccTarget         // yuan
	ccActual         // yuan; empty: not known yet
	ccRatio          // the row's achievement, read
)

// productName is the name people know product code by (the code while the
// product is not known).
func (k *kpiBoard) productName(code string) string {
	for _, p := range k.products {
		if p.Code == code && p.Name != "" {
			return p.Name
		}
	}
	return code
}

// ratioText is a row's achievement, "—" when it does not count yet.
func ratioText(r model.CostRow) string {
	if v, ok := r.Achievement(); ok {
		return fmt.Sprintf("%.1f%%", v*100)
	}
	return "—"
}

// costDrill is the cost indicator's details: the month's rows, the sum and
// how to read it.
func (k *kpiBoard) costDrill(v model.KPIValue, width int) string {
	st, t := k.s.St, k.s.T
	var b strings.Builder
	if k.sheet == nil || len(k.sheet.Rows) == 0 {
		b.WriteString(st.Dim.Render(t("ui.cost.none", k.month.String())) + "\n")
	} else {
		rows := make([][]string, len(k.sheet.Rows))
		for i, r := range k.sheet.Rows {
			actual := "—"
			if r.Actual > 0 {
				actual = model.FormatYuan(r.Actual)
			}
			rows[i] = []string{kit.Line(k.productName(r.Product)), model.FormatYuan(r.Target), actual, ratioText(r)}
		}
		cols := []kit.Column{{Title: t("field.product")}, {Title: t("ui.cost.col_target"), Width: 16, Right: true},
			{Title: t("ui.cost.col_actual"), Width: 16, Right: true}, {Title: t("ui.cost.col_ratio"), Width: 8, Right: true}}
		b.WriteString(kit.RenderTable(st, cols, rows, -1, width, nil) + "\n")
		if v.OK {
			b.WriteString(t("ui.cost.sum", model.FormatYuan(v.Num), model.FormatYuan(v.Den), k.pct(v)) + "\n")
		} else {
			b.WriteString(st.Dim.Render(t("ui.cost.no_actual")) + "\n")
		}
	}
	notes := []string{t("ui.cost.above")}
	if k.running() {
		notes = append(notes, t("ui.cost.so_far"))
	}
	for _, n := range notes {
		for _, l := range kit.Wrap(n, width) {
			b.WriteString(st.Dim.Render(l) + "\n")
		}
	}
	if model.CanEditCosts(k.s.User) {
		b.WriteString(st.Dim.Render(t("ui.cost.edit_hint")) + "\n")
	}
	return b.String()
}

// openCosts opens the month's cost sheet on a grid, read again for the
// version the save starts from.
func (k *kpiBoard) openCosts() {
	if !model.CanEditCosts(k.s.User) {
		k.s.Fail(model.Forbidden(model.ActCostEdit))
		return
	}
	sheet, err := k.s.Svc.Meetings.CostSheet(k.s.Ctx, k.month)
	if err != nil {
		k.s.Fail(err)
		return
	}
	products, err := k.s.Svc.Master.Products(k.s.Ctx)
	if err != nil {
		k.s.Fail(err)
		return
	}
	k.sheet, k.products = sheet, products
	keys := make([]string, 0, len(sheet.Rows)+1)
	rows := make([][]string, 0, len(sheet.Rows)+1)
	for _, r := range sheet.Rows {
		actual := ""
		if r.Actual > 0 {
			actual = model.FormatYuan(r.Actual)
		}
		keys = append(keys, r.Product)
		rows = append(rows, []string{r.Product, k.productName(r.Product), model.FormatYuan(r.Target), actual, ratioText(r)})
	}
	if len(rows) == 0 {
		keys, rows = append(keys, "new"), append(rows, []string{"", "", "", "", ""})
	}
	t := k.s.T
	k.grid = kit.NewGrid(k.s.Lang, []kit.GridCol{
		kit.GridCol{Title: t("ui.cost.col_code"), Width: 14, Kind: kit.ColText, Limit: model.MaxProductName}.
			WithLookup(t("ui.pick.product"), kit.AnyRow(k.productItems)),
		{Title: t("field.product"), Kind: kit.ColRead},
		{Title: t("ui.cost.col_target"), Width: 16, Kind: kit.ColText, Right: true, Limit: 20},
		{Title: t("ui.cost.col_actual"), Width: 16, Kind: kit.ColText, Right: true, Limit: 20},
		{Title: t("ui.cost.col_ratio"), Width: 8, Kind: kit.ColRead, Right: true},
	}, keys, rows)
	k.costing, k.asking = true, false
}

// productItems lists the products the sheet may name for the product
// column's lookup, by code (filling in the code).
func (k *kpiBoard) productItems() []kit.PickItem {
	ps := slices.Clone(k.products)
	slices.SortFunc(ps, func(a, b *model.Product) int { return strings.Compare(a.Code, b.Code) })
	out := make([]kit.PickItem, 0, len(ps))
	for _, p := range ps {
		out = append(out, kit.NewPickItem(p.Code, p.Code, p.Name, p.Spec))
	}
	return out
}

// closeCosts leaves the grid for the board, read again if changes arrived
// meanwhile.
func (k *kpiBoard) closeCosts() {
	k.grid, k.costing, k.asking = nil, false, false
	k.ensure()
}

// costKey handles a key on the cost grid: ctrl+s saves, ctrl+n adds a row,
// ctrl+d deletes one, esc leaves, asking first when there are edits.
func (k *kpiBoard) costKey(km tea.KeyPressMsg) {
	g := k.grid
	if !g.Editing() {
		switch s := km.String(); {
		case k.asking:
			switch s {
			case "y", "Y":
				k.closeCosts()
				k.s.Info(k.s.T("app.cancelled"))
			case "n", "N", "esc":
				k.asking = false
				k.s.Info("")
			}
			return
		case s == "ctrl+s":
			k.saveCosts()
			return
		case s == "ctrl+n":
			g.AddRow("new", []string{"", "", "", "", ""})
			g.Col = ccProduct
			return
		case s == "ctrl+d":
			if g.Rows() > 1 {
				g.DeleteRow()
			}
			return
		case s == "esc":
			if !g.Dirty() {
				k.closeCosts()
				return
			}
			k.asking = true
			k.s.Alert(k.s.T("app.discard"))
			return
		}
	}
	was := g.Editing()
	row, col := g.Cursor()
	g.Update(km)
	k.fillCostRows()
	if was && !g.Editing() && km.String() != "esc" && km.String() != "ctrl+z" {
		if msg := k.cellError(row, col); msg != "" {
			g.SetError(row, col, msg)
		}
	}
}

// fillCostRows shows each row's product name and achievement as typed so
// far.
func (k *kpiBoard) fillCostRows() {
	g := k.grid
	for i := 0; i < g.Rows(); i++ {
		name := ""
		if p := model.FindProduct(k.products, g.Cell(i, ccProduct)); p != nil {
			name = p.Name
		}
		g.SetRead(i, ccName, kit.Line(name))
		ratio := ""
		target, terr := model.ParseYuan(g.Cell(i, ccTarget))
		actual, aerr := model.ParseYuan(g.Cell(i, ccActual))
		if r := (model.CostRow{Target: target, Actual: actual}); terr == nil && aerr == nil && r.Counts() {
			ratio = ratioText(r)
		}
		g.SetRead(i, ccRatio, ratio)
	}
}

// cellError is why the cell at row, col cannot stand, "" when it can (an
// empty cell is judged on saving).
func (k *kpiBoard) cellError(row, col int) string {
	text := strings.TrimSpace(k.grid.Cell(row, col))
	if text == "" {
		return ""
	}
	switch col {
	case ccProduct:
		if model.FindProduct(k.products, text) == nil {
			return k.s.T("val.cost_product", text)
		}
	case ccTarget, ccActual:
		fen, err := model.ParseYuan(text)
		if err != nil {
			return model.ErrorMessage(err, k.s.Lang)
		}
		if col == ccTarget && fen == 0 {
			return k.s.T("val.cost_target_zero")
		}
	}
	return ""
}

// saveCosts saves the grid as the month's sheet: blank rows are skipped, a
// refused cell is marked where it is.
func (k *kpiBoard) saveCosts() {
	g := k.grid
	var rows []model.CostRow
	var rowOf []int // sheet row i was grid row rowOf[i]
	for i := 0; i < g.Rows(); i++ {
		typed, target, actual := strings.TrimSpace(g.Cell(i, ccProduct)), strings.TrimSpace(g.Cell(i, ccTarget)), strings.TrimSpace(g.Cell(i, ccActual))
		if typed == "" && target == "" && actual == "" {
			continue
		}
		for _, col := range []int{ccProduct, ccTarget, ccActual} {
			if msg := k.cellError(i, col); msg != "" {
				g.SetError(i, col, msg)
				return
			}
		}
		p := model.FindProduct(k.products, typed)
		if p == nil {
			g.SetError(i, ccProduct, k.s.T("val.required"))
			return
		}
		r := model.CostRow{Product: p.Code}
		var err error
		if r.Target, err = model.ParseYuan(target); err != nil {
			g.SetError(i, ccTarget, model.ErrorMessage(err, k.s.Lang))
			return
		}
		if actual != "" {
			r.Actual, _ = model.ParseYuan(actual) // checked by cellError
		}
		rows = append(rows, r)
		rowOf = append(rowOf, i)
	}
	month := k.month
	saved, err := k.s.Svc.Meetings.SaveCostSheet(k.s.Ctx, k.s.User, month, k.sheet.Version, rows)
	if err != nil {
		if k.markCostError(err, rowOf) {
			return
		}
		k.s.Fail(err)
		return
	}
	k.sheet = saved
	k.grid, k.costing, k.asking = nil, false, false
	k.s.Info(k.s.T("ui.cost.saved", month.String(), len(saved.Rows)))
	k.load()
}

// markCostError puts the first "row N.field" refusal of err at its cell;
// false when err names no row.
func (k *kpiBoard) markCostError(err error, rowOf []int) bool {
	cols := map[string]int{"product": ccProduct, "target": ccTarget, "actual": ccActual}
	for f, msg := range k.s.FieldErrs(err) {
		num, field, ok := strings.Cut(strings.TrimPrefix(f, "row "), ".")
		n, convErr := strconv.Atoi(num)
		col, known := cols[field]
		if !ok || convErr != nil || !known || n < 1 || n > len(rowOf) {
			continue
		}
		k.grid.SetError(rowOf[n-1], col, msg)
		return true
	}
	return false
}

// costGridView is the cost grid with its title and keys in width × height;
// under the title only, the product's lookup while it is open.
func (k *kpiBoard) costGridView(width, height int) string {
	st, t := k.s.St, k.s.T
	title := st.Title.Render(t("ui.cost.title", k.month.String()))
	if k.grid.Picking() {
		return title + "\n" + k.grid.View(st, width, max(height-1, 8))
	}
	hint := t("ui.cost.hint")
	if k.grid.CanLookUp() {
		hint = t("form.lookup_hint") + t("ui.semi_sep") + hint
	}
	return title + "  " + st.Dim.Render(t("ui.cost.keys")) + "\n" + st.Dim.Render(kit.Fit(hint, width, false)) + "\n" +
		k.grid.View(st, width, max(height-2, 8))
}
