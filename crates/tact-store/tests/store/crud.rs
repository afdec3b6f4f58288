//! Migrations, and creating, reading and changing each kind of object.

use std::time::Duration;

use tact_store::{
    AccountType, Actor, DecisionKind, DraftFilter, DraftKind, DraftStatus, Error, NewDelivery,
    NewDraft, Role, Verdict,
};

use crate::common::{report, Fixture, Kind, TestDb, PASSWORD};

on_both!(
    migrations_apply_and_rerun,
    organizations_and_practices,
    social_accounts,
    users_and_passwords,
    memberships,
    sessions,
    api_tokens,
    review_flow,
    blocked_versions_need_a_compliance_override,
    send_back_and_reject,
    draft_filters,
    webhooks_and_deliveries,
    acting_on_a_practice_needs_a_role_in_it,
    dashboard_counts,
);

async fn migrations_apply_and_rerun(db: TestDb) {
    let s = &db.store;
    let (applied,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(s.pool())
        .await
        .unwrap();
    assert!(applied >= 1);
    // Opening again (another process starting) finds the schema current and changes nothing.
    let again = db.reopen().await;
    let (after,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(again.pool())
        .await
        .unwrap();
    assert_eq!(applied, after);
    let head = s.head().await.unwrap();
    assert_eq!(head.seq, 0);
    assert_eq!(head.hash, tact_store::audit::GENESIS_HASH);
    assert_eq!(s.verify().await.unwrap(), head);
    if db.kind == Kind::Sqlite {
        let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
            .fetch_one(s.pool())
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        let (fk,): (i64,) = sqlx::query_as("PRAGMA foreign_keys")
            .fetch_one(s.pool())
            .await
            .unwrap();
        assert_eq!(fk, 1);
        let (sync,): (i64,) = sqlx::query_as("PRAGMA synchronous")
            .fetch_one(s.pool())
            .await
            .unwrap();
        assert_eq!(sync, 2, "synchronous = FULL");
    }
    again.close().await;
}

async fn organizations_and_practices(db: TestDb) {
    let s = &db.store;
    let sys = Actor::System;
    assert_eq!(
        s.organization_count().await.unwrap(),
        0,
        "a new database is empty"
    );
    let org = s.create_organization(&sys, "Maple Grove").await.unwrap();
    assert_eq!(s.organization(&org.id).await.unwrap(), org);
    assert_eq!(s.organization_count().await.unwrap(), 1);
    let p = s
        .create_practice(&org.id, &sys, "Maple Grove Family Medicine", "[practice]\n")
        .await
        .unwrap();
    assert_eq!(s.practice(&org.id, &p.id).await.unwrap(), p);
    let q = s
        .create_practice(&org.id, &sys, "Maple Grove Pediatrics", "")
        .await
        .unwrap();
    let all = s.practices(&org.id).await.unwrap();
    assert_eq!(all.len(), 2);
    assert!(all.contains(&p) && all.contains(&q));
    let changed = s
        .update_practice_profile(&org.id, &sys, &p.id, "[practice]\nname = \"MG\"\n")
        .await
        .unwrap();
    assert_eq!(changed.profile_toml, "[practice]\nname = \"MG\"\n");
    assert!(changed.updated_at >= p.updated_at);
    let events = s.object_events(&org.id, "practice", &p.id).await.unwrap();
    let actions: Vec<_> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["create", "profile_change"]);
    assert!(matches!(
        s.create_practice("no-such-org", &sys, "x", "").await,
        Err(Error::NotFound)
    ));
}

async fn social_accounts(db: TestDb) {
    let s = &db.store;
    let f = Fixture::new(s, "acct").await;
    let a = s.account(&f.org, &f.account).await.unwrap();
    assert_eq!(a.account_type, AccountType::Business);
    assert_eq!(a.practice_id, f.practice);
    let personal = s
        .create_account(
            &f.org,
            &Actor::System,
            &f.practice,
            "instagram",
            "@dr.lee",
            AccountType::Personal,
        )
        .await
        .unwrap();
    let list = s.accounts(&f.org, &f.practice).await.unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.contains(&personal));
    assert!(matches!(
        s.create_account(
            &f.org,
            &Actor::System,
            "nope",
            "x",
            "y",
            AccountType::Business
        )
        .await,
        Err(Error::NotFound)
    ));
}

async fn users_and_passwords(db: TestDb) {
    let s = &db.store;
    let f = Fixture::new(s, "users").await;
    let w = s.user(&f.org, &f.writer).await.unwrap();
    assert_eq!(w.email, "writer@users.example");
    assert!(w.password_hash.starts_with("$argon2id$"));
    assert!(
        !format!("{w:?}").contains("writer@"),
        "Debug leaves out the e-mail"
    );
    assert_eq!(s.users(&f.org).await.unwrap().len(), 3);

    // E-mail is the login: unique across organizations, compared case-insensitively.
    let other = s
        .create_organization(&Actor::System, "Other")
        .await
        .unwrap();
    assert!(matches!(
        s.create_user(&other.id, &Actor::System, "Writer@Users.example", "x", "pw")
            .await,
        Err(Error::Conflict(_))
    ));

    let u = s
        .authenticate(" WRITER@users.example ", PASSWORD)
        .await
        .unwrap();
    assert_eq!(u.id, f.writer);
    assert!(matches!(
        s.authenticate("writer@users.example", "wrong").await,
        Err(Error::InvalidCredentials)
    ));
    assert!(matches!(
        s.authenticate("nobody@users.example", PASSWORD).await,
        Err(Error::InvalidCredentials)
    ));
    s.set_password(&f.org, &Actor::user(&f.writer), &f.writer, "new secret")
        .await
        .unwrap();
    assert!(s
        .authenticate("writer@users.example", PASSWORD)
        .await
        .is_err());
    s.authenticate("writer@users.example", "new secret")
        .await
        .unwrap();

    let disabled = s
        .set_user_disabled(&f.org, &Actor::System, &f.writer, true)
        .await
        .unwrap();
    assert!(disabled.is_disabled());
    assert!(matches!(
        s.authenticate("writer@users.example", "new secret").await,
        Err(Error::InvalidCredentials)
    ));
    let enabled = s
        .set_user_disabled(&f.org, &Actor::System, &f.writer, false)
        .await
        .unwrap();
    assert!(!enabled.is_disabled());

    // Logins and failures are audited, without the e-mail.
    let events = s.recent_events(&f.org, 100).await.unwrap();
    let actions: Vec<_> = events.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"login"));
    assert!(actions.contains(&"login_failed"));
    let all = s.export(0, i64::MAX).await.unwrap();
    assert!(all.iter().all(|e| !e.details.contains("example")));
    s.verify().await.unwrap();
}

async fn memberships(db: TestDb) {
    let s = &db.store;
    let f = Fixture::new(s, "members").await;
    assert_eq!(
        s.roles(&f.org, &f.reviewer, &f.practice).await.unwrap(),
        [Role::Reviewer]
    );
    s.grant_role(
        &f.org,
        &Actor::System,
        &f.reviewer,
        &f.practice,
        Role::Admin,
    )
    .await
    .unwrap();
    let mut roles = s.roles(&f.org, &f.reviewer, &f.practice).await.unwrap();
    roles.sort_by_key(|r| r.as_str());
    assert_eq!(roles, [Role::Admin, Role::Reviewer]);
    assert!(matches!(
        s.grant_role(
            &f.org,
            &Actor::System,
            &f.reviewer,
            &f.practice,
            Role::Admin
        )
        .await,
        Err(Error::Conflict(_))
    ));
    assert_eq!(s.memberships(&f.org, &f.reviewer).await.unwrap().len(), 2);
    s.revoke_role(
        &f.org,
        &Actor::System,
        &f.reviewer,
        &f.practice,
        Role::Admin,
    )
    .await
    .unwrap();
    assert_eq!(
        s.roles(&f.org, &f.reviewer, &f.practice).await.unwrap(),
        [Role::Reviewer]
    );
    assert!(matches!(
        s.revoke_role(
            &f.org,
            &Actor::System,
            &f.reviewer,
            &f.practice,
            Role::Admin
        )
        .await,
        Err(Error::NotFound)
    ));
}

async fn sessions(db: TestDb) {
    let s = &db.store;
    let f = Fixture::new(s, "sess").await;
    let new = s
        .create_session(&f.org, &f.writer, Duration::from_secs(3600))
        .await
        .unwrap();
    assert_eq!(new.token.len(), 64);
    let got = s.session(&new.token).await.unwrap();
    assert_eq!(got, new.session);
    assert_eq!(got.organization_id, f.org);
    assert!(got.csrf_matches(&new.session.csrf_secret));
    assert!(!got.csrf_matches("forged"));
    assert!(!got.csrf_matches(""));
    // The token itself is not stored.
    let (stored,): (String,) = sqlx::query_as("SELECT token_hash FROM sessions WHERE id = $1")
        .bind(&got.id)
        .fetch_one(s.pool())
        .await
        .unwrap();
    assert_ne!(stored, new.token);
    assert!(crate::common::is_not_found(s.session("not-a-token").await));

    let expired = s
        .create_session(&f.org, &f.writer, Duration::ZERO)
        .await
        .unwrap();
    assert!(crate::common::is_not_found(s.session(&expired.token).await));
    assert_eq!(s.purge_expired_sessions().await.unwrap(), 1);
    assert_eq!(s.sessions(&f.org, &f.writer).await.unwrap().len(), 1);

    s.delete_session(&new.token).await.unwrap();
    assert!(crate::common::is_not_found(s.session(&new.token).await));
    s.delete_session(&new.token).await.unwrap();
    let logouts = s
        .object_events(&f.org, "user", &f.writer)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "logout")
        .count();
    assert_eq!(logouts, 1);

    // Disabling a user ends their sessions.
    let again = s
        .create_session(&f.org, &f.writer, Duration::from_secs(3600))
        .await
        .unwrap();
    s.set_user_disabled(&f.org, &Actor::System, &f.writer, true)
        .await
        .unwrap();
    assert!(crate::common::is_not_found(s.session(&again.token).await));
}

async fn api_tokens(db: TestDb) {
    let s = &db.store;
    let f = Fixture::new(s, "tokens").await;
    let admin = Actor::user(&f.compliance);
    let (t, secret) = s
        .create_api_token(&f.org, &admin, &f.writer, "scheduler")
        .await
        .unwrap();
    assert!(secret.starts_with("tact_"));
    assert!(t.last_used_at.is_none());
    let used = s.api_token(&secret).await.unwrap();
    assert_eq!(used.id, t.id);
    assert_eq!(used.organization_id, f.org);
    assert!(used.last_used_at.is_some());
    let listed = s.api_tokens(&f.org, &f.writer).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].last_used_at.is_some());
    let (stored,): (String,) = sqlx::query_as("SELECT token_hash FROM api_tokens WHERE id = $1")
        .bind(&t.id)
        .fetch_one(s.pool())
        .await
        .unwrap();
    assert_eq!(stored.len(), 64);
    assert!(!stored.contains(&secret[5..]));
    assert!(crate::common::is_not_found(s.api_token("tact_wrong").await));

    s.revoke_api_token(&f.org, &admin, &t.id).await.unwrap();
    assert!(crate::common::is_not_found(s.api_token(&secret).await));
    assert!(matches!(
        s.revoke_api_token(&f.org, &admin, &t.id).await,
        Err(Error::Conflict(_))
    ));
    assert!(s.api_tokens(&f.org, &f.writer).await.unwrap()[0]
        .revoked_at
        .is_some());
}

async fn review_flow(db: TestDb) {
    let s = &db.store;
    let f = Fixture::new(s, "flow").await;
    let body = "We're so proud of our team this week!";
    let d = f.draft(s, body).await;
    assert_eq!(d.status, DraftStatus::Draft);
    assert_eq!(d.current_version, 0);
    assert_eq!(s.draft(&f.org, &d.id).await.unwrap(), d);

    let edited = s
        .edit_draft(&f.org, &f.writer(), &d.id, "We're proud of our team!")
        .await
        .unwrap();
    assert_eq!(edited.body, "We're proud of our team!");
    s.record_check(
        &f.org,
        &f.writer(),
        &d.id,
        &report("review", &["acknowledgement"]),
    )
    .await
    .unwrap();

    let v1 = s
        .submit_version(
            &f.org,
            &f.writer(),
            &d.id,
            "v1 text",
            &report("review", &["acknowledgement"]),
        )
        .await
        .unwrap();
    assert_eq!(v1.number, 1);
    assert_eq!(v1.verdict, Verdict::Review);
    let d1 = s.draft(&f.org, &d.id).await.unwrap();
    assert_eq!(d1.status, DraftStatus::InReview);
    assert_eq!(d1.current_version, 1);
    assert!(matches!(
        s.edit_draft(&f.org, &f.writer(), &d.id, "x").await,
        Err(Error::Conflict(_))
    ));

    // A revision while waiting replaces the pending version.
    let v2 = s
        .submit_version(
            &f.org,
            &f.writer(),
            &d.id,
            "v2 text",
            &report("review", &["acknowledgement"]),
        )
        .await
        .unwrap();
    assert_eq!(v2.number, 2);

    // The writer holds no reviewer role, and nobody approves their own draft anyway.
    assert!(matches!(
        s.decide(&f.org, &f.writer(), &d.id, DecisionKind::Approve, None)
            .await,
        Err(Error::Forbidden(_))
    ));
    s.grant_role(
        &f.org,
        &Actor::System,
        &f.writer,
        &f.practice,
        Role::Reviewer,
    )
    .await
    .unwrap();
    assert!(matches!(
        s.decide(&f.org, &f.writer(), &d.id, DecisionKind::Approve, None)
            .await,
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        s.decide(&f.org, &Actor::System, &d.id, DecisionKind::Approve, None)
            .await,
        Err(Error::Forbidden(_))
    ));
    let ok = s
        .decide(&f.org, &f.reviewer(), &d.id, DecisionKind::Approve, None)
        .await
        .unwrap();
    assert_eq!(ok.version_id, v2.id);
    assert_eq!(
        s.draft(&f.org, &d.id).await.unwrap().status,
        DraftStatus::Approved
    );
    assert!(matches!(
        s.decide(&f.org, &f.reviewer(), &d.id, DecisionKind::Approve, None)
            .await,
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        s.take_down(&f.org, &f.writer(), &d.id, "too early").await,
        Err(Error::Conflict(_))
    ));

    let published = s
        .mark_published(
            &f.org,
            &f.writer(),
            &d.id,
            "https://facebook.example/posts/1",
        )
        .await
        .unwrap();
    assert_eq!(published.status, DraftStatus::Published);
    assert_eq!(
        published.published_link.as_deref(),
        Some("https://facebook.example/posts/1")
    );
    assert!(published.published_at.is_some());
    assert!(matches!(
        s.take_down(&f.org, &f.compliance(), &d.id, "  ").await,
        Err(Error::Invalid(_))
    ));
    let down = s
        .take_down(&f.org, &f.compliance(), &d.id, "patient asked us to")
        .await
        .unwrap();
    assert_eq!(down.status, DraftStatus::TakenDown);
    assert_eq!(down.takedown_reason.as_deref(), Some("patient asked us to"));
    // Nothing is erased: the link and the versions stay.
    assert_eq!(down.published_link, published.published_link);
    let versions = s.versions(&f.org, &d.id).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(versions[0].body, "v1 text");
    assert_eq!(s.version(&f.org, &d.id, 2).await.unwrap(), v2);
    assert_eq!(s.decisions(&f.org, &d.id).await.unwrap(), [ok]);

    let actions: Vec<String> = s
        .object_events(&f.org, "draft", &d.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "create",
            "edit",
            "check",
            "submit",
            "submit",
            "approve",
            "publish",
            "take_down"
        ]
    );

    // A pass goes straight to approved.
    let p = f.draft(s, "Flu shots are in!").await;
    s.submit_version(
        &f.org,
        &f.writer(),
        &p.id,
        "Flu shots are in!",
        &report("pass", &[]),
    )
    .await
    .unwrap();
    assert_eq!(
        s.draft(&f.org, &p.id).await.unwrap().status,
        DraftStatus::Approved
    );

    // A reply keeps the text it answers.
    let r = s
        .create_draft(
            &f.org,
            &f.writer(),
            &NewDraft {
                practice_id: f.practice.clone(),
                account_id: None,
                kind: DraftKind::Reply,
                replying_to: Some("Great visit!".into()),
                body: "Thank you!".into(),
            },
        )
        .await
        .unwrap();
    let r = s.draft(&f.org, &r.id).await.unwrap();
    assert_eq!(r.kind, DraftKind::Reply);
    assert_eq!(r.replying_to.as_deref(), Some("Great visit!"));

    // Bad reports are refused before anything is written.
    assert!(matches!(
        s.submit_version(&f.org, &f.writer(), &r.id, "x", "not json")
            .await,
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        s.submit_version(&f.org, &f.writer(), &r.id, "x", r#"{"verdict":"maybe"}"#)
            .await,
        Err(Error::Invalid(_))
    ));
    s.verify().await.unwrap();
}

async fn blocked_versions_need_a_compliance_override(db: TestDb) {
    let s = &db.store;
    let f = Fixture::new(s, "block").await;
    let d = f.draft(s, "x").await;
    s.submit_version(
        &f.org,
        &f.writer(),
        &d.id,
        "x",
        &report("block", &["patient-name", "patient-name"]),
    )
    .await
    .unwrap();
    assert!(matches!(
        s.decide(&f.org, &f.reviewer(), &d.id, DecisionKind::Approve, None)
            .await,
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        s.decide(
            &f.org,
            &f.reviewer(),
            &d.id,
            DecisionKind::Override,
            Some("fine")
        )
        .await,
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        s.decide(
            &f.org,
            &f.compliance(),
            &d.id,
            DecisionKind::Override,
            Some("   ")
        )
        .await,
        Err(Error::Invalid(_))
    ));
    let o = s
        .decide(
            &f.org,
            &f.compliance(),
            &d.id,
            DecisionKind::Override,
            Some("authorization on file"),
        )
        .await
        .unwrap();
    assert_eq!(o.kind, DecisionKind::Override);
    assert_eq!(o.reason.as_deref(), Some("authorization on file"));
    assert_eq!(
        s.draft(&f.org, &d.id).await.unwrap().status,
        DraftStatus::Approved
    );
    let events = s.object_events(&f.org, "draft", &d.id).await.unwrap();
    let submit = events.iter().find(|e| e.action == "submit").unwrap();
    let details: serde_json::Value = serde_json::from_str(&submit.details).unwrap();
    assert_eq!(details["verdict"], "block");
    assert_eq!(details["rules"], serde_json::json!(["patient-name"]));
    assert_eq!(details["findings"], 2);
    let over = events.iter().find(|e| e.action == "override").unwrap();
    assert!(
        !over.details.contains("authorization on file"),
        "no comments in audit details"
    );
}

async fn send_back_and_reject(db: TestDb) {
    let s = &db.store;
    let f = Fixture::new(s, "back").await;
    let d = f.draft(s, "x").await;
    s.submit_version(
        &f.org,
        &f.writer(),
        &d.id,
        "x",
        &report("review", &["medical-advice"]),
    )
    .await
    .unwrap();
    let back = s
        .decide(
            &f.org,
            &f.reviewer(),
            &d.id,
            DecisionKind::SendBack,
            Some("make it general"),
        )
        .await
        .unwrap();
    assert_eq!(back.reason.as_deref(), Some("make it general"));
    assert_eq!(
        s.draft(&f.org, &d.id).await.unwrap().status,
        DraftStatus::Draft
    );
    s.edit_draft(&f.org, &f.writer(), &d.id, "y").await.unwrap();
    s.submit_version(
        &f.org,
        &f.writer(),
        &d.id,
        "y",
        &report("review", &["medical-advice"]),
    )
    .await
    .unwrap();
    s.decide(&f.org, &f.compliance(), &d.id, DecisionKind::Reject, None)
        .await
        .unwrap();
    assert_eq!(
        s.draft(&f.org, &d.id).await.unwrap().status,
        DraftStatus::Rejected
    );
    assert!(matches!(
        s.submit_version(&f.org, &f.writer(), &d.id, "z", &report("pass", &[]))
            .await,
        Err(Error::Conflict(_))
    ));
    assert_eq!(s.decisions(&f.org, &d.id).await.unwrap().len(), 2);
}

async fn draft_filters(db: TestDb) {
    let s = &db.store;
    let f = Fixture::new(s, "filter").await;
    let a = f.draft(s, "a").await;
    let b = f.draft(s, "b").await;
    s.submit_version(&f.org, &f.writer(), &b.id, "b", &report("review", &[]))
        .await
        .unwrap();
    let all = s.drafts(&f.org, &DraftFilter::default()).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].id, b.id, "most recently updated first");
    let in_review = s
        .drafts(
            &f.org,
            &DraftFilter {
                status: Some(DraftStatus::InReview),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(in_review.iter().map(|d| &d.id).collect::<Vec<_>>(), [&b.id]);
    let by_writer = s
        .drafts(
            &f.org,
            &DraftFilter {
                author_id: Some(f.writer.clone()),
                practice_id: Some(f.practice.clone()),
                account_id: Some(f.account.clone()),
                updated_from: Some(0),
                updated_to: Some(i64::MAX),
                limit: Some(1),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(by_writer.len(), 1);
    let none = s
        .drafts(
            &f.org,
            &DraftFilter {
                author_id: Some(f.reviewer.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(none.is_empty());

    // By rule (of the latest version) and by text.
    s.submit_version(
        &f.org,
        &f.writer(),
        &a.id,
        "a",
        &report("block", &["patient-name", "acknowledgement"]),
    )
    .await
    .unwrap();
    let by_rule = |rule: &str| DraftFilter {
        rule: Some(rule.into()),
        ..Default::default()
    };
    let ids = |v: Vec<tact_store::Draft>| v.into_iter().map(|d| d.id).collect::<Vec<_>>();
    assert_eq!(
        ids(s.drafts(&f.org, &by_rule("patient-name")).await.unwrap()),
        [a.id.as_str()]
    );
    assert_eq!(
        ids(s.drafts(&f.org, &by_rule("acknowledgement")).await.unwrap()),
        [a.id.as_str()]
    );
    assert!(s
        .drafts(&f.org, &by_rule("patient"))
        .await
        .unwrap()
        .is_empty());
    assert!(s.drafts(&f.org, &by_rule("%")).await.unwrap().is_empty());
    let v = s.version(&f.org, &a.id, 1).await.unwrap();
    assert_eq!(
        v.rule_ids().collect::<Vec<_>>(),
        ["acknowledgement", "patient-name"]
    );
    let c = f.draft(s, "Flu Shots: 100% covered_now").await;
    let by_text = |t: &str| DraftFilter {
        text: Some(t.into()),
        ..Default::default()
    };
    assert_eq!(
        ids(s.drafts(&f.org, &by_text("flu shots")).await.unwrap()),
        [c.id.as_str()]
    );
    assert_eq!(
        ids(s.drafts(&f.org, &by_text("100%")).await.unwrap()),
        [c.id.as_str()]
    );
    assert_eq!(
        ids(s.drafts(&f.org, &by_text("covered_now")).await.unwrap()),
        [c.id.as_str()]
    );
    assert!(s.drafts(&f.org, &by_text("0%c")).await.unwrap().is_empty());
    assert!(s
        .drafts(&f.org, &by_text("covered_nox"))
        .await
        .unwrap()
        .is_empty());
}

async fn webhooks_and_deliveries(db: TestDb) {
    let s = &db.store;
    let f = Fixture::new(s, "hooks").await;
    assert!(matches!(
        s.create_webhook(&f.org, &Actor::System, &f.practice, "ftp://x", "k")
            .await,
        Err(Error::Invalid(_))
    ));
    let w = s
        .create_webhook(
            &f.org,
            &Actor::System,
            &f.practice,
            "https://scheduler.example/hook",
            "s3cret",
        )
        .await
        .unwrap();
    assert_eq!(s.webhook(&f.org, &w.id).await.unwrap(), w);
    assert!(!format!("{w:?}").contains("s3cret"));
    assert_eq!(
        s.webhooks(&f.org, &f.practice).await.unwrap(),
        std::slice::from_ref(&w)
    );
    let d = f.draft(s, "x").await;
    let first = s
        .record_delivery(
            &f.org,
            &w.id,
            &NewDelivery {
                draft_id: Some(d.id.clone()),
                attempt: 1,
                status_code: Some(503),
                error: None,
                next_attempt_at: Some(1),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        s.due_deliveries(tact_store::now_ms(), 10).await.unwrap(),
        std::slice::from_ref(&first)
    );
    let second = s
        .record_delivery(
            &f.org,
            &w.id,
            &NewDelivery {
                draft_id: Some(d.id.clone()),
                attempt: 2,
                status_code: None,
                error: Some("connection refused".into()),
                next_attempt_at: None,
            },
        )
        .await
        .unwrap();
    let log = s.deliveries(&f.org, &w.id).await.unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[1], second);
    assert_eq!(
        log[0].next_attempt_at, None,
        "a new attempt supersedes the scheduled retry"
    );
    assert!(s
        .due_deliveries(tact_store::now_ms(), 10)
        .await
        .unwrap()
        .is_empty());
    s.disable_webhook(&f.org, &Actor::System, &w.id)
        .await
        .unwrap();
    assert!(s
        .webhook(&f.org, &w.id)
        .await
        .unwrap()
        .disabled_at
        .is_some());
}

/// `open_dir` is SQLite by nature: it creates the data directory (here a nested one, with a
/// space in its name) and `tact.db` in it, and opens it again later.
#[tokio::test]
async fn open_dir_creates_the_data_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("desk data").join("nested");
    let store = tact_store::Store::open_dir(&dir).await.unwrap();
    assert!(dir.join(tact_store::DATABASE_FILE).is_file());
    let org = store
        .create_organization(&Actor::System, "Persisted")
        .await
        .unwrap();
    store.close().await;
    let again = tact_store::Store::open_dir(&dir).await.unwrap();
    assert_eq!(again.organization(&org.id).await.unwrap(), org);
    assert_eq!(again.verify().await.unwrap().seq, 1);
    again.close().await;
    assert!(matches!(
        tact_store::Store::open("mysql://x").await,
        Err(Error::Invalid(_))
    ));
}

async fn acting_on_a_practice_needs_a_role_in_it(db: TestDb) {
    // An agency: one organization, two practices; a writer of the first has no role in the
    // second.
    let s = &db.store;
    let f = Fixture::new(s, "agency").await;
    let other = s
        .create_practice(&f.org, &Actor::System, "Second Practice", "")
        .await
        .unwrap();
    let new = NewDraft {
        practice_id: other.id.clone(),
        account_id: None,
        kind: DraftKind::Post,
        replying_to: None,
        body: "x".into(),
    };
    assert!(matches!(
        s.create_draft(&f.org, &f.writer(), &new).await,
        Err(Error::Forbidden(_))
    ));
    s.grant_role(&f.org, &Actor::System, &f.reviewer, &other.id, Role::Writer)
        .await
        .unwrap();
    let d = s.create_draft(&f.org, &f.reviewer(), &new).await.unwrap();
    let forbidden = |r: tact_store::Result<_>| matches!(r, Err(Error::Forbidden(_)));
    assert!(forbidden(
        s.edit_draft(&f.org, &f.writer(), &d.id, "y")
            .await
            .map(|_| ())
    ));
    assert!(forbidden(
        s.submit_version(&f.org, &f.writer(), &d.id, "y", &report("pass", &[]))
            .await
            .map(|_| ())
    ));
    s.submit_version(&f.org, &f.reviewer(), &d.id, "y", &report("pass", &[]))
        .await
        .unwrap();
    assert!(forbidden(
        s.mark_published(&f.org, &f.writer(), &d.id, "https://x")
            .await
            .map(|_| ())
    ));
    // The desk itself may record the publication (e.g. from a webhook's answer).
    s.mark_published(&f.org, &Actor::System, &d.id, "https://x")
        .await
        .unwrap();
    assert!(forbidden(
        s.take_down(&f.org, &f.writer(), &d.id, "r")
            .await
            .map(|_| ())
    ));
    s.take_down(&f.org, &f.reviewer(), &d.id, "r")
        .await
        .unwrap();
}

async fn dashboard_counts(db: TestDb) {
    let s = &db.store;
    let f = Fixture::new(s, "dash").await;
    let start = tact_store::now_ms();
    let a = f.draft(s, "a").await;
    let b = f.draft(s, "b").await;
    f.draft(s, "c").await;
    s.submit_version(
        &f.org,
        &f.writer(),
        &a.id,
        "a",
        &report("block", &["patient-name", "acknowledgement"]),
    )
    .await
    .unwrap();
    s.submit_version(
        &f.org,
        &f.writer(),
        &b.id,
        "b",
        &report("review", &["acknowledgement"]),
    )
    .await
    .unwrap();
    s.decide(
        &f.org,
        &f.compliance(),
        &a.id,
        DecisionKind::Override,
        Some("authorized"),
    )
    .await
    .unwrap();
    assert_eq!(
        s.status_counts(&f.org).await.unwrap(),
        [
            (DraftStatus::Approved, 1),
            (DraftStatus::Draft, 1),
            (DraftStatus::InReview, 1)
        ]
    );
    let end = tact_store::now_ms() + 1;
    let day = 86_400_000;
    assert_eq!(
        s.rule_counts(&f.org, start, end, day).await.unwrap(),
        [
            (0, "acknowledgement".to_owned(), 2),
            (0, "patient-name".to_owned(), 1)
        ]
    );
    assert!(s
        .rule_counts(&f.org, end, end + day, day)
        .await
        .unwrap()
        .is_empty());
    let overrides = s
        .decisions_of_kind(&f.org, DecisionKind::Override, start, end)
        .await
        .unwrap();
    assert_eq!(overrides.len(), 1);
    assert_eq!(overrides[0].draft_id, a.id);
    assert!(s
        .decisions_of_kind(&f.org, DecisionKind::Reject, start, end)
        .await
        .unwrap()
        .is_empty());
    // Another organization sees none of it.
    let other = s
        .create_organization(&Actor::System, "Other")
        .await
        .unwrap();
    assert!(s.status_counts(&other.id).await.unwrap().is_empty());
    assert!(s
        .rule_counts(&other.id, start, end, day)
        .await
        .unwrap()
        .is_empty());
    assert!(s
        .decisions_of_kind(&other.id, DecisionKind::Override, start, end)
        .await
        .unwrap()
        .is_empty());
}
