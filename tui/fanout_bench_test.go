package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"xietong/demo"
	"xietong/model"
	"xietong/store"
	"xietong/tui/internal/tuitest"
	"xietong/tui/kit"
)

// BenchmarkFanOut is the server's work for one committed change across 500
// open sessions, without SSH: the change is written through the services,
// every session takes the change's events as its mailbox would deliver them
// and draws its frame. Sessions are prod on the reply queue, sales on home
// and sales on the orders list, in turn; writes are an anomaly (shop), a
// notice (office) and an order (sales), in turn. One op is one write.
func BenchmarkFanOut(b *testing.B) {
	clock, err := model.NewClock("Asia/Shanghai")
	if err != nil {
		b.Fatal(err)
	}
	clock.Set(time.Date(2026, 11, 30, 9, 30, 0, 0, clock.Loc))
	feed := model.NewFeed()
	db, err := store.Open(filepath.Join(b.TempDir(), "x.db"), store.Options{Clock: clock, Feed: feed})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := db.Services()
	ctx := context.Background()
	if ok, err := demo.Seed(ctx, svc); err != nil || !ok {
		b.Fatalf("seed: %v %v", ok, err)
	}
	user := func(login string) *model.User {
		u, err := svc.Users.User(ctx, login)
		if err != nil {
			b.Fatal(err)
		}
		return u
	}
	const sessions = 500
	apps := make([]*App, sessions)
	var tables kit.TableCache // the server's, shared by its sessions
	for i := range apps {
		// 3 production: the reply queue; 1 desk: home; 2 sales: orders.
		login, key := "prod", "3"
		switch i % 3 {
		case 1:
			login, key = "sales", "1"
		case 2:
			login, key = "sales", "2"
		}
		apps[i] = New(ctx, Config{Services: svc, User: user(login), Lang: "zh", Width: 120, Height: 40, Tables: &tables})
		apps[i].Update(tuitest.Key(key))
		apps[i].View()
	}
	shop, office, sales := user("shop"), user("office"), user("sales")
	cust, err := svc.Master.CustomerByCode(ctx, "C002")
	if err != nil {
		b.Fatal(err)
	}
	sub := feed.Subscribe()
	defer sub.Close()
	b.ResetTimer()
	for i := range b.N {
		switch i % 3 {
		case 0:
			_, err = svc.Shop.FileAnomaly(ctx, shop, &model.Anomaly{Category: model.AnomalyEquipment, Severity: 2,
				Text: fmt.Sprintf("灌装机故障 %d", i), Products: []string{"YW-TC18"}, DelayDays: 1})
		case 1:
			_, err = svc.Notices.PostNotice(ctx, office, &model.Notice{Title: fmt.Sprintf("通知 %d", i), Body: "…"})
		case 2:
			_, err = svc.Orders.CreateOrder(ctx, sales, &model.Order{CustomerID: cust.ID, Owner: "sales", Lines: []model.OrderLine{
				{ProductCode: "YDF-XL18", Variant: "mark", Qty: 100, RequestedDate: model.NewDate(2026, 12, 10)}}}, true)
		}
		if err != nil {
			b.Fatal(err)
		}
		events, _ := sub.Take()
		for _, a := range apps {
			deliverDrawn(a, events...)
		}
	}
	renders := 0
	for _, a := range apps {
		renders += a.renders
	}
	b.ReportMetric(float64(renders)/float64(b.N), "renders/op")
}

// deliverDrawn hands events to the app as a session's program does: a
// frame is asked for after every message, the event's and the re-read's.
func deliverDrawn(a *App, events ...model.Event) {
	_, cmd := a.Update(EventsMsg{Events: events})
	a.View()
	drawCmds(a, cmd)
}

func drawCmds(a *App, cmd tea.Cmd) { feedCmds(a, cmd, true) }
