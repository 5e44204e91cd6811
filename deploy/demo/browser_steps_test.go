package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/chromedp/chromedp"
)

// customer is a person on the website, in a phone's browser of their own.
type customer struct {
	s    *scenario
	ctx  context.Context
	name string
}

// signUps counts the accounts the browser tests open, so that each gets
// an email address of its own.
var signUps atomic.Int64

// signUp opens a new account through /inscription, and lands logged in
// on the account page.
func (s *scenario) signUp(name string) *customer {
	s.t.Helper()
	c := &customer{s: s, ctx: s.phone(), name: name}
	email := fmt.Sprintf("web%d.%d@exemple.fr", time.Now().UnixNano(), signUps.Add(1))
	s.Run(c.ctx, "open the sign-up page",
		chromedp.Navigate(s.w.stack.CentralURL()+"/inscription"),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("name"), name),
		chromedp.SendKeys(chromedp.ID("phone"), "06 12 34 56 78"),
		chromedp.SendKeys(chromedp.ID("password"), "four-a-bois-2026"),
	)
	s.Screenshot(c.ctx, "sign-up")
	s.follow(c.ctx, "sign up",
		chromedp.Click(chromedp.CSS(`form[action="/inscription"] button[type="submit"]`)),
		s.w.stack.CentralURL()+"/compte")
	if hello := s.Text(c.ctx, "main .card h2"); !strings.Contains(hello, name) {
		s.t.Errorf("account page greets %q, want %s", hello, name)
	}
	return c
}

// logIn logs a customer in through /connexion, and lands on the home page.
func (s *scenario) logIn(email, name string) *customer {
	s.t.Helper()
	c := &customer{s: s, ctx: s.phone(), name: name}
	s.Run(c.ctx, "open the log-in page",
		chromedp.Navigate(s.w.stack.CentralURL()+"/connexion"),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), Password),
	)
	s.follow(c.ctx, "log in",
		chromedp.Click(chromedp.CSS(`form[action="/connexion"] button[type="submit"]`)),
		s.w.stack.CentralURL()+"/")
	return c
}

// addAddress keeps a delivery address on the account page, and follows
// the link to the menu of the pizzeria the page says serves it.
func (c *customer) addAddress(street, postcode, city, pizzeria string) {
	s := c.s
	s.t.Helper()
	s.Run(c.ctx, "fill in an address",
		chromedp.SendKeys(chromedp.ID("label"), "Maison"),
		chromedp.SendKeys(chromedp.ID("street"), street),
		chromedp.SendKeys(chromedp.ID("postcode"), postcode),
		chromedp.SendKeys(chromedp.ID("city"), city),
	)
	s.follow(c.ctx, "add the address",
		chromedp.Click(chromedp.CSS(`form[action="/compte/adresses"] button[type="submit"]`)),
		s.w.stack.CentralURL()+"/compte")
	served := `ul.addresses a[href="/commander/` + pizzeria + `"]`
	s.Run(c.ctx, "see the address served", chromedp.WaitVisible(chromedp.CSS(served)))
	s.Screenshot(c.ctx, "address")
	s.follow(c.ctx, "open the menu from the address", chromedp.Click(chromedp.CSS(served)),
		s.w.stack.CentralURL()+"/commander/"+pizzeria)
}

// openMenu goes to a pizzeria's menu.
func (c *customer) openMenu(pizzeria string) {
	c.s.t.Helper()
	c.s.follow(c.ctx, "open the menu of "+pizzeria,
		chromedp.Navigate(c.s.w.stack.CentralURL()+"/commander/"+pizzeria),
		c.s.w.stack.CentralURL()+"/commander/"+pizzeria)
}

// addToCart puts a product in the cart from the open menu, and checks the
// cart shows it.
func (c *customer) addToCart(product string, quantity int) {
	s := c.s
	s.t.Helper()
	qty := "q-" + product
	s.Run(c.ctx, "choose "+product, chromedp.SetValue(chromedp.ID(qty), strconv.Itoa(quantity)))
	landed := s.follow(c.ctx, "add "+product,
		chromedp.Click(chromedp.CSS(`form.add:has(#`+qty+`) button[type="submit"]`)),
		s.w.stack.CentralURL()+"/commander/")
	if cart := s.Text(c.ctx, "#panier"); !strings.Contains(cart, productName(product)) {
		s.t.Fatalf("after adding %s (%s), the cart says:\n%s", product, landed, cart)
	}
}

// checkout follows the cart to the checkout page, picks the radios given
// as CSS selectors and sends the order. It returns the page it landed on,
// which must be under want.
func (c *customer) checkout(want string, choices ...string) *url.URL {
	s := c.s
	s.t.Helper()
	s.follow(c.ctx, "open the checkout", chromedp.Click(chromedp.ID("commander")),
		s.w.stack.CentralURL()+"/commander/")
	for _, sel := range choices {
		quoted, _ := json.Marshal(sel)
		s.Run(c.ctx, "choose "+sel, chromedp.Click(chromedp.CSS(sel)),
			chromedp.Poll[chromedp.Void](`document.querySelector(`+string(quoted)+`).checked`))
	}
	s.Screenshot(c.ctx, "checkout")
	return s.follow(c.ctx, "send the order", chromedp.Click(chromedp.ID("valider-commande")), want)
}

// pay fills the payment provider's card form with a test card and sends
// it. It returns the page it landed on, which must be central's page of
// the order.
func (c *customer) pay(number string) *url.URL {
	s := c.s
	s.t.Helper()
	s.Run(c.ctx, "fill in the card",
		chromedp.SendKeys(chromedp.ID("number"), number),
		chromedp.SendKeys(chromedp.ID("expiry"), "12/"+strconv.Itoa(time.Now().Year()%100+3)),
		chromedp.SendKeys(chromedp.ID("cvc"), "123"),
	)
	s.Screenshot(c.ctx, "card")
	return s.follow(c.ctx, "pay", chromedp.Click(chromedp.CSS(`main form button.primary`)),
		s.w.stack.CentralURL()+"/commandes/")
}

// orderID is the web order's id in the address of its page.
func orderID(u *url.URL) string {
	return strings.TrimPrefix(u.Path, "/commandes/")
}

// productName is the menu's name of a demo product.
func productName(id string) string {
	return map[string]string{"margherita": "Margherita", "reine": "Reine",
		"calzone": "Calzone"}[id]
}
