package proc

import (
	"os"
	"runtime"
	"testing"
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
