package desk

import (
	"context"
	"strings"
	"testing"

	"xietong/demo"
	"xietong/model"
	"xietong/tui/internal/tuitest"
	"xietong/tui/kit"
)

// Counting wrappers: how often the screens read the store.
type countUsersA struct {
	model.UserService
	users int
}

func (c *countUsersA) Users(ctx context.Context) ([]*model.User, error) {
	c.users++
	return c.UserService.Users(ctx)
}

// countOrdersB and countShopB count the store reads the screens make.
type countOrdersB struct {
	model.OrderService
	line, orders int
}

func (c *countOrdersB) Line(ctx context.Context, id uint64) (*model.Order, *model.OrderLine, error) {
	c.line++
	return c.OrderService.Line(ctx, id)
}

func (c *countOrdersB) Orders(ctx context.Context, f model.OrderFilter) ([]*model.Order, error) {
	c.orders++
	return c.OrderService.Orders(ctx, f)
}

func (c *countOrdersB) OrderRows(ctx context.Context, q model.OrderQuery) (model.OrderRowPage, error) {
	c.orders++
	return c.OrderService.OrderRows(ctx, q)
}

// demoSessionA opens a seeded demo store as login, counting the reads of
// users.
func demoSessionA(t *testing.T, login string) (*kit.Session, struct{ users *countUsersA }) {
	var c struct{ users *countUsersA }
	s := tuitest.Session(t, login, func(svc *model.Services) {
		c.users = &countUsersA{UserService: svc.Users}
		svc.Users = c.users
	})
	return s, c
}

// demoSessionB opens a seeded demo store as login, counting the reads of
// orders.
func demoSessionB(t *testing.T, login string) (*kit.Session, *countOrdersB) {
	var co *countOrdersB
	s := tuitest.Session(t, login, func(svc *model.Services) {
		co = &countOrdersB{OrderService: svc.Orders}
		svc.Orders = co
	})
	return s, co
}

// The readers of a notice are read with the notice, not per draw, and
// read as they were.
func TestNoticeReadersOnLoadOnly(t *testing.T) {
	s, c := demoSessionA(t, "office")
	list, err := s.Svc.Notices.Notices(s.Ctx, s.User)
	if err != nil {
		t.Fatal(err)
	}
	var id uint64
	for _, v := range list {
		if v.Author == "office" {
			id = v.ID
		}
	}
	if id == 0 {
		t.Fatal("no notice by office")
	}
	n := newNotices(s)
	n.Reload()
	n.Update(kit.OpenMsg{ID: id})
	if n.mode != noticeDetail {
		t.Fatal("detail not open")
	}
	before := c.users.users
	var out string
	for range 3 {
		out = n.View(100, 30)
	}
	if c.users.users != before {
		t.Fatalf("drawing read users %d times", c.users.users-before)
	}
	// What the draw used to work out.
	users, _ := c.users.UserService.Users(s.Ctx)
	read := map[string]bool{}
	var readNames, unread []string
	for _, r := range n.reads {
		read[r.Login] = true
		readNames = append(readNames, s.Who(r.Login))
	}
	for _, u := range users {
		if u.Disabled || u.Login == n.detail.Author || read[u.Login] || !n.detail.For(u) {
			continue
		}
		unread = append(unread, s.Who(u.Login))
	}
	want := s.St.OK.Render(s.T("notice.readers", len(readNames))) + kit.Line(strings.Join(readNames, " ")) + "\n" +
		s.St.Warn.Render(s.T("notice.unreaders", len(unread))) + kit.Line(strings.Join(unread, " "))
	if !strings.Contains(out, want) || len(unread) == 0 {
		t.Fatalf("readers:\n%s\nwant suffix\n%s", out, want)
	}
	// Someone reads it: the live event's Reload shows it.
	sales, err := s.Svc.Users.User(s.Ctx, "sales")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Svc.Notices.MarkRead(s.Ctx, sales, id); err != nil {
		t.Fatal(err)
	}
	n.Reload()
	if !strings.Contains(strings.Join(n.readNames, " "), s.Who("sales")) || strings.Contains(strings.Join(n.unread, " "), s.Who("sales")) {
		t.Fatalf("reader not shown after reload: %v / %v", n.readNames, n.unread)
	}
}

// The four order counts of the home screen come from one listing and match
// what the store's status and owner filters give.
func TestHomeDueCountsOnePass(t *testing.T) {
	for _, login := range demo.Logins() {
		s, co := demoSessionB(t, login)
		count := func(f model.OrderFilter, st model.LineStatus) int {
			list, err := co.OrderService.Orders(s.Ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, o := range list {
				for _, l := range o.Lines {
					if l.Status == st {
						n++
					}
				}
			}
			return n
		}
		var want []string
		if model.Can(s.User, model.ActOrderReview) {
			if n := count(model.OrderFilter{Status: model.LineSubmitted}, model.LineSubmitted); n > 0 {
				want = append(want, s.T("home.review", n, s.KeysTo("sec.orders")))
			}
			if n := count(model.OrderFilter{Status: model.LineReviewed}, model.LineReviewed); n > 0 {
				want = append(want, s.T("home.to_send", n))
			}
		}
		if model.Can(s.User, model.ActOrderEdit) {
			if n := count(model.OrderFilter{Owner: s.User.Login, Status: model.LineUnclear}, model.LineUnclear); n > 0 {
				want = append(want, s.T("home.unclear", n))
			}
			if n := count(model.OrderFilter{Owner: s.User.Login, Status: model.LineAtRisk}, model.LineAtRisk); n > 0 {
				want = append(want, s.T("home.at_risk", n))
			}
		}
		h := newHome(s)
		got := h.dueItems()
		if len(got) < len(want) || strings.Join(got[len(got)-len(want):], "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: due items %q, want them to end with %q", login, got, want)
		}
		if co.orders > 1 {
			t.Errorf("%s: %d order listings, want at most 1", login, co.orders)
		}
	}
}
