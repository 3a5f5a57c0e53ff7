package i18n

// Messages of the order, queue and master-data screens.
func init() {
	add(map[string]entry{
		"sec.orders": {"订单", "Orders"},
		"sec.queue":  {"交期答复", "Reply queue"},
		"sec.master": {"基础资料", "Master data"},

		"ui.act.submit":    {"提交", "submit"},
		"ui.act.review":    {"审核", "review"},
		"ui.act.send":      {"下达生产", "send to production"},
		"ui.act.rank_up":   {"提前", "move up"},
		"ui.act.rank_down": {"延后", "move down"},
		"ui.act.answer":    {"答复交期", "answer"},
		"ui.act.unclear":   {"订单内容不明", "unclear"},
		"ui.act.clarify":   {"答复疑问", "answer question"},
		"ui.act.risk":      {"交期风险", "flag risk"},
		"ui.act.change":    {"变更单", "change order"},
		"ui.act.start":     {"开始生产", "start production"},
		"ui.act.ship":      {"发货", "ship"},
		"ui.act.close":     {"关闭", "close"},
		"ui.act.cancel":    {"取消订单行", "cancel line"},

		"ui.dur.dh":   {"%d天%d小时", "%dd %dh"},
		"ui.dur.hm":   {"%d小时%d分", "%dh %dm"},
		"ui.dur.m":    {"%d分钟", "%d min"},
		"ui.dur.left": {"剩 %s", "%s left"},
		"ui.dur.late": {"逾期 %s", "late %s"},

		"ui.facts.line":          {"库存 %d · 可用 %d · 未交订单 %d · 生产周期 %d 个工作日 · 日产能 %d", "stock %d · free %d · open demand %d · lead time %d working days · capacity %d/day"},
		"ui.facts.free":          {"未来空余产能", "free capacity"},
		"ui.facts.need_qty":      {"输入数量后给出建议交期", "type a quantity for a suggested date"},
		"ui.facts.no_suggestion": {"无法建议交期", "no suggestion"},
		"ui.facts.suggest":       {"建议交期 %s（库存 %d，生产 %d）", "suggested promise %s (from stock %d, produced %d)"},

		"ui.hist.at":     {"时间", "When"},
		"ui.hist.by":     {"人员", "Who"},
		"ui.hist.what":   {"事项", "What"},
		"ui.hist.detail": {"内容", "Details"},

		"ui.master.tab_stock":        {"成品库存", "Stock"},
		"ui.master.tab_products":     {"产品", "Products"},
		"ui.master.tab_customers":    {"客户", "Customers"},
		"ui.master.col_stock":        {"库存", "Stock"},
		"ui.master.col_updated":      {"更新时间", "Updated"},
		"ui.master.empty":            {"暂无记录。可用 ssh … customers|products|stock import --csv 导入。", "Nothing yet. Import with ssh … customers|products|stock import --csv."},
		"ui.master.key_tab":          {"切换页签", "switch tab"},
		"ui.master.key_adjust":       {"调整库存", "adjust stock"},
		"ui.master.key_new_customer": {"新增客户", "new customer"},
		"ui.master.adjust_title":     {"调整库存 %s %s（现有 %d）", "Adjust stock %s %s (now %d)"},
		"ui.act.answer_reason":       {"原因（早于建议交期或改动已答复的交期时必填）", "reason (needed for a date before the suggestion or a changed promise)"},
		"ui.facts.why":               {"依据：%s", "because: %s"},
		"ui.master.delta":            {"增减数量（如 +50 或 -20）", "change (e.g. +50 or -20)"},
		"ui.master.adjusted":         {"库存已调整：%s %s 现为 %d", "stock adjusted: %s %s is now %d"},
		"ui.master.new_customer":     {"新增客户", "New customer"},
		"ui.master.grade_hint":       {"空格选择一个等级", "space ticks one grade"},
		"ui.master.customer_saved":   {"客户已保存：%s %s", "customer saved: %s %s"},

		"ui.order.col_no":           {"订单号/行", "Order/line"},
		"ui.order.col_customer":     {"客户（等级）", "Customer (grade)"},
		"ui.order.col_product":      {"产品", "Product"},
		"ui.order.col_qty":          {"数量", "Qty"},
		"ui.order.col_requested":    {"要求交期", "Requested"},
		"ui.order.col_status":       {"状态", "Status"},
		"ui.order.col_promised":     {"承诺交期", "Promised"},
		"ui.order.all":              {"全部订单（按 m 只看我的）", "All orders (m: only mine)"},
		"ui.order.mine":             {"我的订单（按 m 看全部）", "My orders (m: all)"},
		"ui.order.empty":            {"还没有订单。按 n 新建。", "No orders yet. Press n for a new one."},
		"ui.hist.status":            {"状态：%s → %s", "status: %s → %s"},
		"ui.hist.entry_keys":        {"↑↓ pgup pgdn 滚动 · esc 返回", "↑↓ pgup pgdn scroll · esc back"},
		"ui.hist.choose":            {"选记录", "choose entry"},
		"ui.hist.open":              {"看全文", "read in full"},
		"ui.hist.wanted":            {"要求 %s → %s", "wanted %s → %s"},
		"ui.hist.line_input":        {"%s ×%d，要求 %s", "%s ×%d, wanted %s"},
		"ui.order.key_sort":         {"排序", "order by"},
		"ui.order.key_customer":     {"按客户", "by customer"},
		"ui.order.key_product":      {"按产品", "by product"},
		"ui.order.key_dates":        {"按交期", "by requested date"},
		"ui.order.all_customers":    {"全部客户", "every customer"},
		"ui.order.all_products":     {"全部产品", "every product"},
		"ui.order.pick_customer":    {"只看这个客户的订单行", "Only the lines of customer"},
		"ui.order.pick_product":     {"只看这个产品的订单行", "Only the lines of product"},
		"ui.order.dates_title":      {"按要求交期筛选", "Lines requested between"},
		"ui.order.dates_from":       {"从", "from"},
		"ui.order.dates_to":         {"到", "to"},
		"ui.order.dates_note":       {"日期含首尾；留空表示不限。", "Both days included; leave one empty for no bound."},
		"ui.order.dates_head":       {"交期 %s 至 %s", "requested %s to %s"},
		"ui.order.pick_sort":        {"订单行的排列顺序", "Order the lines by"},
		"ui.order.key_status":       {"按状态筛选", "by status"},
		"ui.order.pick_status":      {"只看某一状态的订单行", "Show only lines in one status"},
		"ui.order.all_statuses":     {"全部状态", "every status"},
		"ui.order.only_status":      {"只看：%s", "only: %s"},
		"ui.order.position":         {"第 %d 行，共 %d 行", "row %d of %d"},
		"ui.order.search":           {"搜索（单号、客户、产品，可用拼音首字母）：", "search (number, customer, product, pinyin initials): "},
		"ui.order.key_new":          {"新建订单", "new order"},
		"ui.order.key_mine":         {"我的/全部", "mine/all"},
		"ui.order.key_submit":       {"提交订单", "submit order"},
		"ui.order.key_addline":      {"加一行", "add line"},
		"ui.order.key_delline":      {"删本行", "delete line"},
		"ui.order.new":              {"新建订单（提交后由销售协同负责人审核）", "New order (the sales lead reviews it after you submit)"},
		"ui.order.created":          {"订单 %s 已提交（%d 行）", "order %s submitted (%d lines)"},
		"ui.order.unknown_customer": {"没有客户编码“%s”，也没有唯一对应的客户名称（按 F4 查找）", "no customer with code or a single name matching \"%s\" (F4 to look one up)"},
		"ui.order.key_lookup":       {"查找", "look up"},
		"ui.order.no_lookup":        {"此栏不用查找，直接输入即可", "this field takes what you type; there is nothing to look up"},
		"ui.order.product_first":    {"先填产品，再查找型号", "fill in the product first, then look up its variant"},
		"ui.order.facts_hint":       {"输入产品编码后显示库存、产能和建议交期", "type a product code to see stock, capacity and a suggested date"},
		"ui.order.done":             {"已%s：%s/%d", "%s done: %s/%d"},
		"ui.order.changed":          {"已变更，待重新答复", "changed, awaiting a new reply"},
		"ui.order.reply_due":        {"答复期限", "Reply due"},
		"ui.order.question":         {"生产部的疑问", "Production's question"},
		"ui.order.risk":             {"交期风险", "Delivery risk"},
		"ui.order.shipped":          {"已发货", "Shipped"},
		"ui.order.header":           {"接单", "Received"},
		"ui.order.actions":          {"可执行", "Actions"},
		"ui.order.history":          {"处理记录", "History"},

		"ui.queue.head":      {"待答复订单行 %d 条：按客户等级、要求交期、接单时间排序", "%d lines awaiting a reply, ranked by customer grade, requested date, time received"},
		"ui.queue.empty":     {"没有待答复的订单行。", "No lines await a reply."},
		"ui.queue.col_rank":  {"序", "#"},
		"ui.queue.col_due":   {"答复期限", "Reply due"},
		"ui.queue.changed":   {"[变更]", "[changed]"},
		"ui.queue.expedited": {"[加急]", "[expedited]"},
		"ui.queue.pos":       {"第 %d 条，共 %d 条", "line %d of %d"},
		"ui.queue.facts":     {"%s（%s 级）· %s", "%s (grade %s) · %s"},
		"ui.queue.dates":     {"要求交期 %s · 接单 %s", "wanted %s · received %s"},
	})
}

func init() {
	add(map[string]entry{
		"live.answer":  {"%s 已答复交期 %s（%s）", "%s answered: promised %s (%s)"},
		"live.unclear": {"%s 订单内容不明：%s（%s）", "%s unclear: %s (%s)"},
		"live.risk":    {"%s 交期风险，预计 %s（%s）", "%s at risk, expected %s (%s)"},
		"live.send":    {"新订单行待答复：%s（%s）", "new line awaiting your reply: %s (%s)"},
		"live.clarify": {"销售已答复疑问：%s（%s）", "sales answered the question: %s (%s)"},
		"live.change":  {"变更单：%s 需重新答复（%s）", "change order: %s needs a new reply (%s)"},
		"live.submit":  {"新订单待审核：%s（%s）", "new order to review: %s (%s)"},
	})
}

func init() {
	add(map[string]entry{
		"home.queue":      {"待你答复交期的订单行 %d 条（按 %s 进入交期答复）：", "%d order lines await your reply (%s: reply queue):"},
		"home.queue_line": {"%d. %s/%d %s ×%d · %s", "%d. %s/%d %s ×%d · %s"},
		"home.review":     {"待审核的订单行 %d 条（按 %s 进入订单）", "%d order lines to review (%s: orders)"},
		"home.to_send":    {"已审核待下达生产的订单行 %d 条", "%d reviewed lines to send to production"},
		"home.unclear":    {"生产部对你的订单有疑问 %d 条，请答复", "production asked about %d of your lines: please answer"},
		"home.at_risk":    {"你的订单有交期风险 %d 条", "%d of your lines are at risk"},
	})
}

func init() {
	add(map[string]entry{
		"kpi.title":        {"订单指标 · %s", "Order KPIs · %s"},
		"kpi.no_data":      {"无数据", "no data"},
		"kpi.prorated":     {"本月进行中：发货截至 %s，预估按已过 %d/%d 天折算（整月预估 %d）", "month in progress: shipped through %s against the forecast prorated to %d of %d days (whole month %d)"},
		"kpi.reply":        {"交期答复及时率", "Reply timeliness"},
		"kpi.otif":         {"准时足量交付率", "On time in full"},
		"kpi.plan":         {"订单计划完成率", "Plan completion"},
		"kpi.reply_def":    {"本月答复中在期限内的 ÷ 本月答复的订单行", "replies before the deadline ÷ lines answered this month"},
		"kpi.otif_def":     {"承诺交期在本月且已到期的行中，按期足量发货的 ÷ 到期行", "lines shipped in full by the promised date ÷ lines due this month"},
		"kpi.plan_def":     {"按承诺交期足量交付的行 ÷ 应交付的行（生产部）", "lines delivered in full by the promise ÷ lines due (production)"},
		"kpi.col_name":     {"指标", "Indicator"},
		"kpi.col_value":    {"数值", "Value"},
		"kpi.col_def":      {"口径", "Definition"},
		"kpi.hint":         {"[ 上个月 · ] 下个月 · esc 返回", "[ previous month · ] next month · esc back"},
		"ui.order.key_kpi": {"订单指标", "KPIs"},
	})
}

func init() {
	add(map[string]entry{
		"ui.order.customer_hint":   {"输入客户编码，或名称中的字查找", "type a customer code, or part of the name to find it"},
		"ui.order.unknown_product": {"没有产品编码“%s”：输入名称中的字可查找", "no product \"%s\": type part of its name to find it"},
	})
}

func init() {
	add(map[string]entry{
		"ui.master.key_new_product":  {"新增产品", "new product"},
		"ui.master.key_edit_product": {"修改产品", "edit product"},
		"ui.master.new_product":      {"新增产品", "New product"},
		"ui.master.edit_product":     {"修改产品 %s", "Edit product %s"},
		"ui.master.variants":         {"型号（如 mark:带一元标示;plain:无一元标示）", "variants (e.g. mark:with price mark;plain:without)"},
		"ui.master.product_saved":    {"产品已保存：%s %s", "product saved: %s %s"},
	})
}

func init() {
	add(map[string]entry{
		"ui.master.col_name": {"名称", "Name"},
	})
}

// The orders list's orders beyond those of the order model (sort.*).
func init() {
	add(map[string]entry{
		"sort.customer": {"按客户名称排列", "by customer name"},
		"sort.product":  {"按产品编码排列", "by product code"},
	})
}
