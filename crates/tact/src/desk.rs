//! `tact serve` and `tact audit`: thin wrappers over tact-server and tact-store.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use serde_json::json;
use tact_store::{Actor, Store};

use crate::{EXIT_FLAGGED, EXIT_PASS};

/// Where the desk's data lives: a SQLite database in a directory, or a database URL.
#[derive(Args, Debug, Clone)]
pub struct DatabaseArgs {
    /// The data directory (SQLite database `tact.db`, demo token).
    #[arg(long, value_name = "DIR", default_value = "tact-data")]
    pub data_dir: PathBuf,
    /// A database URL (`postgres://…` or `sqlite://…`) instead of the data directory's SQLite.
    #[arg(long, value_name = "URL", env = "TACT_DATABASE_URL")]
    pub database_url: Option<String>,
}

impl DatabaseArgs {
    async fn open(&self) -> Result<Store> {
        match &self.database_url {
            Some(url) => Store::open(url)
                .await
                .with_context(|| "cannot open the database given by --database-url".to_string()),
            None => Store::open_dir(&self.data_dir).await.with_context(|| {
                format!("cannot open the database in {}", self.data_dir.display())
            }),
        }
    }
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// Start with the demo practice, its users and sample drafts (seeded into an empty
    /// database on the first start); writes an API token for the demo admin to
    /// DATA_DIR/demo-token on every start.
    #[arg(long)]
    pub demo: bool,
    /// A PEM file of CA certificates that https:// webhooks may also chain to (a private CA),
    /// besides the built-in Mozilla root store.
    #[arg(long, value_name = "FILE", env = "TACT_WEBHOOK_CA")]
    pub webhook_ca: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Walk the whole audit chain: print the head, or name the first broken event (exit 1).
    Verify {
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Write events.jsonl, events.csv and manifest.json (SHA-256 of each file, range, head).
    Export {
        /// First instant, inclusive: YYYY-MM-DD (UTC) or milliseconds since 1970.
        #[arg(long, value_name = "WHEN")]
        from: Option<String>,
        /// Last instant, exclusive: YYYY-MM-DD (UTC) or milliseconds since 1970.
        #[arg(long, value_name = "WHEN")]
        to: Option<String>,
        /// The folder to write the bundle into (created when missing).
        #[arg(long, value_name = "DIR", default_value = "audit-export")]
        out: PathBuf,
        #[command(flatten)]
        db: DatabaseArgs,
    },
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

pub fn serve(args: ServeArgs) -> Result<u8> {
    runtime()?.block_on(serve_async(args))
}

async fn serve_async(args: ServeArgs) -> Result<u8> {
    tracing_subscriber::fmt()
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_max_level(tracing::Level::INFO)
        .with_writer(std::io::stderr)
        .init();
    std::fs::create_dir_all(&args.db.data_dir)
        .with_context(|| format!("cannot create {}", args.db.data_dir.display()))?;
    let store = args.db.open().await?;
    let config = tact_server::Config {
        secure_cookies: !args.bind.ip().is_loopback(),
        ..tact_server::Config::default()
    };
    let state = tact_server::AppState::new(store.clone(), config);

    let shutdown = shutdown_signal()?;
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    let addr = listener.local_addr()?;
    let url = format!("http://{addr}");

    if args.demo {
        let ids = demo_ids(&store, &args.db.data_dir).await?;
        let token = tact_server::demo::fresh_token(&store, &ids).await?;
        let path = args.db.data_dir.join("demo-token");
        write_private(&path, token.as_bytes())?;
        println!("Demo practice ready. Sign in at {url}/login as:");
        for (email, _, password, role) in tact_server::demo::USERS {
            println!("  {:<10} {email:<24} password: {password}", role.as_str());
        }
        println!("API token for the demo admin: {}", path.display());
    } else if let Some(token) = state.setup_token().await? {
        println!("First run: set up the first organization, practice and admin at");
        println!("  {url}/setup?token={token}");
        println!("(the link works once)");
    }
    println!("Tact review desk listening on {url}");
    use std::io::Write;
    std::io::stdout().flush().ok();

    // Expired sessions are refused on use; this only keeps the table small.
    let sweeper = store.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            if let Err(e) = sweeper.purge_expired_sessions().await {
                tracing::warn!(error = ?e, "purging expired sessions failed");
            }
        }
    });

    // Approved items go out to the practices' webhooks (signed, retried, logged).
    let mut sender = tact_server::webhooks::Sender::default();
    if let Some(ca) = &args.webhook_ca {
        sender = sender
            .with_extra_ca(ca)
            .map_err(|e| anyhow::anyhow!("--webhook-ca: {e}"))?;
    }
    sender.spawn(store.clone());

    let app = tact_server::app(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    store.close().await;
    eprintln!("tact serve: stopped");
    Ok(EXIT_PASS)
}

/// The demo organization: seeded into an empty database, or found through DATA_DIR/demo.json.
async fn demo_ids(store: &Store, data_dir: &Path) -> Result<tact_server::demo::DemoIds> {
    let marker = data_dir.join("demo.json");
    if tact_server::needs_setup(store).await? {
        let ids = tact_server::demo::seed(store).await?;
        std::fs::write(&marker, serde_json::to_vec_pretty(&ids)?)
            .with_context(|| format!("cannot write {}", marker.display()))?;
        return Ok(ids);
    }
    match std::fs::read(&marker) {
        Ok(bytes) => {
            let ids: tact_server::demo::DemoIds = serde_json::from_slice(&bytes)
                .with_context(|| format!("{} is not a demo marker", marker.display()))?;
            store
                .organization(&ids.organization_id)
                .await
                .with_context(|| {
                    format!(
                        "{} names an organization this database does not have",
                        marker.display()
                    )
                })?;
            Ok(ids)
        }
        Err(_) => bail!(
            "--demo needs an empty database or the one it seeded (no {} here, and the \
             database already has organizations)",
            marker.display()
        ),
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    f.write_all(bytes)?;
    Ok(())
}

/// Resolves on SIGINT or SIGTERM. The handlers are installed when this is called (before the
/// desk says it is listening), so a signal that comes at once still stops it gracefully.
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut int = signal(SignalKind::interrupt())?;
        let mut term = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = int.recv() => {},
                _ = term.recv() => {},
            }
            eprintln!("tact serve: shutting down");
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
            eprintln!("tact serve: shutting down");
        })
    }
}

pub fn audit(cmd: AuditCommand) -> Result<u8> {
    runtime()?.block_on(async move {
        match cmd {
            AuditCommand::Verify { db } => verify(&db.open().await?).await,
            AuditCommand::Export { from, to, out, db } => {
                export(&db.open().await?, from.as_deref(), to.as_deref(), &out).await
            }
        }
    })
}

async fn verify(store: &Store) -> Result<u8> {
    match store.verify().await {
        Ok(head) => {
            println!(
                "audit chain verified: {} events, head {} {}",
                head.seq, head.seq, head.hash
            );
            Ok(EXIT_PASS)
        }
        Err(tact_store::Error::ChainBroken(b)) => {
            println!("audit chain broken at event {}: {}", b.seq, b.problem);
            Ok(EXIT_FLAGGED)
        }
        Err(e) => Err(e.into()),
    }
}

fn instant(s: Option<&str>, what: &str, default: i64) -> Result<i64> {
    match s {
        None => Ok(default),
        Some(s) => tact_server::api::parse_instant(s)
            .with_context(|| format!("--{what}: use YYYY-MM-DD or milliseconds, not {s:?}")),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

async fn export(store: &Store, from: Option<&str>, to: Option<&str>, out: &Path) -> Result<u8> {
    let from = instant(from, "from", 0)?;
    let to = instant(to, "to", i64::MAX)?;
    if from >= to {
        bail!("--from must be before --to");
    }
    let head = store.head().await?;
    let events = store.export(from, to).await?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut jsonl = String::new();
    let mut csv = String::from(
        "seq,at,organization_id,actor,action,object_kind,object_id,details,prev_hash,hash\n",
    );
    for e in &events {
        jsonl.push_str(&serde_json::to_string(e)?);
        jsonl.push('\n');
        let row = [
            e.seq.to_string(),
            e.at.to_string(),
            e.organization_id.clone().unwrap_or_default(),
            e.actor.clone(),
            e.action.clone(),
            e.object_kind.clone(),
            e.object_id.clone(),
            e.details.clone(),
            e.prev_hash.clone(),
            e.hash.clone(),
        ];
        csv.push_str(
            &row.iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        csv.push('\n');
    }
    let sha = |b: &[u8]| -> String {
        use sha2::Digest;
        sha2::Sha256::digest(b)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect()
    };
    std::fs::write(out.join("events.jsonl"), &jsonl)?;
    std::fs::write(out.join("events.csv"), &csv)?;
    let manifest = json!({
        "generated_at": tact_store::now_ms(),
        "range": {"from": from, "to": if to == i64::MAX { serde_json::Value::Null } else { json!(to) }},
        "events": events.len(),
        "first_seq": events.first().map(|e| e.seq),
        "last_seq": events.last().map(|e| e.seq),
        "head": head,
        "files": {
            "events.jsonl": {"sha256": sha(jsonl.as_bytes()), "bytes": jsonl.len()},
            "events.csv": {"sha256": sha(csv.as_bytes()), "bytes": csv.len()},
        },
    });
    std::fs::write(
        out.join("manifest.json"),
        serde_json::to_string_pretty(&manifest)? + "\n",
    )?;
    store
        .record_event(
            None,
            &Actor::System,
            tact_store::Action::Export,
            "audit",
            "cli",
            json!({"from": from, "to": if to == i64::MAX { serde_json::Value::Null } else { json!(to) }, "events": events.len()}),
        )
        .await?;
    println!(
        "wrote {} events to {} (events.jsonl, events.csv, manifest.json); head {} {}",
        events.len(),
        out.display(),
        head.seq,
        head.hash
    );
    Ok(EXIT_PASS)
}
