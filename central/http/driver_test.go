package http_test

import (
	"bufio"
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
)

// edgeLog sends a pizzeria's events through the real ingest, one epoch,
// sequences from 1.
type edgeLog struct {
	env      *testEnv
	pizzeria string
	seq      int64
}

// send applies one event of the pizzeria.
func (l *edgeLog) send(tb testing.TB, eventType string, payload any) {
	tb.Helper()
	body, err := json.Marshal(payload)
	if err != nil {
		tb.Fatal(err)
	}
	l.seq++
	e := &syncproto.Event{ID: uuidV7(tb), Pizzeria: l.pizzeria, Epoch: "ep-" + l.pizzeria, Seq: l.seq,
		Type: eventType, SchemaVersion: syncproto.SchemaVersions[eventType],
		OccurredAt: time.Now().UTC(), Payload: body}
	data, err := syncproto.Encode(e)
	if err != nil {
		tb.Fatal(err)
	}
	r := central.Received{Subject: syncproto.UpSubject(l.pizzeria), Pizzeria: l.pizzeria, Data: data}
	if r.Event, r.Err = syncproto.DecodeEvent(data, l.pizzeria); r.Err != nil {
		tb.Fatal(r.Err)
	}
	if _, err := l.env.DB.ApplyBatch(tb.Context(), []central.Received{r}); err != nil {
		tb.Fatal(err)
	}
}

// order reports a delivery order reaching a status, by who, minutes ago.
func (l *edgeLog) order(tb testing.TB, id string, ticket, version int64, from, to, by, payment string,
	minutesAgo int) {
	tb.Helper()
	at := time.Now().UTC().Add(-time.Duration(minutesAgo) * time.Minute).Truncate(time.Second)
	method := "cash"
	if payment == "paid" {
		method = "online"
	}
	l.send(tb, syncproto.EventOrderStatusChanged, syncproto.OrderPayload{Order: syncproto.Order{
		ID: id, Ticket: ticket, BusinessDate: at.Format(time.DateOnly), Channel: "web",
		Fulfilment: "delivery", Status: to, CustomerName: "Léa Martin", CustomerPhone: "0612345678",
		Address: "12 rue de la Roquette, 75011 Paris",
		Lines: []syncproto.OrderLine{
			{ProductID: "margherita", ProductName: "Margherita", Quantity: 2, UnitPriceCents: 950}},
		TotalCents: 1900, PaymentMethod: method, PaymentStatus: payment, Version: version,
		Transition: &syncproto.Transition{From: from, To: to, By: by, At: at},
		CreatedAt:  at.Add(-20 * time.Minute), UpdatedAt: at,
	}})
}

// driverEnv is a test server with deliveries: at paris-11 two ready (one
// paid online, the other the oldest) and one the test driver took; a
// pick-up; at lyon-2 one ready delivery. It adds a second driver of
// paris-11, "tom", and one of lyon-2, "lyon-livreur".
type driverEnv struct {
	*testEnv
	paris, lyon                     *edgeLog
	ready, paid, taken, pickup, far string
	tomToken, lyonToken             string
}

func newDriverEnv(tb testing.TB) *driverEnv {
	tb.Helper()
	e := &driverEnv{testEnv: newEnv(tb), ready: uuidV7(tb), paid: uuidV7(tb), taken: uuidV7(tb),
		pickup: uuidV7(tb), far: uuidV7(tb)}
	e.paris = &edgeLog{env: e.testEnv, pizzeria: "paris-11"}
	e.lyon = &edgeLog{env: e.testEnv, pizzeria: "lyon-2"}
	e.paris.order(tb, e.ready, 11, 4, "preparing", "ready", "marco", "pending", 12)
	e.paris.order(tb, e.paid, 12, 4, "preparing", "ready", "marco", "paid", 5)
	e.paris.order(tb, e.taken, 10, 5, "ready", "out_for_delivery", "driver", "pending", 3)
	e.lyon.order(tb, e.far, 3, 4, "preparing", "ready", "marco", "pending", 8)
	e.paris.send(tb, syncproto.EventOrderStatusChanged, syncproto.OrderPayload{Order: syncproto.Order{
		ID: e.pickup, Ticket: 13, BusinessDate: time.Now().Format(time.DateOnly), Channel: "counter",
		Fulfilment: "pickup", Status: "ready", CustomerName: "Marc", CustomerPhone: "0611111111",
		Lines:      []syncproto.OrderLine{{ProductID: "reine", ProductName: "Reine", Quantity: 1, UnitPriceCents: 1100}},
		TotalCents: 1100, PaymentMethod: "cash", PaymentStatus: "pending", Version: 4,
		CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}})

	// The other drivers.
	hash, err := passhash.Hash(testPassword, cheapHash)
	if err != nil {
		tb.Fatal(err)
	}
	for name, pizzeria := range map[string]string{"tom": "paris-11", "lyon-livreur": "lyon-2"} {
		u := &central.User{Username: name, Role: central.RoleDriver, PizzeriaID: pizzeria, PasswordHash: hash}
		if err := e.DB.CreateUser(tb.Context(), u); err != nil {
			tb.Fatal(err)
		}
	}
	e.tomToken, e.lyonToken = e.login(tb, "tom"), e.login(tb, "lyon-livreur")
	return e
}

// driverOrders is the answer of the list call.
type driverOrders struct {
	Pizzeria string `json:"pizzeria"`
	Orders   []struct {
		central.DeliveryOrder
		RequestState string `json:"request_state"`
	} `json:"orders"`
	Requests []central.DriverRequest `json:"requests"`
}

// list reads the list call with a token.
func (e *driverEnv) list(tb testing.TB, token string) *driverOrders {
	tb.Helper()
	resp := e.do(tb, token, "GET", "/api/v1/driver/orders", nil)
	resp.wantStatus(tb, http.StatusOK)
	var out driverOrders
	resp.decode(tb, &out)
	return &out
}

// driverCommands returns the order.driver commands waiting to go down
// and their payloads.
func (e *driverEnv) driverCommands(tb testing.TB) ([]*syncproto.Command, []syncproto.OrderDriverUpdate) {
	tb.Helper()
	out, err := e.DB.FindUnpublishedCommands(tb.Context(), 1000)
	if err != nil {
		tb.Fatal(err)
	}
	var commands []*syncproto.Command
	var payloads []syncproto.OrderDriverUpdate
	for _, o := range out {
		c, err := syncproto.DecodeCommand(o.Data, o.Pizzeria)
		if err != nil {
			tb.Fatal(err)
		}
		if c.Type != syncproto.CommandOrderDriver {
			continue
		}
		var p syncproto.OrderDriverUpdate
		if err := c.OrderPayloadOf(&p); err != nil {
			tb.Fatal(err)
		}
		commands, payloads = append(commands, c), append(payloads, p)
	}
	return commands, payloads
}

func TestDriverListAndRoles(t *testing.T) {
	e := newDriverEnv(t)

	// The driver sees the ready deliveries of paris-11, the longest
	// waiting first, then the one they took: no pick-up, nothing of lyon-2.
	got := e.list(t, e.Tokens[central.RoleDriver])
	var ids []string
	for _, o := range got.Orders {
		ids = append(ids, o.ID)
	}
	if want := []string{e.ready, e.paid, e.taken}; strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Fatalf("driver's list %v, want %v", ids, want)
	}
	first := got.Orders[0]
	if got.Pizzeria != "paris-11" || first.Ticket != 11 || first.Address == "" ||
		first.CustomerPhone != "0612345678" || first.TotalCents != 1900 || first.PaymentStatus != "pending" ||
		got.Orders[1].PaymentStatus != "paid" || got.Orders[2].TakenBy != "driver" {
		t.Errorf("list read back as %+v", got)
	}

	// A colleague does not see the delivery the driver took; lyon-2's
	// driver sees only lyon-2's.
	if tom := e.list(t, e.tomToken); len(tom.Orders) != 2 {
		t.Errorf("tom sees %d orders, want 2", len(tom.Orders))
	}
	if lyon := e.list(t, e.lyonToken); len(lyon.Orders) != 1 || lyon.Orders[0].ID != e.far {
		t.Errorf("lyon-2's driver sees %+v", lyon.Orders)
	}

	// Only drivers and managers; no session, no list.
	if manager := e.list(t, e.Tokens[central.RoleManager]); len(manager.Orders) != 3 {
		t.Errorf("the manager sees %d orders", len(manager.Orders))
	}
	for _, role := range []central.Role{central.RoleHeadOffice, central.RoleOps,
		central.RolePizzaiolo, central.RoleOrderTaker} {
		e.as(t, role, "GET", "/api/v1/driver/orders", nil).wantError(t, http.StatusForbidden, central.EFORBIDDEN)
		e.as(t, role, "POST", "/api/v1/driver/orders/"+e.ready+"/transitions",
			map[string]string{"to": "out_for_delivery"}).wantError(t, http.StatusForbidden, central.EFORBIDDEN)
	}
	e.do(t, "", "GET", "/api/v1/driver/orders", nil).wantStatus(t, http.StatusUnauthorized)
	if commands, _ := e.driverCommands(t); len(commands) != 0 {
		t.Errorf("refused callers wrote %d commands", len(commands))
	}
}

func TestDriverTakeAPI(t *testing.T) {
	e := newDriverEnv(t)
	driver := e.Tokens[central.RoleDriver]
	path := "/api/v1/driver/orders/" + e.ready + "/transitions"
	take := map[string]string{"to": "out_for_delivery"}

	// The take: 202 and one command for paris-11 with the driver's payload.
	resp := e.do(t, driver, "POST", path, take)
	resp.wantStatus(t, http.StatusAccepted)
	var sent struct {
		Request central.DriverRequest `json:"request"`
		Created bool                  `json:"created"`
	}
	resp.decode(t, &sent)
	commands, payloads := e.driverCommands(t)
	if len(commands) != 1 {
		t.Fatalf("%d commands, want 1", len(commands))
	}
	c := commands[0]
	want := syncproto.OrderDriverUpdate{OrderID: e.ready, Driver: "driver", To: "out_for_delivery"}
	if c.Pizzeria != "paris-11" || c.Position != 1 || c.ID != sent.Request.ID || payloads[0] != want ||
		!sent.Created {
		t.Errorf("command %s of %s at %d with %+v; answer %+v", c.ID, c.Pizzeria, c.Position, payloads[0], sent)
	}

	// A double tap answers the same request and sends nothing more.
	resp = e.do(t, driver, "POST", path, take)
	resp.wantStatus(t, http.StatusOK)
	var again struct {
		Request central.DriverRequest `json:"request"`
	}
	resp.decode(t, &again)
	if commands, _ = e.driverCommands(t); len(commands) != 1 || again.Request.ID != sent.Request.ID {
		t.Errorf("after a double tap: %d commands, request %s", len(commands), again.Request.ID)
	}

	// A colleague is told to wait; the list shows the request pending.
	e.do(t, e.tomToken, "POST", path, take).wantError(t, http.StatusConflict, central.ECONFLICT)
	if o := e.list(t, driver).Orders[0]; o.RequestState != central.RequestPending {
		t.Errorf("request state %q", o.RequestState)
	}

	// The pizzeria refuses: the list and the page say why.
	e.paris.send(t, syncproto.EventCommandRefused, syncproto.CommandAnswer{CommandID: c.ID,
		Position: c.Position, Type: c.Type, Code: syncproto.CodeConflict,
		Reason: "Commande déjà prise par un collègue."})
	o := e.list(t, driver).Orders[0]
	if o.RequestState != central.RequestRefused || o.Request.AnswerReason != "Commande déjà prise par un collègue." {
		t.Errorf("after the refusal: %q, %+v", o.RequestState, o.Request)
	}
	e.page(t, "/driver", e.cookieOf(driver)).wantPage(t, http.StatusOK,
		central.Message(central.LabelDriverRefused, "Commande déjà prise par un collègue."))
}

// cookieOf is a session cookie of a token.
func (e *driverEnv) cookieOf(token string) *http.Cookie {
	return &http.Cookie{Name: "ocpizza_central_session", Value: token}
}

func TestDriverRefusedRequests(t *testing.T) {
	e := newDriverEnv(t)
	driver := e.Tokens[central.RoleDriver]
	post := func(token, id string, body any) *response {
		return e.do(t, token, "POST", "/api/v1/driver/orders/"+id+"/transitions", body)
	}

	// Delivered without the payment collected, on an order not paid: 422.
	body := post(driver, e.taken, map[string]string{"to": "delivered"}).
		wantError(t, http.StatusUnprocessableEntity, central.EINVALID)
	if body.Error.Field != "collected" || body.Error.Message != central.Message(central.MsgDriverCollectRequired) {
		t.Errorf("error %+v", body.Error)
	}
	post(driver, e.taken, map[string]string{"to": "delivered", "collected": "cheque"}).
		wantError(t, http.StatusUnprocessableEntity, central.EINVALID)
	post(driver, e.ready, map[string]string{"to": "out_for_delivery", "collected": "cash"}).
		wantError(t, http.StatusUnprocessableEntity, central.EINVALID)
	post(driver, e.ready, map[string]string{"to": "preparing"}).
		wantError(t, http.StatusUnprocessableEntity, central.EINVALID)

	// Statuses the order is not at: 409.
	post(driver, e.ready, map[string]string{"to": "delivered", "collected": "cash"}).
		wantError(t, http.StatusConflict, central.ECONFLICT)
	post(e.tomToken, e.taken, map[string]string{"to": "out_for_delivery"}).
		wantError(t, http.StatusConflict, central.ECONFLICT)

	// Another pizzeria's order, a pick-up, an unknown id: 404.
	for _, id := range []string{e.far, e.pickup, uuidV7(t), "pas-un-uuid"} {
		post(driver, id, map[string]string{"to": "out_for_delivery"}).
			wantError(t, http.StatusNotFound, central.ENOTFOUND)
	}
	post(e.Tokens[central.RoleManager], e.far, map[string]string{"to": "out_for_delivery"}).
		wantError(t, http.StatusNotFound, central.ENOTFOUND)

	// Bodies that are not an update: 400.
	post(driver, e.ready, map[string]any{"to": "out_for_delivery", "driver": "tom"}).
		wantError(t, http.StatusBadRequest, central.EBADREQUEST)

	if commands, _ := e.driverCommands(t); len(commands) != 0 {
		t.Errorf("refused requests wrote %d commands", len(commands))
	}

	// Delivered with cash is sent, with what was collected.
	post(driver, e.taken, map[string]string{"to": "delivered", "collected": "cash"}).
		wantStatus(t, http.StatusAccepted)
	if _, payloads := e.driverCommands(t); len(payloads) != 1 || payloads[0].Collected != "cash" ||
		payloads[0].To != "delivered" {
		t.Errorf("payloads %+v", payloads)
	}
}

func TestDriverPage(t *testing.T) {
	e := newDriverEnv(t)

	// A driver logging in lands on their page.
	form := url.Values{"username": {"tom"}, "password": {testPassword}}
	e.postForm(t, "/login", form, nil).wantRedirect(t, "/driver")
	tom := e.cookieOf(e.tomToken)

	// The page: the ready deliveries, the call link, the take button.
	e.page(t, "/driver", tom).wantPage(t, http.StatusOK,
		central.Message(central.LabelTicket, 11), "12 rue de la Roquette", `href="tel:0612345678"`,
		central.Message(central.LabelDriverCall, "06 12 34 56 78"), central.Message(central.LabelDriverTake),
		central.Message(central.LabelDriverToCollect, "19,00 €"), central.Message(central.LabelDriverPaid))

	// Taking one: back to the page, which shows it waiting for the
	// pizzeria, without the button.
	withTom := func(r *http.Request) { r.AddCookie(tom) }
	e.postForm(t, "/driver/orders/"+e.ready+"/take", url.Values{}, withTom).wantRedirect(t, "/driver")
	page := e.page(t, "/driver", tom)
	page.wantPage(t, http.StatusOK, central.Message(central.LabelDriverPending))
	if n := strings.Count(string(page.Body), `/take"`); n != 1 {
		t.Errorf("%d take forms, want 1 (the paid order's)", n)
	}

	// The order taken by the pizzeria's events; delivering it without
	// saying what was collected shows the page again with the reason.
	e.paris.order(t, e.ready, 11, 5, "ready", "out_for_delivery", "tom", "pending", 0)
	e.postForm(t, "/driver/orders/"+e.ready+"/deliver", url.Values{}, withTom).
		wantPage(t, http.StatusUnprocessableEntity, central.Message(central.MsgDriverCollectRequired))
	e.postForm(t, "/driver/orders/"+e.ready+"/deliver", url.Values{"collected": {"card"}}, withTom).
		wantRedirect(t, "/driver")

	// Other roles get a 403 page, and a form from another site is refused.
	e.page(t, "/driver", e.cookieOf(e.Tokens[central.RoleHeadOffice])).wantStatus(t, http.StatusForbidden)
	e.postForm(t, "/driver/orders/"+e.paid+"/take", url.Values{}, func(r *http.Request) {
		r.AddCookie(e.cookieOf(e.Tokens[central.RolePizzaiolo]))
	}).wantStatus(t, http.StatusForbidden)
	e.postForm(t, "/driver/orders/"+e.paid+"/take", url.Values{}, func(r *http.Request) {
		r.AddCookie(tom)
		r.Header.Set("Origin", "https://evil.example")
		r.Header.Set("Sec-Fetch-Site", "cross-site")
	}).wantStatus(t, http.StatusForbidden)
	if commands, _ := e.driverCommands(t); len(commands) != 2 {
		t.Errorf("%d commands, want the take and the delivery", len(commands))
	}
}

// TestDriverEvents checks the live list: at once, then again when the
// ingest announces the pizzeria's events and when a colleague asks.
func TestDriverEvents(t *testing.T) {
	e := newDriverEnv(t)
	f := e.openDriverFeed(t, e.tomToken)
	if ct := f.res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Errorf("Content-Type %q", ct)
	}
	if list := f.nextTable(t); !strings.Contains(list, e.ready) {
		t.Fatalf("first list lacks the ready order:\n%s", list)
	}

	// A colleague's request shows as pending.
	e.as(t, central.RoleDriver, "POST", "/api/v1/driver/orders/"+e.ready+"/transitions",
		map[string]string{"to": "out_for_delivery"}).wantStatus(t, http.StatusAccepted)
	pendingBy := central.Message(central.LabelDriverPendingBy, "driver")
	for !strings.Contains(html.UnescapeString(f.nextTable(t)), pendingBy) {
	}

	// The pizzeria's events, announced as the ingest does: the order left.
	e.paris.order(t, e.ready, 11, 5, "ready", "out_for_delivery", "driver", "pending", 0)
	e.Server.BranchesChanged()
	for strings.Contains(f.nextTable(t), e.ready) {
	}

	// Another role's feed is refused.
	e.send(t, "GET", "/driver/events", nil, e.withCookie(central.RoleOps)).
		wantStatus(t, http.StatusForbidden)
}

// openDriverFeed opens the drivers' live feed with a session token.
func (e *driverEnv) openDriverFeed(tb testing.TB, token string) *feed {
	tb.Helper()
	ctx, cancel := context.WithTimeout(tb.Context(), 20*time.Second)
	req := e.request(tb, ctx, "GET", "/driver/events", nil)
	req.AddCookie(e.cookieOf(token))
	res, err := e.client.Do(req)
	if err != nil {
		cancel()
		tb.Fatalf("open driver feed: %v", err)
	}
	tb.Cleanup(func() {
		cancel()
		_ = res.Body.Close()
	})
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("driver feed: status %d", res.StatusCode)
	}
	return &feed{res: res, lines: bufio.NewReader(res.Body), cancel: cancel}
}
