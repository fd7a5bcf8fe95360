-- Who placed an unpaid order, so that nobody can hold the catalog hostage: the client's
-- rate-limit identity (an IPv4 address or IPv6 /64) and the SHA-256 of the browser's
-- `oxcart_browser` cookie. Checkout refuses a new order when the same email, client or browser
-- already holds the configured number of unpaid (pending) orders.
ALTER TABLE orders ADD COLUMN client_key text;
ALTER TABLE orders ADD COLUMN browser_key text;

-- The counts above only look at pending orders, a small set.
CREATE INDEX orders_pending_email ON orders (email) WHERE status = 'pending';
CREATE INDEX orders_pending_client ON orders (client_key) WHERE status = 'pending';
CREATE INDEX orders_pending_browser ON orders (browser_key) WHERE status = 'pending';
