package http

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ocpizza/ocpizza/central"
)

// The cart is kept by the browser, in a cookie of its own that only the
// ordering pages receive. It holds product ids, quantities and notes, never
// a price: every page works the prices and what can be made out from the
// menu again, so an edited cookie can change nothing but its own lines.
const (
	CartCookie      = "ocpizza_cart"
	cartCookiePath  = "/commander"
	cartLifetime    = 7 * 24 * time.Hour
	maxCartLines    = 12
	maxLineQuantity = 20
	maxNoteLen      = 80
	maxCartBytes    = 3000 // the encoded cookie; browsers keep 4 KiB
)

// cart is what the cookie holds: one pizzeria's lines.
type cart struct {
	Pizzeria string     `json:"p"`
	Lines    []cartLine `json:"l"`
}

// cartLine is a product, how many and a note for the kitchen.
type cartLine struct {
	Product  string `json:"id"`
	Quantity int    `json:"q"`
	Note     string `json:"n,omitempty"`
}

// readCart returns the browser's cart; a missing or unreadable cookie, or
// one that breaks the bounds, is an empty cart.
func readCart(r *http.Request) *cart {
	empty := &cart{}
	cookie, err := r.Cookie(CartCookie)
	if err != nil || len(cookie.Value) > maxCartBytes {
		return empty
	}
	data, err := base64.RawURLEncoding.DecodeString(cookie.Value)
	if err != nil {
		return empty
	}
	var c cart
	if json.Unmarshal(data, &c) != nil || len(c.Lines) > maxCartLines {
		return empty
	}
	for _, l := range c.Lines {
		if l.Quantity < 1 || l.Quantity > maxLineQuantity || utf8.RuneCountInString(l.Note) > maxNoteLen {
			return empty
		}
	}
	return &c
}

// writeCart stores the cart in the browser, or forgets it when empty.
// Returns an error when it is over the size a cookie may have.
func (s *Server) writeCart(w http.ResponseWriter, r *http.Request, c *cart) error {
	cookie := &http.Cookie{Name: CartCookie, Path: cartCookiePath, HttpOnly: true,
		Secure: s.secureCookies || r.TLS != nil, SameSite: http.SameSiteLaxMode}
	if len(c.Lines) == 0 {
		cookie.MaxAge = -1
		http.SetCookie(w, cookie)
		return nil
	}
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	cookie.Value = base64.RawURLEncoding.EncodeToString(data)
	if len(cookie.Value) > maxCartBytes {
		return central.Errorm(central.ECONFLICT, central.MsgCartFull, maxCartLines)
	}
	cookie.MaxAge = int(cartLifetime / time.Second)
	http.SetCookie(w, cookie)
	return nil
}

// add puts a quantity of a product on the menu in the cart, merged with a
// line of the same product and note. It checks the quantity against what
// the pizzeria can make, counting what the cart already holds of it.
func (c *cart) add(m *central.Menu, productID string, quantity int, note string) error {
	p := m.Product(productID)
	switch {
	case p == nil:
		return central.Errorm(central.ENOTFOUND, central.MsgProductNotFound, productID)
	case !p.Orderable():
		return central.Errorm(central.ECONFLICT, central.MsgNotOrderable, p.Name)
	}
	held := quantity
	for _, l := range c.Lines {
		if l.Product == productID {
			held += l.Quantity
		}
	}
	if int64(held) > p.Makeable {
		e := central.Errorm(central.ECONFLICT, central.MsgOnlyLeft, p.Makeable, p.Name)
		e.Field = "quantity"
		return e
	}

	// The same product with the same note adds to its line.
	for i, l := range c.Lines {
		if l.Product == productID && l.Note == note {
			if l.Quantity+quantity > maxLineQuantity {
				return central.Invalid("quantity", central.MsgBadQuantity, maxLineQuantity)
			}
			c.Lines[i].Quantity += quantity
			return nil
		}
	}
	if len(c.Lines) >= maxCartLines {
		return central.Errorm(central.ECONFLICT, central.MsgCartFull, maxCartLines)
	}
	c.Lines = append(c.Lines, cartLine{Product: productID, Quantity: quantity, Note: note})
	return nil
}

// set changes the quantity of line i, removing it at zero, within what
// the pizzeria can make. Returns ENOTFOUND for a line the cart lacks.
func (c *cart) set(m *central.Menu, i, quantity int) error {
	if i < 0 || i >= len(c.Lines) {
		return central.Errorm(central.ENOTFOUND, central.MsgCartLineNotFound)
	}
	line := c.Lines[i]
	c.Lines = append(c.Lines[:i:i], c.Lines[i+1:]...)
	if quantity == 0 {
		return nil
	}
	if err := c.add(m, line.Product, quantity, line.Note); err != nil {
		return err
	}
	// add appended it (its note is unique in the cart): back to its place.
	last := c.Lines[len(c.Lines)-1]
	copy(c.Lines[i+1:], c.Lines[i:len(c.Lines)-1])
	c.Lines[i] = last
	return nil
}

// parseQuantity reads a quantity field: 1 to maxLineQuantity, or 0 too
// when zero is allowed (to remove a line).
func parseQuantity(s string, zero bool) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n > maxLineQuantity || n < 0 || (n == 0 && !zero) {
		return 0, central.Invalid("quantity", central.MsgBadQuantity, maxLineQuantity)
	}
	return n, nil
}

// parseNote reads a note for the kitchen: one line, bounded.
func parseNote(s string) (string, error) {
	note := strings.TrimSpace(s)
	switch {
	case utf8.RuneCountInString(note) > maxNoteLen:
		return "", central.Invalid("note", central.MsgTooLong, maxNoteLen)
	case !utf8.ValidString(note) || strings.IndexFunc(note, unicode.IsControl) >= 0:
		return "", central.Invalid("note", central.MsgOneLine)
	}
	return note, nil
}
