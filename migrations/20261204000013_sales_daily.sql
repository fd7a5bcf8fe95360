-- The dashboard's analytics read a daily rollup of the orders instead of scanning every order
-- of the range (a year of a busy store is 100,000 orders and more). Definitions are those of
-- app/src/domain/analytics.rs: an order is *sold* once it has a payment id; revenue is a sold
-- order's total net of refunds, on the UTC day it was placed; units and top products count the
-- lines of sold orders that are not cancelled or refunded.
--
-- The rollup is kept current by triggers, in the same transaction as the write that changes it
-- (an order placed, paid, refunded, cancelled...), so it is never stale and never counts a
-- rolled-back order. The per-order counts are deferred to commit time: today's rows are shared
-- by every order placed today, and taking their lock at commit keeps the time it is held (and
-- the wait of concurrent checkouts) to the commit itself. The per-product units are immediate:
-- they change only when an order is paid, cancelled or refunded, never when one is placed.

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

-- Whether an order's lines count for units: sold, not cancelled or refunded.
CREATE FUNCTION sales_counts_units(o orders) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT o.payment_id IS NOT NULL AND o.status NOT IN ('cancelled', 'refunded')
$$;

-- The orders part: every change of an order subtracts its old version and adds its new one
-- (deferred to commit: only the row versions are read).
CREATE FUNCTION sales_rollup_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO sales_daily AS s (day, status, sold, orders, net_minor)
        VALUES ((OLD.created_at AT TIME ZONE 'UTC')::date, OLD.status, OLD.payment_id IS NOT NULL,
                -1, -(OLD.total_minor - OLD.refunded_minor))
        ON CONFLICT (day, status, sold) DO UPDATE
            SET orders = s.orders + EXCLUDED.orders, net_minor = s.net_minor + EXCLUDED.net_minor;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO sales_daily AS s (day, status, sold, orders, net_minor)
        VALUES ((NEW.created_at AT TIME ZONE 'UTC')::date, NEW.status, NEW.payment_id IS NOT NULL,
                1, NEW.total_minor - NEW.refunded_minor)
        ON CONFLICT (day, status, sold) DO UPDATE
            SET orders = s.orders + EXCLUDED.orders, net_minor = s.net_minor + EXCLUDED.net_minor;
    END IF;
    IF TG_WHEN = 'BEFORE' THEN
        RETURN OLD; -- a delete goes ahead
    END IF;
    RETURN NULL;
END
$$;

-- Adds `sign` (1 or -1) times the lines of order `o` as they are now, on `o`'s day.
CREATE FUNCTION sales_rollup_lines(o orders, sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- In name order, so two transactions touching the same products lock them in one order.
    INSERT INTO sales_daily_products AS s (day, product_name, units, revenue_minor)
    SELECT (o.created_at AT TIME ZONE 'UTC')::date, l.product_name, sign * sum(l.quantity),
           sign * sum(l.line_total_minor)
    FROM order_lines l WHERE l.order_id = o.id
    GROUP BY l.product_name ORDER BY l.product_name
    ON CONFLICT (day, product_name) DO UPDATE
        SET units = s.units + EXCLUDED.units, revenue_minor = s.revenue_minor + EXCLUDED.revenue_minor;
END
$$;

-- The lines part, immediate (it reads the lines or the order as they are at the change): an
-- order that starts or stops counting for units (paid; cancelled or refunded), or moves to
-- another day, moves its lines; a line added to an order that counts is added. Placing an
-- order (not paid yet) touches nothing here.
CREATE FUNCTION sales_rollup_order_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF sales_counts_units(OLD) THEN
        PERFORM sales_rollup_lines(OLD, -1);
    END IF;
    IF TG_OP = 'UPDATE' AND sales_counts_units(NEW) THEN
        PERFORM sales_rollup_lines(NEW, 1);
    END IF;
    IF TG_WHEN = 'BEFORE' THEN
        RETURN OLD;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION sales_rollup_line() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    o orders;
    sign integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
    l order_lines := CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END;
BEGIN
    SELECT * INTO o FROM orders WHERE id = l.order_id;
    IF FOUND AND sales_counts_units(o) THEN
        INSERT INTO sales_daily_products AS s (day, product_name, units, revenue_minor)
        VALUES ((o.created_at AT TIME ZONE 'UTC')::date, l.product_name, sign * l.quantity,
                sign * l.line_total_minor)
        ON CONFLICT (day, product_name) DO UPDATE
            SET units = s.units + EXCLUDED.units,
                revenue_minor = s.revenue_minor + EXCLUDED.revenue_minor;
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
CREATE TRIGGER orders_sales_rollup_lines AFTER UPDATE OF status, payment_id, created_at ON orders
    FOR EACH ROW
    WHEN (sales_counts_units(OLD) IS DISTINCT FROM sales_counts_units(NEW)
          OR (OLD.created_at IS DISTINCT FROM NEW.created_at
              AND (sales_counts_units(OLD) OR sales_counts_units(NEW))))
    EXECUTE FUNCTION sales_rollup_order_lines();
CREATE TRIGGER order_lines_sales_rollup AFTER INSERT OR DELETE ON order_lines
    FOR EACH ROW EXECUTE FUNCTION sales_rollup_line();
-- Orders are never deleted by the store; should one be, it leaves the rollup before its lines
-- go (its lines' own delete then finds no order).
CREATE TRIGGER orders_sales_rollup_delete BEFORE DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION sales_rollup_order();
CREATE TRIGGER orders_sales_rollup_delete_lines BEFORE DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION sales_rollup_order_lines();

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
