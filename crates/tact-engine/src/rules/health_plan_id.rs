use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// A Medicare Beneficiary Identifier (1EG4-TE5-MK73 format), or a number introduced as a
/// member, subscriber, policy, group or Medicaid ID.
///
/// ## Why it matters
/// Health plan beneficiary numbers are Safe Harbor identifiers (164.514(b)(2)(i)(I)).
///
/// ## Example
/// ```text
/// My member ID is XJH448120331, why was my claim denied?
/// ```
///
/// ## Use instead
/// ```text
/// We're happy to look into billing questions. Please call our office.
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "health-plan-id",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "A health plan, Medicare or Medicaid ID",
    },
    types: &[EntityType::HealthPlanId],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::Always,
    always_if: None,
    message: "This is a health plan beneficiary number",
    fix: "Remove the member ID; insurance questions belong on the phone.",
};
