package paysim_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/paysim"
)

// BenchmarkPaymentAPI measures creating an intent through the client over
// real HTTP, against a baseline of a bare round trip to /healthz on the
// same server, and verifying a webhook against a baseline of signing one.
func BenchmarkPaymentAPI(b *testing.B) {
	h := newHarness(b, 0)
	ctx := context.Background()

	b.Run("baseline_healthz_round_trip", func(b *testing.B) {
		for b.Loop() {
			resp, err := http.Get(h.srv.URL + "/healthz")
			if err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
		}
	})
	b.Run("create_payment", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			_, err := h.client.CreatePayment(ctx, &central.PaymentRequest{AmountCents: 1250,
				Currency: "eur", Reference: "order", ReturnURL: returnTo, IdempotencyKey: fmt.Sprint("k", i)})
			if err != nil {
				b.Fatal(err)
			}
		}
	})

	body := []byte(eventBody)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	header := paysim.Sign(testSecret, body, now)
	b.Run("baseline_sign_webhook", func(b *testing.B) {
		for b.Loop() {
			paysim.Sign(testSecret, body, now)
		}
	})
	b.Run("verify_webhook", func(b *testing.B) {
		for b.Loop() {
			if _, err := paysim.VerifyWebhook(testSecret, header, body, now); err != nil {
				b.Fatal(err)
			}
		}
	})
}
