use super::identifier::{IdentifierRule, Linkage};
use super::{Category, RuleMeta};
use crate::entity::EntityType;
use crate::report::Severity;

/// ## What it catches
/// A date with a day or a month (3/14, March 14th, the 14th, 2024-03-14, March 2024) in a
/// sentence about a person: a birth, visit, admission, discharge or death date. Dates in
/// announcements ("closed on 12/24") are reported for information only. A year alone, times
/// of day, durations, dosages and prices are never dates.
///
/// ## Why it matters
/// All elements of dates except the year are Safe Harbor identifiers (164.514(b)(2)(i)(C)).
/// A visit date plus a first name is often all a neighbour needs.
///
/// ## Example
/// ```text
/// Happy birthday to our favorite patient, born 4/11/1958!
/// ```
///
/// ## Use instead
/// ```text
/// Happy birthday to everyone celebrating this month!
/// ```
pub static RULE: IdentifierRule = IdentifierRule {
    meta: RuleMeta {
        id: "patient-date",
        category: Category::Identifier,
        default_severity: Severity::Block,
        summary: "A date (day or month) tied to a person",
    },
    types: &[EntityType::Date],
    skip_recognizers: &[],
    only_recognizers: &[],
    linkage: Linkage::WhenLinked,
    always_if: None,
    message: "This is a date with a day or a month",
    fix: "Drop the day and month (\"recently\", \"this spring\"), or the whole date; a year alone is fine.",
};
