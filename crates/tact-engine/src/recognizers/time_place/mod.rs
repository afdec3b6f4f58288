//! Dates, ages over 89, and places smaller than a state.

use super::Recognizer;

pub mod address;
pub mod age;
pub mod city;
pub mod county;
pub mod date;
pub mod facility;
mod geo;
pub(crate) mod util;
pub mod zip;

/// The recognizers of this group.
pub fn all() -> Vec<Box<dyn Recognizer>> {
    vec![
        Box::new(date::DateRecognizer::new()),
        Box::new(age::AgeRecognizer::new()),
        Box::new(address::AddressRecognizer::new()),
        Box::new(city::CityRecognizer::new()),
        Box::new(zip::ZipRecognizer::new()),
        Box::new(county::CountyRecognizer::new()),
        Box::new(facility::FacilityRecognizer::new()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Scan;
    use crate::{Analyzer, EntityType, Input, Kind};
    use proptest::prelude::*;

    fn check(text: &str) {
        for kind in [Kind::Post, Kind::Review] {
            let scan = Scan::new(text, kind);
            let mut out = Vec::new();
            for r in all() {
                r.recognize(&scan, &mut out);
            }
            for e in &out {
                assert!(
                    e.start < e.end,
                    "{text:?}: empty span from {}",
                    e.recognizer
                );
                assert!(e.end <= text.len());
                assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
                assert!((0.0..=1.0).contains(&e.score));
                assert!(matches!(
                    e.entity_type,
                    EntityType::Date | EntityType::Age | EntityType::Location
                ));
            }
        }
    }

    proptest! {
        #[test]
        fn never_panics_on_odd_text(s in "[0-9a-zA-Z /.,:;#'’+\\-éÉ日\n()—~]{0,60}") {
            check(&s);
        }

        #[test]
        fn never_panics_on_date_and_place_shaped_text(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("March"), Just("may"), Just("MAY"), Just("14th"), Just("the"),
                    Just("of"), Just("2024"), Just("1931"), Just("5/21"), Just("12-31-99"),
                    Just("St."), Just("Main"), Just("St"), Just("Apt"), Just("#"),
                    Just("4B"), Just("Peoria"), Just("IL"), Just(","), Just("62704"),
                    Just("-"), Just("1234"), Just("County"), Just("Hospital"), Just("Mercy"),
                    Just("General"), Just("in"), Just("her"), Just("90s"), Just("94"),
                    Just("year"), Just("old"), Just("y/o"), Just("born"), Just("b."),
                    Just("PO"), Just("Box"), Just("RR"), Just("é"), Just("T14:30Z"),
                    Just("lives"), Just("ninety"), Just("hundred"), Just("and"), Just("one"),
                    Just("("), Just(")"), Just("—"), Just("~"), Just("de"), Just("abril"),
                    Just("Friday"), Just("6th"), Just("Manor"), Just("at"), Just("Park"),
                    Just("county"), Just("RR"), Just("HR"), Just("zip"), Just("codes"),
                    Just("is"), Just("she"), Just("passed"), Just("Mrs"), Just("Kraków"),
                    Just("Health"), Just("of"), Just("Memorial"), Just("area"), Just("visit"),
                ],
                0..14,
            ),
            seps in proptest::collection::vec(prop_oneof![Just(" "), Just(""), Just(", "), Just("-"), Just(". ")], 14),
        ) {
            let mut text = String::new();
            for (i, p) in parts.iter().enumerate() {
                text.push_str(p);
                text.push_str(seps[i]);
            }
            check(&text);
        }
    }

    #[test]
    fn the_group_through_the_analyzer() {
        let a = Analyzer::default();
        let text = "Our 94-year-old patient from Peoria, IL was seen 3/14/2024 and moved to \
                    Golden Oaks Nursing Home at 12 Elm St, Apt 2 in Sangamon County.";
        let (ents, _) = a.entities(&Input::new(text, Kind::Reply)).unwrap();
        let got: Vec<(EntityType, &str)> = ents
            .iter()
            .filter(|e| e.score >= crate::FINDING_THRESHOLD)
            .map(|e| (e.entity_type, &text[e.start..e.end]))
            .collect();
        assert_eq!(
            got,
            vec![
                (EntityType::Age, "94"),
                (EntityType::Location, "Peoria, IL"),
                (EntityType::Date, "3/14/2024"),
                (EntityType::Location, "Golden Oaks Nursing Home"),
                (EntityType::Location, "12 Elm St, Apt 2"),
                (EntityType::Location, "Sangamon County"),
            ]
        );
    }

    #[test]
    fn names_next_to_ages_and_places_through_the_analyzer() {
        let a = Analyzer::default();
        let text = "Mrs. Adeyemi, 93, moved from Lakeside Manor to St. Brendan's on \
                    Friday the 9th. — the Okonkwo family, Petersburg";
        let (ents, _) = a.entities(&Input::new(text, Kind::Review)).unwrap();
        let got: Vec<(EntityType, &str)> = ents
            .iter()
            .filter(|e| e.score >= crate::FINDING_THRESHOLD)
            .filter(|e| e.entity_type != EntityType::Person)
            .map(|e| (e.entity_type, &text[e.start..e.end]))
            .collect();
        assert_eq!(
            got,
            vec![
                (EntityType::Age, "93"),
                (EntityType::Location, "Lakeside Manor"),
                (EntityType::Location, "St. Brendan's"),
                (EntityType::Date, "the 9th"),
                (EntityType::Location, "Petersburg"),
            ]
        );
        assert!(ents
            .iter()
            .any(|e| e.entity_type == EntityType::Person && &text[e.start..e.end] == "Adeyemi"));
    }
}
