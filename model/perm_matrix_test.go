package model

import (
	"strings"
	"testing"
)

// TestPermissionMatrix states docs/DOMAIN.md#permissions once more, as a grid a
// person can read, and checks every action against every kind of person:
// sales member and lead, production member and head, R&D member, QA member
// and lead, office, GM, purchasing member, administrator. "x" may, "." may
// not. A disabled account may do nothing.
func TestPermissionMatrix(t *testing.T) {
	people := []*User{
		{Login: "sm", Dept: DeptSales, Role: RoleMember},
		{Login: "sl", Dept: DeptSales, Role: RoleLead},
		{Login: "pm", Dept: DeptProduction, Role: RoleMember},
		{Login: "ph", Dept: DeptProduction, Role: RoleHead},
		{Login: "rm", Dept: DeptRnD, Role: RoleMember},
		{Login: "qm", Dept: DeptQuality, Role: RoleMember},
		{Login: "ql", Dept: DeptQuality, Role: RoleLead},
		{Login: "of", Dept: DeptOffice, Role: RoleOffice},
		{Login: "gm", Dept: DeptManagement, Role: RoleGM},
		{Login: "bm", Dept: DeptPurchasing, Role: RoleMember},
		{Login: "ad", Dept: DeptOffice, Role: RoleAdmin},
	}
	//                          sm sl pm ph rm qm ql of gm bm ad
	grid := `
	users.manage              .  .  .  .  .  .  .  .  .  .  x
	audit.read                .  .  .  .  .  .  .  .  .  .  x
	notice.post               .  x  .  x  .  .  x  x  x  .  x
	order.edit                x  x  .  .  .  .  .  .  .  .  .
	customer.edit             x  x  .  .  .  .  .  .  .  .  .
	plan.edit                 x  x  .  .  .  .  .  .  .  .  .
	feedback.file             x  x  .  .  .  .  .  .  .  .  .
	order.review              .  x  .  .  .  .  .  .  .  .  .
	order.reply               .  .  .  x  .  .  .  .  .  .  .
	prodplan.edit             .  .  .  x  .  .  .  .  .  .  .
	anomaly.handle            .  .  .  x  .  .  .  .  .  .  .
	order.ship                .  .  x  x  .  .  .  .  .  .  .
	stock.adjust              .  .  x  x  .  .  .  .  .  .  .
	report.submit             .  .  x  x  .  .  .  .  .  .  .
	product.edit              .  x  .  x  .  .  .  .  .  .  .
	defect_reasons            .  .  .  .  .  .  x  .  .  .  .
	feedback.respond          .  .  .  .  x  x  x  .  .  .  .
	anomaly.file              x  x  x  x  x  x  x  x  x  x  x
	meeting.run               .  .  .  .  .  .  .  x  .  .  x
	project.file              x  x  .  .  .  .  .  .  .  .  .
	project.decide            .  .  .  .  .  .  .  .  x  .  .
	project.review            .  .  .  .  .  .  .  x  x  .  .
	campaign.file             x  x  .  .  .  .  .  .  .  .  .
	campaign.approve          .  .  .  .  .  .  .  .  x  .  .
	campaign.answer           .  .  .  x  .  .  .  .  .  .  .
	deptplan.edit             .  x  .  x  .  .  x  x  .  .  .
	ledger.propose            .  x  .  x  .  .  x  x  x  .  .
	ledger.confirm            .  .  .  .  .  .  .  x  x  .  .
	material.edit             .  .  x  x  .  .  .  .  .  .  .
	purchase.draft            .  .  x  x  .  .  .  .  .  .  .
	purchase.sign             .  .  .  x  .  .  .  .  .  .  .
	purchase.receive          .  .  .  .  .  .  .  .  .  x  .
	cost.edit                 .  .  .  x  .  .  .  x  .  .  .
	`
	seen := map[Action]bool{}
	for _, line := range strings.Split(strings.TrimSpace(grid), "\n") {
		f := strings.Fields(line)
		if len(f) != len(people)+1 {
			t.Fatalf("bad grid line %q", line)
		}
		act := Action(f[0])
		seen[act] = true
		for i, u := range people {
			want := f[i+1] == "x"
			if got := Can(u, act); got != want {
				t.Errorf("%s by %s/%s: got %v, docs/DOMAIN.md#permissions says %v", act, u.Dept, u.Role, got, want)
			}
			d := *u
			d.Disabled = true
			if Can(&d, act) {
				t.Errorf("%s by a disabled %s/%s", act, u.Dept, u.Role)
			}
		}
	}
	// Every action the code knows is in the grid.
	for _, a := range []Action{ActManageUsers, ActReadAudit, ActPostNotice, ActOrderEdit, ActCustomerEdit, ActPlanEdit, ActFeedbackFile,
		ActOrderReview, ActOrderReply, ActProdPlanEdit, ActAnomalyHandle, ActOrderShip, ActStockAdjust, ActReportSubmit, ActProductEdit,
		ActDefectReasons, ActFeedbackRespond, ActAnomalyFile, ActMeetingRun, ActProjectFile, ActProjectDecide, ActProjectReview,
		ActCampaignFile, ActCampaignApprove, ActCampaignAnswer, ActDeptPlan, ActLedgerPropose, ActLedgerConfirm,
		ActMaterialEdit, ActPurchaseDraft, ActPurchaseSign, ActPurchaseReceive, ActCostEdit} {
		if !seen[a] {
			t.Errorf("action %s is not in the matrix", a)
		}
	}
}
