use super::{Category, ConductRule, RuleMeta};
use crate::input::Kind;
use crate::report::Severity;

/// ## What it catches
/// A post or reply that invites people to share health details in public: "tell us your
/// symptoms in the comments", "share your IVF journey below", "comment if you've ever had a
/// migraine". Asking for favourite recipes, questions about opening hours or shares of the
/// post passes.
///
/// ## Why it matters
/// Everything in the comments is public and permanent. A practice that asks people to post
/// their symptoms or diagnoses collects health information in the open and invites replies
/// that would confirm them as patients.
///
/// ## Example
/// ```text
/// Tell us your worst migraine symptoms in the comments!
/// ```
///
/// ## Use instead
/// ```text
/// Migraines can be managed. Call us to talk about a plan that fits you.
/// ```
pub static RULE: ConductRule = ConductRule {
    meta: RuleMeta {
        id: "public-invitation",
        category: Category::Conduct,
        default_severity: Severity::Review,
        summary: "A post inviting people to share health details in public",
    },
    kinds: &[Kind::Post, Kind::Reply],
    fix: "Invite people to call or message the office privately instead of sharing health \
          details in the comments.",
    skip_cue: None,
    adjust: None,
};
