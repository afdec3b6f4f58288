use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// An IPv4 or IPv6 address, for example from a patient-portal log pasted into a post.
///
/// ## Why it matters
/// IP addresses are Safe Harbor identifiers (164.514(b)(2)(i)(O)): they point to a home or a
/// device.
///
/// ## Example
/// ```text
/// The portal login came from 73.158.22.41, so it was definitely her.
/// ```
///
/// ## Use instead
/// ```text
/// If you have trouble logging in to the portal, call our office.
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "ip-address",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "An IPv4 or IPv6 address",
    },
    types: &[EntityType::IpAddress],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::Always,
    always_if: None,
    message: "This is an IP address",
    fix: "Remove the IP address.",
};
