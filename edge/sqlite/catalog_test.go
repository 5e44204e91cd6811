package sqlite_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

func TestImportDemoCatalog(t *testing.T) {
	db := openDBAt(t, filepath.Join(t.TempDir(), "edge.db"))
	demo := syncproto.DemoCatalog()
	if err := db.ImportCatalog(t.Context(), demo); err != nil {
		t.Fatalf("import demo catalog: %v", err)
	}

	// Every product of the document, in its order, with its recipe and
	// nothing makeable before any delivery.
	products, err := db.FindProducts(t.Context())
	if err != nil {
		t.Fatalf("find products: %v", err)
	}
	if got, want := productIDs(products), demoProductIDs(demo); !slices.Equal(got, want) {
		t.Fatalf("products = %v, want %v", got, want)
	}
	for i, p := range products {
		dp := demo.Products[i]
		if p.Name != dp.Name || p.Category != dp.Category || p.PriceCents != dp.PriceCents ||
			!p.Available || p.Makeable != 0 || len(p.Recipe) != len(dp.Recipe) {
			t.Errorf("product %+v does not match the document's %+v", p, dp)
		}
	}
	ingredients, err := db.FindIngredients(t.Context())
	if err != nil || len(ingredients) != len(demo.Ingredients) {
		t.Errorf("%d ingredients (%v), want %d", len(ingredients), err, len(demo.Ingredients))
	}

	// Ten pizzas each take a ball of dough: with 7 balls and plenty of
	// everything else, each pizza is makeable 7 times.
	stock := map[string]int64{}
	for _, ing := range demo.Ingredients {
		stock[ing.ID] = 10_000
	}
	stock["pate"] = 7
	receive(t, db, stock)
	checkStock(t, db, stock)
	products, _ = db.FindProducts(t.Context())
	for _, p := range products {
		if p.Category == "pizza" && p.Makeable != 7 {
			t.Errorf("%s makeable = %d, want 7", p.ID, p.Makeable)
		}
	}
}

func TestReimportCatalog(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	if _, err := db.SetProductAvailability(t.Context(), manager, "reine", false); err != nil {
		t.Fatalf("set availability: %v", err)
	}

	// Version 2 raises a price, withdraws the tiramisu, changes a recipe
	// and adds a pizza.
	v2 := testCatalog()
	v2.Version = 2
	v2.Products[0].PriceCents = 990
	v2.Products[1].Recipe[2].Quantity = 100 // reine: less mozzarella
	v2.Products = slices.DeleteFunc(v2.Products, func(p syncproto.CatalogProduct) bool { return p.ID == "tiramisu" })
	v2.Products = append(v2.Products, syncproto.CatalogProduct{
		ID: "jambon-fromage", Name: "Jambon-fromage", Category: "pizza", PriceCents: 1050,
		Recipe: []syncproto.CatalogRecipeItem{{IngredientID: "pate", Quantity: 1}, {IngredientID: "jambon", Quantity: 80}},
	})
	if err := db.ImportCatalog(t.Context(), v2); err != nil {
		t.Fatalf("import version 2: %v", err)
	}

	// Stock is kept, makeable counts follow the new recipes.
	checkStock(t, db, ampleStock)
	products, err := db.FindProducts(t.Context())
	if err != nil {
		t.Fatalf("find products: %v", err)
	}
	want := []string{"margherita", "reine", "jambon-fromage", "coca-cola-33cl"}
	if got := productIDs(products); !slices.Equal(got, want) {
		t.Errorf("products = %v, want %v (tiramisu withdrawn)", got, want)
	}
	byID := map[string]*edge.Product{}
	for _, p := range products {
		byID[p.ID] = p
	}
	if p := byID["margherita"]; p.PriceCents != 990 {
		t.Errorf("margherita price = %d, want 990", p.PriceCents)
	}
	if p := byID["reine"]; p.Available {
		t.Errorf("reine became available again on re-import")
	}
	if p := byID["reine"]; p.Recipe[1].IngredientID != "mozzarella" || p.Recipe[1].Quantity != 100 {
		t.Errorf("reine recipe = %+v, want 100 g of mozzarella", p.Recipe)
	}

	// A withdrawn product can be neither found nor ordered.
	_, err = db.FindProductByID(t.Context(), "tiramisu")
	wantCode(t, err, edge.ENOTFOUND)
	_, err = db.CreateOrder(t.Context(), orderTaker, phoneOrder(line("tiramisu", 1)))
	wantCode(t, err, edge.EINVALID)

	// The same version again is accepted; an older one is refused and
	// changes nothing.
	if err := db.ImportCatalog(t.Context(), v2); err != nil {
		t.Errorf("re-import of version 2: %v", err)
	}
	seq := lastSeq(t, db)
	err = db.ImportCatalog(t.Context(), testCatalog())
	wantCode(t, err, edge.ECONFLICT)
	if _, err := db.FindProductByID(t.Context(), "tiramisu"); edge.ErrorCode(err) != edge.ENOTFOUND {
		t.Errorf("the refused version 1 brought the tiramisu back: %v", err)
	}
	if lastSeq(t, db) != seq {
		t.Errorf("a refused import wrote an event")
	}
}

func TestImportCatalogRefused(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *syncproto.Catalog)
		want   string
	}{
		{"version zero", func(c *syncproto.Catalog) { c.Version = 0 }, edge.EINVALID},
		{"unknown ingredient in a recipe", func(c *syncproto.Catalog) {
			c.Products[0].Recipe[0].IngredientID = "truffe"
		}, edge.EINVALID},
		{"empty recipe", func(c *syncproto.Catalog) { c.Products[0].Recipe = nil }, edge.EINVALID},
		{"unknown category", func(c *syncproto.Catalog) { c.Products[0].Category = "salades" }, edge.EINVALID},
		{"bad unit", func(c *syncproto.Catalog) { c.Ingredients[0].Unit = "kg" }, edge.EINVALID},
		{"unit change under stock", func(c *syncproto.Catalog) { c.Ingredients[0].Unit = "g" }, edge.ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTestDB(t)
			receive(t, db, map[string]int64{"pate": 10})
			seq := lastSeq(t, db)
			c := testCatalog()
			c.Version = 2
			tt.change(c)

			err := db.ImportCatalog(t.Context(), c)
			wantCode(t, err, tt.want)
			if msg := edge.ErrorMessage(err); !strings.HasPrefix(msg, "Catalogue") {
				t.Errorf("message = %q, want the catalogue's reason", msg)
			}
			if lastSeq(t, db) != seq {
				t.Errorf("a refused import wrote an event")
			}
			checkStock(t, db, map[string]int64{"pate": 10})
		})
	}
}

func TestSetProductAvailability(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)

	p, err := db.SetProductAvailability(t.Context(), manager, "coca-cola-33cl", false)
	if err != nil {
		t.Fatalf("set availability: %v", err)
	}
	if p.Available || p.Orderable() || p.Makeable != ampleStock["coca-cola-33cl"] {
		t.Errorf("product = %+v, want unavailable with its makeable count", p)
	}
	_, err = db.CreateOrder(t.Context(), orderTaker, phoneOrder(line("coca-cola-33cl", 1)))
	wantCode(t, err, edge.ECONFLICT)

	// Back on the menu, it sells again.
	if p, err = db.SetProductAvailability(t.Context(), manager, "coca-cola-33cl", true); err != nil || !p.Available {
		t.Fatalf("set available again: %+v, %v", p, err)
	}
	createOrder(t, db, line("coca-cola-33cl", 1))

	_, err = db.SetProductAvailability(t.Context(), manager, "hawaienne", false)
	wantCode(t, err, edge.ENOTFOUND)
}

func productIDs(products []*edge.Product) []string {
	var ids []string
	for _, p := range products {
		ids = append(ids, p.ID)
	}
	return ids
}

func demoProductIDs(c *syncproto.Catalog) []string {
	var ids []string
	for _, p := range c.Products {
		ids = append(ids, p.ID)
	}
	return ids
}
