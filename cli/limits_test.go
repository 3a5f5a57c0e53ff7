package cli

import (
	"fmt"
	"strings"
	"testing"
)

// The worst inputs an import can be sent are refused with one short line,
// naming where the file went wrong, and nothing reaches the service.
func TestImportLimits(t *testing.T) {
	const mb16 = 16 << 20
	head := "code,name,grade\n"
	cases := []struct {
		name string
		in   string
		err  string
	}{
		{"16 MB header of commas", strings.Repeat(",", mb16), "xietong: line 1 has more than 256 fields; nothing imported"},
		{"a row of 16 M empty fields", head + strings.Repeat(",", mb16-len(head)), "xietong: line 2 has more than 256 fields; nothing imported"},
		{"16 MB in one quoted field", head + `C1,"` + strings.Repeat("x", mb16-len(head)-8) + `",A` + "\n",
			"xietong: line 2 has a field over 4096 bytes (a quote not closed?); nothing imported"},
		{"16 MB in one unquoted field", head + "C1," + strings.Repeat("x", mb16-len(head)-6) + ",A\n",
			"xietong: line 2 has a field over 4096 bytes"},
		{"a quote left open", head + "C1,\"x,A\n" + strings.Repeat("C2,y,A\n", 1000),
			"xietong: line 2 has a field over 4096 bytes (a quote not closed?)"},
		{"over 16 MB", head + strings.Repeat("C1,"+strings.Repeat("x", 1000)+",A\n", mb16/1000), "xietong: the input is over 16 MB; import it in parts"},
		{"257 header fields", strings.Repeat("x,", 256) + "x\n", "xietong: line 1 has more than 256 fields"},
		{"a long line further down", head + "C1,x,A\n\n\"C2\",\"y\",\"A\"\n" + strings.Repeat("C3,", 300) + "\n", "xietong: line 5 has more than 256 fields"},
		{"a long field in a quoted multi-line field", head + "C1,\"a\nb\n" + strings.Repeat("长", 1400) + "\",A\n", "xietong: line 2 has a field over 4096 bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			code, out, errs := w.run(t, uSales, "en", c.in, "customers", "import", "--csv")
			if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, c.err) || len(errs) > 200 {
				t.Fatalf("exit %d, out %q, err %q", code, out, clip(errs))
			}
			if w.m.imports != 0 {
				t.Fatal("imported")
			}
		})
	}
}

// What is allowed right up to the limits still imports: 256 fields of a
// header (the unknown ones named), a field of 4096 bytes, quoted commas and
// line breaks that are not separators.
func TestImportJustWithinLimits(t *testing.T) {
	w := newWorld(t)
	// 256 header fields, unknown ones: refused for the columns, not the count.
	in := "code,name,grade" + strings.Repeat(",x", 253) + "\n"
	code, _, errs := w.run(t, uSales, "en", in, "customers", "import", "--csv")
	if code != 1 || !strings.Contains(errs, `unknown columns: "x", "x", "x", "x", "x", "x", "x", "x" and 245 more; expected columns: code,name`) {
		t.Fatalf("exit %d %q", code, clip(errs))
	}
	// A header cell of 4096 bytes is quoted short.
	in = strings.Repeat("y", 4096) + ",code,name,grade\n"
	code, _, errs = w.run(t, uSales, "en", in, "customers", "import", "--csv")
	if code != 1 || !strings.Contains(errs, `unknown columns: "`+strings.Repeat("y", 31)+`…"; `) || len(errs) > 400 {
		t.Fatalf("exit %d %q", code, clip(errs))
	}
	// A field of 4096 bytes as written, with commas, quotes and line breaks
	// inside, reads as one field (and is then too long a name); one byte
	// more is refused.
	field := `"` + strings.Repeat(`,""`+"\n", 1022) + `,,,,,,"`
	in = "code,name,grade\r\nC1," + field + ",A\r\nC2,ok,B\r\n"
	code, _, errs = w.run(t, uSales, "en", in, "customers", "import", "--csv")
	if code != 1 || !strings.Contains(errs, "line 2: name: must be a single line") || strings.Contains(errs, "bytes") {
		t.Fatalf("exit %d %q", code, clip(errs))
	}
	in = "code,name,grade\r\nC1,\"x" + field[1:] + ",A\r\n"
	code, _, errs = w.run(t, uSales, "en", in, "customers", "import", "--csv")
	if code != 1 || !strings.Contains(errs, "line 2 has a field over 4096 bytes") {
		t.Fatalf("exit %d %q", code, clip(errs))
	}
	// Blank lines before the header are skipped.
	code, out, errs := w.run(t, uSales, "en", "\n \n\uFEFFx\n", "customers", "import", "--csv")
	if code != 1 || !strings.Contains(errs, `unknown columns: "x"`) {
		t.Fatalf("exit %d %q %q", code, out, errs)
	}
	code, out, errs = w.run(t, uSales, "en", "\r\n,,\r\ncode,name,grade\r\nC9,x,A\r\n", "customers", "import", "--csv")
	if code != 0 {
		t.Fatalf("exit %d %q %q", code, out, errs)
	}
}

// A file with many bad rows lists the first twenty by line and counts the
// rest; the error output stays small whatever the file holds.
func TestImportManyBadRows(t *testing.T) {
	w := newWorld(t)
	var b strings.Builder
	b.WriteString("code,name,grade\n")
	for i := range 50_000 {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "C%d,%s,D\n", i, strings.Repeat("名", 1300))
		case 1:
			b.WriteString(strings.Repeat("x,", 255) + "x\n")
		default:
			fmt.Fprintf(&b, "C%d,\"a\"b\",A\n", i)
		}
	}
	code, out, errs := w.run(t, uSales, "en", b.String()[:min(b.Len(), 16<<20)], "customers", "import", "--csv")
	lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
	if code != 1 || out != "" || len(lines) != 22 || len(errs) > 24<<10 {
		t.Fatalf("exit %d, %d lines, %d bytes: %s", code, len(lines), len(errs), clip(errs))
	}
	if !strings.HasPrefix(lines[0], "xietong: ") || !strings.HasPrefix(lines[1], "line 2: ") ||
		!strings.HasPrefix(lines[20], "line 21: ") || !strings.Contains(lines[21], "more bad rows not listed") {
		t.Fatalf("lines: %q", lines[:2])
	}
	t.Logf("%s … %s (%d bytes)", lines[0], lines[21], len(errs))
}

func clip(s string) string {
	if len(s) > 500 {
		return s[:500] + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return s
}
