package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// Ensure the service is implemented.
var _ central.ShopService = (*DB)(nil)

// shopPizzeriaQuery reads pizzerias with the last time central heard from
// each: its last heartbeat, or the last hello or event of any epoch.
const shopPizzeriaQuery = `
	SELECT p.id, p.name, p.postcodes,
		greatest(
			(SELECT max(e.last_seen_at) FROM epochs e WHERE e.pizzeria_id = p.id),
			(SELECT h.received_at FROM heartbeats h WHERE h.pizzeria_id = p.id))
	FROM pizzerias p`

// FindShopPizzerias implements central.ShopService.
func (db *DB) FindShopPizzerias(ctx context.Context) ([]*central.ShopPizzeria, error) {
	pizzerias, err := db.queryShopPizzerias(ctx, shopPizzeriaQuery+` ORDER BY p.id`)
	if err != nil {
		return nil, fmt.Errorf("find shop pizzerias: %w", err)
	}
	return pizzerias, nil
}

// FindPizzeriasServing implements central.ShopService.
func (db *DB) FindPizzeriasServing(ctx context.Context,
	postcode string) ([]*central.ShopPizzeria, error) {
	if err := central.ValidatePostcode("postcode", postcode); err != nil {
		return nil, err
	}
	pizzerias, err := db.queryShopPizzerias(ctx,
		shopPizzeriaQuery+` WHERE $1 = ANY (p.postcodes) ORDER BY p.id`, postcode)
	if err != nil {
		return nil, fmt.Errorf("find pizzerias serving %s: %w", postcode, err)
	}
	if len(pizzerias) == 0 {
		e := central.Errorm(central.ENOTFOUND, central.MsgNoPizzeriaServes, postcode)
		e.Field = "postcode"
		return nil, e
	}
	return pizzerias, nil
}

// queryShopPizzerias runs a shopPizzeriaQuery and works out who is online.
func (db *DB) queryShopPizzerias(ctx context.Context, query string,
	args ...any) ([]*central.ShopPizzeria, error) {
	now := db.Now().UTC()
	rows, err := db.Pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*central.ShopPizzeria, error) {
		var p central.ShopPizzeria
		if err := row.Scan(&p.ID, &p.Name, &p.Postcodes, &p.LastSeenAt); err != nil {
			return nil, err
		}
		p.LastSeenAt = utc(p.LastSeenAt)
		p.Online = p.LastSeenAt != nil && now.Sub(*p.LastSeenAt) <= central.OnlineWindow
		return &p, nil
	})
}

// menuSource is what a menu is made of, read in one snapshot.
type menuSource struct {
	pizzeria  *central.ShopPizzeria
	catalog   *syncproto.Catalog // nil before any version is published
	onHand    map[string]int64   // by ingredient
	available map[string]bool    // the pizzeria's switches, by product
}

// FindMenu implements central.ShopService. The catalog is the latest
// published version; the figures are the pizzeria's projections.
func (db *DB) FindMenu(ctx context.Context, pizzeriaID string) (*central.Menu, error) {
	if !syncproto.ValidPizzeriaID(pizzeriaID) {
		return nil, central.Errorm(central.ENOTFOUND, central.MsgUnknownPizzeria, pizzeriaID)
	}
	var src *menuSource
	err := pgx.BeginTxFunc(ctx, db.Pool, pgx.TxOptions{AccessMode: pgx.ReadOnly,
		IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		var err error
		src, err = db.readMenuSource(ctx, tx, pizzeriaID)
		return err
	})
	var appErr *central.Error
	switch {
	case errors.As(err, &appErr):
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("find menu of %s: %w", pizzeriaID, err)
	}
	return buildMenu(src), nil
}

// readMenuSource reads the pizzeria, the latest catalog version, the
// pizzeria's stock and its availability switches.
func (db *DB) readMenuSource(ctx context.Context, tx pgx.Tx,
	pizzeriaID string) (*menuSource, error) {
	src := &menuSource{onHand: map[string]int64{}, available: map[string]bool{}}

	// The pizzeria, with when it was last heard from.
	now := db.Now().UTC()
	p := &central.ShopPizzeria{}
	err := tx.QueryRow(ctx, shopPizzeriaQuery+` WHERE p.id = $1`, pizzeriaID).
		Scan(&p.ID, &p.Name, &p.Postcodes, &p.LastSeenAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, central.Errorm(central.ENOTFOUND, central.MsgUnknownPizzeria, pizzeriaID)
	} else if err != nil {
		return nil, err
	}
	p.LastSeenAt = utc(p.LastSeenAt)
	p.Online = p.LastSeenAt != nil && now.Sub(*p.LastSeenAt) <= central.OnlineWindow
	src.pizzeria = p

	// The latest published catalog.
	if src.catalog, err = latestCatalog(ctx, tx); err != nil {
		return nil, err
	}

	// The pizzeria's stock and switches.
	var ingredient string
	var onHand int64
	rows, _ := tx.Query(ctx, `
		SELECT ingredient_id, on_hand FROM stock_levels WHERE pizzeria_id = $1`, pizzeriaID)
	_, err = pgx.ForEachRow(rows, []any{&ingredient, &onHand}, func() error {
		src.onHand[ingredient] = onHand
		return nil
	})
	if err != nil {
		return nil, err
	}
	var product string
	var available bool
	rows, _ = tx.Query(ctx, `
		SELECT product_id, available FROM product_availability WHERE pizzeria_id = $1`, pizzeriaID)
	_, err = pgx.ForEachRow(rows, []any{&product, &available}, func() error {
		src.available[product] = available
		return nil
	})
	return src, err
}

// latestCatalog decodes the newest published catalog version, or returns
// nil when none has been published.
func latestCatalog(ctx context.Context, tx pgx.Tx) (*syncproto.Catalog, error) {
	var document []byte
	err := tx.QueryRow(ctx, `
		SELECT document FROM catalog_versions ORDER BY version DESC LIMIT 1`).Scan(&document)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	c, err := syncproto.DecodeCatalog(bytes.NewReader(document))
	if err != nil {
		return nil, fmt.Errorf("decode catalog: %w", err)
	}
	return c, nil
}

// buildMenu lists the catalog's products, in its order, with the
// pizzeria's figures.
func buildMenu(src *menuSource) *central.Menu {
	m := &central.Menu{Pizzeria: *src.pizzeria, Current: src.pizzeria.Online,
		FiguresAt:  src.pizzeria.LastSeenAt,
		Categories: []central.MenuCategory{}, Products: []central.MenuItem{}}
	if src.catalog == nil {
		return m
	}
	m.CatalogVersion = src.catalog.Version
	for _, c := range src.catalog.Categories {
		m.Categories = append(m.Categories, central.MenuCategory{ID: c.ID, Name: c.Name})
	}
	for _, p := range src.catalog.Products {
		available, switched := src.available[p.ID]
		m.Products = append(m.Products, central.MenuItem{
			ID: p.ID, Name: p.Name, Category: p.Category, Description: p.Description,
			PriceCents: p.PriceCents, Available: available || !switched,
			Makeable: makeable(p.Recipe, src.onHand),
		})
	}
	return m
}

// makeable returns how many units of a recipe the stock on hand allows:
// over its ingredients, the least of floor(on hand / quantity), as the
// pizzeria counts it. An empty recipe makes nothing, and negative stock
// counts as none.
func makeable(recipe []syncproto.CatalogRecipeItem, onHand map[string]int64) int64 {
	if len(recipe) == 0 {
		return 0
	}
	var least int64 = -1
	for _, item := range recipe {
		if item.Quantity <= 0 {
			return 0
		}
		n := max(onHand[item.IngredientID], 0) / item.Quantity
		if least < 0 || n < least {
			least = n
		}
	}
	return least
}
