package paysim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/go-retryablehttp"

	"github.com/ocpizza/ocpizza/central"
)

// RetryPolicy says how many times a call is tried again and how long the
// waits between tries are: exponential from WaitMin, capped at WaitMax.
type RetryPolicy struct {
	Max     int
	WaitMin time.Duration
	WaitMax time.Duration
}

// DefaultWebhookRetry tries a webhook for about 40 minutes: 1, 2, 4 ...
// seconds, then every 5 minutes, 15 retries in all.
var DefaultWebhookRetry = RetryPolicy{Max: 15, WaitMin: time.Second, WaitMax: 5 * time.Minute}

// maxConcurrentWebhooks bounds the deliveries in flight; the others wait.
const maxConcurrentWebhooks = 8

// notifier sends signed webhook events to one URL, each in the background
// and retried with backoff until it gets a 2xx. Deliveries run side by
// side, so events may arrive out of order; an event whose retries run out
// is logged and dropped: the receiver reads the intent to catch up.
type notifier struct {
	url, secret string
	retry       RetryPolicy
	httpClient  *http.Client
	log         *slog.Logger
	now         func() time.Time

	ctx   context.Context
	stop  context.CancelFunc
	mu    sync.Mutex
	wg    sync.WaitGroup
	slots chan struct{}
	done  bool
}

func newNotifier(url, secret string, retry RetryPolicy, log *slog.Logger,
	now func() time.Time) *notifier {
	ctx, stop := context.WithCancel(context.Background())
	return &notifier{
		url: url, secret: secret, retry: retry, log: log, now: now,
		httpClient: &http.Client{Timeout: 10 * time.Second},
		ctx:        ctx, stop: stop,
		slots: make(chan struct{}, maxConcurrentWebhooks),
	}
}

// notify sends the event of a payment that reached a final status.
func (n *notifier) notify(p central.Payment) {
	ev := central.PaymentEvent{
		ID:            "evt_" + strings.ReplaceAll(uuid.Must(uuid.NewV7()).String(), "-", ""),
		Type:          "payment." + string(p.Status),
		PaymentID:     p.ID,
		Status:        p.Status,
		AmountCents:   p.AmountCents,
		Reference:     p.Reference,
		FailureReason: p.FailureReason,
		Created:       p.UpdatedAt,
	}

	// After close, nothing new starts.
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.done {
		n.log.Warn("webhook dropped: shutting down", "event_id", ev.ID, "payment_id", p.ID)
		return
	}
	n.wg.Go(func() { n.deliver(ev) })
}

// deliver sends one event until a 2xx answer, the end of the retries, or
// close.
func (n *notifier) deliver(ev central.PaymentEvent) {
	select {
	case n.slots <- struct{}{}:
		defer func() { <-n.slots }()
	case <-n.ctx.Done():
		return
	}

	body, err := json.Marshal(ev)
	if err != nil {
		n.log.Error("webhook encode", "event_id", ev.ID, "error", err)
		return
	}
	if err := n.post(body); err != nil {
		n.log.Error("webhook abandoned", "event_id", ev.ID, "type", ev.Type,
			"payment_id", ev.PaymentID, "error", err)
		return
	}
	n.log.Debug("webhook delivered", "event_id", ev.ID, "type", ev.Type, "payment_id", ev.PaymentID)
}

// post sends a body, signed afresh at each try so that a late retry is
// not refused as stale.
func (n *notifier) post(body []byte) error {
	client := &retryablehttp.Client{
		HTTPClient:   n.httpClient,
		RetryMax:     n.retry.Max,
		RetryWaitMin: n.retry.WaitMin,
		RetryWaitMax: n.retry.WaitMax,
		CheckRetry:   retryUntil2xx,
		Backoff:      retryablehttp.DefaultBackoff,
		PrepareRetry: func(r *http.Request) error {
			r.Header.Set(SignatureHeader, Sign(n.secret, body, n.now()))
			return nil
		},
	}
	req, err := retryablehttp.NewRequestWithContext(n.ctx, http.MethodPost, n.url, body)
	if err != nil {
		return fmt.Errorf("webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "ocpizza-paysim")
	req.Header.Set(SignatureHeader, Sign(n.secret, body, n.now()))

	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("post webhook: %w", err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.Body.Close()
}

// retryUntil2xx retries every answer but a 2xx, and every transport error,
// until the context ends.
func retryUntil2xx(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		return true, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return true, fmt.Errorf("webhook answered %s", resp.Status)
	}
	return false, nil
}

// close waits for the deliveries in flight until ctx ends, then stops them.
func (n *notifier) close(ctx context.Context) error {
	n.mu.Lock()
	n.done = true
	n.mu.Unlock()

	finished := make(chan struct{})
	go func() { n.wg.Wait(); close(finished) }()
	select {
	case <-finished:
		n.stop()
		return nil
	case <-ctx.Done():
		n.stop()
		<-finished
		return errors.New("webhooks still in flight were stopped")
	}
}
