-- Customers' delivery addresses, kept on their account for the website.
-- An order copies the address it is delivered to, so an address can be
-- deleted outright. Times are timestamptz (UTC).

-- +goose Up
CREATE TABLE customer_addresses (
    id          uuid PRIMARY KEY,
    customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    label       text NOT NULL DEFAULT '',
    street      text NOT NULL CHECK (street <> ''),
    postcode    text NOT NULL CHECK (postcode ~ '^[0-9]{5}$'),
    city        text NOT NULL CHECK (city <> ''),
    details     text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL
);
CREATE INDEX customer_addresses_customer ON customer_addresses (customer_id, created_at);

-- +goose Down
DROP TABLE customer_addresses;
