package systemtest

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

// checkAgree checks that the pizzeria e, central's projection and the
// customer's view say the same of a web order: e holds it, under the id
// of the current offer, with the same status, ticket, total, payment and
// history. It returns the customer's view.
func (s *webSystem) checkAgree(cu *customer, id string, e *edgeNode) central.WebOrder {
	s.t.Helper()
	ctx := context.Background()
	view := cu.view(id)
	if view.Pizzeria != e.id || view.EdgeOrderID == "" {
		s.t.Fatalf("the customer sees the order at %q (%q), want %s", view.Pizzeria,
			view.EdgeOrderID, e.id)
	}
	at, err := e.db.FindOrderByID(ctx, view.EdgeOrderID)
	if err != nil {
		s.t.Fatalf("%s: %v", e.id, err)
	}
	projected, err := s.c.db.FindOrder(ctx, id)
	if err != nil {
		s.t.Fatalf("central: %v", err)
	}

	// The same order, seen three ways.
	type seen struct {
		ID, Pizzeria, Status, Payment string
		Ticket, Total                 int64
		History                       string
	}
	ticket := int64(-1)
	if view.Ticket != nil {
		ticket = *view.Ticket
	}
	atEdge := seen{at.ID, e.id, string(at.Status), string(at.PaymentStatus), at.Ticket,
		at.TotalCents, ""}
	var edgeHistory []string
	for _, h := range at.History {
		edgeHistory = append(edgeHistory, string(h.To))
	}
	atEdge.History = strings.Join(edgeHistory, " ")
	atCentral := seen{projected.ID, projected.Pizzeria, projected.Status, projected.PaymentStatus,
		projected.Ticket, projected.TotalCents, historyOf(projected.History)}
	forCustomer := seen{view.EdgeOrderID, view.Pizzeria, view.Status, view.PaymentStatus, ticket,
		view.TotalCents, historyOf(view.History)}
	if atEdge != atCentral || atEdge != forCustomer {
		s.t.Errorf("%s: %+v\ncentral: %+v\ncustomer: %+v", e.id, atEdge, atCentral, forCustomer)
	}
	return view
}

// historyOf lists the statuses an order went to.
func historyOf(events []central.WebOrderEvent) string {
	var to []string
	for _, e := range events {
		to = append(to, e.To)
	}
	return strings.Join(to, " ")
}

// countTo counts the transitions of an order to a status.
func countTo(o *edge.Order, status edge.Status) int {
	n := 0
	for _, h := range o.History {
		if h.To == status {
			n++
		}
	}
	return n
}

// onHand returns a pizzeria's stock on hand, by ingredient.
func (e *edgeNode) onHand() map[string]int64 {
	e.t.Helper()
	ingredients, err := e.db.FindIngredients(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	stock := map[string]int64{}
	for _, ing := range ingredients {
		stock[ing.ID] = ing.OnHand
	}
	return stock
}

// checkStock checks that a pizzeria's stock is what it was.
func (e *edgeNode) checkStock(was map[string]int64) {
	e.t.Helper()
	if now := e.onHand(); !maps.Equal(now, was) {
		e.t.Errorf("%s's stock is %v, was %v", e.id, now, was)
	}
}

// offerPublished reports, as an error until it holds, whether central's
// one order.place for a pizzeria is published and still unanswered.
func (s *webSystem) offerPublished(pizzeria string) error {
	commands, err := s.c.db.FindCommands(context.Background(),
		central.CommandFilter{Pizzeria: pizzeria, Type: syncproto.CommandOrderPlace})
	switch {
	case err != nil:
		return err
	case len(commands) != 1 || commands[0].PublishedAt == nil:
		return fmt.Errorf("%d order.place commands, none published", len(commands))
	case commands[0].Answer != "":
		return fmt.Errorf("order.place answered %s", commands[0].Answer)
	}
	return nil
}

// checkReadyForDriver checks that the drivers' API lists an order ready
// to take, paid already.
func (s *webSystem) checkReadyForDriver(token, edgeID string) {
	s.t.Helper()
	status, body := s.call(token, http.MethodGet, "/api/v1/driver/orders", nil)
	var list struct {
		Orders []central.DeliveryOrder `json:"orders"`
	}
	if err := json.Unmarshal(body, &list); status != http.StatusOK || err != nil {
		s.t.Fatalf("driver orders: status %d, %v", status, err)
	}
	i := slices.IndexFunc(list.Orders, func(o central.DeliveryOrder) bool {
		return o.ID == edgeID
	})
	if i < 0 || list.Orders[i].Status != "ready" || list.Orders[i].ToCollect() {
		s.t.Fatalf("driver orders: %s", body)
	}
}
