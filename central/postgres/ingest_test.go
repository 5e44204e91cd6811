package postgres_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
)

// deadLetter is a dead-letter row as the tests read it.
type deadLetter struct {
	pizzeria, subject, code, reason, epoch string
	seq                                    int64
	times                                  int
}

// deadLetters returns the dead letters by id.
func deadLetters(tb testing.TB, db *postgres.DB) []deadLetter {
	tb.Helper()
	rows, err := db.Pool.Query(context.Background(), `
		SELECT coalesce(pizzeria_id, ''), subject, code, reason, coalesce(epoch, ''),
			coalesce(seq, 0), times
		FROM dead_letters ORDER BY id`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var dead []deadLetter
	for rows.Next() {
		var d deadLetter
		err := rows.Scan(&d.pizzeria, &d.subject, &d.code, &d.reason, &d.epoch, &d.seq, &d.times)
		if err != nil {
			tb.Fatal(err)
		}
		dead = append(dead, d)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return dead
}

// TestApplyBatchRefusesMessages puts one message that cannot be applied
// beside a good event in a batch: the message is dead-lettered with its
// code, and the good event is applied all the same.
func TestApplyBatchRefusesMessages(t *testing.T) {
	// decoded reads data as the ingest does, on the subject of pizzeria.
	decoded := func(pizzeria, data string) central.Received {
		r := central.Received{Subject: syncproto.UpSubject(pizzeria), Pizzeria: pizzeria,
			Data: []byte(data)}
		r.Event, r.Err = syncproto.DecodeEvent(r.Data, pizzeria)
		return r
	}
	encoded := func(t *testing.T, e *syncproto.Event) string {
		data, err := syncproto.Encode(e)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	tests := []struct {
		name     string
		message  func(t *testing.T) central.Received
		code     string
		pizzeria string // on the dead letter
	}{
		{"not JSON", func(t *testing.T) central.Received {
			return decoded("paris-11", `{"id": `)
		}, syncproto.CodeMalformed, "paris-11"},
		{"unknown type", func(t *testing.T) central.Received {
			e := newOutbox(t, "paris-11", "epoch-x").raw("order.exploded", `{}`)
			return decoded("paris-11", encoded(t, e))
		}, syncproto.CodeUnknownType, "paris-11"},
		{"newer schema version", func(t *testing.T) central.Received {
			e := newOutbox(t, "paris-11", "epoch-x").raw(syncproto.EventStockMoved, `{}`)
			e.SchemaVersion = 99
			return decoded("paris-11", encoded(t, e))
		}, syncproto.CodeUnsupportedVersion, "paris-11"},
		{"an error without a protocol code", func(t *testing.T) central.Received {
			return central.Received{Subject: "ocpizza.up.paris-11", Pizzeria: "paris-11",
				Data: []byte("x"), Err: errors.New("stream hiccup")}
		}, syncproto.CodeInternal, "paris-11"},
		{"no event and no error", func(t *testing.T) central.Received {
			return central.Received{Subject: "ocpizza.up.paris-11", Pizzeria: "paris-11"}
		}, syncproto.CodeMalformed, "paris-11"},
		{"another pizzeria's event", func(t *testing.T) central.Received {
			// DecodeEvent refuses it upstream; ApplyBatch checks again.
			e := newOutbox(t, "lyon-1", "epoch-x").stock(movement("pate", "receipt", 1, 1, ""))
			r := received(t, e)
			r.Subject, r.Pizzeria = syncproto.UpSubject("paris-11"), "paris-11"
			return r
		}, syncproto.CodePizzeriaMismatch, "paris-11"},
		{"an invalid envelope handed over", func(t *testing.T) central.Received {
			r := received(t, receipt(t, "paris-11", "epoch-x"))
			r.Event.Seq = 0
			return r
		}, syncproto.CodeInvalid, "paris-11"},
		{"an epoch PostgreSQL cannot store", func(t *testing.T) central.Received {
			e := newOutbox(t, "paris-11", "epoch\x00x").stock(movement("pate", "receipt", 1, 1, ""))
			return decoded("paris-11", encoded(t, e))
		}, syncproto.CodeInvalid, "paris-11"},
		{"unregistered pizzeria", func(t *testing.T) central.Received {
			return received(t, receipt(t, "nantes-1", "epoch-x"))
		}, syncproto.CodeUnknownPizzeria, "nantes-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db, _ := openSyncDB(t, "paris-11", "lyon-1")
			good := received(t, receipt(t, "lyon-1", "epoch-1"))
			res := apply(t, db, tt.message(t), good)
			wantResult(t, res, central.BatchResult{Stored: 1, Projected: 1, DeadLetters: 1})

			dead := deadLetters(t, db)
			if len(dead) != 1 || dead[0].code != tt.code || dead[0].pizzeria != tt.pizzeria ||
				dead[0].reason == "" {
				t.Fatalf("dead letters = %+v, want one %s of %s", dead, tt.code, tt.pizzeria)
			}
			if seq := appliedSeq(t, db, "lyon-1", "epoch-1"); seq != 1 {
				t.Fatalf("lyon-1 cursor = %d, want 1", seq)
			}
			if tt.code == syncproto.CodeUnknownPizzeria {
				n := count(t, db, `SELECT count(*) FROM epochs WHERE pizzeria_id = 'nantes-1'`)
				if n != 0 {
					t.Fatalf("an unregistered pizzeria got %d epochs", n)
				}
			}

			// The same message again counts on the same dead letter.
			res = apply(t, db, tt.message(t))
			if res.DeadLetters != 1 {
				t.Fatalf("second refusal: %+v", res)
			}
		})
	}
}

// TestApplyBatchPoisonEvent sends events whose envelope is valid but
// whose payload cannot be projected, between good events of the same
// pizzeria and beside another pizzeria's: each is dead-lettered with the
// invalid code, the cursor moves past it, and everything else applies.
func TestApplyBatchPoisonEvent(t *testing.T) {
	orderID := newUUID()
	order := func(edit func(o *syncproto.OrderPayload)) string {
		p := syncproto.OrderPayload{Order: transition(testOrder(orderID, 1, ""), "", "accepted"),
			Movements: []syncproto.StockMovement{movement("pate", "consumption", -1, 9, orderID)}}
		edit(&p)
		return string(mustJSON(t, p))
	}
	tests := []struct {
		name, eventType, payload string
	}{
		{"payload of another shape", syncproto.EventOrderCreated, `{"order": "margherita"}`},
		{"empty object", syncproto.EventOrderCreated, `{}`},
		{"order id not a UUID", syncproto.EventOrderCreated,
			order(func(p *syncproto.OrderPayload) { p.Order.ID = "order-1" })},
		{"UUID with letters out of place", syncproto.EventOrderCreated,
			order(func(p *syncproto.OrderPayload) {
				p.Order.ID = "zzzzzzzz-0000-7000-8000-000000000000"
			})},
		{"no version", syncproto.EventOrderModified,
			order(func(p *syncproto.OrderPayload) { p.Order.Version = 0 })},
		{"business date not a date", syncproto.EventOrderCreated,
			order(func(p *syncproto.OrderPayload) { p.Order.BusinessDate = "2026-02-30" })},
		{"NUL in the customer's name", syncproto.EventOrderCreated,
			order(func(p *syncproto.OrderPayload) { p.Order.CustomerName = "Léa\x00" })},
		{"product id too long", syncproto.EventOrderCreated,
			order(func(p *syncproto.OrderPayload) {
				p.Order.Lines[0].ProductID = strings.Repeat("p", 300)
			})},
		{"movement id not a UUID", syncproto.EventOrderCreated,
			order(func(p *syncproto.OrderPayload) { p.Movements[0].ID = "m1" })},
		{"stock movement without ingredient", syncproto.EventStockMoved,
			string(mustJSON(t, syncproto.StockPayload{Movement: movement("", "waste", -1, 0, "")}))},
		{"catalog version 0", syncproto.EventCatalogApplied, `{"version": 0}`},
		{"availability without product", syncproto.EventProductAvailability, `{"available": true}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db, _ := openSyncDB(t, "paris-11", "lyon-1")
			paris := newOutbox(t, "paris-11", "epoch-1")
			lyon := newOutbox(t, "lyon-1", "epoch-1")
			events := []*syncproto.Event{
				paris.stock(movement("pate", "receipt", 10, 10, "")),
				paris.raw(tt.eventType, tt.payload),
				lyon.stock(movement("pate", "receipt", 7, 7, "")),
				paris.stock(movement("pate", "receipt", 10, 20, "")),
				lyon.stock(movement("pate", "receipt", 7, 14, "")),
			}
			res := apply(t, db, batchOf(t, events...)...)
			wantResult(t, res, central.BatchResult{Stored: 5, Projected: 4, DeadLetters: 1})

			if seq := appliedSeq(t, db, "paris-11", "epoch-1"); seq != 3 {
				t.Fatalf("paris-11 cursor = %d, want 3 past the poison", seq)
			}
			if seq := appliedSeq(t, db, "lyon-1", "epoch-1"); seq != 2 {
				t.Fatalf("lyon-1 cursor = %d, want 2", seq)
			}
			dead := deadLetters(t, db)
			if len(dead) != 1 || dead[0].code != syncproto.CodeInvalid || dead[0].pizzeria != "paris-11" ||
				dead[0].epoch != "epoch-1" || dead[0].seq != 2 {
				t.Fatalf("dead letters = %+v, want paris-11's event 2 as invalid", dead)
			}
			levels := count(t, db, `SELECT sum(on_hand) FROM stock_levels WHERE ingredient_id = 'pate'`)
			if levels != 20+14 {
				t.Fatalf("pate on hand = %d over both pizzerias, want 34", levels)
			}
			if b := branch(t, db, "paris-11"); b.DeadLetters != 1 || b.Gaps != 0 {
				t.Fatalf("branch dead letters %d, gaps %d; want 1 and 0", b.DeadLetters, b.Gaps)
			}
		})
	}
}

// TestApplyBatchForeignOrder sends an order event naming an order that
// central holds for another pizzeria: it is refused, and the other
// pizzeria's order stays as it was.
func TestApplyBatchForeignOrder(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11", "lyon-1")
	orderID := newUUID()
	paris := newOutbox(t, "paris-11", "epoch-1")
	apply(t, db, batchOf(t, paris.order(syncproto.EventOrderCreated,
		transition(testOrder(orderID, 1, ""), "", "accepted")))...)
	before := projections(t, db)

	lyon := newOutbox(t, "lyon-1", "epoch-1")
	taken := transition(testOrder(orderID, 5, ""), "accepted", "cancelled")
	res := apply(t, db, batchOf(t, lyon.order(syncproto.EventOrderStatusChanged, taken,
		movement("pate", "return", 1, 1, orderID)))...)
	wantResult(t, res, central.BatchResult{Stored: 1, DeadLetters: 1})
	if after := projections(t, db); after != before {
		t.Fatalf("another pizzeria changed the order:\n%s\nwas\n%s", after, before)
	}
	if seq := appliedSeq(t, db, "lyon-1", "epoch-1"); seq != 1 {
		t.Fatalf("lyon-1 cursor = %d, want 1 past the refused event", seq)
	}
}

// TestApplyBatchPayloadNotJSON hands over an event whose payload is not
// JSON, which syncproto.DecodeEvent would have refused: it is kept in the
// log as received and dead-lettered when projected, with its payload.
func TestApplyBatchPayloadNotJSON(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11")
	o := newOutbox(t, "paris-11", "epoch-1")
	bad := o.raw(syncproto.EventStockMoved, `{"movement": `)
	good := o.stock(movement("pate", "receipt", 3, 3, ""))
	handed := central.Received{Subject: syncproto.UpSubject("paris-11"), Pizzeria: "paris-11",
		Event: bad}
	res := apply(t, db, handed, received(t, good))
	wantResult(t, res, central.BatchResult{Stored: 2, Projected: 1, DeadLetters: 1})

	var data []byte
	err := db.Pool.QueryRow(context.Background(),
		`SELECT data FROM dead_letters WHERE code = 'invalid' AND seq = 1`).Scan(&data)
	if err != nil || string(data) != `{"movement": ` {
		t.Fatalf("dead letter data %q (%v), want the payload", data, err)
	}
	if seq := appliedSeq(t, db, "paris-11", "epoch-1"); seq != 2 {
		t.Fatalf("cursor = %d, want 2", seq)
	}
}
