use super::{Category, ConductRule, RawFinding, RuleContext, RuleMeta};
use crate::entity::EntityType;
use crate::input::Kind;
use crate::report::Severity;

/// ## What it catches
/// A post or reply that describes a specific patient's case, condition, behaviour or
/// treatment, named or not: "my patient who keeps no-showing her prenatal visits", "the kid
/// was super sick", "a 94-year-old with a rare tumour came in today", a story from last
/// night's shift. Talk about patients in general ("many of our patients ask about…") passes.
/// The finding is a review; it blocks when the text also carries an identifying detail (a
/// name, an age over 89, a code, or a date, place or link told in the story or tied to a
/// person).
///
/// ## Why it matters
/// People recognise their neighbour, their child's classmate or themselves from a few
/// details, and a story about "a patient" posted by the practice tells the world that person
/// was seen there. HIPAA protects the case, not only the name.
///
/// ## Example
/// ```text
/// Crazy night in the ER: a 94-year-old came in with a rare tumour and refused surgery.
/// ```
///
/// ## Use instead
/// ```text
/// Rare tumours often cause no symptoms at first. Ask us about screening at your next checkup.
/// ```
pub static RULE: ConductRule = ConductRule {
    meta: RuleMeta {
        id: "patient-case",
        category: Category::Conduct,
        default_severity: Severity::Review,
        summary: "A description of a specific patient's case, named or not",
    },
    kinds: &[Kind::Post, Kind::Reply],
    fix: "Remove the story about the patient. Share the general lesson instead, with no \
          details of any person, time or place.",
    skip_cue: None,
    adjust: Some(raise_with_identifiers),
};

/// Words in a patient's quoted account that tell their case: the body, how it works or hurts,
/// a treatment course, a relative whose care it was. Praise alone ("best dentist ever",
/// "changed my life") is a testimonial, not a case.
const CASE_WORDS: &[&str] = &[
    "teeth",
    "tooth",
    "gums",
    "skin",
    "back",
    "neck",
    "shoulder",
    "shoulders",
    "knee",
    "knees",
    "hip",
    "hips",
    "ankle",
    "foot",
    "feet",
    "leg",
    "legs",
    "arm",
    "arms",
    "hand",
    "hands",
    "wrist",
    "jaw",
    "face",
    "eyes",
    "vision",
    "hearing",
    "hear",
    "heart",
    "walk",
    "walking",
    "hiking",
    "run",
    "running",
    "sleep",
    "sleeping",
    "breathe",
    "breathing",
    "pain",
    "hurt",
    "hurts",
    "hurting",
    "ache",
    "aches",
    "numbing",
    "numb",
    "stitches",
    "surgery",
    "surgeries",
    "labor",
    "labour",
    "delivery",
    "pregnant",
    "pregnancy",
    "miscarriage",
    "diagnosis",
    "diagnosed",
    "cancer",
    "chemo",
    "stroke",
    "botox",
    "filler",
    "fillers",
    "braces",
    "invisalign",
    "implant",
    "implants",
    "crown",
    "veneers",
    "laser",
    "weight",
    "pounds",
    "lbs",
    "meds",
    "medication",
    "medications",
    "medicine",
    "pills",
    "insulin",
    "blood",
    "cholesterol",
    "diabetes",
    "anxiety",
    "depression",
    "sensitive",
    "scar",
    "scars",
    "acne",
    "wrinkles",
    "husband's",
    "wife's",
    "son's",
    "daughter's",
    "mom's",
    "dad's",
    "child's",
    "kid's",
    "baby's",
];

/// True when the quotation at `start..end` carries a health term or a [`CASE_WORDS`] word.
/// "Hands down" is praise, not a hand.
fn quote_tells_case(cx: &RuleContext, start: usize, end: usize) -> bool {
    let health = cx
        .counted()
        .any(|e| e.entity_type.is_health() && e.start >= start && e.end <= end);
    let words = cx.input.text[start..end]
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect::<Vec<String>>();
    health
        || words.iter().enumerate().any(|(i, w)| {
            CASE_WORDS.contains(&w.as_str())
                && !(w == "hands" && words.get(i + 1).is_some_and(|n| n == "down"))
        })
}

/// Words that may stand between a quotation and the words naming who said it.
const ATTRIBUTION_GLUE: &[&str] = &[
    "said", "says", "wrote", "writes", "shared", "from", "by", "hear", "it", "one", "more",
];

/// True when finding `f` only names who spoke the quotation at `qs..qe` ("… — one of our
/// patients", "Hear it from one of our patients: …"): it touches the quotation with nothing
/// but punctuation and [`ATTRIBUTION_GLUE`] between. The quotation tells no case, so the
/// attribution tells none either; the testimonial rule answers for it.
fn is_attribution(text: &str, f: &RawFinding, qs: usize, qe: usize) -> bool {
    let between = if f.start >= qe {
        &text[qe..f.start]
    } else if f.end <= qs {
        &text[f.end..qs]
    } else {
        return false;
    };
    between
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .all(|w| ATTRIBUTION_GLUE.contains(&w.to_lowercase().as_str()))
}

/// Words by which a reply speaks of how someone's care went ("glad the antibiotics cleared
/// up his ear infection", "so happy your A1c came down").
const CARE_TALK: &[&str] = &[
    "glad",
    "happy",
    "hope",
    "hoping",
    "congrats",
    "congratulations",
    "sorry",
    "thrilled",
    "relieved",
    "cleared",
    "helped",
    "helping",
    "worked",
    "working",
    "healed",
    "healing",
    "negative",
    "positive",
    "normal",
    "better",
    "improved",
    "improving",
    "down",
    "switched",
    "started",
    "changed",
];

/// In a reply, a condition, procedure or medication of the person (after "your", "his",
/// "her", "their") that the answered text does not mention, in a sentence about how their
/// care went: the reply adds a detail of their case from the practice's own knowledge.
/// Returns its byte span and the term.
fn unwritten_care_detail(cx: &RuleContext) -> Option<(usize, usize, String)> {
    let answered = cx.input.replying_to?;
    if cx.input.kind != Kind::Reply {
        return None;
    }
    let answered = answered.to_lowercase();
    let words = cx.words();
    let text = cx.input.text;
    cx.entities.iter().find_map(|e| {
        if !e.entity_type.is_health() || e.score < crate::FINDING_THRESHOLD {
            return None;
        }
        let term = text[e.start..e.end].to_lowercase();
        let stem = term.trim_end_matches('s');
        if answered.contains(stem)
            || cx
                .replying_health
                .iter()
                .any(|t| t.contains(stem) || stem.contains(t.as_str()))
        {
            return None;
        }
        // The word index of the term, and the words before it in its sentence.
        let i = (0..words.len()).find(|&i| words.byte_span(i, i + 1).0 == e.start)?;
        let (first, last) = words.sentence_words(words.sentence_of(i));
        let owned = (i.saturating_sub(3).max(first)..i)
            .any(|k| matches!(words.word(k), "your" | "ur" | "his" | "her" | "their"));
        let talk = (first..last).any(|k| CARE_TALK.contains(&words.word(k)));
        (owned && talk).then_some((e.start, e.end, term))
    })
}

/// A patient authorization on file covers the story it was signed for: the rule passes.
/// A post quoting a patient's own account of their care tells their case too. Identifying
/// details make the case recognisable: the finding blocks and weighs more.
fn raise_with_identifiers(cx: &RuleContext, findings: &mut Vec<RawFinding>) {
    if !cx.input.authorization_ids.is_empty() {
        findings.clear();
        return;
    }
    let quote = super::testimonial::quoted_patient_voice(cx);
    if let Some((qs, qe)) = quote.filter(|&(s, e)| !quote_tells_case(cx, s, e)) {
        findings.retain(|f| !is_attribution(cx.input.text, f, qs, qe));
    }
    if findings.is_empty() {
        if let Some((start, end)) = quote.filter(|&(s, e)| quote_tells_case(cx, s, e)) {
            findings.push(RawFinding {
                score: 0.7,
                ..RULE.finding(
                    start,
                    end,
                    "It quotes a patient's own account of their care. (cue: quoted-patient)"
                        .to_string(),
                )
            });
        }
    }
    if findings.is_empty() {
        if let Some((start, end, term)) = unwritten_care_detail(cx) {
            findings.push(RawFinding {
                score: 0.7,
                ..RULE.finding(
                    start,
                    end,
                    format!(
                        "It names a detail of the person's care they did not write ({term}), \
                         which tells their case in public. (cue: unwritten-detail)"
                    ),
                )
            });
        }
    }
    if findings.is_empty() {
        return;
    }
    // A date, a place or a link identifies someone where the text ties it to a person or
    // tells it inside the story itself ("the kid who came in on March 3"); an announcement
    // next to a general story ("we're closed on December 24") does not make anyone
    // recognisable.
    let sentences = crate::reply::sentences(cx.input.text);
    let in_story = |start: usize| {
        sentences
            .iter()
            .find(|&&(s, e)| s <= start && start < e.max(s + 1))
            .is_some_and(|&(s, e)| findings.iter().any(|f| f.start < e && s < f.end))
    };
    let details = cx
        .counted()
        .filter(|e| e.entity_type.is_identifier())
        .filter(|e| {
            !matches!(
                e.entity_type,
                EntityType::Date | EntityType::Location | EntityType::Url
            ) || cx.person_link(e.start, e.end).is_some()
                || in_story(e.start)
        })
        .map(|e| e.entity_type)
        .collect::<Vec<EntityType>>();
    if details.is_empty() {
        return;
    }
    for f in findings {
        f.severity = Severity::Block;
        f.score = (f.score.min(0.8) + 0.1 * details.len() as f32).min(1.0);
        f.message.push_str(&format!(
            "; the text also carries {}, which makes the patient recognisable",
            details[0].describe()
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::{Analyzer, Input, Kind};

    fn fires(text: &str, answered: &str) -> bool {
        let input = Input {
            replying_to: Some(answered),
            ..Input::new(text, Kind::Reply)
        };
        Analyzer::default()
            .check(&input)
            .unwrap()
            .findings
            .iter()
            .any(|f| f.rule == "patient-case")
    }

    #[test]
    fn a_reply_that_adds_a_detail_of_their_care_tells_their_case() {
        assert!(fires(
            "We're so glad the antibiotics cleared up his ear infection!",
            "Thanks for fitting us in"
        ));
        // The detail is theirs: named back, it is an acknowledgement, not a new case detail.
        assert!(!fires(
            "So glad his ear infection is better!",
            "Thanks for treating my son's ear infection so fast"
        ));
        // Advice to everyone names no one's care.
        assert!(!fires(
            "Flu shots are in! Bring your insurance card.",
            "Do you have flu shots yet?"
        ));
    }
}
