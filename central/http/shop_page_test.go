package http_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	centralhttp "github.com/ocpizza/ocpizza/central/http"
)

// page gets a page of the website with the cookies given.
func (e *testEnv) page(tb testing.TB, path string, cookies ...*http.Cookie) *response {
	tb.Helper()
	return e.send(tb, "GET", path, nil, func(r *http.Request) {
		for _, c := range cookies {
			r.AddCookie(c)
		}
	})
}

// postShop posts a form of the website with the cookies given.
func (e *testEnv) postShop(tb testing.TB, path string, form url.Values,
	cookies ...*http.Cookie) *response {
	tb.Helper()
	return e.postForm(tb, path, form, func(r *http.Request) {
		for _, c := range cookies {
			r.AddCookie(c)
		}
	})
}

// wantPage fails unless the answer has the status and holds every text,
// read with its HTML entities decoded.
func (r *response) wantPage(tb testing.TB, status int, texts ...string) {
	tb.Helper()
	r.wantStatus(tb, status)
	body := html.UnescapeString(string(r.Body))
	for _, text := range texts {
		if !strings.Contains(body, text) {
			tb.Errorf("%s: page lacks %q:\n%s", r.label, text, r.Body)
		}
	}
}

// wantRedirect fails unless the answer is a 303 to the location.
func (r *response) wantRedirect(tb testing.TB, location string) {
	tb.Helper()
	r.wantStatus(tb, http.StatusSeeOther)
	if got := r.Header.Get("Location"); got != location {
		tb.Fatalf("%s: redirected to %q, want %q", r.label, got, location)
	}
}

func TestShopHomePage(t *testing.T) {
	env, _ := newShopEnv(t)

	// Every pizzeria for take-away.
	env.page(t, "/").wantPage(t, http.StatusOK, "Paris Gambetta", `href="/commander/lyon-2"`,
		"Votre code postal")

	// A postcode two pizzerias deliver.
	env.page(t, "/?code_postal=75011").wantPage(t, http.StatusOK,
		"Pizzerias qui livrent le 75011", `href="/commander/paris-11"`)

	// Not a postcode: the sentence next to the field, marked invalid.
	env.page(t, "/?code_postal=750").wantPage(t, http.StatusUnprocessableEntity,
		`id="code_postal-erreur"`, "Code postal invalide", `aria-invalid="true"`)

	// Nobody delivers there: a sentence, and the take-away list still.
	env.page(t, "/?code_postal=13001").wantPage(t, http.StatusOK,
		"ne livre le 13001", `href="/commander/paris-20"`)
}

func TestShopMenuPageAndCart(t *testing.T) {
	env, clock := newShopEnv(t)
	reportStock(t, env, "paris-11", map[string]int64{"pate": 10, "mozzarella": 350})

	// Online: no banner; the cola cannot be made, so it has no form.
	resp := env.page(t, "/commander/paris-11")
	resp.wantPage(t, http.StatusOK, "La carte de Paris Bastille", "9,50 €", "Plus que 3",
		"Épuisé pour le moment", `value="margherita"`, "Votre panier est vide.")
	if strings.Contains(string(resp.Body), `value="cola"`) || strings.Contains(string(resp.Body), `class="banner"`) {
		t.Errorf("the cola can be added, or a banner shows while online:\n%s", resp.Body)
	}

	// Two margheritas with a note: the cart comes back in a cookie.
	resp = env.postShop(t, "/commander/paris-11/panier",
		url.Values{"product": {"margherita"}, "quantity": {"2"}, "note": {"bien cuite"}})
	resp.wantRedirect(t, "/commander/paris-11?ajout=margherita#panier")
	cart := resp.cookie(centralhttp.CartCookie)
	if cart == nil || !cart.HttpOnly || cart.Path != "/commander" {
		t.Fatalf("cart cookie %+v", cart)
	}
	env.page(t, "/commander/paris-11?ajout=margherita", cart).wantPage(t, http.StatusOK,
		"« Margherita » a été ajouté au panier.", "bien cuite", "19,00 €")

	// Refusals, next to the product: a cola, more than can be made, a bad
	// quantity, an unknown product.
	env.postShop(t, "/commander/paris-11/panier", url.Values{"product": {"cola"}, "quantity": {"1"}}, cart).
		wantPage(t, http.StatusConflict, "ne peut pas être préparé")
	env.postShop(t, "/commander/paris-11/panier",
		url.Values{"product": {"margherita"}, "quantity": {"2"}}, cart).
		wantPage(t, http.StatusConflict, "Il ne reste que 3 « Margherita »")
	env.postShop(t, "/commander/paris-11/panier",
		url.Values{"product": {"margherita"}, "quantity": {"0"}}, cart).
		wantPage(t, http.StatusUnprocessableEntity, `id="q-margherita-erreur"`, "La quantité doit être")
	env.postShop(t, "/commander/paris-11/panier", url.Values{"product": {"calzone"}, "quantity": {"1"}}, cart).
		wantPage(t, http.StatusNotFound, "Produit inconnu")

	// One margherita only, then none: the cart is forgotten.
	resp = env.postShop(t, "/commander/paris-11/panier/0", url.Values{"quantity": {"1"}}, cart)
	resp.wantRedirect(t, "/commander/paris-11#panier")
	cart = resp.cookie(centralhttp.CartCookie)
	env.page(t, "/commander/paris-11", cart).wantPage(t, http.StatusOK, "9,50 €")
	resp = env.postShop(t, "/commander/paris-11/panier/0", url.Values{"remove": {"1"}}, cart)
	if c := resp.cookie(centralhttp.CartCookie); c == nil || c.MaxAge >= 0 {
		t.Errorf("removing the last line kept the cart: %+v", c)
	}

	// Offline: the banner says since when.
	clock.add(time.Minute)
	env.page(t, "/commander/paris-11").wantPage(t, http.StatusOK, `class="banner"`,
		"n'est pas joignable", "03/12/2026 à 19:30")

	// Lyon never reported: a banner too; an unknown pizzeria is a 404 page.
	env.page(t, "/commander/lyon-2").wantPage(t, http.StatusOK, "n'a encore rien transmis")
	env.page(t, "/commander/nice-1").wantPage(t, http.StatusNotFound, "Pizzeria inconnue")
}

func TestShopSignUpLogInAndAddresses(t *testing.T) {
	env, _ := newShopEnv(t)
	form := url.Values{"email": {"anna@example.fr"}, "name": {"Anna Rossi"},
		"phone": {"12"}, "password": {customerPassword}}

	// A bad phone: the sentence next to it, the other fields kept.
	env.postShop(t, "/inscription", form).wantPage(t, http.StatusUnprocessableEntity,
		`id="phone-erreur"`, "Numéro de téléphone invalide", `value="anna@example.fr"`)

	// Signed up and logged in at once.
	form.Set("phone", "06 12 34 56 78")
	resp := env.postShop(t, "/inscription", form)
	resp.wantRedirect(t, "/compte?bienvenue=1")
	session := resp.cookie(centralhttp.CustomerCookie)
	if session == nil || session.SameSite != http.SameSiteLaxMode {
		t.Fatalf("customer cookie %+v", session)
	}
	env.page(t, "/compte?bienvenue=1", session).wantPage(t, http.StatusOK,
		"Bonjour Anna Rossi", "Votre compte est créé", "Aucune adresse enregistrée.")

	// The same email again: said next to the email.
	env.postShop(t, "/inscription", form).wantPage(t, http.StatusConflict, `id="email-erreur"`)

	// An address: refused with its field, then kept, with who delivers it.
	address := url.Values{"street": {"12 rue de la Roquette"}, "postcode": {"7501"}, "city": {"Paris"}}
	env.postShop(t, "/compte/adresses", address, session).wantPage(t, http.StatusUnprocessableEntity,
		`id="postcode-erreur"`, "Code postal invalide", `value="12 rue de la Roquette"`)
	address.Set("postcode", "75011")
	env.postShop(t, "/compte/adresses", address, session).wantRedirect(t, "/compte#adresses")
	resp = env.page(t, "/compte", session)
	resp.wantPage(t, http.StatusOK, "12 rue de la Roquette", "Livrée par : Paris Bastille",
		`href="/commander/paris-20"`)

	// Log out, then log in again through the form, back where asked.
	env.postShop(t, "/deconnexion", nil, session).wantRedirect(t, "/")
	env.page(t, "/compte", session).wantRedirect(t, "/connexion?suite=%2Fcompte")
	login := url.Values{"email": {"anna@example.fr"}, "password": {"pas le bon"},
		"suite": {"/commander/paris-11"}}
	env.postShop(t, "/connexion", login).wantPage(t, http.StatusUnauthorized,
		"Identifiant ou mot de passe incorrect.")
	login.Set("password", customerPassword)
	env.postShop(t, "/connexion", login).wantRedirect(t, "/commander/paris-11")

	// Never to another site.
	login.Set("suite", "//evil.example/")
	env.postShop(t, "/connexion", login).wantRedirect(t, "/compte")
}

func TestShopSessionsApart(t *testing.T) {
	env, _ := newShopEnv(t)
	token := env.signUpAndLogIn(t, "anna@example.fr")
	customer := &http.Cookie{Name: centralhttp.CustomerCookie, Value: token}
	staff := &http.Cookie{Name: centralhttp.SessionCookie, Value: env.Tokens["head_office"]}

	// A staff session is a visitor on the website, and a customer one on
	// the staff pages.
	env.page(t, "/compte", staff).wantRedirect(t, "/connexion?suite=%2Fcompte")
	env.postShop(t, "/compte/adresses", url.Values{"street": {"x"}}, staff).
		wantRedirect(t, "/connexion?suite=%2Fcompte")
	env.page(t, "/console", customer).wantRedirect(t, "/login")
	env.page(t, "/compte", customer).wantStatus(t, http.StatusOK)

	// Another customer's address cannot be deleted from the page.
	other := env.signUpAndLogIn(t, "luca@example.fr")
	resp := env.do(t, other, "POST", "/api/v1/customer/addresses", map[string]string{
		"street": "1 rue X", "postcode": "75011", "city": "Paris"})
	var a struct{ ID string }
	resp.decode(t, &a)
	env.postShop(t, "/compte/adresses/"+a.ID+"/supprimer", nil, customer).
		wantPage(t, http.StatusNotFound, "Cette adresse n'existe pas")

	// A form posted from another site is refused before anything.
	resp = env.send(t, "POST", "/connexion", "email=a%40b.fr&password=x", func(r *http.Request) {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Origin", "https://evil.example")
		r.Header.Set("Sec-Fetch-Site", "cross-site")
	})
	resp.wantStatus(t, http.StatusForbidden)
}
