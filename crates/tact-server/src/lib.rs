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
    pub login_window: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            secure_cookies: false,
            body_limit: DEFAULT_BODY_LIMIT,
            session_ttl: Duration::from_secs(12 * 3600),
            login_attempts: 5,
            login_window: Duration::from_secs(15 * 60),
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
    /// The one-time set-up token while the database has no organization.
    pub(crate) setup_token: Arc<Mutex<Option<String>>>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> AppState {
        AppState {
            store,
            analyzers: Arc::new(Analyzers::default()),
            limiter: Arc::new(auth::LoginLimiter::new(
                config.login_attempts,
                config.login_window,
            )),
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

/// One analyzer per practice, built from the stored profile text and rebuilt when it changes.
#[derive(Default)]
pub struct Analyzers {
    map: RwLock<HashMap<String, (u64, Arc<Analyzer>)>>,
}

impl Analyzers {
    /// The analyzer for `practice`'s current profile.
    pub async fn get(&self, practice: &Practice) -> ApiResult<Arc<Analyzer>> {
        let key = text_hash(&practice.profile_toml);
        if let Some((k, a)) = self.map.read().unwrap().get(&practice.id) {
            if *k == key {
                return Ok(a.clone());
            }
        }
        let text = practice.profile_toml.clone();
        let built = tokio::task::spawn_blocking(move || -> Result<Analyzer, String> {
            let profile = Profile::from_toml(&text).map_err(|e| e.to_string())?;
            Analyzer::new(&profile).map_err(|e| e.to_string())
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
        .layer(axum::middleware::from_fn(observe))
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
async fn observe(req: Request, next: Next) -> Response {
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
