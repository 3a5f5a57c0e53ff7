package cli

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"xietong/model"
)

// FuzzImportCSV feeds any bytes to the four imports. Whatever comes in:
// no panic; a refusal (exit 1) never reaches the service; what reaches the
// service passes the model's own validation; every stderr line is one safe
// line, the first naming the program.
func FuzzImportCSV(f *testing.F) {
	f.Add(uint8(0), "code,name,region,grade\nC010,盒马鲜生,华东,A\n")
	f.Add(uint8(0), "\uFEFF客户编码,客户名称,等级\r\nC011,\"a,\"\"b\"\"\nc\",b\r\n,,\r\n")
	f.Add(uint8(1), "code,name,unit,variants,default_variant,economic_batch,daily_capacity,lead_time_days\nX,n,件,mark:带;plain:无,,10,20,1\n")
	f.Add(uint8(1), "产品编码,产品名称,单位,型号,经济批量,日产能,生产准备期（工作日）\nX,n,件,a：b；c,１０,2,0\n")
	f.Add(uint8(2), "product,variant,qty\nP001,mark,0\nP002,,5\n")
	f.Add(uint8(2), "product,qty\nP001,1\nP001\n\"P002,1\n")
	f.Add(uint8(3), "order_ref,customer,received_at,product,qty,requested_date\nA,C001,2026-11-25 10:00,P001,5,2026-12-01\nA,,,P002,1,2026-12-02\n")
	f.Add(uint8(3), "订单号,客户编码,产品编码,型号,数量,要求交期\nA,C002,P001,plain,1e9,2026-02-30\nB,C404,P001,,\x00,2026-12-01\n")
	f.Add(uint8(3), "")
	f.Add(uint8(0), "code,name,grade\n\xff\xfe,x,A\n")
	cmds := [][]string{{"customers", "import", "--csv"}, {"products", "import", "--csv"}, {"stock", "import", "--csv"}, {"orders", "import", "--csv"}}
	users := []*model.User{uSales, uProd, uStore, uSales}
	f.Fuzz(func(t *testing.T, kind uint8, data string) {
		k := int(kind) % len(cmds)
		w := newWorld(t)
		code, out, errs := w.run(t, users[k], "en", data, cmds[k]...)
		imports := w.m.imports + w.o.imports
		switch code {
		case 0:
			if imports != 1 || !strings.HasPrefix(out, "imported ") || errs != "" {
				t.Fatalf("success: imports %d out %q err %q", imports, out, errs)
			}
		case 1:
			if imports != 0 {
				t.Fatalf("refused but imported: %q", errs)
			}
			if !strings.HasPrefix(errs, "xietong: ") || out != "" {
				t.Fatalf("refusal output: %q %q", out, errs)
			}
		default:
			t.Fatalf("exit %d: %s", code, errs)
		}
		for _, l := range strings.Split(strings.TrimSuffix(errs, "\n"), "\n") {
			if !utf8.ValidString(l) || hasControl(l) {
				t.Fatalf("unsafe stderr line %q", l)
			}
		}
		if k == 3 && code == 0 {
			today := w.svc.Calendar.DateOf(w.svc.Clock.Now())
			lookup := func(c string) *model.Product { p, _ := w.m.Product(context.Background(), c); return p }
			for _, o := range w.o.imported {
				if err := model.ValidateOrder(o, today, lookup); err != nil {
					t.Fatalf("imported an invalid order %+v: %v", o, err)
				}
			}
		}
		if k == 2 && code == 0 {
			for _, s := range w.m.stocks {
				if err := s.Validate(); err != nil {
					t.Fatalf("stock %+v: %v", s, err)
				}
			}
		}
	})
}

// FuzzReportsSubmit feeds any bytes to `reports submit --csv`: no panic;
// bad input exits 2 and never reaches the service; what reaches it passes
// the model's own validation; every stderr line is one safe line.
func FuzzReportsSubmit(f *testing.F) {
	f.Add("date,line,shift,product,variant,planned,actual,defect,defect_reason,downtime_min,downtime_cause\n2026-11-26,1号线,day,P001,mark,,780,20,D01,0,\n")
	f.Add("\uFEFF日期,产线,班次,产品编码,型号,实际,不良,不良原因,停机,原因,备注\r\n2026/11/26,1号线,白班,P001,带一元标示,１０,1,外观不良,5,换模,\"a\nb\"\r\n")
	f.Add("date,line,shift,product,actual\n2026-11-26,a|b,night shift,P002,5\n2026-11-26,,evening,P009,-1\n")
	f.Add("date,line,shift,product,actual\n2026-11-26,1号线,day,P002,5\n2026-11-26,1号线,day,P002,6\n")
	f.Fuzz(func(t *testing.T, data string) {
		w, fr := reportsWorld(t)
		code, out, errs := w.run(t, uShop, "en", data, "reports", "submit", "--csv")
		switch code {
		case 0:
			if fr.calls != 1 || !strings.HasPrefix(out, "submitted ") || errs != "" {
				t.Fatalf("success: calls %d out %q err %q", fr.calls, out, errs)
			}
			lookup := func(c string) *model.Product { p, _ := w.m.Product(context.Background(), c); return p }
			for _, r := range fr.saved {
				if err := r.Validate(lookup, model.DefaultDefectReasons); err != nil {
					t.Fatalf("submitted an invalid report %+v: %v", r, err)
				}
			}
		case 2:
			if fr.calls != 0 || out != "" || !strings.HasPrefix(errs, "xietong: ") {
				t.Fatalf("refusal: calls %d out %q err %q", fr.calls, out, errs)
			}
		default:
			t.Fatalf("exit %d: %s", code, errs)
		}
		for _, l := range strings.Split(strings.TrimSuffix(errs, "\n"), "\n") {
			if !utf8.ValidString(l) || hasControl(l) {
				t.Fatalf("unsafe stderr line %q", l)
			}
		}
	})
}

// FuzzShip feeds any line, quantity and date to `ship`: no panic; it ships
// (exit 0) or refuses with one safe line (exit 2) and then changes nothing.
func FuzzShip(f *testing.F) {
	f.Add("SO-20261126-0001/1", "120", "2026-11-26")
	f.Add("2", "１２", "2026/11/25")
	f.Add("SO-20261126-0001/9", "-5", "2026-02-30")
	f.Add("/", "1e9", "")
	f.Fuzz(func(t *testing.T, line, qty, date string) {
		w, o := shipWorld(t)
		args := []string{"ship", line, qty}
		if date != "" {
			args = append(args, "--date="+date)
		}
		code, out, errs := w.run(t, uStore, "en", "", args...)
		_, l, _ := w.o.Line(context.Background(), o.Lines[0].ID)
		switch code {
		case 0:
			if errs != "" || strings.Count(out, "\n") != 1 || l.ShippedQty+w.stockOf(t, "P001", "mark") != 300 {
				t.Fatalf("shipped: out %q err %q, line %+v", out, errs, l)
			}
		case 2:
			if out != "" || strings.Count(errs, "\n") != 1 || !utf8.ValidString(errs) || hasControl(strings.TrimSuffix(errs, "\n")) ||
				l.ShippedQty != 0 || w.stockOf(t, "P001", "mark") != 300 {
				t.Fatalf("refused: out %q err %q, line %+v", out, errs, l)
			}
		default:
			t.Fatalf("exit %d: %s", code, errs)
		}
	})
}

// hasControl reports a character of the text rule's set in s.
func hasControl(s string) bool { return strings.ContainsFunc(s, model.IsControl) }

// FuzzCSVReader drives the streaming CSV reader of the imports with any
// header and a body repeated up to 4095 times (so that the caps are
// reached): no panic; every row it yields has the header's number of
// fields, at most maxImportCols, each at most maxFieldBytes; at most
// maxImportRows rows; at most maxShownRows bad rows kept; it never reads
// more than maxImportBytes and a buffer's worth from standard input; every
// error is one line of at most maxErrLine characters.
func FuzzCSVReader(f *testing.F) {
	f.Add("code,name,region,grade\n", "C1,x,华东,A\n", uint16(3))
	f.Add("\uFEFFcode,name,grade\r\n", "C1,\"a,\"\"b\"\"\nc\",A\r\n", uint16(2))
	f.Add("code,name,grade\n", ",", uint16(4095))
	f.Add("", ",", uint16(300))
	f.Add("code,name,grade\nC1,\"", "xxxxxxxx", uint16(600))
	f.Add("code,name,grade\n", "C1,\"a\"b\",A\n", uint16(40))
	f.Add("code,name,grade\n", "x,y\n", uint16(100))
	f.Add("code,name,grade\n", "\n\"\n", uint16(10))
	f.Add("code,name,grade\n", "C1,\xff,A\n", uint16(1))
	f.Add("code,name,grade\n", "C1,'=SUM(A1),A\n", uint16(1))
	f.Fuzz(func(t *testing.T, head, body string, n uint16) {
		in := &countingReader{r: strings.NewReader(head + strings.Repeat(body, int(n%4096)))}
		c, err := openCSV(&Env{Stdin: in}, customerCols)
		check := func(err error) {
			if err == nil {
				return
			}
			msg := message(err, "en")
			if line := errLine(msg); utf8.RuneCountInString(line) > maxErrLine || hasControl(line) {
				t.Fatalf("error line %q", line)
			}
			var re *rowsError
			if errors.As(err, &re) && (len(re.rows) > maxShownRows || len(re.details("en")) > maxShownRows+1) {
				t.Fatalf("%d bad rows kept", len(re.rows))
			}
		}
		if err != nil {
			check(err)
			return
		}
		if len(c.t.header) > maxImportCols {
			t.Fatalf("a header of %d fields", len(c.t.header))
		}
		ch := newChecker(c.t)
		rows := 0
		for r := range c.rows(ch) {
			ch.row(r.line)
			ch.text(r, "code", "name")
			ch.ok()
			rows++
			if len(r.rec) != len(c.t.header) {
				t.Fatalf("line %d: %d fields, header %d", r.line, len(r.rec), len(c.t.header))
			}
			for _, x := range r.rec {
				if len(x) > maxFieldBytes {
					t.Fatalf("line %d: a field of %d bytes", r.line, len(x))
				}
			}
		}
		if rows > maxImportRows {
			t.Fatalf("%d rows", rows)
		}
		if in.n > maxImportBytes+2*4096 {
			t.Fatalf("read %d bytes", in.n)
		}
		check(c.done())
		check(ch.err())
	})
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}
