package systemtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/central"
	centralnats "github.com/ocpizza/ocpizza/central/nats"
	edgehttp "github.com/ocpizza/ocpizza/edge/http"
	edgenats "github.com/ocpizza/ocpizza/edge/nats"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
)

// startDown runs central's down publisher on a connection of its own
// until the test ends.
func (c *centralNode) startDown() *centralnats.DownPublisher {
	c.t.Helper()
	conn, err := centralnats.Connect(c.url, "", logger())
	if err != nil {
		c.t.Fatal(err)
	}
	d, err := centralnats.NewDownPublisher(conn.Conn, c.db, logger(), prometheus.NewRegistry())
	if err != nil {
		c.t.Fatal(err)
	}
	d.Poll = 50 * time.Millisecond
	n := run(func(ctx context.Context) {
		_ = d.Run(ctx)
		closeCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = conn.Close(closeCtx)
	})
	c.t.Cleanup(n.stop)
	return d
}

// link is a pizzeria's whole link to central: the publisher of its
// outbox and the consumer of its commands.
type link struct {
	e        *edgeNode
	consumer *node
}

// online starts the pizzeria's link.
func (e *edgeNode) online() *link {
	e.start()
	cons := edgenats.NewConsumer(edgenats.ConsumerConfig{
		URL: e.url, Pizzeria: e.id, DB: e.db, Logger: logger(), FetchWait: 200 * time.Millisecond,
	})
	l := &link{e: e, consumer: run(func(ctx context.Context) { _ = cons.Run(ctx) })}
	e.t.Cleanup(l.offline)
	return l
}

// offline cuts the link; it is safe to call twice.
func (l *link) offline() {
	if l.consumer == nil {
		return
	}
	l.consumer.stop()
	l.consumer = nil
	l.e.stopPublisher()
}

// price returns a product's price on the pizzeria's menu.
func (e *edgeNode) price(id string) int64 {
	e.t.Helper()
	p, err := e.db.FindProductByID(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return p.PriceCents
}

// answers returns the answers central recorded to a pizzeria's commands
// of one type, by position, "" for a command not answered yet.
func (c *centralNode) answers(pizzeria, typ string) []string {
	c.t.Helper()
	commands, err := c.db.FindCommands(context.Background(),
		central.CommandFilter{Pizzeria: pizzeria, Type: typ})
	if err != nil {
		c.t.Fatal(err)
	}
	answers := make([]string, len(commands))
	for i, cmd := range commands {
		answers[len(commands)-1-i] = cmd.Answer
	}
	return answers
}

// logIn posts a log-in to the pizzeria's API and returns the status and
// the session token.
func logIn(t testing.TB, api http.Handler, username, password string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	req := httptest.NewRequest(http.MethodPost, "/api/v1/sessions", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, req)
	var out struct {
		Token string `json:"token"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out.Token
}

// sessionStatus returns the status of an authenticated read with token.
func sessionStatus(api http.Handler, token string) int {
	req := httptest.NewRequest(http.MethodGet, "/api/v1/menu", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, req)
	return rec.Code
}

// edgeAPI returns the staff API of the pizzeria, without a link.
func (e *edgeNode) api() http.Handler {
	return edgehttp.NewServer(edgehttp.Config{Pizzeria: e.id, Logger: logger(),
		Registry: prometheus.NewRegistry(), Ping: e.db.Ping},
		edgehttp.Services{Catalog: e.db, Stock: e.db, Orders: e.db, Customers: e.db, Users: e.db, Sync: e.db})
}

// TestCatalogAndStaffReachEveryPizzeria: head office publishes a new
// price while lyon-2 is offline. paris-11 shows it at once; lyon-2 shows
// it once its link is back, and both answer accepted. A staff account
// made centrally while lyon-2 is offline logs in there, with the link cut
// again; disabled centrally, it is refused there too.
func TestCatalogAndStaffReachEveryPizzeria(t *testing.T) {
	h := natstest.New(t)
	c := newCentral(t, h.URL(), "paris-11", "lyon-2")
	c.start()
	c.startDown()
	paris, lyon := newEdge(t, "paris-11", h.URL()), newEdge(t, "lyon-2", h.URL())
	paris.online()
	ctx := context.Background()

	// Both pizzerias run version 1 (the demo catalog). paris-11 reports
	// it, so central's next version is 2.
	waitConverged(t, paris, c, 30*time.Second)
	demo := syncproto.DemoCatalog()
	margherita := demo.Products[0]
	if err := c.db.ReplaceCatalog(ctx, demo); err != nil {
		t.Fatal(err)
	}
	margherita.PriceCents += 150
	if err := c.db.SaveProduct(ctx, margherita); err != nil {
		t.Fatal(err)
	}
	v, err := c.db.PublishCatalog(ctx, "siege")
	if err != nil || v.Version != 2 || v.Pizzerias != 2 {
		t.Fatalf("publish: %+v, %v", v, err)
	}

	// paris-11 at once; lyon-2, offline, not.
	waitFor(t, 30*time.Second, "paris-11 accepts version 2", func() error {
		if got := c.answers("paris-11", syncproto.CommandCatalogVersion); len(got) != 1 ||
			got[0] != central.AnswerAccepted {
			return fmt.Errorf("paris-11 answers %v", got)
		}
		return nil
	})
	if got := paris.price(margherita.ID); got != margherita.PriceCents {
		t.Errorf("paris-11 sells margherita at %d, want %d", got, margherita.PriceCents)
	}
	if got := lyon.price(margherita.ID); got == margherita.PriceCents {
		t.Error("lyon-2 has the new price while offline")
	}

	// A staff account for lyon-2, made while it is offline.
	const password = "mot de passe de bianca"
	hash, err := passhash.Hash(password, passhash.Default)
	if err != nil {
		t.Fatal(err)
	}
	err = c.db.AddStaff(ctx, &central.User{Username: "bianca", Role: central.RolePizzaiolo,
		PizzeriaID: "lyon-2", PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}

	// lyon-2's link comes back: the waiting commands apply and are
	// answered.
	lyonLink := lyon.online()
	waitFor(t, 30*time.Second, "lyon-2 answers", func() error {
		catalog := c.answers("lyon-2", syncproto.CommandCatalogVersion)
		staff := c.answers("lyon-2", syncproto.CommandStaffAccount)
		if len(catalog) != 1 || catalog[0] != central.AnswerAccepted ||
			len(staff) != 1 || staff[0] != central.AnswerAccepted {
			return fmt.Errorf("lyon-2 answers: catalog %v, staff %v", catalog, staff)
		}
		return nil
	})
	if got := lyon.price(margherita.ID); got != margherita.PriceCents {
		t.Errorf("lyon-2 sells margherita at %d, want %d", got, margherita.PriceCents)
	}

	// Offline again, bianca logs in at lyon-2 with the password set at
	// head office.
	lyonLink.offline()
	api := lyon.api()
	status, token := logIn(t, api, "bianca", password)
	if status != http.StatusCreated && status != http.StatusOK || token == "" {
		t.Fatalf("bianca logs in at lyon-2: status %d", status)
	}
	if got := sessionStatus(api, token); got != http.StatusOK {
		t.Fatalf("bianca's session: status %d", got)
	}
	if status, _ := logIn(t, paris.api(), "bianca", password); status != http.StatusUnauthorized {
		t.Errorf("bianca logs in at paris-11: status %d", status)
	}

	// Disabled at head office: once the link is back, her session ends
	// and she can no longer log in.
	if err := c.db.SetStaffDisabled(ctx, "bianca", true); err != nil {
		t.Fatal(err)
	}
	lyon.online()
	waitFor(t, 30*time.Second, "lyon-2 applies the disabling", func() error {
		if got := c.answers("lyon-2", syncproto.CommandStaffAccount); len(got) != 2 ||
			got[1] != central.AnswerAccepted {
			return fmt.Errorf("lyon-2 staff answers %v", got)
		}
		return nil
	})
	if got := sessionStatus(api, token); got != http.StatusUnauthorized {
		t.Errorf("bianca's session after disabling: status %d", got)
	}
	if status, _ := logIn(t, api, "bianca", password); status != http.StatusUnauthorized {
		t.Errorf("bianca logs in after disabling: status %d", status)
	}

	// Up-sync converged too: the answers and catalog.applied events are
	// in central's log once each.
	waitConverged(t, paris, c, 30*time.Second)
	waitConverged(t, lyon, c, 30*time.Second)
	compare(t, paris, c)
	compare(t, lyon, c)
}
