package nats_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// TestConsumerAcceptsWebOrder sends a web order through real NATS: the
// pizzeria accepts it by itself, takes its stock, and its answer event is
// in the outbox after the order's own events, ready to go up.
func TestConsumerAcceptsWebOrder(t *testing.T) {
	srv := natstest.New(t)
	central := newDownCentral(t, srv.URL())
	central.setup()
	db := openDB(t)

	// Enough stock for the first product of the demo catalog.
	product := syncproto.DemoCatalog().Products[0]
	for _, item := range product.Recipe {
		_, err := db.RecordMovement(t.Context(), manager, edge.MovementCreate{
			IngredientID: item.IngredientID, Kind: edge.MovementReceipt, Quantity: 10 * item.Quantity})
		if err != nil {
			t.Fatal(err)
		}
	}

	// Central places the order at position 1.
	place := syncproto.OrderPlace{
		OrderID: uuid.Must(uuid.NewV7()).String(), Assignment: 1, Fulfilment: "pickup",
		Customer:      syncproto.OrderCustomer{Name: "Ana Lopez", Phone: "0711223344"},
		Lines:         []syncproto.PlaceLine{{ProductID: product.ID, Quantity: 2}},
		PaymentMethod: "online", PaymentStatus: "paid",
	}
	cmd, err := syncproto.NewCommand(uuid.Must(uuid.NewV7()).String(), testPizzeria, 1,
		syncproto.CommandOrderPlace, time.Now(), place)
	if err != nil {
		t.Fatal(err)
	}
	data, err := syncproto.Encode(cmd)
	if err != nil {
		t.Fatal(err)
	}
	central.publish(data, cmd.MsgID())
	startConsumer(t, db, srv.URL())

	waitFor(t, "the order answered", func() bool {
		accepted, refused := commandAnswers(t, db)
		return len(accepted)+len(refused) == 1
	})
	accepted, refused := commandAnswers(t, db)
	if len(accepted) != 1 || len(refused) != 0 || accepted[0].CommandID != cmd.ID ||
		accepted[0].Type != syncproto.CommandOrderPlace {
		t.Fatalf("answers: accepted %+v, refused %+v", accepted, refused)
	}

	// The order is accepted, and its events precede the answer.
	o, err := db.FindOrderByID(t.Context(), place.OrderID)
	if err != nil || o.Status != edge.StatusAccepted || o.Channel != edge.ChannelWeb {
		t.Fatalf("order %+v, %v", o, err)
	}
	events := outbox(t, db)
	n := len(events)
	var status syncproto.OrderPayload
	if err := json.Unmarshal(events[n-2].Payload, &status); err != nil {
		t.Fatal(err)
	}
	if events[n-2].Type != syncproto.EventOrderStatusChanged || status.Order.Status != "accepted" {
		t.Errorf("event before the answer: %s %+v", events[n-2].Type, status.Order.Transition)
	}
	waitFor(t, "the command acked", func() bool {
		info := central.consumerInfo()
		return info.NumAckPending == 0 && info.NumPending == 0 && info.AckFloor.Stream == 1
	})
}
