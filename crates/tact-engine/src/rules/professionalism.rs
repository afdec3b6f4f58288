use super::{Category, ConductRule, RawFinding, RuleContext, RuleMeta};
use crate::input::Kind;
use crate::report::Severity;

/// ## What it catches
/// Profanity, insults, sarcasm and mockery, threats (legal threats to reviewers included),
/// arguing with or shaming a reviewer ("that's not what happened", "you should have read the
/// policy"), and, on an account the profile marks as business (the default), political or
/// personal content. Besides its cue file it reads masked profanity ("f***", "sh*t"),
/// contemptuous emoji (eye roll, middle finger, clown) and orders shouted in capitals.
///
/// ## Why it matters
/// Every reply is a conversation in the office that everyone can overhear. A defensive or
/// mocking answer does more harm than the review it answers, and it often drags in details
/// of the person's care.
///
/// ## Example
/// ```text
/// Frankly you should have read the cancellation policy. Our lawyers will be in touch.
/// ```
///
/// ## Use instead
/// ```text
/// We're sorry to hear you're unhappy. Please call our office manager so we can talk.
/// ```
pub static RULE: ConductRule = ConductRule {
    meta: RuleMeta {
        id: "professionalism",
        category: Category::Conduct,
        default_severity: Severity::Review,
        summary: "Profanity, insults, sarcasm, threats, arguing, or off-topic content",
    },
    kinds: &[Kind::Post, Kind::Reply],
    fix: "Keep a calm, warm, professional tone: thank, acknowledge the feeling in general \
          terms, and take the conversation offline. Keep personal and political content off \
          the business account.",
    skip_cue: Some(personal_account_allows),
    adjust: Some(unseen_cues),
};

/// Political and personal content is a problem only on a business account.
fn personal_account_allows(cx: &RuleContext, cue: &str) -> bool {
    !cx.business_account && matches!(cue, "political" | "personal")
}

/// Profanity with letters masked by `*`, `#`, `@`, `$` or `!` ("f***", "sh*t", "a**hole"). The
/// word view drops those characters, so the rule reads the raw text here.
const MASKED: &[&str] = &[
    "fuck",
    "fucking",
    "fucked",
    "fucker",
    "fuckin",
    "motherfucker",
    "shit",
    "shitty",
    "bullshit",
    "bitch",
    "bitches",
    "asshole",
    "ass",
    "damn",
    "crap",
    "piss",
    "pissed",
    "dick",
    "bastard",
    "cunt",
    "twat",
    "wanker",
    "prick",
];

/// Emoji that read as contempt or obscenity: eye roll, middle finger, clown, unamused face,
/// face with symbols over the mouth.
const CONTEMPT_EMOJI: &[char] = &[
    '\u{1F644}',
    '\u{1F595}',
    '\u{1F921}',
    '\u{1F612}',
    '\u{1F92C}',
];

fn is_mask(c: char) -> bool {
    matches!(c, '*' | '#' | '@' | '$' | '!')
}

/// True when `token` (letters and mask characters, starting with a letter) is a masked form of
/// a word in `MASKED`.
fn masked_profanity(token: &str) -> bool {
    let chars: Vec<char> = token.chars().map(|c| c.to_ascii_lowercase()).collect();
    let masks = chars.iter().filter(|c| is_mask(**c)).count();
    if masks == 0 || !chars[0].is_ascii_alphabetic() {
        return false;
    }
    // A trailing "!" is punctuation, not a mask.
    let inner_mask = chars.iter().enumerate().any(|(i, c)| {
        is_mask(*c) && (*c != '!' || chars[i + 1..].iter().any(|d| d.is_alphabetic()))
    });
    if !inner_mask {
        return false;
    }
    MASKED.iter().any(|word| {
        let w: Vec<char> = word.chars().collect();
        if w.len() == chars.len() && chars.iter().zip(&w).all(|(c, l)| is_mask(*c) || c == l) {
            return true;
        }
        // Letters then only masks ("f***", "s**"): the letters start the word and the length
        // is about right.
        let letters: String = chars.iter().take_while(|c| c.is_alphabetic()).collect();
        let rest = &chars[letters.chars().count()..];
        !letters.is_empty()
            && rest.len() >= 2
            && rest.iter().all(|c| matches!(c, '*' | '#'))
            && word.starts_with(letters.as_str())
            && chars.len().abs_diff(w.len()) <= 1
    })
}

/// A sentence in capitals that barks an order at the public ("STOP CALLING FOR REFILLS",
/// "WE ARE NOT A PHARMACY"): shouting, not a notice.
fn shouted_demand(sentence: &str) -> bool {
    let words: Vec<&str> = sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if words.len() < 4 || !words.iter().all(|w| !w.chars().any(|c| c.is_lowercase())) {
        return false;
    }
    let first = words[0];
    let gerund = words
        .get(1)
        .is_some_and(|w| w.len() > 4 && w.ends_with("ING"));
    (matches!(first, "STOP" | "QUIT") && gerund)
        || words.windows(3).any(|w| {
            matches!(
                w,
                ["WE", "ARE", "NOT"] | ["WE'RE", "NOT", _] | ["THIS", "IS", "NOT"]
            )
        })
}

/// Adds what the cues cannot see: masked profanity, contemptuous emoji and shouted demands.
fn unseen_cues(cx: &RuleContext, out: &mut Vec<RawFinding>) {
    let text = cx.input.text;
    let mut extra: Vec<(usize, usize, &str, &str)> = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_alphabetic() || is_mask(c) {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            let token = text[s..i].trim_end_matches('!');
            if !token.is_empty() && masked_profanity(token) {
                extra.push((s, s + token.len(), "masked-profanity", "It uses profanity."));
            }
        }
        if CONTEMPT_EMOJI.contains(&c) {
            extra.push((
                i,
                i + c.len_utf8(),
                "contempt-emoji",
                "It uses an emoji that reads as contempt or obscenity.",
            ));
        }
    }
    let mut from = 0;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '\n')))
    {
        if matches!(c, '.' | '!' | '?' | '\n') {
            let sentence = &text[from..i];
            if shouted_demand(sentence) {
                let lead = sentence.len() - sentence.trim_start().len();
                extra.push((
                    from + lead,
                    i,
                    "shouting",
                    "It shouts an order at the reader in capitals.",
                ));
            }
            from = i + c.len_utf8();
        }
    }
    for (start, end, cue, message) in extra {
        if out.iter().any(|f| f.start < end && start < f.end) {
            continue;
        }
        out.push(RawFinding {
            rule: RULE.meta.id,
            category: RULE.meta.category,
            severity: RULE.meta.default_severity,
            start,
            end,
            message: format!("{message} (cue: {cue})"),
            fix: RULE.fix.to_string(),
            entity_type: None,
            score: 1.0,
        });
    }
    out.sort_by_key(|f| f.start);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_profanity_is_read() {
        for t in [
            "f***", "F***", "sh*t", "s**t", "a**hole", "b!tch", "f**king", "sh!tty", "d*mn",
        ] {
            assert!(masked_profanity(t), "{t}");
        }
        for t in ["what!", "A*", "f*", "me@home", "shot*", "fine", "hello!!"] {
            assert!(!masked_profanity(t), "{t}");
        }
    }

    #[test]
    fn shouted_demands_are_read() {
        assert!(shouted_demand("STOP CALLING FOR REFILLS ON SATURDAY"));
        assert!(shouted_demand(" WE ARE NOT A PHARMACY"));
        assert!(!shouted_demand("STOP BY OUR BOOTH SATURDAY"));
        assert!(!shouted_demand("DRIVE-THROUGH FLU CLINIC THIS SATURDAY"));
        assert!(!shouted_demand("Stop calling for refills on Saturday"));
    }
}
