//! Who is calling: a session cookie (with CSRF on state-changing requests) or a bearer API
//! token; login, logout, first-run set-up, and login rate limiting per IP address and e-mail.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use tact_store::{Actor, Credential, Role, Session, Store};

use crate::error::{ApiError, ApiJson, ApiResult};
use crate::AppState;

/// The session cookie's name.
pub const COOKIE: &str = "tact_session";
/// The header that carries the session's CSRF token on state-changing requests.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The authenticated caller. Every handler scopes its store calls by `org`.
#[derive(Clone)]
pub struct Caller {
    pub org: String,
    pub user_id: String,
    /// The session, when the caller came with the cookie (its CSRF secret goes into pages).
    pub session: Option<Session>,
}

impl std::fmt::Debug for Caller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Caller")
            .field("org", &self.org)
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

impl Caller {
    pub fn actor(&self) -> Actor {
        Actor::user(&self.user_id)
    }

    pub fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |s| s.csrf_secret.as_str())
    }

    /// The caller's roles in one practice (`NotFound` for another organization's practice).
    pub async fn roles(&self, store: &Store, practice: &str) -> ApiResult<Vec<Role>> {
        Ok(store.roles(&self.org, &self.user_id, practice).await?)
    }

    /// 403 unless the caller holds one of `roles` in `practice`.
    pub async fn require(&self, store: &Store, practice: &str, roles: &[Role]) -> ApiResult<()> {
        let held = self.roles(store, practice).await?;
        if held.iter().any(|r| roles.contains(r)) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "this needs the {} role in the practice",
                roles
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            )))
        }
    }

    /// 403 unless the caller is an admin of some practice of the organization (users,
    /// organization-wide settings).
    pub async fn require_admin(&self, store: &Store) -> ApiResult<()> {
        let m = store.memberships(&self.org, &self.user_id).await?;
        if m.iter().any(|m| m.role == Role::Admin) {
            Ok(())
        } else {
            Err(ApiError::forbidden("this needs the admin role"))
        }
    }

    /// 403 unless the caller is an admin or compliance officer of some practice (the audit
    /// log).
    pub async fn require_oversight(&self, store: &Store) -> ApiResult<()> {
        let m = store.memberships(&self.org, &self.user_id).await?;
        if m.iter()
            .any(|m| matches!(m.role, Role::Admin | Role::Compliance))
        {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                "this needs the compliance or admin role",
            ))
        }
    }
}

pub(crate) fn is_state_changing(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_owned())
}

/// Authenticates from the bearer token or the session cookie. With `check_csrf`, a
/// state-changing request made with the cookie must carry the CSRF header.
pub(crate) async fn authenticate(
    parts: &Parts,
    state: &AppState,
    check_csrf: bool,
) -> ApiResult<Caller> {
    Ok(authenticate_in(parts, state, check_csrf, None).await?.0)
}

/// [`authenticate`], and with `practice` (`Some("")`: the caller's default) the practice
/// the request acts in (see [`resolve_practice`](crate::api::resolve_practice)), read by the
/// same query: one round trip to the database for both.
pub(crate) async fn authenticate_in(
    parts: &Parts,
    state: &AppState,
    check_csrf: bool,
    practice: Option<&str>,
) -> ApiResult<(Caller, Option<tact_store::Practice>)> {
    let (is_session, secret) = credential_of(parts)?;
    let credential = if is_session {
        Credential::Session(&secret)
    } else {
        Credential::ApiToken(&secret)
    };
    // A missing practice is told apart from a bad credential by asking again without it.
    let auth = match state.store.authorize(credential, practice).await {
        Ok(a) => a,
        Err(tact_store::Error::NotFound) if practice.is_some() => {
            match state.store.authorize(credential, None).await {
                Ok(a) => {
                    check_csrf_of(parts, check_csrf, a.session.as_ref())?;
                    return Err(ApiError::not_found());
                }
                Err(e) => return Err(auth_error(e, is_session)),
            }
        }
        Err(e) => return Err(auth_error(e, is_session)),
    };
    check_csrf_of(parts, check_csrf, auth.session.as_ref())?;
    Ok((
        Caller {
            org: auth.organization_id,
            user_id: auth.user_id,
            session: auth.session,
        },
        auth.practice,
    ))
}

/// The request's credential: (whether it is the session cookie, the secret), from
/// `Authorization: Bearer …` or else the session cookie.
fn credential_of(parts: &Parts) -> ApiResult<(bool, String)> {
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        let value = value
            .to_str()
            .map_err(|_| ApiError::unauthorized("malformed Authorization header"))?;
        let secret = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .ok_or_else(|| ApiError::unauthorized("use Authorization: Bearer <API token>"))?;
        return Ok((false, secret.trim().to_owned()));
    }
    let token = cookie(&parts.headers, COOKIE)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::unauthorized("sign in, or send Authorization: Bearer <API token>")
        })?;
    Ok((true, token))
}

/// Callers and their practice for `POST /api/v1/check`, kept at most `ttl` (about a second):
/// at hundreds of checks a second from one editor or client, most need no database round
/// trip. A revoked token, an ended session or a changed role or profile is seen by this desk
/// at once (any successful state-changing request here empties the cache) and by the other
/// desks on the database within `ttl`. Keys are SHA-256 hashes of the credential, never the
/// credential itself.
pub struct AuthCache {
    ttl: Duration,
    map: std::sync::Mutex<AuthMap>,
}

type AuthMap =
    std::collections::HashMap<(String, String), (std::time::Instant, Caller, tact_store::Practice)>;

/// Entries kept at most; beyond, the cache starts over.
const AUTH_CACHE_MAX: usize = 10_000;

impl AuthCache {
    pub fn new(ttl: Duration) -> AuthCache {
        AuthCache {
            ttl,
            map: Default::default(),
        }
    }

    fn key(is_session: bool, secret: &str, practice: &str) -> (String, String) {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(if is_session { b"s:" } else { b"b:" });
        h.update(secret.as_bytes());
        let hex = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        (hex, practice.to_owned())
    }

    fn get(&self, key: &(String, String)) -> Option<(Caller, tact_store::Practice)> {
        if self.ttl.is_zero() {
            return None;
        }
        let map = self.map.lock().unwrap();
        let (at, caller, practice) = map.get(key)?;
        (at.elapsed() < self.ttl).then(|| (caller.clone(), practice.clone()))
    }

    fn put(&self, key: (String, String), caller: &Caller, practice: &tact_store::Practice) {
        if self.ttl.is_zero() {
            return;
        }
        let mut map = self.map.lock().unwrap();
        if map.len() >= AUTH_CACHE_MAX {
            map.clear();
        }
        map.insert(
            key,
            (std::time::Instant::now(), caller.clone(), practice.clone()),
        );
    }

    /// Forgets everything (after a change made through this desk).
    pub fn clear(&self) {
        self.map.lock().unwrap().clear();
    }
}

fn auth_error(e: tact_store::Error, is_session: bool) -> ApiError {
    match e {
        tact_store::Error::NotFound if is_session => ApiError::session_expired(),
        tact_store::Error::NotFound => ApiError::unauthorized("unknown or revoked API token"),
        e => e.into(),
    }
}

/// A state-changing request made with the session cookie must carry its CSRF token.
fn check_csrf_of(parts: &Parts, check_csrf: bool, session: Option<&Session>) -> ApiResult<()> {
    let Some(session) = session else {
        return Ok(());
    };
    if check_csrf && is_state_changing(&parts.method) {
        let ok = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| session.csrf_matches(t));
        if !ok {
            return Err(ApiError::csrf());
        }
    }
    Ok(())
}

/// The caller and the practice a request acts in (`?practice=ID`, else the caller's
/// default; see [`resolve_practice`](crate::api::resolve_practice)), authenticated and
/// looked up together.
pub struct CallerIn {
    pub caller: Caller,
    pub practice: tact_store::Practice,
}

impl FromRequestParts<AppState> for CallerIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<CallerIn> {
        let requested =
            match axum::extract::Query::<crate::api::PracticeQuery>::try_from_uri(&parts.uri) {
                Ok(q) => q.0.practice.unwrap_or_default(),
                Err(e) => {
                    // Credentials first (401 before 400), then the bad query.
                    authenticate(parts, state, true).await?;
                    return Err(ApiError::bad_request(e.body_text()));
                }
            };
        let (is_session, secret) = credential_of(parts)?;
        let key = AuthCache::key(is_session, &secret, &requested);
        if let Some((caller, practice)) = state.auth_cache.get(&key) {
            check_csrf_of(parts, true, caller.session.as_ref())?;
            return Ok(CallerIn { caller, practice });
        }
        let (caller, practice) = authenticate_in(parts, state, true, Some(&requested)).await?;
        let practice = practice.ok_or_else(ApiError::not_found)?;
        state.auth_cache.put(key, &caller, &practice);
        Ok(CallerIn { caller, practice })
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Caller> {
        authenticate(parts, state, true).await
    }
}

/// The client's IP address (when the server was started with connect info).
pub(crate) fn client_ip(parts_ext: &axum::http::Extensions) -> String {
    parts_ext
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "local".to_owned())
}

/// Failed-login limits over a sliding window, counted in the database so that every desk
/// sharing it enforces them together: `per_pair` failures for one e-mail from one client
/// address, `per_account` for one e-mail from any address, `per_address` from one address
/// for any e-mail. Beyond any of them, sign-ins are refused (429) until failures age out of
/// the window. Only keyed hashes of the e-mail and the address are stored.
pub struct LoginLimiter {
    pub per_pair: u32,
    pub per_account: u32,
    pub per_address: u32,
    pub window: Duration,
}

impl LoginLimiter {
    /// The limiter's keys for an e-mail and an address: HMAC-SHA256 with the installation's
    /// key, so the table holds no addresses (and no guessable hashes of them).
    async fn keys(store: &Store, ip: &str, email: &str) -> ApiResult<(String, String)> {
        use hmac::{Hmac, Mac};
        let key = store.login_key().await?;
        let mac = |what: &str, v: &str| {
            let mut m = Hmac::<sha2::Sha256>::new_from_slice(&key).expect("any key length");
            m.update(what.as_bytes());
            m.update(&[0]);
            m.update(v.as_bytes());
            m.finalize()
                .into_bytes()
                .iter()
                .take(16)
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        Ok((
            mac("account", &email.trim().to_lowercase()),
            mac("address", ip),
        ))
    }

    fn window_start(&self) -> i64 {
        tact_store::now_ms() - self.window.as_millis() as i64
    }

    /// Whether a login for this e-mail from this address may be tried now.
    pub async fn allowed(&self, store: &Store, ip: &str, email: &str) -> ApiResult<bool> {
        let (account, address) = Self::keys(store, ip, email).await?;
        let n = store
            .login_failures(&account, &address, self.window_start())
            .await?;
        Ok(n.pair < i64::from(self.per_pair)
            && n.account < i64::from(self.per_account)
            && n.address < i64::from(self.per_address))
    }

    pub async fn failed(&self, store: &Store, ip: &str, email: &str) -> ApiResult<()> {
        let (account, address) = Self::keys(store, ip, email).await?;
        Ok(store
            .record_login_failure(&account, &address, self.window_start())
            .await?)
    }

    pub async fn succeeded(&self, store: &Store, ip: &str, email: &str) -> ApiResult<()> {
        let (account, address) = Self::keys(store, ip, email).await?;
        Ok(store.clear_login_failures(&account, &address).await?)
    }
}

/// The `Set-Cookie` value that starts a session.
pub fn session_cookie(state: &AppState, token: &str) -> HeaderValue {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let max_age = state.config.session_ttl.as_secs();
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .expect("a hex token makes a valid header")
}

/// The `Set-Cookie` value that ends a session.
pub fn clear_cookie(state: &AppState) -> HeaderValue {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"
    ))
    .expect("valid header")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Checks the credentials with rate limiting and starts a session. Returns the cookie
/// token and the session.
pub(crate) async fn login(
    state: &AppState,
    ip: &str,
    email: &str,
    password: &str,
) -> ApiResult<tact_store::NewSession> {
    if !state.limiter.allowed(&state.store, ip, email).await? {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many failed sign-ins; wait a few minutes and try again",
        ));
    }
    let user = match state.store.authenticate(email, password).await {
        Ok(u) => u,
        Err(tact_store::Error::InvalidCredentials) => {
            state.limiter.failed(&state.store, ip, email).await?;
            return Err(ApiError::unauthorized("wrong e-mail or password"));
        }
        Err(e) => return Err(e.into()),
    };
    state.limiter.succeeded(&state.store, ip, email).await?;
    Ok(state
        .store
        .create_session(&user.organization_id, &user.id, state.config.session_ttl)
        .await?)
}

/// `POST /api/v1/session`: signs in; sets the cookie and returns the CSRF token.
pub async fn api_login(
    State(state): State<AppState>,
    parts: Parts,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    let ip = client_ip(&parts.extensions);
    let s = login(&state, &ip, &req.email, &req.password).await?;
    let mut res = Json(json!({
        "user_id": s.session.user_id,
        "organization_id": s.session.organization_id,
        "csrf_token": s.session.csrf_secret,
        "expires_at": s.session.expires_at,
    }))
    .into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, &s.token));
    Ok(res)
}

/// `DELETE /api/v1/session`: signs out (needs the CSRF header like any cookie write).
pub async fn api_logout(
    State(state): State<AppState>,
    _caller: Caller,
    headers: HeaderMap,
) -> ApiResult<Response> {
    if let Some(token) = cookie(&headers, COOKIE) {
        state.store.delete_session(&token).await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, clear_cookie(&state));
    Ok(res)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupRequest {
    pub token: String,
    pub organization: String,
    pub practice: String,
    pub email: String,
    pub name: String,
    pub password: String,
}

/// What first-run set-up made.
pub struct SetupDone {
    pub organization_id: String,
    pub practice_id: String,
    pub user_id: String,
}

/// First-run set-up: the organization, its first practice (a minimal profile naming it)
/// and the first admin, who holds every role there. Only with the one-time token, and only
/// while the database has no organization.
pub(crate) async fn setup(state: &AppState, req: &SetupRequest) -> ApiResult<SetupDone> {
    for (what, v) in [
        ("organization", &req.organization),
        ("practice", &req.practice),
        ("email", &req.email),
        ("name", &req.name),
    ] {
        if v.trim().is_empty() {
            return Err(ApiError::bad_request(format!("{what} is required")));
        }
    }
    if req.password.chars().count() < 10 {
        return Err(ApiError::bad_request(
            "the password needs at least 10 characters",
        ));
    }
    let refused = || {
        ApiError::forbidden(
            "the set-up link is not valid (the desk is already set up, or the token is wrong)",
        )
    };
    // Makes sure the database is still empty (and clears a stale token when it is not).
    state.setup_token().await?.ok_or_else(refused)?;
    {
        // Compare and consume in one step, so that two requests cannot both set up.
        let mut slot = state.setup_token.lock().unwrap();
        let ok = slot.as_deref().is_some_and(|t| {
            tact_store::constant_time_eq(t.as_bytes(), req.token.trim().as_bytes())
        });
        if !ok {
            return Err(refused());
        }
        *slot = None;
    }
    let sys = Actor::System;
    let store = &state.store;
    let org = store
        .create_organization(&sys, req.organization.trim())
        .await?;
    let profile = minimal_profile(req.practice.trim());
    let practice = store
        .create_practice(&org.id, &sys, req.practice.trim(), &profile)
        .await?;
    let user = store
        .create_user(
            &org.id,
            &sys,
            req.email.trim(),
            req.name.trim(),
            &req.password,
        )
        .await?;
    for role in Role::ALL {
        store
            .grant_role(&org.id, &sys, &user.id, &practice.id, *role)
            .await?;
    }
    Ok(SetupDone {
        organization_id: org.id,
        practice_id: practice.id,
        user_id: user.id,
    })
}

/// A profile that only names the practice.
pub fn minimal_profile(name: &str) -> String {
    format!(
        "[practice]\nname = {}\n",
        toml::Value::String(name.to_owned())
    )
}

/// `POST /api/v1/setup`.
pub async fn api_setup(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<SetupRequest>,
) -> ApiResult<Response> {
    let done = setup(&state, &req).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "organization_id": done.organization_id,
            "practice_id": done.practice_id,
            "user_id": done.user_id,
        })),
    )
        .into_response())
}
