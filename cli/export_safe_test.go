package cli

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"xietong/model"
)

// A text cell a spreadsheet would take for a formula gets a leading "'";
// one that already begins with "'" before such a character gets another;
// numbers, dates and percentages are written as they are, so a negative
// number stays a number.
func TestCSVCellsNeutralised(t *testing.T) {
	sh := &sheet{cols: []string{"a", "b"}}
	sh.add(txt("=SUM(A1)"), num(-5))
	sh.add(txt("-5 pcs"), pctCell(-0.25, true))
	sh.add(txt("+86 138"), txt("@user"))
	sh.add(txt("\tx"), txt("\rx"))
	sh.add(txt("'=x"), txt("''-y"))
	sh.add(txt("'plain"), txt("a=b"))
	sh.add(txt(""), dateCell(model.NewDate(2026, 12, 1)))
	want := [][]string{
		{"'=SUM(A1)", "-5"},
		{"'-5 pcs", "-0.25"},
		{"'+86 138", "'@user"},
		{"'\tx", "'\rx"},
		{"''=x", "'''-y"},
		{"'plain", "a=b"},
		{"", "2026-12-01"},
	}
	got := sh.csvTexts()
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("row %d col %d: %q, want %q", i, j, got[i][j], want[i][j])
			}
		}
	}
	for _, s := range []string{"=SUM(A1)", "-5 pcs", "'=x", "''-y", "'plain", "a=b", "", "'", "''", "-", "'-"} {
		if back := unneutralise(neutralise(s)); back != s {
			t.Errorf("%q comes back as %q", s, back)
		}
	}
}

// Customers named like formulas are exported neutralised and import back
// unchanged; so does a daily report whose remark and downtime cause begin
// with "-" and "=" (reports show --csv reads back through reports submit).
func TestCSVExportRoundTrip(t *testing.T) {
	w, f := reportsWorld(t)
	names := map[string]string{"C001": "=SUM(A1)", "C002": "-5 pcs", "C003": "@cmd|' /C calc'!A0"}
	for code, name := range names {
		c := w.customer(t, code)
		c.Name = name
		if _, err := w.m.SaveCustomer(t.Context(), uSales, c); err != nil {
			t.Fatal(err)
		}
	}
	_, out, _ := w.run(t, uQA, "en", "", "customers", "list", "--csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		if want := names[r[0]]; want != "" && r[1] != "'"+want {
			t.Errorf("%s exported as %q", r[0], r[1])
		}
	}
	code, res, errs := w.run(t, uSales, "en", out, "customers", "import", "--csv")
	if code != 0 {
		t.Fatalf("re-import: %d %q %q", code, res, errs)
	}
	for code, name := range names {
		if c := w.customer(t, code); c.Name != name {
			t.Errorf("%s came back as %q, want %q", code, c.Name, name)
		}
	}

	in := "date,line,shift,product,variant,planned,actual,defect,defect_reason,downtime_min,downtime_cause,notes\n" +
		"2026-11-26,1号线,day,P002,,300,310,0,,5,\"=HYPERLINK(\"\"x\"\")\",-5 pcs\n"
	if code, out, errs := w.run(t, uShop, "en", in, "reports", "submit", "--csv"); code != ExitOK {
		t.Fatalf("submit: %d %q %q", code, out, errs)
	}
	_, shown, _ := w.run(t, uShop, "en", "", "reports", "show", "2026-11-26", "--csv")
	if !strings.Contains(shown, `,300,310,0,,5,"'=HYPERLINK(""x"")",'-5 pcs`) {
		t.Fatalf("reports show --csv:\n%s", shown)
	}
	if code, out, errs := w.run(t, uShop, "en", strings.ReplaceAll(shown, "1号线", "5号线"), "reports", "submit", "--csv"); code != ExitOK {
		t.Fatalf("round trip: %d %q %q", code, out, errs)
	}
	r := f.saved["2026-11-26|5号线|day"]
	if r == nil || r.Rows[0].Notes != "-5 pcs" || r.Rows[0].DowntimeCause != `=HYPERLINK("x")` {
		t.Fatalf("round trip report %+v", r)
	}
}

// JSON output escapes every character of the text rule: C0 (encoding/json
// does), DEL, C1, the bidi controls, the separators and U+FEFF; the rest
// of the text, CJK and a zero-width joiner included, is written as it is.
func TestJSONEscapesControls(t *testing.T) {
	name := "a\x1b[2J\x7f\u009b31m\u0085\u202ecba\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u2028\ufeff鱼\u200d豆"
	data := escapeJSON([]byte(`{"name": "` + name + `"}`))
	for _, r := range string(data) {
		if r >= 0x7f && model.IsControl(r) {
			t.Fatalf("raw %U in %q", r, data)
		}
	}
	for _, esc := range []string{`\u007f`, `\u009b`, `\u0085`, `\u202e`, `\u2066`, `\u2069`, `\u200e`, `\u061c`, `\u2028`, `\ufeff`} {
		if !strings.Contains(string(data), esc) {
			t.Errorf("no %s in %s", esc, data)
		}
	}
	if !strings.Contains(string(data), "鱼\u200d豆") {
		t.Errorf("text changed: %s", data)
	}

	// A name stored before the text rule refused such characters.
	w := newWorld(t)
	const stored = "x\u009by\u202ez"
	w.m.customers[0].Name = stored
	_, out, _ := w.run(t, uQA, "en", "", "customers", "list", "--json")
	if strings.ContainsFunc(out, func(r rune) bool { return r != '\n' && model.IsControl(r) }) || !strings.Contains(out, `"x\u009by\u202ez"`) {
		t.Fatalf("json: %s", out)
	}
	var list []model.Customer
	if err := json.Unmarshal([]byte(out), &list); err != nil || list[0].Name != stored {
		t.Fatalf("json does not read back: %v %+v", err, list)
	}
}
