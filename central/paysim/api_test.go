package paysim_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/paysim"
)

// apiCall is one raw call to the simulator's API.
type apiCall struct {
	method, path, key, body string
	auth                    string // "" for the test key
}

// do sends the call and returns the status, the replay header and the
// decoded body.
func (h *harness) do(t testing.TB, c apiCall) (int, bool, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(c.method, h.srv.URL+c.path, strings.NewReader(c.body))
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	auth := c.auth
	if auth == "" {
		auth = "Bearer " + testAPIKey
	}
	req.Header.Set("Authorization", auth)
	if c.key != "" {
		req.Header.Set("Idempotency-Key", c.key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s answered %d with no JSON: %q", c.method, c.path, resp.StatusCode, raw)
	}
	return resp.StatusCode, resp.Header.Get(paysim.ReplayedHeader) == "true", out
}

const createBody = `{"amount_cents":1250,"currency":"eur","reference":"order-42",` +
	`"return_url":"https://pizza.example/retour"}`

func TestCreatePayment(t *testing.T) {
	h := newHarness(t, 0)

	status, replayed, p := h.do(t, apiCall{method: "POST", path: "/v1/payments", key: "k1", body: createBody})
	if status != http.StatusCreated || replayed {
		t.Fatalf("create: status %d, replayed %v: %v", status, replayed, p)
	}
	id, _ := p["id"].(string)
	if !strings.HasPrefix(id, "pay_") || p["status"] != "created" || p["amount_cents"] != 1250.0 {
		t.Errorf("created payment = %v", p)
	}
	if p["payment_url"] != h.srv.URL+"/pay/"+id {
		t.Errorf("payment_url = %v, want under %s", p["payment_url"], h.srv.URL)
	}

	// The intent reads back as created.
	status, _, got := h.do(t, apiCall{method: "GET", path: "/v1/payments/" + id})
	if status != http.StatusOK || got["id"] != id || got["status"] != "created" {
		t.Errorf("get: %d %v", status, got)
	}
}

func TestCreatePaymentRefusesBadInput(t *testing.T) {
	h := newHarness(t, 0)
	cases := []struct {
		name   string
		call   apiCall
		status int
		field  string
	}{
		{"no api key", apiCall{method: "POST", path: "/v1/payments", key: "k", body: createBody,
			auth: "Bearer nope"}, 401, ""},
		{"no idempotency key", apiCall{method: "POST", path: "/v1/payments", body: createBody}, 422,
			"Idempotency-Key"},
		{"zero amount", apiCall{method: "POST", path: "/v1/payments", key: "k",
			body: strings.Replace(createBody, "1250", "0", 1)}, 422, "amount_cents"},
		{"dollars", apiCall{method: "POST", path: "/v1/payments", key: "k",
			body: strings.Replace(createBody, `"eur"`, `"usd"`, 1)}, 422, "currency"},
		{"script return url", apiCall{method: "POST", path: "/v1/payments", key: "k",
			body: strings.Replace(createBody, "https://pizza.example/retour", "javascript:alert(1)", 1)},
			422, "return_url"},
		{"unknown field", apiCall{method: "POST", path: "/v1/payments", key: "k",
			body: strings.Replace(createBody, "{", `{"capture":true,`, 1)}, 400, "capture"},
		{"not json", apiCall{method: "POST", path: "/v1/payments", key: "k", body: "{"}, 400, ""},
		{"unknown payment", apiCall{method: "GET", path: "/v1/payments/pay_nope"}, 404, ""},
		{"refund without key", apiCall{method: "POST", path: "/v1/payments/pay_nope/refund"}, 422,
			"Idempotency-Key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, _, body := h.do(t, c.call)
			e, _ := body["error"].(map[string]any)
			if status != c.status || e == nil || e["message"] == "" {
				t.Fatalf("status %d, body %v; want %d with an error", status, body, c.status)
			}
			if c.field != "" && e["field"] != c.field {
				t.Errorf("field %v, want %s", e["field"], c.field)
			}
		})
	}
	if n := len(h.list(t)); n != 0 {
		t.Errorf("%d payments created by refused requests", n)
	}
}

func TestIdempotencyKey(t *testing.T) {
	h := newHarness(t, 0)
	call := apiCall{method: "POST", path: "/v1/payments", key: "order-42:pay:1", body: createBody}

	// The same key and body twice: the same intent, the second a replay.
	_, _, first := h.do(t, call)
	status, replayed, second := h.do(t, call)
	if status != http.StatusCreated || !replayed || second["id"] != first["id"] {
		t.Fatalf("second call: %d replayed=%v %v; first %v", status, replayed, second["id"], first["id"])
	}

	// The same key with another body: a conflict that says so.
	call.body = strings.Replace(createBody, "1250", "1300", 1)
	status, _, body := h.do(t, call)
	e, _ := body["error"].(map[string]any)
	if status != http.StatusConflict || e["reason"] != paysim.ReasonIdempotencyKeyReused {
		t.Errorf("other body: %d %v", status, body)
	}
	if n := len(h.list(t)); n != 1 {
		t.Errorf("%d payments, want 1", n)
	}
}

func TestIdempotencyKeyConcurrent(t *testing.T) {
	h := newHarness(t, 0)
	call := apiCall{method: "POST", path: "/v1/payments", key: "order-7:pay:1", body: createBody}

	// Twenty requests with the same key at once.
	ids := make([]any, 20)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			status, _, p := h.do(t, call)
			if status == http.StatusCreated {
				ids[i] = p["id"]
			}
		})
	}
	wg.Wait()

	for i, id := range ids {
		if id == nil || id != ids[0] {
			t.Fatalf("request %d got %v, request 0 got %v", i, id, ids[0])
		}
	}
	if n := len(h.list(t)); n != 1 {
		t.Errorf("%d payments, want 1", n)
	}
}

// list returns the payments the simulator holds.
func (h *harness) list(t testing.TB) []central.Payment {
	t.Helper()
	return paysim.Payments(h.sim)
}
