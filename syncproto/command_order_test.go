package syncproto

import (
	"errors"
	"testing"
	"time"
)

const testOrderID = "01900000-0000-7000-8000-000000000001"

func validPlace() *OrderPlace {
	return &OrderPlace{
		OrderID: testOrderID, Assignment: 1, Fulfilment: "delivery",
		Customer:      OrderCustomer{Name: "Mme Durand", Phone: "0612345678", Address: "12 rue Oberkampf, 75011 Paris"},
		Lines:         []PlaceLine{{ProductID: "reine", Quantity: 2}},
		PaymentMethod: "online", PaymentStatus: "paid",
	}
}

func TestOrderPlaceValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *OrderPlace)
		ok     bool
	}{
		{"valid", func(p *OrderPlace) {}, true},
		{"pickup without address", func(p *OrderPlace) { p.Fulfilment, p.Customer.Address = "pickup", "" }, true},
		{"cash pending", func(p *OrderPlace) { p.PaymentMethod, p.PaymentStatus = "cash", "pending" }, true},
		{"bad order id", func(p *OrderPlace) { p.OrderID = "42" }, false},
		{"assignment zero", func(p *OrderPlace) { p.Assignment = 0 }, false},
		{"delivery without address", func(p *OrderPlace) { p.Customer.Address = "" }, false},
		{"no phone", func(p *OrderPlace) { p.Customer.Phone = "" }, false},
		{"unknown fulfilment", func(p *OrderPlace) { p.Fulfilment = "drone" }, false},
		{"online unpaid", func(p *OrderPlace) { p.PaymentStatus = "pending" }, false},
		{"card is recorded at the door", func(p *OrderPlace) { p.PaymentMethod = "card" }, false},
		{"no lines", func(p *OrderPlace) { p.Lines = nil }, false},
		{"quantity zero", func(p *OrderPlace) { p.Lines[0].Quantity = 0 }, false},
		{"quantity too large", func(p *OrderPlace) { p.Lines[0].Quantity = 51 }, false},
		{"too many lines", func(p *OrderPlace) { p.Lines = make([]PlaceLine, 51) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validPlace()
			tt.change(p)
			if err := p.Validate(); (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestOrderCommandsValidate(t *testing.T) {
	tests := []struct {
		name    string
		payload interface{ Validate() error }
		ok      bool
	}{
		{"cancel", &OrderRef{OrderID: testOrderID, Assignment: 2}, true},
		{"cancel without assignment", &OrderRef{OrderID: testOrderID}, false},
		{"modify address", &OrderModify{OrderID: testOrderID, Assignment: 1, Address: "1 rue X"}, true},
		{"modify nothing", &OrderModify{OrderID: testOrderID, Assignment: 1}, false},
		{"paid", &OrderPaymentNotice{OrderID: testOrderID, Assignment: 1, Status: "paid", PaymentID: "pi_1"}, true},
		{"payment pending", &OrderPaymentNotice{OrderID: testOrderID, Assignment: 1, Status: "pending", PaymentID: "pi_1"}, false},
		{"payment without id", &OrderPaymentNotice{OrderID: testOrderID, Assignment: 1, Status: "refunded"}, false},
		{"driver takes", &OrderDriverUpdate{OrderID: testOrderID, Driver: "livreur", To: "out_for_delivery"}, true},
		{"driver delivers cash", &OrderDriverUpdate{OrderID: testOrderID, Driver: "livreur", To: "delivered", Collected: "card"}, true},
		{"driver collects before delivery", &OrderDriverUpdate{OrderID: testOrderID, Driver: "livreur", To: "out_for_delivery", Collected: "cash"}, false},
		{"driver collects cheque", &OrderDriverUpdate{OrderID: testOrderID, Driver: "livreur", To: "delivered", Collected: "cheque"}, false},
		{"driver prepares", &OrderDriverUpdate{OrderID: testOrderID, Driver: "livreur", To: "preparing"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.payload.Validate(); (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestOrderPayloadOf(t *testing.T) {
	at := time.Date(2026, 12, 3, 18, 0, 0, 0, time.UTC)
	c, err := NewCommand("01900000-0000-7000-8000-0000000000aa", "paris-11", 7, CommandOrderPlace, at, validPlace())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Supported(); err != nil {
		t.Fatalf("order.place not supported: %v", err)
	}

	// The right payload type reads back what was sent.
	var p OrderPlace
	if err := c.OrderPayloadOf(&p); err != nil {
		t.Fatal(err)
	}
	if p.OrderID != testOrderID || p.Lines[0].ProductID != "reine" || p.Assignment != 1 {
		t.Fatalf("payload read back as %+v", p)
	}

	// Another payload type, an unknown field or an invalid payload is CodeInvalid
	// or CodeMalformed, never accepted.
	var perr *Error
	if err := c.OrderPayloadOf(&OrderRef{}); !errors.As(err, &perr) || perr.Code != CodeInvalid {
		t.Fatalf("wrong payload type: %v", err)
	}
	c.Payload = []byte(`{"order_id":"` + testOrderID + `","assignment":1,"extra":true}`)
	if err := c.OrderPayloadOf(&p); err == nil {
		t.Fatal("unknown field accepted")
	}
	c.Payload = []byte(`{"order_id":"` + testOrderID + `","assignment":0}`)
	if err := c.OrderPayloadOf(&p); !errors.As(err, &perr) || perr.Code != CodeInvalid {
		t.Fatalf("invalid payload: %v", err)
	}
}
