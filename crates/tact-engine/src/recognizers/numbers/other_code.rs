//! Other codes that identify a person: case numbers, employee and staff IDs, badge numbers,
//! student, client and customer IDs, and generic "ID #" / "ID number" codes. Context is
//! required: a code of 4–20 letters and digits (dashes allowed, at least three digits)
//! introduced by "case number", "employee ID", "badge number", "ID number" (confident), or by
//! "case", "employee", "badge", "client", "customer", "ID" followed by `#`, `:` or
//! "number"/"no.". Reference, order and confirmation numbers are not included: they identify
//! a transaction, not a person. A bare "ID" owned by a more specific word ("patient ID",
//! "member ID", "tax ID", "device ID") is left to the recognizer of that identifier.
//! Reported as OTHER_ID.

use super::util;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::Scan;

/// Words that make "ID" a specific identifier another recognizer handles.
const OWNED_ID: &[&str] = &[
    "patient",
    "pt",
    "member",
    "subscriber",
    "insurance",
    "plan",
    "policy",
    "group",
    "tax",
    "device",
    "provider",
    "medicare",
    "medicaid",
    "beneficiary",
    "enrollee",
    "insured",
    "hospital",
    "chart",
    "biometric",
    "template",
    "iris",
    "face",
    "claim",
    "employer",
    "photo",
    "apple",
];

/// Identifying codes of people.
pub struct OtherCode {
    strong: util::Intros,
    marked: util::Intros,
}

impl OtherCode {
    pub fn new() -> Self {
        OtherCode {
            strong: util::Intros::new(&[
                "case number",
                "case no",
                "case id",
                "employee id",
                "employee number",
                "employee no",
                "emp id",
                "staff id",
                "staff number",
                "badge number",
                "badge no",
                "badge id",
                "student id",
                "student number",
                "client id",
                "client number",
                "customer id",
                "customer number",
                "inmate number",
                "id number",
                "id no",
                "identification number",
            ]),
            marked: util::Intros::new(&[
                "case", "employee", "badge", "client", "customer", "student", "id",
            ]),
        }
    }
}

impl Default for OtherCode {
    fn default() -> Self {
        Self::new()
    }
}

impl Recognizer for OtherCode {
    fn id(&self) -> &'static str {
        "other-id"
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        if !util::has_digit(scan) {
            return;
        }
        let mut covered_to = 0usize;
        for i in 0..scan.words.len() {
            if scan.words[i].start < covered_to || !util::may_start_code(scan, i) {
                continue;
            }
            let Some(code) = util::code_at(scan, i, b"-", 24) else {
                continue;
            };
            let text = &scan.text[code.start..code.end];
            if code.len < 4 || code.len > 20 || code.digits < 3 || util::is_year(text) {
                continue;
            }
            let (intro, strong) = match util::introduced_by(scan, i, &self.strong, 2) {
                Some(intro) => (intro, true),
                None => match util::introduced_by(scan, i, &self.marked, 2) {
                    Some(intro) if intro.marked => (intro, false),
                    _ => continue,
                },
            };
            // "patient ID", "member ID number": another recognizer's identifier.
            let first = scan.word_at_or_after(intro.span.0);
            let generic_id =
                scan.word_lower(first) == "id" || scan.word_lower(first) == "identification";
            if generic_id && first > 0 && OWNED_ID.contains(&scan.word_base_lower(first - 1)) {
                continue;
            }
            if code.letters == 0 && code.parts == 3 {
                if let Some(d) = util::Digits::of(text) {
                    if util::is_nanp_shape(&d) {
                        continue;
                    }
                }
            }
            let score = match (strong, generic_id) {
                (true, false) => 0.8,
                (false, false) => 0.7,
                (_, true) => 0.65,
            };
            covered_to = code.end;
            out.push(Entity::new(
                EntityType::OtherId,
                code.start,
                code.end,
                score,
                self.id(),
                Explanation::pattern("person-code-after-context")
                    .validated("code after a case, employee, badge or ID phrase")
                    .with_context(Some(intro.span)),
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
        OtherCode::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn finds_person_codes() {
        let cases = [
            ("Case #: 2024-00123", "2024-00123"),
            ("employee ID E-55821", "E-55821"),
            ("Badge number 44719", "44719"),
            ("ID # A1234567", "A1234567"),
            ("her student ID is S20231145", "S20231145"),
        ];
        for (text, want) in cases {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].0, want);
            assert!(f[0].1 >= 0.6);
        }
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "in case 2 people come",
            "case 12345",
            "Order number 12345678",
            "confirmation number ABC12345",
            "reference number 99812",
            "Patient ID: 12345",
            "member ID # 88123",
            "tax ID: 12-3456789",
            "employee since 2019",
            "ID: 312-555-0188",
            "badge # 12",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }
}
