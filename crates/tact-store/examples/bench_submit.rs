//! Draft submissions per second (`Store::submit_version`: version row + draft status + audit
//! event, one transaction), on SQLite and on PostgreSQL. The check report is precomputed
//! JSON, so this measures the storage path only.
//!
//! ```sh
//! cargo run --release -p tact-store --example bench_submit -- [N] [CONCURRENCY]
//! ```
//!
//! SQLite runs in a temporary directory; PostgreSQL in a fresh database `tact_bench_<random>`
//! on `TACT_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`), dropped
//! at the end. Set `TACT_BENCH_ONLY=sqlite` or `=postgres` to run one.

use std::time::Instant;

use sqlx::{Connection, Executor};
use tact_store::{AccountType, Actor, DraftKind, NewDraft, Role, Store};

const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A report of the size the engine produces for a flagged reply (two findings, a few
/// entities): about 1.5 KB.
fn report() -> String {
    let finding = |rule: &str, start: u32| {
        serde_json::json!({
            "rule": rule, "category": "conduct", "severity": "review", "start": start,
            "end": start + 40,
            "message": "This reply confirms that the reviewer is a patient; a practice must never confirm or deny it.",
            "fix": "Thank them warmly without mentioning a visit, and invite them to call the office.",
            "score": 0.8
        })
    };
    let entity = |t: &str, start: u32| {
        serde_json::json!({"type": t, "start": start, "end": start + 8, "score": 0.42,
            "recognizer": "health-terms", "explanation": {"pattern": "procedure lexicon"}})
    };
    serde_json::json!({
        "schema_version": "1.1", "id": null, "kind": "reply", "verdict": "review",
        "findings": [finding("acknowledgement", 0), finding("patient-case", 60)],
        "entities": [entity("PROCEDURE", 20), entity("CONDITION", 70), entity("DATE", 100)],
    })
    .to_string()
}

async fn bench(name: &str, store: &Store, n: usize, concurrency: usize) {
    let sys = Actor::System;
    let org = store.create_organization(&sys, "Bench").await.unwrap().id;
    let practice = store
        .create_practice(&org, &sys, "Bench Practice", "")
        .await
        .unwrap()
        .id;
    let account = store
        .create_account(
            &org,
            &sys,
            &practice,
            "facebook",
            "@bench",
            AccountType::Business,
        )
        .await
        .unwrap()
        .id;
    let writer = store
        .create_user(
            &org,
            &sys,
            &format!("writer-{concurrency}@{name}.bench"),
            "Writer",
            "pw",
        )
        .await
        .unwrap()
        .id;
    store
        .grant_role(&org, &sys, &writer, &practice, Role::Writer)
        .await
        .unwrap();
    let actor = Actor::user(&writer);
    let body = "Thank you so much for the kind words! We'll share them with the whole team. \
                If there's anything else, please call our office so we can help privately.";
    let report = report();

    // One draft per task; each submission freezes the next version of it (the draft stays
    // in review, as when a writer revises while waiting).
    let mut drafts = Vec::new();
    for _ in 0..concurrency {
        let new = NewDraft {
            practice_id: practice.clone(),
            account_id: Some(account.clone()),
            kind: DraftKind::Reply,
            replying_to: Some("Great visit, thanks!".into()),
            body: body.into(),
        };
        drafts.push(store.create_draft(&org, &actor, &new).await.unwrap().id);
    }
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (t, draft) in drafts.into_iter().enumerate() {
        let (store, org, actor, report) =
            (store.clone(), org.clone(), actor.clone(), report.clone());
        let count = n / concurrency + usize::from(t < n % concurrency);
        tasks.push(tokio::spawn(async move {
            for _ in 0..count {
                store
                    .submit_version(&org, &actor, &draft, body, &report)
                    .await
                    .unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let secs = start.elapsed().as_secs_f64();
    let head = store.verify().await.unwrap();
    println!(
        "{name}: {n} submissions in {secs:.2} s with {concurrency} concurrent writers: \
         {:.0} submissions/s (chain verified, head {})",
        n as f64 / secs,
        head.seq
    );
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(2000, |a| a.parse().expect("N"));
    let concurrency: usize = args.next().map_or(4, |a| a.parse().expect("CONCURRENCY"));
    let only = std::env::var("TACT_BENCH_ONLY").ok();

    if only.as_deref() != Some("postgres") {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path()).await.unwrap();
        bench("sqlite", &store, n, 1).await;
        bench("sqlite", &store, n, concurrency).await;
        store.close().await;
    }

    if only.as_deref() != Some("sqlite") {
        let admin_url =
            std::env::var("TACT_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.into());
        sqlx::any::install_default_drivers();
        let mut admin = sqlx::AnyConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL is not reachable at {admin_url}: {e}"));
        let mut suffix = [0u8; 6];
        getrandom::getrandom(&mut suffix).unwrap();
        let db: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
        let db = format!("tact_bench_{db}");
        admin
            .execute(format!("CREATE DATABASE {db}").as_str())
            .await
            .unwrap();
        let base = admin_url.split('?').next().unwrap();
        let url = format!("{}/{db}", &base[..base.rfind('/').unwrap()]);
        let store = Store::open(&url).await.unwrap();
        bench("postgres", &store, n, 1).await;
        bench("postgres", &store, n, concurrency).await;
        store.close().await;
        admin
            .execute(format!("DROP DATABASE {db} WITH (FORCE)").as_str())
            .await
            .unwrap();
    }
}
