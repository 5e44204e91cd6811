package postgres_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

func TestReplaceAndFindCatalog(t *testing.T) {
	db, _ := openSyncDB(t)
	ctx := context.Background()
	demo := syncproto.DemoCatalog()
	if err := db.ReplaceCatalog(ctx, demo); err != nil {
		t.Fatal(err)
	}

	// The document comes back as it went in, numbered as the next version.
	got, err := db.FindCatalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := syncproto.DemoCatalog()
	want.Version = 1
	for i := range want.Products {
		sortRecipe(want.Products[i].Recipe)
	}
	if a, b := mustJSON(t, got), mustJSON(t, want); string(a) != string(b) {
		t.Errorf("catalog read back differs:\n got %s\nwant %s", a, b)
	}

	// An invalid document changes nothing.
	bad := syncproto.DemoCatalog()
	bad.Products[0].Category = "pasta"
	wantCode(t, db.ReplaceCatalog(ctx, bad), central.EINVALID)
	again, _ := db.FindCatalog(ctx)
	if len(again.Products) != len(want.Products) {
		t.Errorf("a refused import changed the catalog")
	}
}

// sortRecipe orders a recipe by ingredient id, the order central reads.
func sortRecipe(items []syncproto.CatalogRecipeItem) {
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && items[j].IngredientID < items[j-1].IngredientID; j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
}

func TestSaveCatalogEntries(t *testing.T) {
	db, _ := openSyncDB(t)
	ctx := context.Background()
	if err := db.ReplaceCatalog(ctx, syncproto.DemoCatalog()); err != nil {
		t.Fatal(err)
	}

	// A new price and recipe; a new ingredient and product.
	p := syncproto.DemoCatalog().Products[0]
	p.PriceCents = 1234
	p.Recipe = p.Recipe[:1]
	if err := db.SaveProduct(ctx, p); err != nil {
		t.Fatal(err)
	}
	err := db.SaveIngredient(ctx, syncproto.CatalogIngredient{ID: "truffe", Name: "Truffe", Unit: "g"})
	if err != nil {
		t.Fatal(err)
	}
	err = db.SaveProduct(ctx, syncproto.CatalogProduct{ID: "tartufo", Name: "Tartufo", Category: "pizza",
		PriceCents: 2200, Recipe: []syncproto.CatalogRecipeItem{{IngredientID: "truffe", Quantity: 10}}})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := db.FindCatalog(ctx)
	byID := map[string]syncproto.CatalogProduct{}
	for _, p := range c.Products {
		byID[p.ID] = p
	}
	if got := byID[p.ID]; got.PriceCents != 1234 || len(got.Recipe) != 1 {
		t.Errorf("saved product %+v", got)
	}
	if _, ok := byID["tartufo"]; !ok || c.Products[len(c.Products)-1].ID != "tartufo" {
		t.Error("new product missing or not last on the menu")
	}

	// Refused: an unknown category, an unknown ingredient, a bad price.
	bad := []syncproto.CatalogProduct{
		{ID: "x", Name: "X", Category: "pasta", PriceCents: 1,
			Recipe: []syncproto.CatalogRecipeItem{{IngredientID: "pate", Quantity: 1}}},
		{ID: "x", Name: "X", Category: "pizza", PriceCents: 1,
			Recipe: []syncproto.CatalogRecipeItem{{IngredientID: "caviar", Quantity: 1}}},
		{ID: "x", Name: "X", Category: "pizza", PriceCents: -5,
			Recipe: []syncproto.CatalogRecipeItem{{IngredientID: "pate", Quantity: 1}}},
	}
	for _, b := range bad {
		wantCode(t, db.SaveProduct(ctx, b), central.EINVALID)
	}
	wantCode(t, db.DeleteProduct(ctx, "nothing"), central.ENOTFOUND)
	if err := db.DeleteProduct(ctx, "tartufo"); err != nil {
		t.Fatal(err)
	}
}

func TestPublishCatalog(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11", "lyon-2")
	ctx := context.Background()

	// Nothing to publish yet.
	_, err := db.PublishCatalog(ctx, "siege")
	wantCode(t, err, central.EINVALID)

	// A pizzeria reports version 4 applied (a local import): central's
	// first version comes after it.
	paris := newOutbox(t, "paris-11", newUUID())
	apply(t, db, batchOf(t, paris.event(syncproto.EventCatalogApplied,
		syncproto.CatalogAppliedPayload{Version: 4}))...)
	if err := db.ReplaceCatalog(ctx, syncproto.DemoCatalog()); err != nil {
		t.Fatal(err)
	}
	v, err := db.PublishCatalog(ctx, "siege")
	if err != nil {
		t.Fatal(err)
	}
	if v.Version != 5 || v.Pizzerias != 2 || v.Products != len(syncproto.DemoCatalog().Products) {
		t.Errorf("published %+v", v)
	}

	// A price change, published again: version 6, after 5 in every
	// pizzeria's commands.
	p := syncproto.DemoCatalog().Products[0]
	p.PriceCents = 1390
	if err := db.SaveProduct(ctx, p); err != nil {
		t.Fatal(err)
	}
	if v, err = db.PublishCatalog(ctx, "siege"); err != nil || v.Version != 6 {
		t.Fatalf("second version %+v, %v", v, err)
	}
	commands := unpublished(t, db)
	if len(commands) != 4 {
		t.Fatalf("%d commands, want 2 per pizzeria", len(commands))
	}
	for _, c := range commands {
		cat, err := c.CatalogVersionOf()
		if err != nil {
			t.Fatal(err)
		}
		if cat.Version != c.Position+4 {
			t.Errorf("%s position %d holds version %d", c.Pizzeria, c.Position, cat.Version)
		}
		if cat.Version == 6 && cat.Products[0].PriceCents != 1390 {
			t.Errorf("version 6 has the old price")
		}
	}
	versions, err := db.FindCatalogVersions(ctx)
	if err != nil || len(versions) != 2 || versions[0].Version != 6 {
		t.Errorf("versions %+v, %v", versions, err)
	}
	var doc syncproto.Catalog
	if err := json.Unmarshal(commands[0].Payload, &doc); err != nil || doc.Version != 5 {
		t.Errorf("payload of the first command: %v, version %d", err, doc.Version)
	}
}
