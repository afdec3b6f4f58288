use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// A telephone number in any common format ((312) 555-0188, 312.555.0188, +44 20 7946 0958)
/// that is not one of the practice's numbers from `tact.toml`.
///
/// ## Why it matters
/// Telephone numbers are Safe Harbor identifiers (164.514(b)(2)(i)(D)), and a patient's number
/// in public invites calls from strangers.
///
/// ## Example
/// ```text
/// Mrs. Patel, please call me back at 312-555-0188 about your results.
/// ```
///
/// ## Use instead
/// ```text
/// We'd love to help. Please call our office at (217) 555-0142.
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "phone-number",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "A telephone number that is not the practice's",
    },
    types: &[EntityType::Phone],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::Always,
    always_if: None,
    message: "This is a phone number that is not the practice's",
    fix: "Remove the number; ask the person to call the practice's own number instead.",
};
