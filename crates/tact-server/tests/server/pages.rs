//! The pages: sign-in by form, every page renders for a signed-in user with its stable ids,
//! anonymous visitors are sent to sign in, text is escaped, logout needs the CSRF field.

use axum::body::Body;
use axum::http::{header, Method, Request};
use serde_json::json;

use crate::common::{Fixture, TestDb, PASSWORD};
use crate::http::{desk, Client};

on_both!(pages_render_and_escape, setup_page_creates_the_first_admin);

async fn form_login(app: &axum::Router, email: &str, password: &str) -> Client {
    let anon = Client::anonymous(app);
    let r = anon
        .raw(
            Request::builder()
                .method(Method::POST)
                .uri("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!(
                    "email={}&password={}",
                    email.replace('@', "%40"),
                    password.replace(' ', "+")
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.text);
    assert_eq!(r.headers[header::LOCATION], "/drafts");
    let cookie = r.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    let mut c = Client::anonymous(app);
    c.cookie = Some(cookie.split(';').next().unwrap().to_owned());
    let me = c.get("/api/v1/me").await.ok();
    c.csrf = Some(me["csrf_token"].as_str().unwrap().to_owned());
    c
}

async fn pages_render_and_escape(db: TestDb) {
    let f = Fixture::new(&db.store, "pages").await;
    db.store
        .grant_role(
            &f.org,
            &tact_store::Actor::System,
            &f.compliance,
            &f.practice,
            tact_store::Role::Admin,
        )
        .await
        .unwrap();
    let app = desk(&db.store);
    let anon = Client::anonymous(&app);
    // Anonymous: sent to sign in; the sign-in page renders.
    let r = anon.get("/drafts").await;
    assert_eq!(r.status.as_u16(), 303);
    assert_eq!(r.headers[header::LOCATION], "/login");
    let login = anon.get("/login").await;
    assert_eq!(login.status.as_u16(), 200);
    assert!(login.text.contains("id=\"login-form\""));
    assert!(login.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    assert_eq!(anon.get("/static/app.js").await.status.as_u16(), 200);
    assert_eq!(anon.get("/static/app.css").await.status.as_u16(), 200);
    assert_eq!(anon.get("/no-such-page").await.status.as_u16(), 404);
    // A wrong password re-renders the form with the error and a 401.
    let bad = anon
        .raw(
            Request::builder()
                .method(Method::POST)
                .uri("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("email=writer%40pages.example&password=nope"))
                .unwrap(),
        )
        .await;
    assert_eq!(bad.status.as_u16(), 401);
    assert!(bad.text.contains("id=\"login-error\""));

    let w = form_login(&app, "writer@pages.example", PASSWORD).await;
    let hostile = "<script>alert(1)</script> Maria Delgado finished chemo";
    let d = w
        .post(
            "/api/v1/drafts",
            json!({"body": hostile, "account_id": f.account}),
        )
        .await
        .ok();
    let id = d["draft"]["id"].as_str().unwrap().to_owned();
    w.post_empty(&format!("/api/v1/drafts/{id}/submit"))
        .await
        .ok();

    for (path, marker) in [
        ("/drafts", "id=\"drafts-table\""),
        (
            "/drafts?status=in_review&q=chemo",
            "data-test=\"draft-row\"",
        ),
        ("/drafts/new", "id=\"draft-text\""),
        (
            &format!("/drafts/{id}") as &str,
            "data-test=\"draft-status\"",
        ),
        (&format!("/drafts/{id}/edit") as &str, "id=\"submit-draft\""),
        ("/outbox", "Outbox"),
        ("/archive", "Archive"),
        ("/dashboard", "id=\"findings-chart\""),
        ("/settings", "id=\"token-form\""),
    ] {
        let r = w.get(path).await;
        assert_eq!(r.status.as_u16(), 200, "{path}: {}", r.text);
        assert!(r.text.contains(marker), "{path} lacks {marker}");
        assert!(
            !r.text.contains("<script>alert(1)"),
            "{path} does not escape"
        );
    }
    let page = w.get(&format!("/drafts/{id}")).await;
    assert!(
        page.text.contains("&lt;script&gt;") || page.text.contains("&#60;script&#62;"),
        "the text is shown, escaped"
    );
    // The writer waits on someone else; the audit page is not theirs.
    assert!(page.text.contains("id=\"own-draft-note\""));
    assert!(
        !page.text.contains("id=\"nav-audit\""),
        "the audit link is for oversight roles"
    );
    assert_eq!(w.get("/audit").await.status.as_u16(), 403);
    // The compliance officer sees the decision form with the override, and the audit page.
    let c = form_login(&app, "compliance@pages.example", PASSWORD).await;
    let page = c.get(&format!("/drafts/{id}")).await;
    assert!(page.text.contains("id=\"decide-form\""));
    assert!(page.text.contains("value=\"override\""));
    assert!(page.text.contains("id=\"nav-audit\""));
    let audit = c.get("/audit").await;
    assert_eq!(audit.status.as_u16(), 200);
    assert!(audit.text.contains("data-test=\"head-hash\""));
    let settings = c.get("/settings").await;
    assert!(settings.text.contains("id=\"user-form\""));
    // Another organization's draft page is a 404.
    let other = Fixture::new(&db.store, "elsewhere").await;
    let o = form_login(&app, "writer@elsewhere.example", PASSWORD).await;
    assert_eq!(o.get(&format!("/drafts/{id}")).await.status.as_u16(), 404);
    let _ = other;

    // Logout without the CSRF field is refused; with it, the session ends.
    let no = w
        .raw(
            w.builder(Method::POST, "/logout")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("csrf=wrong"))
                .unwrap(),
        )
        .await;
    assert_eq!(no.status.as_u16(), 403);
    let yes = w
        .raw(
            w.builder(Method::POST, "/logout")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!("csrf={}", w.csrf.clone().unwrap())))
                .unwrap(),
        )
        .await;
    assert_eq!(yes.status.as_u16(), 303);
    assert_eq!(w.get("/drafts").await.status.as_u16(), 303);
}

async fn setup_page_creates_the_first_admin(db: TestDb) {
    let state = tact_server::AppState::new(db.store.clone(), tact_server::Config::default());
    let token = state.setup_token().await.unwrap().unwrap();
    let app = tact_server::app(state);
    let anon = Client::anonymous(&app);
    let page = anon.get(&format!("/setup?token={token}")).await;
    assert_eq!(page.status.as_u16(), 200);
    assert!(page.text.contains("id=\"setup-form\""));
    let r = anon
        .raw(
            Request::builder()
                .method(Method::POST)
                .uri("/setup")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!(
                    "token={token}&organization=Oak&practice=Oak+Clinic&name=Ada&email=ada%40oak.example&password=a+long+password"
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.text);
    assert_eq!(r.headers[header::LOCATION], "/settings");
    // Once set up, the set-up page sends people to sign in.
    let again = anon.get(&format!("/setup?token={token}")).await;
    assert_eq!(again.status.as_u16(), 303);
}
