//! The policy in the desk: the compliance officer generates it from the profile, every
//! version is kept, each staff member acknowledges the current one (an audit event), the
//! page shows who has not, every format downloads, and another organization gets 404.

use serde_json::json;

use crate::common::{Fixture, TestDb, PASSWORD};
use crate::http::{desk, Client};

on_both!(generate_acknowledge_download, roles_errors_and_tenancy);

const PROFILE: &str = "[practice]\nname = \"Alpha Family Medicine\"\nphones = [\"(217) 555-0142\"]\noffice_manager = \"Jenna Ortiz\"\n";

async fn generate_acknowledge_download(db: TestDb) {
    let f = Fixture::new(&db.store, "alpha").await;
    let app = desk(&db.store);
    let c = Client::login(&app, "compliance@alpha.example", PASSWORD).await;
    let w = Client::login(&app, "writer@alpha.example", PASSWORD).await;
    let p = &f.practice;

    // The fixture's profile has no phone: the documents cannot be written, and say why.
    let r = c
        .post(&format!("/api/v1/practices/{p}/policy"), json!({}))
        .await
        .expect(422, "invalid_profile");
    assert!(r.text.contains("phone"), "{}", r.text);

    c.put(
        &format!("/api/v1/practices/{p}/profile"),
        json!({"profile": PROFILE}),
    )
    .await
    .ok();
    let made = c
        .post(
            &format!("/api/v1/practices/{p}/policy"),
            json!({"effective_date": "2026-12-01"}),
        )
        .await;
    assert_eq!(made.status.as_u16(), 201, "{}", made.text);
    let v1 = made.json()["version"].clone();
    assert_eq!(v1["number"], 1);
    assert_eq!(v1["effective_date"], "2026-12-01");
    let id1 = v1["id"].as_str().unwrap().to_owned();

    // The same inputs again: nothing new to acknowledge.
    let same = c
        .post(
            &format!("/api/v1/practices/{p}/policy"),
            json!({"effective_date": "2026-12-01"}),
        )
        .await
        .ok();
    assert_eq!(same["created"], false);
    assert_eq!(same["version"]["id"], id1.as_str());

    // Everyone is pending; the writer acknowledges; the list shrinks; the event is logged.
    let state = c.get(&format!("/api/v1/practices/{p}/policy")).await.ok();
    assert_eq!(
        state["acknowledgements"]["pending"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let ack = w
        .post_empty(&format!("/api/v1/policy/{id1}/acknowledge"))
        .await
        .ok();
    assert_eq!(ack["number"], 1);
    w.post_empty(&format!("/api/v1/policy/{id1}/acknowledge"))
        .await
        .expect(409, "conflict");
    let state = c.get(&format!("/api/v1/practices/{p}/policy")).await.ok();
    let pending = state["acknowledgements"]["pending"].as_array().unwrap();
    assert_eq!(pending.len(), 2);
    assert!(!pending.contains(&json!(f.writer)));
    let mine = w.get(&format!("/api/v1/practices/{p}/policy")).await.ok();
    assert!(mine["you_acknowledged_at"].is_i64());
    assert!(
        mine.get("acknowledgements").is_none(),
        "the list is for compliance and admin"
    );
    let events = db
        .store
        .object_events(&f.org, "policy_version", &id1)
        .await
        .unwrap();
    assert!(events
        .iter()
        .any(|e| e.action == "policy_acknowledge" && e.actor == format!("user:{}", f.writer)));

    // The page: who has not acknowledged, and the writer's own state.
    let page = c.get(&format!("/policy?practice={p}")).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(page.text.contains("id=\"policy-pending\""));
    assert!(page.text.contains("alpha reviewer") && page.text.contains("not yet"));
    assert!(page.text.contains("id=\"policy-generate-form\""));
    assert!(page.text.contains("id=\"nav-policy\""));
    let wpage = w.get("/policy").await;
    assert!(
        wpage.text.contains("id=\"policy-acknowledged\""),
        "{}",
        wpage.text
    );
    assert!(!wpage.text.contains("policy-generate-form"));

    // Downloads of every format.
    for (doc, format, ctype, needle) in [
        (
            "public",
            "md",
            "text/markdown",
            &b"Alpha Family Medicine"[..],
        ),
        ("guide", "html", "text/html", &b"<!DOCTYPE html>"[..]),
        ("guide", "pdf", "application/pdf", &b"%PDF-"[..]),
    ] {
        let r = w
            .get(&format!(
                "/api/v1/policy/{id1}/download?document={doc}&format={format}"
            ))
            .await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.text);
        assert!(r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with(ctype));
        assert!(r.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("-v1.{format}")));
        assert!(r.text.as_bytes().windows(needle.len()).any(|x| x == needle));
    }
    w.get(&format!(
        "/api/v1/policy/{id1}/download?document=x&format=md"
    ))
    .await
    .expect(400, "bad_request");
    w.get(&format!(
        "/api/v1/policy/{id1}/download?document=guide&format=docx"
    ))
    .await
    .expect(400, "bad_request");

    // A new profile makes a new version: v1 is kept, and everyone must acknowledge v2.
    c.put(
        &format!("/api/v1/practices/{p}/profile"),
        json!({"profile": PROFILE.replace("(217) 555-0142", "(217) 555-0177")}),
    )
    .await
    .ok();
    let v2 = c
        .post(
            &format!("/api/v1/practices/{p}/policy"),
            json!({"effective_date": "2027-01-01"}),
        )
        .await
        .ok()["version"]
        .clone();
    assert_eq!(v2["number"], 2);
    let full = w
        .get(&format!("/api/v1/policy/{}", v2["id"].as_str().unwrap()))
        .await
        .ok();
    assert!(full["public_md"]
        .as_str()
        .unwrap()
        .contains("(217) 555-0177"));
    let state = c.get(&format!("/api/v1/practices/{p}/policy")).await.ok();
    assert_eq!(state["versions"].as_array().unwrap().len(), 2);
    assert_eq!(
        state["acknowledgements"]["pending"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    w.post_empty(&format!("/api/v1/policy/{id1}/acknowledge"))
        .await
        .expect(409, "conflict");
    db.store.verify().await.unwrap();
}

async fn roles_errors_and_tenancy(db: TestDb) {
    let a = Fixture::new(&db.store, "alpha").await;
    let _b = Fixture::new(&db.store, "beta").await;
    let app = desk(&db.store);
    let ac = Client::login(&app, "compliance@alpha.example", PASSWORD).await;
    let aw = Client::login(&app, "writer@alpha.example", PASSWORD).await;
    let bc = Client::login(&app, "compliance@beta.example", PASSWORD).await;
    let p = &a.practice;
    ac.put(
        &format!("/api/v1/practices/{p}/profile"),
        json!({"profile": PROFILE}),
    )
    .await
    .ok();
    // A writer may not generate; a bad date or field is a 400.
    aw.post(&format!("/api/v1/practices/{p}/policy"), json!({}))
        .await
        .expect(403, "forbidden");
    ac.post(
        &format!("/api/v1/practices/{p}/policy"),
        json!({"effective_date": "2026-02-30"}),
    )
    .await
    .expect(400, "bad_request");
    ac.post(
        &format!("/api/v1/practices/{p}/policy"),
        json!({"version": "x"}),
    )
    .await
    .expect(400, "bad_request");
    let v = ac
        .post(&format!("/api/v1/practices/{p}/policy"), json!({}))
        .await
        .ok()["version"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Another organization: every route is 404.
    bc.get(&format!("/api/v1/practices/{p}/policy"))
        .await
        .expect(404, "not_found");
    bc.post(&format!("/api/v1/practices/{p}/policy"), json!({}))
        .await
        .expect(404, "not_found");
    bc.get(&format!("/api/v1/policy/{v}"))
        .await
        .expect(404, "not_found");
    bc.post_empty(&format!("/api/v1/policy/{v}/acknowledge"))
        .await
        .expect(404, "not_found");
    bc.get(&format!(
        "/api/v1/policy/{v}/download?document=guide&format=md"
    ))
    .await
    .expect(404, "not_found");
    let page = bc.get(&format!("/policy?practice={p}")).await;
    assert_eq!(page.status.as_u16(), 404);
    // Without credentials: 401.
    Client::anonymous(&app)
        .get(&format!("/api/v1/policy/{v}"))
        .await
        .expect(401, "unauthorized");
}
