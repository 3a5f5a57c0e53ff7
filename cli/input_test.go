package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"xietong/model"
)

// untouchable fails the test when anything reads it.
type untouchable struct{ t *testing.T }

func (u untouchable) Read([]byte) (int, error) {
	u.t.Helper()
	u.t.Error("standard input was read")
	return 0, nil
}

// uBuyer is in purchasing: no import right at all.
var uBuyer = &model.User{Login: "buyer", Name: "何平", Dept: model.DeptPurchasing, Role: model.RoleMember}

// Every command that takes input names the right it needs in the command
// table, and someone without it is refused before a byte of the input is
// read: exit 1, the right named, nothing parsed.
func TestInputRightCheckedBeforeRead(t *testing.T) {
	n := 0
	for _, c := range commands() {
		takesFile := strings.Contains(c.args, "< FILE")
		if takesFile != (c.stdin != "") {
			t.Errorf("%s: reads a file %v, input right %q", c.path, takesFile, c.stdin)
		}
		if c.stdin == "" {
			continue
		}
		n++
		if model.Can(uBuyer, c.stdin) {
			t.Fatalf("%s: the buyer may %s", c.path, c.stdin)
		}
		args := append(strings.Fields(c.path), "--csv")
		for range c.min {
			args = append(args, "2026-12")
		}
		var out, errb bytes.Buffer
		w := newWorld(t)
		e := &Env{Svc: w.svc, User: uBuyer, Lang: "en", Stdin: untouchable{t}, Stdout: &out, Stderr: &errb}
		code := Run(context.Background(), e, args)
		if code != ExitError || out.Len() != 0 || !strings.HasPrefix(errb.String(), "xietong: ") ||
			strings.Count(errb.String(), "\n") != 1 {
			t.Errorf("%s by the buyer: exit %d, out %q, err %q", c.path, code, out.String(), errb.String())
		}
		if w.m.imports+w.o.imports != 0 {
			t.Errorf("%s: reached the service", c.path)
		}
	}
	if n != 10 {
		t.Errorf("%d commands take input, want the nine imports and campaigns file", n)
	}
}
