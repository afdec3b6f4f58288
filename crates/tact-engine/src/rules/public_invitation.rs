use super::{Category, ConductRule, RawFinding, RuleContext, RuleMeta};
use crate::conduct;
use crate::input::Kind;
use crate::report::Severity;

/// ## What it catches
/// A post or reply that invites people to share health details in public: "tell us your
/// symptoms in the comments", "share your IVF journey below", "comment if you've ever had a
/// migraine". Asking for favourite recipes, questions about opening hours or shares of the
/// post passes.
///
/// ## Why it matters
/// Everything in the comments is public and permanent. A practice that asks people to post
/// their symptoms or diagnoses collects health information in the open and invites replies
/// that would confirm them as patients.
///
/// ## Example
/// ```text
/// Tell us your worst migraine symptoms in the comments!
/// ```
///
/// ## Use instead
/// ```text
/// Migraines can be managed. Call us to talk about a plan that fits you.
/// ```
pub static RULE: ConductRule = ConductRule {
    meta: RuleMeta {
        id: "public-invitation",
        category: Category::Conduct,
        default_severity: Severity::Review,
        summary: "A post inviting people to share health details in public",
    },
    kinds: &[Kind::Post, Kind::Reply],
    fix: "Invite people to call or message the office privately instead of sharing health \
          details in the comments.",
    skip_cue: None,
    adjust: Some(pair_venue_and_ask),
};

/// Cues that only count together: a call to post in the comments and a question about the
/// reader's own health, in sentences at most this far apart.
const VENUE: &str = "venue";
const ASK: &str = "health-ask";
const PAIR_DISTANCE: usize = 2;

/// Keeps the findings of the partial cues only when a `venue` and a `health-ask` occur near
/// each other ("What are you taking for your blood pressure? Compare meds in the comments!").
fn pair_venue_and_ask(cx: &RuleContext, findings: &mut Vec<RawFinding>) {
    let partial = |f: &RawFinding| {
        f.message.ends_with(&format!("(cue: {VENUE})"))
            || f.message.ends_with(&format!("(cue: {ASK})"))
    };
    if !findings.iter().any(partial) {
        return;
    }
    let set = conduct::cue_set(RULE.meta.id);
    let words = cx.words();
    let hits = set.find(words, cx.input.kind);
    let sentences_of = |name: &str| -> Vec<usize> {
        hits.iter()
            .filter(|h| &*set.cue(h).name == name)
            .map(|h| words.sentence_of(h.start))
            .collect()
    };
    let venues = sentences_of(VENUE);
    let asks = sentences_of(ASK);
    // Sentences that take part in a venue–ask pair.
    let paired: Vec<usize> = venues
        .iter()
        .chain(&asks)
        .copied()
        .filter(|&s| {
            let others = if venues.contains(&s) { &asks } else { &venues };
            others.iter().any(|&o| o.abs_diff(s) <= PAIR_DISTANCE)
                || (venues.contains(&s) && asks.contains(&s))
        })
        .collect();
    let sentence_of_finding = |f: &RawFinding| {
        hits.iter()
            .find(|h| words.byte_span(h.start, h.end).0 == f.start)
            .map(|h| words.sentence_of(h.start))
    };
    findings.retain_mut(|f| {
        if !partial(f) {
            return true;
        }
        match sentence_of_finding(f) {
            Some(s) if paired.contains(&s) => {
                f.message = "It asks readers about their health and invites them to answer in \
                             public, where everyone can read it. (cue: venue + health-ask)"
                    .to_string();
                f.score = 0.8;
                true
            }
            _ => false,
        }
    });
}
