//! # tact-server
//!
//! The review desk over HTTP: an axum router ([`app`]) over an [`AppState`] holding the
//! [`tact_store::Store`] and one [`tact_engine::Analyzer`] per practice (built from the
//! practice's stored profile, cached, rebuilt when the profile changes).
//!
//! * `GET /healthz`, `GET /api/openapi.json` (every route of the router, see [`openapi`]).
//! * The JSON API under `/api/v1` ([`api`]): check, drafts and their flow, outbox, audit,
//!   dashboard, practices, accounts, profiles, users and roles, API tokens.
//! * Server-rendered pages ([`pages`]) with a little vanilla JavaScript that calls the API.
//!
//! Authentication ([`auth`]): a session cookie (HttpOnly, SameSite=Strict, Secure unless the
//! desk listens on loopback) backed by the store's sessions, whose state-changing requests
//! must carry the session's CSRF token; or `Authorization: Bearer <API token>`. Every handler
//! scopes by the caller's organization: another organization's object is a 404.
//!
//! Logs carry request ids, methods, matched routes, statuses and timings — never bodies,
//! post text, comments, names or e-mail addresses.

pub mod api;
pub mod auth;
pub mod demo;
pub mod error;
pub mod openapi;
pub mod pages;
pub mod policy;
pub mod roster;
pub mod webhooks;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use axum::Router;
use tact_engine::{Analyzer, Profile};
use tact_store::{Practice, Store};

pub use error::{ApiError, ApiJson, ApiResult};

/// The largest request body accepted: 2 MiB (the engine takes texts up to 1 MiB; JSON
/// escaping can double that). Larger bodies are refused with 413.
pub const DEFAULT_BODY_LIMIT: usize = 2 << 20;

/// How the desk runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark the session cookie `Secure` (true unless the desk listens on loopback).
    pub secure_cookies: bool,
    pub body_limit: usize,
    pub session_ttl: Duration,
    /// Failed logins allowed per IP address and e-mail in [`Config::login_window`].
    pub login_attempts: u32,
    /// Failed logins allowed per e-mail from any address in the window.
    pub login_attempts_per_account: u32,
    /// Failed logins allowed per IP address for any e-mail in the window.
    pub login_attempts_per_address: u32,
    pub login_window: Duration,
    /// How long `POST /api/v1/check` may reuse a caller's authentication and practice
    /// (see [`auth::AuthCache`]); zero turns the cache off.
    pub auth_cache_ttl: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            secure_cookies: false,
            body_limit: DEFAULT_BODY_LIMIT,
            session_ttl: Duration::from_secs(12 * 3600),
            login_attempts: 5,
            login_attempts_per_account: 20,
            login_attempts_per_address: 20,
            login_window: Duration::from_secs(15 * 60),
            auth_cache_ttl: Duration::from_secs(1),
        }
    }
}

/// What every handler shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub analyzers: Arc<Analyzers>,
    pub config: Arc<Config>,
    pub(crate) limiter: Arc<auth::LoginLimiter>,
    pub(crate) auth_cache: Arc<auth::AuthCache>,
    /// The one-time set-up token while the database has no organization.
    pub(crate) setup_token: Arc<Mutex<Option<String>>>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> AppState {
        AppState {
            store,
            analyzers: Arc::new(Analyzers::default()),
            limiter: Arc::new(auth::LoginLimiter {
                per_pair: config.login_attempts,
                per_account: config.login_attempts_per_account,
                per_address: config.login_attempts_per_address,
                window: config.login_window,
            }),
            auth_cache: Arc::new(auth::AuthCache::new(config.auth_cache_ttl)),
            config: Arc::new(config),
            setup_token: Arc::new(Mutex::new(None)),
        }
    }

    /// When the database holds no organization yet, makes (once) and returns the one-time
    /// set-up token for `/setup?token=…`; `None` when the desk is already set up.
    pub async fn setup_token(&self) -> Result<Option<String>, tact_store::Error> {
        if !needs_setup(&self.store).await? {
            *self.setup_token.lock().unwrap() = None;
            return Ok(None);
        }
        let mut slot = self.setup_token.lock().unwrap();
        if slot.is_none() {
            *slot = Some(random_hex(24));
        }
        Ok(slot.clone())
    }
}

/// Whether the database has no organization yet (the first run).
pub async fn needs_setup(store: &Store) -> Result<bool, tact_store::Error> {
    Ok(store.organization_count().await? == 0)
}

/// One analyzer per practice, built from the stored profile text, the practice's uploaded
/// roster and reply templates, and rebuilt when any of them changes (the profile text's
/// hash and the practice's `analyzer_rev`, read with the practice on every request, are the
/// cache key). The profile's own `[roster]` and `[replies]` entries name files, which mean
/// nothing to the desk: they are ignored here.
#[derive(Default)]
pub struct Analyzers {
    map: RwLock<HashMap<String, (AnalyzerKey, Arc<Analyzer>)>>,
}

/// What a cached analyzer was built from: the profile text's hash and the practice's
/// `analyzer_rev`.
type AnalyzerKey = (u64, i64);

impl Analyzers {
    /// The analyzer for `practice`'s current profile, roster and templates.
    pub async fn get(&self, store: &Store, practice: &Practice) -> ApiResult<Arc<Analyzer>> {
        let key = (text_hash(&practice.profile_toml), practice.analyzer_rev);
        if let Some((k, a)) = self.map.read().unwrap().get(&practice.id) {
            if *k == key {
                return Ok(a.clone());
            }
        }
        let org = &practice.organization_id;
        let roster = store.roster(org, &practice.id).await?;
        let replies = store.replies(org, &practice.id).await?;
        let text = practice.profile_toml.clone();
        let built = tokio::task::spawn_blocking(move || -> Result<Analyzer, String> {
            let profile = Profile::from_toml(&text).map_err(|e| e.to_string())?;
            let mut analyzer = Analyzer::new(&profile).map_err(|e| e.to_string())?;
            if let Some(r) = roster {
                let key = unhex(&r.roster_key).ok_or("the stored roster key is not hex")?;
                let roster = tact_engine::roster::Roster::from_file(&r.hashes, &key)
                    .map_err(|e| format!("the stored roster: {e}"))?;
                analyzer = analyzer.with_roster(roster);
            }
            if let Some(t) = replies {
                let templates = tact_engine::reply::Templates::parse(&t.templates_toml)
                    .map_err(|e| format!("the stored reply templates: {e}"))?;
                analyzer = analyzer.with_templates(templates);
            }
            Ok(analyzer)
        })
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|m| {
            ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "invalid_profile",
                format!("the practice's stored profile is not valid: {m}"),
            )
        })?;
        let a = Arc::new(built);
        self.map
            .write()
            .unwrap()
            .insert(practice.id.clone(), (key, a.clone()));
        Ok(a)
    }
}

/// Bytes of a hex string (`None` when it is not hex).
pub(crate) fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

fn text_hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

pub(crate) fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    getrandom::getrandom(&mut b).expect("the operating system's random source failed");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A router that remembers every (method, path) it serves, so the OpenAPI document can be
/// checked against it.
pub(crate) struct Routes {
    pub router: Router<AppState>,
    pub list: Vec<(Method, &'static str)>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes {
            router: Router::new(),
            list: Vec::new(),
        }
    }
    pub fn route(
        mut self,
        path: &'static str,
        methods: &[Method],
        handler: MethodRouter<AppState>,
    ) -> Routes {
        for m in methods {
            self.list.push((m.clone(), path));
        }
        self.router = self.router.route(path, handler);
        self
    }
}

/// Every (method, path) of the JSON API and the health check, as the router serves them
/// (paths in axum's `{param}` form, which is also OpenAPI's).
pub fn api_routes() -> Vec<(Method, &'static str)> {
    all_api_routes().list
}

/// The JSON API's routes: the drafts, settings and audit of `api`, and the policy's.
fn all_api_routes() -> Routes {
    policy::api_routes(api::routes())
}

/// The desk: pages, API, health check and static assets, with the body limit, request ids
/// and access logs. Usable from tests (`tower::ServiceExt::oneshot`) and benches.
pub fn app(state: AppState) -> Router {
    let limit = state.config.body_limit;
    let api = all_api_routes().router;
    Router::new()
        .merge(api)
        .merge(pages::routes())
        .merge(policy::page_routes())
        .fallback(fallback)
        .layer(axum::middleware::from_fn_with_state(state.clone(), observe))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

async fn fallback(req: Request) -> Response {
    if req.uri().path().starts_with("/api/") {
        ApiError::not_found().into_response()
    } else {
        pages::not_found_page()
    }
}

/// Request id, access log (ids, method, route, status, timing — no bodies), JSON bodies for
/// API errors made outside the handlers (405, path and query rejections), and a few safe
/// response headers.
async fn observe(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .map(str::to_owned)
        .unwrap_or_else(|| random_hex(8));
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "-".to_owned());
    let method = req.method().clone();
    let is_api = req.uri().path().starts_with("/api/");
    let start = Instant::now();
    let mut res = next.run(req).await;
    let status = res.status();
    // A change made through this desk (a revoked token, a role, a profile…) is seen by its
    // next check at once.
    if auth::is_state_changing(&method) && status.is_success() && route != "/api/v1/check" {
        state.auth_cache.clear();
    }
    if is_api && (status.is_client_error() || status.is_server_error()) {
        let is_json = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            res = ApiError::for_status(status).into_response();
        }
    }
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&id) {
        h.insert("x-request-id", v);
    }
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    tracing::info!(
        request_id = %id,
        method = %method,
        route = %route,
        status = status.as_u16(),
        ms = start.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    res
}
