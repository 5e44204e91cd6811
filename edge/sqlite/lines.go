package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

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

// add counts a line's quantity against its product, loading the product's
// recipe the first time it is seen.
func (r *resolvedLines) add(ctx context.Context, tx *Tx, productID, name string, qty int64) error {
	for _, p := range r.products {
		if p.id == productID {
			p.quantity += qty
			return nil
		}
	}
	recipe, err := tx.recipe(ctx, productID)
	if err != nil {
		return err
	}
	r.products = append(r.products, &orderedProduct{id: productID, name: name, quantity: qty, recipe: recipe})
	return nil
}

// resolveLines checks lines asked by a caller against the menu and takes
// the price snapshot of each. An unknown product is EINVALID naming its
// line; a product switched off locally is ECONFLICT.
func (tx *Tx) resolveLines(ctx context.Context, creates []edge.LineCreate) (*resolvedLines, error) {
	r := &resolvedLines{}
	for i, c := range creates {
		var name string
		var price int64
		var available bool
		err := tx.QueryRowContext(ctx, `
			SELECT name, price_cents, available FROM products WHERE id = ? AND active = 1`,
			c.ProductID).Scan(&name, &price, &available)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, edge.Invalid(fmt.Sprintf("lines[%d].product_id", i), edge.MsgUnknownProduct, c.ProductID)
		} else if err != nil {
			return nil, fmt.Errorf("resolve lines: %w", err)
		}
		if !available {
			return nil, edge.Errorf(edge.ECONFLICT, edge.MsgProductUnavailable, name)
		}
		r.lines = append(r.lines, edge.Line{
			ProductID: c.ProductID, ProductName: name, Quantity: c.Quantity,
			UnitPriceCents: price, Note: c.Note,
		})
		if err := r.add(ctx, tx, c.ProductID, name, c.Quantity); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// storedLines returns the lines an order holds, with today's recipes, to
// take its stock when a placed order is accepted.
func (tx *Tx) storedLines(ctx context.Context, o *edge.Order) (*resolvedLines, error) {
	r := &resolvedLines{lines: o.Lines}
	for _, l := range o.Lines {
		if err := r.add(ctx, tx, l.ProductID, l.ProductName, l.Quantity); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// recipe returns the recipe of a product.
func (tx *Tx) recipe(ctx context.Context, productID string) ([]edge.RecipeItem, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT ingredient_id, quantity FROM recipe_items WHERE product_id = ? ORDER BY ingredient_id`,
		productID)
	if err != nil {
		return nil, fmt.Errorf("recipe of %s: %w", productID, err)
	}
	defer rows.Close()
	var recipe []edge.RecipeItem
	for rows.Next() {
		var item edge.RecipeItem
		if err := rows.Scan(&item.IngredientID, &item.Quantity); err != nil {
			return nil, fmt.Errorf("recipe of %s: %w", productID, err)
		}
		recipe = append(recipe, item)
	}
	return recipe, rows.Err()
}
