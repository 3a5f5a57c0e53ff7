package cli

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xietong/model"
)

// fakeMeetings keeps meetings and KPI values in memory: just enough of
// model.MeetingService for the exports (the rest panics).
type fakeMeetings struct {
	model.MeetingService
	mu       sync.Mutex
	meetings map[uint64]*model.Meeting
	kpis     map[model.KPI]model.KPIValue
	asked    []model.Month
}

func (f *fakeMeetings) Meeting(_ context.Context, id uint64) (*model.Meeting, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m := f.meetings[id]; m != nil {
		return m, nil
	}
	return nil, model.NotFound("meeting " + strconv.FormatUint(id, 10))
}

func (f *fakeMeetings) KPI(_ context.Context, k model.KPI, m model.Month, dept model.Department) (model.KPIValue, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, m)
	v, ok := f.kpis[k]
	if !ok {
		return model.KPIValue{KPI: k, Month: m, Dept: dept}, nil // no data
	}
	v.KPI, v.Month = k, m
	return v, nil
}

// meetingWorld is a world with one closed monthly meeting (#7) and KPI
// values for two indicators.
func meetingWorld(t *testing.T) (*world, *fakeMeetings) {
	w := newWorld(t)
	loc := shanghai()
	fm := &fakeMeetings{
		meetings: map[uint64]*model.Meeting{7: {
			ID: 7, Kind: model.MeetingMonthly, Title: "2026年12月 月度营销协同例会", Date: model.NewDate(2026, 12, 3),
			Month:     model.Month{Year: 2026, Month: 11},
			Attendees: []string{"office", "prod", "sales"},
			Items: []model.AgendaItem{
				{Key: "a", Title: "上月产量与计划差异及原因", Notes: "缺包材两天", Done: true},
				{Key: "d", Title: "销售预估准确率", Notes: "line one\nline | two"},
				{Key: "1", Title: "包材到货", Notes: "周五到"},
			},
			Figures: &model.MonthlyFigures{AsOf: time.Date(2026, 12, 3, 11, 30, 0, 0, loc),
				Output:   []model.OutputRow{{Product: "P001", Planned: 800, Actual: 760, Variance: -40}, {Product: "P002", Planned: 500, Actual: 500}},
				Accuracy: model.Accuracy{OK: true, Value: 0.925, Bias: 0.05, Forecast: 1050, Actual: 1000}},
			Decisions: []model.Decision{
				{Text: "补足 P001 包材 | 两天内", Owner: "prod", Due: model.NewDate(2026, 12, 10), ActionID: 31},
				{Text: "Review the forecast with sales", Owner: "sales", Due: model.NewDate(2026, 12, 15), ActionID: 32},
			},
			Closed: time.Date(2026, 12, 3, 11, 30, 0, 0, loc), ClosedBy: "office",
			Addenda: []model.Addendum{{At: time.Date(2026, 12, 4, 9, 0, 0, 0, loc), By: "office", Text: "包材已到"}},
		}},
		kpis: map[model.KPI]model.KPIValue{
			model.KPIForecastAccuracy: {Value: 0.925, OK: true, Num: 925, Den: 1000, Target: &model.KPITarget{KPI: model.KPIForecastAccuracy, Current: 0.8, Target: 0.9}},
			model.KPIOTIF:             {Value: 0.75, OK: true, Num: 3, Den: 4},
		},
	}
	w.svc.Meetings = fm
	return w, fm
}

func openXLSX(t *testing.T, out string) *excelize.File {
	t.Helper()
	if !strings.HasPrefix(out, "PK") {
		t.Fatalf("not a zip: %q", out[:min(len(out), 40)])
	}
	f, err := excelize.OpenReader(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// checkFrozen checks that the header row of a worksheet is frozen.
func checkFrozen(t *testing.T, f *excelize.File, sheet string) {
	t.Helper()
	p, err := f.GetPanes(sheet)
	if err != nil || !p.Freeze || p.YSplit != 1 || p.XSplit != 0 || p.TopLeftCell != "A2" {
		t.Errorf("%s panes %+v %v", sheet, p, err)
	}
}

// checkNumber checks that a cell holds the number want as a number (not as
// text).
func checkNumber(t *testing.T, f *excelize.File, sheet, ref string, want float64) {
	t.Helper()
	raw, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	n, perr := strconv.ParseFloat(raw, 64)
	typ, _ := f.GetCellType(sheet, ref)
	if perr != nil || n != want || (typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) {
		t.Errorf("%s!%s = %q (type %v), want the number %v", sheet, ref, raw, typ, want)
	}
}

// checkFormatted checks a cell's shown value and its number format.
func checkFormatted(t *testing.T, f *excelize.File, sheet, ref, want, numFmt string) {
	t.Helper()
	got, _ := f.GetCellValue(sheet, ref)
	id, _ := f.GetCellStyle(sheet, ref)
	st, err := f.GetStyle(id)
	if err != nil || got != want || st.CustomNumFmt == nil || *st.CustomNumFmt != numFmt {
		t.Errorf("%s!%s shows %q (style %+v %v), want %q as %s", sheet, ref, got, st, err, want, numFmt)
	}
}

func cellText(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCustomersListXLSX(t *testing.T) {
	w := newWorld(t)
	for _, c := range []struct{ lang, a1, d1 string }{{"en", "code", "grade"}, {"zh", "编码", "客户等级"}} {
		code, out, errs := w.run(t, uQA, c.lang, "", "customers", "list", "--xlsx")
		if code != 0 {
			t.Fatalf("%s: %d %s", c.lang, code, errs)
		}
		f := openXLSX(t, out)
		if l := f.GetSheetList(); len(l) != 1 || l[0] != "customers" {
			t.Fatalf("sheets %v", l)
		}
		checkFrozen(t, f, "customers")
		if a1, d1 := cellText(t, f, "customers", "A1"), cellText(t, f, "customers", "D1"); a1 != c.a1 || d1 != c.d1 {
			t.Errorf("%s header %q %q", c.lang, a1, d1)
		}
		if id, _ := f.GetCellStyle("customers", "A1"); id == 0 {
			t.Errorf("header not styled")
		} else if st, _ := f.GetStyle(id); st.Font == nil || !st.Font.Bold {
			t.Errorf("header not bold: %+v", st)
		}
		if v := cellText(t, f, "customers", "B2"); v != "永辉超市华东区" {
			t.Errorf("B2 %q", v)
		}
		rows, _ := f.GetRows("customers")
		if len(rows) != 4 {
			t.Errorf("rows %v", rows)
		}
		if wdt, _ := f.GetColWidth("customers", "B"); wdt < 16 {
			t.Errorf("column B width %v", wdt)
		}
	}

	// An empty list is a header row.
	code, out, errs := w.run(t, uQA, "en", "", "stock", "list", "--xlsx")
	if code != 0 {
		t.Fatal(errs)
	}
	if rows, err := openXLSX(t, out).GetRows("stock"); err != nil || len(rows) != 1 || strings.Join(rows[0], ",") != "product,variant,qty" {
		t.Errorf("empty stock %v %q", err, rows)
	}

	// Numbers are numbers.
	_, out, _ = w.run(t, uQA, "zh", "", "products", "list", "--xlsx")
	f := openXLSX(t, out)
	checkNumber(t, f, "products", "H2", 200)
	checkNumber(t, f, "products", "I3", 500)
	checkNumber(t, f, "products", "J3", 2)
	if v := cellText(t, f, "products", "H1"); v != "经济批量" {
		t.Errorf("H1 %q", v)
	}
}

func TestOrdersListXLSXDates(t *testing.T) {
	w := queueWorld(t)
	code, out, errs := w.run(t, uSales, "en", "", "orders", "list", "--xlsx")
	if code != 0 {
		t.Fatal(errs)
	}
	f := openXLSX(t, out)
	checkFrozen(t, f, "orders")
	// Newest first: SO-20261124-0006 received 2026-11-24 07:00, line P002
	// ×300 wanted 2026-12-20.
	if v := cellText(t, f, "orders", "A2"); v != "SO-20261124-0006" {
		t.Fatalf("A2 %q", v)
	}
	checkNumber(t, f, "orders", "B2", 6)
	checkNumber(t, f, "orders", "M2", 300)
	checkFormatted(t, f, "orders", "N2", "2026-12-20", "yyyy-mm-dd")
	checkFormatted(t, f, "orders", "E2", "2026-11-24 07:00", "yyyy-mm-dd hh:mm")
	// A date is stored as a serial day number.
	checkNumber(t, f, "orders", "N2", 46376)
	if v := cellText(t, f, "orders", "P2"); v != "" {
		t.Errorf("no promised date: %q", v)
	}

	// The queue too.
	code, out, errs = w.run(t, uProd, "zh", "", "queue", "--xlsx")
	if code != 0 {
		t.Fatal(errs)
	}
	f = openXLSX(t, out)
	checkNumber(t, f, "queue", "A2", 1)
	checkFormatted(t, f, "queue", "M2", "2026-12-20", "yyyy-mm-dd")
	if v := cellText(t, f, "queue", "A1"); v != "排名" {
		t.Errorf("queue header %q", v)
	}
	// queue --csv: one row per line, English header.
	_, out, _ = w.run(t, uProd, "zh", "", "queue", "--csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 5 || recs[0][0] != "rank" || recs[1][5] != "C001" || recs[1][16] != "true" {
		t.Errorf("queue csv %v %q", err, recs)
	}
}

func TestFormatsExclusive(t *testing.T) {
	w, _ := meetingWorld(t)
	for _, args := range [][]string{
		{"customers", "list", "--csv", "--xlsx"},
		{"orders", "list", "--json", "--xlsx"},
		{"stock", "list", "--xlsx", "--bom"},
		{"feedback", "list", "--csv", "--xlsx"},
		{"export", "kpi", "2026-11", "--csv", "--xlsx"},
		{"export", "meeting", "7", "--md", "--xlsx"},
	} {
		code, out, errs := w.run(t, uQA, "en", "", args...)
		if code != ExitUsage || out != "" || !strings.HasPrefix(errs, "xietong: ") {
			t.Errorf("%q: exit %d out %q err %q", args, code, out, errs)
		}
	}
	if _, _, errs := w.run(t, uQA, "en", "", "customers", "list", "--csv", "--xlsx"); !strings.Contains(errs, "use only one of --json, --csv and --xlsx") {
		t.Errorf("message %q", errs)
	}
}

func TestExportKPI(t *testing.T) {
	w, fm := meetingWorld(t)
	code, out, errs := w.run(t, uQA, "zh", "", "export", "kpi", "2026-11", "--xlsx")
	if code != 0 {
		t.Fatal(errs)
	}
	f := openXLSX(t, out)
	sh := f.GetSheetList()[0]
	checkFrozen(t, f, sh)
	rows, _ := f.GetRows(sh)
	if len(rows) != 1+len(model.KPIs) {
		t.Fatalf("rows %v", rows)
	}
	for i, want := range []string{"指标代码", "指标", "月份", "数值", "分子", "分母", "目标", "说明"} {
		if rows[0][i] != want {
			t.Errorf("header %d %q want %q", i, rows[0][i], want)
		}
	}
	for i, k := range model.KPIs {
		if rows[i+1][0] != string(k) {
			t.Errorf("row %d kpi %q", i+1, rows[i+1][0])
		}
	}
	// forecast accuracy: 0.925 shown as 92.5%, 925 of 1000, target 90%.
	checkNumber(t, f, sh, "D2", 0.925)
	checkFormatted(t, f, sh, "D2", "92.5%", "0.0%")
	checkNumber(t, f, sh, "E2", 925)
	checkNumber(t, f, sh, "F2", 1000)
	checkNumber(t, f, sh, "G2", 0.9)
	// reply timeliness has no data: an empty value and a note.
	if v, n := cellText(t, f, sh, "D3"), cellText(t, f, sh, "H3"); v != "" || n != "无数据" {
		t.Errorf("no data row %q %q", v, n)
	}
	if len(fm.asked) != len(model.KPIs) || fm.asked[0] != (model.Month{Year: 2026, Month: 11}) {
		t.Errorf("asked %v", fm.asked)
	}

	code, out, errs = w.run(t, uQA, "en", "", "export", "kpi", "2026-11", "--csv")
	if code != 0 {
		t.Fatal(errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 1+len(model.KPIs) || strings.Join(recs[0], ",") != "kpi,kpi_name,month,value,num,den,target,note" ||
		strings.Join(recs[1], ",") != "forecast_accuracy,Forecast accuracy,2026-11,0.925,925,1000,0.9," ||
		strings.Join(recs[2], ",") != "reply_timeliness,Reply timeliness,2026-11,,0,0,,no data" ||
		strings.Join(recs[3], ",") != "otif,On time in full,2026-11,0.75,3,4,," {
		t.Errorf("csv %v:\n%s", err, out)
	}

	if code, _, errs := w.run(t, uQA, "en", "", "export", "kpi", "2026-13", "--csv"); code != ExitError || !strings.HasPrefix(errs, "xietong: ") {
		t.Errorf("bad month %d %q", code, errs)
	}
	w.svc.Meetings = nil
	if code, out, errs := w.run(t, uQA, "en", "", "export", "kpi", "2026-11", "--csv"); code != ExitError || out != "" || !strings.Contains(errs, "not available") {
		t.Errorf("no service %d %q %q", code, out, errs)
	}
}

func TestExportMeetingMarkdown(t *testing.T) {
	w, _ := meetingWorld(t)
	code, out, errs := w.run(t, uProd, "zh", "", "export", "meeting", "7", "--md")
	if code != 0 {
		t.Fatal(errs)
	}
	for _, want := range []string{
		"# 2026年12月 月度营销协同例会\n",
		"- 日期: 2026-12-03\n", "- 类型: 月度营销协同例会\n", "- 回顾月份: 2026-11\n", "- 出席: office, 刘建国, 王丽\n",
		"- 状态: 已于 2026-12-03 11:30 由 office 定稿\n",
		"- 数据: 第 a–d 项数字于 2026-12-03 11:30 会议结束时冻结\n",
		"## 议程\n",
		"### 1. [x] a. 上月产量与计划差异及原因\n",
		"```\n18g 香辣鱼豆腐 计划 800 实际 760 差异 -40\n18g 糖醋味鱼丸 计划 500 实际 500 差异 0\n```\n",
		"**记录:** 缺包材两天\n",
		"### 2. [ ] d. 销售预估准确率\n", "准确率 92.5%，偏差 5.0%（预估 1050，实际发货 1000）",
		"**记录:** line one  \n  line | two\n",
		"### 3. [ ] 1. 包材到货\n",
		"## 决议\n",
		"| 1 | 补足 P001 包材 \\| 两天内 | 刘建国 | 2026-12-10 | #31 |\n",
		"| 2 | Review the forecast with sales | 王丽 | 2026-12-15 | #32 |\n",
		"## 补充\n", "- 2026-12-04 09:00 office: 包材已到\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	// An English reader reads the same minutes in English.
	_, out, _ = w.run(t, uProd, "en", "", "export", "meeting", "#7", "--md")
	for _, want := range []string{
		"# monthly coordination meeting 2026-12\n", "- Kind: monthly coordination meeting\n",
		"### 1. [x] a. last month's output vs plan and variance reasons\n",
		"18g 香辣鱼豆腐 planned 800 actual 760 variance -40\n",
		"accuracy 92.5%, bias 5.0% (forecast 1050, shipped 1000)",
		"figures of items a–d frozen when the meeting closed, 2026-12-03 11:30",
		"## Decisions\n\n| # | Decision | Owner | Due | Action item |\n|---|---|---|---|---|\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("en markdown lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "计划") || strings.Contains(out, "monthly\n") {
		t.Errorf("en markdown shows Chinese figures or the kind's code:\n%s", out)
	}

	if code, _, errs := w.run(t, uProd, "en", "", "export", "meeting", "8", "--md"); code != ExitError || !strings.Contains(errs, "not found") {
		t.Errorf("unknown meeting %d %q", code, errs)
	}
	if code, _, _ := w.run(t, uProd, "en", "", "export", "meeting", "0", "--md"); code != ExitUsage {
		t.Errorf("meeting 0: %d", code)
	}
	w.svc.Meetings = nil
	if code, _, errs := w.run(t, uProd, "zh", "", "export", "meeting", "7", "--md"); code != ExitError || !strings.Contains(errs, "会议与指标服务") {
		t.Errorf("no service %d %q", code, errs)
	}
}

func TestExportMeetingXLSX(t *testing.T) {
	w, _ := meetingWorld(t)
	code, out, errs := w.run(t, uProd, "zh", "", "export", "meeting", "7", "--xlsx")
	if code != 0 {
		t.Fatal(errs)
	}
	f := openXLSX(t, out)
	if l := strings.Join(f.GetSheetList(), ","); l != "meeting,items,decisions,addenda" {
		t.Fatalf("sheets %s", l)
	}
	for _, s := range f.GetSheetList() {
		checkFrozen(t, f, s)
	}
	items, _ := f.GetRows("items")
	if len(items) != 4 || items[0][2] != "标题" || items[1][2] != "上月产量与计划差异及原因" || !strings.Contains(items[1][3], "差异 -40\n18g 糖醋味鱼丸") {
		t.Errorf("items %q", items)
	}
	if typ, _ := f.GetCellType("items", "F2"); typ != excelize.CellTypeBool {
		t.Errorf("done cell type %v", typ)
	}
	decisions, _ := f.GetRows("decisions")
	if len(decisions) != 3 || decisions[1][1] != "补足 P001 包材 | 两天内" || decisions[1][2] != "刘建国" {
		t.Errorf("decisions %q", decisions)
	}
	checkFormatted(t, f, "decisions", "D2", "2026-12-10", "yyyy-mm-dd")
	checkNumber(t, f, "decisions", "E2", 31)
	checkFormatted(t, f, "addenda", "A2", "2026-12-04 09:00", "yyyy-mm-dd hh:mm")
	checkFormatted(t, f, "meeting", "B5", "2026-12-03", "yyyy-mm-dd")
}

// Binary output (a workbook, a backup) is refused on a session's terminal,
// with nothing written to stdout; text formats still print there.
func TestBinaryRefusedOnTerminal(t *testing.T) {
	w, _ := meetingWorld(t)
	admin := &model.User{Login: "admin", Name: "管理员", Dept: model.DeptOffice, Role: model.RoleAdmin}
	backedUp := false
	run := func(user *model.User, lang string, args ...string) (int, string, string) {
		var out, errb strings.Builder
		e := &Env{Svc: w.svc, User: user, Lang: lang, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Terminal: true,
			Backup: func(wr io.Writer) (int64, error) {
				backedUp = true
				n, err := io.WriteString(wr, "DATA")
				return int64(n), err
			}}
		code := Run(context.Background(), e, args)
		return code, out.String(), errb.String()
	}
	for _, c := range []struct {
		user *model.User
		args []string
	}{
		{uQA, []string{"customers", "list", "--xlsx"}},
		{uProd, []string{"queue", "--xlsx"}},
		{uQA, []string{"export", "meeting", "7", "--xlsx"}},
		{uQA, []string{"export", "kpi", "2026-11", "--xlsx"}},
		{admin, []string{"backup"}},
	} {
		for _, lang := range []string{"en", "zh"} {
			code, out, errs := run(c.user, lang, c.args...)
			want := map[string]string{"en": "redirect it to a file", "zh": "重定向到文件"}[lang]
			if code != ExitError || out != "" || !strings.Contains(errs, want) {
				t.Errorf("%s %q on a terminal: exit %d, out %q, err %q", lang, c.args, code, out, errs)
			}
		}
	}
	if backedUp {
		t.Error("backup ran on a terminal")
	}
	if code, out, errs := run(uQA, "en", "customers", "list", "--csv"); code != 0 || !strings.HasPrefix(out, "code,") {
		t.Errorf("csv on a terminal: exit %d out %q err %q", code, out, errs)
	}
}
