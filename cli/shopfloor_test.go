package cli

import (
	"context"
	"strings"
	"testing"

	"xietong/model"
)

// fakeShop holds shop-floor lists in memory: just enough of
// model.ShopFloorService for the list commands (the rest panics).
type fakeShop struct {
	model.ShopFloorService
	output []model.OutputRow
}

func (f *fakeShop) Reports(context.Context, model.Date) ([]*model.DailyReport, error) {
	return nil, nil
}
func (f *fakeShop) MonthlyOutput(context.Context, model.Month) ([]model.OutputRow, error) {
	return f.output, nil
}
func (f *fakeShop) Anomalies(context.Context, bool) ([]*model.Anomaly, error)  { return nil, nil }
func (f *fakeShop) Feedbacks(context.Context, bool) ([]*model.Feedback, error) { return nil, nil }

func TestShopFloorLists(t *testing.T) {
	w := newWorld(t)
	shop := &fakeShop{}
	w.svc.Shop = shop
	// Empty lists are [] in JSON, never null.
	for _, args := range [][]string{
		{"reports", "show", "2026-11-25", "--json"}, {"reports", "month", "2026-11", "--json"},
		{"anomalies", "list", "--json"}, {"feedback", "list", "--json"},
	} {
		if code, out, errs := w.run(t, uQA, "en", "", args...); code != 0 || strings.TrimSpace(out) != "[]" {
			t.Errorf("%q: exit %d out %q err %q", args, code, out, errs)
		}
	}
	// Tables name their columns in the reader's language.
	shop.output = []model.OutputRow{{Product: "P001", Planned: 800, Actual: 760, Variance: -40, Downtime: 30}}
	_, out, _ := w.run(t, uQA, "zh", "", "reports", "month", "2026-11")
	if !strings.Contains(out, "停机（分钟）") || strings.Contains(out, "downtime_min") || !strings.Contains(out, "P001") {
		t.Errorf("zh table:\n%s", out)
	}
	_, out, _ = w.run(t, uQA, "en", "", "reports", "month", "2026-11")
	if !strings.HasPrefix(out, "product  planned") {
		t.Errorf("en table:\n%s", out)
	}
	_, out, _ = w.run(t, uQA, "zh", "", "anomalies", "list")
	if !strings.Contains(out, "严重程度") || strings.Contains(out, "severity") {
		t.Errorf("zh anomalies header:\n%s", out)
	}
}

func TestAnomalyFileFlags(t *testing.T) {
	w := newWorld(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--severity", "7"}, "severity must be 1, 2 or 3"},
		{[]string{"--severity", "x"}, "severity must be 1, 2 or 3"},
		{[]string{"--severity", "1", "--delay", "366"}, "from 0 to 365"},
	} {
		args := append([]string{"anomaly", "file", "--category", "equipment", "--text", "停机"}, c.args...)
		if code, out, errs := w.run(t, uQA, "en", "", args...); code != ExitUsage || out != "" || !strings.Contains(errs, c.want) {
			t.Errorf("%q: exit %d out %q err %q", c.args, code, out, errs)
		}
	}
	// Full-width digits, as typed with a Chinese input method, are read.
	p, err := parseArgs([]string{"--category", "equipment", "--severity", "２", "--delay", "１０", "--text", "停机"}, flagSpec{"category": false, "severity": false, "text": false, "delay": false})
	if err != nil {
		t.Fatal(err)
	}
	if a, err := anomalyFromFlags(p); err != nil || a.Severity != 2 || a.DelayDays != 10 {
		t.Errorf("full-width: %+v %v", a, err)
	}
}

func TestDeadlinesDateOrMonth(t *testing.T) {
	w := newWorld(t)
	code, out, errs := w.run(t, uQA, "en", "", "deadlines", "--date", "2026-11-26", "--month", "2026-11")
	if code != ExitUsage || out != "" || !strings.Contains(errs, "only one of --date and --month") {
		t.Errorf("exit %d out %q err %q", code, out, errs)
	}
	_, _, errs = w.run(t, uQA, "zh", "", "deadlines", "--month", "2026-11", "--date", "2026-11-26")
	if !strings.Contains(errs, "--date 与 --month 只能选一个") {
		t.Errorf("zh: %q", errs)
	}
}
