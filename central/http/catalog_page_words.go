package http

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// newAnswerRow puts a pizzeria's answer to a version into words.
func newAnswerRow(a *central.CatalogAnswer) answerRow {
	row := answerRow{ID: a.Pizzeria, Name: a.PizzeriaName}
	switch {
	case !a.Sent():
		row.State, row.Text = "not-sent", central.Message(central.LabelCatalogNotSent)
	case a.Answer == central.AnswerAccepted:
		row.State = "applied"
		row.Text = central.Message(central.LabelCatalogApplied, answerTime(a.AnsweredAt))
	case a.Answer == central.AnswerRefused:
		reason := a.AnswerReason
		if reason == "" {
			reason = a.AnswerCode
		}
		row.State = "refused"
		row.Text = central.Message(central.LabelCatalogRefused, answerTime(a.AnsweredAt), reason)
	case a.PublishedAt == nil:
		row.State, row.Text = "pending", central.Message(central.LabelCatalogWaitingSend)
	default:
		row.State, row.Text = "pending", central.Message(central.LabelCatalogWaitingAnswer)
	}
	return row
}

// answerTime writes when a pizzeria answered, in Paris.
func answerTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return parisTime(*t)
}

// recipeSummary writes a recipe on one line: "Pâte à pizza 1 pièce(s) ·
// Mozzarella 125 g".
func recipeSummary(items []syncproto.CatalogRecipeItem,
	ingredients map[string]syncproto.CatalogIngredient) string {
	parts := make([]string, 0, len(items))
	for _, item := range items {
		ing, ok := ingredients[item.IngredientID]
		if !ok {
			ing = syncproto.CatalogIngredient{Name: item.IngredientID}
		}
		parts = append(parts, ing.Name+" "+quantity(item.Quantity, ing.Unit))
	}
	return strings.Join(parts, " · ")
}

// quantity writes an amount of an ingredient with its unit: "125 g".
func quantity(n int64, unit string) string {
	return strings.TrimSpace(strconv.FormatInt(n, 10) + " " + unitShort(unit))
}

// unitWords are the words of each unit an ingredient is counted in: its
// symbol after a quantity, and its name in a list.
var unitWords = map[string]struct{ short, name central.MessageKey }{
	"g":     {central.LabelUnitG, central.LabelUnitGName},
	"ml":    {central.LabelUnitML, central.LabelUnitMLName},
	"piece": {central.LabelUnitPiece, central.LabelUnitPieceName},
}

// unitShort is the symbol of a unit; an unknown unit is shown as it is.
func unitShort(unit string) string {
	if words, ok := unitWords[unit]; ok {
		return central.Message(words.short)
	}
	return unit
}

// unitName is the name of a unit in a list; an unknown unit is shown as
// it is.
func unitName(unit string) string {
	if words, ok := unitWords[unit]; ok {
		return central.Message(words.name)
	}
	return unit
}

// catalogNotice confirms the change a form just made, named by ?avis=
// and the entry's id, with the entry's name; anything else says nothing.
func catalogNotice(r *http.Request, v *catalogView) string {
	q := r.URL.Query()
	id := q.Get("id")
	switch q.Get("avis") {
	case "publie":
		return publishNotice(q.Get("version"), q.Get("inchange") == "1", v.versions)
	case "produit":
		return savedNotice(productName(v.draft, id))
	case "ingredient":
		return savedNotice(ingredientName(v.draft, id))
	case "categorie":
		return savedNotice(categoryName(v.draft, id))
	case "retire":
		if name := productName(v.published, id); name != "" {
			return central.Message(central.LabelCatalogDeleted, name)
		}
		return central.Message(central.LabelCatalogDeletedAny)
	}
	return ""
}

// publishNotice confirms a publication, with how many pizzerias the
// version went to.
func publishNotice(version string, unchanged bool, versions []*central.CatalogVersion) string {
	for i, cv := range versions {
		if strconv.FormatInt(cv.Version, 10) != version {
			continue
		}
		if unchanged && i+1 < len(versions) {
			return central.Message(central.LabelCatalogPublishedSame, cv.Version,
				versions[i+1].Version, cv.Pizzerias)
		}
		return central.Message(central.LabelCatalogPublished, cv.Version, cv.Pizzerias)
	}
	return ""
}

func savedNotice(name string) string {
	if name == "" {
		return ""
	}
	return central.Message(central.LabelCatalogSaved, name)
}

// productName, ingredientName and categoryName find an entry's name in a
// catalog, or "".
func productName(c *syncproto.Catalog, id string) string {
	if p := findProduct(c, id); p != nil {
		return p.Name
	}
	return ""
}

func ingredientName(c *syncproto.Catalog, id string) string {
	if i := findIngredient(c, id); i != nil {
		return i.Name
	}
	return ""
}

func categoryName(c *syncproto.Catalog, id string) string {
	if cat := findCategory(c, id); cat != nil {
		return cat.Name
	}
	return ""
}

// findProduct, findIngredient and findCategory find an entry of a
// catalog by id, or nil; a nil catalog has none.
func findProduct(c *syncproto.Catalog, id string) *syncproto.CatalogProduct {
	for i := 0; c != nil && i < len(c.Products); i++ {
		if c.Products[i].ID == id {
			return &c.Products[i]
		}
	}
	return nil
}

func findIngredient(c *syncproto.Catalog, id string) *syncproto.CatalogIngredient {
	for i := 0; c != nil && i < len(c.Ingredients); i++ {
		if c.Ingredients[i].ID == id {
			return &c.Ingredients[i]
		}
	}
	return nil
}

func findCategory(c *syncproto.Catalog, id string) *syncproto.CatalogCategory {
	for i := 0; c != nil && i < len(c.Categories); i++ {
		if c.Categories[i].ID == id {
			return &c.Categories[i]
		}
	}
	return nil
}
