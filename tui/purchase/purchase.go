// Package purchase is the 包材采购 section: packaging purchase requests
// (包材采购计划单) from the requirement run to the production head's
// signature and purchasing's receipts, the materials with their stock and
// safety stock, and the bills of materials (docs/DOMAIN.md#packaging).
package purchase

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// Sections is the purchase section, under production beside the daily
// reports that draw material stock down.
func Sections() []kit.Section {
	return []kit.Section{
		{Key: "sec.purchase", Code: "purchase", Group: "grp.production", Make: func(s *kit.Session) kit.Screen { return newScreen(s) },
			Wants:  model.KindSet(model.KindPurchase, model.KindMaterial, model.KindProduct, model.KindUser),
			Alerts: []kit.LiveAlert{{Kind: model.KindPurchase, Say: purchaseAlert}}},
	}
}

// purchaseAlert tells the production head a request waits for the
// signature, purchasing that a signed one arrived, and the material keeper
// who drafted it what purchasing did with it.
func purchaseAlert(s *kit.Session, e model.Event) (kit.Alert, bool) {
	me := s.User
	if e.ID == 0 || e.Actor == me.Login || !slices.Contains(e.Depts, me.Dept) {
		return kit.Alert{}, false
	}
	by := kit.Line(s.Who(e.Actor))
	switch model.PurchaseEventKind(e.Action) {
	case model.PuEvDraft, model.PuEvEdit, model.PuEvRun:
		if !model.ProductionHead(me) {
			return kit.Alert{}, false
		}
	case model.PuEvSign:
		if !model.Can(me, model.ActPurchaseReceive) && !slices.Contains(e.For, me.Login) {
			return kit.Alert{}, false
		}
	case model.PuEvOrder, model.PuEvReceive, model.PuEvCancel:
		if !slices.Contains(e.For, me.Login) && !model.ProductionHead(me) {
			return kit.Alert{}, false
		}
	default:
		return kit.Alert{}, false
	}
	r, err := s.Svc.Purchase.Request(s.Ctx, e.ID)
	if err != nil {
		return kit.Alert{}, false
	}
	a := kit.Alert{Text: s.T("ui.pu.live", r.No, model.PurchaseEventKind(e.Action).Text().In(s.Lang), by, len(r.Lines)),
		Level: kit.StatusAlert}
	if e.Action == string(model.PuEvSign) && model.Can(me, model.ActPurchaseReceive) {
		a.Bell = true
	}
	return a, true
}

type mode int

const (
	modeRequests    mode = iota // the requests, newest first
	modeRequest                 // one request: its lines and the basis of the line under the cursor
	modePage                    // a scrolled page: a line's derivation, a request's history, a material's movements
	modeLines                   // editing a request's lines on a grid
	modeMaterials               // the materials with their stock
	modeBOMs                    // every product variant's bill of materials
	modeBOM                     // editing one bill of materials on a grid
	modeChangeovers             // the marking changeovers
)

// screen is the section. Esc walks back: a page to what opened it, a
// request to the list, materials and bills of materials to the requests.
type screen struct {
	s    *kit.Session
	mode mode
	back mode // where esc from a page returns

	list  *kit.List
	reqs  []*model.PurchaseRequest
	r     *model.PurchaseRequest // the request open
	lines *kit.List              // its lines
	page  *kit.Pager
	form  *kit.Form
	act   *action        // the step the form is for
	mform func() tea.Cmd // the material form's save (nil: none open)

	mats     *kit.List
	rows     []model.MaterialRow
	boms     *kit.List
	bomList  []*model.BOM
	bom      *model.BOM
	grid     *kit.Grid
	asking   bool // esc on a changed grid: drop it?
	products map[string]*model.Product
	sum      string // the requests list's summary line (summary)
	chg      *kit.List
	chgs     []*model.Changeover
	keys     struct{ Run, New, Materials, BOMs, Changeovers, History, Back, Save, AddRow, DelRow, Edit, Adjust, Count key.Binding }
}

func newScreen(s *kit.Session) *screen { return &screen{s: s} }

func (v *screen) Title() string { return v.s.T("sec.purchase") }

func (v *screen) Reload() {
	t := v.s.T
	v.keys.Run = key.NewBinding(key.WithKeys("R"), key.WithHelp("R", t("ui.pu.key_run")))
	v.keys.New = key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t("ui.pu.key_new")))
	v.keys.Materials = key.NewBinding(key.WithKeys("m"), key.WithHelp("m", t("ui.pu.key_materials")))
	v.keys.BOMs = key.NewBinding(key.WithKeys("b"), key.WithHelp("b", t("ui.pu.key_boms")))
	v.keys.Changeovers = key.NewBinding(key.WithKeys("T"), key.WithHelp("T", t("ui.pu.key_changeovers")))
	v.keys.History = key.NewBinding(key.WithKeys("h"), key.WithHelp("h", t("ui.pu.key_history")))
	v.keys.Back = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("key.back")))
	v.keys.Save = key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", t("key.save")))
	v.keys.AddRow = key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", t("ui.pu.key_add_row")))
	v.keys.DelRow = key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", t("ui.pu.key_del_row")))
	v.keys.Edit = key.NewBinding(key.WithKeys("e"), key.WithHelp("e", t("ui.pu.key_edit")))
	v.keys.Adjust = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", t("ui.pu.key_adjust")))
	v.keys.Count = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", t("ui.pu.key_count")))
	if v.list == nil || v.list.Lang != v.s.Lang {
		v.list = kit.NewList(v.s.Lang, []kit.Column{
			{Title: t("ui.pu.col_no"), Width: 12}, {Title: t("ui.pu.col_status"), Width: 12},
			{Title: t("ui.pu.col_lines"), Min: 16}, {Title: t("ui.pu.col_due"), Width: 16},
			{Title: t("ui.pu.col_drafted"), Width: 8, Optional: true}, {Title: t("ui.pu.col_signed"), Width: 8, Optional: true},
		})
		v.lines = kit.NewList(v.s.Lang, []kit.Column{
			{Title: "#", Width: 3, Right: true}, {Title: t("field.material"), Min: 30}, {Title: t("field.qty"), Width: 8, Right: true},
			{Title: t("ui.pu.col_state"), Width: 8}, {Title: t("field.needed_by"), Width: 10, Optional: true},
			{Title: t("ui.pu.col_received"), Width: 8, Right: true, Optional: true}, {Title: t("field.marking"), Width: 10, Optional: true},
		})
	}
	v.loadProducts()
	reqs, err := v.s.Svc.Purchase.Requests(v.s.Ctx, model.PurchaseFilter{})
	if err != nil {
		v.s.Fail(err)
		return
	}
	v.reqs = reqs
	// The materials name the lines and count in the summary; read once
	// per reload, not per frame.
	if rows, err := v.s.Svc.Purchase.Materials(v.s.Ctx); err == nil {
		v.rows = rows
	}
	v.sum = v.summary()
	now := v.s.Svc.Clock.Now()
	rows := make([]kit.Row, 0, len(reqs))
	for _, r := range reqs {
		it, _ := model.PurchaseDueItem(v.s.Svc.Calendar, r, now)
		due := v.s.Time(r.Due)
		switch it.State {
		case model.DueLate:
			due = v.s.T("ui.pu.signed_late", v.s.Time(r.Due))
		case model.DueMissing:
			due = v.s.T("ui.pu.missing", v.s.Time(r.Due))
		}
		row := kit.Row{ID: strconv.FormatUint(r.ID, 10), Cells: []string{r.No, r.Status.Text().In(v.s.Lang), v.linesText(r), due,
			v.s.Who(r.DraftedBy), v.s.Who(r.SignedBy)}}
		switch {
		case it.State == model.DueMissing || it.State == model.DueLate && r.Open():
			row.Style, row.Emph = v.s.St.Alert, true
		case v.waiting(r):
			row.Style, row.Emph = v.s.St.Warn, true
		case !r.Open():
			row.Style, row.Emph = v.s.St.Dim, true
		}
		rows = append(rows, row)
	}
	v.list.SetRows(rows)
	if v.r != nil && v.grid == nil {
		if r, err := v.s.Svc.Purchase.Request(v.s.Ctx, v.r.ID); err == nil {
			v.r = r
		}
		v.fillLines()
	}
	switch v.mode {
	case modeMaterials:
		v.loadMaterials()
	case modeBOMs:
		v.loadBOMs()
	case modeChangeovers:
		v.loadChangeovers()
	}
}

// waiting reports whether r waits for this person: the head's signature,
// or purchasing's order and receipt.
func (v *screen) waiting(r *model.PurchaseRequest) bool {
	u := v.s.User
	return r.Status == model.PurDraft && model.ProductionHead(u) || r.Status == model.PurSigned && model.Can(u, model.ActPurchaseReceive)
}

// linesText names a request's first materials: "香辣鱼豆腐包装膜 80 卷 等 3 项".
func (v *screen) linesText(r *model.PurchaseRequest) string {
	if len(r.Lines) == 0 {
		return ""
	}
	l := r.Lines[0]
	first := v.materialName(l.Material) + " " + strconv.FormatInt(l.Qty, 10) + " " + l.Unit
	if len(r.Lines) == 1 {
		return first
	}
	return v.s.T("ui.pu.lines_more", first, len(r.Lines))
}

// materialName is the name of material code (the code if it is unknown).
func (v *screen) materialName(code string) string {
	for _, m := range v.rows {
		if m.Code == code {
			return m.Name
		}
	}
	if m, err := v.s.Svc.Purchase.Material(v.s.Ctx, code); err == nil {
		return m.Name
	}
	return code
}

// loadProducts reads the products, to name product variants.
func (v *screen) loadProducts() {
	v.products = map[string]*model.Product{}
	if list, err := v.s.Svc.Master.Products(v.s.Ctx); err == nil {
		for _, p := range list {
			v.products[p.Code] = p
		}
	}
}

// variantName is "18g 香辣鱼豆腐 带一元标示".
func (v *screen) variantName(product, variant string) string {
	p := v.products[product]
	if p == nil {
		return model.VariantKey(product, variant)
	}
	if variant == "" {
		return p.Name
	}
	return p.Name + " " + p.VariantName(variant)
}

func (v *screen) Capturing() bool {
	return v.form != nil || v.grid != nil || v.mode == modeRequests && v.list.Filtering() ||
		v.mode == modeMaterials && v.mats != nil && v.mats.Filtering() || v.mode == modeBOMs && v.boms != nil && v.boms.Filtering() ||
		v.mode == modeChangeovers && v.chg != nil && v.chg.Filtering()
}

func (v *screen) Dirty() bool {
	return v.form != nil && v.form.Dirty() || v.grid != nil && v.grid.Dirty()
}

func (v *screen) Update(msg tea.Msg) tea.Cmd {
	if om, ok := msg.(kit.OpenMsg); ok && v.form == nil && v.grid == nil {
		v.open(om.ID)
		return nil
	}
	if sm, ok := msg.(ShowMaterialMsg); ok && v.form == nil && v.grid == nil {
		v.showMaterial(sm.Code)
		return nil
	}
	if v.form != nil {
		res, cmd := v.form.Update(msg)
		switch res {
		case kit.FormCancel:
			v.form, v.act, v.mform = nil, nil, nil
		case kit.FormSubmit:
			if v.mform != nil {
				return v.mform()
			}
			v.save()
		}
		return cmd
	}
	switch v.mode {
	case modeLines, modeBOM:
		return v.updateGrid(msg)
	case modeMaterials:
		return v.updateMaterials(msg)
	case modeBOMs:
		return v.updateBOMs(msg)
	case modeChangeovers:
		return v.updateChangeovers(msg)
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := km.String()
	switch v.mode {
	case modePage:
		if k == "esc" {
			v.mode, v.page = v.back, nil
			return nil
		}
		v.page.Update(km)
		return nil
	case modeRequest:
		return v.updateRequest(km)
	}
	if v.list.Filtering() {
		_, cmd := v.list.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(km, v.keys.Run) && model.Can(v.s.User, model.ActPurchaseDraft):
		v.run()
		return nil
	case key.Matches(km, v.keys.New) && model.Can(v.s.User, model.ActPurchaseDraft):
		return v.newRequest()
	case key.Matches(km, v.keys.Materials):
		v.mode = modeMaterials
		v.loadMaterials()
		return nil
	case key.Matches(km, v.keys.BOMs):
		v.mode = modeBOMs
		v.loadBOMs()
		return nil
	case key.Matches(km, v.keys.Changeovers):
		v.mode = modeChangeovers
		v.loadChangeovers()
		return nil
	case k == "enter":
		if id, _ := strconv.ParseUint(v.list.SelectedID(), 10, 64); id != 0 {
			v.open(id)
		}
		return nil
	}
	_, cmd := v.list.Update(msg)
	return cmd
}

// run runs the requirement run and opens the draft it leaves.
func (v *screen) run() {
	r, changed, figures, err := v.s.Svc.Purchase.Run(v.s.Ctx, v.s.User)
	if err != nil {
		v.s.Fail(err)
		return
	}
	needed := 0
	for _, b := range figures {
		if b.Proposed > 0 {
			needed++
		}
	}
	switch {
	case r == nil:
		v.s.Info(v.s.T("ui.pu.run_nothing", len(figures)))
	case changed:
		v.s.Info(v.s.T("ui.pu.run_changed", r.No, needed, len(figures)))
	default:
		v.s.Info(v.s.T("ui.pu.run_same", r.No, needed, len(figures)))
	}
	v.Reload()
	if r != nil {
		v.open(r.ID)
	}
}

// open shows request id.
func (v *screen) open(id uint64) {
	r, err := v.s.Svc.Purchase.Request(v.s.Ctx, id)
	if err != nil {
		v.s.Fail(err)
		return
	}
	v.r, v.mode = r, modeRequest
	v.fillLines()
	v.lines.SetCursor(0)
}

// fillLines puts the open request's lines in their list.
func (v *screen) fillLines() {
	if v.r == nil {
		return
	}
	rows := make([]kit.Row, 0, len(v.r.Lines))
	for i, l := range v.r.Lines {
		row := kit.Row{ID: strconv.Itoa(i + 1), Cells: []string{strconv.Itoa(i + 1), v.materialName(l.Material),
			strconv.FormatInt(l.Qty, 10) + " " + l.Unit, l.LineState().In(v.s.Lang), l.NeededBy.String(),
			strconv.FormatInt(l.Received, 10), l.Marking}}
		if l.Received >= l.Qty {
			row.Style, row.Emph = v.s.St.Dim, true
		}
		rows = append(rows, row)
	}
	v.lines.SetRows(rows)
}

// line is the request line under the cursor (nil if none).
func (v *screen) line() (int, *model.PurchaseLine) {
	n, _ := strconv.Atoi(v.lines.SelectedID())
	if v.r == nil || n < 1 || n > len(v.r.Lines) {
		return 0, nil
	}
	return n, &v.r.Lines[n-1]
}

func (v *screen) updateRequest(km tea.KeyPressMsg) tea.Cmd {
	k := km.String()
	switch {
	case k == "esc":
		v.mode, v.r = modeRequests, nil
		return nil
	case k == "enter":
		if n, l := v.line(); l != nil {
			v.openPage(modeRequest, func(width int) ([]string, []string) { return v.lineLines(n, l, width) })
		}
		return nil
	case key.Matches(km, v.keys.History):
		v.openPage(modeRequest, v.historyLines)
		return nil
	}
	for i := range actions() {
		a := &actions()[i]
		if a.key == k && a.may(v.s.User, v.r) {
			return v.start(a)
		}
	}
	_, cmd := v.lines.Update(km)
	return cmd
}

// openPage shows a scrolled page built by build; esc returns to back.
func (v *screen) openPage(back mode, build func(width int) ([]string, []string)) {
	v.back, v.mode = back, modePage
	v.page = &kit.Pager{Lang: v.s.Lang, Build: build}
}

func (v *screen) View(width, height int) string {
	st, t := v.s.St, v.s.T
	switch {
	case v.form != nil:
		head := ""
		if v.r != nil && v.act != nil {
			head = st.Title.Render(kit.Fit(v.r.No+"  "+v.r.Status.Text().In(v.s.Lang), width, false)) + "\n\n"
		}
		return head + v.form.View(st, width, height-strings.Count(head, "\n"))
	case v.mode == modePage:
		return v.page.View(st, width, height, "")
	case v.mode == modeLines || v.mode == modeBOM:
		return v.gridView(width, height)
	case v.mode == modeMaterials:
		return v.materialsView(width, height)
	case v.mode == modeBOMs:
		return v.bomsView(width, height)
	case v.mode == modeChangeovers:
		return v.changeoversView(width, height)
	case v.mode == modeRequest:
		return v.requestView(width, height)
	}
	head := st.Title.Render(kit.Fit(t("ui.pu.head"), width, false))
	sub := st.Dim.Render(kit.Fit(v.sum, width, false))
	return head + "\n" + sub + "\n" + v.list.View(st, width, height-2, t("ui.pu.none"))
}

// summary counts the materials below their safety stock and the requests
// waiting for a signature or for purchasing, from what Reload read.
func (v *screen) summary() string {
	var drafts, signed int
	for _, r := range v.reqs {
		switch r.Status {
		case model.PurDraft:
			drafts++
		case model.PurSigned:
			signed++
		}
	}
	below := 0
	for _, m := range v.rows {
		if m.OnHand < m.SafetyStock {
			below++
		}
	}
	return v.s.T("ui.pu.summary", drafts, signed, below, len(v.rows))
}

// requestView is the open request: its head, its lines, and under them
// the three lines of how the line under the cursor was proposed.
func (v *screen) requestView(width, height int) string {
	st, t, r := v.s.St, v.s.T, v.r
	it, _ := model.PurchaseDueItem(v.s.Svc.Calendar, r, v.s.Svc.Clock.Now())
	sign := t("ui.pu.unsigned", v.s.Deadline(r.Due))
	switch {
	case !r.FirstSigned.IsZero() && r.SignedBy != "":
		sign = t("ui.pu.signed_by", v.s.Who(r.SignedBy), v.s.Time(r.SignedAt))
	case !r.FirstSigned.IsZero():
		sign = t("ui.pu.resign", v.s.Time(r.FirstSigned))
	}
	if it.State == model.DueLate {
		sign += " · " + t("ui.pu.late_by", kit.DurText(v.s, it.Late))
	}
	head := []string{
		st.Title.Render(kit.Fit(r.No+"  "+t("ui.pu.form")+"  "+r.Status.Text().In(v.s.Lang), width, false)),
		st.Dim.Render(kit.Fit(t("ui.pu.drafted", v.s.Who(r.DraftedBy), v.s.Time(r.DraftedAt))+" · "+sign, width, false)),
	}
	if r.Note != "" {
		head = append(head, kit.Fit(t("field.note")+t("ui.colon")+kit.Line(r.Note), width, false))
	}
	var basis []string
	if _, l := v.line(); l != nil {
		basis = v.basisLines(l, width)
	}
	listH := max(height-len(head)-len(basis), 4)
	out := strings.Join(head, "\n") + "\n" + v.lines.View(st, width, listH, t("ui.pu.no_lines"))
	if len(basis) > 0 {
		out += "\n" + strings.Join(basis, "\n")
	}
	return out
}

// basisLines are the three lines of how l's quantity was proposed, or
// that it was typed by hand, and why it differs from the proposal.
func (v *screen) basisLines(l *model.PurchaseLine, width int) []string {
	st := v.s.St
	if l.Basis == nil {
		return []string{st.Dim.Render(kit.Fit(v.s.T("ui.pu.by_hand"), width, false))}
	}
	var out []string
	for _, x := range l.Basis.Explain() {
		out = append(out, st.Dim.Render(kit.Fit(x.In(v.s.Lang), width, false)))
	}
	if l.Reason != "" && l.Qty != l.Proposed {
		out = append(out, st.Warn.Render(kit.Fit(v.s.T("ui.pu.changed", l.Proposed, l.Qty, kit.Line(l.Reason)), width, false)))
	}
	return out
}

// lineLines is line n's page: the material, the three lines, every use
// the run counted, and the receipts.
func (v *screen) lineLines(n int, l *model.PurchaseLine, width int) (head, body []string) {
	s, st, t := v.s, v.s.St, v.s.T
	head = []string{st.Title.Render(kit.Fit(v.r.No+" #"+strconv.Itoa(n)+"  "+v.materialName(l.Material), width, false)),
		st.Dim.Render(kit.Fit(strings.Join(nonEmpty(l.Spec, l.Marking, strconv.FormatInt(l.Qty, 10)+" "+l.Unit,
			t("field.needed_by")+" "+l.NeededBy.String()), " · "), width, false))}
	if l.Basis != nil {
		for _, x := range l.Basis.Explain() {
			body = append(body, kit.Wrap(x.In(s.Lang), width)...)
		}
		if l.Reason != "" && l.Qty != l.Proposed {
			body = append(body, kit.Wrap(t("ui.pu.changed", l.Proposed, l.Qty, kit.Line(l.Reason)), width)...)
		}
		body = append(body, "", st.Bold.Render(t("ui.pu.uses")))
		for _, u := range l.Basis.Uses {
			body = append(body, kit.Wrap("  "+u.UseLine(v.variantName).In(s.Lang), width)...)
		}
		if len(l.Basis.Uses) == 0 {
			body = append(body, "  "+t("ui.pu.no_uses"))
		}
	} else {
		body = append(body, t("ui.pu.by_hand"))
	}
	if !l.Ordered.IsZero() {
		body = append(body, "", kit.Fit(t("ui.pu.ordered", s.Who(l.OrderedBy), s.Time(l.Ordered), l.Expected.String()), width, false))
	}
	if len(l.Receipts) > 0 {
		body = append(body, "", st.Bold.Render(t("ui.pu.receipts")))
		for _, rc := range l.Receipts {
			line := "  " + s.Time(rc.At) + "  " + kit.Line(s.Who(rc.By)) + "  +" + strconv.FormatInt(rc.Qty, 10) + " " + l.Unit
			if rc.Reason != "" {
				line += "  " + kit.Line(rc.Reason)
			}
			body = append(body, kit.Wrap(line, width)...)
		}
	}
	return head, body
}

// historyLines is the open request's history, newest first.
func (v *screen) historyLines(width int) (head, body []string) {
	s, r := v.s, v.r
	head = []string{s.St.Title.Render(kit.Fit(r.No+"  "+s.T("ui.pu.history"), width, false))}
	for i := len(r.History) - 1; i >= 0; i-- {
		h := r.History[i]
		line := s.Time(h.At) + "  " + kit.Line(s.Who(h.By)) + "  " + h.Kind.Text().In(s.Lang)
		text := h.Text
		if h.Kind == model.PuEvOrder || h.Kind == model.PuEvReceive {
			// "CODE · date", "CODE +qty": the material by its name.
			if code, rest, ok := strings.Cut(text, " "); ok {
				text = v.materialName(code) + " " + rest
			}
		}
		if text != "" && h.Kind != model.PuEvRun {
			line += s.T("ui.colon") + kit.Line(text)
		}
		body = append(body, kit.Wrap(line, width)...)
	}
	return head, body
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

func (v *screen) HelpKeys() []key.Binding {
	u := v.s.User
	switch {
	case v.form != nil:
		return v.form.HelpKeys()
	case v.mode == modeLines || v.mode == modeBOM:
		return v.gridKeys()
	case v.mode == modePage:
		return []key.Binding{v.keys.Back}
	case v.mode == modeMaterials:
		return v.materialKeys()
	case v.mode == modeBOMs:
		return v.bomKeys()
	case v.mode == modeChangeovers:
		return v.changeoverKeys()
	case v.mode == modeRequest:
		ks := append(v.lines.MoveKeys(), key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", v.s.T("ui.pu.key_basis"))))
		for _, a := range actions() {
			if a.may(u, v.r) {
				ks = append(ks, key.NewBinding(key.WithKeys(a.key), key.WithHelp(a.key, v.s.T(a.label))))
			}
		}
		return append(ks, v.keys.History, v.keys.Back)
	case v.list.Filtering():
		return v.list.HelpKeys()
	}
	ks := v.list.HelpKeys()
	if model.Can(u, model.ActPurchaseDraft) {
		ks = append(ks, v.keys.Run, v.keys.New)
	}
	return append(ks, v.keys.Materials, v.keys.BOMs, v.keys.Changeovers)
}
