//! Medical record numbers. There is no national format, so context is required: a code of
//! 4–15 letters and digits (dashes allowed, at least four digits, any letter case) placed by
//! its context:
//!
//! - right after "MRN", "medical record", "record number", "chart number", "patient ID",
//!   "pt ID", "patient number", "hospital number", "EMR ID" (confident), or after "record",
//!   "chart", "patient", "pt", "hospital", "MR" followed by `#`, `:` or "number"/"no.";
//! - right after "chart", "patient" or "pt" with no mark when the code looks like an
//!   identifier ("CHART 220-4417", "PATIENT 00318842"), and after "chart" or "MRN" when it is
//!   a plain number of five or more digits ("chart 30917");
//! - a few words after such a phrase or after "wristband", "bracelet", "armband" in the same
//!   sentence ("MRN there CF-00718826", "chart number there is SJ-4471902") when the code
//!   looks like an identifier (after "chart" or "record" alone: letters and five digits), or
//!   in the previous sentence of a short "It's …" sentence; codes listed after a record
//!   number share its context ("MRNs 30917 and 30918");
//! - beside a date of birth or a "DOB" label, as wristbands and record headers print them
//!   ("Ramona Aguilar, 2/8/71, m0044187"), when the code has six or more digits.
//!
//! "MRN" glued to the digits ("MRN00123456", "MRN-00123456") counts too. Years, dates, phone
//! numbers and prices are not record numbers. Reported as MEDICAL_RECORD_NUMBER.

use super::group::member_recognizer;
use super::group::{Facts, Member};
use super::util::Index;
use super::util::{self, Level, Shape};
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::Scan;

/// Medical record numbers.
pub struct MedicalRecord {
    vocab: util::Vocab,
    /// Labels that introduce a plain five-digit number too ("chart 30917").
    bare: util::Intros,
    /// Words that make a number beside a date something else (an order, a lot, a claim).
    not_record: Phrases,
}

impl MedicalRecord {
    pub fn new() -> Self {
        let mut bare = util::Intros::new(&["chart", "mrn"]);
        MedicalRecord {
            vocab: util::Vocab {
                strong: util::Intros::new(&[
                    "mrn",
                    "mrns",
                    "medical record",
                    "medical records",
                    "medical record number",
                    "med rec",
                    "med rec number",
                    "health record",
                    "record number",
                    "record no",
                    "record id",
                    "chart number",
                    "chart no",
                    "chart id",
                    "chart num",
                    "patient id",
                    "patient identifier",
                    "patient number",
                    "patient no",
                    "pt id",
                    "pt number",
                    "pt no",
                    "hospital number",
                    "hospital id",
                    "unit number",
                    "emr number",
                    "emr id",
                    "ehr id",
                    "ehr number",
                ]),
                marked: util::Intros::new(&["record", "hospital", "mr", "emr", "ehr"]),
                label: util::Intros::new(&["chart", "charts", "patient", "pt"]),
                near: util::Intros::new(&[
                    "mrn",
                    "mrns",
                    "medical record",
                    "medical record number",
                    "record number",
                    "chart number",
                    "chart no",
                    "chart id",
                    "patient id",
                    "pt id",
                    "patient number",
                    "hospital number",
                    "wristband",
                    "wrist band",
                    "armband",
                    "bracelet",
                    "hospital band",
                    "id band",
                ]),
                loose: util::Intros::new(&["record", "records", "chart", "charts"]),
                strong_filler: 3,
                near_gap: 6,
                index: util::Index::default(),
            }
            .indexed(&mut [&mut bare]),
            bare,
            not_record: Phrases::new(&[
                "order",
                "tracking",
                "confirmation",
                "invoice",
                "ref",
                "reference",
                "ticket",
                "flight",
                "booking",
                "transaction",
                "receipt",
                "serial",
                "lot",
                "model",
                "npi",
                "license",
                "policy",
                "member",
                "claim",
                "account",
                "acct",
                "ssn",
                "phone",
                "fax",
                "call",
                "exp",
                "expires",
                "group",
                "case",
            ]),
        }
    }

    /// Where the context of a plausible code at word `i` lies.
    fn placed(
        &self,
        scan: &Scan,
        hits: &util::Hits,
        i: usize,
        code: &util::Code,
        prev: Option<util::Prev>,
    ) -> Option<((usize, usize), Level, &'static str)> {
        if let Some((span, level)) = util::place(scan, hits, i, code, &self.vocab, prev) {
            return Some((span, level, "record-number-after-context"));
        }
        // The shape is asked for only when the cheaper tests below pass.
        let shape = || util::shape_of(scan, code);
        // "chart 30917": a plain number right after the label.
        if code.letters == 0 && code.digits >= 5 {
            if let Some(intro) = util::introduced_by(scan, hits, i, &self.bare, 0) {
                let text = &scan.text[code.start..code.end];
                if shape() >= Shape::Weak && !util::reads_as_other_number(text, code) {
                    return Some((intro.span, Level::Label, "record-number-after-label"));
                }
            }
        }
        // Beside a date of birth: as loose as a phrase in the previous sentence.
        if code.digits >= 6
            && util::beside_birth_date(scan.text, code.start, code.end)
            && shape() >= Shape::Id
            && self.not_record.before(scan, code.start, 4).is_none()
            && self.not_record.after(scan, code.end, 2).is_none()
        {
            return Some((
                (code.start, code.end),
                Level::Previous,
                "record-number-beside-birth-date",
            ));
        }
        None
    }
}

impl Default for MedicalRecord {
    fn default() -> Self {
        Self::new()
    }
}

/// A code that can be a record number: 4–15 characters, at least four digits, not a year
/// and not a phone number.
fn plausible(scan: &Scan, code: &util::Code) -> bool {
    let text = &scan.text[code.start..code.end];
    if code.len < 4 || code.len > 15 || code.digits < 4 || util::is_year(text) {
        return false;
    }
    if code.letters == 0 {
        let Some(d) = util::Digits::of(text) else {
            return false;
        };
        if d.all_same() && d.len() < 6 {
            return false;
        }
        if code.parts == 3 && util::is_nanp_shape(&d) {
            return false;
        }
    }
    true
}

member_recognizer!(MedicalRecord, "medical-record-number");

impl Member for MedicalRecord {
    fn index(&self) -> Option<&Index> {
        Some(&self.vocab.index)
    }

    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        let hits = util::Hits::new(facts, &self.vocab.index);
        let mut covered_to = 0usize;
        let mut last: Option<util::Prev> = None;
        for i in facts.code_starts() {
            let w = scan.words[i];
            if w.start < covered_to {
                continue;
            }
            // "MRN00123456" / "MRN-00123456": the prefix is the context.
            let lower = scan.word_lower(i);
            let glued = lower.len() > 3 && lower.as_bytes()[3].is_ascii_digit();
            if lower.starts_with("mrn") && (lower == "mrn" || glued) {
                let Some(mut code) = util::code_at(scan, i, b"-", 24) else {
                    continue;
                };
                // Count only what follows the prefix (and its dash).
                let skip = if glued { 3 } else { 4 };
                if code.end - code.start <= skip {
                    continue;
                }
                code.start += skip;
                code.len -= 3;
                code.letters -= 3;
                code.parts -= usize::from(!glued);
                if plausible(scan, &code) {
                    covered_to = code.end;
                    last = Some(util::Prev::new(
                        &code,
                        (w.start, w.start + 3),
                        Level::Strong,
                    ));
                    out.push(Entity::new(
                        EntityType::MedicalRecordNumber,
                        code.start,
                        code.end,
                        0.9,
                        self.id(),
                        Explanation::pattern("mrn-prefixed")
                            .validated("code after an MRN prefix")
                            .with_context(Some((w.start, w.start + 3))),
                    ));
                }
                continue;
            }
            // Without a phrase near, only a record number beside a birth date counts, and
            // that needs six digits: a shorter word not joined on is no such code.
            if !util::may_read_code(scan, i, b"-", 4)
                || (!util::may_read_code(scan, i, b"-", 6)
                    && !util::may_place(scan, &hits, i, &self.vocab, last)
                    && !self.bare.near(scan, &hits, i, 0))
            {
                continue;
            }
            let Some(code) = util::code_at(scan, i, b"-", 20) else {
                continue;
            };
            if !plausible(scan, &code) {
                continue;
            }
            let Some((span, level, pattern)) = self.placed(scan, &hits, i, &code, last) else {
                continue;
            };
            let code = util::with_letter_prefix(scan, i, code, span);
            covered_to = code.end;
            last = Some(util::Prev::new(&code, span, level));
            let context = (span != (code.start, code.end)).then_some(span);
            out.push(Entity::new(
                EntityType::MedicalRecordNumber,
                code.start,
                code.end,
                level.score(0.9),
                self.id(),
                Explanation::pattern(pattern)
                    .validated(match level {
                        Level::Strong | Level::Marked => {
                            "4-15 characters with at least four digits"
                        }
                        _ => "identifier-shaped code placed by its context",
                    })
                    .with_context(context),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;
    use crate::{Analyzer, Input};

    fn find(text: &str) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        MedicalRecord::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn finds_record_numbers() {
        let cases = [
            ("MRN: 00482913", "00482913"),
            ("Her medical record number is A-448812", "A-448812"),
            ("chart # 55-12093", "55-12093"),
            ("Patient ID 7781-2290-X", "7781-2290-X"),
            ("pt id: 4471", "4471"),
            ("Acct/MRN 99812734", "99812734"),
            ("hospital number HN00981", "HN00981"),
            ("see MRN00123456 today", "00123456"),
            ("MRN-00123456", "00123456"),
            ("Record #: 2023-00817", "2023-00817"),
        ];
        for (text, want) in cases {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].0, want, "{text}");
            assert!(f[0].1 >= 0.8);
        }
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "MRN pending",
            "our growth chart 2024",
            "chart 12",
            "chart 2024-2025",
            "the patient 12345",
            "Patient number: 312-555-0188",
            "patient # 12",
            "MRN: E11.9",
            "medical record on 03/14/2024",
            "a record 123456 visitors",
            "mrnx12345",
            "12345678 records",
            "patient ID $1234",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    #[test]
    fn finds_record_numbers_in_looser_writing() {
        let cases = [
            // A plain number right after "chart", or after a comma.
            ("pt kowalski, chart 48213, wants a call", "48213"),
            ("linked to the wrong chart, 331-7785.", "331-7785"),
            ("PATIENT 00318842 ROOMED", "00318842"),
            // Words between the phrase and the code, any letter case.
            ("Her MRN over at Mercy is QH-5520193.", "QH-5520193"),
            (
                "the chart number they gave us there is rv-0041187",
                "rv-0041187",
            ),
            ("MRN for the triplets: 40128", "40128"),
            // Beside a date of birth, as wristbands and headers print it.
            (
                "DELGADO, RAUL 1948-11-02 TX-441902 FLU SHOT GIVEN",
                "TX-441902",
            ),
            (
                "bracelet said baby girl nunez, 04/17/25, b30118472",
                "b30118472",
            ),
            ("OKAFOR, ADA | 00651190 | DOB: 1/9/1961", "00651190"),
        ];
        for (text, want) in cases {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].0, want, "{text}");
            assert!(f[0].1 >= 0.6, "{text}");
        }
    }

    #[test]
    fn lists_share_their_context() {
        let f = find("MRNs 51120 and 51121 were merged");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[1].0, "51121");
        // A date after a record number is not another record number.
        assert_eq!(find("MRN 00123456, 2024-03-14").len(), 1);
    }

    #[test]
    fn looser_hard_negatives() {
        for t in [
            "Order 03/14/2024 AB1234567 shipped",
            "Seen 3/14/2024 for 12 minutes",
            "Our chart review, 2024-03-14, found nothing.",
            "The patient packet shipped. It's 1Z999AA10123456784.",
            "Patient feedback closes 3/14/2025 at 5pm",
            "patient 12 of 40",
            "Lot AB12345 exp 12/31/2026",
            "Flu clinic 10/14/2024 9:00-11:30 in Room 204",
            "chart, 217-555-0142",
            "MRN: (217) 555-0142",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    #[test]
    fn through_the_analyzer() {
        let text = "Updated chart for MRN 00482913 today.";
        let (entities, _) = Analyzer::default().entities(&Input::post(text)).unwrap();
        assert!(entities
            .iter()
            .any(|e| e.entity_type == EntityType::MedicalRecordNumber
                && &text[e.start..e.end] == "00482913"));
    }
}
