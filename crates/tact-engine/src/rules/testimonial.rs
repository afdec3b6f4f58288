use super::{Category, ConductRule, RawFinding, RuleContext, RuleMeta};
use crate::conduct;
use crate::entity::EntityType;
use crate::input::Kind;
use crate::report::Severity;

/// ## What it catches
/// Testimonial, case-study and before-and-after language ("see what our patient says",
/// "meet Jane, who lost 40 pounds with us", "before and after of Maria's smile makeover",
/// "patient spotlight") in a post or reply that carries no patient authorization. An item
/// with `authorization_ids` passes; the id is the practice's record of the signed form.
/// Before-and-after photos of the office are not testimonials. A patient's recovery told as
/// proof ("the guy who came to us after his accident walked out today without his cane")
/// counts too.
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

/// An authorization on file answers the rule. Without one, a post that quotes a patient's
/// own words ("“I came in barely able to walk…” — one of our patients") is a testimonial even
/// when no cue names it so.
fn pass_when_authorized(cx: &RuleContext, findings: &mut Vec<RawFinding>) {
    if !cx.input.authorization_ids.is_empty() {
        findings.clear();
        return;
    }
    premises_only(cx, findings);
    if findings.is_empty() {
        if let Some((start, end)) = quoted_patient_voice(cx) {
            findings.push(RawFinding {
                score: 0.8,
                ..RULE.finding(
                    start,
                    end,
                    "It quotes a patient's own words to promote the practice, which needs \
                     their written authorization. (cue: quoted-patient)"
                        .to_string(),
                )
            });
        }
    }
}

/// Drops the marker cues, and before-and-after findings when the text shows the premises
/// (`setting`) and nothing of a person (`person-result`): "Before/after: our new lobby".
fn premises_only(cx: &RuleContext, findings: &mut Vec<RawFinding>) {
    let is = |f: &RawFinding, name: &str| f.message.ends_with(&format!("(cue: {name})"));
    if findings.iter().any(|f| is(f, "before-after")) {
        let set = conduct::cue_set(RULE.meta.id);
        let hits = set.find(cx.words(), cx.input.kind);
        let has = |name: &str| hits.iter().any(|h| &*set.cue(h).name == name);
        if has("setting") && !has("person-result") {
            findings.retain(|f| !is(f, "before-after"));
        }
    }
    findings.retain(|f| !is(f, "setting") && !is(f, "person-result"));
    // "Shoutout to Karen Whitfield, who stayed late": the practice's own staff are no patients.
    findings.retain(|f| !is(f, "named-shoutout") || !names_only_staff(cx, f.start, f.end));
    // A recovery is a testimonial only as a patient's own story.
    if findings.iter().any(|f| is(f, "outcome"))
        && !super::patient_case::RULE
            .findings(cx)
            .iter()
            .any(|f| !super::conduct::from_classifier(f))
    {
        findings.retain(|f| !is(f, "outcome"));
    }
}

/// True when every person named between `start` and `end` is on the practice's staff.
fn names_only_staff(cx: &RuleContext, start: usize, end: usize) -> bool {
    let mut people = cx
        .entities
        .iter()
        .zip(cx.allowlisted)
        .filter(|(e, _)| e.entity_type == EntityType::Person && e.start < end && start < e.end)
        .peekable();
    people.peek().is_some()
        && people.all(|(e, &allowed)| {
            allowed && cx.allowlist.is_staff_name(&cx.input.text[e.start..e.end])
        })
}

/// Words after a quotation that make it the name of a kind of message, not one person's words.
const MESSAGE_KINDS: &[&str] = &[
    "calls",
    "call",
    "questions",
    "question",
    "messages",
    "message",
    "requests",
    "request",
    "comments",
    "emails",
    "texts",
    "dms",
    "reviews",
    "voicemails",
    "crowd",
    "type",
];

/// First-person words that make a quotation someone's own account.
const FIRST_PERSON: &[&str] = &[
    "i", "i'm", "im", "i've", "ive", "i'd", "i'll", "my", "me", "mine", "myself",
];

/// Words inside a quotation that speak of receiving care or of the practice.
const CARE_WORDS: &[&str] = &[
    "dr",
    "doctor",
    "doctors",
    "hygienist",
    "nurse",
    "nurses",
    "dentist",
    "surgeon",
    "staff",
    "office",
    "clinic",
    "practice",
    "team",
    "appointment",
    "visit",
    "treatment",
    "session",
    "sessions",
    "numbing",
    "pain",
    "stars",
    "recommend",
    "husband's",
    "wife's",
    "son's",
    "daughter's",
    "teeth",
    "skin",
    "back",
    "knee",
    "labor",
    "surgery",
    "came",
    "walk",
];

/// Words outside a quotation that attribute it to a patient or a review.
const ATTRIBUTION_WORDS: &[&str] = &[
    "patient",
    "patients",
    "client",
    "clients",
    "mom",
    "moms",
    "dad",
    "parent",
    "parents",
    "family",
    "families",
    "review",
    "reviews",
    "testimonial",
    "stars",
    "words",
    "ask",
];

/// Words outside a quotation that make it a review being republished.
const REVIEW_WORDS: &[&str] = &["review", "reviews", "testimonial", "stars", "rating"];

/// The byte span of a quotation in a post that reads as a patient speaking: at least four
/// words, in the first person, and either about care received or attributed to a patient or
/// a review; or, without the first person, praise of the practice presented as a review
/// ("⭐⭐⭐⭐⭐ 'Best dentist in town!' Thanks for the review!"). Replies are left out: they
/// quote the person they answer.
pub(super) fn quoted_patient_voice(cx: &RuleContext) -> Option<(usize, usize)> {
    *cx.quoted_voice
        .get_or_init(|| find_quoted_patient_voice(cx))
}

fn find_quoted_patient_voice(cx: &RuleContext) -> Option<(usize, usize)> {
    if cx.input.kind != Kind::Post {
        return None;
    }
    let text = cx.input.text;
    let quotes = quotations(text);
    if quotes.is_empty() {
        return None;
    }
    // Apostrophes inside words stay ("I'm"); quote marks at their ends go ("'I came…'").
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase().replace('’', "'"))
            .collect()
    };
    let mut outside = String::new();
    let mut last = 0;
    for &(s, e) in &quotes {
        outside.push_str(&text[last..s]);
        outside.push(' ');
        last = e;
    }
    outside.push_str(&text[last..]);
    let outside_words = words(&outside);
    let stars = outside.contains('⭐');
    let attributed = stars
        || outside_words
            .iter()
            .any(|w| ATTRIBUTION_WORDS.contains(&w.as_str()));
    let as_review = stars
        || outside_words
            .iter()
            .any(|w| REVIEW_WORDS.contains(&w.as_str()));
    quotes.into_iter().find(|&(s, e)| {
        // A quotation that names a kind of message ("we get a LOT of 'why won't you just
        // prescribe me antibiotics' calls") is no one's own account.
        let next = text[e..]
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .map(str::to_lowercase);
        if next.is_some_and(|w| MESSAGE_KINDS.contains(&w.as_str())) {
            return false;
        }
        // Nor are the words of a staff member named just before them ("A note from Dr.
        // Priya Raman: '…'").
        if cx.entities.iter().zip(cx.allowlisted).any(|(x, &allowed)| {
            allowed
                && x.entity_type == EntityType::Person
                && x.end <= s
                && text[x.end..s].chars().count() <= 12
        }) {
            return false;
        }
        // Nor what patients in general say ("When a patient says 'I googled my symptoms'").
        let mut from = s.saturating_sub(48);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let lead = words(&text[from..s]);
        let lead = &lead[lead.len().saturating_sub(5)..];
        if lead
            .iter()
            .any(|w| matches!(w.as_str(), "when" | "whenever" | "everytime"))
            && lead.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "patient" | "patients" | "someone" | "people" | "parents" | "everyone"
                )
            })
        {
            return false;
        }
        let inner = words(&text[s..e]);
        let care = inner.iter().any(|w| CARE_WORDS.contains(&w.as_str()));
        let first_person = inner
            .iter()
            .any(|w| FIRST_PERSON.contains(&w.as_str()) || w == "stars");
        inner.len() >= 4 && ((first_person && (attributed || care)) || (as_review && care))
    })
}

/// Byte spans of the quotations in a text, quote marks included: straight double quotes in
/// pairs, curly “…”, and single quotes ('…', ‘…’) that open before a word and close after
/// one. A single quote inside a word ("I'm", "don't") is an apostrophe, not a quote mark.
fn quotations(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let word_char = |k: Option<char>| k.is_some_and(char::is_alphanumeric);
    // Only quote marks open or close a quotation: visit those alone.
    for (i, mark) in text.match_indices(['"', '“', '”', '‘', '’', '\'']) {
        let c = mark.chars().next().unwrap_or(' ');
        let before = text[..i].chars().next_back();
        let after = text[i + mark.len()..].chars().next();
        let single = c == '\'' || c == '‘' || c == '’';
        // A single quote opens a quotation after a space or the start and before a word; it
        // closes one before a space, punctuation or the end, after a word or a stop.
        let opens_single = single && c != '’' && !word_char(before) && word_char(after);
        let closes_single = single
            && c != '‘'
            && !word_char(after)
            && before.is_some_and(|b| b.is_alphanumeric() || ".!?,…".contains(b));
        match (open, c) {
            (None, '"') | (None, '“') | (Some((_, '\'')), '"') | (Some((_, '\'')), '“') => {
                open = Some((i, c))
            }
            (None, _) if opens_single => open = Some((i, '\'')),
            (Some((s, '"')), '"') | (Some((s, '“')), '”') => {
                out.push((s, i + c.len_utf8()));
                open = None;
            }
            (Some((s, '\'')), _) if closes_single => {
                out.push((s, i + c.len_utf8()));
                open = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod quote_tests {
    use crate::{Analyzer, Input, Kind};

    #[test]
    fn a_patient_quoted_in_single_quotes_is_a_testimonial() {
        let report = Analyzer::default()
            .check(&Input::new(
                "'I came to this office broken and left whole.' One of our counseling clients.",
                Kind::Post,
            ))
            .unwrap();
        assert!(report.findings.iter().any(|f| f.rule == "testimonial"));
    }
}
