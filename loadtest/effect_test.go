package loadtest

import (
	"testing"
	"time"
)

// The effect clock runs from a key until the row drawn with the selection
// bar has moved; output that leaves it where it was (a live update, a
// clock) does not stop it, and a key pressed before it moved counts as
// unanswered.
func TestEffectTracker(t *testing.T) {
	e := newEffectTracker(40, 10)
	defer e.close()
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	// A list with the selection on screen row 3 (0-based).
	e.output([]byte("\x1b[2J\x1b[3;1H│ a\x1b[4;1H┃ b\x1b[5;1H│ c"), at(0))
	if e.row != 3 {
		t.Fatalf("selected row %d", e.row)
	}
	e.press(at(100))
	e.output([]byte("\x1b[1;30H10:01"), at(102)) // the header clock: not the effect
	e.output([]byte("\x1b[4;1H│\x1b[5;1H┃"), at(107))
	if len(e.lat) != 1 || e.lat[0] != 7*time.Millisecond || e.row != 4 {
		t.Fatalf("lat %v row %d", e.lat, e.row)
	}
	// A live update adds a row above: the selection moves down a line on
	// the same record, which is not a key's effect; the key pressed then
	// moves it to the next record on the very line it was on before.
	e.output([]byte("\x1b[2J\x1b[3;1H│ a\x1b[4;1H│ b\x1b[5;1H│ z\x1b[6;1H┃ c\x1b[7;1H│ d"), at(150))
	e.press(at(160))
	e.output([]byte("\x1b[2J\x1b[3;1H│ a\x1b[4;1H│ b\x1b[5;1H│ y\x1b[6;1H│ z\x1b[7;1H┃ c"), at(165)) // another row above
	if len(e.lat) != 1 {
		t.Fatalf("a row added above counted as the key's effect: %v", e.lat)
	}
	e.output([]byte("\x1b[7;1H│\x1b[6;1H┃"), at(170)) // the key: up to z
	if len(e.lat) != 2 || e.lat[1] != 10*time.Millisecond {
		t.Fatalf("lat %v row %d", e.lat, e.row)
	}
	e.press(at(200)) // no effect before the next key
	e.press(at(300))
	e.output([]byte("\x1b[5;1H│\x1b[4;1H┃"), at(301))
	if e.unanswered != 1 || len(e.lat) != 3 || e.lat[2] != time.Millisecond {
		t.Fatalf("unanswered %d lat %v", e.unanswered, e.lat)
	}
	// With no list on screen a key is not timed.
	e.output([]byte("\x1b[2J"), at(400))
	e.press(at(500))
	e.stop()
	if e.noRow != 1 || len(e.lat) != 3 || !e.pending.IsZero() {
		t.Fatalf("noRow %d lat %v", e.noRow, e.lat)
	}
	// Terminal queries are answered into the pipe and dropped, never
	// blocking the writer.
	for range 100 {
		e.output([]byte("\x1b[c\x1b]11;?\x07"), at(600))
	}
}
