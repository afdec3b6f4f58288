use super::{Category, ConductRule, RawFinding, RuleContext, RuleMeta};
use crate::entity::EntityType;
use crate::input::Kind;
use crate::report::Severity;

/// ## What it catches
/// A reply that confirms or denies that the person it answers is, was or will be a patient:
/// it mentions their visit, appointment, treatment, procedure, results, records, chart, bill,
/// balance, insurance, referral, prescription or provider ("see you at your follow-up", "we
/// reviewed your chart", "as your dentist", "we have no record of you"), wishes them a
/// recovery, names back the clinician they wrote about ("we'll pass this on to Dr. Bell"),
/// or repeats and confirms the health details they wrote. It reads replies and
/// review answers, with or without the text being answered; when that text is given, it also
/// catches a reply that echoes its health terms or answers what the person disclosed with
/// individual advice that judges it ("totally normal after a scope, keep icing it").
///
/// ## Why it matters
/// The platform shows the reviewer's name right above the reply, so a reply that confirms a
/// visit discloses protected health information even without a name in it. Practices have
/// been fined for defending themselves against bad reviews with exactly these details.
///
/// ## Example
/// ```text
/// So glad your knee surgery went well, see you at your follow-up!
/// ```
///
/// ## Use instead
/// ```text
/// Thank you so much for the kind words! We'll share them with the team.
/// ```
pub static RULE: ConductRule = ConductRule {
    meta: RuleMeta {
        id: "acknowledgement",
        category: Category::Conduct,
        default_severity: Severity::Block,
        summary: "A reply that confirms someone is a patient or mentions their care",
    },
    kinds: &[Kind::Reply],
    fix: "Reply warmly but generally: thank them, say nothing about a visit, treatment, bill or \
          health detail, and invite them to call the office to talk privately.",
    skip_cue: Some(echo_without_disclosure),
    adjust: Some(echo_and_name_back),
};

/// Words by which the answered text speaks of its writer.
const SELF_WORDS: &[&str] = &[
    "i", "i'm", "im", "i've", "ive", "i'd", "i'll", "me", "my", "mine", "myself", "we", "we're",
    "we've", "our", "us", "mi", "mis", "yo",
];

/// Words by which the answered text speaks of a relative or someone in the writer's care.
const RELATIVE_WORDS: &[&str] = &[
    "he",
    "he's",
    "him",
    "his",
    "she",
    "she's",
    "her",
    "hers",
    "son",
    "son's",
    "daughter",
    "daughter's",
    "child",
    "kid",
    "kids",
    "baby",
    "toddler",
    "husband",
    "husband's",
    "wife",
    "wife's",
    "partner",
    "mom",
    "mom's",
    "mum",
    "mother",
    "mother's",
    "dad",
    "dad's",
    "father",
    "father's",
    "grandma",
    "grandpa",
    "grandmother",
    "grandfather",
    "brother",
    "sister",
    "friend",
    "neighbor",
    "neighbour",
    // Spanish: "mi hija tiene…"
    "hija",
    "hijo",
    "esposo",
    "esposa",
    "mamá",
    "papá",
    "bebé",
    "niño",
    "niña",
    "abuela",
    "abuelo",
];

/// Spanish complaints and body parts by which the answered text speaks of a health matter
/// (the health lexicons are English).
const SPANISH_HEALTH: &[&str] = &[
    "dolor",
    "duele",
    "duelen",
    "fiebre",
    "tos",
    "brackets",
    "frenos",
    "muela",
    "rodilla",
    "espalda",
    "sangrado",
    "mareo",
    "mareos",
    "vómito",
    "diarrea",
    "gripa",
    "gripe",
    "infección",
    "presión",
    "azúcar",
    "embarazada",
    "embarazo",
    "ronchas",
    "alergia",
];

/// Body parts and complaints that, repeated from the answered text after "the", "your", "his"
/// or "her", confirm what was disclosed ("hope the ankle's better").
const BODY_ECHO: &[&str] = &[
    "face",
    "skin",
    "stomach",
    "tummy",
    "ankle",
    "knee",
    "knees",
    "hip",
    "shoulder",
    "wrist",
    "elbow",
    "finger",
    "toe",
    "foot",
    "heel",
    "hand",
    "thumb",
    "chest",
    "throat",
    "arm",
    "leg",
    "neck",
    "jaw",
    "tooth",
    "teeth",
    "gums",
    "eye",
    "ear",
    "scar",
    "rash",
    "mole",
    "cough",
    "fever",
    "swelling",
    "bump",
    "lump",
    "cyst",
    "gash",
    "cut",
    "burn",
    "bruise",
    "bruising",
    "stitches",
    "cast",
    "incision",
    "wound",
    "infection",
    "sprain",
    "fracture",
    "migraine",
    "migraines",
    "headaches",
    "sobriety",
    "crutches",
    "walker",
    "brace",
    "sling",
    "splint",
    "inhaler",
    "wheelchair",
    "retainer",
    "blister",
    "lesion",
    "spot",
    "spots",
];

/// Words by which a reply judges the health details it answers.
const VERDICT_WORDS: &[&str] = &[
    "normal",
    "common",
    "typical",
    "classic",
    "textbook",
    "expected",
    "usual",
    "probably",
    "nothing",
    "fine",
    "definitely",
    "likely",
    "harmless",
    "benign",
];

/// Things of a person's care that, named back from the answered text with a determiner
/// ("the new meds", "your results"), confirm the care they wrote about.
const CARE_ECHO: &[&str] = &[
    "meds",
    "medication",
    "medications",
    "medicine",
    "pills",
    "prescription",
    "results",
    "scan",
    "mri",
    "biopsy",
    "surgery",
    "procedure",
    "treatment",
    "treatments",
    "injection",
    "injections",
    "implant",
    "implants",
    "crown",
    "filling",
    "fillings",
    "braces",
    "aligners",
    "glasses",
    "contacts",
    "therapy",
    "sessions",
    "diagnosis",
];

/// Complaints that, repeated from the answered text together with the word before them
/// ("barky cough", "brain fog", "lower back pain"), confirm what was disclosed.
const SYMPTOM_HEADS: &[&str] = &[
    "ache",
    "aches",
    "bleeding",
    "cough",
    "covid",
    "cramps",
    "cramping",
    "discharge",
    "dizziness",
    "fatigue",
    "fever",
    "fog",
    "headache",
    "headaches",
    "insomnia",
    "itch",
    "itching",
    "migraine",
    "migraines",
    "nausea",
    "pain",
    "pains",
    "rash",
    "spotting",
    "swelling",
    "throat",
    "tremor",
    "twitch",
    "twitching",
    "wheeze",
    "wheezing",
];

/// Words that do not make a complaint specific when they come before it ("the cough", "a
/// fever", "any pain").
const NOT_MODIFIERS: &[&str] = &[
    "the", "a", "an", "any", "your", "ur", "his", "her", "their", "my", "our", "that", "this",
    "these", "those", "some", "no", "of", "and", "or", "with", "for", "to", "in", "on", "at", "is",
    "was", "be", "it", "its", "it's", "if", "so", "such", "more", "less", "much",
];

/// Symptoms by the stems of their word forms ("swollen" and "the swelling" are one). Pain and
/// hurt are left out: "sorry you're hurting" is sympathy, not an echo.
const SYMPTOM_STEMS: &[&[&str]] = &[
    &["swell", "swoll"],
    &["bleed", "bled", "bloody"],
    &["bruis"],
    &["itch"],
    &["ache", "aching", "achy"],
    &["sore"],
    &["numb"],
    &["tingl"],
    &["throb"],
    &["dizz", "lightheaded"],
    &["nause", "queas"],
    &["vomit", "puking"],
    &["cough"],
    &["fever"],
    &["rash"],
    &["stiff"],
    &["cramp"],
    &["ooz", "pus"],
    &["infect"],
    &["migraine"],
    &["headache"],
    &["sneez"],
    &["wheez"],
    &["congest", "stuffy"],
    &["diarrh"],
    &["constipat"],
    &["blister"],
    &["lump"],
    &["discharg"],
    &["tighten", "contraction"],
];

/// Words before a symptom that make it a particular one ("the swelling", "your rash").
const SYMPTOM_DETERMINERS: &[&str] = &[
    "the", "your", "ur", "that", "this", "his", "her", "their", "any", "some", "no",
];

/// The symptom group of a word, by stem.
fn symptom_group(word: &str) -> Option<usize> {
    SYMPTOM_STEMS
        .iter()
        .position(|stems| stems.iter().any(|s| word.starts_with(s)))
}

fn answered_words(cx: &RuleContext) -> Vec<String> {
    cx.input
        .replying_to
        .unwrap_or("")
        .to_lowercase()
        .replace('’', "'")
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '.' | '/')))
        .map(|w| {
            w.trim_matches(|c| matches!(c, '\'' | '.' | '/'))
                .to_string()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Echo cues hold only when the answered text speaks of its writer (or, for
/// `echo-relative` and `relative-health`, of a relative): a health word in a question about
/// a service ("do you have flu shots?") is not a disclosure.
fn echo_without_disclosure(cx: &RuleContext, cue: &str) -> bool {
    let list = match cue {
        "echo" | "echo-validated" => SELF_WORDS,
        "echo-relative" | "relative-health" => RELATIVE_WORDS,
        _ => return false,
    };
    !answered_words(cx)
        .iter()
        .any(|w| list.contains(&w.as_str()))
}

/// The rule's own additions: repeated details, named-back staff, and a relative's visit.
fn echo_and_name_back(cx: &RuleContext, out: &mut Vec<RawFinding>) {
    // The answered text's words, split once for the two checks that read them.
    let answered = if cx.input.replying_to.is_none_or(str::is_empty) {
        Vec::new()
    } else {
        answered_words(cx)
    };
    echo_details(cx, &answered, out);
    name_back_staff(cx, out);
    relative_visit(cx, out);
    advice_to_discloser(cx, &answered, out);
}

/// Whether the answered text speaks of its writer or of a relative.
fn speaks_of_someone(answered: &[String]) -> bool {
    answered
        .iter()
        .any(|w| SELF_WORDS.contains(&w.as_str()) || RELATIVE_WORDS.contains(&w.as_str()))
}

/// "Totally normal! Warm salt water rinses and you'll be good." answering "is it normal to
/// still have swelling 2 weeks after my wisdom teeth came out?": individual advice on what
/// the person disclosed of their own or a relative's health takes the disclosure as true and
/// answers it as their clinician would, which confirms it in public, when the reply also
/// judges the disclosure ("totally normal"), names back their own body or symptom ("until
/// your stomach settles"), or answers someone who says the practice treats them ("the cream
/// you gave me"). A diagnosis or a dose alone is left to medical-advice. Only the advice the
/// medical-advice rule's cues find counts (not its classifier's guess).
fn advice_to_discloser(cx: &RuleContext, answered: &[String], out: &mut Vec<RawFinding>) {
    if answered.is_empty() {
        return;
    }
    let of_someone = speaks_of_someone(answered);
    let of_health = !cx.replying_health.is_empty()
        || answered.iter().any(|w| {
            symptom_group(w).is_some()
                || BODY_ECHO.contains(&w.as_str())
                || SPANISH_HEALTH.contains(&w.as_str())
        })
        // "I'm 34 weeks": a pregnancy told by its weeks.
        || answered.windows(3).any(|p| {
            matches!(p[0].as_str(), "i'm" | "im" | "am" | "she's" | "shes" | "is")
                && p[1].bytes().all(|b| b.is_ascii_digit())
                && matches!(p[2].as_str(), "weeks" | "wks" | "weeks'")
        });
    if !(of_someone && of_health) {
        return;
    }
    // Advice alone answers a question; advice that also judges what was disclosed ("totally
    // normal", "that's pink eye for sure", "it's probably nothing") confirms it.
    let words = cx.words();
    let judges = (0..words.len()).any(|i| {
        VERDICT_WORDS.contains(&words.word(i))
            || (i + 1 < words.len()
                && matches!(
                    (words.word(i), words.word(i + 1)),
                    ("for", "sure") | ("you'll", "be") | ("should", "settle")
                ))
    });
    // Advice that names back what they disclosed ("…until your stomach settles" answering
    // "my stomach is a mess"), or answers someone who says the practice treats them ("the
    // cream you gave me"), answers as their clinician.
    let names_back = (1..words.len()).any(|i| {
        let w = words.word(i);
        matches!(words.word(i - 1), "your" | "ur" | "his" | "her")
            && (BODY_ECHO.contains(&w) || symptom_group(w).is_some())
            && answered.iter().any(|a| a == w)
    });
    let their_care = answered.windows(2).any(|p| {
        matches!(
            (p[0].as_str(), p[1].as_str()),
            ("you", "gave") | ("put", "me") | ("prescribed", "me") | ("you", "prescribed")
        )
    });
    if !(judges || names_back || their_care) {
        return;
    }
    for f in super::medical_advice::RULE
        .findings(cx)
        .iter()
        .filter(|f| !super::conduct::from_classifier(f))
    {
        add_uncovered(
            out,
            f.start,
            f.end,
            "It gives individual advice on the health details the person disclosed, which \
             confirms them in public. (cue: advice-to-discloser)",
        );
    }
    out.sort_by_key(|f| f.start);
}

/// Relatives a commenter writes about ("my son", "our daughter").
const KIN: &[&str] = &[
    "son",
    "daughter",
    "kid",
    "kids",
    "kiddo",
    "boy",
    "girl",
    "baby",
    "toddler",
    "mom",
    "mum",
    "mother",
    "dad",
    "father",
    "husband",
    "wife",
    "grandma",
    "grandpa",
    "grandmother",
    "grandfather",
    "nana",
    "papa",
    "granddaughter",
    "grandson",
    "twins",
];

/// What a person did or was during a visit, said of them afterwards ("he did great", "she was
/// such a good sport").
const VISIT_VERBS: &[&str] = &[
    "was", "did", "had", "handled", "took", "told", "showed", "loved", "looked", "made", "got",
    "left", "charmed", "asked", "walked", "picked",
];

/// "Haha she was SUCH a good sport today!" answering "thanks for being so patient with my
/// daughter": a reply that says how the relative the person wrote about did, in the past, as
/// someone who was there. A hope or a condition ("hope she feels better", "if he…") is not.
fn relative_visit(cx: &RuleContext, out: &mut Vec<RawFinding>) {
    let Some(answered) = cx.input.replying_to.filter(|t| !t.is_empty()) else {
        return;
    };
    let answered = answered.to_lowercase();
    let words: Vec<&str> = answered
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let writes_of_kin = words
        .windows(2)
        .any(|p| matches!(p[0], "my" | "our") && KIN.contains(&p[1]));
    if !writes_of_kin {
        return;
    }
    let w = cx.words();
    for s in 0..w.sentences() {
        let (a, b) = w.sentence_words(s);
        // The sentence's subject: "he" or "she" among its first three words, right before a
        // past verb of the visit, with no hope or condition before it.
        let found = (a..b.min(a + 3)).find(|&i| {
            matches!(w.word(i), "he" | "she")
                && i + 1 < b
                && VISIT_VERBS.contains(&w.word(i + 1))
                && !(a..i).any(|k| {
                    matches!(
                        w.word(k),
                        "if" | "when" | "hope" | "hopefully" | "once" | "until" | "unless"
                    )
                })
        });
        let Some(i) = found else {
            continue;
        };
        let (start, end) = w.byte_span(i, (i + 2).min(b));
        add_uncovered(
            out,
            start,
            end,
            "It tells how the relative the person wrote about did, as someone who was \
                      there, which confirms the visit. (cue: relative-visit)",
        );
    }
    out.sort_by_key(|f| f.start);
}

/// Adds a finding of the rule's own over `start..end` unless one already covers part of it.
fn add_uncovered(out: &mut Vec<RawFinding>, start: usize, end: usize, message: &str) {
    if !out.iter().any(|f| f.start < end && start < f.end) {
        out.push(RULE.finding(start, end, message.to_string()));
    }
}

/// Adds a finding for a staff member the reply names who the answered text wrote about
/// ("Dr. Bell was so patient" answered with "Dr. Bell loved meeting you"): the pair confirms
/// who saw the person, whatever the reply says of them. A question about a clinician ("is
/// Dr. Bell taking new patients?") tells of no visit, so its names do not count.
fn name_back_staff(cx: &RuleContext, out: &mut Vec<RawFinding>) {
    let Some(answered) = cx.input.replying_to.filter(|t| !t.is_empty()) else {
        return;
    };
    let text = cx.input.text;
    let told: Vec<String> = answered
        .split_inclusive(['.', '!', '\n'])
        .filter(|sentence| !sentence.contains('?'))
        .flat_map(|sentence| {
            sentence
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_lowercase)
        })
        .collect();
    if told.is_empty() {
        return;
    }
    for (e, _) in cx
        .entities
        .iter()
        .zip(cx.allowlisted)
        .filter(|(e, &allowed)| allowed && e.entity_type == EntityType::Person)
    {
        let name = &text[e.start..e.end];
        if !cx.allowlist.is_staff_name(name) {
            continue;
        }
        let named_back = crate::allowlist::name_tokens(name)
            .iter()
            .filter(|w| w.chars().count() >= 3)
            .any(|w| told.contains(w));
        if !named_back || out.iter().any(|f| f.start < e.end && e.start < f.end) {
            continue;
        }
        out.push(
            RULE.finding(
                e.start,
                e.end,
                "It names the clinician or staff member the person wrote about, which \
                      confirms they were seen by them. (cue: names-their-provider)"
                    .to_string(),
            ),
        );
    }
    out.sort_by_key(|f| f.start);
}

/// Adds findings for details the reply repeats from the answered text that are not health
/// terms: a body part after "the", "your", "his" or "her", or a reading such as "168/102" or
/// "6.1".
fn echo_details(cx: &RuleContext, answered: &[String], out: &mut Vec<RawFinding>) {
    if answered.is_empty() {
        return;
    }
    let mut found: Vec<(usize, usize)> = Vec::new();
    let words = cx.words();
    let determiner = |k: usize| {
        matches!(
            words.word(k),
            "the" | "your" | "ur" | "his" | "her" | "that"
        )
    };
    for i in 1..words.len() {
        let w = words.word(i).trim_end_matches("'s");
        if BODY_ECHO.contains(&w) && determiner(i - 1) && answered.iter().any(|a| a == w) {
            found.push(words.byte_span(i - 1, i + 1));
        }
        // Something of their care, named back with what the person said of it ("loving the
        // new BP meds" answered with "so glad the new meds are helping").
        if CARE_ECHO.contains(&w) && answered.iter().any(|a| a == w) {
            let from = if determiner(i - 1) {
                Some(i - 1)
            } else if i >= 2 && determiner(i - 2) && answered.iter().any(|a| a == words.word(i - 1))
            {
                Some(i - 2)
            } else {
                None
            };
            if let Some(from) = from {
                found.push(words.byte_span(from, i + 1));
            }
        }
    }
    // A complaint with the word before it, as the answered text wrote them ("barky cough"),
    // when the answered text tells of someone ("what do you do for back pain?" does not).
    let of_someone = speaks_of_someone(answered);
    for i in (1..words.len()).filter(|_| of_someone) {
        let w = words.word(i);
        let m = words.word(i - 1);
        if SYMPTOM_HEADS.contains(&w)
            && m.len() > 2
            && !NOT_MODIFIERS.contains(&m)
            && answered.windows(2).any(|p| p[0] == m && p[1] == w)
        {
            found.push(words.byte_span(i - 1, i + 1));
        }
    }
    // A symptom the person wrote about themselves or a relative, named back in another form
    // ("my cheek is still swollen" answered with "the swelling should go down").
    if of_someone {
        let told: Vec<usize> = answered.iter().filter_map(|a| symptom_group(a)).collect();
        for i in 1..words.len() {
            if SYMPTOM_DETERMINERS.contains(&words.word(i - 1))
                && symptom_group(words.word(i)).is_some_and(|g| told.contains(&g))
            {
                found.push(words.byte_span(i - 1, i + 1));
            }
        }
    }
    // Readings are split into several words by the scan, so they are found in the text.
    let text = cx.input.text;
    let is_reading = |t: &str| {
        t.len() >= 3
            && t.contains(['.', '/'])
            && t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'/')
            // Ratings ("10/10", "5/5") are praise, not readings.
            && !t.ends_with("/10")
            && !t.ends_with("/5")
    };
    for t in answered.iter().filter(|t| is_reading(t)) {
        for (start, _) in text.match_indices(t.as_str()) {
            let end = start + t.len();
            let digit = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_digit());
            if !digit(start.checked_sub(1).and_then(|p| text.as_bytes().get(p)))
                && !digit(text.as_bytes().get(end))
            {
                found.push((start, end));
            }
        }
    }
    for (start, end) in found {
        add_uncovered(
            out,
            start,
            end,
            "It repeats details the person wrote about their body or readings, which \
                      confirms them in public. (cue: echo-detail)",
        );
    }
    out.sort_by_key(|f| f.start);
}

#[cfg(test)]
mod tests {
    use crate::{Analyzer, Input, Kind, Profile};

    fn fires(reply: &str, answered: &str) -> bool {
        let profile = Profile::from_toml(
            r#"
            [practice]
            name = "Maple Grove Family Medicine"
            staff = ["Dr. Marcus Bell", "Jenna Ortiz"]
            "#,
        )
        .unwrap();
        let analyzer = Analyzer::new(&profile).unwrap();
        let input = Input {
            replying_to: Some(answered),
            ..Input::new(reply, Kind::Reply)
        };
        analyzer
            .check(&input)
            .unwrap()
            .findings
            .iter()
            .any(|f| f.rule == "acknowledgement")
    }

    #[test]
    fn naming_back_the_staff_member_the_person_wrote_about() {
        assert!(fires(
            "Jenna is blushing! Thank you for sharing this.",
            "Jenna at the front desk sorted out my bill."
        ));
        assert!(fires(
            "Dr. Bell has practiced for 22 years.",
            "Dr Bell was rude and dismissive."
        ));
        // A staff member the person did not write about, or asked about, is not named back.
        assert!(!fires(
            "Thank you! Jenna and the whole team appreciate it.",
            "Great office, very clean."
        ));
        assert!(!fires(
            "Yes, Dr. Bell is welcoming new patients this spring.",
            "Is Dr. Bell taking new patients?"
        ));
    }

    #[test]
    fn a_symptom_named_back_in_another_form() {
        assert!(fires(
            "the swelling should go down in a week or two",
            "my cheek is STILL swollen after the extraction 😩"
        ));
        // Not a disclosure: a question about a service.
        assert!(!fires(
            "That swollen feeling usually settles; call us to talk it through.",
            "does swelling after a filling happen to people?"
        ));
    }

    #[test]
    fn how_the_relative_they_wrote_about_did() {
        let answered = "thank you for being so patient with my daughter at her cleaning";
        assert!(fires("Haha she was SUCH a good sport today!", answered));
        assert!(fires("He handled it like a pro", answered));
        assert!(!fires("She sounds like a wonderful kid.", answered));
        assert!(!fires(
            "If she was nervous, that's completely normal. Call us anytime.",
            answered
        ));
        // Without a relative in the answered text there is no one to confirm.
        assert!(!fires(
            "She was the best hire we ever made!",
            "Karen at the front desk is the best"
        ));
    }

    #[test]
    fn advice_that_judges_what_was_disclosed() {
        let answered = "My knee still clicks 3 weeks after my scope, should I be worried?";
        assert!(fires(
            "Clicking is super common after arthroscopy. Keep up the quad sets and ice after PT and you should be fine!",
            answered
        ));
        // A general answer that judges nothing and advises nothing passes.
        assert!(!fires(
            "Thanks for asking! Please give us a call so the team can take a look.",
            answered
        ));
        // The same advice answering a question about a service confirms no disclosure (the
        // classifier may still doubt the reply; the structure does not fire).
        let profile =
            Profile::from_toml("[practice]\nname = \"Maple Grove Family Medicine\"\n").unwrap();
        let input = Input {
            replying_to: Some("Do you do knee scopes at the Chatham office?"),
            ..Input::new(
                "Clicking is super common after arthroscopy. Keep up the quad sets and ice after PT and you should be fine!",
                Kind::Reply,
            )
        };
        let report = Analyzer::new(&profile).unwrap().check(&input).unwrap();
        assert!(!report
            .findings
            .iter()
            .any(|f| f.message.contains("advice-to-discloser")));
    }

    #[test]
    fn something_of_their_care_named_back() {
        assert!(fires(
            "Yay!! So glad the new meds are helping!",
            "Loving the new BP meds, no more headaches!"
        ));
        assert!(!fires(
            "Yay!! So glad to hear it!",
            "Loving the new BP meds, no more headaches!"
        ));
    }
}
