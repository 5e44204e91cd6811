package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
	"github.com/ocpizza/ocpizza/syncproto"
)

// versionField is the stamp of the order a change form was made from.
var versionField = regexp.MustCompile(`name="version" value="([0-9a-z]+)"`)

// stockUp makes a pizzeria report stock levels through its own events.
func (p *pizzeria) stockUp(t *testing.T, w *webEnv, levels map[string]int64) {
	t.Helper()
	for ingredient, level := range levels {
		p.send(t, w, syncproto.EventStockMoved, syncproto.StockPayload{
			Movement: syncproto.StockMovement{ID: uuidV7(t), IngredientID: ingredient,
				Kind: "receipt", Delta: level, OnHandAfter: level, By: "gerant", At: w.DB.Now()}})
	}
}

// refuse answers a command refused with a code.
func (p *pizzeria) refuse(t *testing.T, w *webEnv, c *syncproto.Command, code string) {
	t.Helper()
	p.send(t, w, syncproto.EventCommandRefused, syncproto.CommandAnswer{CommandID: c.ID,
		Position: c.Position, Type: c.Type, Code: code, Reason: "refusé"})
}

// report sends up the pizzeria's copy of a placed order, at a status.
func (p *pizzeria) report(t *testing.T, w *webEnv, place *syncproto.Command, status string,
	ticket int64) {
	t.Helper()
	now := w.DB.Now()
	p.send(t, w, syncproto.EventOrderStatusChanged, syncproto.OrderPayload{Order: syncproto.Order{
		ID: placedOrderID(t, place), Ticket: ticket, BusinessDate: "2026-12-03", Channel: "web",
		Fulfilment: "delivery", Status: status, CustomerName: "Anna", CustomerPhone: "0612345678",
		Address: "12 rue de la Roquette, 75011 Paris",
		Lines: []syncproto.OrderLine{{ProductID: "margherita", ProductName: "Margherita",
			Quantity: 2, UnitPriceCents: 950}},
		TotalCents: 1900, PaymentMethod: "cash", PaymentStatus: "pending", Version: 2,
		CreatedAt: now, UpdatedAt: now,
		Transition: &syncproto.Transition{From: "accepted", To: status, By: "marco", At: now}}})
}

// TestOrderPageFollowsTheOrder shows an order as it moves: its page and
// its live region say the status in words, the ticket, the steps at Paris
// time, and offer cancel and change only until preparation starts.
func TestOrderPageFollowsTheOrder(t *testing.T) {
	w := newWebEnv(t)
	anna := customerCookie(w.customer)
	o := w.order(t, central.PayOnDelivery)
	page := "/commandes/" + o.ID

	// Placed: the region with the raw status, the words, the buttons.
	w.page(t, page, anna).wantPage(t, http.StatusOK, `id="statut"`, `aria-live="polite"`,
		`data-status="placed"`, `data-events="/api/v1/customer/orders/`+o.ID+`/events"`,
		"Transmise à la pizzeria", "2 × Margherita", "19,00 €", "Pizzeria : Paris Bastille",
		"Livraison : 12 rue de la Roquette, 75011 Paris", "Paiement : à régler à la livraison",
		"03/12 à 19:30</time> Commande passée", `id="annuler"`, `id="modifier"`, "<noscript>",
		`src="/assets/shop_order.js"`)

	// Accepted, then in preparation with a ticket: the region says so and
	// the buttons are gone.
	place := w.commands(t, "paris-11", syncproto.CommandOrderPlace)[0]
	p := &pizzeria{id: "paris-11"}
	p.accept(t, w, place)
	p.report(t, w, place, "preparing", 12)
	resp := w.page(t, page+"/etat", anna)
	resp.wantPage(t, http.StatusOK, `<div class="order-state" data-status="preparing"`,
		"En préparation", "Ticket n° 12", "19:30</time> En préparation")
	body := string(resp.Body)
	if strings.Contains(body, "<html") || strings.Contains(body, `id="annuler"`) ||
		strings.Contains(body, `id="modifier"`) {
		t.Fatalf("the region is a whole page, or still offers changes:\n%s", body)
	}

	// Too late now: the server refuses with a sentence, and sends nothing.
	w.postShop(t, page+"/annuler", nil, anna).wantPage(t, http.StatusConflict,
		"Cette commande ne peut plus être modifiée ni annulée.")
	w.page(t, page+"/modifier", anna).wantPage(t, http.StatusConflict,
		"Cette commande ne peut plus être modifiée ni annulée.")
	if n := len(w.commands(t, "paris-11", syncproto.CommandOrderCancel)); n != 0 {
		t.Fatalf("%d order.cancel sent too late", n)
	}
}

// TestOrderPagesAreTheCustomers checks that only the customer who
// ordered opens an order's pages: another customer gets 404, a staff
// session or a visitor the log-in page. The live feed takes the
// website's cookie.
func TestOrderPagesAreTheCustomers(t *testing.T) {
	w := newWebEnv(t)
	o := w.order(t, central.PayOnDelivery)
	luca := customerCookie(w.signUpAndLogIn(t, "luca@example.fr"))
	staff := &http.Cookie{Name: centralhttp.SessionCookie, Value: w.Tokens["head_office"]}
	page := "/commandes/" + o.ID

	for _, path := range []string{page, page + "/etat", page + "/modifier"} {
		w.page(t, path, luca).wantPage(t, http.StatusNotFound,
			"Cette commande n'existe pas dans votre compte.")
		w.page(t, path, staff).wantRedirect(t, "/connexion?suite="+url.QueryEscape(path))
		w.page(t, path).wantRedirect(t, "/connexion?suite="+url.QueryEscape(path))
	}
	for _, path := range []string{page + "/annuler", page + "/modifier"} {
		w.postShop(t, path, url.Values{"q-0": {"1"}}, luca).wantStatus(t, http.StatusNotFound)
		w.postShop(t, path, nil, staff).wantStatus(t, http.StatusSeeOther)
	}
	if got := w.get(t, o.ID); got.Request != "" || got.State != central.WebWaiting {
		t.Fatalf("others changed the order: %+v", got)
	}
	w.page(t, "/commandes/not-an-id", customerCookie(w.customer)).
		wantStatus(t, http.StatusNotFound)

	// The live feed the page's script opens, with the cookie alone.
	status, kind := w.feedWithCookie(t, o.ID, customerCookie(w.customer))
	if status != http.StatusOK || !strings.HasPrefix(kind, "text/event-stream") {
		t.Fatalf("feed with the customer cookie: %d %q", status, kind)
	}
	if status, _ := w.feedWithCookie(t, o.ID, luca); status != http.StatusNotFound {
		t.Fatalf("feed of another customer: %d", status)
	}
}

// feedWithCookie opens an order's live feed as a browser's EventSource
// does and returns its status and content type.
func (w *webEnv) feedWithCookie(t *testing.T, id string, cookie *http.Cookie) (int, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req := w.request(t, ctx, "GET", "/api/v1/customer/orders/"+id+"/events", nil)
	req.Header.Set("Accept", "text/event-stream")
	req.AddCookie(cookie)
	resp, err := w.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Content-Type")
}

// TestOrderChangeAndCancel asks paris-11 to change an order, which it
// refuses, then to cancel it, which it accepts: each request shows as
// pending, then with the pizzeria's answer. Changes the form cannot send
// are refused next to their field, and nothing goes to the pizzeria.
func TestOrderChangeAndCancel(t *testing.T) {
	w := newWebEnv(t)
	anna := customerCookie(w.customer)
	p := &pizzeria{id: "paris-11"}
	p.stockUp(t, w, map[string]int64{"pate": 10, "mozzarella": 1000, "cola": 5})
	o := w.order(t, central.PayOnDelivery)
	p.accept(t, w, w.commands(t, "paris-11", syncproto.CommandOrderPlace)[0])
	page := "/commandes/" + o.ID

	// The form: the line's quantity, the products to add, the address.
	resp := w.page(t, page+"/modifier", anna)
	resp.wantPage(t, http.StatusOK, `id="q-0"`, `value="2"`, `id="add-cola"`, `id="adresse-actuelle"`,
		"Garder l'adresse actuelle : 12 rue de la Roquette, 75011 Paris", `id="envoyer-modification"`)
	version := string(versionField.FindSubmatch(resp.Body)[1])

	// Refused here: each next to its field, or above the form.
	base := url.Values{"version": {version}, "q-0": {"2"}, "address": {"keep"}}
	with := func(changes ...string) url.Values { return formWith(base, changes...) }
	refusals := []struct {
		name   string
		form   url.Values
		status int
		texts  []string
	}{
		{"bad quantity", with("q-0", "deux"), http.StatusUnprocessableEntity,
			[]string{`id="q-0-erreur"`, "de 0 à 50"}},
		{"more than can be made", with("add-cola", "9"), http.StatusConflict,
			[]string{`id="add-cola-erreur"`, "Il ne reste que 5 « Cola 33 cl »"}},
		{"nothing left", with("q-0", "0"), http.StatusUnprocessableEntity,
			[]string{"Votre commande est vide"}},
		{"nothing changed", with(), http.StatusUnprocessableEntity,
			[]string{"Indiquez les nouvelles lignes ou la nouvelle adresse."}},
		{"address not served", with("address", "new", "street", "1 place Bellecour",
			"postcode", "69002", "city", "Lyon"), http.StatusUnprocessableEntity,
			[]string{`id="adresse-erreur"`, "Paris Bastille ne livre pas le 69002"}},
		{"order changed since", with("version", "0"), http.StatusConflict,
			[]string{"Votre commande a changé entre-temps"}},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			w.postShop(t, page+"/modifier", tt.form, anna).wantPage(t, tt.status, tt.texts...)
		})
	}
	if n := len(w.commands(t, "paris-11", syncproto.CommandOrderModify)); n != 0 {
		t.Fatalf("%d order.modify sent by refused forms", n)
	}

	// One margherita and two colas: sent, and shown as pending.
	w.postShop(t, page+"/modifier", with("q-0", "1", "add-cola", "2"), anna).
		wantRedirect(t, page+"?demande=1")
	modify := w.commands(t, "paris-11", syncproto.CommandOrderModify)
	if len(modify) != 1 {
		t.Fatalf("%d order.modify", len(modify))
	}
	var sent syncproto.OrderModify
	if err := json.Unmarshal(modify[0].Payload, &sent); err != nil || len(sent.Lines) != 2 ||
		sent.Lines[0].Quantity != 1 || sent.Lines[1].ProductID != "cola" || sent.Lines[1].Quantity != 2 {
		t.Fatalf("order.modify %s (%v)", modify[0].Payload, err)
	}
	resp = w.page(t, page+"?demande=1", anna)
	resp.wantPage(t, http.StatusOK, "Demande envoyée à la pizzeria",
		"Demande de modification envoyée : la pizzeria décide.")
	if strings.Contains(string(resp.Body), `id="annuler"`) {
		t.Errorf("cancel offered while a request is pending")
	}
	w.postShop(t, page+"/annuler", nil, anna).wantPage(t, http.StatusConflict,
		"Une demande est déjà en cours pour cette commande")

	// Refused: the answer shows, with its reason; the order may change again.
	p.refuse(t, w, modify[0], syncproto.CodeTooLate)
	w.page(t, page+"/etat", anna).wantPage(t, http.StatusOK,
		"La pizzeria a refusé votre demande : la préparation a commencé.", `id="annuler"`)

	// Asked again from a fresh form, and accepted: the new lines show.
	resp = w.page(t, page+"/modifier", anna)
	resp.wantStatus(t, http.StatusOK)
	again := url.Values{"version": {string(versionField.FindSubmatch(resp.Body)[1])},
		"q-0": {"1"}, "address": {"keep"}}
	w.postShop(t, page+"/modifier", again, anna).wantRedirect(t, page+"?demande=1")
	modify = w.commands(t, "paris-11", syncproto.CommandOrderModify)
	if len(modify) != 2 {
		t.Fatalf("%d order.modify", len(modify))
	}
	p.accept(t, w, modify[1])
	w.page(t, page+"/etat", anna).wantPage(t, http.StatusOK,
		"La pizzeria a accepté votre modification.", "1 × Margherita", "9,50 €")

	// Cancelled: asked, then accepted.
	w.postShop(t, page+"/annuler", nil, anna).wantRedirect(t, page+"?demande=1")
	w.page(t, page+"/etat", anna).wantPage(t, http.StatusOK, "Demande d'annulation envoyée")
	cancels := w.commands(t, "paris-11", syncproto.CommandOrderCancel)
	if len(cancels) != 1 {
		t.Fatalf("%d order.cancel", len(cancels))
	}
	p.accept(t, w, cancels[0])
	w.page(t, page+"/etat", anna).wantPage(t, http.StatusOK, `data-status="cancelled"`,
		"Annulée", "Commande annulée.")
}

// TestOrderAwaitingPaymentCancelsAtOnce cancels an order nobody has paid
// yet: no pizzeria to ask, it is cancelled at once.
func TestOrderAwaitingPaymentCancelsAtOnce(t *testing.T) {
	w := newWebEnv(t)
	o := w.order(t, central.PayOnline)
	anna := customerCookie(w.customer)
	w.page(t, "/commandes/"+o.ID, anna).wantPage(t, http.StatusOK, `id="annuler"`, `id="payer"`)
	w.postShop(t, "/commandes/"+o.ID+"/annuler", nil, anna).wantRedirect(t, "/commandes/"+o.ID)
	if got := w.get(t, o.ID); got.State != central.WebCancelled {
		t.Fatalf("state %s after the cancel", got.State)
	}
	// Ended before any pizzeria had it: no pizzeria to wait for, and the
	// end is a step of its own.
	frag := w.page(t, "/commandes/"+o.ID+"/etat", anna)
	frag.wantPage(t, http.StatusOK, "Annulée")
	body := string(frag.Body)
	if strings.Contains(body, central.Message(central.LabelOrderNoPizzeria)) ||
		strings.Count(body, "<time ") != 2 {
		t.Errorf("an order cancelled before any pizzeria had it:\n%s", body)
	}
}

// TestOrderHistory lists a customer's orders, the newest first, with
// their date at Paris time, pizzeria, total and status in words.
func TestOrderHistory(t *testing.T) {
	env, clock := newShopEnv(t)
	token := env.signUpAndLogIn(t, "anna@example.fr")
	anna := customerCookie(token)
	env.page(t, "/commandes", anna).wantPage(t, http.StatusOK,
		"Vous n'avez pas encore passé de commande.", `href="/commandes"`)
	env.page(t, "/compte", anna).wantPage(t, http.StatusOK, `href="/commandes"`, "Mes commandes")

	// One at lyon-2 at 19:30, one at paris-11 an hour and a half later.
	ids := make([]string, 2)
	for i, body := range []map[string]any{
		{"fulfilment": "pickup", "pizzeria": "lyon-2", "payment_method": "on_delivery",
			"lines": []map[string]any{{"product_id": "margherita", "quantity": 1}}},
		{"fulfilment": "pickup", "pizzeria": "paris-11", "payment_method": "on_delivery",
			"lines": []map[string]any{{"product_id": "margherita", "quantity": 2}}},
	} {
		resp := env.do(t, token, "POST", "/api/v1/customer/orders", body)
		resp.wantStatus(t, http.StatusAccepted)
		var o central.WebOrder
		resp.decode(t, &o)
		ids[i] = o.ID
		clock.add(90 * time.Minute)
	}

	resp := env.page(t, "/commandes", anna)
	resp.wantPage(t, http.StatusOK, "Mes commandes", "03/12/2026 à 19:30", "03/12/2026 à 21:00",
		"Lyon Confluence", "Paris Bastille", "9,50 €", "19,00 €", "Transmise à la pizzeria")
	body := string(resp.Body)
	newer, older := strings.Index(body, ids[1]), strings.Index(body, ids[0])
	if newer < 0 || older < 0 || newer > older {
		t.Fatalf("not the newest first:\n%s", body)
	}

	// Another customer sees none of them.
	luca := customerCookie(env.signUpAndLogIn(t, "luca@example.fr"))
	env.page(t, "/commandes", luca).wantPage(t, http.StatusOK,
		"Vous n'avez pas encore passé de commande.")
	env.page(t, "/commandes").wantRedirect(t, "/connexion?suite=%2Fcommandes")
}
