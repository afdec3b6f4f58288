use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// A Social Security number (123-45-6789 style, with the SSA's never-assigned areas 000,
/// 666 and 900-999 excluded) or an ITIN (9xx-7x-xxxx style).
///
/// ## Why it matters
/// Social Security numbers are Safe Harbor identifiers (164.514(b)(2)(i)(G)) and the key to
/// identity theft.
///
/// ## Example
/// ```text
/// Updated her file: SSN 219-09-9999.
/// ```
///
/// ## Use instead
/// ```text
/// Please bring your insurance card and a photo ID to your appointment.
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "social-security-number",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "A Social Security number or ITIN",
    },
    types: &[EntityType::Ssn],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::Always,
    always_if: None,
    message: "This is a Social Security number",
    fix: "Remove the number; never ask for or repeat it online.",
};
