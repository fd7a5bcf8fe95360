-- Stock changes that no page shows no longer empty the page caches.
--
-- Pages show stock only as a status: "In stock", "Only N left" (at or below the low-stock
-- threshold) or "Out of stock", per variant on the product page and per product (its card's
-- sum over its active variants) on cards, listings' in-stock filter and sort. Most stock
-- changes (an order reserving one of 40 units) change none of those, yet every one of them
-- emptied every instance's page cache, so a store taking orders re-rendered its pages all day.
--
-- Now:
-- - `stock.changed` says whether the variant's status changed (`shown`: false when it did not);
--   the caches skip events that say false. Its other fields are as before (the back-in-stock
--   emails and the live stock on product pages still get every change).
-- - when a card's status changes (its product's sum crossed a threshold), the card's refresh
--   at commit records `product.changed` with `what` = 'stock', which the caches follow.

-- What a page says of `available` units with low-stock threshold `threshold`: the same rule
-- as `domain::catalog::StockStatus::from_level` (`app/tests/cards_db.rs` holds them together).
CREATE FUNCTION shown_stock(available bigint, threshold bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN available <= 0 THEN 'out'
                WHEN available <= threshold THEN 'low:' || available
                ELSE 'in' END
$$;

-- What the product page shows of a variant (nothing while it is inactive).
CREATE FUNCTION shown_variant_stock(v variants) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN v.active
                THEN shown_stock(v.stock_on_hand::bigint - v.stock_reserved, v.low_stock_threshold)
           END
$$;

CREATE OR REPLACE FUNCTION variant_events() RETURNS trigger LANGUAGE plpgsql AS $$
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
            'threshold', v.low_stock_threshold, 'active', TG_OP <> 'DELETE' AND v.active,
            'shown', TG_OP <> 'UPDATE'
                     OR shown_variant_stock(OLD) IS DISTINCT FROM shown_variant_stock(NEW)));
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

-- The card refresh of `product_cards` (same locking and reading as before), now also saying
-- when a listed card's status changed.
CREATE OR REPLACE FUNCTION refresh_product_cards(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    changed bigint;
BEGIN
    PERFORM 1 FROM product_cards WHERE product_id = ANY (ids) ORDER BY product_id FOR UPDATE;
    -- Every part of one statement sees the same snapshot: `old` reads the cards as they were
    -- before `fresh` updates them.
    FOR changed IN
        WITH old AS (
            SELECT product_id,
                   CASE WHEN min_price IS NOT NULL THEN shown_stock(stock, low_threshold) END AS shown
            FROM product_cards WHERE product_id = ANY (ids)
        ), fresh AS (
            UPDATE product_cards c
               SET (min_price, max_price, currency, compare_at, stock, low_threshold) = (
                   SELECT min(x.price_minor), max(x.price_minor), min(x.currency),
                          (array_agg(x.compare_at_minor ORDER BY x.price_minor, x.position))[1],
                          coalesce(sum(x.stock_on_hand - x.stock_reserved), 0),
                          coalesce(max(x.low_stock_threshold), 0)
                   FROM variants x WHERE x.product_id = c.product_id AND x.active)
             WHERE c.product_id = ANY (ids)
            RETURNING c.product_id,
                      CASE WHEN c.min_price IS NOT NULL THEN shown_stock(c.stock, c.low_threshold) END AS shown
        )
        SELECT fresh.product_id FROM fresh JOIN old USING (product_id)
        WHERE fresh.shown IS DISTINCT FROM old.shown
        ORDER BY fresh.product_id
    LOOP
        PERFORM record_event('product.changed', 'product:' || changed, jsonb_build_object(
            'product_id', changed, 'slug', NULL, 'what', 'stock'));
    END LOOP;
END
$$;
