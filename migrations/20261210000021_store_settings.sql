-- The store's own words and promises, edited by admins in the dashboard (Store settings):
-- the announcement bar, the returns and warranty terms, how fast orders ship, and the footer's
-- pages. Every change records `store.changed`, which makes every instance reload the settings
-- and drop its cached pages (they carry the announcement bar and the footer).

CREATE TABLE store_settings (
    -- One row.
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    show_announcement boolean NOT NULL DEFAULT true,
    -- Empty: the bar is made of the free-shipping threshold, the returns and the warranty.
    announcement text NOT NULL DEFAULT '' CHECK (char_length(announcement) <= 160),
    returns_days integer NOT NULL DEFAULT 30 CHECK (returns_days BETWEEN 0 AND 365),
    warranty_months integer NOT NULL DEFAULT 24 CHECK (warranty_months BETWEEN 0 AND 120),
    -- Business days between the order (before the cut-off) and the parcel leaving.
    handling_days integer NOT NULL DEFAULT 0 CHECK (handling_days BETWEEN 0 AND 30),
    -- Orders placed before this minute of a business day (store time) leave that day.
    cutoff_minute integer NOT NULL DEFAULT 840 CHECK (cutoff_minute BETWEEN 0 AND 1439),
    time_zone text NOT NULL DEFAULT 'America/New_York',
    standard_min_days integer NOT NULL DEFAULT 3 CHECK (standard_min_days BETWEEN 0 AND 60),
    standard_max_days integer NOT NULL DEFAULT 5 CHECK (standard_max_days BETWEEN standard_min_days AND 60),
    express_min_days integer NOT NULL DEFAULT 1 CHECK (express_min_days BETWEEN 0 AND 60),
    express_max_days integer NOT NULL DEFAULT 2 CHECK (express_max_days BETWEEN express_min_days AND 60),
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO store_settings DEFAULT VALUES;

CREATE TABLE store_pages (
    slug text PRIMARY KEY CHECK (slug IN ('shipping', 'returns', 'warranty', 'contact', 'privacy', 'terms')),
    position integer NOT NULL,
    title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 100),
    -- Paragraphs separated by blank lines; "## " starts a heading, "- " a list item;
    -- {returns_days}, {warranty}, {cutoff}, {dispatch}, {standard_days} and {express_days} are
    -- filled from store_settings when the page is shown.
    body text NOT NULL CHECK (char_length(body) <= 20000),
    updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO store_pages (slug, position, title, body) VALUES
('shipping', 1, 'Shipping', $$Orders placed before {cutoff} (store time) on a business day leave our warehouse {dispatch}. You get an email with the carrier and a tracking link as soon as your parcel is on its way.

## Delivery times
- Standard: {standard_days} business days, free on orders over the free-shipping threshold shown at the top of every page.
- Express: {express_days} business days.

Every product page and the checkout show the dates to expect before you pay.

## Where we ship
We ship to the countries offered in the checkout's address form. Import duties, where they apply, are collected by the carrier.$$),
('returns', 2, 'Returns', $$Changed your mind? Send it back within {returns_days} days of delivery for a full refund of the item's price.

## How to return
- Write to us with your order number (it is in your confirmation email and on your order page).
- We reply with a return label and the address.
- Once the parcel arrives and is checked, we refund the way you paid, usually within 5 business days.

Items must be complete and undamaged. Faulty items are covered by the warranty instead: see the Warranty page.$$),
('warranty', 3, 'Warranty', $$Every product we sell carries a {warranty} warranty from the day it is delivered, on top of your legal rights.

## What is covered
- Defects in materials and manufacturing.
- Failures under normal use.

## What to do
Write to us with your order number and a short description of the fault. We repair, replace or refund the item, and we pay the shipping both ways.$$),
('contact', 4, 'Contact', $$We answer every message within one business day.

## Before you write
Your order page shows its status, its parcel's tracking link and every email we sent about it.

## Write to us
Reply to any email from the store, or write to the address in the footer of our emails. Please include your order number.$$),
('privacy', 5, 'Privacy', $$We keep only what running your orders needs: your name, email address, shipping address and what you bought.

## What we do with it
- Ship your orders and write to you about them.
- Keep the records the law asks of a shop.

We never sell your data. Card details go straight to the payment provider and never reach our servers.

## Cookies
One cookie keeps you signed in. A guest's cart is kept in the browser itself.

## Your rights
Ask us for a copy of your data or its deletion at any time: write to us from the Contact page.$$),
('terms', 6, 'Terms', $$These terms apply to every order placed in this store.

## Prices and payment
Prices are shown with their currency. Shipping and tax are added at checkout before you pay. Your order is confirmed once the payment is received.

## Stock
Items are held for you while you pay. If an item cannot be delivered after all, we refund it in full.

## Returns and warranty
See the Returns and Warranty pages.$$);

CREATE FUNCTION store_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM record_event('store.changed', 'store', jsonb_build_object('table', TG_TABLE_NAME));
    RETURN NULL;
END
$$;

CREATE TRIGGER store_settings_events AFTER UPDATE ON store_settings
    FOR EACH STATEMENT EXECUTE FUNCTION store_events();
CREATE TRIGGER store_pages_events AFTER INSERT OR UPDATE OR DELETE ON store_pages
    FOR EACH STATEMENT EXECUTE FUNCTION store_events();
