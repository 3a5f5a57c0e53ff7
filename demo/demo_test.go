package demo

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xietong/cli"
	"xietong/model"
	"xietong/store"
)

// seeded opens a fresh store at a fixed clock and seeds it.
func seeded(t *testing.T, now time.Time) model.Services {
	t.Helper()
	clock, err := model.NewClock("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	clock.Set(now)
	db, err := store.Open(filepath.Join(t.TempDir(), "x.db"), store.Options{Clock: clock, Feed: model.NewFeed()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := db.Services()
	ok, err := Seed(context.Background(), svc)
	if err != nil || !ok {
		t.Fatalf("seed: %v %v", ok, err)
	}
	return svc
}

func TestSeedQueue(t *testing.T) {
	// A Saturday evening and a Monday morning: the demo is believable any day.
	for _, now := range []time.Time{
		time.Date(2026, 11, 28, 21, 30, 0, 0, time.FixedZone("CST", 8*3600)),
		time.Date(2026, 11, 30, 0, 10, 0, 0, time.FixedZone("CST", 8*3600)),
	} {
		svc := seeded(t, now)
		ctx := context.Background()
		if ok, err := Seed(ctx, svc); ok || err != nil {
			t.Fatalf("second seed: %v %v", ok, err)
		}
		cs, _ := svc.Master.Customers(ctx)
		ps, _ := svc.Master.Products(ctx)
		st, _ := svc.Master.Stocks(ctx)
		onHand := 0
		for _, s := range st {
			if s.Qty > 0 {
				onHand++
			}
		}
		if len(cs) != len(Customers) || len(ps) != len(Products) || onHand != len(stock) {
			t.Errorf("master data %d %d %d", len(cs), len(ps), onHand)
		}
		page, err := svc.Orders.Queue(ctx, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range page.Entries {
			got = append(got, string(e.Order.CustomerGrade)+" "+e.Line.ProductCode)
		}
		want := "A GRYY-YW,A GRYY-SK,A GRYY-XL,B YW-TC18,B YDF-XL18,C GRYY-XL"
		if strings.Join(got, ",") != want {
			t.Errorf("queue %v, want %s", got, want)
		}
		all, _ := svc.Orders.Orders(ctx, model.OrderFilter{})
		counts := map[model.LineStatus]int{}
		for _, o := range all {
			for _, l := range o.Lines {
				counts[l.Status]++
				if l.Status == model.LineAnswered && l.PromisedDate.Before(svc.Calendar.DateOf(now)) {
					t.Errorf("promised in the past: %+v", l)
				}
			}
		}
		if counts[model.LineAnswered] != 1 || counts[model.LineSubmitted] != 3 || counts[model.LineReviewed] != 1 || counts[model.LineSent] != 6 {
			t.Errorf("statuses %v", counts)
		}

		// What `ssh prod@... queue` prints.
		prod, _ := svc.Users.User(ctx, "prod")
		var out, errb bytes.Buffer
		code := cli.Run(ctx, &cli.Env{Svc: svc, User: prod, Lang: "zh", Stdout: &out, Stderr: &errb}, []string{"queue"})
		if code != 0 || !strings.Contains(out.String(), "永辉超市华东区") {
			t.Errorf("queue command %d %s %s", code, out.String(), errb.String())
		}
	}
}
