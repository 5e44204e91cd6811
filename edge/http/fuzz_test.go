package http

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
)

// FuzzDecodeOrderCreate drives the decoder of order requests with
// arbitrary bodies: it must never panic, accept only orders that satisfy
// the domain's bounds, and refuse the rest with a client error.
func FuzzDecodeOrderCreate(f *testing.F) {
	seeds := []string{
		`{"channel":"phone","fulfilment":"delivery","payment_method":"cash",` +
			`"customer":{"name":"Mme Durand","phone":"06 12 34 56 78","address":"3 rue Oberkampf"},` +
			`"lines":[{"product_id":"margherita","quantity":2,"note":"bien cuite"}]}`,
		`{"channel":"counter","fulfilment":"pickup","payment_method":"card",` +
			`"customer":{"name":"Paul"},"lines":[{"product_id":"reine","quantity":1}]}`,
		`{"channel":"web","fulfilment":"pickup","payment_method":"online","customer":{"name":"x"},"lines":[]}`,
		`{"channel":"counter","fulfilment":"pickup","payment_method":"cash",` +
			`"customer":{"name":"  "},"lines":[{"product_id":"a","quantity":0}]}`,
		`{"channel":"counter","fulfilment":"pickup","payment_method":"cash",` +
			`"customer":{"name":"A","phone":"+33 6 12 34 56 78"},"lines":[{"product_id":"a","quantity":-1}]}`,
		`{"lines":[{"quantity":1e3}]}`,
		`{"lines":[{"quantity":99999999999999999999}]}`,
		`{"customer":"nobody"}`,
		`{"tip":1}`,
		`{} {}`,
		`{}x`,
		`[]`,
		`null`,
		``,
		`{"channel":`,
		"{\"channel\":\"phone\u0000\"}",
		`{"channel":"counter","fulfilment":"pickup","payment_method":"cash",` +
			`"customer":{"name":"A"},"lines":[` +
			strings.Repeat(`{"product_id":"a","quantity":1},`, edge.MaxOrderLines) +
			`{"product_id":"a","quantity":1}]}`,
		`{"note":"` + strings.Repeat("a", MaxBodyBytes) + `"}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, body []byte) {
		// The server reads bodies through the same limit.
		r := http.MaxBytesReader(nil, io.NopCloser(bytes.NewReader(body)), MaxBodyBytes)
		create, err := decodeOrderCreate(r)
		if err != nil {
			switch code := edge.ErrorCode(err); code {
			case edge.EBADREQUEST, edge.EINVALID, edge.ETOOLARGE:
			default:
				t.Fatalf("error code %q (%v), want a client error", code, err)
			}
			if edge.ErrorMessage(err) == "" {
				t.Fatalf("error %v has no message", err)
			}
			return
		}
		checkOrderCreate(t, create)
	})
}

// checkOrderCreate fails unless an accepted order request is within every
// bound of the domain.
func checkOrderCreate(t testing.TB, o edge.OrderCreate) {
	t.Helper()
	switch {
	case o.Channel != edge.ChannelPhone && o.Channel != edge.ChannelCounter:
		t.Fatalf("channel %q accepted", o.Channel)
	case o.Fulfilment != edge.FulfilmentDelivery && o.Fulfilment != edge.FulfilmentPickup:
		t.Fatalf("fulfilment %q accepted", o.Fulfilment)
	case o.PaymentMethod != edge.PaymentCash && o.PaymentMethod != edge.PaymentCard:
		t.Fatalf("payment method %q accepted", o.PaymentMethod)
	}

	// The customer: a trimmed name, a normalised phone where needed, an
	// address for deliveries.
	c := o.Customer
	if c.Name == "" || c.Name != strings.TrimSpace(c.Name) || len(c.Name) > edge.MaxNameLen {
		t.Fatalf("customer name %q accepted", c.Name)
	}
	if len(c.Address) > edge.MaxAddressLen || (o.Fulfilment == edge.FulfilmentDelivery && c.Address == "") {
		t.Fatalf("address %q accepted for %s", c.Address, o.Fulfilment)
	}
	needPhone := o.Channel == edge.ChannelPhone || o.Fulfilment == edge.FulfilmentDelivery
	if needPhone && c.Phone == "" {
		t.Fatalf("%s %s order accepted without a phone", o.Channel, o.Fulfilment)
	}
	if c.Phone != "" {
		if normal, err := edge.NormalizePhone(c.Phone); err != nil || normal != c.Phone {
			t.Fatalf("phone %q accepted, not normalised (%q, %v)", c.Phone, normal, err)
		}
	}

	// The lines.
	if len(o.Lines) < 1 || len(o.Lines) > edge.MaxOrderLines {
		t.Fatalf("%d lines accepted", len(o.Lines))
	}
	for i, l := range o.Lines {
		switch {
		case l.Quantity < 1 || l.Quantity > edge.MaxLineQty:
			t.Fatalf("line %d: quantity %d accepted", i, l.Quantity)
		case l.ProductID == "" || len(l.ProductID) > edge.MaxIDLen ||
			l.ProductID != strings.TrimSpace(l.ProductID):
			t.Fatalf("line %d: product id %q accepted", i, l.ProductID)
		case len(l.Note) > edge.MaxNoteLen:
			t.Fatalf("line %d: note of %d bytes accepted", i, len(l.Note))
		}
	}
}
