-- Domain events. Every state change that matters writes one row here in the same transaction
-- as the change: triggers on the changed tables write them, so no code path can forget one and
-- a change that rolls back writes none. A relay in every app instance publishes committed rows
-- to a Redis stream (at least once, in id order, one relay at a time) and marks them published;
-- consumers are idempotent by event id. Published rows are deleted after a retention period.
--
-- Catalogue (version 1; `subject` names what the event is about):
--   order.placed, order.paid, order.processing, order.shipped, order.delivered,
--   order.cancelled, order.refunded   subject order:{number}
--       {number, status, previous, total_minor, currency, user_id, tracking}
--   stock.changed                     subject variant:{sku}
--       {sku, variant_id, product_id, available, on_hand, reserved, threshold, active}
--   product.changed                   subject product:{id}
--       {product_id, slug, what}        (catalog edits, prices, images, activation)
--   low_stock.crossed                 subject variant:{sku}
--       {sku, variant_id, product_id, level, threshold}
CREATE TABLE domain_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type         text NOT NULL,
    version      integer NOT NULL DEFAULT 1,
    subject      text NOT NULL,
    data         jsonb NOT NULL,
    occurred_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    published_at timestamptz
);

CREATE INDEX domain_events_unpublished ON domain_events (id) WHERE published_at IS NULL;
CREATE INDEX domain_events_published ON domain_events (published_at) WHERE published_at IS NOT NULL;

-- A transaction can say it makes no events (`SET LOCAL oxcart.events = 'off'`): loading the
-- demo catalog into an empty store is not news to anyone.
CREATE FUNCTION record_event(kind text, subject text, data jsonb) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO domain_events (type, subject, data)
    SELECT kind, subject, data
    WHERE current_setting('oxcart.events', true) IS DISTINCT FROM 'off';
$$;

-- Orders: placed, and every status change.
CREATE FUNCTION order_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM record_event('order.placed', 'order:' || NEW.number, jsonb_build_object(
            'number', NEW.number, 'status', NEW.status, 'previous', NULL,
            'total_minor', NEW.total_minor, 'currency', NEW.currency, 'user_id', NEW.user_id,
            'tracking', NULL));
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        PERFORM record_event('order.' || NEW.status, 'order:' || NEW.number, jsonb_build_object(
            'number', NEW.number, 'status', NEW.status, 'previous', OLD.status,
            'total_minor', NEW.total_minor, 'currency', NEW.currency, 'user_id', NEW.user_id,
            'tracking', NEW.tracking_number));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER orders_events AFTER INSERT OR UPDATE OF status ON orders
    FOR EACH ROW EXECUTE FUNCTION order_events();

-- Variants: what can be sold changed (stock on hand, reservations, activation); the product's
-- facts changed (price, options, SKU; a variant added or removed).
CREATE FUNCTION variant_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v variants;
BEGIN
    IF TG_OP = 'DELETE' THEN
        v := OLD;
    ELSE
        v := NEW;
    END IF;
    IF TG_OP <> 'UPDATE'
        OR (NEW.stock_on_hand - NEW.stock_reserved) IS DISTINCT FROM (OLD.stock_on_hand - OLD.stock_reserved)
        OR NEW.stock_on_hand IS DISTINCT FROM OLD.stock_on_hand
        OR NEW.active IS DISTINCT FROM OLD.active THEN
        PERFORM record_event('stock.changed', 'variant:' || v.sku, jsonb_build_object(
            'sku', v.sku, 'variant_id', v.id, 'product_id', v.product_id,
            'available', CASE WHEN TG_OP = 'DELETE' OR NOT v.active THEN 0
                              ELSE greatest(v.stock_on_hand - v.stock_reserved, 0) END,
            'on_hand', v.stock_on_hand, 'reserved', v.stock_reserved,
            'threshold', v.low_stock_threshold, 'active', TG_OP <> 'DELETE' AND v.active));
    END IF;
    IF TG_OP <> 'UPDATE'
        OR NEW.price_minor IS DISTINCT FROM OLD.price_minor
        OR NEW.compare_at_minor IS DISTINCT FROM OLD.compare_at_minor
        OR NEW.options IS DISTINCT FROM OLD.options
        OR NEW.sku IS DISTINCT FROM OLD.sku
        OR NEW.active IS DISTINCT FROM OLD.active THEN
        PERFORM record_event('product.changed', 'product:' || v.product_id, jsonb_build_object(
            'product_id', v.product_id, 'slug', NULL, 'what', 'variant'));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER variants_events AFTER INSERT OR UPDATE OR DELETE ON variants
    FOR EACH ROW EXECUTE FUNCTION variant_events();

CREATE FUNCTION product_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    p products;
BEGIN
    IF TG_OP = 'DELETE' THEN
        p := OLD;
    ELSE
        p := NEW;
    END IF;
    PERFORM record_event('product.changed', 'product:' || p.id, jsonb_build_object(
        'product_id', p.id, 'slug', p.slug, 'what', 'product'));
    RETURN NULL;
END
$$;

CREATE TRIGGER products_events AFTER INSERT OR UPDATE OR DELETE ON products
    FOR EACH ROW EXECUTE FUNCTION product_events();

CREATE FUNCTION product_image_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    product bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        product := OLD.product_id;
    ELSE
        product := NEW.product_id;
    END IF;
    PERFORM record_event('product.changed', 'product:' || product, jsonb_build_object(
        'product_id', product, 'slug', NULL, 'what', 'images'));
    RETURN NULL;
END
$$;

CREATE TRIGGER product_images_events AFTER INSERT OR UPDATE OR DELETE ON product_images
    FOR EACH ROW EXECUTE FUNCTION product_image_events();

-- Low stock: the alert row the inventory trigger writes when stock on hand falls to or below
-- its threshold.
CREATE FUNCTION low_stock_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v variants;
BEGIN
    SELECT * INTO v FROM variants WHERE id = NEW.variant_id;
    PERFORM record_event('low_stock.crossed', 'variant:' || v.sku, jsonb_build_object(
        'sku', v.sku, 'variant_id', v.id, 'product_id', v.product_id,
        'level', NEW.level, 'threshold', NEW.threshold));
    RETURN NULL;
END
$$;

CREATE TRIGGER low_stock_alerts_events AFTER INSERT ON low_stock_alerts
    FOR EACH ROW EXECUTE FUNCTION low_stock_events();
