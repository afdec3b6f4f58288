//! The practice's social media policy and procedures guide in the desk: the compliance
//! officer (or an admin) generates a version from the stored profile; every version is kept;
//! every staff member acknowledges the current version (an audit event); the page shows who
//! has not; any version downloads as Markdown, HTML or PDF.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use tact_engine::Profile;
use tact_policy::{DocKind, EffectiveDate, Inputs, PolicyTemplates, RuleDoc, Stamp};
use tact_store::{NewPolicyVersion, PolicyVersion, Role};

use crate::auth::Caller;
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::pages::{render, Layout, PageResult, Visitor};
use crate::{AppState, Routes};

/// The policy routes of the JSON API (added to the desk's router and its OpenAPI list).
pub(crate) fn api_routes(routes: Routes) -> Routes {
    use Method as M;
    routes
        .route(
            "/api/v1/practices/{id}/policy",
            &[M::GET, M::POST],
            get(practice_policy).post(generate),
        )
        .route("/api/v1/policy/{id}", &[M::GET], get(version))
        .route(
            "/api/v1/policy/{id}/acknowledge",
            &[M::POST],
            post(acknowledge),
        )
        .route("/api/v1/policy/{id}/download", &[M::GET], get(download))
}

/// The policy page.
pub(crate) fn page_routes() -> axum::Router<AppState> {
    axum::Router::new().route("/policy", get(policy_page))
}

const OVERSIGHT: &[Role] = &[Role::Compliance, Role::Admin];
const ANY_ROLE: &[Role] = &[Role::Writer, Role::Reviewer, Role::Compliance, Role::Admin];

/// A version without its documents' text.
fn summary(v: &PolicyVersion) -> Value {
    json!({
        "id": v.id,
        "practice_id": v.practice_id,
        "number": v.number,
        "version": v.version,
        "effective_date": v.effective_date,
        "created_by": v.created_by,
        "created_at": v.created_at,
    })
}

/// Who has and has not acknowledged a version (compliance and admin only see the list).
async fn staff(state: &AppState, caller: &Caller, v: &PolicyVersion) -> ApiResult<Value> {
    let staff = state.store.policy_staff(&caller.org, &v.id).await?;
    let pending: Vec<&str> = staff
        .iter()
        .filter(|m| m.acknowledged_at.is_none())
        .map(|m| m.user_id.as_str())
        .collect();
    Ok(json!({ "staff": staff, "pending": pending }))
}

async fn practice_policy(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    state.store.practice(&caller.org, &id).await?;
    caller.require(&state.store, &id, ANY_ROLE).await?;
    let versions = state.store.policy_versions(&caller.org, &id).await?;
    let mut out = json!({
        "practice_id": id,
        "current": versions.first().map(summary),
        "versions": versions.iter().map(summary).collect::<Vec<_>>(),
    });
    if let Some(current) = versions.first() {
        let list = staff(&state, &caller, current).await?;
        let mine = list["staff"]
            .as_array()
            .and_then(|s| s.iter().find(|m| m["user_id"] == caller.user_id.as_str()))
            .map(|m| m["acknowledged_at"].clone())
            .unwrap_or(Value::Null);
        out["you_acknowledged_at"] = mine;
        if caller.require(&state.store, &id, OVERSIGHT).await.is_ok() {
            out["acknowledgements"] = list;
        }
    }
    Ok(Json(out))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct GenerateRequest {
    /// `YYYY-MM-DD`; default today (UTC).
    #[serde(default)]
    pub effective_date: Option<String>,
}

/// Generates the documents from the practice's stored profile and keeps them as the next
/// version, unless they are identical to the current one (same inputs, same date).
async fn generate(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<GenerateRequest>,
) -> ApiResult<Response> {
    let practice = state.store.practice(&caller.org, &id).await?;
    caller.require(&state.store, &id, OVERSIGHT).await?;
    let date = match req.effective_date.as_deref() {
        Some(d) => EffectiveDate::parse(d).map_err(|e| ApiError::bad_request(e.to_string()))?,
        None => EffectiveDate::from_unix_days(tact_store::now_ms().div_euclid(86_400_000))
            .map_err(|_| ApiError::internal())?,
    };
    let analyzer = state.analyzers.get(&state.store, &practice).await?;
    let text = practice.profile_toml.clone();
    let docs = tokio::task::spawn_blocking(move || -> Result<tact_policy::Documents, String> {
        let profile = Profile::from_toml(&text).map_err(|e| e.to_string())?;
        tact_policy::generate(&Inputs {
            profile: &profile,
            analyzer: &analyzer,
            rules: &RuleDoc::from_registry(),
            replies: analyzer.templates(),
            templates: &PolicyTemplates::builtin(),
            effective_date: date,
        })
        .map_err(|e| e.to_string())
    })
    .await
    .map_err(|_| ApiError::internal())?
    .map_err(|m| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_profile",
            format!("the documents cannot be written from this profile: {m}"),
        )
    })?;
    let effective = docs.effective_date.to_string();
    if let Some(current) = state.store.current_policy(&caller.org, &id).await? {
        if current.version == docs.version && current.effective_date == effective {
            return Ok((
                StatusCode::OK,
                Json(json!({ "created": false, "version": summary(&current) })),
            )
                .into_response());
        }
    }
    let v = state
        .store
        .add_policy_version(
            &caller.org,
            &caller.actor(),
            &id,
            NewPolicyVersion {
                version: &docs.version,
                effective_date: &effective,
                public_md: &docs.public.markdown,
                guide_md: &docs.guide.markdown,
            },
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "created": true, "version": summary(&v) })),
    )
        .into_response())
}

/// A version the caller may see: it exists in their organization and they hold a role in
/// its practice.
async fn visible(state: &AppState, caller: &Caller, id: &str) -> ApiResult<PolicyVersion> {
    let v = state.store.policy_version(&caller.org, id).await?;
    caller
        .require(&state.store, &v.practice_id, ANY_ROLE)
        .await?;
    Ok(v)
}

async fn version(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let v = visible(&state, &caller, &id).await?;
    let mut out = summary(&v);
    out["public_md"] = json!(v.public_md);
    out["guide_md"] = json!(v.guide_md);
    if caller
        .require(&state.store, &v.practice_id, OVERSIGHT)
        .await
        .is_ok()
    {
        out["acknowledgements"] = staff(&state, &caller, &v).await?;
    }
    Ok(Json(out))
}

async fn acknowledge(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let v = visible(&state, &caller, &id).await?;
    let at = state
        .store
        .acknowledge_policy(&caller.org, &caller.user_id, &v.id)
        .await?;
    Ok(Json(
        json!({ "policy_version_id": v.id, "number": v.number, "acknowledged_at": at }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DownloadQuery {
    /// `public` (the social media policy) or `guide` (the procedures guide).
    pub document: String,
    /// `md`, `html` or `pdf`.
    pub format: String,
}

async fn download(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<DownloadQuery>,
) -> ApiResult<Response> {
    let kind = DocKind::parse(&q.document)
        .ok_or_else(|| ApiError::bad_request("document must be public or guide"))?;
    if !matches!(q.format.as_str(), "md" | "html" | "pdf") {
        return Err(ApiError::bad_request("format must be md, html or pdf"));
    }
    let v = visible(&state, &caller, &id).await?;
    let markdown = match kind {
        DocKind::Public => v.public_md.clone(),
        DocKind::Guide => v.guide_md.clone(),
    };
    let stamp = Stamp {
        title: tact_policy::title_of(&markdown),
        version: v.version.clone(),
        effective_date: v.effective_date.clone(),
    };
    let format = q.format.clone();
    let (content_type, body) = tokio::task::spawn_blocking(move || match format.as_str() {
        "md" => ("text/markdown; charset=utf-8", markdown.into_bytes()),
        "html" => (
            "text/html; charset=utf-8",
            tact_policy::html::render(&markdown, &stamp, tact_policy::BUILTIN_CSS).into_bytes(),
        ),
        _ => (
            "application/pdf",
            tact_policy::pdf::render(&markdown, &stamp),
        ),
    })
    .await
    .map_err(|_| ApiError::internal())?;
    let filename = format!("{}-v{}.{}", kind.stem(), v.number, q.format);
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(d) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, d);
    }
    // The HTML document carries only inline style; nothing else may load or run.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    Ok(res)
}

// ---------------------------------------------------------------- the page

#[derive(Template)]
#[template(path = "policy.html")]
struct PolicyPage {
    layout: Layout,
    practices: Vec<(String, String, bool)>,
    practice_id: String,
    practice_name: String,
    can_generate: bool,
    today: String,
    current: Option<VersionRow>,
    acknowledged_at: Option<String>,
    /// Oversight only: (name, acknowledged when or empty).
    staff: Vec<(String, String)>,
    pending: usize,
    versions: Vec<VersionRow>,
}

struct VersionRow {
    id: String,
    number: i64,
    version: String,
    effective_date: String,
    created: String,
}

fn row(v: &PolicyVersion) -> VersionRow {
    VersionRow {
        id: v.id.clone(),
        number: v.number,
        version: v.version.clone(),
        effective_date: v.effective_date.clone(),
        created: crate::pages::time_of(v.created_at),
    }
}

#[derive(Deserialize, Default)]
pub struct PolicyPageQuery {
    #[serde(default)]
    pub practice: Option<String>,
}

async fn policy_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<PolicyPageQuery>,
) -> PageResult {
    let practice = crate::api::resolve_practice(&state, &v.caller, q.practice.as_deref()).await?;
    v.caller
        .require(&state.store, &practice.id, ANY_ROLE)
        .await?;
    let oversight = v
        .caller
        .require(&state.store, &practice.id, OVERSIGHT)
        .await
        .is_ok();
    let versions = state
        .store
        .policy_versions(&v.caller.org, &practice.id)
        .await?;
    let mut staff_rows = Vec::new();
    let mut pending = 0;
    let mut acknowledged_at = None;
    if let Some(current) = versions.first() {
        for m in state.store.policy_staff(&v.caller.org, &current.id).await? {
            if m.user_id == v.caller.user_id {
                acknowledged_at = m.acknowledged_at.map(crate::pages::time_of);
            }
            if m.acknowledged_at.is_none() {
                pending += 1;
            }
            staff_rows.push((
                m.display_name,
                m.acknowledged_at
                    .map(crate::pages::time_of)
                    .unwrap_or_default(),
            ));
        }
    }
    let mut practices = Vec::new();
    for p in state.store.practices(&v.caller.org).await? {
        if !state
            .store
            .roles(&v.caller.org, &v.caller.user_id, &p.id)
            .await?
            .is_empty()
        {
            let selected = p.id == practice.id;
            practices.push((p.id, p.name, selected));
        }
    }
    render(&PolicyPage {
        layout: v.layout("Policy", "policy"),
        practices,
        practice_id: practice.id.clone(),
        practice_name: practice.name.clone(),
        can_generate: oversight,
        today: crate::api::date_of(tact_store::now_ms()),
        current: versions.first().map(row),
        acknowledged_at,
        staff: if oversight { staff_rows } else { Vec::new() },
        pending,
        versions: versions.iter().map(row).collect(),
    })
}
