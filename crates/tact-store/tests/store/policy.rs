//! Policy versions and acknowledgements: numbering, the current version, who has not
//! acknowledged, the audit event in the same transaction, and tenancy.

use tact_store::{Actor, Error, NewPolicyVersion};

use crate::common::{is_not_found, Fixture, TestDb};

on_both!(
    versions_are_numbered_and_kept,
    acknowledgements_and_who_has_not,
    another_organization_sees_nothing,
);

fn doc(version: &str) -> NewPolicyVersion<'_> {
    NewPolicyVersion {
        version,
        effective_date: "2026-12-01",
        public_md: "# Social media policy\n",
        guide_md: "# Procedures guide\n",
    }
}

async fn versions_are_numbered_and_kept(db: TestDb) {
    let s = &db.store;
    let a = Fixture::new(s, "alpha").await;
    assert!(s
        .current_policy(&a.org, &a.practice)
        .await
        .unwrap()
        .is_none());
    let v1 = s
        .add_policy_version(&a.org, &a.compliance(), &a.practice, doc("0.1.0+aaa"))
        .await
        .unwrap();
    let v2 = s
        .add_policy_version(&a.org, &a.compliance(), &a.practice, doc("0.1.0+bbb"))
        .await
        .unwrap();
    assert_eq!((v1.number, v2.number), (1, 2));
    let all = s.policy_versions(&a.org, &a.practice).await.unwrap();
    assert_eq!(
        all.iter().map(|v| v.number).collect::<Vec<_>>(),
        vec![2, 1],
        "newest first, every version kept"
    );
    assert_eq!(
        s.current_policy(&a.org, &a.practice)
            .await
            .unwrap()
            .unwrap()
            .id,
        v2.id
    );
    let read = s.policy_version(&a.org, &v1.id).await.unwrap();
    assert_eq!(read, v1);
    assert_eq!(read.created_by, format!("user:{}", a.compliance));
    let events = s
        .object_events(&a.org, "policy_version", &v2.id)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].action, "policy_generate");
    assert!(
        !events[0].details.contains("Procedures guide"),
        "no document text in the log"
    );
    s.verify().await.unwrap();
}

async fn acknowledgements_and_who_has_not(db: TestDb) {
    let s = &db.store;
    let a = Fixture::new(s, "alpha").await;
    let v1 = s
        .add_policy_version(&a.org, &Actor::System, &a.practice, doc("v1"))
        .await
        .unwrap();
    let staff = s.policy_staff(&a.org, &v1.id).await.unwrap();
    assert_eq!(staff.len(), 3);
    assert!(staff.iter().all(|m| m.acknowledged_at.is_none()));

    s.acknowledge_policy(&a.org, &a.writer, &v1.id)
        .await
        .unwrap();
    let again = s.acknowledge_policy(&a.org, &a.writer, &v1.id).await;
    assert!(matches!(again, Err(Error::Conflict(_))), "{again:?}");
    let staff = s.policy_staff(&a.org, &v1.id).await.unwrap();
    let pending: Vec<_> = staff
        .iter()
        .filter(|m| m.acknowledged_at.is_none())
        .map(|m| m.user_id.clone())
        .collect();
    assert_eq!(pending.len(), 2);
    assert!(!pending.contains(&a.writer));
    let events = s
        .object_events(&a.org, "policy_version", &v1.id)
        .await
        .unwrap();
    let ack = events
        .iter()
        .find(|e| e.action == "policy_acknowledge")
        .unwrap();
    assert_eq!(ack.actor, format!("user:{}", a.writer));

    // A user with no role in the practice may not acknowledge it.
    let outsider = s
        .create_user(
            &a.org,
            &Actor::System,
            "out@alpha.example",
            "Outsider",
            "pass-pass-pass",
        )
        .await
        .unwrap();
    let r = s.acknowledge_policy(&a.org, &outsider.id, &v1.id).await;
    assert!(matches!(r, Err(Error::Forbidden(_))), "{r:?}");

    // A new version: everyone must acknowledge again, and the old one is closed.
    let v2 = s
        .add_policy_version(&a.org, &Actor::System, &a.practice, doc("v2"))
        .await
        .unwrap();
    let r = s.acknowledge_policy(&a.org, &a.reviewer, &v1.id).await;
    assert!(matches!(r, Err(Error::Conflict(_))), "{r:?}");
    assert!(s
        .policy_staff(&a.org, &v2.id)
        .await
        .unwrap()
        .iter()
        .all(|m| m.acknowledged_at.is_none()));
    s.verify().await.unwrap();
}

async fn another_organization_sees_nothing(db: TestDb) {
    let s = &db.store;
    let a = Fixture::new(s, "alpha").await;
    let b = Fixture::new(s, "beta").await;
    let v = s
        .add_policy_version(&a.org, &Actor::System, &a.practice, doc("v1"))
        .await
        .unwrap();
    assert!(is_not_found(s.policy_version(&b.org, &v.id).await));
    assert!(is_not_found(s.policy_versions(&b.org, &a.practice).await));
    assert!(is_not_found(s.current_policy(&b.org, &a.practice).await));
    assert!(is_not_found(s.policy_staff(&b.org, &v.id).await));
    assert!(is_not_found(
        s.add_policy_version(&b.org, &Actor::System, &a.practice, doc("x"))
            .await
    ));
    assert!(is_not_found(
        s.acknowledge_policy(&b.org, &b.writer, &v.id).await
    ));
    // b's user acknowledging a's version through a's organization id: the user is not a's.
    assert!(is_not_found(
        s.acknowledge_policy(&a.org, &b.writer, &v.id).await
    ));
}
