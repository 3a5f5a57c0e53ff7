package loadtest

import (
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/x/vt"
)

// Keystroke → effect. The keystroke latency (write → next output chunk)
// reads low when a pushed live update happens to arrive first. A sample of
// sessions also feeds its output into a terminal emulator and times each
// key until the selection of the list on screen has moved to another row:
// lists draw the selected row with a heavy left border "┃" in the first
// column. The selection is followed by what its row says, not by where it
// stands on screen: a live update that adds a row above it moves it down a
// line while it stays on the same record, and a key pressed then may move
// it back to the very same line.

// selBar is the first cell of a list's selected row.
const selBar = "┃"

// effectTracker is one sampled session's emulator and its timings. Its
// fields are guarded by the session's mutex; the emulator is written only
// by the session's reader.
type effectTracker struct {
	emu     *vt.Emulator
	row     int       // the selected row now, -1 when none is on screen
	text    string    // what the selected row says now
	from    string    // what it said when the pending key was pressed
	pending time.Time // press time of the key whose effect is awaited
	lat     []time.Duration
	// unanswered: keys whose effect had not shown when the next key was
	// pressed; noRow: keys pressed with no selected row on screen (not
	// timed).
	unanswered, noRow int
}

// newEffectTracker starts an emulator of w×h. The emulator answers the
// server's terminal queries into a pipe; the answers are read and dropped so
// a sampled session talks to the server exactly as the others do.
func newEffectTracker(w, h int) *effectTracker {
	emu := vt.NewEmulator(w, h)
	go func() { _, _ = io.Copy(io.Discard, emu) }()
	return &effectTracker{emu: emu, row: -1}
}

// close ends the answer reader. The pipe is closed rather than the
// emulator, whose Close is not safe beside a blocked Read; a later answer
// to the closed pipe is dropped by the emulator.
func (e *effectTracker) close() {
	if pw, ok := e.emu.InputPipe().(*io.PipeWriter); ok {
		_ = pw.Close()
	}
}

// output feeds a chunk that arrived at now and stops the clock when the
// selected row has moved. Called with the session's mutex held.
func (e *effectTracker) output(p []byte, now time.Time) {
	_, _ = e.emu.Write(p)
	e.row, e.text = selectedRow(e.emu)
	if !e.pending.IsZero() && e.row >= 0 && e.text != e.from {
		e.lat = append(e.lat, now.Sub(e.pending))
		e.pending = time.Time{}
	}
}

// press starts the clock for a key pressed at now.
func (e *effectTracker) press(now time.Time) {
	if !e.pending.IsZero() {
		e.unanswered++
		e.pending = time.Time{}
	}
	if e.row < 0 {
		e.noRow++
		return
	}
	e.from, e.pending = e.text, now
}

// stop drops the clock of a last key still awaited.
func (e *effectTracker) stop() { e.pending = time.Time{} }

// selectedRow is the screen row whose first cell is the selection bar, or
// -1, and what the rest of that row says.
func selectedRow(emu *vt.Emulator) (int, string) {
	for y := range emu.Height() {
		if c := emu.CellAt(0, y); c != nil && c.Content == selBar {
			var b strings.Builder
			for x := 1; x < emu.Width(); x++ {
				if c := emu.CellAt(x, y); c != nil {
					b.WriteString(c.Content)
				}
			}
			return y, b.String()
		}
	}
	return -1, ""
}
