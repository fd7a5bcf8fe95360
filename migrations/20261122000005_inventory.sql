-- Inventory: an append-only ledger of every change to a variant's stock on hand, written by the
-- database itself (a trigger), so no code path can change stock without a row here, and stock on
-- hand always equals the sum of its variant's movements. Low-stock alerts: once per crossing of
-- the variant's threshold, as an event row the alert worker turns into emails.

CREATE TABLE stock_movements (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- No cascade: a variant with history is retired, never deleted.
    variant_id  bigint NOT NULL REFERENCES variants (id),
    -- initial: stock a variant was created with; receipt: goods in; correction: a count that
    -- differed; damage: written off; sale: a paid order's units left; return: units back on the
    -- shelf (a paid order cancelled before shipping, or a customer return).
    kind        text NOT NULL,
    delta       integer NOT NULL,
    -- Stock on hand after this movement.
    level       integer NOT NULL,
    -- 'staff:<user id>', 'provider:<name>', 'shopper', 'system'.
    actor       text NOT NULL,
    reason      text NOT NULL DEFAULT '',
    order_id    bigint REFERENCES orders (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT stock_movements_kind_known
        CHECK (kind IN ('initial', 'receipt', 'correction', 'damage', 'sale', 'return')),
    CONSTRAINT stock_movements_delta_not_zero CHECK (delta <> 0),
    CONSTRAINT stock_movements_level_non_negative CHECK (level >= 0)
);
CREATE INDEX stock_movements_variant_idx ON stock_movements (variant_id, id DESC);

CREATE FUNCTION stock_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stock_movements is append-only';
END $$;
CREATE TRIGGER stock_movements_no_rewrite BEFORE UPDATE OR DELETE ON stock_movements
    FOR EACH STATEMENT EXECUTE FUNCTION stock_movements_append_only();

-- The writer says what a change is with transaction-local settings (`db::inventory::context`):
-- oxcart.stock_kind, oxcart.stock_actor, oxcart.stock_reason, oxcart.stock_order. A change made
-- without them (a hand-written UPDATE) is recorded as a correction by 'system'.
CREATE FUNCTION record_stock_movement() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_level integer := CASE WHEN TG_OP = 'INSERT' THEN 0 ELSE OLD.stock_on_hand END;
    kind text := nullif(current_setting('oxcart.stock_kind', true), '');
BEGIN
    IF NEW.stock_on_hand = old_level THEN
        RETURN NULL;
    END IF;
    INSERT INTO stock_movements (variant_id, kind, delta, level, actor, reason, order_id)
    VALUES (
        NEW.id,
        coalesce(kind, CASE WHEN TG_OP = 'INSERT' THEN 'initial' ELSE 'correction' END),
        NEW.stock_on_hand - old_level,
        NEW.stock_on_hand,
        coalesce(nullif(current_setting('oxcart.stock_actor', true), ''), 'system'),
        coalesce(current_setting('oxcart.stock_reason', true), ''),
        nullif(current_setting('oxcart.stock_order', true), '')::bigint
    );
    RETURN NULL;
END $$;
CREATE TRIGGER variants_stock_ledger AFTER INSERT OR UPDATE OF stock_on_hand ON variants
    FOR EACH ROW EXECUTE FUNCTION record_stock_movement();

-- What is already in stock starts the ledger.
INSERT INTO stock_movements (variant_id, kind, delta, level, actor, reason)
SELECT id, 'initial', stock_on_hand, stock_on_hand, 'system', 'stock before the ledger'
FROM variants WHERE stock_on_hand <> 0;

-- Low stock: a variant whose stock on hand drops to or below its threshold raises one alert;
-- climbing back above the threshold re-arms it. (Reservations do not count: a hold that ends
-- would re-arm and re-alert on every abandoned checkout.)
ALTER TABLE variants ADD COLUMN low_stock_alerted boolean NOT NULL DEFAULT false;
UPDATE variants SET low_stock_alerted = (stock_on_hand <= low_stock_threshold);

CREATE TABLE low_stock_alerts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    variant_id  bigint NOT NULL REFERENCES variants (id),
    level       integer NOT NULL,
    threshold   integer NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- Set when the alert's emails were queued in the outbox (the alert worker).
    emailed_at  timestamptz,
    -- Set when an admin dismissed it in the dashboard.
    dismissed_at timestamptz
);
CREATE INDEX low_stock_alerts_unmailed_idx ON low_stock_alerts (id) WHERE emailed_at IS NULL;
CREATE INDEX low_stock_alerts_open_idx ON low_stock_alerts (id DESC) WHERE dismissed_at IS NULL;

CREATE FUNCTION watch_low_stock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.stock_on_hand <= NEW.low_stock_threshold THEN
        IF NOT NEW.low_stock_alerted AND NEW.active THEN
            NEW.low_stock_alerted := true;
            INSERT INTO low_stock_alerts (variant_id, level, threshold)
            VALUES (NEW.id, NEW.stock_on_hand, NEW.low_stock_threshold);
        END IF;
    ELSE
        NEW.low_stock_alerted := false;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER variants_low_stock BEFORE UPDATE OF stock_on_hand, low_stock_threshold, active
    ON variants FOR EACH ROW EXECUTE FUNCTION watch_low_stock();
