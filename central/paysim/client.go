package paysim

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/ocpizza/ocpizza/central"
)

// DefaultClientRetry retries a call to the provider 4 times within about
// 3 seconds: long enough for a restart of the provider's front, short
// enough for a customer waiting on the checkout.
var DefaultClientRetry = RetryPolicy{Max: 4, WaitMin: 200 * time.Millisecond, WaitMax: 2 * time.Second}

// maxAnswer bounds an answer read from the provider.
const maxAnswer = 1 << 20

// Client is central's side of the simulator's API. It implements
// central.PaymentProvider over HTTP, retrying connection errors, 429 and
// 5xx answers with backoff; every call that moves money carries its
// idempotency key, so a retry after a lost answer does the work once.
type Client struct {
	baseURL string
	apiKey  string
	http    *retryablehttp.Client
}

var _ central.PaymentProvider = (*Client)(nil)

// NewClient returns a client of the provider at baseURL. A zero retry
// policy is DefaultClientRetry; log may be nil.
func NewClient(baseURL, apiKey string, retry RetryPolicy, log *slog.Logger) *Client {
	if retry == (RetryPolicy{}) {
		retry = DefaultClientRetry
	}
	c := retryablehttp.NewClient()
	c.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	c.RetryMax, c.RetryWaitMin, c.RetryWaitMax = retry.Max, retry.WaitMin, retry.WaitMax
	c.Logger = nil
	if log != nil {
		c.Logger = retryLogger{log}
	}
	return &Client{baseURL: strings.TrimSuffix(baseURL, "/"), apiKey: apiKey, http: c}
}

// CreatePayment creates a payment intent under req.IdempotencyKey.
func (c *Client) CreatePayment(ctx context.Context,
	req *central.PaymentRequest) (*central.Payment, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("encode payment request: %w", err)
	}
	var p central.Payment
	if err := c.call(ctx, http.MethodPost, "/v1/payments", req.IdempotencyKey, body, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// FindPaymentByID returns an intent as the provider holds it now.
func (c *Client) FindPaymentByID(ctx context.Context, id string) (*central.Payment, error) {
	if id == "" {
		return nil, central.Invalid("id", central.MsgRequired)
	}
	var p central.Payment
	if err := c.call(ctx, http.MethodGet, "/v1/payments/"+url.PathEscape(id), "", nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// RefundPayment refunds a succeeded intent in full, once per key.
func (c *Client) RefundPayment(ctx context.Context,
	id, idempotencyKey string) (*central.Payment, error) {
	if id == "" {
		return nil, central.Invalid("id", central.MsgRequired)
	}
	if err := central.ValidateIdempotencyKey(idempotencyKey); err != nil {
		return nil, err
	}
	var p central.Payment
	path := "/v1/payments/" + url.PathEscape(id) + "/refund"
	if err := c.call(ctx, http.MethodPost, path, idempotencyKey, []byte("{}"), &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// call sends one API request with its retries and decodes the answer into
// out, or the provider's error into the domain's.
func (c *Client) call(ctx context.Context, method, path, key string, body []byte, out any) error {
	// The request: the body is kept, so that each retry sends the same
	// bytes under the same key.
	req, err := retryablehttp.NewRequestWithContext(ctx, method, c.baseURL+path, body)
	if err != nil {
		return fmt.Errorf("payment request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}

	// The answer, after the retries.
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("payment provider %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return fmt.Errorf("payment provider %s %s: read answer: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return answerError(resp.StatusCode, raw, path)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("payment provider %s %s: decode answer: %w", method, path, err)
	}
	return nil
}

// answerError turns an error answer into the domain's error: the
// conflicts callers act on by their reason, an unknown intent as
// ENOTFOUND, and anything else (a refused API key, a request the provider
// found invalid, a provider down after the retries) as an internal error
// that the operator reads in the log.
func answerError(status int, raw []byte, path string) error {
	var body errorJSON
	_ = json.Unmarshal(raw, &body)
	if e, ok := reasonErrors[body.Error.Reason]; ok && status == http.StatusConflict {
		return e
	}
	if status == http.StatusNotFound && strings.HasPrefix(path, "/v1/payments/") {
		id, _, _ := strings.Cut(strings.TrimPrefix(path, "/v1/payments/"), "/")
		id, _ = url.PathUnescape(id)
		return central.Errorm(central.ENOTFOUND, central.MsgPaymentNotFound, id)
	}
	return fmt.Errorf("payment provider %s: status %d: %s %s",
		path, status, body.Error.Code, body.Error.Message)
}

// retryLogger passes retryablehttp's messages to slog at debug level: a
// retry is routine, and the caller logs the outcome.
type retryLogger struct{ log *slog.Logger }

func (l retryLogger) Error(msg string, kv ...any) { l.log.Debug(msg, kv...) }
func (l retryLogger) Info(msg string, kv ...any)  { l.log.Debug(msg, kv...) }
func (l retryLogger) Debug(msg string, kv ...any) { l.log.Debug(msg, kv...) }
func (l retryLogger) Warn(msg string, kv ...any)  { l.log.Debug(msg, kv...) }
