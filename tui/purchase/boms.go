package purchase

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// Bills of materials: every product variant with the materials a unit
// takes; a variant without one is marked (its production draws no
// material and the run cannot plan for it). Enter opens a variant's bill
// on the grid for production staff, or as a page for everyone else.

func (v *screen) loadBOMs() {
	t := v.s.T
	if v.boms == nil || v.boms.Lang != v.s.Lang {
		v.boms = kit.NewList(v.s.Lang, []kit.Column{
			{Title: t("field.product"), Min: 20}, {Title: t("ui.pu.col_bom"), Min: 24},
		})
	}
	v.ensureMaterials()
	list, err := v.s.Svc.Purchase.BOMs(v.s.Ctx)
	if err != nil {
		v.s.Fail(err)
		return
	}
	v.bomList = list
	rows := make([]kit.Row, 0, len(list))
	for i, b := range list {
		r := kit.Row{ID: strconv.Itoa(i), Cells: []string{v.variantName(b.Product, b.Variant), v.bomText(b)}}
		if len(b.Lines) == 0 {
			r.Style, r.Emph = v.s.St.Warn, true
		}
		rows = append(rows, r)
	}
	v.boms.SetRows(rows)
}

// bomText is a bill in one line: "包装膜 1/25 · 外箱 1/1", or that there is
// none.
func (v *screen) bomText(b *model.BOM) string {
	if len(b.Lines) == 0 {
		return v.s.T("ui.pu.no_bom")
	}
	parts := make([]string, len(b.Lines))
	for i, l := range b.Lines {
		parts[i] = v.materialName(l.Material) + " " + strconv.FormatInt(l.Qty, 10) + "/" + strconv.FormatInt(l.Per, 10)
	}
	return strings.Join(parts, " · ")
}

func (v *screen) bomsView(width, height int) string {
	st, t := v.s.St, v.s.T
	none := 0
	for _, b := range v.bomList {
		if len(b.Lines) == 0 {
			none++
		}
	}
	return st.Title.Render(kit.Fit(t("ui.pu.boms_head"), width, false)) + "\n" +
		st.Dim.Render(kit.Fit(t("ui.pu.boms_sub", len(v.bomList), none), width, false)) + "\n" +
		v.boms.View(st, width, height-2, t("ui.pu.no_products"))
}

func (v *screen) bomKeys() []key.Binding {
	if v.boms.Filtering() {
		return v.boms.HelpKeys()
	}
	return append(v.boms.HelpKeys(), v.keys.Back)
}

func (v *screen) updateBOMs(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || v.boms.Filtering() {
		_, cmd := v.boms.Update(msg)
		return cmd
	}
	switch km.String() {
	case "esc":
		v.mode = modeRequests
		return nil
	case "enter":
		i, err := strconv.Atoi(v.boms.SelectedID())
		if err != nil || i >= len(v.bomList) {
			return nil
		}
		b := v.bomList[i]
		if model.Can(v.s.User, model.ActMaterialEdit) {
			v.openBOM(b)
			return nil
		}
		v.openPage(modeBOMs, func(width int) (head, body []string) {
			head = []string{v.s.St.Title.Render(kit.Fit(v.s.T("ui.pu.bom_title", v.variantName(b.Product, b.Variant)), width, false))}
			if len(b.Lines) == 0 {
				return head, []string{v.s.T("ui.pu.no_bom")}
			}
			for _, l := range b.Lines {
				body = append(body, kit.Wrap(v.s.T("ui.pu.bom_line", v.materialName(l.Material), l.Qty, l.Per, l.Material), width)...)
			}
			return head, body
		})
		return nil
	}
	_, cmd := v.boms.Update(msg)
	return cmd
}
