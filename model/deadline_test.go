package model

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestEvaluateDue(t *testing.T) {
	due := at("2026-11-27 14:00")
	for _, tc := range []struct {
		name      string
		done, now time.Time
		state     DueState
		late      time.Duration
	}{
		{"done early", at("2026-11-27 13:00"), at("2026-11-27 15:00"), DueOnTime, 0},
		{"done exactly at the deadline", due, at("2026-11-27 15:00"), DueOnTime, 0},
		{"done 5 minutes late", at("2026-11-27 14:05"), at("2026-11-27 15:00"), DueLate, 5 * time.Minute},
		{"done late, looked at before it was done", at("2026-11-28 14:00"), at("2026-11-27 10:00"), DueLate, 24 * time.Hour},
		{"not done, past due", time.Time{}, at("2026-11-27 16:30"), DueMissing, 150 * time.Minute},
		{"not done, at the deadline", time.Time{}, due, DuePending, 0},
		{"not done, not yet due", time.Time{}, at("2026-11-27 09:00"), DuePending, 0},
	} {
		state, late := EvaluateDue(due, tc.done, tc.now)
		if state != tc.state || late != tc.late {
			t.Errorf("%s: %s %v, want %s %v", tc.name, state, late, tc.state, tc.late)
		}
	}
	if s, _ := EvaluateDue(time.Time{}, time.Time{}, at("2026-11-27 09:00")); s != DuePending {
		t.Errorf("no deadline: %s", s)
	}
}

func TestDailyDue(t *testing.T) {
	cal := testCal()
	if got := ShortfallDue(cal, d("2026-11-27")); !got.Equal(at("2026-11-27 14:00")) {
		t.Errorf("shortfall due %v", got)
	}
	for _, tc := range []struct{ day, production string }{
		{"2026-11-26", "2026-11-27"}, // Thursday → Friday
		{"2026-11-28", "2026-11-30"}, // Saturday → Monday (Sunday off)
		{"2026-09-30", "2026-10-08"}, // before the National Day holiday week
	} {
		if got := ProductionDayFor(cal, d(tc.day)); got != d(tc.production) {
			t.Errorf("plan due %s is for %v, want %s", tc.day, got, tc.production)
		}
		if got := PlanDueDay(cal, d(tc.production)); got != d(tc.day) {
			t.Errorf("plan for %s due on %v, want %s", tc.production, got, tc.day)
		}
		if got := PlanDue(cal, d(tc.production)); !got.Equal(at(tc.day + " 17:30")) {
			t.Errorf("plan for %s due %v", tc.production, got)
		}
	}
	if got := DueDay(cal, at("2026-11-28 00:00")); got != d("2026-11-27") {
		t.Errorf("midnight falls on the day it ends: %v", got)
	}
	if got := DueDay(cal, at("2026-11-27 17:30")); got != d("2026-11-27") {
		t.Errorf("17:30: %v", got)
	}
}

func TestPlanningDue(t *testing.T) {
	cal := testCal()
	now := at("2026-11-23 15:00") // Monday
	facts := DueFacts{
		Period: func(p Period) (time.Time, string) {
			if p.Record() == "forecast/2026-12" {
				return at("2026-11-21 10:00"), "sales"
			}
			return time.Time{}, ""
		},
		Shortfall: func(d Date) (time.Time, string) {
			if d.String() == "2026-11-21" {
				return at("2026-11-21 14:05"), "sales"
			}
			return time.Time{}, ""
		},
		Plan: func(p Date) (time.Time, string) {
			if p.String() == "2026-11-23" {
				return at("2026-11-21 17:10"), "prod"
			}
			return time.Time{}, ""
		},
	}
	// Saturday to Monday: Sunday is off, the forecast is due on Sunday.
	items := PlanningDue(cal, d("2026-11-21"), d("2026-11-23"), now, facts)
	var got []string
	for _, it := range items {
		got = append(got, fmt.Sprintf("%s %s %s due %s %s %v %s", it.Kind, it.Ref, it.Dept,
			it.Due.Format("01-02 15:04"), it.State, it.Late, it.Who))
	}
	want := []string{
		"shortfall 2026-11-21 sales due 11-21 14:00 late 5m0s sales",
		"plan 2026-11-23 production due 11-21 17:30 on_time 0s prod",
		"forecast 2026-12 sales due 11-23 00:00 on_time 0s sales",
		"shortfall 2026-11-23 sales due 11-23 14:00 missing 1h0m0s ",
		"plan 2026-11-24 production due 11-23 17:30 pending 0s ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("items\n got %q\nwant %q", got, want)
	}
	if items[0].Done.Location() != shanghai {
		t.Errorf("done shown in %v", items[0].Done.Location())
	}
	tally := TallyDue(items, nil)
	if tally != (DueTally{OnTime: 2, Late: 1, Missing: 1, Pending: 1, LateBy: time.Hour + 5*time.Minute}) {
		t.Errorf("tally %+v", tally)
	}
	if r := tally.Timeliness(); r != (Ratio{2, 4}) {
		t.Errorf("timeliness %+v", r)
	}
	sales := TallyDue(items, func(it DueItem) bool { return it.Dept == DeptSales })
	if sales.OnTime != 1 || sales.Late != 1 || sales.Missing != 1 {
		t.Errorf("sales %+v", sales)
	}
	if got := PlanningDue(cal, d("2026-11-22"), d("2026-11-22"), now, DueFacts{}); len(got) != 1 || got[0].State != DueLate && got[0].State != DueMissing {
		t.Errorf("Sunday: %+v", got)
	}
}

func TestReplyDueItem(t *testing.T) {
	cal := testCal()
	o := &Order{No: "SO-20261126-0001"}
	sales := &User{Login: "saleslead", Dept: DeptSales, Role: RoleLead}
	prod := &User{Login: "plead", Dept: DeptProduction, Role: RoleLead}
	l := &OrderLine{LineNo: 2, Status: LineReviewed, Qty: 10, RequestedDate: d("2026-12-10")}
	if _, ok := ReplyDueItem(cal, o, l, at("2026-11-26 10:00")); ok {
		t.Fatal("a line not sent has no reply item")
	}
	if err := l.Send(sales, at("2026-11-26 10:00"), cal); err != nil {
		t.Fatal(err)
	}
	it, ok := ReplyDueItem(cal, o, l, at("2026-11-28 09:00"))
	if !ok || it.Ref != "SO-20261126-0001/2" || it.Kind != DueReply || it.Dept != DeptProduction ||
		!it.Due.Equal(at("2026-11-28 00:00")) || it.State != DueMissing || it.Late != 9*time.Hour || it.Who != "" {
		t.Fatalf("missing reply %+v", it)
	}
	if DueDay(cal, it.Due) != d("2026-11-27") {
		t.Errorf("due day %v", DueDay(cal, it.Due))
	}
	if err := l.Answer(prod, at("2026-11-28 09:00"), cal, d("2026-12-10")); err != nil {
		t.Fatal(err)
	}
	it, _ = ReplyDueItem(cal, o, l, at("2026-11-28 10:00"))
	if it.State != DueLate || it.Late != 9*time.Hour || it.Who != "plead" {
		t.Fatalf("late reply %+v", it)
	}
	// Cancelled before a reply: nothing owed.
	l2 := &OrderLine{LineNo: 3, Status: LineReviewed, Qty: 10, RequestedDate: d("2026-12-10")}
	_ = l2.Send(sales, at("2026-11-26 10:00"), cal)
	_ = l2.Cancel(&User{Login: "sales", Dept: DeptSales, Role: RoleMember}, at("2026-11-26 11:00"), cal, "客户取消")
	if _, ok := ReplyDueItem(cal, o, l2, at("2026-11-28 10:00")); ok {
		t.Error("cancelled line before reply is on the board")
	}
}

func TestDueNames(t *testing.T) {
	for _, k := range DueKinds {
		if k.Text().In("en") == k.Text().Key {
			t.Errorf("no name for %s", k)
		}
	}
	for _, s := range DueStates {
		if s.Text().In("zh") == s.Text().Key {
			t.Errorf("no name for %s", s)
		}
	}
	for _, k := range []PlanKind{PlanForecast, PlanTenDay} {
		if k.Text().In("zh") == k.Text().Key {
			t.Errorf("no name for %s", k)
		}
	}
}

func TestLateDays(t *testing.T) {
	for late, want := range map[time.Duration]int{0: 0, -time.Hour: 0, time.Minute: 1, 10 * time.Hour: 1,
		24 * time.Hour: 1, 25 * time.Hour: 2, 72 * time.Hour: 3} {
		if got := (DueItem{Late: late}).LateDays(); got != want {
			t.Errorf("LateDays(%v) = %d, want %d", late, got, want)
		}
	}
}
