-- Back-in-stock alerts: a shopper asks to be emailed when a sold-out variant can be bought
-- again. A guest's alert waits for the emailed confirmation link (confirmed_at); a signed-in
-- shopper's verified address is confirmed at once. When the variant is available again the
-- event consumer (driven by `stock.changed`) queues one email per confirmed alert and marks it
-- notified in the same transaction: one email each, however often the event is delivered.
-- The alert then ends (a new one can be asked for). The link token (confirm, stop) is kept
-- only as a SHA-256.
CREATE TABLE stock_alerts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    variant_id   bigint NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    email        text NOT NULL,
    user_id      bigint REFERENCES users (id) ON DELETE SET NULL,
    token_hash   bytea NOT NULL UNIQUE,
    confirmed_at timestamptz,
    notified_at  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT stock_alerts_email_lower CHECK (email = lower(email))
);

-- One open alert per address and variant.
CREATE UNIQUE INDEX stock_alerts_open ON stock_alerts (variant_id, email) WHERE notified_at IS NULL;
-- Who waits for a variant (the consumer, the inventory page's demand).
CREATE INDEX stock_alerts_waiting ON stock_alerts (variant_id)
    WHERE notified_at IS NULL AND confirmed_at IS NOT NULL;
-- An address's open alerts (the cap per address).
CREATE INDEX stock_alerts_by_email ON stock_alerts (email) WHERE notified_at IS NULL;
