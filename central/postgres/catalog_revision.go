package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
)

// The revisions of the catalog being edited (migration 00010): one row of
// catalog_draft holds the draft's, each entry the draft revision of its
// last change. Every change of the draft locks that row first, so changes
// run one at a time, and a change checks what it expects only once it
// holds the lock: of two changes made from the same revision, the second
// finds the revision the first gave and is refused.

// FindCatalogDraft implements central.CatalogService.
func (db *DB) FindCatalogDraft(ctx context.Context) (*central.CatalogDraft, error) {
	d := &central.CatalogDraft{}
	err := pgx.BeginTxFunc(ctx, db.Pool, pgx.TxOptions{AccessMode: pgx.ReadOnly,
		IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		var err error
		if d.Catalog, err = readCatalog(ctx, tx); err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `SELECT revision FROM catalog_draft`).Scan(&d.Revision)
		if err != nil {
			return err
		}
		return readEntryRevisions(ctx, tx, d)
	})
	if err != nil {
		return nil, fmt.Errorf("find catalog draft: %w", err)
	}
	return d, nil
}

// readEntryRevisions reads the revision of every entry of the draft.
func readEntryRevisions(ctx context.Context, tx pgx.Tx, d *central.CatalogDraft) error {
	d.Categories, d.Ingredients = map[string]int64{}, map[string]int64{}
	d.Products = map[string]int64{}
	byKind := map[string]map[string]int64{"category": d.Categories,
		"ingredient": d.Ingredients, "product": d.Products}
	rows, _ := tx.Query(ctx, `
		SELECT 'category', id, revision FROM catalog_categories
		UNION ALL SELECT 'ingredient', id, revision FROM catalog_ingredients
		UNION ALL SELECT 'product', id, revision FROM catalog_products`)
	var kind, id string
	var revision int64
	_, err := pgx.ForEachRow(rows, []any{&kind, &id, &revision}, func() error {
		byKind[kind][id] = revision
		return nil
	})
	return err
}

// expectation returns the one expectation a change was given, or the
// zero one, which checks nothing.
func expectation(expected []central.CatalogExpected) central.CatalogExpected {
	if len(expected) == 0 {
		return central.CatalogExpected{}
	}
	return expected[0]
}

// lockDraft locks the draft's revision until the transaction ends, and
// returns it. An expected revision (0 checks nothing) that is not the
// draft's is refused with ECONFLICT and the sentence stale.
func lockDraft(ctx context.Context, tx pgx.Tx, expected int64,
	stale central.MessageKey) (int64, error) {
	var revision int64
	err := tx.QueryRow(ctx, `SELECT revision FROM catalog_draft FOR UPDATE`).Scan(&revision)
	if err != nil {
		return 0, fmt.Errorf("lock catalog draft: %w", err)
	}
	if expected != 0 && expected != revision {
		return 0, central.Errorm(central.ECONFLICT, stale)
	}
	return revision, nil
}

// nextRevision gives the draft its next revision, the one of the change
// the transaction makes, and returns it.
func nextRevision(ctx context.Context, tx pgx.Tx) (int64, error) {
	var revision int64
	err := tx.QueryRow(ctx, `UPDATE catalog_draft SET revision = revision + 1 RETURNING revision`).
		Scan(&revision)
	if err != nil {
		return 0, fmt.Errorf("next catalog revision: %w", err)
	}
	return revision, nil
}

// beginChange starts the change of one entry of the draft, id in table:
// it locks the draft, checks the revisions expected, and returns the
// revision the change gives the draft and the entry. An entry revision
// expected for an entry that is gone is stale too, and a new entry's id
// must be free.
func beginChange(ctx context.Context, tx pgx.Tx, table, id string, e central.CatalogExpected,
	stale central.MessageKey) (int64, error) {
	if _, err := lockDraft(ctx, tx, e.Draft, central.MsgCatalogDraftStale); err != nil {
		return 0, err
	}
	if e.Entry != 0 || e.New {
		var revision int64 // 0: no such entry
		err := tx.QueryRow(ctx, `SELECT revision FROM `+table+` WHERE id = $1`, id).Scan(&revision)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return 0, fmt.Errorf("entry revision: %w", err)
		}
		switch {
		case e.New && revision != 0:
			taken := central.Errorm(central.ECONFLICT, central.MsgCatalogIDTaken, id)
			taken.Field = "id"
			return 0, taken
		case e.Entry != 0 && revision != e.Entry:
			return 0, central.Errorm(central.ECONFLICT, stale)
		}
	}
	return nextRevision(ctx, tx)
}
