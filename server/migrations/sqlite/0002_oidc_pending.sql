-- OpenID Connect logins started and not yet finished (ten minutes at
-- most), so the provider's redirect back may reach any server instance.
-- Keyed by the SHA-256 of `state`; rows are deleted when used or expired.
CREATE TABLE oidc_pending (
    state_hash    TEXT PRIMARY KEY NOT NULL,
    browser_hash  TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    nonce         TEXT NOT NULL,
    next_path     TEXT NOT NULL,
    created_ms    BIGINT NOT NULL
);
CREATE INDEX oidc_pending_created ON oidc_pending (created_ms);
