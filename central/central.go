// Package central is the domain of ocpizza-central, head office's service
// on PostgreSQL: the consolidated view of every pizzeria, fed by the events
// each one sends up; the sync console; and, later, the catalog, accounts,
// customer website and dashboards. It holds types and service interfaces;
// the postgres, nats and http packages implement and expose them, and only
// cmd/ocpizza-central wires them together.
package central

import (
	"context"
	"time"

	"github.com/ocpizza/ocpizza/syncproto"
)

// Pizzeria is one restaurant of the chain, as head office registers it.
type Pizzeria struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Postcodes []string  `json:"postcodes"`
	CreatedAt time.Time `json:"created_at"`
}

// Branch is the sync state of one pizzeria, as the console shows it.
type Branch struct {
	ID            string     `json:"id"`
	Name          string     `json:"name"`
	Online        bool       `json:"online"`
	LastSeenAt    *time.Time `json:"last_seen_at"`
	Epoch         string     `json:"epoch"`
	Epochs        int        `json:"epochs"` // how many epochs central has seen: more than one means a restore
	LastSeq       int64      `json:"last_seq"`
	Backlog       int64      `json:"backlog"`
	LagSeconds    float64    `json:"lag_seconds"`
	Gaps          int64      `json:"gaps"` // events received beyond a missing one, held until it comes
	DeadLetters   int64      `json:"dead_letters"`
	Divergences   int64      `json:"divergences"`
	LastAppliedAt *time.Time `json:"last_applied_at,omitempty"`
}

// OnlineWindow is how recent a pizzeria's last heartbeat or event must be
// for the console to call it online.
const OnlineWindow = 30 * time.Second

// Received is one message taken from the up stream: its subject, its raw
// data, and the envelope when it decoded (nil with Err otherwise).
type Received struct {
	Subject  string
	Pizzeria string // from the subject
	Data     []byte
	Event    *syncproto.Event
	Err      error
}

// BatchResult says what applying a batch did.
type BatchResult struct {
	Stored      int // new events in the raw log
	Duplicates  int // events already in the log with the same payload
	Divergences int // events already in the log with another payload
	Projected   int // events applied to the projections, in sequence order
	DeadLetters int // messages refused with a reason
}

// SyncService is central's side of up-sync.
type SyncService interface {
	// ApplyBatch applies received messages in one transaction: every
	// decoded event goes to the raw log keyed (pizzeria, epoch, seq) —
	// a duplicate changes nothing, the same key with another payload is
	// recorded as a divergence —, then each pizzeria's events are
	// projected in sequence order from its cursor up to the first gap,
	// and the cursor moves in the same transaction. Undecodable messages
	// are dead-lettered with their reason. It returns an error only when
	// nothing was committed, so that the caller acks after success only.
	ApplyBatch(ctx context.Context, batch []Received) (BatchResult, error)

	// Cursor answers a pizzeria's hello from PostgreSQL.
	Cursor(ctx context.Context, hello *syncproto.Hello) (*syncproto.Cursor, error)

	// RecordHeartbeat stores the last heartbeat of a pizzeria.
	RecordHeartbeat(ctx context.Context, beat *syncproto.Heartbeat) error

	// FindBranches returns the sync state of every registered pizzeria.
	FindBranches(ctx context.Context) ([]*Branch, error)
}
