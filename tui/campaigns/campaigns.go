// Package campaigns is the 营销活动 section: campaign cooperation from
// sales' request through the general manager's agreement to production's
// answers and timetable (docs/DOMAIN.md#campaigns).
package campaigns

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// Sections is the campaigns section, under sales, who file them.
func Sections() []kit.Section {
	return []kit.Section{
		{Key: "sec.campaigns", Code: "campaigns", Group: "grp.sales", Make: func(s *kit.Session) kit.Screen { return newScreen(s) },
			Wants:  model.KindSet(model.KindCampaign, model.KindUser, model.KindProduct),
			Alerts: []kit.LiveAlert{{Kind: model.KindCampaign, Say: campaignAlert}}},
	}
}

// campaignAlert tells the general manager a campaign waits for agreement,
// production that one needs its answer, marketing and the general manager
// at once when production cannot help, and the filer and tracker of the
// other answers.
func campaignAlert(s *kit.Session, e model.Event) (kit.Alert, bool) {
	me := s.User
	var who bool
	switch e.Action {
	case "file":
		who = model.Can(me, model.ActCampaignApprove)
	case "approve":
		who = model.Can(me, model.ActCampaignAnswer)
	case "cannot":
		who = me.Dept == model.DeptSales || model.Can(me, model.ActCampaignApprove)
	case "answer", "cooperate", "done":
		who = slices.Contains(e.For, me.Login)
	case "escalate":
		who = me.Role == model.RoleGM || me.Dept == model.DeptSales || me.Dept == model.DeptProduction || slices.Contains(e.For, me.Login)
	}
	if !who {
		return kit.Alert{}, false
	}
	c, err := s.Svc.Campaigns.Campaign(s.Ctx, e.ID)
	if err != nil {
		return kit.Alert{}, false
	}
	if e.Action == "escalate" {
		return escalateAlert(s, c)
	}
	title, by := kit.Line(c.Title), kit.Line(s.Who(e.Actor))
	switch e.Action {
	case "file":
		return kit.Alert{Text: s.T("ui.cp.live_file", c.No, title, by), Level: kit.StatusAlert}, true
	case "approve":
		key := "ui.cp.live_approve"
		if c.Urgent {
			key = "ui.cp.live_approve_urgent"
		}
		return kit.Alert{Text: s.T(key, c.No, title, s.Deadline(c.AnswerDue)), Level: kit.StatusAlert, Bell: c.Urgent}, true
	case "cannot":
		return kit.Alert{Text: s.T("ui.cp.live_cannot", c.No, title, by), Level: kit.StatusAlert, Bell: true}, true
	}
	return kit.Alert{Text: s.T("ui.cp.live_answer", c.No, title, by, c.Status.Text().In(s.Lang)), Level: kit.StatusAlert}, true
}

// escalateAlert tells the people a campaign escalates to (Campaign.
// EscalatesTo) of the item the system just reported overdue.
func escalateAlert(s *kit.Session, c *model.Campaign) (kit.Alert, bool) {
	if !c.EscalatesTo(s.User) {
		return kit.Alert{}, false
	}
	// The items escalated together are the history's last entries.
	var items []string
	for i := len(c.History) - 1; i >= 0 && c.History[i].Kind == "escalate" && c.History[i].At.Equal(c.History[len(c.History)-1].At); i-- {
		items = append([]string{strconv.Itoa(c.History[i].Item)}, items...)
	}
	if len(items) == 0 {
		return kit.Alert{}, false
	}
	return kit.Alert{Text: s.T("ui.cp.live_escalate", c.No, kit.Line(c.Title), strings.Join(items, s.T("ui.list_sep"))),
		Level: kit.StatusAlert, Bell: true}, true
}

type mode int

const (
	modeList mode = iota
	modeDetail
	modeItems // the items grid of a new campaign
)

// Item grid columns.
const (
	icKind = iota
	icProduct
	icName // the product's name, shown beside the code typed
	icVariant
	icQty
	icPeople
	icDays
	icPlace
	icWork
	icNeeded
)

// screen is the 营销活动 section: the list (what waits first), a campaign's
// detail with the steps the person may take, and the new campaign's form
// and items grid.
type screen struct {
	s      *kit.Session
	mode   mode
	list   *kit.List
	c      *model.Campaign // the campaign open
	page   *kit.Pager
	form   *kit.Form
	act    *action // the step the form is for (nil: a new campaign's head)
	head   *kit.Form
	grid   *kit.Grid
	asking bool            // esc on a changed grid: drop it?
	names  kit.MasterNames // the products by code, read by Reload
	keys   struct{ New, Save, AddRow, DelRow, Back key.Binding }
}

func newScreen(s *kit.Session) *screen { return &screen{s: s} }

func (v *screen) Title() string { return v.s.T("sec.campaigns") }

func (v *screen) Reload() {
	t := v.s.T
	v.keys.New = key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t("ui.cp.key_new")))
	v.keys.Save = key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", t("ui.cp.key_file")))
	v.keys.AddRow = key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", t("ui.cp.key_add")))
	v.keys.DelRow = key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", t("ui.cp.key_del")))
	v.keys.Back = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("key.back")))
	if v.list == nil || v.list.Lang != v.s.Lang {
		v.list = kit.NewList(v.s.Lang, []kit.Column{
			{Title: t("ui.cp.col_no"), Width: 12}, {Title: t("ui.cp.col_title")}, {Title: t("ui.cp.col_status"), Width: 12},
			{Title: t("ui.cp.col_first"), Width: 10, Optional: true}, {Title: t("ui.cp.col_due"), Width: 14},
		})
	}
	v.names = kit.LoadMaster(v.s)
	list, err := v.s.Svc.Campaigns.Campaigns(v.s.Ctx)
	if err != nil {
		v.s.Fail(err)
		return
	}
	now := v.s.Svc.Clock.Now()
	rows := make([]kit.Row, 0, len(list))
	for _, c := range list {
		status, due, late := c.Status.Text().In(v.s.Lang), "", false
		if c.Urgent {
			status = v.s.T("ui.cp.urgent") + " " + status
		}
		if c.Status == model.CampaignNotified {
			due, late = v.s.Until(c.AnswerDue, now)
		}
		r := kit.Row{ID: strconv.FormatUint(c.ID, 10), Cells: []string{c.No, c.Title, status, kit.Date(c.FirstNeeded()), due}}
		switch {
		case late:
			r.Style, r.Emph = v.s.St.Alert, true
		case c.Status == model.CampaignClosed:
			r.Style, r.Emph = v.s.St.Dim, true
		}
		rows = append(rows, r)
	}
	v.list.SetRows(rows)
	if v.c != nil && v.form == nil {
		if c, err := v.s.Svc.Campaigns.Campaign(v.s.Ctx, v.c.ID); err == nil {
			v.c = c
		}
	}
}

func (v *screen) Capturing() bool {
	return v.form != nil || v.head != nil || v.mode == modeItems || v.list.Filtering()
}

func (v *screen) Dirty() bool {
	return v.form != nil && v.form.Dirty() || v.head != nil && v.head.Dirty() || v.mode == modeItems && v.grid.Dirty()
}

func (v *screen) Update(msg tea.Msg) tea.Cmd {
	if om, ok := msg.(kit.OpenMsg); ok && !v.Capturing() {
		v.open(om.ID)
		return nil
	}
	switch {
	case v.form != nil:
		res, cmd := v.form.Update(msg)
		switch res {
		case kit.FormCancel:
			v.form, v.act = nil, nil
		case kit.FormSubmit:
			if v.apply(v.act, v.form) {
				v.form, v.act = nil, nil
			}
		}
		return cmd
	case v.mode == modeItems:
		return v.updateItems(msg)
	case v.head != nil:
		res, cmd := v.head.Update(msg)
		switch res {
		case kit.FormCancel:
			v.head, v.grid = nil, nil
		case kit.FormSubmit:
			if _, err := v.tracker(); err != nil {
				v.head.SetErrors(v.s.FieldErrs(model.FieldError("tracker", err)))
				return cmd
			}
			v.startItems()
		}
		return cmd
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || v.list.Filtering() {
		_, cmd := v.list.Update(msg)
		return cmd
	}
	k := km.String()
	if v.mode == modeDetail {
		if k == "esc" {
			v.mode, v.c, v.page = modeList, nil, nil
			return nil
		}
		for _, a := range actions() {
			if a.key == k && a.may(v.s.User, v.c) {
				return v.start(&a)
			}
		}
		v.page.Update(km)
		return nil
	}
	switch {
	case key.Matches(km, v.keys.New):
		if err := model.Require(v.s.User, model.ActCampaignFile); err != nil {
			v.s.Fail(err)
			return nil
		}
		t := v.s.T
		v.head = kit.NewForm(v.s.Lang, t("ui.cp.new"),
			kit.TextField("title", t("field.title"), model.MaxProjectTitle+20),
			kit.AreaField("purpose", t("ui.cp.purpose"), model.MaxCampaignText+100),
			kit.TextField("tracker", t("ui.cp.tracker_hint"), 40).WithLookup(t("ui.pick.account"), kit.AccountItems(v.s)))
		v.head.SetText("tracker", v.s.User.Login)
		v.head.Note = t("ui.cp.new_note", model.CampaignLeadDays)
		v.head.Snapshot()
		return v.head.Focus()
	case k == "enter":
		if id, _ := strconv.ParseUint(v.list.SelectedID(), 10, 64); id != 0 {
			v.open(id)
		}
		return nil
	}
	_, cmd := v.list.Update(msg)
	return cmd
}

// tracker is the login of the tracker typed on the head form: a login, or
// the name of one person.
func (v *screen) tracker() (string, error) {
	typed := strings.TrimSpace(v.head.Text("tracker"))
	if typed == "" {
		return "", nil // the campaign's own check says it is wanted
	}
	return kit.LoginOf(v.s, typed)
}

// startItems shows the items grid of the new campaign, one row to start;
// the items typed before, when the head was sent back to for a fix.
func (v *screen) startItems() {
	if v.grid != nil {
		v.mode = modeItems
		return
	}
	t := v.s.T
	kinds := make([]kit.Option, len(model.CampaignItemKinds))
	for i, k := range model.CampaignItemKinds {
		kinds[i] = kit.Option{Value: string(k), Label: k.Text().In(v.s.Lang)}
	}
	v.grid = kit.NewGrid(v.s.Lang, []kit.GridCol{
		{Title: t("field.kind"), Width: 6, Kind: kit.ColChoice, Choices: kinds},
		kit.GridCol{Title: t("field.product"), Width: 9, Kind: kit.ColText, Limit: 32}.
			WithLookup(t("ui.pick.product"), kit.AnyRow(kit.ProductItems(v.s))),
		// The code typed is what is filed; its name shows beside it, read
		// only. On 80 columns the variant and the place give way (the grid
		// scrolls to the one the cursor reaches).
		{Title: t("ui.cp.col_name"), Kind: kit.ColRead},
		kit.GridCol{Title: t("field.variant"), Width: 8, Kind: kit.ColText, Limit: 32, Optional: true}.
			WithLookup(t("ui.pick.variant"), v.variantItems),
		{Title: t("field.qty"), Width: 6, Kind: kit.ColNumber},
		{Title: t("field.people"), Width: 4, Kind: kit.ColNumber},
		{Title: t("field.days"), Width: 4, Kind: kit.ColNumber},
		{Title: t("field.place"), Width: 8, Kind: kit.ColText, Limit: model.MaxProjectTitle, Optional: true},
		{Title: t("field.work"), Kind: kit.ColText, Limit: model.MaxCampaignText},
		{Title: t("field.needed_by"), Width: 10, Kind: kit.ColText, Limit: 20},
	}, []string{"0"}, [][]string{v.emptyRow()})
	v.mode = modeItems
}

// variantItems lists the variants of the product typed on an items row
// for the lookup, filling in the variant's name; none while the row names
// no product.
func (v *screen) variantItems(row int) []kit.PickItem {
	p := v.product(strings.TrimSpace(v.grid.Cell(row, icProduct)))
	if p == nil {
		return nil
	}
	return kit.VariantItems(p)
}

func (v *screen) emptyRow() []string {
	return []string{string(model.ItemSample), "", "", "", "0", "0", "0", "", "", v.s.Svc.Calendar.DateOf(v.s.Svc.Clock.Now()).AddDays(model.CampaignLeadDays).String()}
}

func (v *screen) updateItems(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if ok && !v.grid.Editing() {
		switch {
		case v.asking:
			switch km.String() {
			case "y", "Y":
				v.mode, v.grid, v.head, v.asking = modeList, nil, nil, false
				v.s.Info(v.s.T("app.cancelled"))
			case "n", "N", "esc":
				v.asking = false
				v.s.Info("")
			}
			return nil
		case key.Matches(km, v.keys.AddRow):
			v.grid.AddRow(strconv.Itoa(v.grid.Rows()), v.emptyRow())
			v.grid.Col = icKind
			return nil
		case key.Matches(km, v.keys.DelRow):
			if v.grid.Rows() > 1 {
				v.grid.DeleteRow()
			}
			return nil
		case key.Matches(km, v.keys.Save):
			v.file()
			return nil
		case km.String() == "esc":
			v.asking = true
			v.s.Alert(v.s.T("app.discard"))
			return nil
		}
	}
	v.grid.Update(msg)
	v.nameRows()
	return nil
}

// nameRows shows each row's product name beside the code as typed so far.
func (v *screen) nameRows() {
	for i := 0; i < v.grid.Rows(); i++ {
		name := ""
		if p := v.product(strings.TrimSpace(v.grid.Cell(i, icProduct))); p != nil {
			name = kit.Line(p.Name)
		}
		v.grid.SetRead(i, icName, name)
	}
}

// itemCols maps a field of a campaign item's validation to its column.
var itemCols = map[string]int{"kind": icKind, "product": icProduct, "variant": icVariant, "qty": icQty, "people": icPeople,
	"days": icDays, "place": icPlace, "work": icWork, "needed_by": icNeeded}

// file files the new campaign from its head and items grid; a bad item is
// refused at its cell, a bad head field in its form.
func (v *screen) file() {
	g := v.grid
	today := v.s.Svc.Calendar.DateOf(v.s.Svc.Clock.Now())
	var items []model.CampaignItem
	bad := false
	for i := 0; i < g.Rows(); i++ {
		it := model.CampaignItem{Kind: model.CampaignItemKind(g.Cell(i, icKind)), Product: strings.TrimSpace(g.Cell(i, icProduct)),
			Variant: strings.TrimSpace(g.Cell(i, icVariant)), Qty: g.Number(i, icQty), People: int(g.Number(i, icPeople)),
			Days: int(g.Number(i, icDays)), Place: strings.TrimSpace(g.Cell(i, icPlace)), Work: strings.TrimSpace(g.Cell(i, icWork))}
		iv := model.Invalid{}
		if d, err := model.ParseDate(g.Cell(i, icNeeded)); err != nil {
			iv.AddErr("needed_by", err)
		} else {
			it.NeededBy = d
		}
		if p := v.product(it.Product); p != nil && it.Variant != "" {
			it.Variant = p.VariantOr(it.Variant) // typed by name or code
		}
		it.Validate(iv, today)
		for field, msg := range v.s.FieldErrs(iv.Err()) {
			if c, ok := itemCols[field]; ok {
				g.SetError(i, c, msg)
				bad = true
			}
		}
		items = append(items, it)
	}
	if bad {
		v.s.Fail(model.Errorf(model.EINVALID, "ui.cp.bad_items"))
		return
	}
	h := v.head
	tracker, err := v.tracker()
	if err != nil {
		h.SetErrors(v.s.FieldErrs(model.FieldError("tracker", err))) // back to the head's form
		v.mode = modeList
		return
	}
	c, err := v.s.Svc.Campaigns.FileCampaign(v.s.Ctx, v.s.User, h.Text("title"), h.Text("purpose"), tracker, items)
	if err != nil {
		fe := v.s.FieldErrs(err)
		if fe == nil {
			v.s.Fail(err)
			return
		}
		for field, msg := range fe {
			if c, ok := itemCols[field]; ok {
				for i := 0; i < g.Rows(); i++ {
					if items[i].Kind == model.ItemSample {
						g.SetError(i, c, msg)
					}
				}
				continue
			}
			h.SetErrors(fe) // a head field: back to its form
			v.mode = modeList
			return
		}
		v.s.Fail(err)
		return
	}
	v.mode, v.grid, v.head = modeList, nil, nil
	v.s.Info(v.s.T("ui.cp.filed", c.No, len(c.Items)))
	v.Reload()
	v.open(c.ID)
}

// product is the product with code, nil if none: of those Reload read.
func (v *screen) product(code string) *model.Product { return v.names.Product(code) }

// open shows campaign id.
func (v *screen) open(id uint64) {
	c, err := v.s.Svc.Campaigns.Campaign(v.s.Ctx, id)
	if err != nil {
		v.s.Fail(err)
		return
	}
	v.c, v.mode = c, modeDetail
	v.page = &kit.Pager{Lang: v.s.Lang, Build: v.detailLines}
}

func (v *screen) View(width, height int) string {
	st := v.s.St
	switch {
	case v.form != nil:
		head := st.Title.Render(kit.Fit(v.c.No+"  "+v.c.Title, width, false)) + "\n\n"
		return head + v.form.View(st, width, height-2)
	case v.head != nil && v.mode != modeItems:
		return v.head.View(st, width, height)
	case v.mode == modeItems:
		head := st.Title.Render(kit.Fit(v.s.T("ui.cp.items_title", kit.Line(v.head.Text("title"))), width, false)) + "\n" +
			st.Dim.Render(kit.Fit(v.s.T("ui.cp.items_hint"), width, false))
		return head + "\n" + v.grid.View(st, width, height-2)
	case v.mode == modeDetail:
		return v.page.View(st, width, height, "")
	}
	return st.Dim.Render(v.s.T("ui.cp.head")) + "\n" + v.list.View(st, width, height-1, v.s.T("ui.cp.none"))
}

func (v *screen) HelpKeys() []key.Binding {
	switch {
	case v.form != nil:
		return v.form.HelpKeys()
	case v.head != nil && v.mode != modeItems:
		return v.head.HelpKeys()
	case v.mode == modeItems:
		if v.asking || v.grid.Picking() {
			return nil // the picker says its keys
		}
		// Filing first: the grid's own keys are many and the footer is cut.
		ks := []key.Binding{v.keys.Save, v.keys.AddRow}
		if v.grid.Rows() > 1 {
			ks = append(ks, v.keys.DelRow)
		}
		return append(ks, v.grid.HelpKeys()...)
	case v.list.Filtering():
		return v.list.HelpKeys()
	case v.mode == modeDetail:
		var ks []key.Binding
		for _, a := range actions() {
			if a.may(v.s.User, v.c) {
				ks = append(ks, key.NewBinding(key.WithKeys(a.key), key.WithHelp(a.key, v.s.T(a.label))))
			}
		}
		return append(ks, v.keys.Back)
	}
	ks := v.list.HelpKeys()
	if model.Can(v.s.User, model.ActCampaignFile) {
		ks = append(ks, v.keys.New)
	}
	return ks
}

// detailLines are the open campaign: its head, its items with
// production's answers (the timetable) and its history.
func (v *screen) detailLines(width int) (head, body []string) {
	s, c, st := v.s, v.c, v.s.St
	t := s.T
	status := c.Status.Text().In(s.Lang)
	if c.Urgent {
		status = t("ui.cp.urgent") + " " + status
	}
	head = []string{st.Title.Render(kit.Fit(c.No+"  "+c.Title, width, false)),
		st.Dim.Render(kit.Fit(status+" · "+t("ui.cp.filed_by", s.Who(c.FiledBy), s.Time(c.FiledAt))+" · "+t("field.tracker")+" "+s.Who(c.Tracker), width, false))}
	wrap := func(line string) []string { return kit.Wrap(line, width) }
	body = append(body, wrap(st.Label.Render(t("ui.cp.purpose")+t("ui.colon"))+kit.Line(c.Purpose))...)
	if !c.AnswerDue.IsZero() {
		due := s.Deadline(c.AnswerDue)
		if c.Status == model.CampaignNotified {
			left, _ := s.Until(c.AnswerDue, s.Svc.Clock.Now())
			due = t("ui.pj.due_left", due, left)
		}
		body = append(body, st.Label.Render(t("ui.cp.answer_due")+t("ui.colon"))+due)
	}
	if c.Urgent {
		line := t("ui.cp.urgent_why", model.CampaignLeadDays)
		if c.Cooperate != nil {
			yes := t("form.no")
			if *c.Cooperate {
				yes = t("form.yes")
			}
			line = t("ui.cp.cooperate", yes, kit.Line(c.CooperateText))
		}
		body = append(body, wrap(st.Warn.Render(line))...)
	}
	body = append(body, "", st.Bold.Render(t("ui.cp.items")))
	for i, it := range c.Items {
		answer := it.Answer.Text().In(s.Lang)
		if !it.DoneBy.IsZero() {
			answer += " · " + t("ui.cp.done_by", it.DoneBy.String())
		}
		if !it.DoneAt.IsZero() {
			answer += " · " + t("ui.cp.done_at", s.Time(it.DoneAt))
		} else if !it.EscalatedAt.IsZero() {
			answer += " · " + t("ui.cp.overdue")
		}
		line := fmt.Sprintf("%d. %s %s · %s · %s", i+1, it.Kind.Text().In(s.Lang), v.itemText(it), t("ui.cp.needed", it.NeededBy.String()), answer)
		style := lipgloss.NewStyle()
		if it.Answer == model.AnswerCannot || it.DoneAt.IsZero() && !it.EscalatedAt.IsZero() {
			style = st.Alert
		}
		for _, l := range wrap(line) {
			body = append(body, style.Render(l))
		}
		if it.AnswerText != "" {
			body = append(body, wrap("   "+st.Dim.Render(kit.Line(it.AnswerText)))...)
		}
	}
	body = append(body, "", st.Bold.Render(t("ui.pj.history")))
	for i := len(c.History) - 1; i >= 0; i-- {
		h := c.History[i]
		line := s.Time(h.At) + "  " + kit.Line(s.Who(h.By)) + "  " + t("ui.cp.ev."+h.Kind)
		if h.Item > 0 {
			line += " #" + strconv.Itoa(h.Item)
		}
		body = append(body, wrap(line)...)
	}
	return head, body
}

// itemText words what an item asks.
func (v *screen) itemText(it model.CampaignItem) string {
	switch it.Kind {
	case model.ItemSample:
		name, variant := it.Product, it.Variant
		if p := v.product(it.Product); p != nil {
			name, variant = p.Name, p.VariantName(it.Variant)
		}
		return kit.Line(fmt.Sprintf("%s %s ×%d", name, variant, it.Qty))
	case model.ItemPeople:
		return v.s.T("ui.cp.people", it.People, it.Days, kit.Line(it.Place))
	}
	return kit.Line(it.Work)
}
