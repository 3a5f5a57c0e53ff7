package i18n

// Messages of the exec commands for packaging materials, bills of
// materials and purchase requests (包材采购计划单).
func init() {
	add(map[string]entry{
		"cli.h.materials_list": {"列出包材及现有库存、在途数量；--csv 的输出可以再导入",
			"list packaging materials with their stock on hand and on order; --csv output can be imported back"},
		"cli.h.materials_import": {"导入包材 CSV，列：code,name,[spec],material_kind,unit,[marking],pack_size,lead_days,[safety_stock],[supplier]" +
			"（或 包材编码,包材名称,[规格],类别,单位,[特殊标示],包装量,采购周期,[安全库存],[供应商]）；按编码新建或更新；类别写名称（包装膜）或代码（film）；" +
			"安全库存留空即不变，只有生产部负责人可以改；on_hand、on_order 列不导入（库存靠到货、生产耗用和盘点变动）",
			"import packaging materials as CSV, columns code,name,[spec],material_kind,unit,[marking],pack_size,lead_days,[safety_stock],[supplier]" +
				" (or 包材编码,包材名称,[规格],类别,单位,[特殊标示],包装量,采购周期,[安全库存],[供应商]); created or updated by code; the kind by its name (film, 包装膜) or code;" +
				" an empty safety stock keeps the stored one, and only the production head may change it; on_hand and on_order columns are not imported" +
				" (stock moves by receipts, production use and counts)"},
		"cli.h.bom_show": {"显示产品型号的 BOM（每多少件用多少包材），没有 BOM 的型号也列出；给出 PRODUCT 只看该产品，--variant 只看一个型号；--csv 的输出可以用 bom import 再导入",
			"show the bills of materials of product variants (how much of each material per so many units), variants without one too;" +
				" PRODUCT shows one product, --variant one variant; --csv output can be imported back with bom import"},
		"cli.h.bom_import": {"导入 BOM CSV，列：product,[variant],material,qty,[per]（或 产品编码,[型号],包材编码,数量,[每多少件]）；同一产品型号的各行为它完整的 BOM，替换原有的；" +
			"material 为空的行表示该型号没有 BOM；型号为空即默认型号，per 为空即 1",
			"import bills of materials as CSV, columns product,[variant],material,qty,[per] (or 产品编码,[型号],包材编码,数量,[每多少件]);" +
				" the rows of a product variant are its whole bill and replace the stored one; a row without a material says the variant has none;" +
				" an empty variant is the default one, an empty per is 1"},
		"cli.h.purchase_run": {"按需求计算包材采购：更新唯一的待签字草稿（没有就新建），列出每种要采购的包材、建议数量及计算依据；--dry-run 只试算不保存",
			"run the packaging requirement: bring the one open draft up to date (drafting one if needed) and list each material to buy with the proposal and how it was made;" +
				" --dry-run computes without saving"},
		"cli.h.purchase_list": {"列出包材采购计划单（最新的在前）：起草、应交采购部时间、签字和是否按时；--open 只列待签字和已转采购的",
			"list purchase requests, newest first: drafted, due at purchasing, signed and whether on time; --open lists those awaiting signature or at purchasing only"},
		"cli.h.purchase_show": {"查看一张包材采购计划单（按单号或 ID）：表头、各行及状态、计算依据和记录；--xlsx 按计划单格式输出",
			"show a purchase request (by number or id): header, lines and their state, how each proposal was made, and history; --xlsx writes the form"},
		"cli.h.purchase_sign":    {"生产部负责人签字，计划单转采购部", "sign a request (the production head): it goes to purchasing"},
		"cli.h.purchase_order":   {"采购部记录某行已向供应商下单及预计到货日期", "record a line ordered from the supplier and its expected delivery date (purchasing)"},
		"cli.h.purchase_receive": {"采购部记录某行到货（可以部分到货，超出订购数量须写 --reason），到货计入包材库存", "record a delivery of a line (part of it is fine; more than the line asks needs --reason); it adds to the material's stock (purchasing)"},
		"cli.h.purchase_cancel":  {"取消待签字或尚未下单的计划单，须写原因", "cancel a request awaiting signature or not yet ordered, with the reason"},

		"cli.pu.mat_imported":      {"已导入 %d 行，%d 项有变化", "imported %d rows, %d changed"},
		"cli.pu.bom_imported":      {"已导入 %d 行，%d 个产品型号，%d 个有变化", "imported %d rows for %d product variants, %d changed"},
		"cli.pu.bom_mixed":         {"该型号在第 %d 行另有写法：一个型号要么列出包材，要么一行不写包材表示没有 BOM", "the variant is also on line %d: list its materials, or give one row without a material for none"},
		"cli.pu.variant_product":   {"--variant 需要同时给出产品编码", "--variant needs a product code"},
		"cli.pu.no_bom":            {"无 BOM", "no BOM"},
		"cli.pu.col.material_name": {"包材名称", "material name"},
		"cli.pu.col.ordered":       {"下单 → 预计到货", "ordered → expected"},
		"cli.pu.col.received":      {"已到货", "received"},
		"cli.pu.dry_run":           {"试算（不保存）：", "dry run (nothing saved):"},
		"cli.pu.run_none":          {"不需要采购，没有草稿", "nothing to buy; no draft"},
		"cli.pu.run_changed":       {"采购计划单 %s 已按需求计算更新，现为：%s", "purchase request %s updated by the run, now: %s"},
		"cli.pu.run_same":          {"采购计划单 %s 无变化，现为：%s", "purchase request %s unchanged, now: %s"},
		"cli.pu.proposal":          {"%s %s：建议采购 %d %s", "%s %s: %d %s proposed"},
		"cli.pu.nothing":           {"没有需要采购的包材", "no material to buy"},
		"cli.pu.head":              {"包材采购计划单 %s（ID %d，版本 %d）", "purchase request %s (id %d, version %d)"},
		"cli.pu.ordered_on":        {"%s 下单 → %s", "%s → %s"},
		"cli.pu.basis_head":        {"第 %d 行 %s：", "line %d %s:"},
		"cli.pu.run_lines":         {"共 %s 行", "lines: %s"},
		"cli.pu.reason":            {"数量 %d 与建议 %d 不同：%s", "quantity %d instead of the proposed %d: %s"},
		"cli.pu.now":               {"采购计划单 %s 现为：%s", "purchase request %s is now: %s"},
		"cli.pu.ordered":           {"采购计划单 %s 第 %d 行 %s 已下单，预计 %s 到货", "purchase request %s line %d %s ordered, expected %s"},
		"cli.pu.received":          {"采购计划单 %s 第 %d 行 %s 到货 %d %s，累计到货 %d / %d（%s）；计划单现为：%s", "purchase request %s line %d %s: %d %s received, %d of %d in all (%s); the request is now: %s"},

		// The form (包材采购计划单) as --xlsx writes it.
		"cli.pu.f.title":      {"包材采购计划单", "Packaging purchase request"},
		"cli.pu.f.no":         {"单号", "request no."},
		"cli.pu.f.drafted":    {"起草", "drafted by"},
		"cli.pu.f.drafted_at": {"起草时间", "drafted at"},
		"cli.pu.f.due":        {"应交采购部时间", "due at purchasing"},
		"cli.pu.f.on_time":    {"是否按时", "on time"},
		"cli.pu.f.signer":     {"生产部负责人签字", "signed by the production head"},
		"cli.pu.f.signed_at":  {"签字时间", "signed at"},
		"cli.pu.f.seq":        {"序号", "no."},
		"cli.pu.f.material":   {"物料名称", "material"},
		"cli.pu.f.spec":       {"规格", "spec"},
		"cli.pu.f.qty":        {"数量", "quantity"},
		"cli.pu.f.unit":       {"单位", "unit"},
		"cli.pu.f.marking":    {"特殊标示", "special marking"},
		"cli.pu.f.needed_by":  {"需用日期", "needed by"},
		"cli.pu.f.remark":     {"备注", "remarks"},

		"cli.xcol.material_kind":  {"类别", "kind"},
		"cli.xcol.marking":        {"特殊标示", "marking"},
		"cli.xcol.pack_size":      {"包装量", "pack size"},
		"cli.xcol.lead_days":      {"采购周期（天）", "lead days"},
		"cli.xcol.safety_stock":   {"安全库存", "safety stock"},
		"cli.xcol.supplier":       {"供应商", "supplier"},
		"cli.xcol.on_hand":        {"现有库存", "on hand"},
		"cli.xcol.on_order":       {"在途", "on order"},
		"cli.xcol.material":       {"包材编码", "material"},
		"cli.xcol.per":            {"每多少件", "per"},
		"cli.xcol.purchase_no":    {"单号", "request no"},
		"cli.xcol.drafted_by":     {"起草人", "drafted by"},
		"cli.xcol.drafted_at":     {"起草时间", "drafted at"},
		"cli.xcol.purchasing_due": {"应交采购部时间", "due at purchasing"},
		"cli.xcol.signed_by":      {"生产部负责人签字", "signed by"},
		"cli.xcol.signed_at":      {"签字时间", "signed at"},
		"cli.xcol.lines":          {"行数", "lines"},
		"cli.xcol.on_time":        {"是否按时", "on time"},
	})
}
