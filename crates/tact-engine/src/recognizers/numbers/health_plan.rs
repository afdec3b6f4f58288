//! Health plan beneficiary numbers.
//!
//! - Medicare Beneficiary Identifiers (MBI): eleven characters, `1EG4-TE5-MK73` or
//!   `1EG4TE5MK73`, validated position by position as CMS specifies: a digit 1–9; a letter;
//!   a letter or digit; a digit; a letter; a letter or digit; a digit; two letters; two
//!   digits. Letters exclude S, L, O, I, B and Z. One letter case throughout. Confident with
//!   Medicare context; without it the dashed layout is a finding and the compact one a weak
//!   candidate.
//! - Member, subscriber, policy, group and Medicaid IDs: no common format, so context is
//!   required: a code of 5–20 letters and digits (dashes allowed, at least four digits, any
//!   letter case; digit groups after single spaces as cards print them, "W284 7731 09")
//!   introduced by "member ID", "subscriber ID", "policy number", "group number", "Medicaid",
//!   "insurance ID", "plan ID", "Rx ID" (confident); by "member", "subscriber", "group",
//!   "insurance", "ins" followed by `#`, `:` or "number"/"no.", or directly followed by an
//!   identifier-shaped code ("group 00918", "MEMBER W228174905"); by "policy", "plan" or
//!   "beneficiary" with a mark; by a short letter prefix printed apart ("XOF 884120937").
//!   A few words after "member ID", "policy number" and the like in the same sentence an
//!   identifier-shaped code counts too; after generic words ("policy", "insurance",
//!   "member") or a payer's name ("BCBS", "Aetna") only a code with letters and five digits,
//!   also in the previous sentence of a short "It's …" sentence. Medicare Advantage contract
//!   numbers ("H5216-001") name a plan, not a member.
//!
//! Reported as HEALTH_PLAN_ID.

use super::group::member_recognizer;
use super::group::{Facts, Member};
use super::util::Index;
use super::util::{self, Level};
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::Scan;

/// Letters an MBI may contain.
fn mbi_letter(b: u8) -> bool {
    b.is_ascii_uppercase() && !matches!(b, b'S' | b'L' | b'O' | b'I' | b'B' | b'Z')
}

/// True when eleven upper-case characters follow the MBI position rules.
pub(super) fn is_mbi(c: &[u8]) -> bool {
    if c.len() != 11 {
        return false;
    }
    let digit = |b: u8| b.is_ascii_digit();
    let either = |b: u8| digit(b) || mbi_letter(b);
    matches!(c[0], b'1'..=b'9')
        && mbi_letter(c[1])
        && either(c[2])
        && digit(c[3])
        && mbi_letter(c[4])
        && either(c[5])
        && digit(c[6])
        && mbi_letter(c[7])
        && mbi_letter(c[8])
        && digit(c[9])
        && digit(c[10])
}

/// Health plan IDs.
pub struct HealthPlan {
    medicare: Phrases,
    vocab: util::Vocab,
    /// Phrases that open a sentence giving a plan ID ("the ID on the card … is …").
    subjects: Phrases,
}

impl HealthPlan {
    pub fn new() -> Self {
        HealthPlan {
            medicare: Phrases::new(&[
                "medicare",
                "mbi",
                "beneficiary",
                "hicn",
                "cms",
                "medicare id",
                "medicare number",
            ]),
            vocab: util::Vocab {
                strong: util::Intros::new(&[
                    "member id",
                    "member number",
                    "member no",
                    "subscriber id",
                    "subscriber number",
                    "subscriber no",
                    "policy number",
                    "policy no",
                    "policy id",
                    "group number",
                    "group no",
                    "group id",
                    "medicaid",
                    "medicaid id",
                    "medicaid number",
                    "medicare",
                    "insurance id",
                    "insurance number",
                    "insurance no",
                    "insurance member id",
                    "ins id",
                    "plan id",
                    "plan number",
                    "beneficiary id",
                    "enrollee id",
                    "insured id",
                    "health plan id",
                    "rx id",
                    "rxid",
                    "rx member id",
                    "rx group",
                ]),
                marked: util::Intros::new(&["plan", "beneficiary", "enrollee", "policy"]),
                label: util::Intros::new(&[
                    "member",
                    "subscriber",
                    "group",
                    "grp",
                    "rxgrp",
                    "rx grp",
                    "insurance",
                    "ins",
                ]),
                near: util::Intros::new(&[
                    "member id",
                    "member number",
                    "subscriber id",
                    "subscriber number",
                    "policy number",
                    "group number",
                    "insurance id",
                    "medicaid",
                ]),
                loose: util::Intros::new(&[
                    "member",
                    "subscriber",
                    "policy",
                    "insurance",
                    "ins",
                    "coverage",
                    "insurer",
                    "payer",
                    "bcbs",
                    "blue cross",
                    "blue shield",
                    "aetna",
                    "cigna",
                    "humana",
                    "anthem",
                    "uhc",
                    "unitedhealthcare",
                    "united healthcare",
                    "kaiser",
                    "tricare",
                    "molina",
                    "ambetter",
                    "wellcare",
                    "highmark",
                    "caresource",
                ]),
                strong_filler: 3,
                near_gap: 6,
                index: util::Index::default(),
            }
            .indexed(&mut []),
            subjects: Phrases::new(&[
                "id on the card",
                "id on my card",
                "id on his card",
                "id on her card",
                "id on the insurance card",
                "id on my insurance card",
                "number on my insurance card",
                "number on the insurance card",
                "insurance card",
                "insurance id",
                "member id",
                "subscriber id",
                "policy number",
                "policy id",
                "plan id",
            ]),
        }
    }

    /// An MBI starting at word `i`: one word of eleven characters, or three words joined by
    /// dashes (4-3-4). Returns the span, whether it is dashed, and the word after it.
    fn mbi_at(&self, scan: &Scan, i: usize) -> Option<(usize, usize, bool, usize)> {
        let bytes = scan.text.as_bytes();
        let w = scan.words[i];
        let mut buf = [0u8; 11];
        let (end, dashed, next) = if w.end - w.start == 11 {
            buf.copy_from_slice(&bytes[w.start..w.end]);
            (w.end, false, i + 1)
        } else if w.end - w.start == 4 {
            let a = scan.words.get(i + 1)?;
            let b = scan.words.get(i + 2)?;
            // Dashes, or single spaces as the card prints them ("3U96 KX4 YW97").
            let sep = bytes[w.end];
            if a.start != w.end + 1
                || b.start != a.end + 1
                || !matches!(sep, b'-' | b' ')
                || bytes[a.end] != sep
                || a.end - a.start != 3
                || b.end - b.start != 4
            {
                return None;
            }
            buf[..4].copy_from_slice(&bytes[w.start..w.end]);
            buf[4..7].copy_from_slice(&bytes[a.start..a.end]);
            buf[7..].copy_from_slice(&bytes[b.start..b.end]);
            (b.end, true, i + 3)
        } else {
            return None;
        };
        let upper = buf.iter().any(u8::is_ascii_uppercase);
        let lower = buf.iter().any(u8::is_ascii_lowercase);
        if upper && lower {
            return None;
        }
        buf.make_ascii_uppercase();
        (is_mbi(&buf) && util::isolated(scan.text, w.start, end))
            .then_some((w.start, end, dashed, next))
    }
}

impl Default for HealthPlan {
    fn default() -> Self {
        Self::new()
    }
}

/// A Medicare Advantage or Part D contract and plan number ("H5216-001"): it names a plan,
/// not a member.
fn is_contract_plan(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 9
        && matches!(b[0].to_ascii_uppercase(), b'H' | b'R' | b'S' | b'E')
        && b[1..5].iter().all(u8::is_ascii_digit)
        && b[5] == b'-'
        && b[6..].iter().all(u8::is_ascii_digit)
}

/// Words of an insurance card or plan read aloud.
fn insurance_text(scan: &Scan) -> bool {
    const WORDS: &[&str] = &[
        "insurance",
        "insurer",
        "subscriber",
        "ppo",
        "hmo",
        "medicaid",
        "copay",
        "co-pay",
        "deductible",
        "rxbin",
        "rxgrp",
        "rxpcn",
        "member services",
        "health plan",
        "blue cross",
        "bcbs",
        "aetna",
        "cigna",
        "humana",
        "mutual",
    ];
    WORDS.iter().any(|w| scan.lower.contains(w))
}

/// The span of a bare "ID" label right before the code at word `i` (or before its letter
/// prefix: "ID HMX 8841 20077", "ID: BLH-0093-44172").
fn id_label_before(scan: &Scan, i: usize) -> Option<(usize, usize)> {
    let words = &scan.words;
    let mut k = i;
    let prefix = |m: usize| {
        let t = scan.word(m);
        (1..=4).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_uppercase())
    };
    if k >= 1
        && prefix(k - 1)
        && scan.word_lower(k - 1) != "id"
        && matches!(&scan.text[words[k - 1].end..words[k].start], " " | "-")
        && !prefix(k)
    {
        k -= 1;
    }
    if k == 0 || scan.word_lower(k - 1) != "id" {
        return None;
    }
    // "template ID", "photo ID", "patient ID": another kind of ID. The bare label stands after
    // punctuation ("PPO, ID …", "/ ID: …") or after the plan's own words.
    let id = k - 1;
    if id > 0
        && &scan.text[words[id - 1].end..words[id].start] == " "
        && !matches!(
            scan.word_lower(id - 1),
            "ppo" | "hmo" | "epo" | "pos" | "card" | "insurance" | "plan" | "medicaid" | "mutual"
        )
    {
        return None;
    }
    let gap = scan.text[words[k - 1].end..words[k].start].trim();
    matches!(gap, "" | ":" | "#" | "-" | "no" | "no.")
        .then_some((words[k - 1].start, words[k - 1].end))
}

/// A member-ID-like code: 5–20 characters, at least four digits, not a year, a phone
/// number or a plan's contract number.
fn plausible(scan: &Scan, code: &util::Code) -> bool {
    let text = &scan.text[code.start..code.end];
    if code.len < 5 || code.digits < 4 || util::is_year(text) || is_contract_plan(text) {
        return false;
    }
    if code.letters == 0 {
        let Some(d) = util::Digits::of(text) else {
            return false;
        };
        if d.all_same() || (code.parts == 3 && util::is_nanp_shape(&d)) {
            return false;
        }
    }
    true
}

member_recognizer!(HealthPlan, "health-plan-id");

impl Member for HealthPlan {
    fn index(&self) -> Option<&Index> {
        Some(&self.vocab.index)
    }

    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        let hits = util::Hits::new(facts, &self.vocab.index);
        let mut covered_to = 0usize;
        let mut last = None;
        // An insurance card read aloud ("Heartland Mutual PPO, ID HMK 771 204 998"): its bare
        // "ID" labels the member ID.
        let card = std::cell::OnceCell::new();
        let card_text = || *card.get_or_init(|| insurance_text(scan));
        for i in facts.code_starts() {
            let w = scan.words[i];
            if w.start < covered_to {
                continue;
            }
            if let Some((start, end, dashed, _)) = self.mbi_at(scan, i) {
                let ctx = util::context(scan, start, end, &self.medicare);
                let score = match (ctx.is_some(), dashed) {
                    (true, true) => 0.95,
                    (true, false) => 0.9,
                    (false, true) => 0.6,
                    (false, false) => 0.4,
                };
                covered_to = end;
                out.push(Entity::new(
                    EntityType::HealthPlanId,
                    start,
                    end,
                    score,
                    self.id(),
                    Explanation::pattern(if dashed { "mbi-dashed" } else { "mbi" })
                        .validated("medicare beneficiary identifier layout ok")
                        .with_context(ctx),
                ));
                continue;
            }
            // "member id XGH448120995 group 71044": a group number printed beside a plan ID
            // already found is the plan's too, whatever its shape.
            if last.is_some() && i > 0 && matches!(scan.word_lower(i - 1), "group" | "grp") {
                let gap = scan.text[scan.words[i - 1].end..w.start].trim();
                let t = scan.word(i);
                let glued = scan.text[w.end..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/'));
                // "GRP-4410": the prefix printed with the number is part of it.
                let prefixed = gap == "-" && scan.word_lower(i - 1) == "grp";
                if (matches!(gap, "" | "#" | ":") || prefixed)
                    && (4..=10).contains(&t.len())
                    && t.bytes().all(|b| b.is_ascii_digit())
                    && !glued
                {
                    covered_to = w.end;
                    out.push(Entity::new(
                        EntityType::HealthPlanId,
                        if prefixed {
                            scan.words[i - 1].start
                        } else {
                            w.start
                        },
                        w.end,
                        0.8,
                        self.id(),
                        Explanation::pattern("group-number-beside-plan-id")
                            .validated("digits after \"group\" beside a plan ID")
                            .with_context(Some((scan.words[i - 1].start, scan.words[i - 1].end))),
                    ));
                    continue;
                }
            }
            // Other plan IDs are placed by a phrase: read none where none is near.
            let given = util::given_by_is(scan, i);
            let card_id = id_label_before(scan, i).filter(|_| card_text());
            if !util::may_read_spaced(scan, i, 5)
                || !(given
                    || card_id.is_some()
                    || util::may_place(scan, &hits, i, &self.vocab, last))
            {
                continue;
            }
            let Some(code) = util::code_at(scan, i, b"-", 24) else {
                continue;
            };
            let code = util::extend_spaced(scan, i, code, 20);
            if code.len > 20 || !plausible(scan, &code) {
                continue;
            }
            let placed = util::place(scan, &hits, i, &code, &self.vocab, last)
                .or_else(|| util::subject_is(scan, i, &code, &self.subjects, 14))
                .or_else(|| card_id.map(|span| (span, Level::Marked)));
            let Some((span, level)) = placed else {
                continue;
            };
            let code = util::with_letter_prefix(scan, i, code, span);
            covered_to = code.end;
            last = Some(util::Prev::new(&code, span, level));
            out.push(Entity::new(
                EntityType::HealthPlanId,
                code.start,
                code.end,
                level.score(0.85),
                self.id(),
                Explanation::pattern(match level {
                    Level::Strong | Level::Marked => "plan-id-after-context",
                    _ => level.pattern(),
                })
                .validated("5-20 characters with at least four digits")
                .with_context(Some(span)),
            ));
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
        HealthPlan::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn finds_mbis() {
        let f = find("1EG4-TE5-MK73");
        assert_eq!(f.len(), 1);
        assert!(f[0].1 >= 0.5);
        assert!(find("1EG4TE5MK73")[0].1 < 0.5);
        let f = find("Patient 1EG4-TE5-MK73 and 2AG9-XC4-NN22");
        assert_eq!(f.len(), 2);
        assert_eq!(find("9XX9-XX9-XX99").len(), 1);
        let f = find("Medicare ID: 3CD5-FG7-HJ89");
        assert_eq!(f[0].0, "3CD5-FG7-HJ89");
        assert!(f[0].1 >= 0.9);
        assert_eq!(
            find("The MBI is 4EF6GH8JK12 for this patient")[0].0,
            "4EF6GH8JK12"
        );
        assert_eq!(find("1eg4-te5-mk73").len(), 1);
        // Spaced as the card prints it.
        assert_eq!(
            find("Medicare 3U96 KX4 YW97 since June")[0].0,
            "3U96 KX4 YW97"
        );
    }

    #[test]
    fn a_bare_id_on_an_insurance_card_read_aloud() {
        let f = find("Heartland Mutual PPO, ID HMK 771 204 998, RxBIN 019922");
        assert_eq!(f[0].0, "HMK 771 204 998");
        assert!(
            find("No more digging for your insurance card. Her template ID PV-20931-A").is_empty()
        );
        assert!(find("Bring a photo ID 4471902 and your card").is_empty());
    }

    #[test]
    fn rejects_bad_mbis() {
        for t in [
            "1SG4-TE5-MK73",
            "1EG4-LE5-MK73",
            "1EG4-TE5-OK73",
            "1EG4-TE5-MI73",
            "1BG4-TE5-MK73",
            "1EG4-ZE5-MK73",
            "AEG4-TE5-MK73",
            "12G4-TE5-MK73",
            "1EG4TE5MK7",
            "1EG4TE5MK734",
            "1Eg4-TE5-MK73",
            "1EG4-TE5-MK73-2",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    #[test]
    fn finds_member_ids_after_context() {
        let cases = [
            ("Member ID: XYZ123456789", "XYZ123456789"),
            ("subscriber # W123456789", "W123456789"),
            ("policy number 88-1234567", "88-1234567"),
            ("Group #: 0012345", "0012345"),
            ("her Medicaid AB12345C", "AB12345C"),
            ("insurance ID is BCX998877", "BCX998877"),
        ];
        for (text, want) in cases {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].0, want);
            assert!(f[0].1 >= 0.8);
        }
    }

    #[test]
    fn finds_member_ids_in_looser_writing() {
        let cases = [
            // A label word right before an identifier-shaped code, any case.
            ("PRIMARY MEMBER Q55102298 VERIFIED", "Q55102298"),
            ("new group 004471 starts in July", "004471"),
            ("her member id is rtz30018842", "rtz30018842"),
            ("INS: ZX90041128", "ZX90041128"),
            ("grp # GR-55120", "GR-55120"),
            // Digit groups as cards print them; a short letter prefix.
            ("member ID K771 2290 14", "K771 2290 14"),
            ("subscriber id: MQX 771204481", "MQX 771204481"),
            // A payer's name a few words before a code with letters and digits.
            ("Her Cigna ID is U88412093 by the way", "U88412093"),
            // The code given in a short sentence after the one naming it.
            (
                "I typed my policy # wrong again. It's RQX441902213.",
                "RQX441902213",
            ),
            // A sentence that opens with the ID and gives it far on.
            (
                "the ID on my card (the one with the blue stripe, I think) is KTB550291187",
                "KTB550291187",
            ),
        ];
        for (text, want) in cases {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].0, want, "{text}");
            assert!(f[0].1 >= 0.55, "{text}");
        }
    }

    #[test]
    fn looser_hard_negatives() {
        for t in [
            "Visitor policy 2024-001 was updated.",
            "Member services: 1-800-555-0123, TTY 711.",
            "Support group 2024-25 schedule is posted.",
            "group visits for 8-10 patients",
            "Insurance 101: your deductible of $1,500",
            "We take BCBS, Aetna and Cigna 2025 plans.",
            "my insurance changed. Anyway, we moved to 4471 Oak St.",
            "policy # is on the card. Call 217-555-0142.",
            "Humana plan H5216-001 members: flu shots are free",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "our privacy policy 2024",
            "group of 12345 people",
            "policy 12345",
            "the plan: 2024",
            "member since 2019",
            "Member ID: 312-555-0188",
            "group # 12",
            "plan 99213",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    #[test]
    fn a_group_number_beside_a_member_id() {
        let f = find("member id XGH448120995 group 71044 — is that plan in network??");
        let codes: Vec<&str> = f.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, ["XGH448120995", "71044"]);
        assert!(find("our support group 71044 meets Tuesdays").is_empty());
        let f = find("Subscriber ID H77204119, group GRP-4410 — in network?");
        let codes: Vec<&str> = f.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, ["H77204119", "GRP-4410"]);
    }
}
