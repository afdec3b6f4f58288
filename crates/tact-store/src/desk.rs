//! Drafts, their versions, decisions, publication and take-down: the review flow.
//!
//! ```text
//! draft ──submit──▶ in_review ──approve / override──▶ approved ──publish──▶ published
//!   ▲  (verdict pass goes straight to approved)  │                                │
//!   └────────────────send back───────────────────┤                           take down
//!                                   reject ──▶ rejected                           ▼
//!                                                                            taken_down
//! ```
//!
//! Nothing is ever deleted: versions, decisions and the published link stay, and a take-down
//! keeps the item with its reason.

use serde_json::{json, Value};

use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::audit::{append, chain, NewEvent};
use crate::org::{event, exists_in, roles_in};
use crate::{
    found, new_id, now_ms, row_in, Action, Actor, Arg, Batch, Conn, Decision, DecisionKind, Draft,
    DraftFilter, DraftStatus, Error, NewDraft, Practice, Result, Role, Store, Verdict, Version,
};

const DRAFT_COLUMNS: &str = "id, organization_id, practice_id, account_id, author_id, kind, \
     replying_to, body, status, current_version, published_link, published_at, takedown_reason, \
     taken_down_at, created_at, updated_at";
const VERSION_COLUMNS: &str =
    "id, organization_id, draft_id, number, body, report_json, verdict, rules, created_by, \
     created_at";
const DECISION_COLUMNS: &str =
    "id, organization_id, draft_id, version_id, kind, reason, decided_by, decided_at";

fn user_of(actor: &Actor) -> Result<&str> {
    actor
        .user_id()
        .ok_or_else(|| Error::Forbidden("only a user can do this".into()))
}

async fn draft_in(conn: &mut Conn, org: &str, id: &str) -> Result<Draft> {
    row_in(&mut *conn, "drafts", DRAFT_COLUMNS, org, id).await
}

async fn version_in(conn: &mut Conn, org: &str, draft_id: &str, number: i64) -> Result<Version> {
    found(
        sqlx::query_as(&format!(
            "SELECT {VERSION_COLUMNS} FROM versions WHERE organization_id = $1 \
             AND draft_id = $2 AND number = $3"
        ))
        .bind(org)
        .bind(draft_id)
        .bind(number)
        .fetch_optional(&mut *conn)
        .await?,
    )
}

async fn set_status(
    conn: &mut Conn,
    org: &str,
    id: &str,
    status: DraftStatus,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE drafts SET status = $1, updated_at = $2 WHERE id = $3 AND organization_id = $4",
    )
    .bind(status.as_str())
    .bind(now)
    .bind(id)
    .bind(org)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A user acting on a practice's drafts must hold a role in that practice (any role: the
/// finer policy — who may approve — is in [`Store::decide`]). The desk itself
/// ([`Actor::System`]) may record publication and take-down.
async fn require_member(
    conn: &mut Conn,
    org: &str,
    actor: &Actor,
    practice_id: &str,
) -> Result<()> {
    let Some(user) = actor.user_id() else {
        return Ok(());
    };
    if roles_in(conn, org, user, practice_id).await?.is_empty() {
        return Err(no_role());
    }
    Ok(())
}

fn no_role() -> Error {
    Error::Forbidden("the user holds no role in this practice".into())
}

/// The `check` event of a draft: the verdict, rule ids and number of findings.
fn check_event<'a>(
    org: &'a str,
    actor: &'a Actor,
    draft_id: &'a str,
    s: &ReportSummary,
) -> NewEvent<'a> {
    NewEvent {
        organization_id: Some(org),
        actor,
        action: Action::Check,
        object_kind: "draft",
        object_id: draft_id,
        details: json!({ "verdict": s.verdict.as_str(), "rules": s.rules, "findings": s.findings }),
    }
}

/// The draft `id` of `org` read inside a write transaction, and how many roles the acting
/// user holds in its practice (one round trip). A non-user actor (the desk) counts as a
/// member.
async fn draft_and_membership(
    conn: &mut Conn,
    org: &str,
    actor: &Actor,
    id: &str,
) -> Result<Draft> {
    let row: Option<AnyRow> = sqlx::query(&format!(
        "SELECT {DRAFT_COLUMNS}, (SELECT COUNT(*) FROM memberships m \
         WHERE m.organization_id = drafts.organization_id AND m.practice_id = drafts.practice_id \
         AND m.user_id = $3) AS member_roles FROM drafts WHERE id = $1 AND organization_id = $2"
    ))
    .bind(id)
    .bind(org)
    .bind(actor.user_id().unwrap_or(""))
    .fetch_optional(&mut *conn)
    .await?;
    let row = found(row)?;
    let d = Draft::from_row(&row)?;
    let roles: i64 = row.try_get("member_roles")?;
    if actor.user_id().is_some() && roles == 0 {
        return Err(no_role());
    }
    Ok(d)
}

/// Who may record a draft's publication besides its author (see [`Store::mark_published`]).
pub const PUBLISHERS: &[Role] = &[Role::Writer, Role::Admin];

fn conflict(d: &Draft, doing: &str) -> Error {
    Error::Conflict(format!("cannot {doing} a draft that is {}", d.status))
}

/// What the audit event of a submission says about its report: the verdict, the rule ids
/// (sorted, once each) and the number of findings. Never the text.
pub(crate) struct ReportSummary {
    pub verdict: Verdict,
    pub rules: Vec<String>,
    pub findings: usize,
}

/// Reads the verdict and findings of an engine report (docs/report-schema.md).
pub(crate) fn summarize_report(report_json: &str) -> Result<ReportSummary> {
    let bad = |why: &str| Error::Invalid(format!("report: {why}"));
    let v: Value = serde_json::from_str(report_json).map_err(|_| bad("not JSON"))?;
    let verdict: Verdict = v
        .get("verdict")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("no verdict"))?
        .parse()
        .map_err(|_| bad("unknown verdict"))?;
    let findings = v
        .get("findings")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut rules: Vec<String> = findings
        .iter()
        .filter_map(|f| f.get("rule").and_then(Value::as_str))
        .map(str::to_owned)
        .collect();
    rules.sort();
    rules.dedup();
    Ok(ReportSummary {
        verdict,
        rules,
        findings: findings.len(),
    })
}

/// Escapes LIKE's wildcards (`%`, `_`) and the escape character itself (`\`).
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Store {
    /// Creates a draft written by the acting user, in status `draft`.
    pub async fn create_draft(&self, org: &str, actor: &Actor, new: &NewDraft) -> Result<Draft> {
        self.create_checked_draft(org, actor, new, None).await
    }

    /// [`Store::create_draft`], and, with `report_json` (the engine's report on the text),
    /// the `check` event of [`Store::record_check`] in the same transaction: one commit
    /// for both.
    pub async fn create_checked_draft(
        &self,
        org: &str,
        actor: &Actor,
        new: &NewDraft,
        report_json: Option<&str>,
    ) -> Result<Draft> {
        let author = user_of(actor)?;
        let summary = report_json.map(summarize_report).transpose()?;
        let now = now_ms();
        let d = Draft {
            id: new_id(),
            organization_id: org.to_owned(),
            practice_id: new.practice_id.clone(),
            account_id: new.account_id.clone(),
            author_id: author.to_owned(),
            kind: new.kind,
            replying_to: new.replying_to.clone(),
            body: new.body.clone(),
            status: DraftStatus::Draft,
            current_version: 0,
            published_link: None,
            published_at: None,
            takedown_reason: None,
            taken_down_at: None,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.begin_write().await?;
        // The practice, the account's practice, the author and the author's roles, in one
        // round trip.
        let (practices, account_practice, users, roles): (i64, Option<String>, i64, i64) =
            sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM practices WHERE id = $1 AND organization_id = $2), \
                 (SELECT practice_id FROM social_accounts WHERE id = $3 AND organization_id = $2), \
                 (SELECT COUNT(*) FROM users WHERE id = $4 AND organization_id = $2), \
                 (SELECT COUNT(*) FROM memberships WHERE organization_id = $2 AND user_id = $4 \
                  AND practice_id = $1)",
            )
            .bind(&d.practice_id)
            .bind(org)
            .bind(d.account_id.as_deref().unwrap_or(""))
            .bind(author)
            .fetch_one(&mut *tx)
            .await?;
        if practices == 0 || users == 0 {
            return Err(Error::NotFound);
        }
        if d.account_id.is_some() && found(account_practice)? != d.practice_id {
            return Err(Error::Invalid(
                "the account belongs to another practice".into(),
            ));
        }
        if roles == 0 {
            return Err(no_role());
        }
        let mut batch = Batch::new();
        batch.push(
            format!(
                "INSERT INTO drafts ({DRAFT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
                 $9, $10, $11, $12, $13, $14, $15, $16)"
            ),
            vec![
                Arg::from(&d.id),
                org.into(),
                Arg::from(&d.practice_id),
                d.account_id.clone().into(),
                author.into(),
                d.kind.as_str().into(),
                d.replying_to.clone().into(),
                Arg::from(&d.body),
                d.status.as_str().into(),
                0i64.into(),
                None::<String>.into(),
                None::<i64>.into(),
                None::<String>.into(),
                None::<i64>.into(),
                now.into(),
                now.into(),
            ],
        );
        let mut events = vec![NewEvent {
            organization_id: Some(org),
            actor,
            action: Action::Create,
            object_kind: "draft",
            object_id: &d.id,
            details: json!({ "practice": d.practice_id, "account": d.account_id, "kind": d.kind.as_str() }),
        }];
        if let Some(s) = &summary {
            events.push(check_event(org, actor, &d.id, s));
        }
        chain(&mut tx, events, &mut batch).await?;
        tx.run(batch).await?;
        tx.commit().await?;
        Ok(d)
    }

    /// The draft and its practice, in one query.
    pub async fn draft_and_practice(&self, org: &str, id: &str) -> Result<(Draft, Practice)> {
        let columns: Vec<String> = DRAFT_COLUMNS
            .split(',')
            .map(|c| format!("d.{}", c.trim()))
            .collect();
        let row: Option<AnyRow> = sqlx::query(&format!(
            "SELECT {}, p.name AS p_name, p.profile_toml AS p_profile, \
             p.created_at AS p_created_at, p.updated_at AS p_updated_at, \
             p.analyzer_rev AS p_analyzer_rev \
             FROM drafts d JOIN practices p ON p.id = d.practice_id \
             AND p.organization_id = d.organization_id WHERE d.id = $1 AND d.organization_id = $2",
            columns.join(", ")
        ))
        .bind(id)
        .bind(org)
        .fetch_optional(&self.pool)
        .await?;
        let row = found(row)?;
        let d = Draft::from_row(&row)?;
        let p = Practice {
            id: d.practice_id.clone(),
            organization_id: d.organization_id.clone(),
            name: row.try_get("p_name")?,
            profile_toml: row.try_get("p_profile")?,
            created_at: row.try_get("p_created_at")?,
            updated_at: row.try_get("p_updated_at")?,
            analyzer_rev: row.try_get("p_analyzer_rev")?,
        };
        Ok((d, p))
    }

    pub async fn draft(&self, org: &str, id: &str) -> Result<Draft> {
        draft_in(&mut *self.pool.acquire().await?, org, id).await
    }

    /// The organization's drafts matching `filter`, most recently updated first.
    pub async fn drafts(&self, org: &str, filter: &DraftFilter) -> Result<Vec<Draft>> {
        enum P<'a> {
            S(&'a str),
            I(i64),
        }
        let mut sql = format!("SELECT {DRAFT_COLUMNS} FROM drafts WHERE organization_id = $1");
        let mut params = vec![P::S(org)];
        let mut add = |sql: &mut String, cond: &str, p| {
            params.push(p);
            sql.push_str(&format!(" AND {cond} ${}", params.len()));
        };
        if let Some(v) = &filter.practice_id {
            add(&mut sql, "practice_id =", P::S(v));
        }
        if let Some(v) = &filter.account_id {
            add(&mut sql, "account_id =", P::S(v));
        }
        if let Some(v) = &filter.author_id {
            add(&mut sql, "author_id =", P::S(v));
        }
        if let Some(v) = filter.status {
            add(&mut sql, "status =", P::S(v.as_str()));
        }
        let rule_pattern = filter
            .rule
            .as_deref()
            .map(|r| format!("%|{}|%", like_escape(r)));
        if let Some(p) = &rule_pattern {
            add(
                &mut sql,
                "EXISTS (SELECT 1 FROM versions v WHERE v.organization_id = drafts.organization_id \
                 AND v.draft_id = drafts.id AND v.number = drafts.current_version \
                 AND v.rules LIKE",
                P::S(p),
            );
            sql.push_str(" ESCAPE '\\')");
        }
        let text_pattern = filter
            .text
            .as_deref()
            .map(|t| format!("%{}%", like_escape(&t.to_ascii_lowercase())));
        if let Some(p) = &text_pattern {
            add(&mut sql, "LOWER(body) LIKE", P::S(p));
            sql.push_str(" ESCAPE '\\'");
        }
        if let Some(v) = filter.updated_from {
            add(&mut sql, "updated_at >=", P::I(v));
        }
        if let Some(v) = filter.updated_to {
            add(&mut sql, "updated_at <", P::I(v));
        }
        params.push(P::I(filter.limit.unwrap_or(100).clamp(1, 1000)));
        sql.push_str(&format!(
            " ORDER BY updated_at DESC, id DESC LIMIT ${}",
            params.len()
        ));
        let mut q = sqlx::query_as(&sql);
        for p in params {
            q = match p {
                P::S(s) => q.bind(s),
                P::I(i) => q.bind(i),
            };
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    /// Replaces the working text of a draft that is not under review or past it.
    /// Event: `edit` (with the new length only).
    pub async fn edit_draft(
        &self,
        org: &str,
        actor: &Actor,
        id: &str,
        body: &str,
    ) -> Result<Draft> {
        self.edit_checked_draft(org, actor, id, body, None).await
    }

    /// [`Store::edit_draft`], and, with `report_json` (the engine's report on `body`), the
    /// `check` event in the same transaction.
    pub async fn edit_checked_draft(
        &self,
        org: &str,
        actor: &Actor,
        id: &str,
        body: &str,
        report_json: Option<&str>,
    ) -> Result<Draft> {
        let summary = report_json.map(summarize_report).transpose()?;
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let mut d = draft_and_membership(&mut tx, org, actor, id).await?;
        if d.status != DraftStatus::Draft {
            return Err(conflict(&d, "edit"));
        }
        let mut batch = Batch::new();
        batch.push(
            "UPDATE drafts SET body = $1, updated_at = $2 WHERE id = $3 AND organization_id = $4",
            vec![body.into(), now.into(), id.into(), org.into()],
        );
        let mut events = vec![NewEvent {
            organization_id: Some(org),
            actor,
            action: Action::Edit,
            object_kind: "draft",
            object_id: id,
            details: json!({ "chars": body.chars().count() }),
        }];
        if let Some(s) = &summary {
            events.push(check_event(org, actor, id, s));
        }
        chain(&mut tx, events, &mut batch).await?;
        tx.run(batch).await?;
        tx.commit().await?;
        d.body = body.to_owned();
        d.updated_at = now;
        Ok(d)
    }

    /// Records that the draft's working text was checked (verdict and rule ids only).
    pub async fn record_check(
        &self,
        org: &str,
        actor: &Actor,
        draft_id: &str,
        report_json: &str,
    ) -> Result<()> {
        let s = summarize_report(report_json)?;
        let mut tx = self.begin_write().await?;
        exists_in(&mut tx, "drafts", org, draft_id).await?;
        append(&mut tx, check_event(org, actor, draft_id, &s)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Freezes `body` with its engine report as the draft's next version, in one transaction
    /// with the draft's new status and the `submit` event. A `pass` verdict makes the draft
    /// `approved` (ready to publish); `review` and `block` put it `in_review`. The draft must
    /// be `draft` or `in_review` (a revision while waiting replaces the pending version).
    pub async fn submit_version(
        &self,
        org: &str,
        actor: &Actor,
        draft_id: &str,
        body: &str,
        report_json: &str,
    ) -> Result<Version> {
        Ok(self
            .submit(org, actor, draft_id, body, report_json)
            .await?
            .1)
    }

    /// [`Store::submit_version`], returning the draft as it is after the submission too.
    pub async fn submit(
        &self,
        org: &str,
        actor: &Actor,
        draft_id: &str,
        body: &str,
        report_json: &str,
    ) -> Result<(Draft, Version)> {
        let by = user_of(actor)?;
        let s = summarize_report(report_json)?;
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let mut d = draft_and_membership(&mut tx, org, actor, draft_id).await?;
        if !matches!(d.status, DraftStatus::Draft | DraftStatus::InReview) {
            return Err(conflict(&d, "submit"));
        }
        let v = Version {
            id: new_id(),
            organization_id: org.to_owned(),
            draft_id: draft_id.to_owned(),
            number: d.current_version + 1,
            body: body.to_owned(),
            report_json: report_json.to_owned(),
            verdict: s.verdict,
            rules: if s.rules.is_empty() {
                String::new()
            } else {
                format!("|{}|", s.rules.join("|"))
            },
            created_by: by.to_owned(),
            created_at: now,
        };
        let status = if s.verdict == Verdict::Pass {
            DraftStatus::Approved
        } else {
            DraftStatus::InReview
        };
        let mut batch = Batch::new();
        batch.push(
            format!(
                "INSERT INTO versions ({VERSION_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
            ),
            vec![
                Arg::from(&v.id),
                org.into(),
                draft_id.into(),
                v.number.into(),
                Arg::from(&v.body),
                Arg::from(&v.report_json),
                v.verdict.as_str().into(),
                Arg::from(&v.rules),
                by.into(),
                now.into(),
            ],
        );
        batch.push(
            "UPDATE drafts SET body = $1, current_version = $2, status = $3, updated_at = $4 \
             WHERE id = $5 AND organization_id = $6",
            vec![
                body.into(),
                v.number.into(),
                status.as_str().into(),
                now.into(),
                draft_id.into(),
                org.into(),
            ],
        );
        let submit_event = NewEvent {
            organization_id: Some(org),
            actor,
            action: Action::Submit,
            object_kind: "draft",
            object_id: draft_id,
            details: json!({
                "version": v.number,
                "verdict": s.verdict.as_str(),
                "rules": s.rules,
                "findings": s.findings,
                "status": status.as_str(),
            }),
        };
        chain(&mut tx, vec![submit_event], &mut batch).await?;
        tx.run(batch).await?;
        tx.commit().await?;
        d.body = body.to_owned();
        d.current_version = v.number;
        d.status = status;
        d.updated_at = now;
        Ok((d, v))
    }

    /// The draft's versions, oldest first.
    pub async fn versions(&self, org: &str, draft_id: &str) -> Result<Vec<Version>> {
        let mut conn = self.pool.acquire().await?;
        exists_in(&mut conn, "drafts", org, draft_id).await?;
        Ok(sqlx::query_as(&format!(
            "SELECT {VERSION_COLUMNS} FROM versions WHERE organization_id = $1 AND draft_id = $2 \
             ORDER BY number"
        ))
        .bind(org)
        .bind(draft_id)
        .fetch_all(&mut *conn)
        .await?)
    }

    pub async fn version(&self, org: &str, draft_id: &str, number: i64) -> Result<Version> {
        version_in(&mut *self.pool.acquire().await?, org, draft_id, number).await
    }

    /// Decides on the draft's pending version, in one transaction with the new status and the
    /// event. Rules: the draft must be `in_review`; nobody approves (or overrides) their own
    /// draft; approve, reject and send back need the reviewer or compliance role in the
    /// draft's practice; a `block` verdict can only be approved by an override, which needs
    /// the compliance role and a reason. Approve/override → `approved`, reject → `rejected`,
    /// send back → `draft` (the reason is the comment to the writer).
    pub async fn decide(
        &self,
        org: &str,
        actor: &Actor,
        draft_id: &str,
        kind: DecisionKind,
        reason: Option<&str>,
    ) -> Result<Decision> {
        let by = user_of(actor)?;
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let d = draft_in(&mut tx, org, draft_id).await?;
        if d.status != DraftStatus::InReview {
            return Err(conflict(&d, kind.as_str()));
        }
        let v = version_in(&mut tx, org, draft_id, d.current_version).await?;
        let roles = roles_in(&mut tx, org, by, &d.practice_id).await?;
        let reviewer = roles.contains(&Role::Reviewer) || roles.contains(&Role::Compliance);
        let own = d.author_id == by;
        let (status, action) = match kind {
            DecisionKind::Approve => {
                if !reviewer {
                    return Err(Error::Forbidden("approving needs the reviewer role".into()));
                }
                if own {
                    return Err(Error::Forbidden("nobody approves their own draft".into()));
                }
                if v.verdict == Verdict::Block {
                    return Err(Error::Forbidden(
                        "a blocked version needs a compliance override with a reason".into(),
                    ));
                }
                (DraftStatus::Approved, Action::Approve)
            }
            DecisionKind::Override => {
                if !roles.contains(&Role::Compliance) {
                    return Err(Error::Forbidden(
                        "an override needs the compliance role".into(),
                    ));
                }
                if own {
                    return Err(Error::Forbidden("nobody approves their own draft".into()));
                }
                if reason.is_none() {
                    return Err(Error::Invalid("an override needs a reason".into()));
                }
                (DraftStatus::Approved, Action::Override)
            }
            DecisionKind::Reject => {
                if !reviewer {
                    return Err(Error::Forbidden("rejecting needs the reviewer role".into()));
                }
                (DraftStatus::Rejected, Action::Reject)
            }
            DecisionKind::SendBack => {
                if !reviewer {
                    return Err(Error::Forbidden(
                        "sending back needs the reviewer role".into(),
                    ));
                }
                (DraftStatus::Draft, Action::SendBack)
            }
        };
        let decision = Decision {
            id: new_id(),
            organization_id: org.to_owned(),
            draft_id: draft_id.to_owned(),
            version_id: v.id.clone(),
            kind,
            reason: reason.map(str::to_owned),
            decided_by: by.to_owned(),
            decided_at: now,
        };
        sqlx::query(&format!(
            "INSERT INTO decisions ({DECISION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        ))
        .bind(&decision.id)
        .bind(org)
        .bind(draft_id)
        .bind(&v.id)
        .bind(kind.as_str())
        .bind(decision.reason.clone())
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        set_status(&mut tx, org, draft_id, status, now).await?;
        event(
            &mut tx,
            org,
            actor,
            action,
            "draft",
            draft_id,
            json!({
                "decision": decision.id,
                "version": v.number,
                "verdict": v.verdict.as_str(),
                "status": status.as_str(),
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(decision)
    }

    /// The draft's decisions, oldest first.
    pub async fn decisions(&self, org: &str, draft_id: &str) -> Result<Vec<Decision>> {
        let mut conn = self.pool.acquire().await?;
        exists_in(&mut conn, "drafts", org, draft_id).await?;
        Ok(sqlx::query_as(&format!(
            "SELECT {DECISION_COLUMNS} FROM decisions WHERE organization_id = $1 \
             AND draft_id = $2 ORDER BY decided_at, id"
        ))
        .bind(org)
        .bind(draft_id)
        .fetch_all(&mut *conn)
        .await?)
    }

    /// How many of the organization's drafts are in each status (statuses with none are
    /// left out), for the dashboard.
    pub async fn status_counts(&self, org: &str) -> Result<Vec<(DraftStatus, i64)>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT status, COUNT(*) FROM drafts WHERE organization_id = $1 \
             GROUP BY status ORDER BY status",
        )
        .bind(org)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(st, n)| {
                st.parse()
                    .map(|st| (st, n))
                    .map_err(|e: crate::model::UnknownName| Error::Invalid(e.to_string()))
            })
            .collect()
    }

    /// Findings by rule over time, for the dashboard's chart: for each version submitted with
    /// `from <= created_at < to`, its rule ids counted in the bucket
    /// `(created_at - from) / bucket_ms`. Returns (bucket, rule, versions) sorted by bucket,
    /// then rule.
    pub async fn rule_counts(
        &self,
        org: &str,
        from: i64,
        to: i64,
        bucket_ms: i64,
    ) -> Result<Vec<(i64, String, i64)>> {
        if bucket_ms <= 0 {
            return Err(Error::Invalid("the bucket must be positive".into()));
        }
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT created_at, rules FROM versions WHERE organization_id = $1 \
             AND created_at >= $2 AND created_at < $3 AND rules <> ''",
        )
        .bind(org)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        let mut counts = std::collections::BTreeMap::<(i64, String), i64>::new();
        for (at, rules) in &rows {
            for rule in rules.split('|').filter(|r| !r.is_empty()) {
                *counts
                    .entry(((at - from) / bucket_ms, rule.to_owned()))
                    .or_default() += 1;
            }
        }
        Ok(counts.into_iter().map(|((b, r), n)| (b, r, n)).collect())
    }

    /// The organization's decisions of one kind (e.g. every override) with
    /// `from <= decided_at < to`, newest first, for the compliance officer.
    pub async fn decisions_of_kind(
        &self,
        org: &str,
        kind: DecisionKind,
        from: i64,
        to: i64,
    ) -> Result<Vec<Decision>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {DECISION_COLUMNS} FROM decisions WHERE organization_id = $1 AND kind = $2 \
             AND decided_at >= $3 AND decided_at < $4 ORDER BY decided_at DESC, id DESC"
        ))
        .bind(org)
        .bind(kind.as_str())
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Records where an approved draft was published: by its author, a writer or an admin of
    /// its practice (not a reviewer or compliance officer alone), or the desk. Event:
    /// `publish`.
    pub async fn mark_published(
        &self,
        org: &str,
        actor: &Actor,
        draft_id: &str,
        link: &str,
    ) -> Result<Draft> {
        self.close_out(
            org,
            actor,
            draft_id,
            (DraftStatus::Approved, DraftStatus::Published),
            "publish",
            ("published_link", "published_at"),
            link,
            Action::Publish,
            Some(PUBLISHERS),
        )
        .await
    }

    /// Marks a published draft as taken down, with the reason (kept on the draft; the event
    /// holds no text). Event: `take_down`.
    pub async fn take_down(
        &self,
        org: &str,
        actor: &Actor,
        draft_id: &str,
        reason: &str,
    ) -> Result<Draft> {
        if reason.trim().is_empty() {
            return Err(Error::Invalid("a take-down needs a reason".into()));
        }
        self.close_out(
            org,
            actor,
            draft_id,
            (DraftStatus::Published, DraftStatus::TakenDown),
            "take down",
            ("takedown_reason", "taken_down_at"),
            reason,
            Action::TakeDown,
            None,
        )
        .await
    }

    /// Moves a draft from one status to the next once it has left review (publish, take
    /// down), recording a note (the link, the reason) and its time in the named columns, with
    /// the event, in one transaction. With `roles`, a user acting must be the draft's author
    /// or hold one of them in its practice (any member otherwise).
    #[allow(clippy::too_many_arguments)]
    async fn close_out(
        &self,
        org: &str,
        actor: &Actor,
        draft_id: &str,
        (from, to): (DraftStatus, DraftStatus),
        verb: &str,
        (note_column, time_column): (&str, &str),
        note: &str,
        action: Action,
        roles: Option<&[Role]>,
    ) -> Result<Draft> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let d = draft_in(&mut tx, org, draft_id).await?;
        require_member(&mut tx, org, actor, &d.practice_id).await?;
        if let (Some(needed), Some(user)) = (roles, actor.user_id()) {
            let held = roles_in(&mut tx, org, user, &d.practice_id).await?;
            if d.author_id != user && !held.iter().any(|r| needed.contains(r)) {
                return Err(Error::Forbidden(format!(
                    "only the author, a writer or an admin may {verb} a draft"
                )));
            }
        }
        if d.status != from {
            return Err(conflict(&d, verb));
        }
        sqlx::query(&format!(
            "UPDATE drafts SET status = $1, {note_column} = $2, {time_column} = $3, \
             updated_at = $4 WHERE id = $5 AND organization_id = $6"
        ))
        .bind(to.as_str())
        .bind(note)
        .bind(now)
        .bind(now)
        .bind(draft_id)
        .bind(org)
        .execute(&mut *tx)
        .await?;
        event(
            &mut tx,
            org,
            actor,
            action,
            "draft",
            draft_id,
            json!({ "version": d.current_version }),
        )
        .await?;
        let d = draft_in(&mut tx, org, draft_id).await?;
        tx.commit().await?;
        Ok(d)
    }
}
