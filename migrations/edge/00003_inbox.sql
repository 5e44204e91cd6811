-- Down-sync: the inbox of the commands central sends this pizzeria. Each
-- command is applied once: its row, its effect and its answer event (in
-- the outbox) commit in the same transaction, so a command delivered again
-- finds its row and changes nothing. The catalog version applied stays in
-- sync_state.catalog_version.

-- +goose Up
CREATE TABLE inbox (
    position   INTEGER PRIMARY KEY, -- central's gapless position for this pizzeria
    id         TEXT    NOT NULL UNIQUE,
    type       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,    -- when central made the command
    applied_at TEXT    NOT NULL,
    answer     TEXT    NOT NULL CHECK (answer IN ('accepted', 'refused')),
    code       TEXT    NOT NULL DEFAULT '',
    reason     TEXT    NOT NULL DEFAULT ''
);

-- The position of the last staff.account command applied to an account,
-- so that an older one delivered late does not undo a newer one. 0 for an
-- account made here.
ALTER TABLE users ADD COLUMN down_position INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users DROP COLUMN down_position;
DROP TABLE inbox;
