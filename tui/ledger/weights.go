package ledger

import (
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// The office sets a department's assessment weights on a grid (W on the
// assessment): every indicator by name, the department's own first, and
// its weight 0–100 with the sum below. A bad weight is refused at its
// cell as it is typed and again on ctrl+s; the sum need not be 100, since
// the score is weighed over the indicators with data (model.Assess).

// Columns of the weights grid.
const (
	wcName   = iota // the indicator, read
	wcWeight        // 0..100
)

// openWeights opens department d's weights on the grid.
func (v *screen) openWeights(d model.Department) {
	if d == "" {
		return
	}
	ws, err := v.s.Svc.Ledger.Weights(v.s.Ctx, d)
	if err != nil {
		v.s.Fail(err)
		return
	}
	var keys []string
	var rows [][]string
	add := func(k model.KPI, w int) {
		keys = append(keys, string(k))
		rows = append(rows, []string{v.s.T("ui.kpi.name." + string(k)), strconv.Itoa(w)})
	}
	for _, w := range ws {
		add(w.KPI, w.Weight)
	}
	for _, k := range model.KPIs {
		if !slices.ContainsFunc(ws, func(w model.Weight) bool { return w.KPI == k }) {
			add(k, 0)
		}
	}
	t := v.s.T
	v.wgrid = kit.NewGrid(v.s.Lang, []kit.GridCol{
		{Title: t("kpi.col_name"), Kind: kit.ColRead},
		{Title: t("ui.as.col_weight"), Width: 8, Kind: kit.ColNumber, Total: true},
	}, keys, rows)
	v.wdept, v.wasking = d, false
}

// closeWeights leaves the grid for the assessment, read again.
func (v *screen) closeWeights() {
	v.wgrid, v.wdept, v.wasking = nil, "", false
	v.loadAssessment()
}

// weightsKey handles a key on the grid: ctrl+s saves, esc leaves (asking
// first when there are edits), the rest edits.
func (v *screen) weightsKey(km tea.KeyPressMsg) {
	g := v.wgrid
	if !g.Editing() {
		switch s := km.String(); {
		case v.wasking:
			switch s {
			case "y", "Y":
				v.closeWeights()
				v.s.Info(v.s.T("app.cancelled"))
			case "n", "N", "esc":
				v.wasking = false
				v.s.Info("")
			}
			return
		case s == "ctrl+s":
			v.saveWeights()
			return
		case s == "esc":
			if !g.Dirty() {
				v.closeWeights()
				return
			}
			v.wasking = true
			v.s.Alert(v.s.T("app.discard"))
			return
		}
	}
	was := g.Editing()
	row, col := g.Cursor()
	g.Update(km)
	if was && !g.Editing() && km.String() != "esc" && km.String() != "ctrl+z" {
		if msg := v.weightError(row); msg != "" {
			g.SetError(row, col, msg)
		}
	}
}

// weight is row's weight as typed.
func (v *screen) weight(row int) model.Weight {
	return model.Weight{KPI: model.KPI(v.wgrid.Key(row)), Weight: int(v.wgrid.Number(row, wcWeight))}
}

// weightError is why row's weight cannot stand (model.ValidateWeights),
// "" when it can.
func (v *screen) weightError(row int) string {
	for _, msg := range v.s.FieldErrs(model.ValidateWeights([]model.Weight{v.weight(row)})) {
		return msg
	}
	return ""
}

// saveWeights saves the grid's indicators with a weight above 0 as the
// department's weights; a bad weight is marked at its cell.
func (v *screen) saveWeights() {
	g := v.wgrid
	var ws []model.Weight
	for i := 0; i < g.Rows(); i++ {
		if msg := v.weightError(i); msg != "" {
			g.SetError(i, wcWeight, msg)
			return
		}
		if w := v.weight(i); w.Weight > 0 {
			ws = append(ws, w)
		}
	}
	d := v.wdept
	if err := v.s.Svc.Ledger.SaveWeights(v.s.Ctx, v.s.User, d, ws); err != nil {
		v.s.Fail(err)
		return
	}
	v.closeWeights()
	v.s.Info(v.s.T("ui.as.w_saved", v.s.T("dept."+string(d))))
}

// weightsView is the grid with its title and hint.
func (v *screen) weightsView(width, height int) string {
	st, t := v.s.St, v.s.T
	sum := 0
	for i := 0; i < v.wgrid.Rows(); i++ {
		sum += v.weight(i).Weight
	}
	head := st.Title.Render(kit.Fit(t("ui.as.w_title", t("dept."+string(v.wdept))), width, false)) + "\n"
	hint := ""
	for _, l := range kit.Wrap(t("ui.as.w_hint", sum), width) {
		hint += st.Dim.Render(l) + "\n"
	}
	return head + hint + v.wgrid.View(st, width, max(height-1-strings.Count(hint, "\n"), 8))
}
