//! The webhook sender: signed JSON bodies to a local receiver, and retries with backoff in
//! the delivery log.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::Value;
use tact_server::webhooks::{signature, Sender};
use tact_store::DecisionKind;

use crate::common::{report, Fixture, TestDb};

on_both!(
    delivers_a_signed_body_once,
    retries_with_backoff_until_the_receiver_answers
);

const TEXT: &str = "Flu shots are in! Walk in any weekday morning.";

#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<(HeaderMap, Bytes)>>>,
    calls: Arc<AtomicUsize>,
    /// Calls answered with 500 before the first 200.
    failures: usize,
}

/// Starts a receiver on a free local port; its `/hook` URL.
async fn start(rx: Receiver) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: Bytes| {
            let rx = rx.clone();
            async move {
                let n = rx.calls.fetch_add(1, Ordering::SeqCst);
                rx.got.lock().unwrap().push((headers, body));
                if n < rx.failures {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::NO_CONTENT
                }
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/hook")
}

fn sender() -> Sender {
    Sender {
        poll: Duration::from_millis(20),
        timeout: Duration::from_secs(5),
        backoff: Duration::from_millis(100),
        max_attempts: 5,
    }
}

/// An approved draft: submitted with a review verdict, approved by the reviewer.
async fn approved(db: &TestDb, f: &Fixture) -> String {
    let d = f.draft(&db.store, TEXT).await;
    db.store
        .submit_version(&f.org, &f.writer(), &d.id, TEXT, &report("review", &["r1"]))
        .await
        .unwrap();
    db.store
        .decide(&f.org, &f.reviewer(), &d.id, DecisionKind::Approve, None)
        .await
        .unwrap();
    d.id
}

async fn delivers_a_signed_body_once(db: TestDb) {
    let f = Fixture::new(&db.store, "hook1").await;
    let rx = Receiver::default();
    let url = start(rx.clone()).await;
    let secret = "s3cret-for-the-test";
    let hook = db
        .store
        .create_webhook(&f.org, &f.compliance(), &f.practice, &url, secret)
        .await
        .unwrap();
    let draft = approved(&db, &f).await;
    // A draft still in review is not sent.
    let waiting = f.draft(&db.store, "Not yet approved").await;
    db.store
        .submit_version(
            &f.org,
            &f.writer(),
            &waiting.id,
            "Not yet approved",
            &report("review", &["r1"]),
        )
        .await
        .unwrap();

    let s = sender();
    assert_eq!(s.run_once(&db.store).await.unwrap(), 1);
    assert_eq!(
        s.run_once(&db.store).await.unwrap(),
        0,
        "delivered once only"
    );

    let got = rx.got.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    let (headers, body) = &got[0];
    let sig = headers["x-tact-signature"].to_str().unwrap();
    assert_eq!(sig, signature(secret, body));
    assert!(sig.starts_with("sha256=") && sig.len() == 7 + 64);
    // Recompute independently of the sender's helper.
    {
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(body);
        mac.verify_slice(&hex(&sig[7..]))
            .expect("the signature verifies");
    }
    assert_eq!(headers["content-type"], "application/json");
    let v: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(v["draft_id"], draft.as_str());
    assert_eq!(v["practice_id"], f.practice.as_str());
    assert_eq!(v["account_id"], f.account.as_str());
    assert_eq!(v["kind"], "post");
    assert_eq!(v["text"], TEXT);
    assert_eq!(v["version"], 1);
    assert_eq!(v["verdict"], "review");
    assert_eq!(v["approved_by"], f.reviewer.as_str());
    assert_eq!(v["decision"], "approve");
    assert!(v["approved_at"].as_i64().unwrap() > 0);

    let log = db.store.deliveries(&f.org, &hook.id).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].attempt, 1);
    assert_eq!(log[0].status_code, Some(204));
    assert_eq!(log[0].error, None);
    assert_eq!(log[0].next_attempt_at, None);
    assert_eq!(log[0].draft_id.as_deref(), Some(draft.as_str()));
}

async fn retries_with_backoff_until_the_receiver_answers(db: TestDb) {
    let f = Fixture::new(&db.store, "hook2").await;
    let rx = Receiver {
        failures: 2,
        ..Receiver::default()
    };
    let url = start(rx.clone()).await;
    let hook = db
        .store
        .create_webhook(&f.org, &f.compliance(), &f.practice, &url, "k")
        .await
        .unwrap();
    approved(&db, &f).await;

    // The background task, as `tact serve` runs it.
    let task = sender().spawn(db.store.clone());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let log = db.store.deliveries(&f.org, &hook.id).await.unwrap();
        if log.iter().any(|d| d.error.is_none()) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no success: {log:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    task.abort();

    let log = db.store.deliveries(&f.org, &hook.id).await.unwrap();
    let attempts: Vec<_> = log
        .iter()
        .map(|d| (d.attempt, d.status_code, d.error.is_some()))
        .collect();
    assert_eq!(
        attempts,
        [
            (1, Some(500), true),
            (2, Some(500), true),
            (3, Some(204), false)
        ]
    );
    assert_eq!(log[0].error.as_deref(), Some("HTTP status 500"));
    // Backoff doubles: the second attempt waited at least 100 ms, the third at least 200 ms.
    assert!(log[1].created_at - log[0].created_at >= 90, "{log:?}");
    assert!(log[2].created_at - log[1].created_at >= 180, "{log:?}");
    // Only the last attempt's schedule counts; after the success nothing is due.
    assert!(log.iter().all(|d| d.next_attempt_at.is_none()), "{log:?}");
    assert_eq!(rx.calls.load(Ordering::SeqCst), 3);
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}
