package i18n

// Messages of the store's master data, orders and imports.
func init() {
	add(map[string]entry{
		"err.import_rows":         {"有 %d 行有误，未导入任何数据", "%d rows have errors; nothing was imported"},
		"err.customer_code_taken": {"客户编码 %s 已被客户 %s 使用", "customer code %s is already used by %s"},
		"err.product_exists":      {"产品编码 %s 已存在", "product code %s already exists"},

		"val.dup_row":          {"与第 %d 行重复", "same as row %d"},
		"val.unknown_customer": {"没有编号为 %d 的客户", "no customer with id %d"},
		"val.order_no_taken":   {"订单号 %s 已存在", "order number %s already exists"},

		"field.no": {"订单号", "order number"},
	})
}
