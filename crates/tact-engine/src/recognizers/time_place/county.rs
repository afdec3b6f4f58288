//! LOCATION: counties, parishes, boroughs and townships ("Sangamon County", "Cook County,
//! IL", "Orleans Parish", "Prince George's County", "Miami-Dade County", "Capital
//! Township"; "the Pawnee county fair" gives the town's name).
//!
//! One to three capitalised words before a capitalised "County", "Parish", "Borough" or
//! "Township";
//! a following state joins the span. Determiners and generic words ("the county", "our
//! county", "every county") are not names. Score 0.9 in mixed-case text; in all-caps or
//! all-lower text, where capitals carry no signal, one or two non-generic words before the
//! keyword give 0.75.

use super::geo::state_at;
use super::util::{case_free, gap, is_comma_gap, is_stop_word, month_of, weekday_of};
use crate::entity::{Entity, EntityType, Explanation};
use crate::lexicon;
use crate::recognizers::Recognizer;
use crate::text::{shape, Scan};

const ID: &str = "us-county";

/// Finds counties.
#[derive(Default)]
pub struct CountyRecognizer;

impl CountyRecognizer {
    pub fn new() -> Self {
        CountyRecognizer
    }
}

/// Words that describe a county without naming it.
fn is_generic(lower: &str) -> bool {
    matches!(
        lower,
        "neighboring"
            | "neighbouring"
            | "rural"
            | "whole"
            | "entire"
            | "home"
            | "same"
            | "next"
            | "adjacent"
            | "surrounding"
            | "nearby"
            | "local"
            | "which"
            | "what"
            | "one"
            | "two"
            | "three"
            | "several"
            | "many"
            | "most"
            | "county"
            | "parish"
            | "borough"
            | "city"
            | "state"
    )
}

fn name_gap(scan: &Scan, k: usize) -> bool {
    match gap(scan, k) {
        " " | "-" => true,
        ". " => matches!(scan.word_lower(k), "st" | "ste" | "mt" | "ft"),
        _ => false,
    }
}

impl CountyRecognizer {
    /// "the Pawnee county fair": a lower-case "county" after a known town or a capitalised
    /// word outside the dictionary, in mixed-case text.
    fn lower_keyword(&self, scan: &Scan, k: usize, out: &mut Vec<Entity>) {
        let p = k - 1;
        let w = scan.words[p];
        if gap(scan, p) != " " || !w.has(shape::CAP) || w.has(shape::SENTENCE_START) {
            return;
        }
        if !self.name_word(scan, p) || w.has(shape::UPPER) {
            return;
        }
        let lower = scan.word_base_lower(p);
        let info = lexicon::word_info(lower);
        if info.is_common_word() || info.is_first_name() {
            return;
        }
        let kw = scan.words[k];
        out.push(Entity::new(
            EntityType::Location,
            w.start,
            w.base_end,
            0.7,
            ID,
            Explanation::pattern("name+county")
                .validated("town name before a lower-case county")
                .with_context(Some((kw.start, kw.end))),
        ));
    }

    fn name_word(&self, scan: &Scan, k: usize) -> bool {
        let w = scan.words[k];
        let lower = scan.word_base_lower(k);
        if !w.has(shape::ALPHA)
            || is_stop_word(lower)
            || is_generic(lower)
            || month_of(lower).is_some()
            || weekday_of(lower).is_some()
        {
            return false;
        }
        case_free(scan) || w.has(shape::CAP)
    }
}

impl Recognizer for CountyRecognizer {
    fn id(&self) -> &'static str {
        ID
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let keyword = |w: &crate::text::Word| {
            matches!(
                &scan.lower.as_bytes()[w.start..w.end],
                b"county" | b"parish" | b"borough" | b"township"
            )
        };
        if !scan.words.iter().any(keyword) {
            return;
        }
        let free = case_free(scan);
        let max_words = if free { 2 } else { 3 };
        for k in 1..scan.words.len() {
            let kw = scan.words[k];
            if !matches!(kw.end - kw.start, 6..=8) {
                continue;
            }
            let lower = scan.word_lower(k);
            if !matches!(lower, "county" | "parish" | "borough" | "township") {
                continue;
            }
            if !free && !kw.has(shape::CAP) {
                self.lower_keyword(scan, k, out);
                continue;
            }
            let mut first = k;
            while first > 0
                && k - first < max_words
                && name_gap(scan, first - 1)
                && self.name_word(scan, first - 1)
            {
                first -= 1;
            }
            if first == k {
                continue;
            }
            // "Cook County, IL": the state joins the span.
            let mut end = kw.end;
            if k + 1 < scan.words.len() && is_comma_gap(gap(scan, k)) {
                if let Some(st) = state_at(scan, k + 1) {
                    if gap(scan, k).contains(',') || !st.code {
                        end = scan.words[st.last].end;
                    }
                }
            }
            // "Morgan County Area Hospital", "Cook County Jail": the start of a longer name,
            // which the facility recognizer may read whole.
            let longer = end == kw.end
                && k + 1 < scan.words.len()
                && gap(scan, k) == " "
                && scan.words[k + 1].has(shape::CAP)
                && scan.words[k + 1].has(shape::ALPHA)
                && !free;
            out.push(Entity::new(
                EntityType::Location,
                scan.words[first].start,
                end,
                if free || longer { 0.75 } else { 0.9 },
                ID,
                Explanation::pattern("name+county")
                    .validated("capitalised name before County/Parish/Borough")
                    .with_context(Some((kw.start, kw.end))),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Input, Kind};

    fn all(text: &str) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        CountyRecognizer::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        all(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn counties() {
        assert_eq!(
            names("She lives in Sangamon County."),
            vec!["Sangamon County"]
        );
        assert_eq!(names("Cook County, IL records"), vec!["Cook County, IL"]);
        assert_eq!(names("Orleans Parish"), vec!["Orleans Parish"]);
        assert_eq!(
            names("Prince George's County"),
            vec!["Prince George's County"]
        );
        assert_eq!(names("Miami-Dade County"), vec!["Miami-Dade County"]);
        assert_eq!(names("St. Clair County"), vec!["St. Clair County"]);
        assert_eq!(
            names("Matanuska-Susitna Borough"),
            vec!["Matanuska-Susitna Borough"]
        );
        assert_eq!(all("Sangamon County")[0].1, 0.9);
        assert_eq!(names("out in Woodside Township"), vec!["Woodside Township"]);
        assert_eq!(
            names("SHE LIVES IN SANGAMON COUNTY"),
            vec!["SANGAMON COUNTY"]
        );
        assert_eq!(
            names("she lives in sangamon county"),
            vec!["sangamon county"]
        );
        assert!(all("she lives in sangamon county")[0].1 < 0.9);
    }

    #[test]
    fn not_counties() {
        for t in [
            "the county fair",
            "The County Fair",
            "our county",
            "every county in the state",
            "County Road 12",
            "the neighboring county",
            "a rural county",
            "in the same county as us",
            "county",
            "",
        ] {
            assert!(all(t).is_empty(), "{t}: {:?}", all(t));
        }
    }

    #[test]
    fn lower_case_county_after_a_town() {
        assert_eq!(names("at the Pawnee county fair"), vec!["Pawnee"]);
        assert_eq!(names("in Kankakee county"), vec!["Kankakee"]);
        assert!(names("The county fair").is_empty());
        assert!(names("Our county fair").is_empty());
        assert!(names("the Cook county jail").is_empty());
        assert!(names("Grace county is").is_empty());
    }

    #[test]
    fn the_start_of_a_longer_name_is_weaker() {
        assert_eq!(all("Morgan County Area Hospital")[0].1, 0.75);
        assert_eq!(all("Morgan County, IL")[0].1, 0.9);
        assert_eq!(all("Morgan County residents")[0].1, 0.9);
    }

    #[test]
    fn through_the_analyzer() {
        let a = Analyzer::default();
        let text = "A family from Sangamon County brought cookies.";
        let (ents, _) = a.entities(&Input::post(text)).unwrap();
        assert!(ents
            .iter()
            .any(|e| e.entity_type == EntityType::Location
                && &text[e.start..e.end] == "Sangamon County"));
    }
}
