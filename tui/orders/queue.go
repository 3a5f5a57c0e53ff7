package orders

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// queue is production's ranked queue of order lines awaiting a reply
// (交期答复). It is paged on the server: only the lines on screen are read,
// so a queue of any length opens and scrolls at the same speed.
type queue struct {
	s        *kit.Session
	page     model.QueuePage
	offset   int // rank of the first row shown (0-based)
	cursor   int // row within the page
	rows     int // rows that fit the body (SetSize)
	loaded   bool
	names    kit.MasterNames
	detail   *lineDetail
	inDetail bool
	keys     kit.ListKeys
	err      error
	cache    kit.RowCache
}

func newQueue(s *kit.Session) *queue {
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
	q.keys = kit.NewListKeys(q.s.Lang)
	q.names = kit.LoadMaster(q.s)
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
	if m, ok := msg.(kit.OpenMsg); ok {
		if q.Dirty() {
			return nil
		}
		if q.detail.load(m.ID) {
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
			return q.Update(kit.OpenMsg{ID: e.Line.ID})
		}
	}
	return nil
}

func (q *queue) columns() []kit.Column {
	t := q.s.T
	return []kit.Column{
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
		return q.detail.view(width, height, q.names.CustomerName, q.names.Product)
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
			strings.TrimSpace(fmt.Sprintf("%s %s %s", mark, e.Order.CustomerGrade, q.names.CustomerName(e.Order.CustomerID))), q.names.ListProduct(e.Line.ProductCode, e.Line.Variant),
			kit.FmtInt(e.Line.Qty), kit.Date(e.Line.RequestedDate), due}
		for j := range cells[i] {
			cells[i][j] = kit.Line(cells[i][j])
		}
	}
	table := kit.RenderTableCached(st, q.columns(), cells, q.cursor, width, func(i int) lipgloss.Style {
		if late[i] {
			return st.Alert
		}
		return lipgloss.NewStyle()
	}, func(i int) bool { return !late[i] }, &q.cache)
	pos := st.Dim.Render(q.s.T("ui.queue.pos", q.offset+q.cursor+1, q.page.Total))
	out := []string{head, table, pos}
	if e := q.selected(); e != nil {
		// What the columns cut at 80 columns, for the line under the cursor.
		out = append(out, kit.Line(q.s.T("ui.queue.facts", q.names.CustomerName(e.Order.CustomerID), e.Order.CustomerGrade,
			q.names.LineProduct(e.Line.ProductCode, e.Line.Variant))),
			kit.Line(q.s.T("ui.queue.dates", kit.Date(e.Line.RequestedDate), q.s.Time(e.Order.ReceivedAt))))
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
