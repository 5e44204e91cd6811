package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// PublishCatalog implements central.CatalogService. The catalog is read,
// numbered, stored and enqueued for every pizzeria in one transaction,
// which first takes a lock that only publications take, so that two
// publications at once get consecutive numbers and send them in order,
// then locks the draft's revision, so that no change of the draft lands
// between its check and the end of the publication.
func (db *DB) PublishCatalog(ctx context.Context, by string,
	expected ...central.CatalogExpected) (*central.CatalogVersion, error) {
	now := db.Now().UTC()
	v := &central.CatalogVersion{PublishedAt: now, PublishedBy: by}
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE catalog_versions IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		_, err := lockDraft(ctx, tx, expectation(expected).Draft, central.MsgCatalogPublishStale)
		if err != nil {
			return err
		}

		// The catalog as it is now, checked whole.
		c, err := readCatalog(ctx, tx)
		if err != nil {
			return err
		}
		if len(c.Products) == 0 {
			return central.Errorm(central.EINVALID, central.MsgNothingToPublish)
		}
		if err := c.Validate(); err != nil {
			return central.CatalogDocumentRefusal(err)
		}
		document, err := syncproto.Encode(c)
		if err != nil {
			return err
		}
		if len(document) > syncproto.MaxCatalogBytes {
			return central.Errorm(central.ECONFLICT, central.MsgCatalogTooLarge)
		}

		// Its command for every pizzeria, and the version.
		v.Version, v.Products = c.Version, len(c.Products)
		v.Pizzerias, err = enqueueForEvery(ctx, tx, syncproto.CommandCatalogVersion, now, c)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO catalog_versions (version, document, products, pizzerias, published_at,
				published_by)
			VALUES ($1, $2, $3, $4, $5, $6)`, v.Version, document, v.Products, v.Pizzerias, now, by)
		return err
	})
	if err != nil {
		return nil, publishError(err)
	}
	return v, nil
}

// enqueueForEvery enqueues the same command for every pizzeria, in id
// order, and returns how many there are.
func enqueueForEvery(ctx context.Context, tx pgx.Tx, typ string, now time.Time, payload any) (int, error) {
	rows, _ := tx.Query(ctx, `SELECT id FROM pizzerias ORDER BY id`)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if _, err := enqueue(ctx, tx, id, typ, now, payload); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// publishError keeps an application error as it is, and names the step of
// any other.
func publishError(err error) error {
	var e *central.Error
	var pe *syncproto.Error
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &pe) && pe.Code == syncproto.CodeTooLarge:
		return central.Errorm(central.ECONFLICT, central.MsgCatalogTooLarge)
	}
	return fmt.Errorf("publish catalog: %w", err)
}

// FindCatalogVersions implements central.CatalogService.
func (db *DB) FindCatalogVersions(ctx context.Context) ([]*central.CatalogVersion, error) {
	rows, _ := db.Pool.Query(ctx, `
		SELECT version, products, published_at, published_by, pizzerias
		FROM catalog_versions ORDER BY version DESC`)
	versions, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*central.CatalogVersion, error) {
		var v central.CatalogVersion
		err := row.Scan(&v.Version, &v.Products, &v.PublishedAt, &v.PublishedBy, &v.Pizzerias)
		v.PublishedAt = v.PublishedAt.UTC()
		return &v, err
	})
	if err != nil {
		return nil, fmt.Errorf("find catalog versions: %w", err)
	}
	return versions, nil
}
