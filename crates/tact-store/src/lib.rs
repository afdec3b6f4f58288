//! Persistence for Tact's review desk.
//!
//! One async API over sqlx's `Any` driver, so the same SQL (and the same tests) run on SQLite
//! and PostgreSQL. [`Store::open`] connects and runs the migrations in `migrations/`.
//!
//! * **Tenancy.** Every read or write of a tenant object takes the caller's organization id
//!   and filters by it in SQL; an object of another organization is [`Error::NotFound`],
//!   exactly like a missing one. The only unscoped look-ups are the ones that *establish*
//!   who the caller is: [`Store::authenticate`] (by e-mail), [`Store::session`] (by cookie
//!   token) and [`Store::api_token`] (by bearer token); they return the organization id.
//!   Installation-wide operations are explicit about it: the audit chain
//!   ([`Store::verify`], [`Store::head`], [`Store::export`]; [`Store::export_organization`]
//!   for one tenant), the retention setting, and [`Store::due_deliveries`] for the delivery
//!   worker.
//! * **The audit log** (see [`audit`]) is append-only and hash-chained; every state change is
//!   written in the same transaction as its event.
//! * **No text in logs.** The store logs nothing; `Debug` of users, sessions and webhooks
//!   leaves out names, e-mails and secrets. Audit details hold ids, rule ids, counts and
//!   verdicts, never post text, comments or names.

pub mod audit;
mod auth;
mod desk;
mod login;
pub mod model;
mod org;
mod policy;
mod roster;

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, AnyPool, Executor, Transaction};

pub use audit::{Broken, Problem};
pub use auth::{constant_time_eq, hash_password, verify_password, Authorized, Credential};
pub use desk::PUBLISHERS;
pub use login::LoginFailures;
pub use model::*;
pub use policy::{NewPolicyVersion, PolicyVersion, StaffAcknowledgement};
pub use roster::{StoredReplies, StoredRoster};

/// The file [`Store::open_dir`] creates in the data directory.
pub const DATABASE_FILE: &str = "tact.db";

/// Audit events are kept at least this long: six years (HIPAA's documentation retention),
/// counted generously (6 × 366 days).
pub const MIN_RETENTION_DAYS: i64 = 6 * 366;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The store's errors. `Debug` prints the same as `Display`: a database error's message and
/// never its detail, which (on PostgreSQL) can quote row values such as post text or an
/// e-mail address, so that logging an error cannot leak them.
#[derive(thiserror::Error)]
pub enum Error {
    /// No such object in the caller's organization (it may exist in another one).
    #[error("not found")]
    NotFound,
    /// The object is not in a state that allows this (e.g. approving a draft not in review),
    /// or a unique value is taken.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The actor may not do this (role, or approving their own draft).
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Bad input (a URL, a report that is not JSON, a retention below the minimum…).
    #[error("invalid: {0}")]
    Invalid(String),
    /// Wrong e-mail or password, or a disabled user. Deliberately says no more.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The audit chain is broken: the first bad event and what is wrong with it.
    #[error("audit chain broken at event {}: {}", .0.seq, .0.problem)]
    ChainBroken(Broken),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("data directory: {0}")]
    Io(#[from] std::io::Error),
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Db(sqlx::Error::Database(e)) => write!(
                f,
                "Db(code {}: {})",
                e.code().as_deref().unwrap_or("?"),
                e.message()
            ),
            other => write!(f, "{other}"),
        }
    }
}

impl Error {
    /// A unique-constraint violation becomes [`Error::Conflict`]; anything else stays a
    /// database error.
    fn unique(e: sqlx::Error, what: &str) -> Error {
        match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                Error::Conflict(format!("{what} already exists"))
            }
            _ => Error::Db(e),
        }
    }
}

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The review desk's database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The login limiter's key, once read (see [`Store::login_key`]).
    login_key: std::sync::Arc<std::sync::OnceLock<Vec<u8>>>,
}

/// SQLite connection settings: WAL (readers never block the writer), foreign keys enforced,
/// writers wait for the lock instead of failing, and `synchronous = FULL` so that a commit
/// is on disk when it returns (an acknowledged write survives SIGKILL and power loss).
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
     PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;";

impl Store {
    /// Connects to `sqlite://PATH?mode=rwc` (or any SQLite URL sqlx accepts) or
    /// `postgres://…`, and brings the schema up to date.
    pub async fn open(url: &str) -> Result<Store> {
        Store::open_with(url, 8).await
    }

    /// [`Store::open`] with a pool of at most `max_connections`.
    pub async fn open_with(url: &str, max_connections: u32) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(Error::Invalid(
                "database URL must start with sqlite: or postgres://".into(),
            ));
        };
        // No ping before each acquire: that is a round trip per query on PostgreSQL, and a
        // connection that died shows as that query's error (the pool then drops it).
        let mut options = AnyPoolOptions::new()
            .max_connections(max_connections)
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(30));
        if backend == Backend::Sqlite {
            options = options.after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute(SQLITE_PRAGMAS).await?;
                    Ok(())
                })
            });
        }
        let pool = options.connect(url).await?;
        MIGRATOR.run(&pool).await?;
        Ok(Store {
            pool,
            backend,
            login_key: Default::default(),
        })
    }

    /// Creates the data directory when missing and opens (or creates) `dir/tact.db`.
    pub async fn open_dir(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(DATABASE_FILE);
        let path = path
            .to_str()
            .ok_or_else(|| Error::Invalid("the data directory's path is not UTF-8".into()))?;
        Store::open(&format!("sqlite://{}?mode=rwc", encode_path(path))).await
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The connection pool, for tools and tests that need raw SQL.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Waits for connections to be returned and closes them.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Begins a write transaction holding the chain lock: every write transaction appends to
    /// the audit log, so writers are serialized across processes up front (and can never
    /// deadlock on one another). SQLite: `BEGIN IMMEDIATE` takes the database's write lock;
    /// PostgreSQL: the chain-head row is locked `FOR UPDATE` until commit or rollback (and
    /// read by the same statement, saving the append a round trip).
    async fn begin_write(&self) -> Result<WriteTx> {
        match self.backend {
            Backend::Sqlite => Ok(WriteTx {
                tx: self.pool.begin_with("BEGIN IMMEDIATE").await?,
                head: None,
                backend: Backend::Sqlite,
            }),
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                let head: Head =
                    sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE")
                        .fetch_one(&mut *tx)
                        .await?;
                Ok(WriteTx {
                    tx,
                    head: Some(head),
                    backend: Backend::Postgres,
                })
            }
        }
    }
}

/// A write transaction holding the chain lock (see [`Store::begin_write`]), with the chain
/// head when it is already known. Dropping it uncommitted rolls back.
pub(crate) struct WriteTx {
    tx: Transaction<'static, sqlx::Any>,
    /// The head as of the lock; `None` until read (SQLite).
    pub(crate) head: Option<Head>,
    backend: Backend,
}

impl WriteTx {
    pub(crate) async fn commit(self) -> Result<()> {
        Ok(self.tx.commit().await?)
    }

    /// Runs a batch of writes (see [`Batch`]).
    pub(crate) async fn run(&mut self, batch: Batch) -> Result<()> {
        if batch.statements.is_empty() {
            return Ok(());
        }
        match self.backend {
            Backend::Sqlite => {
                for (sql, args) in batch.statements {
                    bind_all(sqlx::query(&sql), args)
                        .execute(&mut *self.tx)
                        .await?;
                }
            }
            Backend::Postgres => {
                let (sql, args) = batch.into_one_statement();
                bind_all(sqlx::query(&sql), args)
                    .execute(&mut *self.tx)
                    .await?;
            }
        }
        Ok(())
    }
}

/// A value bound to a statement of a [`Batch`].
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Text(String),
    OptText(Option<String>),
    Int(i64),
    OptInt(Option<i64>),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_owned())
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}
impl From<Option<String>> for Arg {
    fn from(s: Option<String>) -> Arg {
        Arg::OptText(s)
    }
}
impl From<i64> for Arg {
    fn from(i: i64) -> Arg {
        Arg::Int(i)
    }
}
impl From<Option<i64>> for Arg {
    fn from(i: Option<i64>) -> Arg {
        Arg::OptInt(i)
    }
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    args: Vec<Arg>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for a in args {
        q = match a {
            Arg::Text(s) => q.bind(s),
            Arg::OptText(s) => q.bind(s),
            Arg::Int(i) => q.bind(i),
            Arg::OptInt(i) => q.bind(i),
        };
    }
    q
}

/// Write statements (INSERT, UPDATE) of one transaction that do not read one another's
/// results, each with its own `$1…` parameters. On SQLite (in process) they run one after
/// the other; on PostgreSQL they go as **one** statement — every statement but the last a
/// data-modifying `WITH` clause, all run to completion — so a whole state change costs one
/// round trip to the server while the chain lock is held.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    statements: Vec<(String, Vec<Arg>)>,
}

impl Batch {
    pub(crate) fn new() -> Batch {
        Batch::default()
    }

    /// Adds a statement whose parameters are `$1…$n`, in the order of `args`.
    pub(crate) fn push(&mut self, sql: impl Into<String>, args: Vec<Arg>) {
        self.statements.push((sql.into(), args));
    }

    /// The statements joined into one (PostgreSQL): `WITH w0 AS (s0), w1 AS (s1) … sN`, with
    /// each statement's parameters renumbered after the previous ones.
    fn into_one_statement(self) -> (String, Vec<Arg>) {
        let n = self.statements.len();
        let mut sql = String::new();
        let mut args = Vec::new();
        for (i, (s, a)) in self.statements.into_iter().enumerate() {
            let renumbered = renumber(&s, args.len());
            if i + 1 < n {
                sql.push_str(if i == 0 { "WITH " } else { ", " });
                sql.push_str(&format!("w{i} AS ({renumbered})"));
            } else {
                if n > 1 {
                    sql.push(' ');
                }
                sql.push_str(&renumbered);
            }
            args.extend(a);
        }
        (sql, args)
    }
}

/// `$k` becomes `$(k + offset)` (the statements hold no `$` in literals).
fn renumber(sql: &str, offset: usize) -> String {
    if offset == 0 {
        return sql.to_owned();
    }
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '$' {
            let mut digits = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(*d);
                chars.next();
            }
            match digits.parse::<usize>() {
                Ok(k) => out.push_str(&(k + offset).to_string()),
                Err(_) => out.push_str(&digits),
            }
        }
    }
    out
}

impl std::ops::Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

/// Percent-encodes the characters that would end or change a `sqlite://` URL's path.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '%' | '?' | '#' | ' ' => out.push_str(&format!("%{:02X}", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Random bytes from the operating system.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::getrandom(&mut b).expect("the operating system's random source failed");
    b
}

/// A new id: a UUIDv7 (48-bit millisecond time, a 12-bit sequence, then 62 random bits), so
/// ids are unguessable yet sort by creation time. The sequence (RFC 9562, method 1) keeps ids
/// made in the same millisecond in the order they were made: lists ordered by id ("the
/// delivery log, oldest first") stay in order however fast rows arrive.
pub fn new_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    // The last id's milliseconds and sequence, as `ms << 12 | sequence`.
    static LAST: AtomicU64 = AtomicU64::new(0);
    let now = (now_ms() as u64) << 12;
    let mut last = LAST.load(Ordering::Relaxed);
    let stamp = loop {
        // A later millisecond starts at sequence 0; the same (or a clock step back) counts on,
        // and a full sequence moves into the next millisecond.
        let next = now.max(last + 1);
        match LAST.compare_exchange_weak(last, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => break next,
            Err(seen) => last = seen,
        }
    };
    let (ms, sequence) = (stamp >> 12, (stamp & 0xfff) as u16);
    let mut b: [u8; 16] = random_bytes();
    b[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    b[6] = 0x70 | (sequence >> 8) as u8;
    b[7] = sequence as u8;
    b[8] = 0x80 | (b[8] & 0x3f);
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// Lower-case hex SHA-256.
pub(crate) fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(data))
}

/// Fetches one optional row scoped by the caller; `None` is [`Error::NotFound`].
pub(crate) fn found<T>(row: Option<T>) -> Result<T> {
    row.ok_or(Error::NotFound)
}

/// Row `id` of `table` in organization `org`, as `columns` (`NotFound` when it is absent or
/// belongs to another organization). `table` and `columns` are always literals.
pub(crate) async fn row_in<'c, T, E>(
    executor: E,
    table: &str,
    columns: &str,
    org: &str,
    id: &str,
) -> Result<T>
where
    E: Executor<'c, Database = sqlx::Any>,
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    found(
        sqlx::query_as(&format!(
            "SELECT {columns} FROM {table} WHERE id = $1 AND organization_id = $2"
        ))
        .bind(id)
        .bind(org)
        .fetch_optional(executor)
        .await?,
    )
}

pub(crate) type Conn = AnyConnection;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuidv7_and_sort_by_time() {
        let a = new_id();
        std::thread::sleep(Duration::from_millis(2));
        let b = new_id();
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "7");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
        assert!(a < b);
        assert_ne!(new_id(), new_id());
        // Made within the same millisecond, ids still sort in the order they were made.
        let many: Vec<String> = (0..10_000).map(|_| new_id()).collect();
        assert!(many.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn passwords() {
        let h = hash_password("hunter42").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("hunter42", &h));
        assert!(!verify_password("hunter43", &h));
        assert!(!verify_password("hunter42", "not a hash"));
        assert_ne!(
            hash_password("hunter42").unwrap(),
            h,
            "a fresh salt each time"
        );
    }

    #[test]
    fn constant_time_comparison() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }

    #[test]
    fn batches_become_one_statement_with_renumbered_parameters() {
        let mut b = Batch::new();
        b.push(
            "INSERT INTO a (x, y) VALUES ($1, $2)",
            vec![1i64.into(), "y".into()],
        );
        b.push(
            "INSERT INTO b (z) VALUES ($1), ($2)",
            vec![2i64.into(), 3i64.into()],
        );
        b.push(
            "UPDATE c SET v = $1 WHERE id = $2",
            vec![4i64.into(), 5i64.into()],
        );
        let (sql, args) = b.into_one_statement();
        assert_eq!(
            sql,
            "WITH w0 AS (INSERT INTO a (x, y) VALUES ($1, $2)), \
             w1 AS (INSERT INTO b (z) VALUES ($3), ($4)) UPDATE c SET v = $5 WHERE id = $6"
        );
        assert_eq!(args.len(), 6);
        let mut one = Batch::new();
        one.push("UPDATE c SET v = $1 WHERE id = $12", vec![]);
        assert_eq!(
            one.into_one_statement().0,
            "UPDATE c SET v = $1 WHERE id = $12"
        );
        assert_eq!(renumber("$1, $10, $", 10), "$11, $20, $");
    }

    #[test]
    fn data_directory_paths_are_encoded() {
        assert_eq!(encode_path("/data/my desk?#%"), "/data/my%20desk%3F%23%25");
    }
}
