//! Bank, billing and patient account numbers and insurance claim numbers.
//!
//! - 8 to 17 digits (bare, or in dash-joined groups) near banking words ("account", "acct",
//!   "checking", "savings", "bank", "routing"): a confident candidate.
//! - A code of letters and digits introduced by "patient account", "pt acct", "billing
//!   account", "acct", "account #", "account number", "claim #", "claim number", "encounter
//!   number" (5–20 characters, at least four digits, any letter case, after a comma too:
//!   "account number, 300-114-8827"): a confident candidate. "Account" and "claim" alone
//!   need a mark or a code shaped like an identifier ("claim C2291774", "claim
//!   2024-CLM-0093317"). A few words after such a phrase in the same sentence, an
//!   identifier-shaped code is a weaker candidate; codes listed after it share its context.
//! - A bare run of 8 to 17 digits with no context: a very weak candidate (listed, never
//!   flagged), unless it reads as something else: a date (20240314), a North American phone
//!   number, a card-shaped number (judged by `payment_card.rs`), one repeated digit, or a
//!   number next to words like "order", "tracking", "invoice", "confirmation".
//!
//! There is no checksum for US account numbers; validation is the length and the context.
//! Reported as ACCOUNT_NUMBER.

use super::group::member_recognizer;
use super::group::{Facts, Member};
use super::payment_card::card_shaped;
use super::util::Index;
use super::util::{self, Digits, Level};
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::Scan;

/// Bank and billing account numbers.
pub struct BankAccount {
    bank: Phrases,
    vocab: util::Vocab,
    not_bank: Phrases,
    phone: Phrases,
}

impl BankAccount {
    pub fn new() -> Self {
        BankAccount {
            bank: Phrases::new(&[
                "account", "accounts", "acct", "acc", "a/c", "checking", "savings", "bank",
                "banking", "routing", "deposit",
            ]),
            vocab: util::Vocab {
                strong: util::Intros::new(&[
                    "patient account",
                    "patient acct",
                    "pt account",
                    "pt acct",
                    "billing account",
                    "billing acct",
                    "guarantor account",
                    "hospital account",
                    "account number",
                    "account no",
                    "account num",
                    "account id",
                    "acct",
                    "acct number",
                    "acct no",
                    "claim number",
                    "claim id",
                    "claim no",
                    "claim num",
                    "claim reference",
                    "encounter number",
                    "encounter id",
                    "encounter no",
                    "fin number",
                    "financial number",
                    "guarantor number",
                    "guarantor id",
                ]),
                marked: util::Intros::new(&[
                    "billing",
                    "statement",
                    "guarantor",
                    "encounter",
                    "fin",
                ]),
                label: util::Intros::new(&["account", "accounts", "claim", "claims", "a/c"]),
                near: util::Intros::new(&[
                    "account number",
                    "account",
                    "acct",
                    "patient account",
                    "billing account",
                    "claim",
                    "claims",
                    "claim number",
                ]),
                loose: util::Intros::new(&["billing", "statement", "balance", "collections"]),
                strong_filler: 2,
                near_gap: 6,
                index: util::Index::default(),
            }
            .indexed(&mut []),
            not_bank: Phrases::new(&[
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
                "code",
                "coupon",
                "promo",
                "password",
                "pin",
                "passcode",
                "voucher",
            ]),
            phone: Phrases::new(&[
                "call", "phone", "cell", "tel", "text", "fax", "mobile", "reach", "dial",
            ]),
        }
    }

    /// A code introduced by an account or claim phrase at word `i`.
    fn introduced(
        &self,
        scan: &Scan,
        hits: &util::Hits,
        i: usize,
        last: Option<util::Prev>,
    ) -> Option<(Entity, util::Prev)> {
        let code = util::code_at(scan, i, b"-", 20)?;
        let code = util::extend_spaced(scan, i, code, 20);
        let text = &scan.text[code.start..code.end];
        if code.len < 5 || code.digits < 4 || util::is_year(text) {
            return None;
        }
        let d = Digits::of(text)?;
        if code.letters == 0 && (util::is_nanp_shape(&d) && code.parts == 3 || d.all_same()) {
            return None;
        }
        if util::shape_of(scan, &code) == util::Shape::Other {
            return None;
        }
        let (span, level) = util::place(scan, hits, i, &code, &self.vocab, last)?;
        let code = util::with_letter_prefix(scan, i, code, span);
        // Bare digits a few words from "account" are judged below with the banking words.
        if matches!(level, Level::Near(_) | Level::Previous) && code.letters == 0 {
            let neg = self.not_bank.before(scan, code.start, 3);
            if neg.is_some_and(|n| n.0 > span.0) {
                return None;
            }
        }
        let entity = Entity::new(
            EntityType::AccountNumber,
            code.start,
            code.end,
            match level {
                // "Account 0012345678": as confident as digits beside banking words.
                Level::Label => 0.8,
                _ => level.score(0.85),
            },
            "us-bank-account",
            Explanation::pattern(match level {
                Level::Strong | Level::Marked | Level::Label => "account-or-claim-code",
                _ => level.pattern(),
            })
            .validated("introduced by an account or claim phrase")
            .with_context(Some(span)),
        );
        Some((entity, util::Prev::new(&code, span, level)))
    }
}

impl Default for BankAccount {
    fn default() -> Self {
        Self::new()
    }
}

member_recognizer!(BankAccount, "us-bank-account");

impl Member for BankAccount {
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
            // "CPT 99213", "ICD 10": a billing or diagnosis code names a service, not an
            // account, however near "billing" stands.
            if i > 0
                && matches!(
                    scan.word_lower(i - 1),
                    "cpt" | "hcpcs" | "icd" | "drg" | "loinc" | "snomed"
                )
            {
                continue;
            }
            // A code introduced by a phrase: only where one may stand within reach.
            if util::may_read_spaced(scan, i, 5)
                && util::may_place(scan, &hits, i, &self.vocab, last)
            {
                if let Some((e, prev)) = self.introduced(scan, &hits, i, last) {
                    covered_to = e.end;
                    last = Some(prev);
                    out.push(e);
                    continue;
                }
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
            if d.all_same()
                || (g.count == 3 && g.is(&[3, 3, 4]))
                || util::is_grouped_date(&scan.text[g.start..g.end])
            {
                continue;
            }
            let ctx = util::context(scan, g.start, g.end, &self.bank);
            let neg = self.not_bank.before(scan, g.start, 3);
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
                        || util::is_date8(&d)
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
    fn finds_accounts_and_claims_in_looser_writing() {
        let cases = [
            // A label word right before an identifier-shaped code.
            ("RESUBMIT CLAIM Q4471902 TODAY", "Q4471902"),
            ("claim 2024-QX-55102 bounced again", "2024-QX-55102"),
            (
                "we resubmitted the claim (CLQ-2025-118842).",
                "CLQ-2025-118842",
            ),
            ("Account KB-5512093 went to collections", "KB-5512093"),
            ("claim 3025061100412 for the ER visit", "3025061100412"),
            // An appositive after a comma; abbreviations.
            (
                "my account number, 55-1029-447, is on the letter",
                "55-1029-447",
            ),
            ("pt acct 8812-0045", "8812-0045"),
            ("encounter no. 880412339", "880412339"),
            ("claim CLM 44120931 was denied", "CLM 44120931"),
            // Words between the phrase and the code.
            (
                "the account number they gave me, 7781-22093, does not exist",
                "7781-22093",
            ),
        ];
        for (text, want) in cases {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].0, want, "{text}");
            assert!(f[0].1 >= 0.6, "{text}");
        }
        // Claims listed after one another share the phrase.
        let f = find("claims QA-440912 and QA-440913 were paid");
        assert_eq!(f.len(), 2, "{f:?}");
    }

    #[test]
    fn looser_hard_negatives() {
        for t in [
            "Claim 3 of 5 was approved after 45 days.",
            "Claim your 2025 flu shot today",
            "Account for about 15% of visits",
            "account number, 410-228-9917",
            "our account: 2024-2025 season recap",
            "Billing questions? Statement balance of $125.50 due 12/01/2024.",
            "the claim was filed 03/14/2024",
            "Account numbers have 10 digits",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
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
            "Create an account on the portal with code 00441927",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }
}
