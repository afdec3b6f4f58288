//! The practice's policy documents: each generated version, and who acknowledged it.

use serde::Serialize;
use serde_json::json;

use crate::org::{event, exists_in, roles_in};
use crate::{new_id, now_ms, row_in, Action, Actor, Error, Result, Store};

/// One generated version of the public policy and the procedures guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PolicyVersion {
    pub id: String,
    pub organization_id: String,
    pub practice_id: String,
    /// 1, 2, 3… within the practice.
    pub number: i64,
    /// The documents' own version stamp (Tact's version and a hash of the inputs).
    pub version: String,
    /// `YYYY-MM-DD`.
    pub effective_date: String,
    /// The public social media policy, Markdown.
    pub public_md: String,
    /// The internal procedures guide, Markdown.
    pub guide_md: String,
    /// `user:ID` or `system`.
    pub created_by: String,
    pub created_at: i64,
}

/// What a new version holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPolicyVersion<'a> {
    pub version: &'a str,
    pub effective_date: &'a str,
    pub public_md: &'a str,
    pub guide_md: &'a str,
}

/// A staff member of the practice and whether they acknowledged a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffAcknowledgement {
    pub user_id: String,
    pub display_name: String,
    /// When they acknowledged the version; `None` when they have not.
    pub acknowledged_at: Option<i64>,
}

const VERSION_COLUMNS: &str = "id, organization_id, practice_id, number, version, \
     effective_date, public_md, guide_md, created_by, created_at";

impl Store {
    /// Stores the next version of the practice's documents. Event: `policy_generate`.
    pub async fn add_policy_version(
        &self,
        org: &str,
        actor: &Actor,
        practice_id: &str,
        new: NewPolicyVersion<'_>,
    ) -> Result<PolicyVersion> {
        let mut tx = self.begin_write().await?;
        exists_in(&mut tx, "practices", org, practice_id).await?;
        let (last,): (Option<i64>,) = sqlx::query_as(
            "SELECT MAX(number) FROM policy_versions WHERE organization_id = $1 AND practice_id = $2",
        )
        .bind(org)
        .bind(practice_id)
        .fetch_one(&mut *tx)
        .await?;
        let v = PolicyVersion {
            id: new_id(),
            organization_id: org.to_owned(),
            practice_id: practice_id.to_owned(),
            number: last.unwrap_or(0) + 1,
            version: new.version.to_owned(),
            effective_date: new.effective_date.to_owned(),
            public_md: new.public_md.to_owned(),
            guide_md: new.guide_md.to_owned(),
            created_by: actor.to_db(),
            created_at: now_ms(),
        };
        sqlx::query(&format!(
            "INSERT INTO policy_versions ({VERSION_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        ))
        .bind(&v.id)
        .bind(org)
        .bind(practice_id)
        .bind(v.number)
        .bind(&v.version)
        .bind(&v.effective_date)
        .bind(&v.public_md)
        .bind(&v.guide_md)
        .bind(&v.created_by)
        .bind(v.created_at)
        .execute(&mut *tx)
        .await?;
        event(
            &mut tx,
            org,
            actor,
            Action::PolicyGenerate,
            "policy_version",
            &v.id,
            json!({ "practice": practice_id, "number": v.number, "version": v.version,
                    "effective_date": v.effective_date }),
        )
        .await?;
        tx.commit().await?;
        Ok(v)
    }

    pub async fn policy_version(&self, org: &str, id: &str) -> Result<PolicyVersion> {
        row_in(&self.pool, "policy_versions", VERSION_COLUMNS, org, id).await
    }

    /// The practice's versions, newest first (`NotFound` for another organization's practice).
    pub async fn policy_versions(
        &self,
        org: &str,
        practice_id: &str,
    ) -> Result<Vec<PolicyVersion>> {
        self.practice(org, practice_id).await?;
        Ok(sqlx::query_as(&format!(
            "SELECT {VERSION_COLUMNS} FROM policy_versions \
             WHERE organization_id = $1 AND practice_id = $2 ORDER BY number DESC"
        ))
        .bind(org)
        .bind(practice_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The current (newest) version, if any.
    pub async fn current_policy(
        &self,
        org: &str,
        practice_id: &str,
    ) -> Result<Option<PolicyVersion>> {
        Ok(self
            .policy_versions(org, practice_id)
            .await?
            .into_iter()
            .next())
    }

    /// Records that `user_id` read and accepts the version. Only the practice's current
    /// version can be acknowledged, only by someone holding a role in the practice, and only
    /// once. Event: `policy_acknowledge`, in the same transaction.
    pub async fn acknowledge_policy(
        &self,
        org: &str,
        user_id: &str,
        version_id: &str,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let v: PolicyVersion = row_in(
            &mut *tx,
            "policy_versions",
            VERSION_COLUMNS,
            org,
            version_id,
        )
        .await?;
        exists_in(&mut tx, "users", org, user_id).await?;
        if roles_in(&mut tx, org, user_id, &v.practice_id)
            .await?
            .is_empty()
        {
            return Err(Error::Forbidden(
                "only staff of the practice acknowledge its policy".into(),
            ));
        }
        let (newest,): (Option<i64>,) = sqlx::query_as(
            "SELECT MAX(number) FROM policy_versions WHERE organization_id = $1 AND practice_id = $2",
        )
        .bind(org)
        .bind(&v.practice_id)
        .fetch_one(&mut *tx)
        .await?;
        if newest != Some(v.number) {
            return Err(Error::Conflict(format!(
                "version {} is not the current version of the policy; acknowledge version {}",
                v.number,
                newest.unwrap_or(v.number)
            )));
        }
        let done: Option<(i64,)> = sqlx::query_as(
            "SELECT acknowledged_at FROM policy_acknowledgements \
             WHERE policy_version_id = $1 AND user_id = $2",
        )
        .bind(version_id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
        if done.is_some() {
            return Err(Error::Conflict(
                "you have already acknowledged this version".into(),
            ));
        }
        let at = now_ms();
        sqlx::query(
            "INSERT INTO policy_acknowledgements \
             (organization_id, policy_version_id, user_id, acknowledged_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(org)
        .bind(version_id)
        .bind(user_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        event(
            &mut tx,
            org,
            &Actor::user(user_id),
            Action::PolicyAcknowledge,
            "policy_version",
            version_id,
            json!({ "practice": v.practice_id, "number": v.number, "version": v.version }),
        )
        .await?;
        tx.commit().await?;
        Ok(at)
    }

    /// Every enabled user holding a role in the version's practice, with their
    /// acknowledgement of that version (or none), by display name.
    pub async fn policy_staff(
        &self,
        org: &str,
        version_id: &str,
    ) -> Result<Vec<StaffAcknowledgement>> {
        let v = self.policy_version(org, version_id).await?;
        let rows: Vec<(String, String, Option<i64>)> = sqlx::query_as(
            "SELECT u.id, u.display_name, a.acknowledged_at FROM users u \
             LEFT JOIN policy_acknowledgements a \
               ON a.user_id = u.id AND a.policy_version_id = $1 \
             WHERE u.organization_id = $2 AND u.disabled_at IS NULL AND EXISTS ( \
               SELECT 1 FROM memberships m WHERE m.organization_id = $2 \
               AND m.user_id = u.id AND m.practice_id = $3) \
             ORDER BY u.display_name, u.id",
        )
        .bind(&v.id)
        .bind(org)
        .bind(&v.practice_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(user_id, display_name, acknowledged_at)| StaffAcknowledgement {
                    user_id,
                    display_name,
                    acknowledged_at,
                },
            )
            .collect())
    }
}
