package deptplans

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// Goals: the department's goals of the plan's year (年度工作计划). Whoever
// keeps the department's plan edits them on a grid (one goal per row, what
// and how it is measured; paste from a spreadsheet works); everyone else
// reads them.

func (v *screen) loadGoals() {
	v.grid, v.asking = nil, false
	g, err := v.s.Svc.Plans.Goals(v.s.Ctx, v.dept, v.month.Year)
	if err != nil {
		v.s.Fail(err)
		v.mode = modeList
		return
	}
	v.goals = g
	if !model.CanPlan(v.s.User, v.dept) {
		return
	}
	keys := make([]string, 0, len(g.Goals)+1)
	rows := make([][]string, 0, len(g.Goals)+1)
	for _, x := range g.Goals {
		keys = append(keys, strconv.Itoa(x.No))
		rows = append(rows, []string{x.Text, x.Measure})
	}
	if len(rows) == 0 {
		keys, rows = append(keys, "new"), append(rows, []string{"", ""})
	}
	t := v.s.T
	v.grid = kit.NewGrid(v.s.Lang, []kit.GridCol{
		{Title: t("ui.dp.goal"), Kind: kit.ColText, Limit: model.MaxGoalText},
		{Title: t("ui.dp.measure"), Width: 24, Kind: kit.ColText, Limit: model.MaxGoalText},
	}, keys, rows)
}

func (v *screen) updateGoals(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if v.grid == nil {
		if ok && km.String() == "esc" {
			v.mode = modeList
		}
		return nil
	}
	if ok && !v.grid.Editing() {
		switch {
		case v.asking:
			switch km.String() {
			case "y", "Y":
				v.mode, v.grid, v.asking = modeList, nil, false
				v.s.Info(v.s.T("app.cancelled"))
			case "n", "N", "esc":
				v.asking = false
				v.s.Info("")
			}
			return nil
		case key.Matches(km, v.keys.AddRow):
			v.grid.AddRow("new", []string{"", ""})
			v.grid.Col = 0
			return nil
		case key.Matches(km, v.keys.DelRow):
			if v.grid.Rows() > 1 {
				v.grid.DeleteRow()
			}
			return nil
		case key.Matches(km, v.keys.Save):
			v.saveGoals()
			return nil
		case km.String() == "esc":
			if !v.grid.Dirty() {
				v.mode, v.grid = modeList, nil
				return nil
			}
			v.asking = true
			v.s.Alert(v.s.T("app.discard"))
			return nil
		}
	}
	v.grid.Update(msg)
	return nil
}

// saveGoals saves the grid; a goal refused is marked at its row.
func (v *screen) saveGoals() {
	goals := make([]model.Goal, 0, v.grid.Rows())
	rowOf := make([]int, 0, v.grid.Rows()) // goal i was row rowOf[i]
	for i := 0; i < v.grid.Rows(); i++ {
		text, measure := strings.TrimSpace(v.grid.Cell(i, 0)), strings.TrimSpace(v.grid.Cell(i, 1))
		if text == "" && measure == "" {
			continue
		}
		if text == "" {
			v.grid.SetError(i, 0, model.ErrorMessage(model.Errorf(model.EINVALID, "val.required"), v.s.Lang))
			return
		}
		goals = append(goals, model.Goal{Text: text, Measure: measure})
		rowOf = append(rowOf, i)
	}
	g, err := v.s.Svc.Plans.SaveGoals(v.s.Ctx, v.s.User, v.dept, v.month.Year, v.goals.Version, goals)
	if err != nil {
		if fe := v.s.FieldErrs(err); fe != nil {
			// The model names the field, not the row: check each goal on
			// its own to find the row.
			for j, x := range goals {
				probe := &model.DeptGoals{Dept: v.dept}
				if e := probe.SetGoals(v.s.User, []model.Goal{x}); e != nil {
					for field, msg := range v.s.FieldErrs(e) {
						col := 0
						if field == "measure" {
							col = 1
						}
						v.grid.SetError(rowOf[j], col, msg)
						return
					}
				}
			}
		}
		v.s.Fail(err)
		return
	}
	v.goals = g
	v.s.Info(v.s.T("ui.dp.goals_saved", len(g.Goals), v.s.T("dept."+string(v.dept)), v.month.Year))
	v.mode, v.grid = modeList, nil
}

func (v *screen) goalsView(width, height int) string {
	st, t := v.s.St, v.s.T
	head := st.Title.Render(kit.Fit(t("ui.dp.goals_title", t("dept."+string(v.dept)), v.month.Year), width, false))
	if v.grid != nil {
		return head + "\n" + st.Dim.Render(kit.Fit(t("ui.dp.goals_hint"), width, false)) + "\n" + v.grid.View(st, width, height-2)
	}
	var b strings.Builder
	b.WriteString(head + "\n")
	if v.goals == nil || len(v.goals.Goals) == 0 {
		b.WriteString(st.Dim.Render(t("ui.dp.goals_none")))
		return b.String()
	}
	lines := 1
	for _, x := range v.goals.Goals {
		line := fmt.Sprintf("%d. %s", x.No, kit.Line(x.Text))
		if x.Measure != "" {
			line += " · " + kit.Line(x.Measure)
		}
		for _, l := range kit.Wrap(line, width) {
			if lines >= height {
				return b.String()
			}
			b.WriteString(l + "\n")
			lines++
		}
	}
	return b.String()
}

func (v *screen) goalsKeys() []key.Binding {
	if v.grid == nil {
		return []key.Binding{v.keys.Back}
	}
	if v.asking {
		return nil
	}
	ks := []key.Binding{v.keys.Save, v.keys.AddRow}
	if v.grid.Rows() > 1 {
		ks = append(ks, v.keys.DelRow)
	}
	return append(append(ks, v.grid.HelpKeys()...), v.keys.Back)
}
