//! The audit chain: appends, verification, tampering, concurrency and atomicity.

use serde_json::json;
use tact_store::audit::{compute_hash, GENESIS_HASH};
use tact_store::{Action, Actor, DraftStatus, Error, Problem, Store, MIN_RETENTION_DAYS};

use crate::common::{report, Fixture, TestDb};

on_both!(
    append_and_verify,
    tamper_with_details_is_named,
    tamper_with_links_deletions_and_tail,
    concurrent_appends_stay_gap_free,
    state_change_and_event_are_atomic,
    retention,
);

async fn append_and_verify(db: TestDb) {
    let s = &db.store;
    let f = Fixture::new(s, "chain").await;
    let secret_text = "Maria Delgado finished chemo today";
    let d = f.draft(s, secret_text).await;
    s.submit_version(
        &f.org,
        &f.writer(),
        &d.id,
        secret_text,
        &report("block", &["patient-name"]),
    )
    .await
    .unwrap();
    let e = s
        .record_event(
            Some(&f.org),
            &f.writer(),
            Action::Export,
            "audit",
            "bundle-1",
            json!({"events": 3}),
        )
        .await
        .unwrap();

    let events = s.export(0, i64::MAX).await.unwrap();
    assert_eq!(events.last().unwrap(), &e);
    let mut prev = GENESIS_HASH.to_owned();
    for (i, ev) in events.iter().enumerate() {
        assert_eq!(ev.seq, i as i64 + 1, "sequence numbers are 1, 2, 3…");
        assert_eq!(ev.prev_hash, prev);
        assert_eq!(compute_hash(ev), ev.hash);
        assert!(!ev.details.contains("Maria") && !ev.details.contains("chemo"));
        assert!(!ev.details.contains(' '), "canonical JSON: {}", ev.details);
        prev = ev.hash.clone();
    }
    let head = s.head().await.unwrap();
    assert_eq!(head.seq, events.len() as i64);
    assert_eq!(head.hash, prev);
    assert_eq!(s.verify().await.unwrap(), head);

    // Export by time: everything is inside [first.at, last.at + 1), nothing before.
    let first = &events[0];
    assert_eq!(
        s.export(first.at, events.last().unwrap().at + 1)
            .await
            .unwrap()
            .len(),
        events.len()
    );
    assert!(s.export(0, first.at).await.unwrap().is_empty());
    let mine = s.export_organization(&f.org, 0, i64::MAX).await.unwrap();
    assert_eq!(mine.len(), events.len());
}

async fn tamper_with_details_is_named(db: TestDb) {
    let s = &db.store;
    let f = Fixture::new(s, "tamper").await;
    let d = f.draft(s, "x").await;
    s.submit_version(
        &f.org,
        &f.writer(),
        &d.id,
        "x",
        &report("review", &["testimonial"]),
    )
    .await
    .unwrap();
    let head = s.verify().await.unwrap();
    assert!(head.seq > 5);
    sqlx::query("UPDATE audit_events SET details = $1 WHERE seq = 3")
        .bind(r#"{"nothing":"to see"}"#)
        .execute(s.pool())
        .await
        .unwrap();
    match s.verify().await {
        Err(Error::ChainBroken(b)) => {
            assert_eq!(b.seq, 3);
            assert!(matches!(b.problem, Problem::HashMismatch { .. }), "{b:?}");
        }
        other => panic!("expected a broken chain at 3, got {other:?}"),
    }
    // The message names the event.
    let msg = s.verify().await.unwrap_err().to_string();
    assert!(msg.contains("event 3"), "{msg}");
}

async fn tamper_with_links_deletions_and_tail(db: TestDb) {
    let s = &db.store;
    for i in 0..8 {
        s.record_event(
            None,
            &Actor::System,
            Action::Check,
            "test",
            &i.to_string(),
            json!({"i": i}),
        )
        .await
        .unwrap();
    }
    s.verify().await.unwrap();

    // Re-hashing an edited event hides the edit from that event, not from the next one.
    let mut e4 = s.export(0, i64::MAX).await.unwrap().remove(3);
    e4.details = r#"{"i":99}"#.into();
    e4.hash = compute_hash(&e4);
    sqlx::query("UPDATE audit_events SET details = $1, hash = $2 WHERE seq = 4")
        .bind(&e4.details)
        .bind(&e4.hash)
        .execute(s.pool())
        .await
        .unwrap();
    let b = match s.verify().await {
        Err(Error::ChainBroken(b)) => b,
        other => panic!("expected a broken chain, got {other:?}"),
    };
    assert_eq!(b.seq, 5);
    assert!(matches!(b.problem, Problem::PrevMismatch { .. }), "{b:?}");

    // A deleted event is a gap, named by the missing number (it comes before event 5).
    sqlx::query("DELETE FROM audit_events WHERE seq = 2")
        .execute(s.pool())
        .await
        .unwrap();
    let b = match s.verify().await {
        Err(Error::ChainBroken(b)) => b,
        other => panic!("expected a gap, got {other:?}"),
    };
    assert_eq!(b.seq, 2);
    assert_eq!(b.problem, Problem::Gap { found: 3 });

    // Deleting the latest events is caught by the head.
    sqlx::query("DELETE FROM audit_events WHERE seq <= 5")
        .execute(s.pool())
        .await
        .unwrap();
    let b = match s.verify().await {
        Err(Error::ChainBroken(b)) => b,
        other => panic!("expected a gap, got {other:?}"),
    };
    assert_eq!(b.seq, 1);
    // Moving the head back hides nothing either: events after it are reported.
    sqlx::query("UPDATE audit_head SET seq = 0, hash = $1")
        .bind(GENESIS_HASH)
        .execute(s.pool())
        .await
        .unwrap();
    let b = match s.verify().await {
        Err(Error::ChainBroken(b)) => b,
        other => panic!("expected events after the head, got {other:?}"),
    };
    assert_eq!(b.seq, 1);
    assert!(
        matches!(b.problem, Problem::HeadMismatch { head_seq: 0, .. }),
        "{b:?}"
    );
    sqlx::query("UPDATE audit_head SET seq = 8, hash = $1")
        .bind(&e4.hash)
        .execute(s.pool())
        .await
        .unwrap();
    sqlx::query("DELETE FROM audit_events")
        .execute(s.pool())
        .await
        .unwrap();
    let b = match s.verify().await {
        Err(Error::ChainBroken(b)) => b,
        other => panic!("expected a head mismatch, got {other:?}"),
    };
    assert_eq!(b.seq, 1);
    assert!(
        matches!(b.problem, Problem::HeadMismatch { head_seq: 8, .. }),
        "{b:?}"
    );
}

async fn concurrent_appends_stay_gap_free(db: TestDb) {
    // Two stores (two pools, as two processes would have), four tasks each, mixing plain
    // events and submissions.
    let first = db.store.clone();
    let second = db.reopen().await;
    let f = Fixture::new(&first, "busy").await;
    let before = first.head().await.unwrap().seq;
    const TASKS: usize = 8;
    const EACH: usize = 15;
    let mut handles = Vec::new();
    for t in 0..TASKS {
        let store: Store = if t % 2 == 0 {
            first.clone()
        } else {
            second.clone()
        };
        let org = f.org.clone();
        let writer = f.writer();
        let d = f.draft(&store, "x").await;
        handles.push(tokio::spawn(async move {
            for i in 0..EACH {
                if i % 3 == 0 {
                    store
                        .record_event(
                            Some(&org),
                            &writer,
                            Action::Check,
                            "draft",
                            &d.id,
                            json!({"i": i}),
                        )
                        .await
                        .unwrap();
                } else {
                    store
                        .submit_version(
                            &org,
                            &writer,
                            &d.id,
                            "x",
                            &report("review", &["acknowledgement"]),
                        )
                        .await
                        .unwrap();
                }
            }
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    let head = first.verify().await.unwrap();
    // TASKS draft creations plus TASKS × EACH appends.
    assert_eq!(head.seq, before + (TASKS + TASKS * EACH) as i64);
    let seqs: Vec<i64> = first
        .export(0, i64::MAX)
        .await
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(seqs, (1..=head.seq).collect::<Vec<_>>());
    second.close().await;
}

async fn state_change_and_event_are_atomic(db: TestDb) {
    let s = &db.store;
    let f = Fixture::new(s, "atomic").await;
    let d = f.draft(s, "x").await;
    let head = s.head().await.unwrap();

    // A refused change writes no event.
    assert!(matches!(
        s.mark_published(&f.org, &f.writer(), &d.id, "https://x")
            .await,
        Err(Error::Conflict(_))
    ));
    assert_eq!(s.head().await.unwrap(), head);

    // The event cannot be written (its table is away): the version and the status change,
    // already written inside the transaction, are rolled back with it.
    sqlx::query("ALTER TABLE audit_events RENAME TO audit_events_away")
        .execute(s.pool())
        .await
        .unwrap();
    let failed = s
        .submit_version(&f.org, &f.writer(), &d.id, "x", &report("review", &[]))
        .await;
    sqlx::query("ALTER TABLE audit_events_away RENAME TO audit_events")
        .execute(s.pool())
        .await
        .unwrap();
    assert!(matches!(failed, Err(Error::Db(_))), "{failed:?}");
    let after = s.draft(&f.org, &d.id).await.unwrap();
    assert_eq!(after.status, DraftStatus::Draft);
    assert_eq!(after.current_version, 0);
    assert!(s.versions(&f.org, &d.id).await.unwrap().is_empty());
    assert_eq!(s.head().await.unwrap(), head);

    // The event alone cannot happen without the state either: a version row that the
    // submission cannot insert (a number taken by a stray row) leaves no event.
    sqlx::query(
        "INSERT INTO versions (id, organization_id, draft_id, number, body, report_json, \
         verdict, rules, created_by, created_at) \
         VALUES ('stray', $1, $2, 1, '', '{}', 'pass', '', $3, 0)",
    )
    .bind(&f.org)
    .bind(&d.id)
    .bind(&f.writer)
    .execute(s.pool())
    .await
    .unwrap();
    let failed = s
        .submit_version(&f.org, &f.writer(), &d.id, "x", &report("review", &[]))
        .await;
    assert!(matches!(failed, Err(Error::Db(_))), "{failed:?}");
    // Logging the error cannot leak row values (PostgreSQL's detail quotes the key).
    let logged = format!("{failed:?}");
    assert!(
        !logged.contains("Key (") && !logged.contains(&d.id),
        "{logged}"
    );
    assert_eq!(s.head().await.unwrap(), head);
    assert_eq!(
        s.draft(&f.org, &d.id).await.unwrap().status,
        DraftStatus::Draft
    );
    assert_eq!(s.verify().await.unwrap(), head);
}

async fn retention(db: TestDb) {
    let s = &db.store;
    assert_eq!(s.retention_days().await.unwrap(), MIN_RETENTION_DAYS);
    const { assert!(MIN_RETENTION_DAYS >= 6 * 365) };
    assert!(matches!(
        s.set_retention_days(&Actor::System, 365).await,
        Err(Error::Invalid(_))
    ));
    s.set_retention_days(&Actor::System, 10 * 366)
        .await
        .unwrap();
    assert_eq!(s.retention_days().await.unwrap(), 10 * 366);
    s.set_retention_days(&Actor::System, 7 * 366).await.unwrap();
    assert_eq!(s.retention_days().await.unwrap(), 7 * 366);
    let events = s.export(0, i64::MAX).await.unwrap();
    assert_eq!(events.len(), 2);
    assert!(events
        .iter()
        .all(|e| e.action == "settings_change" && e.organization_id.is_none()));
    s.verify().await.unwrap();
}
