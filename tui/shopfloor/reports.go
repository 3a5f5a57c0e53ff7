package shopfloor

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

type reportsMode int

const (
	reportsList  reportsMode = iota
	reportsStart             // asking line and shift
	reportsGrid              // typing the rows
	reportsWhy               // asking the reason of a correction
	reportsMonth             // output vs plan of a month
)

// Report grid columns.
const (
	rcProduct = iota
	rcName    // the product's name, shown beside the code typed
	rcVariant
	rcPlanned
	rcActual
	rcDefect
	rcReason
	rcDowntime
	rcCause
	rcNotes
)

// reports is the 车间 section: production daily reports (生产日报) by line
// and shift, typed on a grid pre-filled from the published plan, and the
// month's output against plan with the reasons given.
type reports struct {
	s       *kit.Session
	mode    reportsMode
	day     model.Date
	month   model.Month
	list    *kit.List
	items   []*model.DailyReport
	form    *kit.Form
	grid    *kit.Grid
	report  *model.DailyReport // being typed or corrected
	reasons []model.DefectReason
	names   kit.MasterNames // the products by code, read by Reload
	output  []model.OutputRow
	asking  bool // esc on a changed grid: drop the rows typed?
	stale   bool // the day's list missed a reload while the month was shown
	keys    struct{ New, Day, Month, AddRow, DelRow, Save key.Binding }
}

func newReports(s *kit.Session) *reports {
	today := s.Svc.Calendar.DateOf(s.Svc.Clock.Now())
	return &reports{s: s, day: today, month: model.MonthOf(today)}
}

func (r *reports) Title() string { return r.s.T("sec.reports") }

func (r *reports) Reload() {
	t := r.s.T
	r.keys.New = key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t("ui.rep.key_new")))
	r.keys.Day = key.NewBinding(key.WithKeys("[", "]"), key.WithHelp("[ ]", t("ui.rep.key_day")))
	r.keys.Month = key.NewBinding(key.WithKeys("M"), key.WithHelp("M", t("ui.rep.key_month")))
	r.keys.AddRow = key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", t("ui.order.key_addline")))
	r.keys.DelRow = key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", t("ui.order.key_delline")))
	r.keys.Save = key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", t("ui.rep.key_submit")))
	if r.list == nil || r.list.Lang != r.s.Lang {
		r.list = kit.NewList(r.s.Lang, []kit.Column{
			{Title: t("ui.rep.col_line"), Width: 10}, {Title: t("ui.rep.col_shift"), Width: 6}, {Title: t("ui.rep.col_rows")},
			{Title: t("ui.rep.col_by"), Width: 20}, {Title: t("ui.rep.col_fixes"), Width: 6, Right: true},
		})
	}
	r.reasons, _ = r.s.Svc.Shop.DefectReasons(r.s.Ctx)
	r.names = kit.LoadMaster(r.s)
	if r.mode == reportsMonth {
		r.stale = true
		r.loadMonth()
		return
	}
	r.loadDay()
}

// loadDay re-reads the reports of r.day for the list.
func (r *reports) loadDay() {
	t := r.s.T
	r.stale = false
	items, err := r.s.Svc.Shop.Reports(r.s.Ctx, r.day)
	if err != nil {
		r.s.Fail(err)
		return
	}
	r.items = items
	rows := make([]kit.Row, len(items))
	for i, rep := range items {
		var actual, defect int64
		for _, row := range rep.Rows {
			actual += row.Actual
			defect += row.Defect
		}
		rows[i] = kit.Row{ID: strconv.Itoa(i), Cells: []string{rep.Line, rep.Shift.Text().In(r.s.Lang),
			t("ui.rep.summary", len(rep.Rows), actual, defect), r.s.Who(rep.SubmittedBy) + " " + timeOfDay(r.s.Time(rep.Submitted)),
			strconv.Itoa(len(rep.Corrections))}}
	}
	r.list.SetRows(rows)
}

// loadMonth re-reads the output against plan of r.month.
func (r *reports) loadMonth() {
	var err error
	r.output, err = r.s.Svc.Shop.MonthlyOutput(r.s.Ctx, r.month)
	if err != nil {
		r.s.Fail(err)
	}
}

// timeOfDay is the time of day of a Session.Time text ("2006-01-02 15:04"), or
// "" when there is none (a zero time).
func timeOfDay(at string) string {
	if len(at) <= 11 {
		return ""
	}
	return at[11:]
}

func (r *reports) Capturing() bool {
	return r.mode == reportsStart || r.mode == reportsWhy || r.mode == reportsGrid || r.list.Filtering()
}
func (r *reports) Dirty() bool {
	return (r.mode == reportsGrid || r.mode == reportsWhy) && r.grid != nil && r.grid.Dirty()
}

func (r *reports) Update(msg tea.Msg) tea.Cmd {
	switch r.mode {
	case reportsStart:
		return r.updateStart(msg)
	case reportsGrid:
		return r.updateGrid(msg)
	case reportsWhy:
		res, cmd := r.form.Update(msg)
		switch res {
		case kit.FormCancel:
			r.mode, r.form = reportsGrid, nil
		case kit.FormSubmit:
			r.submit(r.form.Text("reason"))
		}
		return cmd
	case reportsMonth:
		if km, ok := msg.(tea.KeyPressMsg); ok {
			switch km.String() {
			case "[", "]":
				n := 1
				if km.String() == "[" {
					n = -1
				}
				r.month = kit.AddMonths(r.s, r.month, n)
				r.loadMonth()
			case "esc", "M":
				r.mode = reportsList
				if r.stale {
					r.loadDay()
				}
			}
		}
		return nil
	}
	km, ok := msg.(tea.KeyPressMsg)
	if ok && !r.list.Filtering() {
		switch km.String() {
		case "n":
			if !model.Can(r.s.User, model.ActReportSubmit) {
				r.s.Fail(model.Forbidden(model.ActReportSubmit))
				return nil
			}
			v := model.Invalid{}
			if model.CheckReportDay(v, r.day, r.s.Svc.Calendar.DateOf(r.s.Svc.Clock.Now())); len(v) > 0 {
				r.s.Fail(v.Err()) // a report of a day not yet begun: say so before the form
				return nil
			}
			shifts := []kit.Option{{Value: string(model.ShiftDay), Label: model.ShiftDay.Text().In(r.s.Lang)}, {Value: string(model.ShiftNight), Label: model.ShiftNight.Text().In(r.s.Lang)}}
			r.form = kit.NewForm(r.s.Lang, r.s.T("ui.rep.new", r.day.String()),
				kit.TextField("line", r.s.T("ui.rep.col_line"), 40),
				kit.ChoiceField("shift", r.s.T("ui.rep.col_shift"), r.s.T("ui.rep.shift_hint"), shifts))
			r.form.SetText("line", "1号线")
			r.form.SetChosen("shift", []string{string(model.ShiftDay)})
			r.form.Snapshot()
			r.mode = reportsStart
			return r.form.Focus()
		case "[", "]":
			n := 1
			if km.String() == "[" {
				n = -1
			}
			r.day = r.day.AddDays(n)
			r.loadDay()
			return nil
		case "M":
			r.mode = reportsMonth
			r.loadMonth()
			return nil
		case "enter":
			i, err := strconv.Atoi(r.list.SelectedID())
			if err == nil && i < len(r.items) {
				if !model.Can(r.s.User, model.ActReportSubmit) {
					r.s.Fail(model.Forbidden(model.ActReportSubmit))
					return nil
				}
				r.openGrid(r.items[i])
			}
			return nil
		}
	}
	_, cmd := r.list.Update(msg)
	return cmd
}

func (r *reports) updateStart(msg tea.Msg) tea.Cmd {
	res, cmd := r.form.Update(msg)
	switch res {
	case kit.FormCancel:
		r.mode, r.form = reportsList, nil
	case kit.FormSubmit:
		line := strings.TrimSpace(r.form.Text("line"))
		shift := model.ShiftDay
		if c := r.form.Chosen("shift"); len(c) == 1 {
			shift = model.Shift(c[0])
		}
		if line == "" {
			r.form.SetErrors(map[string]string{"line": r.s.T("val.required")})
			return nil
		}
		rep, err := r.s.Svc.Shop.Report(r.s.Ctx, r.day, line, shift)
		if err != nil {
			r.s.Fail(err)
			return nil
		}
		r.form = nil
		r.openGrid(rep)
	}
	return cmd
}

// openGrid shows a report's rows for typing (new) or correcting (saved).
func (r *reports) openGrid(rep *model.DailyReport) {
	t := r.s.T
	reasons := []kit.Option{{Value: "", Label: "—"}}
	for _, d := range r.reasons {
		reasons = append(reasons, kit.Option{Value: d.Code, Label: d.Name})
	}
	keys := make([]string, len(rep.Rows))
	rows := make([][]string, len(rep.Rows))
	for i, row := range rep.Rows {
		keys[i] = strconv.Itoa(i)
		variant := row.Variant
		if p := r.names.Product(row.Product); p != nil {
			variant = p.VariantName(row.Variant)
		}
		rows[i] = []string{row.Product, r.productName(row.Product), variant, kit.FmtInt(row.Planned), kit.FmtInt(row.Actual), kit.FmtInt(row.Defect),
			row.DefectReason, strconv.Itoa(row.DowntimeMin), row.DowntimeCause, row.Notes}
	}
	// The code typed is what is saved; its name shows beside it, read
	// only, in what the other columns leave. On 80 columns the downtime,
	// its cause and the notes give way (the grid scrolls to the one the
	// cursor reaches).
	r.grid = kit.NewGrid(r.s.Lang, []kit.GridCol{
		kit.GridCol{Title: t("field.product"), Width: 9, Kind: kit.ColText, Limit: 32}.
			WithLookup(t("ui.pick.product"), kit.AnyRow(kit.ProductItems(r.s))),
		{Title: t("ui.rep.col_name"), Kind: kit.ColRead},
		kit.GridCol{Title: t("field.variant"), Width: 10, Kind: kit.ColText, Limit: 32}.
			WithLookup(t("ui.pick.variant"), r.variantItems),
		{Title: t("ui.rep.col_planned"), Width: 6, Right: true, Total: true},
		{Title: t("ui.rep.col_actual"), Width: 6, Kind: kit.ColNumber, Total: true},
		{Title: t("ui.rep.col_defect"), Width: 5, Kind: kit.ColNumber, Total: true},
		{Title: t("ui.rep.col_reason"), Width: 8, Kind: kit.ColChoice, Choices: reasons},
		{Title: t("ui.rep.col_downtime"), Width: 5, Kind: kit.ColNumber, Total: true, Optional: true},
		{Title: t("ui.rep.col_cause"), Width: 10, Kind: kit.ColText, Limit: model.MaxLineText, Optional: true},
		{Title: t("ui.rep.col_notes"), Width: 12, Kind: kit.ColText, Limit: model.MaxLineText, Optional: true},
	}, keys, rows)
	// Start on the first actual quantity: the usual thing to type.
	r.grid.Col = rcActual
	r.report, r.mode = rep, reportsGrid
}

// variantItems lists the variants of the product typed on a grid row for
// the lookup, filling in the variant's name as the grid shows it; none
// while the row names no product.
func (r *reports) variantItems(row int) []kit.PickItem {
	p := r.names.Product(strings.TrimSpace(r.grid.Cell(row, rcProduct)))
	if p == nil {
		return nil
	}
	return kit.VariantItems(p)
}

func (r *reports) updateGrid(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok && !r.grid.Editing() {
		switch {
		case r.asking:
			switch km.String() {
			case "y", "Y":
				r.mode, r.grid, r.report, r.asking = reportsList, nil, nil, false
				r.s.Info(r.s.T("app.cancelled"))
			case "n", "N", "esc":
				r.asking = false
				r.s.Info("")
			}
			return nil
		case key.Matches(km, r.keys.AddRow):
			r.grid.AddRow(fmt.Sprint(r.grid.Rows()), []string{"", "", "", "0", "0", "0", "", "0", "", ""})
			r.grid.Col = rcProduct
			return nil
		case key.Matches(km, r.keys.DelRow):
			r.grid.DeleteRow()
			return nil
		case key.Matches(km, r.keys.Save):
			if r.report.Version == 0 {
				r.submit("")
				return nil
			}
			r.form = kit.NewForm(r.s.Lang, r.s.T("ui.rep.why"), kit.AreaField("reason", r.s.T("field.reason"), model.MaxLineText+100))
			r.mode = reportsWhy
			return r.form.Focus()
		case km.String() == "esc":
			if r.grid.Dirty() {
				r.asking = true
				r.s.Alert(r.s.T("app.discard"))
				return nil
			}
			r.mode, r.grid = reportsList, nil
			return nil
		}
	}
	r.grid.Update(msg)
	r.nameRows()
	return nil
}

// productName is the name of the product with code, "" when none has it.
func (r *reports) productName(code string) string {
	if p := r.names.Product(strings.TrimSpace(code)); p != nil {
		return kit.Line(p.Name)
	}
	return ""
}

// nameRows shows each row's product name beside the code as typed so far.
func (r *reports) nameRows() {
	for i := 0; i < r.grid.Rows(); i++ {
		r.grid.SetRead(i, rcName, r.productName(r.grid.Cell(i, rcProduct)))
	}
}

// submit saves the report (new) or its correction with reason.
func (r *reports) submit(reason string) {
	rep := *r.report
	rep.Rows = nil
	for i := 0; i < r.grid.Rows(); i++ {
		g := r.grid
		down, _ := strconv.Atoi(g.Cell(i, rcDowntime))
		rep.Rows = append(rep.Rows, model.ReportRow{
			Product: strings.TrimSpace(g.Cell(i, rcProduct)), Variant: strings.TrimSpace(g.Cell(i, rcVariant)),
			Planned: g.Number(i, rcPlanned), Actual: g.Number(i, rcActual), Defect: g.Number(i, rcDefect),
			DefectReason: g.Cell(i, rcReason), DowntimeMin: down, DowntimeCause: strings.TrimSpace(g.Cell(i, rcCause)),
			Notes: strings.TrimSpace(g.Cell(i, rcNotes))})
	}
	var saved *model.DailyReport
	var err error
	if rep.Version == 0 {
		saved, err = r.s.Svc.Shop.SubmitReport(r.s.Ctx, r.s.User, &rep)
	} else {
		saved, err = r.s.Svc.Shop.CorrectReport(r.s.Ctx, r.s.User, &rep, reason)
	}
	if err != nil {
		r.mode, r.form = reportsGrid, nil
		r.placeErrors(err)
		r.s.Fail(err)
		return
	}
	msg := r.s.T("ui.rep.corrected", saved.Line, saved.Date.String())
	if rep.Version == 0 {
		msg = r.s.T("ui.rep.submitted", saved.Line, saved.Shift.Text().In(r.s.Lang), saved.Date.String())
	}
	if w := r.warnings(saved); w != "" {
		r.s.Alert(msg + r.s.T("ui.semi_sep") + w)
	} else {
		r.s.Info(msg)
	}
	r.mode, r.grid, r.form, r.report = reportsList, nil, nil, nil
	r.Reload()
}

// warnings are what the saved report is warned of (model.ReportWarnings),
// in one line; "" when none or when what they need cannot be read.
func (r *reports) warnings(rep *model.DailyReport) string {
	products, err := r.s.Svc.Master.Products(r.s.Ctx)
	if err != nil {
		return ""
	}
	plan, _, err := r.s.Svc.Planning.ProductionPlan(r.s.Ctx, rep.Date)
	if err != nil {
		return ""
	}
	warns := model.ReportWarnings(rep, plan, products)
	// During a marking changeover the want of an instruction on an order
	// is what the report is warned of, in place of the plain one.
	if r.s.Svc.Purchase != nil {
		made := make([]model.PlanCell, 0, len(rep.Rows))
		for _, row := range rep.Rows {
			made = append(made, model.PlanCell{Product: row.Product, Variant: row.Variant, Qty: row.Actual})
		}
		if cw, err := r.s.Svc.Purchase.ChangeoverWarnings(r.s.Ctx, rep.Date, made); err == nil && len(cw) > 0 {
			warns = slices.DeleteFunc(warns, func(w model.BalanceWarning) bool {
				return slices.ContainsFunc(cw, func(c model.BalanceWarning) bool { return c.Product == w.Product })
			})
			warns = append(warns, cw...)
		}
	}
	var out []string
	name := model.KeyNamer(products)
	for _, w := range warns {
		out = append(out, w.Message(r.s.Lang, name))
	}
	return strings.Join(out, r.s.T("ui.semi_sep"))
}

// placeErrors puts "rows.N.field" errors at their cells.
func (r *reports) placeErrors(err error) {
	cols := map[string]int{"product": rcProduct, "variant": rcVariant, "actual": rcActual, "defect": rcDefect,
		"defect_reason": rcReason, "defect_note": rcNotes, "downtime_min": rcDowntime, "downtime_cause": rcCause, "notes": rcNotes}
	for name, msg := range r.s.FieldErrs(err) {
		parts := strings.Split(name, ".")
		if len(parts) == 3 && parts[0] == "rows" {
			if n, e := strconv.Atoi(parts[1]); e == nil && n >= 1 && n <= r.grid.Rows() {
				if c, ok := cols[parts[2]]; ok {
					r.grid.SetError(n-1, c, msg)
					return
				}
			}
		}
	}
}

func (r *reports) View(width, height int) string {
	st, t := r.s.St, r.s.T
	switch r.mode {
	case reportsStart, reportsWhy:
		return r.form.View(st, width, height)
	case reportsGrid:
		head := st.Title.Render(t("ui.rep.grid_title", r.report.Date.String(), r.report.Line, r.report.Shift.Text().In(r.s.Lang)))
		if r.report.Version > 0 {
			head += "  " + st.Warn.Render(t("ui.rep.correcting"))
		}
		return head + "\n" + r.grid.View(st, width, height-1)
	case reportsMonth:
		return r.monthView(width)
	}
	head := st.Title.Render(t("ui.rep.title", r.day.String())) + "  " + st.Dim.Render(t("ui.rep.hint"))
	return head + "\n" + r.list.View(st, width, height-1, t("ui.rep.none"))
}

func (r *reports) monthView(width int) string {
	st, t := r.s.St, r.s.T
	rows := make([][]string, len(r.output))
	for i, o := range r.output {
		rows[i] = []string{strings.TrimSpace(o.Product + " " + r.productName(o.Product)), kit.FmtInt(o.Planned), kit.FmtInt(o.Actual), kit.FmtInt(o.Variance), kit.FmtInt(o.Defect), strconv.Itoa(o.Downtime), strings.Join(o.Reasons, t("ui.semi_sep"))}
	}
	cols := []kit.Column{{Title: t("field.product"), Width: 16}, {Title: t("ui.rep.col_planned"), Width: 7, Right: true}, {Title: t("ui.rep.col_actual"), Width: 7, Right: true},
		{Title: t("ui.rep.col_variance"), Width: 7, Right: true}, {Title: t("ui.rep.col_defect"), Width: 6, Right: true},
		{Title: t("ui.rep.col_downtime"), Width: 6, Right: true, Optional: true}, {Title: t("ui.rep.col_reasons")}}
	body := st.Dim.Render(t("ui.rep.none_month"))
	if len(rows) > 0 {
		body = kit.RenderTable(st, cols, rows, -1, width, nil)
	}
	return st.Title.Render(t("ui.rep.month_title", r.month.String())) + "  " + st.Dim.Render(t("kpi.hint")) + "\n" + body
}

func (r *reports) HelpKeys() []key.Binding {
	switch r.mode {
	case reportsStart, reportsWhy:
		return r.form.HelpKeys()
	case reportsGrid:
		if r.grid.Picking() {
			return nil // the picker says its keys
		}
		return append(r.grid.EditKeys(), r.keys.Save, r.keys.AddRow, r.keys.DelRow)
	case reportsMonth:
		return nil
	}
	if r.list.Filtering() {
		return r.list.HelpKeys()
	}
	return append(r.list.HelpKeys(), r.keys.New, r.keys.Day, r.keys.Month)
}
