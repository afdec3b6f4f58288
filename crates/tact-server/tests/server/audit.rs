//! The audit page's verify call names an edited event; exports honour the range.

use serde_json::json;

use crate::common::{Fixture, TestDb, PASSWORD};
use crate::http::{desk, Client};

on_both!(verify_names_a_tampered_event, export_range);

async fn verify_names_a_tampered_event(db: TestDb) {
    Fixture::new(&db.store, "tamper").await;
    let app = desk(&db.store);
    let c = Client::login(&app, "compliance@tamper.example", PASSWORD).await;
    let ok = c.post_empty("/api/v1/audit/verify").await.ok();
    assert_eq!(ok["ok"], true);
    sqlx::query("UPDATE audit_events SET action = 'approve' WHERE seq = 3")
        .execute(db.store.pool())
        .await
        .unwrap();
    let broken = c.post_empty("/api/v1/audit/verify").await.ok();
    assert_eq!(broken["ok"], false, "{broken}");
    assert_eq!(broken["broken"]["seq"], 3, "{broken}");
}

async fn export_range(db: TestDb) {
    Fixture::new(&db.store, "range").await;
    let app = desk(&db.store);
    let c = Client::login(&app, "compliance@range.example", PASSWORD).await;
    c.post("/api/v1/drafts", json!({"body": "Flu shots are in!"}))
        .await
        .ok();
    let all = c.get("/api/v1/audit/export").await;
    assert_eq!(all.status.as_u16(), 200);
    assert_eq!(all.headers["content-type"], "application/x-ndjson");
    assert!(all.text.lines().count() >= 5);
    let none = c
        .get("/api/v1/audit/export?from=2001-01-01&to=2001-01-02")
        .await;
    assert_eq!(none.text, "");
    c.get("/api/v1/audit/export?from=soon")
        .await
        .expect(400, "bad_request");
}
