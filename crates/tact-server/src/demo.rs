//! The demo practice for `tact serve --demo`: an organization, the Maple Grove practice (its
//! profile is `examples/demo-practice/tact.toml`, included at build time), a user for each
//! role, a business account and sample drafts in different states.

use serde::{Deserialize, Serialize};
use tact_engine::{Analyzer, Input, Kind, Profile};
use tact_store::{AccountType, Actor, DecisionKind, DraftKind, NewDraft, Result, Role, Store};

/// The demo practice's profile.
pub const PROFILE: &str = include_str!("../../../examples/demo-practice/tact.toml");

/// The demo users: (e-mail, name, password, role). Documented in the README.
pub const USERS: &[(&str, &str, &str, Role)] = &[
    (
        "admin@demo.tact",
        "Demo Admin",
        "demo-admin-pass",
        Role::Admin,
    ),
    (
        "writer@demo.tact",
        "Demo Writer",
        "demo-writer-pass",
        Role::Writer,
    ),
    (
        "reviewer@demo.tact",
        "Demo Reviewer",
        "demo-reviewer-pass",
        Role::Reviewer,
    ),
    (
        "compliance@demo.tact",
        "Demo Compliance",
        "demo-compliance-pass",
        Role::Compliance,
    ),
];

/// What the seed made (kept in `DATA_DIR/demo.json` so later starts find it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemoIds {
    pub organization_id: String,
    pub practice_id: String,
    pub account_id: String,
    /// User ids in the order of [`USERS`].
    pub users: Vec<String>,
}

impl DemoIds {
    pub fn admin(&self) -> &str {
        &self.users[0]
    }
}

fn report(analyzer: &Analyzer, text: &str, kind: Kind, replying_to: Option<&str>) -> String {
    let input = Input {
        text,
        kind,
        replying_to,
        ..Input::default()
    };
    let r = analyzer.analyze(&input).expect("demo texts are small");
    serde_json::to_string(&r).expect("a report serializes")
}

/// Seeds the demo organization into `store`.
pub async fn seed(store: &Store) -> Result<DemoIds> {
    let sys = Actor::System;
    let org = store
        .create_organization(&sys, "Maple Grove (demo)")
        .await?;
    let practice = store
        .create_practice(&org.id, &sys, "Maple Grove Family Medicine", PROFILE)
        .await?;
    let account = store
        .create_account(
            &org.id,
            &sys,
            &practice.id,
            "facebook",
            "@maplegrovemed",
            AccountType::Business,
        )
        .await?;
    let mut users = Vec::new();
    for (email, name, password, role) in USERS {
        let u = store
            .create_user(&org.id, &sys, email, name, password)
            .await?;
        store
            .grant_role(&org.id, &sys, &u.id, &practice.id, *role)
            .await?;
        if *role == Role::Admin {
            // The demo admin can also look at the audit page and the dashboard.
            store
                .grant_role(&org.id, &sys, &u.id, &practice.id, Role::Compliance)
                .await?;
        }
        users.push(u.id);
    }
    let ids = DemoIds {
        organization_id: org.id.clone(),
        practice_id: practice.id.clone(),
        account_id: account.id.clone(),
        users,
    };
    let profile = Profile::from_toml(PROFILE).expect("the demo profile is valid");
    let analyzer = Analyzer::new(&profile).expect("the demo profile builds");
    let writer = Actor::user(&ids.users[1]);
    let reviewer = Actor::user(&ids.users[2]);
    let new = |body: &str, kind: DraftKind, replying_to: Option<&str>| NewDraft {
        practice_id: practice.id.clone(),
        account_id: Some(account.id.clone()),
        kind,
        replying_to: replying_to.map(str::to_owned),
        body: body.to_owned(),
    };
    let o = &org.id;

    // 1. A safe post: submitted (pass → approved), published.
    let flu = "Flu shots are in! Walk in Monday to Friday, 8am to 5pm, or call us at (217) 555-0142 to book.";
    let d = store
        .create_draft(o, &writer, &new(flu, DraftKind::Post, None))
        .await?;
    store
        .submit_version(
            o,
            &writer,
            &d.id,
            flu,
            &report(&analyzer, flu, Kind::Post, None),
        )
        .await?;
    store
        .mark_published(
            o,
            &writer,
            &d.id,
            "https://www.facebook.com/maplegrovemed/posts/1001",
        )
        .await?;

    // 2. An oversharing post: blocked, waiting for the compliance officer.
    let over = "So proud of Maria Delgado, who finished her last round of chemo on 3/14! Her husband Andre says the whole family in Chatham is celebrating.";
    let d = store
        .create_draft(o, &writer, &new(over, DraftKind::Post, None))
        .await?;
    store
        .submit_version(
            o,
            &writer,
            &d.id,
            over,
            &report(&analyzer, over, Kind::Post, None),
        )
        .await?;

    let review = "Dr. Raman fixed my knee after months of pain. Best clinic in Springfield!";

    // 3. A reply to a comment that gives medical advice: waiting for a reviewer.
    let question = "What should I do about my sore throat?";
    let advice = "Gargle with warm salt water twice a day and take ibuprofen.";
    let d = store
        .create_draft(o, &writer, &new(advice, DraftKind::Reply, Some(question)))
        .await?;
    store
        .submit_version(
            o,
            &writer,
            &d.id,
            advice,
            &report(&analyzer, advice, Kind::Reply, Some(question)),
        )
        .await?;

    // 3b. A reply to a review that confirms a visit, being written.
    let ack = "So glad your knee surgery went well, see you at your follow-up!";
    store
        .create_draft(o, &writer, &new(ack, DraftKind::Reply, Some(review)))
        .await?;

    // 4. A warm, general reply: approved, in the outbox.
    let warm = "Thank you so much for the kind words! We'll share them with the whole team at Maple Grove Family Medicine.";
    let d = store
        .create_draft(o, &writer, &new(warm, DraftKind::Reply, Some(review)))
        .await?;
    let r = report(&analyzer, warm, Kind::Reply, Some(review));
    let v = store.submit_version(o, &writer, &d.id, warm, &r).await?;
    if v.verdict != tact_store::Verdict::Pass {
        store
            .decide(o, &reviewer, &d.id, DecisionKind::Approve, None)
            .await?;
    }

    // 5. A post published, then taken down.
    let hours = "Our Chatham office is closed Friday for staff training. Call (217) 555-0142 with questions.";
    let d = store
        .create_draft(o, &writer, &new(hours, DraftKind::Post, None))
        .await?;
    let r = report(&analyzer, hours, Kind::Post, None);
    let v = store.submit_version(o, &writer, &d.id, hours, &r).await?;
    if v.verdict != tact_store::Verdict::Pass {
        store
            .decide(o, &reviewer, &d.id, DecisionKind::Approve, None)
            .await?;
    }
    store
        .mark_published(
            o,
            &writer,
            &d.id,
            "https://www.facebook.com/maplegrovemed/posts/1002",
        )
        .await?;
    store
        .take_down(
            o,
            &writer,
            &d.id,
            "The training day moved; the post was out of date.",
        )
        .await?;

    // 6. Another draft still being written.
    let note = "Reminder: our new patient portal opens next week. Watch this page for the link!";
    store
        .create_draft(o, &writer, &new(note, DraftKind::Post, None))
        .await?;
    Ok(ids)
}

/// A fresh API token for the demo admin; earlier demo tokens are revoked.
pub async fn fresh_token(store: &Store, ids: &DemoIds) -> Result<String> {
    let org = &ids.organization_id;
    let admin = Actor::user(ids.admin());
    for t in store.api_tokens(org, ids.admin()).await? {
        if t.name == "demo-token" && t.revoked_at.is_none() {
            store.revoke_api_token(org, &admin, &t.id).await?;
        }
    }
    let (_, secret) = store
        .create_api_token(org, &admin, ids.admin(), "demo-token")
        .await?;
    Ok(secret)
}
