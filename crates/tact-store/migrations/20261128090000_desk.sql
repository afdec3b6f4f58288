-- Tact review desk: login rate limiting shared by every desk on the database, and each
-- practice's known-patient roster and reply templates.

-- One row per failed sign-in, kept for the rate limiter's window and then pruned. Neither
-- the e-mail nor the client address is stored: only keyed hashes of them (HMAC-SHA256 with
-- the installation's `login_limiter_key` setting).
CREATE TABLE login_failures (
    id          TEXT PRIMARY KEY,
    account_key TEXT NOT NULL,
    address_key TEXT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX login_failures_account ON login_failures (account_key, at);
CREATE INDEX login_failures_address ON login_failures (address_key, at);
CREATE INDEX login_failures_at ON login_failures (at);

-- A practice's known-patient roster: the engine's keyed hashes of patient names
-- (HMAC-SHA256 truncated to 128 bits, hex), never the names, and the practice's own key.
CREATE TABLE practice_rosters (
    organization_id TEXT NOT NULL,
    practice_id     TEXT NOT NULL,
    roster_key      TEXT NOT NULL,
    hashes          TEXT NOT NULL,
    names           BIGINT NOT NULL,
    updated_by      TEXT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (organization_id, practice_id),
    FOREIGN KEY (organization_id, practice_id) REFERENCES practices (organization_id, id)
);

-- A practice's own reply templates (the format of data/replies/templates.toml).
CREATE TABLE practice_replies (
    organization_id TEXT NOT NULL,
    practice_id     TEXT NOT NULL,
    templates_toml  TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (organization_id, practice_id),
    FOREIGN KEY (organization_id, practice_id) REFERENCES practices (organization_id, id)
);

-- Bumped whenever what a practice's analyzer is built from changes (profile, roster,
-- templates), so every desk sharing the database rebuilds it.
ALTER TABLE practices ADD COLUMN analyzer_rev BIGINT NOT NULL DEFAULT 0;
