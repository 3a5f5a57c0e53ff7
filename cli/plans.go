package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"xietong/model"
)

// Department plans (计划协同) on the command line: the items of a month,
// one department's or all, with its plan completion; and one item with
// its history.

func checkPlansList(p parsed) error {
	if s, ok := p.flags["month"]; ok {
		if _, err := model.ParseMonth(s); err != nil {
			return model.FieldError("month", err)
		}
	}
	if s, ok := p.flags["dept"]; ok && !model.Department(s).Valid() {
		v := model.Invalid{}
		v.Add("dept", "val.unknown_dept", s)
		return v.Err()
	}
	return checkFormat(p)
}

func runPlansList(ctx context.Context, e *Env, p parsed) error {
	m := model.MonthOf(e.Svc.Calendar.DateOf(e.Svc.Clock.Now()))
	if s, ok := p.flags["month"]; ok {
		m, _ = model.ParseMonth(s)
	}
	dept := model.Department(p.flags["dept"])
	list, err := e.Svc.Plans.PlanItems(ctx, model.PlanFilter{Month: m, Dept: dept})
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, list)
	}
	names := accountNames(ctx, e)
	deptName := func(d model.Department) string {
		if d == "" {
			return ""
		}
		return e.t("dept." + string(d))
	}
	sh := &sheet{name: "plans", cols: []string{"plan_no", "dept", "plan_item", "relation", "with", "owner", "due", "status", "done_at", "evidence"}}
	loc := e.Svc.Clock.Loc
	for _, it := range list {
		rel := ""
		if it.With != "" {
			rel = it.Relation.Text().In(e.Lang)
		}
		sh.add(txt(it.No), txt(deptName(it.Dept)), txt(it.Text), txt(rel), txt(deptName(it.With)), txt(names(it.Owner)),
			dateCell(it.Due), txt(it.Status.Text().In(e.Lang)), timeCell(it.DoneAt, loc, "2006-01-02"), txt(it.Evidence))
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	writeTable(e.Stdout, sh.labels(e.Lang), sh.texts())
	rows, err := e.Svc.Plans.DeptPlanRows(ctx, m)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout)
	fmt.Fprintln(e.Stdout, e.t("cli.plans.done_head", m.String()))
	var done [][]string
	for _, r := range rows {
		if dept == "" || r.Dept == dept {
			done = append(done, []string{"  " + deptName(r.Dept), model.FormatRatio(e.Lang, r.Done)})
		}
	}
	if len(done) == 0 {
		fmt.Fprintln(e.Stdout, "  "+e.t("kpi.no_data"))
		return nil
	}
	writeTable(e.Stdout, []string{"  " + e.t("field.dept"), e.t("cli.plans.done_col")}, done)
	return nil
}

func runPlansShow(ctx context.Context, e *Env, p parsed) error {
	ref := strings.TrimSpace(p.pos[0])
	var it *model.PlanItem
	var err error
	if id, perr := strconv.ParseUint(ref, 10, 64); perr == nil {
		it, err = e.Svc.Plans.PlanItem(ctx, id)
	} else {
		it, err = e.Svc.Plans.PlanItemByNo(ctx, ref)
	}
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, it)
	}
	loc, names := e.Svc.Clock.Loc, accountNames(ctx, e)
	fmt.Fprintln(e.Stdout, e.t("cli.plans.head", it.No, oneLine(it.Text), it.Version))
	goal := ""
	if g, err := e.Svc.Plans.Goals(ctx, it.Dept, it.Due.Y); err == nil && g.Goal(it.Goal) != nil {
		goal = strconv.Itoa(it.Goal) + ". " + oneLine(g.Goal(it.Goal).Text)
	}
	with := ""
	if it.With != "" {
		with = it.Relation.Text().In(e.Lang) + " " + e.t("dept."+string(it.With))
	}
	rows := [][]string{
		{"  " + e.t("field.status"), it.Status.Text().In(e.Lang)},
		{"  " + e.t("field.dept"), e.t("dept." + string(it.Dept))},
		{"  " + e.t("field.owner"), names(it.Owner)},
		{"  " + e.t("field.due"), it.Due.String()},
		{"  " + e.t("field.with"), with},
		{"  " + e.t("field.goal"), goal},
		{"  " + e.t("field.evidence"), oneLine(it.Evidence)},
	}
	writeTable(e.Stdout, rows[0], rows[1:])
	fmt.Fprintln(e.Stdout)
	var hist [][]string
	for _, h := range it.History {
		hist = append(hist, []string{h.At.In(loc).Format("2006-01-02 15:04"), names(h.By), h.Kind.Text().In(e.Lang), oneLine(h.Text)})
	}
	writeTable(e.Stdout, []string{e.t("field.time"), e.t("field.by"), e.t("field.event"), e.t("field.text")}, hist)
	return nil
}
