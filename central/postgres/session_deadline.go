package postgres

import "time"

// slideSession decides what a session found at now has become: over when
// it was idle past its deadline, is past maxAge since created, or belongs
// to a disabled account; otherwise live, with its idle deadline slid to
// now+idle but never past the absolute limit. write says whether the new
// deadline has moved by slideStep or more and is worth storing.
func slideSession(now, created, deadline time.Time, idle, maxAge time.Duration,
	disabled bool) (next time.Time, live, write bool) {
	end := created.Add(maxAge)
	if disabled || !now.Before(deadline) || !now.Before(end) {
		return deadline, false, false
	}
	next = now.Add(idle)
	if next.After(end) {
		next = end
	}
	if next.Sub(deadline) < slideStep {
		return deadline, true, false
	}
	return next, true, true
}
