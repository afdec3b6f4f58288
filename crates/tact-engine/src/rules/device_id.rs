use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// Serial numbers of implants and devices (pacemakers, pumps, CGMs), UDIs, IMEIs and MAC
/// addresses. Model names ("Dexcom G7") are not identifiers.
///
/// ## Why it matters
/// Device identifiers and serial numbers are Safe Harbor identifiers (164.514(b)(2)(i)(M)).
///
/// ## Example
/// ```text
/// Pacemaker serial PJN228804H checked out fine at her visit.
/// ```
///
/// ## Use instead
/// ```text
/// Device checks are quick and painless. Ask us about remote monitoring.
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "device-id",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "A device serial number, UDI, IMEI or MAC address",
    },
    types: &[EntityType::DeviceId],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::Always,
    always_if: None,
    message: "This is a device identifier",
    fix: "Remove the serial number; name the device model only if needed.",
};
