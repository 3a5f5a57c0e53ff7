package main

import (
	"context"
	"strings"
	"testing"

	"xietong/model"
)

// F4 in a grid's reference column over SSH at 80×24: in a bill of
// materials the material is looked up by the pinyin initials of its name
// (esc first leaves the cell as it was), enter fills in its code with its
// name beside it, and ctrl+s saves it; in the daily report the product is
// looked up the same way and then its variant among that product's, and
// the report is saved with both. The footer offers F4 on those columns
// only.
func TestGridLookupOverSSH(t *testing.T) {
	t.Run("bom", func(t *testing.T) {
		ts := startServer(t, Config{Demo: true})
		ctx := context.Background()
		head, err := ts.m.Svc.Users.User(ctx, "prod")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ts.m.Svc.Purchase.SaveMaterial(ctx, head, &model.Material{Code: "T-XLM", Name: "测试香辣膜", Kind: model.MatFilm,
			Unit: "卷", PackSize: 10, LeadDays: 3}); err != nil {
			t.Fatal(err)
		}
		pr := ts.open("prod", 80, 24, "")
		pr.waitText("今天需要你处理的事")
		pr.send("3", kTab, kTab, kTab, "b", kEnter)
		pr.waitText("的 BOM", "每多少件")
		pr.send("\x0e") // ctrl+n: a new row, the cursor on its material
		pr.waitText("F4 查找")
		pr.send(kF4)
		pr.waitText("选择包材", "按编码、名称或拼音首字母查找")
		pr.send("cs")
		pr.send(kEsc)
		screen := pr.waitText("的 BOM", "每多少件")
		if strings.Contains(screen, "T-XLM") || strings.Contains(screen, "测试香辣膜") {
			t.Fatalf("esc filled the cell:\n%s", screen)
		}
		pr.send(kF4, "CSXLM") // the name's initials, in capitals
		pr.waitFor("the picker narrowed to the test film", func(s string) bool {
			return strings.Contains(s, "▸ T-XLM  测试香辣膜") && strings.Contains(s, "共 1 项")
		})
		pr.send(kEnter)
		screen = pr.waitFor("the film filled in", func(s string) bool {
			return lineWith(s, "*T-XLM", "测试香辣膜") && !strings.Contains(s, "选择包材")
		})
		if strings.Contains(screen, "F4 查找") {
			t.Fatalf("the footer offers F4 on the quantity column:\n%s", screen)
		}
		pr.send(kCtrlS)
		pr.waitText("的 BOM 已保存")
		boms, err := ts.m.Svc.Purchase.BOMs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, b := range boms {
			for _, l := range b.Lines {
				if l.Material == "T-XLM" && l.Qty == 1 && l.Per == 1 {
					found++
				}
			}
		}
		if found != 1 {
			t.Fatalf("the film is on %d bills of materials, want 1", found)
		}
	})

	t.Run("daily report", func(t *testing.T) {
		f := newFixture(t)
		shop := f.ts.open("shop", 80, 24, "")
		shop.waitText("今天需要你处理的事")
		shop.send("3", kTab)
		shop.waitText("生产日报")
		shop.send("n")
		shop.waitText("填报")
		shop.send(kCtrlS) // line 1号线, day shift
		shop.waitText("1号线")
		shop.send("\x0e") // ctrl+n: a new row, the cursor on its product
		shop.waitText("F4 查找")
		shop.send(kF4, "csydf")
		shop.waitFor("the product narrowed", func(s string) bool {
			return strings.Contains(s, "选择产品") && strings.Contains(s, "▸ T-FISH  测试鱼豆腐") && strings.Contains(s, "共 1 项")
		})
		shop.send(kEnter) // the cursor moves on to the variant
		shop.waitFor("the product filled in", func(s string) bool { return strings.Contains(s, "*T-FISH") && strings.Contains(s, "F4 查找") })
		shop.send(kF4)
		shop.waitText("选择型号", "▸ mark  带一元标示", "plain  无标示", "共 2 项")
		shop.send(kDown, kEnter)
		screen := shop.waitFor("the variant filled in", func(s string) bool { return lineWith(s, "*T-FISH", "无标示") })
		if strings.Contains(screen, "选择型号") {
			t.Fatalf("the picker stayed open:\n%s", screen)
		}
		shop.send("50", kEnter, kCtrlS) // the cursor moved on to the actual quantity
		shop.waitText("生产日报已提交")
		reports, err := f.ts.m.Svc.Shop.Reports(context.Background(), f.today)
		if err != nil || len(reports) != 1 || len(reports[0].Rows) != 1 {
			t.Fatalf("reports = %+v %v", reports, err)
		}
		if r := reports[0].Rows[0]; r.Product != "T-FISH" || r.Variant != "plain" || r.Actual != 50 {
			t.Fatalf("the row saved: %+v", r)
		}
	})
}
