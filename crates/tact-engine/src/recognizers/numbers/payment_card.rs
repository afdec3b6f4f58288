//! Credit and debit card numbers: 13 to 19 digits, bare or in groups joined by spaces or
//! dashes ("4012 8888 8888 1881", "3714-496353-98431"), whose issuer prefix (IIN) and length
//! match a known card network and whose last digit passes the Luhn check. Reported as
//! ACCOUNT_NUMBER. Card context ("card", "visa", "paid with") raises the score; words that
//! say the number is something else (order, tracking, IMEI) lower it to a weak candidate.

use super::group::member_recognizer;
use super::group::{Facts, Member};
use super::util::{self, Digits};
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::shape;

/// A card network: its name and whether it is one of the widely used ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Network {
    pub name: &'static str,
    pub major: bool,
}

/// The card network whose issuer prefix and length match the digits, if any.
pub(super) fn network(digits: &str) -> Option<Network> {
    let b = digits.as_bytes();
    let len = b.len();
    if !(12..=19).contains(&len) || !util::all_digits(digits) {
        return None;
    }
    let p = |n: usize| -> u32 {
        b[..n]
            .iter()
            .fold(0, |acc, &c| acc * 10 + u32::from(c - b'0'))
    };
    let (p2, p3, p4, p6) = (p(2), p(3), p(4), p(6));
    let major = |name| Some(Network { name, major: true });
    let other = |name| Some(Network { name, major: false });
    match b[0] {
        b'4' if matches!(len, 13 | 16 | 19) => major("visa"),
        b'5' if (51..=55).contains(&p2) && len == 16 => major("mastercard"),
        b'2' if (2221..=2720).contains(&p4) && len == 16 => major("mastercard"),
        b'2' if (2200..=2204).contains(&p4) && len >= 16 => other("mir"),
        b'3' if (p2 == 34 || p2 == 37) && len == 15 => major("amex"),
        b'3' if (3528..=3589).contains(&p4) && len >= 16 => major("jcb"),
        b'3' if ((300..=305).contains(&p3) || p4 == 3095 || matches!(p2, 36 | 38 | 39))
            && len >= 14 =>
        {
            major("diners")
        }
        b'6' if (p4 == 6011
            || (644..=649).contains(&p3)
            || p2 == 65
            || (622126..=622925).contains(&p6))
            && len >= 16 =>
        {
            major("discover")
        }
        b'6' if p2 == 62 && len >= 16 => major("unionpay"),
        b'5' | b'6' if len >= 12 => other("maestro"),
        b'8' if matches!(p2, 81 | 82) && len >= 16 => other("unionpay/rupay"),
        b'1' if len == 15 => other("uatp"),
        _ => None,
    }
}

/// True when the digits look like a card number (known prefix and length), whatever the
/// Luhn check says: such numbers are judged by this recognizer, not as bare bank accounts.
pub(super) fn card_shaped(digits: &str) -> bool {
    network(digits).is_some()
}

/// Payment card numbers.
pub struct PaymentCard {
    context: Phrases,
    not_card: Phrases,
}

impl PaymentCard {
    pub fn new() -> Self {
        PaymentCard {
            context: Phrases::new(&[
                "card",
                "cards",
                "credit",
                "debit",
                "cc",
                "visa",
                "mastercard",
                "amex",
                "american express",
                "discover",
                "jcb",
                "diners",
                "maestro",
                "paid",
                "pay",
                "payment",
                "charge",
                "charged",
                "billed",
            ]),
            not_card: Phrases::new(&[
                "order",
                "tracking",
                "confirmation",
                "invoice",
                "ref",
                "reference",
                "ticket",
                "imei",
                "serial",
                "isbn",
                "upc",
                "sku",
                "model",
                "part",
                "item",
                "npi",
                "udi",
                "gtin",
            ]),
        }
    }
}

impl Default for PaymentCard {
    fn default() -> Self {
        Self::new()
    }
}

member_recognizer!(PaymentCard, "payment-card");

impl Member for PaymentCard {
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        for i in facts.digit_words() {
            let w = scan.words[i];
            let first = w.end - w.start;
            if !w.has(shape::DIGIT) || !(first == 4 || (13..=19).contains(&first)) {
                continue;
            }
            if first == 4 && last_four_of_a_card(scan, i) {
                out.push(Entity::new(
                    EntityType::AccountNumber,
                    w.start,
                    w.end,
                    0.85,
                    self.id(),
                    Explanation::pattern("card-last-four"),
                ));
                continue;
            }
            let Some(g) = util::groups_at(scan, i, b" -") else {
                continue;
            };
            let grouped = g.count > 1;
            if grouped
                && (g.lens[0] != 4
                    || g.lens[1..g.count].iter().any(|l| !(3..=6).contains(l))
                    || !(13..=19).contains(&g.digits()))
            {
                continue;
            }
            if !grouped && !(13..=19).contains(&g.digits()) {
                continue;
            }
            if !util::isolated(scan.text, g.start, g.end) {
                continue;
            }
            let Some(d) = Digits::of(&scan.text[g.start..g.end]) else {
                continue;
            };
            let Some(net) = network(d.as_str()) else {
                continue;
            };
            if !crate::validate::luhn(d.as_str()) || d.all_same() {
                continue;
            }
            let ctx = util::context(scan, g.start, g.end, &self.context);
            let score = match (ctx.is_some(), net.major, grouped) {
                (true, true, _) => 1.0,
                (true, false, _) => 0.95,
                (false, _, _) if util::context(scan, g.start, g.end, &self.not_card).is_some() => {
                    0.3
                }
                (false, true, true) => 0.9,
                (false, true, false) => 0.8,
                (false, false, true) => 0.75,
                (false, false, false) => 0.55,
            };
            out.push(Entity::new(
                EntityType::AccountNumber,
                g.start,
                g.end,
                score,
                self.id(),
                Explanation::pattern(if grouped {
                    "card-number-grouped"
                } else {
                    "card-number"
                })
                .validated(format!("luhn ok, {} prefix", net.name))
                .with_context(ctx),
            ));
        }
    }
}

/// "card ending 4417", "Visa ending in 0921", "account ends in 3310": the last four digits of
/// a card or account, which still point to it.
fn last_four_of_a_card(scan: &crate::text::Scan, i: usize) -> bool {
    let w = scan.words[i];
    if scan.text[w.end..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-') {
        return false;
    }
    let word = |k: usize| scan.word_lower(k);
    let mut k = i;
    if k >= 1 && matches!(word(k - 1), "in" | "with") {
        k -= 1;
    }
    if k < 2 || !matches!(word(k - 1), "ending" | "ends" | "ended") {
        return false;
    }
    matches!(
        word(k - 2),
        "card"
            | "visa"
            | "mastercard"
            | "amex"
            | "discover"
            | "account"
            | "acct"
            | "debit"
            | "credit"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;
    use crate::text::Scan;

    fn find(text: &str) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        PaymentCard::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn last_four_after_card_ending() {
        assert_eq!(find("Card ending 4417 got charged twice").len(), 1);
        assert_eq!(find("my visa ending in 0921 was declined").len(), 1);
        assert!(find("the year ending 2025").is_empty());
        assert!(find("card ending 4417-22").is_empty());
    }

    #[test]
    fn finds_cards_in_every_layout() {
        let f = find("4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881");
        assert_eq!(f.len(), 3);
        assert_eq!(f[2].0, "4012 8888 8888 1881");
        for t in [
            "371449635398431",
            "3714 496353 98431",
            "5555555555554444",
            "2223000048400011",
            "5019717010103742",
            "30569309025904",
            "6011000400000000",
            "3528000700000000",
            "6759649826438453",
            "122000000000003",
        ] {
            assert_eq!(find(t).len(), 1, "{t}");
        }
        let f = find("my credit card: 122000000000003");
        assert!(f[0].1 >= 0.9);
        let f = find("Paid with my Visa 4111 1111 1111 1111 yesterday");
        assert_eq!(f[0].1, 1.0);
    }

    #[test]
    fn rejects_bad_checksums_and_unknown_prefixes() {
        for t in [
            "4012-8888-8888-1882",
            "my credit card number is 4012-8888-8888-1882",
            "36168002586008",
            "1748503543012",
            "9111111111111111",
            "0000000000000000",
            "4111 1111 1111 1111 2",
            "44444 44444 44444 4",
            "$4111111111111111",
        ] {
            assert!(find(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn other_numbers_are_weak() {
        let f = find("Order 4111111111111111 shipped");
        assert!(f[0].1 < 0.5);
        assert!(find("call 312-555-0188 or 312 555 0188").is_empty());
    }
}
