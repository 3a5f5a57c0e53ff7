package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/store"
	"xietong/tui/internal/tuitest"
	"xietong/tui/kit"
)

// A committed change of a kind the visible screen and the header do not
// show costs a session no store read; the hidden screens that show it are
// re-read when next opened, and only then (docs/DOMAIN.md#data-and-audit).
func TestChangesOnlyReloadWhatShowsThem(t *testing.T) {
	db, a := prodApp(t)
	a.Update(tuitest.Key("2")) // sales: the orders list, read once
	a.Update(tuitest.Key("3")) // production: the reply queue
	if a.active != sectionOf("sec.queue") {
		t.Fatalf("on section %d", a.active)
	}
	a.View()

	quiet := []model.Event{
		{Kind: model.KindNotice, ID: 1, Actor: "office", Action: "create", Depts: []model.Department{model.DeptSales}},
		{Kind: model.KindMeeting, ID: 1, Actor: "office", Action: "save"},
		{Kind: model.KindReport, Key: "2026-11-30|1号线|day", Actor: "shop", Action: "submit"},
		{Kind: model.KindFeedback, ID: 9, Actor: "sales", Action: "update"},
		{Kind: model.KindDefectReasons, Actor: "qa", Action: "save"},
	}
	for _, e := range quiet {
		before := db.ReadTxs()
		deliver(a, e)
		a.View()
		if n := db.ReadTxs() - before; n != 0 {
			t.Errorf("a %s change read the store %d times in a session on the queue", e.Kind, n)
		}
	}
	if !a.stale[0] || !a.stale[1] {
		t.Errorf("home and notices were not marked to re-read a notice: %v", a.stale)
	}
	if a.stale[2] {
		t.Error("the orders list was marked stale by changes it does not show")
	}

	// A change of a line: the queue re-reads.
	before := db.ReadTxs()
	deliver(a, model.Event{Kind: model.KindLine, ID: 1, Actor: "saleslead", Action: "review"})
	if db.ReadTxs() == before {
		t.Error("a line change did not re-read the queue")
	}
	// Keys typed before the re-read are handled first: the change only asks
	// for it, and changes arriving meanwhile join it.
	before = db.ReadTxs()
	_, cmd := a.Update(EventsMsg{Events: []model.Event{{Kind: model.KindLine, ID: 2, Actor: "saleslead", Action: "review"}}})
	_, cmd2 := a.Update(EventsMsg{Events: []model.Event{{Kind: model.KindLine, ID: 3, Actor: "saleslead", Action: "review"}}})
	if n := db.ReadTxs() - before; n != 0 || cmd2 != nil {
		t.Fatalf("the change was re-read at once (%d reads) or asked for twice (%v)", n, cmd2 != nil)
	}
	a.Update(tuitest.Key("j"))
	runCmds(a, cmd)
	if db.ReadTxs() == before {
		t.Error("the deferred re-read did not happen")
	}
	// Opening home re-reads it once; opening it again reads nothing.
	before = db.ReadTxs()
	a.Update(tuitest.Key("1"))
	if db.ReadTxs() == before || a.stale[0] {
		t.Error("home was not re-read when opened")
	}
	a.Update(tuitest.Key("3"))
	before = db.ReadTxs()
	a.Update(tuitest.Key("1"))
	if n := db.ReadTxs() - before; n != 0 {
		t.Errorf("opening home again with nothing changed read the store %d times", n)
	}
}

// prodApp opens the seeded demo store and a session of prod in it, at
// 120×40, on home.
func prodApp(t *testing.T) (*store.DB, *App) {
	t.Helper()
	db := tuitest.Store(t)
	svc := db.Services()
	ctx := context.Background()
	prod, err := svc.Users.User(ctx, "prod")
	if err != nil {
		t.Fatal(err)
	}
	return db, New(ctx, Config{Services: svc, User: prod, Lang: "zh", Width: 120, Height: 40})
}

// deliver hands events to the app as a session's mailbox does and feeds
// back the messages its commands make (the deferred re-read).
func deliver(a *App, events ...model.Event) {
	_, cmd := a.Update(EventsMsg{Events: events})
	runCmds(a, cmd)
}

func runCmds(a *App, cmd tea.Cmd) { feedCmds(a, cmd, false) }

// feedCmds feeds back the messages cmd makes (the deferred re-read),
// drawing a frame after each when draw is set, as the program does.
func feedCmds(a *App, cmd tea.Cmd, draw bool) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			feedCmds(a, c, draw)
		}
	case reloadMsg:
		_, next := a.Update(msg)
		if draw {
			a.View()
		}
		feedCmds(a, next, draw)
	}
}

// A change draws one frame in a session, however it reaches it: an alert
// about a change the screen on view re-reads goes out with the re-read rows,
// and an alert about a change it does not show redraws the status line over
// the screen's body as last drawn, without drawing the screen again.
func TestOneFramePerChange(t *testing.T) {
	db, a := prodApp(t)
	page, err := db.Queue(context.Background(), 0, 1)
	if err != nil || len(page.Entries) == 0 {
		t.Fatalf("no line in the demo's queue: %v", err)
	}
	line := page.Entries[0].Line.ID
	a.Update(tuitest.Key("3"))
	if a.active != sectionOf("sec.queue") {
		t.Fatalf("on section %d", a.active)
	}
	a.View()

	// Sent to production: an alert, and the queue re-reads.
	before, reads := a.renders, db.ReadTxs()
	deliverDrawn(a, model.Event{Kind: model.KindLine, ID: line, Actor: "saleslead", Action: string(model.EvSend)})
	if said, _ := a.s.Said(); said == "" {
		t.Fatal("sending a line to production did not alert production")
	}
	if db.ReadTxs() == reads {
		t.Error("the queue did not re-read a line sent to it")
	}
	if n := a.renders - before; n != 1 {
		t.Errorf("an alert with a re-read drew %d frames, want 1", n)
	}
	if !strings.Contains(a.lastFrame, kit.Line(func() string { s, _ := a.s.Said(); return s }())) {
		t.Error("the frame after the re-read does not carry the alert")
	}

	// A notice to production: an alert the queue does not show.
	body := a.body
	before = a.renders
	deliverDrawn(a, model.Event{Kind: model.KindNotice, ID: 1, Actor: "office", Action: "create",
		Depts: []model.Department{model.DeptProduction}})
	if n := a.renders - before; n != 1 {
		t.Errorf("a notice drew %d frames in a session on the queue, want 1", n)
	}
	if a.bodyDirty || a.body != body {
		t.Error("a notice redrew the queue's body")
	}
	// A key draws the body again.
	a.Update(tuitest.Key("j"))
	a.View()
	if a.bodyDirty || a.body == body {
		t.Error("a key left the body as it was drawn before it")
	}
}

// A change's Drawn channel is closed once the frame that shows it is made,
// after its re-read (the server keeps a delivery slot until then).
func TestDrawnClosesWithTheFrameThatShowsTheChange(t *testing.T) {
	db, a := prodApp(t)
	a.Update(tuitest.Key("3"))
	a.View()
	closed := func(c chan struct{}) bool {
		select {
		case <-c:
			return true
		default:
			return false
		}
	}
	// A line change: the queue re-reads it.
	drawn := make(chan struct{})
	_, cmd := a.Update(EventsMsg{Events: []model.Event{{Kind: model.KindLine, ID: 1, Actor: "saleslead", Action: "review"}}, Drawn: drawn})
	a.View()
	if closed(drawn) {
		t.Fatal("a change the queue re-reads was called drawn before its re-read")
	}
	drawCmds(a, cmd)
	if !closed(drawn) {
		t.Fatal("the frame after the re-read did not close Drawn")
	}
	// A meeting change: nothing on the queue shows it; the hidden screens
	// that do are marked, and it is drawn with no store read.
	drawn = make(chan struct{})
	reads := db.ReadTxs()
	_, cmd = a.Update(EventsMsg{Events: []model.Event{{Kind: model.KindMeeting, ID: 1, Actor: "office", Action: "save"}}, Drawn: drawn})
	a.View()
	drawCmds(a, cmd)
	if !closed(drawn) || db.ReadTxs() != reads {
		t.Fatalf("a change the screen does not show: drawn %v, %d reads", closed(drawn), db.ReadTxs()-reads)
	}
}
