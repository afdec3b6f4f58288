use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// Social media handles (@jenny_runs) other than the practice's own, case numbers, employee
/// ids and other unique identifying codes.
///
/// ## Why it matters
/// Any other unique identifying number, characteristic or code is a Safe Harbor identifier
/// (164.514(b)(2)(i)(R)); on social media a handle is as good as a name.
///
/// ## Example
/// ```text
/// Thanks @jenny_runs for trusting us with your knee rehab!
/// ```
///
/// ## Use instead
/// ```text
/// Thanks to everyone who trusts us with their rehab!
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "other-id",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "Another identifying code or a social media handle",
    },
    types: &[EntityType::OtherId],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::Always,
    always_if: None,
    message: "This is an identifying code or handle",
    fix: "Remove the handle or code; never tag a patient.",
};
