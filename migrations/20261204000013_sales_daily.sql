-- The dashboard's analytics read a daily rollup of the orders instead of scanning every order
-- of the range (a year of a busy store is 100,000 orders and more). Definitions are those of
-- app/src/domain/analytics.rs: an order is *sold* once it has a payment id; revenue is a sold
-- order's total net of refunds, on the UTC day it was placed; units and top products count the
-- lines of sold orders that are not cancelled or refunded.
--
-- The rollup is kept current by triggers on `orders`, in the same transaction as the write that
-- changes it (an order placed, paid, refunded, cancelled...), so it is never stale and never
-- counts a rolled-back order. The triggers are deferred to commit time: the rollup's rows for
-- today are shared by every order placed today, and taking their lock at commit keeps the time
-- it is held (and the wait of concurrent checkouts) to the commit itself. At commit an order's
-- lines are all written (they are never changed afterwards), so they are read then.

-- Orders per UTC day of placement, by their status now and whether they sold.
CREATE TABLE sales_daily (
    day        date    NOT NULL,
    status     text    NOT NULL,
    sold       boolean NOT NULL,
    orders     bigint  NOT NULL,
    -- Sum of total_minor - refunded_minor.
    net_minor  bigint  NOT NULL,
    PRIMARY KEY (day, status, sold)
);

-- Lines of the orders that count for units (sold, not cancelled or refunded) per UTC day of the
-- order's placement and product name (as on the line, like the order history).
CREATE TABLE sales_daily_products (
    day           date   NOT NULL,
    product_name  text   NOT NULL,
    units         bigint NOT NULL,
    revenue_minor bigint NOT NULL,
    PRIMARY KEY (day, product_name)
);

-- Adds `sign` (1 or -1) times one version of an order to the rollup; its lines only when
-- `with_lines` (the caller knows whether the order's counting for units changed).
CREATE FUNCTION sales_rollup_add(o orders, sign integer, with_lines boolean)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    d date := (o.created_at AT TIME ZONE 'UTC')::date;
BEGIN
    INSERT INTO sales_daily AS s (day, status, sold, orders, net_minor)
    VALUES (d, o.status, o.payment_id IS NOT NULL, sign, sign * (o.total_minor - o.refunded_minor))
    ON CONFLICT (day, status, sold) DO UPDATE
        SET orders = s.orders + EXCLUDED.orders, net_minor = s.net_minor + EXCLUDED.net_minor;
    IF with_lines AND o.payment_id IS NOT NULL AND o.status NOT IN ('cancelled', 'refunded') THEN
        -- In name order, so two commits touching the same products lock them in the same order.
        INSERT INTO sales_daily_products AS s (day, product_name, units, revenue_minor)
        SELECT d, l.product_name, sign * sum(l.quantity), sign * sum(l.line_total_minor)
        FROM order_lines l WHERE l.order_id = o.id
        GROUP BY l.product_name ORDER BY l.product_name
        ON CONFLICT (day, product_name) DO UPDATE
            SET units = s.units + EXCLUDED.units,
                revenue_minor = s.revenue_minor + EXCLUDED.revenue_minor;
    END IF;
END
$$;

CREATE FUNCTION sales_rollup_order() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_counts boolean := TG_OP <> 'INSERT' AND OLD.payment_id IS NOT NULL
                          AND OLD.status NOT IN ('cancelled', 'refunded');
    new_counts boolean := TG_OP <> 'DELETE' AND NEW.payment_id IS NOT NULL
                          AND NEW.status NOT IN ('cancelled', 'refunded');
    -- An order that counted before and after (paid -> shipped, a partial refund) keeps its
    -- lines where they are, unless it moved to another day.
    lines_move boolean := old_counts IS DISTINCT FROM new_counts
                          OR (TG_OP = 'UPDATE' AND OLD.created_at IS DISTINCT FROM NEW.created_at);
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM sales_rollup_add(OLD, -1, lines_move);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM sales_rollup_add(NEW, 1, lines_move);
    END IF;
    IF TG_WHEN = 'BEFORE' THEN
        RETURN OLD; -- the delete goes ahead
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER orders_sales_rollup_insert AFTER INSERT ON orders
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION sales_rollup_order();
CREATE CONSTRAINT TRIGGER orders_sales_rollup_update
    AFTER UPDATE OF status, payment_id, total_minor, refunded_minor, created_at ON orders
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          OR (OLD.payment_id IS NULL) IS DISTINCT FROM (NEW.payment_id IS NULL)
          OR OLD.total_minor IS DISTINCT FROM NEW.total_minor
          OR OLD.refunded_minor IS DISTINCT FROM NEW.refunded_minor
          OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION sales_rollup_order();
-- Orders are never deleted by the store; should one be, it leaves the rollup before its lines go
-- (a deferred trigger would find them deleted).
CREATE TRIGGER orders_sales_rollup_delete BEFORE DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION sales_rollup_order();

CREATE FUNCTION sales_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE sales_daily, sales_daily_products;
    RETURN NULL;
END
$$;
CREATE TRIGGER orders_sales_rollup_truncate AFTER TRUNCATE ON orders
    FOR EACH STATEMENT EXECUTE FUNCTION sales_rollup_truncate();

-- The orders already there.
INSERT INTO sales_daily (day, status, sold, orders, net_minor)
SELECT (created_at AT TIME ZONE 'UTC')::date, status, payment_id IS NOT NULL, count(*),
       sum(total_minor - refunded_minor)
FROM orders GROUP BY 1, 2, 3;

INSERT INTO sales_daily_products (day, product_name, units, revenue_minor)
SELECT (o.created_at AT TIME ZONE 'UTC')::date, l.product_name, sum(l.quantity),
       sum(l.line_total_minor)
FROM orders o JOIN order_lines l ON l.order_id = o.id
WHERE o.payment_id IS NOT NULL AND o.status NOT IN ('cancelled', 'refunded')
GROUP BY 1, 2;

-- New customers in a range.
CREATE INDEX users_customers_created_idx ON users (created_at) WHERE role = 'customer';
