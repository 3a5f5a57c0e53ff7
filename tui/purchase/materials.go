package purchase

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// Materials: every packaging material with its stock on hand, its safety
// stock and what signed requests still bring in; below safety stock shows
// first. Production staff add and edit materials (the safety stock is the
// production head's), adjust and count stock; enter lists a material's
// movements.

// ShowMaterialMsg asks the section to show the material of Code from
// elsewhere (the command line): its page, over the materials with the
// cursor on it, where esc goes back to.
type ShowMaterialMsg struct{ Code string }

// showMaterial shows the material of code as ShowMaterialMsg asks; a
// filter that hides it is dropped.
func (v *screen) showMaterial(code string) {
	v.mode = modeMaterials
	v.loadMaterials()
	if v.mats == nil {
		return
	}
	if v.mats.Select(code); v.mats.SelectedID() != code {
		v.mats = nil // a fresh list, unfiltered
		v.loadMaterials()
		v.mats.Select(code)
	}
	if m := v.material(); m != nil && m.Code == code {
		v.openPage(modeMaterials, v.movesLines(m))
	}
}

func (v *screen) loadMaterials() {
	t := v.s.T
	if v.mats == nil || v.mats.Lang != v.s.Lang {
		v.mats = kit.NewList(v.s.Lang, []kit.Column{
			{Title: t("field.material"), Min: 30}, {Title: t("ui.pu.col_on_hand"), Width: 8, Right: true},
			{Title: t("field.safety_stock"), Width: 8, Right: true}, {Title: t("ui.pu.col_open"), Width: 8, Right: true},
			{Title: t("field.unit"), Width: 4}, {Title: t("field.marking"), Width: 10, Optional: true},
			{Title: t("field.lead_days"), Width: 8, Right: true, Optional: true}, {Title: t("field.code"), Width: 10, Optional: true},
		})
	}
	rows, err := v.s.Svc.Purchase.Materials(v.s.Ctx)
	if err != nil {
		v.s.Fail(err)
		return
	}
	v.rows = rows
	var low, ok []kit.Row
	for _, m := range rows {
		r := kit.Row{ID: m.Code, Cells: []string{m.Name, strconv.FormatInt(m.OnHand, 10), strconv.FormatInt(m.SafetyStock, 10),
			strconv.FormatInt(m.Open, 10), m.Unit, m.Marking, strconv.Itoa(m.LeadDays), m.Code}}
		if m.OnHand < m.SafetyStock {
			r.Style, r.Emph = v.s.St.Warn, true
			low = append(low, r)
			continue
		}
		ok = append(ok, r)
	}
	v.mats.SetRows(append(low, ok...))
}

// material is the material under the cursor (nil if none).
func (v *screen) material() *model.MaterialRow {
	code := v.mats.SelectedID()
	for i := range v.rows {
		if v.rows[i].Code == code {
			return &v.rows[i]
		}
	}
	return nil
}

func (v *screen) materialsView(width, height int) string {
	st, t := v.s.St, v.s.T
	below := 0
	for _, m := range v.rows {
		if m.OnHand < m.SafetyStock {
			below++
		}
	}
	return st.Title.Render(kit.Fit(t("ui.pu.materials_head", v.s.Time(v.s.Svc.Clock.Now())), width, false)) + "\n" +
		st.Dim.Render(kit.Fit(t("ui.pu.materials_sub", len(v.rows), below), width, false)) + "\n" +
		v.mats.View(st, width, height-2, t("ui.pu.no_materials"))
}

func (v *screen) materialKeys() []key.Binding {
	if v.mats.Filtering() {
		return v.mats.HelpKeys()
	}
	ks := v.mats.HelpKeys()
	if model.Can(v.s.User, model.ActMaterialEdit) {
		ks = append(ks, v.keys.New, v.keys.Edit, v.keys.Adjust, v.keys.Count)
	} else if model.ProductionHead(v.s.User) {
		ks = append(ks, v.keys.Edit)
	}
	return append(ks, v.keys.Back)
}

func (v *screen) updateMaterials(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || v.mats.Filtering() {
		_, cmd := v.mats.Update(msg)
		return cmd
	}
	edit := model.Can(v.s.User, model.ActMaterialEdit)
	switch {
	case km.String() == "esc":
		v.mode = modeRequests
		return nil
	case km.String() == "enter":
		if m := v.material(); m != nil {
			v.openPage(modeMaterials, v.movesLines(m))
		}
		return nil
	case key.Matches(km, v.keys.New) && edit:
		return v.materialForm(nil)
	case key.Matches(km, v.keys.Edit) && (edit || model.ProductionHead(v.s.User)):
		if m := v.material(); m != nil {
			return v.materialForm(m.Material)
		}
		return nil
	case (key.Matches(km, v.keys.Adjust) || key.Matches(km, v.keys.Count)) && edit:
		if m := v.material(); m != nil {
			return v.stockForm(m, key.Matches(km, v.keys.Count))
		}
		return nil
	}
	_, cmd := v.mats.Update(msg)
	return cmd
}

// materialForm asks a new material's fields (m nil) or m's.
func (v *screen) materialForm(m *model.Material) tea.Cmd {
	t := v.s.T
	kinds := make([]kit.Option, len(model.MaterialKinds))
	for i, k := range model.MaterialKinds {
		kinds[i] = kit.Option{Value: string(k), Label: k.Text().In(v.s.Lang)}
	}
	title := t("ui.pu.new_material")
	if m != nil {
		title = t("ui.pu.edit_material", m.Name)
	}
	f := kit.NewForm(v.s.Lang, title,
		kit.TextField("code", t("field.code"), model.MaxCodeLen+4),
		kit.TextField("name", t("ui.pu.mat_name"), model.MaxMaterialName+10),
		kit.TextField("spec", t("field.spec"), model.MaxSpecLen+10),
		kit.ChoiceField("kind", t("field.kind"), t("ui.an.one_hint"), kinds),
		kit.TextField("unit", t("field.unit"), model.MaxUnitLen+4),
		kit.TextField("marking", t("ui.pu.marking_hint"), model.MaxMarkingLen+10),
		kit.TextField("pack_size", t("ui.pu.pack_hint"), 12),
		kit.TextField("lead_days", t("field.lead_days"), 6),
		kit.TextField("safety_stock", t("ui.pu.safety_hint"), 12),
		kit.TextField("supplier", t("field.supplier"), model.MaxSupplierLen+10),
	)
	if m == nil {
		f.SetChosen("kind", []string{string(model.MatFilm)})
		f.SetText("pack_size", "1")
		f.SetText("lead_days", "7")
		f.SetText("safety_stock", "0")
	} else {
		f.SetText("code", m.Code)
		f.SetText("name", m.Name)
		f.SetText("spec", m.Spec)
		f.SetChosen("kind", []string{string(m.Kind)})
		f.SetText("unit", m.Unit)
		f.SetText("marking", m.Marking)
		f.SetText("pack_size", strconv.FormatInt(m.PackSize, 10))
		f.SetText("lead_days", strconv.Itoa(m.LeadDays))
		f.SetText("safety_stock", strconv.FormatInt(m.SafetyStock, 10))
		f.SetText("supplier", m.Supplier)
	}
	f.Snapshot()
	v.form, v.act = f, nil
	v.mform = func() tea.Cmd { v.saveMaterial(m); return nil }
	return f.Focus()
}

// saveMaterial reads the material form and saves it over old (nil: new).
func (v *screen) saveMaterial(old *model.Material) {
	f := v.form
	m := &model.Material{Code: trimmed(f.Text("code")), Name: trimmed(f.Text("name")), Spec: trimmed(f.Text("spec")),
		Unit: trimmed(f.Text("unit")), Marking: trimmed(f.Text("marking")), Supplier: trimmed(f.Text("supplier"))}
	if c := f.Chosen("kind"); len(c) == 1 {
		m.Kind = model.MaterialKind(c[0])
	}
	if old != nil {
		m.Version = old.Version
		if m.Code != old.Code {
			f.SetErrors(map[string]string{"code": v.s.T("ui.pu.code_fixed")})
			return
		}
	}
	va := model.Invalid{}
	n, err := model.ParseWhole(f.Text("pack_size"), 1, model.MaxQty)
	va.AddErr("pack_size", err)
	m.PackSize = n
	n, err = model.ParseWhole(f.Text("lead_days"), 0, model.MaxMaterialLead)
	va.AddErr("lead_days", err)
	m.LeadDays = int(n)
	n, err = model.ParseWhole(f.Text("safety_stock"), 0, model.MaxQty)
	va.AddErr("safety_stock", err)
	m.SafetyStock = n
	if err := va.Err(); err != nil {
		va.Merge(m.Validate())
		f.SetErrors(v.s.FieldErrs(va.Err()))
		return
	}
	saved, err := v.s.Svc.Purchase.SaveMaterial(v.s.Ctx, v.s.User, m)
	if err != nil {
		if fe := v.s.FieldErrs(err); fe != nil {
			f.SetErrors(fe)
			return
		}
		v.s.Fail(err)
		return
	}
	v.form, v.mform = nil, nil
	v.s.Info(v.s.T("ui.pu.material_saved", saved.Name))
	v.loadMaterials()
	v.mats.Select(saved.Code)
}

// stockForm asks an adjustment (a signed quantity) or a count (the
// quantity found) of m, with the reason.
func (v *screen) stockForm(m *model.MaterialRow, count bool) tea.Cmd {
	t := v.s.T
	title, hint := t("ui.pu.adjust", m.Name, m.OnHand, m.Unit), t("ui.pu.adjust_hint")
	if count {
		title, hint = t("ui.pu.count", m.Name, m.OnHand, m.Unit), t("ui.pu.count_hint")
	}
	f := kit.NewForm(v.s.Lang, title, kit.TextField("qty", hint, 14), kit.TextField("reason", t("field.reason"), model.MaxReasonLen))
	f.Snapshot()
	v.form, v.act = f, nil
	code := m.Code
	v.mform = func() tea.Cmd {
		text := trimmed(f.Text("qty"))
		neg := !count && len(text) > 0 && (text[0] == '-' || text[0] == '+')
		sign := int64(1)
		if neg {
			if text[0] == '-' {
				sign = -1
			}
			text = text[1:]
		}
		q, err := model.ParseWhole(text, 0, model.MaxQty)
		if err != nil {
			f.SetErrors(map[string]string{"qty": model.ErrorMessage(err, v.s.Lang)})
			return nil
		}
		if count {
			_, err = v.s.Svc.Purchase.CountMaterial(v.s.Ctx, v.s.User, code, q, f.Text("reason"))
		} else {
			_, err = v.s.Svc.Purchase.AdjustMaterial(v.s.Ctx, v.s.User, code, sign*q, f.Text("reason"))
		}
		if err != nil {
			if fe := v.s.FieldErrs(err); fe != nil {
				f.SetErrors(fe)
				return nil
			}
			v.s.Fail(err)
			return nil
		}
		v.form, v.mform = nil, nil
		v.s.Info(v.s.T("ui.pu.stock_saved"))
		v.loadMaterials()
		return nil
	}
	return f.Focus()
}

// movesLines is m's page: its figures and latest movements, newest first.
// The movements are read once, when the page opens, not at every draw.
func (v *screen) movesLines(m *model.MaterialRow) func(width int) ([]string, []string) {
	moves, err := v.s.Svc.Purchase.MaterialMoves(v.s.Ctx, m.Code, model.MaxStockMoves)
	return func(width int) (head, body []string) {
		s, st, t := v.s, v.s.St, v.s.T
		head = []string{st.Title.Render(kit.Fit(m.Name+"  "+m.Code, width, false)),
			st.Dim.Render(kit.Fit(t("ui.pu.material_line", m.OnHand, m.SafetyStock, m.Open, m.Unit, m.PackSize, m.LeadDays), width, false))}
		for _, x := range nonEmpty(m.Spec, m.Marking, m.Supplier, m.Kind.Text().In(s.Lang)) {
			body = append(body, kit.Wrap(x, width)...)
		}
		if err != nil {
			return head, append(body, s.T("ui.pu.moves_failed"))
		}
		body = append(body, "", st.Bold.Render(t("ui.pu.moves")))
		if len(moves) == 0 {
			body = append(body, "  "+t("ui.pu.no_moves"))
		}
		for _, mv := range moves {
			q := strconv.FormatInt(mv.Qty, 10)
			if mv.Qty > 0 {
				q = "+" + q
			}
			line := s.Time(mv.At) + "  " + mv.Cause.Text().In(s.Lang) + "  " + q + " → " + strconv.FormatInt(mv.Balance, 10) + "  " + kit.Line(s.Who(mv.By))
			if mv.Ref != "" {
				line += "  " + mv.Ref
			}
			if mv.Reason != "" {
				line += "  " + kit.Line(mv.Reason)
			}
			body = append(body, kit.Wrap(line, width)...)
		}
		return head, body
	}
}
