-- The dashboard: sellers own products; products carry a version for stale-edit detection; and
-- the audit log.

-- A seller sees and edits only their own products (NULL: the store's own).
ALTER TABLE products ADD COLUMN seller_id bigint REFERENCES users (id);
CREATE INDEX products_seller_idx ON products (seller_id) WHERE seller_id IS NOT NULL;
-- Bumped by every edit; an edit made against an older version is refused, not applied.
ALTER TABLE products ADD COLUMN version integer NOT NULL DEFAULT 1;

-- Shipping details recorded when staff mark an order shipped.
ALTER TABLE orders ADD COLUMN carrier text, ADD COLUMN tracking_number text;
-- The order list (newest first) and analytics' range scans, which read only these columns.
CREATE INDEX orders_created_idx ON orders (created_at DESC, id DESC)
    INCLUDE (status, payment_id, total_minor, refunded_minor);
-- Internal notes by staff live in the order's history but are never shown to the customer.
ALTER TABLE order_history ADD COLUMN internal boolean NOT NULL DEFAULT false;

-- Every admin and seller action (product edits, stock adjustments, order transitions, refunds,
-- seller changes) with who, what, when and the values before and after. Append-only.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id    bigint REFERENCES users (id),
    -- e.g. 'stock.adjust', 'product.update', 'order.ship', 'order.refund', 'seller.assign'.
    action      text NOT NULL,
    -- What it was done to: 'variant:SKU', 'product:42', 'order:OX-7K4M-2Q9D', 'user:7'.
    subject     text NOT NULL,
    before      jsonb,
    after       jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_recent_idx ON audit_log (id DESC);
CREATE INDEX audit_log_subject_idx ON audit_log (subject, id DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_rewrite BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
