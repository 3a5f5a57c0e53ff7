package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/model"
)

// home is each department's "what needs me today" screen.
type home struct {
	s      *Session
	unread []model.NoticeView
	list   *List
	err    error
	due    []string // what needs this person today, already worded
}

func newHome(s *Session) *home {
	h := &home{s: s}
	return h
}

func (h *home) Title() string { return h.s.T("sec.home") }

func (h *home) columns() []Column {
	return []Column{
		{Title: h.s.T("notice.col_mark"), Width: 6},
		{Title: h.s.T("notice.col_title")},
		{Title: h.s.T("notice.col_author"), Width: 12},
		{Title: h.s.T("notice.col_time"), Width: 16},
	}
}

func (h *home) Reload() {
	if h.list == nil || h.list.lang != h.s.Lang {
		h.list = NewList(h.s.Lang, h.columns())
	}
	all, err := h.s.Svc.Notices.Notices(h.s.Ctx, h.s.User)
	h.err = err
	h.unread = h.unread[:0]
	for _, n := range all {
		if n.ReadAt.IsZero() && n.Author != h.s.User.Login {
			h.unread = append(h.unread, n)
		}
	}
	// Urgent first, then newest.
	rows := make([]Row, 0, len(h.unread))
	for _, urgent := range []bool{true, false} {
		for _, n := range h.unread {
			if n.Urgent == urgent {
				rows = append(rows, noticeRow(h.s, n, false))
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
			out = append(out, s.T("home.queue", page.Total))
			for _, e := range page.Entries {
				due, _ := s.Until(e.Line.ReplyDue, now)
				out = append(out, "  "+s.T("home.queue_line", e.Rank, e.Order.No, e.Line.LineNo, e.Line.ProductCode, e.Line.Qty, due))
			}
		}
	}
	count := func(f model.OrderFilter, st model.LineStatus) int {
		list, err := s.Svc.Orders.Orders(s.Ctx, f)
		if err != nil {
			return 0
		}
		n := 0
		for _, o := range list {
			for _, l := range o.Lines {
				if l.Status == st {
					n++
				}
			}
		}
		return n
	}
	if model.Can(u, model.ActOrderReview) {
		if n := count(model.OrderFilter{Status: model.LineSubmitted}, model.LineSubmitted); n > 0 {
			out = append(out, s.T("home.review", n))
		}
		if n := count(model.OrderFilter{Status: model.LineReviewed}, model.LineReviewed); n > 0 {
			out = append(out, s.T("home.to_send", n))
		}
	}
	if model.Can(u, model.ActOrderEdit) {
		if n := count(model.OrderFilter{Owner: u.Login, Status: model.LineUnclear}, model.LineUnclear); n > 0 {
			out = append(out, s.T("home.unclear", n))
		}
		if n := count(model.OrderFilter{Owner: u.Login, Status: model.LineAtRisk}, model.LineAtRisk); n > 0 {
			out = append(out, s.T("home.at_risk", n))
		}
	}
	return out
}

func (h *home) Update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok && km.String() == "enter" && !h.list.Filtering() {
		if id, err := strconv.ParseUint(h.list.SelectedID(), 10, 64); err == nil {
			return func() tea.Msg { return switchMsg{section: 1, open: id} }
		}
		return nil
	}
	_, cmd := h.list.Update(msg)
	return cmd
}

func (h *home) View(width, height int) string {
	st := h.s.St
	var b strings.Builder
	b.WriteString(st.Title.Render(h.s.T("home.title", Line(h.s.User.Name))))
	b.WriteString("\n\n")
	b.WriteString(st.Bold.Render(h.s.T("home.dept", h.s.T("dept."+string(h.s.User.Dept)), h.s.T("home.due"))))
	b.WriteString("\n")
	if len(h.due) == 0 {
		b.WriteString(st.Dim.Render(h.s.T("home.due_none")))
		b.WriteString("\n")
	}
	for _, d := range h.due {
		b.WriteString(fit(Line(d), width, false) + "\n")
	}
	b.WriteString("\n")
	b.WriteString(st.Bold.Render(h.s.T("home.notices")))
	b.WriteString("\n")
	if h.err != nil {
		b.WriteString(st.Error.Render(model.ErrorMessage(h.err, h.s.Lang)))
	} else {
		b.WriteString(h.list.View(st, width, height-7-max(len(h.due)-1, 0), h.s.T("home.notices_none")))
	}
	b.WriteString("\n")
	b.WriteString(st.Dim.Render(h.s.T("home.hint")))
	return b.String()
}

func (h *home) HelpKeys() []key.Binding { return h.list.HelpKeys() }
func (h *home) Capturing() bool         { return h.list.Filtering() }
func (h *home) Dirty() bool             { return false }
