package main

import (
	"fmt"
	"testing"

	"xietong/model"
)

// The reply queue at 80×24 cuts the customer's column and leaves out the
// requested date; the line under the cursor says them in full below the
// table: its customer with grade and product, its requested date and when
// the order came in. In both languages.
func TestQueueShowsGradeAndDatesAt80(t *testing.T) {
	f := newFixture(t)
	a := f.sentOrder(f.a, 30, 6)
	c := f.sentOrder(f.c, 40, 20)
	loc := f.ts.m.Svc.Clock.Loc
	for _, tc := range []struct {
		lang, home     string
		factsA, factsC string
		dates          string // of the requested date and the time received
	}{
		{"", "今天需要你处理的事", "测试甲超市（A 级）· 测试鱼豆腐 带一元标示", "测试丙商店（C 级）· 测试鱼豆腐 带一元标示", "要求交期 %s · 接单 %s"},
		{"en_US.UTF-8", "what needs you today", "测试甲超市 (grade A) · 测试鱼豆腐 带一元标示", "测试丙商店 (grade C) · 测试鱼豆腐 带一元标示", "wanted %s · received %s"},
	} {
		prod := f.ts.open("prod", 80, 24, tc.lang)
		prod.waitText(tc.home)
		prod.send("3")
		for _, x := range []struct {
			o     *model.Order
			facts string
		}{{a, tc.factsA}, {c, tc.factsC}} {
			no, requested := x.o.No+"/1", x.o.Lines[0].RequestedDate.String()
			dates := fmt.Sprintf(tc.dates, requested, x.o.ReceivedAt.In(loc).Format("2006-01-02 15:04"))
			moveTo(t, prod, no)
			prod.waitFor(fmt.Sprintf("%q: the grade and dates of %s", tc.lang, no), func(s string) bool {
				// The table has no room for the requested date: only the
				// line below says it.
				return lineWith(s, x.facts) && lineWith(s, dates) && !lineWith(s, no, requested)
			})
		}
		prod.close()
	}
}
