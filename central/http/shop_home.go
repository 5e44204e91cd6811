package http

import (
	"net/http"
	"strings"

	"github.com/ocpizza/ocpizza/central"
)

// pizzeriaCard is a pizzeria as the home page lists it.
type pizzeriaCard struct {
	ID        string
	Name      string
	Online    bool
	Postcodes string // "75011, 75012"
}

func toPizzeriaCards(pizzerias []*central.ShopPizzeria) []pizzeriaCard {
	cards := make([]pizzeriaCard, len(pizzerias))
	for i, p := range pizzerias {
		cards[i] = pizzeriaCard{ID: p.ID, Name: p.Name, Online: p.Online,
			Postcodes: strings.Join(p.Postcodes, ", ")}
	}
	return cards
}

// homeView is the data of the home page: the postcode form and what it
// found, and every pizzeria for take-away.
type homeView struct {
	shopView
	formView
	Postcode string
	Searched bool           // a valid postcode was looked up
	Serving  []pizzeriaCard // the pizzerias delivering it
	NoneHere string         // the sentence when none does
	All      []pizzeriaCard
}

// handleShopHome shows the home page: GET /, and GET /?code_postal= to
// find the pizzerias that deliver a postcode. A postcode that is not one
// is 422 with its sentence next to the field; one that no pizzeria
// delivers is answered with a sentence and the take-away list.
func (s *Server) handleShopHome(w http.ResponseWriter, r *http.Request) {
	v := homeView{shopView: shopView{Title: central.Message(central.LabelShopHomeTitle),
		Customer: s.pageCustomer(r)}}
	status := http.StatusOK

	// The postcode, when one was given.
	if r.URL.Query().Has("code_postal") {
		v.Postcode = strings.TrimSpace(r.URL.Query().Get("code_postal"))
		serving, err := s.Shop.FindPizzeriasServing(r.Context(), v.Postcode)
		switch central.ErrorCode(err) {
		case "":
			v.Searched, v.Serving = true, toPizzeriaCards(serving)
		case central.ENOTFOUND:
			_, body := s.userError(r, err)
			v.Searched, v.NoneHere = true, body.Error.Message
		case central.EINVALID:
			status, v.formView = s.formErrors(r, err)
		default:
			s.shopErrorPage(w, r, err)
			return
		}
	}

	// Every pizzeria, for take-away.
	all, err := s.Shop.FindShopPizzerias(r.Context())
	if err != nil {
		s.shopErrorPage(w, r, err)
		return
	}
	v.All = toPizzeriaCards(all)
	s.render(w, r, status, "shop_home.html", v)
}
