//! International Bank Account Numbers: a country code, two check digits and the national
//! account number (BBAN), written compactly ("DE89370400440532013000") or in groups of four
//! joined by single spaces or dashes ("DE89 3704 0044 0532 0130 00"). Validated by the
//! country's length and BBAN layout from the IBAN registry and by the ISO 7064 mod-97 check.
//! Letters must be all upper case or all lower case. Reported as ACCOUNT_NUMBER.

use super::group::member_recognizer;
use super::group::{Facts, Member};
use super::util;
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::shape;

/// Country code, IBAN length, and the BBAN layout: runs of `n` (digits), `a` (upper-case
/// letters) and `c` (letters or digits), e.g. "8n16c".
const COUNTRIES: &[(&str, usize, &str)] = &[
    ("AD", 24, "4n4n12c"),
    ("AE", 23, "3n16n"),
    ("AL", 28, "8n16c"),
    ("AT", 20, "5n11n"),
    ("AZ", 28, "4a20c"),
    ("BA", 20, "3n3n8n2n"),
    ("BE", 16, "3n7n2n"),
    ("BG", 22, "4a4n2n8c"),
    ("BH", 22, "4a14c"),
    ("BI", 27, "5n5n11n2n"),
    ("BR", 29, "8n5n10n1a1c"),
    ("BY", 28, "4c4n16c"),
    ("CH", 21, "5n12c"),
    ("CR", 22, "4n14n"),
    ("CY", 28, "3n5n16c"),
    ("CZ", 24, "4n6n10n"),
    ("DE", 22, "8n10n"),
    ("DJ", 27, "5n5n11n2n"),
    ("DK", 18, "4n9n1n"),
    ("DO", 28, "4c20n"),
    ("EE", 20, "2n2n11n1n"),
    ("EG", 29, "4n4n17n"),
    ("ES", 24, "4n4n1n1n10n"),
    ("FI", 18, "3n11n"),
    ("FK", 18, "2a12n"),
    ("FO", 18, "4n9n1n"),
    ("FR", 27, "5n5n11c2n"),
    ("GB", 22, "4a6n8n"),
    ("GE", 22, "2a16n"),
    ("GI", 23, "4a15c"),
    ("GL", 18, "4n9n1n"),
    ("GR", 27, "3n4n16c"),
    ("GT", 28, "4c20c"),
    ("HN", 28, "4a20n"),
    ("HR", 21, "7n10n"),
    ("HU", 28, "3n4n1n15n1n"),
    ("IE", 22, "4a6n8n"),
    ("IL", 23, "3n3n13n"),
    ("IQ", 23, "4a3n12n"),
    ("IS", 26, "4n2n6n10n"),
    ("IT", 27, "1a5n5n12c"),
    ("JO", 30, "4a4n18c"),
    ("KW", 30, "4a22c"),
    ("KZ", 20, "3n13c"),
    ("LB", 28, "4n20c"),
    ("LC", 32, "4a24c"),
    ("LI", 21, "5n12c"),
    ("LT", 20, "5n11n"),
    ("LU", 20, "3n13c"),
    ("LV", 21, "4a13c"),
    ("LY", 25, "3n3n15n"),
    ("MC", 27, "5n5n11c2n"),
    ("MD", 24, "2c18c"),
    ("ME", 22, "3n13n2n"),
    ("MK", 19, "3n10c2n"),
    ("MN", 20, "4n12n"),
    ("MR", 27, "5n5n11n2n"),
    ("MT", 31, "4a5n18c"),
    ("MU", 30, "4a2n2n12n3n3a"),
    ("NI", 28, "4a20n"),
    ("NL", 18, "4a10n"),
    ("NO", 15, "4n6n1n"),
    ("OM", 23, "3n16c"),
    ("PK", 24, "4a16c"),
    ("PL", 28, "8n16n"),
    ("PS", 29, "4a21c"),
    ("PT", 25, "4n4n11n2n"),
    ("QA", 29, "4a21c"),
    ("RO", 24, "4a16c"),
    ("RS", 22, "3n13n2n"),
    ("RU", 33, "9n5n15c"),
    ("SA", 24, "2n18c"),
    ("SC", 31, "4a2n2n16n3a"),
    ("SD", 18, "2n12n"),
    ("SE", 24, "3n16n1n"),
    ("SI", 19, "5n8n2n"),
    ("SK", 24, "4n6n10n"),
    ("SM", 27, "1a5n5n12c"),
    ("SO", 23, "4n3n12n"),
    ("ST", 25, "4n4n11n2n"),
    ("SV", 28, "4a20n"),
    ("TL", 23, "3n14n2n"),
    ("TN", 24, "2n3n13n2n"),
    ("TR", 26, "5n1n16c"),
    ("UA", 29, "6n19c"),
    ("VA", 22, "3n15n"),
    ("VG", 24, "4a16n"),
    ("XK", 20, "4n10n2n"),
    ("YE", 30, "4a4n18c"),
];

fn country(code: &[u8]) -> Option<(usize, &'static str)> {
    COUNTRIES
        .iter()
        .find(|(c, _, _)| c.as_bytes() == code)
        .map(|&(_, len, layout)| (len, layout))
}

/// True when the BBAN characters (upper-cased) follow the layout.
fn bban_matches(bban: &[u8], layout: &str) -> bool {
    let mut pos = 0usize;
    let mut count = 0usize;
    for c in layout.bytes() {
        if c.is_ascii_digit() {
            count = count * 10 + usize::from(c - b'0');
            continue;
        }
        let ok = |b: &u8| match c {
            b'n' => b.is_ascii_digit(),
            b'a' => b.is_ascii_uppercase(),
            _ => b.is_ascii_uppercase() || b.is_ascii_digit(),
        };
        match bban.get(pos..pos + count) {
            Some(run) if run.iter().all(ok) => pos += count,
            _ => return false,
        }
        count = 0;
    }
    pos == bban.len()
}

/// An IBAN candidate: the span and its characters without separators, upper-cased.
struct Candidate {
    end: usize,
    chars: [u8; 34],
    len: usize,
    sep: Option<u8>,
}

/// Reads an IBAN of `want` characters starting at byte `start`: compact (one word of exactly
/// that length) or in groups of four joined by one and the same separator, the last group
/// 1–4 characters long and ending exactly at the wanted length.
fn read(text: &str, start: usize, want: usize) -> Option<Candidate> {
    let b = text.as_bytes();
    let mut c = Candidate {
        end: start,
        chars: [0; 34],
        len: 0,
        sep: None,
    };
    let mut i = start;
    let mut group = 0usize;
    loop {
        match b.get(i) {
            Some(&x) if x.is_ascii_alphanumeric() => {
                if c.len == want || c.len == 34 {
                    return None;
                }
                c.chars[c.len] = x.to_ascii_uppercase();
                c.len += 1;
                group += 1;
                i += 1;
            }
            Some(&x) if (x == b' ' || x == b'-') && c.sep.is_none_or(|s| s == x) => {
                // A separator: groups are four characters long.
                if group != 4 || c.len == want {
                    break;
                }
                if !b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
                    break;
                }
                c.sep = Some(x);
                group = 0;
                i += 1;
            }
            _ => break,
        }
    }
    // Compact IBANs must be one word; grouped ones end at a group's end.
    let end = if b.get(i - 1).is_some_and(|x| *x == b' ' || *x == b'-') {
        i - 1
    } else {
        i
    };
    if c.len != want || (c.sep.is_none() && group != want) || (c.sep.is_some() && group > 4) {
        return None;
    }
    c.end = end;
    Some(c)
}

/// IBANs.
pub struct Iban {
    context: Phrases,
}

impl Iban {
    pub fn new() -> Self {
        Iban {
            context: Phrases::new(&[
                "iban", "bank", "account", "acct", "transfer", "wire", "swift", "bic",
            ]),
        }
    }
}

impl Default for Iban {
    fn default() -> Self {
        Self::new()
    }
}

member_recognizer!(Iban, "iban");

impl Member for Iban {
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        if scan.text.len() < 15 {
            return;
        }
        let text = scan.text;
        for i in facts.digit_words() {
            let w = scan.words[i];
            if !w.has(shape::DIGIT) || w.end - w.start < 4 {
                continue;
            }
            let b = &text.as_bytes()[w.start..w.end];
            if !b[0].is_ascii_alphabetic()
                || !b[1].is_ascii_alphabetic()
                || !b[2].is_ascii_digit()
                || !b[3].is_ascii_digit()
            {
                continue;
            }
            let upper = b[0].is_ascii_uppercase() && b[1].is_ascii_uppercase();
            let lower = b[0].is_ascii_lowercase() && b[1].is_ascii_lowercase();
            if !(upper || lower) || !util::clean_left(text, w.start) {
                continue;
            }
            let code = [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()];
            let Some((want, layout)) = country(&code) else {
                continue;
            };
            let Some(c) = read(text, w.start, want) else {
                continue;
            };
            let raw = &text[w.start..c.end];
            // One case throughout: "GI75 aWBK ..." is not an IBAN.
            let mixed = if upper {
                raw.bytes().any(|x| x.is_ascii_lowercase())
            } else {
                raw.bytes().any(|x| x.is_ascii_uppercase())
            };
            if mixed || !util::clean_right(text, c.end) {
                continue;
            }
            let chars = &c.chars[..c.len];
            if !bban_matches(&chars[4..], layout) {
                continue;
            }
            let Ok(compact) = std::str::from_utf8(chars) else {
                continue;
            };
            if !crate::validate::iban_mod97(compact) {
                continue;
            }
            let ctx = util::context(scan, w.start, c.end, &self.context);
            out.push(Entity::new(
                EntityType::AccountNumber,
                w.start,
                c.end,
                if ctx.is_some() { 1.0 } else { 0.9 },
                self.id(),
                Explanation::pattern(if c.sep.is_some() {
                    "iban-grouped"
                } else {
                    "iban"
                })
                .validated("mod-97 ok, country length and layout ok")
                .with_context(ctx),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;
    use crate::text::Scan;

    fn find(text: &str) -> Vec<String> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        Iban::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| text[e.start..e.end].to_string())
            .collect()
    }

    #[test]
    fn finds_ibans() {
        assert_eq!(find("DE89370400440532013000"), ["DE89370400440532013000"]);
        assert_eq!(
            find("IBAN: GB29 NWBK 6016 1331 9268 19."),
            ["GB29 NWBK 6016 1331 9268 19"]
        );
        assert_eq!(
            find("this is an iban VG96 VPVG 0000 0123 4567 8901 X in a sentence"),
            ["VG96 VPVG 0000 0123 4567 8901"]
        );
        assert_eq!(
            find("Dash as iban separator: AL47-2121-1009-0000-0002-3569-8741"),
            ["AL47-2121-1009-0000-0002-3569-8741"]
        );
        assert_eq!(find("nl91 abna 0417 1643 00"), ["nl91 abna 0417 1643 00"]);
        assert_eq!(
            find("list: AL47212110090000000235698741, AL47212110090000000235698741").len(),
            2
        );
    }

    #[test]
    fn rejects_invalid_ibans() {
        for t in [
            "AL47 212A 1009 0000 0002 3569 8741",
            "AL47 2121 1009 0000 0002 3569 8740",
            "GI75 aWBK 0000 0000 7099 453",
            "EE38 2200 2210  014 5686",
            "IL15 0120 6900 0000 3111 0120 6900 0000 3111 141",
            "AM47212110090000000235698740",
            "Slash as iban separator: AL47/2121/1009/0000/0002/3569/8741",
            "Dalla's Pizza | 3843 Peartree Road, Bamblee, SD 20241 440-600-5124",
            "BH67BMA100001299123456",
            "DE8937040044053201300",
            "DE893704004405320130000",
            "xDE89370400440532013000",
        ] {
            assert!(find(t).is_empty(), "{t}");
        }
    }
}
