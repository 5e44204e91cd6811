-- Up-sync: the raw log of every event the pizzerias send up, the cursor
-- of each (pizzeria, epoch), what was refused, and the projections that
-- the applied events build: orders, stock and availability per pizzeria.
-- Times are timestamptz (UTC).
--
-- The tables written for every event or order (events, orders,
-- order_lines, order_history, stock_movements) carry no foreign key: the
-- ingest writes them only under the locked cursor of a registered
-- pizzeria, and checking a key on every row is slow: measured here, the
-- key from events to epochs alone took a third of a catch-up's time. The
-- small tables do reference pizzerias.

-- +goose Up

-- One row per (pizzeria, epoch) central has heard of. applied_seq is the
-- cursor: every event of the epoch up to it has been projected, and it
-- moves in the same transaction as the projected rows.
CREATE TABLE epochs (
    pizzeria_id         text NOT NULL REFERENCES pizzerias (id),
    epoch               text NOT NULL,
    first_seen_at       timestamptz NOT NULL,
    last_seen_at        timestamptz NOT NULL, -- last hello or event
    applied_seq         bigint NOT NULL DEFAULT 0,
    applied_event_id    text NOT NULL DEFAULT '',
    applied_occurred_at timestamptz,          -- the edge's time of that event
    last_applied_at     timestamptz,          -- when the cursor last moved
    PRIMARY KEY (pizzeria_id, epoch)
);

-- The raw log, as received: the record of what each pizzeria said. The
-- payload is kept byte for byte (jsonb would rewrite it, and refuses
-- \u0000); payload_hash covers the id, type, schema version, time and
-- payload, so that the same key arriving with other content is told apart.
CREATE TABLE events (
    pizzeria_id    text NOT NULL,
    epoch          text NOT NULL,
    seq            bigint NOT NULL,
    id             text NOT NULL,
    type           text NOT NULL,
    schema_version integer NOT NULL,
    occurred_at    timestamptz NOT NULL,
    payload        bytea NOT NULL,
    payload_hash   bytea NOT NULL,
    received_at    timestamptz NOT NULL,
    PRIMARY KEY (pizzeria_id, epoch, seq)
);

-- An event whose key is already in the log with other content. The log
-- keeps the first; this keeps what came after, once per distinct content.
CREATE TABLE divergences (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pizzeria_id       text NOT NULL REFERENCES pizzerias (id),
    epoch             text NOT NULL,
    seq               bigint NOT NULL,
    stored_event_id   text NOT NULL,
    stored_hash       bytea NOT NULL,
    received_event_id text NOT NULL,
    received_hash     bytea NOT NULL,
    received_data     bytea NOT NULL,
    received_at       timestamptz NOT NULL,
    UNIQUE (pizzeria_id, epoch, seq, received_hash)
);

-- Messages refused with a stable code (syncproto error codes) and the
-- reason. pizzeria_id is the pizzeria of the subject, or of the event, as
-- given: it may be unregistered, so it is not a foreign key. A message
-- refused again (a resend) counts in times rather than in new rows.
CREATE TABLE dead_letters (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pizzeria_id      text,
    subject          text NOT NULL,
    code             text NOT NULL,
    reason           text NOT NULL,
    epoch            text,
    seq              bigint,
    data             bytea NOT NULL,
    data_hash        bytea NOT NULL,
    received_at      timestamptz NOT NULL,
    last_received_at timestamptz NOT NULL,
    times            integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX dead_letters_message ON dead_letters (coalesce(pizzeria_id, ''), code, data_hash);

-- The last heartbeat of each pizzeria: its own view of its outbox.
CREATE TABLE heartbeats (
    pizzeria_id       text PRIMARY KEY REFERENCES pizzerias (id),
    epoch             text NOT NULL,
    last_seq          bigint NOT NULL,
    backlog           bigint NOT NULL,
    oldest_pending_at timestamptz,
    sent_at           timestamptz NOT NULL,
    received_at       timestamptz NOT NULL
);

-- Orders as their pizzeria last reported them. A snapshot replaces the
-- row only when its version is higher, so replays change nothing; epoch
-- and seq name the event that wrote the row.
CREATE TABLE orders (
    id               uuid PRIMARY KEY,
    pizzeria_id      text NOT NULL,
    ticket           bigint NOT NULL,
    business_date    date NOT NULL,
    channel          text NOT NULL,
    fulfilment       text NOT NULL,
    status           text NOT NULL,
    customer_name    text NOT NULL,
    customer_phone   text NOT NULL,
    customer_address text NOT NULL,
    total_cents      bigint NOT NULL,
    payment_method   text NOT NULL,
    payment_status   text NOT NULL,
    paid_by          text NOT NULL,
    version          bigint NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    epoch            text NOT NULL,
    seq              bigint NOT NULL,
    projected_at     timestamptz NOT NULL
);
CREATE INDEX orders_pizzeria_date ON orders (pizzeria_id, business_date);

CREATE TABLE order_lines (
    order_id         uuid NOT NULL,
    position         integer NOT NULL,
    product_id       text NOT NULL,
    product_name     text NOT NULL,
    quantity         bigint NOT NULL,
    unit_price_cents bigint NOT NULL,
    note             text NOT NULL,
    PRIMARY KEY (order_id, position)
);

-- Every status change, once: a replayed transition has the same key.
CREATE TABLE order_history (
    order_id    uuid NOT NULL,
    from_status text NOT NULL,
    to_status   text NOT NULL,
    by_user     text NOT NULL,
    reason      text NOT NULL,
    at          timestamptz NOT NULL,
    PRIMARY KEY (order_id, to_status, at)
);

-- Each pizzeria's stock ledger, keyed by the movement's own id so that a
-- movement reported twice (a replay, a new epoch) is kept once.
CREATE TABLE stock_movements (
    id            uuid PRIMARY KEY,
    pizzeria_id   text NOT NULL,
    ingredient_id text NOT NULL,
    kind          text NOT NULL,
    delta         bigint NOT NULL,
    on_hand_after bigint NOT NULL,
    order_id      uuid,
    by_user       text NOT NULL,
    note          text NOT NULL,
    at            timestamptz NOT NULL,
    epoch         text NOT NULL,
    seq           bigint NOT NULL,
    position      integer NOT NULL -- within its event
);

-- Stock on hand: the on_hand_after of the latest new movement.
CREATE TABLE stock_levels (
    pizzeria_id   text NOT NULL REFERENCES pizzerias (id),
    ingredient_id text NOT NULL,
    on_hand       bigint NOT NULL,
    movement_id   uuid NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (pizzeria_id, ingredient_id)
);

-- Products a pizzeria marked unavailable (or available again).
CREATE TABLE product_availability (
    pizzeria_id text NOT NULL REFERENCES pizzerias (id),
    product_id  text NOT NULL,
    available   boolean NOT NULL,
    by_user     text NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (pizzeria_id, product_id)
);

-- The catalog versions each pizzeria reports having applied.
CREATE TABLE catalog_versions_applied (
    pizzeria_id text NOT NULL REFERENCES pizzerias (id),
    version     bigint NOT NULL,
    applied_at  timestamptz NOT NULL,
    PRIMARY KEY (pizzeria_id, version)
);

-- +goose Down
DROP TABLE catalog_versions_applied;
DROP TABLE product_availability;
DROP TABLE stock_levels;
DROP TABLE stock_movements;
DROP TABLE order_history;
DROP TABLE order_lines;
DROP TABLE orders;
DROP TABLE heartbeats;
DROP TABLE dead_letters;
DROP TABLE divergences;
DROP TABLE events;
DROP TABLE epochs;
