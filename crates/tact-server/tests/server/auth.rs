//! Login, sessions, CSRF, bearer tokens, rate limiting.

use axum::http::{header, Method};
use serde_json::json;

use crate::common::{Fixture, TestDb, PASSWORD};
use crate::http::{desk, token, Client};

on_both!(
    login_session_and_csrf,
    wrong_password_and_rate_limit,
    logout_and_expired_session,
    bearer_tokens_need_no_csrf,
    setup_runs_once,
    a_revoked_token_stops_checking_on_every_desk,
);

async fn login_session_and_csrf(db: TestDb) {
    let f = Fixture::new(&db.store, "auth").await;
    let app = desk(&db.store);
    let c = Client::login(&app, "writer@auth.example", PASSWORD).await;

    let me = c.get("/api/v1/me").await.ok();
    assert_eq!(me["user"]["id"], f.writer.as_str());
    assert_eq!(me["organization"]["id"], f.org.as_str());
    assert!(me["user"].get("password_hash").is_none());
    assert_eq!(me["csrf_token"], c.csrf.clone().unwrap().as_str());

    // A write with the cookie but without the CSRF token is refused…
    let mut no_csrf = c.clone();
    no_csrf.csrf = None;
    no_csrf
        .post("/api/v1/check", json!({"text": "Flu shots are in!"}))
        .await
        .expect(403, "csrf");
    let mut wrong = c.clone();
    wrong.csrf = Some("0".repeat(64));
    wrong
        .post("/api/v1/check", json!({"text": "Flu shots are in!"}))
        .await
        .expect(403, "csrf");
    // …reads need none…
    no_csrf.get("/api/v1/drafts").await.ok();
    // …and with it the write goes through.
    let r = c
        .post("/api/v1/check", json!({"text": "Flu shots are in!"}))
        .await
        .ok();
    assert_eq!(r["verdict"], "pass");
    assert_eq!(r["kind"], "post");

    // Not signed in at all.
    Client::anonymous(&app)
        .get("/api/v1/drafts")
        .await
        .expect(401, "unauthorized");
}

async fn wrong_password_and_rate_limit(db: TestDb) {
    Fixture::new(&db.store, "rate").await;
    let app = desk(&db.store);
    let anon = Client::anonymous(&app);
    let bad = json!({"email": "writer@rate.example", "password": "wrong password"});
    for _ in 0..5 {
        anon.post("/api/v1/session", bad.clone())
            .await
            .expect(401, "unauthorized");
    }
    // The sixth try is refused before the password is even checked, right one or not.
    anon.post(
        "/api/v1/session",
        json!({"email": "writer@rate.example", "password": PASSWORD}),
    )
    .await
    .expect(429, "rate_limited");
    // Another e-mail from the same address is not affected.
    Client::login(&app, "reviewer@rate.example", PASSWORD).await;
    let events = db.store.export(0, i64::MAX).await.unwrap();
    assert_eq!(
        events.iter().filter(|e| e.action == "login_failed").count(),
        5
    );
}

async fn logout_and_expired_session(db: TestDb) {
    let f = Fixture::new(&db.store, "out").await;
    let app = desk(&db.store);
    let c = Client::login(&app, "writer@out.example", PASSWORD).await;
    let r = c.delete("/api/v1/session").await;
    assert_eq!(r.status.as_u16(), 204);
    assert!(r.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    c.get("/api/v1/me").await.expect(401, "session_expired");

    // A session past its expiry.
    let s = db
        .store
        .create_session(&f.org, &f.writer, std::time::Duration::from_millis(1))
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let expired = Client {
        cookie: Some(format!("tact_session={}", s.token)),
        csrf: Some(s.session.csrf_secret.clone()),
        ..Client::anonymous(&app)
    };
    expired
        .get("/api/v1/me")
        .await
        .expect(401, "session_expired");
    expired
        .post("/api/v1/check", json!({"text": "hi"}))
        .await
        .expect(401, "session_expired");
}

async fn bearer_tokens_need_no_csrf(db: TestDb) {
    let f = Fixture::new(&db.store, "tok").await;
    let app = desk(&db.store);
    let c = Client::login(&app, "writer@tok.example", PASSWORD).await;
    let made = c
        .post("/api/v1/tokens", json!({"name": "scheduler"}))
        .await
        .ok();
    let secret = made["secret"].as_str().unwrap().to_owned();
    let id = made["token"]["id"].as_str().unwrap().to_owned();
    let api = Client::with_token(&app, &secret);
    api.post("/api/v1/check", json!({"text": "Flu shots are in!"}))
        .await
        .ok();
    let listed = c.get("/api/v1/tokens").await.ok();
    assert_eq!(listed["tokens"].as_array().unwrap().len(), 1);
    c.delete(&format!("/api/v1/tokens/{id}")).await.ok();
    api.get("/api/v1/me").await.expect(401, "unauthorized");
    // The check endpoint's short-lived cache forgets the token at once on this desk.
    api.post("/api/v1/check", json!({"text": "Flu shots are in!"}))
        .await
        .expect(401, "unauthorized");
    Client::with_token(&app, "tact_nonsense")
        .get("/api/v1/me")
        .await
        .expect(401, "unauthorized");
    let basic = c.builder(Method::GET, "/api/v1/me");
    let r = Client::anonymous(&app)
        .raw(
            basic
                .header(header::AUTHORIZATION, "Basic Zm9vOmJhcg==")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status.as_u16(), 401);
    let _ = token(&db.store, &f.org, &f.writer).await;
}

async fn setup_runs_once(db: TestDb) {
    let state = tact_server::AppState::new(db.store.clone(), tact_server::Config::default());
    let tok = state
        .setup_token()
        .await
        .unwrap()
        .expect("an empty desk offers set-up");
    assert_eq!(
        state.setup_token().await.unwrap().as_deref(),
        Some(tok.as_str())
    );
    let app = tact_server::app(state.clone());
    let anon = Client::anonymous(&app);
    let req = |t: &str| {
        json!({"token": t, "organization": "Birch Clinic", "practice": "Birch Family Care",
               "email": "owner@birch.example", "name": "Owner", "password": "a long password"})
    };
    anon.post("/api/v1/setup", req("wrong"))
        .await
        .expect(403, "forbidden");
    anon.post("/api/v1/setup", req(&tok)).await.ok();
    anon.post("/api/v1/setup", req(&tok))
        .await
        .expect(403, "forbidden");
    assert!(state.setup_token().await.unwrap().is_none());
    let c = Client::login(&app, "owner@birch.example", "a long password").await;
    let me = c.get("/api/v1/me").await.ok();
    assert_eq!(me["memberships"].as_array().unwrap().len(), 4);
    let r = c
        .post(
            "/api/v1/check",
            json!({"text": "Birch Family Care is open Saturday."}),
        )
        .await
        .ok();
    assert_eq!(r["verdict"], "pass");
}

/// Off loopback the cookie is Secure; every answer carries a request id (a caller's own id
/// is echoed when it is plain).
#[tokio::test]
async fn secure_cookie_and_request_ids() {
    crate::common::run(crate::common::Kind::Sqlite, |db: TestDb| async move {
        Fixture::new(&db.store, "sec").await;
        let config = tact_server::Config {
            secure_cookies: true,
            ..tact_server::Config::default()
        };
        let app = tact_server::app(tact_server::AppState::new(db.store.clone(), config));
        let anon = Client::anonymous(&app);
        let r = anon
            .post(
                "/api/v1/session",
                json!({"email": "writer@sec.example", "password": PASSWORD}),
            )
            .await;
        let cookie = r.headers[header::SET_COOKIE].to_str().unwrap();
        assert!(cookie.contains("; Secure"), "{cookie}");
        assert!(r.headers.contains_key("x-request-id"));
        let echoed = anon
            .raw(
                anon.builder(Method::GET, "/healthz")
                    .header("x-request-id", "abc-123")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(echoed.headers["x-request-id"], "abc-123");
        let replaced = anon
            .raw(
                anon.builder(Method::GET, "/healthz")
                    .header("x-request-id", "<script>")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_ne!(replaced.headers["x-request-id"], "<script>");
    })
    .await
}

/// Two desks on one database: a token revoked through one is refused by the other's
/// `/api/v1/check` within about a second (the check's cache lives at most that long).
async fn a_revoked_token_stops_checking_on_every_desk(db: TestDb) {
    let f = Fixture::new(&db.store, "rev").await;
    let other = tact_store::Store::open(&db.url).await.unwrap();
    let a = desk(&db.store);
    let b = desk(&other);
    let secret = token(&db.store, &f.org, &f.writer).await;
    let on_b = Client::with_token(&b, &secret);
    let check = json!({"text": "Flu shots are in!"});
    for _ in 0..3 {
        on_b.post("/api/v1/check", check.clone()).await.ok();
    }
    let w = Client::login(&a, "writer@rev.example", PASSWORD).await;
    let listed = w.get("/api/v1/tokens").await.ok();
    let id = listed["tokens"][0]["id"].as_str().unwrap().to_owned();
    w.delete(&format!("/api/v1/tokens/{id}")).await.ok();
    let revoked = std::time::Instant::now();
    // Desk B may still answer from its cache for up to a second, never longer.
    loop {
        let r = on_b.post("/api/v1/check", check.clone()).await;
        if r.status.as_u16() == 401 {
            assert_eq!(r.code(), "unauthorized");
            break;
        }
        assert_eq!(r.status.as_u16(), 200, "{}", r.text);
        assert!(
            revoked.elapsed() < std::time::Duration::from_millis(1500),
            "desk B still accepts the revoked token after {:?}",
            revoked.elapsed()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // And every other route refuses it at once.
    on_b.get("/api/v1/me").await.expect(401, "unauthorized");
    other.close().await;
}
