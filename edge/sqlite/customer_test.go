package sqlite_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/edge"
)

func TestFindCustomersByPhone(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	clock := setClock(db, testNow)
	const lilas, foch, gare = "3 rue des Lilas", "12 avenue Foch", "1 place de la Gare"

	// One phone line, two people, several addresses, an hour apart.
	calls := []edge.Customer{
		{Name: "Mme Durand", Phone: "06 12 34 56 78", Address: lilas},
		{Name: "Mme Durand", Phone: "06.12.34.56.78", Address: foch},
		{Name: "Paul Durand", Phone: "0612345678", Address: gare},
		{Name: "Mme Durand", Phone: "06-12-34-56-78", Address: lilas},
		{Name: "Lucie", Phone: "07 00 00 00 01", Address: foch},
	}
	for _, c := range calls {
		create := phoneOrder(line("margherita", 1))
		create.Customer = c
		if _, err := db.CreateOrder(t.Context(), orderTaker, create); err != nil {
			t.Fatalf("create order for %s: %v", c.Name, err)
		}
		clock.Add(time.Hour)
	}

	// A counter order without a phone number is not remembered.
	counter := phoneOrder(line("margherita", 1))
	counter.Channel, counter.Fulfilment, counter.Customer = edge.ChannelCounter, edge.FulfilmentPickup,
		edge.Customer{Name: "Mme Durand"}
	if _, err := db.CreateOrder(t.Context(), orderTaker, counter); err != nil {
		t.Fatalf("create counter order: %v", err)
	}

	got, err := db.FindCustomersByPhone(t.Context(), "0612345678")
	if err != nil {
		t.Fatalf("find customers: %v", err)
	}
	type known struct {
		name, phone string
		addresses   []string
	}
	var summary []known
	for _, c := range got {
		if c.ID == "" {
			t.Errorf("customer %s has no id", c.Name)
		}
		summary = append(summary, known{c.Name, c.Phone, c.Addresses})
	}
	want := []known{
		{"Mme Durand", "0612345678", []string{lilas, foch}}, // the Lilas again most recently
		{"Paul Durand", "0612345678", []string{gare}},
	}
	if !reflect.DeepEqual(summary, want) {
		t.Errorf("customers of 06 12 34 56 78 =\n%+v\nwant\n%+v", summary, want)
	}

	// Any spelling of the number finds them; an unknown number finds
	// nobody; a malformed one is refused.
	if again, err := db.FindCustomersByPhone(t.Context(), "06 12 34 56 78"); err != nil || len(again) != 2 {
		t.Errorf("find by spaced number = %d customers, %v; want 2", len(again), err)
	}
	none, err := db.FindCustomersByPhone(t.Context(), "09 99 99 99 99")
	if err != nil || none == nil || len(none) != 0 {
		t.Errorf("find unknown number = %#v, %v; want an empty list", none, err)
	}
	_, err = db.FindCustomersByPhone(t.Context(), "abc")
	wantCode(t, err, edge.EINVALID)
}

func TestUpdateOrderAddressIsRemembered(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	clock := setClock(db, testNow)
	o := createOrder(t, db, line("margherita", 1))

	clock.Add(time.Minute)
	address := "5 rue Oberkampf"
	if _, err := db.UpdateOrder(t.Context(), orderTaker, o.ID, edge.OrderUpdate{Address: &address}); err != nil {
		t.Fatalf("update order: %v", err)
	}
	customers, err := db.FindCustomersByPhone(t.Context(), "0612345678")
	if err != nil || len(customers) != 1 {
		t.Fatalf("find customers = %v, %v; want 1", customers, err)
	}
	if want := []string{address, "3 rue des Lilas, 75011 Paris"}; !reflect.DeepEqual(customers[0].Addresses, want) {
		t.Errorf("addresses = %v, want %v", customers[0].Addresses, want)
	}
}
