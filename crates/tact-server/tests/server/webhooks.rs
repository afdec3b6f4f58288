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
    retries_with_backoff_until_the_receiver_answers,
    delivers_over_https_to_a_receiver_the_sender_trusts,
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
        ..Sender::default()
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
    assert_signed(secret, headers, body);
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

/// The delivery's `X-Tact-Signature` is `sha256=` and the HMAC-SHA256 of the raw body with
/// the webhook's secret: as the sender's helper makes it, and recomputed independently.
#[track_caller]
fn assert_signed(secret: &str, headers: &HeaderMap, body: &[u8]) {
    use hmac::{Hmac, Mac};
    let sig = headers["x-tact-signature"].to_str().unwrap();
    assert_eq!(sig, signature(secret, body));
    assert!(sig.starts_with("sha256=") && sig.len() == 7 + 64);
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    mac.verify_slice(&hex(&sig[7..]))
        .expect("the signature verifies");
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// A private CA and a certificate it issued for `localhost`: (the CA's PEM, the server's
/// certificate chain and key).
fn private_ca() -> (
    String,
    Vec<rustls::pki_types::CertificateDer<'static>>,
    rustls::pki_types::PrivateKeyDer<'static>,
) {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, rcgen::KeyPair::generate().unwrap())
        .unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let leaf = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    (
        ca.pem(),
        vec![leaf.der().clone()],
        rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
    )
}

/// Starts a TLS receiver on a free local port with the given certificate; its
/// `https://localhost:PORT/hook` URL. Every request is recorded and answered 204.
async fn start_tls(
    rx: Receiver,
    chain: Vec<rustls::pki_types::CertificateDer<'static>>,
    key: rustls::pki_types::PrivateKeyDer<'static>,
) -> String {
    use http_body_util::BodyExt;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let (tcp, _) = listener.accept().await.unwrap();
            let (acceptor, rx) = (acceptor.clone(), rx.clone());
            tokio::spawn(async move {
                // A client that does not trust the certificate hangs up here.
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let service = hyper::service::service_fn(
                    move |req: hyper::Request<hyper::body::Incoming>| {
                        let rx = rx.clone();
                        async move {
                            let headers = req.headers().clone();
                            let body = req.into_body().collect().await.unwrap().to_bytes();
                            rx.calls.fetch_add(1, Ordering::SeqCst);
                            rx.got.lock().unwrap().push((headers, body));
                            let res = hyper::Response::builder()
                                .status(204)
                                .body(http_body_util::Empty::<Bytes>::new())
                                .unwrap();
                            Ok::<_, std::convert::Infallible>(res)
                        }
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    format!("https://localhost:{port}/hook")
}

async fn delivers_over_https_to_a_receiver_the_sender_trusts(db: TestDb) {
    let f = Fixture::new(&db.store, "tls").await;
    let (ca_pem, chain, key) = private_ca();
    let rx = Receiver::default();
    let url = start_tls(rx.clone(), chain, key).await;
    let secret = "tls-webhook-secret";
    let hook = db
        .store
        .create_webhook(&f.org, &f.compliance(), &f.practice, &url, secret)
        .await
        .unwrap();
    let draft = approved(&db, &f).await;

    // The built-in roots do not know the private CA: the attempt fails on the certificate
    // and is logged for a retry; nothing reached the receiver.
    let s = sender();
    assert_eq!(s.run_once(&db.store).await.unwrap(), 1);
    let log = db.store.deliveries(&f.org, &hook.id).await.unwrap();
    assert_eq!(log.len(), 1);
    let err = log[0].error.clone().unwrap_or_default();
    assert!(err.starts_with("TLS:"), "{err}");
    assert!(log[0].next_attempt_at.is_some());
    assert_eq!(rx.calls.load(Ordering::SeqCst), 0);

    // Trusting the CA file: the retry is delivered, signed, over TLS.
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("private-ca.pem");
    std::fs::write(&ca_file, ca_pem).unwrap();
    let trusting = sender().with_extra_ca(&ca_file).unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(trusting.run_once(&db.store).await.unwrap(), 1);
    let got = rx.got.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    let (headers, body) = &got[0];
    assert_signed(secret, headers, body);
    let v: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(v["draft_id"], draft.as_str());
    assert_eq!(v["text"], TEXT);
    let log = db.store.deliveries(&f.org, &hook.id).await.unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].status_code, Some(204));
    assert!(log[1].error.is_none() && log[1].next_attempt_at.is_none());

    // A CA file without a certificate is refused up front.
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "not a certificate\n").unwrap();
    assert!(sender().with_extra_ca(&empty).is_err());
    assert!(sender()
        .with_extra_ca(&dir.path().join("missing.pem"))
        .is_err());
}
