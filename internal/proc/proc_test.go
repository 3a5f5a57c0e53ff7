package proc

import (
	"os"
	"runtime"
	"testing"
	"time"
)

func TestRSSOfThisProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc is Linux's")
	}
	n, err := RSS(os.Getpid())
	if err != nil || n < 1<<20 {
		t.Fatalf("RSS %d, %v", n, err)
	}
	if _, err := RSS(-1); err == nil {
		t.Fatal("no error for a process that does not exist")
	}
}

func TestCPUOfThisProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc is Linux's")
	}
	before, err := CPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	// Burn some processor time; the reading must not go backwards and must
	// see at least some of it (ticks are 10 ms).
	deadline := time.Now().Add(100 * time.Millisecond)
	x := 0
	for time.Now().Before(deadline) {
		x++
	}
	after, err := CPU(os.Getpid())
	if err != nil || after < before+10*time.Millisecond {
		t.Fatalf("CPU %v → %v (%d spins), %v", before, after, x, err)
	}
	if _, err := CPU(-1); err == nil {
		t.Fatal("no error for a process that does not exist")
	}
}

func TestParseStatCPU(t *testing.T) {
	// A command name with spaces and parentheses; utime 250, stime 50.
	line := "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 8 0 100 1000 200"
	if d, err := parseStatCPU(line); err != nil || d != 3*time.Second {
		t.Fatalf("%v %v", d, err)
	}
	for _, bad := range []string{"", "4242 no parens 1 2 3", "4242 (x) S 1 2"} {
		if _, err := parseStatCPU(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
