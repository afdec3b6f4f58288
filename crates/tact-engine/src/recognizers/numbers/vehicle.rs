//! Vehicle identifiers.
//!
//! - VINs: seventeen letters and digits without I, O or Q, at least two of each kind, one
//!   letter case throughout, validated by the check digit in position 9 (49 CFR 565). A VIN
//!   whose check digit is wrong (vehicles built outside North America need not carry one) is
//!   accepted only after "VIN" (up to twelve words before it), at a lower score.
//! - License plates: context is required ("license plate", "plate", "plates", "tag #"): the
//!   code that follows, 2–10 letters and digits with at least one of each, in up to three
//!   parts joined by single spaces or dashes ("7ABC123", "ABC 1234", "34 ABC 1234"), letters
//!   in upper case unless the whole text is lower case; or five to eight digits alone after a
//!   plate word ("plate 8840217"), as some states issue them.
//!
//! Reported as VEHICLE_ID.

use super::group::member_recognizer;
use super::group::{needed, Facts, Member};
use super::util;
use super::util::Index;
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::lexicon;

/// Vehicle identifiers.
pub struct Vehicle {
    vin_context: Phrases,
    vin_word: Phrases,
    plate_strong: util::Intros,
    plate_marked: util::Intros,
    plate_index: util::Index,
}

impl Vehicle {
    pub fn new() -> Self {
        let mut plate_strong = util::Intros::new(&[
            "license plate",
            "licence plate",
            "license plates",
            "plate",
            "plates",
            "plate number",
            "registration plate",
            "tag number",
        ]);
        let mut plate_marked = util::Intros::new(&["tag", "tags"]);
        let plate_index = util::Index::new(&mut [&mut plate_strong, &mut plate_marked]);
        Vehicle {
            vin_context: Phrases::new(&[
                "vin",
                "vehicle",
                "car",
                "truck",
                "van",
                "chassis",
                "vehicle identification",
            ]),
            vin_word: Phrases::new(&["vin", "vehicle identification number"]),
            plate_strong,
            plate_marked,
            plate_index,
        }
    }

    fn vins(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        for i in facts.digit_words() {
            let w = scan.words[i];
            if w.end - w.start != 17 {
                continue;
            }
            let b = &scan.text.as_bytes()[w.start..w.end];
            if !b.iter().all(u8::is_ascii_alphanumeric)
                || b.iter()
                    .any(|c| matches!(c.to_ascii_uppercase(), b'I' | b'O' | b'Q'))
            {
                continue;
            }
            let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
            let upper = b.iter().any(u8::is_ascii_uppercase);
            let lower = b.iter().any(u8::is_ascii_lowercase);
            if digits < 2 || 17 - digits < 2 || (upper && lower) {
                continue;
            }
            if !util::isolated(scan.text, w.start, w.end) {
                continue;
            }
            let text = &scan.text[w.start..w.end];
            let ctx = util::context(scan, w.start, w.end, &self.vin_context);
            let (score, validation) = if crate::validate::vin_check(text) {
                if lower && ctx.is_none() {
                    continue;
                }
                (if ctx.is_some() { 0.95 } else { 0.9 }, "vin check digit ok")
            } else {
                // The seventeen-character shape is rare enough that "VIN" may stand a clause
                // away ("the other car's VIN, I got it off the dash: …").
                match util::checked_context(scan, w.start, w.end, &self.vin_word) {
                    Some(_) => (0.6, "vin check digit wrong (allowed after \"VIN\")"),
                    None => continue,
                }
            };
            out.push(Entity::new(
                EntityType::VehicleId,
                w.start,
                w.end,
                score,
                "vehicle-id",
                Explanation::pattern("vin")
                    .validated(validation)
                    .with_context(ctx),
            ));
        }
    }

    fn plates(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        let bytes = scan.text.as_bytes();
        let hits = util::Hits::new(facts, &self.plate_index);
        let mut covered_to = 0usize;
        for i in 0..scan.words.len() {
            let w = scan.words[i];
            if w.start < covered_to || w.end - w.start > 10 {
                continue;
            }
            // A plate follows a plate word: look no further where none is near.
            let (intro, strong) = match util::introduced_by(scan, &hits, i, &self.plate_strong, 2) {
                Some(intro) => (intro, true),
                None => match util::introduced_by(scan, &hits, i, &self.plate_marked, 2) {
                    Some(intro) if intro.marked => (intro, false),
                    _ => continue,
                },
            };
            // Plates are written in capitals; in an all-lower-case text, a part without a
            // digit must at least not be an everyday word ("a plate of 12 cookies").
            let ok_word = |k: usize| {
                let w = scan.words[k];
                let part = &bytes[w.start..w.end];
                let digit = part.iter().any(u8::is_ascii_digit);
                part.iter().all(|b| {
                    b.is_ascii_digit()
                        || b.is_ascii_uppercase()
                        || (scan.all_lower && b.is_ascii_lowercase())
                }) && (digit
                    || !scan.all_lower
                    || !lexicon::word_info(scan.word_lower(k)).is_common_word())
            };
            if !ok_word(i) {
                continue;
            }
            // The plate: this word and up to two more parts after one space or dash each
            // ("ABC 1234", "34 ABC 1234"), at most ten characters in all.
            let mut end = w.end;
            let mut len = w.end - w.start;
            let mut k = i;
            while k < i + 2 {
                let Some(n) = scan.words.get(k + 1) else {
                    break;
                };
                let gap = bytes[end];
                if n.start != end + 1
                    || !(gap == b' ' || gap == b'-')
                    || len + (n.end - n.start) > 10
                    || !ok_word(k + 1)
                    || (!scan.words[k + 1].has(crate::text::shape::DIGIT)
                        && scan.words[k].has(crate::text::shape::DIGIT)
                        && lexicon::word_info(scan.word_lower(k + 1)).is_common_word())
                    || (gap == b' '
                        && util::is_digit_word(scan, k)
                        && util::is_digit_word(scan, k + 1))
                {
                    break;
                }
                end = n.end;
                len += n.end - n.start;
                k += 1;
            }
            let code = &bytes[w.start..end];
            let digits = code.iter().filter(|b| b.is_ascii_digit()).count();
            let letters = code.iter().filter(|b| b.is_ascii_alphabetic()).count();
            // Some states issue plates of digits only ("8840217"): five to eight digits in
            // one group, after a plate word (not a tag), never a year or a count.
            let digit_plate = letters == 0
                && strong
                && k == i
                && scan.words[i - 1].end == intro.span.1
                && (5..=8).contains(&digits)
                && !util::is_year(&scan.text[w.start..end]);
            if !(2..=10).contains(&len) || digits == 0 || (letters == 0 && !digit_plate) {
                continue;
            }
            if !util::isolated(scan.text, w.start, end) {
                continue;
            }
            covered_to = end;
            out.push(Entity::new(
                EntityType::VehicleId,
                w.start,
                end,
                if strong { 0.8 } else { 0.7 },
                "vehicle-id",
                Explanation::pattern("license-plate-after-context")
                    .validated("2-10 letters and digits")
                    .with_context(Some(intro.span)),
            ));
        }
    }
}

impl Default for Vehicle {
    fn default() -> Self {
        Self::new()
    }
}

member_recognizer!(Vehicle, "vehicle-id");

impl Member for Vehicle {
    fn index(&self) -> Option<&Index> {
        Some(&self.plate_index)
    }

    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        if !facts.has_digit() {
            return;
        }
        let scan = facts.scan;
        if scan.text.len() >= 17 {
            self.vins(facts, out);
        }
        // A plate follows a plate word.
        if facts.needed & needed::PLATE != 0 {
            self.plates(facts, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;
    use crate::recognizers::Recognizer;
    use crate::text::Scan;

    fn find(text: &str) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        Vehicle::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn finds_vins() {
        let f = find("VIN 1HGCM82633A004352");
        assert_eq!(f[0].0, "1HGCM82633A004352");
        assert!(f[0].1 >= 0.9);
        assert!(find("1M8GDM9AXKP042788")[0].1 >= 0.85);
        let f = find("VIN: WVWZZZ1JZXW000001");
        assert_eq!(f.len(), 1);
        assert!(f[0].1 >= 0.5 && f[0].1 < 0.85);
        // "VIN" a clause before a code whose check digit fails.
        let f = find(
            "my insurance needs the other car's VIN, I got it off the dash: 2T3WFREV4JW417823",
        );
        assert_eq!(f.len(), 1);
        assert!(find("order 2T3WFREV4JW417823 shipped").is_empty());
    }

    #[test]
    fn rejects_non_vins() {
        for t in [
            "1HGCM82643A004352",
            "1HGCM82633A00435",
            "1HGCO82633A004352",
            "ABCDEFGHJKLMNPRST",
            "12345678901234567",
            "1hgcm82633A004352",
            "x1HGCM82633A004352",
        ] {
            assert!(find(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn finds_plates_after_context() {
        let cases = [
            ("license plate 7ABC123", "7ABC123"),
            ("Plate: ABC 1234", "ABC 1234"),
            ("plates ABC-1234 were seen", "ABC-1234"),
            ("Tag # XYZ987", "XYZ987"),
            ("License plate 34 ABC 1234", "34 ABC 1234"),
            ("plate 7ABC123 parked outside", "7ABC123"),
        ];
        for (text, want) in cases {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].0, want);
        }
    }

    #[test]
    fn finds_plates_in_looser_writing() {
        let cases = [
            (
                "she only saw the plate, 6TRW 415, and a red hat",
                "6TRW 415",
            ),
            ("PLATE 5512093 (TX) PARKED IN BAY", "5512093"),
            ("PARKED WITH PLATE QX 40218 IN FIRE LANE", "QX 40218"),
        ];
        for (text, want) in cases {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].0, want, "{text}");
        }
    }

    #[test]
    fn digit_plates_need_the_plate_word_right_before() {
        for t in [
            "a plate of 12345 cookies",
            "plate 2024",
            "plate 1234",
            "tag 5512093",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    #[test]
    fn plate_hard_negatives() {
        for t in [
            "tag us in 2 photos",
            "price tag $25",
            "Tag 3 friends",
            "tag ABC123",
            "plate 2024",
            "a plate of 12 cookies",
            "#tagged 4U",
            "the plate ABC",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }
}
