package syncproto

import (
	"encoding/json"
	"fmt"
	"time"
)

// Event types sent up by a pizzeria. Each state change on the edge writes
// exactly one event in the same transaction.
const (
	EventOrderCreated         = "order.created"
	EventOrderModified        = "order.modified"
	EventOrderStatusChanged   = "order.status_changed"
	EventOrderPaymentRecorded = "order.payment_recorded"
	EventStockMoved           = "stock.moved"
	EventCatalogApplied       = "catalog.applied"
	EventProductAvailability  = "product.availability_changed"
	EventCommandAccepted      = "command.accepted"
	EventCommandRefused       = "command.refused"
)

// SchemaVersions gives the current payload schema version of each event
// type. A receiver refuses a type it does not know or a version above the
// one it reads.
var SchemaVersions = map[string]int{
	EventOrderCreated:         1,
	EventOrderModified:        1,
	EventOrderStatusChanged:   1,
	EventOrderPaymentRecorded: 1,
	EventStockMoved:           1,
	EventCatalogApplied:       1,
	EventProductAvailability:  1,
	EventCommandAccepted:      1,
	EventCommandRefused:       1,
}

// Event is the envelope of everything a pizzeria sends up. (Pizzeria,
// Epoch, Seq) is its identity: Seq counts from 1 without gaps within an
// epoch, and a new epoch starts when a database is created or restored.
type Event struct {
	ID            string          `json:"id"`
	Pizzeria      string          `json:"pizzeria"`
	Epoch         string          `json:"epoch"`
	Seq           int64           `json:"seq"`
	Type          string          `json:"type"`
	SchemaVersion int             `json:"schema_version"`
	OccurredAt    time.Time       `json:"occurred_at"`
	Payload       json.RawMessage `json:"payload"`
}

// MsgID returns the JetStream message id of the event,
// pizzeria:epoch:seq, which deduplicates republished events.
func (e *Event) MsgID() string {
	return fmt.Sprintf("%s:%s:%d", e.Pizzeria, e.Epoch, e.Seq)
}

// Validate checks an envelope's fields without reading its payload.
func (e *Event) Validate() error {
	if err := e.validateFields(); err != nil {
		return err
	}
	if !json.Valid(e.Payload) {
		return fmt.Errorf("event: payload is not JSON")
	}
	return nil
}

// validateFields checks everything but the payload's JSON syntax, which a
// decoder of the envelope has already checked.
func (e *Event) validateFields() error {
	known, ok := SchemaVersions[e.Type]
	switch {
	case e.ID == "":
		return fmt.Errorf("event: missing id")
	case !ValidPizzeriaID(e.Pizzeria):
		return fmt.Errorf("event: bad pizzeria id %q", e.Pizzeria)
	case e.Epoch == "":
		return fmt.Errorf("event: missing epoch")
	case e.Seq < 1:
		return fmt.Errorf("event: sequence %d below 1", e.Seq)
	case !ok:
		return fmt.Errorf("event: unknown type %q", e.Type)
	case e.SchemaVersion < 1 || e.SchemaVersion > known:
		return fmt.Errorf("event: %s schema version %d not in 1..%d", e.Type, e.SchemaVersion, known)
	case e.OccurredAt.IsZero():
		return fmt.Errorf("event: missing time")
	case len(e.Payload) == 0 || string(e.Payload) == "null":
		return fmt.Errorf("event: payload is not JSON")
	}
	return nil
}

// ValidPizzeriaID reports whether id is a pizzeria slug: 2 to 32 lowercase
// letters, digits and inner dashes, such as paris-11.
func ValidPizzeriaID(id string) bool {
	if len(id) < 2 || len(id) > 32 || id[0] == '-' || id[len(id)-1] == '-' {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
