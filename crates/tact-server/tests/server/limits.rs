//! Login rate limiting is counted in the database: every desk on one database enforces the
//! same limits (per e-mail and address, per e-mail, per address), and the table holds no
//! e-mail and no address.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request};
use serde_json::json;
use tact_server::{app, AppState, Config};
use tact_store::Store;

use crate::common::{Fixture, TestDb, PASSWORD};
use crate::http::{Client, Reply};

on_both!(
    failed_logins_count_across_desks,
    limits_per_account_and_per_address,
);

/// A sign-in through the API from the client address `ip`.
async fn login_from(app: &axum::Router, ip: &str, email: &str, password: &str) -> Reply {
    let addr: SocketAddr = format!("{ip}:40000").parse().unwrap();
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .extension(ConnectInfo(addr))
        .body(Body::from(
            json!({"email": email, "password": password}).to_string(),
        ))
        .unwrap();
    Client::anonymous(app).raw(req).await
}

async fn failed_logins_count_across_desks(db: TestDb) {
    Fixture::new(&db.store, "shared").await;
    // Two desks on one database, each with its own pool and memory, like two `tact serve`
    // processes behind a load balancer.
    let other = Store::open(&db.url).await.unwrap();
    let a = app(AppState::new(db.store.clone(), Config::default()));
    let b = app(AppState::new(other.clone(), Config::default()));
    let email = "writer@shared.example";
    for (i, desk) in [&a, &b, &a, &b, &a].into_iter().enumerate() {
        let r = login_from(desk, "192.0.2.7", email, "wrong password").await;
        assert_eq!(r.status.as_u16(), 401, "attempt {i}: {}", r.text);
    }
    // Five failures in all: both desks now refuse, even the right password.
    for desk in [&a, &b] {
        login_from(desk, "192.0.2.7", email, PASSWORD)
            .await
            .expect(429, "rate_limited");
    }
    // Another address may still sign in to the account (the account's own limit is higher).
    let ok = login_from(&b, "192.0.2.8", email, PASSWORD).await;
    assert_eq!(ok.status.as_u16(), 200, "{}", ok.text);

    // Neither the e-mail nor the address is in the table, only keyed hashes.
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT account_key, address_key FROM login_failures")
            .fetch_all(db.store.pool())
            .await
            .unwrap();
    assert_eq!(rows.len(), 5);
    for (account, address) in &rows {
        assert_eq!(account.len(), 32);
        assert_eq!(address.len(), 32);
        assert!(!account.contains("shared") && !address.contains("192"));
    }
    other.close().await;
}

async fn limits_per_account_and_per_address(db: TestDb) {
    Fixture::new(&db.store, "lim").await;
    let config = Config {
        login_attempts: 5,
        login_attempts_per_account: 4,
        login_attempts_per_address: 3,
        ..Config::default()
    };
    let desk = app(AppState::new(db.store.clone(), config.clone()));
    // Per address: three failures for three different (unknown) e-mails from one address…
    for who in ["a", "b", "c"] {
        let r = login_from(
            &desk,
            "198.51.100.1",
            &format!("{who}@nowhere.example"),
            "x",
        )
        .await;
        assert_eq!(r.status.as_u16(), 401, "{}", r.text);
    }
    // …and that address may not try a fourth account, even with the right password…
    login_from(&desk, "198.51.100.1", "writer@lim.example", PASSWORD)
        .await
        .expect(429, "rate_limited");
    // …while another address may.
    let ok = login_from(&desk, "198.51.100.2", "writer@lim.example", PASSWORD).await;
    assert_eq!(ok.status.as_u16(), 200, "{}", ok.text);

    // Per account: four failures from four addresses lock the account for a fifth address
    // (a spread-out guessing attack), on any desk of the database.
    for i in 10..14 {
        let r = login_from(
            &desk,
            &format!("203.0.113.{i}"),
            "reviewer@lim.example",
            "wrong",
        )
        .await;
        assert_eq!(r.status.as_u16(), 401, "{}", r.text);
    }
    let other_desk = app(AppState::new(db.store.clone(), config));
    login_from(
        &other_desk,
        "203.0.113.99",
        "reviewer@lim.example",
        PASSWORD,
    )
    .await
    .expect(429, "rate_limited");
    // The compliance officer's account is not affected.
    let ok = login_from(
        &other_desk,
        "203.0.113.99",
        "compliance@lim.example",
        PASSWORD,
    )
    .await;
    assert_eq!(ok.status.as_u16(), 200, "{}", ok.text);
}
