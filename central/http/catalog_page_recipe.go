package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// maxRecipeLines bounds the lines a product form may post; blankLines is
// how many empty lines the form offers to fill.
const (
	maxRecipeLines = 40
	blankLines     = 3
)

// productFields are the fields of the product form that a refusal can be
// shown next to.
var productFields = []string{"id", "nom", "categorie", "prix", "recette"}

// productForm is the product form, every value as typed.
type productForm struct {
	catalogForm
	ID, Name, Category, Description, Price string
	Lines                                  []recipeLine
	Categories                             []syncproto.CatalogCategory
	Ingredients                            []ingredientOption
}

// recipeLine is one line of the recipe in the form: Index names its
// fields, Number is how people count it.
type recipeLine struct {
	Index, Number        int
	Ingredient, Quantity string
	Error                string
}

// ingredientOption is an ingredient a recipe line may choose.
type ingredientOption struct {
	ID, Label string
}

// newProductForm returns the form of a product of catalog c, or of a new
// product when p is nil.
func newProductForm(c *syncproto.Catalog, p *syncproto.CatalogProduct,
	u *central.User) *productForm {
	f := &productForm{catalogForm: catalogForm{User: u, New: p == nil}}
	f.choices(c)
	if p == nil {
		f.Title = central.Message(central.LabelCatalogNewProduct)
		f.Action = "/catalogue/ajout/produit"
		f.addBlankLines()
		return f
	}
	f.Title = central.Message(central.LabelCatalogEditProduct, p.Name)
	f.Action = "/catalogue/produits/" + p.ID
	f.ID, f.Name, f.Category, f.Description = p.ID, p.Name, p.Category, p.Description
	f.Price = priceText(p.PriceCents)
	for _, item := range p.Recipe {
		f.addLine(item.IngredientID, strconv.FormatInt(item.Quantity, 10))
	}
	f.addBlankLines()
	return f
}

// choices sets the categories and ingredients the form chooses from.
func (f *productForm) choices(c *syncproto.Catalog) {
	f.Categories = c.Categories
	for _, ing := range c.Ingredients {
		f.Ingredients = append(f.Ingredients, ingredientOption{ID: ing.ID,
			Label: ing.Name + " — " + unitShort(ing.Unit)})
	}
}

// addBlankLines offers empty lines to fill, within the bound.
func (f *productForm) addBlankLines() {
	for n := 0; n < blankLines && len(f.Lines) < maxRecipeLines; n++ {
		f.addLine("", "")
	}
}

// addLine appends a line to the recipe in the form.
func (f *productForm) addLine(ingredient, quantity string) {
	n := len(f.Lines)
	f.Lines = append(f.Lines, recipeLine{Index: n, Number: n + 1, Ingredient: ingredient,
		Quantity: quantity})
}

// readProductForm reads a posted product form as typed. Its id comes
// from the path for a product being edited, from the form for a new one.
// Lines marked to be removed and empty lines are dropped.
func readProductForm(form url.Values, c *syncproto.Catalog, p *syncproto.CatalogProduct,
	u *central.User) (*productForm, error) {
	f := newProductForm(c, p, u)
	f.Lines = nil
	if f.New {
		f.ID = strings.TrimSpace(form.Get("id"))
	}
	f.Name, f.Category = strings.TrimSpace(form.Get("nom")), form.Get("categorie")
	f.Description, f.Price = strings.TrimSpace(form.Get("description")), form.Get("prix")

	// The lines, as many as the form says it has.
	n, ok := parseCount(form.Get("lignes"))
	if !ok || n > maxRecipeLines {
		err := central.Errorm(central.EBADREQUEST, central.MsgCatalogTooManyLines, maxRecipeLines)
		return nil, err
	}
	for i := range int(n) {
		prefix := "ligne-" + strconv.Itoa(i) + "-"
		ingredient := form.Get(prefix + "ingredient")
		quantity := strings.TrimSpace(form.Get(prefix + "quantite"))
		if form.Get(prefix+"retirer") != "" || (ingredient == "" && quantity == "") {
			continue
		}
		f.addLine(ingredient, quantity)
	}
	return f, nil
}

// product parses the form into a product for the catalog service, or
// puts the sentences next to the fields that do not read and returns the
// status to answer: 409 for a new product whose id is taken, else 422.
// The rules of the catalog itself are the service's to check.
func (f *productForm) product(c *syncproto.Catalog) (syncproto.CatalogProduct, int) {
	p := syncproto.CatalogProduct{ID: f.ID, Name: f.Name, Category: f.Category,
		Description: f.Description, Recipe: []syncproto.CatalogRecipeItem{}}
	cents, ok := parsePrice(f.Price)
	if !ok {
		f.refuse("prix", central.MsgCatalogPriceFormat)
	}
	p.PriceCents = cents

	// Each line names an ingredient and a whole quantity.
	for i := range f.Lines {
		line := &f.Lines[i]
		q, ok := parseCount(line.Quantity)
		switch {
		case line.Ingredient == "":
			line.Error = central.Message(central.MsgCatalogLineIngredient)
		case !ok:
			line.Error = central.Message(central.MsgCatalogQuantityFormat)
		default:
			p.Recipe = append(p.Recipe, syncproto.CatalogRecipeItem{IngredientID: line.Ingredient,
				Quantity: q})
			continue
		}
		f.FormError = central.Message(central.MsgCatalogFormError)
	}

	// A new product may not take the id of another.
	if f.New && findProduct(c, f.ID) != nil {
		f.refuse("id", central.MsgCatalogIDTaken, f.ID)
		return p, http.StatusConflict
	}
	if f.failed() {
		return p, http.StatusUnprocessableEntity
	}
	return p, 0
}
