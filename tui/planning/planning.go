// Package planning is the sections of planning (forecasts, ten-day plans,
// shortfalls and production plans, with the basis of a plan) and the
// deadline board with the KPIs.
package planning

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"xietong/model"
	"xietong/tui/kit"
)

// Sections are planning (forecasts, ten-day plans, shortfalls and
// production plans) and, for management, the deadline board with the KPIs.
func Sections() []kit.Section {
	return []kit.Section{
		{Key: "sec.planning", Code: "planning", Group: "grp.planning", Make: func(s *kit.Session) kit.Screen { return newPlanning(s) },
			Wants: model.KindSet(model.KindPlan, model.KindShortfall, model.KindProdPlan, model.KindLine, model.KindOrder,
				model.KindProduct, model.KindStock),
			Alerts: []kit.LiveAlert{{Kind: model.KindShortfall, Say: shortfallAlert}, {Kind: model.KindProdPlan, Say: prodPlanAlert}}},
		{Key: "sec.deadlines", Code: "deadlines", Group: "grp.management", Make: func(s *kit.Session) kit.Screen { return newDeadlines(s) },
			Wants: model.KindSet(model.KindPlan, model.KindShortfall, model.KindProdPlan, model.KindLine, model.KindOrder,
				model.KindReport, model.KindFeedback, model.KindKPITargets, model.KindProject, model.KindCampaign, model.KindDeptPlan,
				model.KindPurchase, model.KindCost)},
	}
}

// shortfallAlert tells production that a shortfall table was published.
func shortfallAlert(s *kit.Session, e model.Event) (kit.Alert, bool) {
	if e.Action != "publish" && e.Action != "republish" || s.User.Dept != model.DeptProduction {
		return kit.Alert{}, false
	}
	msg := "live.shortfall"
	if e.Action == "republish" {
		msg = "live.shortfall_again"
	}
	return kit.Alert{Text: s.T(msg, e.Key, kit.Line(s.Who(e.Actor))), Level: kit.StatusAlert, Bell: true}, true
}

// prodPlanAlert tells sales that a production plan was published.
func prodPlanAlert(s *kit.Session, e model.Event) (kit.Alert, bool) {
	if e.Action != "publish" && e.Action != "republish" || s.User.Dept != model.DeptSales {
		return kit.Alert{}, false
	}
	msg := "live.prodplan"
	if e.Action == "republish" {
		msg = "live.prodplan_again"
	}
	return kit.Alert{Text: s.T(msg, e.Key, kit.Line(s.Who(e.Actor))), Level: kit.StatusAlert}, true
}

type planTab int

const (
	tabForecast planTab = iota
	tabTenDay
	tabShortfall
	tabProdPlan
	tabAccuracy
	planTabs
)

// planning is the 计划 section: monthly forecast, ten-day plans, the daily
// shortfall table, the next-day production plan and forecast accuracy.
type planning struct {
	s        *kit.Session
	tab      planTab
	grid     *kit.Grid
	gridTab  planTab // the tab grid was made for
	products []*model.Product
	// Period or day shown on each tab.
	forecast model.Period
	tenday   model.Period
	day      model.Date // shortfall day
	prodDay  model.Date // production plan day
	set      *model.PlanSet
	sf       *model.Shortfall
	plan     *model.ProductionPlan
	warnings []model.BalanceWarning
	// The basis of a shortfall row, when one is open (enter on the row).
	basis     *model.ShortfallBasis
	basisView *kit.Pager
	// wrong is production's form marking a published row wrong (责罚 1),
	// for the row wrongRow ("product/variant").
	wrong    *kit.Form
	wrongRow string
	// planRows are the production plan lines behind the grid's rows, in
	// the grid's order (a row added for another process is here too).
	planRows []model.ProductionLine
	accMonth model.Month
	err      error
	confirm  string // "switch:N" or "" : asking before unsaved cells are lost
	pending  func()
	keys     struct{ Tabs, Prev, Next, Save, Publish, Recompute, AddRow, DelRow, Wrong key.Binding }

	// Forecast accuracy of the 12 months ending at accMonth, oldest first,
	// read by load so drawing does not query the store.
	acc [12]accPoint
}

// accPoint is one month's forecast accuracy (or the error reading it).
type accPoint struct {
	month model.Month
	acc   model.Accuracy
	err   error
}

func newPlanning(s *kit.Session) *planning {
	p := &planning{s: s}
	today := s.Svc.Calendar.DateOf(s.Svc.Clock.Now())
	next := model.MonthOf(today.AddDays(40 - today.D)) // next month
	p.forecast = model.Period{Kind: model.PlanForecast, Month: next}
	p.tenday = model.TenDayOf(today)
	p.day = today
	p.prodDay = s.Svc.Calendar.NextWorkingDay(today)
	p.accMonth = model.MonthOf(today.AddDays(-today.D)) // last month
	return p
}

func (p *planning) Title() string { return p.s.T("sec.planning") }

func (p *planning) Reload() {
	t := p.s.T
	p.keys.Tabs = key.NewBinding(key.WithKeys("ctrl+right", "ctrl+left"), key.WithHelp("ctrl+←/→", t("ui.plan.key_tabs")))
	p.keys.Prev = key.NewBinding(key.WithKeys("["), key.WithHelp("[ ]", t("ui.plan.key_period")))
	p.keys.Next = key.NewBinding(key.WithKeys("]"))
	p.keys.Save = key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", t("key.save")))
	p.keys.Publish = key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", t("ui.plan.key_publish")))
	p.keys.Wrong = key.NewBinding(key.WithKeys("W"), key.WithHelp("W", t("ui.plan.key_wrong")))
	p.keys.Recompute = key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", t("ui.plan.key_recompute")))
	p.keys.AddRow = key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", t("ui.plan.key_other_process")))
	p.keys.DelRow = key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", t("ui.order.key_delline")))
	if p.grid != nil && p.grid.Dirty() {
		return // never replace cells someone is typing; they save or drop them first
	}
	p.products, p.err = p.s.Svc.Master.Products(p.s.Ctx)
	if p.err != nil {
		p.err = p.s.Fault(p.err)
		return
	}
	p.load()
	p.reloadBasis()
}

// variants lists every product variant in product order.
func (p *planning) variants() (keys []string, rows [][2]string) {
	for _, pr := range p.products {
		vs := pr.Variants
		if len(vs) == 0 {
			vs = []model.Variant{{Code: ""}}
		}
		for _, v := range vs {
			keys = append(keys, model.VariantKey(pr.Code, v.Code))
			rows = append(rows, [2]string{pr.Code + " " + pr.Name, v.Name})
		}
	}
	return keys, rows
}

func cellMap(cells []model.PlanCell) map[string]int64 {
	m := map[string]int64{}
	for _, c := range cells {
		m[c.Product+"/"+c.Variant] += c.Qty
	}
	return m
}

func (p *planning) load() {
	old, oldTab := p.grid, p.gridTab
	defer func() {
		// A re-read of the same tab keeps the cursor where the person left it.
		if p.grid != nil && p.grid != old && oldTab == p.tab {
			p.grid.KeepCursor(old)
		}
		p.gridTab = p.tab
	}()
	t, ctx, svc := p.s.T, p.s.Ctx, p.s.Svc.Planning
	p.err = nil
	defer func() { p.err = p.s.Fault(p.err) }()
	switch p.tab {
	case tabForecast, tabTenDay:
		period := p.forecast
		if p.tab == tabTenDay {
			period = p.tenday
		}
		p.set, p.err = svc.Plan(ctx, period)
		if p.err != nil {
			return
		}
		latest := map[string]int64{}
		if n := len(p.set.Versions); n > 0 {
			latest = cellMap(p.set.Versions[n-1].Cells)
		}
		ref := map[string]int64{}
		if p.set.Reference != nil {
			ref = cellMap(p.set.Reference.Cells)
		}
		compare, compareTitle := ref, t("ui.plan.col_published")
		if p.tab == tabTenDay {
			// The ten-day plan is shown beside the month's published forecast.
			compareTitle = t("ui.plan.col_month_forecast")
			compare = map[string]int64{}
			if fs, err := svc.Plan(ctx, model.Period{Kind: model.PlanForecast, Month: period.Month}); err == nil && fs.Reference != nil {
				compare = cellMap(fs.Reference.Cells)
			}
		}
		keys, names := p.variants()
		rows := make([][]string, len(keys))
		for i, k := range keys {
			rows[i] = []string{names[i][0], names[i][1], kit.FmtInt(latest[k]), kit.FmtInt(compare[k])}
		}
		p.grid = kit.NewGrid(p.s.Lang, []kit.GridCol{
			{Title: t("ui.order.col_product")}, {Title: t("field.variant"), Width: 10},
			{Title: t("ui.plan.col_qty"), Width: 10, Kind: kit.ColNumber, Total: true},
			{Title: compareTitle, Width: 10, Right: true, Total: true},
		}, keys, rows)
	case tabShortfall:
		p.sf, p.err = svc.Shortfall(ctx, p.day)
		if p.err == nil {
			p.shortfallGrid()
		}
	case tabProdPlan:
		p.plan, p.warnings, p.err = svc.ProductionPlan(ctx, p.prodDay)
		if p.err == nil {
			p.planGrid()
		}
	case tabAccuracy:
		p.grid = nil
		p.loadAccuracy()
	}
}

// loadAccuracy reads the forecast accuracy of the 12 months ending at
// accMonth; the last is the chosen month shown per product.
func (p *planning) loadAccuracy() {
	m := kit.AddMonths(p.s, p.accMonth, -11)
	for i := range p.acc {
		a, err := p.s.Svc.Planning.ForecastAccuracy(p.s.Ctx, m)
		p.acc[i] = accPoint{month: m, acc: a, err: p.s.Fault(err)}
		m = kit.AddMonths(p.s, m, 1)
	}
}

func (p *planning) shortfallGrid() {
	t := p.s.T
	keys := make([]string, len(p.sf.Rows))
	rows := make([][]string, len(p.sf.Rows))
	for i, r := range p.sf.Rows {
		keys[i] = r.Product + "/" + r.Variant
		rows[i] = []string{p.productText(r.Product), p.variantName(r.Product, r.Variant), kit.FmtInt(r.OrderDemand), kit.FmtInt(r.PlanRemainder), kit.FmtInt(r.Stock),
			kit.FmtInt(r.Planned), kit.FmtInt(r.Computed), kit.FmtInt(r.Surplus), kit.FmtInt(r.Figure), r.Reason}
	}
	// The product is its code and name, in what the figures leave. On 80
	// columns the reason, the planned and the remainder give way (the grid
	// scrolls to the reason when the cursor does): the remainder is a cell
	// wider than its figures need so that it does, leaving the product 17.
	p.grid = kit.NewGrid(p.s.Lang, []kit.GridCol{
		{Title: t("field.product")}, {Title: t("field.variant"), Width: 10},
		{Title: t("ui.plan.col_demand"), Width: 6, Right: true, Total: true},
		{Title: t("ui.plan.col_remainder"), Width: 7, Right: true, Total: true, Optional: true},
		{Title: t("ui.plan.col_stock"), Width: 6, Right: true, Total: true},
		{Title: t("ui.plan.col_planned"), Width: 6, Right: true, Total: true, Optional: true},
		{Title: t("ui.plan.col_computed"), Width: 6, Right: true, Total: true},
		{Title: t("ui.plan.col_surplus"), Width: 6, Right: true, Total: true},
		{Title: t("ui.plan.col_figure"), Width: 7, Kind: kit.ColNumber, Total: true},
		{Title: t("field.reason"), Width: 10, Kind: kit.ColText, Limit: model.MaxLineText, Optional: true},
	}, keys, rows)
	p.grid.OpenOnEnter()
}

// planCells are the grid cells of a production plan line.
func (p *planning) planCells(l model.ProductionLine) []string {
	return []string{p.productText(l.Product), p.variantName(l.Product, l.Variant), kit.FmtInt(l.Need), kit.FmtInt(l.Proposed), kit.FmtInt(l.Qty), string(l.Process), l.Remark}
}

// addProcessRow adds a row under the cursor's product variant for the other
// process (a product made partly in front and partly outsourced).
func (p *planning) addProcessRow() {
	if p.grid == nil || p.grid.Rows() == 0 {
		return
	}
	row, _ := p.grid.Cursor()
	src := p.planRows[row]
	other := model.ProcessOutsourced
	if model.Process(p.grid.Cell(row, 5)) == model.ProcessOutsourced {
		other = model.ProcessFront
	}
	l := model.ProductionLine{Product: src.Product, Variant: src.Variant, Process: other}
	p.planRows = append(p.planRows, l)
	p.grid.AddRow(p.grid.Key(row), p.planCells(l))
}

// deleteRow drops the row under the cursor from the plan.
func (p *planning) deleteRow() {
	if p.grid == nil || p.grid.Rows() == 0 {
		return
	}
	row, _ := p.grid.Cursor()
	p.planRows = append(p.planRows[:row:row], p.planRows[row+1:]...)
	p.grid.DeleteRow()
}

// productText is a product in a grid's product column: its code, which
// tells apart what the names begin alike (the three 果然有鱼 flavours), then
// its name (the code alone of an unknown one).
func (p *planning) productText(code string) string {
	for _, pr := range p.products {
		if pr.Code == code && pr.Name != "" {
			return code + " " + kit.Line(pr.Name)
		}
	}
	return code
}

// variantName is a variant's name for people (the code of an unknown one).
func (p *planning) variantName(product, variant string) string {
	for _, pr := range p.products {
		if pr.Code == product {
			return pr.VariantName(variant)
		}
	}
	return variant
}

func (p *planning) planGrid() {
	t := p.s.T
	choices := []kit.Option{{Value: string(model.ProcessFront), Label: t("ui.plan.front")}, {Value: string(model.ProcessOutsourced), Label: t("ui.plan.outsourced")}}
	keys := make([]string, len(p.plan.Lines))
	rows := make([][]string, len(p.plan.Lines))
	p.planRows = append([]model.ProductionLine(nil), p.plan.Lines...)
	for i, l := range p.plan.Lines {
		keys[i] = l.Product + "/" + l.Variant
		rows[i] = p.planCells(l)
	}
	// The product is its code and name, in what the figures leave; on 80
	// columns the remark gives way (the grid scrolls to it when the
	// cursor does).
	p.grid = kit.NewGrid(p.s.Lang, []kit.GridCol{
		{Title: t("field.product")}, {Title: t("field.variant"), Width: 11},
		{Title: t("ui.plan.col_need"), Width: 6, Right: true, Total: true},
		{Title: t("ui.plan.col_proposed"), Width: 7, Right: true, Total: true},
		{Title: t("ui.plan.col_plan_qty"), Width: 7, Kind: kit.ColNumber, Total: true},
		{Title: t("ui.plan.col_process"), Width: 10, Kind: kit.ColChoice, Choices: choices},
		{Title: t("ui.plan.col_remark"), Width: 12, Kind: kit.ColText, Limit: model.MaxLineText, Optional: true},
	}, keys, rows)
}

// Capturing: a grid the person may edit takes every key, so that typing a
// digit edits the cell (alt+digit still switches section).
func (p *planning) Capturing() bool {
	return p.confirm != "" || p.wrong != nil || p.grid != nil && (p.grid.Editing() || p.canEdit())
}

// canMarkWrong reports whether the person may mark a row of the table on
// view wrong: production's lead or head, on a published table with rows.
func (p *planning) canMarkWrong() bool {
	return p.tab == tabShortfall && model.Can(p.s.User, model.ActProdPlanEdit) && p.sf != nil && !p.sf.Published.IsZero() &&
		p.grid != nil && p.grid.Rows() > 0
}

// openWrong asks the correct figure of the row under the cursor and why.
func (p *planning) openWrong() tea.Cmd {
	row, _ := p.grid.Cursor()
	p.wrongRow = p.grid.Key(row)
	t := p.s.T
	product, variant, _ := strings.Cut(p.wrongRow, "/")
	name := product
	for _, pr := range p.products {
		if pr.Code == product && pr.Name != "" {
			name = pr.Name // people read the name, not the code
		}
	}
	p.wrong = kit.NewForm(p.s.Lang, t("ui.plan.wrong_title", p.day.String(), kit.Line(name)+" "+p.variantName(product, variant), p.grid.Cell(row, 8)),
		kit.TextField("correct", t("field.correct"), 12), kit.AreaField("note", t("ui.plan.wrong_note"), model.MaxLedgerText+100))
	p.wrong.Snapshot()
	return p.wrong.Focus()
}

// saveWrong records the mark; the ledger's rule drafts its entry.
func (p *planning) saveWrong() {
	product, variant, _ := strings.Cut(p.wrongRow, "/")
	n, err := model.ParseWhole(p.wrong.Text("correct"), 0, model.MaxQty)
	if err != nil {
		p.wrong.SetErrors(map[string]string{"correct": model.ErrorMessage(err, p.s.Lang)})
		return
	}
	if _, err := p.s.Svc.Planning.MarkShortfallWrong(p.s.Ctx, p.s.User, p.day, product, variant, n, p.wrong.Text("note")); err != nil {
		if fe := p.s.FieldErrs(err); fe != nil && fe["product"] == "" {
			p.wrong.SetErrors(fe)
			return
		}
		p.s.Fail(err) // the row itself (already marked): on the status line
		return
	}
	p.wrong = nil
	p.s.Info(p.s.T("ui.plan.wrong_saved", p.day.String()))
	p.load()
}

// canEdit reports whether the person may change the tab's figures.
func (p *planning) canEdit() bool {
	switch p.tab {
	case tabForecast, tabTenDay, tabShortfall:
		return model.Can(p.s.User, model.ActPlanEdit)
	case tabProdPlan:
		return model.Can(p.s.User, model.ActProdPlanEdit)
	}
	return false
}
func (p *planning) Dirty() bool { return p.grid != nil && p.grid.Dirty() }

// guard runs f now, or after the person agrees to drop unsaved cells.
func (p *planning) guard(f func()) {
	if p.Dirty() {
		p.confirm, p.pending = "drop", f
		p.s.Alert(p.s.T("app.discard"))
		return
	}
	f()
}

func (p *planning) Update(msg tea.Msg) tea.Cmd {
	if p.wrong != nil {
		res, cmd := p.wrong.Update(msg)
		switch res {
		case kit.FormCancel:
			p.wrong = nil
		case kit.FormSubmit:
			p.saveWrong()
		}
		return cmd
	}
	km, isKey := msg.(tea.KeyPressMsg)
	if p.confirm != "" && isKey {
		switch km.String() {
		case "y", "Y":
			p.confirm = ""
			if p.grid != nil {
				p.grid.MarkSaved() // drop the edits
			}
			p.s.Info("")
			p.pending()
		case "n", "N", "esc":
			p.confirm = ""
			p.s.Info("")
		}
		return nil
	}
	if !isKey {
		if p.grid != nil && p.basis == nil {
			p.grid.Update(msg)
		}
		return nil
	}
	if p.basis != nil {
		p.updateBasis(km)
		return nil
	}
	switch {
	case km.String() == "ctrl+right" || km.String() == "ctrl+left":
		d := planTab(1)
		if km.String() == "ctrl+left" {
			d = planTabs - 1
		}
		p.guard(func() { p.tab = (p.tab + d) % planTabs; p.load() })
		return nil
	case key.Matches(km, p.keys.Prev), key.Matches(km, p.keys.Next):
		if p.grid != nil && p.grid.Editing() {
			break
		}
		n := 1
		if km.String() == "[" {
			n = -1
		}
		p.guard(func() { p.shift(n); p.load() })
		return nil
	case key.Matches(km, p.keys.Save):
		p.save()
		return nil
	case key.Matches(km, p.keys.Publish):
		p.publish()
		return nil
	case p.tab == tabProdPlan && p.canEdit() && p.grid != nil && !p.grid.Editing() &&
		(key.Matches(km, p.keys.AddRow) || key.Matches(km, p.keys.DelRow)):
		if key.Matches(km, p.keys.AddRow) {
			p.addProcessRow()
		} else {
			p.deleteRow()
		}
		return nil
	case key.Matches(km, p.keys.Recompute) && p.tab == tabShortfall:
		p.guard(func() {
			sf, err := p.s.Svc.Planning.Recompute(p.s.Ctx, p.day)
			if err != nil {
				p.s.Fail(err)
				return
			}
			p.sf = sf
			p.shortfallGrid()
		})
		return nil
	}
	if key.Matches(km, p.keys.Wrong) && p.canMarkWrong() && !p.grid.Editing() {
		return p.openWrong()
	}
	if p.tab == tabShortfall && km.String() == "enter" && p.grid != nil && !p.grid.Editing() {
		p.openBasis()
		return nil
	}
	if p.grid != nil {
		if !p.canEdit() && !p.grid.Editing() {
			// Read-only: arrows move, typing does not start an edit.
			switch km.String() {
			case "up", "down", "left", "right", "pgup", "pgdown", "k", "j":
				p.grid.Update(msg)
			default:
				if km.Text != "" {
					p.s.Fail(model.Forbidden(p.editAction()))
				}
			}
			return nil
		}
		p.grid.Update(msg)
	}
	return nil
}

func (p *planning) editAction() model.Action {
	if p.tab == tabProdPlan {
		return model.ActProdPlanEdit
	}
	return model.ActPlanEdit
}

// shift moves the tab's period or day by n.
func (p *planning) shift(n int) {
	switch p.tab {
	case tabForecast:
		p.forecast.Month = kit.AddMonths(p.s, p.forecast.Month, n)
	case tabTenDay:
		part := p.tenday.Part + n
		m := p.tenday.Month
		for part < 1 {
			part += 3
			m = kit.AddMonths(p.s, m, -1)
		}
		for part > 3 {
			part -= 3
			m = kit.AddMonths(p.s, m, 1)
		}
		p.tenday = model.Period{Kind: model.PlanTenDay, Month: m, Part: part}
	case tabShortfall:
		p.day = p.day.AddDays(n)
	case tabProdPlan:
		p.prodDay = p.prodDay.AddDays(n)
	case tabAccuracy:
		p.accMonth = kit.AddMonths(p.s, p.accMonth, n)
	}
}

func (p *planning) save() {
	if p.grid == nil || p.tab == tabAccuracy {
		return
	}
	if p.grid.Editing() {
		p.s.Alert(p.s.T("ui.plan.finish_cell"))
		return
	}
	ctx, svc, u := p.s.Ctx, p.s.Svc.Planning, p.s.User
	switch p.tab {
	case tabForecast, tabTenDay:
		period := p.forecast
		if p.tab == tabTenDay {
			period = p.tenday
		}
		var cells []model.PlanCell
		for i := 0; i < p.grid.Rows(); i++ {
			prod, variant, _ := strings.Cut(p.grid.Key(i), "/")
			cells = append(cells, model.PlanCell{Product: prod, Variant: variant, Qty: p.grid.Number(i, 2)})
		}
		base := 0
		if n := len(p.set.Versions); n > 0 {
			base = p.set.Versions[n-1].Version
		}
		v, err := svc.SavePlan(ctx, u, period, base, cells, "")
		if err != nil {
			p.s.Fail(err)
			return
		}
		p.s.Info(p.s.T("ui.plan.saved", p.periodText(period), v.Version))
	case tabShortfall:
		sf := *p.sf
		sf.Rows = append([]model.ShortfallRow(nil), p.sf.Rows...)
		for i := range sf.Rows {
			sf.Rows[i].Figure = p.grid.Number(i, 8)
			sf.Rows[i].Reason = strings.TrimSpace(p.grid.Cell(i, 9))
			if sf.Rows[i].Figure != sf.Rows[i].Computed && sf.Rows[i].Reason == "" {
				p.grid.SetError(i, 9, p.s.T("ui.plan.reason_needed"))
				p.s.Alert(p.s.T("form.fix"))
				return
			}
		}
		saved, err := svc.SaveShortfall(ctx, u, &sf)
		if err != nil {
			p.s.Fail(err)
			return
		}
		p.sf = saved
		p.s.Info(p.s.T("ui.plan.sf_saved", saved.Date.String()))
	case tabProdPlan:
		pl := *p.plan
		pl.Lines = append([]model.ProductionLine(nil), p.planRows...)
		for i := range pl.Lines {
			pl.Lines[i].Qty = p.grid.Number(i, 4)
			pl.Lines[i].Process = model.Process(p.grid.Cell(i, 5))
			pl.Lines[i].Remark = strings.TrimSpace(p.grid.Cell(i, 6))
		}
		saved, warnings, err := svc.SaveProductionPlan(ctx, u, &pl)
		if err != nil {
			p.s.Fail(err)
			return
		}
		p.plan, p.warnings = saved, warnings
		p.s.Info(p.s.T("ui.plan.pp_saved", saved.Date.String()))
	}
	p.grid.MarkSaved()
	p.load()
}

func (p *planning) publish() {
	if p.Dirty() {
		p.s.Alert(p.s.T("ui.plan.save_first"))
		return
	}
	ctx, svc, u := p.s.Ctx, p.s.Svc.Planning, p.s.User
	var err error
	switch p.tab {
	case tabForecast, tabTenDay:
		period := p.forecast
		if p.tab == tabTenDay {
			period = p.tenday
		}
		if len(p.set.Versions) == 0 {
			p.s.Alert(p.s.T("ui.plan.save_first"))
			return
		}
		v := p.set.Versions[len(p.set.Versions)-1]
		if _, err = svc.PublishPlan(ctx, u, period, v.Version); err == nil {
			p.s.Info(p.s.T("ui.plan.published", p.periodText(period), v.Version))
		}
	case tabShortfall:
		if p.sf.Version == 0 {
			p.s.Alert(p.s.T("ui.plan.save_first"))
			return
		}
		if _, err = svc.PublishShortfall(ctx, u, p.sf.Date, p.sf.Version); err == nil {
			p.s.Info(p.s.T("ui.plan.sf_published", p.sf.Date.String()))
		}
	case tabProdPlan:
		if p.plan.Version == 0 {
			p.s.Alert(p.s.T("ui.plan.save_first"))
			return
		}
		if _, err = svc.PublishProductionPlan(ctx, u, p.plan.Date, p.plan.Version); err == nil {
			p.s.Info(p.s.T("ui.plan.pp_published", p.plan.Date.String()))
		}
	default:
		return
	}
	if err != nil {
		p.s.Fail(err)
		return
	}
	p.load()
}

func (p *planning) periodText(pr model.Period) string { return pr.Name(p.s.Lang) }

func (p *planning) View(width, height int) string {
	st, t := p.s.St, p.s.T
	var b strings.Builder
	b.WriteString(kit.SubTabs(st, []string{t("ui.plan.tab_forecast"), t("ui.plan.tab_tenday"), t("ui.plan.tab_shortfall"),
		t("ui.plan.tab_prodplan"), t("ui.plan.tab_accuracy")}, int(p.tab)))
	b.WriteString("\n")
	if p.err != nil {
		return b.String() + st.Error.Render(model.ErrorMessage(p.err, p.s.Lang))
	}
	if p.basis != nil {
		b.WriteString(p.basisView.View(st, width, height-1, t("ui.plan.basis_keys")))
		return b.String()
	}
	if p.wrong != nil {
		b.WriteString(p.wrong.View(st, width, height-1))
		return b.String()
	}
	now := p.s.Svc.Clock.Now()
	switch p.tab {
	case tabForecast, tabTenDay:
		period := p.forecast
		if p.tab == tabTenDay {
			period = p.tenday
		}
		b.WriteString(st.Title.Render(p.periodText(period)) + "  ")
		b.WriteString(st.Dim.Render(t("ui.plan.due", p.s.Deadline(period.Due(p.s.Svc.Calendar)))) + "\n")
		b.WriteString(st.Dim.Render(p.versionsText()) + "\n")
	case tabShortfall:
		b.WriteString(st.Title.Render(t("ui.plan.sf_title", p.sf.Date.String(), p.sf.Through.String())) + "  ")
		due := p.sf.Date.In(p.s.Svc.Clock.Loc).Add(14 * time.Hour)
		txt, late := p.s.Until(due, now)
		b.WriteString(st.Dim.Render(t("ui.plan.due_at", "14:00")) + " ")
		if p.sf.Published.IsZero() {
			if late {
				b.WriteString(st.Alert.Render(txt))
			} else {
				b.WriteString(st.OK.Render(txt))
			}
		} else {
			b.WriteString(p.publishedText(p.sf.Publication))
		}
		b.WriteString("\n" + st.Dim.Render(kit.Fit(t("ui.plan.sf_formula"), width, false)) + "\n")
	case tabProdPlan:
		b.WriteString(st.Title.Render(t("ui.plan.pp_title", p.plan.Date.String())) + "  ")
		if p.plan.Published.IsZero() {
			b.WriteString(st.Dim.Render(t("ui.plan.due_at", "17:30")))
		} else {
			b.WriteString(p.publishedText(p.plan.Publication))
		}
		b.WriteString("\n")
		name := model.KeyNamer(p.products)
		if ch := p.plan.Changes(); len(ch) > 0 {
			parts := make([]string, len(ch))
			for i, c := range ch {
				parts[i] = t("ui.plan.change", name(model.VariantKey(c.Product, c.Variant)), c.Process.Text().In(p.s.Lang), c.Was, c.Now)
			}
			b.WriteString(st.Warn.Render(kit.Fit(kit.Line(t("ui.plan.changes", strings.Join(parts, t("ui.list_sep")))), width, false)) + "\n")
		}
		// Warnings wrap rather than lose their end: each is read in full.
		for _, w := range p.warnings {
			for _, l := range strings.Split(ansi.Wrap(kit.Line(w.Message(p.s.Lang, name)), width, ""), "\n") {
				b.WriteString(st.Warn.Render(kit.Fit(l, width, false)) + "\n")
			}
		}
	case tabAccuracy:
		b.WriteString(p.accuracyView(width))
		return b.String()
	}
	used := strings.Count(b.String(), "\n")
	if p.grid == nil || p.grid.Rows() == 0 {
		b.WriteString(st.Dim.Render(t("ui.plan.empty")))
		return b.String()
	}
	b.WriteString(p.grid.View(st, width, height-used))
	return b.String()
}

// publishedText says when a daily table was published, and whether it was
// changed since or published again.
func (p *planning) publishedText(pub model.Publication) string {
	st, t := p.s.St, p.s.T
	txt := st.OK.Render(t("ui.plan.published_at", p.s.Time(pub.Published), p.s.Who(pub.PublishedBy)))
	switch {
	case pub.Edited:
		txt += " " + st.Alert.Render(t("ui.plan.edited_since"))
	case pub.Republished():
		txt += " " + st.Dim.Render(t("ui.plan.republished_at", p.s.Time(pub.LastPublished)))
	}
	return txt
}

func (p *planning) versionsText() string {
	t := p.s.T
	if p.set == nil || len(p.set.Versions) == 0 {
		return t("ui.plan.no_versions")
	}
	v := p.set.Versions[len(p.set.Versions)-1]
	txt := t("ui.plan.latest", v.Version, p.s.Who(v.By), p.s.Time(v.At))
	if p.set.Reference != nil {
		txt += " · " + t("ui.plan.reference", p.set.Reference.Version, p.s.Time(p.set.Reference.Published))
	} else {
		txt += " · " + t("ui.plan.unpublished")
	}
	return txt
}

// accuracyView shows the last 12 months' forecast accuracy as a text chart
// and the chosen month per product.
func (p *planning) accuracyView(width int) string {
	st, t := p.s.St, p.s.T
	var b strings.Builder
	b.WriteString(st.Title.Render(t("ui.plan.acc_title")) + "\n")
	bars := []rune(" ▁▂▃▄▅▆▇█")
	var chart, labels []string
	for _, pt := range p.acc {
		cell := "·"
		if pt.err == nil && pt.acc.OK {
			v := max(min(pt.acc.Value, 1), 0)
			cell = string(bars[int(v*float64(len(bars)-1)+0.5)])
		}
		chart = append(chart, " "+cell+" ")
		labels = append(labels, fmt.Sprintf("%02d ", int(pt.month.Month)))
	}
	b.WriteString(strings.Join(chart, "") + "\n" + st.Dim.Render(strings.Join(labels, "")) + "\n\n")
	// The chosen month is the chart's last point.
	a, err := p.acc[len(p.acc)-1].acc, p.acc[len(p.acc)-1].err
	if err != nil {
		return b.String() + st.Error.Render(model.ErrorMessage(err, p.s.Lang))
	}
	b.WriteString(st.Bold.Render(t("ui.plan.acc_month", p.accMonth.String())) + " ")
	if !a.OK {
		b.WriteString(st.Dim.Render(t("ui.plan.no_actuals")) + "\n")
		return b.String()
	}
	b.WriteString(t("ui.plan.acc_line", a.Value*100, a.Bias*100, a.Forecast, a.Actual) + "\n")
	if a.Prorated != nil {
		b.WriteString(st.Dim.Render(a.Prorated.Text(p.s.Lang)) + "\n")
	}
	rows := make([][]string, len(a.ByProduct))
	for i, pa := range a.ByProduct {
		v := t("ui.plan.no_actuals")
		bias := ""
		if pa.OK {
			v = strconv.FormatFloat(pa.Value*100, 'f', 1, 64) + "%"
			bias = strconv.FormatFloat(pa.Bias*100, 'f', 1, 64) + "%"
		}
		rows[i] = []string{p.productText(pa.Product), kit.FmtInt(pa.Forecast), kit.FmtInt(pa.Actual), v, bias}
	}
	cols := []kit.Column{{Title: t("field.product")}, {Title: t("ui.plan.col_f"), Width: 9, Right: true}, {Title: t("ui.plan.col_a"), Width: 9, Right: true},
		{Title: t("ui.plan.col_acc"), Width: 9, Right: true}, {Title: t("ui.plan.col_bias"), Width: 9, Right: true}}
	b.WriteString(kit.RenderTable(st, cols, rows, -1, width, nil))
	return b.String()
}

func (p *planning) HelpKeys() []key.Binding {
	if p.basis != nil {
		return nil // the basis shows its own keys
	}
	if p.wrong != nil {
		return p.wrong.HelpKeys()
	}
	ks := []key.Binding{p.keys.Tabs, p.keys.Prev}
	if p.grid != nil && p.tab != tabAccuracy {
		ks = append(p.grid.HelpKeys()[:2], ks...)
		ks = append(ks, p.keys.Save, p.keys.Publish)
	}
	if p.tab == tabShortfall {
		if p.grid != nil && p.grid.Rows() > 0 {
			ks = append([]key.Binding{ks[0], p.basisKey()}, ks[1:]...)
		}
		ks = append(ks, p.keys.Recompute)
		if p.canMarkWrong() {
			ks = append(ks, p.keys.Wrong)
		}
	}
	if p.tab == tabProdPlan && p.canEdit() {
		ks = append(ks, p.keys.AddRow, p.keys.DelRow)
	}
	return ks
}
