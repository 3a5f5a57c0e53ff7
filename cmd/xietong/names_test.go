package main

import (
	"context"
	"strings"
	"testing"

	"xietong/model"
)

// Users see names, not bare codes, and tell alike products apart: at 80×24
// the customer feedback list shows the demo's three 果然有鱼 flavours by
// code and whole name, and the feedback form takes a customer by its name
// and a product by its pinyin initials in capitals, saying at the field
// when what is typed names several products.
func TestNamesTellFlavoursApart(t *testing.T) {
	ts := startServerWith(t, Config{Demo: true}, discardLogger(), demoBare)
	ctx, svc := context.Background(), ts.m.Svc
	sales, err := svc.Users.User(ctx, "sales")
	if err != nil {
		t.Fatal(err)
	}
	c001, err := svc.Master.CustomerByCode(ctx, "C001")
	if err != nil {
		t.Fatal(err)
	}
	flavours := map[string]string{"GRYY-YW": "果然有鱼（原味）", "GRYY-XL": "果然有鱼（香辣）", "GRYY-SK": "果然有鱼（烧烤）"}
	for code := range flavours {
		if _, err := svc.Shop.FileFeedback(ctx, sales, &model.Feedback{CustomerID: c001.ID, Product: code, Batch: "20261120",
			Problem: "封口不严", Route: model.RouteQuality}); err != nil {
			t.Fatal(err)
		}
	}

	tm := ts.open("sales", 80, 24, "")
	tm.waitText("今天需要你处理的事")
	tm.send("3", kTab, kTab, kRight)
	screen := tm.waitText("客户反馈", "响应期限")
	for code, name := range flavours {
		if !lineWith(screen, "永辉超市华东区", code+" "+name) {
			t.Errorf("%s %s not on a row of its own:\n%s", code, name, screen)
		}
	}

	// A new feedback: the customer by name, the product first by what
	// the three flavours share, refused at the field with them listed.
	tm.send("n")
	tm.waitText("客户质量反馈 / 现场服务申请")
	tm.send("华润万家", kTab, "GRYY", kTab, "20261201", kTab, "部分袋子封口不严，漏气胀袋", kTab, "\x15", "12", kCtrlS)
	tm.waitText("✗ “GRYY”对应 3 个产品，请输入编码或按 F4 选择")
	if list, _ := svc.Shop.Feedbacks(ctx, false); len(list) != 3 {
		t.Fatalf("filed with an ambiguous product: %d feedbacks", len(list))
	}
	// Then by the initials of one flavour, in capitals (the field in
	// error has the focus).
	tm.send("\x15", "GRYYSK", kCtrlS)
	tm.waitText("已提交，", "前需响应")
	list, err := svc.Shop.Feedbacks(ctx, false)
	if err != nil || len(list) != 4 {
		t.Fatalf("feedbacks %d %v", len(list), err)
	}
	var got *model.Feedback
	for _, f := range list {
		if strings.Contains(f.Problem, "漏气胀袋") {
			got = f
		}
	}
	c003, err := svc.Master.CustomerByCode(ctx, "C003")
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || got.Product != "GRYY-SK" || got.CustomerID != c003.ID {
		t.Fatalf("filed %+v", got)
	}
	tm.waitFor("the new feedback listed by code and name", func(s string) bool {
		return lineWith(s, "华润万家", "GRYY-SK 果然有鱼（烧烤）")
	})
}
