package model

// EvUnrisk is the history entry of a line whose at-risk mark an anomaly
// set is cleared when the anomaly is resolved.
const EvUnrisk EventKind = "unrisk"

// CanHandleAnomaly reports whether u may acknowledge, act on, resolve and
// close anomaly a: the production lead or head, and for a quality anomaly
// also the quality lead or head.
func CanHandleAnomaly(u *User, a *Anomaly) bool {
	if Can(u, ActAnomalyHandle) {
		return true
	}
	return u != nil && !u.Disabled && a != nil && a.Category == AnomalyQuality && leader(u, DeptQuality)
}

// RequireHandleAnomaly is EFORBIDDEN unless CanHandleAnomaly.
func RequireHandleAnomaly(u *User, a *Anomaly) error {
	if CanHandleAnomaly(u, a) {
		return nil
	}
	return Forbidden(ActAnomalyHandle)
}

// CanAnswerFeedback reports whether u may respond to, visit for and close
// feedback f: staff of the department its route names (quality: 品管部,
// rnd: 技术部).
func CanAnswerFeedback(u *User, f *Feedback) bool {
	return Can(u, ActFeedbackRespond) && f != nil && staff(u, f.Route.Dept())
}

// RequireAnswerFeedback is EFORBIDDEN unless CanAnswerFeedback.
func RequireAnswerFeedback(u *User, f *Feedback) error {
	if CanAnswerFeedback(u, f) {
		return nil
	}
	if f != nil && f.Route == RouteRnD {
		return Errorf(EFORBIDDEN, "err.forbidden.feedback.rnd")
	}
	return Forbidden(ActFeedbackRespond)
}
