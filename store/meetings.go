package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Meetings (docs/DOMAIN.md#meetings): templates, meetings and the action
// items their decisions create, one JSON record per id. bucketMeetingsByMonth maps a
// held month to its monthly meeting so EnsureMonthly creates it once;
// bucketActionsByOwner indexes action items by owner.
//
// Events after commit: Kind "meeting" (ID, Action "create", "save",
// "decide", "close", "addendum", and "action" when one of its action items
// is done), "action" (ID, Key the owner, Action "create" or "done"),
// "meeting_template" (ID, Action "create"/"save") and "kpi_targets"
// (Action "save").

func meetingRecord(id uint64) string  { return "meeting/" + strconv.FormatUint(id, 10) }
func templateRecord(id uint64) string { return "meeting_template/" + strconv.FormatUint(id, 10) }
func actionRecord(id uint64) string   { return "action/" + strconv.FormatUint(id, 10) }

const kpiTargetsRecord = "settings/kpi_targets"

func meetingEvent(id uint64, action string) model.Event {
	return model.Event{Kind: model.KindMeeting, ID: id, Action: action}
}

func actionEvent(a *model.ActionItem, action string) model.Event {
	return model.Event{Kind: model.KindAction, ID: a.ID, Key: a.Owner, Action: action}
}

func actionOwnerKey(owner string, id uint64) []byte {
	return append(append([]byte(owner), 0), itob(id)...)
}

// seedTemplates stores model.DefaultTemplates unless templates exist
// (migration 3).
func seedTemplates(tx *bolt.Tx) error {
	b := tx.Bucket(bucketTemplates)
	if k, _ := b.Cursor().First(); k != nil {
		return nil
	}
	for _, t := range model.DefaultTemplates() {
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		t.ID, t.Meta = id, model.Meta{Version: 1, UpdatedBy: whoSystem}
		raw, err := json.Marshal(&t)
		if err != nil {
			return err
		}
		if err := b.Put(itob(id), raw); err != nil {
			return err
		}
	}
	return nil
}

// migrateMeetingFigures moves figures stored as text on agenda items
// (schema 3) out of the way: into the item's notes when the meeting is
// closed, so the frozen minutes keep them; nowhere when it is open, since
// open meetings compute theirs.
func migrateMeetingFigures(tx *bolt.Tx) error {
	b := tx.Bucket(bucketMeetings)
	return b.ForEach(func(k, v []byte) error {
		var old struct {
			Items []struct {
				Figures string `json:"figures"`
			} `json:"items"`
		}
		if err := json.Unmarshal(v, &old); err != nil {
			return fmt.Errorf("meeting %d: %w", btoi(k), err)
		}
		var m model.Meeting
		if err := json.Unmarshal(v, &m); err != nil {
			return fmt.Errorf("meeting %d: %w", btoi(k), err)
		}
		changed := false
		for i, it := range old.Items {
			if it.Figures == "" || i >= len(m.Items) {
				continue
			}
			changed = true
			if m.IsClosed() {
				m.Items[i].Notes = strings.TrimSpace(it.Figures + "\n" + m.Items[i].Notes)
			}
		}
		if !changed {
			return nil
		}
		raw, err := json.Marshal(&m)
		if err != nil {
			return err
		}
		return b.Put(k, raw)
	})
}

func getMeeting(tx *bolt.Tx, id uint64) (*model.Meeting, []byte, error) {
	return getRecord[model.Meeting](tx, bucketMeetings, itob(id), meetingRecord(id))
}

func getTemplate(tx *bolt.Tx, id uint64) (*model.MeetingTemplate, []byte, error) {
	return getRecord[model.MeetingTemplate](tx, bucketTemplates, itob(id), templateRecord(id))
}

func getAction(tx *bolt.Tx, id uint64) (*model.ActionItem, []byte, error) {
	return getRecord[model.ActionItem](tx, bucketActions, itob(id), actionRecord(id))
}

// ---- templates ----

// Templates lists the meeting templates by id.
func (db *DB) Templates(ctx context.Context) ([]*model.MeetingTemplate, error) {
	out := []*model.MeetingTemplate{}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		ts, err := scanAll[model.MeetingTemplate](tx, bucketTemplates, nil)
		out = append(out, ts...)
		return err
	})
	return out, err
}

// SaveTemplate creates (ID 0) or saves a template (the office; Version the
// one read, else ECONFLICT). Kind may not be monthly: the monthly meeting's
// agenda is fixed.
func (db *DB) SaveTemplate(ctx context.Context, by *model.User, t *model.MeetingTemplate) (*model.MeetingTemplate, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	var saved *model.MeetingTemplate
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActMeetingRun); err != nil {
			return nil, err
		}
		n := model.MeetingTemplate{ID: t.ID, Kind: t.Kind, Name: t.Name, Items: append([]string(nil), t.Items...)}
		var before []byte
		action := "create"
		if t.ID == 0 {
			var err error
			if n.ID, err = w.Bucket(bucketTemplates).NextSequence(); err != nil {
				return nil, err
			}
		} else {
			old, raw, err := getTemplate(w.Tx, t.ID)
			if err != nil {
				return nil, err
			}
			if err := db.checkVersion(w.Tx, templateRecord(t.ID), t.Version, old.Meta); err != nil {
				return nil, err
			}
			n.Meta, before, action = old.Meta, raw, "save"
		}
		if err := w.put(bucketTemplates, itob(n.ID), &n.Meta, &n, "meeting_template."+action, templateRecord(n.ID), before); err != nil {
			return nil, err
		}
		saved = &n
		return []model.Event{{Kind: model.KindMeetingTemplate, ID: n.ID, Action: action}}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// ---- meetings ----

// monthlyFigures reads the figures of month m's monthly meeting (see
// model.MonthlyFigures) in tx, as of now.
func (db *DB) monthlyFigures(tx *bolt.Tx, m model.Month, now time.Time) (*model.MonthlyFigures, error) {
	f := &model.MonthlyFigures{AsOf: now}
	p := m.AddMonths(-1)
	reports, err := scanReports(tx, []byte(p.First().String()), []byte(p.Last().AddDays(1).String()))
	if err != nil {
		return nil, err
	}
	reasons, _, err := getDefectReasons(tx)
	if err != nil {
		return nil, err
	}
	f.Output = model.MonthlyOutput(reports, p, reasons.Reasons...)

	total := func(per model.Period) (model.PlanTotal, error) {
		pt := model.PlanTotal{Period: per}
		h, err := getPlanHead(tx, per)
		if err != nil || h.Reference == 0 {
			return pt, err
		}
		cells, err := referenceCellsOf(tx, per, h)
		if err != nil {
			return pt, err
		}
		pt.Published = true
		for _, c := range cells {
			pt.Total += c.Qty
		}
		return pt, nil
	}
	if f.Forecast, err = total(model.Period{Kind: model.PlanForecast, Month: m}); err != nil {
		return nil, err
	}
	for _, per := range model.TenDays(m) {
		pt, err := total(per)
		if err != nil {
			return nil, err
		}
		f.TenDays = append(f.TenDays, pt)
	}

	f.OTIF = otif(tx, p, db.dueCutOff(p))
	f.Reply = replyTimeliness(tx, p)
	if f.Accuracy, err = accuracyIn(tx, model.Period{Kind: model.PlanForecast, Month: p}, db.cal.DateOf(now)); err != nil {
		return nil, err
	}
	plans, err := db.allPlanItems(tx)
	if err != nil {
		return nil, err
	}
	f.Plans = model.DeptPlanRows(plans, p, db.dueCutOff(p), db.cal)
	return f, nil
}

// withFigures gives an open monthly meeting m its figures computed from the
// records now, in tx (a closed one keeps those frozen at closing; other
// kinds have none).
func (db *DB) withFigures(tx *bolt.Tx, m *model.Meeting) error {
	if m == nil || m.Kind != model.MeetingMonthly || m.IsClosed() {
		return nil
	}
	f, err := db.monthlyFigures(tx, m.Month.AddMonths(1), db.clock.Now())
	m.Figures = f
	return err
}

// liveMeeting is m as Meeting returns it: read again with its figures, in
// a read transaction of its own (after a change has committed).
func (db *DB) liveMeeting(ctx context.Context, m *model.Meeting) (*model.Meeting, error) {
	if m == nil || m.Kind != model.MeetingMonthly || m.IsClosed() {
		return m, nil
	}
	err := db.view(ctx, func(tx *bolt.Tx) error { return db.withFigures(tx, m) })
	return m, err
}

// asOf is the cut-off of due lines for month m: today, or m's last day if
// earlier.
func (db *DB) asOf(m model.Month) model.Date {
	today := db.cal.DateOf(db.clock.Now())
	if last := m.Last(); last.Before(today) {
		return last
	}
	return today
}

// dueCutOff is the last promised date whose lines on time in full counts
// for month m: yesterday, or m's last day if earlier. A line promised for
// today can still ship today; counting it at 00:05 read every such line as
// a failure (0 % on the 1st of a month).
func (db *DB) dueCutOff(m model.Month) model.Date {
	yesterday := db.cal.DateOf(db.clock.Now()).AddDays(-1)
	if last := m.Last(); last.Before(yesterday) {
		return last
	}
	return yesterday
}

func checkMonth(m model.Month) error {
	if m.Month < 1 || m.Month > 12 || m.Year < model.MinYear || m.Year > model.MaxYear {
		v := model.Invalid{}
		v.Add("month", "val.month_format")
		return v.Err()
	}
	return nil
}

// EnsureMonthly returns the monthly meeting held in month m (on the 3rd,
// reviewing the month before), creating it if there is none, with items
// a–f and one per reporting department; without figures (Meeting computes
// those when it is read). Creation is one transaction checking the month
// index, so concurrent calls create one meeting; it is audited as by the
// system.
func (db *DB) EnsureMonthly(ctx context.Context, m model.Month) (*model.Meeting, error) {
	if err := checkMonth(m); err != nil {
		return nil, err
	}
	key := []byte(m.String())
	var out *model.Meeting
	// Fast path: it exists.
	err := db.view(ctx, func(tx *bolt.Tx) error {
		if id := tx.Bucket(bucketMeetingsByMonth).Get(key); id != nil {
			var err error
			out, _, err = getMeeting(tx, btoi(id))
			return err
		}
		return nil
	})
	if err != nil || out != nil {
		return out, err
	}
	err = db.update(ctx, whoSystem, func(w *wtx) ([]model.Event, error) {
		if id := w.Bucket(bucketMeetingsByMonth).Get(key); id != nil {
			var err error
			out, _, err = getMeeting(w.Tx, btoi(id))
			return nil, err // nothing audited: nothing written
		}
		mt := model.NewMonthlyMeeting(m)
		var err error
		if mt.ID, err = w.Bucket(bucketMeetings).NextSequence(); err != nil {
			return nil, err
		}
		if err := w.Bucket(bucketMeetingsByMonth).Put(key, itob(mt.ID)); err != nil {
			return nil, err
		}
		if err := w.put(bucketMeetings, itob(mt.ID), &mt.Meta, mt, "meeting.create", meetingRecord(mt.ID), nil); err != nil {
			return nil, err
		}
		out = mt
		return []model.Event{meetingEvent(mt.ID, "create")}, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// StartMeeting creates a meeting from template templateID on day d (the
// office): its items keyed "1", "2", ... in the template's order.
func (db *DB) StartMeeting(ctx context.Context, by *model.User, templateID uint64, d model.Date) (*model.Meeting, error) {
	if d.IsZero() {
		v := model.Invalid{}
		v.Add("date", "val.required")
		return nil, v.Err()
	}
	var out *model.Meeting
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActMeetingRun); err != nil {
			return nil, err
		}
		t, _, err := getTemplate(w.Tx, templateID)
		if err != nil {
			return nil, err
		}
		mt := model.NewMeetingFrom(t, d)
		if mt.ID, err = w.Bucket(bucketMeetings).NextSequence(); err != nil {
			return nil, err
		}
		if err := w.put(bucketMeetings, itob(mt.ID), &mt.Meta, mt, "meeting.create", meetingRecord(mt.ID), nil); err != nil {
			return nil, err
		}
		out = mt
		return []model.Event{meetingEvent(mt.ID, "create")}, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Meeting returns meeting id; an open monthly meeting with its figures
// computed from the records now, a closed one with those frozen when it
// closed.
func (db *DB) Meeting(ctx context.Context, id uint64) (m *model.Meeting, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		if m, _, err = getMeeting(tx, id); err != nil {
			return err
		}
		return db.withFigures(tx, m)
	})
	return m, err
}

// Meetings lists every meeting without figures, newest first (by date,
// then id).
func (db *DB) Meetings(ctx context.Context) ([]*model.Meeting, error) {
	out := []*model.Meeting{}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		ms, err := scanAll[model.Meeting](tx, bucketMeetings, nil)
		out = append(out, ms...)
		return err
	})
	model.SortMeetings(out)
	return out, err
}

// changeMeeting applies change to meeting id at version (else ECONFLICT)
// after checking that the person acting runs meetings and that the meeting
// is open (else EINVALID err.meeting_closed), then stamps, saves and audits
// it as "meeting."+action and announces it. change may return extra events.
// The meeting is returned as Meeting would return it.
func (db *DB) changeMeeting(ctx context.Context, by *model.User, id, version uint64, action string,
	change func(w *wtx, m *model.Meeting) error, extra ...func() []model.Event) (*model.Meeting, error) {
	var out *model.Meeting
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActMeetingRun); err != nil {
			return nil, err
		}
		m, before, err := getMeeting(w.Tx, id)
		if err != nil {
			return nil, err
		}
		if err := db.checkVersion(w.Tx, meetingRecord(id), version, m.Meta); err != nil {
			return nil, err
		}
		if m.IsClosed() {
			return nil, model.Errorf(model.EINVALID, "err.meeting_closed", id)
		}
		if err := change(w, m); err != nil {
			return nil, err
		}
		if err := w.put(bucketMeetings, itob(id), &m.Meta, m, "meeting."+action, meetingRecord(id), before); err != nil {
			return nil, err
		}
		out = m
		evs := []model.Event{meetingEvent(id, action)}
		for _, f := range extra {
			evs = append(evs, f()...)
		}
		return evs, nil
	})
	if err != nil {
		return nil, err
	}
	return db.liveMeeting(ctx, out)
}

// SaveMeeting saves the title, items (ticks, notes; items may be added or
// removed) and attendees of an open meeting (the office; m.Version the one
// read). Attendees are logins of accounts: one not known before in this
// meeting must be an enabled account (else EINVALID on "attendees"). Kind,
// date, month, decisions, figures and close are not changed by a save. A
// closed meeting is refused with EINVALID err.meeting_closed.
func (db *DB) SaveMeeting(ctx context.Context, by *model.User, m *model.Meeting) (*model.Meeting, error) {
	in := *m
	in.Attendees = model.CleanAttendees(m.Attendees)
	if err := in.ValidateEdit(); err != nil {
		return nil, err
	}
	return db.changeMeeting(ctx, by, m.ID, m.Version, "save", func(w *wtx, stored *model.Meeting) error {
		for _, login := range in.Attendees {
			if slices.Contains(stored.Attendees, login) {
				continue // kept as recorded, even if the account has since been disabled
			}
			if err := enabledAccount(w.Tx, "attendees", login); err != nil {
				return err
			}
		}
		stored.Title, stored.Items, stored.Attendees = in.Title, append([]model.AgendaItem(nil), in.Items...), in.Attendees
		return nil
	})
}

// enabledAccount checks that login names an enabled account, else an
// EINVALID error on field.
func enabledAccount(tx *bolt.Tx, field, login string) error {
	u, _, err := getUser(tx, login)
	if model.ErrorCode(err) == model.ENOTFOUND {
		v := model.Invalid{}
		v.Add(field, "val.unknown_user", login)
		return v.Err()
	} else if err != nil {
		return err
	}
	if u.Disabled {
		v := model.Invalid{}
		v.Add(field, "val.user_disabled", login)
		return v.Err()
	}
	return nil
}

// Decide records decision d in open meeting id (the office; version the
// one read) and creates its action item in the same transaction: text
// required, the owner an enabled account, due on or after the meeting's
// date. It returns the meeting and the new action item.
func (db *DB) Decide(ctx context.Context, by *model.User, id, version uint64, d model.Decision) (*model.Meeting, *model.ActionItem, error) {
	var item *model.ActionItem
	m, err := db.changeMeeting(ctx, by, id, version, "decide", func(w *wtx, m *model.Meeting) error {
		d := d // a copy per run: its ActionID is set below
		if err := model.ValidateDecision(m, d); err != nil {
			return err
		}
		if err := enabledAccount(w.Tx, "owner", d.Owner); err != nil {
			return err
		}
		a := &model.ActionItem{Text: d.Text, Owner: d.Owner, Due: d.Due, MeetingID: m.ID}
		var err error
		if a.ID, err = w.Bucket(bucketActions).NextSequence(); err != nil {
			return err
		}
		if err := w.put(bucketActions, itob(a.ID), &a.Meta, a, "action.create", actionRecord(a.ID), nil); err != nil {
			return err
		}
		if err := w.Bucket(bucketActionsByOwner).Put(actionOwnerKey(a.Owner, a.ID), []byte{}); err != nil {
			return err
		}
		d.ActionID = a.ID
		m.Decisions = append(m.Decisions, d)
		item = a
		return nil
	}, func() []model.Event { return []model.Event{actionEvent(item, "create")} })
	if err != nil {
		return nil, nil, err
	}
	return m, item, nil
}

// CloseMeeting closes meeting id (the office; version the one read): the
// minutes are frozen from then on, and a monthly meeting's figures are
// computed from the records one last time and stored with them.
func (db *DB) CloseMeeting(ctx context.Context, by *model.User, id, version uint64) (*model.Meeting, error) {
	return db.changeMeeting(ctx, by, id, version, "close", func(w *wtx, m *model.Meeting) error {
		if m.Kind == model.MeetingMonthly {
			f, err := db.monthlyFigures(w.Tx, m.Month.AddMonths(1), w.now)
			if err != nil {
				return err
			}
			m.Figures = f
		}
		m.Closed, m.ClosedBy = w.now, w.who
		return nil
	})
}

// AddAddendum adds a note to the minutes of closed meeting id (the office;
// no version: addenda only append). An open meeting is refused with
// EINVALID err.meeting_open. Audited as "meeting.addendum".
func (db *DB) AddAddendum(ctx context.Context, by *model.User, id uint64, text string) (*model.Meeting, error) {
	v := model.Invalid{}
	model.ValidateText(v, "text", text, true, model.MaxAddendumText, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *model.Meeting
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActMeetingRun); err != nil {
			return nil, err
		}
		m, before, err := getMeeting(w.Tx, id)
		if err != nil {
			return nil, err
		}
		if !m.IsClosed() {
			return nil, model.Errorf(model.EINVALID, "err.meeting_open", id)
		}
		m.Addenda = append(m.Addenda, model.Addendum{At: w.now, By: w.who, Text: text})
		if err := w.put(bucketMeetings, itob(id), &m.Meta, m, "meeting.addendum", meetingRecord(id), before); err != nil {
			return nil, err
		}
		out = m
		return []model.Event{meetingEvent(id, "addendum")}, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ---- action items ----

// ActionItems lists owner's action items (everyone's when owner is ""),
// only those not done when open is true, by due date then id.
func (db *DB) ActionItems(ctx context.Context, owner string, open bool) ([]*model.ActionItem, error) {
	out := []*model.ActionItem{}
	keep := func(a *model.ActionItem) bool { return !open || !a.IsDone() }
	err := db.view(ctx, func(tx *bolt.Tx) error {
		if owner == "" {
			as, err := scanAll(tx, bucketActions, keep)
			out = append(out, as...)
			return err
		}
		// Every home screen lists its person's open items after every
		// change: they are decoded once until an action item changes, and
		// each caller gets its own copies.
		mine, err := lastingGet(&db.lasting, tx, "actions|"+owner, []string{"action"}, func() ([]model.ActionItem, error) {
			var mine []model.ActionItem
			prefix := append([]byte(owner), 0)
			c := tx.Bucket(bucketActionsByOwner).Cursor()
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				a, _, err := getAction(tx, btoi(k[len(prefix):]))
				if err != nil {
					return nil, err
				}
				mine = append(mine, *a)
			}
			return mine, nil
		})
		for _, a := range mine {
			if keep(&a) {
				out = append(out, &a)
			}
		}
		return err
	})
	model.SortActionItems(out)
	return out, err
}

// ActionItem returns action item id. Not part of model.MeetingService.
func (db *DB) ActionItem(ctx context.Context, id uint64) (a *model.ActionItem, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		a, _, err = getAction(tx, id)
		return err
	})
	return a, err
}

// MeetingActions lists the action items of meeting id's decisions, in
// decision order. Not part of model.MeetingService.
func (db *DB) MeetingActions(ctx context.Context, id uint64) ([]*model.ActionItem, error) {
	out := []*model.ActionItem{}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		m, _, err := getMeeting(tx, id)
		if err != nil {
			return err
		}
		for _, d := range m.Decisions {
			if d.ActionID == 0 {
				continue
			}
			a, _, err := getAction(tx, d.ActionID)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return nil
	})
	return out, err
}

// CompleteAction marks action item id done now with an optional note (its
// owner or the office; version the one read). Done twice is EINVALID
// err.action_done. Announced as "action" (Key the owner) and, when it came
// from a meeting, as "meeting" action "action" so open minutes refresh.
func (db *DB) CompleteAction(ctx context.Context, by *model.User, id, version uint64, note string) (*model.ActionItem, error) {
	v := model.Invalid{}
	model.ValidateText(v, "note", note, false, model.MaxActionNote, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *model.ActionItem
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		a, before, err := getAction(w.Tx, id)
		if err != nil {
			return nil, err
		}
		if actor != nil && !model.CanCompleteAction(actor, a) {
			return nil, model.Errorf(model.EFORBIDDEN, "err.forbidden.action.complete")
		}
		if err := db.checkVersion(w.Tx, actionRecord(id), version, a.Meta); err != nil {
			return nil, err
		}
		if a.IsDone() {
			return nil, model.Errorf(model.EINVALID, "err.action_done", id)
		}
		a.Done, a.DoneNote = w.now, note
		if err := w.put(bucketActions, itob(id), &a.Meta, a, "action.done", actionRecord(id), before); err != nil {
			return nil, err
		}
		out = a
		evs := []model.Event{actionEvent(a, "done")}
		if a.MeetingID != 0 {
			evs = append(evs, meetingEvent(a.MeetingID, "action"))
		}
		return evs, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ---- KPI targets and values ----

// kpiTargets is the stored target table.
type kpiTargets struct {
	Targets []model.KPITarget `json:"targets"`
	model.Meta
}

func getTargets(tx *bolt.Tx) (*kpiTargets, []byte, error) {
	t := &kpiTargets{}
	raw, err := load(tx.Bucket(bucketSettings), settingKPITargets, t)
	if t.Targets == nil {
		t.Targets = []model.KPITarget{}
	}
	return t, raw, err
}

// Targets returns the KPI target table (empty until the office sets one).
func (db *DB) Targets(ctx context.Context) (ts []model.KPITarget, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		t, _, err := getTargets(tx)
		ts = t.Targets
		return err
	})
	return ts, err
}

// SaveTargets replaces the KPI target table (the office; values 0..1, each
// indicator once).
func (db *DB) SaveTargets(ctx context.Context, by *model.User, ts []model.KPITarget) error {
	if err := model.ValidateTargets(ts); err != nil {
		return err
	}
	return db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActMeetingRun); err != nil {
			return nil, err
		}
		old, before, err := getTargets(w.Tx)
		if err != nil {
			return nil, err
		}
		n := kpiTargets{Targets: append([]model.KPITarget{}, ts...), Meta: old.Meta}
		if err := w.put(bucketSettings, settingKPITargets, &n.Meta, &n, "kpi.targets", kpiTargetsRecord, before); err != nil {
			return nil, err
		}
		return []model.Event{{Kind: model.KindKPITargets, Action: "save"}}, nil
	})
}

// KPI computes indicator k for month m with its target attached:
//
//   - forecast_accuracy: ForecastAccuracy(m) (model.KPIFromAccuracy);
//   - reply_timeliness: model.ReplyTimeliness over all lines;
//   - otif, plan_completion: model.OTIF / PlanCompletion as of today or
//     m's last day, whichever is earlier;
//   - defect_rate, feedback_timeliness: FeedbackKPI(m);
//   - submission: the deadlines due from m's first day to today or m's
//     last day (model.SubmissionTimeliness), dept's only when dept is set;
//   - rnd_plan, project_plan: R&D's plan items (model.DeptPlanCompletion)
//     and the approved projects (model.ProjectPlanCompletion) due in m up
//     to yesterday or m's last day, done by their dates;
//   - cost_target: month m's cost sheet (model.CostKPI), Σ target ÷
//     Σ actual unit cost in fen over the products with both, as entered
//     so far while m runs.
//
// dept filters the submission KPI only; the others are company-wide.
// A month without data has OK false.
func (db *DB) KPI(ctx context.Context, k model.KPI, m model.Month, dept model.Department) (model.KPIValue, error) {
	if !k.Valid() {
		v := model.Invalid{}
		v.Add("kpi", "val.unknown_kpi", string(k))
		return model.KPIValue{}, v.Err()
	}
	if err := checkMonth(m); err != nil {
		return model.KPIValue{}, err
	}
	if dept != "" && !dept.Valid() {
		v := model.Invalid{}
		v.Add("dept", "val.unknown_dept", string(dept))
		return model.KPIValue{}, v.Err()
	}
	var out model.KPIValue
	err := db.view(ctx, func(tx *bolt.Tx) error {
		v, err := db.kpiIn(tx, k, m, dept)
		if err != nil {
			return err
		}
		t, _, err := getTargets(tx)
		out = v.WithTarget(t.Targets)
		return err
	})
	return out, err
}

// kpiIn computes KPI's value without its target, in read transaction tx.
func (db *DB) kpiIn(tx *bolt.Tx, k model.KPI, m model.Month, dept model.Department) (model.KPIValue, error) {
	var out model.KPIValue
	switch k {
	case model.KPIForecastAccuracy:
		acc, err := accuracyIn(tx, model.Period{Kind: model.PlanForecast, Month: m}, db.cal.DateOf(db.clock.Now()))
		if err != nil {
			return out, err
		}
		out = model.KPIFromAccuracy(acc)
	case model.KPIReplyTimeliness:
		out = model.KPIValueOf(k, m, replyTimeliness(tx, m))
	case model.KPIOTIF, model.KPIPlanCompletion:
		// Plan completion counts as on time in full does (model.PlanCompletion).
		out = model.KPIValueOf(k, m, otif(tx, m, db.dueCutOff(m)))
	case model.KPIDefectRate, model.KPIFeedbackTimeliness, model.KPITechService:
		fk, err := db.feedbackKPI(tx, m)
		if err != nil {
			return out, err
		}
		r := fk.DefectRate
		switch k {
		case model.KPIFeedbackTimeliness:
			r = fk.Quality
		case model.KPITechService:
			r = fk.Technical
		}
		out = model.KPIValueOf(k, m, r)
	case model.KPISubmission:
		var r model.Ratio
		if to := db.asOf(m); !to.Before(m.First()) {
			t, err := db.submissionTally(tx, m.First(), to, dept, db.clock.Now())
			if err != nil {
				return out, err
			}
			r = t.Timeliness()
		}
		out = model.KPIValueOf(k, m, r)
	case model.KPIRnDPlan:
		r, err := db.rndPlanKPI(tx, m)
		if err != nil {
			return out, err
		}
		out = model.KPIValueOf(k, m, r)
	case model.KPIProjectPlan:
		r, err := db.projectPlanKPI(tx, m)
		if err != nil {
			return out, err
		}
		out = model.KPIValueOf(k, m, r)
	case model.KPICostTarget:
		sheet, _, err := getCostSheet(tx, m)
		if err != nil {
			return out, err
		}
		out = model.CostKPI(m, sheet.Rows)
	}
	out.Dept = dept
	return out, nil
}
