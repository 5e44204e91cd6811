package syncproto

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// smallCatalog returns a minimal valid catalog that each test case may
// modify freely.
func smallCatalog(tb testing.TB) *Catalog {
	tb.Helper()
	c := &Catalog{
		Version: 1,
		Categories: []CatalogCategory{
			{ID: "pizza", Name: "Pizzas"},
			{ID: "drink", Name: "Boissons"},
		},
		Ingredients: []CatalogIngredient{
			{ID: "pate", Name: "Pâton", Unit: "piece", LowThreshold: 20},
			{ID: "sauce-tomate", Name: "Sauce tomate", Unit: "ml", LowThreshold: 2000},
			{ID: "mozzarella", Name: "Mozzarella", Unit: "g", LowThreshold: 2000},
			{ID: "coca-cola-33cl", Name: "Coca-Cola 33 cl", Unit: "piece"},
		},
		Products: []CatalogProduct{
			{
				ID: "margherita", Name: "Margherita", Category: "pizza", PriceCents: 950,
				Recipe: []CatalogRecipeItem{
					{IngredientID: "pate", Quantity: 1},
					{IngredientID: "sauce-tomate", Quantity: 80},
					{IngredientID: "mozzarella", Quantity: 120},
				},
			},
			{
				ID: "coca-cola-33cl", Name: "Coca-Cola 33 cl", Category: "drink", PriceCents: 350,
				Recipe: []CatalogRecipeItem{{IngredientID: "coca-cola-33cl", Quantity: 1}},
			},
		},
	}
	if err := c.Validate(); err != nil {
		tb.Fatalf("small catalog does not validate: %v", err)
	}
	return c
}

// encodeCatalog returns the JSON document of c.
func encodeCatalog(tb testing.TB, c *Catalog) []byte {
	tb.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		tb.Fatalf("encode catalog: %v", err)
	}
	return b
}

func TestDemoCatalog(t *testing.T) {
	c := DemoCatalog()
	if err := c.Validate(); err != nil {
		t.Fatalf("demo catalog does not validate: %v", err)
	}
	if c.Version != 1 {
		t.Errorf("demo catalog version = %d, want 1", c.Version)
	}
	used := map[string]bool{}
	perCategory := map[string]int{}
	for _, p := range c.Products {
		perCategory[p.Category]++
		hasDough := false
		for _, item := range p.Recipe {
			used[item.IngredientID] = true
			if item.IngredientID == "pate" {
				hasDough = item.Quantity == 1
			}
		}
		if p.Category == "pizza" && !hasDough {
			t.Errorf("pizza %s does not use one piece of pate", p.ID)
		}
	}
	if n := perCategory["pizza"]; n < 10 {
		t.Errorf("demo catalog has %d pizzas, want at least 10", n)
	}
	for _, cat := range c.Categories {
		if perCategory[cat.ID] == 0 {
			t.Errorf("category %s has no product", cat.ID)
		}
	}
	for _, ing := range c.Ingredients {
		if !used[ing.ID] {
			t.Errorf("ingredient %s is in no recipe", ing.ID)
		}
	}
	if DemoCatalog() == c {
		t.Error("DemoCatalog returned the same pointer twice, want a fresh copy")
	}
}

func TestCatalogValidateRefuses(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(c *Catalog)
		problem string
	}{
		{"version 0", func(c *Catalog) { c.Version = 0 }, ProblemVersion},
		{"negative version", func(c *Catalog) { c.Version = -1 }, ProblemVersion},
		{"duplicate category", func(c *Catalog) { c.Categories = append(c.Categories, c.Categories[0]) }, ProblemDuplicate},
		{"duplicate ingredient", func(c *Catalog) { c.Ingredients = append(c.Ingredients, c.Ingredients[0]) }, ProblemDuplicate},
		{"duplicate product", func(c *Catalog) { c.Products = append(c.Products, c.Products[0]) }, ProblemDuplicate},
		{"uppercase category id", func(c *Catalog) { c.Categories[0].ID = "Pizza" }, ProblemBadID},
		{"empty ingredient id", func(c *Catalog) { c.Ingredients[0].ID = "" }, ProblemBadID},
		{"ingredient id with space", func(c *Catalog) { c.Ingredients[0].ID = "sauce tomate" }, ProblemBadID},
		{"product id with accent", func(c *Catalog) { c.Products[0].ID = "végétarienne" }, ProblemBadID},
		{"product id starting with dash", func(c *Catalog) { c.Products[0].ID = "-margherita" }, ProblemBadID},
		{"product id over 64 bytes", func(c *Catalog) { c.Products[0].ID = strings.Repeat("a", 65) }, ProblemBadID},
		{"empty name", func(c *Catalog) { c.Products[0].Name = "" }, ProblemBadName},
		{"name over 100 bytes", func(c *Catalog) { c.Ingredients[0].Name = strings.Repeat("é", 51) }, ProblemBadName},
		{"unknown category", func(c *Catalog) { c.Products[0].Category = "salad" }, ProblemUnknownCategory},
		{"unknown ingredient in recipe", func(c *Catalog) { c.Products[0].Recipe[0].IngredientID = "ananas" }, ProblemUnknownIngredient},
		{"empty recipe", func(c *Catalog) { c.Products[1].Recipe = nil }, ProblemEmptyRecipe},
		{"zero quantity", func(c *Catalog) { c.Products[0].Recipe[1].Quantity = 0 }, ProblemQuantityRange},
		{"negative quantity", func(c *Catalog) { c.Products[0].Recipe[1].Quantity = -80 }, ProblemQuantityRange},
		{"quantity too large", func(c *Catalog) { c.Products[0].Recipe[1].Quantity = 100_001 }, ProblemQuantityRange},
		{"empty unit", func(c *Catalog) { c.Ingredients[0].Unit = "" }, ProblemBadUnit},
		{"unit kg", func(c *Catalog) { c.Ingredients[2].Unit = "kg" }, ProblemBadUnit},
		{"unit in capitals", func(c *Catalog) { c.Ingredients[1].Unit = "ML" }, ProblemBadUnit},
		{"negative low threshold", func(c *Catalog) { c.Ingredients[0].LowThreshold = -1 }, ProblemNegativeThreshold},
		{"negative price", func(c *Catalog) { c.Products[0].PriceCents = -1 }, ProblemPriceRange},
		{"price too large", func(c *Catalog) { c.Products[0].PriceCents = 1_000_001 }, ProblemPriceRange},
		{"ingredient twice in one recipe", func(c *Catalog) {
			c.Products[0].Recipe = append(c.Products[0].Recipe, CatalogRecipeItem{IngredientID: "pate", Quantity: 1})
		}, ProblemIngredientTwice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := smallCatalog(t)
			tt.mutate(c)
			err := c.Validate()
			var ce *CatalogError
			if !errors.As(err, &ce) {
				t.Fatalf("Validate = %v, want a *CatalogError", err)
			}
			if ce.Problem != tt.problem || ce.Field == "" {
				t.Errorf("problem %q in field %q, want %q", ce.Problem, ce.Field, tt.problem)
			}
			if _, err := DecodeCatalog(bytes.NewReader(encodeCatalog(t, c))); err == nil {
				t.Fatal("DecodeCatalog accepted a broken catalog")
			}
		})
	}
}

func TestCatalogValidateAccepts(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(c *Catalog)
	}{
		{"unchanged", func(c *Catalog) {}},
		{"free product", func(c *Catalog) { c.Products[0].PriceCents = 0 }},
		{"largest price", func(c *Catalog) { c.Products[0].PriceCents = 1_000_000 }},
		{"largest quantity", func(c *Catalog) { c.Products[0].Recipe[1].Quantity = 100_000 }},
		{"64-byte id", func(c *Catalog) { c.Products[0].ID = strings.Repeat("a", 64) }},
		{"one-byte id", func(c *Catalog) { c.Products[0].ID = "7" }},
		{"same id across kinds", func(c *Catalog) {
			c.Categories[1].ID = "coca-cola-33cl"
			c.Products[1].Category = "coca-cola-33cl"
		}},
		{"no products", func(c *Catalog) { c.Products = nil }},
		{"100-byte name", func(c *Catalog) { c.Ingredients[0].Name = strings.Repeat("é", 50) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := smallCatalog(t)
			tt.mutate(c)
			if err := c.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			got, err := DecodeCatalog(bytes.NewReader(encodeCatalog(t, c)))
			if err != nil {
				t.Fatalf("DecodeCatalog: %v", err)
			}
			if !reflect.DeepEqual(got, c) {
				t.Fatalf("DecodeCatalog = %+v, want %+v", got, c)
			}
		})
	}
}

func TestDecodeCatalogRefuses(t *testing.T) {
	valid := encodeCatalog(t, smallCatalog(t))
	// padded returns the valid document preceded by whitespace so that it
	// is n bytes long.
	padded := func(n int) []byte {
		return append(bytes.Repeat([]byte(" "), n-len(valid)), valid...)
	}
	if _, err := DecodeCatalog(bytes.NewReader(padded(MaxCatalogBytes))); err != nil {
		t.Fatalf("DecodeCatalog refused a document of exactly MaxCatalogBytes: %v", err)
	}

	tests := []struct {
		name string
		doc  []byte
	}{
		{"empty", nil},
		{"null", []byte("null")},
		{"array", []byte("[]")},
		{"truncated", valid[:len(valid)-1]},
		{"unknown top-level field", bytes.Replace(valid, []byte(`{"version":1,`), []byte(`{"version":1,"currency":"EUR",`), 1)},
		{"unknown product field", bytes.Replace(valid, []byte(`"price_cents":950`), []byte(`"price_cents":950,"vat":10`), 1)},
		{"string version", bytes.Replace(valid, []byte(`"version":1`), []byte(`"version":"1"`), 1)},
		{"fractional quantity", bytes.Replace(valid, []byte(`"quantity":80`), []byte(`"quantity":80.5`), 1)},
		{"one byte over MaxCatalogBytes", padded(MaxCatalogBytes + 1)},
		{"far over MaxCatalogBytes", padded(2 * MaxCatalogBytes)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.doc != nil && bytes.Equal(tt.doc, valid) {
				t.Fatal("test case did not change the valid document")
			}
			c, err := DecodeCatalog(bytes.NewReader(tt.doc))
			if err == nil {
				t.Fatal("DecodeCatalog accepted a broken document")
			}
			if c != nil {
				t.Errorf("DecodeCatalog returned a catalog with error %v", err)
			}
		})
	}
}

func FuzzDecodeCatalog(f *testing.F) {
	f.Add(demoCatalogJSON)
	f.Add(encodeCatalog(f, smallCatalog(f)))
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"version":1}`))
	f.Add([]byte(`{"version":1,"bogus":true}`))
	f.Add([]byte(`{"version":1,"categories":[{"id":"a","name":"A"}],"ingredients":[{"id":"b","name":"B","unit":"g","low_threshold":0}],"products":[{"id":"c","name":"C","category":"a","price_cents":1,"recipe":[]}]}`))
	f.Add([]byte(`{"version":1,"categories":[{"id":"a","name":"A"},{"id":"a","name":"A"}]}`))
	f.Add([]byte(`{"version":1,"categories":[{"id":"a","name":"\u00e9\ud800"}]} trailing`))
	f.Add([]byte(`[`))

	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := DecodeCatalog(bytes.NewReader(data))
		if err != nil {
			if c != nil {
				t.Fatalf("DecodeCatalog returned a catalog with error %v", err)
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("DecodeCatalog returned a catalog that does not validate: %v", err)
		}
		enc, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("encode decoded catalog: %v", err)
		}
		var back Catalog
		if err := json.Unmarshal(enc, &back); err != nil {
			t.Fatalf("decode re-encoded catalog: %v", err)
		}
		if !reflect.DeepEqual(&back, c) {
			t.Fatalf("round trip changed the catalog:\n got %+v\nwant %+v", &back, c)
		}
		// Re-encoding may grow a document (escapes, default fields), so
		// only a re-encoding that fits must pass DecodeCatalog again.
		if len(enc) <= MaxCatalogBytes {
			again, err := DecodeCatalog(bytes.NewReader(enc))
			if err != nil {
				t.Fatalf("DecodeCatalog refused a re-encoded catalog: %v", err)
			}
			if !reflect.DeepEqual(again, c) {
				t.Fatalf("DecodeCatalog round trip changed the catalog:\n got %+v\nwant %+v", again, c)
			}
		}
	})
}
