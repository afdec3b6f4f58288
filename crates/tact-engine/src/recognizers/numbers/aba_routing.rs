//! ABA routing transit numbers: nine digits, bare or written `dddd-dddd-d`, whose first two
//! digits name a Federal Reserve district (00–12, 21–32 thrift, 61–72 electronic, 80
//! traveler's checks) and which pass the 3-7-1 weighted checksum. Reported as
//! ACCOUNT_NUMBER. Banking context ("routing", "ABA", "direct deposit") raises the score; a
//! bare valid number alone is a weak candidate.

use super::group::member_recognizer;
use super::group::{Facts, Member};
use super::util::{self, Digits};
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::shape;

fn valid_prefix(d: &Digits) -> bool {
    matches!(d.value(0, 2), 0..=12 | 21..=32 | 61..=72 | 80)
}

/// ABA routing numbers.
pub struct AbaRouting {
    context: Phrases,
    not_aba: Phrases,
}

impl AbaRouting {
    pub fn new() -> Self {
        AbaRouting {
            context: Phrases::new(&[
                "routing",
                "aba",
                "rtn",
                "transit",
                "bank",
                "wire",
                "ach",
                "direct deposit",
                "checking",
                "savings",
                "account",
            ]),
            not_aba: Phrases::new(&[
                "order",
                "tracking",
                "confirmation",
                "invoice",
                "ticket",
                "ssn",
                "social",
                "zip",
                "passport",
                "license",
                "member",
                "policy",
                "mrn",
            ]),
        }
    }
}

impl Default for AbaRouting {
    fn default() -> Self {
        Self::new()
    }
}

member_recognizer!(AbaRouting, "aba-routing");

impl Member for AbaRouting {
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        for i in facts.digit_words() {
            let w = scan.words[i];
            if !w.has(shape::DIGIT) || !matches!(w.end - w.start, 4 | 9) {
                continue;
            }
            let Some(g) = util::groups_at(scan, i, b"-") else {
                continue;
            };
            let dashed = g.is(&[4, 4, 1]);
            if !(dashed || g.is(&[9])) || !util::isolated(scan.text, g.start, g.end) {
                continue;
            }
            let Some(d) = Digits::of(&scan.text[g.start..g.end]) else {
                continue;
            };
            if !valid_prefix(&d) || d.all_same() || !crate::validate::aba_check(d.as_str()) {
                continue;
            }
            let ctx = util::context(scan, g.start, g.end, &self.context);
            if ctx.is_none() && util::context(scan, g.start, g.end, &self.not_aba).is_some() {
                continue;
            }
            let score = match (dashed, ctx.is_some()) {
                (true, true) => 0.95,
                (false, true) => 0.9,
                (true, false) => 0.6,
                (false, false) => 0.35,
            };
            out.push(Entity::new(
                EntityType::AccountNumber,
                g.start,
                g.end,
                score,
                self.id(),
                Explanation::pattern(if dashed {
                    "aba-routing-dashed"
                } else {
                    "aba-routing"
                })
                .validated("aba checksum ok, federal reserve prefix ok")
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
        AbaRouting::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn finds_routing_numbers() {
        for t in ["121000358", "3222-7162-7", "121042882", "0711-0130-7"] {
            assert_eq!(find(t).len(), 1, "{t}");
        }
        let f = find("Routing number: 121000358");
        assert!(f[0].1 >= 0.9);
        assert!(find("121000358")[0].1 < 0.5);
    }

    #[test]
    fn rejects_invalid_numbers() {
        for t in [
            "421042111",
            "1234-0000-0",
            "121000359",
            "000000000",
            "1210003580",
            "order 121000358",
            "121-000-358",
            "$121000358",
        ] {
            assert!(find(t).is_empty(), "{t}");
        }
    }
}
