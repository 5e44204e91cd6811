package sqlite_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

// TestOutboxEvents makes every kind of state change in turn and checks
// that each one wrote exactly one event, with the right envelope and a
// payload that decodes into its syncproto type and says what changed.
func TestOutboxEvents(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	clock := setClock(db, testNow)
	ctx := t.Context()
	var staffOrder, webOrderID string

	steps := []struct {
		name      string
		do        func(t *testing.T) error
		eventType string
		check     func(t *testing.T, payload []byte) // decodes and checks the payload
	}{
		{"catalog import",
			func(t *testing.T) error {
				c := testCatalog()
				c.Version = 2
				return db.ImportCatalog(ctx, c)
			},
			syncproto.EventCatalogApplied,
			func(t *testing.T, payload []byte) {
				var p syncproto.CatalogAppliedPayload
				decodeStrict(t, payload, &p)
				if p.Version != 2 {
					t.Errorf("catalog version = %d, want 2", p.Version)
				}
			}},
		{"receipt",
			func(t *testing.T) error {
				_, err := db.RecordMovement(ctx, manager, edge.MovementCreate{
					IngredientID: "pate", Kind: edge.MovementReceipt, Quantity: 10, Note: "livraison"})
				return err
			},
			syncproto.EventStockMoved,
			func(t *testing.T, payload []byte) {
				var p syncproto.StockPayload
				decodeStrict(t, payload, &p)
				m := p.Movement
				if m.IngredientID != "pate" || m.Kind != "receipt" || m.Delta != 10 ||
					m.OnHandAfter != ampleStock["pate"]+10 || m.By != "claire" || m.Note != "livraison" ||
					m.ID == "" || !m.At.Equal(clock.Now()) {
					t.Errorf("movement = %+v", m)
				}
			}},
		{"waste",
			func(t *testing.T) error {
				_, err := db.RecordMovement(ctx, manager, edge.MovementCreate{
					IngredientID: "mozzarella", Kind: edge.MovementWaste, Quantity: 300})
				return err
			},
			syncproto.EventStockMoved,
			func(t *testing.T, payload []byte) {
				var p syncproto.StockPayload
				decodeStrict(t, payload, &p)
				if p.Movement.Kind != "waste" || p.Movement.Delta != -300 {
					t.Errorf("movement = %+v, want waste of -300", p.Movement)
				}
			}},
		{"availability",
			func(t *testing.T) error {
				_, err := db.SetProductAvailability(ctx, manager, "tiramisu", false)
				return err
			},
			syncproto.EventProductAvailability,
			func(t *testing.T, payload []byte) {
				var p syncproto.AvailabilityPayload
				decodeStrict(t, payload, &p)
				want := syncproto.AvailabilityPayload{ProductID: "tiramisu", Available: false, By: "claire"}
				if p != want {
					t.Errorf("availability = %+v, want %+v", p, want)
				}
			}},
		{"staff order",
			func(t *testing.T) error {
				o, err := db.CreateOrder(ctx, orderTaker, phoneOrder(line("margherita", 2)))
				if err == nil {
					staffOrder = o.ID
				}
				return err
			},
			syncproto.EventOrderCreated,
			func(t *testing.T, payload []byte) {
				p := decodeOrder(t, payload)
				checkOrderEvent(t, p, staffOrder, "accepted", &syncproto.Transition{To: "accepted", By: "lea"})
				checkMovements(t, p, "consumption", map[string]int64{"pate": -2, "sauce-tomate": -160,
					"mozzarella": -240})
				if p.Order.Ticket != 1 || p.Order.TotalCents != 1900 || len(p.Order.Lines) != 1 ||
					p.Order.CustomerPhone != "0612345678" || p.Order.Version != 1 {
					t.Errorf("order = %+v", p.Order)
				}
			}},
		{"modification",
			func(t *testing.T) error {
				lines := []edge.LineCreate{line("margherita", 1)}
				_, err := db.UpdateOrder(ctx, orderTaker, staffOrder, edge.OrderUpdate{Lines: &lines})
				return err
			},
			syncproto.EventOrderModified,
			func(t *testing.T, payload []byte) {
				p := decodeOrder(t, payload)
				checkOrderEvent(t, p, staffOrder, "accepted", nil)
				checkMovements(t, p, "return", map[string]int64{"pate": 1, "sauce-tomate": 80, "mozzarella": 120})
				if p.Order.TotalCents != 950 || p.Order.Version != 2 {
					t.Errorf("order total %d version %d, want 950 and 2", p.Order.TotalCents, p.Order.Version)
				}
			}},
		{"preparation starts",
			func(t *testing.T) error {
				_, err := db.TransitionOrder(ctx, pizzaiolo, staffOrder, edge.TransitionRequest{To: edge.StatusPreparing})
				return err
			},
			syncproto.EventOrderStatusChanged,
			func(t *testing.T, payload []byte) {
				p := decodeOrder(t, payload)
				checkOrderEvent(t, p, staffOrder, "preparing",
					&syncproto.Transition{From: "accepted", To: "preparing", By: "marco"})
				checkMovements(t, p, "", nil)
			}},
		{"payment",
			func(t *testing.T) error {
				_, err := db.RecordPayment(ctx, orderTaker, staffOrder, edge.PaymentRecord{Method: edge.PaymentCard})
				return err
			},
			syncproto.EventOrderPaymentRecorded,
			func(t *testing.T, payload []byte) {
				p := decodeOrder(t, payload)
				checkOrderEvent(t, p, staffOrder, "preparing", nil)
				if p.Order.PaymentStatus != "paid" || p.Order.PaymentMethod != "card" || p.Order.PaidBy != "lea" {
					t.Errorf("payment %s %s by %q, want paid card by lea", p.Order.PaymentStatus,
						p.Order.PaymentMethod, p.Order.PaidBy)
				}
			}},
		{"web order received",
			func(t *testing.T) error {
				o, err := db.ReceiveOrder(ctx, webOrder("0190f4c2-0000-7000-8000-000000000009", line("reine", 1)))
				if err == nil {
					webOrderID = o.ID
				}
				return err
			},
			syncproto.EventOrderCreated,
			func(t *testing.T, payload []byte) {
				p := decodeOrder(t, payload)
				checkOrderEvent(t, p, webOrderID, "placed", &syncproto.Transition{To: "placed"})
				checkMovements(t, p, "", nil)
				if p.Order.Channel != "web" || p.Order.PaymentStatus != "paid" || p.Order.Ticket != 2 {
					t.Errorf("web order = %+v", p.Order)
				}
			}},
		{"web order accepted",
			func(t *testing.T) error {
				_, err := db.TransitionOrder(ctx, orderTaker, webOrderID, edge.TransitionRequest{To: edge.StatusAccepted})
				return err
			},
			syncproto.EventOrderStatusChanged,
			func(t *testing.T, payload []byte) {
				p := decodeOrder(t, payload)
				checkOrderEvent(t, p, webOrderID, "accepted",
					&syncproto.Transition{From: "placed", To: "accepted", By: "lea"})
				checkMovements(t, p, "consumption", map[string]int64{"pate": -1, "sauce-tomate": -80,
					"mozzarella": -110, "jambon": -60})
			}},
		{"web order cancelled",
			func(t *testing.T) error {
				_, err := db.TransitionOrder(ctx, manager, webOrderID,
					edge.TransitionRequest{To: edge.StatusCancelled, Reason: "client injoignable"})
				return err
			},
			syncproto.EventOrderStatusChanged,
			func(t *testing.T, payload []byte) {
				p := decodeOrder(t, payload)
				checkOrderEvent(t, p, webOrderID, "cancelled", &syncproto.Transition{
					From: "accepted", To: "cancelled", By: "claire", Reason: "client injoignable"})
				checkMovements(t, p, "return", map[string]int64{"pate": 1, "sauce-tomate": 80,
					"mozzarella": 110, "jambon": 60})
				if p.Order.PaymentStatus != "refunded" {
					t.Errorf("payment status = %s, want refunded", p.Order.PaymentStatus)
				}
			}},
	}

	for _, s := range steps {
		clock.Add(time.Minute)
		seq := lastSeq(t, db)
		if err := s.do(t); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}

		// Exactly one event, next in sequence.
		events, err := db.FindOutboxEvents(ctx, seq, 100)
		if err != nil {
			t.Fatalf("%s: find outbox events: %v", s.name, err)
		}
		if len(events) != 1 {
			t.Fatalf("%s wrote %d events, want 1", s.name, len(events))
		}
		e := events[0]

		// Its envelope.
		if err := e.Validate(); err != nil {
			t.Errorf("%s: envelope: %v", s.name, err)
		}
		if e.Seq != seq+1 || e.Type != s.eventType || e.Pizzeria != testPizzeria || e.Epoch != db.Epoch() ||
			e.SchemaVersion != syncproto.SchemaVersions[s.eventType] || !e.OccurredAt.Equal(clock.Now()) {
			t.Errorf("%s: event seq %d type %s pizzeria %s epoch %s schema %d at %v; want seq %d type %s "+
				"pizzeria %s epoch %s schema %d at %v", s.name, e.Seq, e.Type, e.Pizzeria, e.Epoch,
				e.SchemaVersion, e.OccurredAt, seq+1, s.eventType, testPizzeria, db.Epoch(),
				syncproto.SchemaVersions[s.eventType], clock.Now())
		}

		// Its payload.
		t.Run(s.name, func(t *testing.T) { s.check(t, e.Payload) })
	}
	checkOutboxGapless(t, db)
}

func TestSyncStatus(t *testing.T) {
	db := openTestDB(t)
	clock := setClock(db, testNow.Add(time.Hour))
	receive(t, db, map[string]int64{"pate": 3})
	clock.Add(time.Hour)
	receive(t, db, map[string]int64{"jambon": 300})

	s, err := db.SyncStatus(t.Context())
	if err != nil {
		t.Fatalf("sync status: %v", err)
	}

	// The catalog import and two receipts wait; the oldest is the import.
	if s.Pizzeria != testPizzeria || s.Epoch != db.Epoch() || s.LastSeq != 3 || s.LastConfirmedSeq != 0 ||
		s.Backlog != 3 || s.Online || s.OldestPendingAt == nil || !s.OldestPendingAt.Equal(testNow) {
		t.Errorf("sync status = %+v", s)
	}

	// Reading events after a sequence skips those before it.
	events, err := db.FindOutboxEvents(t.Context(), 1, 1)
	if err != nil || len(events) != 1 || events[0].Seq != 2 {
		t.Errorf("events after 1, limit 1 = %v, %v; want seq 2", events, err)
	}
}

// decodeStrict decodes a payload, refusing fields the type does not have,
// so that an event the edge writes is one that central reads whole.
func decodeStrict(tb testing.TB, payload []byte, v any) {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		tb.Fatalf("decode payload %s: %v", payload, err)
	}
}

func decodeOrder(tb testing.TB, payload []byte) syncproto.OrderPayload {
	tb.Helper()
	var p syncproto.OrderPayload
	decodeStrict(tb, payload, &p)
	return p
}

// checkOrderEvent checks the order and the transition (without its time)
// of an order event.
func checkOrderEvent(tb testing.TB, p syncproto.OrderPayload, id, status string, want *syncproto.Transition) {
	tb.Helper()
	if p.Order.ID != id || p.Order.Status != status || p.Order.BusinessDate != "2026-01-15" {
		tb.Errorf("order %s is %s on %s, want %s %s on 2026-01-15", p.Order.ID, p.Order.Status,
			p.Order.BusinessDate, id, status)
	}
	got := p.Order.Transition
	switch {
	case want == nil && got != nil:
		tb.Errorf("transition = %+v, want none", got)
	case want != nil && got == nil:
		tb.Errorf("no transition, want %+v", want)
	case want != nil:
		if got.At.IsZero() {
			tb.Errorf("transition has no time")
		}
		g := *got
		g.At = time.Time{}
		if g != *want {
			tb.Errorf("transition = %+v, want %+v", g, *want)
		}
	}
}

// checkMovements checks that an order event carries one movement of kind
// per ingredient, with the given deltas, all for its order.
func checkMovements(tb testing.TB, p syncproto.OrderPayload, kind string, want map[string]int64) {
	tb.Helper()
	got := map[string]int64{}
	for _, m := range p.Movements {
		if m.Kind != kind || m.OrderID != p.Order.ID {
			tb.Errorf("movement %+v, want a %s of order %s", m, kind, p.Order.ID)
		}
		got[m.IngredientID] += m.Delta
	}
	if len(got) != len(p.Movements) || len(got) != len(want) {
		tb.Errorf("movements %+v, want one per ingredient of %v", p.Movements, want)
	}
	for id, d := range want {
		if got[id] != d {
			tb.Errorf("movement of %s = %d, want %d", id, got[id], d)
		}
	}
}
