use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// Biometric identifiers written as codes: fingerprint, retina, iris, voiceprint and face
/// template ids.
///
/// ## Why it matters
/// Biometric identifiers are Safe Harbor identifiers (164.514(b)(2)(i)(P)).
///
/// ## Example
/// ```text
/// Fingerprint template ID FP-88213-A was enrolled for him today.
/// ```
///
/// ## Use instead
/// ```text
/// Our check-in kiosks make arriving for your visit quicker.
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "biometric-id",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "A biometric identifier",
    },
    types: &[EntityType::BiometricId],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::Always,
    always_if: None,
    message: "This is a biometric identifier",
    fix: "Remove the identifier.",
};
