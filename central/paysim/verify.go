package paysim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// SignatureHeader is the header that carries a webhook's signature:
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">". A receiver
// may find several v1 values while the secret is being rotated.
const SignatureHeader = "Paysim-Signature"

// maxSignatureHeader bounds the header a receiver reads.
const maxSignatureHeader = 1024

// Sign returns the signature header of body sent at t under secret.
func Sign(secret string, body []byte, t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

// mac is HMAC-SHA256 over the timestamp, a dot and the raw body: signing
// the timestamp with the body stops an old body from being sent again
// with a new time.
func mac(secret, ts string, body []byte) []byte {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(ts))
	h.Write([]byte("."))
	h.Write(body)
	return h.Sum(nil)
}

// VerifyWebhook checks a webhook's signature header against its raw body
// and returns the event it carries. It returns central.ErrWebhookSignature
// when the header is missing, malformed or signed with another secret,
// central.ErrWebhookStale when its time is more than WebhookTolerance away
// from now, and an EBADREQUEST error when the body is not a valid event.
// The signature is compared in constant time. It does not know which
// events were already applied: the receiver must store each event ID in
// the same transaction as the event's effect.
func VerifyWebhook(secret, header string, body []byte, now time.Time) (*central.PaymentEvent, error) {
	// The signature first: nothing unsigned is looked at further.
	ts, sigs, ok := parseSignature(header)
	if !ok || secret == "" {
		return nil, central.ErrWebhookSignature
	}
	want := mac(secret, ts, body)
	matched := false
	for _, sig := range sigs {
		matched = hmac.Equal(sig, want) || matched
	}
	if !matched {
		return nil, central.ErrWebhookSignature
	}

	// Then the time, so that a captured request cannot be replayed later.
	sec, _ := strconv.ParseInt(ts, 10, 64)
	age := now.Sub(time.Unix(sec, 0))
	if age > central.WebhookTolerance || age < -central.WebhookTolerance {
		return nil, central.ErrWebhookStale
	}

	// Then the event itself.
	var ev central.PaymentEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		bad := central.Errorm(central.EBADREQUEST, central.MsgBadRequest)
		return nil, fmt.Errorf("decode webhook: %w", bad)
	}
	if err := ev.Validate(); err != nil {
		return nil, err
	}
	return &ev, nil
}

// parseSignature splits a signature header into its timestamp and its v1
// signatures. Unknown schemes are ignored, as a newer sender may add one.
func parseSignature(header string) (ts string, sigs [][]byte, ok bool) {
	if len(header) > maxSignatureHeader {
		return "", nil, false
	}
	for item := range strings.SplitSeq(header, ",") {
		k, v, found := strings.Cut(strings.TrimSpace(item), "=")
		if !found {
			return "", nil, false
		}
		switch k {
		case "t":
			if ts != "" || !allDigits(v) || len(v) > 12 {
				return "", nil, false
			}
			ts = v
		case "v1":
			sig, err := hex.DecodeString(v)
			if err != nil || len(sig) != sha256.Size {
				return "", nil, false
			}
			sigs = append(sigs, sig)
		}
	}
	return ts, sigs, ts != "" && len(sigs) > 0
}
