use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// Vehicle identification numbers (with a valid check digit) and license plates introduced
/// as such.
///
/// ## Why it matters
/// Vehicle identifiers and serial numbers, license plates included, are Safe Harbor
/// identifiers (164.514(b)(2)(i)(L)).
///
/// ## Example
/// ```text
/// Whoever owns plate ZX 44812, you're blocking the ambulance bay again.
/// ```
///
/// ## Use instead
/// ```text
/// Please keep the ambulance bay clear at all times.
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "vehicle-id",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "A VIN or license plate",
    },
    types: &[EntityType::VehicleId],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::Always,
    always_if: None,
    message: "This is a vehicle identifier",
    fix: "Remove the plate or VIN.",
};
