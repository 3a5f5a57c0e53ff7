package i18n

// Messages of packaging materials and purchase requests (包材采购,
// docs/DOMAIN.md#packaging).
func init() {
	add(map[string]entry{
		"err.forbidden.material.edit":    {"只有生产部人员可以维护包材、BOM 和包材库存", "only production staff may keep materials, bills of materials and material stock"},
		"err.forbidden.purchase.draft":   {"只有生产部人员（物料仓管员）可以起草包材采购计划单", "only production staff (the material keeper) may draft purchase requests"},
		"err.forbidden.purchase.sign":    {"只有生产部负责人可以签字", "only the production head may sign"},
		"err.forbidden.purchase.receive": {"只有采购部人员可以记录下单和到货", "only purchasing staff may record orders and receipts"},
		"err.purchase_state":             {"采购计划单 %s 现为「%s」，不能做这一步", "purchase request %s is %s and cannot take this step"},
		"err.purchase_ordered":           {"采购计划单 %s 已有物料下单或到货，不能再修改或取消", "purchase request %s has lines ordered or received and can no longer be changed or cancelled"},
		"err.purchase_draft_open":        {"已有未签字的草稿 %s：请在其中修改", "draft %s is still open: change that one"},
		"err.material_exists":            {"包材编码 %s 已存在", "material %s already exists"},

		"val.safety_head":       {"安全库存由生产部负责人设定", "the safety stock is set by the production head"},
		"val.unknown_material":  {"没有包材编码 %s", "no material with code %s"},
		"val.material_kind":     {"类别应为 包装膜、包装袋、纸箱彩盒、标签 或 其他", "the kind is film, bag, carton, label or other"},
		"val.purchase_no_lines": {"至少要有一行物料", "at least one line is needed"},
		"val.purchase_reason":   {"数量与建议的 %d 不同，请写明原因", "the quantity differs from the proposed %d: give the reason"},
		"val.purchase_over":     {"本行采购 %d，已到 %d，再到 %d 超出订购数量：请写明原因", "the line asks %d, %d came in, %d more exceeds it: give the reason"},
		"val.nonzero":           {"不能为 0", "cannot be 0"},
		"val.material_short":    {"库存不足：%s 现有 %d，要减 %d", "not enough stock: %s has %d on hand, %d asked"},

		"field.material":     {"包材", "material"},
		"field.pack_size":    {"包装量", "pack size"},
		"field.lead_days":    {"采购周期（天）", "lead time (days)"},
		"field.safety_stock": {"安全库存", "safety stock"},
		"field.supplier":     {"供应商", "supplier"},
		"field.marking":      {"特殊标示", "special marking"},
		"field.per":          {"每多少件", "per units"},
		"field.expected":     {"预计到货", "expected"},

		"material.kind.film":   {"包装膜", "film"},
		"material.kind.bag":    {"包装袋", "bag"},
		"material.kind.carton": {"纸箱彩盒", "carton"},
		"material.kind.label":  {"标签", "label"},
		"material.kind.other":  {"其他", "other"},

		"material.cause.receipt":    {"采购到货", "receipt"},
		"material.cause.issue":      {"生产耗用", "used by production"},
		"material.cause.adjustment": {"调整", "adjustment"},
		"material.cause.count":      {"盘点", "count"},

		"purchase.status.draft":     {"待签字", "awaiting signature"},
		"purchase.status.signed":    {"已签字转采购", "at purchasing"},
		"purchase.status.closed":    {"已全部到货", "received"},
		"purchase.status.cancelled": {"已取消", "cancelled"},

		"purchase.ev.draft":   {"起草", "drafted"},
		"purchase.ev.run":     {"按需求计算更新", "updated by the requirement run"},
		"purchase.ev.edit":    {"修改（需重新签字）", "changed (to be signed again)"},
		"purchase.ev.sign":    {"生产部负责人签字", "signed by the production head"},
		"purchase.ev.order":   {"采购下单", "ordered"},
		"purchase.ev.receive": {"到货", "received"},
		"purchase.ev.cancel":  {"取消", "cancelled"},

		"purchase.line.open":     {"待下单", "to order"},
		"purchase.line.ordered":  {"已下单", "ordered"},
		"purchase.line.partial":  {"部分到货", "partly received"},
		"purchase.line.received": {"已到货", "received"},

		"purchase.use.plan":     {"生产计划", "production plans"},
		"purchase.use.tenday":   {"旬计划", "ten-day plan"},
		"purchase.use.forecast": {"预估销量", "forecast"},

		"purchase.basis.use":      {"用量 %s～%s：生产计划 %d + 旬计划 %d + 预估 %d = %d %s", "use %s to %s: plans %d + ten-day plans %d + forecast %d = %d %s"},
		"purchase.basis.net":      {"%d + 安全库存 %d − 现有 %d − 在途 %d = %d %s", "%d + safety stock %d − on hand %d − on order %d = %d %s"},
		"purchase.basis.round":    {"%d 按包装量 %d 向上取整 = 建议 %d %s", "%d rounded up to packs of %d = %d %s proposed"},
		"purchase.basis.none":     {"不需采购", "nothing to buy"},
		"purchase.basis.use_line": {"%s %s %s %s 件 × %d/%d = %d", "%s %s %s %s units × %d/%d = %d"},

		"due.kind.purchase": {"包材采购计划单", "packaging purchase request"},
	})
}
