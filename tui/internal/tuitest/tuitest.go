// Package tuitest opens the seeded demo factory for the tests of the
// screens, and types keys at them.
package tuitest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"xietong/demo"
	"xietong/model"
	"xietong/store"
	"xietong/tui/kit"
)

// Store opens a store seeded with the demo as it stands on 2026-11-30 at
// 09:30, without its months of history: these tests count the store reads
// of screens, which the history does not change, and seeding it for each
// would cost minutes under -race.
func Store(t *testing.T) *store.DB {
	t.Helper()
	clock, err := model.NewClock("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	clock.Set(time.Date(2026, 11, 30, 9, 30, 0, 0, clock.Loc))
	db, err := store.Open(filepath.Join(t.TempDir(), "x.db"), store.Options{Clock: clock, Feed: model.NewFeed()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if sum, err := demo.SeedWith(context.Background(), db.Services(), demo.Options{}); err != nil || !sum.Seeded {
		t.Fatalf("seed: %v %v", sum.Seeded, err)
	}
	return db
}

// Session opens a seeded demo store (Store) as login. wrap, when not nil,
// may replace services (with counting wrappers) before the session is made
// of them.
func Session(t *testing.T, login string, wrap func(*model.Services)) *kit.Session {
	t.Helper()
	svc := Store(t).Services()
	ctx := context.Background()
	u, err := svc.Users.User(ctx, login)
	if err != nil {
		t.Fatal(err)
	}
	if wrap != nil {
		wrap(&svc)
	}
	return &kit.Session{Ctx: ctx, Svc: svc, User: u, Lang: "zh", St: kit.NewStyles(true)}
}

// Key is the press of s: "esc", "tab", "left", "right", "ctrl+left" or
// one character.
func Key(s string) tea.KeyPressMsg {
	switch s {
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "ctrl+left":
		return tea.KeyPressMsg{Code: tea.KeyLeft, Mod: tea.ModCtrl}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}
