-- Down-sync: the catalog head office manages, its numbered versions, and
-- the outbox of the commands central sends each pizzeria (catalog
-- versions, staff accounts, and later web orders and driver updates).
-- Times are timestamptz (UTC).

-- +goose Up

-- The catalog being edited: the next version, once published. Ids are the
-- slugs of the catalog document (syncproto.Catalog), the same at every
-- pizzeria. position keeps the document's order on the menu.
CREATE TABLE catalog_categories (
    id       text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    name     text NOT NULL CHECK (name <> ''),
    position integer NOT NULL
);

CREATE TABLE catalog_ingredients (
    id            text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    name          text NOT NULL CHECK (name <> ''),
    unit          text NOT NULL CHECK (unit IN ('g', 'ml', 'piece')),
    low_threshold bigint NOT NULL CHECK (low_threshold >= 0),
    position      integer NOT NULL
);

-- A product and its price, in cents.
CREATE TABLE catalog_products (
    id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    name        text NOT NULL CHECK (name <> ''),
    category_id text NOT NULL REFERENCES catalog_categories (id),
    description text NOT NULL DEFAULT '',
    price_cents bigint NOT NULL CHECK (price_cents BETWEEN 0 AND 1000000),
    position    integer NOT NULL
);

-- A product's recipe: the quantity of each ingredient in one unit.
CREATE TABLE catalog_recipe_items (
    product_id    text NOT NULL REFERENCES catalog_products (id) ON DELETE CASCADE,
    ingredient_id text NOT NULL REFERENCES catalog_ingredients (id),
    quantity      bigint NOT NULL CHECK (quantity BETWEEN 1 AND 100000),
    PRIMARY KEY (product_id, ingredient_id)
);
CREATE INDEX catalog_recipe_items_ingredient ON catalog_recipe_items (ingredient_id);

-- Each published version, as the document sent to the pizzerias.
CREATE TABLE catalog_versions (
    version      bigint PRIMARY KEY CHECK (version >= 1),
    document     bytea NOT NULL,
    products     integer NOT NULL,
    pizzerias    integer NOT NULL, -- how many it was sent to
    published_at timestamptz NOT NULL,
    published_by text NOT NULL DEFAULT ''
);

-- The last position given to each pizzeria's commands. The row is locked
-- by the transaction that takes the next position, until it ends, so the
-- positions of a pizzeria commit in their order and without gaps: a
-- reader never sees position n + 1 committed before n.
CREATE TABLE down_positions (
    pizzeria_id   text PRIMARY KEY REFERENCES pizzerias (id),
    last_position bigint NOT NULL CHECK (last_position >= 1)
);

-- Central's outbox: every command, written in the same transaction as its
-- cause. data is the command envelope exactly as published. published_at
-- is set once JetStream has acked it; the answer comes back up as a
-- command.accepted or command.refused event of the pizzeria.
CREATE TABLE commands (
    pizzeria_id   text NOT NULL REFERENCES pizzerias (id),
    position      bigint NOT NULL CHECK (position >= 1),
    id            uuid NOT NULL UNIQUE,
    type          text NOT NULL,
    created_at    timestamptz NOT NULL,
    data          bytea NOT NULL,
    published_at  timestamptz,
    answer        text CHECK (answer IN ('accepted', 'refused')),
    answer_code   text NOT NULL DEFAULT '',
    answer_reason text NOT NULL DEFAULT '',
    answered_at   timestamptz,
    PRIMARY KEY (pizzeria_id, position)
);
CREATE INDEX commands_unpublished ON commands (pizzeria_id, position) WHERE published_at IS NULL;
CREATE INDEX commands_unanswered ON commands (pizzeria_id, position) WHERE answer IS NULL;

-- +goose Down
DROP TABLE commands;
DROP TABLE down_positions;
DROP TABLE catalog_versions;
DROP TABLE catalog_recipe_items;
DROP TABLE catalog_products;
DROP TABLE catalog_ingredients;
DROP TABLE catalog_categories;
