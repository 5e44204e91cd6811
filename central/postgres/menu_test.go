package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
)

// menuCatalog is a small catalog whose makeable counts are easy to work
// out: a margherita takes 1 dough ball and 100 g of mozzarella, a regina
// 1 ball, 120 g of mozzarella and 50 g of ham, a cola one can.
func menuCatalog() *syncproto.Catalog {
	return &syncproto.Catalog{
		Version: 1,
		Categories: []syncproto.CatalogCategory{
			{ID: "pizzas", Name: "Pizzas"}, {ID: "boissons", Name: "Boissons"}},
		Ingredients: []syncproto.CatalogIngredient{
			{ID: "pate", Name: "Pâte", Unit: "piece", LowThreshold: 10},
			{ID: "mozzarella", Name: "Mozzarella", Unit: "g", LowThreshold: 1000},
			{ID: "jambon", Name: "Jambon", Unit: "g", LowThreshold: 500},
			{ID: "cola", Name: "Cola", Unit: "piece", LowThreshold: 12}},
		Products: []syncproto.CatalogProduct{
			{ID: "margherita", Name: "Margherita", Category: "pizzas", PriceCents: 950,
				Recipe: []syncproto.CatalogRecipeItem{{IngredientID: "pate", Quantity: 1},
					{IngredientID: "mozzarella", Quantity: 100}}},
			{ID: "regina", Name: "Regina", Category: "pizzas", PriceCents: 1200,
				Recipe: []syncproto.CatalogRecipeItem{{IngredientID: "pate", Quantity: 1},
					{IngredientID: "mozzarella", Quantity: 120}, {IngredientID: "jambon", Quantity: 50}}},
			{ID: "cola", Name: "Cola 33 cl", Category: "boissons", PriceCents: 300,
				Recipe: []syncproto.CatalogRecipeItem{{IngredientID: "cola", Quantity: 1}}}},
	}
}

// publishMenuCatalog makes c the catalog being edited and publishes it.
func publishMenuCatalog(tb testing.TB, db *postgres.DB, c *syncproto.Catalog) {
	tb.Helper()
	ctx := context.Background()
	if err := db.ReplaceCatalog(ctx, c); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.PublishCatalog(ctx, "siege"); err != nil {
		tb.Fatal(err)
	}
}

// heartbeat records a heartbeat of a pizzeria sent at central's now.
func heartbeat(tb testing.TB, db *postgres.DB, pizzeria, epoch string) {
	tb.Helper()
	err := db.RecordHeartbeat(context.Background(), &syncproto.Heartbeat{
		Pizzeria: pizzeria, Epoch: epoch, SentAt: db.Now()})
	if err != nil {
		tb.Fatal(err)
	}
}

func TestFindPizzeriasServing(t *testing.T) {
	db, clock := openSyncDB(t)
	ctx := context.Background()
	for _, p := range []*central.Pizzeria{
		{ID: "paris-11", Name: "Paris Bastille", Postcodes: []string{"75011", "75012"}},
		{ID: "lyon-2", Name: "Lyon Confluence", Postcodes: []string{"69002"}},
		{ID: "paris-20", Name: "Paris Gambetta", Postcodes: []string{"75020", "75011"}},
	} {
		if err := db.CreatePizzeria(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	heartbeat(t, db, "paris-20", "e1")
	clock.now = clock.now.Add(10 * time.Second)

	// Two pizzerias deliver the 11th, by id; the one heard from is online.
	got, err := db.FindPizzeriasServing(ctx, "75011")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "paris-11" || got[1].ID != "paris-20" {
		t.Fatalf("serving 75011: %+v", got)
	}
	if got[0].Online || got[0].LastSeenAt != nil || !got[1].Online ||
		!got[1].LastSeenAt.Equal(syncStart) {
		t.Errorf("online states: %+v, %+v", got[0], got[1])
	}

	// One delivers Lyon's 2nd.
	got, err = db.FindPizzeriasServing(ctx, "69002")
	if err != nil || len(got) != 1 || got[0].ID != "lyon-2" {
		t.Fatalf("serving 69002: %+v, %v", got, err)
	}

	// None delivers Marseille: a sentence naming the postcode.
	_, err = db.FindPizzeriasServing(ctx, "13001")
	wantCode(t, err, central.ENOTFOUND)
	if !strings.Contains(err.Error(), "13001") {
		t.Errorf("no pizzeria: %v, want the postcode in the sentence", err)
	}

	// Not postcodes.
	for _, bad := range []string{"", "7501", "750111", "7501a", "00123", "75 011"} {
		_, err := db.FindPizzeriasServing(ctx, bad)
		wantCode(t, err, central.EINVALID)
	}

	// Every pizzeria, by id, and paris-20 offline once its window passed.
	clock.now = clock.now.Add(central.OnlineWindow)
	all, err := db.FindShopPizzerias(ctx)
	if err != nil || len(all) != 3 || all[0].ID != "lyon-2" || all[2].Online {
		t.Fatalf("all pizzerias: %+v, %v", all, err)
	}
}

func TestFindMenu(t *testing.T) {
	db, clock := openSyncDB(t, "paris-11", "lyon-2")
	ctx := context.Background()

	// Before any catalog is published: a menu with no products.
	m, err := db.FindMenu(ctx, "paris-11")
	if err != nil {
		t.Fatal(err)
	}
	if m.CatalogVersion != 0 || len(m.Products) != 0 || m.Current || m.FiguresAt != nil {
		t.Fatalf("menu before any catalog: %+v", m)
	}

	// Paris reports its stock and switches the regina off; Lyon has no
	// stock at all.
	publishMenuCatalog(t, db, menuCatalog())
	o := newOutbox(t, "paris-11", "e1")
	apply(t, db, batchOf(t,
		o.stock(movement("pate", "receipt", 7, 7, "")),
		o.stock(movement("mozzarella", "receipt", 550, 550, "")),
		o.stock(movement("jambon", "receipt", 1000, 1000, "")),
		o.stock(movement("cola", "receipt", 24, 24, "")),
		o.stock(movement("cola", "waste", -30, -6, "")),
		o.event(syncproto.EventProductAvailability,
			syncproto.AvailabilityPayload{ProductID: "regina", Available: false, By: "gerant"}),
	)...)
	heartbeat(t, db, "paris-11", "e1")

	// Makeable counts from the recipes, the switch, and current figures.
	m, err = db.FindMenu(ctx, "paris-11")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]central.MenuItem{
		"margherita": {Available: true, Makeable: 5, PriceCents: 950},   // 550 g / 100 g
		"regina":     {Available: false, Makeable: 4, PriceCents: 1200}, // 550 g / 120 g
		"cola":       {Available: true, Makeable: 0, PriceCents: 300},   // negative stock is none
	}
	if len(m.Products) != 3 || m.Products[0].ID != "margherita" || m.CatalogVersion != 1 {
		t.Fatalf("menu: %+v", m)
	}
	for _, p := range m.Products {
		w := want[p.ID]
		if p.Available != w.Available || p.Makeable != w.Makeable || p.PriceCents != w.PriceCents {
			t.Errorf("%s: %+v, want %+v", p.ID, p, w)
		}
	}
	if !m.Current || m.FiguresAt == nil || !m.FiguresAt.Equal(syncStart) ||
		len(m.Categories) != 2 || m.Pizzeria.Name != "Pizzeria paris-11" {
		t.Errorf("menu header: %+v", m)
	}
	if m.Product("margherita").Orderable() == false || m.Product("regina").Orderable() ||
		m.Product("cola").Orderable() || m.Product("calzone") != nil {
		t.Errorf("orderable products wrong: %+v", m.Products)
	}

	// Lyon never reported anything: nothing makeable, not current.
	m, err = db.FindMenu(ctx, "lyon-2")
	if err != nil || m.Current || m.FiguresAt != nil || m.Products[0].Makeable != 0 {
		t.Fatalf("Lyon's menu: %+v, %v", m, err)
	}

	// Paris silent past the window: the same figures, no longer current.
	clock.now = clock.now.Add(central.OnlineWindow + time.Second)
	m, err = db.FindMenu(ctx, "paris-11")
	if err != nil || m.Current || !m.FiguresAt.Equal(syncStart) || m.Products[0].Makeable != 5 {
		t.Fatalf("Paris offline: %+v, %v", m, err)
	}

	// A new price published shows at once.
	next := menuCatalog()
	next.Products[0].PriceCents = 1000
	publishMenuCatalog(t, db, next)
	m, _ = db.FindMenu(ctx, "paris-11")
	if m.CatalogVersion != 2 || m.Products[0].PriceCents != 1000 {
		t.Errorf("after a new version: version %d, price %d", m.CatalogVersion, m.Products[0].PriceCents)
	}

	// An unknown pizzeria, and an id that cannot be one.
	for _, id := range []string{"nice-1", "../etc"} {
		_, err := db.FindMenu(ctx, id)
		wantCode(t, err, central.ENOTFOUND)
	}
}
