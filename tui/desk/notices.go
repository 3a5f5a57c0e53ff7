package desk

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"xietong/model"
	"xietong/tui/kit"
)

type noticeMode int

const (
	noticeList noticeMode = iota
	noticeDetail
	noticeForm
)

// notices is the 通知公告 section: list, detail with read list, and form.
type notices struct {
	s       *kit.Session
	mode    noticeMode
	list    *kit.List
	detail  *model.Notice
	scroll  *kit.Pager // the detail, scrolled
	reads   []model.Read
	form    *kit.Form
	editing *model.Notice // nil: new notice
	keys    noticeKeys

	// Who has read the open notice and who of its audience has not, worked
	// out when it is loaded (shown to its author and editors only).
	readNames, unread []string
	readersErr        error
}

type noticeKeys struct{ New, Edit, Read, Back key.Binding }

func newNotices(s *kit.Session) *notices {
	n := &notices{s: s}
	return n
}

func (n *notices) Title() string { return n.s.T("sec.notices") }

func (n *notices) columns() []kit.Column {
	return []kit.Column{
		{Title: n.s.T("notice.col_mark"), Width: 6},
		{Title: n.s.T("notice.col_title")},
		{Title: n.s.T("notice.col_author"), Width: 12},
		{Title: n.s.T("notice.col_time"), Width: 16},
		{Title: n.s.T("notice.col_read"), Width: 6},
	}
}

// noticeRow renders a notice as a list row.
func noticeRow(s *kit.Session, v model.NoticeView, withRead bool) kit.Row {
	mark := ""
	if v.Urgent {
		mark = s.T("notice.urgent")
	}
	cells := []string{mark, v.Title, s.Who(v.Author), s.Time(v.CreatedAt)}
	if withRead {
		state := s.T("notice.unread")
		if !v.ReadAt.IsZero() || v.Author == s.User.Login {
			state = s.T("notice.read")
		}
		cells = append(cells, state)
	}
	r := kit.Row{ID: strconv.FormatUint(v.ID, 10), Cells: cells}
	if v.Urgent {
		r.Style, r.Emph = s.St.Urgent, true
	}
	return r
}

func (n *notices) Reload() {
	t := func(k string) string { return n.s.T(k) }
	n.keys = noticeKeys{
		New:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t("key.new"))),
		Edit: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", t("key.edit"))),
		Read: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t("key.read"))),
		Back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("key.back"))),
	}
	if n.list == nil || n.list.Lang != n.s.Lang {
		n.list = kit.NewList(n.s.Lang, n.columns())
	}
	items, err := n.s.Svc.Notices.Notices(n.s.Ctx, n.s.User)
	if err != nil {
		n.s.Fail(err)
		return
	}
	rows := make([]kit.Row, len(items))
	for i, v := range items {
		rows[i] = noticeRow(n.s, v, true)
	}
	n.list.SetRows(rows)
	if n.detail != nil {
		n.loadDetail(n.detail.ID)
	}
}

func (n *notices) loadDetail(id uint64) {
	d, err := n.s.Svc.Notices.Notice(n.s.Ctx, id)
	if err != nil {
		n.s.Fail(err)
		n.detail, n.mode = nil, noticeList
		return
	}
	if n.scroll == nil || n.detail == nil || n.detail.ID != id {
		n.scroll = &kit.Pager{Lang: n.s.Lang, Build: n.detailLines}
	}
	n.detail = d
	n.reads, err = n.s.Svc.Notices.Reads(n.s.Ctx, id)
	if err != nil {
		n.s.Fail(err)
	}
	n.loadReaders()
}

// showReaders reports whether the person sees who has read notice d.
func (n *notices) showReaders(d *model.Notice) bool {
	return d.Author == n.s.User.Login || d.CanEdit(n.s.User)
}

// loadReaders works out who has read the open notice and who has not.
func (n *notices) loadReaders() {
	n.readNames, n.unread, n.readersErr = nil, nil, nil
	d := n.detail
	if d == nil || !n.showReaders(d) {
		return
	}
	users, err := n.s.Svc.Users.Users(n.s.Ctx)
	if err != nil {
		n.readersErr = n.s.Fault(err)
		return
	}
	read := map[string]bool{}
	for _, r := range n.reads {
		read[r.Login] = true
		n.readNames = append(n.readNames, n.s.Who(r.Login))
	}
	for _, u := range users {
		if u.Disabled || u.Login == d.Author || read[u.Login] || !d.For(u) {
			continue
		}
		n.unread = append(n.unread, n.s.Who(u.Login))
	}
}

func (n *notices) selected() uint64 {
	id, _ := strconv.ParseUint(n.list.SelectedID(), 10, 64)
	return id
}

func (n *notices) Capturing() bool {
	return n.mode == noticeForm || n.list.Filtering()
}

func (n *notices) Dirty() bool { return n.mode == noticeForm && n.form.Dirty() }

func (n *notices) Update(msg tea.Msg) tea.Cmd {
	if o, ok := msg.(kit.OpenMsg); ok {
		if n.mode == noticeForm && n.form.Dirty() {
			return nil // never drop an edit in progress
		}
		n.list.Select(strconv.FormatUint(o.ID, 10))
		n.loadDetail(o.ID)
		if n.detail != nil {
			n.mode = noticeDetail
		}
		return nil
	}
	switch n.mode {
	case noticeForm:
		return n.updateForm(msg)
	case noticeDetail:
		return n.updateDetail(msg)
	}
	km, ok := msg.(tea.KeyPressMsg)
	if ok && !n.list.Filtering() {
		switch {
		case key.Matches(km, n.keys.New):
			return n.openForm(nil)
		case km.String() == "enter":
			if id := n.selected(); id != 0 {
				return n.Update(kit.OpenMsg{ID: id})
			}
			return nil
		case key.Matches(km, n.keys.Read):
			n.markRead(n.selected())
			return nil
		}
	}
	_, cmd := n.list.Update(msg)
	return cmd
}

func (n *notices) markRead(id uint64) {
	if id == 0 {
		return
	}
	if err := n.s.Svc.Notices.MarkRead(n.s.Ctx, n.s.User, id); err != nil {
		n.s.Fail(err)
		return
	}
	n.s.Info(n.s.T("notice.marked"))
	n.Reload()
}

func (n *notices) updateDetail(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if n.scroll.Update(km) {
		return nil
	}
	switch {
	case key.Matches(km, n.keys.Back):
		n.mode, n.detail = noticeList, nil
	case key.Matches(km, n.keys.Read):
		n.markRead(n.detail.ID)
	case key.Matches(km, n.keys.Edit):
		return n.openForm(n.detail)
	}
	return nil
}

func (n *notices) openForm(edit *model.Notice) tea.Cmd {
	if edit == nil && !model.Can(n.s.User, model.ActPostNotice) {
		n.s.Alert(n.s.T("notice.cannot_post"))
		return nil
	}
	if edit != nil && !edit.CanEdit(n.s.User) {
		n.s.Alert(n.s.T("notice.cannot_edit"))
		return nil
	}
	opts := make([]kit.Option, len(model.Departments))
	for i, d := range model.Departments {
		opts[i] = kit.Option{Value: string(d), Label: n.s.T("dept." + string(d))}
	}
	title := n.s.T("notice.new")
	if edit != nil {
		title = n.s.T("notice.edit")
	}
	f := kit.NewForm(n.s.Lang, title,
		kit.TextField("title", n.s.T("field.title"), model.MaxNoticeTitle+50),
		kit.ChoicesField("audience", n.s.T("field.audience"), n.s.T("notice.audience_hint"), opts),
		kit.ToggleField("urgent", n.s.T("field.urgent")),
		kit.AreaField("body", n.s.T("field.body"), model.MaxNoticeBody+200),
	)
	if edit != nil {
		f.SetText("title", edit.Title)
		f.SetText("body", edit.Body)
		f.SetBool("urgent", edit.Urgent)
		aud := make([]string, len(edit.Audience))
		for i, d := range edit.Audience {
			aud[i] = string(d)
		}
		f.SetChosen("audience", aud)
		f.Snapshot()
		cp := *edit
		n.editing = &cp
	} else {
		n.editing = nil
	}
	n.form, n.mode = f, noticeForm
	return f.Focus()
}

func (n *notices) closeForm() {
	n.form, n.editing = nil, nil
	if n.detail != nil {
		n.mode = noticeDetail
	} else {
		n.mode = noticeList
	}
}

func (n *notices) updateForm(msg tea.Msg) tea.Cmd {
	res, cmd := n.form.Update(msg)
	switch res {
	case kit.FormCancel:
		n.closeForm()
		n.s.Info(n.s.T("app.cancelled"))
	case kit.FormSubmit:
		return n.save()
	}
	return cmd
}

func (n *notices) save() tea.Cmd {
	var aud []model.Department
	for _, d := range n.form.Chosen("audience") {
		aud = append(aud, model.Department(d))
	}
	rec := model.Notice{
		Title:    strings.TrimSpace(n.form.Text("title")),
		Body:     n.form.Text("body"),
		Audience: aud,
		Urgent:   n.form.Bool("urgent"),
	}
	if err := rec.Validate(); err != nil {
		n.form.SetErrors(n.s.FieldErrs(err))
		n.s.Alert(n.s.T("form.fix"))
		return nil
	}
	var saved *model.Notice
	var err error
	if n.editing == nil {
		saved, err = n.s.Svc.Notices.PostNotice(n.s.Ctx, n.s.User, &rec)
	} else {
		rec.ID, rec.Meta = n.editing.ID, n.editing.Meta
		saved, err = n.s.Svc.Notices.UpdateNotice(n.s.Ctx, n.s.User, &rec)
	}
	if err != nil {
		// The form stays open with the typed text, so nothing is lost.
		if fe := n.s.FieldErrs(err); fe != nil {
			n.form.SetErrors(fe)
		}
		n.s.Fail(err)
		return nil
	}
	if n.editing == nil {
		n.s.Info(n.s.T("notice.posted", kit.Line(saved.Title)))
	} else {
		n.s.Info(n.s.T("notice.updated", kit.Line(saved.Title)))
	}
	n.form, n.editing = nil, nil
	n.detail = saved
	n.mode = noticeDetail
	n.Reload()
	n.list.Select(strconv.FormatUint(saved.ID, 10))
	return nil
}

func (n *notices) View(width, height int) string {
	switch n.mode {
	case noticeForm:
		return n.form.View(n.s.St, width, height)
	case noticeDetail:
		return n.detailView(width, height)
	}
	return n.list.View(n.s.St, width, height, n.s.T("notice.empty"))
}

func (n *notices) detailView(width, height int) string {
	return n.scroll.View(n.s.St, width, height, n.s.T("notice.detail_keys"))
}

// detailLines are the notice for the pager: its title and who posted it
// stay on top; the audience, the text and (for its author) who has read it
// scroll, so a long notice is read to its end at 80×24.
func (n *notices) detailLines(width int) (head, body []string) {
	st, d := n.s.St, n.detail
	title := kit.Line(d.Title)
	if d.Urgent {
		title = st.Urgent.Render("["+n.s.T("notice.urgent")+"] ") + st.Title.Render(title)
	} else {
		title = st.Title.Render(title)
	}
	meta := st.Dim.Render(n.s.T("notice.meta", kit.Line(n.s.Who(d.Author)), n.s.Time(d.CreatedAt)))
	if d.Version > 1 {
		meta += st.Dim.Render(" " + n.s.T("notice.edited", kit.Line(n.s.Who(d.UpdatedBy)), n.s.Time(d.UpdatedAt)))
	}
	wrap := func(s string) []string {
		lines := strings.Split(lipgloss.NewStyle().Width(max(width-2, 10)).Render(s), "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRight(l, " ")
		}
		return lines
	}
	head = []string{title, meta}
	body = append(body, wrap(st.Dim.Render(n.s.T("notice.audience", n.audienceText(d))))...)
	body = append(body, "")
	body = append(body, wrap(kit.Safe(d.Body, true))...)
	if n.showReaders(d) {
		body = append(body, "")
		body = append(body, wrap(n.readersView())...)
	}
	return head, body
}

func (n *notices) audienceText(d *model.Notice) string {
	if len(d.Audience) == 0 {
		return n.s.T("notice.to_all")
	}
	parts := make([]string, len(d.Audience))
	for i, a := range d.Audience {
		parts[i] = n.s.T("dept." + string(a))
	}
	return strings.Join(parts, n.s.T("ui.list_sep"))
}

// readersView shows the author who has read the notice and who has not.
func (n *notices) readersView() string {
	st := n.s.St
	if n.readersErr != nil {
		return st.Error.Render(model.ErrorMessage(n.readersErr, n.s.Lang))
	}
	return st.OK.Render(n.s.T("notice.readers", len(n.readNames))) + kit.Line(strings.Join(n.readNames, " ")) + "\n" +
		st.Warn.Render(n.s.T("notice.unreaders", len(n.unread))) + kit.Line(strings.Join(n.unread, " "))
}

func (n *notices) HelpKeys() []key.Binding {
	switch n.mode {
	case noticeForm:
		return n.form.HelpKeys()
	case noticeDetail:
		return []key.Binding{n.keys.Read, n.keys.Edit, n.keys.Back}
	}
	if n.list.Filtering() {
		return n.list.HelpKeys()
	}
	return append(n.list.HelpKeys(), n.keys.New, n.keys.Read)
}
