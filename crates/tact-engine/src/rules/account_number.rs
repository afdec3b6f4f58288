use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// Billing and patient account numbers, card numbers (Luhn-checked), bank account and
/// routing numbers (ABA checksum), IBANs, claim numbers and crypto wallet addresses.
///
/// ## Why it matters
/// Account numbers are Safe Harbor identifiers (164.514(b)(2)(i)(J)).
///
/// ## Example
/// ```text
/// Your balance on account 88120-4471 is past due.
/// ```
///
/// ## Use instead
/// ```text
/// For billing questions, please call our office.
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "account-number",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "An account, card, bank or claim number",
    },
    types: &[EntityType::AccountNumber],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::Always,
    always_if: None,
    message: "This is an account number",
    fix: "Remove the number; billing questions belong on the phone.",
};
