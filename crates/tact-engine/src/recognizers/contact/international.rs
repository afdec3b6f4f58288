//! Validation of international phone numbers written with "+" and a country calling code.
//!
//! It answers exactly as `phonenumber::parse(None, s).map(|n| n.is_valid())` does (the
//! `phonenumber` crate, libphonenumber's metadata) for the strings the phone recognizer
//! hands it: a "+" followed by ASCII digits, spaces, dots, hyphens and brackets. The crate
//! loads and checks its whole metadata database, thousands of patterns, the first time it is
//! called (about 600 million instructions); here the metadata is compiled into tables at
//! build time (`build_phone.rs`) and a pattern is compiled the first time a number needs it,
//! so a text pays only for the country codes it uses, and within them only for the regions
//! and number types tried.
//!
//! The steps follow the crate's, including its particular choices (the tests compare the two
//! on thousands of numbers):
//! - Written without spaces and with a hyphen, dot or bracket after the first digits
//!   ("+44-20-7946-0958"), a number is read as an RFC 3966 one: its country code is all the
//!   digits before that first separator. Otherwise the country code is the shortest run of
//!   one to three leading digits that is an assigned code.
//! - The regions sharing the code are tried in order (the main country first): a region with
//!   leading digits takes the number when they match its start, another when the number is
//!   valid there.
//! - That region's national prefix (and carrier code) is stripped when its pattern matches at
//!   the start (the transform rule is applied where the region has one), then the national
//!   prefix itself once more when the number still starts with it.
//! - The national number must have 2 to 17 digits, not all zeros, below 2^56.
//! - It is valid when, in the region found for it (as above), it matches the general pattern
//!   and at least one number type (fixed line, mobile, toll free, premium rate, shared cost,
//!   personal, VoIP, pager, UAN, voicemail) whose possible lengths include its length and
//!   whose pattern matches at its start.

use regex::{Regex, RegexBuilder};
use std::sync::OnceLock;

/// A national-number pattern and the lengths it applies to (any length when empty).
struct Desc {
    pattern: u16,
    lengths: &'static [u8],
}

/// What validation needs of one region (or non-geographic entity) of a country code.
struct Region {
    #[allow(dead_code)]
    id: &'static str,
    /// False for a lone region whose id the `phonenumber` crate does not know (it then finds
    /// no metadata for the code, and no number of it is valid).
    known: bool,
    general: Desc,
    general_local: &'static [u8],
    /// The number types that count as valid.
    types: &'static [Desc],
    national_prefix: Option<&'static str>,
    prefix_for_parsing: Option<u16>,
    transform: Option<&'static str>,
    leading_digits: Option<u16>,
}

include!(concat!(env!("OUT_DIR"), "/phone_meta.rs"));

/// The compiled patterns, each compiled on first use. Patterns hold only digits and
/// classes of digits, and the numbers they are matched against only ASCII digits, so they
/// are compiled without Unicode classes (`\d` is `[0-9]`), which is cheaper.
static COMPILED: [OnceLock<Regex>; PATTERN_COUNT] = [const { OnceLock::new() }; PATTERN_COUNT];

fn compile(source: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source)
        .ignore_whitespace(true)
        .unicode(false)
        .build()
}

fn pattern(i: u16) -> &'static Regex {
    let i = usize::from(i);
    COMPILED[i].get_or_init(|| compile(PATTERNS[i]).expect("phone metadata patterns compile"))
}

/// True when pattern `i` matches a prefix of `s` (the crate looks for the leftmost match and
/// asks that it start at 0).
fn matches_start(i: u16, s: &str) -> bool {
    pattern(i).find(s).is_some_and(|m| m.start() == 0)
}

impl Desc {
    fn matches(&self, s: &str) -> bool {
        (self.lengths.is_empty() || self.lengths.iter().any(|&l| usize::from(l) == s.len()))
            && matches_start(self.pattern, s)
    }
}

impl Region {
    /// True when `national` is a number of one of the region's valid types (the types first:
    /// when none has its length, no pattern is compiled).
    fn is_valid(&self, national: &str) -> bool {
        self.types.iter().any(|t| t.matches(national)) && self.general.matches(national)
    }

    /// True when a national number of `len` digits is shorter than any of the region's.
    fn too_short(&self, len: usize) -> bool {
        let possible = self.general.lengths;
        !possible.is_empty()
            && !self.general_local.iter().any(|&l| usize::from(l) == len)
            && len < usize::from(possible[0])
    }

    /// The number with the national prefix for parsing (and a carrier code) stripped, or
    /// transformed by the region's rule.
    fn strip_prefix_for_parsing(&self, national: &str) -> String {
        let Some(p) = self.prefix_for_parsing else {
            return match self.national_prefix {
                Some(np) if national.starts_with(np) => national[np.len()..].to_string(),
                _ => national.to_string(),
            };
        };
        let re = pattern(p);
        let Some(caps) = re.captures(national) else {
            return national.to_string();
        };
        let whole = caps.get(0).expect("group 0 takes part in a match");
        if whole.start() != 0 {
            return national.to_string();
        }
        match (self.transform, caps.get(caps.len() - 1)) {
            (Some(rule), Some(_)) => {
                let transformed = re.replace(national, rule).into_owned();
                if self.general.matches(national) && !self.general.matches(&transformed) {
                    return national.to_string();
                }
                transformed
            }
            // The crate keeps the digits after the prefix whether or not they still look like
            // a number of the region.
            _ => national[whole.end()..].to_string(),
        }
    }
}

/// The regions of a country calling code, the main one first.
fn regions(code: u16) -> Option<&'static [u16]> {
    CODES
        .binary_search_by_key(&code, |&(c, _)| c)
        .ok()
        .map(|i| CODES[i].1)
}

/// The region whose metadata applies to `national` under a code with these regions.
fn region_for(regions: &[u16], national: &str) -> Option<&'static Region> {
    if let [only] = regions {
        let r = &REGIONS[usize::from(*only)];
        return r.known.then_some(r);
    }
    regions
        .iter()
        .map(|&i| &REGIONS[usize::from(i)])
        .find(|r| match r.leading_digits {
            Some(ld) => matches_start(ld, national),
            None => r.is_valid(national),
        })
}

fn digits(s: &str) -> String {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(char::from)
        .collect()
}

/// Validates an international number: `None` when it is not a phone number at all (no
/// assigned country code, too short or too long), else whether it is valid for its country.
///
/// `s` must be a "+" followed by ASCII digits, spaces, `.`, `-`, `(` and `)`; anything else
/// gives `None`.
pub(crate) fn validate(s: &str) -> Option<bool> {
    let rest = s.strip_prefix('+')?;
    if !rest
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'.' | b'-' | b'(' | b')'))
    {
        return None;
    }
    let separator = rest
        .bytes()
        .position(|b| matches!(b, b'.' | b'-' | b'(' | b')'));
    let (mut national, code_regions) = match separator {
        // RFC 3966 reading: "+44-20-7946-0958".
        Some(p) if p > 0 && !rest.contains(' ') => {
            let national = digits(&rest[p..]);
            if national.len() < 3 {
                return None;
            }
            let code: u16 = rest[..p].parse().ok()?;
            (national, regions(code)?)
        }
        _ => {
            let all = digits(rest);
            if all.len() < 3 || all.starts_with('0') {
                return None;
            }
            (1..=3).find_map(|n| {
                let code: u16 = all[..n].parse().ok()?;
                Some((all[n..].to_string(), regions(code)?))
            })?
        }
    };
    if let Some(r) = region_for(code_regions, national.trim_start_matches('0')) {
        let mut potential = r.strip_prefix_for_parsing(&national);
        if let Some(np) = r.national_prefix {
            if potential.starts_with(np) {
                potential.drain(..np.len());
            }
        }
        if !r.too_short(potential.len()) {
            national = potential;
        }
    }
    if !(2..=17).contains(&national.len()) {
        return None;
    }
    let zeros = national.bytes().take_while(|&b| b == b'0').count();
    let value: u64 = national[zeros..].parse().ok()?;
    if value >= 1 << 56 {
        return None;
    }
    Some(region_for(code_regions, &national).is_some_and(|r| r.is_valid(&national)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for (i, p) in PATTERNS.iter().enumerate() {
            assert!(compile(p).is_ok(), "pattern {i}: {p}");
        }
    }

    /// A small deterministic generator (splitmix64), so a failure can be reproduced.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn digit(&mut self) -> char {
            char::from(b'0' + self.below(10) as u8)
        }
    }

    /// Every country code with the example numbers of its regions' number types (valid and
    /// invalid ones: short codes and emergency numbers are examples too) and their national
    /// prefixes, from the `phonenumber` crate's metadata.
    fn examples() -> Vec<(u16, Vec<String>, Vec<String>)> {
        use phonenumber::metadata::DATABASE;
        let mut all = Vec::new();
        for code in 1u16..1000 {
            let Some(metas) = DATABASE.by_code(&code) else {
                continue;
            };
            let mut numbers = Vec::new();
            let mut prefixes = Vec::new();
            for meta in metas {
                let d = meta.descriptors();
                let descs = [
                    Some(d.general()),
                    d.fixed_line(),
                    d.mobile(),
                    d.toll_free(),
                    d.premium_rate(),
                    d.shared_cost(),
                    d.personal_number(),
                    d.voip(),
                    d.pager(),
                    d.uan(),
                    d.voicemail(),
                    d.emergency(),
                    d.short_code(),
                    d.no_international(),
                ];
                numbers.extend(
                    descs
                        .into_iter()
                        .flatten()
                        .filter_map(|d| d.example().map(str::to_string)),
                );
                prefixes.extend(meta.national_prefix().map(str::to_string));
            }
            if numbers.is_empty() {
                numbers.push("12345678".into());
            }
            all.push((code, numbers, prefixes));
        }
        all
    }

    /// A national number: an example as it is, or changed the ways people mistype numbers.
    fn national(rng: &mut Rng, examples: &[String], prefixes: &[String]) -> String {
        let mut n: Vec<char> = examples[rng.below(examples.len())].chars().collect();
        match rng.below(20) {
            0..=6 => {}
            7..=9 => {
                let i = rng.below(n.len());
                n[i] = rng.digit();
            }
            10 | 11 => {
                n.remove(rng.below(n.len()));
            }
            12 | 13 => {
                let d = rng.digit();
                n.insert(rng.below(n.len() + 1), d);
            }
            14 | 15 => {
                let p = match prefixes {
                    [] => "0".to_string(),
                    _ => prefixes[rng.below(prefixes.len())].clone(),
                };
                n.splice(0..0, p.chars());
            }
            16 => {
                let len = (n.len() + rng.below(3)).saturating_sub(1).max(1);
                n = (0..len).map(|_| rng.digit()).collect();
            }
            17 => n.insert(0, '0'),
            18 => n.truncate(1 + rng.below(3)),
            _ => {
                for _ in 0..1 + rng.below(6) {
                    n.push(rng.digit());
                }
            }
        }
        n.into_iter().collect()
    }

    /// "+CC" and the national number, grouped and separated as people write them.
    fn written(rng: &mut Rng, code: &str, national: &str) -> String {
        let seps: &[&str] = match rng.below(20) {
            0..=9 => &[" "],
            10..=12 => &["-"],
            13 | 14 => &["."],
            15 | 16 => &[""],
            _ => &[" ", "-", ".", ""],
        };
        let mut s = format!("+{code}");
        let mut rest = national;
        let mut first = true;
        while !rest.is_empty() {
            let take = (1 + rng.below(4)).min(rest.len());
            s.push_str(seps[rng.below(seps.len())]);
            if first && rng.below(10) == 0 {
                s.push('(');
                s.push_str(&rest[..take]);
                s.push(')');
            } else {
                s.push_str(&rest[..take]);
            }
            first = false;
            rest = &rest[take..];
        }
        s
    }

    /// Thousands of "+CC …" numbers over every country code: the validation here agrees with
    /// `phonenumber::parse(None, s).map(|n| n.is_valid())` on each. `PHONE_CASES` and
    /// `PHONE_SEED` set the number of cases (6,000) and the generator's seed for a longer run.
    #[test]
    fn agrees_with_the_phonenumber_crate() {
        let env = |name: &str, default: u64| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        };
        let examples = examples();
        let mut rng = Rng(env("PHONE_SEED", 0x7AC7_2026));
        let mut cases: Vec<String> = Vec::new();
        for _ in 0..env("PHONE_CASES", 6000) {
            let (code, numbers, prefixes) = &examples[rng.below(examples.len())];
            let national = national(&mut rng, numbers, prefixes);
            // Now and then a number under a code that is not its own.
            let code = match rng.below(25) {
                0 => (1 + rng.below(999)).to_string(),
                _ => code.to_string(),
            };
            cases.push(written(&mut rng, &code, &national));
        }
        // Grouped by code, so the crate's small cache of compiled patterns stays warm.
        cases.sort();
        cases.dedup();
        let (mut valid, mut invalid, mut none, mut panics) = (0, 0, 0, 0);
        let mut disagree = Vec::new();
        for s in &cases {
            let theirs =
                std::panic::catch_unwind(|| phonenumber::parse(None, s).ok().map(|n| n.is_valid()));
            let Ok(theirs) = theirs else {
                panics += 1;
                continue;
            };
            let ours = validate(s);
            match ours {
                Some(true) => valid += 1,
                Some(false) => invalid += 1,
                None => none += 1,
            }
            if ours != theirs {
                disagree.push(format!("{s}: ours {ours:?}, phonenumber {theirs:?}"));
            }
        }
        let compared = cases.len() - panics;
        println!(
            "{} of {compared} numbers agree ({valid} valid, {invalid} invalid, {none} not a \
             number here); phonenumber panicked on {panics}",
            compared - disagree.len()
        );
        assert!(cases.len() >= 5000, "{} cases", cases.len());
        assert!(
            valid > 1000 && invalid > 500 && none > 200,
            "{valid} {invalid} {none}"
        );
        assert!(disagree.is_empty(), "{}", disagree.join("\n"));
    }

    /// Random strings of digits and the separators the recognizer passes on, brackets
    /// anywhere: the same answers as the crate on odd shapes too.
    #[test]
    fn agrees_on_random_strings() {
        let mut rng = Rng(0x5EED_0001);
        let mut disagree = Vec::new();
        let mut cases: Vec<String> = (0..3000)
            .map(|_| {
                let mut s = String::from("+");
                for _ in 0..1 + rng.below(18) {
                    match rng.below(12) {
                        0 => s.push(' '),
                        1 => s.push(['-', '.', '(', ')'][rng.below(4)]),
                        _ => s.push(rng.digit()),
                    }
                }
                s
            })
            .collect();
        cases.sort();
        for s in &cases {
            let theirs = phonenumber::parse(None, s).ok().map(|n| n.is_valid());
            if validate(s) != theirs {
                disagree.push(format!(
                    "{s}: ours {:?}, phonenumber {theirs:?}",
                    validate(s)
                ));
            }
        }
        assert!(disagree.is_empty(), "{}", disagree.join("\n"));
    }

    #[test]
    fn known_numbers() {
        for (s, want) in [
            ("+44 20 7946 0958", Some(true)),
            ("+33 1 42 68 53 00", Some(true)),
            ("+49 30 1234567", Some(true)),
            ("+39 06 678 4343", Some(true)),
            ("+55 11 98456 5666", Some(true)),
            ("+44 (20) 7123 4567", Some(true)),
            ("+44 791234567", Some(false)),
            ("+49 1234", Some(false)),
            ("+800 12345678", Some(true)),
            ("+800 123456789", Some(false)),
            ("+979 123456789", Some(true)),
            ("+64 21387835", Some(true)),
            ("+12", None),
            ("+0 44 20 7946 0958", None),
            ("+4420-7946-0958", None),
            ("+44-20-7946-0958", Some(true)),
            ("+44 20 7946 0958 x12", None),
        ] {
            assert_eq!(validate(s), want, "{s}");
        }
    }
}
