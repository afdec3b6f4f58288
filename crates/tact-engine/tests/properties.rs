//! Property tests: on any text the engine never panics, its offsets stay inside the text and
//! on character boundaries, the verdict follows the findings, and the same input always gives
//! the same report.
//!
//! Texts come from three sources: arbitrary Unicode strings, strings of "awkward" characters
//! (controls, combining marks, emoji, joiners, direction marks), and strings assembled from
//! fragments that make recognizers fire (names, titles, digits, separators, health words).

use proptest::prelude::*;
use std::sync::OnceLock;
use tact_engine::{
    redact, Analyzer, AnalyzerOptions, Input, Kind, Profile, RedactMode, Report, Roster, Severity,
    Verdict, FINDING_THRESHOLD,
};

const CASES: u32 = 256;

/// `CASES` cases per property unless `PROPTEST_CASES` asks for more (for a longer hunt).
/// Failures are not written to a `proptest-regressions` file: the minimal failing input is
/// printed, and a found bug becomes a plain `#[test]` at the end of this file.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(CASES),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const DEMO_PROFILE: &str = include_str!("../../../examples/demo-practice/tact.toml");

fn plain() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(Analyzer::default)
}

/// The demo practice's profile (allow-list, flagged terms) plus a small roster.
fn practice() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| {
        let profile = Profile::from_toml(DEMO_PROFILE).expect("the demo profile is valid");
        let mut roster = Roster::new(b"0123456789abcdef0123456789abcdef");
        assert!(roster.add_name("Dana Whitley"));
        assert!(roster.add_name("García, José María"));
        Analyzer::new(&profile)
            .expect("the demo profile builds")
            .with_roster(roster)
    })
}

// ---------------------------------------------------------------------------------------------
// Strategies

/// Pieces of text that look like identifiers, names and health information.
const FRAGMENTS: &[&str] = &[
    "Maria",
    "Delgado",
    "Maria Delgado",
    "Priya",
    "Raman",
    "Dr. Priya Raman",
    "Dana Whitley",
    "DANA WHITLEY",
    "José",
    "García",
    "O'Brien",
    "O’Neil",
    "Sarah's",
    "Smith, John",
    "Lee",
    "Mrs.",
    "Mr.",
    "Ms.",
    "Dr.",
    "Dr",
    "Mx.",
    "NP",
    "MD",
    "Mom",
    "grandma",
    "Hi",
    "Dear",
    "Congrats to",
    "Thanks",
    "patient",
    "chemo",
    "diabetes",
    "Parkinson's disease",
    "knee replacement",
    "metformin",
    "MRI",
    "flu",
    "COVID-19",
    "MRN",
    "SSN",
    "DOB",
    "born",
    "age",
    "years old",
    "aged",
    "on",
    "since",
    "Jan",
    "January",
    "March 14",
    "12/31/1999",
    "1/1/1900",
    "2024-02-30",
    "'99",
    "1999",
    "103",
    "90",
    "123-45-6789",
    "078-05-1120",
    "000-00-0000",
    "(312) 555-0188",
    "312-555-0188",
    "+1 217 555 0142",
    "555.0188",
    "ext. 12",
    "fax",
    "tel:",
    "a@b.co",
    "frontdesk@maplegrovemed.com",
    "@maplegrovemed",
    "#",
    "http://",
    "https://x.io/a?b=c",
    "www.",
    ".com",
    "192.168.0.1",
    "::1",
    "fe80::1",
    "4111 1111 1111 1111",
    "VIN",
    "1HGCM82633A004352",
    "IL",
    "62704",
    "62704-1234",
    "Springfield",
    "Oak Street",
    "Suite 210",
    "St.",
    "Apt 4B",
    "PO Box 12",
    "Maple Grove",
    "miracle cure",
    "Medicare",
    "ID",
    "#A12345",
    "lic",
    "DEA",
    "AB1234563",
    "NPI",
    "1234567893",
    "serial",
    "SN-001",
    "/",
    "-",
    "–",
    "—",
    "@",
    ".",
    ",",
    ":",
    ";",
    "!",
    "?",
    "(",
    ")",
    "'",
    "’",
    "\"",
    "&",
    " ",
    " ",
    "  ",
    "\u{3000}",
    "\u{2003}",
    "\n",
    "\r\n",
    "\t",
    "\u{a0}",
    "\u{2028}",
    "\0",
    "\u{7f}",
    "\u{1b}[0m",
    "🎉",
    "👩‍⚕️",
    "🇺🇸",
    "e\u{301}",
    "\u{301}",
    "\u{200d}",
    "\u{200b}",
    "\u{feff}",
    "\u{200f}",
    "\u{202e}",
    "İ",
    "ß",
    "ǅ",
    "Ⅻ",
    "١٢٣",
    "٣",
    "𝟗",
    "ﬁ",
    "Ａ",
    "０１２",
    "\u{fffd}",
    "\u{10ffff}",
];

/// Characters that trip up byte/char handling.
fn awkward_char() -> impl Strategy<Value = char> {
    const SPECIAL: &[char] = &[
        '\0', '\n', '\r', '\t', '\u{85}', '\u{a0}', '\u{200d}', '\u{200f}', '\u{202e}', '\u{feff}',
        '\u{fffd}', '\u{2003}', '\u{3000}', 'İ', 'ß', '\'', '’', '.', '-', '/', '@', ' ',
    ];
    prop_oneof![
        3 => prop::sample::select(SPECIAL),
        1 => prop::char::range('\u{0}', '\u{1f}'),
        1 => prop::char::range('\u{300}', '\u{36f}'),
        1 => prop::char::range('\u{1f300}', '\u{1f64f}'),
        1 => prop::char::range('0', '9'),
        2 => prop::char::range('a', 'z'),
        2 => prop::char::range('A', 'Z'),
        1 => any::<char>(),
    ]
}

fn awkward_string() -> impl Strategy<Value = String> {
    prop::collection::vec(awkward_char(), 0..80).prop_map(|cs| cs.into_iter().collect())
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => "[0-9]{1,16}",
        1 => "[0-9]{1,4}[-/. ][0-9]{1,4}[-/. ][0-9]{1,4}",
        1 => "[A-Z][a-z]{1,9}",
        1 => "[A-Z]{1,3}[0-9]{2,9}",
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Fragments joined with nothing, a space or a newline.
fn fragment_string() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            fragment(),
            prop::sample::select(&["", " ", " ", "\n", ", "][..]),
        ),
        0..30,
    )
    .prop_map(|parts| {
        let mut s = String::new();
        for (p, sep) in parts {
            s.push_str(&p);
            s.push_str(sep);
        }
        s
    })
}

/// Any of the three kinds of text.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        awkward_string(),
        fragment_string(),
        fragment_string(),
    ]
}

fn kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(&Kind::ALL[..])
}

// ---------------------------------------------------------------------------------------------
// The checks

/// Every invariant of one analysis; returns the report.
fn check_input(analyzer: &Analyzer, input: &Input) -> Result<Report, TestCaseError> {
    let text = input.text;
    let n_chars = text.chars().count();

    // Byte-level entities.
    let (entities, allowlisted) = analyzer
        .entities(input)
        .map_err(|e| TestCaseError::fail(format!("refused a small input: {e}")))?;
    prop_assert_eq!(entities.len(), allowlisted.len());
    for e in &entities {
        prop_assert!(
            e.start < e.end,
            "empty span {}..{} from {}",
            e.start,
            e.end,
            e.recognizer
        );
        prop_assert!(
            e.end <= text.len(),
            "span {}..{} past the end ({}) from {}",
            e.start,
            e.end,
            text.len(),
            e.recognizer
        );
        prop_assert!(
            text.is_char_boundary(e.start) && text.is_char_boundary(e.end),
            "span {}..{} not on char boundaries, from {}",
            e.start,
            e.end,
            e.recognizer
        );
        prop_assert!(
            (0.0..=1.0).contains(&e.score),
            "score {} from {}",
            e.score,
            e.recognizer
        );
        if let Some((s, t)) = e.explanation.context {
            prop_assert!(
                s <= t && t <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(t),
                "context span {}..{} from {} is not a span of the text",
                s,
                t,
                e.recognizer
            );
        }
    }
    // Sorted, and identifiers never overlap each other (nor health terms each other).
    for w in entities.windows(2) {
        prop_assert!(
            (w[0].start, w[0].end) <= (w[1].start, w[1].end),
            "not sorted"
        );
    }
    for (i, a) in entities.iter().enumerate() {
        for b in &entities[i + 1..] {
            if a.entity_type.is_health() == b.entity_type.is_health() {
                prop_assert!(
                    !a.overlaps(b),
                    "{:?} {}..{} overlaps {:?} {}..{}",
                    a.entity_type,
                    a.start,
                    a.end,
                    b.entity_type,
                    b.start,
                    b.end
                );
            }
        }
    }

    // The report.
    let report = analyzer
        .analyze(input)
        .map_err(|e| TestCaseError::fail(format!("refused a small input: {e}")))?;
    prop_assert_eq!(report.kind, input.kind);
    prop_assert_eq!(report.entities.len(), entities.len());
    for (r, e) in report.entities.iter().zip(&entities) {
        prop_assert!(r.start <= r.end && r.end <= n_chars);
        prop_assert!(r.start < r.end, "empty entity in the report");
        // Code-point offsets are the byte offsets converted.
        prop_assert_eq!(r.start, text[..e.start].chars().count());
        prop_assert_eq!(r.end, text[..e.end].chars().count());
        prop_assert_eq!(r.entity_type, e.entity_type);
    }
    for f in &report.findings {
        prop_assert!(
            f.start <= f.end && f.end <= n_chars,
            "finding {} at {}..{} outside 0..{}",
            f.rule,
            f.start,
            f.end,
            n_chars
        );
        prop_assert!((0.0..=1.0).contains(&f.score), "finding score {}", f.score);
        prop_assert!(!f.message.is_empty() && !f.fix.is_empty());
    }
    for w in report.findings.windows(2) {
        prop_assert!(w[0].start <= w[1].start, "findings not sorted");
    }
    let expected = match report.findings.iter().map(|f| f.severity).max() {
        Some(Severity::Block) => Verdict::Block,
        Some(Severity::Review) => Verdict::Review,
        Some(Severity::Info) | None => Verdict::Pass,
    };
    prop_assert_eq!(report.verdict, expected);

    // Determinism: the same input, the same report and entities.
    let again = analyzer.analyze(input).expect("accepted once");
    prop_assert_eq!(&again, &report);
    let (entities2, allowlisted2) = analyzer.entities(input).expect("accepted once");
    prop_assert_eq!(entities2, entities.clone());
    prop_assert_eq!(allowlisted2, allowlisted);

    Ok(report)
}

/// Redacts what the analyzer counts (as `tact redact` does) in every mode: no panic, and the
/// text outside the entities is kept.
fn check_redaction(analyzer: &Analyzer, text: &str, kind: Kind) -> Result<(), TestCaseError> {
    let (entities, allowlisted) = analyzer
        .entities(&Input::new(text, kind))
        .map_err(|e| TestCaseError::fail(format!("refused a small input: {e}")))?;
    let counted: Vec<_> = entities
        .iter()
        .zip(&allowlisted)
        .filter(|(e, a)| !**a && e.entity_type.is_identifier() && e.score >= FINDING_THRESHOLD)
        .map(|(e, _)| e)
        .collect();
    for mode in [
        RedactMode::Type,
        RedactMode::Mask,
        RedactMode::Hash,
        RedactMode::Generalize,
    ] {
        let out = redact(text, &counted, mode, b"key");
        if counted.is_empty() {
            prop_assert_eq!(&out, text);
        }
        if mode != RedactMode::Generalize {
            if let (Some(first), Some(last)) = (counted.first(), counted.last()) {
                prop_assert!(out.starts_with(&text[..first.start]));
                prop_assert!(out.ends_with(&text[last.end..]));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn posts_keep_every_invariant(s in text()) {
        check_input(plain(), &Input::post(&s))?;
    }

    #[test]
    fn any_kind_keeps_every_invariant(s in text(), k in kind()) {
        check_input(plain(), &Input::new(&s, k))?;
    }

    #[test]
    fn replies_keep_every_invariant(s in text(), to in text()) {
        let input = Input { id: Some("r"), text: &s, kind: Kind::Reply, replying_to: Some(&to), authorization_ids: &[] };
        let report = check_input(plain(), &input)?;
        prop_assert_eq!(report.id.as_deref(), Some("r"));
    }

    #[test]
    fn replies_to_a_split_text_keep_every_invariant(s in text(), at in any::<prop::sample::Index>()) {
        // The comment and the reply are two halves of one text, cut at a char boundary.
        let cuts: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        let cut = cuts[at.index(cuts.len())];
        let (to, reply) = s.split_at(cut);
        let input = Input { id: None, text: reply, kind: Kind::Reply, replying_to: Some(to), authorization_ids: &[] };
        check_input(plain(), &input)?;
    }

    #[test]
    fn practice_profile_keeps_every_invariant(s in text(), k in kind()) {
        check_input(practice(), &Input::new(&s, k))?;
    }

    #[test]
    fn redaction_never_panics(s in text(), k in kind()) {
        check_redaction(plain(), &s, k)?;
    }

    #[test]
    fn size_limit_refuses_instead_of_panicking(s in text(), limit in 0usize..64) {
        let analyzer = Analyzer::default().with_options(AnalyzerOptions {
            reference_year: 2026,
            max_input_bytes: limit,
        });
        let input = Input::post(&s);
        let result = analyzer.analyze(&input);
        prop_assert_eq!(result.is_ok(), s.len() <= limit);
        prop_assert_eq!(analyzer.entities(&input).is_ok(), s.len() <= limit);
    }

    #[test]
    fn profile_parsing_never_panics(s in prop_oneof![any::<String>(), toml_like()]) {
        let _ = Profile::from_toml(&s);
    }

    #[test]
    fn reference_year_never_panics(s in fragment_string(), year in any::<i32>()) {
        let analyzer = Analyzer::default().with_options(AnalyzerOptions {
            reference_year: year,
            max_input_bytes: tact_engine::DEFAULT_MAX_INPUT_BYTES,
        });
        check_input(&analyzer, &Input::post(&s))?;
    }
}

/// Profiles with plausible keys and odd values.
fn toml_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("[practice]".to_string()),
        Just("[[recognizers]]".to_string()),
        Just("[rules]".to_string()),
        Just("[rules.severity]".to_string()),
        Just("[roster]".to_string()),
        Just("[flag]".to_string()),
        (
            prop::sample::select(
                &[
                    "name",
                    "entity",
                    "pattern",
                    "score",
                    "context",
                    "require_context",
                    "staff",
                    "phones",
                    "disabled",
                    "\"patient-name\"",
                    "account_type",
                    "terms",
                    "file",
                    "key_file",
                ][..]
            ),
            prop_oneof![
                "\"[^\"\\\\\n]{0,12}\"",
                "[0-9.eE+-]{1,6}",
                Just("true".to_string()),
                Just("[\"a\", \"\"]".to_string()),
                Just("\"PERSON\"".to_string()),
                Just("\"(a|\"".to_string()),
                Just("\"\\\\d{3}\"".to_string()),
                Just("\"x*\"".to_string()),
            ]
        )
            .prop_map(|(k, v)| format!("{k} = {v}")),
    ];
    prop::collection::vec(line, 0..12).prop_map(|ls| ls.join("\n"))
}

// ---------------------------------------------------------------------------------------------
// Fixed cases that once broke or are easy to break.

fn check_fixed(text: &str) {
    for k in Kind::ALL {
        check_input(plain(), &Input::new(text, k)).unwrap();
        check_input(practice(), &Input::new(text, k)).unwrap();
    }
    let input = Input {
        id: None,
        text,
        kind: Kind::Reply,
        replying_to: Some(text),
        authorization_ids: &[],
    };
    check_input(plain(), &input).unwrap();
}

#[test]
fn edge_texts_keep_every_invariant() {
    for text in [
        "",
        " ",
        "\n",
        "\0",
        ".",
        "'",
        "’s",
        "Dr.",
        "Mrs.",
        "Dr. ",
        "Mrs. Garcia",
        "e\u{301}\u{301}\u{301}",
        "\u{301}Maria Delgado",
        "Maria\u{301} Delgado\u{301}",
        "Maria\u{200d}Delgado",
        "🎉Maria Delgado🎉 chemo",
        "Dana Whitley's",
        "DANA  WHITLEY",
        "José María García",
        "İİİİİİİİİİ Maria Delgado",
        "ǅ Maria",
        "123-45-6789\u{301}",
        "a@b.c@d.e",
        "@@@@",
        "....",
        "////",
        "----",
        "0",
        "99999999999999999999999999999999999999999",
        "Dr. Dr. Dr. Mrs. Mrs.",
        "Maria Delgado, Maria Delgado, Maria Delgado",
    ] {
        check_fixed(text);
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions found by the properties above.

/// `redact` in generalize mode looks at the word before each entity (to absorb "Mrs." or
/// "on") and took the byte after the last white space as that word's start: a white space
/// of two or more bytes (no-break space U+00A0, next line U+0085, ideographic space U+3000)
/// made it slice inside a character and panic. `tact redact --mode generalize` crashed on
/// "Big thanks\u{a0}to Maria Delgado for the cookies!".
#[test]
fn generalize_after_a_multibyte_space_does_not_panic() {
    use tact_engine::{Entity, EntityType, Explanation};
    let person = |text: &str, name: &str| {
        let start = text.find(name).unwrap();
        Entity::new(
            EntityType::Person,
            start,
            start + name.len(),
            0.9,
            "test",
            Explanation::pattern("test"),
        )
    };
    for (text, expected) in [
        (
            "Big thanks\u{a0}to Maria Delgado for the cookies!",
            "Big thanks\u{a0}to someone for the cookies!",
        ),
        ("Thanks\u{85}Mrs. Garcia", "Thanks\u{85}someone"),
        ("Thanks\u{3000}Mrs. Garcia!", "Thanks\u{3000}someone!"),
        ("\u{a0}Mrs. Garcia", "\u{a0}someone"),
    ] {
        let name = if text.contains("Garcia") {
            "Garcia"
        } else {
            "Maria Delgado"
        };
        let e = person(text, name);
        assert_eq!(redact(text, &[&e], RedactMode::Generalize, b""), expected);
    }
}

/// Inputs that hit the bug above through the analyzer: minimal cases from proptest, and the
/// fuzzer's (`fuzz/fuzz_targets/redact.rs`, minimised by `cargo fuzz tmin`: a thin space).
#[test]
fn redaction_regression_inputs() {
    for text in [
        "\u{2009}\0Del",
        "\u{3000}Mrs.MariaMaria",
        "\u{85}\u{200d}\0@0b",
        "\u{85}\0LIm🌀",
        "\u{a0}, chemo",
        "MariaMaria\u{a0}Thanks Acx",
        "Big thanks\u{a0}to Maria Delgado for the cookies!",
    ] {
        for k in Kind::ALL {
            check_redaction(plain(), text, k).unwrap();
        }
    }
}
