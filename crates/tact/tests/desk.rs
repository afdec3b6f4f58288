//! `tact serve --demo` as a real process on a free port: the demo token file, an HTTP call to
//! /api/v1/check with it, graceful shutdown on SIGTERM; then `tact audit verify` and
//! `tact audit export` on the same data directory, and a tampered row named by verify.

mod common;

use common::{random_hex, start, start_with, stop, tact, tempfile_dir, Server};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::Duration;

fn http(addr: &str, request: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect to the desk");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = out.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_owned();
    (status, body)
}

#[test]
fn serve_demo_check_over_http_then_audit_verify_export_and_tamper() {
    let tmp = tempfile_dir();
    let dir = tmp.join("data");
    let (server, addr) = start(&dir);
    let token = std::fs::read_to_string(dir.join("demo-token")).expect("demo-token written");
    let token = token.trim();
    assert!(token.starts_with("tact_"), "{token}");

    let body =
        r#"{"text": "So proud of Maria Delgado, who finished chemo today!", "kind": "post"}"#;
    let req = format!(
        "POST /api/v1/check HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, text) = http(&addr, &req);
    assert_eq!(status, 200, "{text}");
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["verdict"], "block");
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "patient-name"),
        "{text}"
    );
    // Without the token: 401 with the JSON error.
    let (status, text) = http(
        &addr,
        &format!("GET /api/v1/drafts HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, 401, "{text}");
    assert!(text.contains("\"error\""));
    // The demo drafts are there; the login page renders.
    let (status, text) = http(
        &addr,
        &format!(
            "GET /api/v1/drafts HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status, 200);
    let drafts: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(drafts["drafts"].as_array().unwrap().len() >= 5);
    let (status, _) = http(
        &addr,
        &format!("GET /login HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, 200);
    stop(server);

    // A second start finds the demo organization again and writes a fresh token.
    let (server, _addr) = start(&dir);
    let token2 = std::fs::read_to_string(dir.join("demo-token")).unwrap();
    assert_ne!(token2.trim(), token);
    stop(server);

    // The chain verifies; the export bundle's manifest matches its files.
    let out = tact()
        .args(["audit", "verify", "--data-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("verified"), "{stdout}");
    let bundle = tmp.join("bundle");
    let out = tact()
        .args(["audit", "export", "--from", "2020-01-01", "--data-dir"])
        .arg(&dir)
        .arg("--out")
        .arg(&bundle)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(bundle.join("manifest.json")).unwrap()).unwrap();
    for file in ["events.jsonl", "events.csv"] {
        let bytes = std::fs::read(bundle.join(file)).unwrap();
        assert_eq!(
            manifest["files"][file]["sha256"],
            sha256_hex(&bytes),
            "{file}"
        );
    }
    let jsonl = std::fs::read_to_string(bundle.join("events.jsonl")).unwrap();
    assert_eq!(
        jsonl.lines().count() as u64,
        manifest["events"].as_u64().unwrap()
    );
    assert!(!jsonl.contains("Maria"), "no post text in the audit log");

    // Edit one audit row directly: verify names it and exits 1.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}?mode=rw", dir.join("tact.db").display());
        let store = tact_store::Store::open(&url).await.unwrap();
        sqlx::query("UPDATE audit_events SET details = '{\"x\":1}' WHERE seq = 5")
            .execute(store.pool())
            .await
            .unwrap();
        store.close().await;
    });
    let out = tact()
        .args(["audit", "verify", "--data-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("event 5"), "{stdout}");
    let _ = std::fs::remove_dir_all(&tmp);
}

fn check_over_http(addr: &str, token: &str) -> serde_json::Value {
    let body =
        r#"{"text": "Call Mrs. Garcia at 312-555-0188 about her MRI results.", "kind": "post"}"#;
    let req = format!(
        "POST /api/v1/check HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, text) = http(addr, &req);
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

/// The same on PostgreSQL (a fresh database, dropped afterwards), picked by
/// TACT_DATABASE_URL; `tact audit verify --database-url` reads the same chain.
#[test]
fn serve_demo_on_postgres() {
    use sqlx::{Connection, Executor};
    let admin_url = std::env::var("TACT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
    let name = format!("tact_test_{}", random_hex());
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url.as_str(), |(b, _)| b);
    let url = format!("{base}/{name}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        sqlx::any::install_default_drivers();
        let mut admin = sqlx::AnyConnection::connect(&admin_url).await.unwrap_or_else(|e| {
            panic!("PostgreSQL is not reachable at {admin_url} ({e}); start it with scripts/postgres")
        });
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
    });
    let tmp = tempfile_dir();
    let outcome = std::panic::catch_unwind(|| {
        let dir = tmp.join("data");
        let (server, addr) = start_with(&dir, Some(&url));
        let token = std::fs::read_to_string(dir.join("demo-token")).unwrap();
        let report = check_over_http(&addr, token.trim());
        assert_eq!(report["verdict"], "block", "{report}");
        stop(server);
        assert!(!dir.join("tact.db").exists(), "PostgreSQL, not SQLite");
        let out = tact()
            .args(["audit", "verify", "--database-url", &url])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    });
    rt.block_on(async {
        let mut admin = sqlx::AnyConnection::connect(&admin_url).await.unwrap();
        admin
            .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
            .await
            .unwrap();
    });
    let _ = std::fs::remove_dir_all(&tmp);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e);
    }
}

/// Without --demo, an empty database gets a one-time set-up link on standard output; the
/// link's page renders, and a second start after set-up prints none.
#[test]
fn first_run_prints_a_setup_link() {
    let tmp = tempfile_dir();
    let dir = tmp.join("data");
    let mut child = tact()
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let mut link = None;
    let mut addr = None;
    let mut lines = BufReader::new(stdout).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(i) = line.find("/setup?token=") {
            link = Some(line[i..].trim().to_owned());
        }
        if let Some(a) = line.strip_prefix("Tact review desk listening on http://") {
            addr = Some(a.trim().to_owned());
            break;
        }
    }
    std::thread::spawn(move || for _ in lines.by_ref() {});
    let link = link.expect("a set-up link");
    let addr = addr.expect("the address");
    assert!(link.len() > "/setup?token=".len() + 20, "{link}");
    let (status, page) = http(
        &addr,
        &format!("GET {link} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, 200);
    assert!(page.contains("id=\"setup-form\""));
    let token = &link["/setup?token=".len()..];
    let body = format!(
        "token={token}&organization=Oak&practice=Oak+Clinic&name=Ada&email=ada%40oak.example&password=a+long+password"
    );
    let (status, _) = http(
        &addr,
        &format!(
            "POST /setup HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert_eq!(status, 303);
    stop(server);
    let out = tact()
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server(out);
    let mut lines = BufReader::new(server.0.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(
        first.starts_with("Tact review desk listening on"),
        "{first}"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}
