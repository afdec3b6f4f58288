use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// A number introduced as a medical record, chart or patient ID ("MRN 00482913", "chart
/// #77120").
///
/// ## Why it matters
/// Medical record numbers are Safe Harbor identifiers (164.514(b)(2)(i)(H)).
///
/// ## Example
/// ```text
/// Can someone pull MRN 00482913 for me?
/// ```
///
/// ## Use instead
/// ```text
/// Questions about your records? Call our office and we'll help.
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "medical-record-number",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "A medical record, chart or patient ID number",
    },
    types: &[EntityType::MedicalRecordNumber],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::Always,
    always_if: None,
    message: "This is a medical record number",
    fix: "Remove the record number.",
};
