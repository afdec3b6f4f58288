//! Organizations, practices, social accounts, memberships and webhooks.

use serde_json::json;

use crate::audit::{append, NewEvent};
use crate::{
    found, new_id, now_ms, row_in, AccountType, Action, Actor, Conn, Delivery, DraftStatus, Error,
    Membership, NewDelivery, Organization, Practice, Result, Role, SocialAccount, Store, Webhook,
    WriteTx,
};

/// Appends the event for a change to an object of `org`.
pub(crate) async fn event(
    tx: &mut WriteTx,
    org: &str,
    actor: &Actor,
    action: Action,
    object_kind: &str,
    object_id: &str,
    details: serde_json::Value,
) -> Result<()> {
    append(
        tx,
        NewEvent {
            organization_id: Some(org),
            actor,
            action,
            object_kind,
            object_id,
            details,
        },
    )
    .await?;
    Ok(())
}

/// The SQL expression of the practice id a request acts in (see [`Store::practice_for`]),
/// given the SQL of the organization id, the user id and the requested id ('' for none).
pub(crate) fn chosen_practice(org: &str, user: &str, requested: &str) -> String {
    format!(
        "COALESCE(NULLIF({requested}, ''), \
         (SELECT m.practice_id FROM memberships m WHERE m.organization_id = {org} \
          AND m.user_id = {user} ORDER BY m.practice_id LIMIT 1), \
         (SELECT p2.id FROM practices p2 WHERE p2.organization_id = {org} ORDER BY p2.id LIMIT 1))"
    )
}

/// `NotFound` unless `table` has row `id` in `org` (`table` is always a literal).
pub(crate) async fn exists_in(conn: &mut Conn, table: &str, org: &str, id: &str) -> Result<()> {
    row_in::<(String,), _>(&mut *conn, table, "id", org, id)
        .await
        .map(|_| ())
}

/// `NotFound` unless the organization exists.
pub(crate) async fn organization_exists(conn: &mut Conn, org: &str) -> Result<()> {
    let row: Option<(String,)> = sqlx::query_as("SELECT id FROM organizations WHERE id = $1")
        .bind(org)
        .fetch_optional(&mut *conn)
        .await?;
    found(row).map(|_| ())
}

const PRACTICE_COLUMNS: &str =
    "id, organization_id, name, profile_toml, created_at, updated_at, analyzer_rev";
const ACCOUNT_COLUMNS: &str =
    "id, organization_id, practice_id, platform, handle, account_type, created_at";
const WEBHOOK_COLUMNS: &str =
    "id, organization_id, practice_id, url, secret, created_at, disabled_at";
const DELIVERY_COLUMNS: &str = "id, organization_id, webhook_id, draft_id, attempt, status_code, \
     error, next_attempt_at, created_at";

impl Store {
    /// Creates an organization (a practice, or an agency with many practices).
    pub async fn create_organization(&self, actor: &Actor, name: &str) -> Result<Organization> {
        let o = Organization {
            id: new_id(),
            name: name.to_owned(),
            created_at: now_ms(),
        };
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(&o.id)
            .bind(&o.name)
            .bind(o.created_at)
            .execute(&mut *tx)
            .await?;
        event(
            &mut tx,
            &o.id,
            actor,
            Action::Create,
            "organization",
            &o.id,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(o)
    }

    /// How many organizations the installation has (installation-wide: the desk's first run
    /// offers set-up while there are none).
    pub async fn organization_count(&self) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organizations")
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }

    /// The caller's own organization.
    pub async fn organization(&self, org: &str) -> Result<Organization> {
        found(
            sqlx::query_as("SELECT id, name, created_at FROM organizations WHERE id = $1")
                .bind(org)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn create_practice(
        &self,
        org: &str,
        actor: &Actor,
        name: &str,
        profile_toml: &str,
    ) -> Result<Practice> {
        let now = now_ms();
        let p = Practice {
            id: new_id(),
            organization_id: org.to_owned(),
            name: name.to_owned(),
            profile_toml: profile_toml.to_owned(),
            created_at: now,
            updated_at: now,
            analyzer_rev: 0,
        };
        let mut tx = self.begin_write().await?;
        organization_exists(&mut tx, org).await?;
        sqlx::query(
            "INSERT INTO practices (id, organization_id, name, profile_toml, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&p.id)
        .bind(org)
        .bind(&p.name)
        .bind(&p.profile_toml)
        .bind(now)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        event(
            &mut tx,
            org,
            actor,
            Action::Create,
            "practice",
            &p.id,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(p)
    }

    pub async fn practice(&self, org: &str, id: &str) -> Result<Practice> {
        row_in(&self.pool, "practices", PRACTICE_COLUMNS, org, id).await
    }

    /// The practice a user of `org` acts in: `requested` when not empty (`NotFound` unless
    /// it is the organization's), else the user's first practice with a role, else the
    /// organization's first practice. One query.
    pub async fn practice_for(
        &self,
        org: &str,
        user_id: &str,
        requested: &str,
    ) -> Result<Practice> {
        found(
            sqlx::query_as(&format!(
                "SELECT {PRACTICE_COLUMNS} FROM practices WHERE organization_id = $1 AND id = {}",
                chosen_practice("$1", "$2", "$3")
            ))
            .bind(org)
            .bind(user_id)
            .bind(requested.trim())
            .fetch_optional(&self.pool)
            .await?,
        )
    }

    pub async fn practices(&self, org: &str) -> Result<Vec<Practice>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {PRACTICE_COLUMNS} FROM practices WHERE organization_id = $1 ORDER BY id"
        ))
        .bind(org)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Replaces the practice's profile (`tact.toml` text). Event: `profile_change`.
    pub async fn update_practice_profile(
        &self,
        org: &str,
        actor: &Actor,
        id: &str,
        profile_toml: &str,
    ) -> Result<Practice> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE practices SET profile_toml = $1, updated_at = $2 \
             WHERE id = $3 AND organization_id = $4",
        )
        .bind(profile_toml)
        .bind(now_ms())
        .bind(id)
        .bind(org)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(Error::NotFound);
        }
        event(
            &mut tx,
            org,
            actor,
            Action::ProfileChange,
            "practice",
            id,
            json!({ "bytes": profile_toml.len() }),
        )
        .await?;
        tx.commit().await?;
        self.practice(org, id).await
    }

    pub async fn create_account(
        &self,
        org: &str,
        actor: &Actor,
        practice_id: &str,
        platform: &str,
        handle: &str,
        account_type: AccountType,
    ) -> Result<SocialAccount> {
        let a = SocialAccount {
            id: new_id(),
            organization_id: org.to_owned(),
            practice_id: practice_id.to_owned(),
            platform: platform.to_owned(),
            handle: handle.to_owned(),
            account_type,
            created_at: now_ms(),
        };
        let mut tx = self.begin_write().await?;
        exists_in(&mut tx, "practices", org, practice_id).await?;
        sqlx::query(
            "INSERT INTO social_accounts (id, organization_id, practice_id, platform, handle, \
             account_type, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&a.id)
        .bind(org)
        .bind(practice_id)
        .bind(&a.platform)
        .bind(&a.handle)
        .bind(account_type.as_str())
        .bind(a.created_at)
        .execute(&mut *tx)
        .await?;
        event(
            &mut tx,
            org,
            actor,
            Action::Create,
            "account",
            &a.id,
            json!({ "practice": practice_id, "type": account_type.as_str() }),
        )
        .await?;
        tx.commit().await?;
        Ok(a)
    }

    pub async fn account(&self, org: &str, id: &str) -> Result<SocialAccount> {
        row_in(&self.pool, "social_accounts", ACCOUNT_COLUMNS, org, id).await
    }

    /// The practice's accounts (`NotFound` when the practice is not the caller's).
    pub async fn accounts(&self, org: &str, practice_id: &str) -> Result<Vec<SocialAccount>> {
        self.practice(org, practice_id).await?;
        Ok(sqlx::query_as(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM social_accounts \
             WHERE organization_id = $1 AND practice_id = $2 ORDER BY id"
        ))
        .bind(org)
        .bind(practice_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Gives a user a role in a practice (both must be the caller's). Event: `settings_change`.
    pub async fn grant_role(
        &self,
        org: &str,
        actor: &Actor,
        user_id: &str,
        practice_id: &str,
        role: Role,
    ) -> Result<Membership> {
        let m = Membership {
            organization_id: org.to_owned(),
            user_id: user_id.to_owned(),
            practice_id: practice_id.to_owned(),
            role,
            created_at: now_ms(),
        };
        let mut tx = self.begin_write().await?;
        exists_in(&mut tx, "users", org, user_id).await?;
        exists_in(&mut tx, "practices", org, practice_id).await?;
        sqlx::query(
            "INSERT INTO memberships (organization_id, user_id, practice_id, role, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(org)
        .bind(user_id)
        .bind(practice_id)
        .bind(role.as_str())
        .bind(m.created_at)
        .execute(&mut *tx)
        .await
        .map_err(|e| Error::unique(e, "this role"))?;
        event(
            &mut tx,
            org,
            actor,
            Action::SettingsChange,
            "membership",
            user_id,
            json!({ "grant": role.as_str(), "practice": practice_id }),
        )
        .await?;
        tx.commit().await?;
        Ok(m)
    }

    /// Takes a role away. `NotFound` when the user does not hold it (in the caller's
    /// organization).
    pub async fn revoke_role(
        &self,
        org: &str,
        actor: &Actor,
        user_id: &str,
        practice_id: &str,
        role: Role,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2 \
             AND practice_id = $3 AND role = $4",
        )
        .bind(org)
        .bind(user_id)
        .bind(practice_id)
        .bind(role.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(Error::NotFound);
        }
        event(
            &mut tx,
            org,
            actor,
            Action::SettingsChange,
            "membership",
            user_id,
            json!({ "revoke": role.as_str(), "practice": practice_id }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user's roles in every practice of the caller's organization.
    pub async fn memberships(&self, org: &str, user_id: &str) -> Result<Vec<Membership>> {
        self.user(org, user_id).await?;
        Ok(sqlx::query_as(
            "SELECT organization_id, user_id, practice_id, role, created_at FROM memberships \
             WHERE organization_id = $1 AND user_id = $2 ORDER BY practice_id, role",
        )
        .bind(org)
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The user's roles in one practice (empty when none; `NotFound` when the user or the
    /// practice is not the caller's).
    pub async fn roles(&self, org: &str, user_id: &str, practice_id: &str) -> Result<Vec<Role>> {
        let mut conn = self.pool.acquire().await?;
        exists_in(&mut conn, "users", org, user_id).await?;
        exists_in(&mut conn, "practices", org, practice_id).await?;
        roles_in(&mut conn, org, user_id, practice_id).await
    }

    pub async fn create_webhook(
        &self,
        org: &str,
        actor: &Actor,
        practice_id: &str,
        url: &str,
        secret: &str,
    ) -> Result<Webhook> {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(Error::Invalid("a webhook URL must be http(s)".into()));
        }
        let w = Webhook {
            id: new_id(),
            organization_id: org.to_owned(),
            practice_id: practice_id.to_owned(),
            url: url.to_owned(),
            secret: secret.to_owned(),
            created_at: now_ms(),
            disabled_at: None,
        };
        let mut tx = self.begin_write().await?;
        exists_in(&mut tx, "practices", org, practice_id).await?;
        sqlx::query(
            "INSERT INTO webhooks (id, organization_id, practice_id, url, secret, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&w.id)
        .bind(org)
        .bind(practice_id)
        .bind(&w.url)
        .bind(&w.secret)
        .bind(w.created_at)
        .execute(&mut *tx)
        .await?;
        event(
            &mut tx,
            org,
            actor,
            Action::SettingsChange,
            "webhook",
            &w.id,
            json!({ "created": true, "practice": practice_id }),
        )
        .await?;
        tx.commit().await?;
        Ok(w)
    }

    pub async fn webhook(&self, org: &str, id: &str) -> Result<Webhook> {
        row_in(&self.pool, "webhooks", WEBHOOK_COLUMNS, org, id).await
    }

    /// The practice's webhooks, disabled ones included.
    pub async fn webhooks(&self, org: &str, practice_id: &str) -> Result<Vec<Webhook>> {
        self.practice(org, practice_id).await?;
        Ok(sqlx::query_as(&format!(
            "SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE organization_id = $1 \
             AND practice_id = $2 ORDER BY id"
        ))
        .bind(org)
        .bind(practice_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Stops deliveries to a webhook (it stays, with its delivery log).
    pub async fn disable_webhook(&self, org: &str, actor: &Actor, id: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE webhooks SET disabled_at = $1 WHERE id = $2 AND organization_id = $3",
        )
        .bind(now_ms())
        .bind(id)
        .bind(org)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(Error::NotFound);
        }
        event(
            &mut tx,
            org,
            actor,
            Action::SettingsChange,
            "webhook",
            id,
            json!({ "disabled": true }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Logs one delivery attempt. Not an audit event (the publish event is); the log itself
    /// is the record.
    pub async fn record_delivery(
        &self,
        org: &str,
        webhook_id: &str,
        d: &NewDelivery,
    ) -> Result<Delivery> {
        let row = Delivery {
            id: new_id(),
            organization_id: org.to_owned(),
            webhook_id: webhook_id.to_owned(),
            draft_id: d.draft_id.clone(),
            attempt: d.attempt,
            status_code: d.status_code,
            error: d.error.clone(),
            next_attempt_at: d.next_attempt_at,
            created_at: now_ms(),
        };
        let mut conn = self.begin_write().await?;
        exists_in(&mut conn, "webhooks", org, webhook_id).await?;
        if let Some(draft) = &d.draft_id {
            exists_in(&mut conn, "drafts", org, draft).await?;
        }
        // A new attempt supersedes the retry that earlier attempts scheduled.
        sqlx::query(
            "UPDATE webhook_deliveries SET next_attempt_at = NULL WHERE organization_id = $1 \
             AND webhook_id = $2 AND (draft_id = $3 OR (draft_id IS NULL AND $3 IS NULL))",
        )
        .bind(org)
        .bind(webhook_id)
        .bind(row.draft_id.clone())
        .execute(&mut *conn)
        .await?;
        sqlx::query(&format!(
            "INSERT INTO webhook_deliveries ({DELIVERY_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        ))
        .bind(&row.id)
        .bind(org)
        .bind(webhook_id)
        .bind(row.draft_id.clone())
        .bind(row.attempt)
        .bind(row.status_code)
        .bind(row.error.clone())
        .bind(row.next_attempt_at)
        .bind(row.created_at)
        .execute(&mut *conn)
        .await?;
        conn.commit().await?;
        Ok(row)
    }

    /// The webhook's delivery log, oldest first.
    pub async fn deliveries(&self, org: &str, webhook_id: &str) -> Result<Vec<Delivery>> {
        self.webhook(org, webhook_id).await?;
        Ok(sqlx::query_as(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE organization_id = $1 \
             AND webhook_id = $2 ORDER BY id"
        ))
        .bind(org)
        .bind(webhook_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Deliveries whose retry is due (`next_attempt_at <= now`) in every organization, for
    /// the desk's delivery worker. Each carries its organization id for the follow-up calls.
    pub async fn due_deliveries(&self, now: i64, limit: i64) -> Result<Vec<Delivery>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries \
             WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at LIMIT $2"
        ))
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}

impl Store {
    /// Approved items not yet offered to a webhook of their practice, in every organization,
    /// for the desk's delivery worker: `(organization id, webhook id, draft id)` for each
    /// enabled webhook and each draft of its practice that is approved (status `approved`),
    /// was last changed after the webhook was added, and has no delivery attempt logged for
    /// that webhook yet. Oldest first.
    pub async fn undelivered(&self, limit: i64) -> Result<Vec<(String, String, String)>> {
        Ok(sqlx::query_as(
            "SELECT w.organization_id, w.id, d.id FROM webhooks w \
             JOIN drafts d ON d.organization_id = w.organization_id \
             AND d.practice_id = w.practice_id \
             WHERE w.disabled_at IS NULL AND d.status = $1 AND d.updated_at >= w.created_at \
             AND NOT EXISTS (SELECT 1 FROM webhook_deliveries x \
             WHERE x.organization_id = w.organization_id AND x.webhook_id = w.id \
             AND x.draft_id = d.id) \
             ORDER BY d.updated_at, d.id LIMIT $2",
        )
        .bind(DraftStatus::Approved.as_str())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}

pub(crate) async fn roles_in(
    conn: &mut Conn,
    org: &str,
    user_id: &str,
    practice_id: &str,
) -> Result<Vec<Role>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2 \
         AND practice_id = $3 ORDER BY role",
    )
    .bind(org)
    .bind(user_id)
    .bind(practice_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(r,)| {
            r.parse()
                .map_err(|e: crate::model::UnknownName| Error::Invalid(e.to_string()))
        })
        .collect()
}
