use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// The name of a person who is not on the practice's staff list: a first name, a surname
/// with a title ("Mrs. Garcia"), a full name, initials with a surname, names in ALL CAPS or in
/// lower case, and names introduced by a relation ("my husband Tom", "her daughter Ana").
///
/// ## Why it matters
/// A name is the first identifier on the HIPAA Safe Harbor list (45 CFR 164.514(b)(2)(i)(A)).
/// Next to anything about a visit, a condition or a treatment, it discloses protected health
/// information. Even a first name is enough for friends and neighbours to recognise a patient.
///
/// ## Example
/// ```text
/// Congrats to Maria Delgado on finishing chemo today!
/// ```
///
/// ## Use instead
/// ```text
/// Finishing treatment is a huge milestone. Congratulations to everyone ringing the bell this month!
/// ```
/// Name a patient only with their written authorization on file, and never together with
/// their care. The practice's own staff (listed in `tact.toml`) are never flagged.
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "patient-name",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "A person's name that is not one of the practice's staff",
    },
    types: &[EntityType::Person],
    skip_recognizers: &["patient-roster"],
    only_recognizers: &[],
    linkage: Linkage::Always,
    always_if: None,
    message: "This looks like a person's name",
    fix: "Remove the name or replace it with a general word (\"a patient\", \"someone\"); name a patient only with their written authorization on file.",
};
