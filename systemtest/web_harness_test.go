package systemtest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
	centralnats "github.com/ocpizza/ocpizza/central/nats"
	"github.com/ocpizza/ocpizza/central/paysim"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// The payment simulator's credentials in the web order tests.
const (
	simKey    = "sk_test_systemtest_0123"
	simSecret = "whsec_systemtest_0123"
)

// testPostcode is where the customers live: newCentral gives it to every
// pizzeria, so both test pizzerias deliver it.
const testPostcode = "75011"

// webSystem is the whole path of a web order in one process: a NATS
// server; central with its ingest, responder, down publisher, web order
// worker and HTTP API, wired as ocpizza-central serve wires them; the
// payment simulator, whose webhooks reach central's API through a relay
// that keeps them; and two pizzerias, whose links the tests bring up.
//
// Central offers a delivery to the pizzerias serving its postcode in
// the order of their ids: first is lyon-2, second is paris-11.
type webSystem struct {
	t        *testing.T
	c        *centralNode
	api      *centralhttp.Server
	url      string         // central's HTTP API
	simURL   string         // the simulator's API and payment pages
	payments *refundCounter // central's client of the simulator
	webhooks *webhookRelay  // every webhook the simulator delivered
	first    *edgeNode      // the first candidate of testPostcode
	second   *edgeNode      // the second one
}

// newWebSystem starts everything but the pizzerias' links. A pizzeria
// that stays silent on an offer for offerTimeout loses it to the next.
func newWebSystem(t *testing.T, offerTimeout time.Duration) *webSystem {
	t.Helper()
	nats := natstest.New(t)
	s := &webSystem{t: t, c: newCentral(t, nats.URL(), "lyon-2", "paris-11")}
	s.publishCatalog()
	sim := s.startSimulator()
	s.startCentral(nats.URL(), offerTimeout)

	// The simulator's deliveries in flight end before central's API does.
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = sim.Close(ctx)
	})
	s.first, s.second = newEdge(t, "lyon-2", nats.URL()), newEdge(t, "paris-11", nats.URL())
	s.checkCandidates()
	return s
}

// publishCatalog publishes the demo catalog, which every order is priced
// from. The pizzerias imported it already and refuse it as outdated.
func (s *webSystem) publishCatalog() {
	s.t.Helper()
	ctx := context.Background()
	if err := s.c.db.ReplaceCatalog(ctx, syncproto.DemoCatalog()); err != nil {
		s.t.Fatal(err)
	}
	if _, err := s.c.db.PublishCatalog(ctx, "siege"); err != nil {
		s.t.Fatal(err)
	}
}

// startSimulator starts the payment simulator, retrying its webhooks
// fast, and central's client of it.
func (s *webSystem) startSimulator() *paysim.Server {
	s.t.Helper()
	s.webhooks = &webhookRelay{}
	relay := httptest.NewServer(s.webhooks)
	s.t.Cleanup(relay.Close)

	fast := paysim.RetryPolicy{Max: 5, WaitMin: 20 * time.Millisecond,
		WaitMax: 200 * time.Millisecond}
	sim, err := paysim.NewServer(paysim.Config{APIKey: simKey, WebhookSecret: simSecret,
		WebhookURL: relay.URL, WebhookRetry: fast, Logger: logger()})
	if err != nil {
		s.t.Fatal(err)
	}
	simServer := httptest.NewServer(sim)
	s.t.Cleanup(simServer.Close)
	s.simURL = simServer.URL
	s.payments = &refundCounter{Client: paysim.NewClient(s.simURL, simKey, fast, nil)}
	return sim
}

// startCentral runs central's workers on a NATS connection of their own
// and serves its API, until the test ends.
func (s *webSystem) startCentral(natsURL string, offerTimeout time.Duration) {
	t, db := s.t, s.c.db
	t.Helper()
	conn, err := centralnats.Connect(natsURL, "", logger())
	if err != nil {
		t.Fatal(err)
	}

	// The API, which tells the down publisher of the commands it queues.
	reg := prometheus.NewRegistry()
	down, err := centralnats.NewDownPublisher(conn.Conn, db, logger(), reg)
	if err != nil {
		t.Fatal(err)
	}
	down.Poll = 50 * time.Millisecond
	s.api = centralhttp.NewServer(centralhttp.Config{
		Logger: logger(), Registry: reg, Ping: db.Ping, NATSConnected: conn.IsConnected,
		VerifyWebhook: func(h http.Header, body []byte) (*central.PaymentEvent, error) {
			return paysim.VerifyWebhook(simSecret, h.Get(paysim.SignatureHeader), body, time.Now())
		},
	}, centralhttp.Services{Sync: db, Accounts: db, Reports: db, Customers: db, Shop: db,
		Addresses: db, Catalog: db, Outbox: db, Drivers: db, WebOrders: db, Orders: db,
		Payments: s.payments, CommandsQueued: down.Notify})
	server := httptest.NewServer(s.api)
	t.Cleanup(server.Close)
	t.Cleanup(s.api.Stopping) // the live feeds end before the server closes
	s.url = server.URL
	s.webhooks.setTarget(s.url + "/api/v1/payments/webhook")

	// The workers: the ingest wakes the customers' feeds, the router
	// moves offers on after offerTimeout and makes the refunds owed.
	ingest, err := centralnats.NewIngest(conn.Conn, db, logger(), reg)
	if err != nil {
		t.Fatal(err)
	}
	ingest.Consumer.AckWait = 2 * time.Second
	ingest.Changed = s.api.BranchesChanged
	responder := centralnats.NewResponder(conn.Conn, db, logger(), reg)
	router := &postgres.WebOrderWorker{DB: db, Payments: s.payments, Timeout: offerTimeout,
		Interval: 100 * time.Millisecond, Log: logger(),
		Changed: func() { s.api.WebOrdersChanged(); down.Notify() }}
	workers := run(func(ctx context.Context) {
		var wg sync.WaitGroup
		for _, w := range []worker{ingest, responder, down, router} {
			wg.Go(func() { _ = w.Run(ctx) })
		}
		wg.Wait()
		closeCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = conn.Close(closeCtx)
	})
	t.Cleanup(workers.stop)
}

// worker is one of central's loops, which runs until its context ends.
type worker interface {
	Run(ctx context.Context) error
}

// checkCandidates checks that central lists the pizzerias of testPostcode
// in the order the tests expect them to be offered an order.
func (s *webSystem) checkCandidates() {
	s.t.Helper()
	status, body := s.call("", http.MethodGet, "/api/v1/pizzerias?postcode="+testPostcode, nil)
	var pizzerias []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &pizzerias); status != http.StatusOK || err != nil {
		s.t.Fatalf("pizzerias of %s: status %d, %v", testPostcode, status, err)
	}
	var ids []string
	for _, p := range pizzerias {
		ids = append(ids, p.ID)
	}
	if want := []string{s.first.id, s.second.id}; !slices.Equal(ids, want) {
		s.t.Fatalf("pizzerias of %s: %v, want %v", testPostcode, ids, want)
	}
}

// refundCounter is central's real client of the simulator, counting the
// refunds central asks for, per payment.
type refundCounter struct {
	*paysim.Client
	mu      sync.Mutex
	refunds map[string]int
}

// RefundPayment implements central.PaymentProvider.
func (c *refundCounter) RefundPayment(ctx context.Context, id, key string) (*central.Payment,
	error) {
	c.mu.Lock()
	if c.refunds == nil {
		c.refunds = map[string]int{}
	}
	c.refunds[id]++
	c.mu.Unlock()
	return c.Client.RefundPayment(ctx, id, key)
}

// refundsAsked returns how many refunds of a payment central asked for.
func (c *refundCounter) refundsAsked(id string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.refunds[id]
}

// webOrderRow is what central holds of a web order beside the customer's
// view: its payment, the state of each offer and the refunds owed.
type webOrderRow struct {
	PaymentID   string
	Assignments []string // "pizzeria:version:state", in version order
	Refunds     []string // the state of each refund owed
}

// webOrderRow reads central's rows of a web order.
func (s *webSystem) webOrderRow(id string) webOrderRow {
	s.t.Helper()
	ctx := context.Background()
	var r webOrderRow
	err := s.c.db.Pool.QueryRow(ctx, `
		SELECT payment_id,
		       ARRAY(SELECT pizzeria_id || ':' || version || ':' || state
		             FROM web_order_assignments WHERE order_id = w.id ORDER BY version),
		       ARRAY(SELECT state FROM web_order_refunds WHERE order_id = w.id)
		FROM web_orders w WHERE id = $1`, id).Scan(&r.PaymentID, &r.Assignments, &r.Refunds)
	if err != nil {
		s.t.Fatalf("web order %s: %v", id, err)
	}
	return r
}

// commandsOf returns how many commands of a type central sent a pizzeria.
func (s *webSystem) commandsOf(pizzeria, typ string) int {
	s.t.Helper()
	return len(s.c.answers(pizzeria, typ))
}
