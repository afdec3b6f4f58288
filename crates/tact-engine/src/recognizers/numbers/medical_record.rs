//! Medical record numbers. There is no national format, so context is required: a code of
//! 4–15 letters and digits (dashes allowed, at least four digits) introduced by "MRN",
//! "medical record", "record number", "chart number", "patient ID", "pt ID", "patient number",
//! "hospital number" (confident), or by "record", "chart", "patient", "pt", "hospital"
//! followed by `#`, `:` or "number"/"no." (slightly less confident). "MRN" glued to the
//! digits ("MRN00123456", "MRN-00123456") counts too. Years, phone numbers and prices are
//! not record numbers. Reported as MEDICAL_RECORD_NUMBER.

use super::util;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::Scan;

/// Medical record numbers.
pub struct MedicalRecord {
    strong: util::Intros,
    marked: util::Intros,
}

impl MedicalRecord {
    pub fn new() -> Self {
        MedicalRecord {
            strong: util::Intros::new(&[
                "mrn",
                "mrns",
                "medical record",
                "medical records",
                "medical record number",
                "med rec",
                "health record",
                "record number",
                "record no",
                "chart number",
                "chart no",
                "chart id",
                "patient id",
                "patient identifier",
                "patient number",
                "patient no",
                "pt id",
                "pt number",
                "hospital number",
                "hospital id",
                "unit number",
            ]),
            marked: util::Intros::new(&["record", "chart", "patient", "pt", "hospital"]),
        }
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

impl Recognizer for MedicalRecord {
    fn id(&self) -> &'static str {
        "medical-record-number"
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
            let Some(code) = util::code_at(scan, i, b"-", 20) else {
                continue;
            };
            if !plausible(scan, &code) {
                continue;
            }
            let (intro, strong) = match util::introduced_by(scan, i, &self.strong, 3) {
                Some(intro) => (intro, true),
                None => match util::introduced_by(scan, i, &self.marked, 2) {
                    Some(intro) if intro.marked => (intro, false),
                    _ => continue,
                },
            };
            covered_to = code.end;
            out.push(Entity::new(
                EntityType::MedicalRecordNumber,
                code.start,
                code.end,
                if strong { 0.9 } else { 0.8 },
                self.id(),
                Explanation::pattern("record-number-after-context")
                    .validated("4-15 characters with at least four digits")
                    .with_context(Some(intro.span)),
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
            "chart 12345",
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
    fn through_the_analyzer() {
        let text = "Updated chart for MRN 00482913 today.";
        let (entities, _) = Analyzer::default().entities(&Input::post(text)).unwrap();
        assert!(entities
            .iter()
            .any(|e| e.entity_type == EntityType::MedicalRecordNumber
                && &text[e.start..e.end] == "00482913"));
    }
}
