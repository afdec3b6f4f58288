//! The access log carries ids, methods, routes, statuses and timings: never post text,
//! comments, names, e-mail addresses or passwords, even when a request fails.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{header, Request};
use tact_server::{app, AppState, Config};
use tact_store::{Actor, Role, Store};
use tower::ServiceExt;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn no_text_in_logs() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).await.unwrap();
    let sys = Actor::System;
    let org = store.create_organization(&sys, "Logs Org").await.unwrap();
    let p = store
        .create_practice(
            &org.id,
            &sys,
            "Logs Clinic",
            "[practice]\nname = \"Logs Clinic\"\n",
        )
        .await
        .unwrap();
    let u = store
        .create_user(
            &org.id,
            &sys,
            "secret.person@logs.example",
            "Secret Person",
            "a long password",
        )
        .await
        .unwrap();
    store
        .grant_role(&org.id, &sys, &u.id, &p.id, Role::Writer)
        .await
        .unwrap();
    let (_, token) = store
        .create_api_token(&org.id, &Actor::user(&u.id), &u.id, "t")
        .await
        .unwrap();
    let desk = app(AppState::new(store.clone(), Config::default()));
    let send = |req: Request<Body>| desk.clone().oneshot(req);

    let text = "Zebediah Quigglesworth finished chemo at 312-555-0188";
    for (path, body, auth) in [
        ("/api/v1/check", format!("{{\"text\": \"{text}\"}}"), true),
        ("/api/v1/drafts", format!("{{\"body\": \"{text}\"}}"), true),
        (
            "/api/v1/check",
            format!("{{\"text\": \"{text}\", \"nope\": 1}}"),
            true,
        ),
        ("/api/v1/check", format!("{{\"text\": \"{text}\""), true),
        ("/api/v1/check", format!("{{\"text\": \"{text}\"}}"), false),
        (
            "/api/v1/session",
            "{\"email\": \"secret.person@logs.example\", \"password\": \"Wrong Horse\"}".to_owned(),
            false,
        ),
    ] {
        let mut b = Request::post(path).header(header::CONTENT_TYPE, "application/json");
        if auth {
            b = b.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let res = send(b.body(Body::from(body)).unwrap()).await.unwrap();
        assert!(res.status().as_u16() < 500);
        let _ = axum::body::to_bytes(res.into_body(), usize::MAX).await;
    }
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("route=/api/v1/check"), "{logs}");
    assert!(logs.contains("status=400"), "{logs}");
    for secret in [
        "Zebediah",
        "Quigglesworth",
        "chemo",
        "312-555",
        "secret.person",
        "Secret Person",
        "Wrong Horse",
        &token,
    ] {
        assert!(!logs.contains(secret), "{secret} in the logs:\n{logs}");
    }
    store.close().await;
}
