-- Order emails and the page caches are driven by domain events (one path each).
--
-- What each consumer has done, by event id: a consumer inserts its receipt in the transaction
-- of the effect (an email queued), so an event delivered twice has its effect once. Receipts
-- are deleted with the published events, after the same retention.
CREATE TABLE event_receipts (
    consumer   text NOT NULL,
    event_id   bigint NOT NULL,
    handled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

CREATE INDEX event_receipts_handled ON event_receipts (handled_at);

-- Recording an event also wakes the relays (`NOTIFY oxcart_events`, delivered once per
-- committing transaction), so a change reaches Redis in milliseconds rather than at the next
-- poll; the poll stays as the fallback when a notification is missed.
CREATE OR REPLACE FUNCTION record_event(kind text, subject text, data jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('oxcart.events', true) IS DISTINCT FROM 'off' THEN
        INSERT INTO domain_events (type, subject, data) VALUES (kind, subject, data);
        PERFORM pg_notify('oxcart_events', '');
    END IF;
END
$$;

-- Categories are catalog too (names, places in the menu): category.changed, subject
-- category:{id}, {category_id, slug}.
CREATE FUNCTION category_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c categories;
BEGIN
    IF TG_OP = 'DELETE' THEN
        c := OLD;
    ELSE
        c := NEW;
    END IF;
    PERFORM record_event('category.changed', 'category:' || c.id, jsonb_build_object(
        'category_id', c.id, 'slug', c.slug));
    RETURN NULL;
END
$$;

CREATE TRIGGER categories_events AFTER INSERT OR UPDATE OR DELETE ON categories
    FOR EACH ROW EXECUTE FUNCTION category_events();

-- The page caches now follow product.changed, stock.changed and category.changed on the event
-- stream; the catalog's own notifications go.
DROP TRIGGER products_notify ON products;
DROP TRIGGER variants_notify ON variants;
DROP TRIGGER product_images_notify ON product_images;
DROP TRIGGER categories_notify ON categories;
DROP FUNCTION notify_catalog_changed();
