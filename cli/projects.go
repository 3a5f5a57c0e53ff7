package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"xietong/model"
)

// Project requests (立项申请) on the command line: list, show, file (and
// submit), and the general manager's decision.

func findProject(ctx context.Context, e *Env, ref string) (*model.Project, error) {
	ref = strings.TrimSpace(ref)
	if id, err := strconv.ParseUint(ref, 10, 64); err == nil {
		return e.Svc.Projects.Project(ctx, id)
	}
	return e.Svc.Projects.ProjectByNo(ctx, ref)
}

// unlessZero is s, or "" when t is zero.
func unlessZero(t interface{ IsZero() bool }, s string) string {
	if t.IsZero() {
		return ""
	}
	return s
}

// accountNames names people by login ("张伟"), the login itself when
// there is no such account.
func accountNames(ctx context.Context, e *Env) func(login string) string {
	byLogin := map[string]string{}
	if users, err := e.Svc.Users.Users(ctx); err == nil {
		for _, u := range users {
			byLogin[u.Login] = u.Name
		}
	}
	return func(login string) string {
		if n := byLogin[login]; n != "" {
			return n
		}
		return login
	}
}

// productName names a project's product by its name ("" none; the code
// when it is not in master data).
func productName(ctx context.Context, e *Env, code string) string {
	if code == "" {
		return ""
	}
	if pr, err := e.Svc.Master.Product(ctx, code); err == nil && pr.Name != "" {
		return pr.Name
	}
	return code
}

func checkProjectsList(p parsed) error {
	if s, ok := p.flags["status"]; ok && !validProjectStatus(model.ProjectStatus(s)) {
		return model.Errorf(model.EINVALID, "cli.bad_status", s, projectStatusList())
	}
	if s, ok := p.flags["year"]; ok {
		if _, err := model.ParseWhole(s, 2000, 2100); err != nil {
			return model.Errorf(model.EINVALID, "cli.bad_year", s)
		}
	}
	return checkFormat(p)
}

func validProjectStatus(s model.ProjectStatus) bool {
	for _, x := range model.ProjectStatuses {
		if x == s {
			return true
		}
	}
	return false
}

func projectStatusList() string {
	out := make([]string, len(model.ProjectStatuses))
	for i, s := range model.ProjectStatuses {
		out[i] = string(s)
	}
	return strings.Join(out, ", ")
}

func runProjectsList(ctx context.Context, e *Env, p parsed) error {
	f := model.ProjectFilter{Status: model.ProjectStatus(p.flags["status"])}
	if s, ok := p.flags["year"]; ok {
		y, _ := model.ParseWhole(s, 2000, 2100)
		f.Year = int(y)
	}
	list, err := e.Svc.Projects.Projects(ctx, f)
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, list)
	}
	loc := e.Svc.Clock.Loc
	names := accountNames(ctx, e)
	sh := &sheet{name: "projects", cols: []string{"project_no", "project_kind", "status", "title", "owner", "project_target", "decide_due", "done_at"}}
	for _, pr := range list {
		sh.add(txt(pr.No), txt(pr.Kind.Text().In(e.Lang)), txt(pr.Status.Text().In(e.Lang)), txt(pr.Title), txt(names(pr.Owner)),
			dateCell(pr.Target), txt(unlessZero(pr.DecideDue, dueText(pr.DecideDue, loc, "2006-01-02 15:04"))), timeCell(pr.DoneAt, loc, "2006-01-02"))
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	writeTable(e.Stdout, sh.labels(e.Lang), sh.texts())
	return nil
}

func runProjectsShow(ctx context.Context, e *Env, p parsed) error {
	pr, err := findProject(ctx, e, p.pos[0])
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, pr)
	}
	loc := e.Svc.Clock.Loc
	names := accountNames(ctx, e)
	depts := make([]string, len(pr.Depts))
	for i, d := range pr.Depts {
		depts[i] = e.t("dept." + string(d))
	}
	fmt.Fprintln(e.Stdout, e.t("cli.project.head", pr.No, pr.Title, pr.Version))
	rows := [][]string{
		{"  " + e.t("field.project_kind"), pr.Kind.Text().In(e.Lang)},
		{"  " + e.t("field.status"), pr.Status.Text().In(e.Lang)},
		{"  " + e.t("field.purpose"), oneLine(pr.Purpose)},
		{"  " + e.t("field.effect"), oneLine(pr.Effect)},
		{"  " + e.t("field.project_target"), pr.Target.String()},
		{"  " + e.t("field.depts"), strings.Join(depts, e.t("ui.list_sep"))},
		{"  " + e.t("field.owner"), names(pr.Owner)},
		{"  " + e.t("field.product"), productName(ctx, e, pr.Links.Product)},
		{"  " + e.t("field.decide_due"), unlessZero(pr.DecideDue, dueText(pr.DecideDue, loc, "2006-01-02 15:04"))},
		{"  " + e.t("field.actual_effect"), oneLine(pr.ActualEffect)},
		{"  " + e.t("field.benefit"), unlessZero(pr.DoneAt, strconv.FormatInt(pr.Benefit, 10))},
		{"  " + e.t("field.rating"), unlessZero(pr.ReviewedAt, strconv.Itoa(pr.Rating)+" "+oneLine(pr.Award))},
	}
	writeTable(e.Stdout, rows[0], rows[1:])
	if len(pr.Milestones) > 0 {
		fmt.Fprintln(e.Stdout)
		var ms [][]string
		for _, m := range pr.Milestones {
			done := ""
			if !m.DoneAt.IsZero() {
				done = m.DoneAt.In(loc).Format("2006-01-02")
			}
			ms = append(ms, []string{oneLine(m.Text), names(m.Owner), m.Due.String(), done})
		}
		writeTable(e.Stdout, []string{e.t("field.milestone"), e.t("field.owner"), e.t("field.due"), e.t("field.done")}, ms)
	}
	fmt.Fprintln(e.Stdout)
	var hist [][]string
	for _, h := range pr.History {
		text := oneLine(h.Text)
		if h.Kind == model.PEvEdit {
			text = oneLine(strings.Join(model.DiffLines(h.Before, h.After), "; "))
		}
		hist = append(hist, []string{h.At.In(loc).Format("2006-01-02 15:04"), names(h.By), h.Kind.Text().In(e.Lang), text})
	}
	writeTable(e.Stdout, []string{e.t("field.time"), e.t("field.by"), e.t("field.event"), e.t("field.text")}, hist)
	return nil
}

// projectFromFlags reads a project's input from the flags of projects
// file; customer is a code.
func projectFromFlags(ctx context.Context, e *Env, p parsed) (model.ProjectInput, error) {
	v := model.Invalid{}
	in := model.ProjectInput{Kind: model.ProjectKind(strings.TrimSpace(p.flags["kind"])), Title: p.flags["title"],
		Purpose: p.flags["purpose"], Effect: p.flags["effect"], Owner: strings.TrimSpace(p.flags["owner"])}
	if s, ok := p.flags["target"]; ok {
		d, err := model.ParseDate(s)
		v.AddErr("project_target", err)
		in.Target = d
	}
	for _, d := range strings.Split(p.flags["depts"], ",") {
		if d = strings.TrimSpace(d); d != "" {
			in.Depts = append(in.Depts, model.Department(d))
		}
	}
	ids := map[string]*uint64{"line": &in.Links.LineID, "feedback": &in.Links.FeedbackID, "anomaly": &in.Links.AnomalyID}
	for name, dst := range ids {
		if s, ok := p.flags[name]; ok {
			id, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
			if err != nil || id == 0 {
				v.Add(name, "cli.val.id")
			}
			*dst = id
		}
	}
	in.Links.Product = strings.TrimSpace(p.flags["product"])
	if code := strings.TrimSpace(p.flags["customer"]); code != "" {
		c, err := e.Svc.Master.CustomerByCode(ctx, code)
		switch {
		case model.ErrorCode(err) == model.ENOTFOUND:
			v.Add("customer", "cli.val.unknown_customer", code)
		case err != nil:
			return in, err
		default:
			in.Links.CustomerID = c.ID
		}
	}
	return in, v.Err()
}

func runProjectsFile(ctx context.Context, e *Env, p parsed) error {
	in, err := projectFromFlags(ctx, e, p)
	if err != nil {
		return err
	}
	pr, err := e.Svc.Projects.FileProject(ctx, e.User, in)
	if err != nil {
		return err
	}
	if p.has("submit") {
		days := e.Svc.Projects.ProjectDecideDays()
		pr, err = e.Svc.Projects.ChangeProject(ctx, e.User, pr.ID, pr.Version, func(pr *model.Project) error {
			return pr.Submit(e.User, e.Svc.Clock.Now(), e.Svc.Calendar, days)
		})
		if err != nil {
			return err
		}
	}
	if p.has("json") {
		return writeJSON(e.Stdout, pr)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.project.filed", pr.No, pr.Status.Text().In(e.Lang)))
	return nil
}

func checkProjectsDecide(p parsed) error {
	switch p.pos[1] {
	case "approve", "reject", "return":
		return nil
	}
	return model.Errorf(model.EINVALID, "cli.project.bad_decision", p.pos[1])
}

func runProjectsDecide(ctx context.Context, e *Env, p parsed) error {
	pr, err := findProject(ctx, e, p.pos[0])
	if err != nil {
		return err
	}
	now, reason := e.Svc.Clock.Now(), p.flags["reason"]
	pr, err = e.Svc.Projects.ChangeProject(ctx, e.User, pr.ID, pr.Version, func(pr *model.Project) error {
		switch p.pos[1] {
		case "approve":
			return pr.Approve(e.User, now, reason)
		case "reject":
			return pr.Reject(e.User, now, reason)
		}
		return pr.Return(e.User, now, reason)
	})
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, pr)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.project.decided", pr.No, pr.Status.Text().In(e.Lang)))
	return nil
}
