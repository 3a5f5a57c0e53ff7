// Package meetings is the section of the meetings, with the action items
// they give.
package meetings

import (
	"fmt"
	"maps"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// Sections are the meetings' sections.
func Sections() []kit.Section {
	return []kit.Section{
		{Key: "sec.meetings", Code: "meetings", Group: "grp.management", Make: func(s *kit.Session) kit.Screen { return newMeetings(s) },
			Wants: model.KindSet(model.KindMeeting, model.KindMeetingTemplate, model.KindAction, model.KindUser, model.KindProduct,
				model.KindReport, model.KindDefectReasons, model.KindPlan, model.KindLine),
			Alerts: []kit.LiveAlert{{Kind: model.KindAction, Say: actionAlert}}},
	}
}

// actionAlert tells a person that a meeting gave them an action.
func actionAlert(s *kit.Session, e model.Event) (kit.Alert, bool) {
	if e.Action != "create" || e.Key != s.User.Login {
		return kit.Alert{}, false
	}
	return kit.Alert{Text: s.T("live.action", kit.Line(s.Who(e.Actor))), Level: kit.StatusAlert}, true
}

// meetings is the 会议 section: the monthly coordination meeting (created
// for the 3rd with last month's figures), weekly meetings from templates,
// and running one: tick items, notes, attendance, decisions that become
// action items, closing the minutes and addenda after.
type meetings struct {
	s         *kit.Session
	list      *kit.List
	templates []*model.MeetingTemplate
	m         *model.Meeting // open meeting
	cur       int            // agenda item under the cursor
	form      *kit.Form
	formFor   string
	done      map[uint64]*model.ActionItem // the open meeting's action items by id
	products  map[string]string            // product names by code, for the figures
	closing   bool                         // asking whether to close the meeting
	off       int                          // first line of the meeting's scrolled part in view
	page      int                          // lines of the scrolled part in view at the last draw
	free      bool                         // scrolled by pages: the view leaves the item under the cursor
	seek      bool                         // opened from elsewhere: the next draw shows the decisions
	attend    *attendance                  // picking who attended
}

// attendance picks a meeting's attendees from the accounts: space ticks the
// person under the cursor, / filters, ctrl+s saves, esc leaves.
type attendance struct {
	list   *kit.List
	people []*model.User
	chosen map[string]bool
	start  map[string]bool
}

func (a *attendance) dirty() bool { return !maps.Equal(a.chosen, a.start) }

func newMeetings(s *kit.Session) *meetings { return &meetings{s: s} }

func (v *meetings) Title() string { return v.s.T("sec.meetings") }

func (v *meetings) Reload() {
	t := v.s.T
	if v.list == nil || v.list.Lang != v.s.Lang {
		v.list = kit.NewList(v.s.Lang, []kit.Column{
			{Title: "#", Width: 4, Right: true}, {Title: t("ui.mt.col_date"), Width: 10}, {Title: t("ui.mt.col_title")},
			{Title: t("ui.mt.col_progress"), Width: 8}, {Title: t("ui.mt.col_state"), Width: 8},
		})
	}
	svc := v.s.Svc.Meetings
	today := v.s.Svc.Calendar.DateOf(v.s.Svc.Clock.Now())
	// The monthly meeting exists from the first day of its month.
	if _, err := svc.EnsureMonthly(v.s.Ctx, model.MonthOf(today)); err != nil {
		v.s.Fail(err)
	}
	list, err := svc.Meetings(v.s.Ctx)
	if err != nil {
		v.s.Fail(err)
		return
	}
	rows := make([]kit.Row, len(list))
	for i, m := range list {
		done := 0
		for _, it := range m.Items {
			if it.Done {
				done++
			}
		}
		state := t("ui.mt.open")
		if !m.Closed.IsZero() {
			state = t("ui.mt.closed")
		}
		rows[i] = kit.Row{ID: strconv.FormatUint(m.ID, 10), Cells: []string{strconv.FormatUint(m.ID, 10), m.Date.String(), m.TitleIn(v.s.Lang),
			fmt.Sprintf("%d/%d", done, len(m.Items)), state}}
	}
	v.list.SetRows(rows)
	v.templates, _ = svc.Templates(v.s.Ctx)
	if v.m != nil && v.form == nil && !v.closing {
		if m, err := svc.Meeting(v.s.Ctx, v.m.ID); err == nil {
			v.m = m
		}
	}
	v.loadActions()
}

// open shows meeting m, with the names its figures need.
func (v *meetings) open(m *model.Meeting) {
	v.m, v.cur, v.off, v.free, v.seek, v.closing, v.attend = m, 0, 0, false, false, false, nil
	v.products = map[string]string{}
	if m.Kind == model.MeetingMonthly {
		if ps, err := v.s.Svc.Master.Products(v.s.Ctx); err == nil {
			for _, p := range ps {
				v.products[p.Code] = p.Name
			}
		}
	}
	v.loadActions()
}

// productName is the product's name, or its code when it is not known.
func (v *meetings) productName(code string) string {
	if n := v.products[code]; n != "" {
		return n
	}
	return code
}

// loadActions reads the action items of the open meeting's decisions, so
// each decision shows whether its owner has done it.
func (v *meetings) loadActions() {
	v.done = map[uint64]*model.ActionItem{}
	if v.m == nil {
		return
	}
	owners := map[string]bool{}
	for _, d := range v.m.Decisions {
		owners[d.Owner] = true
	}
	for o := range owners {
		items, err := v.s.Svc.Meetings.ActionItems(v.s.Ctx, o, false)
		if err != nil {
			continue
		}
		for _, a := range items {
			v.done[a.ID] = a
		}
	}
}

func (v *meetings) Capturing() bool {
	return v.form != nil || v.list.Filtering() || v.closing || v.attend != nil
}
func (v *meetings) Dirty() bool {
	return v.form != nil && v.form.Dirty() || v.attend != nil && v.attend.dirty()
}

func (v *meetings) canRun() bool { return model.CanRunMeetings(v.s.User) }

func (v *meetings) Update(msg tea.Msg) tea.Cmd {
	if om, ok := msg.(kit.OpenMsg); ok {
		// A meeting opened from elsewhere (an action item on the home
		// screen): shown with its decisions in view.
		if v.Dirty() {
			return nil // never drop an edit in progress
		}
		m, err := v.s.Svc.Meetings.Meeting(v.s.Ctx, om.ID)
		if err != nil {
			v.s.Fail(err)
			return nil
		}
		v.form = nil
		v.list.Select(strconv.FormatUint(m.ID, 10))
		v.open(m)
		v.seek = len(m.Decisions) > 0
		return nil
	}
	if v.form != nil {
		res, cmd := v.form.Update(msg)
		switch res {
		case kit.FormCancel:
			v.form = nil
		case kit.FormSubmit:
			v.save()
		}
		return cmd
	}
	if v.attend != nil {
		return v.attendKey(msg)
	}
	km, ok := msg.(tea.KeyPressMsg)
	if v.closing {
		if ok {
			v.closing = false
			if km.String() == "y" || km.String() == "Y" {
				v.close()
			}
		}
		return nil
	}
	if v.m == nil {
		if ok && !v.list.Filtering() {
			switch km.String() {
			case "enter":
				id, _ := strconv.ParseUint(v.list.SelectedID(), 10, 64)
				if m, err := v.s.Svc.Meetings.Meeting(v.s.Ctx, id); err == nil {
					v.open(m)
				} else if id != 0 {
					v.s.Fail(err)
				}
				return nil
			case "n":
				return v.openNew()
			case "T":
				if !v.canRun() {
					v.s.Fail(model.Forbidden(model.ActMeetingRun))
					return nil
				}
				v.form = kit.NewForm(v.s.Lang, v.s.T("ui.mt.template_new"), kit.TextField("name", v.s.T("ui.mt.template_name"), 120),
					kit.AreaField("items", v.s.T("ui.mt.template_items"), 4000))
				v.formFor = "template"
				return v.form.Focus()
			}
		}
		_, cmd := v.list.Update(msg)
		return cmd
	}
	if !ok {
		return nil
	}
	return v.meetingKey(km.String())
}

func (v *meetings) openNew() tea.Cmd {
	if !v.canRun() {
		v.s.Fail(model.Forbidden(model.ActMeetingRun))
		return nil
	}
	opts := make([]kit.Option, len(v.templates))
	for i, t := range v.templates {
		opts[i] = kit.Option{Value: strconv.FormatUint(t.ID, 10), Label: t.Name}
	}
	if len(opts) == 0 {
		v.s.Alert(v.s.T("ui.mt.no_templates"))
		return nil
	}
	v.form = kit.NewForm(v.s.Lang, v.s.T("ui.mt.new"), kit.ChoiceField("template", v.s.T("ui.mt.template"), v.s.T("ui.an.one_hint"), opts),
		kit.TextField("date", v.s.T("field.date"), 20))
	v.form.SetChosen("template", []string{opts[0].Value})
	v.form.SetText("date", v.s.Svc.Calendar.DateOf(v.s.Svc.Clock.Now()).String())
	v.form.Snapshot()
	v.formFor = "new"
	return v.form.Focus()
}

// meetingKey handles keys on an open meeting.
func (v *meetings) meetingKey(k string) tea.Cmd {
	m, t := v.m, v.s.T
	closed := !m.Closed.IsZero()
	switch k {
	case "esc":
		v.m = nil
		return nil
	case "up", "k":
		v.cur, v.free = max(v.cur-1, 0), false
		return nil
	case "down", "j":
		v.cur, v.free = min(v.cur+1, len(m.Items)-1), false
		return nil
	case "pgup", "pgdown", "home", "g", "end", "G":
		// The page scrolls; the cursor stays on its item, and ↑↓ bring
		// the view back to it.
		page := max(v.page, 1)
		switch k {
		case "pgup":
			v.off -= page
		case "pgdown":
			v.off += page
		case "home", "g":
			v.off = 0
		default:
			v.off = 1 << 30 // the draw stops it at the end
		}
		v.off, v.free, v.seek = max(v.off, 0), true, false
		return nil
	case "+":
		v.form = kit.NewForm(v.s.Lang, t("ui.mt.addendum"), kit.AreaField("text", t("ui.mt.addendum"), model.MaxLineText+100))
		v.formFor = "addendum"
		return v.form.Focus()
	}
	if closed && (k == "space" || k == "e" || k == "d" || k == "p" || k == "c") {
		v.s.Alert(t("ui.mt.frozen"))
		return nil
	}
	if !v.canRun() && k != "esc" {
		if k == "space" || k == "e" || k == "d" || k == "p" || k == "c" {
			v.s.Fail(model.Forbidden(model.ActMeetingRun))
		}
		return nil
	}
	switch k {
	case "space":
		cp := *m
		cp.Items = append([]model.AgendaItem(nil), m.Items...)
		cp.Items[v.cur].Done = !cp.Items[v.cur].Done
		v.store(&cp)
	case "e":
		v.form = kit.NewForm(v.s.Lang, t("ui.mt.notes_title", m.ItemTitle(v.s.Lang, m.Items[v.cur])), kit.AreaField("notes", t("ui.mt.notes"), 2000))
		v.form.SetText("notes", m.Items[v.cur].Notes)
		v.form.Snapshot()
		v.formFor = "notes"
		return v.form.Focus()
	case "p":
		v.openAttendance()
	case "d":
		v.form = kit.NewForm(v.s.Lang, t("ui.mt.decision"), kit.AreaField("text", t("ui.mt.decision_text"), model.MaxLineText+100),
			kit.TextField("owner", t("ui.pj.owner_hint"), 40).WithLookup(t("ui.pick.account"), kit.AccountItems(v.s)), kit.TextField("due", t("ui.mt.due"), 20))
		v.form.SetText("due", v.s.Svc.Calendar.AddWorkingDays(v.s.Svc.Calendar.DateOf(v.s.Svc.Clock.Now()), 5).String())
		v.form.Snapshot()
		v.formFor = "decision"
		return v.form.Focus()
	case "c":
		v.closing = true
	}
	return nil
}

// close closes the open meeting, once confirmed.
func (v *meetings) close() {
	m := v.m
	saved, err := v.s.Svc.Meetings.CloseMeeting(v.s.Ctx, v.s.User, m.ID, m.Version)
	if err != nil {
		v.s.Fail(err)
		return
	}
	v.m = saved
	v.s.Info(v.s.T("ui.mt.closed_msg", saved.TitleIn(v.s.Lang)))
}

// openAttendance starts picking attendees: every enabled account, and
// whoever is already recorded.
func (v *meetings) openAttendance() {
	users, err := v.s.Svc.Users.Users(v.s.Ctx)
	if err != nil {
		v.s.Fail(err)
		return
	}
	a := &attendance{chosen: map[string]bool{}, start: map[string]bool{}}
	for _, login := range v.m.Attendees {
		a.chosen[login], a.start[login] = true, true
	}
	for _, u := range users {
		if !u.Disabled || a.chosen[u.Login] {
			a.people = append(a.people, u)
		}
	}
	t := v.s.T
	a.list = kit.NewList(v.s.Lang, []kit.Column{{Title: "", Width: 3}, {Title: t("ui.mt.col_person")},
		{Title: t("ui.mt.col_dept"), Width: 10}, {Title: t("ui.mt.col_login"), Width: 12}})
	v.attend = a
	v.attendRows()
}

func (v *meetings) attendRows() {
	a := v.attend
	rows := make([]kit.Row, len(a.people))
	for i, u := range a.people {
		box := "[ ]"
		if a.chosen[u.Login] {
			box = "[x]"
		}
		rows[i] = kit.Row{ID: u.Login, Cells: []string{box, u.Name, v.s.T("dept." + string(u.Dept)), u.Login}}
	}
	a.list.SetRows(rows)
}

// attendKey handles keys while picking attendees.
func (v *meetings) attendKey(msg tea.Msg) tea.Cmd {
	a := v.attend
	km, ok := msg.(tea.KeyPressMsg)
	if ok && !a.list.Filtering() {
		switch km.String() {
		case "space", "x":
			if login := a.list.SelectedID(); login != "" {
				a.chosen[login] = !a.chosen[login]
				v.attendRows()
			}
			return nil
		case "ctrl+s":
			cp := *v.m
			cp.Attendees = nil
			for _, u := range a.people {
				if a.chosen[u.Login] {
					cp.Attendees = append(cp.Attendees, u.Login)
				}
			}
			if v.store(&cp) {
				v.attend = nil
				v.s.Info(v.s.T("ui.mt.attendance_saved", len(cp.Attendees)))
			}
			return nil
		case "esc":
			v.attend = nil
			return nil
		}
	}
	_, cmd := a.list.Update(msg)
	return cmd
}

// store saves the meeting, keeping the cursor.
func (v *meetings) store(m *model.Meeting) bool {
	saved, err := v.s.Svc.Meetings.SaveMeeting(v.s.Ctx, v.s.User, m)
	if err != nil {
		v.s.Fail(err)
		return false
	}
	v.m = saved
	return true
}

func (v *meetings) save() {
	t, f, svc := v.s.T, v.form, v.s.Svc.Meetings
	var err error
	switch v.formFor {
	case "new":
		id, _ := strconv.ParseUint(f.Chosen("template")[0], 10, 64)
		d, derr := model.ParseDate(f.Text("date"))
		if derr != nil {
			err = model.FieldError("date", derr)
			break
		}
		var m *model.Meeting
		if m, err = svc.StartMeeting(v.s.Ctx, v.s.User, id, d); err == nil {
			v.open(m)
			v.s.Info(t("ui.mt.started", m.TitleIn(v.s.Lang)))
		}
	case "notes":
		cp := *v.m
		cp.Items = append([]model.AgendaItem(nil), v.m.Items...)
		cp.Items[v.cur].Notes = f.Text("notes")
		if !v.store(&cp) {
			return
		}
	case "decision":
		d, derr := model.ParseDate(f.Text("due"))
		if derr != nil {
			err = model.FieldError("due", derr)
			break
		}
		// The owner is typed by login or by name (one person only).
		owner := strings.TrimSpace(f.Text("owner"))
		if owner != "" {
			login, lerr := kit.LoginOf(v.s, owner)
			if lerr != nil {
				err = model.FieldError("owner", lerr)
				break
			}
			owner = login
		}
		var m *model.Meeting
		var a *model.ActionItem
		if m, a, err = svc.Decide(v.s.Ctx, v.s.User, v.m.ID, v.m.Version,
			model.Decision{Text: strings.TrimSpace(f.Text("text")), Owner: owner, Due: d}); err == nil {
			v.m = m
			v.loadActions()
			v.s.Info(t("ui.mt.decided", v.s.Who(a.Owner), a.Due.String()))
		}
	case "template":
		var items []string
		for _, l := range strings.Split(f.Text("items"), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				items = append(items, l)
			}
		}
		var tpl *model.MeetingTemplate
		if tpl, err = svc.SaveTemplate(v.s.Ctx, v.s.User, &model.MeetingTemplate{Kind: model.MeetingCustom, Name: strings.TrimSpace(f.Text("name")), Items: items}); err == nil {
			v.s.Info(t("ui.mt.template_saved", tpl.Name, len(tpl.Items)))
			v.templates, _ = svc.Templates(v.s.Ctx)
		}
	case "addendum":
		var m *model.Meeting
		if m, err = svc.AddAddendum(v.s.Ctx, v.s.User, v.m.ID, f.Text("text")); err == nil {
			v.m = m
			v.s.Info(t("ui.mt.addendum_saved"))
		}
	}
	if err != nil {
		if fe := v.s.FieldErrs(err); fe != nil {
			f.SetErrors(fe)
		}
		v.s.Fail(err)
		return
	}
	v.form = nil
}

func (v *meetings) View(width, height int) string {
	st, t := v.s.St, v.s.T
	if v.form != nil {
		return v.form.View(st, width, height)
	}
	if v.m == nil {
		return st.Dim.Render(t("ui.mt.hint")) + "\n" + v.list.View(st, width, height-1, t("ui.mt.none"))
	}
	if v.attend != nil {
		return st.Title.Render(t("ui.mt.attendance")) + "\n" + st.Dim.Render(t("ui.mt.attend_hint")) + "\n" +
			v.attend.list.View(st, width, height-2, "")
	}
	head, body, curFrom, curTo, decisions := v.meetingLines(width)
	room := max(height-len(head)-1, 1)
	v.page = room
	foot := ""
	switch {
	case v.closing:
		foot = st.Alert.Render(kit.Fit(t("ui.mt.close_confirm"), width, false))
	case len(body) > room:
		foot = st.Dim.Render(kit.Fit(t("ui.mt.scroll_keys"), width, false))
	}
	if len(body) <= room {
		v.off, v.seek = 0, false
		return strings.Join(append(append(head, body...), foot), "\n")
	}
	// Scroll no more than it takes, from where the last frame was: the
	// item under the cursor in view, clear of the lines saying more is
	// above or below (the last item brings the decisions and addenda after
	// it), unless pgup/pgdn/g/G moved the view away from it.
	off := v.off
	switch {
	case v.seek && decisions >= 0:
		off, v.free = decisions, true
	case v.free:
	case v.cur == len(v.m.Items)-1:
		off = len(body) - room
	default:
		off = max(off, curTo-room+1)
		off = min(off, max(curFrom-1, 0)) // the item's first line wins over its last
	}
	v.seek = false
	off = max(min(off, len(body)-room), 0)
	v.off = off
	end := min(off+room, len(body))
	view := append([]string(nil), body[off:end]...)
	if off > 0 {
		view[0] = st.Dim.Render(kit.Fit(t("ui.more_above", off), width, false))
	}
	if end < len(body) {
		view[len(view)-1] = st.Dim.Render(kit.Fit(t("ui.more_below", len(body)-end+1), width, false))
	}
	return strings.Join(append(append(head, view...), foot), "\n")
}

// meetingLines are the open meeting, every text in full, wrapped to width:
// the title and the figures' time stay at the top (head); the attendance,
// the items (with the figures, and the notes of the item under the
// cursor), the decisions and the addenda scroll (body). curFrom and curTo
// are the body lines of the item under the cursor; decisions is the
// decisions' first line (-1: none).
func (v *meetings) meetingLines(width int) (head, body []string, curFrom, curTo, decisions int) {
	st, t, m, lang := v.s.St, v.s.T, v.m, v.s.Lang
	styled := func(style lipgloss.Style, lines []string) []string {
		for i, l := range lines {
			lines[i] = style.Render(l)
		}
		return lines
	}
	indent := func(lines []string) []string {
		for i, l := range lines {
			lines[i] = "    " + l
		}
		return lines
	}
	state := t("ui.mt.open")
	if !m.Closed.IsZero() {
		state = t("ui.mt.closed_at", v.s.Time(m.Closed), v.s.Who(m.ClosedBy))
	}
	head = kit.Heading(kit.Line(m.TitleIn(lang)+" · "+m.Date.String()), kit.Line(state), st.Title, st.Dim, width)
	if f := m.Figures; f != nil {
		asOf := t("meeting.fig.as_of", v.s.Time(f.AsOf))
		if m.IsClosed() {
			asOf = t("meeting.fig.frozen", v.s.Time(f.AsOf))
		}
		head = append(head, styled(st.Dim, kit.WrapText(asOf, width))...)
	}
	var who []string
	for _, a := range m.Attendees {
		who = append(who, v.s.Who(a))
	}
	body = append(body, kit.Labelled(t("ui.mt.attendance")+t("ui.colon"), kit.Line(strings.Join(who, t("ui.list_sep"))), st.Label, width)...)
	for i, it := range m.Items {
		box := "[ ]"
		if it.Done {
			box = "[x]"
		}
		lines := kit.WrapText(kit.Line(fmt.Sprintf("%s %s", box, m.ItemTitle(lang, it))), width)
		if i == v.cur {
			curFrom = len(body)
			for j, l := range lines {
				lines[j] = st.Selected.Render(kit.Fit(l, width, false))
			}
		}
		body = append(body, lines...)
		for _, fl := range m.Figures.Lines(lang, it.Key, v.productName) {
			body = append(body, indent(styled(st.Dim, kit.WrapText(kit.Line(fl), width-4)))...)
		}
		if notes := strings.TrimSpace(it.Notes); notes != "" && i == v.cur {
			body = append(body, indent(kit.WrapText(kit.Safe(notes, true), width-4))...)
		}
		if i == v.cur {
			curTo = len(body)
		}
	}
	decisions = -1
	if len(m.Decisions) > 0 {
		decisions = len(body)
		body = append(body, st.Bold.Render(t("ui.mt.decisions")))
		for _, d := range m.Decisions {
			state := t("ui.mt.pending")
			if a := v.done[d.ActionID]; a != nil && !a.Done.IsZero() {
				state = t("ui.mt.done_at", v.s.Time(a.Done))
			}
			body = append(body, kit.WrapText(kit.Safe(fmt.Sprintf("· %s → %s%s%s · %s", strings.TrimSpace(d.Text), v.s.Who(d.Owner), t("ui.comma"), d.Due.String(), state), true), width)...)
		}
	}
	for _, a := range m.Addenda {
		body = append(body, styled(st.Warn, kit.WrapText(kit.Safe(t("ui.mt.addendum_line", v.s.Time(a.At), v.s.Who(a.By), strings.TrimSpace(a.Text)), true), width))...)
	}
	return head, body, curFrom, curTo, decisions
}

func (v *meetings) HelpKeys() []key.Binding {
	if v.form != nil {
		return v.form.HelpKeys()
	}
	if v.attend != nil {
		return []key.Binding{key.NewBinding(key.WithKeys("space"), key.WithHelp("space", v.s.T("key.toggle"))),
			key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", v.s.T("key.save"))),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", v.s.T("key.cancel"))), v.attend.list.Keys.Up, v.attend.list.Keys.Down,
			v.attend.list.Keys.Filter}
	}
	if v.m != nil {
		b := func(k, help, label string) key.Binding {
			return key.NewBinding(key.WithKeys(k), key.WithHelp(help, v.s.T(label)))
		}
		if v.closing {
			return nil // the question says its keys
		}
		var ks []key.Binding
		if len(v.m.Items) > 1 {
			ks = append(ks, key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", v.s.T("ui.mt.key_item"))))
		}
		if v.m.Closed.IsZero() && v.canRun() {
			ks = append(ks, b("space", "space", "ui.mt.key_tick"), b("e", "e", "ui.mt.key_notes"), b("p", "p", "ui.mt.key_attend"),
				b("d", "d", "ui.mt.key_decision"), b("c", "c", "ui.mt.key_close"))
		}
		return append(ks, b("+", "+", "ui.mt.key_addendum"), b("esc", "esc", "key.back"))
	}
	if v.list.Filtering() {
		return v.list.HelpKeys()
	}
	return append(v.list.HelpKeys(), key.NewBinding(key.WithKeys("n"), key.WithHelp("n", v.s.T("key.new"))),
		key.NewBinding(key.WithKeys("T"), key.WithHelp("T", v.s.T("ui.mt.template_new"))))
}
