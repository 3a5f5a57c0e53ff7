package model

import "testing"

func TestCanPlanning(t *testing.T) {
	for _, tc := range []struct {
		dept           Department
		role           Role
		plan, prodplan bool
	}{
		{DeptSales, RoleMember, true, false},
		{DeptSales, RoleLead, true, false},
		{DeptSales, RoleHead, true, false},
		{DeptProduction, RoleMember, false, false},
		{DeptProduction, RoleLead, false, true},
		{DeptProduction, RoleHead, false, true},
		{DeptManagement, RoleGM, false, false},
		{DeptOffice, RoleAdmin, false, false},
	} {
		u := &User{Login: "x", Dept: tc.dept, Role: tc.role}
		if Can(u, ActPlanEdit) != tc.plan || Can(u, ActProdPlanEdit) != tc.prodplan {
			t.Errorf("%s/%s: plan %v prodplan %v", tc.dept, tc.role, Can(u, ActPlanEdit), Can(u, ActProdPlanEdit))
		}
		u.Disabled = true
		if Can(u, ActPlanEdit) || Can(u, ActProdPlanEdit) {
			t.Errorf("%s/%s disabled", tc.dept, tc.role)
		}
	}
	for _, a := range []Action{ActPlanEdit, ActProdPlanEdit} {
		if e := Forbidden(a); e.Text.Key != "err.forbidden."+string(a) {
			t.Errorf("no worded refusal for %s", a)
		}
	}
}
