//! Another organization's objects are 404 through every route that names one.

use serde_json::json;
use tact_store::{Actor, Role};

use crate::common::{Fixture, TestDb, PASSWORD};
use crate::http::{desk, Client};

on_both!(another_organizations_objects_are_not_found);

async fn another_organizations_objects_are_not_found(db: TestDb) {
    let a = Fixture::new(&db.store, "alpha").await;
    let b = Fixture::new(&db.store, "beta").await;
    // Both compliance officers administer their practice too, so that role checks cannot
    // be what answers.
    for f in [&a, &b] {
        db.store
            .grant_role(
                &f.org,
                &Actor::System,
                &f.compliance,
                &f.practice,
                Role::Admin,
            )
            .await
            .unwrap();
    }
    let app = desk(&db.store);
    let aw = Client::login(&app, "writer@alpha.example", PASSWORD).await;
    let ar = Client::login(&app, "reviewer@alpha.example", PASSWORD).await;
    let ac = Client::login(&app, "compliance@alpha.example", PASSWORD).await;
    // Alpha's objects: a submitted and approved draft, a draft in review, a token.
    let d = aw
        .post("/api/v1/drafts", json!({"kind": "reply", "replying_to": "my knee", "body": "So glad your knee surgery went well!"}))
        .await
        .ok();
    let draft = d["draft"]["id"].as_str().unwrap().to_owned();
    aw.post_empty(&format!("/api/v1/drafts/{draft}/submit"))
        .await
        .ok();
    let token = ac
        .post("/api/v1/tokens", json!({"name": "alpha"}))
        .await
        .ok()["token"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let _ = ar;
    let made = ac
        .post(
            &format!("/api/v1/practices/{}/webhooks", a.practice),
            json!({"url": "https://scheduler.example/hook"}),
        )
        .await
        .ok();
    assert_eq!(made["secret"].as_str().unwrap().len(), 64);
    let hook = made["webhook"]["id"].as_str().unwrap().to_owned();
    let got = ac.get(&format!("/api/v1/webhooks/{hook}")).await.ok();
    assert!(
        got["webhook"].get("secret").is_none(),
        "the secret is shown once"
    );

    // Beta's admin (and compliance officer) tries every route with alpha's ids.
    let bc = Client::login(&app, "compliance@beta.example", PASSWORD).await;
    let p = &a.practice;
    let u = &a.writer;
    let acc = &a.account;
    let gets = [
        format!("/api/v1/drafts/{draft}"),
        format!("/api/v1/drafts/{draft}/versions/1"),
        format!("/api/v1/practices/{p}"),
        format!("/api/v1/practices/{p}/profile"),
        format!("/api/v1/practices/{p}/accounts"),
        format!("/api/v1/accounts/{acc}"),
        format!("/api/v1/users/{u}"),
        format!("/api/v1/users/{u}/roles"),
        format!("/api/v1/practices/{p}/webhooks"),
        format!("/api/v1/webhooks/{hook}"),
        format!("/api/v1/outbox?practice={p}"),
    ];
    for path in &gets {
        let r = bc.get(path).await;
        if path.starts_with("/api/v1/outbox") {
            // A filter on another organization's practice finds nothing.
            assert!(r.ok()["items"].as_array().unwrap().is_empty());
            continue;
        }
        r.expect(404, "not_found");
    }
    let writes = [
        (
            "PUT",
            format!("/api/v1/drafts/{draft}"),
            json!({"body": "x"}),
        ),
        (
            "POST",
            format!("/api/v1/drafts/{draft}/submit"),
            serde_json::Value::Null,
        ),
        (
            "POST",
            format!("/api/v1/drafts/{draft}/decide"),
            json!({"decision": "approve"}),
        ),
        (
            "POST",
            format!("/api/v1/drafts/{draft}/publish"),
            json!({"link": "https://x.example/1"}),
        ),
        (
            "POST",
            format!("/api/v1/drafts/{draft}/take-down"),
            json!({"reason": "r"}),
        ),
        (
            "PUT",
            format!("/api/v1/practices/{p}/profile"),
            json!({"profile": "[practice]\nname = \"x\"\n"}),
        ),
        (
            "POST",
            format!("/api/v1/practices/{p}/accounts"),
            json!({"platform": "x", "handle": "@x"}),
        ),
        (
            "PUT",
            format!("/api/v1/users/{u}"),
            json!({"disabled": true}),
        ),
        (
            "POST",
            format!("/api/v1/users/{u}/roles"),
            json!({"practice_id": b.practice, "role": "writer"}),
        ),
        (
            "POST",
            format!("/api/v1/users/{}/roles", b.writer),
            json!({"practice_id": p, "role": "writer"}),
        ),
        (
            "DELETE",
            format!("/api/v1/users/{u}/roles"),
            json!({"practice_id": p, "role": "writer"}),
        ),
        (
            "DELETE",
            format!("/api/v1/tokens/{token}"),
            serde_json::Value::Null,
        ),
        (
            "POST",
            format!("/api/v1/check?practice={p}"),
            json!({"text": "hi"}),
        ),
        (
            "POST",
            "/api/v1/drafts".to_owned(),
            json!({"practice_id": p, "body": "hi"}),
        ),
        (
            "POST",
            "/api/v1/users".to_owned(),
            json!({"email": "x@beta.example", "name": "X", "password": "long enough pw", "practice_id": p, "roles": ["writer"]}),
        ),
    ];
    for (method, path, body) in &writes {
        let m: axum::http::Method = method.parse().unwrap();
        let body = if body.is_null() {
            None
        } else {
            Some(body.clone())
        };
        let r = bc.send(m, path, body).await;
        assert_eq!(r.status.as_u16(), 404, "{method} {path}: {}", r.text);
        assert_eq!(r.code(), "not_found");
    }
    // Lists show only beta's own.
    let drafts = bc.get("/api/v1/drafts").await.ok();
    assert!(drafts["drafts"].as_array().unwrap().is_empty());
    let drafts = bc.get(&format!("/api/v1/drafts?practice={p}")).await.ok();
    assert!(drafts["drafts"].as_array().unwrap().is_empty());
    let users = bc.get("/api/v1/users").await.ok();
    assert!(users["users"]
        .as_array()
        .unwrap()
        .iter()
        .all(|u| u["user"]["organization_id"] == b.org.as_str()));
    let practices = bc.get("/api/v1/practices").await.ok();
    assert_eq!(practices["practices"].as_array().unwrap().len(), 1);
    // Alpha's draft is untouched.
    let still = aw.get(&format!("/api/v1/drafts/{draft}")).await.ok();
    assert_eq!(still["draft"]["status"], "in_review");
    assert_eq!(still["decisions"].as_array().unwrap().len(), 0);
    // Beta's export holds only beta's events.
    let export = bc.get("/api/v1/audit/export").await;
    assert!(export
        .text
        .lines()
        .all(|l| l.contains(&format!("\"organization_id\":\"{}\"", b.org))));
}
