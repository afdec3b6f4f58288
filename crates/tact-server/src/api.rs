//! The JSON API under `/api/v1`, plus `GET /healthz` and `GET /api/openapi.json`.
//!
//! Every handler takes a [`Caller`] and passes `caller.org` to the store, so another
//! organization's object is a 404. Request bodies deny unknown fields.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use tact_engine::{Analyzer, Input, Kind, Profile, Report};
use tact_store::{
    AccountType, Action, DecisionKind, Draft, DraftFilter, DraftKind, DraftStatus, NewDraft,
    Practice, Role, Version,
};

use crate::auth::{self, Caller};
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::{roster, AppState, Routes};

const DAY_MS: i64 = 86_400_000;

pub(crate) fn routes() -> Routes {
    use Method as M;
    Routes::new()
        .route("/healthz", &[M::GET], get(healthz))
        .route("/api/openapi.json", &[M::GET], get(openapi_doc))
        .route(
            "/api/v1/session",
            &[M::POST, M::DELETE],
            post(auth::api_login).delete(auth::api_logout),
        )
        .route("/api/v1/setup", &[M::POST], post(auth::api_setup))
        .route("/api/v1/me", &[M::GET], get(me))
        .route("/api/v1/check", &[M::POST], post(check))
        .route(
            "/api/v1/drafts",
            &[M::GET, M::POST],
            get(list_drafts).post(create_draft),
        )
        .route(
            "/api/v1/drafts/{id}",
            &[M::GET, M::PUT],
            get(get_draft).put(edit_draft),
        )
        .route("/api/v1/drafts/{id}/submit", &[M::POST], post(submit))
        .route("/api/v1/drafts/{id}/decide", &[M::POST], post(decide))
        .route("/api/v1/drafts/{id}/publish", &[M::POST], post(publish))
        .route("/api/v1/drafts/{id}/take-down", &[M::POST], post(take_down))
        .route(
            "/api/v1/drafts/{id}/versions/{number}",
            &[M::GET],
            get(get_version),
        )
        .route("/api/v1/outbox", &[M::GET], get(outbox))
        .route("/api/v1/audit/head", &[M::GET], get(audit_head))
        .route("/api/v1/audit/verify", &[M::POST], post(audit_verify))
        .route("/api/v1/audit/export", &[M::GET], get(audit_export))
        .route("/api/v1/dashboard", &[M::GET], get(dashboard))
        .route(
            "/api/v1/practices",
            &[M::GET, M::POST],
            get(list_practices).post(create_practice),
        )
        .route("/api/v1/practices/{id}", &[M::GET], get(get_practice))
        .route(
            "/api/v1/practices/{id}/profile",
            &[M::GET, M::PUT],
            get(get_profile).put(put_profile),
        )
        .route(
            "/api/v1/practices/{id}/accounts",
            &[M::GET, M::POST],
            get(list_accounts).post(create_account),
        )
        .route("/api/v1/accounts/{id}", &[M::GET], get(get_account))
        .route(
            "/api/v1/practices/{id}/webhooks",
            &[M::GET, M::POST],
            get(list_webhooks).post(create_webhook),
        )
        .route(
            "/api/v1/webhooks/{id}",
            &[M::GET, M::DELETE],
            get(get_webhook).delete(disable_webhook),
        )
        .route(
            "/api/v1/users",
            &[M::GET, M::POST],
            get(list_users).post(create_user),
        )
        .route(
            "/api/v1/users/{id}",
            &[M::GET, M::PUT],
            get(get_user).put(update_user),
        )
        .route(
            "/api/v1/users/{id}/roles",
            &[M::GET, M::POST, M::DELETE],
            get(user_roles).post(grant_role).delete(revoke_role),
        )
        .route(
            "/api/v1/tokens",
            &[M::GET, M::POST],
            get(list_tokens).post(create_token),
        )
        .route("/api/v1/tokens/{id}", &[M::DELETE], delete(revoke_token))
        .route(
            "/api/v1/practices/{id}/roster",
            &[M::GET, M::PUT, M::DELETE],
            get(roster::get_roster)
                .put(roster::put_roster)
                .delete(roster::delete_roster),
        )
        .route(
            "/api/v1/practices/{id}/replies",
            &[M::GET, M::PUT],
            get(roster::get_replies).put(roster::put_replies),
        )
}

async fn healthz(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    state.store.head().await?;
    Ok(Json(json!({"status": "ok"})))
}

async fn openapi_doc() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::openapi::document().to_string(),
    )
        .into_response()
}

// ---------------------------------------------------------------- helpers

/// The practice a request acts in: `?practice=ID`, else the caller's first practice with a
/// role, else the organization's first practice.
pub(crate) async fn resolve_practice(
    state: &AppState,
    caller: &Caller,
    requested: Option<&str>,
) -> ApiResult<Practice> {
    Ok(state
        .store
        .practice_for(&caller.org, &caller.user_id, requested.unwrap_or(""))
        .await?)
}

pub(crate) fn parse_kind(kind: Option<&str>) -> ApiResult<Kind> {
    match kind {
        None => Ok(Kind::Post),
        Some(k) => Kind::parse(k)
            .ok_or_else(|| ApiError::bad_request("kind must be post, reply, comment or review")),
    }
}

/// Runs the engine off the async threads.
pub(crate) async fn run_check(
    analyzer: Arc<Analyzer>,
    text: String,
    kind: Kind,
    replying_to: Option<String>,
) -> ApiResult<Report> {
    tokio::task::spawn_blocking(move || {
        let input = Input {
            text: &text,
            kind,
            replying_to: replying_to.as_deref().filter(|s| !s.is_empty()),
            ..Input::default()
        };
        analyzer.analyze(&input)
    })
    .await
    .map_err(|_| ApiError::internal())?
    .map_err(|e| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            e.to_string(),
        )
    })
}

fn draft_kind(kind: Kind) -> ApiResult<DraftKind> {
    match kind {
        Kind::Post => Ok(DraftKind::Post),
        Kind::Reply => Ok(DraftKind::Reply),
        _ => Err(ApiError::bad_request("a draft's kind is post or reply")),
    }
}

fn engine_kind(kind: DraftKind) -> Kind {
    match kind {
        DraftKind::Post => Kind::Post,
        DraftKind::Reply => Kind::Reply,
    }
}

/// Checks a text with its practice's analyzer.
pub(crate) async fn check_in(
    state: &AppState,
    practice: &Practice,
    text: String,
    kind: Kind,
    replying_to: Option<String>,
) -> ApiResult<Report> {
    let analyzer = state.analyzers.get(&state.store, practice).await?;
    run_check(analyzer, text, kind, replying_to).await
}

pub(crate) fn version_json(v: &Version) -> Value {
    let report: Value = serde_json::from_str(&v.report_json).unwrap_or(Value::Null);
    json!({
        "id": v.id,
        "number": v.number,
        "body": v.body,
        "verdict": v.verdict,
        "rules": v.rule_ids().collect::<Vec<_>>(),
        "report": report,
        "created_by": v.created_by,
        "created_at": v.created_at,
    })
}

fn report_json(r: &Report) -> ApiResult<String> {
    serde_json::to_string(r).map_err(|_| ApiError::internal())
}

fn parse_time(s: Option<&str>, what: &str) -> ApiResult<Option<i64>> {
    match s.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse_instant(s).map(Some).ok_or_else(|| {
            ApiError::bad_request(format!("{what}: use YYYY-MM-DD or milliseconds"))
        }),
    }
}

/// `YYYY-MM-DD` (UTC midnight) or milliseconds since the epoch.
pub fn parse_instant(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(ms) = s.parse::<i64>() {
        return Some(ms);
    }
    let mut it = s.splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1970..=9999).contains(&y) {
        return None;
    }
    Some(days_from_civil(y, m, d) * DAY_MS)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` of a millisecond instant (UTC).
pub fn date_of(ms: i64) -> String {
    let (y, m, d) = tact_policy::date::civil_from_days(ms.div_euclid(DAY_MS));
    format!("{y:04}-{m:02}-{d:02}")
}

// ---------------------------------------------------------------- me, check

async fn me(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    let user = state.store.user(&caller.org, &caller.user_id).await?;
    let org = state.store.organization(&caller.org).await?;
    let memberships = state
        .store
        .memberships(&caller.org, &caller.user_id)
        .await?;
    Ok(Json(json!({
        "user": user,
        "organization": org,
        "memberships": memberships,
        "csrf_token": caller.session.as_ref().map(|s| s.csrf_secret.clone()),
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    pub text: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub replying_to: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PracticeQuery {
    #[serde(default)]
    pub practice: Option<String>,
}

/// `POST /api/v1/check`: the engine's report (docs/report-schema.md). Nothing is stored.
///
/// The caller and the practice are read in one query ([`auth::CallerIn`]).
async fn check(
    State(state): State<AppState>,
    auth::CallerIn { practice, .. }: auth::CallerIn,
    ApiJson(req): ApiJson<CheckRequest>,
) -> ApiResult<Json<Report>> {
    let kind = parse_kind(req.kind.as_deref())?;
    Ok(Json(
        check_in(&state, &practice, req.text, kind, req.replying_to).await?,
    ))
}

// ---------------------------------------------------------------- drafts

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DraftQuery {
    pub practice: Option<String>,
    pub account: Option<String>,
    pub status: Option<String>,
    pub rule: Option<String>,
    pub author: Option<String>,
    /// Updated on or after (YYYY-MM-DD or ms).
    pub from: Option<String>,
    /// Updated before (YYYY-MM-DD or ms).
    pub to: Option<String>,
    /// Text search.
    pub q: Option<String>,
    pub limit: Option<i64>,
}

pub(crate) fn draft_filter(q: &DraftQuery) -> ApiResult<DraftFilter> {
    let nonempty = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
    let status = match nonempty(&q.status) {
        None => None,
        Some(s) => Some(
            s.parse::<DraftStatus>()
                .map_err(|e| ApiError::bad_request(e.to_string()))?,
        ),
    };
    Ok(DraftFilter {
        practice_id: nonempty(&q.practice),
        account_id: nonempty(&q.account),
        author_id: nonempty(&q.author),
        status,
        rule: nonempty(&q.rule),
        text: nonempty(&q.q),
        updated_from: parse_time(q.from.as_deref(), "from")?,
        updated_to: parse_time(q.to.as_deref(), "to")?,
        limit: q.limit,
    })
}

async fn list_drafts(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<DraftQuery>,
) -> ApiResult<Json<Value>> {
    let filter = draft_filter(&q)?;
    let drafts = state.store.drafts(&caller.org, &filter).await?;
    Ok(Json(json!({ "drafts": drafts })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateDraft {
    #[serde(default)]
    pub practice_id: Option<String>,
    #[serde(default)]
    pub account_id: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub replying_to: Option<String>,
    pub body: String,
}

async fn create_draft(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateDraft>,
) -> ApiResult<Response> {
    let kind = draft_kind(parse_kind(req.kind.as_deref())?)?;
    let account_id = req.account_id.filter(|s| !s.is_empty());
    // Without a practice, an account names its own practice.
    let mut practice_id = req.practice_id.filter(|s| !s.is_empty());
    if practice_id.is_none() {
        if let Some(a) = &account_id {
            practice_id = Some(state.store.account(&caller.org, a).await?.practice_id);
        }
    }
    let practice = resolve_practice(&state, &caller, practice_id.as_deref()).await?;
    let replying_to = req.replying_to.filter(|s| !s.trim().is_empty());
    // The check runs before the transaction, which then records the draft and the check
    // with one commit.
    let report = check_in(
        &state,
        &practice,
        req.body.clone(),
        engine_kind(kind),
        replying_to.clone(),
    )
    .await?;
    let d = state
        .store
        .create_checked_draft(
            &caller.org,
            &caller.actor(),
            &NewDraft {
                practice_id: practice.id.clone(),
                account_id,
                kind,
                replying_to,
                body: req.body,
            },
            Some(&report_json(&report)?),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"draft": d, "report": report})),
    )
        .into_response())
}

async fn get_draft(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let d = state.store.draft(&caller.org, &id).await?;
    let versions = state.store.versions(&caller.org, &id).await?;
    let decisions = state.store.decisions(&caller.org, &id).await?;
    let events = state.store.object_events(&caller.org, "draft", &id).await?;
    Ok(Json(json!({
        "draft": d,
        "versions": versions.iter().map(version_json).collect::<Vec<_>>(),
        "decisions": decisions,
        "events": events,
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditDraft {
    pub body: String,
}

/// `PUT /api/v1/drafts/{id}`: replaces the working text and checks it again.
async fn edit_draft(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<EditDraft>,
) -> ApiResult<Json<Value>> {
    let (d, practice) = state.store.draft_and_practice(&caller.org, &id).await?;
    let report = check_in(
        &state,
        &practice,
        req.body.clone(),
        engine_kind(d.kind),
        d.replying_to.clone(),
    )
    .await?;
    let d = state
        .store
        .edit_checked_draft(
            &caller.org,
            &caller.actor(),
            &id,
            &req.body,
            Some(&report_json(&report)?),
        )
        .await?;
    Ok(Json(json!({"draft": d, "report": report})))
}

/// `POST /api/v1/drafts/{id}/submit`: checks the working text and freezes it as the next
/// version with its report.
async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let (d, practice) = state.store.draft_and_practice(&caller.org, &id).await?;
    let report = check_in(
        &state,
        &practice,
        d.body.clone(),
        engine_kind(d.kind),
        d.replying_to.clone(),
    )
    .await?;
    let (d, v) = state
        .store
        .submit(
            &caller.org,
            &caller.actor(),
            &id,
            &d.body,
            &report_json(&report)?,
        )
        .await?;
    Ok(Json(json!({"draft": d, "version": version_json(&v)})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecideRequest {
    /// approve, reject, send_back or override.
    pub decision: String,
    #[serde(default)]
    pub reason: Option<String>,
}

async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<DecideRequest>,
) -> ApiResult<Json<Value>> {
    let kind: DecisionKind = req.decision.parse().map_err(|_| {
        ApiError::bad_request("decision must be approve, reject, send_back or override")
    })?;
    let reason = req
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let decision = state
        .store
        .decide(&caller.org, &caller.actor(), &id, kind, reason)
        .await?;
    let d = state.store.draft(&caller.org, &id).await?;
    Ok(Json(json!({"draft": d, "decision": decision})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    pub link: String,
}

async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PublishRequest>,
) -> ApiResult<Json<Value>> {
    let d = state
        .store
        .mark_published(&caller.org, &caller.actor(), &id, req.link.trim())
        .await?;
    Ok(Json(json!({ "draft": d })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TakeDownRequest {
    pub reason: String,
}

async fn take_down(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<TakeDownRequest>,
) -> ApiResult<Json<Value>> {
    if req.reason.trim().is_empty() {
        return Err(ApiError::bad_request("a take-down needs a reason"));
    }
    let d = state
        .store
        .take_down(&caller.org, &caller.actor(), &id, req.reason.trim())
        .await?;
    Ok(Json(json!({ "draft": d })))
}

async fn get_version(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, number)): Path<(String, i64)>,
) -> ApiResult<Json<Value>> {
    let v = state.store.version(&caller.org, &id, number).await?;
    Ok(Json(version_json(&v)))
}

/// Approved drafts waiting to go out, with the approved version's text.
pub(crate) async fn outbox_items(
    state: &AppState,
    caller: &Caller,
    practice: Option<String>,
) -> ApiResult<Vec<(Draft, Option<Version>)>> {
    let drafts = state
        .store
        .drafts(
            &caller.org,
            &DraftFilter {
                practice_id: practice,
                status: Some(DraftStatus::Approved),
                limit: Some(1000),
                ..DraftFilter::default()
            },
        )
        .await?;
    let mut out = Vec::with_capacity(drafts.len());
    for d in drafts {
        let v = if d.current_version > 0 {
            Some(
                state
                    .store
                    .version(&caller.org, &d.id, d.current_version)
                    .await?,
            )
        } else {
            None
        };
        out.push((d, v));
    }
    Ok(out)
}

async fn outbox(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<PracticeQuery>,
) -> ApiResult<Json<Value>> {
    let items = outbox_items(&state, &caller, q.practice.filter(|s| !s.is_empty())).await?;
    let items: Vec<Value> = items
        .iter()
        .map(|(d, v)| {
            json!({
                "draft": d,
                "text": v.as_ref().map_or(d.body.as_str(), |v| v.body.as_str()),
                "version": v.as_ref().map(|v| v.number),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

// ---------------------------------------------------------------- audit

async fn audit_head(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    caller.require_oversight(&state.store).await?;
    Ok(Json(json!({ "head": state.store.head().await? })))
}

/// Walks the whole chain. 200 either way: `{"ok": true, "head"}` or `{"ok": false,
/// "broken": {"seq", "problem"}}`.
async fn audit_verify(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    caller.require_oversight(&state.store).await?;
    Ok(Json(verify_json(&state.store).await?))
}

pub(crate) async fn verify_json(store: &tact_store::Store) -> ApiResult<Value> {
    match store.verify().await {
        Ok(head) => Ok(json!({"ok": true, "head": head})),
        Err(tact_store::Error::ChainBroken(b)) => Ok(json!({
            "ok": false,
            "broken": {"seq": b.seq, "problem": b.problem.to_string()},
        })),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RangeQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The organization's events in `[from, to)` as JSON lines, each with its hash; recorded
/// as an `export` event.
async fn audit_export(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<RangeQuery>,
) -> ApiResult<Response> {
    caller.require_oversight(&state.store).await?;
    let from = parse_time(q.from.as_deref(), "from")?.unwrap_or(0);
    let to = parse_time(q.to.as_deref(), "to")?.unwrap_or(i64::MAX);
    let events = state
        .store
        .export_organization(&caller.org, from, to)
        .await?;
    state
        .store
        .record_event(
            Some(&caller.org),
            &caller.actor(),
            Action::Export,
            "audit",
            &caller.org,
            json!({"from": from, "to": to, "events": events.len()}),
        )
        .await?;
    let mut body = String::new();
    for e in &events {
        body.push_str(&serde_json::to_string(e).map_err(|_| ApiError::internal())?);
        body.push('\n');
    }
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-ndjson"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"events.jsonl\"",
            ),
        ],
        body,
    )
        .into_response())
}

// ---------------------------------------------------------------- dashboard

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DashboardQuery {
    /// How many days back (default 30, at most 366).
    pub days: Option<i64>,
}

/// The dashboard's numbers.
pub(crate) async fn dashboard_data(
    state: &AppState,
    caller: &Caller,
    days: i64,
) -> ApiResult<Value> {
    let days = days.clamp(1, 366);
    let now = tact_store::now_ms();
    let to = (now.div_euclid(DAY_MS) + 1) * DAY_MS;
    let from = to - days * DAY_MS;
    let store = &state.store;
    let status: serde_json::Map<String, Value> = store
        .status_counts(&caller.org)
        .await?
        .into_iter()
        .map(|(s, n)| (s.as_str().to_owned(), json!(n)))
        .collect();
    let rules: Vec<Value> = store
        .rule_counts(&caller.org, from, to, DAY_MS)
        .await?
        .into_iter()
        .map(|(bucket, rule, n)| json!({"date": date_of(from + bucket * DAY_MS), "rule": rule, "versions": n}))
        .collect();
    let overrides = store
        .decisions_of_kind(&caller.org, DecisionKind::Override, from, to)
        .await?;
    let taken_down = store
        .drafts(
            &caller.org,
            &DraftFilter {
                status: Some(DraftStatus::TakenDown),
                limit: Some(100),
                ..DraftFilter::default()
            },
        )
        .await?;
    let taken_down: Vec<Value> = taken_down
        .iter()
        .map(|d| json!({"draft_id": d.id, "taken_down_at": d.taken_down_at, "author_id": d.author_id}))
        .collect();
    // Who waits on whom: drafts in review wait on a reviewer (or the compliance officer
    // for a block); drafts sent back wait on their writer.
    let mut waiting = Vec::new();
    let in_review = store
        .drafts(
            &caller.org,
            &DraftFilter {
                status: Some(DraftStatus::InReview),
                limit: Some(200),
                ..DraftFilter::default()
            },
        )
        .await?;
    for d in &in_review {
        let v = store.version(&caller.org, &d.id, d.current_version).await?;
        let on = if v.verdict == tact_store::Verdict::Block {
            "compliance"
        } else {
            "reviewer"
        };
        waiting.push(json!({"draft_id": d.id, "author_id": d.author_id, "waiting_on": on, "since": v.created_at, "verdict": v.verdict}));
    }
    let sent_back = store
        .drafts(
            &caller.org,
            &DraftFilter {
                status: Some(DraftStatus::Draft),
                limit: Some(200),
                ..DraftFilter::default()
            },
        )
        .await?;
    for d in sent_back.iter().filter(|d| d.current_version > 0) {
        waiting.push(json!({"draft_id": d.id, "author_id": d.author_id, "waiting_on": "writer", "since": d.updated_at}));
    }
    Ok(json!({
        "from": from,
        "to": to,
        "days": days,
        "drafts_by_status": status,
        "findings_by_rule": rules,
        "overrides": overrides,
        "taken_down": taken_down,
        "waiting": waiting,
    }))
}

async fn dashboard(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<DashboardQuery>,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        dashboard_data(&state, &caller, q.days.unwrap_or(30)).await?,
    ))
}

// ---------------------------------------------------------------- practices, accounts, profile

async fn list_practices(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    let practices: Vec<Value> = state
        .store
        .practices(&caller.org)
        .await?
        .into_iter()
        .map(|p| json!({"id": p.id, "name": p.name, "created_at": p.created_at, "updated_at": p.updated_at}))
        .collect();
    Ok(Json(json!({ "practices": practices })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreatePractice {
    pub name: String,
    #[serde(default)]
    pub profile: Option<String>,
}

async fn create_practice(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreatePractice>,
) -> ApiResult<Response> {
    caller.require_admin(&state.store).await?;
    if req.name.trim().is_empty() {
        return Err(ApiError::bad_request("name is required"));
    }
    let profile = req
        .profile
        .unwrap_or_else(|| auth::minimal_profile(req.name.trim()));
    validate_profile(&profile)?;
    let p = state
        .store
        .create_practice(&caller.org, &caller.actor(), req.name.trim(), &profile)
        .await?;
    // The creator administers the new practice.
    state
        .store
        .grant_role(
            &caller.org,
            &caller.actor(),
            &caller.user_id,
            &p.id,
            Role::Admin,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(json!({"practice": p}))).into_response())
}

async fn get_practice(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let p = state.store.practice(&caller.org, &id).await?;
    Ok(Json(json!({"practice": p})))
}

async fn get_profile(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let p = state.store.practice(&caller.org, &id).await?;
    Ok(Json(
        json!({"practice_id": p.id, "profile": p.profile_toml, "updated_at": p.updated_at}),
    ))
}

/// A profile's errors as a 400 naming the line and the key.
pub(crate) fn validate_profile(text: &str) -> ApiResult<()> {
    match Profile::from_toml(text) {
        Ok(p) => {
            Analyzer::new(&p).map_err(|e| profile_error(&e))?;
            Ok(())
        }
        Err(e) => Err(profile_error(&e)),
    }
}

fn profile_error(e: &tact_engine::ProfileError) -> ApiError {
    let mut msg = e.to_string();
    if msg.is_empty() {
        msg = "invalid profile".into();
    }
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_profile", msg)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileRequest {
    pub profile: String,
}

async fn put_profile(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<ProfileRequest>,
) -> ApiResult<Json<Value>> {
    state.store.practice(&caller.org, &id).await?;
    caller
        .require(&state.store, &id, &[Role::Admin, Role::Compliance])
        .await?;
    validate_profile(&req.profile)?;
    let p = state
        .store
        .update_practice_profile(&caller.org, &caller.actor(), &id, &req.profile)
        .await?;
    Ok(Json(
        json!({"practice_id": p.id, "profile": p.profile_toml, "updated_at": p.updated_at}),
    ))
}

async fn list_accounts(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let accounts = state.store.accounts(&caller.org, &id).await?;
    Ok(Json(json!({ "accounts": accounts })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateAccount {
    pub platform: String,
    pub handle: String,
    /// business (default) or personal.
    #[serde(default)]
    pub account_type: Option<String>,
}

async fn create_account(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CreateAccount>,
) -> ApiResult<Response> {
    state.store.practice(&caller.org, &id).await?;
    caller.require(&state.store, &id, &[Role::Admin]).await?;
    let account_type: AccountType = req
        .account_type
        .as_deref()
        .unwrap_or("business")
        .parse()
        .map_err(|_| ApiError::bad_request("account_type must be business or personal"))?;
    if req.platform.trim().is_empty() || req.handle.trim().is_empty() {
        return Err(ApiError::bad_request("platform and handle are required"));
    }
    let a = state
        .store
        .create_account(
            &caller.org,
            &caller.actor(),
            &id,
            req.platform.trim(),
            req.handle.trim(),
            account_type,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(json!({"account": a}))).into_response())
}

async fn get_account(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let a = state.store.account(&caller.org, &id).await?;
    Ok(Json(json!({"account": a})))
}

// ---------------------------------------------------------------- webhooks

fn webhook_json(w: &tact_store::Webhook) -> Value {
    // The signing secret is shown once, when the webhook is created.
    json!({
        "id": w.id,
        "practice_id": w.practice_id,
        "url": w.url,
        "created_at": w.created_at,
        "disabled_at": w.disabled_at,
    })
}

async fn list_webhooks(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let hooks = state.store.webhooks(&caller.org, &id).await?;
    caller.require(&state.store, &id, &[Role::Admin]).await?;
    Ok(Json(
        json!({ "webhooks": hooks.iter().map(webhook_json).collect::<Vec<_>>() }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhook {
    pub url: String,
}

/// Adds an outbound webhook for approved items; the answer holds the HMAC-SHA256 signing
/// secret, shown this once.
async fn create_webhook(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CreateWebhook>,
) -> ApiResult<Response> {
    state.store.practice(&caller.org, &id).await?;
    caller.require(&state.store, &id, &[Role::Admin]).await?;
    let secret = crate::random_hex(32);
    let w = state
        .store
        .create_webhook(&caller.org, &caller.actor(), &id, req.url.trim(), &secret)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"webhook": webhook_json(&w), "secret": secret})),
    )
        .into_response())
}

/// A webhook with its delivery log.
async fn get_webhook(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let w = state.store.webhook(&caller.org, &id).await?;
    caller
        .require(&state.store, &w.practice_id, &[Role::Admin])
        .await?;
    let deliveries = state.store.deliveries(&caller.org, &id).await?;
    Ok(Json(
        json!({"webhook": webhook_json(&w), "deliveries": deliveries}),
    ))
}

async fn disable_webhook(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let w = state.store.webhook(&caller.org, &id).await?;
    caller
        .require(&state.store, &w.practice_id, &[Role::Admin])
        .await?;
    state
        .store
        .disable_webhook(&caller.org, &caller.actor(), &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------- users, roles

async fn list_users(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    let users = state.store.users(&caller.org).await?;
    let mut out = Vec::with_capacity(users.len());
    for u in users {
        let m = state.store.memberships(&caller.org, &u.id).await?;
        out.push(json!({"user": u, "memberships": m}));
    }
    Ok(Json(json!({ "users": out })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    pub email: String,
    pub name: String,
    pub password: String,
    /// Roles to grant at once, in `practice_id` (required when roles are given).
    #[serde(default)]
    pub practice_id: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
}

fn parse_roles(roles: &[String]) -> ApiResult<Vec<Role>> {
    roles
        .iter()
        .map(|r| {
            r.parse::<Role>().map_err(|_| {
                ApiError::bad_request("role must be writer, reviewer, compliance or admin")
            })
        })
        .collect()
}

async fn create_user(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateUser>,
) -> ApiResult<Response> {
    caller.require_admin(&state.store).await?;
    let roles = parse_roles(&req.roles)?;
    if req.email.trim().is_empty() || !req.email.contains('@') {
        return Err(ApiError::bad_request("a valid e-mail is required"));
    }
    if req.password.chars().count() < 10 {
        return Err(ApiError::bad_request(
            "the password needs at least 10 characters",
        ));
    }
    if !roles.is_empty() {
        let p = req
            .practice_id
            .as_deref()
            .ok_or_else(|| ApiError::bad_request("practice_id is required with roles"))?;
        state.store.practice(&caller.org, p).await?;
        caller.require(&state.store, p, &[Role::Admin]).await?;
    }
    let u = state
        .store
        .create_user(
            &caller.org,
            &caller.actor(),
            req.email.trim(),
            req.name.trim(),
            &req.password,
        )
        .await?;
    if let Some(p) = req.practice_id.as_deref() {
        for r in roles {
            state
                .store
                .grant_role(&caller.org, &caller.actor(), &u.id, p, r)
                .await?;
        }
    }
    Ok((StatusCode::CREATED, Json(json!({"user": u}))).into_response())
}

async fn get_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let u = state.store.user(&caller.org, &id).await?;
    let m = state.store.memberships(&caller.org, &id).await?;
    Ok(Json(json!({"user": u, "memberships": m})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    #[serde(default)]
    pub disabled: Option<bool>,
    #[serde(default)]
    pub password: Option<String>,
}

/// Disables or re-enables a user, or sets a password (admins; anyone for their own
/// password).
async fn update_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<UpdateUser>,
) -> ApiResult<Json<Value>> {
    state.store.user(&caller.org, &id).await?;
    let own = id == caller.user_id;
    if req.disabled.is_some() || !own {
        caller.require_admin(&state.store).await?;
    }
    if let Some(pw) = &req.password {
        if pw.chars().count() < 10 {
            return Err(ApiError::bad_request(
                "the password needs at least 10 characters",
            ));
        }
        state
            .store
            .set_password(&caller.org, &caller.actor(), &id, pw)
            .await?;
    }
    if let Some(disabled) = req.disabled {
        if own && disabled {
            return Err(ApiError::bad_request("you cannot disable yourself"));
        }
        state
            .store
            .set_user_disabled(&caller.org, &caller.actor(), &id, disabled)
            .await?;
    }
    let u = state.store.user(&caller.org, &id).await?;
    Ok(Json(json!({"user": u})))
}

async fn user_roles(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let m = state.store.memberships(&caller.org, &id).await?;
    state.store.user(&caller.org, &id).await?;
    Ok(Json(json!({"memberships": m})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleRequest {
    pub practice_id: String,
    pub role: String,
}

async fn grant_role(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<RoleRequest>,
) -> ApiResult<Response> {
    let role = parse_roles(std::slice::from_ref(&req.role))?[0];
    state.store.user(&caller.org, &id).await?;
    state.store.practice(&caller.org, &req.practice_id).await?;
    caller
        .require(&state.store, &req.practice_id, &[Role::Admin])
        .await?;
    let m = state
        .store
        .grant_role(&caller.org, &caller.actor(), &id, &req.practice_id, role)
        .await?;
    Ok((StatusCode::CREATED, Json(json!({"membership": m}))).into_response())
}

async fn revoke_role(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<RoleRequest>,
) -> ApiResult<StatusCode> {
    let role = parse_roles(std::slice::from_ref(&req.role))?[0];
    state.store.user(&caller.org, &id).await?;
    state.store.practice(&caller.org, &req.practice_id).await?;
    caller
        .require(&state.store, &req.practice_id, &[Role::Admin])
        .await?;
    state
        .store
        .revoke_role(&caller.org, &caller.actor(), &id, &req.practice_id, role)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------- API tokens

async fn list_tokens(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    let t = state.store.api_tokens(&caller.org, &caller.user_id).await?;
    Ok(Json(json!({ "tokens": t })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    pub name: String,
}

/// Creates an API token for the caller; the secret is in this answer only.
async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateToken>,
) -> ApiResult<Response> {
    if req.name.trim().is_empty() {
        return Err(ApiError::bad_request("name is required"));
    }
    let (t, secret) = state
        .store
        .create_api_token(
            &caller.org,
            &caller.actor(),
            &caller.user_id,
            req.name.trim(),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"token": t, "secret": secret})),
    )
        .into_response())
}

async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    // Only the caller's own tokens (an admin may revoke anyone's in the organization).
    let own = state.store.api_tokens(&caller.org, &caller.user_id).await?;
    if !own.iter().any(|t| t.id == id) {
        caller.require_admin(&state.store).await?;
    }
    state
        .store
        .revoke_api_token(&caller.org, &caller.actor(), &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Display names of the organization's users, by id (for pages).
pub(crate) async fn user_names(
    state: &AppState,
    caller: &Caller,
) -> ApiResult<HashMap<String, String>> {
    Ok(state
        .store
        .users(&caller.org)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}
