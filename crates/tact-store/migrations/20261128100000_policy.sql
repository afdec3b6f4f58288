-- The practice's social media policy and procedures guide: every generated version (both
-- documents' Markdown, as `tact policy` writes them) and each staff member's acknowledgement
-- of a version. Scoped like every tenant table: organization_id and composite foreign keys.

CREATE TABLE policy_versions (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    practice_id     TEXT NOT NULL,
    number          BIGINT NOT NULL,
    version         TEXT NOT NULL,
    effective_date  TEXT NOT NULL,
    public_md       TEXT NOT NULL,
    guide_md        TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    UNIQUE (organization_id, id),
    UNIQUE (practice_id, number),
    FOREIGN KEY (organization_id, practice_id) REFERENCES practices (organization_id, id)
);
CREATE INDEX policy_versions_practice ON policy_versions (organization_id, practice_id, number);

CREATE TABLE policy_acknowledgements (
    organization_id   TEXT NOT NULL,
    policy_version_id TEXT NOT NULL,
    user_id           TEXT NOT NULL,
    acknowledged_at   BIGINT NOT NULL,
    PRIMARY KEY (policy_version_id, user_id),
    FOREIGN KEY (organization_id, policy_version_id) REFERENCES policy_versions (organization_id, id),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id)
);
