//! Runs one test body against SQLite (a temporary directory) or PostgreSQL (a fresh database
//! `tact_test_<random>`, dropped afterwards, so parallel runs never collide).
//!
//! PostgreSQL is `TACT_TEST_POSTGRES_URL`, by default `postgres://postgres@127.0.0.1:5432/test`
//! (`scripts/postgres` starts it). When it cannot be reached the test fails: it never skips.

use std::future::Future;

use sqlx::{Connection, Executor};
use tact_store::Store;

pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// A test's database: the store, and the URL to open more stores on it (as another process
/// would).
pub struct TestDb {
    pub kind: Kind,
    pub url: String,
    pub store: Store,
}

impl TestDb {
    /// Another store on the same database, with its own pool.
    pub async fn reopen(&self) -> Store {
        Store::open(&self.url)
            .await
            .expect("reopen the test database")
    }
}

fn postgres_admin_url() -> String {
    std::env::var("TACT_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned())
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{base}/{name}{query}")
}

fn random_suffix() -> String {
    let mut b = [0u8; 8];
    getrandom::getrandom(&mut b).expect("random");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

async fn admin_connection(admin_url: &str) -> sqlx::AnyConnection {
    sqlx::any::install_default_drivers();
    match sqlx::AnyConnection::connect(admin_url).await {
        Ok(c) => c,
        Err(e) => panic!(
            "PostgreSQL is not reachable at {admin_url} ({e}). The storage tests run on \
             PostgreSQL too and never skip: start it with scripts/postgres, or point \
             TACT_TEST_POSTGRES_URL at a server (trust auth, a database to connect to)."
        ),
    }
}

/// Sets up the database, runs `body` (in its own task, so a panic is caught), tears the
/// database down, then re-raises the panic if there was one.
pub async fn run<F, Fut>(kind: Kind, body: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    match kind {
        Kind::Sqlite => {
            let dir = tempfile::tempdir().expect("temporary directory");
            let store = Store::open_dir(dir.path())
                .await
                .expect("open SQLite store");
            let url = format!("sqlite://{}/tact.db?mode=rwc", dir.path().display());
            let db = TestDb {
                kind,
                url,
                store: store.clone(),
            };
            let outcome = tokio::spawn(body(db)).await;
            store.close().await;
            drop(dir);
            if let Err(e) = outcome {
                std::panic::resume_unwind(e.into_panic());
            }
        }
        Kind::Postgres => {
            let admin_url = postgres_admin_url();
            let name = format!("tact_test_{}", random_suffix());
            let mut admin = admin_connection(&admin_url).await;
            admin
                .execute(format!("CREATE DATABASE {name}").as_str())
                .await
                .expect("create the test database");
            let url = with_database(&admin_url, &name);
            let store = Store::open(&url).await.expect("open PostgreSQL store");
            let db = TestDb {
                kind,
                url,
                store: store.clone(),
            };
            let outcome = tokio::spawn(body(db)).await;
            store.close().await;
            admin
                .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                .await
                .expect("drop the test database");
            if let Err(e) = outcome {
                std::panic::resume_unwind(e.into_panic());
            }
        }
    }
}

/// A small organization to test with: a practice with an account, and a writer, a reviewer
/// and a compliance officer.
pub struct Fixture {
    pub org: String,
    pub practice: String,
    pub account: String,
    pub writer: String,
    pub reviewer: String,
    pub compliance: String,
}

pub const PASSWORD: &str = "correct horse battery staple";

impl Fixture {
    pub async fn new(store: &Store, label: &str) -> Fixture {
        use tact_store::{AccountType, Actor, Role};
        let sys = Actor::System;
        let org = store
            .create_organization(&sys, &format!("{label} Org"))
            .await
            .unwrap()
            .id;
        let practice = store
            .create_practice(
                &org,
                &sys,
                &format!("{label} Family Medicine"),
                "[practice]\nname = \"x\"\n",
            )
            .await
            .unwrap()
            .id;
        let account = store
            .create_account(
                &org,
                &sys,
                &practice,
                "facebook",
                &format!("@{label}"),
                AccountType::Business,
            )
            .await
            .unwrap()
            .id;
        let mut ids = Vec::new();
        for (who, role) in [
            ("writer", Role::Writer),
            ("reviewer", Role::Reviewer),
            ("compliance", Role::Compliance),
        ] {
            let u = store
                .create_user(
                    &org,
                    &sys,
                    &format!("{who}@{label}.example"),
                    &format!("{label} {who}"),
                    PASSWORD,
                )
                .await
                .unwrap();
            store
                .grant_role(&org, &sys, &u.id, &practice, role)
                .await
                .unwrap();
            ids.push(u.id);
        }
        let compliance = ids.pop().unwrap();
        let reviewer = ids.pop().unwrap();
        let writer = ids.pop().unwrap();
        Fixture {
            org,
            practice,
            account,
            writer,
            reviewer,
            compliance,
        }
    }

    pub fn writer(&self) -> tact_store::Actor {
        tact_store::Actor::user(&self.writer)
    }
    pub fn reviewer(&self) -> tact_store::Actor {
        tact_store::Actor::user(&self.reviewer)
    }
    pub fn compliance(&self) -> tact_store::Actor {
        tact_store::Actor::user(&self.compliance)
    }

    /// A new post draft by the writer.
    pub async fn draft(&self, store: &Store, body: &str) -> tact_store::Draft {
        store
            .create_draft(
                &self.org,
                &self.writer(),
                &tact_store::NewDraft {
                    practice_id: self.practice.clone(),
                    account_id: Some(self.account.clone()),
                    kind: tact_store::DraftKind::Post,
                    replying_to: None,
                    body: body.to_owned(),
                },
            )
            .await
            .unwrap()
    }
}

/// An engine report with `verdict` and one finding per rule id.
pub fn report(verdict: &str, rules: &[&str]) -> String {
    let findings: Vec<serde_json::Value> = rules
        .iter()
        .map(|r| serde_json::json!({"rule": r, "category": "identifier", "severity": verdict, "start": 0, "end": 5, "message": "m", "fix": "f", "score": 0.9}))
        .collect();
    serde_json::json!({"schema_version": "1.1", "id": null, "kind": "post", "verdict": verdict, "findings": findings, "entities": []}).to_string()
}

/// Whether `result` is `Err(Error::NotFound)`.
pub fn is_not_found<T: std::fmt::Debug>(result: tact_store::Result<T>) -> bool {
    matches!(result, Err(tact_store::Error::NotFound))
}
