use super::{Category, RawFinding, Rule, RuleContext, RuleMeta};
use crate::report::Severity;

/// ## What it catches
/// A term the practice has listed under `[flag] terms` in `tact.toml`: words or phrases it
/// never wants in a public post (a promise it cannot keep, a project name, a competitor).
/// Terms match whole words, case-insensitively.
///
/// ## Why it matters
/// Every practice has its own red lines that no general rule knows about. Listing them makes
/// Tact hold every writer to them.
///
/// ## Example
/// ```text
/// Our new laser is a miracle cure for back pain!
/// ```
/// (with `terms = ["miracle cure"]`)
///
/// ## Use instead
/// ```text
/// Ask us whether laser therapy could help with your back pain.
/// ```
pub static RULE: FlaggedTerm = FlaggedTerm;

/// Finds the profile's flagged terms.
pub struct FlaggedTerm;

static META: RuleMeta = RuleMeta {
    id: "flagged-term",
    category: Category::Policy,
    default_severity: Severity::Review,
    summary: "A term the practice never publishes (from tact.toml)",
};

impl Rule for FlaggedTerm {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleContext, out: &mut Vec<RawFinding>) {
        let lower = &cx.scan.lower;
        for term in cx.flag_terms {
            let mut from = 0;
            while let Some(pos) = lower[from..].find(term.as_str()) {
                let start = from + pos;
                let end = start + term.len();
                from = start + term.len().max(1);
                if cx.scan.boundary_before(start) && cx.scan.boundary_after(end) {
                    out.push(RawFinding {
                        rule: META.id,
                        category: META.category,
                        severity: META.default_severity,
                        start,
                        end,
                        message: "This term is on the practice's list of terms it never publishes."
                            .into(),
                        fix: "Rephrase without the term, or ask the compliance officer.".into(),
                        entity_type: None,
                        score: 1.0,
                    });
                }
            }
        }
    }
}
