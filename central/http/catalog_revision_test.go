package http_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// asIfMatch sends an API request as the logged-in user of role, with an
// If-Match header.
func (e *testEnv) asIfMatch(tb testing.TB, role central.Role, method, path, tag string,
	body any) *response {
	tb.Helper()
	return e.send(tb, method, path, body, func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+e.Tokens[role])
		r.Header.Set("If-Match", tag)
	})
}

// otherSave changes a product's price the way another head-office user
// would, while a form or a document is open.
func (e *testEnv) otherSave(tb testing.TB, id string, cents int64) {
	tb.Helper()
	p := e.draftProduct(tb, id)
	p.PriceCents = cents
	if err := e.DB.SaveProduct(tb.Context(), p); err != nil {
		tb.Fatal(err)
	}
}

// hiddenField returns the value of a form's hidden field on a page.
func hiddenField(tb testing.TB, resp *response, name string) string {
	tb.Helper()
	re := regexp.MustCompile(`type="hidden" name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`)
	m := re.FindSubmatch(resp.Body)
	if m == nil {
		tb.Fatalf("%s has no hidden field %s", resp.label, name)
	}
	return string(m[1])
}

// TestCatalogAPIIfMatch checks the draft's ETag and the If-Match of every
// change: a stale one is 409 with the JSON error and writes nothing.
func TestCatalogAPIIfMatch(t *testing.T) {
	env := newCatalogEnv(t)
	head := central.RoleHeadOffice
	read := env.as(t, head, "GET", "/api/v1/catalog", nil)
	read.wantStatus(t, http.StatusOK)
	etag := read.Header.Get("ETag")
	if len(etag) < 3 || etag[0] != '"' || etag[len(etag)-1] != '"' {
		t.Fatalf("ETag %q is not a quoted revision", etag)
	}
	if _, err := strconv.Atoi(etag[1 : len(etag)-1]); err != nil {
		t.Fatalf("ETag %q", etag)
	}

	// The draft's ETag is accepted, and the change moves it on.
	margherita := env.draftProduct(t, "margherita")
	body := map[string]any{"name": margherita.Name, "category": margherita.Category,
		"price_cents": 1190, "recipe": margherita.Recipe}
	env.asIfMatch(t, head, "PUT", "/api/v1/catalog/products/margherita", etag, body).
		wantStatus(t, http.StatusOK)
	current := env.as(t, head, "GET", "/api/v1/catalog", nil).Header.Get("ETag")
	if current == etag {
		t.Fatalf("ETag %s did not change with a save", etag)
	}

	// Every change from the ETag read before is refused, in French.
	body["price_cents"] = 990
	stale := []struct{ method, path string }{
		{"PUT", "/api/v1/catalog/products/margherita"},
		{"PUT", "/api/v1/catalog/categories/pizza"},
		{"PUT", "/api/v1/catalog/ingredients/pate"},
		{"DELETE", "/api/v1/catalog/products/reine"},
		{"POST", "/api/v1/catalog/versions"},
		{"PUT", "/api/v1/catalog"},
	}
	bodies := map[string]any{
		"/api/v1/catalog/products/margherita": body,
		"/api/v1/catalog/categories/pizza":    map[string]any{"name": "Pizzas"},
		"/api/v1/catalog/ingredients/pate":    map[string]any{"name": "Pâte", "unit": "g"},
		"/api/v1/catalog":                     syncproto.DemoCatalog(),
	}
	for _, c := range stale {
		got := env.asIfMatch(t, head, c.method, c.path, etag, bodies[c.path]).
			wantError(t, http.StatusConflict, central.ECONFLICT)
		want := central.Message(central.MsgCatalogDraftStale)
		if c.method == "POST" {
			want = central.Message(central.MsgCatalogPublishStale)
		}
		if got.Error.Message != want {
			t.Errorf("%s %s: message %q, want %q", c.method, c.path, got.Error.Message, want)
		}
	}
	if after := env.as(t, head, "GET", "/api/v1/catalog", nil).Header.Get("ETag"); after != current {
		t.Errorf("ETag %s after refused changes, want %s", after, current)
	}
	if p := env.draftProduct(t, "margherita"); p.PriceCents != 1190 {
		t.Errorf("a refused change wrote: margherita at %d cents", p.PriceCents)
	}
	env.draftProduct(t, "reine") // still there
	if versions, _ := env.DB.FindCatalogVersions(t.Context()); len(versions) != 0 {
		t.Errorf("a stale publication published %d versions", len(versions))
	}

	// An unreadable If-Match is a bad request; "*" and the current ETag pass.
	env.asIfMatch(t, head, "POST", "/api/v1/catalog/versions", "12", nil).
		wantError(t, http.StatusBadRequest, central.EBADREQUEST)
	env.send(t, "POST", "/api/v1/catalog/versions", nil, func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+env.Tokens[head])
		r.Header.Add("If-Match", current)
		r.Header.Add("If-Match", `"1"`)
	}).wantError(t, http.StatusBadRequest, central.EBADREQUEST)
	env.asIfMatch(t, head, "DELETE", "/api/v1/catalog/products/reine", "*", nil).
		wantStatus(t, http.StatusNoContent)
	current = env.as(t, head, "GET", "/api/v1/catalog", nil).Header.Get("ETag")
	env.asIfMatch(t, head, "POST", "/api/v1/catalog/versions", current, nil).
		wantStatus(t, http.StatusCreated)
}

// TestCatalogPageStaleSave shows each entry's form again, as typed, with
// 409 and the sentence, when someone changed the entry since the form was
// shown; nothing is written. Another entry's change does not get in the
// way.
func TestCatalogPageStaleSave(t *testing.T) {
	env := newCatalogEnv(t)

	// Two forms open; someone else changes the margherita.
	margheritaForm := env.catalogGet(t, "/catalogue/produits/margherita")
	reineForm := env.catalogGet(t, "/catalogue/produits/reine")
	env.otherSave(t, "margherita", 1290)

	// The margherita's form is refused, as typed, with a way to reload it.
	form := productFormValues(env.draftProduct(t, "margherita"), "9,90")
	form.Set("revision", hiddenField(t, margheritaForm, "revision"))
	resp := env.catalogPost(t, "/catalogue/produits/margherita", form)
	resp.wantStatus(t, http.StatusConflict)
	wantPage(t, resp, `id="erreur">`+htmlText(central.MsgCatalogProductStale),
		`id="prix" name="prix" value="9,90"`, `href="/catalogue/produits/margherita" id="recharger"`)
	if p := env.draftProduct(t, "margherita"); p.PriceCents != 1290 {
		t.Errorf("a stale save wrote: margherita at %d cents", p.PriceCents)
	}

	// The reine's form, opened before too, saves.
	form = productFormValues(env.draftProduct(t, "reine"), "13,50")
	form.Set("revision", hiddenField(t, reineForm, "revision"))
	env.catalogPost(t, "/catalogue/produits/reine", form).wantStatus(t, http.StatusSeeOther)
	if p := env.draftProduct(t, "reine"); p.PriceCents != 1350 {
		t.Errorf("reine at %d cents, want 1350", p.PriceCents)
	}

	// An ingredient and a category changed since their form was shown.
	for _, c := range []struct {
		path  string
		form  url.Values
		stale central.MessageKey
	}{
		{"/catalogue/ingredients/pate",
			url.Values{"nom": {"Pâte fine"}, "unite": {"g"}, "seuil": {"0"}},
			central.MsgCatalogIngredientStale},
		{"/catalogue/categories/pizza", url.Values{"nom": {"Pizzas fines"}},
			central.MsgCatalogCategoryStale},
	} {
		shown := env.catalogGet(t, c.path)
		c.form.Set("revision", hiddenField(t, shown, "revision"))
		other := url.Values{"nom": {"Autre"}, "unite": {"g"}, "seuil": {"0"},
			"revision": {hiddenField(t, shown, "revision")}}
		env.catalogPost(t, c.path, other).wantStatus(t, http.StatusSeeOther)
		resp := env.catalogPost(t, c.path, c.form)
		resp.wantStatus(t, http.StatusConflict)
		wantPage(t, resp, htmlText(c.stale), `value="`+c.form.Get("nom")+`"`)
	}
	draft, _ := env.DB.FindCatalog(t.Context())
	if draft.Ingredients[0].Name != "Autre" || draft.Categories[0].Name != "Autre" {
		t.Errorf("a stale save wrote: %+v, %+v", draft.Ingredients[0], draft.Categories[0])
	}
}

// TestCatalogPageStaleDelete keeps a product changed since its removal
// page was shown.
func TestCatalogPageStaleDelete(t *testing.T) {
	env := newCatalogEnv(t)
	shown := env.catalogGet(t, "/catalogue/produits/reine/supprimer")
	env.otherSave(t, "reine", 1390)

	form := url.Values{"revision": {hiddenField(t, shown, "revision")}}
	resp := env.catalogPost(t, "/catalogue/produits/reine/supprimer", form)
	resp.wantStatus(t, http.StatusConflict)
	wantPage(t, resp, `id="erreur">`+htmlText(central.MsgCatalogProductStale))
	if p := env.draftProduct(t, "reine"); p.PriceCents != 1390 {
		t.Errorf("reine at %d cents", p.PriceCents)
	}
}

// TestCatalogPagePublishChangedDraft refuses to publish a draft changed
// since the overview was shown, and publishes it once reviewed again;
// that form posted twice still publishes once.
func TestCatalogPagePublishChangedDraft(t *testing.T) {
	env := newCatalogEnv(t)
	overview := env.catalogGet(t, "/catalogue")
	form := url.Values{"version": {hiddenField(t, overview, "version")},
		"revision": {hiddenField(t, overview, "revision")}}
	env.otherSave(t, "margherita", 1290)

	// Refused: the overview again, with what to do.
	resp := env.catalogPost(t, "/catalogue/publier", form)
	resp.wantStatus(t, http.StatusConflict)
	wantPage(t, resp, `id="erreur">`+htmlText(central.MsgCatalogPublishStale), "12,90")
	if versions, _ := env.DB.FindCatalogVersions(t.Context()); len(versions) != 0 {
		t.Fatalf("a changed draft was published: %+v", versions)
	}

	// Reviewed again: published, once for a form posted twice.
	form.Set("revision", hiddenField(t, resp, "revision"))
	env.catalogPost(t, "/catalogue/publier", form).wantRedirect(t, "/catalogue?avis=publie&version=1")
	env.catalogPost(t, "/catalogue/publier", form).wantRedirect(t, "/catalogue?avis=publie&version=1")
	if versions, _ := env.DB.FindCatalogVersions(t.Context()); len(versions) != 1 {
		t.Errorf("%d versions, want 1", len(versions))
	}
}

// TestCatalogPageLostRevision posts an existing product's form without
// the revision it was shown with (a page opened before revisions, or
// tampered with): refused as stale, nothing written, rather than saved
// unchecked over someone else's change.
func TestCatalogPageLostRevision(t *testing.T) {
	env := newCatalogEnv(t)
	env.otherSave(t, "margherita", 1290)
	form := productFormValues(env.draftProduct(t, "margherita"), "9,90")
	resp := env.postForm(t, "/catalogue/produits/margherita", form,
		env.withCookie(central.RoleHeadOffice))
	resp.wantStatus(t, http.StatusConflict)
	wantPage(t, resp, `id="erreur">`+htmlText(central.MsgCatalogProductStale))
	if p := env.draftProduct(t, "margherita"); p.PriceCents != 1290 {
		t.Errorf("a form without its revision wrote: margherita at %d cents", p.PriceCents)
	}
}

// TestCatalogPageSaveWithdrawnProduct saves a product's form after
// someone withdrew the product: the form comes back as typed with the
// stale sentence (409), not a 404 that loses the input, and the product
// stays withdrawn.
func TestCatalogPageSaveWithdrawnProduct(t *testing.T) {
	env := newCatalogEnv(t)
	shown := env.catalogGet(t, "/catalogue/produits/reine")
	form := productFormValues(env.draftProduct(t, "reine"), "14,20")
	form.Set("revision", hiddenField(t, shown, "revision"))
	if err := env.DB.DeleteProduct(t.Context(), "reine"); err != nil {
		t.Fatal(err)
	}

	resp := env.catalogPost(t, "/catalogue/produits/reine", form)
	resp.wantStatus(t, http.StatusConflict)
	wantPage(t, resp, `id="erreur">`+htmlText(central.MsgCatalogProductStale),
		`id="prix" name="prix" value="14,20"`)
	draft, _ := env.DB.FindCatalog(t.Context())
	for _, p := range draft.Products {
		if p.ID == "reine" {
			t.Fatalf("a stale save brought the withdrawn product back: %+v", p)
		}
	}
}
