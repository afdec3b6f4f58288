use super::{Category, ConductRule, RuleMeta};
use crate::input::Kind;
use crate::report::Severity;

/// ## What it catches
/// A reply that confirms or denies that the person it answers is, was or will be a patient:
/// it mentions their visit, appointment, treatment, procedure, results, records, chart, bill,
/// balance, insurance, referral, prescription or provider ("see you at your follow-up", "we
/// reviewed your chart", "as your dentist", "we have no record of you"), wishes them a
/// recovery, or repeats and confirms the health details they wrote. It reads replies and
/// review answers, with or without the text being answered; when that text is given, it also
/// catches a reply that echoes its health terms.
///
/// ## Why it matters
/// The platform shows the reviewer's name right above the reply, so a reply that confirms a
/// visit discloses protected health information even without a name in it. Practices have
/// been fined for defending themselves against bad reviews with exactly these details.
///
/// ## Example
/// ```text
/// So glad your knee surgery went well, see you at your follow-up!
/// ```
///
/// ## Use instead
/// ```text
/// Thank you so much for the kind words! We'll share them with the team.
/// ```
pub static RULE: ConductRule = ConductRule {
    meta: RuleMeta {
        id: "acknowledgement",
        category: Category::Conduct,
        default_severity: Severity::Block,
        summary: "A reply that confirms someone is a patient or mentions their care",
    },
    kinds: &[Kind::Reply],
    fix: "Reply warmly but generally: thank them, say nothing about a visit, treatment, bill or \
          health detail, and invite them to call the office to talk privately.",
    skip_cue: None,
    adjust: None,
};
