package model

import (
	"testing"
	"time"
)

// Pin stops the clock for a replay of the past and puts it back as it
// was: a stopped clock where it stood, a running one at its offset.
func TestClockPin(t *testing.T) {
	c, err := NewClock("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	stood := time.Date(2026, 11, 25, 10, 0, 0, 0, c.Loc)
	c.Set(stood)
	restore := c.Pin(stood.AddDate(0, -3, 0))
	c.Set(stood.AddDate(0, -1, 0))
	if got := c.Now(); !got.Equal(stood.AddDate(0, -1, 0)) {
		t.Fatalf("pinned clock moved to %s", got)
	}
	restore()
	if got := c.Now(); !got.Equal(stood) {
		t.Fatalf("restored stopped clock reads %s, want %s", got, stood)
	}

	ahead := time.Now().Add(48 * time.Hour)
	c.StartAt(ahead)
	restore = c.Pin(time.Date(2020, 1, 1, 0, 0, 0, 0, c.Loc))
	if got := c.Now(); got.Year() != 2020 {
		t.Fatalf("pinned clock reads %s", got)
	}
	restore()
	if got := c.Now(); got.Before(ahead) || got.After(ahead.Add(time.Minute)) {
		t.Fatalf("restored running clock reads %s, want about %s", got, ahead)
	}
}
