//! LOCATION: named health-care facilities ("St. Luke's Medical Center", "Mercy General",
//! "Northwestern Memorial", "Sunrise Senior Living", "Golden Oaks Nursing Home").
//!
//! A facility is one to four capitalised name words followed by a capitalised facility
//! keyword: Hospital, Medical Center, Health Center, Clinic, Nursing Home, Rehab,
//! Rehabilitation Center, Care Center, Assisted Living, Senior Living, Hospice, Urgent Care,
//! Memory Care… "Memorial", "Regional" and "General" count only as the last word of the
//! name ("Memorial Day", "General Motors" and "Attorney General" are not facilities).
//! Generic uses ("the hospital", "urgent care", "a nursing home", "Children's Hospital"
//! with no name) are not locations. Score 0.8; in all-caps or all-lower text a name word
//! must be a known name, city or a word outside the dictionary, and the score is 0.6.
//! The practice's own name also matches here; the analyzer's allow-list removes it.

use super::util::{case_free, gap, is_stop_word, month_of, weekday_of};
use crate::entity::{Entity, EntityType, Explanation};
use crate::lexicon;
use crate::recognizers::Recognizer;
use crate::text::{shape, Scan};

const ID: &str = "health-facility";

/// Finds named facilities.
#[derive(Default)]
pub struct FacilityRecognizer;

impl FacilityRecognizer {
    pub fn new() -> Self {
        FacilityRecognizer
    }
}

/// Second words of two-word keywords, by first word.
fn keyword_pair(first: &str, second: &str) -> bool {
    matches!(
        (first, second),
        ("medical", "center" | "centre" | "campus")
            | ("health", "center" | "centre" | "clinic")
            | ("nursing", "home" | "center" | "facility")
            | (
                "rehabilitation",
                "center" | "centre" | "hospital" | "institute"
            )
            | ("rehab", "center" | "centre" | "hospital")
            | ("care", "center" | "centre" | "home")
            | ("assisted", "living")
            | ("senior", "living")
            | ("urgent", "care")
            | ("memory", "care")
            | ("surgery", "center" | "centre")
            | ("surgical", "center" | "centre" | "hospital")
            | ("cancer", "center" | "centre" | "institute")
            | ("retirement", "home" | "community" | "village")
            | ("funeral", "home")
            | ("skilled", "nursing")
            | ("heart", "institute" | "hospital")
            | ("children's" | "childrens", "hospital")
            | ("convalescent", "home" | "center" | "hospital")
            | ("psychiatric", "hospital" | "center")
            | ("behavioral", "health")
            | ("dialysis", "center" | "centre" | "clinic")
            | ("birth", "center" | "centre")
    )
}

/// One-word keywords; the flag says the word is weak (only as the last word).
fn keyword_single(word: &str) -> Option<bool> {
    match word {
        "hospital" | "clinic" | "hospice" | "rehab" | "infirmary" | "sanatorium" | "sanitarium"
        | "hospitals" | "clinics" => Some(false),
        "memorial" | "regional" | "general" => Some(true),
        _ => None,
    }
}

/// Name words that do not name a particular place.
fn is_generic(lower: &str) -> bool {
    matches!(
        lower,
        "children's"
            | "childrens"
            | "children"
            | "community"
            | "county"
            | "city"
            | "state"
            | "university"
            | "veterans"
            | "va"
            | "women's"
            | "womens"
            | "memorial"
            | "regional"
            | "general"
            | "medical"
            | "animal"
            | "mental"
            | "family"
            | "pediatric"
            | "senior"
            | "dental"
            | "eye"
            | "surgical"
            | "specialty"
            | "rehab"
            | "public"
            | "private"
            | "main"
            | "big"
            | "walk"
            | "emergency"
            | "behavioral"
            | "psychiatric"
            | "outpatient"
            | "inpatient"
            | "primary"
            | "urgent"
            | "health"
            | "care"
            | "teaching"
            | "district"
            | "area"
            | "hospital"
            | "clinic"
            | "pet"
            | "vet"
            | "veterinary"
            | "free"
            | "nursing"
            | "assisted"
    )
}

/// Words before "General" that make it a title, not a hospital.
fn is_general_title(lower: &str) -> bool {
    matches!(
        lower,
        "attorney"
            | "surgeon"
            | "inspector"
            | "secretary"
            | "solicitor"
            | "postmaster"
            | "consul"
            | "adjutant"
            | "brigadier"
            | "major"
            | "lieutenant"
            | "governor"
            | "comptroller"
            | "auditor"
            | "director"
            | "accountant"
            | "manager"
            | "counsel"
    )
}

/// Capitalised words that start a sentence before a facility name ("Visit Mercy General").
fn is_lead_in(lower: &str) -> bool {
    matches!(
        lower,
        "visit"
            | "call"
            | "thanks"
            | "thank"
            | "welcome"
            | "congrats"
            | "congratulations"
            | "shoutout"
            | "shout"
            | "love"
            | "loved"
            | "meet"
            | "join"
            | "try"
            | "ask"
            | "contact"
            | "choose"
            | "support"
            | "trust"
            | "go"
            | "come"
            | "happy"
            | "proud"
            | "huge"
            | "special"
            | "kudos"
            | "today"
            | "yesterday"
            | "tonight"
            | "tomorrow"
            | "yes"
            | "wow"
            | "update"
            | "reminder"
            | "please"
            | "transferred"
            | "admitted"
            | "discharged"
    )
}

fn name_gap(scan: &Scan, k: usize) -> bool {
    match gap(scan, k) {
        " " | "-" | " & " => true,
        ". " => matches!(scan.word_lower(k), "st" | "mt" | "ft"),
        _ => false,
    }
}

impl FacilityRecognizer {
    /// A keyword word at `k` in this text (capitalised in mixed-case text).
    fn cap_ok(&self, scan: &Scan, k: usize) -> bool {
        let w = scan.words[k];
        w.has(shape::ALPHA) && (case_free(scan) || w.has(shape::CAP))
    }

    /// A keyword starting at `k`: its last word and whether it is weak.
    fn keyword_at(&self, scan: &Scan, k: usize) -> Option<(usize, bool)> {
        if !self.cap_ok(scan, k) {
            return None;
        }
        let n = scan.words.len();
        let lower = scan.word_lower(k);
        if k + 1 < n
            && gap(scan, k) == " "
            && self.cap_ok(scan, k + 1)
            && keyword_pair(lower, scan.word_lower(k + 1))
        {
            return Some((k + 1, false));
        }
        keyword_single(lower).map(|weak| (k, weak))
    }

    fn name_word(&self, scan: &Scan, k: usize) -> bool {
        let w = scan.words[k];
        let lower = scan.word_base_lower(k);
        if !w.has(shape::ALPHA)
            || is_stop_word(lower)
            || month_of(lower).is_some()
            || weekday_of(lower).is_some()
        {
            return false;
        }
        case_free(scan) || w.has(shape::CAP)
    }

    /// True when a name word is a name, a city or not a dictionary word (all-caps and
    /// all-lower text).
    fn name_like(&self, scan: &Scan, k: usize) -> bool {
        let lower = scan.word_base_lower(k);
        if matches!(lower, "st" | "saint" | "mt" | "mount") {
            return true;
        }
        let info = lexicon::word_info(lower);
        info.is_first_name()
            || info.is_surname()
            || info.is_city()
            || info.english_level().is_none()
    }
}

impl Recognizer for FacilityRecognizer {
    fn id(&self) -> &'static str {
        ID
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let free = case_free(scan);
        let n = scan.words.len();
        let mut k = 1;
        while k < n {
            let Some((mut e, mut weak)) = self.keyword_at(scan, k) else {
                k += 1;
                continue;
            };
            // Chain keywords: "General Hospital", "Memorial Medical Center".
            while e + 1 < n && gap(scan, e) == " " {
                match self.keyword_at(scan, e + 1) {
                    Some((e2, w2)) => {
                        e = e2;
                        weak = weak && w2;
                    }
                    None => break,
                }
            }
            if weak {
                // Only the last word of a name: not "Memorial Day", "General Motors".
                if e + 1 < n && gap(scan, e) == " " {
                    let w = scan.words[e + 1];
                    if w.has(shape::CAP) && !is_stop_word(scan.word_lower(e + 1)) {
                        k = e + 1;
                        continue;
                    }
                }
                if free {
                    k = e + 1;
                    continue;
                }
            }
            // Walk back over the name.
            let mut first = k;
            while first > 0
                && k - first < 4
                && name_gap(scan, first - 1)
                && self.name_word(scan, first - 1)
            {
                first -= 1;
            }
            if weak && first < k && is_general_title(scan.word_lower(k - 1)) {
                k = e + 1;
                continue;
            }
            // "Visit Mercy General": drop a leading everyday word when a name is left.
            while first + 1 < k && is_lead_in(scan.word_base_lower(first)) {
                first += 1;
            }
            let specific = (first..k).any(|j| !is_generic(scan.word_base_lower(j)));
            let name_ok = if free {
                (first..k).any(|j| !is_generic(scan.word_base_lower(j)) && self.name_like(scan, j))
            } else {
                specific
            };
            // "at Memorial Hospital", "Children's Hospital": a name made of generic words
            // stays a weak candidate mid-sentence.
            let lead_weak = first == k && e > k && keyword_single(scan.word_lower(k)) == Some(true);
            let generic_name = !free
                && ((first < k && !specific) || lead_weak)
                && !scan.words[first].has(shape::SENTENCE_START);
            if (first == k && !lead_weak) || !(name_ok || generic_name) {
                k = e + 1;
                continue;
            }
            let (score, validation) = if !name_ok {
                (0.45, "facility name of generic words")
            } else if free {
                (0.6, "named facility")
            } else {
                (0.8, "named facility")
            };
            out.push(Entity::new(
                EntityType::Location,
                scan.words[first].start,
                scan.words[e].end,
                score,
                ID,
                Explanation::pattern(if weak {
                    "name+memorial"
                } else {
                    "name+facility"
                })
                .validated(validation)
                .with_context(Some((scan.words[k].start, scan.words[e].end))),
            ));
            k = e + 1;
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
        FacilityRecognizer::new().recognize(&scan, &mut out);
        for e in &out {
            assert!(e.start < e.end && e.end <= text.len());
        }
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        all(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn facilities() {
        assert_eq!(
            names("transferred to Mercy General last night"),
            vec!["Mercy General"]
        );
        assert_eq!(
            names("at St. Luke's Medical Center today"),
            vec!["St. Luke's Medical Center"]
        );
        assert_eq!(
            names("She is at Northwestern Memorial."),
            vec!["Northwestern Memorial"]
        );
        assert_eq!(
            names("moved into Sunrise Senior Living"),
            vec!["Sunrise Senior Living"]
        );
        assert_eq!(
            names("Golden Oaks Nursing Home"),
            vec!["Golden Oaks Nursing Home"]
        );
        assert_eq!(
            names("airlifted to Mercy General Hospital"),
            vec!["Mercy General Hospital"]
        );
        assert_eq!(
            names("Boston Children's Hospital"),
            vec!["Boston Children's Hospital"]
        );
        assert_eq!(names("Visit Mercy General soon"), vec!["Mercy General"]);
        assert_eq!(names("Mercy General is great"), vec!["Mercy General"]);
        assert_eq!(
            names("Lakeside Rehab Center"),
            vec!["Lakeside Rehab Center"]
        );
        assert_eq!(names("Cook County Hospital"), vec!["Cook County Hospital"]);
        assert_eq!(all("Mercy General")[0].1, 0.8);
        assert_eq!(
            names("TRANSFERRED TO ST LUKE'S HOSPITAL"),
            vec!["ST LUKE'S HOSPITAL"]
        );
        assert_eq!(
            names("transferred to st luke's hospital"),
            vec!["st luke's hospital"]
        );
        assert_eq!(
            all("she was at mercy hospital all week"),
            vec![("mercy hospital".to_string(), 0.6)]
        );
    }

    #[test]
    fn generic_uses() {
        for t in [
            "she went to the hospital",
            "Urgent care is open late",
            "Go to Urgent Care if needed",
            "a nursing home",
            "The Hospital was busy",
            "Happy Memorial Day!",
            "the Attorney General said",
            "General Motors",
            "Regional Manager Tom",
            "our clinic",
            "Our Clinic",
            "in general",
            "the walk-in clinic",
            "a busy hospital downtown",
            "THE BEST CLINIC IN TOWN",
            "THE HOSPITAL WAS BUSY",
            "Memorial",
            "",
        ] {
            assert!(all(t).is_empty(), "{t}: {:?}", all(t));
        }
    }

    #[test]
    fn generic_names_are_weak() {
        assert_eq!(
            all("Thanks to the team at Memorial Hospital today"),
            vec![("Memorial Hospital".to_string(), 0.45)]
        );
        assert!(all("Children's Hospital").is_empty());
        assert!(all("Community Hospital is hiring").is_empty());
    }

    #[test]
    fn through_the_analyzer() {
        let a = Analyzer::default();
        let text = "Our patient was transferred to Mercy General last night.";
        let (ents, _) = a.entities(&Input::new(text, Kind::Reply)).unwrap();
        assert!(ents
            .iter()
            .any(|e| e.entity_type == EntityType::Location
                && &text[e.start..e.end] == "Mercy General"));
    }
}
