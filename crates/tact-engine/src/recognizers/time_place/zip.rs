//! LOCATION: US ZIP codes.
//!
//! Five digits, or ZIP+4 (`62704-1234`), standing alone (not part of a phone number, a
//! price or a longer number). Scores: after a state ("IL 62704", "Illinois 62704") or with
//! "zip" / "zip code" / "postal code" just before: 0.9; "ZIP codes" further back in the text
//! ("the ZIP codes we visit: 62563, 62536"): 0.75; ZIP+4 alone: 0.7; a bare five-digit
//! number that could be a ZIP: a weak candidate (0.15). The validation note says when the
//! first three digits are one of the restricted prefixes of [`RESTRICTED_ZIP3`].

use super::geo::{state_ending_at, zip_at};
use super::util::{
    char_at, char_before, gap, is_comma_gap, is_stop_word, is_unit_word, next_word_lower,
    prev_word_lower,
};
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::{ContextWords, Scan};

const ID: &str = "us-zip";

/// Three-digit ZIP code prefixes whose geographic units hold 20,000 people or fewer.
///
/// Safe Harbor (45 CFR 164.514(b)(2)(i)(B)) lets a de-identified data set keep the first
/// three digits of a ZIP code only when the area formed by all ZIP codes with those three
/// digits holds more than 20,000 people; for these prefixes (the list HHS publishes from
/// Census data) the three digits must be replaced by `000`. Redaction uses this list.
pub const RESTRICTED_ZIP3: &[&str] = &[
    "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878",
    "879", "884", "890", "893",
];

/// True when the ZIP code starts with a restricted three-digit prefix.
pub fn is_restricted_zip(zip: &str) -> bool {
    zip.get(..3).is_some_and(|p| RESTRICTED_ZIP3.contains(&p))
}

/// Finds ZIP codes.
pub struct ZipRecognizer {
    context: ContextWords,
}

impl Default for ZipRecognizer {
    fn default() -> Self {
        Self::new()
    }
}

/// Words before a five-digit number that make it something other than a ZIP code.
fn is_other_number_lead(lower: &str) -> bool {
    matches!(
        lower,
        "order"
            | "account"
            | "acct"
            | "id"
            | "mrn"
            | "chart"
            | "patient"
            | "pt"
            | "member"
            | "policy"
            | "group"
            | "claim"
            | "invoice"
            | "ref"
            | "reference"
            | "confirmation"
            | "case"
            | "ticket"
            | "number"
            | "no"
            | "num"
            | "room"
            | "suite"
            | "ste"
            | "ext"
            | "pin"
            | "over"
            | "about"
            | "nearly"
            | "almost"
            | "than"
            | "only"
            | "just"
            | "serial"
            | "model"
            | "lot"
            | "batch"
            | "rx"
            | "prescription"
            | "npi"
            | "dea"
            | "license"
            | "step"
            | "walked"
            | "raised"
            | "paid"
            | "owe"
            | "owes"
            | "cost"
            | "costs"
            | "earned"
    )
}

impl ZipRecognizer {
    pub fn new() -> Self {
        ZipRecognizer {
            context: ContextWords::new(&[
                "zip",
                "zip code",
                "zipcode",
                "postal code",
                "postcode",
                "zips",
                "zip codes",
                "zipcodes",
                "postal codes",
            ]),
        }
    }
}

impl Recognizer for ZipRecognizer {
    fn id(&self) -> &'static str {
        ID
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        // A word of five digits somewhere.
        if !scan
            .words
            .iter()
            .any(|w| w.end - w.start == 5 && w.has(crate::text::shape::DIGIT))
        {
            return;
        }
        for j in 0..scan.words.len() {
            let Some((end, last, plus4)) = zip_at(scan, j) else {
                continue;
            };
            let start = scan.words[j].start;
            if matches!(char_before(scan.text, start), Some('$' | '#' | '+'))
                || matches!(char_at(scan.text, end), Some('%'))
            {
                continue;
            }
            let zip = &scan.text[start..start + 5];
            let validation = if is_restricted_zip(zip) {
                "restricted 3-digit prefix (20,000 people or fewer)"
            } else {
                "5-digit ZIP code"
            };
            // After a state: "IL 62704", "Illinois, 62704".
            let state = (j >= 1 && is_comma_gap(gap(scan, j - 1)))
                .then(|| state_ending_at(scan, j - 1))
                .flatten();
            let (score, pattern, ctx) = if let Some((first, _)) = state {
                (
                    0.9,
                    "state+zip",
                    Some((scan.words[first].start, scan.words[j - 1].end)),
                )
            } else if prev_word_lower(scan, j).is_some_and(is_other_number_lead) {
                // "chart 77120", "order 12345"
                continue;
            } else if let Some(ctx) = scan.context_before(start, 3, &self.context) {
                (0.9, "zip-context", Some(ctx))
            } else if let Some(ctx) = scan.context_before(start, 16, &self.context) {
                // "rural ZIP codes this summer. First stops: 62563 and 62536"
                (0.75, "zip-context", Some(ctx))
            } else if plus4 {
                (0.7, "zip+4", None)
            } else {
                if next_word_lower(scan, last).is_some_and(|w| {
                    is_unit_word(w)
                        || (scan.words[last + 1].has(crate::text::shape::LOWER) && !is_stop_word(w))
                }) || zip < "00501"
                {
                    continue;
                }
                (0.15, "bare-5-digits", None)
            };
            out.push(Entity::new(
                EntityType::Location,
                start,
                end,
                score,
                ID,
                Explanation::pattern(pattern)
                    .validated(validation)
                    .with_context(ctx),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Input, Kind, FINDING_THRESHOLD};

    fn all(text: &str) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        ZipRecognizer::new().recognize(&scan, &mut out);
        for e in &out {
            assert!(e.start < e.end && e.end <= text.len());
        }
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    fn found(text: &str) -> Vec<String> {
        all(text)
            .into_iter()
            .filter(|(_, s)| *s >= FINDING_THRESHOLD)
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn zips_with_context() {
        assert_eq!(found("Springfield, IL 62704"), vec!["62704"]);
        assert_eq!(found("Illinois 62704-1234"), vec!["62704-1234"]);
        assert_eq!(found("New York 10001"), vec!["10001"]);
        assert_eq!(found("my zip code is 62704"), vec!["62704"]);
        assert_eq!(found("ZIP: 60601."), vec!["60601"]);
        assert_eq!(all("Springfield, IL 62704")[0].1, 0.9);
        assert_eq!(all("mail to 62704-1234 please")[0].1, 0.7);
    }

    #[test]
    fn bare_numbers_are_weak_at_most() {
        let s = all("It was 62704 then");
        assert!(s.iter().all(|(_, sc)| *sc <= 0.3));
        for t in [
            "10000 steps a day",
            "order 12345",
            "$12345",
            "12345 patients",
            "call 312-555-0188",
            "555-12345",
            "123456",
            "1234",
            "12345.67",
            "MRN 12345",
            "over 20000 people",
            "00000",
            "1-800-555-12345",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", all(t));
            assert!(all(t).iter().all(|(_, s)| *s <= 0.3), "{t}: {:?}", all(t));
        }
        assert!(all("10000 steps a day").is_empty());
        assert!(all("order 12345").is_empty());
    }

    #[test]
    fn restricted_prefixes() {
        assert_eq!(RESTRICTED_ZIP3.len(), 17);
        assert!(is_restricted_zip("03601"));
        assert!(is_restricted_zip("89301"));
        assert!(!is_restricted_zip("62704"));
        let s = Scan::new("Anytown, NH 03601", Kind::Post);
        let mut out = Vec::new();
        ZipRecognizer::new().recognize(&s, &mut out);
        assert!(out[0]
            .explanation
            .validation
            .as_deref()
            .unwrap()
            .starts_with("restricted"));
    }

    #[test]
    fn zip_codes_named_earlier() {
        assert_eq!(
            found("Our van visits these ZIP codes: 62563, 62536 and 62707."),
            vec!["62563", "62536", "62707"]
        );
        assert_eq!(
            found("We serve rural zips this summer. First stops: 61550 and 61554"),
            vec!["61550", "61554"]
        );
        assert!(found("zip code 62704, chart 77120").len() == 1);
    }

    #[test]
    fn through_the_analyzer() {
        let a = Analyzer::default();
        let text = "Her zip code is 62704.";
        let (ents, _) = a.entities(&Input::post(text)).unwrap();
        assert!(ents.iter().any(|e| e.entity_type == EntityType::Location
            && &text[e.start..e.end] == "62704"
            && e.score >= 0.9));
    }
}
