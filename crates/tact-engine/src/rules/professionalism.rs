use super::{Category, ConductRule, RuleContext, RuleMeta};
use crate::input::Kind;
use crate::report::Severity;

/// ## What it catches
/// Profanity, insults, sarcasm and mockery, threats (legal threats to reviewers included),
/// arguing with or shaming a reviewer ("that's not what happened", "you should have read the
/// policy"), and, on an account the profile marks as business (the default), political or
/// personal content.
///
/// ## Why it matters
/// Every reply is a conversation in the office that everyone can overhear. A defensive or
/// mocking answer does more harm than the review it answers, and it often drags in details
/// of the person's care.
///
/// ## Example
/// ```text
/// Frankly you should have read the cancellation policy. Our lawyers will be in touch.
/// ```
///
/// ## Use instead
/// ```text
/// We're sorry to hear you're unhappy. Please call our office manager so we can talk.
/// ```
pub static RULE: ConductRule = ConductRule {
    meta: RuleMeta {
        id: "professionalism",
        category: Category::Conduct,
        default_severity: Severity::Review,
        summary: "Profanity, insults, sarcasm, threats, arguing, or off-topic content",
    },
    kinds: &[Kind::Post, Kind::Reply],
    fix: "Keep a calm, warm, professional tone: thank, acknowledge the feeling in general \
          terms, and take the conversation offline. Keep personal and political content off \
          the business account.",
    skip_cue: Some(personal_account_allows),
    adjust: None,
};

/// Political and personal content is a problem only on a business account.
fn personal_account_allows(cx: &RuleContext, cue: &str) -> bool {
    !cx.business_account && matches!(cue, "political" | "personal")
}
