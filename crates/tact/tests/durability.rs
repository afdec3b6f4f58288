//! Durability of the review desk: `tact serve --demo` is killed with SIGKILL in the middle of a
//! stream of draft submissions over HTTP. Every submission the desk acknowledged must be there
//! after a restart, with its version and its audit event, and the audit chain must verify.

mod common;

use common::{start, stop, tact, tempfile_dir};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One HTTP/1.1 request with a bearer token; `None` when the desk cannot be reached or the
/// answer is cut off (the desk was killed).
fn call(addr: &str, token: &str, method: &str, path: &str, body: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.split_whitespace().nth(1)?.parse().ok()?;
    let body = out.split_once("\r\n\r\n")?.1.to_owned();
    Some((status, body))
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn acknowledged_submissions_survive_sigkill() {
    let tmp = tempfile_dir();
    let dir = tmp.join("data");
    let (server, addr) = start(&dir);
    let token = std::fs::read_to_string(dir.join("demo-token")).expect("demo-token written");
    let token = token.trim().to_owned();

    // A writer thread submits drafts one after another and records each acknowledged one.
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (addr, token) = (addr.clone(), token.clone());
        let (acknowledged, count) = (Arc::clone(&acknowledged), Arc::clone(&count));
        std::thread::spawn(move || {
            for i in 0.. {
                let body = format!(
                    r#"{{"kind": "post", "body": "Flu shots are in: walk in any weekday morning. ({i})"}}"#
                );
                let Some((status, text)) = call(&addr, &token, "POST", "/api/v1/drafts", &body)
                else {
                    return;
                };
                assert_eq!(status, 201, "create draft: {text}");
                let id = json(&text)["draft"]["id"].as_str().unwrap().to_owned();
                let path = format!("/api/v1/drafts/{id}/submit");
                let Some((status, text)) = call(&addr, &token, "POST", &path, "") else {
                    return;
                };
                assert_eq!(status, 200, "submit: {text}");
                acknowledged.lock().unwrap().push(id);
                count.fetch_add(1, Ordering::SeqCst);
            }
        })
    };

    // Kill the desk while submissions are flowing.
    let deadline = Instant::now() + Duration::from_secs(120);
    while count.load(Ordering::SeqCst) < 60 {
        assert!(
            Instant::now() < deadline && !writer.is_finished(),
            "the writer stopped after {} submissions",
            count.load(Ordering::SeqCst)
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let pid = server.0.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    writer
        .join()
        .expect("the writer thread ends when the desk is gone");
    drop(server);
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 60, "{}", acknowledged.len());

    // The chain verifies after the kill.
    let out = tact()
        .args(["audit", "verify", "--data-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // Every acknowledged submission is there, with its version and its submit event.
    let (server, addr) = start(&dir);
    let token = std::fs::read_to_string(dir.join("demo-token")).unwrap();
    let token = token.trim();
    for id in &acknowledged {
        let (status, text) = call(&addr, token, "GET", &format!("/api/v1/drafts/{id}"), "")
            .expect("the restarted desk answers");
        assert_eq!(status, 200, "draft {id} after the kill: {text}");
        let draft = json(&text);
        assert!(
            !draft["versions"].as_array().unwrap().is_empty(),
            "draft {id} lost its version: {text}"
        );
        assert!(
            draft["events"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["action"] == "submit"),
            "draft {id} lost its submit event: {text}"
        );
    }
    stop(server);
    let _ = std::fs::remove_dir_all(&tmp);
}
