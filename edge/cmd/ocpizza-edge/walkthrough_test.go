package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/edge"
)

// TestDemoWalkthrough is the "done when": demo-data then serve
// give a pizzeria where, over the API, an order is placed, prepared, made
// ready and delivered, stock follows the recipes, and the outbox grows
// with no NATS anywhere.
func TestDemoWalkthrough(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if _, err := runCmd(t, "", "demo-data", "--db", db, "--pizzeria", "paris-11"); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", db, "--pizzeria", "paris-11", "--http-addr", addr,
			"--log-level", "warn"}, strings.NewReader(""), &bytes.Buffer{})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	api := &client{t: t, base: "http://" + addr}
	waitFor(t, func() error { _, err := http.Get(api.base + "/healthz"); return err })

	// Everyone logs in with the demo accounts.
	caisse, chef, livreur, gerant := api.login("caisse"), api.login("pizzaiolo"), api.login("livreur"), api.login("gerant")
	var before edge.SyncStatus
	api.call(gerant, "GET", "/api/v1/sync", nil, http.StatusOK, &before)

	// The manager closes the pizzeria to web orders for the rush, then
	// opens it again; the order taker may not.
	var web edge.WebOrderSettings
	api.call(gerant, "PUT", "/api/v1/web-orders", map[string]any{"open": false}, http.StatusOK, &web)
	if web.Open || web.UpdatedBy != "gerant" {
		t.Fatalf("web orders after closing = %+v", web)
	}
	api.call(caisse, "PUT", "/api/v1/web-orders", map[string]any{"open": true}, http.StatusForbidden, &map[string]any{})
	api.call(gerant, "PUT", "/api/v1/web-orders", map[string]any{"open": true}, http.StatusOK, &web)
	if !web.Open {
		t.Fatal("web orders still closed after opening")
	}
	stockBefore := api.stock(gerant)

	// A phone order for delivery: two Reines and a Coca-Cola.
	var o edge.Order
	api.call(caisse, "POST", "/api/v1/orders", map[string]any{
		"channel": "phone", "fulfilment": "delivery", "payment_method": "cash",
		"customer": map[string]string{"name": "Mme Durand", "phone": "06 12 34 56 78",
			"address": "12 rue Oberkampf, 75011 Paris"},
		"lines": []map[string]any{{"product_id": "reine", "quantity": 2}, {"product_id": "coca-cola-33cl", "quantity": 1}},
	}, http.StatusCreated, &o)
	if o.Status != edge.StatusAccepted || o.TotalCents != 2*1150+350 {
		t.Fatalf("order = %s, %d cents; want accepted, 2650 cents", o.Status, o.TotalCents)
	}

	// The stock follows the Reine's recipe and the drink.
	taken := map[string]int64{"pate": 2, "sauce-tomate": 160, "mozzarella": 220, "jambon": 120,
		"champignons": 100, "coca-cola-33cl": 1}
	stockAfter := api.stock(gerant)
	for id, before := range stockBefore {
		if got, want := stockAfter[id], before-taken[id]; got != want {
			t.Errorf("%s: %d on hand after the order, want %d", id, got, want)
		}
	}

	// Kitchen, then delivery, then cash at the door.
	for _, step := range []struct {
		token string
		to    edge.Status
	}{{chef, edge.StatusPreparing}, {chef, edge.StatusReady}, {livreur, edge.StatusOutForDelivery}, {livreur, edge.StatusDelivered}} {
		api.call(step.token, "POST", "/api/v1/orders/"+o.ID+"/transitions", map[string]any{"to": step.to}, http.StatusOK, &o)
	}
	api.call(livreur, "POST", "/api/v1/orders/"+o.ID+"/payment", map[string]any{"method": "cash"}, http.StatusOK, &o)
	api.call(gerant, "GET", "/api/v1/orders/"+o.ID, nil, http.StatusOK, &o)
	if o.Status != edge.StatusDelivered || o.PaymentStatus != edge.PaymentPaid || len(o.History) != 5 {
		t.Fatalf("order = %s, %s, %d transitions; want delivered, paid, 5", o.Status, o.PaymentStatus, len(o.History))
	}

	// Six changes, six events waiting: there is no link to send them on.
	var after edge.SyncStatus
	api.call(gerant, "GET", "/api/v1/sync", nil, http.StatusOK, &after)
	if after.Online || after.LastSeq != before.LastSeq+6 || after.Backlog != after.LastSeq {
		t.Fatalf("sync = %+v, want offline with last_seq %d and all of it in the backlog", after, before.LastSeq+6)
	}
}

// client calls the API of a running ocpizza-edge.
type client struct {
	t    *testing.T
	base string
}

func (c *client) login(username string) string {
	c.t.Helper()
	var session struct{ Token string }
	c.call("", "POST", "/api/v1/sessions", map[string]string{"username": username, "password": demoPassword},
		http.StatusCreated, &session)
	return session.Token
}

func (c *client) stock(token string) map[string]int64 {
	c.t.Helper()
	var ingredients []edge.Ingredient
	c.call(token, "GET", "/api/v1/stock", nil, http.StatusOK, &ingredients)
	onHand := map[string]int64{}
	for _, i := range ingredients {
		onHand[i.ID] = i.OnHand
	}
	return onHand
}

// call sends a JSON request and decodes the answer into out, failing the
// test unless the status is want.
func (c *client) call(token, method, path string, body any, want int, out any) {
	c.t.Helper()
	var reader io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		reader = bytes.NewReader(data)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, reader)
	if err != nil {
		c.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		c.t.Fatalf("%s %s = %d %s, want %d", method, path, res.StatusCode, data, want)
	}
	if err := json.Unmarshal(data, out); err != nil {
		c.t.Fatal(fmt.Errorf("%s %s: %w", method, path, err))
	}
}
