package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// The README's keys table is what "xietong keys --md" reads from the
// screens' help: a key added, dropped or renamed in a key map shows here.
func TestReadmeKeysTable(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := runCmd([]string{"keys", "--md"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("keys --md: %d %s", code, errOut.String())
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "<!-- keys:begin -->\n")
	table, _, ok2 := strings.Cut(rest, "<!-- keys:end -->")
	if !ok || !ok2 {
		t.Fatal("README has no keys table between <!-- keys:begin --> and <!-- keys:end -->")
	}
	if table != out.String() {
		t.Errorf("README's keys table differs from xietong keys --md; run it and paste its output:\n%s", out.String())
	}
	for _, want := range []string{"| `1-5` | everywhere | groups: 1 Desk, 2 Sales, 3 Production, 4 Planning, 5 Management |",
		"| `a` | Production › Reply queue, after enter | answer |", "| `n` | Sales › Orders | new order |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("keys table lacks %q", want)
		}
	}
	errOut.Reset()
	if code := runCmd([]string{"keys"}, nil, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "usage: xietong keys --md") {
		t.Errorf("keys without --md: %d %q", code, errOut.String())
	}
}
