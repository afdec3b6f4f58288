//! Tenancy: a user of one organization sees another organization's objects as missing —
//! `NotFound`, never a different error — for every kind of object, read or write.

use std::time::Duration;

use tact_store::{
    AccountType, Actor, DecisionKind, DraftFilter, DraftKind, NewDelivery, NewDraft, Role,
};

use crate::common::{is_not_found, report, Fixture, TestDb};

on_both!(
    organizations_and_practices,
    social_accounts,
    users_and_memberships,
    sessions_and_api_tokens,
    drafts_versions_and_decisions,
    webhooks_and_deliveries,
    audit_events,
);

/// Two organizations; `a` owns everything the tests poke at, `b` is the other tenant.
async fn two(db: &TestDb) -> (Fixture, Fixture) {
    let a = Fixture::new(&db.store, "alpha").await;
    let b = Fixture::new(&db.store, "beta").await;
    (a, b)
}

async fn organizations_and_practices(db: TestDb) {
    let s = &db.store;
    let (a, b) = two(&db).await;
    let sys = Actor::System;
    assert!(is_not_found(s.practice(&b.org, &a.practice).await));
    assert!(s
        .practices(&b.org)
        .await
        .unwrap()
        .iter()
        .all(|p| p.id != a.practice));
    assert!(is_not_found(
        s.update_practice_profile(&b.org, &sys, &a.practice, "x")
            .await
    ));
    assert_eq!(
        s.practice(&a.org, &a.practice).await.unwrap().profile_toml,
        "[practice]\nname = \"x\"\n"
    );
    assert!(is_not_found(s.organization("missing").await));
}

async fn social_accounts(db: TestDb) {
    let s = &db.store;
    let (a, b) = two(&db).await;
    assert!(is_not_found(s.account(&b.org, &a.account).await));
    assert!(is_not_found(s.accounts(&b.org, &a.practice).await));
    // Creating an account in b for a's practice.
    assert!(is_not_found(
        s.create_account(
            &b.org,
            &Actor::System,
            &a.practice,
            "x",
            "y",
            AccountType::Business
        )
        .await
    ));
    assert_eq!(s.accounts(&a.org, &a.practice).await.unwrap().len(), 1);
}

async fn users_and_memberships(db: TestDb) {
    let s = &db.store;
    let (a, b) = two(&db).await;
    let sys = Actor::System;
    assert!(is_not_found(s.user(&b.org, &a.writer).await));
    assert!(s
        .users(&b.org)
        .await
        .unwrap()
        .iter()
        .all(|u| u.organization_id == b.org));
    assert!(is_not_found(
        s.set_user_disabled(&b.org, &sys, &a.writer, true).await
    ));
    assert!(is_not_found(
        s.set_password(&b.org, &sys, &a.writer, "pw").await
    ));
    assert!(!s.user(&a.org, &a.writer).await.unwrap().is_disabled());
    assert!(is_not_found(s.memberships(&b.org, &a.writer).await));
    assert!(is_not_found(s.roles(&b.org, &a.writer, &a.practice).await));
    assert!(is_not_found(s.roles(&b.org, &b.writer, &a.practice).await));
    assert!(is_not_found(s.roles(&b.org, &a.writer, &b.practice).await));
    assert_eq!(
        s.roles(&b.org, &b.reviewer, &b.practice).await.unwrap(),
        [Role::Reviewer]
    );
    // Granting b's user a role in a's practice, or a's user a role in b's practice.
    assert!(is_not_found(
        s.grant_role(&b.org, &sys, &b.writer, &a.practice, Role::Admin)
            .await
    ));
    assert!(is_not_found(
        s.grant_role(&b.org, &sys, &a.writer, &b.practice, Role::Admin)
            .await
    ));
    assert!(is_not_found(
        s.revoke_role(&b.org, &sys, &a.writer, &a.practice, Role::Writer)
            .await
    ));
    assert_eq!(
        s.roles(&a.org, &a.writer, &a.practice).await.unwrap(),
        [Role::Writer]
    );
}

async fn sessions_and_api_tokens(db: TestDb) {
    let s = &db.store;
    let (a, b) = two(&db).await;
    let sys = Actor::System;
    assert!(is_not_found(
        s.create_session(&b.org, &a.writer, Duration::from_secs(60))
            .await
    ));
    let session = s
        .create_session(&a.org, &a.writer, Duration::from_secs(60))
        .await
        .unwrap();
    // The token look-up establishes the organization: a's session says a.
    assert_eq!(
        s.session(&session.token).await.unwrap().organization_id,
        a.org
    );
    assert!(is_not_found(s.sessions(&b.org, &a.writer).await));

    assert!(is_not_found(
        s.create_api_token(&b.org, &sys, &a.writer, "x").await
    ));
    let (token, secret) = s
        .create_api_token(&a.org, &sys, &a.writer, "x")
        .await
        .unwrap();
    assert_eq!(s.api_token(&secret).await.unwrap().organization_id, a.org);
    assert!(is_not_found(s.api_tokens(&b.org, &a.writer).await));
    assert!(is_not_found(
        s.revoke_api_token(&b.org, &sys, &token.id).await
    ));
    s.api_token(&secret).await.unwrap();
}

async fn drafts_versions_and_decisions(db: TestDb) {
    let s = &db.store;
    let (a, b) = two(&db).await;
    let d = a.draft(s, "a's draft").await;
    s.submit_version(
        &a.org,
        &a.writer(),
        &d.id,
        "a's text",
        &report("review", &[]),
    )
    .await
    .unwrap();

    // Reads.
    assert!(is_not_found(s.draft(&b.org, &d.id).await));
    assert!(s
        .drafts(&b.org, &DraftFilter::default())
        .await
        .unwrap()
        .is_empty());
    assert!(is_not_found(s.versions(&b.org, &d.id).await));
    assert!(is_not_found(s.version(&b.org, &d.id, 1).await));
    assert!(is_not_found(s.decisions(&b.org, &d.id).await));

    // Writes, by b's users naming a's objects.
    assert!(is_not_found(
        s.edit_draft(&b.org, &b.writer(), &d.id, "x").await
    ));
    assert!(is_not_found(
        s.record_check(&b.org, &b.writer(), &d.id, &report("pass", &[]))
            .await
    ));
    assert!(is_not_found(
        s.submit_version(&b.org, &b.writer(), &d.id, "x", &report("pass", &[]))
            .await
    ));
    assert!(is_not_found(
        s.decide(&b.org, &b.reviewer(), &d.id, DecisionKind::Approve, None)
            .await
    ));
    assert!(is_not_found(
        s.decide(
            &b.org,
            &b.compliance(),
            &d.id,
            DecisionKind::Override,
            Some("r")
        )
        .await
    ));
    assert!(is_not_found(
        s.mark_published(&b.org, &b.writer(), &d.id, "https://x")
            .await
    ));
    assert!(is_not_found(
        s.take_down(&b.org, &b.compliance(), &d.id, "r").await
    ));
    // A user of a acting in b's name (a forged org id) finds nothing either.
    assert!(is_not_found(
        s.decide(&b.org, &a.reviewer(), &d.id, DecisionKind::Approve, None)
            .await
    ));
    // Drafts in b pointing at a's practice or account.
    let new = |practice: &str, account: Option<&str>| NewDraft {
        practice_id: practice.to_owned(),
        account_id: account.map(str::to_owned),
        kind: DraftKind::Post,
        replying_to: None,
        body: "x".into(),
    };
    assert!(is_not_found(
        s.create_draft(&b.org, &b.writer(), &new(&a.practice, None))
            .await
    ));
    assert!(is_not_found(
        s.create_draft(&b.org, &b.writer(), &new(&b.practice, Some(&a.account)))
            .await
    ));
    // a's author writing into b.
    assert!(is_not_found(
        s.create_draft(&b.org, &a.writer(), &new(&b.practice, None))
            .await
    ));

    // a's draft is untouched.
    let d = s.draft(&a.org, &d.id).await.unwrap();
    assert_eq!(d.body, "a's text");
    assert_eq!(d.current_version, 1);
    assert!(s.decisions(&a.org, &d.id).await.unwrap().is_empty());
}

async fn webhooks_and_deliveries(db: TestDb) {
    let s = &db.store;
    let (a, b) = two(&db).await;
    let sys = Actor::System;
    let w = s
        .create_webhook(&a.org, &sys, &a.practice, "https://a.example/hook", "k")
        .await
        .unwrap();
    assert!(is_not_found(s.webhook(&b.org, &w.id).await));
    assert!(is_not_found(s.webhooks(&b.org, &a.practice).await));
    assert!(is_not_found(
        s.create_webhook(&b.org, &sys, &a.practice, "https://b.example/hook", "k")
            .await
    ));
    assert!(is_not_found(s.disable_webhook(&b.org, &sys, &w.id).await));
    let delivery = NewDelivery {
        attempt: 1,
        status_code: Some(200),
        ..Default::default()
    };
    assert!(is_not_found(
        s.record_delivery(&b.org, &w.id, &delivery).await
    ));
    assert!(is_not_found(s.deliveries(&b.org, &w.id).await));
    // b's webhook, a's draft.
    let wb = s
        .create_webhook(&b.org, &sys, &b.practice, "https://b.example/hook", "k")
        .await
        .unwrap();
    let d = a.draft(s, "x").await;
    assert!(is_not_found(
        s.record_delivery(
            &b.org,
            &wb.id,
            &NewDelivery {
                draft_id: Some(d.id),
                ..delivery.clone()
            }
        )
        .await
    ));
    s.record_delivery(&a.org, &w.id, &delivery).await.unwrap();
    assert_eq!(s.deliveries(&a.org, &w.id).await.unwrap().len(), 1);
    assert!(s
        .webhook(&a.org, &w.id)
        .await
        .unwrap()
        .disabled_at
        .is_none());
}

async fn audit_events(db: TestDb) {
    let s = &db.store;
    let (a, b) = two(&db).await;
    let d = a.draft(s, "x").await;
    assert!(s
        .object_events(&b.org, "draft", &d.id)
        .await
        .unwrap()
        .is_empty());
    assert!(s
        .recent_events(&b.org, 1000)
        .await
        .unwrap()
        .iter()
        .all(|e| e.organization_id.as_deref() == Some(b.org.as_str())));
    assert!(s
        .export_organization(&b.org, 0, i64::MAX)
        .await
        .unwrap()
        .iter()
        .all(|e| e.organization_id.as_deref() == Some(b.org.as_str())));
    assert_eq!(
        s.object_events(&a.org, "draft", &d.id).await.unwrap().len(),
        1
    );
    assert!(is_not_found(
        s.record_event(
            Some("no-such-org"),
            &Actor::System,
            tact_store::Action::Export,
            "audit",
            "x",
            serde_json::json!({})
        )
        .await
    ));
}
