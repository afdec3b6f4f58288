//! The review desk under load, from a second process: starts the real `tact serve --demo`
//! (release build) on SQLite in a temporary directory — or, with `--database-url`, on a fresh
//! PostgreSQL database — reads DATA_DIR/demo-token and drives the desk over HTTP:
//!
//! 1. `POST /api/v1/check` with an open-loop load at a fixed rate (default 500 requests/s
//!    for 10 s) over keep-alive connections, realistic posts and replies; latency is counted
//!    from each request's scheduled start, so a stalled desk cannot hide queueing (no
//!    coordinated omission). Prints the achieved rate, p50/p90/p99/max and errors.
//! 2. Submissions over HTTP: create a draft (check, draft, check record, audit events) and
//!    submit it (check, version, audit event), with a few concurrent writers; prints
//!    submissions/s and verifies the audit chain at the end.
//!
//! ```sh
//! cargo build --release -p tact --bin tact
//! cargo run --release -p tact-server --example bench_desk -- --help
//! ```

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use serde_json::{json, Value};
use tokio::io::AsyncBufReadExt;

const HELP: &str = "\
bench_desk: /api/v1/check latency and submissions/s of `tact serve`, load from this process

USAGE: bench_desk [OPTIONS]

  --tact PATH           the tact binary (default: $CARGO_TARGET_DIR/release/tact, else
                        target/release/tact)
  --database-url URL    run the desk on this PostgreSQL server, in a fresh database
                        tact_bench_<random> that is dropped at the end (the URL names any
                        existing database to connect to first); default: SQLite in a temp dir
  --rate N              check requests per second (default 500)
  --duration S          seconds of check load (default 10)
  --connections N       keep-alive connections for the check load (default 32)
  --submissions N       drafts to create and submit (default 1000; 0 skips)
  --writers N           concurrent writers for the submissions (default 4)
  --only check|submit   run one of the two
  -h, --help            this text";

struct Opts {
    tact: PathBuf,
    database_url: Option<String>,
    rate: f64,
    duration: f64,
    connections: usize,
    submissions: usize,
    writers: usize,
    only: Option<String>,
}

fn opts() -> Opts {
    let mut o = Opts {
        tact: default_tact(),
        database_url: None,
        rate: 500.0,
        duration: 10.0,
        connections: 32,
        submissions: 1000,
        writers: 4,
        only: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || {
            args.next().unwrap_or_else(|| {
                eprintln!("{a} needs a value\n\n{HELP}");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--tact" => o.tact = val().into(),
            "--database-url" => o.database_url = Some(val()),
            "--rate" => o.rate = val().parse().expect("--rate N"),
            "--duration" => o.duration = val().parse().expect("--duration S"),
            "--connections" => o.connections = val().parse().expect("--connections N"),
            "--submissions" => o.submissions = val().parse().expect("--submissions N"),
            "--writers" => o.writers = val().parse().expect("--writers N"),
            "--only" => o.only = Some(val()),
            "-h" | "--help" => {
                println!("{HELP}");
                std::process::exit(0)
            }
            _ => {
                eprintln!("unknown argument {a}\n\n{HELP}");
                std::process::exit(2)
            }
        }
    }
    o
}

fn default_tact() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("release/tact")
}

/// Posts and replies of the kind a practice writes, safe and unsafe.
const POSTS: &[&str] = &[
    "Flu shots are in! Walk in any weekday morning between 8 and 11, no appointment needed. Bring your insurance card.",
    "We're closed Monday for Memorial Day. For anything urgent, call our on-call line and a clinician will call you back.",
    "So proud of Maria Delgado, who finished her last round of chemo on 3/14! Ring that bell, Maria!",
    "Congratulations to our front desk team on five years together. Thank you for making every visit a little brighter.",
    "Reminder: our new patient portal is live. Message your care team, see lab results and book visits online.",
    "Happy birthday to John Smith (DOB 04/12/1961), one of our longest-standing patients! Call him at 555-201-3344.",
];
const REPLIES: &[(&str, &str)] = &[
    ("Dr. Patel fixed my knee after two years of pain. Best surgeon in town!", "Thank you so much for the kind words! We'll share them with the whole team."),
    ("Waited 45 minutes past my appointment and nobody said a word. Terrible.", "We're sorry you waited, Sarah. Your chart shows you were seen at 10:45 for your follow-up."),
    ("Great care for my knee!", "So glad your knee surgery went well, see you at your follow-up!"),
    ("The billing office overcharged me twice for my daughter's visit.", "We'd like to help. Please call our office manager at the main number so we can look into it privately."),
];

fn body(i: usize) -> Vec<u8> {
    let v = if i % 2 == 0 {
        json!({"text": POSTS[(i / 2) % POSTS.len()], "kind": "post"})
    } else {
        let (c, r) = REPLIES[(i / 2) % REPLIES.len()];
        json!({"text": r, "kind": "reply", "replying_to": c})
    };
    serde_json::to_vec(&v).unwrap()
}

struct Conn {
    send: SendRequest<Full<Bytes>>,
}

impl Conn {
    async fn open(port: u16) -> Conn {
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connect to the desk");
        stream.set_nodelay(true).ok();
        let (send, conn) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                .await
                .expect("HTTP handshake");
        tokio::spawn(async move {
            let _ = conn.await;
        });
        Conn { send }
    }

    async fn call(
        &mut self,
        method: &str,
        path: &str,
        token: &str,
        body: Vec<u8>,
    ) -> Result<(u16, Bytes), String> {
        self.send.ready().await.map_err(|e| e.to_string())?;
        let req = hyper::Request::builder()
            .method(method)
            .uri(path)
            .header("host", "127.0.0.1")
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(body)))
            .unwrap();
        let res = self
            .send
            .send_request(req)
            .await
            .map_err(|e| e.to_string())?;
        let status = res.status().as_u16();
        let bytes = res
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok((status, bytes))
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn check_load(o: &Opts, port: u16, token: &str) {
    // Warm-up: analyzers, caches, connections.
    let mut warm = Conn::open(port).await;
    for i in 0..100 {
        warm.call("POST", "/api/v1/check", token, body(i))
            .await
            .expect("warm-up");
    }
    let total = (o.rate * o.duration).round() as usize;
    let k = o.connections.max(1);
    let start = Instant::now() + Duration::from_millis(100);
    let interval = Duration::from_secs_f64(1.0 / o.rate);
    let before = loadavg();
    let mut tasks = Vec::new();
    for c in 0..k {
        let token = token.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::open(port).await;
            let mut lat = Vec::new();
            let mut errors = 0usize;
            let mut slot = c;
            while slot < total {
                let at = start + interval * slot as u32;
                tokio::time::sleep_until(at.into()).await;
                match conn.call("POST", "/api/v1/check", &token, body(slot)).await {
                    Ok((200, _)) => lat.push(at.elapsed()),
                    Ok(_) | Err(_) => {
                        errors += 1;
                        lat.push(at.elapsed());
                        conn = Conn::open(port).await;
                    }
                }
                slot += k;
            }
            (lat, errors)
        }));
    }
    let mut lat = Vec::with_capacity(total);
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await.unwrap();
        lat.extend(l);
        errors += e;
    }
    let secs = start.elapsed().as_secs_f64();
    lat.sort();
    println!(
        "check: {} requests at {:.0}/s target, achieved {:.0}/s over {:.1} s; latency p50 {} p90 {} p99 {} max {}; errors {}; load average {} before, {} after",
        lat.len(),
        o.rate,
        lat.len() as f64 / secs,
        secs,
        ms(pct(&lat, 0.50)),
        ms(pct(&lat, 0.90)),
        ms(pct(&lat, 0.99)),
        ms(*lat.last().unwrap_or(&Duration::ZERO)),
        errors,
        before,
        loadavg()
    );
}

async fn submissions(o: &Opts, port: u16, token: &str) {
    if o.submissions == 0 {
        return;
    }
    let before = loadavg();
    let start = Instant::now();
    let mut tasks = Vec::new();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for _ in 0..o.writers.max(1) {
        let (token, next, n) = (token.to_owned(), next.clone(), o.submissions);
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::open(port).await;
            let mut errors = 0usize;
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let draft = if i % 2 == 0 {
                    json!({"kind": "post", "body": POSTS[(i / 2) % POSTS.len()]})
                } else {
                    let (c, r) = REPLIES[(i / 2) % REPLIES.len()];
                    json!({"kind": "reply", "replying_to": c, "body": r})
                };
                let made = conn
                    .call(
                        "POST",
                        "/api/v1/drafts",
                        &token,
                        serde_json::to_vec(&draft).unwrap(),
                    )
                    .await;
                let id = match made {
                    Ok((201, b)) => serde_json::from_slice::<Value>(&b).unwrap()["draft"]["id"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                    other => {
                        if errors == 0 {
                            eprintln!("create draft failed: {:?}", other.map(|(s, _)| s));
                        }
                        errors += 1;
                        continue;
                    }
                };
                match conn
                    .call(
                        "POST",
                        &format!("/api/v1/drafts/{id}/submit"),
                        &token,
                        Vec::new(),
                    )
                    .await
                {
                    Ok((200, _)) => {}
                    other => {
                        if errors == 0 {
                            eprintln!("submit failed: {:?}", other.map(|(s, _)| s));
                        }
                        errors += 1;
                    }
                }
            }
            errors
        }));
    }
    let mut errors = 0;
    for t in tasks {
        errors += t.await.unwrap();
    }
    let secs = start.elapsed().as_secs_f64();
    let mut conn = Conn::open(port).await;
    let verified = conn
        .call("POST", "/api/v1/audit/verify", token, Vec::new())
        .await
        .map(|(s, b)| format!("{s} {}", String::from_utf8_lossy(&b)))
        .unwrap_or_else(|e| e);
    println!(
        "submit: {} drafts created and submitted over HTTP by {} writers in {:.2} s: {:.0} submissions/s; errors {}; load average {} before, {} after; audit verify: {}",
        o.submissions,
        o.writers,
        secs,
        o.submissions as f64 / secs,
        errors,
        before,
        loadavg(),
        verified.chars().take(160).collect::<String>()
    );
}

/// A fresh PostgreSQL database on the server of `url`; its URL and a URL to drop it from.
async fn fresh_database(url: &str) -> (String, String) {
    use sqlx::{Connection, Executor};
    let name = format!(
        "tact_bench_{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
            % 1_000_000_000_000
    );
    let mut admin = sqlx::PgConnection::connect(url)
        .await
        .expect("connect to PostgreSQL");
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create the bench database");
    admin.close().await.ok();
    let (base, _) = url.rsplit_once('/').expect("a postgres://…/DB URL");
    (format!("{base}/{name}"), name)
}

async fn drop_database(url: &str, name: &str) {
    use sqlx::{Connection, Executor};
    if let Ok(mut admin) = sqlx::PgConnection::connect(url).await {
        let _ = admin
            .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
            .await;
    }
}

#[tokio::main]
async fn main() {
    let o = opts();
    if !o.tact.exists() {
        eprintln!(
            "no tact binary at {} (cargo build --release -p tact --bin tact, or --tact PATH)",
            o.tact.display()
        );
        std::process::exit(2);
    }
    let dir = tempfile::tempdir().unwrap();
    let db = match &o.database_url {
        Some(url) => Some((url.clone(), fresh_database(url).await)),
        None => None,
    };
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut cmd = tokio::process::Command::new(&o.tact);
    cmd.arg("serve")
        .arg("--demo")
        .arg("--bind")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("TACT_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    if let Some((_, (url, _))) = &db {
        cmd.arg("--database-url").arg(url);
    }
    let mut child = cmd.spawn().expect("start tact serve");
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let ready = tokio::time::timeout(Duration::from_secs(120), async {
        while let Ok(Some(l)) = lines.next_line().await {
            if l.contains("listening on") {
                return true;
            }
        }
        false
    })
    .await;
    if ready != Ok(true) {
        eprintln!("tact serve did not start");
        std::process::exit(1);
    }
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    let token = std::fs::read_to_string(dir.path().join("demo-token"))
        .expect("DATA_DIR/demo-token")
        .trim()
        .to_owned();
    let backend = if db.is_some() { "PostgreSQL" } else { "SQLite" };
    println!(
        "tact serve --demo on {backend} (pid {}), load from pid {}; {} cores",
        child.id().unwrap_or(0),
        std::process::id(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    if o.only.as_deref() != Some("submit") {
        check_load(&o, port, &token).await;
    }
    if o.only.as_deref() != Some("check") {
        submissions(&o, port, &token).await;
    }
    child.start_kill().ok();
    child.wait().await.ok();
    if let Some((admin_url, (_, name))) = &db {
        drop_database(admin_url, name).await;
    }
}
