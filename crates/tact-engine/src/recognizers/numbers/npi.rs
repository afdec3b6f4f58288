//! National Provider Identifiers: ten digits starting with 1 or 2, bare or written
//! `dddd-ddd-ddd` / `dddd ddd ddd`, validated by the Luhn check over "80840" followed by the
//! digits (the CMS check-digit rule). Degenerate bodies (nine identical digits) are rejected.
//! Reported as LICENSE_NUMBER. Context ("NPI", "provider") makes it confident; without it a
//! valid number is a candidate below the finding threshold, and none at all near phone words
//! (a ten-digit number starting with 2 may be a phone number).

use super::group::member_recognizer;
use super::group::{Facts, Member};
use super::util::{self, Digits};
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;

/// National Provider Identifiers.
pub struct UsNpi {
    context: Phrases,
    /// Labels that name an NPI itself, not any provider number.
    label: Phrases,
    not_npi: Phrases,
}

impl UsNpi {
    pub fn new() -> Self {
        UsNpi {
            context: Phrases::new(&[
                "npi",
                "npis",
                "national provider",
                "provider identifier",
                "provider id",
                "provider number",
                "provider",
                "prescriber",
            ]),
            label: Phrases::new(&[
                "npi",
                "national provider identifier",
                "national provider id",
            ]),
            not_npi: Phrases::new(&[
                "call",
                "phone",
                "cell",
                "tel",
                "text",
                "fax",
                "mobile",
                "dial",
                "order",
                "tracking",
                "account",
                "acct",
                "card",
                "invoice",
                "confirmation",
            ]),
        }
    }
}

impl Default for UsNpi {
    fn default() -> Self {
        Self::new()
    }
}

member_recognizer!(UsNpi, "us-npi");

impl Member for UsNpi {
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        for i in facts.digit_words() {
            let w = scan.words[i];
            if !matches!(w.end - w.start, 4 | 10) {
                continue;
            }
            let first = scan.text.as_bytes()[w.start];
            if first != b'1' && first != b'2' {
                continue;
            }
            let Some(g) = util::groups_at(scan, i, b"- ") else {
                continue;
            };
            let grouped = g.is(&[4, 3, 3]);
            if !(grouped || g.is(&[10])) || !util::isolated(scan.text, g.start, g.end) {
                continue;
            }
            let Some(d) = Digits::of(&scan.text[g.start..g.end]) else {
                continue;
            };
            let body = &d.as_str().as_bytes()[..9];
            if body.iter().all(|&b| b == body[0]) {
                continue;
            }
            if !crate::validate::npi_check(d.as_str()) {
                // "My NPI is 1487726390": a number the writer calls an NPI is one, even
                // mistyped (a transposed digit fails the check); just above the threshold.
                let Some(ctx) = util::context(scan, g.start, g.end, &self.label) else {
                    continue;
                };
                out.push(Entity::new(
                    EntityType::LicenseNumber,
                    g.start,
                    g.end,
                    0.55,
                    self.id(),
                    Explanation::pattern(if grouped { "npi-grouped" } else { "npi" })
                        .validated("npi check digit fails; labeled as an NPI")
                        .with_context(Some(ctx)),
                ));
                continue;
            }
            let ctx = util::context(scan, g.start, g.end, &self.context);
            let score = match ctx {
                Some(_) => 0.95,
                None if util::context(scan, g.start, g.end, &self.not_npi).is_some() => continue,
                None if first == b'1' => 0.4,
                None => 0.3,
            };
            out.push(Entity::new(
                EntityType::LicenseNumber,
                g.start,
                g.end,
                score,
                self.id(),
                Explanation::pattern(if grouped { "npi-grouped" } else { "npi" })
                    .validated("npi check digit ok")
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
        UsNpi::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn finds_npis() {
        for t in [
            "1234567893",
            "1245319599",
            "1003000126",
            "1234-567-893",
            "1234 567 893",
        ] {
            assert_eq!(find(t).len(), 1, "{t}");
        }
        let f = find("NPI 1234567893 and NPI 1245319599");
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|(_, s)| *s >= 0.9));
        assert_eq!(find("Provider identifier 1245319599")[0].1, 0.95);
        assert!(find("1234567893")[0].1 < 0.5);
        // Labeled as an NPI but failing the check digit: just above the threshold.
        let f = find("My NPI is 1487726390, who do I send forms to?");
        assert_eq!(f.len(), 1);
        assert!((0.5..0.6).contains(&f[0].1));
    }

    #[test]
    fn rejects_invalid_npis() {
        for t in [
            "0234567893",
            "3234567893",
            "9234567893",
            "123456789",
            "12345678934",
            "1111111112",
            "1234567890",
            "Call 2345678900 now",
            "123-456-7893",
            "$1234567893",
        ] {
            assert!(find(t).is_empty(), "{t}");
        }
    }
}
