package demo

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestDemoRunsAndSyncs runs the demo as `make demo` does, on a private
// PostgreSQL and the in-process NATS server with per-pizzeria users: both
// pizzerias become ready, an order taken on one reaches central, the
// payment provider answers and the demo customer logs in on central,
// everything stops cleanly, and a second run on the same files works too.
func TestDemoRunsAndSyncs(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()

	var keys []string
	for run := 1; run <= 2; run++ {
		stack, err := Start(ctx, cfg)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		stopped := false
		t.Cleanup(func() {
			if !stopped {
				_ = stack.Stop()
			}
		})

		// An order at the till of the first pizzeria.
		till := login(t, stack.EdgeURL(0), "caisse")
		till.call("POST", "/api/v1/orders", orderBody(run), http.StatusCreated, nil)
		var st syncStatus
		login(t, stack.EdgeURL(0), "gerant").call("GET", "/api/v1/sync", nil, http.StatusOK, &st)

		// Central applies it; the other pizzeria is online too.
		ops := login(t, stack.CentralURL(), "ops")
		waitFor(t, time.Minute, "order at central", func() error {
			b, err := ops.branchOf("paris-11")
			if err != nil {
				return err
			}
			if b.Epoch != st.Epoch || b.LastSeq < st.LastSeq {
				return fmt.Errorf("central at %s:%d, edge at %s:%d", b.Epoch, b.LastSeq, st.Epoch, st.LastSeq)
			}
			return nil
		})
		waitFor(t, 30*time.Second, "lyon-2 online", func() error {
			b, err := ops.branchOf("lyon-2")
			if err == nil && !b.Online {
				err = fmt.Errorf("lyon-2 offline")
			}
			return err
		})

		// The payment provider, and the customer.
		checkPaysim(t, stack)
		keys = append(keys, stack.paysim.apiKey)
		var me struct{ Email, Role string }
		customer := loginAs(t, stack.CentralURL(), map[string]string{
			"email": DemoCustomer.Email, "password": Password})
		customer.call("GET", "/api/v1/customer", nil, http.StatusOK, &me)
		if me.Email != DemoCustomer.Email {
			t.Errorf("run %d: GET /api/v1/customer: %+v", run, me)
		}

		// The demo driver of paris-11 opens the drivers' page on central, and
		// the account central pushed down lets them log in at the pizzeria.
		driver := login(t, stack.CentralURL(), DriverAccount("paris-11"))
		driver.call("GET", "/api/v1/driver/orders", nil, http.StatusOK, nil)
		waitFor(t, time.Minute, "driver account at paris-11", func() error {
			till := &client{t: t, base: stack.EdgeURL(0)}
			return till.try("POST", "/api/v1/sessions", map[string]string{
				"username": DriverAccount("paris-11"), "password": Password}, http.StatusCreated, nil)
		})

		if run == 1 {
			checkAlertMetrics(t, stack)
		}
		stopped = true
		if err := stack.Stop(); err != nil {
			t.Fatalf("run %d: stop: %v", run, err)
		}
	}
	if keys[0] != keys[1] {
		t.Error("the second run made new paysim secrets, not those of var/paysim.env")
	}
}

// checkPaysim checks that the payment provider answers, and that it was
// given the secrets kept in the var directory.
func checkPaysim(t *testing.T, stack *Stack) {
	t.Helper()
	resp, err := http.Get(stack.PaysimURL() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != "ok" {
		t.Errorf("paysim /healthz: %d %q", resp.StatusCode, body)
	}

	// The API takes the key of var/paysim.env, and no other.
	for key, want := range map[string]int{stack.paysim.apiKey: http.StatusNotFound, "sk_test_wrong_key_000": 401} {
		req, _ := http.NewRequest("GET", stack.PaysimURL()+"/v1/payments/pi_none", nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("paysim API with key %.12s...: status %d, want %d", key, resp.StatusCode, want)
		}
	}
}
