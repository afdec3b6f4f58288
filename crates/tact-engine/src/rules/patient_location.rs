use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// A street address, PO box, city or town, county, ZIP code, or named hospital or nursing home
/// in a sentence about a person. Places in general announcements ("Join us at the Chatham
/// farmers market") are reported for information only; the practice's own addresses and city
/// never count.
///
/// ## Why it matters
/// Geographic subdivisions smaller than a state are Safe Harbor identifiers (164.514(b)(2)(i)(B)).
/// "A patient from Pawnee who was airlifted to St. Luke's" narrows a story down to one family
/// in a small town.
///
/// ## Example
/// ```text
/// Our patient from Rochester, MN was transferred to Mercy General last night.
/// ```
///
/// ## Use instead
/// ```text
/// Our team coordinates care with hospitals across the region whenever patients need it.
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "patient-location",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "A place smaller than a state tied to a person",
    },
    types: &[EntityType::Location],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::WhenLinked,
    always_if: None,
    message: "This is a place smaller than a state",
    fix: "Leave out the street, town, county, ZIP code or facility, or say \"in our area\"; keep places only in general announcements about the practice.",
};
