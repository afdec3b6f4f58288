use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// An age over 89 ("a 94-year-old", "aged 91", "in her 90s") or a birth year that implies
/// one ("born in 1931"). Ages of 89 and under are not identifiers.
///
/// ## Why it matters
/// Safe Harbor requires ages over 89 to be aggregated into a single "90 or older" group
/// (164.514(b)(2)(i)(C)): very old patients are few, and an exact age singles them out.
///
/// ## Example
/// ```text
/// Celebrating our 97-year-old patient who walks a mile every day!
/// ```
///
/// ## Use instead
/// ```text
/// Celebrating our patients of every age who keep moving every day!
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "patient-age",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "An age over 89, or a birth year that implies one",
    },
    types: &[EntityType::Age],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::Always,
    always_if: None,
    message: "This is an age over 89",
    fix: "Say \"over 90\" or leave the age out.",
};
