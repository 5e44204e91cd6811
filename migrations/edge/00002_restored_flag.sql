-- A backup is marked restored when it is written; the first time the copy
-- is opened as a live database it starts a new epoch (SPEC §4: an epoch is
-- made when a database is created or restored), so that no sequence number
-- of the old epoch is ever used again for other events.

-- +goose Up
ALTER TABLE sync_state ADD COLUMN restored INTEGER NOT NULL DEFAULT 0 CHECK (restored IN (0, 1));

-- +goose Down
ALTER TABLE sync_state DROP COLUMN restored;
