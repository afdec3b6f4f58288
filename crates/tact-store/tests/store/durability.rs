//! Separate processes. Durability: a writer process is killed with SIGKILL in the middle of a
//! stream of submissions; every submission it had acknowledged is there afterwards, with its
//! audit event, and the chain verifies. Serialization: several writer processes appending at
//! once leave one gap-free, valid chain.
//!
//! The writer is this test binary run again on `durability::writer_process` with
//! `TACT_DURABILITY_URL` set; it prints `ack N` after each committed submission.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use tact_store::{Actor, Store};

use crate::common::{report, Fixture, TestDb};

on_both!(
    acknowledged_submissions_survive_sigkill,
    writer_processes_share_one_chain
);

/// Starts a writer process submitting to `draft` (`count` times, or until killed).
fn writer(db: &TestDb, f: &Fixture, draft: &str, count: Option<usize>) -> std::process::Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "durability::writer_process",
        "--exact",
        "--nocapture",
        "--test-threads=1",
    ])
    .env("TACT_DURABILITY_URL", &db.url)
    .env("TACT_DURABILITY_ORG", &f.org)
    .env("TACT_DURABILITY_DRAFT", draft)
    .env("TACT_DURABILITY_WRITER", &f.writer)
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    if let Some(n) = count {
        cmd.env("TACT_DURABILITY_COUNT", n.to_string());
    }
    cmd.spawn().expect("start a writer process")
}

async fn writer_processes_share_one_chain(db: TestDb) {
    const PROCESSES: usize = 3;
    const EACH: usize = 30;
    let s = &db.store;
    let f = Fixture::new(s, "procs").await;
    let mut drafts = Vec::new();
    for _ in 0..PROCESSES {
        drafts.push(f.draft(s, "x").await.id);
    }
    let before = s.head().await.unwrap().seq;
    let children: Vec<_> = drafts
        .iter()
        .map(|d| writer(&db, &f, d, Some(EACH)))
        .collect();
    // This process appends too, meanwhile.
    for i in 0..EACH {
        s.record_event(
            Some(&f.org),
            &Actor::System,
            tact_store::Action::Check,
            "test",
            &i.to_string(),
            serde_json::json!({}),
        )
        .await
        .unwrap();
    }
    for child in children {
        let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
            .await
            .unwrap();
        assert!(out.status.success(), "a writer process failed");
        let acks = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("ack "))
            .count();
        assert_eq!(acks, EACH);
    }
    let head = s.verify().await.unwrap();
    assert_eq!(head.seq, before + ((PROCESSES + 1) * EACH) as i64);
    for d in &drafts {
        assert_eq!(s.versions(&f.org, d).await.unwrap().len(), EACH);
    }
}

const ACKS_BEFORE_KILL: usize = 40;

async fn acknowledged_submissions_survive_sigkill(db: TestDb) {
    let s = &db.store;
    let f = Fixture::new(s, "kill").await;
    let d = f.draft(s, "x").await;
    let mut child = writer(&db, &f, &d.id, None);
    let stdout = child.stdout.take().unwrap();
    let acked = tokio::task::spawn_blocking(move || {
        let mut acked = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(n) = line.strip_prefix("ack ") {
                acked.push(n.trim().parse::<i64>().unwrap());
                if acked.len() == ACKS_BEFORE_KILL {
                    break;
                }
            }
        }
        (acked, child)
    });
    let (acked, mut child) = acked.await.unwrap();
    child.kill().expect("SIGKILL the writer"); // Child::kill sends SIGKILL on Unix.
    child.wait().unwrap();
    assert_eq!(acked.len(), ACKS_BEFORE_KILL, "the writer stopped early");

    // Open the database afresh, as a restarted server would.
    let after = Store::open(&db.url).await.unwrap();
    let versions = after.versions(&f.org, &d.id).await.unwrap();
    let numbers: Vec<i64> = versions.iter().map(|v| v.number).collect();
    for n in &acked {
        assert!(numbers.contains(n), "acknowledged version {n} is missing");
    }
    // Every version there (acknowledged or committed just before the kill) has its event.
    let events = after.object_events(&f.org, "draft", &d.id).await.unwrap();
    let submitted: Vec<i64> = events
        .iter()
        .filter(|e| e.action == "submit")
        .map(|e| {
            serde_json::from_str::<serde_json::Value>(&e.details).unwrap()["version"]
                .as_i64()
                .unwrap()
        })
        .collect();
    assert_eq!(submitted, numbers);
    after.verify().await.unwrap();
    after.close().await;
}

/// The writer process of the test above; does nothing unless started by it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writer_process() {
    let Ok(url) = std::env::var("TACT_DURABILITY_URL") else {
        return;
    };
    let org = std::env::var("TACT_DURABILITY_ORG").unwrap();
    let draft = std::env::var("TACT_DURABILITY_DRAFT").unwrap();
    let writer = Actor::user(std::env::var("TACT_DURABILITY_WRITER").unwrap());
    let store = Store::open(&url).await.unwrap();
    let report = report("review", &["acknowledgement"]);
    // Runs `TACT_DURABILITY_COUNT` times, or until killed (the default bound only guards
    // against a parent that never kills).
    // libtest has printed "test NAME ... " without a line end: start the acks on a line of
    // their own.
    println!();
    let count = std::env::var("TACT_DURABILITY_COUNT").map_or(100_000, |n| n.parse().unwrap());
    for _ in 0..count {
        let v = store
            .submit_version(&org, &writer, &draft, "text", &report)
            .await
            .unwrap();
        println!("ack {}", v.number);
    }
}
