-- Accounts and server-side sessions.

CREATE TABLE users (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stored normalised (trimmed, lower-cased) by the application; unique as stored.
    email             text NOT NULL,
    -- An argon2id PHC string; never the password.
    password_hash     text NOT NULL,
    name              text NOT NULL DEFAULT '',
    role              text NOT NULL DEFAULT 'customer',
    email_verified_at timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_email_normalised CHECK (email = lower(btrim(email)) AND position('@' IN email) > 1),
    CONSTRAINT users_role_known CHECK (role IN ('customer', 'seller', 'admin'))
);

-- One row per signed-in browser. The cookie holds a random token; only its SHA-256 is stored,
-- so a leaked table cannot be replayed as cookies. Rows survive app and Redis restarts.
CREATE TABLE sessions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash   bytea NOT NULL,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    user_agent   text NOT NULL DEFAULT '',
    CONSTRAINT sessions_token_hash_key UNIQUE (token_hash),
    CONSTRAINT sessions_token_hash_length CHECK (octet_length(token_hash) = 32)
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
