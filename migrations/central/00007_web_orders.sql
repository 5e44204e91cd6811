-- Web orders: orders customers place on the website. Central owns a web
-- order until a pizzeria accepts it; it is offered to one pizzeria at a
-- time, each offer an assignment numbered from 1. Each offer names the
-- order with an id of its own (edge_order_id), under which that pizzeria
-- reports it in orders (00002): an order id belongs to one pizzeria, and
-- the customer keeps the web order's id whoever makes it.
-- Times are timestamptz (UTC).

-- +goose Up

-- A web order. candidates are the pizzerias it may be offered to, in
-- order; assignment is the current offer (0 before the first). request
-- is the customer's pending change ('' none, 'cancel' or 'modify'), whose
-- command and payload wait for the pizzeria's answer.
CREATE TABLE web_orders (
    id                 uuid PRIMARY KEY,
    customer_id        uuid NOT NULL REFERENCES customers (id),
    state              text NOT NULL CHECK (state IN ('awaiting_payment', 'payment_failed',
                           'waiting', 'accepted', 'refused', 'cancel_requested', 'cancelled')),
    fulfilment         text NOT NULL CHECK (fulfilment IN ('delivery', 'pickup')),
    postcode           text NOT NULL DEFAULT '',
    address            text NOT NULL DEFAULT '',
    customer_name      text NOT NULL,
    customer_phone     text NOT NULL,
    candidates         text[] NOT NULL CHECK (cardinality(candidates) >= 1),
    assignment         bigint NOT NULL DEFAULT 0 CHECK (assignment >= 0),
    catalog_version    bigint NOT NULL,
    total_cents        bigint NOT NULL CHECK (total_cents >= 0),
    payment_method     text NOT NULL CHECK (payment_method IN ('online', 'on_delivery')),
    payment_status     text NOT NULL CHECK (payment_status IN ('pending', 'paid', 'failed', 'refunded')),
    payment_id         text NOT NULL DEFAULT '',
    payment_url        text NOT NULL DEFAULT '',
    request            text NOT NULL DEFAULT '' CHECK (request IN ('', 'cancel', 'modify')),
    request_command_id uuid,
    request_payload    jsonb,
    request_answer     text NOT NULL DEFAULT '',
    request_reason     text NOT NULL DEFAULT '',
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX web_orders_customer ON web_orders (customer_id, created_at DESC);
CREATE UNIQUE INDEX web_orders_payment ON web_orders (payment_id) WHERE payment_id <> '';
CREATE UNIQUE INDEX web_orders_request ON web_orders (request_command_id)
    WHERE request_command_id IS NOT NULL;

-- Its lines, priced from the catalog version the customer ordered from.
CREATE TABLE web_order_lines (
    order_id         uuid NOT NULL REFERENCES web_orders (id) ON DELETE CASCADE,
    position         integer NOT NULL,
    product_id       text NOT NULL,
    product_name     text NOT NULL,
    quantity         bigint NOT NULL CHECK (quantity BETWEEN 1 AND 50),
    unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
    note             text NOT NULL DEFAULT '',
    PRIMARY KEY (order_id, position)
);

-- Each offer of an order to a pizzeria: pending until the pizzeria
-- answers its order.place command (accepted or refused), or expired when
-- it stayed silent past the time limit (counted from created_at); late
-- when an accepted answer came after expiry. withdraw_command_id is the
-- order.withdraw sent for it. edge_order_id is the order_id of every
-- command of this offer.
CREATE TABLE web_order_assignments (
    order_id            uuid NOT NULL REFERENCES web_orders (id) ON DELETE CASCADE,
    version             bigint NOT NULL CHECK (version >= 1),
    pizzeria_id         text NOT NULL REFERENCES pizzerias (id),
    edge_order_id       uuid NOT NULL UNIQUE,
    command_id          uuid NOT NULL UNIQUE,
    state               text NOT NULL CHECK (state IN ('pending', 'accepted', 'refused', 'expired', 'late')),
    answer_code         text NOT NULL DEFAULT '',
    withdraw_command_id uuid,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (order_id, version)
);
CREATE INDEX web_order_assignments_pending ON web_order_assignments (created_at) WHERE state = 'pending';

-- The payment provider's webhook events applied, each once: the id is
-- written in the same transaction as the event's effect.
CREATE TABLE payment_events (
    id         text PRIMARY KEY,
    payment_id text NOT NULL,
    type       text NOT NULL,
    applied_at timestamptz NOT NULL
);

-- A refund owed for a paid order that ended cancelled or refused: one per
-- order. pizzeria is the one that held the order, told once it is done.
CREATE TABLE web_order_refunds (
    order_id    uuid PRIMARY KEY REFERENCES web_orders (id),
    payment_id  text NOT NULL,
    pizzeria_id text NOT NULL DEFAULT '',
    assignment  bigint NOT NULL DEFAULT 0,
    state       text NOT NULL CHECK (state IN ('pending', 'done')),
    attempts    integer NOT NULL DEFAULT 0,
    last_error  text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    done_at     timestamptz
);
CREATE INDEX web_order_refunds_pending ON web_order_refunds (created_at) WHERE state = 'pending';

-- +goose Down
DROP TABLE web_order_refunds;
DROP TABLE payment_events;
DROP TABLE web_order_assignments;
DROP TABLE web_order_lines;
DROP TABLE web_orders;
