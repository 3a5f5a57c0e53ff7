package tui

import (
	"slices"

	"xietong/model"
)

// deskSections are the sections of one's own desk: home and notices.
func deskSections() []section {
	return []section{
		{key: "sec.home", code: "home", group: "grp.desk", make: func(s *Session) Screen { return newHome(s) },
			wants: model.KindSet(model.KindNotice, model.KindNoticeRead, model.KindAction, model.KindOrder, model.KindLine,
				model.KindPlan, model.KindShortfall, model.KindProdPlan, model.KindUser)},
		{key: "sec.notices", code: "notices", group: "grp.desk", make: func(s *Session) Screen { return newNotices(s) },
			wants:  model.KindSet(model.KindNotice, model.KindNoticeRead, model.KindUser),
			alerts: []liveAlert{{model.KindNotice, noticeAlert}, {model.KindNoticeRead, noticeReadAlert}}},
	}
}

// noticeFor reports whether a notice event may concern me, from its routing
// facts alone (the notice is read only when it may).
func noticeFor(e model.Event, me *model.User) bool {
	return len(e.Depts) == 0 || slices.Contains(e.Depts, me.Dept)
}

// noticeAlert tells the people a notice is for that it was posted (an
// urgent one rings) or changed.
func noticeAlert(s *Session, e model.Event) (alert, bool) {
	me := s.User
	if !noticeFor(e, me) {
		return alert{}, false
	}
	n, err := s.Svc.Notices.Notice(s.Ctx, e.ID)
	if err != nil || !n.For(me) {
		return alert{}, false
	}
	title, who := Line(n.Title), Line(s.Who(e.Actor))
	switch {
	case e.Action == "create" && n.Urgent:
		return alert{text: s.T("notice.live_urgent", title, who), level: statusAlert, bell: true}, true
	case e.Action == "create":
		return alert{text: s.T("notice.live_new", title, who)}, true
	}
	return alert{text: s.T("notice.live_edit", who, title)}, true
}

// noticeReadAlert tells a notice's author who read it.
func noticeReadAlert(s *Session, e model.Event) (alert, bool) {
	if e.Key == s.User.Login {
		return alert{}, false
	}
	n, err := s.Svc.Notices.Notice(s.Ctx, e.ID)
	if err != nil || n.Author != s.User.Login {
		return alert{}, false
	}
	return alert{text: s.T("notice.live_read", Line(s.Who(e.Key)), Line(n.Title))}, true
}
