package edge

import (
	"context"
	"time"
)

// SyncStatus is where the pizzeria's outbox stands: how many events it has
// written (LastSeq), how many central has confirmed, and how many wait.
type SyncStatus struct {
	Pizzeria         string     `json:"pizzeria"`
	Online           bool       `json:"online"`
	Epoch            string     `json:"epoch"`
	LastSeq          int64      `json:"last_seq"`
	LastConfirmedSeq int64      `json:"last_confirmed_seq"`
	Backlog          int64      `json:"backlog"`
	OldestPendingAt  *time.Time `json:"oldest_pending_at,omitempty"`
}

// SyncService reports on the outbox.
type SyncService interface {
	// SyncStatus returns the outbox position. Online is left false: the
	// link to central is known only by the publisher.
	SyncStatus(ctx context.Context) (*SyncStatus, error)
}
