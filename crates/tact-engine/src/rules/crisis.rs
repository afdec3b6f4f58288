use super::{Category, ConductRule, RuleMeta};
use crate::input::Kind;
use crate::report::Severity;

/// ## What it catches
/// An incoming comment or review that signals an emergency or a risk of self-harm: thoughts
/// of suicide in many phrasings ("I don't see the point anymore"), an overdose, chest pain or
/// trouble breathing happening now, a child not breathing, someone in danger from another
/// person. Figures of speech ("this wait is killing me", "dying to try it") pass.
///
/// ## Why it matters
/// Someone's life may depend on a fast, human answer. The comment must reach a person at
/// once, and the public reply should point to emergency help, not wait in a queue.
///
/// ## Example
/// ```text
/// I can't do this anymore. I just want it all to end.
/// ```
///
/// ## Use instead
/// Escalate to the on-call person now and reply:
/// ```text
/// We're so sorry you're going through this. Please call or text 988 now, or call 911 if
/// you're in danger. We're here for you.
/// ```
pub static RULE: ConductRule = ConductRule {
    meta: RuleMeta {
        id: "crisis",
        category: Category::Safety,
        default_severity: Severity::Block,
        summary: "An incoming comment that signals an emergency or self-harm",
    },
    kinds: &[Kind::Comment, Kind::Review],
    fix: "Escalate to a person now. Reply publicly with emergency help only: call 911 for an \
          emergency, call or text 988 for the Suicide & Crisis Lifeline.",
    skip_cue: None,
    adjust: None,
};
