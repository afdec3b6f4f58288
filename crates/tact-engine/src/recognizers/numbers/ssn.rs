//! US Social Security numbers: `ddd-dd-dddd`, `ddd dd dddd`, `ddd.dd.dddd`, nine bare digits,
//! and (as very weak candidates) the sloppy one-dash forms `ddd-dddddd` / `ddddd-dddd`.
//!
//! Validation follows the SSA's assignment rules: area 000, 666 and 900–999 are never
//! assigned (9xx is the ITIN range, see `itin.rs`), group 00 and serial 0000 are never
//! assigned, a repeated digit is a placeholder, and 078-05-1120 (the voided "Woolworth wallet"
//! number) is rejected. Well-known example numbers (219-09-9999 from the 1938 sample card,
//! 123-45-6789) stay candidates at a lower score. Mixed separators ("123-45 6789") are not
//! SSNs. Context words ("SSN", "social security", "tax ID") raise the score; a bare nine-digit
//! number without them is only a weak candidate, and none at all next to words that say it is
//! something else (order, tracking, routing numbers).

use super::group::member_recognizer;
use super::group::{Facts, Member};
use super::util::{self, Digits, Groups};
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::lexicon;
use crate::recognizers::Recognizer;
use crate::text::{shape, Scan};

/// How a nine-digit number is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Form {
    Dashed,
    Spaced,
    Dotted,
    Bare,
    /// One dash only: `ddd-dddddd` or `ddddd-dddd`.
    PartlyDashed,
}

impl Form {
    pub(super) fn name(self, prefix: &'static str) -> &'static str {
        match (prefix, self) {
            ("itin", Form::Dashed) => "itin-dashed",
            ("itin", Form::Spaced) => "itin-spaced",
            ("itin", Form::Dotted) => "itin-dotted",
            ("itin", Form::Bare) => "itin-digits",
            ("itin", Form::PartlyDashed) => "itin-partly-dashed",
            (_, Form::Dashed) => "ssn-dashed",
            (_, Form::Spaced) => "ssn-spaced",
            (_, Form::Dotted) => "ssn-dotted",
            (_, Form::Bare) => "ssn-digits",
            (_, Form::PartlyDashed) => "ssn-partly-dashed",
        }
    }

    /// Scores without and with context.
    pub(super) fn scores(self) -> (f32, f32) {
        match self {
            Form::Dashed => (0.65, 0.95),
            Form::Spaced | Form::Dotted => (0.4, 0.9),
            Form::Bare => (0.15, 0.85),
            Form::PartlyDashed => (0.05, 0.6),
        }
    }
}

/// The nine-digit number in SSN layout that starts at word `i`, with its form, when it
/// stands alone in the text.
pub(super) fn nine_digits_at(scan: &Scan, i: usize) -> Option<(Groups, Form, Digits)> {
    let g = util::groups_at(scan, i, b"- .")?;
    let form = match g.sep {
        None if g.is(&[9]) => Form::Bare,
        Some(b'-') if g.is(&[3, 2, 4]) => Form::Dashed,
        Some(b' ') if g.is(&[3, 2, 4]) => Form::Spaced,
        Some(b'.') if g.is(&[3, 2, 4]) => Form::Dotted,
        Some(b'-') if g.is(&[3, 6]) || g.is(&[5, 4]) => Form::PartlyDashed,
        _ => return None,
    };
    if !util::isolated(scan.text, g.start, g.end) {
        return None;
    }
    let d = Digits::of(&scan.text[g.start..g.end])?;
    Some((g, form, d))
}

/// Words that say a bare number is something other than an SSN.
pub(super) const NOT_SSN: &[&str] = &[
    "order",
    "orders",
    "tracking",
    "confirmation",
    "invoice",
    "ref",
    "reference",
    "ticket",
    "transaction",
    "receipt",
    "routing",
    "aba",
    "npi",
    "member",
    "policy",
    "group",
    "account",
    "acct",
    "mrn",
    "chart",
    "serial",
    "sku",
    "model",
    "part",
    "item",
    "zip",
    "phone",
    "call",
    "fax",
    "passport",
    "license",
];

/// What the SSA rules say about nine digits.
enum Check {
    Valid,
    Example(&'static str),
    Invalid,
}

fn check(d: &Digits) -> Check {
    let area = d.value(0, 3);
    let group = d.value(3, 5);
    let serial = d.value(5, 9);
    if d.len() != 9
        || d.all_same()
        || area == 0
        || area == 666
        || area >= 900
        || group == 0
        || serial == 0
    {
        return Check::Invalid;
    }
    match d.as_str() {
        // Printed on wallets sold by Woolworth in 1938, used by thousands, then voided.
        "078051120" => Check::Invalid,
        "219099999" => Check::Example("example number (the 1938 sample card)"),
        "123456789" => Check::Example("example number (a well-known placeholder)"),
        _ => Check::Valid,
    }
}

/// True when a word just before `start` is a state or the word "zip": a `ddddd-dddd` there is
/// a ZIP+4 code.
fn after_state_or_zip(scan: &Scan, start: usize) -> bool {
    let i = scan.word_at_or_after(start);
    (i.saturating_sub(3)..i).any(|k| {
        let w = scan.word(k);
        let lower = scan.word_lower(k);
        lower == "zip"
            || (w.len() == 2
                && scan.words[k].has(shape::UPPER)
                && lexicon::state_index(w).is_some())
            || (w.len() > 2 && lexicon::word_info(lower).is_state_name())
    })
}

/// US Social Security numbers.
pub struct UsSsn {
    context: Phrases,
    not_ssn: Phrases,
}

impl UsSsn {
    pub fn new() -> Self {
        UsSsn {
            context: Phrases::new(&[
                "ssn",
                "ssns",
                "ss",
                "social security",
                "social",
                "soc sec",
                "soc",
                "tin",
                "tax id",
                "taxpayer",
            ]),
            not_ssn: Phrases::new(NOT_SSN),
        }
    }
}

impl Default for UsSsn {
    fn default() -> Self {
        Self::new()
    }
}

member_recognizer!(UsSsn, "us-ssn");

impl Member for UsSsn {
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        for i in facts.digit_words() {
            let w = scan.words[i];
            // The number starts with a word of digits.
            if !w.has(shape::DIGIT) || !matches!(w.end - w.start, 3 | 5 | 9) {
                continue;
            }
            let Some((g, form, d)) = nine_digits_at(scan, i) else {
                continue;
            };
            let validation = match check(&d) {
                Check::Invalid => continue,
                Check::Valid => None,
                Check::Example(why) => Some(why),
            };
            let ctx = util::context(scan, g.start, g.end, &self.context);
            if ctx.is_none() {
                if matches!(form, Form::Bare | Form::PartlyDashed)
                    && util::context(scan, g.start, g.end, &self.not_ssn).is_some()
                {
                    continue;
                }
                if form == Form::PartlyDashed && g.is(&[5, 4]) && after_state_or_zip(scan, g.start)
                {
                    continue;
                }
            }
            let (weak, strong) = form.scores();
            let mut score = if ctx.is_some() { strong } else { weak };
            if validation.is_some() {
                score = score.min(if ctx.is_some() { 0.6 } else { 0.3 });
            }
            out.push(Entity::new(
                EntityType::Ssn,
                g.start,
                g.end,
                score,
                self.id(),
                Explanation::pattern(form.name("ssn"))
                    .validated(validation.unwrap_or("area, group and serial assignable"))
                    .with_context(ctx),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;
    use crate::{Analyzer, Input};

    fn find(text: &str) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        UsSsn::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn finds_the_usual_forms() {
        let f = find("SSN 078-05-1123.");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "078-05-1123");
        assert!(f[0].1 >= 0.9);
        let f = find("her number is 078-05-1123");
        assert!(f[0].1 >= 0.6 && f[0].1 < 0.9);
        assert_eq!(find("abc 078 05 1123 abc")[0].0, "078 05 1123");
        assert_eq!(find("078.05.1123")[0].0, "078.05.1123");
        let f = find("social security number: 078051123");
        assert!(f[0].1 >= 0.85);
        let f = find("078051121");
        assert!(f[0].1 < 0.5);
    }

    #[test]
    fn rejects_never_assigned_numbers() {
        for t in [
            "000-12-3456",
            "666-12-3456",
            "912-12-3456",
            "123-00-4567",
            "123-45-0000",
            "111-11-1111",
            "SSN 078-05-1120",
            "078051120",
            "0780511201",
            "000000000",
            "666000000",
            "078 00 1123",
        ] {
            assert!(find(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn example_numbers_are_weaker() {
        let f = find("SSN 219-09-9999");
        assert_eq!(f.len(), 1);
        assert!(f[0].1 >= 0.5 && f[0].1 <= 0.6);
        let f = find("like 123-45-6789");
        assert!(f[0].1 < 0.5);
    }

    #[test]
    fn mixed_separators_and_glued_numbers_are_not_ssns() {
        for t in [
            "123-45 6789",
            "693-09.4444",
            "078-05-11234",
            "1078-05-1123",
            "078-05-1123-4",
            "$078051123",
            "12.078051123",
            "v078-05-1123",
            "078-05-1123.5",
            "http://x.org/078051123",
        ] {
            assert!(find(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "Call (312) 555-0188",
            "312-555-0188",
            "Order 078051123 shipped",
            "Tracking number 178051123",
            "on 03/14/2024",
            "Chicago, IL 60601-1234",
            "ZIP 60601-1234",
            "E11.9 and 99213",
            "500 mg",
            "version 1.2.3",
        ] {
            assert!(find(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn sloppy_dashes_are_weak_candidates() {
        let f = find("078-051121 07805-1121");
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|(_, s)| *s < 0.1));
        let f = find("my ssn is 078-051121");
        assert!(f[0].1 >= 0.5);
    }

    #[test]
    fn through_the_analyzer() {
        let text = "Patient SSN: 219-09-9999, call 312-555-0188.";
        let (entities, _) = Analyzer::default().entities(&Input::post(text)).unwrap();
        assert!(entities
            .iter()
            .any(|e| e.entity_type == EntityType::Ssn && &text[e.start..e.end] == "219-09-9999"));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in [
            "",
            "-",
            "é078-05-1123é",
            "٠٧٨-٠٥-١١٢٣",
            "078-05-1123\u{301}",
            "1-1-1",
        ] {
            let _ = find(t);
        }
    }
}
