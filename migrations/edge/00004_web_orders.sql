-- Web orders from central (issue 5). A web order is assigned to one
-- pizzeria at a time with an assignment version; the pizzeria keeps the
-- one it holds with the order, and the highest assignment central took
-- away from it, held or not, so that a late order.place of an older
-- assignment is refused. The manager's switch says whether the pizzeria
-- takes web orders now.

-- +goose Up
-- 0 for the orders taken by staff: they have no assignment.
ALTER TABLE orders ADD COLUMN assignment INTEGER NOT NULL DEFAULT 0 CHECK (assignment >= 0);

-- One row per web order central withdrew from this pizzeria: the highest
-- assignment withdrawn. No foreign key: a withdraw may come for an order
-- this pizzeria never received.
CREATE TABLE web_withdrawals (
    order_id   TEXT    PRIMARY KEY,
    assignment INTEGER NOT NULL CHECK (assignment >= 1),
    at         TEXT    NOT NULL
) WITHOUT ROWID;

-- The pizzeria's own settings, one row.
CREATE TABLE pizzeria_settings (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    web_orders_open INTEGER NOT NULL DEFAULT 1 CHECK (web_orders_open IN (0, 1)),
    updated_by      TEXT    NOT NULL DEFAULT '',
    updated_at      TEXT    NOT NULL DEFAULT ''
);
INSERT INTO pizzeria_settings (id) VALUES (1);

-- +goose Down
DROP TABLE pizzeria_settings;
DROP TABLE web_withdrawals;
ALTER TABLE orders DROP COLUMN assignment;
