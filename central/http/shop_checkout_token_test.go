package http

import (
	"context"
	"testing"
	"time"
)

// TestCheckoutTokens checks the memory of checkout tokens: a second post
// follows the first, a failed post lets its token go, tokens are kept by
// customer, for a time, and within a bound.
func TestCheckoutTokens(t *testing.T) {
	now := time.Date(2026, 12, 3, 18, 30, 0, 0, time.UTC)
	tokens := newCheckoutTokens(10*time.Minute, 3)
	tokens.now = func() time.Time { return now }
	token := newCheckoutToken()
	if !validCheckoutToken(token) || validCheckoutToken("x") || validCheckoutToken(token[:25]+"1") {
		t.Fatalf("token %q, or a bad one, judged wrong", token)
	}

	// The first post makes the order; the second lands where it went.
	first, ok := tokens.claim("anna", token)
	if !ok {
		t.Fatal("the first post is not first")
	}
	second, ok := tokens.claim("anna", token)
	if ok || second != first {
		t.Fatal("the second post is first too")
	}
	tokens.finish("anna", token, first, "/commandes/1")
	if got := second.wait(context.Background()); got != "/commandes/1" {
		t.Fatalf("second post sent to %q", got)
	}

	// Another customer's token is another token.
	if _, ok := tokens.claim("luca", token); !ok {
		t.Fatal("luca's post follows anna's")
	}

	// A failed post lets its token go.
	other := newCheckoutToken()
	e, _ := tokens.claim("anna", other)
	tokens.finish("anna", other, e, "")
	if e.wait(context.Background()) != "" {
		t.Fatal("a failed post has a location")
	}
	if _, ok := tokens.claim("anna", other); !ok {
		t.Fatal("a failed post kept its token")
	}

	// Bounded: a fourth token pushes the oldest out.
	if _, ok := tokens.claim("anna", newCheckoutToken()); !ok {
		t.Fatal("a new token is not first")
	}
	if _, ok := tokens.claim("anna", token); !ok {
		t.Fatal("the oldest token is still held past the bound")
	}

	// Forgotten after their time.
	now = now.Add(11 * time.Minute)
	if len(tokens.entries) == 0 {
		t.Fatal("nothing held before the sweep")
	}
	tokens.claim("anna", newCheckoutToken())
	if len(tokens.entries) != 1 || len(tokens.queue) != 1 {
		t.Fatalf("%d entries, %d queued after they expired", len(tokens.entries), len(tokens.queue))
	}

	// A waiting post gives up with its request.
	waiting, _ := tokens.claim("anna", newCheckoutToken())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if waiting.wait(ctx) != "" {
		t.Fatal("a cancelled wait has a location")
	}
}

// TestCheckoutTokensFailuresLeaveTheQueue posts many refused forms after
// one that made its order: the refusals are forgotten at once, queue and
// all, so the order's token stays held however many there are.
func TestCheckoutTokensFailuresLeaveTheQueue(t *testing.T) {
	tokens := newCheckoutTokens(10*time.Minute, 3)
	placed := newCheckoutToken()
	e, _ := tokens.claim("anna", placed)
	tokens.finish("anna", placed, e, "/commandes/1")

	for range 10 {
		token := newCheckoutToken()
		refused, first := tokens.claim("anna", token)
		if !first {
			t.Fatal("a new token is not first")
		}
		tokens.finish("anna", token, refused, "")
	}
	if len(tokens.queue) != 1 || len(tokens.entries) != 1 {
		t.Fatalf("%d queued, %d entries after the refusals", len(tokens.queue), len(tokens.entries))
	}
	if again, first := tokens.claim("anna", placed); first || again != e {
		t.Fatal("refused forms pushed out the token of a placed order")
	}
}
