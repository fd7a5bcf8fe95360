-- Counting the order emails sent to one address in the last hour (guest checkouts may not
-- mail an unverified address more than a few times an hour) without scanning the outbox.
CREATE INDEX outbox_recipient_idx ON outbox (recipient, created_at);
