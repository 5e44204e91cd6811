package http_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
)

// TestWebOrdersSwitch closes and opens web orders as the manager, and
// refuses a request without the switch.
func TestWebOrdersSwitch(t *testing.T) {
	e := newEnv(t)
	settingsOf := func(r *response) edge.WebOrderSettings {
		t.Helper()
		var s edge.WebOrderSettings
		if r.Status != http.StatusOK {
			t.Fatalf("%s: status %d %s", r.label, r.Status, r.Body)
		}
		if err := json.Unmarshal(r.Body, &s); err != nil {
			t.Fatal(err)
		}
		return s
	}

	if s := settingsOf(e.as(t, manager, "GET", "/api/v1/web-orders", nil)); !s.Open {
		t.Errorf("web orders closed by default")
	}
	closed := settingsOf(e.as(t, manager, "PUT", "/api/v1/web-orders", map[string]bool{"open": false}))
	if closed.Open || closed.UpdatedBy != "manager" || closed.UpdatedAt == nil {
		t.Errorf("after closing: %+v", closed)
	}
	if s := settingsOf(e.as(t, taker, "GET", "/api/v1/web-orders", nil)); s.Open {
		t.Errorf("the order taker sees web orders open")
	}

	// No switch in the body: invalid, nothing changed.
	r := e.as(t, manager, "PUT", "/api/v1/web-orders", map[string]string{})
	if r.Status != http.StatusUnprocessableEntity {
		t.Errorf("empty body: status %d", r.Status)
	}
	if s := settingsOf(e.as(t, manager, "GET", "/api/v1/web-orders", nil)); s.Open {
		t.Errorf("an invalid request changed the switch")
	}
}
