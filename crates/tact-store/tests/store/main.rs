//! The storage tests. Every test function runs twice: on SQLite (`…::sqlite::NAME`) and on
//! PostgreSQL (`…::postgres::NAME`).

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

mod audit;
mod common;
mod crud;
mod durability;
mod policy;
mod tenancy;
