-- The first edge schema: one pizzeria's staff, catalog, stock, orders and outbox.
-- Times are UTC text in the fixed form 2006-01-02T15:04:05.000Z, so they sort.

-- +goose Up
CREATE TABLE sync_state (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    pizzeria           TEXT    NOT NULL,
    epoch              TEXT    NOT NULL,
    last_seq           INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    last_confirmed_seq INTEGER NOT NULL DEFAULT 0 CHECK (last_confirmed_seq <= last_seq),
    catalog_version    INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT    NOT NULL
);

-- Outbox rows are keyed by their sequence; the event id is a UUIDv7 made
-- here, so it needs no index to be unique.
CREATE TABLE outbox (
    seq            INTEGER PRIMARY KEY,
    id             TEXT    NOT NULL,
    pizzeria       TEXT    NOT NULL,
    epoch          TEXT    NOT NULL,
    type           TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    occurred_at    TEXT    NOT NULL,
    payload        TEXT    NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN
                  ('order_taker', 'pizzaiolo', 'driver', 'manager', 'head_office', 'ops')),
    pizzeria      TEXT NOT NULL DEFAULT '', -- '' for head office and ops: every pizzeria
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash   BLOB PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE categories (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE ingredients (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    unit          TEXT NOT NULL CHECK (unit IN ('g', 'ml', 'piece')),
    on_hand       INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    low_threshold INTEGER NOT NULL DEFAULT 0 CHECK (low_threshold >= 0)
);

CREATE TABLE products (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    category_id TEXT NOT NULL REFERENCES categories (id),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    available   INTEGER NOT NULL DEFAULT 1 CHECK (available IN (0, 1))
);

CREATE TABLE recipe_items (
    product_id    TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    ingredient_id TEXT NOT NULL REFERENCES ingredients (id),
    quantity      INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (product_id, ingredient_id)
) WITHOUT ROWID;
CREATE INDEX recipe_items_ingredient ON recipe_items (ingredient_id);

CREATE TABLE customers (
    id         TEXT PRIMARY KEY,
    phone      TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (phone, name)
);

CREATE TABLE customer_addresses (
    customer_id  TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    address      TEXT NOT NULL,
    last_used_at TEXT NOT NULL,
    PRIMARY KEY (customer_id, address)
) WITHOUT ROWID;

CREATE TABLE daily_tickets (
    business_date TEXT PRIMARY KEY,
    last_ticket   INTEGER NOT NULL
);

CREATE TABLE orders (
    id               TEXT PRIMARY KEY,
    business_date    TEXT NOT NULL,
    ticket           INTEGER NOT NULL,
    channel          TEXT NOT NULL CHECK (channel IN ('web', 'phone', 'counter')),
    fulfilment       TEXT NOT NULL CHECK (fulfilment IN ('delivery', 'pickup')),
    status           TEXT NOT NULL CHECK (status IN ('placed', 'accepted', 'rejected',
                     'preparing', 'ready', 'out_for_delivery', 'delivered', 'picked_up',
                     'cancelled')),
    customer_id      TEXT REFERENCES customers (id),
    customer_name    TEXT NOT NULL,
    customer_phone   TEXT NOT NULL,
    customer_address TEXT NOT NULL DEFAULT '',
    total_cents      INTEGER NOT NULL CHECK (total_cents >= 0),
    payment_method   TEXT NOT NULL CHECK (payment_method IN ('online', 'cash', 'card')),
    payment_status   TEXT NOT NULL CHECK (payment_status IN ('pending', 'paid', 'refunded')),
    paid_by          TEXT NOT NULL DEFAULT '',
    paid_at          TEXT,
    idempotency_key  TEXT,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (business_date, ticket)
);
CREATE INDEX orders_status ON orders (status);
-- A till that retries a request after a network error names it with the
-- same key, and gets the first order back instead of a second one.
CREATE UNIQUE INDEX orders_idempotency_key ON orders (idempotency_key)
    WHERE idempotency_key IS NOT NULL;

CREATE TABLE order_lines (
    order_id         TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    product_id       TEXT NOT NULL REFERENCES products (id),
    product_name     TEXT NOT NULL,
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    note             TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (order_id, position)
) WITHOUT ROWID;

CREATE TABLE order_history (
    id          INTEGER PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL,
    by_user     TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);
CREATE INDEX order_history_order ON order_history (order_id, id);

-- The ledger is read in insertion (rowid) order, which the single writer
-- makes the order of time; the movement id travels in events and is not
-- looked up here.
CREATE TABLE stock_movements (
    id            TEXT NOT NULL,
    ingredient_id TEXT NOT NULL REFERENCES ingredients (id),
    kind          TEXT NOT NULL CHECK (kind IN
                  ('receipt', 'consumption', 'return', 'waste', 'adjustment')),
    delta         INTEGER NOT NULL CHECK (delta <> 0),
    on_hand_after INTEGER NOT NULL CHECK (on_hand_after >= 0),
    order_id      TEXT REFERENCES orders (id),
    by_user       TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);
CREATE INDEX stock_movements_ingredient ON stock_movements (ingredient_id);
CREATE INDEX stock_movements_order ON stock_movements (order_id);

-- +goose Down
DROP TABLE stock_movements;
DROP TABLE order_history;
DROP TABLE order_lines;
DROP TABLE orders;
DROP TABLE daily_tickets;
DROP TABLE customer_addresses;
DROP TABLE customers;
DROP TABLE recipe_items;
DROP TABLE products;
DROP TABLE ingredients;
DROP TABLE categories;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE outbox;
DROP TABLE sync_state;
