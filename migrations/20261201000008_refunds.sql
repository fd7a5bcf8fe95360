-- Refunds are written before the payment provider is asked (status 'pending'), so that:
-- * what can still be refunded is checked under the order's row lock against what was
--   refunded AND what refunds in flight will take (two concurrent refunds can never ask for
--   more than was paid);
-- * the provider is called with an idempotency key derived from the row's id, so a retry after
--   a timeout can never refund twice;
-- * a refund whose provider call failed or timed out is retried with backoff by the sweeper
--   (next_attempt_at, attempts, last_error) and stays visible on the dashboard until it
--   succeeds, or is marked 'failed' when the provider refused it (staff must act).
-- orders.refunded_minor is the sum of the succeeded rows; it only ever grows by a row's amount.
CREATE TABLE refunds (
    id              bigserial PRIMARY KEY,
    order_id        bigint NOT NULL REFERENCES orders (id),
    amount_minor    bigint NOT NULL,
    status          text NOT NULL DEFAULT 'pending',
    -- Automatic refunds (a paid order cancelled, money for an order that cannot be fulfilled)
    -- are retried until they succeed; staff refunds too, but staff see the outcome at once.
    automatic       boolean NOT NULL,
    actor           text NOT NULL,
    reason          text NOT NULL DEFAULT '',
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    settled_at      timestamptz,
    CONSTRAINT refunds_amount_positive CHECK (amount_minor > 0),
    CONSTRAINT refunds_status_known CHECK (status IN ('pending', 'succeeded', 'failed'))
);

-- The sweeper's claim: pending refunds whose next attempt is due.
CREATE INDEX refunds_due ON refunds (next_attempt_at) WHERE status = 'pending';
CREATE INDEX refunds_order ON refunds (order_id);
