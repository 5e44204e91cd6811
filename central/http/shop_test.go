package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// shopClock is the database's clock in the shop tests, moved by hand.
type shopClock struct{ now atomic.Pointer[time.Time] }

func (c *shopClock) Now() time.Time      { return *c.now.Load() }
func (c *shopClock) set(t time.Time)     { c.now.Store(&t) }
func (c *shopClock) add(d time.Duration) { c.set(c.Now().Add(d)) }

// shopStart is when the shop tests' clock starts.
var shopStart = time.Date(2026, 12, 3, 18, 30, 0, 0, time.UTC)

// newShopEnv is a test server whose pizzerias deliver postcodes (paris-11
// the 11th and 12th, lyon-2 the 2nd of Lyon, paris-20 the 20th and the
// 11th), with a published catalog and a clock at shopStart.
func newShopEnv(tb testing.TB) (*testEnv, *shopClock) {
	tb.Helper()
	env := newEnv(tb)
	ctx := context.Background()
	clock := &shopClock{}
	clock.set(shopStart)
	env.DB.Now = clock.Now

	// The delivery zones.
	err := env.DB.CreatePizzeria(ctx, &central.Pizzeria{ID: "paris-20", Name: "Paris Gambetta",
		Postcodes: []string{"75020", "75011"}})
	if err != nil {
		tb.Fatal(err)
	}
	for id, postcodes := range map[string][]string{
		"paris-11": {"75011", "75012"}, "lyon-2": {"69002"}} {
		_, err := env.DB.Pool.Exec(ctx, `UPDATE pizzerias SET postcodes = $2 WHERE id = $1`, id, postcodes)
		if err != nil {
			tb.Fatal(err)
		}
	}

	// The catalog.
	if err := env.DB.ReplaceCatalog(ctx, shopCatalog()); err != nil {
		tb.Fatal(err)
	}
	if _, err := env.DB.PublishCatalog(ctx, "siege"); err != nil {
		tb.Fatal(err)
	}
	return env, clock
}

// shopCatalog sells a margherita (1 dough ball, 100 g of mozzarella) at
// 9,50 € and a cola (1 can) at 3,00 €.
func shopCatalog() *syncproto.Catalog {
	return &syncproto.Catalog{
		Version: 1,
		Categories: []syncproto.CatalogCategory{
			{ID: "pizzas", Name: "Pizzas"}, {ID: "boissons", Name: "Boissons"}},
		Ingredients: []syncproto.CatalogIngredient{
			{ID: "pate", Name: "Pâte", Unit: "piece", LowThreshold: 10},
			{ID: "mozzarella", Name: "Mozzarella", Unit: "g", LowThreshold: 1000},
			{ID: "cola", Name: "Cola", Unit: "piece", LowThreshold: 12}},
		Products: []syncproto.CatalogProduct{
			{ID: "margherita", Name: "Margherita", Category: "pizzas", PriceCents: 950,
				Recipe: []syncproto.CatalogRecipeItem{{IngredientID: "pate", Quantity: 1},
					{IngredientID: "mozzarella", Quantity: 100}}},
			{ID: "cola", Name: "Cola 33 cl", Category: "boissons", PriceCents: 300,
				Recipe: []syncproto.CatalogRecipeItem{{IngredientID: "cola", Quantity: 1}}}},
	}
}

// reportStock makes a pizzeria report stock levels through the ingest, as
// its receipts would, and a heartbeat: it is online at the clock's time.
func reportStock(tb testing.TB, env *testEnv, pizzeria string, levels map[string]int64) {
	tb.Helper()
	ctx := context.Background()
	var batch []central.Received
	seq := int64(0)
	for ingredient, level := range levels {
		seq++
		payload, _ := json.Marshal(syncproto.StockPayload{Movement: syncproto.StockMovement{
			ID: uuidV7(tb), IngredientID: ingredient, Kind: "receipt", Delta: level,
			OnHandAfter: level, By: "gerant", At: env.DB.Now()}})
		e := &syncproto.Event{ID: uuidV7(tb), Pizzeria: pizzeria, Epoch: "e1", Seq: seq,
			Type: syncproto.EventStockMoved, SchemaVersion: syncproto.SchemaVersions[syncproto.EventStockMoved],
			OccurredAt: env.DB.Now(), Payload: payload}
		data, err := syncproto.Encode(e)
		if err != nil {
			tb.Fatal(err)
		}
		r := central.Received{Subject: syncproto.UpSubject(pizzeria), Pizzeria: pizzeria, Data: data}
		if r.Event, r.Err = syncproto.DecodeEvent(data, pizzeria); r.Err != nil {
			tb.Fatal(r.Err)
		}
		batch = append(batch, r)
	}
	if _, err := env.DB.ApplyBatch(ctx, batch); err != nil {
		tb.Fatal(err)
	}
	err := env.DB.RecordHeartbeat(ctx, &syncproto.Heartbeat{Pizzeria: pizzeria, Epoch: "e1",
		LastSeq: seq, SentAt: env.DB.Now()})
	if err != nil {
		tb.Fatal(err)
	}
}

func TestPizzeriasAPI(t *testing.T) {
	env, _ := newShopEnv(t)

	// Everyone may list them, by id, without a session.
	var all []central.ShopPizzeria
	env.do(t, "", "GET", "/api/v1/pizzerias", nil).decode(t, &all)
	if len(all) != 3 || all[0].ID != "lyon-2" || all[2].ID != "paris-20" {
		t.Fatalf("pizzerias: %+v", all)
	}

	// Two deliver the 11th, in id order.
	var serving []central.ShopPizzeria
	resp := env.do(t, "", "GET", "/api/v1/pizzerias?postcode=75011", nil)
	resp.wantStatus(t, http.StatusOK)
	resp.decode(t, &serving)
	if len(serving) != 2 || serving[0].ID != "paris-11" || serving[1].ID != "paris-20" {
		t.Fatalf("serving 75011: %+v", serving)
	}

	// Not a postcode: 422 on the field; none delivers it: 404 and a sentence.
	for _, bad := range []string{"7501", "abcde", "00100", ""} {
		body := env.do(t, "", "GET", "/api/v1/pizzerias?postcode="+bad, nil).
			wantError(t, http.StatusUnprocessableEntity, central.EINVALID)
		if body.Error.Field != "postcode" {
			t.Errorf("postcode %q: field %q", bad, body.Error.Field)
		}
	}
	body := env.do(t, "", "GET", "/api/v1/pizzerias?postcode=13001", nil).
		wantError(t, http.StatusNotFound, central.ENOTFOUND)
	if !strings.Contains(body.Error.Message, "13001") || !strings.Contains(body.Error.Message, "pizzeria") {
		t.Errorf("no pizzeria for 13001: %q", body.Error.Message)
	}
}

func TestMenuAPI(t *testing.T) {
	env, clock := newShopEnv(t)
	reportStock(t, env, "paris-11", map[string]int64{"pate": 10, "mozzarella": 350})

	// Online: live figures, current.
	var menu central.Menu
	env.do(t, "", "GET", "/api/v1/pizzerias/paris-11/menu", nil).decode(t, &menu)
	if !menu.Current || menu.CatalogVersion != 1 || len(menu.Products) != 2 {
		t.Fatalf("menu: %+v", menu)
	}
	if p := menu.Product("margherita"); p.Makeable != 3 || !p.Available || p.PriceCents != 950 ||
		p.Category != "pizzas" {
		t.Errorf("margherita: %+v", p)
	}
	if p := menu.Product("cola"); p.Makeable != 0 {
		t.Errorf("cola without stock: %+v", p)
	}

	// Offline: the same figures, not current, dated from the last heartbeat.
	clock.add(time.Minute)
	env.do(t, "", "GET", "/api/v1/pizzerias/paris-11/menu", nil).decode(t, &menu)
	if menu.Current || menu.FiguresAt == nil || !menu.FiguresAt.Equal(shopStart) ||
		menu.Product("margherita").Makeable != 3 {
		t.Errorf("offline menu: %+v", menu)
	}

	// An unknown pizzeria.
	env.do(t, "", "GET", "/api/v1/pizzerias/nice-1/menu", nil).
		wantError(t, http.StatusNotFound, central.ENOTFOUND)
}

func TestAddressesAPI(t *testing.T) {
	env := newEnv(t)
	anna := env.signUpAndLogIn(t, "anna@example.fr")
	luca := env.signUpAndLogIn(t, "luca@example.fr")

	// Anna adds an address and sees it.
	resp := env.do(t, anna, "POST", "/api/v1/customer/addresses", map[string]string{
		"label": "Maison", "street": "12 rue de la Roquette", "postcode": "75011", "city": "Paris"})
	resp.wantStatus(t, http.StatusCreated)
	var a central.Address
	resp.decode(t, &a)
	var list []central.Address
	env.do(t, anna, "GET", "/api/v1/customer/addresses", nil).decode(t, &list)
	if len(list) != 1 || list[0].ID != a.ID || list[0].Street != "12 rue de la Roquette" {
		t.Fatalf("Anna's addresses: %+v", list)
	}

	// Luca sees none and cannot delete it; a staff token opens nothing.
	env.do(t, luca, "GET", "/api/v1/customer/addresses", nil).decode(t, &list)
	if len(list) != 0 {
		t.Errorf("Luca sees %+v", list)
	}
	env.do(t, luca, "DELETE", "/api/v1/customer/addresses/"+a.ID, nil).
		wantError(t, http.StatusNotFound, central.ENOTFOUND)
	env.as(t, central.RoleHeadOffice, "GET", "/api/v1/customer/addresses", nil).
		wantError(t, http.StatusUnauthorized, central.EUNAUTHORIZED)

	// Bad input: the field at fault, nothing stored.
	body := env.do(t, anna, "POST", "/api/v1/customer/addresses", map[string]string{
		"street": "1 rue X", "postcode": "750", "city": "Paris"}).
		wantError(t, http.StatusUnprocessableEntity, central.EINVALID)
	if body.Error.Field != "postcode" {
		t.Errorf("field %q, want postcode", body.Error.Field)
	}
	env.do(t, anna, "POST", "/api/v1/customer/addresses", map[string]string{"customer_id": "x"}).
		wantError(t, http.StatusBadRequest, central.EBADREQUEST)

	// Anna deletes hers.
	env.do(t, anna, "DELETE", "/api/v1/customer/addresses/"+a.ID, nil).wantStatus(t, http.StatusNoContent)
	env.do(t, anna, "GET", "/api/v1/customer/addresses", nil).decode(t, &list)
	if len(list) != 0 {
		t.Errorf("after delete: %+v", list)
	}
}

// signUpAndLogIn makes a customer account and returns its session token.
func (e *testEnv) signUpAndLogIn(tb testing.TB, email string) string {
	tb.Helper()
	e.do(tb, "", "POST", "/api/v1/customers", signUp("email", email)).wantStatus(tb, http.StatusCreated)
	var s struct{ Token string }
	resp := e.customerLogin(tb, email, customerPassword)
	resp.wantStatus(tb, http.StatusCreated)
	resp.decode(tb, &s)
	return s.Token
}

// uuidV7 returns a new UUIDv7, as the edge gives its events and movements.
func uuidV7(tb testing.TB) string {
	tb.Helper()
	id, err := uuid.NewV7()
	if err != nil {
		tb.Fatal(err)
	}
	return id.String()
}
