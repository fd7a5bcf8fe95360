-- The catalog's read model: one row per product with what its card shows and what listings
-- filter and sort on, aggregated over its active variants (the cheapest price and its "was"
-- price, the highest price, the stock left to sell, the highest low-stock threshold). Pages
-- read it instead of aggregating every product's variants on every request.
--
-- It is kept current in the same transaction as the writes that change it: a variant write
-- notes its product in a transaction-local list (`oxcart.dirty_cards`), and at commit a deferred
-- trigger recomputes the noted products' rows. Recomputing at commit, after locking the rows in
-- product order, means (1) a transaction's card locks are the last locks it takes and are taken
-- in one global order, so writers of stock (which lock variants in their own order) cannot
-- deadlock on cards, and (2) the recompute runs after any concurrent writer of the same product
-- committed (it waited for the row lock; each statement of a volatile function reads a fresh
-- snapshot), so no change is lost. Prices and stock at add-to-cart, checkout and place-order
-- are still read from `variants`.
CREATE TABLE product_cards (
    product_id    bigint PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    -- NULL while the product has no active variant (it is then on no page).
    min_price     bigint,
    max_price     bigint,
    currency      text,
    compare_at    bigint,
    stock         bigint NOT NULL DEFAULT 0,
    low_threshold bigint NOT NULL DEFAULT 0
);

-- Recomputes the cards of the given products from their active variants (locking them in
-- product order first).
CREATE FUNCTION refresh_product_cards(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM product_cards WHERE product_id = ANY (ids) ORDER BY product_id FOR UPDATE;
    UPDATE product_cards c
       SET (min_price, max_price, currency, compare_at, stock, low_threshold) = (
           SELECT min(x.price_minor), max(x.price_minor), min(x.currency),
                  (array_agg(x.compare_at_minor ORDER BY x.price_minor, x.position))[1],
                  coalesce(sum(x.stock_on_hand - x.stock_reserved), 0),
                  coalesce(max(x.low_stock_threshold), 0)
           FROM variants x WHERE x.product_id = c.product_id AND x.active)
     WHERE c.product_id = ANY (ids);
END
$$;

-- A new product gets its (empty) card at once; its variants fill it in at commit.
CREATE FUNCTION create_product_card() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO product_cards (product_id) VALUES (NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER products_card AFTER INSERT ON products
    FOR EACH ROW EXECUTE FUNCTION create_product_card();

-- Notes the products whose cards a variant write changes.
CREATE FUNCTION note_dirty_card() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    noted text := coalesce(current_setting('oxcart.dirty_cards', true), '');
    pid bigint;
BEGIN
    FOREACH pid IN ARRAY CASE TG_OP
        WHEN 'INSERT' THEN ARRAY[NEW.product_id]
        WHEN 'DELETE' THEN ARRAY[OLD.product_id]
        ELSE ARRAY[OLD.product_id, NEW.product_id] END
    LOOP
        IF position(',' || pid || ',' IN ',' || noted) = 0 THEN
            noted := noted || pid || ',';
        END IF;
    END LOOP;
    PERFORM set_config('oxcart.dirty_cards', noted, true);
    RETURN NULL;
END
$$;
CREATE TRIGGER variants_note_card
    AFTER INSERT OR DELETE OR UPDATE OF product_id, price_minor, currency, compare_at_minor,
        stock_on_hand, stock_reserved, low_stock_threshold, position, active
    ON variants FOR EACH ROW EXECUTE FUNCTION note_dirty_card();

-- At commit: the first firing recomputes every noted card and empties the list; the others
-- find it empty.
CREATE FUNCTION refresh_dirty_cards() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    noted text := coalesce(current_setting('oxcart.dirty_cards', true), '');
BEGIN
    IF noted <> '' THEN
        PERFORM set_config('oxcart.dirty_cards', '', true);
        PERFORM refresh_product_cards(
            (SELECT array_agg(DISTINCT x ORDER BY x)
             FROM unnest(string_to_array(rtrim(noted, ','), ',')::bigint[]) AS x));
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER variants_refresh_cards
    AFTER INSERT OR DELETE OR UPDATE OF product_id, price_minor, currency, compare_at_minor,
        stock_on_hand, stock_reserved, low_stock_threshold, position, active
    ON variants DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION refresh_dirty_cards();

INSERT INTO product_cards (product_id) SELECT id FROM products;
SELECT refresh_product_cards(array_agg(id)) FROM products;
