use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// The name of someone on the practice's known-patient roster: a list of patient names the
/// practice exports from its records and imports with `tact roster import`. Tact keeps only
/// keyed hashes of the names, so a match is certain without the names ever being stored.
///
/// ## Why it matters
/// A roster match is not a guess: this person is a patient, and naming them in public
/// confirms it. Even "Great to see Dana Whitley at the 5K!" tells the world Dana is a patient
/// when the practice posts it.
///
/// ## Example
/// ```text
/// Shout-out to Dana Whitley for crushing her goals this year!
/// ```
///
/// ## Use instead
/// ```text
/// Shout-out to everyone who crushed their goals this year!
/// ```
/// Name a patient only with their written authorization on file.
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "known-patient",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "The name of someone on the practice's known-patient roster",
    },
    types: &[EntityType::Person],
    skip_recognizers: &[],
    only_recognizers: &["patient-roster"],
    linkage: Linkage::Always,
    always_if: None,
    message: "This is the name of a known patient of the practice",
    fix: "Remove the name; naming a patient in public confirms they are a patient, which needs their written authorization.",
};
