package tui

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/store"
)

// BenchmarkScreenOpen is the server's time to open each section for the
// first time in a new session (and, for "kpi", the KPI board of the
// deadline section), on the data file in XIETONG_BENCH_DATA (a directory,
// e.g. one made by `xietong loadtest seed --lines 100000`); skipped without
// it. The clock stands at XIETONG_BENCH_NOW (RFC 3339) or the real time.
func BenchmarkScreenOpen(b *testing.B) {
	dir := os.Getenv("XIETONG_BENCH_DATA")
	if dir == "" {
		b.Skip("XIETONG_BENCH_DATA names no data directory")
	}
	clock, err := model.NewClock("Asia/Shanghai")
	if err != nil {
		b.Fatal(err)
	}
	if s := os.Getenv("XIETONG_BENCH_NOW"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			b.Fatal(err)
		}
		clock.Set(t)
	}
	db, err := store.Open(filepath.Join(dir, "xietong.db"), store.Options{Clock: clock, Feed: model.NewFeed(), Timeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := db.Services()
	ctx := context.Background()
	for _, login := range []string{"sales", "prod", "office"} {
		u, err := svc.Users.User(ctx, login)
		if err != nil {
			b.Fatal(err)
		}
		var secs []string
		for _, sec := range registry() {
			secs = append(secs, sec.Code)
		}
		for _, sec := range append(append([]string{"new"}, secs...), "kpi") {
			b.Run(login+"/"+sec, func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					a := New(ctx, Config{Services: svc, User: u, Lang: "zh", Width: 120, Height: 40})
					b.StartTimer()
					switch sec {
					case "new":
						// New reads home: time a second new session.
						a = New(ctx, Config{Services: svc, User: u, Lang: "zh", Width: 120, Height: 40})
					case "kpi":
						a.show(a.sectionOf("sec.deadlines"))
						a.Update(tea.KeyPressMsg{Code: tea.KeyRight})
					default:
						for i, r := range a.reg {
							if r.Code == sec {
								a.show(i)
							}
						}
					}
					a.View()
				}
			})
		}
	}
}
