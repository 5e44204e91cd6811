package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

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

// sessionKind is one kind of session: the table it is kept in, and its
// idle and absolute limits.
type sessionKind struct {
	table        string
	idle, maxAge time.Duration
}

// The kinds of sessions: staff and customers.
var (
	staffSessions    = sessionKind{"sessions", central.SessionIdleTimeout, central.SessionMaxAge}
	customerSessions = sessionKind{"customer_sessions", central.CustomerSessionIdleTimeout,
		central.CustomerSessionMaxAge}
)

// keepSession applies slideSession to a session just read: it returns its
// idle deadline, stored when it moved enough, or EUNAUTHORIZED when the
// session is over.
func (db *DB) keepSession(ctx context.Context, kind sessionKind, tokenHash []byte,
	created, deadline time.Time, disabled bool) (time.Time, error) {
	now := db.Now().UTC()
	next, live, write := slideSession(now, created, deadline, kind.idle, kind.maxAge, disabled)
	if !live {
		return time.Time{}, central.Errorm(central.EUNAUTHORIZED, central.MsgLoginRequired)
	}
	if write {
		_, err := db.Pool.Exec(ctx, `
			UPDATE `+kind.table+` SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1`,
			tokenHash, now, next)
		if err != nil {
			return time.Time{}, fmt.Errorf("slide %s: %w", kind.table, err)
		}
	}
	return next, nil
}
