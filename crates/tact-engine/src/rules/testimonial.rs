use super::{Category, ConductRule, RawFinding, RuleContext, RuleMeta};
use crate::input::Kind;
use crate::report::Severity;

/// ## What it catches
/// Testimonial, case-study and before-and-after language ("see what our patient says",
/// "meet Jane, who lost 40 pounds with us", "before and after of Maria's smile makeover",
/// "patient spotlight") in a post or reply that carries no patient authorization. An item
/// with `authorization_ids` passes; the id is the practice's record of the signed form.
/// Before-and-after photos of the office are not testimonials.
///
/// ## Why it matters
/// Using a patient's story, words or photos to promote the practice is marketing, and HIPAA
/// requires the patient's written authorization first (45 CFR 164.508(a)(3)).
///
/// ## Example
/// ```text
/// Before and after: look at Maria's amazing smile makeover!
/// ```
///
/// ## Use instead
/// ```text
/// Curious about smile makeovers? Call us to talk about your options.
/// ```
/// (or attach the signed authorization's id to the item)
pub static RULE: ConductRule = ConductRule {
    meta: RuleMeta {
        id: "testimonial",
        category: Category::Conduct,
        default_severity: Severity::Review,
        summary: "Testimonial or before-and-after content without a patient authorization",
    },
    kinds: &[Kind::Post, Kind::Reply],
    fix: "Attach the id of the patient's signed authorization to this item, or remove the \
          patient's story, words and photos.",
    skip_cue: None,
    adjust: Some(pass_when_authorized),
};

/// An authorization on file answers the rule.
fn pass_when_authorized(cx: &RuleContext, findings: &mut Vec<RawFinding>) {
    if !cx.input.authorization_ids.is_empty() {
        findings.clear();
    }
}
