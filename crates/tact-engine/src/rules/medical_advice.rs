use super::{Category, ConductRule, RuleMeta};
use crate::input::Kind;
use crate::report::Severity;

/// ## What it catches
/// Individual diagnosis, treatment, dosing or triage directed at a reader ("you likely have
/// hypothyroidism", "take 600 mg ibuprofen every 6 hours", "ice it and you'll be fine",
/// "that's normal after surgery, no need to come in"), and unsupported cure or prevention
/// claims ("our IV therapy keeps the flu away", "this supplement cures anxiety"). General
/// health education in a post ("Flu shots are available for everyone six months and older")
/// passes, and so does telling someone to call 911 or 988.
///
/// ## Why it matters
/// Advice given without an exam can harm the reader and creates a care relationship and
/// liability in public; cure claims can break advertising law. A medical question deserves
/// an appointment, not a comment.
///
/// ## Example
/// ```text
/// Sounds like a sinus infection. Take 600 mg ibuprofen every 6 hours and you'll be fine.
/// ```
///
/// ## Use instead
/// ```text
/// Great question! We can't give medical advice online, but we'd be glad to see you. Please
/// call us to book a visit.
/// ```
pub static RULE: ConductRule = ConductRule {
    meta: RuleMeta {
        id: "medical-advice",
        category: Category::Conduct,
        default_severity: Severity::Review,
        summary: "Individual diagnosis, dosing or triage, or an unsupported cure claim",
    },
    kinds: &[Kind::Post, Kind::Reply],
    fix: "Do not diagnose or dose online. Invite the person to call or book a visit; keep \
          posts to general education and claims you can support.",
    skip_cue: None,
    adjust: None,
};
