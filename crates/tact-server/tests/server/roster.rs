//! A practice's known-patient roster and reply templates, uploaded in the desk: the
//! practice's analyzer is built with them, only hashes of the names are stored, and every
//! change is an audit event.

use serde_json::json;
use tact_store::{Actor, Role};

use crate::common::{Fixture, TestDb, PASSWORD};
use crate::http::{desk, Client};

on_both!(
    an_uploaded_roster_name_is_found,
    custom_reply_templates_are_suggested,
);

const POST: &str = "Shout-out to Adaeze Okonkwo for a great 5K run!";

fn has_rule(report: &serde_json::Value, rule: &str) -> bool {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == rule)
}

async fn an_uploaded_roster_name_is_found(db: TestDb) {
    let f = Fixture::new(&db.store, "ros").await;
    let app = desk(&db.store);
    let w = Client::login(&app, "writer@ros.example", PASSWORD).await;
    let c = Client::login(&app, "compliance@ros.example", PASSWORD).await;
    let check = format!("/api/v1/check?practice={}", f.practice);
    let roster = format!("/api/v1/practices/{}/roster", f.practice);

    let before = w.post(&check, json!({"text": POST})).await.ok();
    assert!(!has_rule(&before, "known-patient"), "{before}");

    // Only the compliance officer or an admin may upload.
    w.put(&roster, json!({"names": "Okonkwo, Adaeze\n"}))
        .await
        .expect(403, "forbidden");
    c.put(&roster, json!({"names": "   \nCher\n"}))
        .await
        .expect(400, "bad_request");
    let up = c
        .put(
            &roster,
            json!({"names": "Okonkwo, Adaeze\nDana Whitley\n\nCher\n"}),
        )
        .await
        .ok();
    assert_eq!(up["names"], 2);
    assert_eq!(up["skipped_lines"], json!([4]));

    // The writer's next check finds the name (the analyzer was rebuilt).
    let after = w.post(&check, json!({"text": POST})).await.ok();
    assert!(has_rule(&after, "known-patient"), "{after}");
    assert_eq!(after["verdict"], "block");
    // Drafts too.
    let made = w
        .post(
            "/api/v1/drafts",
            json!({"practice_id": f.practice, "body": POST}),
        )
        .await
        .ok();
    assert!(has_rule(&made["report"], "known-patient"), "{made}");

    // The database holds hashes, never the names; the answer and the log say only how many.
    let stored: Vec<(String,)> = sqlx::query_as("SELECT hashes FROM practice_rosters")
        .fetch_all(db.store.pool())
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    let lower = stored[0].0.to_lowercase();
    for word in ["adaeze", "okonkwo", "dana", "whitley"] {
        assert!(!lower.contains(word), "{word} stored");
    }
    let got = c.get(&roster).await.ok();
    assert_eq!(got["names"], 2);
    assert!(!got.to_string().to_lowercase().contains("okonkwo"));
    let events = db.store.export(0, i64::MAX).await.unwrap();
    let changes: Vec<_> = events
        .iter()
        .filter(|e| e.object_kind == "roster" && e.object_id == f.practice)
        .collect();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].action, "settings_change");
    assert!(changes[0].details.contains("\"names\":2"));
    for e in &events {
        assert!(
            !e.details.to_lowercase().contains("okonkwo"),
            "{}",
            e.details
        );
    }

    // Another organization's practice looks missing.
    let g = Fixture::new(&db.store, "other").await;
    db.store
        .grant_role(
            &g.org,
            &Actor::System,
            &g.compliance,
            &g.practice,
            Role::Admin,
        )
        .await
        .unwrap();
    let outsider = Client::login(&app, "compliance@other.example", PASSWORD).await;
    outsider
        .put(&roster, json!({"names": "Dana Whitley"}))
        .await
        .expect(404, "not_found");

    // Removing the roster: the name is no longer a known patient.
    let r = c.delete(&roster).await;
    assert_eq!(r.status.as_u16(), 204, "{}", r.text);
    let gone = w.post(&check, json!({"text": POST})).await.ok();
    assert!(!has_rule(&gone, "known-patient"), "{gone}");
    c.delete(&roster).await.expect(404, "not_found");
}

const REVIEW: &str = "Best clinic in town, the whole team was so kind and friendly!";
const CUSTOM: &str = "Thank you kindly! Your words made the whole front desk smile today.";

async fn custom_reply_templates_are_suggested(db: TestDb) {
    let f = Fixture::new(&db.store, "tpl").await;
    let app = desk(&db.store);
    let w = Client::login(&app, "writer@tpl.example", PASSWORD).await;
    let c = Client::login(&app, "compliance@tpl.example", PASSWORD).await;
    let check = format!("/api/v1/check?practice={}", f.practice);
    let replies = format!("/api/v1/practices/{}/replies", f.practice);
    let review = json!({"text": REVIEW, "kind": "review"});

    let before = w.post(&check, review.clone()).await.ok();
    let suggestions = |r: &serde_json::Value| -> Vec<String> {
        serde_json::from_value(r["suggestions"].clone()).unwrap_or_default()
    };
    assert!(
        !suggestions(&before).iter().any(|s| s == CUSTOM),
        "{before}"
    );
    let got = w.get(&replies).await.ok();
    assert!(got["templates"].is_null());
    assert!(got["builtin"].as_str().unwrap().contains("[[template]]"));

    // A bad file is refused with the reason; a writer may not change them.
    c.put(
        &replies,
        json!({"templates": "[[template]]\nclass = \"praise\"\ntext = \"{nme}\"\n"}),
    )
    .await
    .expect(400, "invalid_templates");
    let file = format!("[[template]]\nclass = \"praise\"\ntext = \"{CUSTOM}\"\n");
    w.put(&replies, json!({"templates": file}))
        .await
        .expect(403, "forbidden");
    let saved = c.put(&replies, json!({"templates": file})).await.ok();
    assert_eq!(saved["templates"], file.as_str());

    // The practice's analyzer now proposes the practice's own reply.
    let after = w.post(&check, review.clone()).await.ok();
    assert!(suggestions(&after).iter().any(|s| s == CUSTOM), "{after}");

    // Back to the built-in templates.
    c.put(&replies, json!({})).await.ok();
    let reset = w.post(&check, review).await.ok();
    assert!(!suggestions(&reset).iter().any(|s| s == CUSTOM), "{reset}");
    let events = db.store.export(0, i64::MAX).await.unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.object_kind == "replies" && e.action == "settings_change")
            .count(),
        2
    );
}
