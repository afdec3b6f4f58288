use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// A number introduced as a fax ("fax 312-555-0189", "F: (312) 555 0189") that is not the
/// practice's fax from `tact.toml`.
///
/// ## Why it matters
/// Fax numbers are Safe Harbor identifiers (164.514(b)(2)(i)(E)); a referral fax in a post
/// points to a patient's other providers.
///
/// ## Example
/// ```text
/// Sent her records to Dr. Kim's office, fax 312-555-0189.
/// ```
///
/// ## Use instead
/// ```text
/// We share records with other providers securely, never on social media.
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "fax-number",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "A fax number that is not the practice's",
    },
    types: &[EntityType::Fax],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::Always,
    always_if: None,
    message: "This is a fax number that is not the practice's",
    fix: "Remove the fax number; give only the practice's own contact details.",
};
