package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

func TestImportCustomers(t *testing.T) {
	cases := []struct {
		name    string
		lang    string
		in      string
		code    int
		imports int      // Import calls expected
		out     string   // in stdout
		errs    []string // each in stderr, in this order
		check   func(t *testing.T, w *world)
	}{
		{name: "english header", lang: "en",
			in:   "code,name,region,grade\nC010,盒马鲜生,华东,a\nC011,\"Walmart, South\",华南,B\n",
			code: 0, imports: 1, out: "imported 2 rows",
			check: func(t *testing.T, w *world) {
				if c := w.customer(t, "C010"); c.Grade != model.GradeA || c.Name != "盒马鲜生" {
					t.Errorf("C010 = %+v", c)
				}
				if c := w.customer(t, "C011"); c.Name != "Walmart, South" {
					t.Errorf("quoted comma: %+v", c)
				}
			}},
		{name: "chinese header, BOM, CRLF, any order, update by code", lang: "zh",
			in:   "\uFEFF等级,客户名称,客户编码,区域\r\nB,华润万家,C001,华南\r\n",
			code: 0, imports: 1, out: "已导入 1 行",
			check: func(t *testing.T, w *world) {
				if c := w.customer(t, "C001"); c.Name != "华润万家" || c.Region != "华南" || c.Grade != model.GradeB {
					t.Errorf("C001 = %+v", c)
				}
			}},
		{name: "header decorations", lang: "en",
			in: "Code*, Name ,REGION,Grade（A/B/C）\nC012,物美超市,华北,C\n", code: 0, imports: 1},
		{name: "region optional", lang: "en", in: "code,name,grade\nC013,重百超市,B\n", code: 0, imports: 1},
		{name: "blank rows skipped", lang: "en", in: "code,name,grade\n,,\nC014,x,A\n , , \n", code: 0, imports: 1, out: "imported 1 rows"},
		{name: "quoted newline in a name", lang: "en",
			in: "code,name,grade\nC015,\"two\nlines\",A\nC016,ok,A\n", code: 1,
			errs: []string{"xietong: 1 bad row(s), nothing imported", "line 2: name: must be a single line"}},
		{name: "unknown and missing columns", lang: "en",
			in: "code,name,tier,phone\nC017,x,A,1\n", code: 1,
			errs: []string{`xietong: line 1 (header): unknown columns: "tier", "phone"; missing columns: grade; expected columns: code,name,[region],grade (or 客户编码,客户名称,[区域],等级)`}},
		{name: "column twice", lang: "en",
			in: "code,客户编码,name,grade\nC017,C017,x,A\n", code: 1, errs: []string{"columns given twice: 客户编码"}},
		{name: "empty input", lang: "en", in: "", code: 1, errs: []string{"xietong: no input"}},
		{name: "only blank lines", lang: "en", in: "\r\n\n  \n", code: 1, errs: []string{"xietong: no input"}},
		{name: "header only", lang: "zh", in: "客户编码,客户名称,等级\r\n", code: 1, errs: []string{"xietong: 只有表头没有数据行"}},
		{name: "wrong number of fields", lang: "en",
			in: "code,name,grade\nC018,x,A\nC019,y\nC020,z,A,extra\n", code: 1,
			errs: []string{"xietong: 2 bad row(s)", "line 3: has 2 fields, the header has 3", "line 4: has 4 fields, the header has 3"}},
		{name: "bare quote", lang: "en", in: "code,name,grade\nC021,a\"b,A\nC022,ok,A\n", code: 1,
			errs: []string{"line 2: a \" in an unquoted field"}},
		{name: "unclosed quote", lang: "en", in: "code,name,grade\nC021,\"abc,A\nC022,ok,A\n", code: 1,
			errs: []string{"line 2: a quoted field is not closed"}},
		{name: "many problems in one row, every bad row", lang: "en",
			in: "code,name,region,grade\nbad code,,华东,D\nC023,ok,,B\nC024," + strings.Repeat("长", 101) + ",,A\n", code: 1,
			errs: []string{"xietong: 2 bad row(s), nothing imported",
				"line 2: code: letters, digits and - _ . only, up to 32 characters; name: required; grade: the grade must be A, B or C",
				"line 4: name: at most 100 characters (has 101)"}},
		{name: "duplicate code", lang: "en", in: "code,name,grade\nC025,a,A\nC025,b,B\n", code: 1,
			errs: []string{"line 3: code: same as line 2"}},
		{name: "control characters", lang: "en", in: "code,name,grade\nC026,a\x1b[31mred,A\nC027,\u202eevil,A\nC028,tab\there,A\n", code: 1,
			errs: []string{"3 bad row(s)", "line 2: name: contains U+001B, a control", "line 3: name: contains U+202E", "line 4: name: contains U+0009"}},
		{name: "not UTF-8 (a GBK export)", lang: "zh", in: "code,name,grade\nC029,\xc1\xaa\xbb\xaa,A\n", code: 1,
			errs: []string{"xietong: 第 2 行不是 UTF-8 文本"}},
		{name: "store refuses", lang: "en", in: "code,name,grade\nC030,x,A\n", code: 1, imports: 1,
			errs: []string{"xietong: customer C030 not found"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			if c.name == "store refuses" {
				w.m.refuse = model.NotFound("customer C030")
			}
			before, _ := w.m.Customers(context.Background())
			code, out, errs := w.run(t, uSales, c.lang, c.in, "customers", "import", "--csv")
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, c.code, out, errs)
			}
			if w.m.imports != c.imports {
				t.Errorf("Import called %d times, want %d", w.m.imports, c.imports)
			}
			if c.out != "" && !strings.Contains(out, c.out) {
				t.Errorf("stdout %q lacks %q", out, c.out)
			}
			inOrder(t, errs, c.errs)
			if c.code != 0 && c.imports == 0 {
				after, _ := w.m.Customers(context.Background())
				if len(after) != len(before) {
					t.Errorf("something imported")
				}
			}
			if c.check != nil {
				c.check(t, w)
			}
		})
	}
}

// inOrder checks that each of want appears in text, each after the one before.
func inOrder(t *testing.T, text string, want []string) {
	t.Helper()
	rest := text
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Errorf("want %q (in this order) in\n%s", w, text)
			return
		}
		rest = rest[i+len(w):]
	}
}

func TestImportNeedsCSVAndRights(t *testing.T) {
	w := newWorld(t)
	if code, _, errs := w.run(t, uSales, "en", "code,name,grade\nC9,x,A\n", "customers", "import"); code != ExitUsage || !strings.Contains(errs, "add --csv") {
		t.Errorf("without --csv: %d %q", code, errs)
	}
	if code, _, errs := w.run(t, uQA, "en", "code,name,grade\nC9,x,A\n", "customers", "import", "--csv"); code != ExitError || !strings.Contains(errs, "only sales staff") {
		t.Errorf("qa import: %d %q", code, errs)
	}
	if code, _, errs := w.run(t, uSales, "en", "product,qty\nP001,1\n", "stock", "import", "--csv"); code != ExitError || !strings.Contains(errs, "only production staff") {
		t.Errorf("sales stock import: %d %q", code, errs)
	}
	if w.m.imports != 0 {
		t.Errorf("imports %d", w.m.imports)
	}
}

func TestImportProducts(t *testing.T) {
	w := newWorld(t)
	in := "产品编码,产品名称,规格,单位,系列,型号,默认型号,经济批量,日产能,生产准备期（工作日）\n" +
		"GR-YW,果然有鱼（原味）,25g×120袋/件,件,果然有鱼,mark:带一元标示；plain：无一元标示,plain,１００,600,1\n" +
		"GR-XL,果然有鱼（香辣）,25g×120袋/件,件,果然有鱼,mark:带一元标示;plain:无一元标示,带一元标示,100,600,0\n" +
		"GR-SK,果然有鱼（烧烤）,,件,,,,100,600,2\n"
	code, out, errs := w.run(t, uProd, "zh", in, "products", "import", "--csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "已导入 3 行") {
		t.Errorf("stdout %q", out)
	}
	p, _ := w.m.Product(context.Background(), "GR-YW")
	if len(p.Variants) != 2 || p.Variants[1] != (model.Variant{Code: "plain", Name: "无一元标示"}) || p.DefaultVariant != "plain" || p.EconomicBatch != 100 || p.LeadTimeDays != 1 {
		t.Errorf("GR-YW = %+v", p)
	}
	if p, _ := w.m.Product(context.Background(), "GR-XL"); p.DefaultVariant != "mark" || p.LeadTimeDays != 0 || p.Family != "果然有鱼" {
		t.Errorf("GR-XL default by name, family = %+v", p)
	}
	if p, _ := w.m.Product(context.Background(), "GR-SK"); p.Family != "" {
		t.Errorf("GR-SK family = %q", p.Family)
	}

	bad := "code,name,unit,variants,default_variant,economic_batch,daily_capacity,lead_time_days\n" +
		"X1,a,件,mark:m,other,0,1e9,400\n" +
		"X2,b,件,a:x;a:y,,abc,-5,1.5\n" +
		"X3,c,,,,10,10,1\n"
	code, _, errs = w.run(t, uProd, "en", bad, "products", "import", "--csv")
	want := []string{
		"xietong: 3 bad row(s), nothing imported",
		"line 2: default_variant: the default must be one of the variants (empty when there are none); economic_batch: must be greater than 0; daily_capacity: a whole number, e.g. 120 (no decimals, signs or 1e9 notation); lead_time_days: a whole number from 0 to 365",
		"line 3: variants: variant listed twice: a; economic_batch: a whole number, e.g. 120 (no decimals, signs or 1e9 notation); daily_capacity: must be greater than 0; lead_time_days: a whole number from 0 to 365",
		"line 4: unit: required",
	}
	if code != 1 || strings.TrimRight(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("exit %d stderr:\n%s\nwant:\n%s", code, errs, strings.Join(want, "\n"))
	}
}

func TestImportStock(t *testing.T) {
	w := newWorld(t)
	in := "product,variant,qty\nP001,mark,320\nP001,plain,0\nP002,,１５\n"
	code, out, errs := w.run(t, uStore, "en", in, "stock", "import", "--csv", "--reason", "11 月盘点")
	if code != 0 || !strings.Contains(out, "imported 3 rows") {
		t.Fatalf("exit %d %q %q", code, out, errs)
	}
	if w.m.reason != "11 月盘点" {
		t.Errorf("reason %q", w.m.reason)
	}
	if s, _ := w.m.Stock(context.Background(), "P002", ""); s.Qty != 15 {
		t.Errorf("P002 = %+v", s)
	}
	// The default reason; an empty variant is the product's default.
	code, _, errs = w.run(t, uStore, "zh", "产品编码,数量\nP001,7\n", "stock", "import", "--csv")
	if code != 0 || w.m.reason != "CSV import" {
		t.Fatalf("exit %d %q reason %q", code, errs, w.m.reason)
	}
	if s, _ := w.m.Stock(context.Background(), "P001", "mark"); s.Qty != 7 {
		t.Errorf("P001/mark = %+v", s)
	}

	bad := "product,variant,qty\nP404,,1\nP001,gold,1\nP001,,-1\nP001,mark,2\nP002,,10000001\n"
	code, _, errs = w.run(t, uStore, "en", bad, "stock", "import", "--csv")
	want := []string{
		"xietong: 5 bad row(s), nothing imported",
		"line 2: product: no product with code P404",
		"line 3: variant: gold is not a variant of P001",
		"line 4: qty: a whole number from 0 to 10000000",
		"line 5: product: same as line 4",
		"line 6: qty: a whole number from 0 to 10000000",
	}
	if code != 1 || strings.TrimRight(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("exit %d stderr:\n%s", code, errs)
	}
	if code, _, errs := w.run(t, uStore, "en", "product,qty\nP001,1\n", "stock", "import", "--csv", "--reason", " "); code != ExitUsage || !strings.Contains(errs, "reason: required") {
		t.Errorf("blank reason: %d %q", code, errs)
	}
}

// ordersCSV builds n rows of orders, two lines per order_ref.
func ordersCSV(n int, bad map[int]string) string {
	var b strings.Builder
	b.WriteString("order_ref,customer,received_at,channel,owner,remarks,product,variant,qty,requested_date\r\n")
	for i := 0; i < n; i++ {
		qty := fmt.Sprint(10 + i)
		if q, ok := bad[i+2]; ok { // keyed by file line
			qty = q
		}
		fmt.Fprintf(&b, "K3-%04d,C00%d,2026-11-25 10:%02d,K3,sales,\"备注, 第 %d 单\",P001,plain,%s,2026-12-%02d\r\n",
			i/2, 1+i/2%3, i/2%60, i/2, qty, 1+i%28)
	}
	return b.String()
}

func TestImportOrdersAllOrNothing(t *testing.T) {
	w := newWorld(t)
	// 1,000 rows, line 501 bad: nothing imported and the line named.
	in := ordersCSV(1000, map[int]string{501: "abc"})
	start := time.Now()
	code, out, errs := w.run(t, uSales, "en", in, "orders", "import", "--csv")
	if code != 1 || out != "" {
		t.Fatalf("exit %d stdout %q", code, out)
	}
	want := "xietong: 1 bad row(s), nothing imported\nline 501: qty: a whole number, e.g. 120 (no decimals, signs or 1e9 notation)\n"
	if errs != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", errs, want)
	}
	if w.o.imports != 0 || len(w.o.orders) != 0 {
		t.Errorf("imported %d", w.o.imports)
	}
	// The same file fixed imports in one call.
	code, out, errs = w.run(t, uSales, "en", ordersCSV(1000, nil), "orders", "import", "--csv")
	if code != 0 || out != "imported 1000 rows as 500 orders\n" {
		t.Fatalf("exit %d %q %q", code, out, errs)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Logf("slow: %v", d)
	}
	if w.o.imports != 1 || len(w.o.imported) != 500 {
		t.Fatalf("imports %d orders %d", w.o.imports, len(w.o.imported))
	}
	o := w.o.imported[0]
	if len(o.Lines) != 2 || o.Channel != "K3" || o.Owner != "sales" || o.Remarks != "备注, 第 0 单" || o.CustomerGrade != model.GradeA {
		t.Errorf("first order %+v", o)
	}
	if got := o.ReceivedAt.In(shanghai()).Format("2006-01-02 15:04"); got != "2026-11-25 10:00" {
		t.Errorf("received %s", got)
	}
	l := o.Lines[1]
	if l.Status != model.LineSubmitted || l.LineNo != 2 || l.Qty != 11 || l.Variant != "plain" || l.RequestedDate != model.NewDate(2026, 12, 2) || len(l.History) != 2 {
		t.Errorf("line %+v", l)
	}
}

func TestImportOrdersRows(t *testing.T) {
	head := "订单号,客户编码,接单时间,备注,产品编码,型号,数量,要求交期\n"
	cases := []struct {
		name string
		in   string
		code int
		errs []string
		out  string
	}{
		{name: "chinese header, defaults", in: head + "A1,C002,,,P002,,５０,2026/12/1\nA1,,,,P001,,20,2026-12-03\nA2,C003,2026-11-26,急,P001,plain,1,2026-11-26\n",
			out: "已导入 3 行，共 2 张订单"},
		{name: "bad quantities and dates", in: head +
			"A1,C001,,,P001,,abc,2026-12-01\n" +
			"A1,C001,,,P001,,0,2026-12-01\n" +
			"A1,C001,,,P001,,-5,2026-12-01\n" +
			"A1,C001,,,P001,,1e9,2026-12-01\n" +
			"A1,C001,,,P001,,20000000,2026-12-01\n" +
			"A1,C001,,,P001,,1,2026-11-25\n" +
			"A1,C001,,,P001,,1,2026-02-30\n" +
			"A1,C001,,,P404,gold,1,\n",
			code: 1, errs: []string{
				"xietong: 8 行有误，未导入任何数据",
				"第 2 行：数量：请输入正整数",
				"第 3 行：数量：数量必须大于 0",
				"第 4 行：数量：数量必须大于 0",
				"第 5 行：数量：请输入正整数",
				"第 6 行：数量：数量不能超过 10000000",
				"第 7 行：要求交期：不能早于今天（2026-11-26）",
				"第 8 行：要求交期：没有这一天：2026-02-30",
				"第 9 行：产品编码：没有产品编码 P404；要求交期：必填",
			}},
		{name: "header values of one order must agree", in: head +
			"A1,C001,2026-11-25 08:00,x,P001,,1,2026-12-01\n" +
			"A1,,2026-11-25 08:00,,P001,,1,2026-12-01\n" +
			"A1,C002,2026-11-25 9:00,y,P001,,1,2026-12-01\n",
			code: 1, errs: []string{"1 行有误", "第 4 行：客户编码：与同一订单的第 2 行不同（同一订单号的各行应相同或留空）；接单时间：与同一订单的第 2 行不同"}},
		{name: "unknown customer, future and bad times, long remarks", in: head +
			"A1,C404,,,P001,,1,2026-12-01\n" +
			"A2,C001,2026-11-27,,P001,,1,2026-12-01\n" +
			"A3,C001,2026-11-25 25:00,,P001,,1,2026-12-01\n" +
			"A4,C001,,\"" + strings.Repeat("很", 501) + "\",P001,,1,2026-12-01\n" +
			",C001,,,P001,,1,2026-12-01\n",
			code: 1, errs: []string{"5 行有误",
				"第 2 行：客户编码：没有客户编码 C404",
				"第 3 行：接单时间：不能晚于现在（2026-11-26 09:00）",
				"第 4 行：接单时间：时间格式应为",
				"第 5 行：备注：最多 500 个字符（现有 501 个）",
				"第 6 行：订单号：必填"}},
		{name: "unknown owner", in: "order_ref,customer,owner,product,qty,requested_date\nA1,C001,nobody,P001,1,2026-12-01\nA2,C001,Bad Login,P001,1,2026-12-01\n",
			code: 1, errs: []string{"2 行有误", "第 2 行：owner：账号 nobody 不存在", "第 3 行：owner：只能"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			code, out, errs := w.run(t, uSales, "zh", c.in, "orders", "import", "--csv")
			if code != c.code {
				t.Fatalf("exit %d want %d\n%s%s", code, c.code, out, errs)
			}
			if !strings.Contains(out, c.out) {
				t.Errorf("stdout %q", out)
			}
			lines := strings.Split(strings.TrimRight(errs, "\n"), "\n")
			for i, want := range c.errs {
				if i >= len(lines) || !strings.Contains(lines[i], want) {
					t.Errorf("stderr line %d: want %q in\n%s", i+1, want, errs)
				}
			}
			if len(c.errs) > 0 && len(lines) != len(c.errs) {
				t.Errorf("stderr has %d lines, want %d:\n%s", len(lines), len(c.errs), errs)
			}
			if c.code != 0 && w.o.imports != 0 {
				t.Errorf("imported")
			}
		})
	}
}

func TestImportTooMany(t *testing.T) {
	w := newWorld(t)
	var b strings.Builder
	b.WriteString("product,qty\n")
	for i := 0; i <= maxImportRows; i++ {
		b.WriteString("P002,1\n")
	}
	code, _, errs := w.run(t, uStore, "en", b.String(), "stock", "import", "--csv")
	if code != 1 || !strings.Contains(errs, "more than 50000 rows") || strings.Count(errs, "\n") != 1 {
		t.Errorf("exit %d %q", code, errs[:min(len(errs), 300)])
	}
}

func TestNormHeader(t *testing.T) {
	for in, want := range map[string]string{
		" Default Variant ": "default_variant", "lead-time_days": "lead_time_days", "数量(件)": "数量",
		"生产准备期（工作日）": "生产准备期", "客户编码*": "客户编码", "\uFEFFcode": "code", "(x)": "(x)",
	} {
		if got := normHeader(in); got != want {
			t.Errorf("normHeader(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseReceived(t *testing.T) {
	ok := map[string]string{
		"2026-11-25":           "2026-11-25 00:00:00",
		"2026/11/25 9:05":      "2026-11-25 09:05:00",
		"2026-11-25T09:05:07":  "2026-11-25 09:05:07",
		"2026-11-25T01:05:07Z": "2026-11-25 09:05:07",
		"２０２６－１１－２５ 10：00":     "2026-11-25 10:00:00",
		"2026-11-26 09:00":     "2026-11-26 09:00:00",
	}
	for in, want := range ok {
		got, err := parseReceived(in, testNow)
		if err != nil || got.In(shanghai()).Format("2006-01-02 15:04:05") != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	for _, in := range []string{"2026-11-26 09:02", "2026-11-25 24:00", "2026-11-25 9", "2026-11-25 9:5:5:5", "yesterday", "2026-11-25 +9:00", "2026-11-25 10:00 x"} {
		if _, err := parseReceived(in, testNow); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestImportOrdersNumbers(t *testing.T) {
	w := newWorld(t)
	// Without order_ref, order_no groups the rows and is kept.
	in := "单据编号,客户编码,产品编码,数量,要求交期\nXSDD-001,C001,P001,5,2026-12-01\nXSDD-001,C001,P002,6,2026-12-02\nXSDD-002,C002,P001,7,2026-12-03\n"
	code, out, errs := w.run(t, uSales, "en", in, "orders", "import", "--csv")
	if code != 0 || out != "imported 3 rows as 2 orders\n" {
		t.Fatalf("%d %q %q", code, out, errs)
	}
	if o := w.o.imported[0]; o.No != "XSDD-001" || len(o.Lines) != 2 {
		t.Errorf("first %+v", o)
	}
	bad := "order_ref,order_no,customer,product,qty,requested_date\n" +
		"1,12345,C001,P001,5,2026-12-01\n" +
		"2,XS 1,C001,P001,5,2026-12-01\n" +
		"3,XS-9,C001,P001,5,2026-12-01\n" +
		"4,XS-9,C001,P001,5,2026-12-01\n" +
		"3,XS-8,C001,P001,5,2026-12-01\n"
	code, _, errs = w.run(t, uSales, "en", bad, "orders", "import", "--csv")
	want := "xietong: 4 bad row(s), nothing imported\n" +
		"line 2: order_no: cannot be all digits (it would read as an order id)\n" +
		"line 3: order_no: letters, digits and - _ . only, up to 32 characters\n" +
		"line 5: order_no: same as line 4\n" +
		"line 6: order_no: differs from line 4 of the same order (repeat it or leave it empty)\n"
	if code != 1 || errs != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", errs, want)
	}
	if code, _, errs := w.run(t, uSales, "en", "customer,product,qty,requested_date\nC001,P001,1,2026-12-01\n", "orders", "import", "--csv"); code != 1 || !strings.Contains(errs, "missing columns: order_ref") {
		t.Errorf("no grouping column: %d %q", code, errs)
	}
}

// A refusal by the store names rows by position; the command reports
// them by file line and column like its own checks.
func TestImportStoreRefusalByLine(t *testing.T) {
	w := newWorld(t)
	w.o.refuse = &model.Error{Code: model.EINVALID, Text: model.T("err.invalid"), Fields: map[string]model.Text{
		"row 2.no":          model.T("val.order_no_taken", "XS-2"),
		"row 1.lines.2.qty": model.T("val.qty_max", 5),
		"row 1.customer":    model.T("err.not_found", "C001"),
	}}
	in := "order_ref,order_no,customer,product,qty,requested_date\n" +
		"a,XS-1,C001,P001,5,2026-12-01\n" +
		"b,XS-2,C002,P001,5,2026-12-01\n" +
		"a,,,P002,6,2026-12-01\n"
	code, _, errs := w.run(t, uSales, "en", in, "orders", "import", "--csv")
	want := "xietong: 3 bad row(s), nothing imported\n" +
		"line 2: customer: C001 not found\n" +
		"line 3: order_no: order number XS-2 already exists\n" +
		"line 4: qty: at most 5\n"
	if code != 1 || errs != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", errs, want)
	}
	// Any other refusal is printed as it is.
	w.o.refuse = model.Errorf(model.EFORBIDDEN, "err.forbidden.order.edit")
	if code, _, errs := w.run(t, uSales, "en", in, "orders", "import", "--csv"); code != 1 || errs != "xietong: only sales staff may enter, edit, change or cancel orders\n" {
		t.Errorf("forbidden: %d %q", code, errs)
	}
	w.m.refuse = &model.Error{Code: model.EINVALID, Text: model.T("err.invalid"), Fields: map[string]model.Text{"row 2.lead_time": model.T("val.lead_time", 365)}}
	prod := "code,name,unit,economic_batch,daily_capacity,lead_time_days\nA,a,件,1,1,1\n\nB,b,件,1,1,1\n"
	if code, _, errs := w.run(t, uProd, "en", prod, "products", "import", "--csv"); code != 1 || errs != "xietong: 1 bad row(s), nothing imported\nline 4: lead_time_days: from 0 to 365 days\n" {
		t.Errorf("products: %d %q", code, errs)
	}
}
