//! US driver's license numbers, which every state formats its own way.
//!
//! - Introduced by licence words ("driver's license", "DL", "license #", "lic", "state
//!   license", "certificate #", "commission no.", "CDL") or by a credential with a mark
//!   ("RN #", "LPN no."): the code that follows (5–16 letters and digits, dashes or dots
//!   allowed as in Illinois' "041.387219", at least three digits, any letter case; not a
//!   date, a year span, a phone number or an amount) is confident when it matches a known
//!   state layout (a letter and 7–14 digits as in CA, IL,
//!   FL, MD, WI, NJ; 7–13 digits as in NY, TX, PA; two letters and 5–7 digits; NH `ddLLLddddd`;
//!   IA `dddLLdddd`; ID `LLddddddL`; WA `WDL` and nine characters; NY `ddd ddd ddd`), and a
//!   weaker candidate otherwise.
//! - A few words after licence words in the same sentence ("license on file for ID
//!   verification: IL D400-7720-1190", "her license number is on my paperwork,
//!   041.552093"), an identifier-shaped code is a candidate of the same kind, weaker with
//!   distance; after generic words ("driver", "certification", "commission") only a code
//!   with letters and five digits counts. Words such as "plate" or "order" in between stop
//!   the search.
//! - Without context, only layouts that are distinctive on their own are weak candidates: an
//!   upper-case letter followed by 8–14 digits ("H12234567"), the dashed layouts of IL, FL,
//!   MD and WI ("D400-7720-1190", "S123-456-78-901-0"), and the WA `WDL…` layout.
//!
//! There is no public check digit; validation is the layout. Reported as LICENSE_NUMBER.

use super::group::member_recognizer;
use super::group::{Facts, Member};
use super::util::Index;
use super::util::{self, Code, Level};
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;

/// The shape of a compact code: runs of letters (`L`) and digits (`d`) with their lengths.
fn runs(code: &[u8]) -> ([(bool, usize); 6], usize) {
    let mut out = [(false, 0usize); 6];
    let mut n = 0usize;
    for &b in code.iter().filter(|b| b.is_ascii_alphanumeric()) {
        let digit = b.is_ascii_digit();
        if n > 0 && out[n - 1].0 == digit {
            out[n - 1].1 += 1;
        } else if n < 6 {
            out[n] = (digit, 1);
            n += 1;
        } else {
            return (out, 7);
        }
    }
    (out, n)
}

/// True when a compact code (letters upper-cased) matches one of the state layouts.
fn state_layout(code: &[u8]) -> bool {
    let (r, n) = runs(code);
    const L: bool = false;
    const D: bool = true;
    match &r[..n.min(6)] {
        [(L, 1), (D, 7..=14)] => true,
        [(D, 7..=13)] => true,
        [(L, 2), (D, 5..=7)] => true,
        [(D, 2), (L, 3), (D, 5)] => true,
        [(D, 3), (L, 2), (D, 4)] => true,
        [(L, 2), (D, 6), (L, 1)] => true,
        _ => is_wa(code),
    }
}

/// Washington's `WDL` followed by nine letters or digits.
fn is_wa(code: &[u8]) -> bool {
    code.len() == 12
        && code.starts_with(b"WDL")
        && code[3..].iter().all(u8::is_ascii_alphanumeric)
        && code[3..].iter().any(u8::is_ascii_digit)
}

/// Layouts distinctive enough without context: an upper-case letter and 8–14 digits, in one
/// word or in the dashed groups IL, FL, MD and WI print (11–14 digits in all).
fn distinctive(text: &str) -> bool {
    let b = text.as_bytes();
    if b.is_empty() || !b[0].is_ascii_uppercase() {
        return false;
    }
    if is_wa(b) {
        return true;
    }
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    let rest_ok = b[1..].iter().all(|&c| c.is_ascii_digit() || c == b'-');
    if !rest_ok {
        return false;
    }
    if !text.contains('-') {
        return (8..=14).contains(&digits);
    }
    // Dashed: groups of 1–5 characters, no empty group, 11–14 digits.
    (11..=14).contains(&digits)
        && text.split('-').all(|g| (1..=5).contains(&g.len()))
        && text.split('-').count() >= 3
}

/// Phrases that name a licence or certificate.
const LICENSE_WORDS: &[&str] = &[
    "license",
    "licence",
    "licenses",
    "licences",
    "license number",
    "licence number",
    "license no",
    "lic",
    "lic no",
    "lic number",
    "dl",
    "dln",
    "dl#",
    "d/l",
    "driver license",
    "drivers license",
    "driver's license",
    "driving license",
    "driver's licence",
    "drivers licence",
    "driving licence",
    "state license",
    "medical license",
    "nursing license",
    "professional license",
    "license id",
    "certificate",
    "certificate number",
    "certificate no",
    "cert no",
    "certification number",
    "commission number",
    "commission no",
    "permit number",
    "cdl",
    "state id",
    "state id number",
    "certificate id",
    "certification id",
    "board certification",
    "alien registration",
    "alien number",
    "a-number",
    "uscis number",
    // Generic words last: at a distance they need a code with letters and five digits.
    "driver",
    "drivers",
    "cert",
    "certification",
    "commission",
];

/// How many phrases at the end of [`LICENSE_WORDS`] are generic.
const GENERIC: usize = 5;

/// US driver's license numbers.
pub struct DriversLicense {
    vocab: util::Vocab,
    not_license: Phrases,
}

impl DriversLicense {
    pub fn new() -> Self {
        DriversLicense {
            vocab: util::Vocab {
                strong: util::Intros::new(LICENSE_WORDS),
                marked: util::Intros::new(&[
                    "rn",
                    "lpn",
                    "lvn",
                    "cna",
                    "cma",
                    "aprn",
                    "crna",
                    "np",
                    "rph",
                    "emt",
                    "paramedic",
                    "permit",
                    "registration",
                ]),
                label: util::Intros::new(&[]),
                near: util::Intros::new(&LICENSE_WORDS[..LICENSE_WORDS.len() - GENERIC]),
                loose: util::Intros::new(&LICENSE_WORDS[LICENSE_WORDS.len() - GENERIC..]),
                strong_filler: 3,
                near_gap: 6,
                index: util::Index::default(),
            }
            .indexed(&mut []),
            not_license: Phrases::new(&[
                "order",
                "tracking",
                "confirmation",
                "invoice",
                "ref",
                "reference",
                "ticket",
                "flight",
                "booking",
                "model",
                "part",
                "sku",
                "item",
                "serial",
                "passport",
                "member",
                "policy",
                "mrn",
                "account",
                "acct",
                "claim",
                "case",
            ]),
        }
    }

    fn push(
        &self,
        out: &mut Vec<Entity>,
        start: usize,
        end: usize,
        score: f32,
        pattern: &'static str,
        ctx: Option<(usize, usize)>,
    ) {
        out.push(Entity::new(
            EntityType::LicenseNumber,
            start,
            end,
            score,
            self.id(),
            Explanation::pattern(pattern)
                .validated(if score >= 0.85 || ctx.is_none() {
                    "matches a state license layout"
                } else {
                    "licence-like code after licence words"
                })
                .with_context(ctx),
        ));
    }
}

impl Default for DriversLicense {
    fn default() -> Self {
        Self::new()
    }
}

/// The compact upper-case form of a code, in a fixed buffer.
fn compact(text: &str) -> ([u8; 20], usize) {
    let mut buf = [0u8; 20];
    let mut n = 0;
    for b in text.bytes().filter(u8::is_ascii_alphanumeric) {
        if n == 20 {
            break;
        }
        buf[n] = b.to_ascii_uppercase();
        n += 1;
    }
    (buf, n)
}

member_recognizer!(DriversLicense, "us-drivers-license");

impl Member for DriversLicense {
    fn index(&self) -> Option<&Index> {
        Some(&self.vocab.index)
    }

    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        let hits = util::Hits::new(facts, &self.vocab.index);
        let mut covered_to = 0usize;
        let mut last = None;
        for i in facts.code_starts() {
            let w = scan.words[i];
            if w.start < covered_to {
                continue;
            }
            // Cheap tests first: a code of five characters or more for the licence words or a
            // distinctive layout (which starts with a capital), three digits for New York.
            let readable = util::may_read_code(scan, i, b"-.", 5);
            let placeable = readable && util::may_place(scan, &hits, i, &self.vocab, last);
            let distinct = readable && scan.text.as_bytes()[w.start].is_ascii_uppercase();
            let new_york = w.end - w.start == 3 && self.vocab.strong.near(scan, &hits, i, 3);
            if !(placeable || distinct || new_york) {
                continue;
            }
            // New York prints its nine digits in three groups.
            let ny = (util::word_len(scan, i) == 3)
                .then(|| util::groups_at(scan, i, b" "))
                .flatten()
                .filter(|g| g.is(&[3, 3, 3]) && util::isolated(scan.text, g.start, g.end));
            let code = readable
                .then(|| util::code_at(scan, i, b"-.", 16))
                .flatten()
                .filter(|c| valid_with_context(c, &scan.text[c.start..c.end]));
            if ny.is_none() && code.is_none() {
                continue;
            }
            if let Some(g) = ny {
                if let Some(intro) = util::introduced_by(scan, &hits, i, &self.vocab.strong, 3) {
                    covered_to = g.end;
                    self.push(
                        out,
                        g.start,
                        g.end,
                        0.9,
                        "license-ny-spaced",
                        Some(intro.span),
                    );
                    continue;
                }
            }
            // The shape only matters when the code can be placed.
            let placeable =
                code.filter(|c| placeable && util::shape_of(scan, c) != util::Shape::Other);
            if let Some(code) = placeable {
                if let Some((span, level)) = util::place(scan, &hits, i, &code, &self.vocab, last) {
                    let (buf, n) = compact(&scan.text[code.start..code.end]);
                    let known = state_layout(&buf[..n]);
                    let score = match level {
                        Level::Strong if known => 0.9,
                        Level::Strong => 0.75,
                        Level::Marked if known => 0.85,
                        _ => level.score(0.9).min(0.75),
                    };
                    covered_to = code.end;
                    last = Some(util::Prev::new(&code, span, level));
                    self.push(
                        out,
                        code.start,
                        code.end,
                        score,
                        match level {
                            Level::Strong | Level::Marked if known => "license-state-layout",
                            Level::Strong | Level::Marked => "license-code",
                            _ => level.pattern(),
                        },
                        Some(span),
                    );
                    continue;
                }
            }
            // No context: distinctive layouts only, as weak candidates.
            let Some(code) = code else {
                continue;
            };
            let text = &scan.text[code.start..code.end];
            if !distinctive(text)
                || util::context(scan, code.start, code.end, &self.not_license).is_some()
            {
                continue;
            }
            covered_to = code.end;
            let score = if code.parts > 1 || is_wa(text.as_bytes()) {
                0.4
            } else {
                0.3
            };
            self.push(
                out,
                code.start,
                code.end,
                score,
                "license-distinctive-layout",
                None,
            );
        }
    }
}

/// A code after licence words: 5–16 characters, at least three digits, not a year, not a
/// phone number, letters all upper case (or the writer types in lower case throughout).
fn valid_with_context(code: &Code, text: &str) -> bool {
    if code.len < 5 || code.digits < 3 || util::is_year(text) {
        return false;
    }
    if code.letters == 0 && code.parts == 3 {
        // 312-555-0188 is a phone number.
        let d = util::Digits::of(text);
        if d.is_some_and(|d| util::is_nanp_shape(&d)) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;
    use crate::text::Scan;

    fn find(text: &str) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        DriversLicense::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn finds_licenses_after_context() {
        let cases = [
            ("Her driver's license: D400-7720-1190", "D400-7720-1190"),
            ("DL# A1234567", "A1234567"),
            ("license number is 12345678", "12345678"),
            ("NY DL 123 456 789 exp 2027", "123 456 789"),
            ("drivers license WDLABCD456DG", "WDLABCD456DG"),
            ("Lic. #S123-456-78-901-0", "S123-456-78-901-0"),
        ];
        for (text, want) in cases {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].0, want);
            assert!(f[0].1 >= 0.85, "{text}");
        }
        let f = find("my driver's license is C12T345672");
        assert!(f[0].1 >= 0.6 && f[0].1 < 0.85);
    }

    #[test]
    fn distinctive_layouts_without_context_are_weak() {
        for t in ["H12234567", "D400-7720-1190", "F123456789012"] {
            let f = find(t);
            assert_eq!(f.len(), 1, "{t}");
            assert!(f[0].1 < 0.5);
        }
    }

    #[test]
    fn finds_licences_in_looser_writing() {
        let cases = [
            // Words between the licence phrase and the code, a state prefix.
            (
                "DRIVERS LICENSE CHECKED AT DESK: IN B551-2290-4417",
                "B551-2290-4417",
            ),
            (
                "her nursing license number is on the form, 041.220918",
                "041.220918",
            ),
            // Dotted professional licence numbers; credentials with a mark.
            (
                "Illinois medical license (036.551209) renewed",
                "036.551209",
            ),
            ("RN #041.330187", "041.330187"),
            ("LPN no. 0887-412", "0887-412"),
            // Certificates and commissions, lower case.
            ("certificate # cna-4471902 is on file", "cna-4471902"),
            ("NOTARY COMMISSION NO. MO-551209", "MO-551209"),
            ("state license # KS.41882", "KS.41882"),
            ("CDL 44120931 expired", "44120931"),
        ];
        for (text, want) in cases {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].0, want, "{text}");
            assert!(f[0].1 >= 0.6, "{text}");
        }
    }

    #[test]
    fn looser_hard_negatives() {
        for t in [
            "license plate 7ABC1234",
            "license plate: GHT-44712",
            "Joint Commission accreditation 2024-2027",
            "licensed since 2019, 4,000 patients",
            "License fee 125.00 due",
            "Our certification: 100% CPR certified in 2024",
            "Drivers: park in lot B, spaces 1-40.",
            "license renewed; call 217-555-0142",
            "RN Jane and 12 CNAs attended",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "C12T345672",
            "ABCDEFG ABCDEFGH ABCDEFGHI",
            "ABCD ABCDEFGHIJ",
            "123456789 1234567890",
            "A1234567",
            "license plate 7ABC123",
            "licensed since 2010",
            "license renewed in 2024",
            "Order H12234567 shipped",
            "our license: 312-555-0188",
            "E11.9 and 99213",
            "the public 12345678",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }
}
