//! Server-rendered pages (askama, auto-escaped) with a little vanilla JavaScript
//! (`static/app.js`) that calls the JSON API with the session's CSRF token. Static assets are
//! embedded in the binary. Elements that a browser test drives carry stable ids or
//! `data-test` attributes.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use tact_store::{DecisionKind, DraftStatus, Role, Verdict};

use crate::api::{self, date_of, DraftQuery};
use crate::auth::{self, Caller};
use crate::error::ApiError;
use crate::AppState;

const CSS: &str = include_str!("../static/app.css");
const JS: &str = include_str!("../static/app.js");

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/drafts") }))
        .route("/login", get(login_page).post(login_submit))
        .route("/logout", axum::routing::post(logout_submit))
        .route("/setup", get(setup_page).post(setup_submit))
        .route("/drafts", get(drafts_page))
        .route("/drafts/new", get(new_draft_page))
        .route("/drafts/{id}", get(draft_page))
        .route("/drafts/{id}/edit", get(edit_draft_page))
        .route("/outbox", get(outbox_page))
        .route("/archive", get(archive_page))
        .route("/audit", get(audit_page))
        .route("/dashboard", get(dashboard_page))
        .route("/settings", get(settings_page))
        .route(
            "/static/app.css",
            get(|| async { asset("text/css; charset=utf-8", CSS) }),
        )
        .route(
            "/static/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", JS) }),
        )
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// What every page's layout needs.
pub struct Layout {
    pub title: String,
    pub nav: &'static str,
    pub signed_in: bool,
    /// Compliance or admin somewhere: the audit page is theirs.
    pub oversight: bool,
    pub user_name: String,
    pub csrf: String,
}

impl Layout {
    fn anonymous(title: &str) -> Layout {
        Layout {
            title: title.to_owned(),
            nav: "",
            signed_in: false,
            oversight: false,
            user_name: String::new(),
            csrf: String::new(),
        }
    }
}

/// A page's error: a sign-in redirect, or a message page with a status.
pub enum PageError {
    Login,
    Api(ApiError),
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError::Api(e)
    }
}

impl From<tact_store::Error> for PageError {
    fn from(e: tact_store::Error) -> Self {
        PageError::Api(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::Login => Redirect::to("/login").into_response(),
            PageError::Api(e) => {
                let heading = match e.status {
                    StatusCode::NOT_FOUND => "Not found",
                    StatusCode::FORBIDDEN => "Not allowed",
                    s if s.is_server_error() => "Something went wrong",
                    _ => "Cannot do that",
                };
                let page = MessagePage {
                    layout: Layout::anonymous(heading),
                    heading: heading.to_owned(),
                    message: e.message.clone(),
                };
                render_with(e.status, &page)
            }
        }
    }
}

pub(crate) type PageResult = Result<Response, PageError>;

fn render_with<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => {
            let mut res = (status, Html(html)).into_response();
            let h = res.headers_mut();
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'self'; img-src 'self' data:; object-src 'none'; \
                     base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
                ),
            );
            res
        }
        Err(_) => {
            tracing::error!("template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

pub(crate) fn render<T: Template>(t: &T) -> PageResult {
    Ok(render_with(StatusCode::OK, t))
}

pub(crate) fn not_found_page() -> Response {
    PageError::Api(ApiError::not_found()).into_response()
}

/// A signed-in page visitor (cookie only; pages never take bearer tokens). Redirects to the
/// sign-in page when there is no live session.
pub struct Visitor {
    pub caller: Caller,
    pub name: String,
    pub roles: Vec<(String, Role)>,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        if auth::cookie(&parts.headers, auth::COOKIE).is_none() {
            return Err(PageError::Login);
        }
        let caller = match auth::authenticate(parts, state, false).await {
            Ok(c) if c.session.is_some() => c,
            _ => return Err(PageError::Login),
        };
        let user = state.store.user(&caller.org, &caller.user_id).await?;
        let roles = state
            .store
            .memberships(&caller.org, &caller.user_id)
            .await?
            .into_iter()
            .map(|m| (m.practice_id, m.role))
            .collect();
        Ok(Visitor {
            caller,
            name: user.display_name,
            roles,
        })
    }
}

impl Visitor {
    pub(crate) fn layout(&self, title: &str, nav: &'static str) -> Layout {
        Layout {
            title: title.to_owned(),
            nav,
            signed_in: true,
            oversight: self.has_anywhere(Role::Compliance) || self.has_anywhere(Role::Admin),
            user_name: self.name.clone(),
            csrf: self.caller.csrf().to_owned(),
        }
    }
    fn has(&self, practice: &str, role: Role) -> bool {
        self.roles.iter().any(|(p, r)| p == practice && *r == role)
    }
    fn has_anywhere(&self, role: Role) -> bool {
        self.roles.iter().any(|(_, r)| *r == role)
    }
}

pub(crate) fn time_of(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let day_secs = secs.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02} UTC",
        date_of(ms),
        day_secs / 3600,
        (day_secs % 3600) / 60
    )
}

fn excerpt(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    if out.trim().is_empty() {
        out = "(empty)".into();
    }
    out
}

// ---------------------------------------------------------------- login, logout, setup

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    error: Option<String>,
    email: String,
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    layout: Layout,
    heading: String,
    message: String,
}

async fn login_page() -> PageResult {
    render(&LoginPage {
        layout: Layout::anonymous("Sign in"),
        error: None,
        email: String::new(),
    })
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
}

async fn login_submit(
    State(state): State<AppState>,
    parts: Parts,
    Form(form): Form<LoginForm>,
) -> Response {
    let ip = auth::client_ip(&parts.extensions);
    match auth::login(&state, &ip, &form.email, &form.password).await {
        Ok(s) => {
            let mut res = Redirect::to("/drafts").into_response();
            res.headers_mut()
                .insert(header::SET_COOKIE, auth::session_cookie(&state, &s.token));
            res
        }
        Err(e) => render_with(
            e.status,
            &LoginPage {
                layout: Layout::anonymous("Sign in"),
                error: Some(e.message),
                email: form.email,
            },
        ),
    }
}

#[derive(Deserialize)]
struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

async fn logout_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> PageResult {
    if let Some(token) = auth::cookie(&headers, auth::COOKIE) {
        if let Ok(s) = state.store.session(&token).await {
            if !s.csrf_matches(&form.csrf) {
                return Err(ApiError::csrf().into());
            }
            state.store.delete_session(&token).await?;
        }
    }
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, auth::clear_cookie(&state));
    Ok(res)
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    layout: Layout,
    token: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

async fn setup_page(State(state): State<AppState>, Query(q): Query<TokenQuery>) -> PageResult {
    if state.setup_token().await?.is_none() {
        return Ok(Redirect::to("/login").into_response());
    }
    render(&SetupPage {
        layout: Layout::anonymous("Set up"),
        token: q.token,
        error: None,
    })
}

async fn setup_submit(
    State(state): State<AppState>,
    parts: Parts,
    Form(form): Form<auth::SetupRequest>,
) -> Response {
    match auth::setup(&state, &form).await {
        Ok(_) => {
            let ip = auth::client_ip(&parts.extensions);
            match auth::login(&state, &ip, &form.email, &form.password).await {
                Ok(s) => {
                    let mut res = Redirect::to("/settings").into_response();
                    res.headers_mut()
                        .insert(header::SET_COOKIE, auth::session_cookie(&state, &s.token));
                    res
                }
                Err(_) => Redirect::to("/login").into_response(),
            }
        }
        Err(e) => render_with(
            e.status,
            &SetupPage {
                layout: Layout::anonymous("Set up"),
                token: form.token,
                error: Some(e.message),
            },
        ),
    }
}

// ---------------------------------------------------------------- drafts

struct DraftRow {
    id: String,
    status: String,
    kind: String,
    account: String,
    author: String,
    updated: String,
    excerpt: String,
}

#[derive(Template)]
#[template(path = "drafts.html")]
struct DraftsPage {
    layout: Layout,
    heading: String,
    drafts: Vec<DraftRow>,
    statuses: Vec<String>,
    accounts: Vec<(String, String)>,
    authors: Vec<(String, String)>,
    f_q: String,
    f_status: String,
    f_account: String,
    f_author: String,
    f_rule: String,
    f_from: String,
    f_to: String,
}

async fn account_names(
    state: &AppState,
    caller: &Caller,
) -> Result<Vec<(String, String)>, PageError> {
    let mut out = Vec::new();
    for p in state.store.practices(&caller.org).await? {
        for a in state.store.accounts(&caller.org, &p.id).await? {
            out.push((a.id, format!("{} {} ({})", a.platform, a.handle, p.name)));
        }
    }
    Ok(out)
}

async fn drafts_list(state: &AppState, v: &Visitor, q: DraftQuery, archive: bool) -> PageResult {
    let mut filter = api::draft_filter(&q)?;
    let names = api::user_names(state, &v.caller).await?;
    let accounts = account_names(state, &v.caller).await?;
    let account_map: HashMap<&str, &str> = accounts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let mut drafts = Vec::new();
    let statuses: Vec<DraftStatus> = match (archive, filter.status) {
        (true, None) => vec![
            DraftStatus::Published,
            DraftStatus::TakenDown,
            DraftStatus::Rejected,
        ],
        (_, s) => vec![s.unwrap_or(DraftStatus::Draft)],
    };
    if !archive && filter.status.is_none() {
        drafts = state.store.drafts(&v.caller.org, &filter).await?;
    } else {
        for s in statuses {
            filter.status = Some(s);
            drafts.extend(state.store.drafts(&v.caller.org, &filter).await?);
        }
        drafts.sort_by_key(|d| std::cmp::Reverse(d.updated_at));
    }
    let rows = drafts
        .iter()
        .map(|d| DraftRow {
            id: d.id.clone(),
            status: d.status.as_str().to_owned(),
            kind: d.kind.as_str().to_owned(),
            account: d
                .account_id
                .as_deref()
                .and_then(|a| account_map.get(a).copied())
                .unwrap_or("—")
                .to_owned(),
            author: names.get(&d.author_id).cloned().unwrap_or_default(),
            updated: time_of(d.updated_at),
            excerpt: excerpt(&d.body, 90),
        })
        .collect();
    let mut authors: Vec<(String, String)> = names.into_iter().collect();
    authors.sort_by(|a, b| a.1.cmp(&b.1));
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let (title, nav) = if archive {
        ("Archive", "archive")
    } else {
        ("Drafts", "drafts")
    };
    render(&DraftsPage {
        layout: v.layout(title, nav),
        heading: if archive {
            "Archive: published, taken down and rejected".into()
        } else {
            "Drafts".into()
        },
        drafts: rows,
        statuses: DraftStatus::ALL
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect(),
        accounts,
        authors,
        f_q: s(&q.q),
        f_status: s(&q.status),
        f_account: s(&q.account),
        f_author: s(&q.author),
        f_rule: s(&q.rule),
        f_from: s(&q.from),
        f_to: s(&q.to),
    })
}

async fn drafts_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<DraftQuery>,
) -> PageResult {
    drafts_list(&state, &v, q, false).await
}

async fn archive_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<DraftQuery>,
) -> PageResult {
    drafts_list(&state, &v, q, true).await
}

#[derive(Template)]
#[template(path = "editor.html")]
struct EditorPage {
    layout: Layout,
    draft_id: String,
    practice_id: String,
    account_id: String,
    kind: String,
    replying_to: String,
    body: String,
    practices: Vec<(String, String)>,
    accounts: Vec<(String, String)>,
}

async fn editor(state: &AppState, v: &Visitor, draft_id: Option<&str>) -> PageResult {
    let practices: Vec<(String, String)> = state
        .store
        .practices(&v.caller.org)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let accounts = account_names(state, &v.caller).await?;
    let mut page = EditorPage {
        layout: v.layout("Write", "new"),
        draft_id: String::new(),
        practice_id: v
            .roles
            .first()
            .map(|(p, _)| p.clone())
            .or_else(|| practices.first().map(|p| p.0.clone()))
            .unwrap_or_default(),
        account_id: String::new(),
        kind: "post".into(),
        replying_to: String::new(),
        body: String::new(),
        practices,
        accounts,
    };
    if let Some(id) = draft_id {
        let d = state.store.draft(&v.caller.org, id).await?;
        page.layout = v.layout("Edit draft", "drafts");
        page.draft_id = d.id;
        page.practice_id = d.practice_id;
        page.account_id = d.account_id.unwrap_or_default();
        page.kind = d.kind.as_str().to_owned();
        page.replying_to = d.replying_to.unwrap_or_default();
        page.body = d.body;
    }
    render(&page)
}

async fn new_draft_page(State(state): State<AppState>, v: Visitor) -> PageResult {
    editor(&state, &v, None).await
}

async fn edit_draft_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> PageResult {
    editor(&state, &v, Some(&id)).await
}

struct VersionView {
    number: i64,
    verdict: String,
    created: String,
    author: String,
    body: String,
    findings: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "draft.html")]
struct DraftPage {
    layout: Layout,
    d: DraftRow,
    body: String,
    replying_to: String,
    published_link: String,
    takedown_reason: String,
    can_edit: bool,
    can_decide: bool,
    can_override: bool,
    blocked: bool,
    waiting_own: bool,
    can_publish: bool,
    can_take_down: bool,
    versions: Vec<VersionView>,
    decisions: Vec<(String, String, String, String)>,
    events: Vec<(i64, String, String, String)>,
}

fn actor_name(names: &HashMap<String, String>, actor: &str) -> String {
    match actor.strip_prefix("user:") {
        Some(id) => names.get(id).cloned().unwrap_or_else(|| "a user".into()),
        None => "the desk".into(),
    }
}

async fn draft_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> PageResult {
    let org = &v.caller.org;
    let d = state.store.draft(org, &id).await?;
    let names = api::user_names(&state, &v.caller).await?;
    let accounts = account_names(&state, &v.caller).await?;
    let versions = state.store.versions(org, &id).await?;
    let decisions = state.store.decisions(org, &id).await?;
    let events = state.store.object_events(org, "draft", &id).await?;
    let latest_verdict = versions.last().map(|x| x.verdict);
    let mine = d.author_id == v.caller.user_id;
    let p = &d.practice_id;
    let reviewer = v.has(p, Role::Reviewer) || v.has(p, Role::Compliance);
    let in_review = d.status == DraftStatus::InReview;
    let works_here = !v.roles.iter().all(|(pp, _)| pp != p);
    let view = DraftPage {
        layout: v.layout("Draft", "drafts"),
        d: DraftRow {
            id: d.id.clone(),
            status: d.status.as_str().to_owned(),
            kind: d.kind.as_str().to_owned(),
            account: d
                .account_id
                .as_ref()
                .and_then(|a| accounts.iter().find(|x| &x.0 == a))
                .map_or("no account".to_owned(), |x| x.1.clone()),
            author: names.get(&d.author_id).cloned().unwrap_or_default(),
            updated: time_of(d.updated_at),
            excerpt: String::new(),
        },
        body: d.body.clone(),
        replying_to: d.replying_to.clone().unwrap_or_default(),
        published_link: d.published_link.clone().unwrap_or_default(),
        takedown_reason: d.takedown_reason.clone().unwrap_or_default(),
        can_edit: works_here && d.status == DraftStatus::Draft,
        can_decide: in_review && reviewer && !mine,
        can_override: v.has(p, Role::Compliance),
        blocked: latest_verdict == Some(Verdict::Block),
        waiting_own: in_review && mine,
        can_publish: d.status == DraftStatus::Approved && may_publish(&v, &d),
        can_take_down: works_here && d.status == DraftStatus::Published,
        versions: versions
            .iter()
            .map(|x| {
                let report: serde_json::Value =
                    serde_json::from_str(&x.report_json).unwrap_or_default();
                let findings = report["findings"]
                    .as_array()
                    .map(|fs| {
                        fs.iter()
                            .map(|f| {
                                let s = |k: &str| f[k].as_str().unwrap_or("").to_owned();
                                (s("rule"), s("message"), s("fix"))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                VersionView {
                    number: x.number,
                    verdict: x.verdict.as_str().to_owned(),
                    created: time_of(x.created_at),
                    author: names.get(&x.created_by).cloned().unwrap_or_default(),
                    body: x.body.clone(),
                    findings,
                }
            })
            .collect(),
        decisions: decisions
            .iter()
            .map(|x| {
                (
                    match x.kind {
                        DecisionKind::Approve => "Approved",
                        DecisionKind::Reject => "Rejected",
                        DecisionKind::SendBack => "Sent back",
                        DecisionKind::Override => "Override",
                    }
                    .to_owned(),
                    names.get(&x.decided_by).cloned().unwrap_or_default(),
                    time_of(x.decided_at),
                    x.reason.clone().unwrap_or_default(),
                )
            })
            .collect(),
        events: events
            .iter()
            .map(|e| {
                (
                    e.seq,
                    e.action.clone(),
                    actor_name(&names, &e.actor),
                    time_of(e.at),
                )
            })
            .collect(),
    };
    render(&view)
}

// ---------------------------------------------------------------- outbox

struct OutboxItem {
    id: String,
    kind: String,
    account: String,
    author: String,
    text: String,
    /// Whether the visitor may record the publication (author, writer or admin).
    can_publish: bool,
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage {
    layout: Layout,
    items: Vec<OutboxItem>,
}

/// Whether the visitor may record a draft's publication, as the store allows it: a member
/// of its practice who is its author or holds a role of [`tact_store::PUBLISHERS`].
fn may_publish(v: &Visitor, d: &tact_store::Draft) -> bool {
    let p = &d.practice_id;
    let member = v.roles.iter().any(|(pp, _)| pp == p);
    member
        && (d.author_id == v.caller.user_id || tact_store::PUBLISHERS.iter().any(|r| v.has(p, *r)))
}

async fn outbox_page(State(state): State<AppState>, v: Visitor) -> PageResult {
    let names = api::user_names(&state, &v.caller).await?;
    let accounts = account_names(&state, &v.caller).await?;
    let items = api::outbox_items(&state, &v.caller, None).await?;
    render(&OutboxPage {
        layout: v.layout("Outbox", "outbox"),
        items: items
            .into_iter()
            .map(|(d, ver)| OutboxItem {
                account: d
                    .account_id
                    .as_ref()
                    .and_then(|a| accounts.iter().find(|x| &x.0 == a))
                    .map_or("no account".to_owned(), |x| x.1.clone()),
                author: names.get(&d.author_id).cloned().unwrap_or_default(),
                kind: d.kind.as_str().to_owned(),
                text: ver.map_or(d.body.clone(), |x| x.body),
                can_publish: may_publish(&v, &d),
                id: d.id,
            })
            .collect(),
    })
}

// ---------------------------------------------------------------- audit

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    layout: Layout,
    head_seq: i64,
    head_hash: String,
    events: Vec<(i64, String, String, String, String, String)>,
}

async fn audit_page(State(state): State<AppState>, v: Visitor) -> PageResult {
    v.caller.require_oversight(&state.store).await?;
    let head = state.store.head().await?;
    let names = api::user_names(&state, &v.caller).await?;
    let events = state.store.recent_events(&v.caller.org, 50).await?;
    render(&AuditPage {
        layout: v.layout("Audit", "audit"),
        head_seq: head.seq,
        head_hash: head.hash,
        events: events
            .iter()
            .map(|e| {
                (
                    e.seq,
                    time_of(e.at),
                    actor_name(&names, &e.actor),
                    e.action.clone(),
                    e.object_kind.clone(),
                    e.hash.chars().take(16).collect(),
                )
            })
            .collect(),
    })
}

// ---------------------------------------------------------------- dashboard

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    layout: Layout,
    days: i64,
    status: Vec<(String, i64)>,
    chart: String,
    legend: Vec<(usize, String, i64)>,
    waiting: Vec<(String, String, String, String)>,
    overrides: Vec<(String, String, String, String)>,
    taken_down: Vec<(String, String, String)>,
}

#[derive(Deserialize, Default)]
struct DaysQuery {
    days: Option<i64>,
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A stacked bar chart of findings per day and rule, as inline SVG built from numbers (rule
/// ids are escaped).
fn chart_svg(days: i64, counts: &[(usize, usize, i64)], rules: &[String]) -> String {
    let days = days.max(1) as usize;
    let mut per_day = vec![0i64; days];
    for &(day, _, n) in counts {
        if day < days {
            per_day[day] += n;
        }
    }
    let max = per_day.iter().copied().max().unwrap_or(0).max(1);
    let (w, h, pad) = (600.0f64, 180.0f64, 24.0f64);
    let bw = (w - pad) / days as f64;
    let mut out = format!(
        "<svg id=\"findings-chart\" role=\"img\" viewBox=\"0 0 {w} {}\" class=\"chart\" aria-labelledby=\"chart-title\"><title id=\"chart-title\">Findings by rule per day; highest day {max}</title>",
        h + pad
    );
    out.push_str(&format!(
        "<line x1=\"{pad}\" y1=\"{h}\" x2=\"{w}\" y2=\"{h}\" stroke=\"#555\" />"
    ));
    out.push_str(&format!(
        "<text x=\"0\" y=\"12\" font-size=\"11\" fill=\"#333\">{max}</text><text x=\"0\" y=\"{h}\" font-size=\"11\" fill=\"#333\">0</text>"
    ));
    let mut stacked = vec![0i64; days];
    for &(day, rule, n) in counts {
        if day >= days {
            continue;
        }
        let y0 = stacked[day];
        stacked[day] += n;
        let bar_h = n as f64 / max as f64 * (h - 8.0);
        let y = h - (y0 as f64 / max as f64 * (h - 8.0)) - bar_h;
        let x = pad + day as f64 * bw;
        let name = rules.get(rule).map_or("", |s| s.as_str());
        out.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bar_h:.1}\" class=\"swatch-{}\"><title>{}: {n}</title></rect>",
            (bw - 1.0).max(1.0),
            rule % 8,
            xml_escape(name)
        ));
    }
    out.push_str(&format!(
        "<text x=\"{pad}\" y=\"{}\" font-size=\"11\" fill=\"#333\">{days} days ago</text><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#333\" text-anchor=\"end\">today</text></svg>",
        h + 16.0,
        w,
        h + 16.0
    ));
    out
}

async fn dashboard_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<DaysQuery>,
) -> PageResult {
    let days = q.days.unwrap_or(30).clamp(1, 366);
    let data = api::dashboard_data(&state, &v.caller, days).await?;
    let names = api::user_names(&state, &v.caller).await?;
    let name = |id: &serde_json::Value| {
        id.as_str()
            .and_then(|i| names.get(i).cloned())
            .unwrap_or_default()
    };
    let status: Vec<(String, i64)> = DraftStatus::ALL
        .iter()
        .map(|s| {
            (
                s.as_str().to_owned(),
                data["drafts_by_status"][s.as_str()].as_i64().unwrap_or(0),
            )
        })
        .collect();
    let from = data["from"].as_i64().unwrap_or(0);
    let mut rules: Vec<String> = Vec::new();
    let mut totals: Vec<i64> = Vec::new();
    let mut counts = Vec::new();
    for r in data["findings_by_rule"].as_array().into_iter().flatten() {
        let rule = r["rule"].as_str().unwrap_or("").to_owned();
        let idx = match rules.iter().position(|x| *x == rule) {
            Some(i) => i,
            None => {
                rules.push(rule);
                totals.push(0);
                rules.len() - 1
            }
        };
        let n = r["versions"].as_i64().unwrap_or(0);
        totals[idx] += n;
        let day = api::parse_instant(r["date"].as_str().unwrap_or(""))
            .map_or(0, |t| ((t - from) / 86_400_000) as usize);
        counts.push((day, idx, n));
    }
    let chart = chart_svg(days, &counts, &rules);
    let legend = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (i % 8, r.clone(), totals[i]))
        .collect();
    let mut taken = Vec::new();
    for t in data["taken_down"].as_array().into_iter().flatten() {
        let id = t["draft_id"].as_str().unwrap_or("").to_owned();
        let reason = state
            .store
            .draft(&v.caller.org, &id)
            .await
            .ok()
            .and_then(|d| d.takedown_reason)
            .unwrap_or_default();
        taken.push((
            id,
            time_of(t["taken_down_at"].as_i64().unwrap_or(0)),
            reason,
        ));
    }
    render(&DashboardPage {
        layout: v.layout("Dashboard", "dashboard"),
        days,
        status,
        chart,
        legend,
        waiting: data["waiting"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|w| {
                let on = match w["waiting_on"].as_str().unwrap_or("") {
                    "compliance" => "the compliance officer (a block)".to_owned(),
                    "reviewer" => "a reviewer".to_owned(),
                    _ => "its writer (sent back)".to_owned(),
                };
                (
                    w["draft_id"].as_str().unwrap_or("").to_owned(),
                    name(&w["author_id"]),
                    on,
                    time_of(w["since"].as_i64().unwrap_or(0)),
                )
            })
            .collect(),
        overrides: data["overrides"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|o| {
                (
                    o["draft_id"].as_str().unwrap_or("").to_owned(),
                    name(&o["decided_by"]),
                    time_of(o["decided_at"].as_i64().unwrap_or(0)),
                    o["reason"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect(),
        taken_down: taken,
    })
}

// ---------------------------------------------------------------- settings

struct PracticeView {
    id: String,
    name: String,
    profile: String,
    accounts: Vec<String>,
    can_edit: bool,
    is_admin: bool,
    /// How many names the known-patient roster holds, and when it was uploaded.
    roster_names: i64,
    roster_updated: Option<String>,
    /// The practice's own reply templates, or the built-in ones to start from.
    replies: String,
    replies_custom: bool,
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    layout: Layout,
    practices: Vec<PracticeView>,
    users: Vec<(String, String, String, String)>,
    is_admin: bool,
    tokens: Vec<(String, String, String, bool)>,
}

async fn settings_page(State(state): State<AppState>, v: Visitor) -> PageResult {
    let org = &v.caller.org;
    let mut practices = Vec::new();
    let all = state.store.practices(org).await?;
    let practice_names: HashMap<String, String> =
        all.iter().map(|p| (p.id.clone(), p.name.clone())).collect();
    for p in all {
        let accounts = state
            .store
            .accounts(org, &p.id)
            .await?
            .into_iter()
            .map(|a| format!("{} {} ({})", a.platform, a.handle, a.account_type))
            .collect();
        let can_edit = v.has(&p.id, Role::Admin) || v.has(&p.id, Role::Compliance);
        let roster = if can_edit {
            state.store.roster(org, &p.id).await?
        } else {
            None
        };
        let replies = state.store.replies(org, &p.id).await?;
        practices.push(PracticeView {
            roster_names: roster.as_ref().map_or(0, |r| r.names),
            roster_updated: roster.as_ref().map(|r| time_of(r.updated_at)),
            replies_custom: replies.is_some(),
            replies: replies.map_or_else(
                || tact_engine::reply::BUILTIN_TEMPLATES.to_owned(),
                |r| r.templates_toml,
            ),
            can_edit,
            is_admin: v.has(&p.id, Role::Admin),
            id: p.id,
            name: p.name,
            profile: p.profile_toml,
            accounts,
        });
    }
    let mut users = Vec::new();
    for u in state.store.users(org).await? {
        let roles: Vec<String> = state
            .store
            .memberships(org, &u.id)
            .await?
            .iter()
            .map(|m| {
                format!(
                    "{} in {}",
                    m.role,
                    practice_names
                        .get(&m.practice_id)
                        .map_or("?", |s| s.as_str())
                )
            })
            .collect();
        users.push((
            u.display_name.clone(),
            u.email.clone(),
            roles.join(", "),
            if u.is_disabled() {
                "disabled"
            } else {
                "active"
            }
            .to_owned(),
        ));
    }
    let tokens = state
        .store
        .api_tokens(org, &v.caller.user_id)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name, time_of(t.created_at), t.revoked_at.is_some()))
        .collect();
    render(&SettingsPage {
        layout: v.layout("Settings", "settings"),
        practices,
        users,
        is_admin: v.has_anywhere(Role::Admin),
        tokens,
    })
}
