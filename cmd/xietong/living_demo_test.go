package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"xietong/model"
)

// A fresh demo over SSH, seeded by the server itself (which logs how long
// it took), shows its months of history on every screen: the KPI board
// last month's indicators with figures, the accuracy chart three months,
// the deadline board items late and missing beside those on time, the
// meeting held last month its frozen figures and this month's meeting
// last month's figures.
func TestLivingDemoOnScreen(t *testing.T) {
	var logged lockedBuffer
	ts := startServerWith(t, Config{Demo: true}, slog.New(slog.NewTextHandler(&logged, nil)), demoSeeding)
	log := logged.String()
	if !strings.Contains(log, `msg="demo factory seeded"`) || !strings.Contains(log, " took=") {
		t.Fatalf("no seed line in the log:\n%s", log)
	}
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, "demo factory seeded") {
			t.Log(l)
		}
	}
	ctx, svc := context.Background(), ts.m.Svc
	today := svc.Calendar.DateOf(svc.Clock.Now())
	month := model.MonthOf(today)
	last := month.AddMonths(-1)

	// The KPI board, last month: every indicator as the service computes
	// it, all but the service response timeliness with data.
	office := ts.open("office", 130, 40, "")
	office.waitText("今天需要你处理的事")
	office.send("5", kRight)
	office.waitText(month.String() + " 指标")
	// This month's forecast accuracy opens to its formula, its source and,
	// while the month runs, how the forecast was prorated.
	cur, err := svc.Meetings.KPI(ctx, model.KPIForecastAccuracy, month, "")
	if err != nil {
		t.Fatal(err)
	}
	office.send(kEnter)
	want := []string{"1 − Σ|预估 − 实际发货| ÷ Σ实际发货", "来源：4 计划 › 预估准确率"}
	if cur.OK && cur.Prorated != nil {
		want = append(want, cur.Prorated.Text(model.LangZH))
	}
	office.waitText(want...)
	office.send(kEnter)
	office.send("[")
	screen := office.waitText(last.String() + " 指标")
	for _, k := range model.KPIs {
		v, err := svc.Meetings.KPI(ctx, k, last, "")
		if err != nil {
			t.Fatal(err)
		}
		if !v.OK { // every indicator of the manual has a value on the living demo
			t.Errorf("%s of %s: no data", k, last)
			continue
		}
		want := fmt.Sprintf("%.1f%%", v.Value*100)
		if !lineWith(screen, kpiNames[k], want) {
			t.Errorf("%s: want %s on its line:\n%s", k, want, screen)
		}
	}

	// The deadline board: a late shortfall table of last month and a
	// missing production plan of the history, each in its month.
	items, err := svc.Planning.Deadlines(ctx, month.AddMonths(-3).First(), today)
	if err != nil {
		t.Fatal(err)
	}
	var late, missing *model.DueItem
	for i, it := range items {
		switch {
		case late == nil && it.Kind == model.DueShortfall && it.State == model.DueLate && model.MonthOf(model.DueDay(svc.Calendar, it.Due)) == last:
			late = &items[i]
		case missing == nil && it.State == model.DueMissing:
			missing = &items[i]
		}
	}
	if late == nil || missing == nil {
		t.Fatalf("no late shortfall last month or no missing item: %v %v", late, missing)
	}
	office.send("\x1b[D", "t") // left: the deadlines tab, t: the month
	office.waitText(month.String() + " 月度期限")
	shown := month
	find := func(it *model.DueItem, kind, state string) {
		t.Helper()
		for m := model.MonthOf(model.DueDay(svc.Calendar, it.Due)); shown != m; shown = shown.AddMonths(-1) {
			office.send("[")
			office.waitText(shown.AddMonths(-1).String() + " 月度期限")
		}
		office.send("/")
		office.send(it.Ref, kEnter)
		office.waitFor(it.Ref, func(s string) bool { return lineWith(s, kind, it.Ref, state) })
		office.send(kEsc)
	}
	find(late, "差额表", "迟交")
	find(missing, map[model.DueKind]string{model.DuePlan: "生产计划", model.DueShortfall: "差额表"}[missing.Kind], "未交")

	// The accuracy chart of the planning screen ends last month: three
	// months of bars, each month's accuracy under it in turn.
	sales := ts.open("sales", 120, 40, "")
	sales.waitText("今天需要你处理的事")
	sales.send("4", "\x1b[1;5D") // ctrl+left: the accuracy tab
	for i := 1; i <= 3; i++ {
		m := month.AddMonths(-i)
		acc, err := svc.Planning.ForecastAccuracy(ctx, m)
		if err != nil || !acc.OK {
			t.Fatalf("accuracy of %s: %+v %v", m, acc, err)
		}
		screen := sales.waitText(m.String()+"：", fmt.Sprintf("准确率 %.1f%%", acc.Value*100))
		if i == 1 {
			bars := 0
			for _, r := range screen {
				if strings.ContainsRune("▁▂▃▄▅▆▇█", r) {
					bars++
				}
			}
			if bars != 3 {
				t.Errorf("%d months on the accuracy chart, want 3:\n%s", bars, screen)
			}
		}
		sales.send("[")
	}

	// The meeting held last month: closed, its figures frozen; this
	// month's: last month's figures, frozen once it is over.
	list, err := svc.Meetings.Meetings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	office.send("5", kTab)
	office.waitText("月度营销协同例会")
	for _, held := range []model.Month{last, month} {
		var mt *model.Meeting
		for _, m := range list {
			if m.Kind == model.MeetingMonthly && model.MonthOf(m.Date) == held {
				if mt, err = svc.Meetings.Meeting(ctx, m.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		if mt == nil || mt.Figures == nil || len(mt.Figures.Output) == 0 || held == last && !mt.IsClosed() {
			t.Fatalf("the meeting held in %s: %+v", held, mt)
		}
		title := model.MonthlyMeetingTitle("zh", held)
		moveTo(t, office, title)
		office.send(kEnter)
		state := "数字截至"
		if mt.IsClosed() {
			state = "会议结束时冻结"
		}
		o := mt.Figures.Output[0]
		p, err := svc.Master.Product(ctx, o.Product)
		if err != nil {
			t.Fatal(err)
		}
		office.waitFor(title, func(s string) bool {
			return strings.Contains(s, state) && lineWith(s, p.Name, fmt.Sprintf("计划 %d", o.Planned), fmt.Sprintf("实际 %d", o.Actual))
		})
		office.send(kEsc)
	}
}
