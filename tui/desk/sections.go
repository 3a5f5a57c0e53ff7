// Package desk is the sections of one's own desk: home (what needs me
// today) and the notices.
package desk

import (
	"slices"

	"xietong/model"
	"xietong/tui/kit"
)

// Sections are the sections of one's own desk: home and notices.
func Sections() []kit.Section {
	return []kit.Section{
		{Key: "sec.home", Code: "home", Group: "grp.desk", Make: func(s *kit.Session) kit.Screen { return newHome(s) },
			Wants: model.KindSet(model.KindNotice, model.KindNoticeRead, model.KindAction, model.KindOrder, model.KindLine,
				model.KindPlan, model.KindShortfall, model.KindProdPlan, model.KindUser, model.KindProject, model.KindCampaign, model.KindDeptPlan,
				model.KindPurchase, model.KindMaterial)},
		{Key: "sec.notices", Code: "notices", Group: "grp.desk", Make: func(s *kit.Session) kit.Screen { return newNotices(s) },
			Wants:  model.KindSet(model.KindNotice, model.KindNoticeRead, model.KindUser),
			Alerts: []kit.LiveAlert{{Kind: model.KindNotice, Say: noticeAlert}, {Kind: model.KindNoticeRead, Say: noticeReadAlert}}},
	}
}

// noticeFor reports whether a notice event may concern me, from its routing
// facts alone (the notice is read only when it may).
func noticeFor(e model.Event, me *model.User) bool {
	return len(e.Depts) == 0 || slices.Contains(e.Depts, me.Dept)
}

// noticeAlert tells the people a notice is for that it was posted (an
// urgent one rings) or changed.
func noticeAlert(s *kit.Session, e model.Event) (kit.Alert, bool) {
	me := s.User
	if !noticeFor(e, me) {
		return kit.Alert{}, false
	}
	n, err := s.Svc.Notices.Notice(s.Ctx, e.ID)
	if err != nil || !n.For(me) {
		return kit.Alert{}, false
	}
	title, who := kit.Line(n.Title), kit.Line(s.Who(e.Actor))
	switch {
	case e.Action == "create" && n.Urgent:
		return kit.Alert{Text: s.T("notice.live_urgent", title, who), Level: kit.StatusAlert, Bell: true}, true
	case e.Action == "create":
		return kit.Alert{Text: s.T("notice.live_new", title, who)}, true
	}
	return kit.Alert{Text: s.T("notice.live_edit", who, title)}, true
}

// noticeReadAlert tells a notice's author who read it.
func noticeReadAlert(s *kit.Session, e model.Event) (kit.Alert, bool) {
	if e.Key == s.User.Login {
		return kit.Alert{}, false
	}
	n, err := s.Svc.Notices.Notice(s.Ctx, e.ID)
	if err != nil || n.Author != s.User.Login {
		return kit.Alert{}, false
	}
	return kit.Alert{Text: s.T("notice.live_read", kit.Line(s.Who(e.Key)), kit.Line(n.Title))}, true
}
