-- Tact review desk: the initial schema.
--
-- Portable SQL: the same file runs on SQLite and PostgreSQL. Ids are application-generated
-- text (UUIDv7: random but sortable by creation time); times are BIGINT milliseconds since
-- the Unix epoch (UTC); JSON is stored as TEXT; flags are nullable "…_at" times. No
-- AUTOINCREMENT or SERIAL: audit sequence numbers are assigned by the application under the
-- chain lock.
--
-- Tenancy: every tenant-owned table carries organization_id, and references between tenant
-- objects are composite foreign keys (organization_id, id), so the database itself refuses a
-- row that points into another organization.

CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE practices (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    name            TEXT NOT NULL,
    profile_toml    TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (organization_id, id)
);

CREATE TABLE social_accounts (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    practice_id     TEXT NOT NULL,
    platform        TEXT NOT NULL,
    handle          TEXT NOT NULL,
    account_type    TEXT NOT NULL CHECK (account_type IN ('business', 'personal')),
    created_at      BIGINT NOT NULL,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, practice_id) REFERENCES practices (organization_id, id)
);
CREATE INDEX social_accounts_practice ON social_accounts (organization_id, practice_id);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    email           TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    disabled_at     BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (organization_id, id)
);

CREATE TABLE memberships (
    organization_id TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    practice_id     TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('writer', 'reviewer', 'compliance', 'admin')),
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (user_id, practice_id, role),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id),
    FOREIGN KEY (organization_id, practice_id) REFERENCES practices (organization_id, id)
);
CREATE INDEX memberships_practice ON memberships (organization_id, practice_id);

CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    csrf_secret     TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id)
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    name            TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    created_at      BIGINT NOT NULL,
    last_used_at    BIGINT,
    revoked_at      BIGINT,
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id)
);
CREATE INDEX api_tokens_user ON api_tokens (organization_id, user_id);

CREATE TABLE drafts (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    practice_id     TEXT NOT NULL,
    account_id      TEXT,
    author_id       TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('post', 'reply')),
    replying_to     TEXT,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'approved', 'rejected', 'published', 'taken_down')),
    current_version BIGINT NOT NULL,
    published_link  TEXT,
    published_at    BIGINT,
    takedown_reason TEXT,
    taken_down_at   BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, practice_id) REFERENCES practices (organization_id, id),
    FOREIGN KEY (organization_id, account_id) REFERENCES social_accounts (organization_id, id),
    FOREIGN KEY (organization_id, author_id) REFERENCES users (organization_id, id)
);
CREATE INDEX drafts_status ON drafts (organization_id, status, updated_at);
CREATE INDEX drafts_practice ON drafts (organization_id, practice_id, updated_at);

CREATE TABLE versions (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    draft_id        TEXT NOT NULL,
    number          BIGINT NOT NULL,
    body            TEXT NOT NULL,
    report_json     TEXT NOT NULL,
    verdict         TEXT NOT NULL CHECK (verdict IN ('pass', 'review', 'block')),
    -- The report's rule ids, sorted, each between bars: '|acknowledgement|patient-name|'
    -- (searchable with LIKE '%|rule|%' on both databases).
    rules           TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    UNIQUE (draft_id, number),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, draft_id) REFERENCES drafts (organization_id, id),
    FOREIGN KEY (organization_id, created_by) REFERENCES users (organization_id, id)
);

CREATE TABLE decisions (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    draft_id        TEXT NOT NULL,
    version_id      TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('approve', 'reject', 'send_back', 'override')),
    reason          TEXT,
    decided_by      TEXT NOT NULL,
    decided_at      BIGINT NOT NULL,
    FOREIGN KEY (organization_id, draft_id) REFERENCES drafts (organization_id, id),
    FOREIGN KEY (organization_id, version_id) REFERENCES versions (organization_id, id),
    FOREIGN KEY (organization_id, decided_by) REFERENCES users (organization_id, id)
);
CREATE INDEX decisions_draft ON decisions (organization_id, draft_id);

CREATE TABLE webhooks (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    practice_id     TEXT NOT NULL,
    url             TEXT NOT NULL,
    secret          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    disabled_at     BIGINT,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, practice_id) REFERENCES practices (organization_id, id)
);

CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    webhook_id      TEXT NOT NULL,
    draft_id        TEXT,
    attempt         BIGINT NOT NULL,
    status_code     BIGINT,
    error           TEXT,
    next_attempt_at BIGINT,
    created_at      BIGINT NOT NULL,
    FOREIGN KEY (organization_id, webhook_id) REFERENCES webhooks (organization_id, id),
    FOREIGN KEY (organization_id, draft_id) REFERENCES drafts (organization_id, id)
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (organization_id, webhook_id, created_at);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at);

-- The audit log: append-only and hash-chained (see src/audit.rs for the hash). organization_id
-- is NULL only for events about the whole installation (the retention setting).
CREATE TABLE audit_events (
    seq             BIGINT PRIMARY KEY,
    at              BIGINT NOT NULL,
    organization_id TEXT,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    object_kind     TEXT NOT NULL,
    object_id       TEXT NOT NULL,
    details         TEXT NOT NULL,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);
CREATE INDEX audit_events_org ON audit_events (organization_id, seq);
CREATE INDEX audit_events_at ON audit_events (at);

-- The chain head: one row, locked by every write transaction (PostgreSQL: SELECT … FOR
-- UPDATE; SQLite: BEGIN IMMEDIATE), so appends are serialized across processes.
CREATE TABLE audit_head (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
