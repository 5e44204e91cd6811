-- The drivers' phone page: each update a driver (or the pizzeria's
-- manager) makes there on an order — take it, delivered with the payment
-- collected at the door — recorded with the order.driver command that
-- carries it down, in the same transaction. The pizzeria's answer is on
-- the command (commands.answer); the order's new status comes back up as
-- its events. Times are timestamptz (UTC).

-- +goose Up
CREATE TABLE driver_requests (
    command_id   uuid PRIMARY KEY REFERENCES commands (id),
    pizzeria_id  text NOT NULL REFERENCES pizzerias (id),
    order_id     uuid NOT NULL,
    to_status    text NOT NULL CHECK (to_status IN ('out_for_delivery', 'delivered')),
    collected    text NOT NULL DEFAULT '' CHECK (collected IN ('', 'cash', 'card')),
    driver       text NOT NULL,
    requested_at timestamptz NOT NULL,
    CHECK (collected = '' OR to_status = 'delivered')
);
CREATE INDEX driver_requests_order ON driver_requests (order_id, requested_at DESC);
CREATE INDEX driver_requests_pizzeria ON driver_requests (pizzeria_id, requested_at DESC);

-- The deliveries a pizzeria's drivers work on: a small part of its
-- orders, read at every push of the drivers' live page.
CREATE INDEX orders_open_deliveries ON orders (pizzeria_id)
    WHERE fulfilment = 'delivery' AND status IN ('ready', 'out_for_delivery');

-- +goose Down
DROP INDEX orders_open_deliveries;
DROP TABLE driver_requests;
