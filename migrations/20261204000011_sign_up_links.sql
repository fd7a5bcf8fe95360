-- Email-first sign-up: the sign-up form only takes an address and emails a link; the account
-- is created (name and password chosen) from that link. Everyone gets the same answer, so the
-- form no longer tells who has an account. Only the SHA-256 of a link's token is stored.
CREATE TABLE sign_up_links (
    token_hash bytea PRIMARY KEY,
    email      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    CONSTRAINT sign_up_links_hash_length CHECK (octet_length(token_hash) = 32)
);
CREATE INDEX sign_up_links_expires_idx ON sign_up_links (expires_at);
