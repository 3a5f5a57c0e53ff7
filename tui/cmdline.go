package tui

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"xietong/find"
	"xietong/i18n"
	"xietong/model"
	"xietong/tui/kit"
	"xietong/tui/purchase"
	"xietong/tui/shopfloor"
)

// maxSuggestions is how many suggestions the command line lists.
const maxSuggestions = 6

// suggestion is one place the command line can go: a section, or a record
// opened in its section.
type suggestion struct {
	label   string
	section int
	open    uint64  // the record to open, 0 for the section itself
	msg     tea.Msg // or the message that shows it (a customer, a product)
}

// cmdLine is the command line on ":" (and ctrl+p): go to a section by name
// or digit; open a customer, a product or a packaging material by code,
// name or pinyin initials, an anomaly, a notice, a meeting or customer
// feedback by its number ("异常 12", "通知 3", "会议 5", "反馈 2"; a notice
// also by words of its title), an order line by its number
// ("SO-20261202-0007", "…/2") or its customer's or product's name; with
// suggestions as you type.
type cmdLine struct {
	s      *kit.Session
	reg    []kit.Section
	groups []group
	in     textinput.Model
	sugg   []suggestion
	cur    int
	err    error
	// Read once when the line opens, not per key: the names of customers
	// and products and their prepared keys (pinyin initials).
	names    kit.MasterNames
	custs    []*model.Customer
	prods    []*model.Product
	custKeys []find.Key
	prodKeys []find.Key
	// The packaging materials, read when a record is first looked for
	// (matsRead), not when the line opens.
	mats     []model.MaterialRow
	matKeys  []find.Key
	matsRead bool
}

func newCmdLine(s *kit.Session, reg []kit.Section, groups []group) *cmdLine {
	in := textinput.New()
	in.Prompt = ":"
	in.CharLimit = 60
	in.Placeholder = s.T("ui.cmd.placeholder")
	c := &cmdLine{s: s, reg: reg, groups: groups, in: in, names: kit.LoadMaster(s)}
	for _, cu := range c.names.Customers {
		c.custs = append(c.custs, cu)
	}
	slices.SortFunc(c.custs, func(a, b *model.Customer) int { return strings.Compare(a.Code, b.Code) })
	for _, cu := range c.custs {
		c.custKeys = append(c.custKeys, find.NewKey(cu.Code, cu.Name))
	}
	for _, p := range c.names.Products {
		c.prods = append(c.prods, p)
	}
	slices.SortFunc(c.prods, func(a, b *model.Product) int { return strings.Compare(a.Code, b.Code) })
	for _, p := range c.prods {
		c.prodKeys = append(c.prodKeys, find.NewKey(p.Code, p.Name))
	}
	c.suggest()
	return c
}

// The words that name a kind of record before its number, in either
// language (lower case, as the line is read).
var (
	anomalyWords  = []string{"异常", "anomaly", "#"}
	noticeWords   = []string{"通知", "公告", "notices", "notice"}
	meetingWords  = []string{"会议", "meetings", "meeting"}
	feedbackWords = []string{"反馈", "客诉", "feedback"}
)

// afterWord is what follows one of words at the start of q, trimmed, and
// whether q starts with one.
func afterWord(q string, words []string) (string, bool) {
	q = strings.TrimSpace(q)
	for _, w := range words {
		if rest, ok := strings.CutPrefix(q, w); ok {
			return strings.TrimSpace(rest), true
		}
	}
	return "", false
}

// recordNo reads "<word> 12" or "<word> #12" as 12 for one of words; 0
// when q is not that.
func recordNo(q string, words []string) uint64 {
	q = strings.TrimSpace(q)
	for _, w := range words {
		if rest, ok := strings.CutPrefix(q, w); ok {
			n, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(rest), "#"), 10, 64)
			if err == nil {
				return n
			}
		}
	}
	return 0
}

// anomalyNo reads "异常 12", "anomaly 12" or "#12" as anomaly 12.
func anomalyNo(q string) uint64 { return recordNo(q, anomalyWords) }

// records suggests the customers, products and the anomaly the typed text
// names (by code, name or pinyin initials).
func (c *cmdLine) records(q string) {
	if n := anomalyNo(q); n > 0 {
		if a, err := c.s.Svc.Shop.Anomaly(c.s.Ctx, n); err == nil {
			c.sugg = append(c.sugg, suggestion{label: c.s.T("ui.cmd.anomaly", a.ID, a.Category.Text().In(c.s.Lang), kit.Line(a.Text)),
				section: sectionOf("sec.issues"), open: a.ID})
		}
	}
	c.byWord(q)
	c.numbered(strings.ToUpper(strings.TrimSpace(q)))
	fq := find.Query(q)
	for _, i := range bestOf(len(c.custs), 2, func(i int) int { return c.custKeys[i].Score(fq) }) {
		c.sugg = append(c.sugg, suggestion{label: c.s.T("ui.cmd.customer", c.custs[i].Code, c.custs[i].Name),
			section: sectionOf("sec.master"), msg: kit.ShowMsg{Customer: c.custs[i].Code}})
	}
	for _, i := range bestOf(len(c.prods), 2, func(i int) int { return c.prodKeys[i].Score(fq) }) {
		c.sugg = append(c.sugg, suggestion{label: c.s.T("ui.cmd.product", c.prods[i].Code, c.prods[i].Name),
			section: sectionOf("sec.master"), msg: kit.ShowMsg{Product: c.prods[i].Code}})
	}
	c.readMaterials()
	for _, i := range bestOf(len(c.mats), 2, func(i int) int { return c.matKeys[i].Score(fq) }) {
		c.sugg = append(c.sugg, suggestion{label: c.s.T("ui.cmd.material", c.mats[i].Code, c.mats[i].Name),
			section: sectionOf("sec.purchase"), msg: purchase.ShowMaterialMsg{Code: c.mats[i].Code}})
	}
}

// readMaterials reads the packaging materials and prepares their keys,
// once.
func (c *cmdLine) readMaterials() {
	if c.matsRead || c.s.Svc.Purchase == nil {
		return
	}
	c.matsRead = true
	rows, err := c.s.Svc.Purchase.Materials(c.s.Ctx)
	if err != nil {
		return // the other records are still found
	}
	slices.SortFunc(rows, func(a, b model.MaterialRow) int { return strings.Compare(a.Code, b.Code) })
	c.mats = rows
	for _, m := range rows {
		c.matKeys = append(c.matKeys, find.NewKey(m.Code, m.Name))
	}
}

// byWord suggests the notice, the meeting or the customer feedback the
// typed text numbers after its word ("通知 3", "meeting 5", "反馈 #2"), and
// the notices to me whose title holds the words after 通知 ("通知 停产").
func (c *cmdLine) byWord(q string) {
	svc, ctx, lang, me := c.s.Svc, c.s.Ctx, c.s.Lang, c.s.User
	if n := recordNo(q, noticeWords); n > 0 && svc.Notices != nil {
		if x, err := svc.Notices.Notice(ctx, n); err == nil && x.For(me) {
			c.sugg = append(c.sugg, suggestion{label: c.s.T("ui.cmd.notice", x.ID, kit.Line(x.Title), kit.Line(c.s.Who(x.Author))),
				section: sectionOf("sec.notices"), open: x.ID})
		}
	} else if words, ok := afterWord(q, noticeWords); ok && words != "" && svc.Notices != nil {
		if list, err := svc.Notices.Notices(ctx, me); err == nil {
			fq := find.Query(words)
			for _, i := range bestOf(len(list), 3, func(i int) int { return find.NewKey("", list[i].Title).Score(fq) }) {
				x := list[i]
				c.sugg = append(c.sugg, suggestion{label: c.s.T("ui.cmd.notice", x.ID, kit.Line(x.Title), kit.Line(c.s.Who(x.Author))),
					section: sectionOf("sec.notices"), open: x.ID})
			}
		}
	}
	if n := recordNo(q, meetingWords); n > 0 && svc.Meetings != nil {
		if x, err := svc.Meetings.Meeting(ctx, n); err == nil {
			state := c.s.T("ui.mt.open")
			if x.IsClosed() {
				state = c.s.T("ui.mt.closed")
			}
			c.sugg = append(c.sugg, suggestion{label: c.s.T("ui.cmd.meeting", x.ID, x.Date.String(), kit.Line(x.TitleIn(lang)), state),
				section: sectionOf("sec.meetings"), open: x.ID})
		}
	}
	if n := recordNo(q, feedbackWords); n > 0 && svc.Shop != nil {
		if x, err := svc.Shop.Feedback(ctx, n); err == nil {
			product := x.Product
			if p := c.names.Product(x.Product); p != nil && p.Name != "" {
				product = p.Name
			}
			c.sugg = append(c.sugg, suggestion{label: c.s.T("ui.cmd.feedback", x.ID, kit.Line(c.names.CustomerName(x.CustomerID)),
				kit.Line(product), x.Status.Text().In(lang)), section: sectionOf("sec.issues"), msg: shopfloor.OpenFeedbackMsg{ID: x.ID}})
		}
	}
}

// numbered suggests the project (LX-), campaign (HD-), plan item (JH-),
// purchase request (CG-) or
// ledger entry (JF-, for those who may see it) numbered q, opened in its
// section.
func (c *cmdLine) numbered(q string) {
	svc, ctx, lang := c.s.Svc, c.s.Ctx, c.s.Lang
	switch {
	case strings.HasPrefix(q, "LX-") && svc.Projects != nil:
		if p, err := svc.Projects.ProjectByNo(ctx, q); err == nil {
			c.sugg = append(c.sugg, suggestion{label: c.s.T("ui.cmd.record", p.No, kit.Line(p.Title), p.Status.Text().In(lang)),
				section: sectionOf("sec.projects"), open: p.ID})
		}
	case strings.HasPrefix(q, "HD-") && svc.Campaigns != nil:
		if x, err := svc.Campaigns.CampaignByNo(ctx, q); err == nil {
			c.sugg = append(c.sugg, suggestion{label: c.s.T("ui.cmd.record", x.No, kit.Line(x.Title), x.Status.Text().In(lang)),
				section: sectionOf("sec.campaigns"), open: x.ID})
		}
	case strings.HasPrefix(q, "JF-") && svc.Ledger != nil:
		if x, err := svc.Ledger.LedgerEntryByNo(ctx, q); err == nil && (model.Can(c.s.User, model.ActLedgerPropose) || x.Person == c.s.User.Login) {
			c.sugg = append(c.sugg, suggestion{label: c.s.T("ui.cmd.record", x.No, kit.Line(c.s.Who(x.Person))+" "+x.Kind.Text().In(lang),
				x.Status.Text().In(lang)), section: sectionOf("sec.ledger"), open: x.ID})
		}
	case strings.HasPrefix(q, "CG-") && svc.Purchase != nil:
		if x, err := svc.Purchase.RequestByNo(ctx, q); err == nil {
			c.sugg = append(c.sugg, suggestion{label: c.s.T("ui.cmd.record", x.No, c.s.T("ui.pu.form"), x.Status.Text().In(lang)),
				section: sectionOf("sec.purchase"), open: x.ID})
		}
	case strings.HasPrefix(q, "JH-") && svc.Plans != nil:
		if x, err := svc.Plans.PlanItemByNo(ctx, q); err == nil {
			c.sugg = append(c.sugg, suggestion{label: c.s.T("ui.cmd.record", x.No, kit.Line(x.Text), x.Status.Text().In(lang)),
				section: sectionOf("sec.deptplans"), open: x.ID})
		}
	}
}

// bestOf is the indices of up to k of n records that score above 1 (an
// empty query scores 1 for all), best first.
func bestOf(n, k int, score func(i int) int) []int {
	type hit struct{ i, s int }
	var hits []hit
	for i := range n {
		if s := score(i); s > 1 {
			hits = append(hits, hit{i, s})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return b.s - a.s })
	out := make([]int, 0, k)
	for _, h := range hits[:min(k, len(hits))] {
		out = append(out, h.i)
	}
	return out
}

// suggest lists what the typed text names: sections whose name or group's
// name (in either language), short code or group digit matches, then order lines found by the store's search
// of numbers, customers and products.
func (c *cmdLine) suggest() {
	q := strings.ToLower(strings.TrimSpace(c.in.Value()))
	c.sugg, c.cur, c.err = c.sugg[:0], 0, nil
	for g, gr := range c.groups {
		digit := strconv.Itoa((g + 1) % 10)
		gzh, gen := i18n.Pair(gr.key)
		for _, i := range gr.sections {
			sec := c.reg[i]
			zh, en := i18n.Pair(sec.Key)
			if q == "" || q == digit || q == sec.Code || strings.Contains(strings.ToLower(zh), q) || strings.Contains(strings.ToLower(en), q) ||
				strings.Contains(strings.ToLower(gzh), q) || strings.Contains(strings.ToLower(gen), q) {
				c.sugg = append(c.sugg, suggestion{label: digit + " " + c.s.T(gr.key) + " › " + c.s.T(sec.Key), section: i})
			}
		}
	}
	if len([]rune(q)) < 2 {
		if len(c.sugg) > maxSuggestions {
			c.sugg = c.sugg[:maxSuggestions]
		}
		return
	}
	c.records(q)
	page, err := c.s.Svc.Orders.OrderRows(c.s.Ctx, model.OrderQuery{Search: q, Limit: maxSuggestions})
	if err != nil {
		c.err = c.s.Fault(err)
		return
	}
	names := c.names
	for _, r := range page.Rows {
		c.sugg = append(c.sugg, suggestion{
			label:   c.s.T("ui.cmd.order_line", r.No, r.LineNo, names.CustomerName(r.CustomerID), names.LineProduct(r.Product, r.Variant)),
			section: orderSection(), open: r.LineID,
		})
	}
	if len(c.sugg) > maxSuggestions {
		c.sugg = c.sugg[:maxSuggestions]
	}
	if page.Total > len(page.Rows) {
		c.sugg = append(c.sugg, suggestion{label: c.s.T("ui.cmd.more", page.Total-len(page.Rows)), section: -1})
	}
}

// update handles a key; done reports the line closed, with the place to
// go (nil: cancelled or nothing found).
func (c *cmdLine) update(msg tea.Msg) (done bool, target *suggestion, cmd tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		c.in, cmd = c.in.Update(msg)
		return false, nil, cmd
	}
	switch km.String() {
	case "esc", "ctrl+c":
		return true, nil, nil
	case "up", "ctrl+p":
		c.cur = max(c.cur-1, 0)
		return false, nil, nil
	case "down", "ctrl+n", "tab":
		c.cur = min(c.cur+1, max(len(c.sugg)-1, 0))
		return false, nil, nil
	case "enter":
		if c.cur < len(c.sugg) && c.sugg[c.cur].section >= 0 {
			s := c.sugg[c.cur]
			return true, &s, nil
		}
		return false, nil, nil
	}
	before := c.in.Value()
	c.in, cmd = c.in.Update(msg)
	if c.in.Value() != before {
		c.suggest()
	}
	return false, nil, cmd
}

// view draws the suggestions as a box of width lines to put over the
// body's last lines, and the line itself for the status line.
func (c *cmdLine) view(st kit.Styles, width int) (box []string, line string) {
	c.in.SetWidth(max(width-4, 10))
	line = c.in.View()
	if c.err != nil {
		return []string{st.Error.Render(kit.Line(model.ErrorMessage(c.err, c.s.Lang)))}, line
	}
	if len(c.sugg) == 0 {
		return []string{st.Dim.Render(c.s.T("ui.cmd.nothing", kit.Line(c.in.Value())))}, line
	}
	for i, sg := range c.sugg {
		// The chosen one is marked in text as well as in colour, for
		// terminals without colour.
		mark := "  "
		if i == c.cur && sg.section >= 0 {
			mark = "▸ "
		}
		text := kit.Fit(mark+kit.Line(sg.label), width, false)
		switch {
		case sg.section < 0:
			text = st.Dim.Render(text)
		case i == c.cur:
			text = st.Selected.Render(text)
		}
		box = append(box, text)
	}
	return box, line
}

// overlay puts box over the last lines of body (height lines).
func overlay(body string, box []string, width int) string {
	lines := strings.Split(body, "\n")
	start := max(len(lines)-len(box), 0)
	for i, b := range box {
		if start+i < len(lines) {
			lines[start+i] = lipgloss.NewStyle().MaxWidth(width).Render(b)
		}
	}
	return strings.Join(lines, "\n")
}
