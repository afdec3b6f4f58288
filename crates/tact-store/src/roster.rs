//! A practice's known-patient roster and its own reply templates, which the desk builds the
//! practice's analyzer with.
//!
//! The roster is stored as the engine's roster file (keyed hashes of names, never the names)
//! with the practice's own random key; the templates as the text of a templates file. Each
//! change bumps the practice's `analyzer_rev`, so that every desk on the database rebuilds
//! the analyzer, and is an audit event (counts and sizes only).

use serde_json::json;

use crate::org::{event, exists_in};
use crate::{found, now_ms, Action, Actor, Result, Store, WriteTx};

/// A practice's stored roster: the key (hex) and the roster file (JSON: hashes only).
#[derive(Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredRoster {
    pub roster_key: String,
    pub hashes: String,
    /// How many names were uploaded (the file holds one or two hashes per name).
    pub names: i64,
    pub updated_by: String,
    pub updated_at: i64,
}

impl std::fmt::Debug for StoredRoster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredRoster")
            .field("names", &self.names)
            .field("updated_at", &self.updated_at)
            .finish_non_exhaustive()
    }
}

/// A practice's own reply templates.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredReplies {
    pub templates_toml: String,
    pub updated_by: String,
    pub updated_at: i64,
}

/// Opens a write transaction on a practice of `org` (`NotFound` for another organization's)
/// and deletes its row of `table` (a literal): the first half of every change here. Returns
/// the transaction and whether there was a row.
async fn replace_in(
    store: &Store,
    table: &str,
    org: &str,
    practice_id: &str,
) -> Result<(WriteTx, bool)> {
    let mut tx = store.begin_write().await?;
    exists_in(&mut tx, "practices", org, practice_id).await?;
    let n = sqlx::query(&format!(
        "DELETE FROM {table} WHERE organization_id = $1 AND practice_id = $2"
    ))
    .bind(org)
    .bind(practice_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok((tx, n > 0))
}

/// The second half: bumps the practice's `analyzer_rev` (every desk rebuilds its analyzer),
/// records the `settings_change` event about `kind` (`roster`, `replies`) and commits.
async fn changed(
    mut tx: WriteTx,
    org: &str,
    actor: &Actor,
    kind: &str,
    practice_id: &str,
    details: serde_json::Value,
) -> Result<()> {
    sqlx::query(
        "UPDATE practices SET analyzer_rev = analyzer_rev + 1 \
         WHERE id = $1 AND organization_id = $2",
    )
    .bind(practice_id)
    .bind(org)
    .execute(&mut *tx)
    .await?;
    event(
        &mut tx,
        org,
        actor,
        Action::SettingsChange,
        kind,
        practice_id,
        details,
    )
    .await?;
    tx.commit().await
}

impl Store {
    /// The practice's row of `table` (a literal), if any (`NotFound` for another
    /// organization's practice).
    async fn practice_row<T>(
        &self,
        columns_and_table: &str,
        org: &str,
        practice_id: &str,
    ) -> Result<Option<T>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    {
        let mut conn = self.pool.acquire().await?;
        exists_in(&mut conn, "practices", org, practice_id).await?;
        Ok(sqlx::query_as(&format!(
            "SELECT {columns_and_table} WHERE organization_id = $1 AND practice_id = $2"
        ))
        .bind(org)
        .bind(practice_id)
        .fetch_optional(&mut *conn)
        .await?)
    }

    /// The practice's roster, if one was uploaded (`NotFound` for another organization's
    /// practice).
    pub async fn roster(&self, org: &str, practice_id: &str) -> Result<Option<StoredRoster>> {
        self.practice_row(
            "roster_key, hashes, names, updated_by, updated_at FROM practice_rosters",
            org,
            practice_id,
        )
        .await
    }

    /// Replaces the practice's roster with `hashes` (a roster file: keyed hashes only) made
    /// with `roster_key` from `names` names. Event: `settings_change` with the count.
    pub async fn set_roster(
        &self,
        org: &str,
        actor: &Actor,
        practice_id: &str,
        roster_key: &str,
        hashes: &str,
        names: i64,
    ) -> Result<StoredRoster> {
        let now = now_ms();
        let by = actor.to_db();
        let (mut tx, _) = replace_in(self, "practice_rosters", org, practice_id).await?;
        sqlx::query(
            "INSERT INTO practice_rosters (organization_id, practice_id, roster_key, hashes, \
             names, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(org)
        .bind(practice_id)
        .bind(roster_key)
        .bind(hashes)
        .bind(names)
        .bind(&by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let details = json!({ "roster": "replaced", "names": names });
        changed(tx, org, actor, "roster", practice_id, details).await?;
        Ok(StoredRoster {
            roster_key: roster_key.to_owned(),
            hashes: hashes.to_owned(),
            names,
            updated_by: by,
            updated_at: now,
        })
    }

    /// Removes the practice's roster. Event: `settings_change`. `NotFound` when it has none.
    pub async fn clear_roster(&self, org: &str, actor: &Actor, practice_id: &str) -> Result<()> {
        let (tx, had) = replace_in(self, "practice_rosters", org, practice_id).await?;
        found(had.then_some(()))?;
        let details = json!({ "roster": "removed" });
        changed(tx, org, actor, "roster", practice_id, details).await
    }

    /// The practice's own reply templates, if it has any.
    pub async fn replies(&self, org: &str, practice_id: &str) -> Result<Option<StoredReplies>> {
        self.practice_row(
            "templates_toml, updated_by, updated_at FROM practice_replies",
            org,
            practice_id,
        )
        .await
    }

    /// Replaces the practice's reply templates (`None` or empty: back to the built-in ones).
    /// Event: `settings_change` with the size.
    pub async fn set_replies(
        &self,
        org: &str,
        actor: &Actor,
        practice_id: &str,
        templates_toml: Option<&str>,
    ) -> Result<Option<StoredReplies>> {
        let now = now_ms();
        let by = actor.to_db();
        let text = templates_toml.filter(|t| !t.trim().is_empty());
        let (mut tx, _) = replace_in(self, "practice_replies", org, practice_id).await?;
        if let Some(text) = text {
            sqlx::query(
                "INSERT INTO practice_replies (organization_id, practice_id, templates_toml, \
                 updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(org)
            .bind(practice_id)
            .bind(text)
            .bind(&by)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        let details = json!({ "templates_bytes": text.map_or(0, str::len) });
        changed(tx, org, actor, "replies", practice_id, details).await?;
        Ok(text.map(|t| StoredReplies {
            templates_toml: t.to_owned(),
            updated_by: by,
            updated_at: now,
        }))
    }
}
