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

// CatalogDraft is the catalog being edited with its revisions: the
// document the next version will be, the revision of the whole draft, and
// the revision of each entry by id. Every change of the draft takes the
// next draft revision, and the entries it changes take it as theirs; a
// product's revision covers its recipe.
type CatalogDraft struct {
	Catalog     *syncproto.Catalog
	Revision    int64
	Categories  map[string]int64
	Ingredients map[string]int64
	Products    map[string]int64
}

// CatalogExpected is what a change of the catalog being edited expects to
// find, as its author read it: the revision of the whole draft, and of the
// entry it changes (the entry's own revision, so that a change elsewhere
// in the draft does not get in its way). A zero revision is not checked; a
// negative one matches nothing, so the change is refused as stale (a form
// that lost the revision it was shown with). New says the change creates
// the entry: an id already taken is then ECONFLICT on the field "id".
type CatalogExpected struct {
	Draft int64
	Entry int64
	New   bool
}

// CatalogService manages the catalog head office sells: categories,
// ingredients, products with their price and recipe. Changes are made to
// the catalog being edited; publishing it makes a numbered version, sent
// to every pizzeria through the down outbox in the same transaction.
type CatalogService interface {
	// FindCatalog returns the catalog being edited as a document, with the
	// number the next version will have.
	FindCatalog(ctx context.Context) (*syncproto.Catalog, error)

	// FindCatalogDraft returns the catalog being edited with the revision
	// of the draft and of each entry, all read at the same instant.
	FindCatalogDraft(ctx context.Context) (*CatalogDraft, error)

	// The changes below take at most one CatalogExpected; without it, or
	// with zero fields, they check nothing and the last change wins (the
	// import and demo-data commands). A change whose expectation does not
	// hold, because someone changed the draft or the entry since it was
	// read, returns ECONFLICT and writes nothing: the check and the write
	// are one transaction, so of two changes made from the same revision
	// exactly one succeeds.

	// ReplaceCatalog replaces the catalog being edited by a document (its
	// version number is ignored); it checks only the draft revision.
	// Returns EINVALID for a document that does not validate.
	ReplaceCatalog(ctx context.Context, c *syncproto.Catalog, expected ...CatalogExpected) error

	// SaveCategory, SaveIngredient and SaveProduct create or update one
	// entry of the catalog being edited; a product comes with its price
	// and whole recipe. They return EINVALID for bad input, such as a
	// recipe naming an unknown ingredient, and ECONFLICT for a stale
	// revision, or an entry revision given for an entry that no longer
	// exists.
	SaveCategory(ctx context.Context, c syncproto.CatalogCategory,
		expected ...CatalogExpected) error
	SaveIngredient(ctx context.Context, i syncproto.CatalogIngredient,
		expected ...CatalogExpected) error
	SaveProduct(ctx context.Context, p syncproto.CatalogProduct,
		expected ...CatalogExpected) error

	// DeleteProduct withdraws a product from the catalog being edited.
	// Returns ENOTFOUND for an unknown product and ECONFLICT for a stale
	// revision.
	DeleteProduct(ctx context.Context, id string, expected ...CatalogExpected) error

	// PublishCatalog numbers the catalog being edited as a new version
	// and enqueues a catalog.version command for every pizzeria, in one
	// transaction. The number is above every version central published
	// and every version a pizzeria reported applying. Returns EINVALID
	// when the catalog does not validate (an empty recipe, nothing to
	// sell) and ECONFLICT when it is over the size a message may have, or
	// when the draft revision expected is not the draft's: the publisher
	// reviewed a draft that has changed since. Publishing does not change
	// the draft's revision.
	PublishCatalog(ctx context.Context, by string,
		expected ...CatalogExpected) (*CatalogVersion, error)

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
