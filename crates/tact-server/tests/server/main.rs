//! The desk's HTTP tests, through `tower::ServiceExt::oneshot` on the router. Every test
//! runs twice: on SQLite (`…::sqlite::NAME`) and on PostgreSQL (`…::postgres::NAME`), with
//! the storage tests' helpers (`crates/tact-store/tests/store/common.rs`).

/// Declares each listed `async fn name(db: TestDb)` of the enclosing module as two tests,
/// `sqlite::name` and `postgres::name`.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    crate::common::run(crate::common::Kind::Sqlite, super::$name).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    crate::common::run(crate::common::Kind::Postgres, super::$name).await
                }
            )*
        }
    };
}

#[path = "../../../tact-store/tests/store/common.rs"]
#[allow(dead_code)]
mod common;
mod http;

mod audit;
mod auth;
mod errors;
mod flow;
mod limits;
mod meta;
mod pages;
mod policy;
mod roster;
mod tenancy;
mod webhooks;
