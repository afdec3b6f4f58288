//! Feeds arbitrary bytes to the engine. Valid UTF-8 is analysed as a post, as a reply (the
//! bytes cut in two: the first part is the comment replied to), and with the demo practice's
//! profile; every offset must lie inside the text, and every rewrite and suggested reply
//! must pass. The same bytes are also parsed as a
//! practice profile, which may fail but must not panic, and a profile that parses must build
//! an analyzer.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tact_engine::{Analyzer, Input, Kind, Profile, Severity, Verdict};

const DEMO_PROFILE: &str = include_str!("../../examples/demo-practice/tact.toml");

fn plain() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(Analyzer::default)
}

fn practice() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| {
        let profile = Profile::from_toml(DEMO_PROFILE).expect("the demo profile is valid");
        Analyzer::new(&profile).expect("the demo profile builds")
    })
}

/// Analyses one input and checks every offset and the verdict.
fn check(analyzer: &Analyzer, input: &Input) {
    let text = input.text;
    let n_chars = text.chars().count();

    let (entities, allowlisted) = analyzer.entities(input).expect("within the size limit");
    assert_eq!(entities.len(), allowlisted.len());
    for e in &entities {
        assert!(
            e.start < e.end && e.end <= text.len(),
            "{} gave the span {}..{} in a text of {} bytes",
            e.recognizer,
            e.start,
            e.end,
            text.len()
        );
        assert!(
            text.is_char_boundary(e.start) && text.is_char_boundary(e.end),
            "{} gave the span {}..{}, not on char boundaries",
            e.recognizer,
            e.start,
            e.end
        );
        assert!(
            (0.0..=1.0).contains(&e.score),
            "{} scored {}",
            e.recognizer,
            e.score
        );
        if let Some((s, t)) = e.explanation.context {
            assert!(
                s <= t && t <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(t),
                "{} gave the context span {}..{}",
                e.recognizer,
                s,
                t
            );
        }
    }

    let report = analyzer.analyze(input).expect("within the size limit");
    assert_eq!(report.entities.len(), entities.len());
    for e in &report.entities {
        assert!(
            e.start < e.end && e.end <= n_chars,
            "entity {}..{} of {n_chars} chars",
            e.start,
            e.end
        );
    }
    for f in &report.findings {
        assert!(
            f.start <= f.end && f.end <= n_chars,
            "finding {} at {}..{} of {n_chars} chars",
            f.rule,
            f.start,
            f.end
        );
    }
    let expected = match report.findings.iter().map(|f| f.severity).max() {
        Some(Severity::Block) => Verdict::Block,
        Some(Severity::Review) => Verdict::Review,
        Some(Severity::Info) | None => Verdict::Pass,
    };
    assert_eq!(report.verdict, expected);

    // A rewrite is offered only when it passes; suggestions always pass as replies.
    if let Some(rewrite) = &report.rewrite {
        let again = analyzer
            .check(&Input {
                text: rewrite,
                ..*input
            })
            .expect("a rewrite is within the size limit");
        assert!(again.passes(), "the rewrite does not pass");
    }
    for s in &report.suggestions {
        assert!(analyzer
            .check(&Input::new(s, Kind::Reply))
            .is_ok_and(|r| r.passes()));
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    check(plain(), &Input::post(text));

    // A reply: the first byte chooses where the text is cut (on a char boundary).
    let mut cut = data
        .first()
        .map_or(0, |&b| usize::from(b) * text.len() / 255);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let (comment, reply) = text.split_at(cut);
    check(
        plain(),
        &Input {
            id: Some("fuzz"),
            text: reply,
            kind: Kind::Reply,
            replying_to: Some(comment),
            authorization_ids: &[],
        },
    );

    // The practice's allow-list, with a kind chosen by the last byte.
    let kind = Kind::ALL[data.last().map_or(0, |&b| usize::from(b) % Kind::ALL.len())];
    check(practice(), &Input::new(text, kind));

    // The same bytes as a profile.
    if let Ok(profile) = Profile::from_toml(text) {
        let analyzer = Analyzer::new(&profile).expect("a profile that parses must build");
        check(&analyzer, &Input::post(text));
    }
});
