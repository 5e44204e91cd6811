package paysim_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/paysim"
)

const eventBody = `{"id":"evt_1","type":"payment.succeeded","payment_id":"pay_1","status":"succeeded",` +
	`"amount_cents":1250,"reference":"order-42","created":"2026-03-01T12:00:00Z"}`

func TestVerifyWebhook(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 5, 0, time.UTC)
	good := paysim.Sign(testSecret, []byte(eventBody), now)
	goodSig := good[strings.Index(good, "v1="):]
	otherSig := paysim.Sign("another-secret-of-16", []byte(eventBody), now)
	ts := func(t time.Time) string { return "t=" + strconv.FormatInt(t.Unix(), 10) }

	cases := []struct {
		name   string
		header string
		body   string
		now    time.Time
		want   error  // a sentinel, or nil
		code   string // the code when want is nil and an error is expected
	}{
		{"valid", good, eventBody, now, nil, ""},
		{"valid at the edge of the tolerance", good, eventBody, now.Add(central.WebhookTolerance), nil, ""},
		{"rotated secret: one of two signatures", otherSig + "," + goodSig, eventBody, now, nil, ""},
		{"no header", "", eventBody, now, central.ErrWebhookSignature, ""},
		{"other secret", otherSig, eventBody, now, central.ErrWebhookSignature, ""},
		{"body changed", good, strings.Replace(eventBody, "1250", "9", 1), now, central.ErrWebhookSignature, ""},
		{"time changed", ts(now.Add(time.Second)) + "," + goodSig, eventBody, now, central.ErrWebhookSignature, ""},
		{"no timestamp", goodSig, eventBody, now, central.ErrWebhookSignature, ""},
		{"two timestamps", ts(now) + "," + good, eventBody, now, central.ErrWebhookSignature, ""},
		{"short signature", ts(now) + ",v1=abcd", eventBody, now, central.ErrWebhookSignature, ""},
		{"garbage", "hello", eventBody, now, central.ErrWebhookSignature, ""},
		{"stale", good, eventBody, now.Add(central.WebhookTolerance + time.Second), central.ErrWebhookStale, ""},
		{"from the future", good, eventBody, now.Add(-central.WebhookTolerance - time.Second),
			central.ErrWebhookStale, ""},
		{"signed but not json", paysim.Sign(testSecret, []byte("{"), now), "{", now, nil, central.EBADREQUEST},
		{"signed but unknown type", paysim.Sign(testSecret, []byte(strings.Replace(eventBody,
			"payment.succeeded", "payment.stolen", 1)), now),
			strings.Replace(eventBody, "payment.succeeded", "payment.stolen", 1), now, nil, central.EINVALID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev, err := paysim.VerifyWebhook(testSecret, c.header, []byte(c.body), c.now)
			switch {
			case c.want != nil && !errors.Is(err, c.want):
				t.Fatalf("err = %v, want %v", err, c.want)
			case c.code != "" && central.ErrorCode(err) != c.code:
				t.Fatalf("err = %v, want code %s", err, c.code)
			case c.want == nil && c.code == "" && (err != nil || ev.ID != "evt_1"):
				t.Fatalf("valid webhook refused: %v", err)
			case err != nil && ev != nil:
				t.Fatalf("an event returned with an error")
			}
		})
	}
}

// FuzzVerifyWebhook feeds the verifier hostile headers and bodies: it must
// never panic, and must accept only what was signed with the secret.
func FuzzVerifyWebhook(f *testing.F) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f.Add(paysim.Sign(testSecret, []byte(eventBody), now), []byte(eventBody))
	f.Add("t=1,v1=00", []byte("{}"))
	f.Add("t=,v1=,v1", []byte(""))
	f.Add(strings.Repeat("v1=", 500), []byte("x"))
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		ev, err := paysim.VerifyWebhook(testSecret, header, body, now)
		if err != nil {
			return
		}
		if ev == nil {
			t.Fatal("accepted without an event")
		}
		if _, err := paysim.VerifyWebhook("another-secret-of-16", header, body, now); err == nil {
			t.Fatalf("header %q verifies under two secrets", header)
		}
	})
}
