package desk

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// home is each department's "what needs me today" screen.
type home struct {
	s       *kit.Session
	unread  []model.NoticeView
	actions []*model.ActionItem // my open action items (日常协同)
	list    *kit.List
	err     error
	due     []string  // what needs this person today, already worded
	form    *kit.Form // the optional note when ticking an action done
	doing   *model.ActionItem
}

func newHome(s *kit.Session) *home {
	h := &home{s: s}
	return h
}

func (h *home) Title() string { return h.s.T("sec.home") }

func (h *home) columns() []kit.Column {
	return []kit.Column{
		{Title: h.s.T("notice.col_mark"), Width: 6},
		{Title: h.s.T("notice.col_title")},
		{Title: h.s.T("notice.col_author"), Width: 12},
		{Title: h.s.T("notice.col_time"), Width: 16},
	}
}

func (h *home) Reload() {
	if h.list == nil || h.list.Lang != h.s.Lang {
		h.list = kit.NewList(h.s.Lang, h.columns())
	}
	all, err := h.s.Svc.Notices.Notices(h.s.Ctx, h.s.User)
	h.err = h.s.Fault(err)
	h.unread = h.unread[:0]
	for _, n := range all {
		if n.ReadAt.IsZero() && n.Author != h.s.User.Login {
			h.unread = append(h.unread, n)
		}
	}
	// My open action items first, overdue ones first; then unread notices,
	// urgent first, then newest.
	rows := make([]kit.Row, 0, len(h.unread))
	h.actions = nil
	if h.s.Svc.Meetings != nil {
		h.actions, _ = h.s.Svc.Meetings.ActionItems(h.s.Ctx, h.s.User.Login, true)
	}
	today := h.s.Svc.Calendar.DateOf(h.s.Svc.Clock.Now())
	for _, overdue := range []bool{true, false} {
		for _, a := range h.actions {
			if a.Due.Before(today) != overdue {
				continue
			}
			mark, style := h.s.T("home.todo"), h.s.St.Bold
			if overdue {
				mark, style = h.s.T("home.overdue"), h.s.St.Alert
			}
			src := h.s.T("home.action")
			if a.MeetingID != 0 {
				src = h.s.T("home.from_meeting", a.MeetingID)
			}
			rows = append(rows, kit.Row{ID: "a:" + strconv.FormatUint(a.ID, 10), Cells: []string{mark, a.Text, src, a.Due.String()}, Style: style, Emph: true})
		}
	}
	for _, urgent := range []bool{true, false} {
		for _, n := range h.unread {
			if n.Urgent == urgent {
				r := noticeRow(h.s, n, false)
				r.ID = "n:" + r.ID
				rows = append(rows, r)
			}
		}
	}
	h.list.SetRows(rows)
	h.due = h.dueItems()
}

// dueItems words the order work waiting for this person: lines to answer
// (production), orders to review (sales lead), questions and risks on my
// orders (sales).
func (h *home) dueItems() []string {
	s, u := h.s, h.s.User
	var out []string
	now := s.Svc.Clock.Now()
	if s.Svc.Planning != nil {
		today := s.Svc.Calendar.DateOf(now)
		if items, err := s.Svc.Planning.Deadlines(s.Ctx, today, today); err == nil {
			for _, it := range items {
				if it.Dept != u.Dept || it.Kind == model.DueReply || it.State == model.DueOnTime || it.State == model.DueLate {
					continue
				}
				when, _ := s.Until(it.Due, now)
				out = append(out, s.T("home.deadline", s.T("ui.dl.kind."+string(it.Kind)), it.Ref, when))
			}
		}
	}
	if model.Can(u, model.ActOrderReply) {
		if page, err := s.Svc.Orders.Queue(s.Ctx, 0, 3); err == nil && page.Total > 0 {
			out = append(out, s.T("home.queue", page.Total, s.KeysTo("sec.queue")))
			names := kit.LoadMaster(s) // the session's, made again only when products change
			for _, e := range page.Entries {
				due, _ := s.Until(e.Line.ReplyDue, now)
				product := e.Line.ProductCode
				if p := names.Products[product]; p != nil && p.Name != "" {
					product = p.Name // people read names, not codes
				}
				out = append(out, "  "+s.T("home.queue_line", e.Rank, e.Order.No, e.Line.LineNo, kit.Line(product), e.Line.Qty, due))
			}
		}
	}
	out = append(out, h.projectItems(now)...)
	out = append(out, h.campaignItems(now)...)
	out = append(out, h.planItems(now)...)
	out = append(out, h.purchaseItems(now)...)
	review, edit := model.Can(u, model.ActOrderReview), model.Can(u, model.ActOrderEdit)
	if !review && !edit {
		return out
	}
	// The store's status index counts the lines: all of them for review,
	// this person's own for edit.
	var submitted, reviewed, unclear, atRisk int
	if t, err := s.Svc.Orders.LineTally(s.Ctx, u.Login); err == nil {
		submitted, reviewed = t.All[model.LineSubmitted], t.All[model.LineReviewed]
		unclear, atRisk = t.Mine[model.LineUnclear], t.Mine[model.LineAtRisk]
	}
	if review {
		if submitted > 0 {
			out = append(out, s.T("home.review", submitted, s.KeysTo("sec.orders")))
		}
		if reviewed > 0 {
			out = append(out, s.T("home.to_send", reviewed))
		}
	}
	if edit {
		if unclear > 0 {
			out = append(out, s.T("home.unclear", unclear))
		}
		if atRisk > 0 {
			out = append(out, s.T("home.at_risk", atRisk))
		}
	}
	return out
}

// projectItems words the project work waiting for this person: requests
// to decide (the general manager), returned requests to revise (their
// filer), and open milestones of theirs due within a week.
func (h *home) projectItems(now time.Time) []string {
	s, u := h.s, h.s.User
	if s.Svc.Projects == nil {
		return nil
	}
	list, err := s.Svc.Projects.Projects(s.Ctx, model.ProjectFilter{})
	if err != nil {
		return nil
	}
	today := s.Svc.Calendar.DateOf(now)
	var out []string
	for _, p := range list {
		switch {
		case p.Status == model.ProjectSubmitted && model.Can(u, model.ActProjectDecide):
			when, _ := s.Until(p.DecideDue, now)
			out = append(out, s.T("home.project_decide", p.No, kit.Line(p.Title), when))
		case p.Status == model.ProjectSubmitted && !p.EscalatedAt.IsZero() && (p.FiledBy == u.Login || model.Can(u, model.ActProjectReview)):
			out = append(out, s.T("home.project_escalated", p.No, kit.Line(p.Title), s.Deadline(p.DecideDue)))
		case p.Status == model.ProjectReturned && p.FiledBy == u.Login:
			out = append(out, s.T("home.project_returned", p.No, kit.Line(p.Title)))
		}
		for _, m := range p.Milestones {
			if m.Owner == u.Login && m.DoneAt.IsZero() && !m.Due.After(today.AddDays(7)) {
				out = append(out, s.T("home.project_milestone", kit.Line(m.Text), p.No, m.Due.String()))
			}
		}
	}
	return out
}

// campaignItems words the campaign work waiting for this person: items
// escalated overdue (both heads, the general manager, the tracker),
// requests to agree to (the general manager) and to answer (production).
func (h *home) campaignItems(now time.Time) []string {
	s, u := h.s, h.s.User
	if s.Svc.Campaigns == nil {
		return nil
	}
	decide, answer := model.Can(u, model.ActCampaignApprove), model.Can(u, model.ActCampaignAnswer)
	list, err := s.Svc.Campaigns.Campaigns(s.Ctx)
	if err != nil {
		return nil
	}
	var out []string
	for _, c := range list {
		if c.Status != model.CampaignClosed && c.EscalatesTo(u) {
			for i, it := range c.Items {
				if it.DoneAt.IsZero() && !it.EscalatedAt.IsZero() {
					out = append(out, s.T("home.campaign_overdue", c.No, kit.Line(c.Title), i+1, it.Kind.Text().In(s.Lang), it.DoneBy.String()))
				}
			}
		}
		switch {
		case decide && c.Status == model.CampaignDraft:
			out = append(out, s.T("home.campaign_approve", c.No, kit.Line(c.Title)))
		case answer && c.Status == model.CampaignNotified:
			when, _ := s.Until(c.AnswerDue, now)
			out = append(out, s.T("home.campaign_answer", c.No, kit.Line(c.Title), when))
		}
	}
	return out
}

// planItems words the department plan work waiting for this person: what
// another department asks of theirs to accept (its planners), and the
// open items they answer for that are due within a week or overdue.
func (h *home) planItems(now time.Time) []string {
	s, u := h.s, h.s.User
	if s.Svc.Plans == nil {
		return nil
	}
	today := s.Svc.Calendar.DateOf(now)
	list, err := s.Svc.Plans.PlanItems(s.Ctx, model.PlanFilter{})
	if err != nil {
		return nil
	}
	var out []string
	for _, p := range list {
		switch {
		case p.Status == model.PlanProposed && p.With == u.Dept && model.CanPlan(u, u.Dept):
			out = append(out, s.T("home.plan_answer", s.T("dept."+string(p.Dept)), p.No, kit.Line(p.Text), p.Due.String()))
		case p.Status == model.PlanOpen && p.Owner == u.Login && !p.Due.After(today.AddDays(7)):
			key := "home.plan_due"
			if p.Due.Before(today) {
				key = "home.plan_overdue"
			}
			out = append(out, s.T(key, p.No, kit.Line(p.Text), p.Due.String()))
		}
	}
	return out
}

// purchaseItems words the packaging work waiting for this person: a
// request to sign (the production head), lines to order and deliveries
// due (purchasing), and materials below their safety stock with no draft
// open (the material keeper).
func (h *home) purchaseItems(now time.Time) []string {
	s, u := h.s, h.s.User
	if s.Svc.Purchase == nil {
		return nil
	}
	head, buyer, keeper := model.ProductionHead(u), model.Can(u, model.ActPurchaseReceive), model.Can(u, model.ActPurchaseDraft)
	if !head && !buyer && !keeper {
		return nil
	}
	list, err := s.Svc.Purchase.Requests(s.Ctx, model.PurchaseFilter{Open: true})
	if err != nil {
		return nil
	}
	today := s.Svc.Calendar.DateOf(now)
	var out []string
	draft := false
	for _, r := range list {
		switch {
		case r.Status == model.PurDraft:
			draft = true
			if head {
				when, _ := s.Until(r.Due, now)
				out = append(out, s.T("home.purchase_sign", r.No, len(r.Lines), when, s.KeysTo("sec.purchase")))
			}
		case r.Status == model.PurSigned && buyer:
			toOrder, due := 0, 0
			for _, l := range r.Lines {
				switch {
				case l.Ordered.IsZero() && l.Received == 0:
					toOrder++
				case l.Outstanding() > 0 && !l.Expected.IsZero() && !l.Expected.After(today):
					due++
				}
			}
			if toOrder > 0 {
				out = append(out, s.T("home.purchase_order", r.No, toOrder, s.KeysTo("sec.purchase")))
			}
			if due > 0 {
				out = append(out, s.T("home.purchase_due", r.No, due))
			}
		}
	}
	if keeper && !draft {
		if rows, err := s.Svc.Purchase.Materials(s.Ctx); err == nil {
			below := 0
			for _, m := range rows {
				if m.OnHand+m.Open < m.SafetyStock {
					below++
				}
			}
			if below > 0 {
				out = append(out, s.T("home.purchase_low", below, s.KeysTo("sec.purchase")))
			}
		}
	}
	return out
}

func (h *home) Update(msg tea.Msg) tea.Cmd {
	if h.form != nil {
		res, cmd := h.form.Update(msg)
		switch res {
		case kit.FormCancel:
			h.form, h.doing = nil, nil
		case kit.FormSubmit:
			a, err := h.s.Svc.Meetings.CompleteAction(h.s.Ctx, h.s.User, h.doing.ID, h.doing.Version, h.form.Text("note"))
			if err != nil {
				h.s.Fail(err)
				return nil
			}
			h.s.Info(h.s.T("home.done", kit.Line(a.Text)))
			h.form, h.doing = nil, nil
			h.Reload()
		}
		return cmd
	}
	if km, ok := msg.(tea.KeyPressMsg); ok && !h.list.Filtering() {
		kind, idText, _ := strings.Cut(h.list.SelectedID(), ":")
		id, _ := strconv.ParseUint(idText, 10, 64)
		switch {
		case km.String() == "enter" && kind == "n" && id != 0:
			return func() tea.Msg { return kit.SwitchMsg{Section: "sec.notices", Open: id} }
		case km.String() == "enter" && kind == "a":
			// An action item opens the meeting that decided it.
			if a := h.action(id); a != nil && a.MeetingID != 0 {
				return func() tea.Msg { return kit.SwitchMsg{Section: "sec.meetings", Open: a.MeetingID} }
			}
			return nil
		case km.String() == "x" && kind == "a":
			if a := h.action(id); a != nil {
				h.doing = a
				h.form = kit.NewForm(h.s.Lang, h.s.T("home.done_title", kit.Line(a.Text)), kit.AreaField("note", h.s.T("home.done_note"), 1000))
				return h.form.Focus()
			}
			return nil
		}
	}
	_, cmd := h.list.Update(msg)
	return cmd
}

// action is my open action item with id (nil: none).
func (h *home) action(id uint64) *model.ActionItem {
	for _, a := range h.actions {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// opens reports whether enter opens the row under the cursor: a notice, or
// an action item a meeting decided.
func (h *home) opens() bool {
	kind, idText, _ := strings.Cut(h.list.SelectedID(), ":")
	id, _ := strconv.ParseUint(idText, 10, 64)
	switch kind {
	case "n":
		return id != 0
	case "a":
		a := h.action(id)
		return a != nil && a.MeetingID != 0
	}
	return false
}

func (h *home) View(width, height int) string {
	st := h.s.St
	if h.form != nil {
		return h.form.View(st, width, height)
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(h.s.T("home.title", kit.Line(h.s.User.Name))))
	b.WriteString("\n\n")
	b.WriteString(st.Bold.Render(h.s.T("home.dept", h.s.T("dept."+string(h.s.User.Dept)), h.s.T("home.due"))))
	b.WriteString("\n")
	if len(h.due) == 0 {
		b.WriteString(st.Dim.Render(h.s.T("home.due_none")))
		b.WriteString("\n")
	}
	for _, d := range h.due {
		b.WriteString(kit.Fit(kit.Line(d), width, false) + "\n")
	}
	b.WriteString("\n")
	b.WriteString(st.Bold.Render(h.s.T("home.daily")))
	b.WriteString("\n")
	if h.err != nil {
		b.WriteString(st.Error.Render(model.ErrorMessage(h.err, h.s.Lang)))
	} else {
		b.WriteString(h.list.View(st, width, height-7-max(len(h.due)-1, 0), h.s.T("home.notices_none")))
	}
	b.WriteString("\n")
	b.WriteString(st.Dim.Render(h.s.T("home.hint", h.s.KeysTo("sec.notices"))))
	return b.String()
}

func (h *home) HelpKeys() []key.Binding {
	if h.form != nil {
		return h.form.HelpKeys()
	}
	if h.list.Filtering() {
		return h.list.HelpKeys()
	}
	// enter where it opens the row; x on an action item only.
	ks := h.list.MoveKeys()
	if h.opens() {
		ks = append(ks, h.list.Keys.Open)
	}
	ks = append(ks, h.list.Keys.Filter)
	if kind, _, _ := strings.Cut(h.list.SelectedID(), ":"); kind == "a" {
		ks = append(ks, key.NewBinding(key.WithKeys("x"), key.WithHelp("x", h.s.T("home.key_done"))))
	}
	return ks
}
func (h *home) Capturing() bool { return h.form != nil || h.list.Filtering() }
func (h *home) Dirty() bool     { return h.form != nil && h.form.Dirty() }
