package central

import (
	"context"
	"time"

	"github.com/ocpizza/ocpizza/syncproto"
)

// CatalogVersion is a published version of the catalog: the document sent
// to every pizzeria, numbered from 1.
type CatalogVersion struct {
	Version     int64     `json:"version"`
	Products    int       `json:"products"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy string    `json:"published_by,omitempty"`
	Pizzerias   int       `json:"pizzerias"` // how many it was sent to
}

// CatalogService manages the catalog head office sells: categories,
// ingredients, products with their price and recipe. Changes are made to
// the catalog being edited; publishing it makes a numbered version, sent
// to every pizzeria through the down outbox in the same transaction.
type CatalogService interface {
	// FindCatalog returns the catalog being edited as a document, with the
	// number the next version will have.
	FindCatalog(ctx context.Context) (*syncproto.Catalog, error)

	// ReplaceCatalog replaces the catalog being edited by a document (its
	// version number is ignored). Returns EINVALID for a document that
	// does not validate.
	ReplaceCatalog(ctx context.Context, c *syncproto.Catalog) error

	// SaveCategory, SaveIngredient and SaveProduct create or update one
	// entry of the catalog being edited; a product comes with its price
	// and whole recipe. They return EINVALID for bad input, such as a
	// recipe naming an unknown ingredient.
	SaveCategory(ctx context.Context, c syncproto.CatalogCategory) error
	SaveIngredient(ctx context.Context, i syncproto.CatalogIngredient) error
	SaveProduct(ctx context.Context, p syncproto.CatalogProduct) error

	// DeleteProduct withdraws a product from the catalog being edited.
	// Returns ENOTFOUND for an unknown product.
	DeleteProduct(ctx context.Context, id string) error

	// PublishCatalog numbers the catalog being edited as a new version
	// and enqueues a catalog.version command for every pizzeria, in one
	// transaction. The number is above every version central published
	// and every version a pizzeria reported applying. Returns EINVALID
	// when the catalog does not validate (an empty recipe, nothing to
	// sell) and ECONFLICT when it is over the size a message may have.
	PublishCatalog(ctx context.Context, by string) (*CatalogVersion, error)

	// FindCatalogVersions returns the published versions, newest first.
	FindCatalogVersions(ctx context.Context) ([]*CatalogVersion, error)

	// FindPublishedCatalog returns the newest published version as its
	// document, or nil when none has been published.
	FindPublishedCatalog(ctx context.Context) (*syncproto.Catalog, error)

	// FindCatalogAnswers returns, for every pizzeria in id order, the
	// catalog.version command that sent it version and its answer (see
	// catalog_status.go); a pizzeria opened after the version has none.
	FindCatalogAnswers(ctx context.Context, version int64) ([]*CatalogAnswer, error)
}
