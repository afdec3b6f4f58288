use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// An email address that is not one of the practice's addresses (or on the practice's own
/// domain).
///
/// ## Why it matters
/// Email addresses are Safe Harbor identifiers (164.514(b)(2)(i)(F)).
///
/// ## Example
/// ```text
/// Jenny, I'll send the forms to jenny.r.83@gmail.com today.
/// ```
///
/// ## Use instead
/// ```text
/// Please contact our front desk and we'll help with the forms.
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "email-address",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "An email address that is not the practice's",
    },
    types: &[EntityType::Email],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::Always,
    always_if: None,
    message: "This is an email address that is not the practice's",
    fix: "Remove the address; ask the person to contact the practice privately instead.",
};
