-- Checkout, stock reservations, orders and payments.

-- Units held by unpaid orders. What can be sold now is stock_on_hand - stock_reserved; the
-- constraint makes overselling impossible whatever the code does: a reservation that would take
-- more than is on hand fails inside the database.
ALTER TABLE variants
    ADD COLUMN stock_reserved integer NOT NULL DEFAULT 0,
    ADD CONSTRAINT variants_reserved_within_stock
        CHECK (stock_reserved >= 0 AND stock_reserved <= stock_on_hand);

-- Sales tax / VAT by country, and optionally by region (a US state, say). region '' is the
-- whole country; an address's own region wins over it.
CREATE TABLE tax_rates (
    country text NOT NULL,
    region  text NOT NULL DEFAULT '',
    -- Basis points: 825 = 8.25 %.
    rate_bp integer NOT NULL,
    PRIMARY KEY (country, region),
    CONSTRAINT tax_rates_country_code CHECK (country ~ '^[A-Z]{2}$'),
    CONSTRAINT tax_rates_region_code CHECK (region ~ '^[A-Z0-9-]{0,8}$'),
    CONSTRAINT tax_rates_range CHECK (rate_bp BETWEEN 0 AND 10000)
);

CREATE TABLE orders (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Human-friendly, unique, not guessable in sequence: OX-XXXX-XXXX.
    number             text NOT NULL,
    user_id            bigint REFERENCES users (id) ON DELETE SET NULL,
    email              text NOT NULL,
    -- The checkout's idempotency key: placing twice with the same token is the same order.
    checkout_token     text NOT NULL,
    -- SHA-256 of the secret in the guest's private order link.
    access_hash        bytea NOT NULL,
    status             text NOT NULL DEFAULT 'pending',
    currency           char(3) NOT NULL,
    subtotal_minor     bigint NOT NULL,
    shipping_minor     bigint NOT NULL,
    tax_minor          bigint NOT NULL,
    total_minor        bigint NOT NULL,
    tax_rate_bp        integer NOT NULL,
    shipping_method    text NOT NULL,
    -- Snapshot of the shipping address as it was at checkout.
    ship_name          text NOT NULL,
    ship_line1         text NOT NULL,
    ship_line2         text NOT NULL DEFAULT '',
    ship_city          text NOT NULL,
    ship_region        text NOT NULL DEFAULT '',
    ship_postal_code   text NOT NULL,
    ship_country       text NOT NULL,
    ship_phone         text NOT NULL DEFAULT '',
    -- held: the lines' units are in variants.stock_reserved; committed: sold (taken from
    -- stock_on_hand once, at payment); released: given back (cancelled or expired unpaid).
    stock_state        text NOT NULL DEFAULT 'held',
    reserved_until     timestamptz NOT NULL,
    payment_provider   text NOT NULL,
    -- The provider's checkout session id and its hosted page.
    payment_reference  text,
    payment_url        text,
    -- The provider's payment id once paid (refunds go through it).
    payment_id         text,
    refunded_minor     bigint NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orders_number_key UNIQUE (number),
    CONSTRAINT orders_checkout_token_key UNIQUE (checkout_token),
    CONSTRAINT orders_status_known CHECK (status IN
        ('pending', 'paid', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded')),
    CONSTRAINT orders_stock_state_known CHECK (stock_state IN ('held', 'committed', 'released')),
    CONSTRAINT orders_shipping_method_known CHECK (shipping_method IN ('standard', 'express')),
    CONSTRAINT orders_amounts_non_negative CHECK (subtotal_minor >= 0 AND shipping_minor >= 0
        AND tax_minor >= 0 AND total_minor >= 0 AND refunded_minor >= 0),
    CONSTRAINT orders_total_adds_up CHECK (total_minor = subtotal_minor + shipping_minor + tax_minor),
    CONSTRAINT orders_refund_within_total CHECK (refunded_minor <= total_minor)
);
CREATE INDEX orders_user_idx ON orders (user_id, created_at DESC);
CREATE INDEX orders_payment_reference_idx ON orders (payment_provider, payment_reference);
-- The reservation sweeper's work list.
CREATE INDEX orders_held_idx ON orders (reserved_until) WHERE stock_state = 'held';

-- Lines, snapshotted: later price or name changes never alter an order.
CREATE TABLE order_lines (
    order_id         bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position         integer NOT NULL,
    variant_id       bigint REFERENCES variants (id) ON DELETE SET NULL,
    sku              text NOT NULL,
    product_name     text NOT NULL,
    options          text NOT NULL DEFAULT '',
    unit_price_minor bigint NOT NULL,
    quantity         integer NOT NULL,
    line_total_minor bigint NOT NULL,
    PRIMARY KEY (order_id, position),
    CONSTRAINT order_lines_quantity_positive CHECK (quantity > 0),
    CONSTRAINT order_lines_total CHECK (line_total_minor = unit_price_minor * quantity)
);
CREATE INDEX order_lines_variant_idx ON order_lines (variant_id);

-- Every status change: from, to, who, when, why.
CREATE TABLE order_history (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id    bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    from_status text,
    to_status   text NOT NULL,
    -- 'shopper', 'staff:<user id>', 'provider:<name>', 'system'.
    actor       text NOT NULL,
    note        text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_history_order_idx ON order_history (order_id, id);

-- Payment notifications already applied. The insert happens in the same transaction as the
-- event's effect, so a duplicate delivery (even a concurrent one) changes nothing.
CREATE TABLE payment_events (
    provider    text NOT NULL,
    event_id    text NOT NULL,
    event_type  text NOT NULL,
    order_id    bigint REFERENCES orders (id) ON DELETE SET NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, event_id)
);

-- Development and demo defaults; edit rows to match where you sell.
INSERT INTO tax_rates (country, region, rate_bp) VALUES
    ('US', '', 0), ('US', 'CA', 725), ('US', 'NY', 400), ('US', 'TX', 625), ('US', 'WA', 650),
    ('CA', '', 500), ('GB', '', 2000), ('DE', '', 1900), ('FR', '', 2000), ('NL', '', 2100);
