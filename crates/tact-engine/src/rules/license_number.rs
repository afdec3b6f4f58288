use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// Driver's license numbers (state-aware), passport numbers, DEA registration numbers
/// (checksum), NPI numbers (Luhn with the 80840 prefix) and other license and certificate
/// numbers.
///
/// ## Why it matters
/// Certificate and license numbers are Safe Harbor identifiers (164.514(b)(2)(i)(K)).
///
/// ## Example
/// ```text
/// Copied his license for the chart: IL D400-7720-1190.
/// ```
///
/// ## Use instead
/// ```text
/// Please bring a photo ID to your first visit.
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "license-number",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "A driver's license, passport, DEA, NPI or other license or certificate number",
    },
    types: &[EntityType::LicenseNumber],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::Always,
    always_if: None,
    message: "This is a license or certificate number",
    fix: "Remove the number.",
};
