-- Web orders: a key per creation request, so that a retried request or a
-- checkout form posted twice lands on the order the first one made, even
-- across a restart of central; and an index for the sweep that cancels
-- online orders left unpaid.

-- +goose Up

-- client_key is the Idempotency-Key of the API call, or the one-time token
-- of the checkout form; NULL when the client sent none. A key is the
-- customer's own: two customers may send the same one.
ALTER TABLE web_orders ADD COLUMN client_key text
    CHECK (client_key IS NULL OR length(client_key) BETWEEN 1 AND 255);
CREATE UNIQUE INDEX web_orders_client_key ON web_orders (customer_id, client_key)
    WHERE client_key IS NOT NULL;

-- The orders still waiting for their payment (ExpireUnpaid) and the
-- customer's unanswered orders (the cap on them) without a scan.
CREATE INDEX web_orders_awaiting_payment ON web_orders (created_at)
    WHERE state = 'awaiting_payment';
CREATE INDEX web_orders_customer_open ON web_orders (customer_id)
    WHERE state IN ('awaiting_payment', 'waiting', 'cancel_requested');

-- +goose Down

DROP INDEX web_orders_customer_open;
DROP INDEX web_orders_awaiting_payment;
DROP INDEX web_orders_client_key;
ALTER TABLE web_orders DROP COLUMN client_key;
