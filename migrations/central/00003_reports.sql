-- Head-office reports: summary tables kept from the projections they
-- summarise (docs/reports.md). The ingest only marks the days it touched
-- dirty (report_dirty), in its own transaction; a refresher, and every
-- report before it reads, recomputes the dirty days.
--
-- Each table holds rows of three grains: 'day' rows, one per Paris
-- business date, recomputed from the projections whenever an event
-- touches that date; 'month' rows (period = the first of the month),
-- recomputed from the day rows of that month at the same time; and
-- 'year' rows (period = 1 January), recomputed from the month rows of
-- that year. A report over any range reads whole years from year rows,
-- the whole months outside them from month rows and the days at either
-- end from day rows, so that it reads a few thousand rows at most.
--
-- What counts (central.Outcome): an order's date is its business date,
-- the Paris date of its creation on the edge; its outcome is 'completed'
-- (delivered, picked up), 'open' (still in progress), 'cancelled' or
-- 'rejected'. Sales and revenue are the open and completed orders.

-- +goose Up

-- +goose StatementBegin
CREATE FUNCTION report_outcome(status text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN status IN ('delivered', 'picked_up') THEN 'completed'
        WHEN status IN ('cancelled', 'rejected') THEN status
        ELSE 'open'
    END
$$;
-- +goose StatementEnd

-- Orders and their totals by channel, fulfilment and outcome.
CREATE TABLE report_sales (
    grain       text NOT NULL CHECK (grain IN ('day', 'month', 'year')),
    period      date NOT NULL,
    pizzeria_id text NOT NULL,
    channel     text NOT NULL,
    fulfilment  text NOT NULL,
    outcome     text NOT NULL,
    orders      bigint NOT NULL,
    total_cents bigint NOT NULL,
    PRIMARY KEY (grain, period, pizzeria_id, channel, fulfilment, outcome)
);

-- Sales by Paris hour of creation (slot 0-23) and, apart, by day of
-- week of the business date (ISO slot, 1 = Monday): reports show each on
-- its own, and two short lists are a fifth of the rows of their product.
CREATE TABLE report_hours (
    grain       text NOT NULL CHECK (grain IN ('day', 'month', 'year')),
    period      date NOT NULL,
    pizzeria_id text NOT NULL,
    slot_kind   text NOT NULL CHECK (slot_kind IN ('hour', 'weekday')),
    slot        smallint NOT NULL,
    orders      bigint NOT NULL,
    total_cents bigint NOT NULL,
    PRIMARY KEY (grain, period, pizzeria_id, slot_kind, slot)
);

-- Quantities sold and their value, by product (lines of sales only).
CREATE TABLE report_products (
    grain        text NOT NULL CHECK (grain IN ('day', 'month', 'year')),
    period       date NOT NULL,
    pizzeria_id  text NOT NULL,
    product_id   text NOT NULL,
    product_name text NOT NULL,
    quantity     bigint NOT NULL,
    total_cents  bigint NOT NULL,
    PRIMARY KEY (grain, period, pizzeria_id, product_id)
);

-- Cancelled and rejected orders by reason (that of the transition that
-- ended them); refunded counts those whose payment was given back.
CREATE TABLE report_refusals (
    grain       text NOT NULL CHECK (grain IN ('day', 'month', 'year')),
    period      date NOT NULL,
    pizzeria_id text NOT NULL,
    status      text NOT NULL,
    reason      text NOT NULL,
    orders      bigint NOT NULL,
    total_cents bigint NOT NULL,
    refunded    bigint NOT NULL,
    PRIMARY KEY (grain, period, pizzeria_id, status, reason)
);

-- Histograms of preparation (preparing → ready) and delivery
-- (out_for_delivery → delivered) times, in whole minutes (the last,
-- 240, holds everything longer), with the exact seconds summed.
CREATE TABLE report_durations (
    grain       text NOT NULL CHECK (grain IN ('day', 'month', 'year')),
    period      date NOT NULL,
    pizzeria_id text NOT NULL,
    phase       text NOT NULL CHECK (phase IN ('preparation', 'delivery')),
    minute      smallint NOT NULL,
    orders      bigint NOT NULL,
    seconds     bigint NOT NULL,
    PRIMARY KEY (grain, period, pizzeria_id, phase, minute)
);

-- Stock movements by Paris date, ingredient and kind: the signed sum of
-- their deltas.
CREATE TABLE report_stock (
    grain         text NOT NULL CHECK (grain IN ('day', 'month', 'year')),
    period        date NOT NULL,
    pizzeria_id   text NOT NULL,
    ingredient_id text NOT NULL,
    kind          text NOT NULL,
    movements     bigint NOT NULL,
    quantity      bigint NOT NULL,
    PRIMARY KEY (grain, period, pizzeria_id, ingredient_id, kind)
);

-- The (pizzeria, business date) pairs whose rows are stale: marked by the
-- ingest, deleted by the refresher that recomputed them. dirtied grows at
-- each marking, so that a refresher deletes a mark only if nobody marked
-- the day again since it read it.
CREATE SEQUENCE report_dirty_seq;
CREATE TABLE report_dirty (
    pizzeria_id text NOT NULL,
    day         date NOT NULL,
    dirtied     bigint NOT NULL DEFAULT nextval('report_dirty_seq'),
    PRIMARY KEY (pizzeria_id, day)
);

-- Recomputing a day reads a pizzeria's movements by time, and the live
-- view reads the orders still in progress.
CREATE INDEX stock_movements_pizzeria_at ON stock_movements (pizzeria_id, at);
CREATE INDEX orders_open ON orders (pizzeria_id, created_at)
    WHERE status IN ('placed', 'accepted', 'preparing', 'ready', 'out_for_delivery');

-- +goose Down
DROP TABLE report_dirty;
DROP SEQUENCE report_dirty_seq;
DROP INDEX orders_open;
DROP INDEX stock_movements_pizzeria_at;
DROP TABLE report_stock;
DROP TABLE report_durations;
DROP TABLE report_refusals;
DROP TABLE report_products;
DROP TABLE report_hours;
DROP TABLE report_sales;
DROP FUNCTION report_outcome(text);
