package cli

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"

	"xietong/model"
)

// fakeNotices keeps posted notices in memory and checks the right and the
// record as the store does (the rest of model.NoticeService panics).
type fakeNotices struct {
	model.NoticeService
	clock  *model.Clock
	mu     sync.Mutex
	posted []model.Notice
}

func (f *fakeNotices) PostNotice(_ context.Context, by *model.User, n *model.Notice) (*model.Notice, error) {
	if err := model.Require(by, model.ActPostNotice); err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	cp := *n
	cp.Audience = slices.Clone(n.Audience)
	cp.ID, cp.Author = uint64(len(f.posted)+1), by.Login
	cp.Version, cp.CreatedAt, cp.UpdatedAt, cp.UpdatedBy = 1, f.clock.Now().UTC(), f.clock.Now().UTC(), by.Login
	f.posted = append(f.posted, cp)
	return &cp, nil
}

func noticeWorld(t *testing.T) (*world, *fakeNotices) {
	w := newWorld(t)
	f := &fakeNotices{clock: w.svc.Clock}
	w.svc.Notices = f
	return w, f
}

func TestNoticesPost(t *testing.T) {
	w, f := noticeWorld(t)
	// A lead may post: the id alone on stdout, for scripts.
	code, out, errs := w.run(t, uSalesLead, "zh", "", "notices", "post", "--title", "  周六加班安排  ", "--body", "第一行\n第二行",
		"--dept", "sales, 生产部,Sales", "--urgent")
	if code != ExitOK || out != "1\n" || errs != "" {
		t.Fatalf("exit %d out %q err %q", code, out, errs)
	}
	n := f.posted[0]
	if n.Title != "周六加班安排" || n.Body != "第一行\n第二行" || !n.Urgent || n.Author != "saleslead" ||
		!slices.Equal(n.Audience, []model.Department{model.DeptSales, model.DeptProduction}) {
		t.Fatalf("posted %+v", n)
	}
	// No --dept: everyone; --json: the notice as `notices list --json` shows it.
	code, out, errs = w.run(t, uProd, "en", "", "notices", "post", "--title", "Line 2 stops", "--json")
	if code != ExitOK || errs != "" {
		t.Fatalf("exit %d out %q err %q", code, out, errs)
	}
	var j noticeJSON
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if j.ID != 2 || j.Title != "Line 2 stops" || len(j.Audience) != 0 || j.Author != "prod" || j.Urgent ||
		j.Posted != testNow.Format("2006-01-02T15:04:05-07:00") || j.Version != 1 {
		t.Fatalf("json %+v", j)
	}
	if !strings.Contains(out, `"audience": []`) {
		t.Errorf("everyone should be an empty list:\n%s", out)
	}
}

// Bad input is a usage error naming what is wrong, in the reader's
// language, before anything is posted; a person without the right is
// refused (exit 1) as on the screen.
func TestNoticesPostRefuses(t *testing.T) {
	w, f := noticeWorld(t)
	for _, c := range []struct {
		lang string
		args []string
		want string
	}{
		{"en", []string{"--title", "t", "--dept", "sales,warehouse"}, "no department warehouse (one of: sales, production"},
		{"zh", []string{"--title", "t", "--dept", "仓库"}, "没有部门 仓库"},
		{"en", []string{"--body", "no title"}, "title: required"},
		{"zh", []string{"--title", "   "}, "标题"},
		{"en", []string{"--title", "a\tb"}, "title: contains U+0009, a control"},
		{"en", []string{"--title", "t", "--body", "x\u202ey"}, "body: contains U+202E"},
		{"en", []string{"--title", strings.Repeat("长", model.MaxNoticeTitle+1)}, "title"},
		{"en", []string{"--title", "t", "--urgent=yes"}, "--urgent"},
		{"en", []string{"--title", "t", "extra"}, "usage: notices post"},
	} {
		args := append([]string{"notices", "post"}, c.args...)
		code, out, errs := w.run(t, uSalesLead, c.lang, "", args...)
		if code != ExitUsage || out != "" || !strings.Contains(errs, c.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%q: exit %d out %q err %q", c.args, code, out, errs)
		}
	}
	code, out, errs := w.run(t, uSales, "en", "", "notices", "post", "--title", "t")
	if code != ExitError || out != "" || !strings.Contains(errs, "xietong: ") || strings.Count(errs, "\n") != 1 {
		t.Errorf("a sales member posted: exit %d out %q err %q", code, out, errs)
	}
	if len(f.posted) != 0 {
		t.Fatalf("posted %+v", f.posted)
	}
}
