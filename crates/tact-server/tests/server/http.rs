//! A small client over the router: JSON in, JSON out, with a session cookie and CSRF token
//! or a bearer token.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tact_server::{app, AppState, Config};
use tact_store::Store;
use tower::ServiceExt;

pub fn desk(store: &Store) -> Router {
    app(AppState::new(store.clone(), Config::default()))
}

#[derive(Clone)]
pub struct Client {
    pub app: Router,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
    pub bearer: Option<String>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.text))
    }
    /// The error code of a `{"error": {"code", "message"}}` body.
    pub fn code(&self) -> String {
        let v = self.json();
        v["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("not an error body: {}", self.text))
            .to_owned()
    }
    #[track_caller]
    pub fn ok(self) -> Value {
        assert!(
            self.status.is_success(),
            "expected success, got {}: {}",
            self.status,
            self.text
        );
        if self.text.is_empty() {
            Value::Null
        } else {
            self.json()
        }
    }
    #[track_caller]
    pub fn expect(self, status: u16, code: &str) -> Reply {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text);
        assert_eq!(self.code(), code, "body: {}", self.text);
        self
    }
}

impl Client {
    pub fn anonymous(app: &Router) -> Client {
        Client {
            app: app.clone(),
            cookie: None,
            csrf: None,
            bearer: None,
        }
    }

    pub fn with_token(app: &Router, token: &str) -> Client {
        Client {
            bearer: Some(token.to_owned()),
            ..Client::anonymous(app)
        }
    }

    /// Signs in through the API.
    pub async fn login(app: &Router, email: &str, password: &str) -> Client {
        let mut c = Client::anonymous(app);
        let r = c
            .send(
                Method::POST,
                "/api/v1/session",
                Some(serde_json::json!({"email": email, "password": password})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "login: {}", r.text);
        let set = r
            .headers
            .get(header::SET_COOKIE)
            .expect("a session cookie")
            .to_str()
            .unwrap()
            .to_owned();
        assert!(set.contains("HttpOnly"), "{set}");
        assert!(set.contains("SameSite=Strict"), "{set}");
        let pair = set.split(';').next().unwrap().to_owned();
        c.cookie = Some(pair);
        c.csrf = Some(r.json()["csrf_token"].as_str().unwrap().to_owned());
        c
    }

    pub async fn raw(&self, req: Request<Body>) -> Reply {
        let res = self.app.clone().oneshot(req).await.expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        Reply {
            status,
            headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub fn builder(&self, method: Method, path: &str) -> axum::http::request::Builder {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(c) = &self.cookie {
            b = b.header(header::COOKIE, c);
        }
        if let Some(t) = &self.csrf {
            b = b.header("x-csrf-token", t);
        }
        if let Some(t) = &self.bearer {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        b
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let b = self.builder(method, path);
        let req = match body {
            Some(v) => b
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(v.to_string()))
                .unwrap(),
            None => b.body(Body::empty()).unwrap(),
        };
        self.raw(req).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(body)).await
    }
    pub async fn post_empty(&self, path: &str) -> Reply {
        self.send(Method::POST, path, None).await
    }
    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.send(Method::PUT, path, Some(body)).await
    }
    pub async fn delete(&self, path: &str) -> Reply {
        self.send(Method::DELETE, path, None).await
    }
}

/// An API token for a user, made directly in the store.
pub async fn token(store: &Store, org: &str, user: &str) -> String {
    store
        .create_api_token(org, &tact_store::Actor::user(user), user, "test")
        .await
        .unwrap()
        .1
}
