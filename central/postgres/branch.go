package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
)

// FindBranches implements central.SyncService, one branch per registered
// pizzeria by id. Its figures:
//
//   - Online: a heartbeat, a hello or an event within central.OnlineWindow;
//     LastSeenAt is the latest of them.
//   - Epoch: the epoch central heard of last (by first sighting), Epochs
//     how many it has heard of; LastSeq and LastAppliedAt are the cursor of
//     that epoch and when it last moved.
//   - Backlog: the unsent events the pizzeria reported in its last
//     heartbeat.
//   - LagSeconds: when the last heartbeat reports a sequence beyond what
//     central has applied of that epoch, the age of the newest event
//     central applied of it (or, with none applied, of the oldest event
//     the pizzeria has pending): how old central's view of the pizzeria
//     is. Otherwise 0. It compares the pizzeria's clock with central's, so
//     a clock skew shows in it; it is never negative.
//   - Gaps: events central holds beyond a missing one, in any epoch, that
//     wait for it before they are projected.
//   - DeadLetters and Divergences: the rows recorded for the pizzeria.
func (db *DB) FindBranches(ctx context.Context) ([]*central.Branch, error) {
	now := db.Now().UTC()
	rows, err := db.Pool.Query(ctx, `
		SELECT p.id, p.name,
			coalesce(c.epoch, ''), coalesce(c.applied_seq, 0), c.last_applied_at,
			s.epochs, s.last_seen_at, s.held,
			h.received_at, coalesce(h.backlog, 0), coalesce(h.last_seq, 0), h.oldest_pending_at,
			coalesce(he.applied_seq, 0), he.applied_occurred_at,
			(SELECT count(*) FROM dead_letters d WHERE d.pizzeria_id = p.id),
			(SELECT count(*) FROM divergences v WHERE v.pizzeria_id = p.id)
		FROM pizzerias p
		LEFT JOIN LATERAL (
			SELECT epoch, applied_seq, last_applied_at FROM epochs
			WHERE pizzeria_id = p.id
			ORDER BY first_seen_at DESC, last_seen_at DESC, epoch DESC
			LIMIT 1) c ON true
		CROSS JOIN LATERAL (
			SELECT count(*) AS epochs, max(x.last_seen_at) AS last_seen_at,
				coalesce(sum((SELECT count(*) FROM events e
					WHERE e.pizzeria_id = x.pizzeria_id AND e.epoch = x.epoch
						AND e.seq > x.applied_seq)), 0)::bigint AS held
			FROM epochs x WHERE x.pizzeria_id = p.id) s
		LEFT JOIN heartbeats h ON h.pizzeria_id = p.id
		LEFT JOIN epochs he ON he.pizzeria_id = h.pizzeria_id AND he.epoch = h.epoch
		ORDER BY p.id`)
	if err != nil {
		return nil, fmt.Errorf("find branches: %w", err)
	}
	branches, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*central.Branch, error) {
		return scanBranch(row, now)
	})
	if err != nil {
		return nil, fmt.Errorf("find branches: %w", err)
	}
	return branches, nil
}

// scanBranch reads a row of FindBranches and works out the figures that
// depend on the time.
func scanBranch(row pgx.Row, now time.Time) (*central.Branch, error) {
	var b central.Branch
	var epochs int
	var eventSeenAt, beatAt, oldestPendingAt, appliedOccurredAt *time.Time
	var beatSeq, appliedOfBeatEpoch int64
	err := row.Scan(&b.ID, &b.Name, &b.Epoch, &b.LastSeq, &b.LastAppliedAt,
		&epochs, &eventSeenAt, &b.Gaps,
		&beatAt, &b.Backlog, &beatSeq, &oldestPendingAt,
		&appliedOfBeatEpoch, &appliedOccurredAt,
		&b.DeadLetters, &b.Divergences)
	if err != nil {
		return nil, err
	}
	b.Epochs = epochs
	b.LastSeenAt = latest(eventSeenAt, beatAt)
	b.Online = b.LastSeenAt != nil && now.Sub(*b.LastSeenAt) <= central.OnlineWindow
	b.LastAppliedAt = utc(b.LastAppliedAt)

	// Lag, when the pizzeria has events central has not applied.
	if beatAt != nil && beatSeq > appliedOfBeatEpoch {
		if ref := appliedOccurredAt; ref != nil || oldestPendingAt != nil {
			if ref == nil {
				ref = oldestPendingAt
			}
			b.LagSeconds = max(now.Sub(*ref).Seconds(), 0)
		}
	}
	return &b, nil
}

// latest returns the later of two optional times, in UTC.
func latest(a, b *time.Time) *time.Time {
	switch {
	case a == nil:
		return utc(b)
	case b == nil || a.After(*b):
		return utc(a)
	}
	return utc(b)
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
