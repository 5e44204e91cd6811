-- Head office's registry of pizzerias, and staff accounts with their
-- sessions. Times are timestamptz (UTC).

-- +goose Up
CREATE TABLE pizzerias (
    id         text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$'),
    name       text NOT NULL CHECK (name <> ''),
    postcodes  text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    username      text NOT NULL,
    role          text NOT NULL CHECK (role IN
                  ('order_taker', 'pizzaiolo', 'driver', 'manager', 'head_office', 'ops')),
    pizzeria_id   text REFERENCES pizzerias (id),
    password_hash text NOT NULL,
    disabled      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    -- Head office and ops see every pizzeria; everyone else works at one.
    CHECK ((role IN ('head_office', 'ops')) = (pizzeria_id IS NULL))
);
CREATE UNIQUE INDEX users_username ON users (lower(username));

CREATE TABLE sessions (
    token_hash   bytea PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- +goose Down
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE pizzerias;
