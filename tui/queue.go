package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"xietong/model"
)

// queue is production's ranked queue of order lines awaiting a reply
// (交期答复). It is paged on the server: only the lines on screen are read,
// so a queue of any length opens and scrolls at the same speed.
type queue struct {
	s        *Session
	page     model.QueuePage
	offset   int // rank of the first row shown (0-based)
	cursor   int // row within the page
	rows     int // rows that fit the body (SetSize)
	loaded   bool
	names    masterNames
	detail   *lineDetail
	inDetail bool
	keys     ListKeys
	err      error
	cache    rowCache
}

func newQueue(s *Session) *queue {
	q := &queue{s: s, rows: 15, detail: newLineDetail(s, true)}
	return q
}

func (q *queue) Title() string { return q.s.T("sec.queue") }

// SetSize sets the page size from the body's height, reading the page again
// when it changed and one was read before.
func (q *queue) SetSize(_, height int) {
	rows := max(height-5, 1)
	if rows == q.rows {
		return
	}
	q.rows = rows
	if q.loaded {
		q.load()
	}
}

func (q *queue) Reload() {
	q.keys = newListKeys(q.s.Lang)
	q.names = loadMaster(q.s)
	q.fetch()
	if q.inDetail {
		q.detail.reload()
	}
}

// fetch reads the page at offset, keeping the cursor on the same line when
// it is still queued.
func (q *queue) fetch() {
	var keep uint64
	if q.cursor < len(q.page.Entries) {
		keep = q.page.Entries[q.cursor].Line.ID
	}
	if keep != 0 {
		if pos, err := q.s.Svc.Orders.QueuePosition(q.s.Ctx, keep); err == nil && pos >= 0 {
			if pos < q.offset || pos >= q.offset+q.rows {
				q.offset = max(pos-q.cursor, 0)
			}
			q.cursor = pos - q.offset
		}
	}
	q.load()
}

func (q *queue) load() {
	q.loaded = true
	page, err := q.s.Svc.Orders.Queue(q.s.Ctx, q.offset, q.rows)
	q.err = q.s.Fault(err)
	if err != nil {
		return
	}
	if q.offset > 0 && len(page.Entries) == 0 && page.Total > 0 {
		q.offset = max(page.Total-q.rows, 0)
		page, q.err = q.s.Svc.Orders.Queue(q.s.Ctx, q.offset, q.rows)
		q.err = q.s.Fault(q.err)
	}
	q.page = page
	q.cursor = max(min(q.cursor, len(page.Entries)-1), 0)
}

// move moves the cursor by delta ranks, reading a new page only when the
// cursor leaves the one on screen.
func (q *queue) move(delta int) {
	total := q.page.Total
	if total == 0 {
		return
	}
	pos := max(min(q.offset+q.cursor+delta, total-1), 0)
	if pos < q.offset || pos >= q.offset+len(q.page.Entries) {
		switch {
		case pos < q.offset:
			q.offset = pos
		default:
			q.offset = max(pos-q.rows+1, 0)
		}
		q.cursor = pos - q.offset
		q.load()
		return
	}
	q.cursor = pos - q.offset
}

func (q *queue) selected() *model.QueueEntry {
	if q.cursor < len(q.page.Entries) {
		return &q.page.Entries[q.cursor]
	}
	return nil
}

func (q *queue) Capturing() bool { return q.inDetail && q.detail.editing() }
func (q *queue) Dirty() bool     { return q.inDetail && q.detail.dirty() }

func (q *queue) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(openMsg); ok {
		if q.Dirty() {
			return nil
		}
		if q.detail.load(m.id) {
			q.inDetail = true
		}
		return nil
	}
	if q.inDetail {
		back, cmd := q.detail.update(msg)
		if back {
			q.inDetail = false
			q.fetch()
		}
		return cmd
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(km, q.keys.Up):
		q.move(-1)
	case key.Matches(km, q.keys.Down):
		q.move(1)
	case key.Matches(km, q.keys.PgUp):
		q.move(-q.rows)
	case key.Matches(km, q.keys.PgDown):
		q.move(q.rows)
	case key.Matches(km, q.keys.Top):
		q.move(-q.page.Total)
	case key.Matches(km, q.keys.Bottom):
		q.move(q.page.Total)
	case key.Matches(km, q.keys.Open):
		if e := q.selected(); e != nil {
			return q.Update(openMsg{id: e.Line.ID})
		}
	}
	return nil
}

func (q *queue) columns() []Column {
	t := q.s.T
	return []Column{
		{Title: t("ui.queue.col_rank"), Width: 4, Right: true},
		{Title: t("ui.order.col_no"), Width: 19},
		{Title: t("ui.order.col_customer")},
		{Title: t("ui.order.col_product"), Width: 12},
		{Title: t("ui.order.col_qty"), Width: 6, Right: true},
		{Title: t("ui.order.col_requested"), Width: 10, Optional: true},
		{Title: t("ui.queue.col_due"), Width: 13},
	}
}

func (q *queue) View(width, height int) string {
	if q.inDetail {
		return q.detail.view(width, height, q.names.customerName, q.names.product)
	}
	st := q.s.St
	if q.err != nil {
		return st.Error.Render(model.ErrorMessage(q.err, q.s.Lang))
	}
	head := st.Dim.Render(q.s.T("ui.queue.head", q.page.Total))
	if q.page.Total == 0 {
		return head + "\n" + st.Dim.Render(q.s.T("ui.queue.empty"))
	}
	now := q.s.Svc.Clock.Now()
	cells := make([][]string, len(q.page.Entries))
	late := make([]bool, len(q.page.Entries))
	for i, e := range q.page.Entries {
		due, isLate := q.s.Until(e.Line.ReplyDue, now)
		late[i] = isLate
		// Flags go first in the wide customer column, where they are not cut.
		mark := ""
		if e.Line.RankAdjust < 0 {
			mark += q.s.T("ui.queue.expedited")
		}
		if e.Line.Changed {
			mark += q.s.T("ui.queue.changed")
		}
		// The grade leads the customer's name: it ranks the queue and must
		// not be the part cut off at 80 columns.
		cells[i] = []string{strconv.Itoa(e.Rank), fmt.Sprintf("%s/%d", e.Order.No, e.Line.LineNo),
			strings.TrimSpace(fmt.Sprintf("%s %s %s", mark, e.Order.CustomerGrade, q.names.customerName(e.Order.CustomerID))), q.names.listProduct(e.Line.ProductCode, e.Line.Variant),
			fmtInt(e.Line.Qty), Date(e.Line.RequestedDate), due}
		for j := range cells[i] {
			cells[i][j] = Line(cells[i][j])
		}
	}
	table := renderTableCached(st, q.columns(), cells, q.cursor, width, func(i int) lipgloss.Style {
		if late[i] {
			return st.Alert
		}
		return lipgloss.NewStyle()
	}, func(i int) bool { return !late[i] }, &q.cache)
	pos := st.Dim.Render(q.s.T("ui.queue.pos", q.offset+q.cursor+1, q.page.Total))
	out := []string{head, table, pos}
	if e := q.selected(); e != nil {
		// What the columns cut at 80 columns, for the line under the cursor.
		out = append(out, Line(q.s.T("ui.queue.facts", q.names.customerName(e.Order.CustomerID), e.Order.CustomerGrade,
			q.names.lineProduct(e.Line.ProductCode, e.Line.Variant))),
			Line(q.s.T("ui.queue.dates", Date(e.Line.RequestedDate), q.s.Time(e.Order.ReceivedAt))))
	}
	return strings.Join(out, "\n")
}

func (q *queue) HelpKeys() []key.Binding {
	if q.inDetail {
		return q.detail.helpKeys()
	}
	// Moving needs more than one line, a page down more than a page.
	var ks []key.Binding
	if n := q.page.Total; n > 1 {
		ks = append(ks, q.keys.Up, q.keys.Down)
		if n > q.rows {
			ks = append(ks, q.keys.PgDown)
		}
	}
	if q.page.Total > 0 {
		ks = append(ks, q.keys.Open)
	}
	return ks
}
