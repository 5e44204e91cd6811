package postgres_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
)

// moveOffer takes the order from paris-11, the first candidate, to
// paris-12: paris-11 stays silent past the limit or refuses.
type moveOffer func(t *testing.T, db *postgres.DB, clock *syncClock)

var moves = map[string]moveOffer{
	"offer expires": func(t *testing.T, db *postgres.DB, clock *syncClock) {
		t.Helper()
		clock.now = clock.now.Add(4 * time.Minute)
		if n, err := db.ExpireAssignments(context.Background(), 3*time.Minute); err != nil || n != 1 {
			t.Fatalf("expire: %d, %v", n, err)
		}
	},
	"pizzeria refuses": func(t *testing.T, db *postgres.DB, _ *syncClock) {
		t.Helper()
		place := lastCommand(t, db, "paris-11", syncproto.CommandOrderPlace)
		if err := db.AnswerCommand(context.Background(), "paris-11", place.ID,
			syncproto.CommandOrderPlace, false, syncproto.CodeOutOfStock); err != nil {
			t.Fatal(err)
		}
	},
}

// placedLines returns the lines of the newest order.place of a pizzeria.
func placedLines(t *testing.T, db *postgres.DB, pizzeria string) []syncproto.PlaceLine {
	t.Helper()
	var lines []syncproto.PlaceLine
	for _, c := range unpublished(t, db) {
		if c.Pizzeria != pizzeria || c.Type != syncproto.CommandOrderPlace {
			continue
		}
		var p syncproto.OrderPlace
		if err := json.Unmarshal(c.Payload, &p); err != nil {
			t.Fatal(err)
		}
		lines = p.Lines
	}
	return lines
}

// answer applies a pizzeria's answer to its newest command of a type; a
// refusal says the preparation has started.
func answer(t *testing.T, db *postgres.DB, pizzeria, typ string, accepted bool) {
	t.Helper()
	c := lastCommand(t, db, pizzeria, typ)
	if c == nil {
		t.Fatalf("no %s for %s", typ, pizzeria)
	}
	code := syncproto.CodeTooLate
	if accepted {
		code = ""
	}
	if err := db.AnswerCommand(context.Background(), pizzeria, c.ID, typ, accepted,
		code); err != nil {
		t.Fatal(err)
	}
}

// TestWebOrderChangeDroppedWhenMoved: a change is pending at paris-11
// when the order moves to paris-12. The change is closed as refused, with
// its reason for the customer; paris-12 is offered the lines as they
// were; the customer may cancel or ask again at once; and paris-11
// accepting the change afterwards changes nothing.
func TestWebOrderChangeDroppedWhenMoved(t *testing.T) {
	for name, move := range moves {
		t.Run(name, func(t *testing.T) {
			db, clock, anna := webSetup(t)
			ctx := context.Background()
			o, err := db.CreateWebOrder(ctx, anna, deliveryRequest(central.PayOnDelivery))
			if err != nil {
				t.Fatal(err)
			}
			change := &central.WebOrderChange{
				Lines: []central.WebLineRequest{{ProductID: "margherita", Quantity: 3}}}
			if o, err = db.RequestWebOrderChange(ctx, anna.ID, o.ID, change); err != nil ||
				o.Request != "modify" {
				t.Fatalf("change: %+v, %v", o, err)
			}

			// Moved: the change is closed, the new offer has the old lines.
			move(t, db, clock)
			o = mustFind(t, db, anna, o.ID)
			if o.Pizzeria != "paris-12" || o.Request != "" ||
				o.RequestAnswer != central.AnswerRefused ||
				o.RequestReason != central.WebReasonRerouted ||
				o.Message != central.Message(central.MsgWebChangeRerouted) {
				t.Fatalf("after the move: %+v", o)
			}
			if l := placedLines(t, db, "paris-12"); len(l) != 1 || l[0].Quantity != 2 {
				t.Fatalf("paris-12 offered %+v, want the 2 margheritas ordered", l)
			}

			// paris-11 accepts the change late: nothing changes.
			answer(t, db, "paris-11", syncproto.CommandOrderModify, true)
			o = mustFind(t, db, anna, o.ID)
			if o.Lines[0].Quantity != 2 || o.TotalCents != 1900 || o.Request != "" {
				t.Fatalf("after paris-11's late answer: %+v", o)
			}

			// The customer may cancel at once; paris-12 decides.
			o, err = db.RequestWebOrderCancel(ctx, anna.ID, o.ID)
			if err != nil || o.State != central.WebCancelRequested {
				t.Fatalf("cancel after the move: %+v, %v", o, err)
			}
			if lastCommand(t, db, "paris-12", syncproto.CommandOrderCancel) == nil {
				t.Fatal("no order.cancel for paris-12")
			}
		})
	}
}

// TestWebOrderAnswerOfAnotherPizzeriaIgnored: a change asked of paris-12,
// which holds the order, is answered only by paris-12; paris-11 naming
// that command changes nothing.
func TestWebOrderAnswerOfAnotherPizzeriaIgnored(t *testing.T) {
	db, clock, anna := webSetup(t)
	ctx := context.Background()
	o, err := db.CreateWebOrder(ctx, anna, deliveryRequest(central.PayOnDelivery))
	if err != nil {
		t.Fatal(err)
	}
	moves["offer expires"](t, db, clock)
	change := &central.WebOrderChange{
		Lines: []central.WebLineRequest{{ProductID: "margherita", Quantity: 3}}}
	if _, err := db.RequestWebOrderChange(ctx, anna.ID, o.ID, change); err != nil {
		t.Fatal(err)
	}
	modify := lastCommand(t, db, "paris-12", syncproto.CommandOrderModify)
	if modify == nil {
		t.Fatal("no order.modify for paris-12")
	}

	// paris-11 answers paris-12's command: ignored, still pending.
	if err := db.AnswerCommand(ctx, "paris-11", modify.ID, syncproto.CommandOrderModify,
		true, ""); err != nil {
		t.Fatal(err)
	}
	if o = mustFind(t, db, anna, o.ID); o.Request != "modify" || o.Lines[0].Quantity != 2 {
		t.Fatalf("after another pizzeria's answer: %+v", o)
	}

	// paris-12 accepts: the lines change.
	answer(t, db, "paris-12", syncproto.CommandOrderModify, true)
	if o = mustFind(t, db, anna, o.ID); o.Request != "" || o.Lines[0].Quantity != 3 {
		t.Fatalf("after paris-12 accepted: %+v", o)
	}
}

// TestWebOrderCancelPendingWhenMoved: a cancel pending at a pizzeria that
// stays silent or refuses the order still ends it, cancelled, and the
// order goes to no other pizzeria.
func TestWebOrderCancelPendingWhenMoved(t *testing.T) {
	for name, move := range moves {
		t.Run(name, func(t *testing.T) {
			db, clock, anna := webSetup(t)
			ctx := context.Background()
			o, err := db.CreateWebOrder(ctx, anna, deliveryRequest(central.PayOnDelivery))
			if err != nil {
				t.Fatal(err)
			}
			if o, err = db.RequestWebOrderCancel(ctx, anna.ID, o.ID); err != nil ||
				o.State != central.WebCancelRequested {
				t.Fatalf("cancel: %+v, %v", o, err)
			}

			move(t, db, clock)
			o = mustFind(t, db, anna, o.ID)
			if o.State != central.WebCancelled || o.Pizzeria != "paris-11" || o.Request != "" ||
				o.Message != central.Message(central.MsgWebCancelled) {
				t.Fatalf("after the move: %+v", o)
			}
			if lastCommand(t, db, "paris-12", syncproto.CommandOrderPlace) != nil {
				t.Fatal("a cancelled order was offered to paris-12")
			}

			// paris-11's answer to the cancel, late, changes nothing.
			answer(t, db, "paris-11", syncproto.CommandOrderCancel, false)
			if o = mustFind(t, db, anna, o.ID); o.State != central.WebCancelled {
				t.Fatalf("after paris-11's late answer: %+v", o)
			}
		})
	}
}
