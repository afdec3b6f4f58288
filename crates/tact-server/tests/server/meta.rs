//! Health check and the OpenAPI document.

use std::collections::BTreeSet;

use crate::common::TestDb;
use crate::http::{desk, Client};

on_both!(healthz_and_openapi);

async fn healthz_and_openapi(db: TestDb) {
    let app = desk(&db.store);
    let anon = Client::anonymous(&app);
    assert_eq!(anon.get("/healthz").await.ok()["status"], "ok");
    let doc = anon.get("/api/openapi.json").await.ok();
    assert_eq!(doc["openapi"], "3.1.0");
    // Every route the router serves is in the document, and nothing else.
    let served: BTreeSet<(String, String)> = tact_server::api_routes()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_owned()))
        .collect();
    let described: BTreeSet<(String, String)> =
        tact_server::openapi::described().into_iter().collect();
    assert_eq!(served, described);
    for (m, p) in &served {
        let op = &doc["paths"][p][m.to_lowercase()];
        assert!(op.is_object(), "{m} {p} missing from the served document");
        assert!(op["summary"].as_str().is_some_and(|s| !s.is_empty()));
    }
    // Every schema reference resolves.
    let text = doc.to_string();
    for part in text.split("#/components/schemas/").skip(1) {
        let name: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            doc["components"]["schemas"][&name].is_object(),
            "schema {name} is referenced but not defined"
        );
    }
    // Each described route answers (no 404/405 from the router) to an anonymous call.
    for (m, p) in &served {
        let path = p.replace("{id}", "x").replace("{number}", "1");
        let r = anon.send(m.parse().unwrap(), &path, None).await;
        assert!(
            r.status.as_u16() != 405 && (r.status.as_u16() != 404 || r.code() == "not_found"),
            "{m} {p}: {}",
            r.status
        );
    }
}
