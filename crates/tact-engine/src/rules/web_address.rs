use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// Web addresses and social media profile links. A profile link (facebook.com/jane.doe.77)
/// always counts; other links count when the sentence ties them to a person. Links to public
/// health sources in a general post are shown for information only, and the practice's own
/// website never counts.
///
/// ## Why it matters
/// URLs are Safe Harbor identifiers (164.514(b)(2)(i)(N)); a profile link names a person as
/// surely as their name does.
///
/// ## Example
/// ```text
/// Our patient's fundraiser: gofundme.com/f/help-ana-beat-leukemia
/// ```
///
/// ## Use instead
/// ```text
/// Learn more about flu shots at cdc.gov/flu.
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "web-address",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "A web address or profile link tied to a person",
    },
    types: &[EntityType::Url],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::WhenLinked,
    always_if: Some(|e| e.explanation.pattern.contains("profile")),
    message: "This is a web address",
    fix: "Remove the link to a person's page or profile; link only to the practice's own pages or to public health sources.",
};
