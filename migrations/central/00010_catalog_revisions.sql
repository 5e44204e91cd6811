-- Catalog revisions: a number for the whole catalog being edited and one
-- for each of its entries, so that head office's edits are checked against
-- what the editor read (optimistic concurrency) instead of the last save
-- silently overwriting the one before.

-- +goose Up

-- The revision of the catalog being edited, one row. Every change of the
-- draft (an entry saved or withdrawn, the whole document replaced) locks
-- this row, takes the next number and stores it, so changes of the draft
-- are numbered one after another in the order they commit.
CREATE TABLE catalog_draft (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    revision bigint NOT NULL CHECK (revision >= 1)
);
INSERT INTO catalog_draft (revision) VALUES (1);

-- Each entry's revision is the draft revision of its last change; a
-- product's covers its recipe.
ALTER TABLE catalog_categories ADD COLUMN revision bigint NOT NULL DEFAULT 1
    CHECK (revision >= 1);
ALTER TABLE catalog_ingredients ADD COLUMN revision bigint NOT NULL DEFAULT 1
    CHECK (revision >= 1);
ALTER TABLE catalog_products ADD COLUMN revision bigint NOT NULL DEFAULT 1
    CHECK (revision >= 1);

-- +goose Down

ALTER TABLE catalog_products DROP COLUMN revision;
ALTER TABLE catalog_ingredients DROP COLUMN revision;
ALTER TABLE catalog_categories DROP COLUMN revision;
DROP TABLE catalog_draft;
