//! The whole flow through the API, with its audit events and a verifying chain.

use serde_json::{json, Value};
use tact_store::{Actor, Role};

use crate::common::{Fixture, TestDb, PASSWORD};
use crate::http::{desk, Client};

on_both!(
    create_check_submit_approve_publish_take_down,
    nobody_approves_their_own_draft,
    a_block_needs_a_compliance_override_with_reason,
    send_back_edit_resubmit_and_filters,
    only_the_author_a_writer_or_an_admin_records_publication,
);

const BLOCKED: &str = "So proud of Maria Delgado, who finished her last round of chemo on 3/14!";
const REVIEW_REPLY: &str = "So glad your knee surgery went well, see you at your follow-up!";

async fn create_check_submit_approve_publish_take_down(db: TestDb) {
    let f = Fixture::new(&db.store, "flow").await;
    let app = desk(&db.store);
    let w = Client::login(&app, "writer@flow.example", PASSWORD).await;
    let r = Client::login(&app, "reviewer@flow.example", PASSWORD).await;
    let c = Client::login(&app, "compliance@flow.example", PASSWORD).await;

    // Create a reply that acknowledges a patient: the check says review or block.
    let made = w
        .post(
            "/api/v1/drafts",
            json!({"kind": "reply", "account_id": f.account, "replying_to": "Great care for my knee!", "body": REVIEW_REPLY}),
        )
        .await
        .ok();
    let id = made["draft"]["id"].as_str().unwrap().to_owned();
    assert_eq!(made["draft"]["status"], "draft");
    assert_ne!(made["report"]["verdict"], "pass", "{made}");
    // Edit to a safe text; the answer carries the new report.
    let safe = "Thank you so much for the kind words! We will share them with the whole team.";
    let edited = w
        .put(&format!("/api/v1/drafts/{id}"), json!({"body": safe}))
        .await
        .ok();
    assert_eq!(edited["draft"]["body"], safe);
    let verdict = edited["report"]["verdict"].as_str().unwrap().to_owned();
    // Back to the risky text, then submit: in review.
    w.put(
        &format!("/api/v1/drafts/{id}"),
        json!({"body": REVIEW_REPLY}),
    )
    .await
    .ok();
    let sub = w
        .post_empty(&format!("/api/v1/drafts/{id}/submit"))
        .await
        .ok();
    assert_eq!(sub["version"]["number"], 1);
    assert_eq!(sub["draft"]["status"], "in_review", "{sub}");
    let v_verdict = sub["version"]["verdict"].as_str().unwrap().to_owned();
    assert!(!sub["version"]["report"]["findings"]
        .as_array()
        .unwrap()
        .is_empty());
    // The reviewer (or, for a block, the compliance officer) approves.
    let approved = if v_verdict == "block" {
        c.post(
            &format!("/api/v1/drafts/{id}/decide"),
            json!({"decision": "override", "reason": "checked with the patient's authorization"}),
        )
        .await
        .ok()
    } else {
        r.post(
            &format!("/api/v1/drafts/{id}/decide"),
            json!({"decision": "approve"}),
        )
        .await
        .ok()
    };
    assert_eq!(approved["draft"]["status"], "approved");
    // In the outbox with the approved text.
    let out = w.get("/api/v1/outbox").await.ok();
    let items = out["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["text"], REVIEW_REPLY);
    // Published, then taken down.
    let p = w
        .post(
            &format!("/api/v1/drafts/{id}/publish"),
            json!({"link": "https://www.facebook.com/flow/posts/1"}),
        )
        .await
        .ok();
    assert_eq!(p["draft"]["status"], "published");
    w.post(
        &format!("/api/v1/drafts/{id}/take-down"),
        json!({"reason": ""}),
    )
    .await
    .expect(400, "bad_request");
    let t = w
        .post(
            &format!("/api/v1/drafts/{id}/take-down"),
            json!({"reason": "posted to the wrong page"}),
        )
        .await
        .ok();
    assert_eq!(t["draft"]["status"], "taken_down");
    assert_eq!(t["draft"]["takedown_reason"], "posted to the wrong page");

    // The draft's record: versions, decisions, events in order.
    let got = w.get(&format!("/api/v1/drafts/{id}")).await.ok();
    assert_eq!(got["versions"].as_array().unwrap().len(), 1);
    assert_eq!(got["decisions"].as_array().unwrap().len(), 1);
    let actions: Vec<&str> = got["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for needed in ["create", "check", "edit", "submit", "publish", "take_down"] {
        assert!(
            actions.contains(&needed),
            "{needed} missing from {actions:?}"
        );
    }
    assert!(actions.contains(&"approve") || actions.contains(&"override"));
    let _ = verdict;
    // No post text in any event.
    let all = db.store.export(0, i64::MAX).await.unwrap();
    for e in &all {
        assert!(!e.details.contains("knee"), "{}", e.details);
    }
    // The chain verifies; the head matches; the export has every event of the organization.
    let v = c.post_empty("/api/v1/audit/verify").await.ok();
    assert_eq!(v["ok"], true);
    let head = c.get("/api/v1/audit/head").await.ok();
    assert_eq!(head["head"]["seq"], v["head"]["seq"]);
    let export = c.get("/api/v1/audit/export").await;
    assert_eq!(export.status.as_u16(), 200);
    let lines: Vec<Value> = export
        .text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() >= 10);
    assert!(lines.iter().all(|e| e["organization_id"] == f.org.as_str()));
    let head2 = c.get("/api/v1/audit/head").await.ok();
    assert_eq!(
        head2["head"]["seq"].as_i64().unwrap(),
        head["head"]["seq"].as_i64().unwrap() + 1,
        "the export is an event"
    );
    // The dashboard counts it.
    let dash = c.get("/api/v1/dashboard").await.ok();
    assert_eq!(dash["drafts_by_status"]["taken_down"], 1);
    assert_eq!(dash["taken_down"].as_array().unwrap().len(), 1);
    assert!(!dash["findings_by_rule"].as_array().unwrap().is_empty());
}

async fn nobody_approves_their_own_draft(db: TestDb) {
    let f = Fixture::new(&db.store, "own").await;
    // The writer is a reviewer too.
    db.store
        .grant_role(
            &f.org,
            &Actor::System,
            &f.writer,
            &f.practice,
            Role::Reviewer,
        )
        .await
        .unwrap();
    let app = desk(&db.store);
    let w = Client::login(&app, "writer@own.example", PASSWORD).await;
    let d = w
        .post(
            "/api/v1/drafts",
            json!({"kind": "reply", "replying_to": "Thanks for fixing my knee", "body": REVIEW_REPLY}),
        )
        .await
        .ok();
    let id = d["draft"]["id"].as_str().unwrap();
    let s = w
        .post_empty(&format!("/api/v1/drafts/{id}/submit"))
        .await
        .ok();
    assert_eq!(s["draft"]["status"], "in_review");
    w.post(
        &format!("/api/v1/drafts/{id}/decide"),
        json!({"decision": "approve"}),
    )
    .await
    .expect(403, "forbidden");
    // A writer without the reviewer role cannot approve someone else's either.
    let other = w.clone();
    let _ = other;
}

async fn a_block_needs_a_compliance_override_with_reason(db: TestDb) {
    Fixture::new(&db.store, "blk").await;
    let app = desk(&db.store);
    let w = Client::login(&app, "writer@blk.example", PASSWORD).await;
    let r = Client::login(&app, "reviewer@blk.example", PASSWORD).await;
    let c = Client::login(&app, "compliance@blk.example", PASSWORD).await;
    let d = w
        .post("/api/v1/drafts", json!({"body": BLOCKED}))
        .await
        .ok();
    assert_eq!(d["report"]["verdict"], "block");
    let id = d["draft"]["id"].as_str().unwrap();
    let s = w
        .post_empty(&format!("/api/v1/drafts/{id}/submit"))
        .await
        .ok();
    assert_eq!(s["version"]["verdict"], "block");
    let decide = format!("/api/v1/drafts/{id}/decide");
    r.post(&decide, json!({"decision": "approve"}))
        .await
        .expect(403, "forbidden");
    r.post(&decide, json!({"decision": "override", "reason": "fine"}))
        .await
        .expect(403, "forbidden");
    c.post(&decide, json!({"decision": "approve"}))
        .await
        .expect(403, "forbidden");
    let no_reason = c.post(&decide, json!({"decision": "override"})).await;
    assert!(
        no_reason.status.is_client_error(),
        "{} {}",
        no_reason.status,
        no_reason.text
    );
    c.post(&decide, json!({"decision": "override", "reason": "   "}))
        .await;
    let ok = c
        .post(
            &decide,
            json!({"decision": "override", "reason": "signed authorization on file, ref 2026-17"}),
        )
        .await
        .ok();
    assert_eq!(ok["draft"]["status"], "approved");
    assert_eq!(ok["decision"]["kind"], "override");
    let dash = c.get("/api/v1/dashboard").await.ok();
    assert_eq!(dash["overrides"].as_array().unwrap().len(), 1);
}

async fn send_back_edit_resubmit_and_filters(db: TestDb) {
    let f = Fixture::new(&db.store, "back").await;
    let app = desk(&db.store);
    let w = Client::login(&app, "writer@back.example", PASSWORD).await;
    let r = Client::login(&app, "reviewer@back.example", PASSWORD).await;
    let d = w
        .post(
            "/api/v1/drafts",
            json!({"kind": "reply", "replying_to": "my knee", "body": REVIEW_REPLY}),
        )
        .await
        .ok();
    let id = d["draft"]["id"].as_str().unwrap().to_owned();
    w.post_empty(&format!("/api/v1/drafts/{id}/submit"))
        .await
        .ok();
    let rule = w.get(&format!("/api/v1/drafts/{id}/versions/1")).await.ok()["rules"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let by_rule = w.get(&format!("/api/v1/drafts?rule={rule}")).await.ok();
    assert_eq!(by_rule["drafts"].as_array().unwrap().len(), 1);
    let back = r
        .post(
            &format!("/api/v1/drafts/{id}/decide"),
            json!({"decision": "send_back", "reason": "please keep it general"}),
        )
        .await
        .ok();
    assert_eq!(back["draft"]["status"], "draft");
    let dash = r.get("/api/v1/dashboard").await.ok();
    assert_eq!(dash["waiting"][0]["waiting_on"], "writer");
    w.put(
        &format!("/api/v1/drafts/{id}"),
        json!({"body": "Thank you for the kind words! Please call the office anytime."}),
    )
    .await
    .ok();
    let s = w
        .post_empty(&format!("/api/v1/drafts/{id}/submit"))
        .await
        .ok();
    assert_eq!(s["version"]["number"], 2);
    // A second, passing post.
    w.post("/api/v1/drafts", json!({"body": "Flu shots are in!"}))
        .await
        .ok();
    let all = w.get("/api/v1/drafts").await.ok();
    assert_eq!(all["drafts"].as_array().unwrap().len(), 2);
    let by_author = w
        .get(&format!("/api/v1/drafts?author={}", f.writer))
        .await
        .ok();
    assert_eq!(by_author["drafts"].as_array().unwrap().len(), 2);
    let by_reviewer = w
        .get(&format!("/api/v1/drafts?author={}", f.reviewer))
        .await
        .ok();
    assert_eq!(by_reviewer["drafts"].as_array().unwrap().len(), 0);
    let by_text = w.get("/api/v1/drafts?q=flu").await.ok();
    assert_eq!(by_text["drafts"].as_array().unwrap().len(), 1);
    let by_status = w.get("/api/v1/drafts?status=draft").await.ok();
    assert_eq!(by_status["drafts"].as_array().unwrap().len(), 1);
    let by_date = w
        .get("/api/v1/drafts?from=2020-01-01&to=2020-02-01")
        .await
        .ok();
    assert_eq!(by_date["drafts"].as_array().unwrap().len(), 0);
    let by_account = w
        .get(&format!("/api/v1/drafts?account={}", f.account))
        .await
        .ok();
    assert_eq!(by_account["drafts"].as_array().unwrap().len(), 0);
}

async fn only_the_author_a_writer_or_an_admin_records_publication(db: TestDb) {
    let f = Fixture::new(&db.store, "pub").await;
    let app = desk(&db.store);
    let w = Client::login(&app, "writer@pub.example", PASSWORD).await;
    let r = Client::login(&app, "reviewer@pub.example", PASSWORD).await;
    let c = Client::login(&app, "compliance@pub.example", PASSWORD).await;
    let made = w
        .post(
            "/api/v1/drafts",
            json!({"practice_id": f.practice, "body": "Flu shots are in! Walk in any weekday."}),
        )
        .await
        .ok();
    let id = made["draft"]["id"].as_str().unwrap().to_owned();
    let sub = w
        .post_empty(&format!("/api/v1/drafts/{id}/submit"))
        .await
        .ok();
    assert_eq!(sub["draft"]["status"], "approved", "{sub}");
    let page = format!("/drafts/{id}");
    let publish = format!("/api/v1/drafts/{id}/publish");
    let link = json!({"link": "https://www.facebook.com/pub/posts/1"});

    // A reviewer or a compliance officer (neither author, writer nor admin) sees no form,
    // in the outbox or on the draft, and the API refuses them alike.
    for who in [&r, &c] {
        let html = who.get(&page).await;
        assert_eq!(html.status.as_u16(), 200);
        assert!(!html.text.contains("id=\"publish-form\""), "{}", html.text);
        let outbox = who.get("/outbox").await.text;
        assert!(outbox.contains(&id) && !outbox.contains("data-test=\"publish-form\""));
        who.post(&publish, link.clone())
            .await
            .expect(403, "forbidden");
    }
    // An admin of the practice who did not write it may.
    db.store
        .grant_role(
            &f.org,
            &Actor::System,
            &f.reviewer,
            &f.practice,
            Role::Admin,
        )
        .await
        .unwrap();
    assert!(r.get(&page).await.text.contains("id=\"publish-form\""));
    // The author sees the form and records the link.
    assert!(w.get(&page).await.text.contains("id=\"publish-form\""));
    assert!(w
        .get("/outbox")
        .await
        .text
        .contains("data-test=\"publish-form\""));
    let p = w.post(&publish, link).await.ok();
    assert_eq!(p["draft"]["status"], "published");
}
