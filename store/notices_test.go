package store

import (
	"slices"
	"testing"
	"time"

	"xietong/i18n"
	"xietong/model"
)

func notice(title string, audience ...model.Department) *model.Notice {
	return &model.Notice{Title: title, Body: "详见附件。\n请各部门配合。", Audience: audience}
}

func TestPostNoticePermissions(t *testing.T) {
	e := seeded(t)
	for _, tt := range []struct {
		by   string // "" = system
		want string
	}{
		{"sales", model.EFORBIDDEN}, // a member of sales may not post
		{"office", ""},
		{"clerk", ""}, // any member of the office department may
		{"plead", ""},
		{"admin", ""},
		{"", ""},
	} {
		t.Run("by "+tt.by, func(t *testing.T) {
			before := e.auditLen(t)
			n, err := e.db.PostNotice(t.Context(), e.users[tt.by], notice("五一放假安排"))
			wantCode(t, err, tt.want)
			if err != nil {
				if e.auditLen(t) != before {
					t.Fatal("refused post was audited")
				}
				return
			}
			author := tt.by
			if author == "" {
				author = "system"
			}
			if n.ID == 0 || n.Author != author || n.Version != 1 || !n.CreatedAt.Equal(e.clock.Now()) {
				t.Fatalf("posted %+v", n)
			}
			if a := e.actions(t, noticeRecord(n.ID)); !slices.Equal(a, []string{"notice.create " + author}) {
				t.Fatalf("audit %q", a)
			}
		})
	}
	_, err := e.db.PostNotice(t.Context(), nil, &model.Notice{Title: "", Audience: []model.Department{"moon"}})
	wantCode(t, err, model.EINVALID)
	if f := model.FieldErrors(err); f["title"].Key == "" || f["audience"].Key == "" {
		t.Fatalf("fields %+v", f)
	}
}

func TestUpdateNotice(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	n, err := e.db.PostNotice(ctx, e.users["plead"], notice("设备检修", model.DeptProduction))
	if err != nil {
		t.Fatal(err)
	}

	// The author edits; a claim of another Author is ignored.
	edit := *n
	edit.Title, edit.Author = "设备检修（改期）", "qlead"
	e.advance(time.Minute)
	n2, err := e.db.UpdateNotice(ctx, e.users["plead"], &edit)
	if err != nil {
		t.Fatal(err)
	}
	if n2.Version != 2 || n2.Author != "plead" || n2.Title != "设备检修（改期）" || !n2.CreatedAt.Equal(n.CreatedAt) {
		t.Fatalf("after edit %+v", n2)
	}

	// Another lead may not edit, even claiming to be the author.
	other := *n2
	other.Body = "改了"
	_, err = e.db.UpdateNotice(ctx, e.users["qlead"], &other)
	wantCode(t, err, model.EFORBIDDEN)

	// The office may; an edit from version 1 is then a conflict naming the office.
	e.advance(time.Minute)
	byOffice := *n2
	byOffice.Urgent = true
	if _, err := e.db.UpdateNotice(ctx, e.users["office"], &byOffice); err != nil {
		t.Fatal(err)
	}
	_, err = e.db.UpdateNotice(ctx, e.users["plead"], &edit) // still version 1
	wantCode(t, err, model.ECONFLICT)
	if msg := model.ErrorMessage(err, i18n.EN); msg != "notice/1 was changed by 王芳 at 2025-03-03 09:02:00; reload and apply your edit again" {
		t.Fatalf("conflict message %q", msg)
	}

	stale := *n2
	stale.Title = ""
	stale.Version = 3
	_, err = e.db.UpdateNotice(ctx, e.users["plead"], &stale)
	wantCode(t, err, model.EINVALID)

	missing := *n2
	missing.ID = 99
	_, err = e.db.UpdateNotice(ctx, nil, &missing)
	wantCode(t, err, model.ENOTFOUND)

	want := []string{"notice.create plead", "notice.update plead", "notice.update office"}
	if a := e.actions(t, "notice/1"); !slices.Equal(a, want) {
		t.Fatalf("audit %q", a)
	}
}

func TestNoticesAudience(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	post := func(by string, n *model.Notice) uint64 {
		t.Helper()
		saved, err := e.db.PostNotice(ctx, e.users[by], n)
		if err != nil {
			t.Fatal(err)
		}
		return saved.ID
	}
	all := post("office", notice("全员大会"))                                    // 1
	prod := post("office", notice("生产例会", model.DeptProduction))             // 2
	sales := post("plead", notice("交期确认", model.DeptSales))                  // 3: plead is author
	both := post("admin", notice("质量周", model.DeptQuality, model.DeptSales)) // 4

	for _, tt := range []struct {
		viewer string
		want   []uint64
	}{
		{"sales", []uint64{both, sales, all}},
		{"plead", []uint64{sales, prod, all}},
		{"qlead", []uint64{both, all}},
		{"office", []uint64{prod, all}}, // authors see their own even when not addressed
		{"", []uint64{both, sales, prod, all}},
	} {
		t.Run(tt.viewer, func(t *testing.T) {
			views, err := e.db.Notices(ctx, e.users[tt.viewer])
			if err != nil {
				t.Fatal(err)
			}
			var ids []uint64
			for _, v := range views {
				ids = append(ids, v.ID)
			}
			if !slices.Equal(ids, tt.want) {
				t.Fatalf("ids %v, want %v", ids, tt.want)
			}
		})
	}
}

func TestMarkRead(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	n, err := e.db.PostNotice(ctx, e.users["office"], notice("消防演练", model.DeptProduction))
	if err != nil {
		t.Fatal(err)
	}
	sub := e.feed.Subscribe()
	defer sub.Close()

	// Read in an order unlike login order.
	readers := []string{"qlead", "plead", "admin"}
	var times []time.Time
	for _, r := range readers {
		e.advance(time.Minute)
		if err := e.db.MarkRead(ctx, e.users[r], n.ID); err != nil {
			t.Fatal(err)
		}
		times = append(times, e.clock.Now())
	}
	evs, _ := sub.Take()
	if len(evs) != 3 || evs[0].Kind != "notice.read" || evs[0].ID != n.ID || evs[0].Key != "qlead" {
		t.Fatalf("events %+v", evs)
	}

	// Again: nothing written, nothing published.
	before := e.auditLen(t)
	e.advance(time.Minute)
	if err := e.db.MarkRead(ctx, e.users["plead"], n.ID); err != nil {
		t.Fatal(err)
	}
	if e.auditLen(t) != before {
		t.Fatal("second read was audited")
	}
	noEvents(t, sub)

	reads, err := e.db.Reads(ctx, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(reads) != 3 {
		t.Fatalf("reads %+v", reads)
	}
	for i, r := range reads {
		if r.Login != readers[i] || !r.At.Equal(times[i]) {
			t.Fatalf("read %d: %+v, want %s at %v", i, r, readers[i], times[i])
		}
	}

	views, _ := e.db.Notices(ctx, e.users["plead"])
	if len(views) != 1 || !views[0].ReadAt.Equal(times[1]) {
		t.Fatalf("plead's view %+v", views)
	}
	views, _ = e.db.Notices(ctx, e.users["sales"])
	if len(views) != 0 {
		t.Fatalf("sales sees %+v", views)
	}

	wantCode(t, e.db.MarkRead(ctx, e.users["plead"], 42), model.ENOTFOUND)
	wantCode(t, e.db.MarkRead(ctx, nil, n.ID), model.EUNAUTHORIZED)
	_, err = e.db.Reads(ctx, 42)
	wantCode(t, err, model.ENOTFOUND)
	want := []string{"notice.create office", "notice.read qlead", "notice.read plead", "notice.read admin"}
	if a := e.actions(t, noticeRecord(n.ID)); !slices.Equal(a, want) {
		t.Fatalf("audit %q", a)
	}
}

// A subscriber hears of a change only once it is committed (a reader woken
// by the event finds the record), and hears nothing of a refused save.
func TestFeedAfterCommit(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	sub := e.feed.Subscribe()
	defer sub.Close()

	type seen struct {
		ev      model.Event
		version uint64
		err     error
	}
	got := make(chan seen, 1)
	go func() {
		<-sub.Ready()
		evs, _ := sub.Take()
		s := seen{ev: evs[0]}
		n, err := e.db.Notice(ctx, evs[0].ID)
		if err == nil {
			s.version = n.Version
		}
		s.err = err
		got <- s
	}()

	n, err := e.db.PostNotice(ctx, e.users["office"], &model.Notice{Title: "台风预警", Urgent: true,
		Audience: []model.Department{model.DeptProduction}})
	if err != nil {
		t.Fatal(err)
	}
	s := <-got
	if s.err != nil || s.version != 1 {
		t.Fatalf("reader woken by the event: version %d, %v", s.version, s.err)
	}
	want := model.Event{Kind: "notice", ID: n.ID, Actor: "office", Action: "create", At: e.clock.Now().UTC(),
		Depts: []model.Department{model.DeptProduction}, Urgent: true}
	if s.ev.Kind != want.Kind || s.ev.ID != want.ID || s.ev.Actor != want.Actor || s.ev.Action != want.Action ||
		!s.ev.At.Equal(want.At) || !slices.Equal(s.ev.Depts, want.Depts) || !s.ev.Urgent {
		t.Fatalf("event %+v, want %+v", s.ev, want)
	}

	// Refused saves publish nothing.
	stale := *n
	stale.Version = 0
	_, err = e.db.UpdateNotice(ctx, e.users["office"], &stale)
	wantCode(t, err, model.ECONFLICT)
	_, err = e.db.PostNotice(ctx, e.users["sales"], notice("不许发"))
	wantCode(t, err, model.EFORBIDDEN)
	_, err = e.db.PostNotice(ctx, e.users["office"], notice(""))
	wantCode(t, err, model.EINVALID)
	noEvents(t, sub)

	// Narrowing the audience reaches the old and the new audience.
	edit := *n
	edit.Audience = []model.Department{model.DeptQuality}
	if _, err := e.db.UpdateNotice(ctx, e.users["office"], &edit); err != nil {
		t.Fatal(err)
	}
	evs, _ := sub.Take()
	if len(evs) != 1 || !slices.Equal(evs[0].Depts, []model.Department{model.DeptProduction, model.DeptQuality}) {
		t.Fatalf("events %+v", evs)
	}
}
