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

// Marking changeovers (有无标示包材交替期间): the periods during which a
// family's marked variant is what is planned, made and bought for unless
// an order line asks for the other. Sales and production leaders set them
// (n) and call one off (x).

func (v *screen) loadChangeovers() {
	t := v.s.T
	if v.chg == nil || v.chg.Lang != v.s.Lang {
		v.chg = kit.NewList(v.s.Lang, []kit.Column{
			{Title: t("field.family"), Min: 16}, {Title: t("field.from"), Width: 10}, {Title: t("field.to"), Width: 10},
			{Title: t("ui.pu.col_state"), Width: 8}, {Title: t("field.note"), Min: 10, Optional: true},
		})
	}
	list, err := v.s.Svc.Purchase.Changeovers(v.s.Ctx)
	if err != nil {
		v.s.Fail(err)
		return
	}
	v.chgs = list
	today := v.s.Svc.Calendar.DateOf(v.s.Svc.Clock.Now())
	rows := make([]kit.Row, 0, len(list))
	for _, c := range list {
		state, r := changeoverState(c, today), kit.Row{ID: strconv.FormatUint(c.ID, 10)}
		switch state {
		case "ui.pu.chg_ended", "ui.pu.chg_past":
			r.Style, r.Emph = v.s.St.Dim, true
		case "ui.pu.chg_now":
			r.Style, r.Emph = v.s.St.Warn, true
		}
		r.Cells = []string{v.familyName(c.Family), c.From.String(), c.To.String(), t(state), c.Note}
		rows = append(rows, r)
	}
	v.chg.SetRows(rows)
}

// changeoverState is the catalogue key of c's state on day today: ended
// (called off), past, running or coming.
func changeoverState(c *model.Changeover, today model.Date) string {
	switch {
	case c.Ended:
		return "ui.pu.chg_ended"
	case c.To.Before(today):
		return "ui.pu.chg_past"
	case !c.From.After(today):
		return "ui.pu.chg_now"
	}
	return "ui.pu.chg_coming"
}

// familyName names a family: its name, or the name of the product whose
// code it is.
func (v *screen) familyName(f string) string {
	if p := v.products[f]; p != nil && p.Family == "" {
		return p.Name
	}
	return f
}

// families are the families with variants to change over, in product
// order.
func (v *screen) families() []kit.Option {
	var out []kit.Option
	var seen []string
	list, _ := v.s.Svc.Master.Products(v.s.Ctx)
	for _, p := range list {
		f := model.FamilyOf(p, p.Code)
		if p.DefaultVariant == "" || slices.Contains(seen, f) {
			continue
		}
		seen = append(seen, f)
		out = append(out, kit.Option{Value: f, Label: v.familyName(f)})
	}
	return out
}

func (v *screen) changeoversView(width, height int) string {
	st, t := v.s.St, v.s.T
	return st.Title.Render(kit.Fit(t("ui.pu.chg_head"), width, false)) + "\n" +
		st.Dim.Render(kit.Fit(t("ui.pu.chg_sub"), width, false)) + "\n" +
		v.chg.View(st, width, height-2, t("ui.pu.chg_none"))
}

func (v *screen) changeoverKeys() []key.Binding {
	if v.chg.Filtering() {
		return v.chg.HelpKeys()
	}
	ks := v.chg.HelpKeys()
	if model.Can(v.s.User, model.ActProductEdit) {
		ks = append(ks, key.NewBinding(key.WithKeys("n"), key.WithHelp("n", v.s.T("ui.pu.chg_new"))),
			key.NewBinding(key.WithKeys("x"), key.WithHelp("x", v.s.T("ui.pu.chg_end"))))
	}
	return append(ks, v.keys.Back)
}

func (v *screen) updateChangeovers(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || v.chg.Filtering() {
		_, cmd := v.chg.Update(msg)
		return cmd
	}
	may := model.Can(v.s.User, model.ActProductEdit)
	switch km.String() {
	case "esc":
		v.mode = modeRequests
		return nil
	case "enter":
		id, _ := strconv.ParseUint(v.chg.SelectedID(), 10, 64)
		for _, c := range v.chgs {
			if c.ID == id {
				v.openPage(modeChangeovers, func(width int) ([]string, []string) { return v.changeoverLines(c, width) })
				break
			}
		}
		return nil
	case "n":
		if may {
			return v.changeoverForm()
		}
	case "x":
		if !may {
			return nil
		}
		id, _ := strconv.ParseUint(v.chg.SelectedID(), 10, 64)
		for _, c := range v.chgs {
			if c.ID == id {
				if _, err := v.s.Svc.Purchase.EndChangeover(v.s.Ctx, v.s.User, c.ID, c.Version); err != nil {
					v.s.Fail(err)
					return nil
				}
				v.s.Info(v.s.T("ui.pu.chg_ended_now", v.familyName(c.Family), c.From.String(), c.To.String()))
				v.loadChangeovers()
			}
		}
		return nil
	}
	_, cmd := v.chg.Update(msg)
	return cmd
}

// changeoverLines is changeover c's page: the family on top; the period,
// its state, who set it and the note in full below.
func (v *screen) changeoverLines(c *model.Changeover, width int) (head, body []string) {
	st, t := v.s.St, v.s.T
	for _, now := range v.chgs {
		if now.ID == c.ID {
			c = now // as the list last read it
		}
	}
	head = []string{st.Title.Render(kit.Fit(t("ui.pu.chg_head")+" · "+kit.Line(v.familyName(c.Family)), width, false))}
	field := func(k, val string) {
		body = append(body, kit.Wrap(st.Label.Render(t(k)+t("ui.colon"))+val, width)...)
	}
	field("field.family", kit.Line(v.familyName(c.Family)))
	field("field.from", c.From.String())
	field("field.to", c.To.String())
	field("ui.pu.col_state", t(changeoverState(c, v.s.Svc.Calendar.DateOf(v.s.Svc.Clock.Now()))))
	field("field.by", kit.Line(v.s.Who(c.By))+" "+v.s.Time(c.At))
	if note := strings.TrimSpace(c.Note); note != "" {
		body = append(body, "")
		field("field.note", kit.Safe(note, true))
	}
	for i, l := range body {
		body[i] = strings.TrimRight(l, " ")
	}
	return head, body
}

// changeoverForm asks a new changeover: the family, from and to, a note.
func (v *screen) changeoverForm() tea.Cmd {
	t := v.s.T
	today := v.s.Svc.Calendar.DateOf(v.s.Svc.Clock.Now())
	fams := v.families()
	f := kit.NewForm(v.s.Lang, t("ui.pu.chg_new"),
		kit.ChoiceField("family", t("field.family"), t("ui.an.one_hint"), fams),
		kit.TextField("from", t("field.from"), 12), kit.TextField("to", t("field.to"), 12),
		kit.TextField("note", t("field.note"), model.MaxChangeoverNote))
	if len(fams) > 0 {
		f.SetChosen("family", []string{fams[0].Value})
	}
	f.SetText("from", today.String())
	f.SetText("to", today.AddDays(14).String())
	f.Snapshot()
	v.form, v.act = f, nil
	v.mform = func() tea.Cmd {
		c := &model.Changeover{Note: f.Text("note")}
		if ch := f.Chosen("family"); len(ch) == 1 {
			c.Family = ch[0]
		}
		va := model.Invalid{}
		var err error
		c.From, err = model.ParseDate(f.Text("from"))
		va.AddErr("from", err)
		c.To, err = model.ParseDate(f.Text("to"))
		va.AddErr("to", err)
		if err := va.Err(); err != nil {
			f.SetErrors(v.s.FieldErrs(err))
			return nil
		}
		saved, err := v.s.Svc.Purchase.AddChangeover(v.s.Ctx, v.s.User, c)
		if err != nil {
			if fe := v.s.FieldErrs(err); fe != nil {
				f.SetErrors(fe)
				return nil
			}
			v.s.Fail(err)
			return nil
		}
		v.form, v.mform = nil, nil
		v.s.Info(t("ui.pu.chg_saved", v.familyName(saved.Family), saved.From.String(), saved.To.String()))
		v.loadChangeovers()
		return nil
	}
	return f.Focus()
}
