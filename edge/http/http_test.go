package http_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/edge"
	edgehttp "github.com/ocpizza/ocpizza/edge/http"
	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
)

// The pizzeria every test server runs, and the password of its staff.
const (
	testPizzeria = "paris-11"
	testPassword = "mot-de-passe-sûr"
)

// ampleStock is what the test pizzeria receives of every ingredient: far
// more than any test orders.
const ampleStock = 100_000

// testEnv is a real edge API on a temporary SQLite database with the demo
// catalog, ample stock and one logged-in account per role, each named after
// its role.
type testEnv struct {
	DB     *sqlite.DB
	Server *edgehttp.Server
	HTTP   *httptest.Server
	Users  map[edge.Role]*edge.User
	Tokens map[edge.Role]string

	raw *sql.DB
}

// cheapHash keeps password hashing fast in tests; Verify reads the
// parameters back from the hash.
var cheapHash = passhash.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// newEnv starts the API of a fresh pizzeria and logs in one user per role.
func newEnv(tb testing.TB) *testEnv {
	tb.Helper()
	ctx := tb.Context()

	// The database, with the demo catalog.
	path := filepath.Join(tb.TempDir(), "edge.db")
	db := sqlite.NewDB(path, testPizzeria)
	if err := db.Open(ctx); err != nil {
		tb.Fatalf("open db: %v", err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	if err := db.ImportCatalog(ctx, syncproto.DemoCatalog()); err != nil {
		tb.Fatalf("import catalog: %v", err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		tb.Fatalf("open raw db: %v", err)
	}
	tb.Cleanup(func() { _ = raw.Close() })
	e := &testEnv{DB: db, Users: map[edge.Role]*edge.User{}, Tokens: map[edge.Role]string{}, raw: raw}

	// One account per role.
	hash, err := passhash.Hash(testPassword, cheapHash)
	if err != nil {
		tb.Fatalf("hash: %v", err)
	}
	for _, role := range edge.Roles {
		u, err := db.CreateUser(ctx, edge.UserCreate{Username: string(role), Role: role, PasswordHash: hash})
		if err != nil {
			tb.Fatalf("create user %s: %v", role, err)
		}
		e.Users[role] = u
	}

	// Ample stock of every ingredient, received by the manager.
	for _, ing := range syncproto.DemoCatalog().Ingredients {
		_, err := db.RecordMovement(ctx, e.Users[edge.RoleManager], edge.MovementCreate{
			IngredientID: ing.ID, Kind: edge.MovementReceipt, Quantity: ampleStock, Note: "livraison",
		})
		if err != nil {
			tb.Fatalf("receive %s: %v", ing.ID, err)
		}
	}

	// The server, then a session per role through the API itself.
	e.Server = edgehttp.NewServer(edgehttp.Config{
		Pizzeria: testPizzeria,
		Logger:   slog.New(slog.NewTextHandler(tb.Output(), nil)),
		Registry: prometheus.NewRegistry(),
		Ping:     db.Ping,
	}, edgehttp.Services{
		Catalog: db, Stock: db, Orders: db, Customers: db, Users: db, Sync: db, WebOrders: db,
	})
	e.HTTP = httptest.NewServer(e.Server)
	tb.Cleanup(e.HTTP.Close)
	for _, role := range edge.Roles {
		e.Tokens[role] = e.login(tb, string(role))
	}
	return e
}

// login opens a new session for a user of the test password and returns
// its token.
func (e *testEnv) login(tb testing.TB, username string) string {
	tb.Helper()
	resp := e.do(tb, "", "POST", "/api/v1/sessions", map[string]string{
		"username": username, "password": testPassword,
	})
	resp.wantStatus(tb, http.StatusCreated)
	var s struct {
		Token string `json:"token"`
	}
	resp.decode(tb, &s)
	if s.Token == "" {
		tb.Fatalf("log-in of %s returned no token", username)
	}
	return s.Token
}

// response is an answer of the API, read whole.
type response struct {
	Status int
	Header http.Header
	Body   []byte
	label  string // method and path, for failure messages
}

// do sends a request with an optional bearer token and body: a string or
// []byte is sent as is, anything else as JSON. Every answer is checked
// against openapi.yaml.
func (e *testEnv) do(tb testing.TB, token, method, path string, body any) *response {
	tb.Helper()
	return e.send(tb, method, path, body, func(r *http.Request) {
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
	})
}

// as sends a request as the logged-in user of role.
func (e *testEnv) as(tb testing.TB, role edge.Role, method, path string, body any) *response {
	tb.Helper()
	return e.do(tb, e.Tokens[role], method, path, body)
}

// send sends a request, letting prepare set its headers.
func (e *testEnv) send(tb testing.TB, method, path string, body any,
	prepare func(*http.Request)) *response {
	tb.Helper()
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	case []byte:
		reader = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			tb.Fatalf("encode body: %v", err)
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(tb.Context(), method, e.HTTP.URL+path, reader)
	if err != nil {
		tb.Fatalf("new request: %v", err)
	}
	if reader != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	prepare(req)

	res, err := e.HTTP.Client().Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatalf("%s %s: read body: %v", method, path, err)
	}
	resp := &response{Status: res.StatusCode, Header: res.Header, Body: data, label: method + " " + path}
	loadOpenAPI(tb).CheckResponse(tb, method, path, resp.Status, resp.Header, resp.Body)
	return resp
}

// wantStatus fails the test unless the answer has the status.
func (r *response) wantStatus(tb testing.TB, status int) {
	tb.Helper()
	if r.Status != status {
		tb.Fatalf("%s: status %d, want %d; body %s", r.label, r.Status, status, r.Body)
	}
}

// decode reads the JSON body into v.
func (r *response) decode(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("%s: decode %s: %v", r.label, r.Body, err)
	}
}

// order decodes an order body.
func (r *response) order(tb testing.TB) *edge.Order {
	tb.Helper()
	var o edge.Order
	r.decode(tb, &o)
	return &o
}

// apiError is the body of every error.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}

// wantError checks that the answer is an error of the status and code with
// a French sentence for a message, and returns the field it names.
func (r *response) wantError(tb testing.TB, status int, code string) string {
	tb.Helper()
	r.wantStatus(tb, status)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		tb.Errorf("%s: error with Content-Type %q", r.label, ct)
	}
	var body apiError
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		tb.Fatalf("%s: error body %s: %v", r.label, r.Body, err)
	}
	if body.Error.Code != code {
		tb.Errorf("%s: code %q, want %q; body %s", r.label, body.Error.Code, code, r.Body)
	}
	msg := body.Error.Message
	if !strings.Contains(msg, " ") || msg == string(edge.MessageKey(code)) {
		tb.Errorf("%s: message %q is not a sentence", r.label, msg)
	}
	return body.Error.Field
}

// rawDB returns a second connection to the database, for what the
// services do not offer: counting sessions, planting a foreign account.
func (e *testEnv) rawDB(tb testing.TB) *sql.DB {
	tb.Helper()
	return e.raw
}

// state is what a refused request must leave unchanged.
type state struct {
	LastSeq  int64
	Orders   int
	Sessions int
}

// state reads the outbox position, the number of orders and of sessions.
func (e *testEnv) state(tb testing.TB) state {
	tb.Helper()
	st, err := e.DB.SyncStatus(tb.Context())
	if err != nil {
		tb.Fatalf("sync status: %v", err)
	}
	orders, err := e.DB.FindOrders(tb.Context(), edge.OrderFilter{Limit: 1000})
	if err != nil {
		tb.Fatalf("find orders: %v", err)
	}
	s := state{LastSeq: st.LastSeq, Orders: len(orders)}
	if err := e.rawDB(tb).QueryRow(`SELECT count(*) FROM sessions`).Scan(&s.Sessions); err != nil {
		tb.Fatalf("count sessions: %v", err)
	}
	return s
}

// wantUnchanged fails the test when anything was written since before.
func (e *testEnv) wantUnchanged(tb testing.TB, before state, what string) {
	tb.Helper()
	if after := e.state(tb); after != before {
		tb.Errorf("%s wrote something: before %+v, after %+v", what, before, after)
	}
}

// onHand returns the stock of every ingredient.
func (e *testEnv) onHand(tb testing.TB) map[string]int64 {
	tb.Helper()
	ingredients, err := e.DB.FindIngredients(tb.Context())
	if err != nil {
		tb.Fatalf("find ingredients: %v", err)
	}
	stock := map[string]int64{}
	for _, i := range ingredients {
		stock[i.ID] = i.OnHand
	}
	return stock
}

// setStock brings an ingredient's stock to qty with an adjustment.
func (e *testEnv) setStock(tb testing.TB, ingredientID string, qty int64) {
	tb.Helper()
	delta := qty - e.onHand(tb)[ingredientID]
	_, err := e.DB.RecordMovement(tb.Context(), e.Users[edge.RoleManager], edge.MovementCreate{
		IngredientID: ingredientID, Kind: edge.MovementAdjustment, Quantity: delta, Note: "inventaire",
	})
	if err != nil {
		tb.Fatalf("set stock of %s: %v", ingredientID, err)
	}
}

// recipes returns the recipe of every product, as the menu gives them.
func (e *testEnv) recipes(tb testing.TB) map[string][]edge.RecipeItem {
	tb.Helper()
	resp := e.as(tb, edge.RoleManager, "GET", "/api/v1/menu", nil)
	resp.wantStatus(tb, http.StatusOK)
	var menu []struct {
		ID     string            `json:"id"`
		Recipe []edge.RecipeItem `json:"recipe"`
	}
	resp.decode(tb, &menu)
	recipes := map[string][]edge.RecipeItem{}
	for _, p := range menu {
		recipes[p.ID] = p.Recipe
	}
	return recipes
}

// testCustomer is who the test orders are for.
var testCustomer = edge.Customer{
	Name: "Mme Durand", Phone: "06 12 34 56 78", Address: "3 rue Oberkampf, 75011 Paris",
}

// newOrder returns the body of a phone order of the given lines.
func newOrder(f edge.Fulfilment, lines ...edge.LineCreate) edge.OrderCreate {
	return edge.OrderCreate{
		Channel: edge.ChannelPhone, Fulfilment: f, Customer: testCustomer,
		Lines: lines, PaymentMethod: edge.PaymentCash,
	}
}

// line is one line of qty units of a product.
func line(productID string, qty int64) edge.LineCreate {
	return edge.LineCreate{ProductID: productID, Quantity: qty}
}

// createOrder takes an order of one margherita as the manager; it starts
// accepted.
func (e *testEnv) createOrder(tb testing.TB, f edge.Fulfilment) *edge.Order {
	tb.Helper()
	resp := e.as(tb, edge.RoleManager, "POST", "/api/v1/orders", newOrder(f, line("margherita", 1)))
	resp.wantStatus(tb, http.StatusCreated)
	return resp.order(tb)
}

// receiveOrder records a web order routed by central; it starts placed.
func (e *testEnv) receiveOrder(tb testing.TB, f edge.Fulfilment, lines ...edge.LineCreate) *edge.Order {
	tb.Helper()
	o, err := e.DB.ReceiveOrder(tb.Context(), edge.OrderReceive{
		ID: uuid.NewString(), Fulfilment: f, Customer: testCustomer, Lines: lines,
		PaymentMethod: edge.PaymentOnline, PaymentStatus: edge.PaymentPaid,
	})
	if err != nil {
		tb.Fatalf("receive order: %v", err)
	}
	return o
}

// pathTo is the way the manager takes an order to each status.
var pathTo = map[edge.Status][]edge.Status{
	edge.StatusAccepted:       {},
	edge.StatusPreparing:      {edge.StatusPreparing},
	edge.StatusReady:          {edge.StatusPreparing, edge.StatusReady},
	edge.StatusOutForDelivery: {edge.StatusPreparing, edge.StatusReady, edge.StatusOutForDelivery},
	edge.StatusDelivered: {edge.StatusPreparing, edge.StatusReady, edge.StatusOutForDelivery,
		edge.StatusDelivered},
	edge.StatusPickedUp:  {edge.StatusPreparing, edge.StatusReady, edge.StatusPickedUp},
	edge.StatusCancelled: {edge.StatusCancelled},
}

// orderIn returns an order in the given status, taken there by the manager.
func (e *testEnv) orderIn(tb testing.TB, status edge.Status, f edge.Fulfilment) *edge.Order {
	tb.Helper()
	switch status {
	case edge.StatusPlaced:
		return e.receiveOrder(tb, f, line("margherita", 1))
	case edge.StatusRejected:
		o := e.receiveOrder(tb, f, line("margherita", 1))
		return e.move(tb, edge.RoleManager, o.ID, edge.StatusRejected, "plus de livreur")
	}
	steps, ok := pathTo[status]
	if !ok {
		tb.Fatalf("no way to an order %s", status)
	}
	o := e.createOrder(tb, f)
	for _, to := range steps {
		o = e.move(tb, edge.RoleManager, o.ID, to, "")
	}
	return o
}

// move moves an order to another status as role, and fails unless it is
// accepted.
func (e *testEnv) move(tb testing.TB, role edge.Role, id string, to edge.Status,
	reason string) *edge.Order {
	tb.Helper()
	resp := e.as(tb, role, "POST", "/api/v1/orders/"+id+"/transitions",
		edge.TransitionRequest{To: to, Reason: reason})
	resp.wantStatus(tb, http.StatusOK)
	o := resp.order(tb)
	if o.Status != to {
		tb.Fatalf("order %s is %s after moving it to %s", id, o.Status, to)
	}
	return o
}

// syncStatus returns GET /api/v1/sync as the manager.
func (e *testEnv) syncStatus(tb testing.TB) edge.SyncStatus {
	tb.Helper()
	resp := e.as(tb, edge.RoleManager, "GET", "/api/v1/sync", nil)
	resp.wantStatus(tb, http.StatusOK)
	var st edge.SyncStatus
	resp.decode(tb, &st)
	return st
}
