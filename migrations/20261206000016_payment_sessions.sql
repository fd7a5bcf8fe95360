-- Every hosted checkout an order has had besides its current one. The current one is on the
-- order row (payment_provider, payment_reference); when the shopper switches to another way
-- of paying, the one left is recorded here in the same transaction, so a payment that still
-- arrives through it is recognised as this order's (and never lost), while its expiry or
-- failure no longer affects the order.
CREATE TABLE payment_sessions (
    provider   text NOT NULL,
    reference  text NOT NULL,
    order_id   bigint NOT NULL REFERENCES orders (id),
    url        text,
    closed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, reference)
);

CREATE INDEX payment_sessions_order ON payment_sessions (order_id);

-- The provider's id of a refund it reported (PayPal's PAYMENT.CAPTURE.REFUNDED): a refund made
-- in the provider's dashboard is recorded once, however often it is reported.
ALTER TABLE refunds ADD COLUMN provider_refund_id text;
CREATE UNIQUE INDEX refunds_provider_refund ON refunds (provider_refund_id)
    WHERE provider_refund_id IS NOT NULL;
