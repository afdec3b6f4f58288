//! Who is calling: a session cookie (with CSRF on state-changing requests) or a bearer API
//! token; login, logout, first-run set-up, and login rate limiting per IP address and e-mail.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use tact_store::{Actor, Role, Session, Store};

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
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        let value = value
            .to_str()
            .map_err(|_| ApiError::unauthorized("malformed Authorization header"))?;
        let secret = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .ok_or_else(|| ApiError::unauthorized("use Authorization: Bearer <API token>"))?;
        let token = match state.store.api_token(secret.trim()).await {
            Ok(t) => t,
            Err(tact_store::Error::NotFound) => {
                return Err(ApiError::unauthorized("unknown or revoked API token"))
            }
            Err(e) => return Err(e.into()),
        };
        return Ok(Caller {
            org: token.organization_id,
            user_id: token.user_id,
            session: None,
        });
    }
    let token = cookie(&parts.headers, COOKIE)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::unauthorized("sign in, or send Authorization: Bearer <API token>")
        })?;
    let session = match state.store.session(&token).await {
        Ok(s) => s,
        Err(tact_store::Error::NotFound) => return Err(ApiError::session_expired()),
        Err(e) => return Err(e.into()),
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
    Ok(Caller {
        org: session.organization_id.clone(),
        user_id: session.user_id.clone(),
        session: Some(session),
    })
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

/// Failed-login counting per (IP address, e-mail): after `attempts` failures within
/// `window`, further logins for that pair are refused (429) until the window passes.
pub struct LoginLimiter {
    attempts: u32,
    window: Duration,
    failures: Mutex<HashMap<(String, String), (u32, Instant)>>,
}

impl LoginLimiter {
    pub fn new(attempts: u32, window: Duration) -> LoginLimiter {
        LoginLimiter {
            attempts,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn key(ip: &str, email: &str) -> (String, String) {
        // The e-mail is kept only as a hash, so the limiter's memory holds no addresses.
        use sha2::Digest;
        let h = sha2::Sha256::digest(email.trim().to_lowercase().as_bytes());
        (
            ip.to_owned(),
            h.iter().take(16).map(|b| format!("{b:02x}")).collect(),
        )
    }

    /// Whether a login for this pair may be tried now.
    pub fn allowed(&self, ip: &str, email: &str) -> bool {
        let mut map = self.failures.lock().unwrap();
        let key = Self::key(ip, email);
        match map.get(&key) {
            Some((n, since)) if since.elapsed() < self.window => *n < self.attempts,
            Some(_) => {
                map.remove(&key);
                true
            }
            None => true,
        }
    }

    pub fn failed(&self, ip: &str, email: &str) {
        let mut map = self.failures.lock().unwrap();
        if map.len() > 100_000 {
            let window = self.window;
            map.retain(|_, (_, since)| since.elapsed() < window);
        }
        let e = map
            .entry(Self::key(ip, email))
            .or_insert((0, Instant::now()));
        if e.1.elapsed() >= self.window {
            *e = (0, Instant::now());
        }
        e.0 += 1;
    }

    pub fn succeeded(&self, ip: &str, email: &str) {
        self.failures.lock().unwrap().remove(&Self::key(ip, email));
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
    if !state.limiter.allowed(ip, email) {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many failed sign-ins; wait a few minutes and try again",
        ));
    }
    let user = match state.store.authenticate(email, password).await {
        Ok(u) => u,
        Err(tact_store::Error::InvalidCredentials) => {
            state.limiter.failed(ip, email);
            return Err(ApiError::unauthorized("wrong e-mail or password"));
        }
        Err(e) => return Err(e.into()),
    };
    state.limiter.succeeded(ip, email);
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
