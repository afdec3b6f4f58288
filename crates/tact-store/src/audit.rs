//! The audit log: append-only and hash-chained.
//!
//! Events are numbered 1, 2, 3… across the whole installation (one chain for every
//! organization, so that no organization's events can be dropped unnoticed). Each event holds
//! the previous event's hash (`prev_hash`; 64 zeros for event 1) and its own:
//!
//! ```text
//! hash = SHA-256( prev_hash as 32 raw bytes || encoding )
//! encoding = "tact-audit-v1"
//!            || seq as 8 bytes, big-endian (two's complement)
//!            || at (ms since the Unix epoch) as 8 bytes, big-endian
//!            || organization: 0x00 when absent, else 0x01 || field
//!            || field(actor) || field(action) || field(object_kind) || field(object_id)
//!            || field(details)
//! field(s) = length of s's UTF-8 bytes as 4 bytes, big-endian || those bytes
//! ```
//!
//! Hashes are stored as lower-case hex. `details` is hashed exactly as stored (canonical
//! JSON: keys sorted, no spaces), so verification needs no JSON parser and any edit of a
//! stored byte shows.
//!
//! Appends happen only inside a write transaction that holds the chain lock (see
//! `Store::begin_write`), together with the state change they record; the `audit_head` row
//! holds the latest (seq, hash), so truncating the log's tail is detected too.
//!
//! Nothing here deletes events: retention ([`crate::Store::retention_days`], at least
//! [`crate::MIN_RETENTION_DAYS`]) is the minimum time they are kept, and the store has no
//! operation that removes an event at all.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::{
    hex, now_ms, Action, Actor, Arg, AuditEvent, Batch, Error, Head, Result, Store, WriteTx,
};

/// The `prev_hash` of event 1.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const EVENT_COLUMNS: &str =
    "seq, at, organization_id, actor, action, object_kind, object_id, details, prev_hash, hash";

/// What is wrong with the first broken event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// The stored hash is not the hash of the event's fields: the event was edited.
    HashMismatch { stored: String, computed: String },
    /// `prev_hash` is not the previous event's hash: an event was replaced or re-linked.
    PrevMismatch { stored: String, expected: String },
    /// A sequence number is missing: events were deleted (`seq` is the first missing one).
    Gap { found: i64 },
    /// The chain ends before the recorded head: the latest events were deleted, or the head
    /// was edited.
    HeadMismatch { head_seq: i64, head_hash: String },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::HashMismatch { stored, computed } => {
                write!(f, "hash mismatch (stored {stored}, computed {computed})")
            }
            Problem::PrevMismatch { stored, expected } => write!(
                f,
                "prev_hash mismatch (stored {stored}, previous event's hash {expected})"
            ),
            Problem::Gap { found } => write!(f, "missing (the next event found is {found})"),
            Problem::HeadMismatch {
                head_seq,
                head_hash,
            } => write!(
                f,
                "the recorded head is event {head_seq} with hash {head_hash}, the chain disagrees"
            ),
        }
    }
}

/// The first broken event of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Broken {
    pub seq: i64,
    pub problem: Problem,
}

/// An event about to be appended.
pub(crate) struct NewEvent<'a> {
    pub organization_id: Option<&'a str>,
    pub actor: &'a Actor,
    pub action: Action,
    pub object_kind: &'a str,
    pub object_id: &'a str,
    pub details: Value,
}

/// The canonical byte encoding of an event's fields (see the module documentation).
pub fn encode(event: &AuditEvent) -> Vec<u8> {
    fn field(out: &mut Vec<u8>, s: &str) {
        out.extend_from_slice(&(s.len() as u32).to_be_bytes());
        out.extend_from_slice(s.as_bytes());
    }
    let mut out = Vec::with_capacity(128 + event.details.len());
    out.extend_from_slice(b"tact-audit-v1");
    out.extend_from_slice(&event.seq.to_be_bytes());
    out.extend_from_slice(&event.at.to_be_bytes());
    match &event.organization_id {
        None => out.push(0),
        Some(org) => {
            out.push(1);
            field(&mut out, org);
        }
    }
    field(&mut out, &event.actor);
    field(&mut out, &event.action);
    field(&mut out, &event.object_kind);
    field(&mut out, &event.object_id);
    field(&mut out, &event.details);
    out
}

/// The hash of an event given its fields and `prev_hash` (the stored `hash` is ignored).
/// A `prev_hash` that is not 64 hex digits is hashed as its text, so it can never verify.
pub fn compute_hash(event: &AuditEvent) -> String {
    let mut h = Sha256::new();
    match decode_hex32(&event.prev_hash) {
        Some(prev) => h.update(prev),
        None => h.update(event.prev_hash.as_bytes()),
    }
    h.update(encode(event));
    hex(&h.finalize())
}

fn decode_hex32(s: &str) -> Option<[u8; 32]> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in b.chunks(2).enumerate() {
        let d = |c: u8| (c as char).to_digit(16).map(|v| v as u8);
        out[i] = d(pair[0])? << 4 | d(pair[1])?;
    }
    Some(out)
}

/// Appends an event inside the write transaction `tx` (which holds the chain lock).
pub(crate) async fn append(tx: &mut WriteTx, event: NewEvent<'_>) -> Result<AuditEvent> {
    let mut batch = Batch::new();
    let mut events = chain(tx, vec![event], &mut batch).await?;
    tx.run(batch).await?;
    Ok(events.remove(0))
}

/// Numbers and hashes `events` after the chain head of `tx` (which holds the chain lock),
/// and adds to `batch` their INSERT (one statement for all) and the head's UPDATE. The
/// events are written when the batch runs, in the same transaction.
pub(crate) async fn chain(
    tx: &mut WriteTx,
    events: Vec<NewEvent<'_>>,
    batch: &mut Batch,
) -> Result<Vec<AuditEvent>> {
    let mut head: Head = match tx.head.take() {
        Some(head) => head,
        None => {
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_one(&mut **tx)
                .await?
        }
    };
    let at = now_ms();
    let mut out = Vec::with_capacity(events.len());
    let mut sql = String::from(
        "INSERT INTO audit_events (seq, at, organization_id, actor, action, object_kind, \
         object_id, details, prev_hash, hash) VALUES ",
    );
    let mut args: Vec<Arg> = Vec::with_capacity(events.len() * 10);
    for (i, event) in events.into_iter().enumerate() {
        let mut e = AuditEvent {
            seq: head.seq + 1,
            at,
            organization_id: event.organization_id.map(str::to_owned),
            actor: event.actor.to_db(),
            action: event.action.as_str().to_owned(),
            object_kind: event.object_kind.to_owned(),
            object_id: event.object_id.to_owned(),
            // serde_json's Value prints objects with sorted keys and no spaces.
            details: event.details.to_string(),
            prev_hash: head.hash,
            hash: String::new(),
        };
        e.hash = compute_hash(&e);
        head = Head {
            seq: e.seq,
            hash: e.hash.clone(),
        };
        let k = i * 10;
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!(
            "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
            k + 1,
            k + 2,
            k + 3,
            k + 4,
            k + 5,
            k + 6,
            k + 7,
            k + 8,
            k + 9,
            k + 10
        ));
        args.extend([
            Arg::Int(e.seq),
            Arg::Int(e.at),
            Arg::OptText(e.organization_id.clone()),
            Arg::from(&e.actor),
            Arg::from(&e.action),
            Arg::from(&e.object_kind),
            Arg::from(&e.object_id),
            Arg::from(&e.details),
            Arg::from(&e.prev_hash),
            Arg::from(&e.hash),
        ]);
        out.push(e);
    }
    if out.is_empty() {
        tx.head = Some(head);
        return Ok(out);
    }
    batch.push(sql, args);
    batch.push(
        "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1",
        vec![Arg::Int(head.seq), Arg::from(&head.hash)],
    );
    tx.head = Some(head);
    Ok(out)
}

/// How many events [`Store::verify`] reads per query.
const VERIFY_BATCH: i64 = 2000;

impl Store {
    /// Records an event that changes no stored object (a login, a failed login, a check, an
    /// export…). `details` must hold ids, rule ids, counts and verdicts only — never post
    /// text, comments, names or e-mail addresses. An unknown organization is
    /// [`Error::NotFound`].
    pub async fn record_event(
        &self,
        organization_id: Option<&str>,
        actor: &Actor,
        action: Action,
        object_kind: &str,
        object_id: &str,
        details: Value,
    ) -> Result<AuditEvent> {
        let mut tx = self.begin_write().await?;
        if let Some(org) = organization_id {
            crate::org::organization_exists(&mut tx, org).await?;
        }
        let e = append(
            &mut tx,
            NewEvent {
                organization_id,
                actor,
                action,
                object_kind,
                object_id,
                details,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(e)
    }

    /// The latest event's sequence number and hash, as recorded in the chain head.
    pub async fn head(&self) -> Result<Head> {
        Ok(
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Walks the whole chain from event 1 and checks every link and hash, then the recorded
    /// head. Returns the head when everything holds, else [`Error::ChainBroken`] naming the
    /// first broken event.
    pub async fn verify(&self) -> Result<Head> {
        // Read the head first: events appended while we walk are beyond it and not checked.
        let head = self.head().await?;
        let mut expected_seq = 1;
        let mut prev_hash = GENESIS_HASH.to_owned();
        let broken = |seq, problem| Err(Error::ChainBroken(Broken { seq, problem }));
        loop {
            let batch: Vec<AuditEvent> = sqlx::query_as(&format!(
                "SELECT {EVENT_COLUMNS} FROM audit_events WHERE seq >= $1 AND seq <= $2 \
                 ORDER BY seq LIMIT $3"
            ))
            .bind(expected_seq)
            .bind(head.seq)
            .bind(VERIFY_BATCH)
            .fetch_all(&self.pool)
            .await?;
            let done = (batch.len() as i64) < VERIFY_BATCH;
            for e in batch {
                if e.seq != expected_seq {
                    return broken(expected_seq, Problem::Gap { found: e.seq });
                }
                if e.prev_hash != prev_hash {
                    return broken(
                        e.seq,
                        Problem::PrevMismatch {
                            stored: e.prev_hash,
                            expected: prev_hash,
                        },
                    );
                }
                let computed = compute_hash(&e);
                if computed != e.hash {
                    return broken(
                        e.seq,
                        Problem::HashMismatch {
                            stored: e.hash,
                            computed,
                        },
                    );
                }
                prev_hash = e.hash;
                expected_seq += 1;
            }
            if done {
                break;
            }
        }
        // Events after the head: the head row was moved back. (Appends write the event and
        // the head in one transaction, so one statement's snapshot always sees them agree.)
        let (now_head, max_seq): (i64, Option<i64>) = sqlx::query_as(
            "SELECT seq, (SELECT MAX(seq) FROM audit_events) FROM audit_head WHERE id = 1",
        )
        .fetch_one(&self.pool)
        .await?;
        if max_seq.unwrap_or(0) > now_head {
            return broken(
                now_head + 1,
                Problem::HeadMismatch {
                    head_seq: now_head,
                    head_hash: head.hash,
                },
            );
        }
        if expected_seq - 1 != head.seq || prev_hash != head.hash {
            let seq = if expected_seq <= head.seq {
                expected_seq
            } else {
                head.seq
            };
            return broken(
                seq,
                Problem::HeadMismatch {
                    head_seq: head.seq,
                    head_hash: head.hash,
                },
            );
        }
        Ok(head)
    }

    /// Every event with `from <= at < to` (milliseconds), in sequence order, for an export
    /// bundle. The events carry their hashes, so the bundle can be checked against the chain.
    pub async fn export(&self, from: i64, to: i64) -> Result<Vec<AuditEvent>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events WHERE at >= $1 AND at < $2 ORDER BY seq"
        ))
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?)
    }

    /// [`Store::export`] limited to one organization's events.
    pub async fn export_organization(
        &self,
        organization_id: &str,
        from: i64,
        to: i64,
    ) -> Result<Vec<AuditEvent>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events WHERE organization_id = $1 \
             AND at >= $2 AND at < $3 ORDER BY seq"
        ))
        .bind(organization_id)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The organization's latest events, newest first (for the dashboard).
    pub async fn recent_events(
        &self,
        organization_id: &str,
        limit: i64,
    ) -> Result<Vec<AuditEvent>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events WHERE organization_id = $1 \
             ORDER BY seq DESC LIMIT $2"
        ))
        .bind(organization_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The events about one object of the organization, oldest first.
    pub async fn object_events(
        &self,
        organization_id: &str,
        object_kind: &str,
        object_id: &str,
    ) -> Result<Vec<AuditEvent>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events WHERE organization_id = $1 \
             AND object_kind = $2 AND object_id = $3 ORDER BY seq"
        ))
        .bind(organization_id)
        .bind(object_kind)
        .bind(object_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// How many days audit events are kept at least (default and minimum:
    /// [`crate::MIN_RETENTION_DAYS`]).
    pub async fn retention_days(&self) -> Result<i64> {
        let v: Option<(String,)> =
            sqlx::query_as("SELECT value FROM settings WHERE key = 'audit_retention_days'")
                .fetch_optional(&self.pool)
                .await?;
        Ok(v.and_then(|(v,)| v.parse().ok())
            .unwrap_or(crate::MIN_RETENTION_DAYS))
    }

    /// Sets the retention; below [`crate::MIN_RETENTION_DAYS`] is [`Error::Invalid`].
    pub async fn set_retention_days(&self, actor: &Actor, days: i64) -> Result<()> {
        if days < crate::MIN_RETENTION_DAYS {
            return Err(Error::Invalid(format!(
                "audit retention must be at least {} days",
                crate::MIN_RETENTION_DAYS
            )));
        }
        let mut tx = self.begin_write().await?;
        let updated =
            sqlx::query("UPDATE settings SET value = $1 WHERE key = 'audit_retention_days'")
                .bind(days.to_string())
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if updated == 0 {
            sqlx::query("INSERT INTO settings (key, value) VALUES ('audit_retention_days', $1)")
                .bind(days.to_string())
                .execute(&mut *tx)
                .await?;
        }
        append(
            &mut tx,
            NewEvent {
                organization_id: None,
                actor,
                action: Action::SettingsChange,
                object_kind: "setting",
                object_id: "audit_retention_days",
                details: serde_json::json!({ "days": days }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> AuditEvent {
        AuditEvent {
            seq: 1,
            at: 1_764_288_000_000,
            organization_id: Some("org-1".into()),
            actor: "user:u-1".into(),
            action: "submit".into(),
            object_kind: "draft".into(),
            object_id: "d-1".into(),
            details: r#"{"verdict":"pass","version":1}"#.into(),
            prev_hash: GENESIS_HASH.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn encoding_is_pinned() {
        // The chain's format: changing the encoding would break every stored chain, so this
        // vector must never change.
        let e = event();
        let mut expected = b"tact-audit-v1".to_vec();
        expected.extend_from_slice(&1i64.to_be_bytes());
        expected.extend_from_slice(&1_764_288_000_000i64.to_be_bytes());
        expected.push(1);
        for f in [
            "org-1",
            "user:u-1",
            "submit",
            "draft",
            "d-1",
            r#"{"verdict":"pass","version":1}"#,
        ] {
            expected.extend_from_slice(&(f.len() as u32).to_be_bytes());
            expected.extend_from_slice(f.as_bytes());
        }
        assert_eq!(encode(&e), expected);
        let mut h = Sha256::new();
        h.update([0u8; 32]);
        h.update(&expected);
        assert_eq!(compute_hash(&e), hex(&h.finalize()));
    }

    #[test]
    fn every_field_is_covered() {
        let base = compute_hash(&event());
        let changes: [fn(&mut AuditEvent); 9] = [
            |e| e.seq = 2,
            |e| e.at += 1,
            |e| e.organization_id = None,
            |e| e.actor = "system".into(),
            |e| e.action = "approve".into(),
            |e| e.object_kind = "user".into(),
            |e| e.object_id = "d-2".into(),
            |e| e.details = "{}".into(),
            |e| e.prev_hash = "1".repeat(64),
        ];
        for change in changes {
            let mut e = event();
            change(&mut e);
            assert_ne!(compute_hash(&e), base);
        }
        // Field boundaries are unambiguous.
        let mut a = event();
        a.object_kind = "dra".into();
        a.object_id = "ftd-1".into();
        assert_ne!(compute_hash(&a), base);
        // An empty organization is not a missing one.
        let mut empty = event();
        empty.organization_id = Some(String::new());
        let mut none = event();
        none.organization_id = None;
        assert_ne!(compute_hash(&empty), compute_hash(&none));
    }
}
