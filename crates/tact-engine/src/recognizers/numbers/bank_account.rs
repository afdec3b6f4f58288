//! Bank, billing and patient account numbers and insurance claim numbers.
//!
//! - 8 to 17 digits (bare, or in dash-joined groups) near banking words ("account", "acct",
//!   "checking", "savings", "bank", "routing"): a confident candidate.
//! - A code of letters and digits introduced by "patient account", "billing account",
//!   "acct", "account #", "account number", "claim #", "claim number" (5–20 characters, at
//!   least four digits): a confident candidate.
//! - A bare run of 8 to 17 digits with no context: a very weak candidate (listed, never
//!   flagged), unless it reads as something else: a date (20240314), a North American phone
//!   number, a card-shaped number (judged by `payment_card.rs`), one repeated digit, or a
//!   number next to words like "order", "tracking", "invoice", "confirmation".
//!
//! There is no checksum for US account numbers; validation is the length and the context.
//! Reported as ACCOUNT_NUMBER.

use super::payment_card::card_shaped;
use super::util::{self, Digits};
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::{ContextWords, Scan};

/// True when eight digits read as a date: yyyymmdd or mmddyyyy (years 1900–2099).
fn is_date8(d: &Digits) -> bool {
    if d.len() != 8 {
        return false;
    }
    let ymd = |y: u32, m: u32, day: u32| {
        (1900..=2099).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&day)
    };
    ymd(d.value(0, 4), d.value(4, 6), d.value(6, 8))
        || ymd(d.value(4, 8), d.value(0, 2), d.value(2, 4))
}

/// Bank and billing account numbers.
pub struct BankAccount {
    bank: ContextWords,
    intro_strong: util::Intros,
    intro_marked: util::Intros,
    not_bank: ContextWords,
    phone: ContextWords,
}

impl BankAccount {
    pub fn new() -> Self {
        BankAccount {
            bank: ContextWords::new(&[
                "account", "accounts", "acct", "acc", "a/c", "checking", "savings", "bank",
                "banking", "routing", "deposit",
            ]),
            intro_strong: util::Intros::new(&[
                "patient account",
                "billing account",
                "guarantor account",
                "account number",
                "acct",
                "claim number",
                "claim id",
                "claim no",
            ]),
            intro_marked: util::Intros::new(&["account", "claim"]),
            not_bank: ContextWords::new(&[
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
                "serial",
                "sku",
                "model",
                "part",
                "item",
                "isbn",
                "upc",
                "imei",
                "npi",
                "mrn",
                "member",
                "policy",
                "ssn",
                "phone",
                "fax",
                "call",
                "text",
                "flight",
                "booking",
            ]),
            phone: ContextWords::new(&[
                "call", "phone", "cell", "tel", "text", "fax", "mobile", "reach", "dial",
            ]),
        }
    }

    /// A code introduced by an account or claim phrase at word `i`.
    fn introduced(&self, scan: &Scan, i: usize) -> Option<Entity> {
        let code = util::code_at(scan, i, b"-", 20)?;
        let text = &scan.text[code.start..code.end];
        if code.len < 5 || code.digits < 4 || util::is_year(text) {
            return None;
        }
        let d = Digits::of(text)?;
        if code.letters == 0 && (util::is_nanp_shape(&d) && code.parts == 3 || d.all_same()) {
            return None;
        }
        let (intro, strong) = match util::introduced_by(scan, i, &self.intro_strong, 2) {
            Some(intro) => (intro, true),
            None => {
                let intro = util::introduced_by(scan, i, &self.intro_marked, 2)?;
                (intro, false)
            }
        };
        if !strong && !intro.marked {
            return None;
        }
        Some(Entity::new(
            EntityType::AccountNumber,
            code.start,
            code.end,
            if strong { 0.85 } else { 0.8 },
            "us-bank-account",
            Explanation::pattern("account-or-claim-code")
                .validated("introduced by an account or claim phrase")
                .with_context(Some(intro.span)),
        ))
    }
}

impl Default for BankAccount {
    fn default() -> Self {
        Self::new()
    }
}

impl Recognizer for BankAccount {
    fn id(&self) -> &'static str {
        "us-bank-account"
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        if !util::has_digit(scan) {
            return;
        }
        let mut covered_to = 0usize;
        for i in 0..scan.words.len() {
            let w = scan.words[i];
            if w.start < covered_to || !util::may_start_code(scan, i) {
                continue;
            }
            if let Some(e) = self.introduced(scan, i) {
                covered_to = e.end;
                out.push(e);
                continue;
            }
            // Digits only: one long run, or dash-joined groups.
            let len = util::word_len(scan, i);
            let dashed = scan.text.as_bytes().get(w.end) == Some(&b'-');
            if len < 8 && !(dashed && len >= 2) {
                continue;
            }
            let Some(g) = util::groups_at(scan, i, b"-") else {
                continue;
            };
            let digits = g.digits();
            if !(8..=17).contains(&digits)
                || (g.count > 1 && g.lens[..g.count].iter().any(|&l| l < 2))
                || !util::isolated(scan.text, g.start, g.end)
            {
                continue;
            }
            let Some(d) = Digits::of(&scan.text[g.start..g.end]) else {
                continue;
            };
            if d.all_same() || (g.count == 3 && g.is(&[3, 3, 4])) {
                continue;
            }
            let ctx = scan.context_before(g.start, util::BEFORE, &self.bank);
            let ctx = ctx.or_else(|| scan.context_after(g.end, util::AFTER, &self.bank));
            let neg = scan.context_before(g.start, 3, &self.not_bank);
            let phone_like = util::is_nanp_shape(&d)
                && util::context(scan, g.start, g.end, &self.phone).is_some();
            if phone_like {
                continue;
            }
            match ctx {
                Some(c) if neg.is_none_or(|n| n.0 < c.0) => {
                    covered_to = g.end;
                    out.push(Entity::new(
                        EntityType::AccountNumber,
                        g.start,
                        g.end,
                        0.8,
                        self.id(),
                        Explanation::pattern("bank-account-digits")
                            .validated("8-17 digits next to banking words")
                            .with_context(Some(c)),
                    ));
                }
                _ => {
                    // A weak candidate: one bare run of digits, nothing else explaining it.
                    if g.count > 1
                        || neg.is_some()
                        || util::context(scan, g.start, g.end, &self.not_bank).is_some()
                        || is_date8(&d)
                        || (d.len() == 10 && util::is_nanp_shape(&d))
                        || card_shaped(d.as_str())
                    {
                        continue;
                    }
                    out.push(Entity::new(
                        EntityType::AccountNumber,
                        g.start,
                        g.end,
                        0.05,
                        self.id(),
                        Explanation::pattern("long-digit-run").validated("8-17 digits, no context"),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;

    fn find(text: &str) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        BankAccount::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn finds_accounts_with_context() {
        let f = find("Checking account 0012345678 at First Bank");
        assert_eq!(f, [("0012345678".to_string(), 0.8)]);
        let f = find("acct #: 4455-6677-8899");
        assert_eq!(f[0].0, "4455-6677-8899");
        assert!(f[0].1 >= 0.8);
        let f = find("Patient account PA-0099812 is past due");
        assert_eq!(f[0].0, "PA-0099812");
        let f = find("claim # CLM20240001 was denied");
        assert_eq!(f[0].0, "CLM20240001");
        let f = find("Claim number: 2024-000123");
        assert_eq!(f[0].0, "2024-000123");
    }

    #[test]
    fn bare_digit_runs_are_weak() {
        let f = find("945456787654");
        assert_eq!(f.len(), 1);
        assert!(f[0].1 < 0.1);
        assert!(find("1234567").is_empty());
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "Order 123456789012 has shipped",
            "tracking number 9400111899223344556677",
            "20240314",
            "03142024",
            "Call 3125550188 today",
            "call the bank at 312-555-0188",
            "invoice 12345678",
            "$12345678",
            "12,345,678",
            "1234567.89",
            "11111111",
            "36168002586008",
            "the claim was 12 pages",
            "our account team 2024",
            "1-2-3-4-5-6-7-8",
            "Confirmation number 88112233",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }
}
