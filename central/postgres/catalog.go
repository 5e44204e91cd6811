package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// Ensure the service is implemented.
var _ central.CatalogService = (*DB)(nil)

// FindCatalog implements central.CatalogService.
func (db *DB) FindCatalog(ctx context.Context) (*syncproto.Catalog, error) {
	var c *syncproto.Catalog
	err := pgx.BeginTxFunc(ctx, db.Pool, pgx.TxOptions{AccessMode: pgx.ReadOnly,
		IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		var err error
		c, err = readCatalog(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find catalog: %w", err)
	}
	return c, nil
}

// readCatalog reads the catalog being edited as a document numbered as
// the next version.
func readCatalog(ctx context.Context, tx pgx.Tx) (*syncproto.Catalog, error) {
	c := &syncproto.Catalog{Categories: []syncproto.CatalogCategory{},
		Ingredients: []syncproto.CatalogIngredient{}, Products: []syncproto.CatalogProduct{}}
	var err error
	if c.Version, err = nextCatalogVersion(ctx, tx); err != nil {
		return nil, err
	}

	// Categories and ingredients, in menu order.
	rows, _ := tx.Query(ctx, `SELECT id, name FROM catalog_categories ORDER BY position, id`)
	c.Categories, err = pgx.CollectRows(rows, pgx.RowToStructByPos[syncproto.CatalogCategory])
	if err != nil {
		return nil, err
	}
	rows, _ = tx.Query(ctx, `
		SELECT id, name, unit, low_threshold FROM catalog_ingredients ORDER BY position, id`)
	c.Ingredients, err = pgx.CollectRows(rows, pgx.RowToStructByPos[syncproto.CatalogIngredient])
	if err != nil {
		return nil, err
	}

	// Products, then their recipes.
	rows, _ = tx.Query(ctx, `
		SELECT id, name, category_id, description, price_cents FROM catalog_products
		ORDER BY position, id`)
	index := map[string]int{}
	var p syncproto.CatalogProduct
	_, err = pgx.ForEachRow(rows, []any{&p.ID, &p.Name, &p.Category, &p.Description, &p.PriceCents},
		func() error {
			index[p.ID] = len(c.Products)
			c.Products = append(c.Products, p)
			return nil
		})
	if err != nil {
		return nil, err
	}
	rows, _ = tx.Query(ctx, `
		SELECT product_id, ingredient_id, quantity FROM catalog_recipe_items
		ORDER BY product_id, ingredient_id`)
	var productID string
	var item syncproto.CatalogRecipeItem
	_, err = pgx.ForEachRow(rows, []any{&productID, &item.IngredientID, &item.Quantity}, func() error {
		i := index[productID]
		c.Products[i].Recipe = append(c.Products[i].Recipe, item)
		return nil
	})
	return c, err
}

// nextCatalogVersion returns the number of the next version: above every
// version published and every version a pizzeria reported applying, so
// that a pizzeria that imported a catalog by itself takes central's next.
func nextCatalogVersion(ctx context.Context, tx pgx.Tx) (int64, error) {
	var next int64
	err := tx.QueryRow(ctx, `
		SELECT 1 + greatest(
			(SELECT coalesce(max(version), 0) FROM catalog_versions),
			(SELECT coalesce(max(version), 0) FROM catalog_versions_applied))`).Scan(&next)
	if err != nil {
		return 0, fmt.Errorf("next catalog version: %w", err)
	}
	return next, nil
}

// ReplaceCatalog implements central.CatalogService. Every entry takes the
// draft's next revision.
func (db *DB) ReplaceCatalog(ctx context.Context, c *syncproto.Catalog,
	expected ...central.CatalogExpected) error {
	doc := *c
	doc.Version = 1 // the number is central's to give
	if err := doc.Validate(); err != nil {
		return central.CatalogDocumentRefusal(err)
	}
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		_, err := lockDraft(ctx, tx, expectation(expected).Draft, central.MsgCatalogDraftStale)
		if err != nil {
			return err
		}
		revision, err := nextRevision(ctx, tx)
		if err != nil {
			return err
		}
		for _, table := range []string{"catalog_recipe_items", "catalog_products",
			"catalog_ingredients", "catalog_categories"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+table); err != nil {
				return err
			}
		}
		return insertCatalog(ctx, tx, &doc, revision)
	})
	if err != nil {
		return fmt.Errorf("replace catalog: %w", err)
	}
	return nil
}

// insertCatalog writes every entry of a document, in its order, at a
// revision.
func insertCatalog(ctx context.Context, tx pgx.Tx, c *syncproto.Catalog, revision int64) error {
	b := &pgx.Batch{}
	for i, cat := range c.Categories {
		b.Queue(`
			INSERT INTO catalog_categories (id, name, position, revision)
			VALUES ($1, $2, $3, $4)`, cat.ID, cat.Name, i, revision)
	}
	for i, ing := range c.Ingredients {
		b.Queue(`
			INSERT INTO catalog_ingredients (id, name, unit, low_threshold, position, revision)
			VALUES ($1, $2, $3, $4, $5, $6)`,
			ing.ID, ing.Name, ing.Unit, ing.LowThreshold, i, revision)
	}
	for i, p := range c.Products {
		b.Queue(`
			INSERT INTO catalog_products (id, name, category_id, description, price_cents, position,
				revision)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			p.ID, p.Name, p.Category, p.Description, p.PriceCents, i, revision)
		for _, item := range p.Recipe {
			b.Queue(`
				INSERT INTO catalog_recipe_items (product_id, ingredient_id, quantity)
				VALUES ($1, $2, $3)`, p.ID, item.IngredientID, item.Quantity)
		}
	}
	return tx.SendBatch(ctx, b).Close()
}

// SaveCategory implements central.CatalogService.
func (db *DB) SaveCategory(ctx context.Context, c syncproto.CatalogCategory,
	expected ...central.CatalogExpected) error {
	if err := checkCatalogEntry(&syncproto.Catalog{Categories: []syncproto.CatalogCategory{c}}); err != nil {
		return err
	}
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		revision, err := beginChange(ctx, tx, "catalog_categories", c.ID, expectation(expected),
			central.MsgCatalogCategoryStale)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO catalog_categories (id, name, position, revision)
			VALUES ($1, $2, (SELECT coalesce(max(position), -1) + 1 FROM catalog_categories), $3)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, revision = excluded.revision`,
			c.ID, c.Name, revision)
		return err
	})
	if err != nil {
		return fmt.Errorf("save category: %w", err)
	}
	return nil
}

// SaveIngredient implements central.CatalogService.
func (db *DB) SaveIngredient(ctx context.Context, i syncproto.CatalogIngredient,
	expected ...central.CatalogExpected) error {
	if err := checkCatalogEntry(&syncproto.Catalog{Ingredients: []syncproto.CatalogIngredient{i}}); err != nil {
		return err
	}
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		revision, err := beginChange(ctx, tx, "catalog_ingredients", i.ID, expectation(expected),
			central.MsgCatalogIngredientStale)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO catalog_ingredients (id, name, unit, low_threshold, position, revision)
			VALUES ($1, $2, $3, $4,
				(SELECT coalesce(max(position), -1) + 1 FROM catalog_ingredients), $5)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit = excluded.unit,
				low_threshold = excluded.low_threshold, revision = excluded.revision`,
			i.ID, i.Name, i.Unit, i.LowThreshold, revision)
		return err
	})
	if err != nil {
		return fmt.Errorf("save ingredient: %w", err)
	}
	return nil
}

// SaveProduct implements central.CatalogService. The product and its
// whole recipe are replaced together; its category and ingredients must
// be in the catalog.
func (db *DB) SaveProduct(ctx context.Context, p syncproto.CatalogProduct,
	expected ...central.CatalogExpected) error {
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		revision, err := beginChange(ctx, tx, "catalog_products", p.ID, expectation(expected),
			central.MsgCatalogProductStale)
		if err != nil {
			return err
		}
		if err := checkProduct(ctx, tx, p); err != nil {
			return err
		}
		return writeProduct(ctx, tx, p, revision)
	})
	if err != nil {
		return fmt.Errorf("save product: %w", err)
	}
	return nil
}

// writeProduct creates or updates a product at a revision, and replaces
// its recipe.
func writeProduct(ctx context.Context, tx pgx.Tx, p syncproto.CatalogProduct,
	revision int64) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO catalog_products (id, name, category_id, description, price_cents, position,
			revision)
		VALUES ($1, $2, $3, $4, $5, (SELECT coalesce(max(position), -1) + 1 FROM catalog_products),
			$6)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, category_id = excluded.category_id,
			description = excluded.description, price_cents = excluded.price_cents,
			revision = excluded.revision`,
		p.ID, p.Name, p.Category, p.Description, p.PriceCents, revision)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM catalog_recipe_items WHERE product_id = $1`, p.ID); err != nil {
		return err
	}
	b := &pgx.Batch{}
	for _, item := range p.Recipe {
		b.Queue(`
			INSERT INTO catalog_recipe_items (product_id, ingredient_id, quantity)
			VALUES ($1, $2, $3)`, p.ID, item.IngredientID, item.Quantity)
	}
	return tx.SendBatch(ctx, b).Close()
}

// checkProduct validates a product against the category and ingredients
// of the catalog being edited.
func checkProduct(ctx context.Context, tx pgx.Tx, p syncproto.CatalogProduct) error {
	doc := &syncproto.Catalog{Products: []syncproto.CatalogProduct{p}}
	doc.Categories = []syncproto.CatalogCategory{{ID: p.Category, Name: "-"}}
	rows, _ := tx.Query(ctx, `SELECT id, name, unit, low_threshold FROM catalog_ingredients`)
	ingredients, err := pgx.CollectRows(rows, pgx.RowToStructByPos[syncproto.CatalogIngredient])
	if err != nil {
		return err
	}
	doc.Ingredients = ingredients

	var known bool
	err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM catalog_categories WHERE id = $1)`,
		p.Category).Scan(&known)
	if err != nil {
		return err
	}
	if !known {
		return central.Invalid("category", central.MsgUnknownCategory, p.Category)
	}
	return checkCatalogEntry(doc)
}

// checkCatalogEntry validates a document made of the entries being saved.
func checkCatalogEntry(doc *syncproto.Catalog) error {
	doc.Version = 1
	if err := doc.Validate(); err != nil {
		return central.CatalogRefusal(err)
	}
	return nil
}

// DeleteProduct implements central.CatalogService. The product is
// deleted, then its revision checked: a refusal rolls the deletion back.
func (db *DB) DeleteProduct(ctx context.Context, id string,
	expected ...central.CatalogExpected) error {
	e := expectation(expected)
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		if _, err := lockDraft(ctx, tx, e.Draft, central.MsgCatalogDraftStale); err != nil {
			return err
		}
		var revision int64
		err := tx.QueryRow(ctx, `
			DELETE FROM catalog_products WHERE id = $1 RETURNING revision`, id).Scan(&revision)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return central.Errorm(central.ENOTFOUND, central.MsgProductNotFound, id)
		case err != nil:
			return err
		case e.Entry != 0 && e.Entry != revision:
			return central.Errorm(central.ECONFLICT, central.MsgCatalogProductStale)
		}
		_, err = nextRevision(ctx, tx)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete product: %w", err)
	}
	return nil
}
