package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
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
