package systemtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"sync"

	"github.com/ocpizza/ocpizza/central/paysim"
)

// webhookRelay stands between the payment simulator and central: it
// passes each webhook on as it came and keeps it, with central's answer,
// so that a test can deliver it again byte for byte.
type webhookRelay struct {
	mu         sync.Mutex
	target     string // central's webhook URL
	deliveries []delivery
}

// delivery is one webhook as the simulator signed and sent it, and what
// central answered.
type delivery struct {
	Signature string
	Body      []byte
	Type      string // the event's type, read from the body
	Status    int    // central's answer
	Applied   bool
}

// setTarget says where the webhooks go; it is set before any is sent.
func (r *webhookRelay) setTarget(url string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.target = url
}

// ServeHTTP passes a webhook on to central and answers as central did.
func (r *webhookRelay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	target := r.target
	r.mu.Unlock()
	d := delivery{Signature: req.Header.Get(paysim.SignatureHeader), Body: body}
	var answer []byte
	d.Status, answer, err = postWebhook(target, d.Signature, body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}

	// Kept with what the event was and whether central applied it.
	var ev struct{ Type string }
	var ack struct{ Applied bool }
	_ = json.Unmarshal(body, &ev)
	_ = json.Unmarshal(answer, &ack)
	d.Type, d.Applied = ev.Type, ack.Applied
	r.mu.Lock()
	r.deliveries = append(r.deliveries, d)
	r.mu.Unlock()
	w.WriteHeader(d.Status)
	_, _ = w.Write(answer)
}

// delivered returns the webhooks delivered so far, in order.
func (r *webhookRelay) delivered() []delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.deliveries)
}

// postWebhook posts a webhook body with its signature header to url and
// returns the status and body of the answer.
func postWebhook(url, signature string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set(paysim.SignatureHeader, signature)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	return resp.StatusCode, answer, err
}
