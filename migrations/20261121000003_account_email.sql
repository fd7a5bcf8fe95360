-- Email verification and password-reset tokens, saved addresses, and the email outbox.

-- Single-use links sent by email. Only the SHA-256 of the token is stored; the link itself
-- exists only in the message. `email` is the address the link was sent to: a verification
-- link stops working once the account's email has changed.
CREATE TABLE account_tokens (
    token_hash bytea PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    text NOT NULL,
    email      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    CONSTRAINT account_tokens_purpose_known CHECK (purpose IN ('verify-email', 'password-reset')),
    CONSTRAINT account_tokens_hash_length CHECK (octet_length(token_hash) = 32)
);
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose);

CREATE TABLE addresses (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    full_name   text NOT NULL,
    line1       text NOT NULL,
    line2       text NOT NULL DEFAULT '',
    city        text NOT NULL,
    region      text NOT NULL DEFAULT '',
    postal_code text NOT NULL,
    country     text NOT NULL,
    phone       text NOT NULL DEFAULT '',
    is_default  boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT addresses_country_code CHECK (country ~ '^[A-Z]{2}$')
);
CREATE INDEX addresses_user_idx ON addresses (user_id);
-- At most one default shipping address per account.
CREATE UNIQUE INDEX addresses_one_default_idx ON addresses (user_id) WHERE is_default;

-- Emails to send, written in the same transaction as the change that causes them. Workers in
-- any number of app instances claim due rows with FOR UPDATE SKIP LOCKED; a claim is a lease
-- (next_attempt_at moves into the future), so a worker that dies mid-send leaves the row to be
-- claimed again once the lease ends. Bodies are cleared once sent: they may hold live links.
CREATE TABLE outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL,
    recipient       text NOT NULL,
    subject         text NOT NULL,
    body_text       text NOT NULL,
    body_html       text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    failed_at       timestamptz,
    last_error      text
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
