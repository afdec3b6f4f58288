//! A practice's known-patient roster and reply templates over the API (compliance officer or
//! admin of the practice). The desk builds the practice's analyzer with them (see
//! [`crate::Analyzers`]).
//!
//! Uploaded names are hashed at once with a fresh random key (the engine's keyed hashes,
//! HMAC-SHA256/128, as `tact roster import` makes them); only the hashes and the key are
//! stored, never a name, and nothing about the names is logged or put in the audit log but
//! their number.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use tact_engine::roster::{Roster, MAX_NAME_WORDS};
use tact_store::{Role, StoredRoster};

use crate::auth::Caller;
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::AppState;

/// The most names one upload may hold.
pub const MAX_ROSTER_NAMES: usize = 200_000;

const OVERSIGHT: &[Role] = &[Role::Admin, Role::Compliance];

fn roster_json(practice_id: &str, r: Option<&StoredRoster>) -> Value {
    json!({
        "practice_id": practice_id,
        "names": r.map_or(0, |r| r.names),
        "updated_at": r.map(|r| r.updated_at),
        "updated_by": r.map(|r| r.updated_by.as_str()),
    })
}

/// `GET /api/v1/practices/{id}/roster`: how many names the roster holds, when and by whom
/// it was uploaded (never the hashes, let alone names).
pub(crate) async fn get_roster(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    caller.require(&state.store, &id, OVERSIGHT).await?;
    let r = state.store.roster(&caller.org, &id).await?;
    Ok(Json(roster_json(&id, r.as_ref())))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterRequest {
    /// Patient names, one per line ("Dana Whitley" or "Whitley, Dana").
    pub names: String,
}

/// What hashing an upload made: the roster file (JSON, hashes only), how many names were
/// taken, and the line numbers of the lines that could not be (too few or too many words).
pub(crate) struct Hashed {
    pub key_hex: String,
    pub file: String,
    pub names: usize,
    pub skipped_lines: Vec<usize>,
}

/// Hashes the names (one per line; blank lines ignored) with a fresh random key.
pub(crate) fn hash_names(text: &str) -> ApiResult<Hashed> {
    let key: [u8; 32] = {
        let mut k = [0u8; 32];
        getrandom::getrandom(&mut k).map_err(|_| ApiError::internal())?;
        k
    };
    let mut roster = Roster::new(&key);
    let mut names = 0;
    let mut skipped_lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if names + skipped_lines.len() >= MAX_ROSTER_NAMES {
            return Err(ApiError::bad_request(format!(
                "a roster holds at most {MAX_ROSTER_NAMES} names"
            )));
        }
        if roster.add_name(line) {
            names += 1;
        } else {
            skipped_lines.push(i + 1);
        }
    }
    if names == 0 {
        return Err(ApiError::bad_request(format!(
            "no name to add: write one full name per line, 2 to {MAX_NAME_WORDS} words \
             (\"Dana Whitley\" or \"Whitley, Dana\")"
        )));
    }
    let file = serde_json::to_string(&roster.to_file()).map_err(|_| ApiError::internal())?;
    Ok(Hashed {
        key_hex: key.iter().map(|b| format!("{b:02x}")).collect(),
        file,
        names,
        skipped_lines,
    })
}

/// `PUT /api/v1/practices/{id}/roster` with `{"names"}`: replaces the roster. The names are
/// hashed here and dropped; the answer says how many were taken and which lines were not.
pub(crate) async fn put_roster(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<RosterRequest>,
) -> ApiResult<Json<Value>> {
    caller.require(&state.store, &id, OVERSIGHT).await?;
    let hashed = tokio::task::spawn_blocking(move || hash_names(&req.names))
        .await
        .map_err(|_| ApiError::internal())??;
    let r = state
        .store
        .set_roster(
            &caller.org,
            &caller.actor(),
            &id,
            &hashed.key_hex,
            &hashed.file,
            hashed.names as i64,
        )
        .await?;
    let mut out = roster_json(&id, Some(&r));
    out["skipped_lines"] = json!(hashed.skipped_lines);
    Ok(Json(out))
}

/// `DELETE /api/v1/practices/{id}/roster`: removes the roster.
pub(crate) async fn delete_roster(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    caller.require(&state.store, &id, OVERSIGHT).await?;
    state
        .store
        .clear_roster(&caller.org, &caller.actor(), &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/practices/{id}/replies`: the practice's own reply templates (`templates`
/// null: the built-in ones are used), and the built-in file to start from.
pub(crate) async fn get_replies(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let r = state.store.replies(&caller.org, &id).await?;
    Ok(Json(json!({
        "practice_id": id,
        "templates": r.as_ref().map(|r| r.templates_toml.as_str()),
        "updated_at": r.as_ref().map(|r| r.updated_at),
        "builtin": tact_engine::reply::BUILTIN_TEMPLATES,
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepliesRequest {
    /// A templates file (`[[template]]` with `class` and `text`); empty or missing: back to
    /// the built-in templates.
    #[serde(default)]
    pub templates: Option<String>,
}

/// `PUT /api/v1/practices/{id}/replies`: replaces the practice's reply templates. A bad file
/// is a 400 (`invalid_templates`) naming the template and the problem.
pub(crate) async fn put_replies(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<RepliesRequest>,
) -> ApiResult<Json<Value>> {
    caller.require(&state.store, &id, OVERSIGHT).await?;
    let text = req.templates.filter(|t| !t.trim().is_empty());
    if let Some(t) = &text {
        let parsed = tact_engine::reply::Templates::parse(t).map_err(|e| {
            ApiError::new(StatusCode::BAD_REQUEST, "invalid_templates", e.to_string())
        })?;
        if parsed.is_empty() {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_templates",
                "the file holds no [[template]]",
            ));
        }
    }
    let r = state
        .store
        .set_replies(&caller.org, &caller.actor(), &id, text.as_deref())
        .await?;
    Ok(Json(json!({
        "practice_id": id,
        "templates": r.as_ref().map(|r| r.templates_toml.as_str()),
        "updated_at": r.as_ref().map(|r| r.updated_at),
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_hashed_and_bad_lines_reported_by_number() {
        let h = hash_names("Dana Whitley\n\nMadonna\nWhitley, Dana\n").unwrap();
        assert_eq!(h.names, 2);
        assert_eq!(h.skipped_lines, vec![3]);
        assert!(!h.file.contains("Dana") && !h.file.contains("dana"));
        let key = crate::unhex(&h.key_hex).unwrap();
        assert_eq!(key.len(), 32);
        Roster::from_file(&h.file, &key).unwrap();
        assert_ne!(hash_names("Dana Whitley").unwrap().key_hex, h.key_hex);
        assert!(hash_names("\n  \nCher\n").is_err());
    }
}
