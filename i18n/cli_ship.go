package i18n

// Messages of `ship`: a shipment recorded from a line gateway or a script.
func init() {
	add(map[string]entry{
		"cli.h.ship": {"登记一行的发货（生产部人员，生产线网关或脚本可用）：LINE 写成 订单号/行号（如 SO-20261126-0001/1）或行 ID；QTY 不超过未发数量，可分批发货；" +
			"--date 为发货日期（默认今天，不能晚于今天）；数量从库存出库，库存不足时拒绝。输入有误或被拒绝时退出码为 2，不做任何登记",
			"record a shipment of an order line (production staff; for a line gateway or a script): LINE is ORDER-NO/LINE (e.g. SO-20261126-0001/1) or the line id;" +
				" QTY at most what remains to ship, a line may ship in parts; --date is the shipment date (default today, not later); the quantity leaves the stock" +
				" and is refused when the stock is short. Bad or refused input exits 2 and records nothing"},
		"cli.ship.bad_line":  {"订单行应写成 订单号/行号（如 SO-20261126-0001/1）或行 ID，而不是 %s", "a line is ORDER-NO/LINE (e.g. SO-20261126-0001/1) or a line id, not %s"},
		"cli.ship.no_line":   {"没有订单行 %s", "no order line %s"},
		"cli.ship.no_order":  {"没有订单 %s", "no order %s"},
		"cli.ship.no_line_n": {"订单 %s 没有第 %d 行（共 %d 行）", "order %s has no line %d (it has %d)"},
		"cli.ship.state":     {"%s 当前为“%s”，不能发货：只有%s的行可以发货", "%s is %s and cannot ship: only lines that are %s can ship"},
		"cli.ship.done":      {"已发货 %s：%s %d %s（%s）；该行已发 %d/%d，状态：%s；库存剩 %d %s", "shipped %s: %s %d %s on %s; line %d of %d shipped, now %s; %d %s left in stock"},
		"cli.list_sep":       {"、", ", "},
		"cli.list_or":        {"或", " or "},
	})
}
