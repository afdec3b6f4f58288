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

/// Emoji that laugh at or roll their eyes at something: tears of joy, rolling on the floor,
/// grinning squint, skull, upside-down face, eye roll, face-palm.
const LAUGHING_EMOJI: &[char] = &[
    '\u{1F602}',
    '\u{1F923}',
    '\u{1F606}',
    '\u{1F480}',
    '\u{1F643}',
    '\u{1F644}',
    '\u{1F926}',
];

/// Words of affection that make a laughing story about a patient a warm one ("the sweetest
/// kiddo… 😂", "absolute legend").
const FOND_WORDS: &[&str] = &[
    "sweet", "sweetest", "trooper", "legend", "brave", "bravest", "cute", "cutest", "adorable",
    "little", "hero", "champ", "precious", "love", "loved", "best", "proud", "happy", "birthday",
];

/// Whether the text laughs or rolls its eyes somewhere, with no word of affection.
fn laughs(cx: &RuleContext) -> bool {
    let text = cx.input.text;
    let words = cx.words();
    // Words that laugh at what was told ("lol" and "haha" are too casual to say so).
    let laughing_word = (0..words.len())
        .any(|i| matches!(words.word(i), "lmao" | "lmfao" | "rofl" | "smh" | "tales"));
    ((!text.is_ascii() && text.chars().any(|c| LAUGHING_EMOJI.contains(&c))) || laughing_word)
        // "We still love you! 😂" after a confession forgives a fault: no affection.
        && !(0..words.len()).any(|i| {
            FOND_WORDS.contains(&words.word(i)) && !(i > 0 && words.word(i - 1) == "still")
        })
}

fn is_mask(c: char) -> bool {
    matches!(c, '*' | '#' | '@' | '$' | '!')
}

/// True when `token` (letters and mask characters, starting with a letter) is a masked form of
/// a word in `MASKED`.
fn masked_profanity(token: &str) -> bool {
    if !token.contains(is_mask) {
        return false;
    }
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
    // Every word in capitals: no lower-case letter at all.
    if sentence.bytes().any(|b| b.is_ascii_lowercase()) {
        return false;
    }
    let words: Vec<&str> = sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if words.len() < 4 || !words.iter().all(|w| !w.chars().any(|c| c.is_lowercase())) {
        return false;
    }
    let skip = usize::from(words[0] == "PLEASE");
    let words = &words[skip..];
    let Some(&first) = words.first() else {
        return false;
    };
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

/// Capitalised words that, in a reply otherwise in lower case, stress a reader's failing ("you
/// were TOLD", "you signed it TWICE").
const STRESSED: &[&str] = &[
    "TOLD",
    "READ",
    "SIGNED",
    "CLEARLY",
    "ALREADY",
    "TWICE",
    "THREE",
    "MULTIPLE",
    "SEVERAL",
    "EVERY",
    "EVERYWHERE",
    "ALWAYS",
    "OWN",
    "LATE",
    "CHOSE",
    "REFUSED",
    "DECLINED",
    "DIDN'T",
    "DID",
    "WERE",
    "WAS",
    "NOT",
    "NEVER",
    "POSTED",
    "WARNED",
    "INFORMED",
    "EXPLAINED",
    "ONCE",
    "NOTHING",
    "NOBODY",
    "FAULT",
    "YOUR",
    "YOURSELF",
    "NO",
    "BEFORE",
    "EXPLICITLY",
    "AGREED",
];

/// Words that mark a capitalised or stressed sentence as warm rather than angry.
const WARM: &[&str] = &[
    "THANK",
    "THANKS",
    "LOVE",
    "LOVED",
    "HAPPY",
    "HAPPIER",
    "GLAD",
    "PROUD",
    "PROUDER",
    "CONGRATS",
    "CONGRATULATIONS",
    "WELCOME",
    "SORRY",
    "AMAZING",
    "GREAT",
    "BEST",
    "WONDERFUL",
    "APPRECIATE",
    "GRATEFUL",
    "THRILLED",
    "EXCITED",
    "BLESSED",
    "MISS",
    "YAY",
    "WOW",
    "FREE",
    "HOLIDAYS",
    "BIRTHDAY",
    "OPEN",
];

/// Words of a sentence with letters, as typed.
fn letter_words(sentence: &str) -> Vec<&str> {
    letter_words_iter(sentence).collect()
}

fn letter_words_iter(sentence: &str) -> impl Iterator<Item = &str> {
    sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| w.chars().any(char::is_alphabetic))
}

/// Whether some word of the sentence passes `all_caps` (true, to be safe, for text that is not
/// ASCII): a quick test before the word lists are built.
fn has_caps_word(sentence: &str) -> bool {
    if !sentence.is_ascii() {
        return true;
    }
    let (mut upper, mut lower) = (0, false);
    for b in sentence.bytes().chain(std::iter::once(b' ')) {
        if b.is_ascii_uppercase() {
            upper += 1;
        } else if b.is_ascii_lowercase() {
            lower = true;
        } else if !(b.is_ascii_digit() || b == b'\'') {
            if upper >= 2 && !lower {
                return true;
            }
            (upper, lower) = (0, false);
        }
    }
    false
}

fn all_caps(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

/// A reply sentence shouted in capitals, or one in lower case that stresses the reader's
/// failing with a capitalised word; or a post sentence in capitals that forbids or warns.
fn shouted_at_reader(sentence: &str, reply: bool) -> bool {
    if !has_caps_word(sentence) {
        return false;
    }
    let words = letter_words(sentence);
    let caps = words.iter().filter(|w| all_caps(w)).count();
    let shouted = words.len() >= 4 && caps == words.len();
    let stressed = || {
        reply
            && words.len() >= 3
            && caps * 3 < words.len()
            && words
                .iter()
                .any(|w| all_caps(w) && w.len() >= 2 && STRESSED.contains(w))
    };
    // The warm words are looked for last: most sentences with a word in capitals ("MRN",
    // "DOB") are neither shouted nor stressed.
    if !shouted && !stressed() {
        return false;
    }
    if words
        .iter()
        .any(|w| WARM.iter().any(|warm| warm.eq_ignore_ascii_case(w)))
    {
        return false;
    }
    if shouted {
        if reply {
            return true;
        }
        let upper: Vec<String> = words.iter().map(|w| w.to_uppercase()).collect();
        let forbids = upper.windows(2).any(|w| {
            matches!(
                (w[0].as_str(), w[1].as_str()),
                ("DO", "NOT")
                    | ("NO", "EXCEPTIONS")
                    | ("NOT", "A")
                    | ("NOT", "AN")
                    | ("READ", "THE")
            )
        }) || upper
            .iter()
            .any(|w| matches!(w.as_str(), "NEVER" | "TOWED" | "DON'T" | "DONT"));
        let promo = upper
            .iter()
            .any(|w| matches!(w.as_str(), "MISS" | "FORGET"));
        return forbids && !promo;
    }
    true
}

/// Words that, put in quotation marks after "your" or "the", mock what the reader said
/// ("your \"emergency\"") unless the quote is praise.
fn mocking_quote(text: &str, open: usize, close: usize) -> bool {
    let inner = &text[open..close];
    let words = letter_words(inner);
    if words.is_empty() || words.len() > 3 || inner.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    const PRAISE: &[&str] = &[
        "best",
        "great",
        "amazing",
        "family",
        "home",
        "favorite",
        "favourite",
        "wonderful",
        "fantastic",
        "awesome",
        "lovely",
        "perfect",
        "kind",
        "kindest",
        "friendly",
        "gentle",
        "thank",
        "thanks",
        "love",
        "number",
        "one",
        "hero",
        "heroes",
        "angel",
        "angels",
        "gem",
        "miracle",
        "superstar",
        "rockstar",
        "star",
        "sweetest",
        "nicest",
    ];
    if words
        .iter()
        .any(|w| PRAISE.contains(&w.to_lowercase().as_str()))
    {
        return false;
    }
    let before: Vec<&str> = letter_words(&text[..open]);
    let Some(prev) = before.last() else {
        return false;
    };
    matches!(
        prev.to_lowercase().as_str(),
        "your"
            | "ur"
            | "the"
            | "this"
            | "that"
            | "these"
            | "those"
            | "his"
            | "her"
            | "their"
            | "so-called"
            | "called"
            | "alleged"
            | "supposed"
            | "such"
    )
}

/// Spans of quoted words in `text`: double quotes, or single quotes that are not apostrophes.
fn quoted_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, char)> = None;
    // Only quote marks open or close a span: visit those alone.
    for (i, mark) in text.match_indices(['"', '“', '”', '‘', '’', '\'']) {
        let c = mark.chars().next().unwrap_or(' ');
        let prev = text[..i].chars().next_back();
        let next = text[i + mark.len()..].chars().next();
        let boundary_before = prev.is_none_or(|p| !p.is_alphanumeric());
        let boundary_after = next.is_none_or(|n| !n.is_alphanumeric());
        match open {
            None => {
                if matches!(c, '"' | '“' | '‘' | '\'')
                    && boundary_before
                    && next.is_some_and(char::is_alphabetic)
                {
                    open = Some((i + c.len_utf8(), c));
                }
            }
            Some((start, q)) => {
                let closes = match q {
                    '"' | '“' => matches!(c, '"' | '”'),
                    _ => matches!(c, '\'' | '’') && boundary_after,
                };
                if closes && prev.is_some_and(|p| p.is_alphanumeric() || p == '.' || p == ',') {
                    spans.push((start, i));
                    open = None;
                }
            }
        }
    }
    spans
}

/// A reply sentence that is only an exasperated question ("Seriously?", "Are you kidding?").
fn exasperated_question(sentence: &str, ends_with_question: bool) -> bool {
    if !ends_with_question || letter_words_iter(sentence).nth(3).is_some() {
        return false;
    }
    let words: Vec<String> = letter_words(sentence)
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    matches!(
        w.as_slice(),
        ["seriously"]
            | ["really"]
            | ["oh", "really"]
            | ["honestly"]
            | ["huh"]
            | ["excuse", "me"]
            | ["you", "think"]
            | ["for", "real"]
            | ["is", "that", "so"]
            | ["wow", "seriously"]
            | ["wow", "really"]
            | ["are", "you", "serious"]
            | ["are", "you", "joking"]
            | ["you", "sure"]
            | ["do", "you", "now"]
            | ["did", "you", "now"]
    )
}

/// Adds what the cues cannot see: masked profanity, contemptuous emoji and shouted demands.
fn unseen_cues(cx: &RuleContext, out: &mut Vec<RawFinding>) {
    let text = cx.input.text;
    let reply = cx.input.kind == Kind::Reply;
    let mut extra: Vec<(usize, usize, &str, &str)> = Vec::new();
    // Masked words: only tokens holding a mask character can be one, so start from those.
    let mut last_token_end = 0;
    // The marks are ASCII, so a byte scan finds them (no UTF-8 decoding).
    let marks = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| matches!(b, b'*' | b'#' | b'@' | b'$' | b'!'))
        .map(|(m, _)| m);
    for m in marks {
        if m < last_token_end {
            continue;
        }
        let in_token = |c: char| c.is_alphabetic() || is_mask(c);
        let s = text[..m]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| in_token(c))
            .last()
            .map_or(m, |(k, _)| k);
        let e = text[m..]
            .char_indices()
            .find(|&(_, c)| !in_token(c))
            .map_or(text.len(), |(k, _)| m + k);
        last_token_end = e;
        let token = text[s..e].trim_end_matches('!');
        if !token.is_empty() && masked_profanity(token) {
            extra.push((s, s + token.len(), "masked-profanity", "It uses profanity."));
        }
    }
    if !text.is_ascii() {
        for (i, c) in text.char_indices() {
            if CONTEMPT_EMOJI.contains(&c) {
                extra.push((
                    i,
                    i + c.len_utf8(),
                    "contempt-emoji",
                    "It uses an emoji that reads as contempt or obscenity.",
                ));
            }
        }
    }
    let mut from = 0;
    let ends = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| matches!(b, b'.' | b'!' | b'?' | b'\n'))
        .map(|(i, b)| (i, char::from(b)))
        .chain(std::iter::once((text.len(), '\n')));
    // Shouting needs a word in capitals somewhere: one pass over the text decides whether
    // sentences need a look.
    let capitals = has_caps_word(text);
    for (i, c) in ends {
        let sentence = &text[from..i];
        let lead = sentence.len() - sentence.trim_start().len();
        if capitals && (shouted_demand(sentence) || shouted_at_reader(sentence, reply)) {
            extra.push((
                from + lead,
                i,
                "shouting",
                "It shouts an order at the reader in capitals.",
            ));
        } else if reply && exasperated_question(sentence, c == '?') {
            extra.push((
                from + lead,
                i + 1,
                "rhetorical",
                "It fires rhetorical questions at the reader, which reads as mockery in public.",
            ));
        }
        from = i + c.len_utf8();
    }
    if laughs(cx) && out.iter().all(super::conduct::from_classifier) {
        // A patient's story told with a laugh or an eye roll, and no affection, mocks that
        // patient: said so instead of the classifier's guess.
        if let Some(story) = super::patient_case::RULE
            .findings(cx)
            .into_iter()
            .find(|f| !super::conduct::from_classifier(f))
        {
            out.clear();
            extra.push((
                story.start,
                story.end,
                "mocking-story",
                "It tells a patient's story with a laugh or an eye roll, which mocks them in \
                 public.",
            ));
        }
    }
    // "ok." or "Noted." as the whole answer to someone's complaint brushes them off (to a
    // question it may be the answer).
    let answered_statement = cx
        .input
        .replying_to
        .is_some_and(|r| !r.trim_end().ends_with('?'));
    if reply && answered_statement {
        let words = cx.words();
        if (1..=2).contains(&words.len())
            && (0..words.len()).all(|i| {
                matches!(
                    words.word(i),
                    "ok" | "okay" | "k" | "kk" | "noted" | "whatever"
                )
            })
        {
            extra.push((
                0,
                text.trim_end().len(),
                "brush-off",
                "It brushes the person off with a one-word answer, which reads as contempt in \
                 public.",
            ));
        }
    }
    if reply {
        for (open, close) in quoted_spans(text) {
            if mocking_quote(text, open, close) {
                extra.push((
                    open,
                    close,
                    "mocking-quote",
                    "It puts the reader's words in quotation marks to mock them.",
                ));
            }
        }
    }
    for (start, end, cue, message) in extra {
        if out.iter().any(|f| f.start < end && start < f.end) {
            continue;
        }
        out.push(RULE.finding(start, end, format!("{message} (cue: {cue})")));
    }
    out.sort_by_key(|f| f.start);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_word_answer_brushes_off() {
        let analyzer = crate::Analyzer::default();
        let check = |text: &str| {
            let input = crate::Input {
                replying_to: Some("Terrible office, rude staff"),
                ..crate::Input::new(text, Kind::Reply)
            };
            let report = analyzer.check(&input).unwrap();
            report.findings.iter().any(|f| f.rule == "professionalism")
        };
        assert!(check("ok."));
        assert!(check("Noted."));
        assert!(!check("Okay, we'd love to hear more: please call us."));
        let answer = crate::Input {
            replying_to: Some("Can I come in at 3 instead?"),
            ..crate::Input::new("Ok!", Kind::Reply)
        };
        assert!(analyzer.check(&answer).unwrap().passes());
    }

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
        assert!(shouted_demand("PLEASE STOP ASKING FOR SAMPLES"));
    }

    #[test]
    fn shouting_at_the_reader_is_read() {
        assert!(shouted_at_reader("You were TOLD the price", true));
        assert!(shouted_at_reader("YOU WERE LATE AGAIN", true));
        assert!(!shouted_at_reader("THANK YOU SO MUCH FOR THIS", true));
        assert!(!shouted_at_reader("We could NOT be prouder of you", true));
        assert!(!shouted_at_reader("You were TOLD the price", false));
        assert!(shouted_at_reader("PARKING HERE WILL GET YOU TOWED", false));
        assert!(!shouted_at_reader("DON'T MISS OUR HEALTH FAIR", false));
        assert!(!shouted_at_reader(
            "FLU SHOTS THIS SATURDAY NO APPOINTMENT NEEDED",
            false
        ));
    }

    fn mocks(text: &str) -> bool {
        quoted_spans(text)
            .into_iter()
            .any(|(o, c)| mocking_quote(text, o, c))
    }

    #[test]
    fn mocking_quotes_are_read() {
        assert!(mocks("Your \"emergency\" was a paper cut."));
        assert!(mocks("The ‘rude’ receptionist was patient with you."));
        assert!(mocks("Your 'pain' seemed fine."));
        assert!(!mocks("Thanks for calling us your \"second family\"!"));
        assert!(!mocks("You described it as \"rushed\" and we're sorry."));
        assert!(!mocks("We don't know what you're asking about."));
    }

    #[test]
    fn exasperated_questions_are_read() {
        assert!(exasperated_question("Seriously", true));
        assert!(exasperated_question(" Are you serious", true));
        assert!(!exasperated_question("Seriously", false));
        assert!(!exasperated_question("Really appreciate it", true));
    }

    #[test]
    fn a_patient_story_told_with_a_laugh_mocks_them() {
        let mocking = |text: &str| {
            crate::Analyzer::default()
                .check(&crate::Input::new(text, Kind::Post))
                .unwrap()
                .findings
                .iter()
                .any(|f| f.message.contains("(cue: mocking-story)"))
        };
        assert!(mocking(
            "ER tales. A man came in last night with a fork stuck in his hand and asked if \
             he could keep eating first."
        ));
        // A warm story with a laugh is a patient case, not mockery.
        assert!(!mocking(
            "Had the sweetest kiddo today who told us her tummy hurt because of the broccoli 😂"
        ));
        assert!(!mocking("Flu shots are in! 😂 Walk in any time this week."));
    }
}
