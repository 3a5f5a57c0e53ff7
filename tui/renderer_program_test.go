package tui

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// frameModel shows the frame it was last sent, on the alternate screen.
type frameModel struct{ content string }

type frameMsg string

func (m frameModel) Init() tea.Cmd { return nil }
func (m frameModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if f, ok := msg.(frameMsg); ok {
		m.content = string(f)
	}
	return m, nil
}
func (m frameModel) View() tea.View {
	v := tea.NewView(m.content)
	v.AltScreen = true
	return v
}

// syncEmu is an emulator the program writes to from its own goroutine.
type syncEmu struct {
	mu  sync.Mutex
	emu *vt.Emulator
	got chan struct{}
}

func (e *syncEmu) Write(p []byte) (int, error) {
	e.mu.Lock()
	// A terminal's line discipline turns a newline into CR LF (onlcr), as
	// the renderer expects of the session's terminal.
	_, err := e.emu.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n")))
	e.mu.Unlock()
	select {
	case e.got <- struct{}{}:
	default:
	}
	return len(p), err
}

func (e *syncEmu) screen(w, h int) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return screenOf(e.emu, w, h)
}

// Bubble Tea as carried keeps the last frame while frames keep coming and
// draws only the rows that changed; the renderer scrolls shifted rows into
// place and leaves those it scrolled right alone. Random frames through a
// real program, rows shifting as in a list that gains a row, with the model
// let go now and then (WithModelRelease), must each show on a terminal
// exactly as drawn whole.
func TestProgramFramesMatchWhenBuiltFromModel(t *testing.T) {
	const w, h = 60, 12
	words := []string{"SO-20261127-0001/2", "永辉超市华东区", "果然有鱼（冷冻）", "120", "│", "┃", "abc", " ", "交期答复", "已逾期", "…", "é"}
	styles := []lipgloss.Style{
		lipgloss.NewStyle(),
		lipgloss.NewStyle().Bold(true),
		lipgloss.NewStyle().Foreground(lipgloss.Color("#FF6B6B")),
		lipgloss.NewStyle().Background(lipgloss.Color("#2A3F5C")).Bold(true),
	}
	for seed := range uint64(8) {
		r := rand.New(rand.NewPCG(seed, 11))
		emu := &syncEmu{emu: vt.NewEmulator(w, h), got: make(chan struct{}, 1)}
		ctx, cancel := context.WithCancel(context.Background())
		release := time.Duration(0)
		if seed%2 == 1 {
			release = time.Millisecond // let go of the model after nearly every frame
		}
		p := tea.NewProgram(frameModel{}, tea.WithContext(ctx), tea.WithInput(nil), tea.WithOutput(emu),
			tea.WithWindowSize(w, h), tea.WithColorProfile(colorprofile.TrueColor), tea.WithoutSignalHandler(),
			tea.WithEnvironment([]string{"TERM=xterm-256color"}), tea.WithModelRelease(release))
		done := make(chan struct{})
		go func() { defer close(done); _, _ = p.Run() }()
		rows := make([]string, h)
		for frame := range 40 {
			switch r.IntN(4) {
			case 0:
				// A list gains a row: the rows below shift down (the renderer
				// scrolls them into place).
				a := r.IntN(h - 3)
				b := a + 2 + r.IntN(h-a-2)
				copy(rows[a+1:b+1], rows[a:b])
			case 1:
				// A list loses a row: the rows below shift up.
				a := r.IntN(h - 3)
				b := a + 2 + r.IntN(h-a-2)
				copy(rows[a:b], rows[a+1:b+1])
			}
			for range 1 + r.IntN(3) {
				y := r.IntN(h)
				var b strings.Builder
				for lipgloss.Width(b.String()) < w-10 {
					b.WriteString(styles[r.IntN(len(styles))].Render(words[r.IntN(len(words))]))
					if r.IntN(3) == 0 {
						b.WriteByte(' ')
					}
				}
				rows[y] = ansi.Truncate(b.String(), w, "") // a screen's rows fit its width
			}
			showFrame(t, p, emu, w, h, strings.Join(rows, "\n"), fmt.Sprintf("seed %d frame %d", seed, frame))
			if release > 0 {
				time.Sleep(3 * time.Millisecond) // past the release delay
			}
		}
		cancel()
		<-done
	}
}

// showFrame sends content to program p as its frame and waits until the
// terminal emulator emu it writes to shows exactly what drawing content
// whole would.
func showFrame(t *testing.T, p *tea.Program, emu *syncEmu, w, h int, content, what string) {
	t.Helper()
	p.Send(frameMsg(content))
	buf := uv.NewScreenBuffer(w, h)
	uv.NewStyledString(content).Draw(buf, buf.Bounds())
	want := bufferText(buf.RenderBuffer, w, h)
	deadline := time.After(5 * time.Second)
	for emu.screen(w, h) != want {
		select {
		case <-emu.got:
		case <-deadline:
			t.Fatalf("%s: terminal shows\n%s\nframe is\n%s", what, emu.screen(w, h), want)
		}
	}
}

// countingEmu is a syncEmu that also counts the bytes written to it.
type countingEmu struct {
	syncEmu
	n int
}

func (e *countingEmu) Write(p []byte) (int, error) {
	e.mu.Lock()
	e.n += len(p)
	e.mu.Unlock()
	return e.syncEmu.Write(p)
}

func (e *countingEmu) bytes() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.n
}

// The line hashes that find scrolled rows are kept from frame to frame and
// only the rows a frame changed are hashed again; frames that change fewer
// than three rows skip the search. After a run of such frames (a cursor
// moving, a status line), a list that gains a row at the top is still
// scrolled into place: far fewer bytes than drawing its rows again.
func TestListGainingARowScrollsAfterSmallFrames(t *testing.T) {
	const w, h = 60, 20
	emu := &countingEmu{syncEmu: syncEmu{emu: vt.NewEmulator(w, h), got: make(chan struct{}, 1)}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := tea.NewProgram(frameModel{}, tea.WithContext(ctx), tea.WithInput(nil), tea.WithOutput(emu),
		tea.WithWindowSize(w, h), tea.WithColorProfile(colorprofile.TrueColor), tea.WithoutSignalHandler(),
		tea.WithEnvironment([]string{"TERM=xterm-256color"}))
	done := make(chan struct{})
	go func() { defer close(done); _, _ = p.Run() }()
	defer func() { cancel(); <-done }()
	row := func(i int) string {
		return fmt.Sprintf("SO-20261127-%04d/1 永辉超市华东区 果然有鱼（冷冻） %4d 件", i, 10*i)
	}
	rows := make([]string, h)
	for y := range rows {
		rows[y] = row(y)
	}
	show := func() {
		t.Helper()
		showFrame(t, p, &emu.syncEmu, w, h, strings.Join(rows, "\n"), "the list")
	}
	show()
	// Small frames: a marker moving down the rows, a status line changing.
	for i := range 6 {
		rows[i] = "┃" + row(i)
		if i > 0 {
			rows[i-1] = row(i - 1)
		}
		rows[h-1] = fmt.Sprintf("状态 %d", i)
		show()
	}
	before := emu.bytes()
	// The list gains a row at the top: rows 0–17 move down one.
	copy(rows[1:h-1], rows[0:h-2])
	rows[0] = row(99)
	show()
	sent := emu.bytes() - before
	whole := 0
	for _, r := range rows[:h-1] {
		whole += len(r)
	}
	if sent*3 > whole {
		t.Errorf("a list gaining a row sent %d bytes; its rows are %d bytes: not scrolled", sent, whole)
	}
	t.Logf("a list gaining a row: %d bytes (its rows: %d)", sent, whole)
}
