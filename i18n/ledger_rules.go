package i18n

// Messages of the ledger's missed-deadline rule and its setting, and of
// the awards drafted from projects (docs/DOMAIN.md#ledger).
func init() {
	add(map[string]entry{
		"ledger.rule.deadline_missing":   {"%s %s 应于 %s 前完成，宽限 %d 个工作日到 %s 仍未完成", "%s %s was due by %s; its grace of %d working days ran out at %s and it is still not done"},
		"ledger.rule.deadline_late":      {"%s %s 应于 %s 前完成，%s 才完成，迟了 %d 天（宽限 %d 个工作日）", "%s %s was due by %s and done at %s, %d days late (grace %d working days)"},
		"ledger.rule.project_found":      {"%s「%s」年终评审 %d 分（满分 %d），经济效益 %d 元", "%s \"%s\" was rated %d of %d at the year-end review, economic benefit %d yuan"},
		"ledger.rule.project_award_note": {"；评审意见：%s", "; the review: %s"},
		"ledger.rule.new_product_found":  {"产品立项 %s「%s」于 %s 完成，%s 自 %s 起已发货 %d %s", "new-product project %s \"%s\" was done on %s; %s has shipped since %s: %d %s"},

		"ui.lg.key_rules":    {"规则设置", "rules"},
		"ui.lg.rules_title":  {"起草奖罚的规则 · 未按期限完成：%s", "Rules that draft entries · missed deadlines: %s"},
		"ui.lg.rules_note":   {"差额表、超计划、换标三条规则和两项奖励一直开启。未按期限完成规则开启后，从开启时起到期、超过宽限仍未完成或完成太迟的期限事项，由系统为欠交部门的负责人起草 200 元罚款，待确认。", "The shortfall, over-production and changeover rules and the two awards are always on. Once the missed-deadline rule is on, a deadline due from then on that is still not done, or is done, after its grace drafts a 200-yuan penalty for the head of the department that owed it, to be confirmed."},
		"ui.lg.rules_on":     {"已开启（%s 起，宽限 %d 个工作日）", "on (since %s, grace %d working days)"},
		"ui.lg.rules_off":    {"未开启（宽限 %d 个工作日）", "off (grace %d working days)"},
		"ui.lg.rules_saved":  {"未按期限完成规则：%s", "Missed-deadline rule: %s"},
		"field.missed_rule":  {"开启未按期限完成规则", "missed-deadline rule on"},
		"field.grace":        {"宽限（工作日，0–10）", "grace (working days, 0–10)"},
		"ui.pj.product_hint": {"关联产品编码（可空；产品立项完成后，该产品发货即起草推广奖；F4 选择）", "linked product code (optional; once a new-product project is done, its shipments draft the promotion award; F4 to pick)"},

		"cli.h.ledger_rules":     {"起草奖罚的规则及其开关（综合办公室用 --missed-deadline on|off 开关未按期限完成规则，--grace 设宽限工作日）", "the rules that draft entries and their switches (the office: --missed-deadline on|off, --grace working days)"},
		"cli.ledger.rule_always": {"一直开启", "always on"},
		"cli.val.on_off":         {"应为 on 或 off", "on or off"},
	})
}
