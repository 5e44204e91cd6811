package http

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
)

// menuView is the data of a pizzeria's menu page, with the cart.
type menuView struct {
	shopView
	Pizzeria  central.ShopPizzeria
	Stale     string // the banner when the figures are not current
	Sections  []menuSection
	Cart      cartView
	Notice    string // what the last action did
	OtherCart string // the pizzeria of a cart kept elsewhere
}

// menuSection is a category and its products.
type menuSection struct {
	Name     string
	Products []productView
}

// productView is one product on the page: a form to add it when it can be
// made, its state in words otherwise.
type productView struct {
	ID          string
	Name        string
	Description string
	Price       string
	Orderable   bool
	State       string // "Épuisé pour le moment", "Plus que 3"...
	MaxQuantity int
	Quantity    string // given back with an error
	Note        string
	formView
}

// cartView is the cart with prices from the menu.
type cartView struct {
	Lines []cartLineView
	Total string
	formView
}

type cartLineView struct {
	Index     int
	Name      string
	Note      string
	Quantity  int
	UnitPrice string
	Total     string
	Off       bool // cannot be made now: not counted in the total
}

// loadMenu reads the menu of the page's pizzerias, answering the error
// page itself when it cannot; nil then.
func (s *Server) loadMenu(w http.ResponseWriter, r *http.Request) *central.Menu {
	menu, err := s.Shop.FindMenu(r.Context(), chi.URLParam(r, "pizzeria"))
	if err != nil {
		s.shopErrorPage(w, r, err)
		return nil
	}
	return menu
}

// handleShopMenu shows a pizzeria's menu and the cart:
// GET /commander/{pizzeria}.
func (s *Server) handleShopMenu(w http.ResponseWriter, r *http.Request) {
	menu := s.loadMenu(w, r)
	if menu == nil {
		return
	}
	c := readCart(r)
	v := s.newMenuView(r, menu, c)
	if p := menu.Product(r.URL.Query().Get("ajout")); p != nil {
		v.Notice = central.Message(central.LabelShopCartAdded, p.Name)
	}
	if id := r.URL.Query().Get("reprise"); id != "" {
		v.Notice = s.reorderNotice(r, menu, id)
	}
	s.render(w, r, http.StatusOK, "shop_menu.html", v)
}

// newMenuView lays out a menu by category, with the banner when its
// figures are not current and the cart when it is this pizzeria's.
func (s *Server) newMenuView(r *http.Request, m *central.Menu, c *cart) *menuView {
	v := &menuView{
		shopView: shopView{Title: central.Message(central.LabelShopMenuTitle, m.Pizzeria.Name),
			Customer: s.pageCustomer(r)},
		Pizzeria: m.Pizzeria,
	}
	switch {
	case m.Current:
	case m.FiguresAt == nil:
		v.Stale = central.Message(central.LabelShopNeverHeard)
	default:
		v.Stale = central.Message(central.LabelShopNotCurrent,
			m.FiguresAt.In(paris).Format("02/01/2006 à 15:04"))
	}

	// The products under their categories, in the catalog's order.
	for _, cat := range m.Categories {
		section := menuSection{Name: cat.Name}
		for _, p := range m.Products {
			if p.Category == cat.ID {
				section.Products = append(section.Products, toProductView(p))
			}
		}
		if len(section.Products) > 0 {
			v.Sections = append(v.Sections, section)
		}
	}

	// The cart, when it is this pizzeria's.
	switch {
	case c.Pizzeria == m.Pizzeria.ID:
		v.Cart = toCartView(m, c)
	case len(c.Lines) > 0:
		v.OtherCart = c.Pizzeria
	}
	return v
}

// toProductView says whether a product can be added, and why not.
func toProductView(p central.MenuItem) productView {
	v := productView{ID: p.ID, Name: p.Name, Description: p.Description,
		Price: euros(p.PriceCents), Orderable: p.Orderable(), Quantity: "1",
		MaxQuantity: int(min(p.Makeable, maxLineQuantity))}
	switch {
	case !p.Available:
		v.State = central.Message(central.LabelShopUnavailable)
	case p.Makeable <= 0:
		v.State = central.Message(central.LabelShopSoldOut)
	case p.Makeable <= 5:
		v.State = central.Message(central.LabelShopLeft, p.Makeable)
	}
	return v
}

// toCartView prices the cart's lines from the menu. A product withdrawn
// from the catalog is left out; one that cannot be made now is marked
// and not counted.
func toCartView(m *central.Menu, c *cart) cartView {
	var v cartView
	var total int64
	for i, l := range c.Lines {
		p := m.Product(l.Product)
		if p == nil {
			continue
		}
		line := int64(l.Quantity) * p.PriceCents
		off := !p.Orderable()
		if !off {
			total += line
		}
		v.Lines = append(v.Lines, cartLineView{Index: i, Name: p.Name, Note: l.Note,
			Quantity: l.Quantity, UnitPrice: central.Message(central.LabelShopUnitPrice,
				euros(p.PriceCents)), Total: euros(line), Off: off})
	}
	v.Total = euros(total)
	return v
}

// handleCartAdd adds a product to the cart:
// POST /commander/{pizzeria}/panier with product, quantity and note. A
// cart of another pizzeria is replaced. A refusal shows the menu again
// with the sentence next to the product.
func (s *Server) handleCartAdd(w http.ResponseWriter, r *http.Request) {
	if !s.parseShopForm(w, r) {
		return
	}
	menu := s.loadMenu(w, r)
	if menu == nil {
		return
	}
	productID := r.PostForm.Get("product")

	// The line, checked against the menu.
	c := readCart(r)
	if c.Pizzeria != menu.Pizzeria.ID {
		c = &cart{Pizzeria: menu.Pizzeria.ID}
	}
	err := func() error {
		quantity, err := parseQuantity(r.PostForm.Get("quantity"), false)
		if err != nil {
			return err
		}
		note, err := parseNote(r.PostForm.Get("note"))
		if err != nil {
			return err
		}
		if err := c.add(menu, productID, quantity, note); err != nil {
			return err
		}
		return s.writeCart(w, r, c)
	}()
	if err != nil {
		s.renderMenuError(w, r, menu, productID, err)
		return
	}
	http.Redirect(w, r, "/commander/"+url.PathEscape(menu.Pizzeria.ID)+"?ajout="+
		url.QueryEscape(productID)+"#panier", http.StatusSeeOther)
}

// renderMenuError shows the menu again with an error next to the product
// it is about, or above the cart.
func (s *Server) renderMenuError(w http.ResponseWriter, r *http.Request, m *central.Menu,
	productID string, err error) {
	status, form := s.formErrors(r, err)
	v := s.newMenuView(r, m, readCart(r))
	for i := range v.Sections {
		for j := range v.Sections[i].Products {
			p := &v.Sections[i].Products[j]
			if p.ID == productID {
				p.formView = form
				p.Quantity, p.Note = r.PostForm.Get("quantity"), r.PostForm.Get("note")
				s.render(w, r, status, "shop_menu.html", v)
				return
			}
		}
	}
	v.Cart.FormError = firstError(form)
	s.render(w, r, status, "shop_menu.html", v)
}

// firstError returns the sentence of a form's field error, or its general
// one.
func firstError(f formView) string {
	for _, msg := range f.Errors {
		return msg
	}
	return f.FormError
}

// handleCartUpdate changes a line's quantity, or removes it:
// POST /commander/{pizzeria}/panier/{line} with quantity, or remove.
func (s *Server) handleCartUpdate(w http.ResponseWriter, r *http.Request) {
	if !s.parseShopForm(w, r) {
		return
	}
	menu := s.loadMenu(w, r)
	if menu == nil {
		return
	}
	c := readCart(r)
	err := func() error {
		i, err := strconv.Atoi(chi.URLParam(r, "line"))
		if err != nil || c.Pizzeria != menu.Pizzeria.ID {
			return central.Errorm(central.ENOTFOUND, central.MsgCartLineNotFound)
		}
		quantity := 0
		if r.PostForm.Get("remove") == "" {
			if quantity, err = parseQuantity(r.PostForm.Get("quantity"), true); err != nil {
				return err
			}
		}
		if err := c.set(menu, i, quantity); err != nil {
			return err
		}
		return s.writeCart(w, r, c)
	}()
	if err != nil {
		s.renderMenuError(w, r, menu, "", err)
		return
	}
	http.Redirect(w, r, "/commander/"+url.PathEscape(menu.Pizzeria.ID)+"#panier", http.StatusSeeOther)
}

// handleCartClear empties the cart: POST /commander/{pizzeria}/panier/vider.
func (s *Server) handleCartClear(w http.ResponseWriter, r *http.Request) {
	_ = s.writeCart(w, r, &cart{})
	http.Redirect(w, r, "/commander/"+url.PathEscape(chi.URLParam(r, "pizzeria"))+"#panier",
		http.StatusSeeOther)
}
