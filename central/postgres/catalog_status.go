package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// FindPublishedCatalog implements central.CatalogService.
func (db *DB) FindPublishedCatalog(ctx context.Context) (*syncproto.Catalog, error) {
	var c *syncproto.Catalog
	err := pgx.BeginTxFunc(ctx, db.Pool, pgx.TxOptions{AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error {
			var err error
			c, err = latestCatalog(ctx, tx)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("find published catalog: %w", err)
	}
	return c, nil
}

// FindCatalogAnswers implements central.CatalogService. The version a
// command carries is read from its envelope, which holds the catalog
// document as its payload; each pizzeria's commands are searched from
// the newest, where a recent version's are.
func (db *DB) FindCatalogAnswers(ctx context.Context,
	version int64) ([]*central.CatalogAnswer, error) {
	rows, _ := db.Pool.Query(ctx, `
		SELECT p.id, p.name, coalesce(c.position, 0), c.published_at,
		       coalesce(c.answer, ''), coalesce(c.answer_code, ''),
		       coalesce(c.answer_reason, ''), c.answered_at
		FROM pizzerias p
		LEFT JOIN LATERAL (
			SELECT position, published_at, answer, answer_code, answer_reason, answered_at
			FROM commands
			WHERE pizzeria_id = p.id AND type = $1
			  AND (convert_from(data, 'UTF8')::jsonb #>> '{payload,version}')::bigint = $2
			ORDER BY position DESC LIMIT 1
		) c ON true
		ORDER BY p.id`, syncproto.CommandCatalogVersion, version)
	answers, err := pgx.CollectRows(rows, scanCatalogAnswer)
	if err != nil {
		return nil, fmt.Errorf("find catalog answers: %w", err)
	}
	return answers, nil
}

// scanCatalogAnswer reads a row of FindCatalogAnswers, its times in UTC.
func scanCatalogAnswer(row pgx.CollectableRow) (*central.CatalogAnswer, error) {
	var a central.CatalogAnswer
	err := row.Scan(&a.Pizzeria, &a.PizzeriaName, &a.Position, &a.PublishedAt,
		&a.Answer, &a.AnswerCode, &a.AnswerReason, &a.AnsweredAt)
	a.PublishedAt, a.AnsweredAt = utc(a.PublishedAt), utc(a.AnsweredAt)
	return &a, err
}
