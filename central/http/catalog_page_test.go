package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
	"github.com/ocpizza/ocpizza/syncproto"
)

// newCatalogEnv is the test server with the demo catalog in the draft.
func newCatalogEnv(tb testing.TB) *testEnv {
	tb.Helper()
	env := newEnv(tb)
	if err := env.DB.ReplaceCatalog(tb.Context(), syncproto.DemoCatalog()); err != nil {
		tb.Fatal(err)
	}
	return env
}

// catalogGet asks for a catalog page as the head office's browser does.
func (e *testEnv) catalogGet(tb testing.TB, path string) *response {
	tb.Helper()
	return e.send(tb, "GET", path, nil, e.withCookie(central.RoleHeadOffice))
}

// catalogPost posts a catalog form as head office's browser does: a form
// given without its revision gets the one the page at the same address
// shows (the overview's, for publishing), as the browser would have it.
func (e *testEnv) catalogPost(tb testing.TB, path string, form url.Values) *response {
	tb.Helper()
	if !form.Has("revision") {
		form = e.withShownRevision(tb, path, form)
	}
	return e.postForm(tb, path, form, e.withCookie(central.RoleHeadOffice))
}

// withShownRevision returns a copy of form with the revision of the page
// that shows the form posted to path.
func (e *testEnv) withShownRevision(tb testing.TB, path string, form url.Values) url.Values {
	tb.Helper()
	page := path
	if path == "/catalogue/publier" {
		page = "/catalogue"
	}
	form = maps.Clone(form)
	if form == nil {
		form = url.Values{}
	}
	shown := e.catalogGet(tb, page)
	if bytes.Contains(shown.Body, []byte(`name="revision"`)) { // a new entry's form has none
		form.Set("revision", hiddenField(tb, shown, "revision"))
	}
	return form
}

// catalogPublish publishes from the overview's button, follows the
// redirect and returns the overview it lands on.
func (e *testEnv) catalogPublish(tb testing.TB) *response {
	tb.Helper()
	resp := e.catalogPost(tb, "/catalogue/publier", nil)
	resp.wantStatus(tb, http.StatusSeeOther)
	return e.catalogGet(tb, resp.Header.Get("Location"))
}

// draftProduct reads a product of the draft through the service.
func (e *testEnv) draftProduct(tb testing.TB, id string) syncproto.CatalogProduct {
	tb.Helper()
	c, err := e.DB.FindCatalog(tb.Context())
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range c.Products {
		if p.ID == id {
			return p
		}
	}
	tb.Fatalf("no product %s in the draft", id)
	return syncproto.CatalogProduct{}
}

// productFormValues is the product form filled with p, as a browser
// posts it; the price is typed as given.
func productFormValues(p syncproto.CatalogProduct, price string) url.Values {
	form := url.Values{"id": {p.ID}, "nom": {p.Name}, "categorie": {p.Category},
		"description": {p.Description}, "prix": {price},
		"lignes": {strconv.Itoa(len(p.Recipe))}}
	for i, item := range p.Recipe {
		prefix := "ligne-" + strconv.Itoa(i) + "-"
		form.Set(prefix+"ingredient", item.IngredientID)
		form.Set(prefix+"quantite", strconv.FormatInt(item.Quantity, 10))
	}
	return form
}

// wantPage fails the test unless the page says each of the texts.
func wantPage(tb testing.TB, resp *response, texts ...string) {
	tb.Helper()
	for _, s := range texts {
		if !strings.Contains(string(resp.Body), s) {
			tb.Errorf("%s does not say %q", resp.label, s)
		}
	}
}

// catalogCommands decodes the catalog.version commands waiting for each
// pizzeria, by pizzeria.
func (e *testEnv) catalogCommands(tb testing.TB) map[string][]*syncproto.Command {
	tb.Helper()
	out, err := e.DB.FindUnpublishedCommands(tb.Context(), 10_000)
	if err != nil {
		tb.Fatal(err)
	}
	found := map[string][]*syncproto.Command{}
	for _, o := range out {
		c, err := syncproto.DecodeCommand(o.Data, o.Pizzeria)
		if err != nil {
			tb.Fatal(err)
		}
		if c.Type == syncproto.CommandCatalogVersion {
			found[c.Pizzeria] = append(found[c.Pizzeria], c)
		}
	}
	return found
}

// TestCatalogPageAccess lets only catalogRoles in, on GET and POST alike,
// and shows them the catalog link on their staff pages.
func TestCatalogPageAccess(t *testing.T) {
	env := newCatalogEnv(t)
	link := `href="/catalogue" id="lien-catalogue"`
	for _, role := range allRoles {
		t.Run(string(role), func(t *testing.T) {
			page := env.send(t, "GET", "/catalogue", nil, env.withCookie(role))
			shown := env.withShownRevision(t, "/catalogue/publier", nil)
			publish := env.postForm(t, "/catalogue/publier", shown, env.withCookie(role))
			if slices.Contains(centralhttp.CatalogRoles, role) {
				page.wantStatus(t, http.StatusOK)
				publish.wantStatus(t, http.StatusSeeOther)
				wantPage(t, page, link)
				return
			}
			page.wantStatus(t, http.StatusForbidden)
			publish.wantStatus(t, http.StatusForbidden)
			margherita := env.draftProduct(t, "margherita")
			env.postForm(t, "/catalogue/produits/margherita", productFormValues(margherita, "1"),
				env.withCookie(role)).wantStatus(t, http.StatusForbidden)
			if p := env.draftProduct(t, "margherita"); p.PriceCents != margherita.PriceCents {
				t.Errorf("%s changed the price to %d", role, p.PriceCents)
			}
			wantPage(t, page, htmlText(central.LabelCatalogRoles), `action="/logout"`)
			if strings.Contains(string(page.Body), link) {
				t.Errorf("the catalog link is shown to %s", role)
			}
		})
	}

	// Only head office's publication went through.
	versions, err := env.DB.FindCatalogVersions(t.Context())
	if err != nil || len(versions) != 1 {
		t.Errorf("versions %v, %v; want head office's only", versions, err)
	}

	// The link on another staff page; no session, the log-in page.
	console := env.send(t, "GET", "/console", nil, env.withCookie(central.RoleHeadOffice))
	wantPage(t, console, link)
	for _, method := range []string{"GET", "POST"} {
		resp := env.send(t, method, "/catalogue/produits/margherita", nil, func(*http.Request) {})
		resp.wantStatus(t, http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); loc != "/login" {
			t.Errorf("%s without a session: sent to %q", method, loc)
		}
	}
}

// TestCatalogPagePriceToPizzerias follows a price from the form to every
// pizzeria: the draft shows it and how it differs, then publishing makes
// a version and a catalog command for each pizzeria with the new price.
func TestCatalogPagePriceToPizzerias(t *testing.T) {
	env := newCatalogEnv(t)
	first := env.catalogPublish(t)
	wantPage(t, first, `id="avis"`, htmlText(central.LabelCatalogPublished, 1, len(testPizzerias)),
		htmlText(central.LabelCatalogUnchanged, 1))

	// The form shows the price in euros; a new one is typed with a point.
	margherita := env.draftProduct(t, "margherita")
	form := env.catalogGet(t, "/catalogue/produits/margherita")
	form.wantStatus(t, http.StatusOK)
	wantPage(t, form, `id="prix" name="prix" value="9,50"`, `name="ligne-0-ingredient"`)
	typed := productFormValues(margherita, "12.5")
	saved := env.catalogPost(t, "/catalogue/produits/margherita", typed)
	saved.wantStatus(t, http.StatusSeeOther)

	// The draft has it, and says what differs from version 1.
	p := env.draftProduct(t, "margherita")
	if p.PriceCents != 1250 || len(p.Recipe) != len(margherita.Recipe) {
		t.Fatalf("draft margherita %+v", p)
	}
	overview := env.catalogGet(t, saved.Header.Get("Location"))
	overview.wantStatus(t, http.StatusOK)
	wantPage(t, overview, htmlText(central.LabelCatalogSaved, "Margherita"),
		`<tr id="produit-margherita" class="changed">`, "12,50 €",
		htmlText(central.LabelCatalogDiffers, 1),
		htmlText(central.LabelCatalogPriceChange, "Margherita", "9,50 €", "12,50 €"))

	// Published: version 2, sent to every pizzeria with the new price.
	second := env.catalogPublish(t)
	wantPage(t, second, htmlText(central.LabelCatalogPublished, 2, len(testPizzerias)),
		`id="version-2"`, `id="version-1"`)
	commands := env.catalogCommands(t)
	for id := range testPizzerias {
		list := commands[id]
		if len(list) != 2 {
			t.Fatalf("%s has %d catalog commands, want 2", id, len(list))
		}
		var doc syncproto.Catalog
		if err := json.Unmarshal(list[1].Payload, &doc); err != nil {
			t.Fatal(err)
		}
		first := doc.Products[0]
		if doc.Version != 2 || first.ID != "margherita" || first.PriceCents != 1250 {
			t.Errorf("%s: version %d, first product %+v", id, doc.Version, doc.Products[0])
		}
	}
}

// TestCatalogPageRefusals sends bad product forms: each shows its
// sentence next to its field with a 4xx status, keeps what was typed, and
// changes nothing.
func TestCatalogPageRefusals(t *testing.T) {
	env := newCatalogEnv(t)
	margherita := env.draftProduct(t, "margherita")
	withPrice := func(price string) url.Values { return productFormValues(margherita, price) }
	withName := func(name string) url.Values {
		form := productFormValues(margherita, "9,50")
		form.Set("nom", name)
		return form
	}
	withLine := func(ingredient, quantity string) url.Values {
		form := productFormValues(margherita, "9,50")
		form.Set("lignes", strconv.Itoa(len(margherita.Recipe)+1))
		n := strconv.Itoa(len(margherita.Recipe))
		form.Set("ligne-"+n+"-ingredient", ingredient)
		form.Set("ligne-"+n+"-quantite", quantity)
		return form
	}
	for name, tc := range map[string]struct {
		form   url.Values
		status int
		field  string
		say    central.MessageKey
	}{
		"price with a letter": {withPrice("12,5x"), 422, "prix", central.MsgCatalogPriceFormat},
		"negative price":      {withPrice("-1"), 422, "prix", central.MsgCatalogPriceFormat},
		"price too high":      {withPrice("100000"), 422, "prix", central.MsgCatalogPriceRange},
		"empty price":         {withPrice(""), 422, "prix", central.MsgCatalogPriceFormat},
		"no name":             {withName(""), 422, "nom", central.MsgCatalogName},
		"name too long":       {withName(strings.Repeat("é", 51)), 422, "nom", central.MsgCatalogName},
		"unknown ingredient":  {withLine("caviar", "5"), 422, "recette", central.MsgCatalogRecipeUnknown},
		"ingredient twice":    {withLine("mozzarella", "5"), 422, "recette", central.MsgCatalogRecipeTwice},
		"quantity zero":       {withLine("miel", "0"), 422, "recette", central.MsgCatalogQuantityRange},
	} {
		t.Run(name, func(t *testing.T) {
			resp := env.catalogPost(t, "/catalogue/produits/margherita", tc.form)
			resp.wantStatus(t, tc.status)
			wantPage(t, resp, `id="erreur-`+tc.field+`">`+htmlText(tc.say),
				htmlText(central.MsgCatalogFormError))
			p := env.draftProduct(t, "margherita")
			if p.PriceCents != 950 || p.Name != "Margherita" || len(p.Recipe) != len(margherita.Recipe) {
				t.Errorf("a refused form changed the draft: %+v", p)
			}
		})
	}

	// What was typed is shown again, and a line that does not read says so.
	resp := env.catalogPost(t, "/catalogue/produits/margherita", withPrice("12,5x"))
	wantPage(t, resp, `value="12,5x"`, `aria-invalid="true"`)
	resp = env.catalogPost(t, "/catalogue/produits/margherita", withLine("miel", "beaucoup"))
	resp.wantStatus(t, http.StatusUnprocessableEntity)
	wantPage(t, resp, `value="beaucoup"`, htmlText(central.MsgCatalogQuantityFormat))

	// An unknown category, named by the service itself.
	bad := productFormValues(margherita, "9,50")
	bad.Set("categorie", "pasta")
	resp = env.catalogPost(t, "/catalogue/produits/margherita", bad)
	resp.wantStatus(t, http.StatusUnprocessableEntity)
	wantPage(t, resp, `id="erreur-categorie">`+htmlText(central.MsgUnknownCategory, "pasta"))

	// A new product may not take another's id; an unknown one is a 404.
	taken := productFormValues(margherita, "1")
	taken.Set("nom", "Autre")
	resp = env.catalogPost(t, "/catalogue/ajout/produit", taken)
	resp.wantStatus(t, http.StatusConflict)
	wantPage(t, resp, `id="erreur-id">`+htmlText(central.MsgCatalogIDTaken, "margherita"))
	if p := env.draftProduct(t, "margherita"); p.Name != "Margherita" {
		t.Errorf("a taken id overwrote the product: %+v", p)
	}
	env.catalogGet(t, "/catalogue/produits/nothing").wantStatus(t, http.StatusNotFound)
	env.catalogPost(t, "/catalogue/produits/nothing", taken).wantStatus(t, http.StatusNotFound)
}

// TestCatalogPageEntries creates a category, an ingredient and a product
// with its recipe from the forms, refuses bad ones, and withdraws the
// product after confirmation.
func TestCatalogPageEntries(t *testing.T) {
	env := newCatalogEnv(t)

	// A category and an ingredient, with their refusals.
	env.catalogPost(t, "/catalogue/ajout/categorie", url.Values{"id": {"pasta"}, "nom": {""}}).
		wantStatus(t, http.StatusUnprocessableEntity)
	env.catalogPost(t, "/catalogue/ajout/categorie", url.Values{"id": {"pasta"}, "nom": {"Pâtes"}}).
		wantRedirect(t, "/catalogue?avis=categorie&id=pasta#categorie-pasta")
	for field, form := range map[string]url.Values{
		"unite": {"id": {"penne"}, "nom": {"Penne"}, "unite": {"kg"}, "seuil": {"500"}},
		"seuil": {"id": {"penne"}, "nom": {"Penne"}, "unite": {"g"}, "seuil": {"-5"}},
		"id":    {"id": {"Penne"}, "nom": {"Penne"}, "unite": {"g"}, "seuil": {"500"}},
	} {
		resp := env.catalogPost(t, "/catalogue/ajout/ingredient", form)
		resp.wantStatus(t, http.StatusUnprocessableEntity)
		wantPage(t, resp, `id="erreur-`+field+`"`)
	}
	env.catalogPost(t, "/catalogue/ajout/ingredient", url.Values{"id": {"penne"}, "nom": {"Penne"},
		"unite": {"g"}, "seuil": {"500"}}).
		wantRedirect(t, "/catalogue?avis=ingredient&id=penne#ingredient-penne")

	// Their forms, found by the id in the path; an unknown id is a 404
	// that says so, and nothing is saved.
	env.catalogGet(t, "/catalogue/categories/pasta").wantPage(t, http.StatusOK,
		`<code id="id">pasta</code>`, `value="Pâtes"`)
	env.catalogGet(t, "/catalogue/ingredients/penne").wantPage(t, http.StatusOK,
		`<code id="id">penne</code>`, `value="500"`)
	for path, missing := range map[string]string{
		"/catalogue/categories/nothing":  central.Message(central.MsgUnknownCategory, "nothing"),
		"/catalogue/ingredients/nothing": central.Message(central.MsgIngredientNotFound, "nothing"),
	} {
		env.catalogGet(t, path).wantPage(t, http.StatusNotFound, missing)
		env.catalogPost(t, path, url.Values{"nom": {"Rien"}, "unite": {"g"}}).
			wantPage(t, http.StatusNotFound, missing)
	}

	// A product: more lines first, then saved with its recipe.
	penne := syncproto.CatalogProduct{ID: "penne-arrabbiata", Name: "Penne all'arrabbiata",
		Category: "pasta", Recipe: []syncproto.CatalogRecipeItem{
			{IngredientID: "penne", Quantity: 120}, {IngredientID: "sauce-tomate", Quantity: 80}}}
	form := productFormValues(penne, "13")
	more := productFormValues(penne, "13")
	more.Set("action", "lignes")
	page := env.catalogPost(t, "/catalogue/ajout/produit", more)
	page.wantStatus(t, http.StatusOK)
	wantPage(t, page, `name="ligne-4-quantite"`, `<option value="penne" selected>`)
	env.catalogPost(t, "/catalogue/ajout/produit", form).
		wantRedirect(t, "/catalogue?avis=produit&id=penne-arrabbiata#produit-penne-arrabbiata")
	if p := env.draftProduct(t, "penne-arrabbiata"); p.PriceCents != 1300 || len(p.Recipe) != 2 {
		t.Fatalf("saved %+v", p)
	}

	// One line removed from the form.
	form.Set("ligne-1-retirer", "1")
	env.catalogPost(t, "/catalogue/produits/penne-arrabbiata", form).
		wantStatus(t, http.StatusSeeOther)
	if p := env.draftProduct(t, "penne-arrabbiata"); len(p.Recipe) != 1 {
		t.Errorf("recipe after removing a line: %+v", p.Recipe)
	}
	overview := env.catalogGet(t, "/catalogue")
	wantPage(t, overview, `id="categorie-pasta"`, `id="produit-penne-arrabbiata"`,
		`id="ingredient-penne"`, "Penne 120 g", "13,00 €")

	// Withdrawn after confirmation.
	confirm := env.catalogGet(t, "/catalogue/produits/penne-arrabbiata/supprimer")
	confirm.wantStatus(t, http.StatusOK)
	wantPage(t, confirm, `action="/catalogue/produits/penne-arrabbiata/supprimer"`,
		`id="confirmer-retrait"`,
		"<h1>"+htmlText(central.LabelCatalogDeleteTitle, "Penne all'arrabbiata")+"</h1>",
		"<title>"+htmlText(central.LabelCatalogDeleteTitle, "Penne all'arrabbiata")+" — OC Pizza")
	env.catalogPost(t, "/catalogue/produits/penne-arrabbiata/supprimer", nil).
		wantStatus(t, http.StatusSeeOther)
	after := env.catalogGet(t, "/catalogue")
	if strings.Contains(string(after.Body), `id="produit-penne-arrabbiata"`) {
		t.Error("the withdrawn product is still listed")
	}
	env.catalogPost(t, "/catalogue/produits/penne-arrabbiata/supprimer", nil).
		wantStatus(t, http.StatusNotFound)
}

// TestCatalogPagePublishing publishes from the page: nothing to publish
// is refused in words, an unchanged draft is sent again and said so, and
// a post from another site is refused.
func TestCatalogPagePublishing(t *testing.T) {
	env := newEnv(t)
	empty := env.catalogPost(t, "/catalogue/publier", nil)
	empty.wantStatus(t, http.StatusUnprocessableEntity)
	wantPage(t, empty, `id="erreur"`, htmlText(central.MsgNothingToPublish))

	if err := env.DB.ReplaceCatalog(t.Context(), syncproto.DemoCatalog()); err != nil {
		t.Fatal(err)
	}
	wantPage(t, env.catalogGet(t, "/catalogue"), htmlText(central.LabelCatalogNeverPublished))
	env.catalogPublish(t)
	again := env.catalogPublish(t)
	wantPage(t, again, htmlText(central.LabelCatalogPublishedSame, 2, 1, len(testPizzerias)))

	// The same form posted twice (a double click) publishes once.
	form := url.Values{"version": {"3"}}
	env.catalogPost(t, "/catalogue/publier", form).wantRedirect(t,
		"/catalogue?avis=publie&version=3&inchange=1")
	env.catalogPost(t, "/catalogue/publier", form).wantRedirect(t,
		"/catalogue?avis=publie&version=3")
	if versions, _ := env.DB.FindCatalogVersions(t.Context()); len(versions) != 3 {
		t.Errorf("%d versions after one form posted twice, want 3", len(versions))
	}

	crossSite := env.postForm(t, "/catalogue/publier", nil, func(r *http.Request) {
		env.withCookie(central.RoleHeadOffice)(r)
		r.Header.Set("Sec-Fetch-Site", "cross-site")
	})
	crossSite.wantStatus(t, http.StatusForbidden)
	if versions, _ := env.DB.FindCatalogVersions(t.Context()); len(versions) != 3 {
		t.Errorf("%d versions after a cross-site post, want 3", len(versions))
	}
}

// TestCatalogPageAnswers shows each pizzeria's answer to the newest
// version: applied, refused with its reason, waiting, or never sent to a
// pizzeria opened since.
func TestCatalogPageAnswers(t *testing.T) {
	env := newCatalogEnv(t)
	env.catalogPublish(t)
	err := env.DB.CreatePizzeria(t.Context(), &central.Pizzeria{ID: "nice-1", Name: "Nice Port"})
	if err != nil {
		t.Fatal(err)
	}
	commands := env.catalogCommands(t)
	catalogAnswer(t, env, commands["paris-11"][0], "")
	catalogAnswer(t, env, commands["lyon-2"][0], "unité changée pour la farine")

	page := env.catalogGet(t, "/catalogue")
	wantPage(t, page, htmlText(central.LabelCatalogAnswers, 1),
		`<tr id="reponse-paris-11" data-state="applied">`,
		`<tr id="reponse-lyon-2" data-state="refused">`, "unité changée pour la farine",
		`<tr id="reponse-nice-1" data-state="not-sent">`, htmlText(central.LabelCatalogNotSent))

	// A second version: every pizzeria is waiting for it.
	if err := env.DB.MarkCommandsPublished(t.Context(), "paris-11", []int64{1}); err != nil {
		t.Fatal(err)
	}
	page = env.catalogPublish(t)
	wantPage(t, page, `<tr id="reponse-paris-11" data-state="pending">`,
		`<tr id="reponse-nice-1" data-state="pending">`, htmlText(central.LabelCatalogWaitingSend))
}

// catalogAnswer sends up a pizzeria's answer to a catalog command, as
// the ingest applies it: accepted, or refused with a reason.
func catalogAnswer(t *testing.T, env *testEnv, c *syncproto.Command, refusal string) {
	t.Helper()
	typ, answer := syncproto.EventCommandAccepted, syncproto.CommandAnswer{CommandID: c.ID,
		Position: c.Position, Type: c.Type}
	if refusal != "" {
		typ, answer.Code = syncproto.EventCommandRefused, syncproto.CodeConflict
		answer.Reason = refusal
	}
	payload, _ := json.Marshal(answer)
	e := &syncproto.Event{ID: uuid.Must(uuid.NewV7()).String(), Pizzeria: c.Pizzeria,
		Epoch: uuid.Must(uuid.NewV7()).String(), Seq: 1, Type: typ,
		SchemaVersion: syncproto.SchemaVersions[typ], OccurredAt: env.DB.Now().UTC(),
		Payload: payload}
	data, err := syncproto.Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	r := central.Received{Subject: syncproto.UpSubject(c.Pizzeria), Pizzeria: c.Pizzeria,
		Data: data}
	if r.Event, r.Err = syncproto.DecodeEvent(data, c.Pizzeria); r.Err != nil {
		t.Fatal(r.Err)
	}
	if _, err := env.DB.ApplyBatch(context.Background(), []central.Received{r}); err != nil {
		t.Fatal(err)
	}
}
