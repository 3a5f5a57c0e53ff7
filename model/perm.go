package model

import "xietong/i18n"

// Action is something a person may or may not do; Can decides
// (docs/DOMAIN.md#permissions).
type Action string

const (
	ActManageUsers Action = "users.manage" // accounts, keys, invitations
	ActPostNotice  Action = "notice.post"
	ActReadAudit   Action = "audit.read"
	ActEditNotice  Action = "notice.edit" // decided per notice by Notice.CanEdit

	// Orders (docs/DOMAIN.md#orders). Department staff means a member, lead
	// or head of it.
	ActOrderEdit   Action = "order.edit"   // sales staff: create, edit, submit, change, cancel, clarify, close
	ActOrderReview Action = "order.review" // sales lead/head: review, rank, send to production
	ActOrderReply  Action = "order.reply"  // production lead/head: answer, unclear, at risk, start production
	ActOrderShip   Action = "order.ship"   // production staff (the shipping clerk): record shipments
	// Master data.
	ActCustomerEdit Action = "customer.edit" // sales staff
	ActProductEdit  Action = "product.edit"  // sales or production lead/head
	ActStockAdjust  Action = "stock.adjust"  // production staff (store keeper, shipping clerk)
	// Planning (docs/DOMAIN.md#planning).
	ActPlanEdit     Action = "plan.edit"     // sales staff: forecasts, ten-day plans, shortfall tables (save, publish)
	ActProdPlanEdit Action = "prodplan.edit" // production lead/head: next-day production plans (save, publish)
	// Shop floor (docs/DOMAIN.md#shop-floor, docs/DOMAIN.md#quality-feedback).
	ActReportSubmit    Action = "report.submit"    // production staff: submit and correct daily reports
	ActDefectReasons   Action = "defect_reasons"   // quality lead/head: the defect reason list
	ActAnomalyFile     Action = "anomaly.file"     // everyone: file anomalies
	ActAnomalyHandle   Action = "anomaly.handle"   // production lead/head (quality lead/head for quality anomalies, see CanHandleAnomaly)
	ActFeedbackFile    Action = "feedback.file"    // sales staff: file customer feedback
	ActFeedbackRespond Action = "feedback.respond" // quality or R&D staff by route (see CanAnswerFeedback)
	// Meetings and KPIs (docs/DOMAIN.md#meetings, docs/DOMAIN.md#kpis).
	ActMeetingRun Action = "meeting.run" // the office (role office, office department, admin): templates, meetings, decisions, addenda, KPI targets
	// Projects (docs/DOMAIN.md#projects); delivering one is decided per
	// project by CanWorkProject (its owner and responsible departments).
	ActProjectFile   Action = "project.file"   // sales staff: file, edit, submit
	ActProjectDecide Action = "project.decide" // the general manager only: approve, reject, return (an administrator may not)
	ActProjectReview Action = "project.review" // the office or the general manager: the year-end review
	// Campaign cooperation (docs/DOMAIN.md#campaigns).
	ActCampaignFile    Action = "campaign.file"    // sales staff: file, close
	ActCampaignApprove Action = "campaign.approve" // the general manager only: agree, which tells production
	ActCampaignAnswer  Action = "campaign.answer"  // production lead/head: answer the items, record them done
	// Department plans (docs/DOMAIN.md#department-plans); whose plan is
	// decided per department by CanPlan.
	ActDeptPlan Action = "deptplan.edit" // leads and heads (their department's), the office (any): goals, items, answers, completion
	// The penalty and award ledger (docs/DOMAIN.md#ledger); a statement is
	// decided per entry (the person concerned).
	ActLedgerPropose   Action = "ledger.propose"   // the office, the general manager, leads and heads
	ActLedgerConfirm   Action = "ledger.confirm"   // the office or the general manager: confirm, withdraw, reverse
	ActLedgerStatement Action = "ledger.statement" // the person an entry concerns (see LedgerEntry.AddStatement)
	// Packaging materials and purchase requests (docs/DOMAIN.md#packaging);
	// setting a safety stock and signing a request are the production
	// head's (ProductionHead).
	ActMaterialEdit    Action = "material.edit"    // production staff: materials, bills of materials, material stock adjustments
	ActPurchaseDraft   Action = "purchase.draft"   // production staff (the material keeper): the requirement run, drafting and editing requests
	ActPurchaseSign    Action = "purchase.sign"    // the production head only
	ActPurchaseReceive Action = "purchase.receive" // purchasing staff: lines ordered and received
	// Manufacturing costs (docs/DOMAIN.md#kpis): the month's cost sheet
	// behind the cost target achievement.
	ActCostEdit Action = "cost.edit" // production lead/head, the office (role or department, not admin)
)

// Can reports whether u may perform act. Disabled accounts may do nothing.
func Can(u *User, act Action) bool {
	if u == nil || u.Disabled {
		return false
	}
	switch act {
	case ActManageUsers, ActReadAudit:
		return u.Role == RoleAdmin
	case ActPostNotice:
		switch u.Role {
		case RoleOffice, RoleLead, RoleHead, RoleGM, RoleAdmin:
			return true
		}
		return u.Dept == DeptOffice
	case ActOrderEdit, ActCustomerEdit, ActPlanEdit:
		return staff(u, DeptSales)
	case ActOrderReview:
		return leader(u, DeptSales)
	case ActOrderReply, ActProdPlanEdit:
		return leader(u, DeptProduction)
	case ActOrderShip, ActStockAdjust, ActMaterialEdit, ActPurchaseDraft:
		return staff(u, DeptProduction)
	case ActPurchaseSign:
		return ProductionHead(u)
	case ActPurchaseReceive:
		return staff(u, DeptPurchasing)
	case ActProductEdit:
		return leader(u, DeptSales) || leader(u, DeptProduction)
	case ActReportSubmit:
		return staff(u, DeptProduction)
	case ActDefectReasons:
		return leader(u, DeptQuality)
	case ActAnomalyFile:
		return true
	case ActAnomalyHandle:
		return leader(u, DeptProduction)
	case ActFeedbackFile:
		return staff(u, DeptSales)
	case ActFeedbackRespond:
		return staff(u, DeptQuality) || staff(u, DeptRnD)
	case ActMeetingRun:
		return CanRunMeetings(u)
	case ActProjectFile:
		return staff(u, DeptSales)
	case ActProjectDecide, ActCampaignApprove:
		return u.Role == RoleGM
	case ActCampaignFile:
		return staff(u, DeptSales)
	case ActCampaignAnswer:
		return leader(u, DeptProduction)
	case ActLedgerPropose:
		return u.Role == RoleLead || u.Role == RoleHead || u.Role == RoleGM || u.Role == RoleOffice || u.Dept == DeptOffice && u.Role != RoleAdmin
	case ActLedgerConfirm:
		return u.Role == RoleGM || u.Role == RoleOffice || u.Dept == DeptOffice && u.Role != RoleAdmin
	case ActDeptPlan:
		return u.Role == RoleLead || u.Role == RoleHead || u.Role == RoleOffice || u.Dept == DeptOffice && u.Role != RoleAdmin
	case ActProjectReview:
		return u.Role == RoleGM || u.Role == RoleOffice || u.Dept == DeptOffice && u.Role != RoleAdmin
	case ActCostEdit:
		return leader(u, DeptProduction) || u.Role == RoleOffice || u.Dept == DeptOffice && u.Role != RoleAdmin
	}
	return false
}

// Require returns an EFORBIDDEN error when u may not perform act.
func Require(u *User, act Action) error {
	if Can(u, act) {
		return nil
	}
	return Forbidden(act)
}

// Forbidden is the EFORBIDDEN error for act, worded for people.
func Forbidden(act Action) *Error {
	if key := "err.forbidden." + string(act); i18n.Has(key) {
		return Errorf(EFORBIDDEN, key)
	}
	return Errorf(EFORBIDDEN, "err.forbidden", string(act))
}
