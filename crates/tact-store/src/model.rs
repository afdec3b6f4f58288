//! The stored objects and their small vocabularies (roles, statuses, verdicts…).

use serde::{Deserialize, Serialize};

/// A value that is not one of an enumeration's names (a corrupt row, or bad input).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what}: {value:?}")]
pub struct UnknownName {
    pub what: &'static str,
    pub value: String,
}

macro_rules! names {
    ($(#[$m:meta])* $name:ident, $what:literal { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name stored in the database and used in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, UnknownName> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownName { what: $what, value: s.to_owned() }),
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = UnknownName;
            fn try_from(s: String) -> Result<Self, UnknownName> {
                s.parse()
            }
        }
    };
}

names!(
    /// A social account is the practice's business page, or a staff member's personal one.
    AccountType, "account type" { Business = "business", Personal = "personal" }
);
names!(
    /// What a user may do in one practice. A user can hold several roles there.
    Role, "role" {
        /// Writes posts and replies, submits them.
        Writer = "writer",
        /// Approves, rejects or sends back drafts whose check verdict is `review`.
        Reviewer = "reviewer",
        /// The compliance officer: may also approve a `block` verdict (an override, with a reason).
        Compliance = "compliance",
        /// Manages the practice's settings, users and webhooks.
        Admin = "admin",
    }
);
names!(
    /// A new post, or a reply to a comment or review.
    DraftKind, "draft kind" { Post = "post", Reply = "reply" }
);
names!(
    /// Where a draft is in the flow.
    DraftStatus, "draft status" {
        Draft = "draft",
        InReview = "in_review",
        Approved = "approved",
        Rejected = "rejected",
        Published = "published",
        TakenDown = "taken_down",
    }
);
names!(
    /// The engine's verdict on a version (the report's `verdict`).
    Verdict, "verdict" { Pass = "pass", Review = "review", Block = "block" }
);
names!(
    /// A reviewer's or compliance officer's decision on a submitted version.
    DecisionKind, "decision" {
        Approve = "approve",
        Reject = "reject",
        SendBack = "send_back",
        /// Approval of a version the engine blocked; compliance only, with a reason.
        Override = "override",
    }
);
names!(
    /// What an audit event records.
    Action, "action" {
        Create = "create",
        Edit = "edit",
        Check = "check",
        Submit = "submit",
        Approve = "approve",
        Reject = "reject",
        SendBack = "send_back",
        Override = "override",
        Publish = "publish",
        TakeDown = "take_down",
        Login = "login",
        LoginFailed = "login_failed",
        Logout = "logout",
        SettingsChange = "settings_change",
        ProfileChange = "profile_change",
        Export = "export",
        /// A new version of the practice's policy and procedures guide.
        PolicyGenerate = "policy_generate",
        /// A staff member acknowledged the current policy version.
        PolicyAcknowledge = "policy_acknowledge",
    }
);

/// Who did something: a user, or the desk itself (webhook deliveries, set-up, migrations).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Actor {
    User(String),
    System,
}

impl Actor {
    pub fn user(id: impl Into<String>) -> Actor {
        Actor::User(id.into())
    }

    /// The stored form: `user:ID` or `system`.
    pub fn to_db(&self) -> String {
        match self {
            Actor::User(id) => format!("user:{id}"),
            Actor::System => "system".to_owned(),
        }
    }

    pub fn user_id(&self) -> Option<&str> {
        match self {
            Actor::User(id) => Some(id),
            Actor::System => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Practice {
    pub id: String,
    pub organization_id: String,
    pub name: String,
    /// The practice profile, as the text of a `tact.toml`.
    pub profile_toml: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// Counts changes of what the practice's analyzer is built from besides the profile
    /// text (its roster and reply templates), so that every desk rebuilds it.
    #[serde(skip)]
    pub analyzer_rev: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct SocialAccount {
    pub id: String,
    pub organization_id: String,
    pub practice_id: String,
    pub platform: String,
    pub handle: String,
    #[sqlx(try_from = "String")]
    pub account_type: AccountType,
    pub created_at: i64,
}

#[derive(Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: String,
    pub organization_id: String,
    pub email: String,
    pub display_name: String,
    /// The argon2 PHC string. Never serialized.
    #[serde(skip)]
    pub password_hash: String,
    pub disabled_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl User {
    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }
}

impl std::fmt::Debug for User {
    // No e-mail, name or hash in debug output (it may end up in a log).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("organization_id", &self.organization_id)
            .field("disabled_at", &self.disabled_at)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Membership {
    pub organization_id: String,
    pub user_id: String,
    pub practice_id: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub created_at: i64,
}

#[derive(Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Session {
    pub id: String,
    pub organization_id: String,
    pub user_id: String,
    /// The secret that the session's CSRF tokens are checked against.
    pub csrf_secret: String,
    pub created_at: i64,
    pub expires_at: i64,
}

impl Session {
    /// Whether `token` (from a form or header) is this session's CSRF secret; constant time.
    pub fn csrf_matches(&self, token: &str) -> bool {
        crate::constant_time_eq(self.csrf_secret.as_bytes(), token.as_bytes())
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("id", &self.id)
            .field("organization_id", &self.organization_id)
            .field("user_id", &self.user_id)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// A session just created: the token goes into the cookie and is never stored in clear.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub session: Session,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ApiToken {
    pub id: String,
    pub organization_id: String,
    pub user_id: String,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Draft {
    pub id: String,
    pub organization_id: String,
    pub practice_id: String,
    pub account_id: Option<String>,
    pub author_id: String,
    #[sqlx(try_from = "String")]
    pub kind: DraftKind,
    /// The comment or review a reply answers.
    pub replying_to: Option<String>,
    /// The working text (the writer's latest edit; versions freeze it).
    pub body: String,
    #[sqlx(try_from = "String")]
    pub status: DraftStatus,
    /// The number of the latest submitted version (0: never submitted).
    pub current_version: i64,
    pub published_link: Option<String>,
    pub published_at: Option<i64>,
    pub takedown_reason: Option<String>,
    pub taken_down_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a new draft needs.
#[derive(Debug, Clone)]
pub struct NewDraft {
    pub practice_id: String,
    pub account_id: Option<String>,
    pub kind: DraftKind,
    pub replying_to: Option<String>,
    pub body: String,
}

/// Filters for [`crate::Store::drafts`]; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct DraftFilter {
    pub practice_id: Option<String>,
    pub account_id: Option<String>,
    pub author_id: Option<String>,
    pub status: Option<DraftStatus>,
    /// Drafts whose latest version has a finding of this rule.
    pub rule: Option<String>,
    /// Drafts whose working text contains this (case-insensitive for ASCII letters).
    pub text: Option<String>,
    /// Updated at or after (ms).
    pub updated_from: Option<i64>,
    /// Updated before (ms).
    pub updated_to: Option<i64>,
    /// At most this many (newest first); default 100, at most 1000.
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Version {
    pub id: String,
    pub organization_id: String,
    pub draft_id: String,
    pub number: i64,
    pub body: String,
    /// The engine's report (docs/report-schema.md), as JSON text.
    pub report_json: String,
    #[sqlx(try_from = "String")]
    pub verdict: Verdict,
    /// The report's rule ids, sorted, each between bars (`|acknowledgement|patient-name|`).
    pub rules: String,
    pub created_by: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Decision {
    pub id: String,
    pub organization_id: String,
    pub draft_id: String,
    pub version_id: String,
    #[sqlx(try_from = "String")]
    pub kind: DecisionKind,
    pub reason: Option<String>,
    pub decided_by: String,
    pub decided_at: i64,
}

#[derive(Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Webhook {
    pub id: String,
    pub organization_id: String,
    pub practice_id: String,
    pub url: String,
    /// The HMAC-SHA256 signing key (kept in clear: the desk needs it to sign).
    pub secret: String,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
}

impl Version {
    /// The rule ids of the version's findings.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        self.rules.split('|').filter(|r| !r.is_empty())
    }
}

impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhook")
            .field("id", &self.id)
            .field("organization_id", &self.organization_id)
            .field("practice_id", &self.practice_id)
            .field("disabled_at", &self.disabled_at)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Delivery {
    pub id: String,
    pub organization_id: String,
    pub webhook_id: String,
    pub draft_id: Option<String>,
    pub attempt: i64,
    pub status_code: Option<i64>,
    pub error: Option<String>,
    pub next_attempt_at: Option<i64>,
    pub created_at: i64,
}

/// One delivery attempt, to record.
#[derive(Debug, Clone, Default)]
pub struct NewDelivery {
    pub draft_id: Option<String>,
    pub attempt: i64,
    pub status_code: Option<i64>,
    pub error: Option<String>,
    pub next_attempt_at: Option<i64>,
}

/// One event of the audit log, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct AuditEvent {
    pub seq: i64,
    pub at: i64,
    pub organization_id: Option<String>,
    /// `user:ID` or `system`.
    pub actor: String,
    pub action: String,
    pub object_kind: String,
    pub object_id: String,
    /// Canonical JSON (sorted keys, no spaces): ids, rule ids, counts, verdicts; never text.
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The chain head: the latest event's sequence number and hash (`seq` 0 and the zero hash
/// when the log is empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}
