package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// countingReader is a client's standard input that counts what the SSH
// client took from it.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// execInput runs an exec command as login with stdin as its input.
func (ts *testServer) execInput(login, cmd string, stdin io.Reader) execResult {
	ts.t.Helper()
	c, err := ts.dial(login)
	if err != nil {
		ts.t.Fatalf("dial %s: %v", login, err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		ts.t.Fatalf("session: %v", err)
	}
	defer s.Close()
	var out, errb bytes.Buffer
	s.Stdout, s.Stderr, s.Stdin = &out, &errb, stdin
	err = s.Run(cmd)
	code := 0
	if ee, ok := err.(*gossh.ExitError); ok {
		code = ee.ExitStatus()
	} else if err != nil {
		ts.t.Fatalf("exec %q: %v", cmd, err)
	}
	return execResult{out.String(), errb.String(), code}
}

// clip shortens what a failing test prints.
func clip(s string) string {
	if len(s) > 600 {
		return s[:600] + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return s
}

// commas is a 16 MB CSV header of nothing but commas.
func commas() string { return strings.Repeat(",", 16<<20) }

// The buyer may not import a forecast: refused before the server reads the
// file, so only what fits in the SSH channel's window ever left the client.
func TestForecastImportRefusedBeforeReading(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	in := &countingReader{r: strings.NewReader(commas())}
	r := ts.execInput("buyer", "forecast import 2026-12 --csv", in)
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "预估") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("exit %d, out %q, err %q", r.code, clip(r.stdout), clip(r.stderr))
	}
	t.Logf("%s (client sent %d bytes)", strings.TrimSpace(r.stderr), in.n.Load())
	if sent := in.n.Load(); sent > 4<<20 {
		t.Fatalf("the client sent %d bytes: the server read the input", sent)
	}
}

// peakRSS is the most resident memory process pid has had (VmHWM), in bytes.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "VmHWM:" && f[2] == "kB" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no VmHWM in /proc/%d/status", pid)
	return 0
}

// The worst files an import can be sent, to a real server process: each is
// refused with one short line, and the server's peak resident memory stays
// under 300 MB through all of them, four comma headers at once included
// (they took it to 4 GB each when a file was read whole and split).
func TestImportMemoryBounded(t *testing.T) {
	const mb16 = 16 << 20
	c, _ := startChild(t, "--demo", "--demo-now", "2026-12-03T09:00:00+08:00", "--data", t.TempDir(), "--addr", "127.0.0.1:0")
	ts := &testServer{t: t, addr: c.addr}
	pid := c.cmd.Process.Pid
	head := "code,name,region,grade\n"
	wide := strings.Repeat(strings.Repeat("x,", 40)+"x\n", 50_000)
	inputs := []struct{ name, in, err string }{
		{"a 16 MB header of commas", commas(), "xietong: 第 1 行超过 256 列，未导入任何数据\n"},
		{"a row of 16 M empty fields", head + strings.Repeat(",", mb16-len(head)), "xietong: 第 2 行超过 256 列，未导入任何数据\n"},
		{"16 MB in one quoted field", head + `C1,"` + strings.Repeat("长", (mb16-len(head)-10)/3) + `",,A` + "\n",
			"xietong: 第 2 行有一个字段超过 4096 字节（引号未闭合？），未导入任何数据\n"},
		{"50,000 rows of 41 fields", head + wide, "xietong: 50000 行有误，未导入任何数据\n第 2 行：有 41 列，表头有 4 列\n"},
	}
	const limit = 300 << 20
	for _, in := range inputs {
		r := ts.execInput("sales", "customers import --csv", strings.NewReader(in.in))
		peak := peakRSS(t, pid)
		t.Logf("%s: exit %d, %d bytes of error; peak RSS %d MB", in.name, r.code, len(r.stderr), peak>>20)
		if r.code != 1 || r.stdout != "" || !strings.HasPrefix(r.stderr, in.err) || len(r.stderr) >= 4<<10 {
			t.Fatalf("%s: exit %d, out %q, err %q", in.name, r.code, clip(r.stdout), clip(r.stderr))
		}
		if peak >= limit {
			t.Fatalf("%s: peak RSS %d MB", in.name, peak>>20)
		}
	}
	var wg sync.WaitGroup
	results := make([]execResult, 4)
	for i := range results {
		wg.Go(func() { results[i] = ts.execInput("sales", "customers import --csv", strings.NewReader(commas())) })
	}
	wg.Wait()
	for _, r := range results {
		if r.code != 1 || r.stderr != inputs[0].err {
			t.Fatalf("at once: exit %d, err %q", r.code, clip(r.stderr))
		}
	}
	peak := peakRSS(t, pid)
	t.Logf("four 16 MB comma headers at once: peak RSS %d MB", peak>>20)
	if peak >= limit {
		t.Fatalf("peak RSS %d MB", peak>>20)
	}
}

// The heaviest files an import takes in full, each to a fresh server
// process: 50,000 rows (the row cap) near the 16 MB input cap, held,
// checked and written in one transaction. Their peak is what bounds the
// memory of one import; it is logged, and held under heavyLimit (scaled
// under the race detector; the hostile files above are held to 300 MB
// even there).
func TestImportMemoryHeaviest(t *testing.T) {
	const heavyLimit = memSlack * 512 << 20
	heavy := []struct{ name, cmd, in string }{
		{"50,000 new customers", "customers import --csv", manyCustomers()},
		{"50,000 order lines in 250 orders", "orders import --csv", manyOrderLines(false)},
		{"50,000 order lines, the last bad", "orders import --csv", manyOrderLines(true)},
	}
	for _, h := range heavy {
		c, _ := startChild(t, "--demo", "--demo-now", "2026-12-03T09:00:00+08:00", "--data", t.TempDir(), "--addr", "127.0.0.1:0")
		ts := &testServer{t: t, addr: c.addr}
		before := peakRSS(t, c.cmd.Process.Pid)
		r := ts.execInput("sales", h.cmd, strings.NewReader(h.in))
		peak := peakRSS(t, c.cmd.Process.Pid)
		t.Logf("%s (%.1f MB): exit %d, %d bytes of error; peak RSS %d MB (%d MB before)", h.name, float64(len(h.in))/(1<<20), r.code, len(r.stderr), peak>>20, before>>20)
		bad := strings.HasSuffix(h.name, "bad")
		if (r.code != 0) != bad || len(r.stderr) >= 4<<10 || peak >= heavyLimit {
			t.Fatalf("%s: exit %d, err %q, peak RSS %d MB", h.name, r.code, clip(r.stderr), peak>>20)
		}
		_ = c.cmd.Process.Kill()
	}
}

// manyCustomers is a customers CSV of 50,000 new customers with names of
// 90 characters, about 15 MB.
func manyCustomers() string {
	var b strings.Builder
	b.WriteString("code,name,region,grade\n")
	name := strings.Repeat("鲜", 86)
	for i := range 50_000 {
		fmt.Fprintf(&b, "N%05d,%s%04d,华东,B\n", i, name, i%10_000)
	}
	return b.String()
}

// manyOrderLines is an orders CSV of 50,000 lines in orders of 200 lines,
// each order with 500-character remarks on its first line; with bad the
// last line is bad, so that all are read and checked and none written.
func manyOrderLines(bad bool) string {
	var b strings.Builder
	b.WriteString("order_ref,customer,remarks,product,variant,qty,requested_date\n")
	remarks := strings.Repeat("备", 500)
	for i := range 50_000 {
		qty, rem := "20", ""
		if bad && i == 49_999 {
			qty = "x"
		}
		if i%200 == 0 {
			rem = remarks
		}
		fmt.Fprintf(&b, "R%04d,C001,%s,YDF-XL18,mark,%s,2026-12-20\n", i/200, rem, qty)
	}
	return b.String()
}
