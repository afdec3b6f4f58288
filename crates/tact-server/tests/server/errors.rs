//! Every kind of bad input gets its 4xx with the JSON error body — never a 500.

use axum::body::Body;
use axum::http::{header, Method};
use serde_json::json;

use crate::common::{Fixture, TestDb, PASSWORD};
use crate::http::{desk, token, Client};

on_both!(
    bad_input_gets_a_clear_4xx,
    roles_are_enforced,
    profile_errors_name_the_line
);

async fn bad_input_gets_a_clear_4xx(db: TestDb) {
    let f = Fixture::new(&db.store, "bad").await;
    let app = desk(&db.store);
    let c = Client::login(&app, "writer@bad.example", PASSWORD).await;
    let with_body = |ct: &str, body: Vec<u8>| {
        c.builder(Method::POST, "/api/v1/check")
            .header(header::CONTENT_TYPE, ct)
            .body(Body::from(body))
            .unwrap()
    };
    // Malformed JSON.
    c.raw(with_body("application/json", b"{\"text\": ".to_vec()))
        .await
        .expect(400, "bad_request");
    // Not an object / wrong type / missing field.
    c.raw(with_body("application/json", b"[1, 2]".to_vec()))
        .await
        .expect(400, "bad_request");
    c.post("/api/v1/check", json!({"text": 42}))
        .await
        .expect(400, "bad_request");
    c.post("/api/v1/check", json!({"kind": "post"}))
        .await
        .expect(400, "bad_request");
    // Unknown field.
    let r = c
        .post("/api/v1/check", json!({"text": "hi", "verdict": "pass"}))
        .await
        .expect(400, "bad_request");
    assert!(r.text.contains("unknown field"), "{}", r.text);
    // Unknown kind.
    c.post("/api/v1/check", json!({"text": "hi", "kind": "tweet"}))
        .await
        .expect(400, "bad_request");
    // Wrong content type, or none.
    c.raw(with_body("text/plain", b"{\"text\": \"hi\"}".to_vec()))
        .await
        .expect(415, "unsupported_media_type");
    c.raw(
        c.builder(Method::POST, "/api/v1/check")
            .body(Body::from("{\"text\": \"hi\"}"))
            .unwrap(),
    )
    .await
    .expect(415, "unsupported_media_type");
    // Oversized body.
    let big = format!("{{\"text\": \"{}\"}}", "a".repeat(3 << 20));
    c.raw(with_body("application/json", big.into_bytes()))
        .await
        .expect(413, "payload_too_large");
    // Invalid UTF-8 inside JSON.
    c.raw(with_body(
        "application/json",
        b"{\"text\": \"\xff\xfe\"}".to_vec(),
    ))
    .await
    .expect(400, "bad_request");
    // Unknown objects and routes; wrong methods.
    c.get("/api/v1/drafts/no-such-draft")
        .await
        .expect(404, "not_found");
    c.get("/api/v1/nothing-here").await.expect(404, "not_found");
    c.send(Method::PATCH, "/api/v1/drafts", None)
        .await
        .expect(405, "method_not_allowed");
    c.get("/api/v1/drafts/x/versions/not-a-number")
        .await
        .expect(400, "bad_request");
    // Bad query parameters.
    c.get("/api/v1/drafts?status=lost")
        .await
        .expect(400, "bad_request");
    c.get("/api/v1/drafts?from=yesterday")
        .await
        .expect(400, "bad_request");
    c.get("/api/v1/drafts?colour=blue")
        .await
        .expect(400, "bad_request");
    // A decision that is not one.
    let d = c
        .post("/api/v1/drafts", json!({"body": "Flu shots are in!"}))
        .await
        .ok();
    let id = d["draft"]["id"].as_str().unwrap();
    c.post(
        &format!("/api/v1/drafts/{id}/decide"),
        json!({"decision": "maybe"}),
    )
    .await
    .expect(400, "bad_request");
    // Publishing a draft that is not approved is a conflict, not a crash.
    c.post(
        &format!("/api/v1/drafts/{id}/publish"),
        json!({"link": "https://example.com/p/1"}),
    )
    .await
    .expect(409, "conflict");
    // An empty or odd bearer header.
    let t = token(&db.store, &f.org, &f.writer).await;
    let r = Client::anonymous(&app)
        .raw(
            c.builder(Method::GET, "/api/v1/me")
                .header(header::AUTHORIZATION, format!("Bearer  {t}x"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status.as_u16(), 401);
}

async fn roles_are_enforced(db: TestDb) {
    let f = Fixture::new(&db.store, "roles").await;
    let app = desk(&db.store);
    let w = Client::login(&app, "writer@roles.example", PASSWORD).await;
    // Writers cannot change the profile, add users, accounts or practices, or read the audit log.
    w.put(
        &format!("/api/v1/practices/{}/profile", f.practice),
        json!({"profile": "[practice]\nname = \"y\"\n"}),
    )
    .await
    .expect(403, "forbidden");
    w.post(
        "/api/v1/users",
        json!({"email": "new@roles.example", "name": "N", "password": "long enough pw"}),
    )
    .await
    .expect(403, "forbidden");
    w.post(
        &format!("/api/v1/practices/{}/accounts", f.practice),
        json!({"platform": "instagram", "handle": "@x"}),
    )
    .await
    .expect(403, "forbidden");
    w.post("/api/v1/practices", json!({"name": "Another"}))
        .await
        .expect(403, "forbidden");
    w.get("/api/v1/audit/head").await.expect(403, "forbidden");
    w.post_empty("/api/v1/audit/verify")
        .await
        .expect(403, "forbidden");
    w.put(
        &format!("/api/v1/users/{}", f.reviewer),
        json!({"disabled": true}),
    )
    .await
    .expect(403, "forbidden");
    // The compliance officer may read the audit log and edit the profile.
    let c = Client::login(&app, "compliance@roles.example", PASSWORD).await;
    c.get("/api/v1/audit/head").await.ok();
    c.put(
        &format!("/api/v1/practices/{}/profile", f.practice),
        json!({"profile": "[practice]\nname = \"Roles Family Medicine\"\n"}),
    )
    .await
    .ok();
}

async fn profile_errors_name_the_line(db: TestDb) {
    let f = Fixture::new(&db.store, "prof").await;
    let app = desk(&db.store);
    let c = Client::login(&app, "compliance@prof.example", PASSWORD).await;
    let path = format!("/api/v1/practices/{}/profile", f.practice);
    let r = c
        .put(
            &path,
            json!({"profile": "[practice]\nname = \"x\"\nphones = 7\n"}),
        )
        .await
        .expect(400, "invalid_profile");
    assert!(r.text.contains("line 3"), "{}", r.text);
    let r = c
        .put(
            &path,
            json!({"profile": "[practice]\nname = \"x\"\n\n[[recognizers]]\nname = \"r\"\nentity = \"MEDICAL_RECORD_NUMBER\"\npattern = \"(\"\n"}),
        )
        .await
        .expect(400, "invalid_profile");
    assert!(r.text.contains("line 7"), "{}", r.text);
    // A good profile replaces the analyzer: a flagged term now counts.
    let text = "Try our miracle cure today!";
    let before = c.post("/api/v1/check", json!({"text": text})).await.ok();
    c.put(
        &path,
        json!({"profile": "[practice]\nname = \"x\"\n\n[flag]\nterms = [\"miracle cure\"]\n"}),
    )
    .await
    .ok();
    let after = c.post("/api/v1/check", json!({"text": text})).await.ok();
    assert_ne!(before["findings"], after["findings"], "{before} / {after}");
    let got = c.get(&path).await.ok();
    assert!(got["profile"].as_str().unwrap().contains("miracle cure"));
}
