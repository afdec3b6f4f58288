//! DEA registration numbers: a registrant-type letter (A–H, J–M, P, R–U, X), the first
//! letter of the registrant's last name (or the digit 9 for a business name), and seven
//! digits whose last is the DEA check digit: (d1+d3+d5) + 2·(d2+d4+d6) ends in d7.
//! Reported as LICENSE_NUMBER (Presidio calls these MEDICAL_LICENSE). Context ("DEA",
//! "registration", "certificate", "prescriber") makes a match confident; a checksum-valid
//! number alone is a candidate below the finding threshold.

use super::group::member_recognizer;
use super::group::{Facts, Member};
use super::util;
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::shape;

/// Registrant-type letters in use.
const TYPES: &[u8] = b"ABCDEFGHJKLMPRSTUX";

/// True when a nine-character word has the DEA layout and check digit.
fn is_dea(w: &[u8]) -> bool {
    w.len() == 9
        && TYPES.contains(&w[0])
        && (w[1].is_ascii_uppercase() || w[1] == b'9')
        && w[2..].iter().all(u8::is_ascii_digit)
        && std::str::from_utf8(&w[2..]).is_ok_and(crate::validate::dea_check)
}

/// DEA registration numbers.
pub struct DeaNumber {
    context: Phrases,
}

impl DeaNumber {
    pub fn new() -> Self {
        DeaNumber {
            context: Phrases::new(&[
                "dea",
                "registration",
                "registrant",
                "prescriber",
                "license",
                "licence",
                "lic",
                "certificate",
                "cert",
                "controlled substance",
                "controlled substances",
            ]),
        }
    }
}

impl Default for DeaNumber {
    fn default() -> Self {
        Self::new()
    }
}

member_recognizer!(DeaNumber, "dea-number");

impl Member for DeaNumber {
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        if scan.text.len() < 9 {
            return;
        }
        for i in facts.digit_words() {
            let w = scan.words[i];
            if !w.has(shape::DIGIT) || w.end - w.start != 9 {
                continue;
            }
            let b = &scan.text.as_bytes()[w.start..w.end];
            if !is_dea(b) || !util::isolated(scan.text, w.start, w.end) {
                continue;
            }
            // "the DEA number on my script is wrong?? it says BN4829377"
            let ctx = util::checked_context(scan, w.start, w.end, &self.context);
            let score = match (ctx.is_some(), b[1] == b'9') {
                (true, _) => 0.95,
                (false, false) => 0.45,
                (false, true) => 0.4,
            };
            out.push(Entity::new(
                EntityType::LicenseNumber,
                w.start,
                w.end,
                score,
                self.id(),
                Explanation::pattern("dea-registration")
                    .validated("dea check digit ok")
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

    fn find(text: &str) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        DeaNumber::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn finds_dea_numbers() {
        let f = find("GL0285191 EU4488929");
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|(_, s)| *s < 0.5));
        assert_eq!(find("K92993548").len(), 1);
        let f = find("my certificate number is: BB1388568");
        assert_eq!(f[0].0, "BB1388568");
        assert!(f[0].1 >= 0.9);
        assert!(find("Dr. Lee, DEA AB1234563.")[0].1 >= 0.9);
    }

    #[test]
    fn rejects_bad_numbers() {
        for t in [
            "The DEA number is  BG8207031",
            "ZZ1234563",
            "IB1234563",
            "AB12345634",
            "ab1234563",
            "A1B234563",
            "XAB1234563",
            "AB1234563-2",
            "123 456\n789",
        ] {
            assert!(find(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn a_checked_dea_number_further_from_its_label() {
        let f = find("the DEA number on my script is wrong?? it says BN4829377 for Dr. Nakamura");
        assert_eq!(f.len(), 1);
        assert!(f[0].1 >= 0.9, "{f:?}");
    }
}
