package purchase

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// The two grids of the section: a request's lines (material, quantity,
// needed by, marking, and why a quantity differs from the run's proposal)
// and a product variant's bill of materials (material, quantity per so
// many units). A material is typed by its code or its name, or looked up
// (F4) by code, name or pinyin initials; paste from a spreadsheet works; a
// refusal is marked at its cell.

// Columns of the lines grid and of the BOM grid.
const (
	lnMaterial, lnName, lnQty, lnNeeded, lnMarking, lnReason = 0, 1, 2, 3, 4, 5
	bmMaterial, bmName, bmQty, bmPer                         = 0, 1, 2, 3
)

// newRequest opens the open draft's lines, or an empty grid for a request
// typed by hand.
func (v *screen) newRequest() tea.Cmd {
	for _, r := range v.reqs {
		if r.Status == model.PurDraft {
			v.s.Info(v.s.T("ui.pu.draft_open", r.No))
			v.open(r.ID)
			return v.editLines()
		}
	}
	v.r = nil
	v.openLinesGrid(nil)
	return nil
}

// editLines opens the open request's lines on the grid.
func (v *screen) editLines() tea.Cmd {
	v.openLinesGrid(v.r)
	return nil
}

func (v *screen) openLinesGrid(r *model.PurchaseRequest) {
	t := v.s.T
	v.ensureMaterials()
	var keys []string
	var rows [][]string
	if r != nil {
		for _, l := range r.Lines {
			keys = append(keys, l.Material)
			rows = append(rows, []string{l.Material, v.materialName(l.Material), strconv.FormatInt(l.Qty, 10), l.NeededBy.String(), l.Marking, l.Reason})
		}
	}
	if len(rows) == 0 {
		keys, rows = []string{""}, [][]string{v.emptyLine()}
	}
	v.grid = kit.NewGrid(v.s.Lang, []kit.GridCol{
		v.materialCol(),
		{Title: t("ui.pu.mat_name"), Kind: kit.ColRead},
		{Title: t("field.qty"), Width: 8, Kind: kit.ColNumber, Right: true},
		{Title: t("field.needed_by"), Width: 10, Kind: kit.ColText, Limit: 12},
		{Title: t("field.marking"), Width: 10, Kind: kit.ColText, Limit: model.MaxMarkingLen, Optional: true},
		{Title: t("field.reason"), Width: 14, Kind: kit.ColText, Limit: model.MaxPurchaseReason, Optional: true},
	}, keys, rows)
	v.mode, v.asking = modeLines, false
}

// emptyLine is a new row: needed a week from today.
func (v *screen) emptyLine() []string {
	today := v.s.Svc.Calendar.DateOf(v.s.Svc.Clock.Now())
	return []string{"", "", "", today.AddDays(7).String(), "", ""}
}

// ensureMaterials reads the materials if they were not yet.
func (v *screen) ensureMaterials() {
	if len(v.rows) == 0 {
		if rows, err := v.s.Svc.Purchase.Materials(v.s.Ctx); err == nil {
			v.rows = rows
		}
	}
}

// materialCol is the material column of both grids, looked up (F4) among
// the materials.
func (v *screen) materialCol() kit.GridCol {
	return kit.GridCol{Title: v.s.T("field.material"), Width: 12, Kind: kit.ColText, Limit: model.MaxMaterialName}.
		WithLookup(v.s.T("ui.pick.material"), kit.AnyRow(v.materialItems))
}

// materialItems lists the materials for the lookup, by code (filling in
// the code).
func (v *screen) materialItems() []kit.PickItem {
	v.ensureMaterials()
	out := make([]kit.PickItem, 0, len(v.rows))
	for _, m := range v.rows {
		out = append(out, kit.NewPickItem(m.Code, m.Code, m.Name, m.Spec))
	}
	return out
}

// materialCode resolves what was typed in a material cell: a code, or a
// name (exactly, or the one material whose name contains it); "" if none.
func (v *screen) materialCode(typed string) string {
	typed = strings.TrimSpace(typed)
	var found []string
	for _, m := range v.rows {
		switch {
		case strings.EqualFold(m.Code, typed) || m.Name == typed:
			return m.Code
		case typed != "" && strings.Contains(m.Name, typed):
			found = append(found, m.Code)
		}
	}
	if len(found) == 1 {
		return found[0]
	}
	return ""
}

// openBOM opens the bill of materials b on the grid.
func (v *screen) openBOM(b *model.BOM) {
	t := v.s.T
	v.ensureMaterials()
	var keys []string
	var rows [][]string
	for _, l := range b.Lines {
		keys = append(keys, l.Material)
		rows = append(rows, []string{l.Material, v.materialName(l.Material), strconv.FormatInt(l.Qty, 10), strconv.FormatInt(l.Per, 10)})
	}
	if len(rows) == 0 {
		keys, rows = []string{""}, [][]string{{"", "", "1", "1"}}
	}
	v.bom = b
	v.grid = kit.NewGrid(v.s.Lang, []kit.GridCol{
		v.materialCol(),
		{Title: t("ui.pu.mat_name"), Kind: kit.ColRead},
		{Title: t("field.qty"), Width: 8, Kind: kit.ColNumber, Right: true},
		{Title: t("field.per"), Width: 10, Kind: kit.ColNumber, Right: true},
	}, keys, rows)
	v.mode, v.asking = modeBOM, false
}

func (v *screen) updateGrid(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if ok && !v.grid.Editing() {
		switch {
		case v.asking:
			switch km.String() {
			case "y", "Y":
				v.closeGrid()
				v.s.Info(v.s.T("app.cancelled"))
			case "n", "N", "esc":
				v.asking = false
				v.s.Info("")
			}
			return nil
		case key.Matches(km, v.keys.AddRow):
			if v.mode == modeLines {
				v.grid.AddRow("", v.emptyLine())
			} else {
				v.grid.AddRow("", []string{"", "", "1", "1"})
			}
			v.grid.Col = 0
			return nil
		case key.Matches(km, v.keys.DelRow):
			if v.grid.Rows() > 1 {
				v.grid.DeleteRow()
			}
			return nil
		case key.Matches(km, v.keys.Save):
			if v.mode == modeLines {
				v.saveLines()
			} else {
				v.saveBOM()
			}
			return nil
		case km.String() == "esc":
			if !v.grid.Dirty() {
				v.closeGrid()
				return nil
			}
			v.asking = true
			v.s.Alert(v.s.T("app.discard"))
			return nil
		}
	}
	v.grid.Update(msg)
	v.nameRows()
	return nil
}

// nameRows shows each row's material name as typed so far.
func (v *screen) nameRows() {
	for i := 0; i < v.grid.Rows(); i++ {
		name := ""
		if code := v.materialCode(v.grid.Cell(i, 0)); code != "" {
			name = v.materialName(code)
		}
		v.grid.SetRead(i, 1, name)
	}
}

// closeGrid leaves the grid for what opened it.
func (v *screen) closeGrid() {
	v.grid, v.asking = nil, false
	switch {
	case v.mode == modeBOM:
		v.mode, v.bom = modeBOMs, nil
		v.loadBOMs()
	case v.r != nil:
		v.mode = modeRequest
		v.fillLines()
	default:
		v.mode = modeRequests
	}
}

// gridError marks the first refusal of err at its row and column: fields
// named "lines.N.field" or "row N.field", N the place among the rows sent
// (rowOf[N-1] the grid row it came from: blank rows are not sent).
func (v *screen) gridError(err error, cols map[string]int, rowOf []int) bool {
	for f, msg := range v.s.FieldErrs(err) {
		var n int
		var field string
		name := strings.Replace(strings.TrimPrefix(f, "lines."), "row ", "", 1)
		if _, e := fmt.Sscanf(strings.Replace(name, ".", " ", 1), "%d %s", &n, &field); e != nil || n < 1 || n > len(rowOf) {
			continue
		}
		v.grid.SetError(rowOf[n-1], cols[field], msg)
		return true
	}
	return false
}

// saveLines saves the lines grid: a new request by hand, or the open
// request's lines (a run line keeps its proposal and basis).
func (v *screen) saveLines() {
	var lines []model.PurchaseLine
	var rowOf []int // line i came from grid row rowOf[i]
	old := map[string]model.PurchaseLine{}
	if v.r != nil {
		for _, l := range v.r.Lines {
			old[l.Material] = l
		}
	}
	for i := 0; i < v.grid.Rows(); i++ {
		typed := strings.TrimSpace(v.grid.Cell(i, lnMaterial))
		if typed == "" && strings.TrimSpace(v.grid.Cell(i, lnQty)) == "" {
			continue
		}
		code := v.materialCode(typed)
		if code == "" {
			v.grid.SetError(i, lnMaterial, v.s.T("val.unknown_material", typed))
			return
		}
		l, ok := old[code]
		if !ok {
			l = model.PurchaseLine{Material: code}
		}
		l.Qty = v.grid.Number(i, lnQty)
		if l.Qty == 0 {
			v.grid.SetError(i, lnQty, v.s.T("val.whole", 1, model.MaxQty))
			return
		}
		d, err := model.ParseDate(v.grid.Cell(i, lnNeeded))
		if err != nil {
			v.grid.SetError(i, lnNeeded, model.ErrorMessage(err, v.s.Lang))
			return
		}
		l.NeededBy, l.Marking, l.Reason = d, strings.TrimSpace(v.grid.Cell(i, lnMarking)), strings.TrimSpace(v.grid.Cell(i, lnReason))
		lines = append(lines, l)
		rowOf = append(rowOf, i)
	}
	var saved *model.PurchaseRequest
	var err error
	if v.r == nil {
		saved, err = v.s.Svc.Purchase.DraftRequest(v.s.Ctx, v.s.User, lines, "")
	} else {
		now, cal := v.s.Svc.Clock.Now(), v.s.Svc.Calendar
		note := v.r.Note
		saved, err = v.s.Svc.Purchase.ChangeRequest(v.s.Ctx, v.s.User, v.r.ID, v.r.Version,
			func(by *model.User, r *model.PurchaseRequest, materials model.MaterialLookup) error {
				return r.Edit(by, now, cal, lines, note, materials)
			})
	}
	if err != nil {
		if !v.gridError(err, map[string]int{"material": lnMaterial, "qty": lnQty, "needed_by": lnNeeded, "marking": lnMarking, "reason": lnReason}, rowOf) {
			v.s.Fail(err)
		}
		return
	}
	v.s.Info(v.s.T("ui.pu.lines_saved", saved.No, len(saved.Lines), saved.Status.Text().In(v.s.Lang)))
	v.grid = nil
	v.Reload()
	v.open(saved.ID)
}

// saveBOM saves the BOM grid.
func (v *screen) saveBOM() {
	var lines []model.BOMLine
	var rowOf []int // line i came from grid row rowOf[i]
	for i := 0; i < v.grid.Rows(); i++ {
		typed := strings.TrimSpace(v.grid.Cell(i, bmMaterial))
		if typed == "" {
			continue
		}
		code := v.materialCode(typed)
		if code == "" {
			v.grid.SetError(i, bmMaterial, v.s.T("val.unknown_material", typed))
			return
		}
		lines = append(lines, model.BOMLine{Material: code, Qty: v.grid.Number(i, bmQty), Per: v.grid.Number(i, bmPer)})
		rowOf = append(rowOf, i)
	}
	b, err := v.s.Svc.Purchase.SaveBOM(v.s.Ctx, v.s.User, v.bom.Product, v.bom.Variant, v.bom.Version, lines)
	if err != nil {
		if !v.gridError(err, map[string]int{"material": bmMaterial, "qty": bmQty, "per": bmPer}, rowOf) {
			v.s.Fail(err)
		}
		return
	}
	v.s.Info(v.s.T("ui.pu.bom_saved", v.variantName(b.Product, b.Variant), len(b.Lines)))
	v.closeGrid()
}

func (v *screen) gridView(width, height int) string {
	st, t := v.s.St, v.s.T
	var head, hint string
	switch {
	case v.mode == modeBOM:
		head, hint = t("ui.pu.bom_title", v.variantName(v.bom.Product, v.bom.Variant)), t("ui.pu.bom_hint")
	case v.r == nil:
		head, hint = t("ui.pu.new_request"), t("ui.pu.lines_hint")
	default:
		head, hint = t("ui.pu.edit_lines", v.r.No), t("ui.pu.lines_hint")
		if v.r.Status == model.PurSigned {
			hint = t("ui.pu.resign_hint")
		}
	}
	return st.Title.Render(kit.Fit(head, width, false)) + "\n" + st.Dim.Render(kit.Fit(hint, width, false)) + "\n" +
		v.grid.View(st, width, height-2)
}

func (v *screen) gridKeys() []key.Binding {
	if v.asking || v.grid.Picking() {
		return nil // the picker says its keys
	}
	ks := []key.Binding{v.keys.Save, v.keys.AddRow}
	if v.grid.Rows() > 1 {
		ks = append(ks, v.keys.DelRow)
	}
	return append(append(ks, v.grid.HelpKeys()...), v.keys.Back)
}
