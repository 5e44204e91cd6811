package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

// Ensure the service is implemented.
var _ edge.CatalogService = (*DB)(nil)

// ImportCatalog applies a catalog document atomically: categories,
// ingredients, products and recipes are upserted, products missing from the
// document are withdrawn from the menu, stock on hand and each product's
// local availability are kept. A version older than the one applied is
// refused.
func (db *DB) ImportCatalog(ctx context.Context, c *syncproto.Catalog) error {
	if err := c.Validate(); err != nil {
		return &edge.Error{Code: edge.EINVALID, Message: edge.Message(edge.MsgBadCatalog, err)}
	}
	return db.update(ctx, func(tx *Tx) error {
		var current int64
		err := tx.QueryRowContext(ctx, `SELECT catalog_version FROM sync_state`).Scan(&current)
		if err != nil {
			return fmt.Errorf("import catalog: %w", err)
		}
		if c.Version < current {
			return edge.Errorf(edge.ECONFLICT, edge.MsgCatalogOlder, c.Version, current)
		}
		if err := tx.importCatalog(ctx, c); err != nil {
			return fmt.Errorf("import catalog: %w", err)
		}
		return tx.emit(ctx, syncproto.EventCatalogApplied, syncproto.CatalogAppliedPayload{Version: c.Version})
	})
}

func (tx *Tx) importCatalog(ctx context.Context, c *syncproto.Catalog) error {
	// Categories, in the document's order.
	for i, cat := range c.Categories {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO categories (id, name, position) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, position = excluded.position`,
			cat.ID, cat.Name, i)
		if err != nil {
			return err
		}
	}

	// Ingredients keep their stock; a unit cannot change under stock.
	for _, ing := range c.Ingredients {
		var unit string
		var onHand int64
		err := tx.QueryRowContext(ctx, `SELECT unit, on_hand FROM ingredients WHERE id = ?`, ing.ID).
			Scan(&unit, &onHand)
		if err == nil && unit != ing.Unit && onHand != 0 {
			return edge.Errorf(edge.ECONFLICT, edge.MsgCatalogUnitChange, ing.ID)
		} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO ingredients (id, name, unit, low_threshold) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit = excluded.unit,
				low_threshold = excluded.low_threshold`,
			ing.ID, ing.Name, ing.Unit, ing.LowThreshold)
		if err != nil {
			return err
		}
	}

	// Products: all withdrawn, then those of the document put back with
	// their recipes. The local availability switch is left untouched.
	if _, err := tx.ExecContext(ctx, `UPDATE products SET active = 0`); err != nil {
		return err
	}
	for i, p := range c.Products {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO products (id, name, category_id, price_cents, description, position, active)
			VALUES (?, ?, ?, ?, ?, ?, 1)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, category_id = excluded.category_id,
				price_cents = excluded.price_cents, description = excluded.description,
				position = excluded.position, active = 1`,
			p.ID, p.Name, p.Category, p.PriceCents, p.Description, i)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM recipe_items WHERE product_id = ?`, p.ID); err != nil {
			return err
		}
		for _, item := range p.Recipe {
			_, err := tx.ExecContext(ctx, `
				INSERT INTO recipe_items (product_id, ingredient_id, quantity) VALUES (?, ?, ?)`,
				p.ID, item.IngredientID, item.Quantity)
			if err != nil {
				return err
			}
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE sync_state SET catalog_version = ?`, c.Version)
	return err
}

// FindProducts implements edge.CatalogService.
func (db *DB) FindProducts(ctx context.Context) ([]*edge.Product, error) {
	return findProducts(ctx, db.read, "")
}

// FindProductByID implements edge.CatalogService.
func (db *DB) FindProductByID(ctx context.Context, id string) (*edge.Product, error) {
	products, err := findProducts(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	if len(products) == 0 {
		return nil, edge.Errorf(edge.ENOTFOUND, edge.MsgProductNotFound)
	}
	return products[0], nil
}

// queryer is what both pools and a transaction can read with.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// findProducts returns the active products (or just one when id is set)
// with recipes and makeable counts, in menu order.
func findProducts(ctx context.Context, q queryer, id string) ([]*edge.Product, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT p.id, p.name, p.category_id, p.description, p.price_cents, p.available,
		       r.ingredient_id, i.name, i.unit, r.quantity, i.on_hand
		FROM products p
		JOIN categories c ON c.id = p.category_id
		LEFT JOIN recipe_items r ON r.product_id = p.id
		LEFT JOIN ingredients i ON i.id = r.ingredient_id
		WHERE p.active = 1 AND (? = '' OR p.id = ?)
		ORDER BY c.position, p.position, r.ingredient_id`, id, id)
	if err != nil {
		return nil, fmt.Errorf("find products: %w", err)
	}
	defer rows.Close()

	var products []*edge.Product
	onHand := map[string]int64{}
	for rows.Next() {
		var p edge.Product
		var ingID, ingName, unit sql.NullString
		var qty, have sql.NullInt64
		err := rows.Scan(&p.ID, &p.Name, &p.Category, &p.Description, &p.PriceCents, &p.Available,
			&ingID, &ingName, &unit, &qty, &have)
		if err != nil {
			return nil, fmt.Errorf("find products: %w", err)
		}
		if n := len(products); n == 0 || products[n-1].ID != p.ID {
			products = append(products, &p)
		}
		if ingID.Valid {
			last := products[len(products)-1]
			last.Recipe = append(last.Recipe, edge.RecipeItem{
				IngredientID: ingID.String, Name: ingName.String,
				Unit: edge.Unit(unit.String), Quantity: qty.Int64,
			})
			onHand[ingID.String] = have.Int64
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find products: %w", err)
	}
	for _, p := range products {
		p.Makeable = edge.Makeable(p.Recipe, onHand)
	}
	return products, nil
}

// SetProductAvailability implements edge.CatalogService.
func (db *DB) SetProductAvailability(ctx context.Context, actor *edge.User, id string, available bool) (*edge.Product, error) {
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE products SET available = ? WHERE id = ? AND active = 1`, available, id)
		if err != nil {
			return fmt.Errorf("set availability: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return edge.Errorf(edge.ENOTFOUND, edge.MsgProductNotFound)
		}
		return tx.emit(ctx, syncproto.EventProductAvailability, syncproto.AvailabilityPayload{
			ProductID: id, Available: available, By: actor.Username,
		})
	})
	if err != nil {
		return nil, err
	}
	return db.FindProductByID(ctx, id)
}
