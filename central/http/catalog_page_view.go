package http

import (
	"net/http"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// catalogView is the data of the catalog overview, every value in words.
type catalogView struct {
	User        *central.User
	Notice      string // the change just made, confirmed
	Error       string // why the last action was refused
	NextVersion int64
	Revision    int64    // the draft's, which the publish form posts back
	Status      string   // how the draft stands against the newest version
	Changes     []string // what differs from it, a sentence each
	Categories  []categoryBlock
	Ingredients []ingredientRow
	Versions    []versionRow
	Latest      int64 // the newest version, 0 when none
	Answers     []answerRow

	draft, published *syncproto.Catalog
	versions         []*central.CatalogVersion
}

// categoryBlock is a category and its products, in menu order.
type categoryBlock struct {
	ID, Name string
	Products []productRow
}

// productRow is a product of the draft as the overview lists it.
type productRow struct {
	ID, Name, Description string
	Price                 string
	Recipe                string
	Changed               bool // differs from the newest version
}

// ingredientRow is an ingredient of the draft.
type ingredientRow struct {
	ID, Name, Unit, Threshold string
}

// versionRow is a published version.
type versionRow struct {
	Version             int64
	At, AtISO, By       string
	Products, Pizzerias int
}

// answerRow is where one pizzeria stands with the newest version; State
// is one of applied, refused, pending or not-sent, for styles and tests.
type answerRow struct {
	ID, Name, Text, State string
}

// catalogView reads the draft, the newest version, the versions and the
// answers to the newest, and puts them into words.
func (s *Server) catalogView(r *http.Request) (*catalogView, error) {
	ctx := r.Context()
	v := &catalogView{User: userFrom(ctx)}
	d, err := s.Catalog.FindCatalogDraft(ctx)
	if err != nil {
		return nil, err
	}
	v.draft, v.Revision = d.Catalog, d.Revision
	if v.published, err = s.Catalog.FindPublishedCatalog(ctx); err != nil {
		return nil, err
	}
	if v.versions, err = s.Catalog.FindCatalogVersions(ctx); err != nil {
		return nil, err
	}
	if len(v.versions) > 0 {
		v.Latest = v.versions[0].Version
		answers, err := s.Catalog.FindCatalogAnswers(ctx, v.Latest)
		if err != nil {
			return nil, err
		}
		for _, a := range answers {
			v.Answers = append(v.Answers, newAnswerRow(a))
		}
	}
	v.NextVersion = v.draft.Version
	v.describeDraft()
	for _, cv := range v.versions {
		v.Versions = append(v.Versions, versionRow{Version: cv.Version,
			At: parisTime(cv.PublishedAt), AtISO: cv.PublishedAt.UTC().Format(time.RFC3339),
			By: cv.PublishedBy, Products: cv.Products, Pizzerias: cv.Pizzerias})
	}
	return v, nil
}

// describeDraft lists the draft's products by category and its
// ingredients, and says how it differs from the newest version.
func (v *catalogView) describeDraft() {
	changes := central.CompareCatalogs(v.published, v.draft)
	changed := map[string]bool{}
	for _, p := range changes.Products {
		if p.Is != nil {
			changed[p.Is.ID] = true
		}
	}

	// Products by category, then ingredients.
	ingredients := map[string]syncproto.CatalogIngredient{}
	for _, ing := range v.draft.Ingredients {
		ingredients[ing.ID] = ing
		v.Ingredients = append(v.Ingredients, ingredientRow{ID: ing.ID, Name: ing.Name,
			Unit: unitName(ing.Unit), Threshold: quantity(ing.LowThreshold, ing.Unit)})
	}
	for _, c := range v.draft.Categories {
		block := categoryBlock{ID: c.ID, Name: c.Name}
		for _, p := range v.draft.Products {
			if p.Category == c.ID {
				block.Products = append(block.Products, productRow{ID: p.ID, Name: p.Name,
					Description: p.Description, Price: euros(p.PriceCents),
					Recipe: recipeSummary(p.Recipe, ingredients), Changed: changed[p.ID]})
			}
		}
		v.Categories = append(v.Categories, block)
	}

	// The draft against the newest version.
	switch {
	case v.published == nil:
		v.Status = central.Message(central.LabelCatalogNeverPublished)
	case !changes.Any():
		v.Status = central.Message(central.LabelCatalogUnchanged, changes.Since)
	default:
		v.Status = central.Message(central.LabelCatalogDiffers, changes.Since)
		v.Changes = changeSentences(changes)
	}
}

// changeSentences says what differs, product by product.
func changeSentences(c *central.CatalogChanges) []string {
	var out []string
	for _, p := range c.Products {
		switch {
		case p.Was == nil:
			out = append(out, central.Message(central.LabelCatalogAdded, p.Is.Name,
				euros(p.Is.PriceCents)))
		case p.Is == nil:
			out = append(out, central.Message(central.LabelCatalogRemoved, p.Was.Name))
		}
		if p.PriceChanged() {
			out = append(out, central.Message(central.LabelCatalogPriceChange, p.Is.Name,
				euros(p.Was.PriceCents), euros(p.Is.PriceCents)))
		}
		if p.OtherChanged() {
			out = append(out, central.Message(central.LabelCatalogOtherChange, p.Is.Name))
		}
	}
	if c.Categories {
		out = append(out, central.Message(central.LabelCatalogCategoriesEdit))
	}
	if c.Ingredients {
		out = append(out, central.Message(central.LabelCatalogIngredientEdit))
	}
	return out
}
