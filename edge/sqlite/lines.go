package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/ocpizza/ocpizza/edge"
)

// orderedProduct is one product of an order with its total quantity and
// the recipe it is made with.
type orderedProduct struct {
	id, name string
	quantity int64
	recipe   []edge.RecipeItem
}

// resolvedLines are an order's lines checked against the catalog, with the
// products they name gathered once each.
type resolvedLines struct {
	lines    []edge.Line
	products []*orderedProduct
}

// needs returns how much of each ingredient the lines use.
func (r *resolvedLines) needs() map[string]int64 {
	needs := map[string]int64{}
	if r == nil {
		return needs
	}
	for _, p := range r.products {
		for _, item := range p.recipe {
			needs[item.IngredientID] += item.Quantity * p.quantity
		}
	}
	return needs
}

// total returns the sum of the lines at their price snapshots.
func (r *resolvedLines) total() int64 {
	var total int64
	for _, l := range r.lines {
		total += l.Quantity * l.UnitPriceCents
	}
	return total
}

// keepPrices gives the lines of products already on an order the price
// they were ordered at: changing an order does not reprice what the
// customer had already agreed to.
func (r *resolvedLines) keepPrices(previous []edge.Line) {
	agreed := map[string]int64{}
	for _, l := range previous {
		if _, ok := agreed[l.ProductID]; !ok {
			agreed[l.ProductID] = l.UnitPriceCents
		}
	}
	for i := range r.lines {
		if price, ok := agreed[r.lines[i].ProductID]; ok {
			r.lines[i].UnitPriceCents = price
		}
	}
}

// add counts a line's quantity against its product.
func (r *resolvedLines) add(p *menuProduct, qty int64) {
	for _, op := range r.products {
		if op.id == p.id {
			op.quantity += qty
			return
		}
	}
	r.products = append(r.products, &orderedProduct{id: p.id, name: p.name, quantity: qty, recipe: p.recipe})
}

// menuProduct is what an order needs to know of a product.
type menuProduct struct {
	id, name  string
	price     int64
	available bool
	recipe    []edge.RecipeItem
}

// resolveLines checks lines asked by a caller against the menu and takes
// the price snapshot of each. An unknown product is EINVALID naming its
// line; a product switched off locally is ECONFLICT.
func (tx *Tx) resolveLines(ctx context.Context, creates []edge.LineCreate) (*resolvedLines, error) {
	ids := make([]string, len(creates))
	for i, c := range creates {
		ids[i] = c.ProductID
	}
	products, err := tx.menuProducts(ctx, ids)
	if err != nil {
		return nil, err
	}

	r := &resolvedLines{}
	for i, c := range creates {
		p, ok := products[c.ProductID]
		if !ok {
			return nil, edge.Invalid(fmt.Sprintf("lines[%d].product_id", i), edge.MsgUnknownProduct, c.ProductID)
		}
		if !p.available {
			return nil, edge.Errorf(edge.ECONFLICT, edge.MsgProductUnavailable, p.name)
		}
		r.lines = append(r.lines, edge.Line{
			ProductID: c.ProductID, ProductName: p.name, Quantity: c.Quantity,
			UnitPriceCents: p.price, Note: c.Note,
		})
		r.add(p, c.Quantity)
	}
	return r, nil
}

// storedLines returns the lines an order holds, with today's recipes, to
// take its stock when a placed order is accepted.
func (tx *Tx) storedLines(ctx context.Context, o *edge.Order) (*resolvedLines, error) {
	ids := make([]string, len(o.Lines))
	for i, l := range o.Lines {
		ids[i] = l.ProductID
	}
	products, err := tx.menuProducts(ctx, ids)
	if err != nil {
		return nil, err
	}
	r := &resolvedLines{lines: o.Lines}
	for _, l := range o.Lines {
		// Withdrawn from the catalog or switched off since it was ordered:
		// it cannot be made now.
		p, ok := products[l.ProductID]
		if !ok || !p.available {
			return nil, edge.Errorf(edge.ECONFLICT, edge.MsgProductUnavailable, l.ProductName)
		}
		r.add(p, l.Quantity)
	}
	return r, nil
}

// menuProducts loads the active products among ids, with their recipes, in
// one query.
func (tx *Tx) menuProducts(ctx context.Context, ids []string) (map[string]*menuProduct, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT p.id, p.name, p.price_cents, p.available, r.ingredient_id, r.quantity
		FROM products p JOIN recipe_items r ON r.product_id = p.id
		WHERE p.active = 1 AND p.id IN (`+placeholders(len(ids))+`)
		ORDER BY p.id, r.ingredient_id`, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("load products: %w", err)
	}
	defer rows.Close()

	products := map[string]*menuProduct{}
	for rows.Next() {
		var p menuProduct
		var item edge.RecipeItem
		err := rows.Scan(&p.id, &p.name, &p.price, &p.available, &item.IngredientID, &item.Quantity)
		if err != nil {
			return nil, fmt.Errorf("load products: %w", err)
		}
		if products[p.id] == nil {
			products[p.id] = &p
		}
		products[p.id].recipe = append(products[p.id].recipe, item)
	}
	return products, rows.Err()
}

// placeholders returns n comma-separated question marks for an IN list.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// anys converts strings to query arguments.
func anys(values []string) []any {
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return args
}
