package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"xietong/i18n"
	"xietong/model"
)

// `notices post`: a notice posted from a script, as the notices screen's
// form posts it (the same right, the same checks, the same record).

// checkNoticePost refuses a bad notice before anything is stored: an exit
// status of 2 and one line saying why.
func checkNoticePost(p parsed) error {
	n, err := noticeFromFlags(p)
	if err != nil {
		return err
	}
	return n.Validate()
}

// noticeFromFlags builds the notice of --title, --body, --dept and
// --urgent. The title is trimmed as the form trims it; an empty --dept is
// everyone; a department is named by its code or its name in either
// language (sales, 销售部, Sales), and an unknown one is refused by name.
func noticeFromFlags(p parsed) (*model.Notice, error) {
	n := &model.Notice{Title: strings.TrimSpace(p.flags["title"]), Body: p.flags["body"], Urgent: p.has("urgent")}
	v := model.Invalid{}
	model.ValidateChars(v, "title", n.Title, false)
	model.ValidateChars(v, "body", n.Body, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	for _, f := range strings.Split(p.flags["dept"], ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		d, ok := parseDept(f)
		if !ok {
			return nil, model.Errorf(model.EINVALID, "cli.notice.unknown_dept", f, deptCodes())
		}
		if !slices.Contains(n.Audience, d) {
			n.Audience = append(n.Audience, d)
		}
	}
	return n, nil
}

// parseDept reads a department by its code or its name in either language.
func parseDept(s string) (model.Department, bool) {
	for _, d := range model.Departments {
		if strings.EqualFold(s, string(d)) || s == i18n.T(model.LangZH, "dept."+string(d)) ||
			strings.EqualFold(s, i18n.T(model.LangEN, "dept."+string(d))) {
			return d, true
		}
	}
	return "", false
}

func deptCodes() string {
	out := make([]string, len(model.Departments))
	for i, d := range model.Departments {
		out[i] = string(d)
	}
	return strings.Join(out, ", ")
}

func runNoticesPost(ctx context.Context, e *Env, p parsed) error {
	// The right is checked before anything else, as the screen checks it
	// before opening the form; the store checks it again.
	if err := model.Require(e.User, model.ActPostNotice); err != nil {
		return err
	}
	n, err := noticeFromFlags(p)
	if err != nil {
		return err
	}
	saved, err := e.Svc.Notices.PostNotice(ctx, e.User, n)
	if err != nil {
		return err
	}
	if p.has("json") {
		aud := []string{}
		for _, d := range saved.Audience {
			aud = append(aud, string(d))
		}
		return writeJSON(e.Stdout, noticeJSON{ID: saved.ID, Title: saved.Title, Body: saved.Body, Audience: aud, Urgent: saved.Urgent,
			Author: saved.Author, Posted: saved.CreatedAt.In(e.Svc.Clock.Loc).Format("2006-01-02T15:04:05-07:00"), Version: saved.Version})
	}
	fmt.Fprintln(e.Stdout, saved.ID)
	return nil
}
