package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// Moving the cursor in a list of Chinese text sends only the cells that
// changed: the marker and first cell of two rows and the position counter
// (the target is at most 300 bytes per move in a 40-row list, see
// docs/PERFORMANCE.md). A terminal that repainted whole rows would take
// over 300 bytes for each of them.
func TestCursorMoveSendsFewBytes(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	prod := ts.open("prod", 120, 40, "zh_CN.UTF-8")
	prod.waitText("协同")
	prod.send("3")
	prod.waitText("交期答复", "SO-")
	prod.settle()
	least := -1
	for i := range 4 {
		before := selectedRow(prod)
		prod.mu.Lock()
		start := prod.raw.Len()
		prod.mu.Unlock()
		k := kDown
		if i%2 == 1 {
			k = kUp
		}
		prod.send(k)
		prod.waitFor("the cursor to move", func(string) bool { return selectedRow(prod) != before })
		prod.settle()
		prod.mu.Lock()
		n := prod.raw.Len() - start
		prod.mu.Unlock()
		t.Logf("move %d: %d bytes", i+1, n)
		if least < 0 || n < least {
			least = n
		}
	}
	// The smallest of four, so a clock tick landing in one of them does not count.
	if least > 300 {
		t.Fatalf("a cursor move sent %d bytes, want at most 300", least)
	}
}

// A session that had no key for its ModelRelease has its screen copy let
// go and rebuilt for each frame. Keys, live updates and
// the cursor still land where a full repaint puts them.
func TestScreenAfterModelRelease(t *testing.T) {
	ts := startServer(t, Config{Demo: true, ModelRelease: 30 * time.Millisecond})
	prod := ts.open("prod", 120, 40, "zh_CN.UTF-8")
	prod.waitText("协同")
	prod.send("3")
	prod.waitText("交期答复", "SO-")
	for i := range 3 {
		time.Sleep(100 * time.Millisecond) // idle past the release
		before := selectedRow(prod)
		prod.send(kDown)
		prod.waitFor("the cursor to move", func(string) bool { return selectedRow(prod) != before })
		ts.postNotice("office", model.Notice{Title: fmt.Sprintf("空闲后的通知 %d", i), Urgent: true})
		prod.waitText(fmt.Sprintf("空闲后的通知 %d", i))
	}
	// Idle, then a screen with less on it: cells that go blank must be
	// cleared, which only a right screen copy knows to do.
	prod.settle()
	time.Sleep(100 * time.Millisecond)
	prod.send("1", kTab)
	prod.waitText("空闲后的通知 2")
	prod.settle()
	time.Sleep(100 * time.Millisecond)
	prod.send("1")
	prod.settle()
	got := prod.screen()
	// A resize makes the server repaint the whole screen from nothing; the
	// screen must not change.
	prod.resize(119, 40)
	prod.settle()
	prod.resize(120, 40)
	prod.waitFor("a full repaint", func(s string) bool { return s == got })
}

// A client asking for an enormous window (or resizing to one) gets a screen
// drawn at most sshserver.MaxWindowWidth × MaxWindowHeight: the renderer
// keeps a record per cell, and 20,000 × 20,000 cells would be gigabytes.
func TestHugeWindowIsClamped(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	s, _, out := ts.rawShell("prod", 20000, 20000)
	got := make(chan []byte, 1)
	go func() {
		var all []byte
		buf := make([]byte, 64<<10)
		deadline := time.Now().Add(waitTimeout)
		for time.Now().Before(deadline) && !bytes.Contains(all, []byte("今天需要你处理的事")) {
			n, err := out.Read(buf)
			all = append(all, buf[:n]...)
			if err != nil {
				break
			}
		}
		got <- all
	}()
	first := <-got
	if !bytes.Contains(first, []byte("今天需要你处理的事")) {
		t.Fatalf("no home screen in %d bytes", len(first))
	}
	// heap is the server's heap in use after a collection. The test binary
	// runs other servers beside this one, so what counts is how much the
	// window adds, not the total.
	heap := func() uint64 {
		r := ts.exec("admin", "stats --json --gc")
		var st struct {
			HeapInuse uint64 `json:"heap_inuse_bytes"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
			t.Fatalf("stats: %v %q %q", err, r.stdout, r.stderr)
		}
		return st.HeapInuse
	}
	before := heap()
	if err := s.WindowChange(30000, 30000); err != nil {
		t.Fatal(err)
	}
	// The server is still answering, and holds nowhere near a huge window
	// (30,000 × 30,000 cells would take gigabytes).
	after := heap()
	t.Logf("heap %d MiB before the window, %d MiB after", before>>20, after>>20)
	if after > before+256<<20 {
		t.Fatalf("heap in use %d MiB with one huge window, %d MiB before it", after>>20, before>>20)
	}
}

// The English screens use English punctuation between a label and its
// value; the Chinese ones keep the full-width colon.
func TestPunctuationFollowsLanguage(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	for _, c := range []struct{ lang, want, not string }{
		{"en_US.UTF-8", "Actions: a answer", "："},
		{"zh_CN.UTF-8", "可执行：a 答复交期", "Actions"},
	} {
		tm := ts.open("prod", 120, 40, c.lang)
		tm.send("3")
		tm.waitText("SO-")
		tm.send(kEnter)
		s := tm.waitText(c.want)
		if strings.Contains(s, c.not) {
			t.Errorf("%s: %q on screen:\n%s", c.lang, c.not, s)
		}
		tm.close()
	}
}

// The tabs show the groups under their digits and the sections of the group
// on view; when the names do not all fit, the other names are cut rather
// than dropped; the section on view stays whole and marked.
func TestTabsCutNamesToFit(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	for _, c := range []struct {
		w, h       int
		lang, want string
	}{
		{120, 40, "en_US.UTF-8", " 1 Desk  2 Sales  3 Production › ▸Reply queue  Shop floor  Anomalies  Packaging  4 Planning  5 Management"},
		{80, 24, "en_US.UTF-8", " 1 Desk  2 Sal…  3 Production › ▸Reply queue  Sho…  Ano…  Pac…  4 Pla…  5 Man…"},
		{80, 24, "zh_CN.UTF-8", " 1 工作台  2 销售  3 生产 › ▸交期答复  车间…  异常…  包材…  4 计划  5 管理"},
	} {
		tm := ts.open("prod", c.w, c.h, c.lang)
		tm.send("3")
		tm.waitFor("tabs "+c.want, func(s string) bool {
			lines := strings.Split(s, "\n")
			return len(lines) > 1 && strings.HasPrefix(lines[1], c.want)
		})
		tm.close()
	}
}
