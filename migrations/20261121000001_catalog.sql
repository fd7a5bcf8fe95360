-- Catalog: categories (a tree), products, their ordered images, and variants (the things
-- that are actually bought, each with its own SKU, price and stock).

-- Typo-tolerant matching of words ("kebyoard" -> "keyboard") uses trigram similarity.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE categories (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- NULL for a top-level category. Deleting a parent with children is refused.
    parent_id   bigint REFERENCES categories (id) ON DELETE RESTRICT,
    slug        text NOT NULL,
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    -- Order among siblings in navigation.
    position    integer NOT NULL DEFAULT 0,
    CONSTRAINT categories_slug_key UNIQUE (slug),
    CONSTRAINT categories_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    CONSTRAINT categories_name_present CHECK (length(btrim(name)) > 0),
    CONSTRAINT categories_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX categories_parent_idx ON categories (parent_id, position);

CREATE TABLE products (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    category_id bigint NOT NULL REFERENCES categories (id) ON DELETE RESTRICT,
    slug        text NOT NULL,
    name        text NOT NULL,
    brand       text NOT NULL,
    description text NOT NULL DEFAULT '',
    -- Ordered specification rows: [["Boost clock", "2610 MHz"], ...]. An array keeps the order
    -- a spec sheet is read in, which a JSON object would not.
    specs       jsonb NOT NULL DEFAULT '[]'::jsonb,
    -- Inactive products are hidden from the storefront but kept for past orders.
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- Full-text document: name and brand weigh most, then the description. 'simple' keeps
    -- model numbers and brand names as they are; English stemming would mangle them.
    search      tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(name, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(brand, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(description, '')), 'C')
    ) STORED,
    CONSTRAINT products_slug_key UNIQUE (slug),
    CONSTRAINT products_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    CONSTRAINT products_name_present CHECK (length(btrim(name)) > 0),
    CONSTRAINT products_specs_is_array CHECK (jsonb_typeof(specs) = 'array')
);
CREATE INDEX products_search_idx ON products USING gin (search);
CREATE INDEX products_category_idx ON products (category_id) WHERE active;
CREATE INDEX products_created_idx ON products (created_at DESC, id DESC) WHERE active;
-- Trigram indexes for "did you mean" style matching of names and brands.
CREATE INDEX products_name_trgm_idx ON products USING gin (lower(name) gin_trgm_ops);
CREATE INDEX products_brand_trgm_idx ON products USING gin (lower(brand) gin_trgm_ops);

CREATE TABLE product_images (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    -- Gallery order; position 0 is the main picture.
    position   integer NOT NULL,
    url        text NOT NULL,
    alt        text NOT NULL DEFAULT '',
    CONSTRAINT product_images_position_key UNIQUE (product_id, position)
);

CREATE TABLE variants (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id          bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    sku                 text NOT NULL,
    -- Ordered option values: [["Capacity", "2 TB"], ["Colour", "Black"]].
    options             jsonb NOT NULL DEFAULT '[]'::jsonb,
    -- Money is integer minor units plus an ISO 4217 currency, never a float.
    price_minor         bigint NOT NULL,
    currency            char(3) NOT NULL DEFAULT 'USD',
    -- The "was" price shown struck through; only meaningful above the price.
    compare_at_minor    bigint,
    -- Stock can never go negative: overselling is refused by the database itself.
    stock_on_hand       integer NOT NULL DEFAULT 0,
    low_stock_threshold integer NOT NULL DEFAULT 5,
    position            integer NOT NULL DEFAULT 0,
    -- Retired variants stay for past orders but are not sold.
    active              boolean NOT NULL DEFAULT true,
    CONSTRAINT variants_sku_key UNIQUE (sku),
    CONSTRAINT variants_sku_format CHECK (sku ~ '^[A-Z0-9][A-Z0-9-]{1,63}$'),
    CONSTRAINT variants_price_non_negative CHECK (price_minor >= 0),
    CONSTRAINT variants_compare_at_above_price CHECK (compare_at_minor IS NULL OR compare_at_minor > price_minor),
    CONSTRAINT variants_stock_non_negative CHECK (stock_on_hand >= 0),
    CONSTRAINT variants_threshold_non_negative CHECK (low_stock_threshold >= 0),
    CONSTRAINT variants_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT variants_options_is_array CHECK (jsonb_typeof(options) = 'array')
);
CREATE INDEX variants_product_idx ON variants (product_id, position);

-- Every product has at least one variant. Checked at commit (deferred), so a product and its
-- first variant can be inserted in one transaction in either order.
CREATE FUNCTION check_product_has_variant() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    pid bigint;
BEGIN
    IF TG_TABLE_NAME = 'products' THEN
        pid := NEW.id;
    ELSE
        pid := OLD.product_id;
    END IF;
    IF EXISTS (SELECT 1 FROM products WHERE id = pid)
       AND NOT EXISTS (SELECT 1 FROM variants WHERE product_id = pid) THEN
        RAISE EXCEPTION 'product % has no variant', pid
            USING ERRCODE = 'check_violation', CONSTRAINT = 'products_have_a_variant';
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER products_have_a_variant
    AFTER INSERT ON products DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION check_product_has_variant();
CREATE CONSTRAINT TRIGGER variants_leave_a_variant
    AFTER DELETE OR UPDATE OF product_id ON variants DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION check_product_has_variant();

-- The vocabulary of product names and brands, for correcting misspelt search words.
-- Rebuilt by `REFRESH MATERIALIZED VIEW` whenever the catalog is loaded or edited.
CREATE MATERIALIZED VIEW search_words AS
    SELECT word, ndoc
    FROM ts_stat($$
        SELECT to_tsvector('simple', name || ' ' || brand) FROM products WHERE active
    $$);
CREATE UNIQUE INDEX search_words_word_idx ON search_words (word);
CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops);
