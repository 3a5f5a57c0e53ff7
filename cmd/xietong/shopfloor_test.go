package main

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// answeredLine sends an order for c and has prod answer it with promised.
func (f *fixture) answeredLine(c *model.Customer, promised model.Date) (*model.Order, *model.OrderLine) {
	t := f.ts.t
	t.Helper()
	ctx := context.Background()
	svc := f.ts.m.Svc
	for !svc.Calendar.IsWorkingDay(promised) {
		promised = promised.AddDays(1) // a promise falls on a working day
	}
	o := f.sentOrder(c, 50, 8)
	prod := f.user("prod")
	_, l, err := svc.Orders.UpdateLine(ctx, prod, o.Lines[0].ID, o.Lines[0].Version+2, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
		return l.Answer(prod, svc.Clock.Now(), svc.Calendar, promised)
	})
	if err != nil {
		// The version after review and send is not always +2; read it.
		_, cur, rerr := svc.Orders.Line(ctx, o.Lines[0].ID)
		if rerr != nil {
			t.Fatal(rerr)
		}
		_, l, err = svc.Orders.UpdateLine(ctx, prod, cur.ID, cur.Version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
			return l.Answer(prod, svc.Clock.Now(), svc.Calendar, promised)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return o, l
}

// The anomaly alert chain (docs/DOMAIN.md#shop-floor): shop files a
// severity-1 equipment anomaly with a 2-day delay; the open sales session
// shows the alert within a second and the lines promised inside the delay
// show at risk; prod acknowledges (response time recorded); resolving clears
// the marks.
func TestAnomalyAlertChain(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	inside, inLine := f.answeredLine(f.b, f.today.AddDays(1)) // the next working day
	outside, outLine := f.answeredLine(f.a, inLine.PromisedDate.AddDays(5))
	delay := strconv.Itoa(f.today.DaysUntil(inLine.PromisedDate)) // reaches the inside line, not the outside one

	sales := f.ts.open("sales", 110, 34, "")
	sales.waitText("今天需要你处理的事")
	sales.send("2")
	sales.waitText(inside.No+"/1", outside.No+"/1")

	shop := f.ts.open("shop", 110, 34, "")
	shop.waitText("今天需要你处理的事")
	shop.send("3", kTab, kTab)
	shop.waitText("异常报告")
	shop.send("n")
	shop.waitText("提交异常报告")
	// category: equipment is preselected; severity: pick 1.
	shop.send(kTab, " ", kTab, "2 号线灌装机主轴断裂，停机抢修", kTab, "T-FISH", kTab, "\x15", delay, kCtrlS)
	shop.waitText("可能受影响的订单行 1 条")
	shop.send(kCtrlS)
	shop.waitText("已提交，1 个订单行标为交期风险")

	took := sales.within(live, "the anomaly alert in sales", func(s string) bool {
		return strings.Contains(s, "（设备，1 级）：2 号线灌装机主轴断裂")
	})
	t.Logf("the anomaly reached the sales session after %v", took)
	sales.waitFor("the line at risk in the list", func(s string) bool {
		return lineWith(s, inside.No+"/1", "交期风险") && !lineWith(s, outside.No+"/1", "交期风险")
	})
	sales.mu.Lock()
	bell := strings.Contains(sales.raw.String(), "\a")
	sales.mu.Unlock()
	if !bell {
		t.Error("a severity-1 anomaly did not ring the bell")
	}

	prod := f.ts.open("prod", 110, 34, "")
	prod.waitText("今天需要你处理的事")
	prod.send("3", kTab, kTab)
	prod.waitText("主轴断裂")
	prod.send(kEnter)
	prod.waitText("a 确认")
	// Production answers seven minutes after the anomaly was filed.
	f.ts.m.Clock.Set(f.ts.m.Clock.Now().Add(7 * time.Minute))
	prod.send("a")
	prod.waitText("已确认，响应用时 7分钟")
	list, err := f.ts.m.Svc.Shop.Anomalies(ctx, true)
	if err != nil || len(list) != 1 || list[0].AckAt.IsZero() || list[0].AckBy != "prod" {
		t.Fatalf("anomalies = %+v %v", list, err)
	}
	if d, ok := list[0].ResponseTime(); !ok || d != 7*time.Minute {
		t.Fatalf("response time %v %v", d, ok)
	}

	prod.send("r")
	prod.waitText("解决异常")
	prod.send("主轴更换完毕", kTab, "\x15", "1", kCtrlS)
	prod.waitText("已解决，1 个订单行的交期风险已解除")
	_, l, _ := f.ts.m.Svc.Orders.Line(ctx, inLine.ID)
	if l.Status != model.LineAnswered || l.AnomalyID != 0 {
		t.Fatalf("line after resolve: %s anomaly %d", l.Status, l.AnomalyID)
	}
	_, l2, _ := f.ts.m.Svc.Orders.Line(ctx, outLine.ID)
	if l2.Status != model.LineAnswered {
		t.Fatalf("line outside the delay changed: %s", l2.Status)
	}
	sales.waitFor("risk cleared in the list", func(s string) bool { return lineWith(s, inside.No+"/1", "已答复") })
}

// anomaly file over exec: a bad severity or empty text exits non-zero with
// one line and stores nothing; a good one is stored.
func TestAnomalyFileExec(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	before, err := ts.m.Svc.Shop.Anomalies(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{
		"anomaly file --category equipment --severity 7 --text 停机",
		"anomaly file --category equipment --severity 1 --text ''",
		"anomaly file --category weather --severity 1 --text 停机",
		"anomaly file --category equipment --severity x --text 停机",
	} {
		r := ts.exec("shop", c)
		if r.code == 0 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || r.stderr == "" {
			t.Errorf("%s: %+v", c, r)
		}
	}
	if list, _ := ts.m.Svc.Shop.Anomalies(context.Background(), false); len(list) != len(before) {
		t.Fatalf("%d anomalies stored by refused commands", len(list)-len(before))
	}
	r := ts.exec("shop", "anomaly file --category material --severity 2 --text '包材未到' --delay 1")
	if r.code != 0 {
		t.Fatalf("good anomaly: %+v", r)
	}
	if r := ts.exec("sales", "anomalies list --open --json"); r.code != 0 || !strings.Contains(r.stdout, "包材未到") {
		t.Fatalf("list: %+v", r)
	}
}

// The daily report: five lines typed by keys only; a connection dropped
// mid-form leaves no half-saved report.
func TestDailyReportKeysOnlyAndDrop(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	shop := f.ts.open("shop", 120, 34, "")
	shop.waitText("今天需要你处理的事")
	shop.send("3", kTab)
	shop.waitText("生产日报")
	shop.send("n")
	shop.waitText("填报")
	shop.send(kCtrlS) // line 1号线, day shift
	shop.waitText("1号线")
	products := []string{"T-FISH", "T-FISH", "YDF-XL18", "YW-TC18", "GRYY-YW"}
	// Variants typed by code or by name.
	variants := []string{"mark", "无标示", "mark", "带一元标示", "mark"}
	for i := range products {
		shop.send("\x0e") // ctrl+n: a new row, cursor on its product
		// product, variant, actual (the plan column is skipped), and on the
		// first row one defect with its reason.
		shop.send(products[i], kTab, variants[i], kTab, "10"+string(rune('0'+i)), kTab)
		if i == 0 {
			shop.send("1", kTab, " ")
		}
	}
	shop.send(kCtrlS)
	// No plan asked for the unmarked packaging: the report warns of it.
	shop.waitText("生产日报已提交", "注意：测试鱼豆腐 无标示 生产了 101")
	reports, err := f.ts.m.Svc.Shop.Reports(ctx, f.today)
	if err != nil || len(reports) != 1 || len(reports[0].Rows) != 5 || reports[0].Rows[4].Actual != 104 ||
		reports[0].Rows[1].Variant != "plain" || reports[0].Rows[3].Variant != "mark" {
		t.Fatalf("reports = %+v %v", reports, err)
	}

	// A second supervisor types half a report and drops the connection.
	other := f.ts.open("shop", 120, 34, "")
	other.waitText("今天需要你处理的事")
	other.send("3", kTab, "n")
	other.waitText("填报")
	other.send("\x15", "2号线", kCtrlS)
	other.waitText("2号线")
	other.send("\x0e", "T-FISH", kTab, "mark", kTab, kTab, "77")
	other.waitText("77")
	other.close()
	waitUntil(t, "the dropped session to end", func() bool { return f.ts.m.Server.Sessions() == 1 })
	reports, _ = f.ts.m.Svc.Shop.Reports(ctx, f.today)
	if len(reports) != 1 {
		t.Fatalf("a dropped form left %d reports", len(reports))
	}
}

// Customer feedback: sales files it, QA hears of it live, responds and
// closes it with root cause and corrective action.
func TestFeedbackLifecycle(t *testing.T) {
	f := newFixture(t)
	qa := f.ts.open("qa", 110, 34, "")
	qa.waitText("今天需要你处理的事")
	sales := f.ts.open("sales", 110, 34, "")
	sales.waitText("今天需要你处理的事")
	sales.send("3", kTab, kTab, kRight, "n")
	sales.waitText("客户质量反馈 / 现场服务申请")
	sales.send("T-B", kTab, "T-FISH", kTab, "20261120", kTab, "部分袋子封口开裂", kTab, "\x15", "12", kTab, " ", kCtrlS)
	sales.waitText("已提交，", "前需响应")
	qa.within(live, "feedback alert in QA", func(s string) bool { return strings.Contains(s, "新的客户反馈") })
	qa.send("3", kTab, kTab, kRight)
	qa.waitText("T-FISH")
	qa.send(kEnter)
	qa.waitText("r 答复")
	qa.send("r", "已安排复检同批次留样", kCtrlS)
	qa.waitText("已答复")
	qa.send("c", "封口温度偏低", kTab, "调整封口机温控并加严巡检", kCtrlS)
	qa.waitText("已关闭")
	list, err := f.ts.m.Svc.Shop.Feedbacks(context.Background(), false)
	if err != nil || len(list) != 1 || list[0].Status != model.FeedbackClosed || len(list[0].Responses) != 1 || !list[0].OnTime() {
		t.Fatalf("feedback = %+v %v", list, err)
	}
}

// Sixty severity-1 anomalies from one account in a burst: every alert
// reaches sales, but the bell rings once a minute per filer, not sixty
// times.
func TestSeverityOneBellThrottled(t *testing.T) {
	ts := startServer(t, Config{Demo: true, StillClock: true})
	sales := ts.open("sales", 110, 34, "")
	sales.waitText("今天需要你处理的事")
	// BEL also ends OSC sequences (the window title, the background
	// query): those are not bells.
	osc := regexp.MustCompile("\x1b\\][^\a\x1b]*\a")
	bells := func() int {
		sales.mu.Lock()
		defer sales.mu.Unlock()
		return strings.Count(osc.ReplaceAllString(sales.raw.String(), ""), "\a")
	}
	for i := range 5 {
		if r := ts.exec("shop", fmt.Sprintf("anomaly file --category equipment --severity 1 --text '停机 %d'", i)); r.code != 0 {
			t.Fatalf("anomaly %d: %+v", i, r)
		}
		sales.waitText(fmt.Sprintf("停机 %d", i))
	}
	waitUntil(t, "one bell for five anomalies within a minute", func() bool { return bells() >= 1 })
	// Another filer rings at once; the first one again after a minute.
	if r := ts.exec("qa", "anomaly file --category quality --severity 1 --text '异物'"); r.code != 0 {
		t.Fatalf("qa anomaly: %+v", r)
	}
	sales.waitText("异物")
	waitUntil(t, "the second filer's bell", func() bool { return bells() >= 2 })
	if n := bells(); n != 2 {
		t.Fatalf("%d bells for five anomalies of one filer and one of another, want 2", n)
	}
	ts.m.Clock.Set(ts.m.Clock.Now().Add(61 * time.Second))
	if r := ts.exec("shop", "anomaly file --category equipment --severity 1 --text '停机 again'"); r.code != 0 {
		t.Fatalf("anomaly: %+v", r)
	}
	sales.waitText("停机 again")
	waitUntil(t, "the first filer's bell a minute later", func() bool { return bells() >= 3 })
	if n := bells(); n != 3 {
		t.Fatalf("%d bells, want 3 (shop, qa, shop a minute later)", n)
	}
}
