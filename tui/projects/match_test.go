package projects

import (
	"strings"
	"testing"

	"xietong/model"
	"xietong/tui/internal/tuitest"
	"xietong/tui/kit"
)

// The project's customer and product are typed by code in any case, or by
// a name or pinyin initials naming one record; none or several are said
// at the field.
func TestProjectLinksTypedByNameOrInitials(t *testing.T) {
	s := tuitest.Session(t, "sales", nil)
	form := func(customer, product string) *kit.Form {
		f := kit.NewForm(s.Lang, "", inputFields(s, nil)...)
		fillInput(s, f, nil)
		f.SetChosen("depts", []string{string(model.DeptProduction)})
		f.SetText("title", "真空包装漏气改进")
		f.SetText("purpose", "客户反馈封口开裂")
		f.SetText("effect", "开裂率降到千分之一以下")
		f.SetText("owner", "吴静")
		f.SetText("customer", customer)
		f.SetText("product", product)
		return f
	}
	c003, err := s.Svc.Master.CustomerByCode(s.Ctx, "C003")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ customer, product, code string }{
		{"C003", "GRYY-SK", "GRYY-SK"},
		{"c003", "gryy-sk", "GRYY-SK"},
		{"华润万家", "果然有鱼（烧烤）", "GRYY-SK"},
		{"hrwj", "GRYYSK", "GRYY-SK"},
		{"HRWJ", "18G 香辣鱼豆腐", "YDF-XL18"},
	} {
		in, err := readInput(s, form(c.customer, c.product))
		if err != nil || in.Links.CustomerID != c003.ID || in.Links.Product != c.code || in.Owner != "qa" {
			t.Errorf("%q %q: %+v %v", c.customer, c.product, in.Links, err)
		}
	}
	_, err = readInput(s, form("超市", "gryy"))
	fe := model.FieldErrors(err)
	if !strings.Contains(fe["customer"].In("zh"), "个客户，请输入编码或按 F4 选择") ||
		!strings.Contains(fe["product"].In("en"), `"gryy" matches 3 products; type the code or F4 to pick: GRYY-SK 果然有鱼（烧烤）`) {
		t.Errorf("several: %v", err)
	}
	_, err = readInput(s, form("", "鱼翅"))
	if fe := model.FieldErrors(err); !strings.Contains(fe["product"].In("zh"), "没有产品的编码、名称或拼音首字母与“鱼翅”相符") || fe["customer"].Key != "" {
		t.Errorf("none: %v", err)
	}
}
