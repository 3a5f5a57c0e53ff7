package store

import (
	"context"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// MaxDeadlineDays bounds the range of one Deadlines call.
const MaxDeadlineDays = 366

// publishFacts is the part of a shortfall table or production plan the
// deadline board reads.
type publishFacts struct {
	Published   time.Time `json:"published"`
	PublishedBy string    `json:"published_by"`
}

func getPublishFacts(tx *bolt.Tx, bucket []byte, d model.Date) (publishFacts, error) {
	var f publishFacts
	_, err := load(tx.Bucket(bucket), []byte(d.String()), &f)
	return f, err
}

// Deadlines lists the due items falling in [from, to] (factory dates; see
// model.PlanningDue and model.DueDay), evaluated at the clock's now:
//
//   - forecasts and ten-day plans due (sales): done at the period's first
//     publish, by whoever published it;
//   - every working day, the shortfall table (sales, due 14:00) and the
//     plan for the next working day (production, due 17:30; Ref its
//     production day): done at the first publish;
//   - order line replies whose ReplyDue falls in the range (production; Ref
//     SO-…/n): done at RepliedAt, by the replier in the line's history.
//     Lines cancelled or closed unanswered are left out.
//
// Items are sorted by due time. Only items due by now can be missing;
// later ones are pending. The range may span MaxDeadlineDays at most.
func (db *DB) Deadlines(ctx context.Context, from, to model.Date) ([]model.DueItem, error) {
	v := model.Invalid{}
	if from.IsZero() {
		v.Add("from", "val.required")
	}
	if to.IsZero() {
		v.Add("to", "val.required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if to.Before(from) {
		from, to = to, from
	}
	if from.DaysUntil(to) >= MaxDeadlineDays {
		return nil, model.Errorf(model.EINVALID, "err.range_too_long", MaxDeadlineDays)
	}
	now := db.clock.Now()
	var items []model.DueItem
	err := db.view(ctx, func(tx *bolt.Tx) (err error) {
		items, err = db.dueItems(tx, from, to, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return items, nil
}

// dueItems is the board of Deadlines for [from, to] (checked) at now, in
// read transaction tx. Every session's header counts today's missing items
// each minute and after each change: the board is computed once per
// committed state (shared) and settled at each reader's now, which is all
// that depends on the time.
func (db *DB) dueItems(tx *bolt.Tx, from, to model.Date, now time.Time) ([]model.DueItem, error) {
	board, err := sharedGet(&db.shared, tx, "due|"+from.String()+"|"+to.String(), func() ([]model.DueItem, error) {
		return db.dueBoard(tx, from, to, now)
	})
	if err != nil {
		return nil, err
	}
	items := make([]model.DueItem, len(board))
	copy(items, board)
	for i := range items {
		items[i].State, items[i].Late = model.EvaluateDue(items[i].Due, items[i].Done, now)
	}
	return items, nil
}

// dueBoard computes the board for [from, to] at now in tx.
func (db *DB) dueBoard(tx *bolt.Tx, from, to model.Date, now time.Time) ([]model.DueItem, error) {
	items, err := db.planItems(tx, from, to, now)
	if err != nil {
		return nil, err
	}
	replies, err := db.replyItems(tx, from, to, now)
	if err != nil {
		return nil, err
	}
	items = append(items, replies...)
	records, err := db.recordDueItems(tx, from, to, now)
	if err != nil {
		return nil, err
	}
	items = append(items, records...)
	model.SortDueItems(items)
	return items, nil
}

// recordDueItems are the deadlines kept on records of their own due in
// [from, to] at now: projects' decisions, campaigns' answers and items, and
// department plan items, and purchase requests.
func (db *DB) recordDueItems(tx *bolt.Tx, from, to model.Date, now time.Time) ([]model.DueItem, error) {
	projects, err := db.projectItems(tx, from, to, now)
	if err != nil {
		return nil, err
	}
	campaigns, err := db.campaignItems(tx, from, to, now)
	if err != nil {
		return nil, err
	}
	plans, err := db.allPlanItems(tx)
	if err != nil {
		return nil, err
	}
	purchases, err := db.purchaseDueItems(tx, from, to, now)
	if err != nil {
		return nil, err
	}
	out := append(append(projects, campaigns...), purchases...)
	for _, p := range plans {
		if it, ok := model.PlanItemDueItem(db.cal, p, now); ok {
			if day := model.DueDay(db.cal, it.Due); !day.Before(from) && !day.After(to) {
				out = append(out, it)
			}
		}
	}
	return out, nil
}

// submissionTally tallies the deadlines falling in [from, to] at now, of
// dept ("": every department's): the planning ones from their tables, the
// reply deadlines of the days before today from the line aggregates, and
// those of today and later from the lines.
func (db *DB) submissionTally(tx *bolt.Tx, from, to model.Date, dept model.Department, now time.Time) (model.DueTally, error) {
	var keep func(model.DueItem) bool
	if dept != "" {
		keep = func(it model.DueItem) bool { return it.Dept == dept }
	}
	items, err := db.planItems(tx, from, to, now)
	if err != nil {
		return model.DueTally{}, err
	}
	records, err := db.recordDueItems(tx, from, to, now)
	if err != nil {
		return model.DueTally{}, err
	}
	t := model.TallyDue(append(items, records...), keep)
	if dept != "" && dept != model.DeptProduction {
		return t, nil
	}
	today := db.cal.DateOf(now)
	before := today.AddDays(-1)
	if to.Before(before) {
		before = to
	}
	if !before.Before(from) {
		r := replyDeadlines(tx, from, before)
		t.OnTime, t.Late, t.Missing = t.OnTime+r.OnTime, t.Late+r.Late, t.Missing+r.Missing
	}
	start := today
	if from.After(start) {
		start = from
	}
	if !to.Before(start) {
		live, err := db.replyItems(tx, start, to, now)
		if err != nil {
			return model.DueTally{}, err
		}
		r := model.TallyDue(live, nil)
		t.OnTime, t.Late, t.Missing, t.Pending = t.OnTime+r.OnTime, t.Late+r.Late, t.Missing+r.Missing, t.Pending+r.Pending
	}
	return t, nil
}

// planItems are the planning deadlines (forecasts, ten-day plans, the
// daily shortfall table and production plan) falling in [from, to] at now,
// from the day the data file came into use: none were owed before it.
func (db *DB) planItems(tx *bolt.Tx, from, to model.Date, now time.Time) ([]model.DueItem, error) {
	since, err := db.inUseSince(tx)
	if err != nil {
		return nil, err
	}
	if since.IsZero() || to.Before(since) {
		return nil, nil
	}
	if from.Before(since) {
		from = since
	}
	var ferr error
	keep := func(err error) {
		if ferr == nil {
			ferr = err
		}
	}
	facts := model.DueFacts{
		Period: func(p model.Period) (time.Time, string) {
			h, err := getPlanHead(tx, p)
			if err != nil {
				keep(err)
				return time.Time{}, ""
			}
			return h.FirstPublished, h.FirstPublishedBy
		},
		Shortfall: func(d model.Date) (time.Time, string) {
			f, err := getPublishFacts(tx, bucketShortfalls, d)
			keep(err)
			return f.Published, f.PublishedBy
		},
		Plan: func(d model.Date) (time.Time, string) {
			f, err := getPublishFacts(tx, bucketProdPlans, d)
			keep(err)
			return f.Published, f.PublishedBy
		},
	}
	items := model.PlanningDue(db.cal, from, to, now, facts)
	if ferr != nil {
		return nil, ferr
	}
	return items, nil
}

// replyItems reads the order line replies whose deadline falls in [from,
// to] (by model.DueDay: the factory date of the instant just before it is
// due) from the reply-deadline index.
func (db *DB) replyItems(tx *bolt.Tx, from, to model.Date, now time.Time) ([]model.DueItem, error) {
	loc := db.clock.Loc
	lo := time.Date(from.Y, from.M, from.D, 0, 0, 0, 0, loc)            // exclusive
	hi := time.Date(to.Y, to.M, to.D, 0, 0, 0, 0, loc).AddDate(0, 0, 1) // inclusive
	var out []model.DueItem
	orders := map[uint64]*model.Order{}
	c := tx.Bucket(bucketLinesByReplyDue).Cursor()
	for k, _ := c.Seek(itob(uint64(lo.UnixNano()))); len(k) == 16; k, _ = c.Next() {
		due := time.Unix(0, int64(btoi(k[:8])))
		if !due.After(lo) {
			continue
		}
		if due.After(hi) {
			break
		}
		l, _, err := getLine(tx, btoi(k[8:]))
		if err != nil {
			return nil, err
		}
		if day := model.DueDay(db.cal, l.ReplyDue); day.Before(from) || day.After(to) {
			continue
		}
		o := orders[l.OrderID]
		if o == nil {
			if o, err = getOrderHeader(tx, l.OrderID); err != nil {
				return nil, err
			}
			orders[l.OrderID] = o
		}
		if it, ok := model.ReplyDueItem(db.cal, o, l, now); ok {
			out = append(out, it)
		}
	}
	return out, nil
}
