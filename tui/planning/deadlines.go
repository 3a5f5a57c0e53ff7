package planning

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// deadlines is the 期限 board: every due item (forecasts, ten-day plans,
// shortfall tables, production plans, order replies) on time, late (by how
// long) or missing, for today or a month, with counts per department and
// per person.
type deadlines struct {
	s     *kit.Session
	board bool // showing the KPI dashboard instead of the deadlines
	kpis  *kpiBoard
	month bool // false: today
	m     model.Month
	items []model.DueItem
	sum   string // counts per department and person, from Reload
	list  *kit.List
	err   error
	keys  struct{ Toggle, Prev key.Binding }
}

func newDeadlines(s *kit.Session) *deadlines {
	return &deadlines{s: s, m: model.MonthOf(s.Svc.Calendar.DateOf(s.Svc.Clock.Now()))}
}

func (d *deadlines) Title() string { return d.s.T("sec.deadlines") }

func (d *deadlines) Reload() {
	t := d.s.T
	d.keys.Toggle = key.NewBinding(key.WithKeys("t"), key.WithHelp("t", t("ui.dl.key_toggle")))
	d.keys.Prev = key.NewBinding(key.WithKeys("[", "]"), key.WithHelp("[ ]", t("ui.dl.key_month")))
	if d.list == nil || d.list.Lang != d.s.Lang {
		d.list = kit.NewList(d.s.Lang, []kit.Column{
			{Title: t("ui.dl.col_due"), Width: 16}, {Title: t("ui.dl.col_kind"), Width: 10}, {Title: t("ui.dl.col_ref")},
			{Title: t("ui.dl.col_dept"), Width: 10, Optional: true}, {Title: t("ui.dl.col_who"), Width: 8}, {Title: t("ui.dl.col_state"), Width: 16},
		})
	}
	from, to := d.s.Svc.Calendar.DateOf(d.s.Svc.Clock.Now()), d.s.Svc.Calendar.DateOf(d.s.Svc.Clock.Now())
	if d.month {
		from, to = d.m.First(), d.m.Last()
	}
	d.items, d.err = d.s.Svc.Planning.Deadlines(d.s.Ctx, from, to)
	d.err = d.s.Fault(d.err)
	rows := make([]kit.Row, len(d.items))
	for i, it := range d.items {
		state, style := d.stateText(it)
		// Nobody submitted a missing item: the department owes it, and the
		// department column is the first to go on a narrow terminal.
		who := t("dept." + string(it.Dept))
		if it.Who != "" {
			who = d.s.Who(it.Who)
		}
		rows[i] = kit.Row{ID: fmt.Sprint(i), Cells: []string{d.s.Deadline(it.Due), t("ui.dl.kind." + string(it.Kind)), it.Ref,
			t("dept." + string(it.Dept)), who, state}}
		if style != nil {
			rows[i].Style, rows[i].Emph = *style, true
		}
	}
	d.list.SetRows(rows)
	d.sum = d.summary()
	if d.kpis != nil {
		// Changes arrived: the board is read again now if on view, else
		// when next shown.
		d.kpis.stale = true
		if d.board && !d.kpis.editing() {
			d.kpis.load()
		}
	}
}

// stateText words an item's state: on time, late by how long, missing.
func (d *deadlines) stateText(it model.DueItem) (string, *lipgloss.Style) {
	st := d.s.St
	switch it.State {
	case model.DueOnTime:
		return d.s.T("ui.dl.on_time"), &st.OK
	case model.DueLate:
		if days := lateDays(it); days > 0 {
			return d.s.T("ui.dl.late", d.s.T("ui.dl.days", days)), &st.Warn
		}
		return d.s.T("ui.dl.late", kit.DurText(d.s, it.Late)), &st.Warn
	case model.DueMissing:
		return d.s.T("ui.dl.missing", kit.DurText(d.s, it.Late)), &st.Alert
	}
	return d.s.T("ui.dl.pending"), nil
}

func (d *deadlines) Capturing() bool {
	return d.list != nil && d.list.Filtering() || d.board && d.kpis.editing()
}
func (d *deadlines) Dirty() bool { return d.board && d.kpis.editing() && d.kpis.grid.Dirty() }

func (d *deadlines) Update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok && !d.list.Filtering() {
		if (km.String() == "left" || km.String() == "right") && !(d.board && d.kpis.editing()) {
			d.board = !d.board
			if d.board {
				if d.kpis == nil {
					d.kpis = newKPIBoard(d.s)
				}
				d.kpis.ensure() // read again only if something changed
			}
			return nil
		}
		if d.board {
			d.kpis.key(km)
			return nil
		}
		switch km.String() {
		case "t":
			d.month = !d.month
			d.Reload()
			return nil
		case "[", "]":
			if d.month {
				n := 1
				if km.String() == "[" {
					n = -1
				}
				d.m = kit.AddMonths(d.s, d.m, n)
				d.Reload()
			}
			return nil
		}
	}
	_, cmd := d.list.Update(msg)
	return cmd
}

// summary counts on time / late / missing per department and per person.
func (d *deadlines) summary() string {
	type count struct{ on, late, missing int }
	by := map[string]*count{}
	add := func(k string, it model.DueItem) {
		c := by[k]
		if c == nil {
			c = &count{}
			by[k] = c
		}
		switch it.State {
		case model.DueOnTime:
			c.on++
		case model.DueLate:
			c.late++
		case model.DueMissing:
			c.missing++
		}
	}
	for _, it := range d.items {
		add(d.s.T("dept."+string(it.Dept)), it)
		if it.Who != "" {
			add(d.s.Who(it.Who), it)
		}
	}
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		c := by[k]
		parts = append(parts, d.s.T("ui.dl.count", kit.Line(k), c.on, c.late, c.missing))
	}
	return strings.Join(parts, "  ")
}

func (d *deadlines) View(width, height int) string {
	st := d.s.St
	active := 0
	if d.board {
		active = 1
	}
	tabs := kit.SubTabs(st, []string{d.s.T("ui.dl.tab"), d.s.T("ui.kpi.tab")}, active)
	if d.board {
		return tabs + "\n" + d.kpis.view(width, height-1)
	}
	return tabs + "\n" + d.deadlinesView(width, height-1)
}

func (d *deadlines) deadlinesView(width, height int) string {
	st := d.s.St
	if d.err != nil {
		return st.Error.Render(model.ErrorMessage(d.err, d.s.Lang))
	}
	head := d.s.T("ui.dl.today", d.s.Svc.Calendar.DateOf(d.s.Svc.Clock.Now()).String())
	if d.month {
		head = d.s.T("ui.dl.month", d.m.String())
	}
	sum := kit.Fit(d.sum, width, false)
	return st.Title.Render(head) + "\n" + st.Dim.Render(sum) + "\n" + d.list.View(st, width, height-2, d.s.T("ui.dl.none"))
}

func (d *deadlines) HelpKeys() []key.Binding {
	if d.list == nil {
		return nil // not shown yet
	}
	if d.list.Filtering() {
		return d.list.HelpKeys()
	}
	return append(d.list.MoveKeys(), d.keys.Toggle, d.keys.Prev, d.list.Keys.Filter)
}

// lateDays is how many days late a date deadline (forecast, ten-day plan)
// was met, counting days begun; 0 for deadlines at a time of day, whose
// lateness is shown to the minute.
func lateDays(it model.DueItem) int {
	if it.Kind != model.DueForecast && it.Kind != model.DueTenDay {
		return 0
	}
	return it.LateDays()
}
