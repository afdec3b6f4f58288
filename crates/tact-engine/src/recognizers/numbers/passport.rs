//! US passport numbers: nine digits (books issued before 2021) or an upper-case letter and
//! eight digits (the Next Generation passport). With passport context ("passport",
//! "travel document") either layout is confident; without it only the letter-and-eight-digits
//! layout is a weak candidate, because nine bare digits are far more often something else.
//! There is no public check digit; validation is the layout. Reported as LICENSE_NUMBER.

use super::group::member_recognizer;
use super::group::{Facts, Member};
use super::util;
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::shape;

/// US passport numbers.
pub struct UsPassport {
    context: Phrases,
    not_passport: Phrases,
}

impl UsPassport {
    pub fn new() -> Self {
        UsPassport {
            context: Phrases::new(&[
                "passport",
                "passports",
                "passport number",
                "passport no",
                "passport card",
                "travel document",
                "travel documents",
                // A visa's number is read like a passport's.
                "visa number",
                "visa no",
            ]),
            not_passport: Phrases::new(&[
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
                "license",
                "dl",
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
}

impl Default for UsPassport {
    fn default() -> Self {
        Self::new()
    }
}

/// True for an upper-case letter followed by eight digits.
fn next_generation(w: &[u8]) -> bool {
    w.len() == 9 && w[0].is_ascii_uppercase() && w[1..].iter().all(u8::is_ascii_digit)
}

member_recognizer!(UsPassport, "us-passport");

impl UsPassport {
    /// Other countries' passports ("my passport number is X4R77201K"): six to nine
    /// upper-case letters and digits, with a digit and a letter, right after a passport
    /// label. Without the label such a code is not read as a passport at all.
    fn other_layout(&self, scan: &crate::text::Scan, start: usize, end: usize) -> Option<Entity> {
        let b = &scan.text.as_bytes()[start..end];
        if !b
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
            || !b.iter().any(u8::is_ascii_uppercase)
            || b.iter().filter(|c| c.is_ascii_digit()).count() < 3
        {
            return None;
        }
        // "passport (for the travel letter) is Z7718402": the label may sit a few words back.
        let ctx = self.context.before(scan, start, 8)?;
        Some(Entity::new(
            EntityType::LicenseNumber,
            start,
            end,
            0.75,
            self.id(),
            Explanation::pattern("passport-other-layout")
                .validated("letters and digits after a passport label")
                .with_context(Some(ctx)),
        ))
    }
}

impl Member for UsPassport {
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        if scan.text.len() < 9 {
            return;
        }
        for i in facts.digit_words() {
            let w = scan.words[i];
            if !w.has(shape::DIGIT) || !(6..=9).contains(&(w.end - w.start)) {
                continue;
            }
            let b = &scan.text.as_bytes()[w.start..w.end];
            let letter = next_generation(b);
            let digits = !letter && b.len() == 9 && util::is_digit_word(scan, i);
            if !util::isolated(scan.text, w.start, w.end) {
                continue;
            }
            if !(letter || digits) {
                if let Some(e) = self.other_layout(scan, w.start, w.end) {
                    out.push(e);
                }
                continue;
            }
            if digits && util::groups_at(scan, i, b" -.").is_none_or(|g| g.count > 1) {
                continue;
            }
            let ctx = util::context(scan, w.start, w.end, &self.context);
            let score = match ctx {
                Some(_) if letter => 0.85,
                Some(_) => 0.8,
                None if letter
                    && util::context(scan, w.start, w.end, &self.not_passport).is_none() =>
                {
                    0.1
                }
                None => continue,
            };
            out.push(Entity::new(
                EntityType::LicenseNumber,
                w.start,
                w.end,
                score,
                self.id(),
                Explanation::pattern(if letter {
                    "passport-letter-8-digits"
                } else {
                    "passport-9-digits"
                })
                .validated("us passport layout")
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
        UsPassport::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn finds_passports() {
        let f = find("my travel document is A12803456");
        assert_eq!(f[0].0, "A12803456");
        assert!(f[0].1 >= 0.8);
        let f = find("Passport no. 912803456");
        assert_eq!(f[0].0, "912803456");
        assert!(f[0].1 >= 0.8);
        assert!(find("Z12803456")[0].1 < 0.5);
        let f = find("her passport number is K7T40912B, issued in Accra");
        assert_eq!(f[0].0, "K7T40912B");
        assert!(f[0].1 >= 0.7);
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "912803456",
            "passport 912-80-3456",
            "a12803456",
            "AB2803456",
            "A128034567",
            "Order A12803456",
            "$912803456",
            "passport 9128034567",
            "K7T40912B",
            "passport photos cost $15 at CVS2GO",
            "passport 123456",
        ] {
            assert!(find(t).is_empty(), "{t}");
        }
    }
}
