package store

import (
	"path/filepath"
	"runtime"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui"
)

// BenchmarkQueueScreen measures production's queue screen as a session sees
// it, with 100,000 lines awaiting a reply: opening the section (first page
// read and drawn) and one page down (next page read and drawn), plus the
// heap the open screen holds.
func BenchmarkQueueScreen(b *testing.B) {
	clock, err := model.NewClock("Asia/Shanghai")
	if err != nil {
		b.Fatal(err)
	}
	clock.Set(time.Date(2025, 3, 3, 9, 0, 0, 0, clock.Loc))
	db, err := Open(filepath.Join(b.TempDir(), "bench.db"), Options{Clock: clock, Feed: model.NewFeed()})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const n = 100_000
	seedQueue(b, db, n)
	svc := db.Services()
	prod := &model.User{Login: "prod", Name: "刘建国", Dept: model.DeptProduction, Role: model.RoleHead}
	cfg := tui.Config{Services: svc, User: prod, Lang: model.LangZH, Company: "bench", Width: 120, Height: 40}
	four := tea.KeyPressMsg{Code: '4', Text: "4"}
	pgdn := tea.KeyPressMsg{Code: tea.KeyPgDown}

	b.Run("open", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			app := tui.New(b.Context(), cfg)
			app.Update(four)
			_ = app.View()
		}
	})
	b.Run("pagedown", func(b *testing.B) {
		app := tui.New(b.Context(), cfg)
		app.Update(four)
		_ = app.View()
		b.ReportAllocs()
		for b.Loop() {
			app.Update(pgdn)
			_ = app.View()
		}
	})
	b.Run("cursor", func(b *testing.B) {
		// One row down and back up within the page on screen: no read, two
		// rows of the table change.
		app := tui.New(b.Context(), cfg)
		app.Update(four)
		_ = app.View()
		down, up := tea.KeyPressMsg{Code: tea.KeyDown}, tea.KeyPressMsg{Code: tea.KeyUp}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if i%2 == 0 {
				app.Update(down)
			} else {
				app.Update(up)
			}
			i++
			_ = app.View()
		}
	})
	b.Run("heap", func(b *testing.B) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		app := tui.New(b.Context(), cfg)
		app.Update(four)
		_ = app.View()
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(app)
		for b.Loop() {
		}
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1024, "KiB-heap/session")
	})
}
