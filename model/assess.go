package model

import (
	"slices"
	"time"
)

// Monthly assessment (考评, docs/DOMAIN.md#assessment): each department's
// month is scored from its indicators against their targets, weighted by
// the table the office keeps per department, and from the ledger entries
// confirmed for its people. The office reviews the month and finalises it;
// a finalised month keeps its figures.

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
	Score     float64    `json:"score"` // KPIScore − (Penalties − Awards) ÷ 100 × LedgerPoints
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
	for _, e := range entries {
		if e.Dept != d || !e.Counts() || !m.Contains(cal.DateOf(e.ConfirmedAt)) {
			continue
		}
		if e.Kind == LedgerAward {
			a.Awards -= e.Signed()
		} else {
			a.Penalties += e.Signed()
		}
	}
	a.Score = a.KPIScore - float64(a.Penalties-a.Awards)/100*LedgerPoints
	return a
}

// Assessment is a month's assessment of every department: computed from
// the records until the office finalises it, then kept as it was.
type Assessment struct {
	Month       Month            `json:"month"`
	Depts       []DeptAssessment `json:"depts"`
	FinalisedAt time.Time        `json:"finalised_at,omitzero"`
	FinalisedBy string           `json:"finalised_by,omitempty"`
	Meta
}

// AssessedDepts are the departments assessed, in order.
var AssessedDepts = []Department{DeptSales, DeptProduction, DeptRnD, DeptQuality, DeptOffice, DeptPurchasing}
