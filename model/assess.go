package model

import (
	"cmp"
	"slices"
	"time"
)

// Monthly assessment (考评, docs/DOMAIN.md#assessment): each department's
// month is scored from its indicators against their targets, weighted by
// the table the office keeps per department, and from the ledger entries
// confirmed for its people; each person's from their department's
// indicator score and their own ledger entries (PersonAssessment). The
// office reviews the month and finalises it; a finalised month keeps its
// figures, its people's too. A year puts the months side by side.

// Weight is one indicator's weight in a department's score.
type Weight struct {
	KPI    KPI `json:"kpi"`
	Weight int `json:"weight"` // 0..100
}

// DefaultWeights are the weights of each department until the office sets
// its own: the indicators the manual names for it, and submission
// timeliness for every department.
func DefaultWeights(d Department) []Weight {
	switch d {
	case DeptSales:
		return []Weight{{KPIForecastAccuracy, 50}, {KPIOTIF, 20}, {KPISubmission, 30}}
	case DeptProduction:
		return []Weight{{KPIPlanCompletion, 25}, {KPIDefectRate, 15}, {KPIReplyTimeliness, 15}, {KPIProjectPlan, 10}, {KPICostTarget, 15}, {KPISubmission, 20}}
	case DeptRnD:
		return []Weight{{KPIRnDPlan, 40}, {KPITechService, 30}, {KPIProjectPlan, 20}, {KPISubmission, 10}}
	case DeptQuality:
		return []Weight{{KPIFeedbackTimeliness, 50}, {KPIDefectRate, 30}, {KPISubmission, 20}}
	}
	return []Weight{{KPISubmission, 100}}
}

// ValidateWeights checks a department's weights: known indicators, each
// once, 0..100.
func ValidateWeights(ws []Weight) error {
	v := Invalid{}
	seen := map[KPI]bool{}
	for _, w := range ws {
		switch {
		case !w.KPI.Valid():
			v.Add("kpi", "val.unknown_kpi", string(w.KPI))
		case seen[w.KPI]:
			v.Add("kpi", "val.kpi_twice", w.KPI.Text())
		case w.Weight < 0 || w.Weight > 100:
			v.Add("weight", "val.range", 0, 100)
		}
		seen[w.KPI] = true
	}
	return v.Err()
}

// LedgerPoints is how many points of a department's score 100 yuan of
// confirmed penalties take away (awards add them back).
const LedgerPoints = 1

// KPIScore is one indicator of a department's month: its value, target
// and weight, and the score it earns (0..1; OK false without data, then it
// does not count).
type KPIScore struct {
	KPIValue
	Weight int     `json:"weight"`
	Score  float64 `json:"score"`
}

// ScoreKPI is how well v meets its target, 0..1: value ÷ target for an
// indicator where more is better, target ÷ value where less is (the
// defect rate); without a target the value itself (1 − value where less
// is better).
func ScoreKPI(v KPIValue) float64 {
	x := v.Value
	var s float64
	switch {
	case v.KPI.LowerIsBetter() && v.Target != nil && v.Target.Target > 0:
		s = 1
		if x > 0 {
			s = v.Target.Target / x
		}
	case v.KPI.LowerIsBetter():
		s = 1 - x
	case v.Target != nil && v.Target.Target > 0:
		s = x / v.Target.Target
	default:
		s = x
	}
	return max(min(s, 1), 0)
}

// DeptAssessment is one department's month.
type DeptAssessment struct {
	Dept      Department `json:"dept"`
	KPIs      []KPIScore `json:"kpis"`
	KPIScore  float64    `json:"kpi_score"` // 0..100: Σ weight × score ÷ Σ weight over the indicators with data
	Scored    bool       `json:"scored"`    // some indicator had data; else KPIScore and Score mean nothing
	Penalties int64      `json:"penalties"` // yuan confirmed in the month for its people, net of reversals
	Awards    int64      `json:"awards"`
	Score     float64    `json:"score"` // KPIScore + LedgerAdjust(Penalties, Awards)
}

// Assess scores department d's month from its indicators' values (vs) with
// weights ws and the ledger entries confirmed in it for d's people.
func Assess(d Department, vs []KPIValue, ws []Weight, entries []*LedgerEntry, m Month, cal *Calendar) DeptAssessment {
	a := DeptAssessment{Dept: d}
	var sum, total float64
	for _, w := range ws {
		i := slices.IndexFunc(vs, func(v KPIValue) bool { return v.KPI == w.KPI })
		if i < 0 || w.Weight == 0 {
			continue
		}
		ks := KPIScore{KPIValue: vs[i], Weight: w.Weight}
		if ks.OK {
			ks.Score = ScoreKPI(ks.KPIValue)
			sum += float64(w.Weight) * ks.Score
			total += float64(w.Weight)
		}
		a.KPIs = append(a.KPIs, ks)
	}
	if total > 0 {
		a.KPIScore, a.Scored = 100*sum/total, true
	}
	a.Penalties, a.Awards = ledgerSums(entries, m, cal, func(e *LedgerEntry) bool { return e.Dept == d })
	a.Score = a.KPIScore + LedgerAdjust(a.Penalties, a.Awards)
	return a
}

// LedgerAdjust is what penalties and awards (yuan) do to a score:
// LedgerPoints off per 100 yuan of penalties, back per 100 of awards.
func LedgerAdjust(penalties, awards int64) float64 {
	return -float64(penalties-awards) / 100 * LedgerPoints
}

// ledgerSums sums, in yuan, the entries keep picks that count
// (LedgerEntry.Counts) and were confirmed in m: a reversal, confirmed in
// its own month, takes back what it undoes there.
func ledgerSums(entries []*LedgerEntry, m Month, cal *Calendar, keep func(*LedgerEntry) bool) (penalties, awards int64) {
	for _, e := range entries {
		if !keep(e) || !e.Counts() || !m.Contains(cal.DateOf(e.ConfirmedAt)) {
			continue
		}
		if e.Kind == LedgerAward {
			awards -= e.Signed()
		} else {
			penalties += e.Signed()
		}
	}
	return penalties, awards
}

// Assessment is a month's assessment of every department and of their
// people: computed from the records until the office finalises it, then
// kept as it was.
type Assessment struct {
	Month Month            `json:"month"`
	Depts []DeptAssessment `json:"depts"`
	// People is never omitted from a kept month, so that a month finalised
	// before people were kept reads back without it (nil).
	People []PersonAssessment `json:"people"`
	// PeopleLive is set on a month finalised before people were kept: its
	// People are computed from the records now, on the departments' kept
	// indicator scores.
	PeopleLive  bool      `json:"people_live,omitempty"`
	FinalisedAt time.Time `json:"finalised_at,omitzero"`
	FinalisedBy string    `json:"finalised_by,omitempty"`
	Meta
}

// Dept is department d's month, nil when d is not assessed.
func (a *Assessment) Dept(d Department) *DeptAssessment {
	for i := range a.Depts {
		if a.Depts[i].Dept == d {
			return &a.Depts[i]
		}
	}
	return nil
}

// Person is login's month, nil when they are not assessed in it.
func (a *Assessment) Person(login string) *PersonAssessment {
	for i := range a.People {
		if a.People[i].Login == login {
			return &a.People[i]
		}
	}
	return nil
}

// AssessedDepts are the departments assessed, in order.
var AssessedDepts = []Department{DeptSales, DeptProduction, DeptRnD, DeptQuality, DeptOffice, DeptPurchasing}

// ---- people ----

// PersonAssessment is one person's month. Their score is their
// department's indicator score (the same for everyone in it) adjusted by
// their own ledger points:
//
//	score = department's indicator score − (own penalties − own awards) ÷ 100 × LedgerPoints
//
// with their penalties and awards confirmed in the month, net of
// reversals. Their submission timeliness is shown beside it and does not
// enter the score: the department's is one of its indicators already.
type PersonAssessment struct {
	Login      string     `json:"login"`
	Dept       Department `json:"dept"`
	KPIScore   float64    `json:"kpi_score"`  // the department's indicator score
	Scored     bool       `json:"scored"`     // the department has one; else KPIScore and Score mean nothing
	Submission DueTally   `json:"submission"` // their deadline items (OwnsDue)
	Penalties  int64      `json:"penalties"`  // yuan confirmed in the month with them as the person, net of reversals
	Awards     int64      `json:"awards"`
	Score      float64    `json:"score"` // KPIScore + LedgerAdjust(Penalties, Awards)
}

// AssessedPerson reports whether u is assessed as a person: an account of
// an assessed department, not an administrator (whose rights are the
// system's, not a department's work).
func AssessedPerson(u *User) bool {
	return u.Role != RoleAdmin && slices.Contains(AssessedDepts, u.Dept)
}

// OwnsDue reports whether deadline item it counts in u's submission
// timeliness: an item u did (it.Who), and an item nobody did (missing, or
// pending) of the department u leads: what nobody submitted is the
// department's, and its lead and head answer for it. A disabled account
// answers for nothing more.
func OwnsDue(u *User, it DueItem) bool {
	if it.Who != "" {
		return it.Who == u.Login
	}
	return !u.Disabled && leader(u, it.Dept)
}

// AssessPerson is u's month: d is u's department's month (nil when it has
// none), items the deadline board of the month so far, entries the ledger.
func AssessPerson(u *User, d *DeptAssessment, items []DueItem, entries []*LedgerEntry, m Month, cal *Calendar) PersonAssessment {
	p := PersonAssessment{Login: u.Login, Dept: u.Dept}
	if d != nil {
		p.KPIScore, p.Scored = d.KPIScore, d.Scored
	}
	p.Submission = TallyDue(items, func(it DueItem) bool { return OwnsDue(u, it) })
	p.Penalties, p.Awards = ledgerSums(entries, m, cal, func(e *LedgerEntry) bool { return e.Person == u.Login })
	p.Score = p.KPIScore + LedgerAdjust(p.Penalties, p.Awards)
	return p
}

// AssessPeople is the month of every person assessed (AssessedPerson) of
// users, with their departments' months depts: the enabled accounts, and a
// disabled one that did deadline items or has ledger points in the month.
// By department (AssessedDepts), the head and leads first, then by login.
func AssessPeople(users []*User, depts []DeptAssessment, items []DueItem, entries []*LedgerEntry, m Month, cal *Calendar) []PersonAssessment {
	users = slices.Clone(users)
	rank := func(u *User) int {
		switch u.Role {
		case RoleHead:
			return 0
		case RoleLead:
			return 1
		}
		return 2
	}
	slices.SortFunc(users, func(a, b *User) int {
		return cmp.Or(cmp.Compare(slices.Index(AssessedDepts, a.Dept), slices.Index(AssessedDepts, b.Dept)),
			cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Login, b.Login))
	})
	out := []PersonAssessment{}
	for _, u := range users {
		if !AssessedPerson(u) {
			continue
		}
		var d *DeptAssessment
		if i := slices.IndexFunc(depts, func(d DeptAssessment) bool { return d.Dept == u.Dept }); i >= 0 {
			d = &depts[i]
		}
		p := AssessPerson(u, d, items, entries, m, cal)
		if u.Disabled && p.Submission.OnTime+p.Submission.Late == 0 && p.Penalties == 0 && p.Awards == 0 {
			continue
		}
		out = append(out, p)
	}
	return out
}

// SeesAssessmentOf reports whether by may see the assessment of person
// login of department dept: the office and the general manager see
// everyone's, leads and heads their department's people's, and everyone
// their own. With login "" it is whether by may see all of dept's people.
func SeesAssessmentOf(by *User, login string, dept Department) bool {
	if by == nil || by.Disabled {
		return false
	}
	return login != "" && by.Login == login || Can(by, ActLedgerConfirm) || leader(by, dept)
}

// RequireSeesAssessmentOf is SeesAssessmentOf as an error.
func RequireSeesAssessmentOf(by *User, login string, dept Department) error {
	if SeesAssessmentOf(by, login, dept) {
		return nil
	}
	return Errorf(EFORBIDDEN, "err.assess_people")
}

// SeesDepartments reports whether by may see every department's month
// side by side: the office, the general manager, leads and heads (those
// who propose ledger entries).
func SeesDepartments(by *User) bool { return Can(by, ActLedgerPropose) }

// ---- the year ----

// YearAssessment is a year's months side by side (docs/DOMAIN.md#assessment):
// each department's and each person's score month by month, the average
// of the months with a score, and the year's ledger totals.
type YearAssessment struct {
	Year   int         `json:"year"`
	Months []YearMonth `json:"months"` // January to December
	Depts  []YearRow   `json:"depts"`
	People []YearRow   `json:"people"`
}

// YearMonth is a month of the year: Assessed once it has begun (kept if
// finalised, else computed from the records when read).
type YearMonth struct {
	Month       Month     `json:"month"`
	Assessed    bool      `json:"assessed"`
	FinalisedAt time.Time `json:"finalised_at,omitzero"`
	PeopleLive  bool      `json:"people_live,omitempty"` // finalised before people were kept (Assessment.PeopleLive)
}

// YearRow is one department's year (Login "") or one person's.
type YearRow struct {
	Dept      Department   `json:"dept"`
	Login     string       `json:"login,omitempty"`
	Months    []MonthScore `json:"months"`    // January to December, as YearAssessment.Months
	Average   float64      `json:"average"`   // Σ score ÷ number of months with a score
	Scored    bool         `json:"scored"`    // some month has a score; else Average means nothing
	Penalties int64        `json:"penalties"` // the months' sums
	Awards    int64        `json:"awards"`
}

// MonthScore is a row's month; In is false when the row has no figures
// in it (the month not begun, the person not assessed then).
type MonthScore struct {
	In         bool    `json:"in"`
	KPIScore   float64 `json:"kpi_score"`
	Score      float64 `json:"score"`
	Scored     bool    `json:"scored"`
	Penalties  int64   `json:"penalties"`
	Awards     int64   `json:"awards"`
	Submission Ratio   `json:"submission,omitzero"` // a person's own
}

// AssessYear puts the months of year side by side: months[i] is the
// assessment of month i+1 (nil, or missing at the end: not begun). A
// person's row follows the department they were in last; people in the
// order of the latest month they were assessed in.
func AssessYear(year int, months []*Assessment) YearAssessment {
	y := YearAssessment{Year: year, Depts: []YearRow{}, People: []YearRow{}}
	for i := range 12 {
		ym := YearMonth{Month: Month{Year: year, Month: time.Month(i + 1)}}
		if i < len(months) && months[i] != nil {
			ym.Assessed, ym.FinalisedAt, ym.PeopleLive = true, months[i].FinalisedAt, months[i].PeopleLive
		}
		y.Months = append(y.Months, ym)
	}
	row := func(rows *[]YearRow, d Department, login string) *YearRow {
		for i := range *rows {
			if (*rows)[i].Login == login && (login != "" || (*rows)[i].Dept == d) {
				return &(*rows)[i]
			}
		}
		*rows = append(*rows, YearRow{Dept: d, Login: login, Months: make([]MonthScore, 12)})
		return &(*rows)[len(*rows)-1]
	}
	for _, d := range AssessedDepts {
		row(&y.Depts, d, "")
	}
	// The latest month first, so that people come in its order and under
	// the department they were in last.
	for i := min(len(months), 12) - 1; i >= 0; i-- {
		a := months[i]
		if a == nil {
			continue
		}
		for _, d := range a.Depts {
			row(&y.Depts, d.Dept, "").Months[i] = MonthScore{In: true, KPIScore: d.KPIScore, Score: d.Score, Scored: d.Scored,
				Penalties: d.Penalties, Awards: d.Awards}
		}
		for _, p := range a.People {
			row(&y.People, p.Dept, p.Login).Months[i] = MonthScore{In: true, KPIScore: p.KPIScore, Score: p.Score, Scored: p.Scored,
				Penalties: p.Penalties, Awards: p.Awards, Submission: p.Submission.Timeliness()}
		}
	}
	slices.SortStableFunc(y.People, func(a, b YearRow) int {
		return cmp.Compare(slices.Index(AssessedDepts, a.Dept), slices.Index(AssessedDepts, b.Dept))
	})
	for _, rows := range [][]YearRow{y.Depts, y.People} {
		for i := range rows {
			rows[i].total()
		}
	}
	return y
}

// total sums r's months: the average of those with a score, the ledger.
func (r *YearRow) total() {
	n := 0
	sum := 0.0
	for _, m := range r.Months {
		r.Penalties += m.Penalties
		r.Awards += m.Awards
		if m.In && m.Scored {
			sum += m.Score
			n++
		}
	}
	if n > 0 {
		r.Average, r.Scored = sum/float64(n), true
	}
}

// Dept is department d's row, nil when there is none.
func (y *YearAssessment) Dept(d Department) *YearRow {
	for i := range y.Depts {
		if y.Depts[i].Dept == d {
			return &y.Depts[i]
		}
	}
	return nil
}

// Person is login's row, nil when they were assessed in no month of it.
func (y *YearAssessment) Person(login string) *YearRow {
	for i := range y.People {
		if y.People[i].Login == login {
			return &y.People[i]
		}
	}
	return nil
}
