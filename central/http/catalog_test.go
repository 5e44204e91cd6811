package http_test

import (
	"net/http"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// TestCatalogAPI walks head office through the catalog: the demo catalog
// put in, a price and a recipe changed, a product added and withdrawn,
// then the version published and its commands listed. Every answer is
// checked against openapi.yaml.
func TestCatalogAPI(t *testing.T) {
	env := newEnv(t)
	head := central.RoleHeadOffice

	// The whole document, then read back numbered 1.
	env.as(t, head, "PUT", "/api/v1/catalog", syncproto.DemoCatalog()).wantStatus(t, http.StatusOK)
	var c syncproto.Catalog
	env.as(t, head, "GET", "/api/v1/catalog", nil).decode(t, &c)
	if c.Version != 1 || len(c.Products) != len(syncproto.DemoCatalog().Products) {
		t.Fatalf("catalog version %d with %d products", c.Version, len(c.Products))
	}

	// Entries, one at a time.
	margherita := c.Products[0]
	env.as(t, head, "PUT", "/api/v1/catalog/products/"+margherita.ID, map[string]any{
		"name": margherita.Name, "category": margherita.Category, "price_cents": 1190,
		"recipe": margherita.Recipe,
	}).wantStatus(t, http.StatusOK)
	env.as(t, head, "PUT", "/api/v1/catalog/categories/pasta", map[string]any{"name": "Pâtes"}).
		wantStatus(t, http.StatusOK)
	env.as(t, head, "PUT", "/api/v1/catalog/ingredients/penne", map[string]any{
		"name": "Penne", "unit": "g", "low_threshold": 500,
	}).wantStatus(t, http.StatusOK)
	env.as(t, head, "PUT", "/api/v1/catalog/products/penne-arrabbiata", map[string]any{
		"name": "Penne all'arrabbiata", "category": "pasta", "price_cents": 1300,
		"recipe": []map[string]any{{"ingredient_id": "penne", "quantity": 120}},
	}).wantStatus(t, http.StatusOK)
	env.as(t, head, "DELETE", "/api/v1/catalog/products/penne-arrabbiata", nil).
		wantStatus(t, http.StatusNoContent)

	// Bad input.
	env.as(t, head, "PUT", "/api/v1/catalog/products/x", map[string]any{
		"name": "X", "category": "nowhere", "price_cents": 1,
		"recipe": []map[string]any{{"ingredient_id": "penne", "quantity": 1}},
	}).wantError(t, http.StatusUnprocessableEntity, central.EINVALID)
	env.as(t, head, "PUT", "/api/v1/catalog/ingredients/Bad_ID", map[string]any{
		"name": "X", "unit": "g",
	}).wantError(t, http.StatusUnprocessableEntity, central.EINVALID)
	env.as(t, head, "PUT", "/api/v1/catalog/ingredients/sel", map[string]any{
		"name": "Sel", "unit": "kg",
	}).wantError(t, http.StatusUnprocessableEntity, central.EINVALID)
	env.as(t, head, "PUT", "/api/v1/catalog/categories/pasta", map[string]any{"nom": "x"}).
		wantError(t, http.StatusBadRequest, central.EBADREQUEST)
	env.as(t, head, "DELETE", "/api/v1/catalog/products/nothing", nil).
		wantError(t, http.StatusNotFound, central.ENOTFOUND)

	// Published to every pizzeria, with the new price.
	var v central.CatalogVersion
	env.as(t, head, "POST", "/api/v1/catalog/versions", nil).decode(t, &v)
	if v.Version != 1 || v.Pizzerias != len(testPizzerias) || v.PublishedBy != string(head) {
		t.Errorf("published %+v", v)
	}
	var versions []central.CatalogVersion
	env.as(t, head, "GET", "/api/v1/catalog/versions", nil).decode(t, &versions)
	if len(versions) != 1 {
		t.Errorf("versions %+v", versions)
	}
	var commands []central.Command
	env.as(t, central.RoleOps, "GET", "/api/v1/commands?pizzeria="+testPizzeria, nil).decode(t, &commands)
	if len(commands) != 1 || commands[0].Type != syncproto.CommandCatalogVersion ||
		commands[0].Position != 1 || commands[0].PublishedAt != nil {
		t.Errorf("commands %+v", commands)
	}
	env.as(t, central.RoleOps, "GET", "/api/v1/commands?pizzeria=Nope", nil).
		wantError(t, http.StatusUnprocessableEntity, central.EINVALID)

	// The catalog is head office's: a manager may not touch it.
	env.as(t, central.RoleManager, "POST", "/api/v1/catalog/versions", nil).
		wantError(t, http.StatusForbidden, central.EFORBIDDEN)
}
