-- Customer accounts of the website and their sessions, apart from staff:
-- a customer token never opens a staff route, and the reverse. Emails are
-- stored normalized (trimmed, lower case) and unique. Times are
-- timestamptz (UTC).

-- +goose Up
CREATE TABLE customers (
    id            uuid PRIMARY KEY,
    email         text NOT NULL CHECK (email = lower(btrim(email)) AND email LIKE '%_@_%'),
    name          text NOT NULL CHECK (name <> ''),
    phone         text NOT NULL CHECK (phone ~ '^0[1-9][0-9]{8}$'),
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    disabled      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customers_email ON customers (email);

CREATE TABLE customer_sessions (
    token_hash   bytea PRIMARY KEY,
    customer_id  uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX customer_sessions_customer ON customer_sessions (customer_id);

-- +goose Down
DROP TABLE customer_sessions;
DROP TABLE customers;
