package cli

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"xietong/model"
)

// fakeReports keeps daily reports in memory as the store does for
// `reports submit`: drafts carry the planned quantities of a published plan
// (plan), a saved report is never submitted again, a batch is all or none
// and brings the good quantity into the fake stock (the rest of
// model.ShopFloorService panics).
type fakeReports struct {
	model.ShopFloorService
	m      *fakeMaster
	plan   map[string]int64 // planned quantity by variant key, every day, line and shift
	refuse error            // returned by SubmitReports
	mu     sync.Mutex
	saved  map[string]*model.DailyReport
	calls  int
}

func (f *fakeReports) DefectReasons(context.Context) ([]model.DefectReason, error) {
	return model.DefaultDefectReasons, nil
}

func (f *fakeReports) Report(_ context.Context, d model.Date, line string, shift model.Shift) (*model.DailyReport, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r := f.saved[model.ReportKey(d, line, shift)]; r != nil {
		return r, nil
	}
	r := &model.DailyReport{Date: d, Line: line, Shift: shift, Rows: []model.ReportRow{}}
	for k, q := range f.plan {
		p, v := model.SplitVariantKey(k)
		r.Rows = append(r.Rows, model.ReportRow{Product: p, Variant: v, Planned: q})
	}
	return r, nil
}

func (f *fakeReports) Reports(_ context.Context, d model.Date) ([]*model.DailyReport, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*model.DailyReport
	for _, r := range f.saved {
		if r.Date == d {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *model.DailyReport) int { return strings.Compare(a.Key(), b.Key()) })
	return out, nil
}

func (f *fakeReports) SubmitReports(ctx context.Context, by *model.User, reports []*model.DailyReport) ([]*model.DailyReport, error) {
	if err := model.Require(by, model.ActReportSubmit); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.refuse != nil {
		return nil, f.refuse
	}
	for _, r := range reports {
		if f.saved[r.Key()] != nil {
			return nil, model.Errorf(model.ECONFLICT, "err.report_exists", r.Key())
		}
	}
	var out []*model.DailyReport
	for _, r := range reports {
		c := *r
		c.Rows = slices.Clone(r.Rows)
		c.Version, c.SubmittedBy = 1, by.Login
		f.saved[c.Key()] = &c
		for pv, q := range c.GoodQty() {
			if err := f.m.move(pv[0], pv[1], q); err != nil {
				return nil, err
			}
		}
		out = append(out, &c)
	}
	return out, nil
}

func reportsWorld(t *testing.T) (*world, *fakeReports) {
	t.Helper()
	w := newWorld(t)
	f := &fakeReports{m: w.m, plan: map[string]int64{"P001/mark": 800}, saved: map[string]*model.DailyReport{}}
	w.svc.Shop = f
	return w, f
}

var uShop = &model.User{Login: "shop", Name: "赵强", Dept: model.DeptProduction, Role: model.RoleMember}

func TestReportsSubmit(t *testing.T) {
	w, f := reportsWorld(t)
	// Chinese headers as the screen and its workbook say them, a BOM, a
	// variant and a defect reason by name, a planned quantity left to the
	// day's plan; two rows of 1号线's day shift form one report.
	csv := "\uFEFF日期,产线,班次,产品编码,型号,计划,实际,不良,不良原因,停机（分钟）,停机原因,备注\r\n" +
		"2026-11-26,1号线,白班,P001,带一元标示,,780,20,外观不良,15,换模,\r\n" +
		"2026/11/26,1号线,day,P002,,300,310,0,,0,,\"两行\n备注\"\r\n" +
		"2026-11-25,2号线,夜班,P001,plain,100,100,4,D02,,,\r\n"
	code, out, errs := w.run(t, uShop, "zh", csv, "reports", "submit", "--csv")
	if code != ExitOK || errs != "" || out != "已提交 2 份生产日报，共 3 行；良品入库 1166\n" {
		t.Fatalf("exit %d out %q err %q", code, out, errs)
	}
	day := f.saved["2026-11-26|1号线|day"]
	if day == nil || len(day.Rows) != 2 || day.SubmittedBy != "shop" {
		t.Fatalf("day report %+v", day)
	}
	want := []model.ReportRow{
		{Product: "P001", Variant: "mark", Planned: 800, Actual: 780, Defect: 20, DefectReason: "D01", DowntimeMin: 15, DowntimeCause: "换模"},
		{Product: "P002", Planned: 300, Actual: 310, Notes: "两行\n备注"},
	}
	if !slices.Equal(day.Rows, want) {
		t.Fatalf("rows\n%+v\nwant\n%+v", day.Rows, want)
	}
	if night := f.saved["2026-11-25|2号线|night"]; night == nil || night.Rows[0] != (model.ReportRow{Product: "P001", Variant: "plain", Planned: 100, Actual: 100, Defect: 4, DefectReason: "D02"}) {
		t.Fatalf("night report %+v", night)
	}
	for _, c := range []struct {
		p, v string
		n    int64
	}{{"P001", "mark", 760}, {"P002", "", 310}, {"P001", "plain", 96}} {
		if got := w.stockOf(t, c.p, c.v); got != c.n {
			t.Errorf("stock %s/%s %d, want %d", c.p, c.v, got, c.n)
		}
	}
	// reports show --csv names shifts, variants and defect reasons, and
	// reads back as another line's report.
	_, shown, _ := w.run(t, uShop, "zh", "", "reports", "show", "2026-11-26", "--csv")
	if !strings.Contains(shown, "2026-11-26,1号线,白班,P001,带一元标示,800,780,20,外观不良,15,换模,") {
		t.Fatalf("reports show --csv:\n%s", shown)
	}
	if code, out, errs := w.run(t, uShop, "zh", strings.ReplaceAll(shown, "1号线", "5号线"), "reports", "submit", "--csv"); code != ExitOK {
		t.Fatalf("round trip: exit %d out %q err %q", code, out, errs)
	}
	if r := f.saved["2026-11-26|5号线|day"]; r == nil || r.Rows[0].Variant != "mark" || r.Rows[0].DefectReason != "D01" {
		t.Fatalf("round trip report %+v", r)
	}
	// English names, the ones the brief of a gateway uses included; the
	// output of `reports show --csv` has the same columns.
	csv = "date,line,shift,product,variant,planned,actual,defect,defect reason,downtime,cause\n" +
		"2026-11-26,3号线,night shift,P002,,0,50,1,D04,30,停电\n"
	if code, out, errs := w.run(t, uShop, "en", csv, "reports", "submit", "--csv"); code != ExitOK || out != "submitted 1 daily report(s), 1 row(s); 49 good units into stock\n" {
		t.Fatalf("exit %d out %q err %q", code, out, errs)
	}
	if r := f.saved["2026-11-26|3号线|night"]; r == nil || r.Rows[0].DowntimeMin != 30 || r.Rows[0].DowntimeCause != "停电" || r.Rows[0].DefectReason != "D04" {
		t.Fatalf("report %+v", r)
	}
}

// Every row is checked first; one bad row refuses the lot with each bad
// row named by its line, exit 2, and nothing reaches the service.
func TestReportsSubmitRefuses(t *testing.T) {
	w, f := reportsWorld(t)
	f.saved["2026-11-25|1号线|day"] = &model.DailyReport{Date: model.NewDate(2026, 11, 25), Line: "1号线", Shift: model.ShiftDay,
		SubmittedBy: "shop", Submitted: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), Meta: model.Meta{Version: 1}}
	head := "date,line,shift,product,variant,planned,actual,defect,defect_reason,downtime_min,downtime_cause\n"
	good := "2026-11-26,1号线,day,P001,mark,800,780,20,D01,0,\n"
	for _, c := range []struct {
		lang, row, want string
	}{
		{"en", "2026-11-26,1号线,day,P009,,,10,,,,", "line 3: product: no product with code P009"},
		{"en", "2026-11-26,1号线,day,P001,gold,,10,,,,", "line 3: variant: gold is not a variant of P001"},
		{"zh", "2026-11-26,1号线,evening,P002,,,10,,,,", "第 3 行：shift：班次应为白班（day）或夜班（night）"},
		{"en", "2026-02-30,1号线,day,P002,,,10,,,,", "line 3: date: no such date: 2026-02-30"},
		{"en", "2026-11-27,1号线,day,P002,,,10,,,,", "line 3: date: cannot be after today (2026-11-26)"},
		{"en", "2026-11-26,,day,P002,,,10,,,,", "line 3: line: required"},
		{"en", "2026-11-26,1号线,day,P002,,,5,6,D01,,", "line 3: defect: defects may not exceed the actual output (5)"},
		{"en", "2026-11-26,1号线,day,P002,,,5,1,,,", "line 3: defect_reason: a defect needs"},
		{"zh", "2026-11-26,1号线,day,P002,,,5,1,D42,,", "第 3 行：defect_reason：不良原因列表中没有 D42（可用：D01 外观不良, D02 重量不足"},
		{"en", "2026-11-26,1号线,day,P002,,,5,,,30,", "line 3: downtime_cause: required"},
		{"en", "2026-11-26,1号线,day,P002,,,5,,,2000,x", "line 3: downtime_min: a whole number from 0 to 1440"},
		{"en", "2026-11-26,1号线,day,P002,,,-3,,,,", "line 3: actual: a whole number from 0 to 10000000"},
		{"en", "2026-11-26,1号线,day,P002,,,,,,,", "line 3: actual: required"},
		{"en", "2026-11-26,1号线,day,P002,,x,5,,,,", "line 3: planned: a whole number"},
		{"en", "2026-11-26,1号线,白班,P001,带一元标示,,10,,,,", "line 3: product: same report, product and variant as line 2"},
		{"en", "2026-11-25,1号线,day,P002,,,10,,,,", "line 3: the report of 2026-11-25 1号线 day shift was submitted by shop at 2026-11-25 18:00: a report is submitted once"},
		{"zh", "2026-11-25,1号线,白班,P002,,,10,,,,", "第 3 行：2026-11-25 1号线 白班 的日报已由 shop 于 2026-11-25 18:00 提交"},
		{"en", "2026-11-26,1号线,day,P002,,,10,,,", "line 3: has 10 fields, the header has 11"},
	} {
		code, out, errs := w.run(t, uShop, c.lang, head+good+c.row+"\n", "reports", "submit", "--csv")
		lines := strings.Split(strings.TrimSpace(errs), "\n")
		if code != ExitUsage || out != "" || len(lines) != 2 || !strings.HasPrefix(lines[0], "xietong: ") || !strings.Contains(lines[1], c.want) {
			t.Errorf("%s: exit %d out %q err %q", c.row, code, out, errs)
		}
	}
	// Several bad rows: each named, in line order, after the summary.
	csv := head + "2026-11-26,1号线,day,P009,,,10,,,,\n" + good + "2026-11-26,1号线,day,P002,,,5,6,D01,,\n"
	code, _, errs := w.run(t, uShop, "en", csv, "reports", "submit", "--csv")
	if code != ExitUsage || !strings.HasPrefix(errs, "xietong: 2 bad row(s), nothing imported\nline 2: product: ") || !strings.Contains(errs, "\nline 4: defect: ") {
		t.Errorf("two bad rows: exit %d err %q", code, errs)
	}
	// The header, no --csv, no rows: exit 2 too.
	for _, c := range []struct{ stdin, flag, want string }{
		{"date,line,shift,product\n2026-11-26,1号线,day,P002\n", "--csv", "missing columns: actual"},
		{"date,line,shift,product,actual,speed\n", "--csv", `unknown columns: "speed"`},
		{head, "--csv", "a header but no rows"},
		{"", "--csv", "no input"},
		{head + good, "", "add --csv"},
	} {
		args := []string{"reports", "submit"}
		if c.flag != "" {
			args = append(args, c.flag)
		}
		if code, out, errs := w.run(t, uShop, "en", c.stdin, args...); code != ExitUsage || out != "" || !strings.Contains(errs, c.want) {
			t.Errorf("%q: exit %d out %q err %q", c.want, code, out, errs)
		}
	}
	// Someone without the right: refused as on the screen, exit 1.
	if code, _, errs := w.run(t, uSales, "en", head+good, "reports", "submit", "--csv"); code != ExitError || !strings.Contains(errs, "only production staff may submit") {
		t.Errorf("sales: exit %d err %q", code, errs)
	}
	if f.calls != 0 || len(f.saved) != 1 || w.stockOf(t, "P001", "mark") != 0 {
		t.Fatalf("a refused submit reached the service: %d calls, %d reports, stock %d", f.calls, len(f.saved), w.stockOf(t, "P001", "mark"))
	}
	// A refusal by the service names the line of the row it means.
	f.refuse = &model.Error{Code: model.EINVALID, Text: model.T("err.import_rows", 1),
		Fields: map[string]model.Text{"row 2.rows.2.actual": model.T("val.qty_max", model.MaxQty)}}
	csv = head + good + "2026-11-26,2号线,day,P001,,,1,,,,\n2026-11-26,2号线,day,P002,,,1,,,,\n"
	code, _, errs = w.run(t, uShop, "en", csv, "reports", "submit", "--csv")
	if code != ExitUsage || !strings.Contains(errs, "\nline 4: actual: at most 10000000") {
		t.Errorf("the service's refusal: exit %d err %q", code, errs)
	}
}
