-- The home page's category tiles no longer scan the whole catalog on every render.
--
-- The tiles show each top-level category's active products (its whole subtree) and the
-- first picture among them (of the active product with the lowest id that has a picture at
-- position 0). They were computed by joining every product and every first picture on every
-- render (0.7 ms of Postgres per home page on 491 products, growing with the catalog). Now
-- `category_stats` keeps, per category (not per subtree: moving a category moves nothing here),
-- its active products and its first pictured product; the tiles add those up over each root's
-- subtree, a walk over the categories alone.
--
-- Kept current in the same transaction as the writes that change it, the way `product_cards`
-- is: writes to products (insert, delete, `active`, `category_id`) and to pictures (insert,
-- delete, `product_id`, `position`) note the categories they touch in a transaction-local list
-- (`oxcart.dirty_categories`), and at commit a deferred trigger locks the noted rows in
-- category order and recomputes them, each statement reading a fresh snapshot, so a concurrent
-- writer of the same category has committed first and no change is lost.
CREATE TABLE category_stats (
    category_id bigint PRIMARY KEY REFERENCES categories (id) ON DELETE CASCADE,
    products    bigint NOT NULL DEFAULT 0,
    -- The active product with the lowest id that has a picture at position 0 (NULL: none).
    pictured    bigint
);

CREATE FUNCTION refresh_category_stats(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM category_stats WHERE category_id = ANY (ids) ORDER BY category_id FOR UPDATE;
    UPDATE category_stats s
       SET products = (SELECT count(*) FROM products p
                        WHERE p.category_id = s.category_id AND p.active),
           pictured = (SELECT min(p.id) FROM products p
                        WHERE p.category_id = s.category_id AND p.active
                          AND EXISTS (SELECT 1 FROM product_images i
                                       WHERE i.product_id = p.id AND i.position = 0))
     WHERE s.category_id = ANY (ids);
END
$$;

CREATE FUNCTION create_category_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO category_stats (category_id) VALUES (NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER categories_stats AFTER INSERT ON categories
    FOR EACH ROW EXECUTE FUNCTION create_category_stats();

-- Adds categories to the transaction's list of categories to recompute at commit.
CREATE FUNCTION note_dirty_categories(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    noted text := coalesce(current_setting('oxcart.dirty_categories', true), '');
    cid bigint;
BEGIN
    FOREACH cid IN ARRAY ids LOOP
        IF cid IS NOT NULL AND position(',' || cid || ',' IN ',' || noted) = 0 THEN
            noted := noted || cid || ',';
        END IF;
    END LOOP;
    PERFORM set_config('oxcart.dirty_categories', noted, true);
END
$$;

CREATE FUNCTION note_product_categories() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM note_dirty_categories(CASE TG_OP
        WHEN 'INSERT' THEN ARRAY[NEW.category_id]
        WHEN 'DELETE' THEN ARRAY[OLD.category_id]
        ELSE ARRAY[OLD.category_id, NEW.category_id] END);
    RETURN NULL;
END
$$;

-- A picture's product may be gone (deleted with it): that product's delete noted its category.
CREATE FUNCTION note_image_categories() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM note_dirty_categories(ARRAY(
        SELECT p.category_id FROM products p
         WHERE p.id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.product_id END,
                        CASE WHEN TG_OP <> 'DELETE' THEN NEW.product_id END)));
    RETURN NULL;
END
$$;

-- At commit: the first firing recomputes every noted category and empties the list; the
-- others find it empty.
CREATE FUNCTION refresh_dirty_categories() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    noted text := coalesce(current_setting('oxcart.dirty_categories', true), '');
BEGIN
    IF noted <> '' THEN
        PERFORM set_config('oxcart.dirty_categories', '', true);
        PERFORM refresh_category_stats(
            (SELECT array_agg(DISTINCT x ORDER BY x)
             FROM unnest(string_to_array(rtrim(noted, ','), ',')::bigint[]) AS x));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER products_note_category
    AFTER INSERT OR DELETE OR UPDATE OF active, category_id
    ON products FOR EACH ROW EXECUTE FUNCTION note_product_categories();
CREATE CONSTRAINT TRIGGER products_refresh_category
    AFTER INSERT OR DELETE OR UPDATE OF active, category_id
    ON products DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION refresh_dirty_categories();
CREATE TRIGGER product_images_note_category
    AFTER INSERT OR DELETE OR UPDATE OF product_id, position
    ON product_images FOR EACH ROW EXECUTE FUNCTION note_image_categories();
CREATE CONSTRAINT TRIGGER product_images_refresh_category
    AFTER INSERT OR DELETE OR UPDATE OF product_id, position
    ON product_images DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION refresh_dirty_categories();

INSERT INTO category_stats (category_id) SELECT id FROM categories;
SELECT refresh_category_stats(array_agg(id)) FROM categories;

