-- Private links in the status emails of guest orders (paid, shipped, delivered, cancelled,
-- refunded). The key in the confirmation email is random and only its hash is kept
-- (`orders.access_hash`), so a later email cannot repeat it: each one carries a fresh key,
-- also kept only as its SHA-256 here. Any of an order's keys opens it.
CREATE TABLE order_access_keys (
    order_id   bigint      NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    hash       bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, hash)
);
