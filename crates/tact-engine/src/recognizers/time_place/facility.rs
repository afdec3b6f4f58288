//! LOCATION: named facilities and named places ("St. Luke's Medical Center", "Mercy
//! General", "Golden Oaks Nursing Home", "Heartland Orthopedics", "Lakeside Manor",
//! "Greater Hope Baptist Church", "Lincoln Elementary", "Auburn Community Center", "New
//! Berlin Public Library", "Our Lady of Guadalupe Church", "at Jefferson Crossing", "over in
//! Enos Park", "at St. Agnes").
//!
//! A facility is one to four name words followed by a facility keyword. Keywords come in
//! three strengths:
//! - strong: Hospital, Clinic, Hospice, Medical Center, Nursing Home, Manor, Senior Living,
//!   Orthopedics, Pediatrics, Medical Group, Church, Library, Elementary, High School,
//!   Community Center, Water Park…;
//! - last-word only: "Memorial", "Regional" and "General" ("Memorial Day", "General Motors"
//!   and "Attorney General" are not facilities);
//! - place-cued: Park, Crossing, Village, Gardens, Plaza, Center… count only after a place
//!   word ("at", "in", "from", "near"…), so "Jurassic Park" and "Animal Crossing" stay out.
//!
//! The name needs one specific word: generic uses ("the hospital", "urgent care", "Public
//! Library", "Weight Clinic", "the Catholic Church") are not locations. "Our Lady of X" and
//! "X of Y" names are read whole in mixed-case text. A saint's name after a place word ("at
//! St. Agnes", "from st. luke's") and "Memorial" or "Regional" alone after one ("the nurse
//! from Memorial") are hospitals too. Scores: 0.8 for a named facility in mixed-case text;
//! 0.6–0.65 for a saint or a lone "Memorial"; in all-caps or lower-case writing a name word
//! must be a known name or city, or the name must follow a place word or fill a
//! comma-separated field of a record ("…, RIVER CITY MEDICAL GROUP, FAX…"), at 0.6. Names of
//! generic words only stay weak (0.45). The practice's own name also matches here; the
//! analyzer's allow-list removes it.

use super::geo::city_at;
use super::util::{
    gap, is_stop_word, lower_bytes, lower_style, month_of, weekday_of, ShapeFilter, WordTable,
};
use crate::entity::{Entity, EntityType, Explanation};
use crate::lexicon;
use crate::recognizers::Recognizer;
use crate::text::{shape, Scan};
use std::sync::OnceLock;

const ID: &str = "health-facility";

/// Finds named facilities.
#[derive(Default)]
pub struct FacilityRecognizer;

impl FacilityRecognizer {
    pub fn new() -> Self {
        FacilityRecognizer
    }
}

/// How a keyword marks a facility.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kw {
    /// "Memorial", "Regional", "General": only as the last word of a name.
    Last,
    /// "Park", "Crossing", "Center": only after a place word.
    Cued,
    /// A practice's kind of business ("Orthopedics", "Medical Group", "Dentistry"): a place
    /// where it is where someone is seen, referred or sent records ("my new doctor at
    /// Heartland Orthopedics", a referral record), a business name otherwise ("our friends
    /// at ClearView Optometry").
    Org,
    /// "Hospital", "Church", "Medical Group".
    Strong,
}

/// Two-word keywords.
fn keyword_pair(first: &str, second: &str) -> Option<Kw> {
    use Kw::{Org, Strong};
    if !crate::text::in_sorted(PAIR_FIRST, first) {
        return None;
    }
    let center = matches!(second, "center" | "centre");
    Some(match first {
        "medical" => match second {
            "group" | "associates" => Org,
            "center" | "centre" | "campus" | "plaza" | "pavilion" => Strong,
            _ => return None,
        },
        "health" => match second {
            "partners" => Org,
            "center" | "centre" | "clinic" | "system" => Strong,
            _ => return None,
        },
        "family" if matches!(second, "practice" | "medicine") => Org,
        "internal" | "sports" if second == "medicine" => Org,
        "physical" if second == "therapy" => Org,
        "oral" | "eye" if second == "surgery" => Org,
        "nursing" if matches!(second, "home" | "center" | "facility") => Strong,
        "rehabilitation" if center || matches!(second, "hospital" | "institute") => Strong,
        "rehab" if center || second == "hospital" => Strong,
        "care" if center || second == "home" => Strong,
        "assisted" | "senior" if second == "living" => Strong,
        "urgent" | "memory" if second == "care" => Strong,
        "surgery" if center => Strong,
        "surgical" if center || second == "hospital" => Strong,
        "cancer" if center || second == "institute" => Strong,
        "retirement" if matches!(second, "home" | "community" | "village") => Strong,
        "funeral" if second == "home" => Strong,
        "skilled" if second == "nursing" => Strong,
        "heart" if matches!(second, "institute" | "hospital") => Strong,
        "children's" | "childrens" if second == "hospital" => Strong,
        "convalescent" if center || matches!(second, "home" | "hospital") => Strong,
        "psychiatric" if second == "hospital" || second == "center" => Strong,
        "behavioral" if second == "health" => Strong,
        "dialysis" if center || second == "clinic" => Strong,
        "birth" if center => Strong,
        "group" if second == "home" => Strong,
        "community" if center || matches!(second, "college" | "church" | "hospital") => Strong,
        "senior" | "recreation" | "rec" | "civic" | "aquatic" | "aquatics" | "youth"
        | "wellness" | "fitness" | "convention" | "events" | "event"
            if center =>
        {
            Strong
        }
        "public" | "memorial" if second == "library" => Strong,
        "high" | "middle" | "elementary" | "grade" | "primary" | "charter" | "junior" | "prep"
        | "preparatory"
            if second == "school" =>
        {
            Strong
        }
        "water" | "state" | "amusement" if second == "park" => Strong,
        "shopping" if center || second == "mall" => Strong,
        "fire" | "police" if second == "station" => Strong,
        _ => return None,
    })
}

/// One-word keywords, sorted.
const SINGLE: &[(&str, Kw)] = &[
    ("academy", Kw::Strong),
    ("acres", Kw::Cued),
    ("ame", Kw::Last),
    ("apartments", Kw::Cued),
    ("assembly", Kw::Last),
    ("baptist", Kw::Cued),
    ("cardiology", Kw::Org),
    ("cathedral", Kw::Strong),
    ("catholic", Kw::Cued),
    ("cemetery", Kw::Strong),
    ("center", Kw::Cued),
    ("centre", Kw::Cued),
    ("chapel", Kw::Strong),
    ("chiropractic", Kw::Org),
    ("church", Kw::Strong),
    ("clinic", Kw::Strong),
    ("clinics", Kw::Strong),
    ("commons", Kw::Cued),
    ("creek", Kw::Cued),
    ("crossing", Kw::Cued),
    ("dentistry", Kw::Org),
    ("dermatology", Kw::Org),
    ("elementary", Kw::Strong),
    ("episcopal", Kw::Cued),
    ("estates", Kw::Cued),
    ("gardens", Kw::Cued),
    ("general", Kw::Last),
    ("glen", Kw::Cued),
    ("gurdwara", Kw::Strong),
    ("haven", Kw::Cued),
    ("health", Kw::Org),
    ("healthcare", Kw::Org),
    ("heights", Kw::Cued),
    ("high", Kw::Last),
    ("hills", Kw::Cued),
    ("hollow", Kw::Cued),
    ("hospice", Kw::Strong),
    ("hospital", Kw::Strong),
    ("hospitals", Kw::Strong),
    ("infirmary", Kw::Strong),
    ("landing", Kw::Cued),
    ("library", Kw::Strong),
    ("lutheran", Kw::Cued),
    ("mall", Kw::Cued),
    ("mandir", Kw::Strong),
    ("manor", Kw::Strong),
    ("meadows", Kw::Cued),
    ("memorial", Kw::Last),
    ("methodist", Kw::Cued),
    ("mortuary", Kw::Strong),
    ("mosque", Kw::Strong),
    ("neurology", Kw::Org),
    ("oaks", Kw::Cued),
    ("oncology", Kw::Org),
    ("ophthalmology", Kw::Org),
    ("optometry", Kw::Org),
    ("orthopaedics", Kw::Org),
    ("orthopedics", Kw::Org),
    ("paediatrics", Kw::Org),
    ("parish", Kw::Last),
    ("park", Kw::Cued),
    ("pediatrics", Kw::Org),
    ("pentecostal", Kw::Cued),
    ("physicians", Kw::Org),
    ("pines", Kw::Cued),
    ("plaza", Kw::Cued),
    ("presbyterian", Kw::Cued),
    ("radiology", Kw::Org),
    ("regional", Kw::Last),
    ("rehab", Kw::Strong),
    ("ridge", Kw::Cued),
    ("sanatorium", Kw::Strong),
    ("sanitarium", Kw::Strong),
    ("shelter", Kw::Strong),
    ("springs", Kw::Cued),
    ("square", Kw::Cued),
    ("synagogue", Kw::Strong),
    ("tabernacle", Kw::Strong),
    ("temple", Kw::Strong),
    ("terrace", Kw::Cued),
    ("towers", Kw::Cued),
    ("urology", Kw::Org),
    ("valley", Kw::Cued),
    ("village", Kw::Cued),
    ("woods", Kw::Cued),
    ("ymca", Kw::Strong),
];

/// First words of the two-word keywords, sorted.
const PAIR_FIRST: &[&str] = &[
    "amusement",
    "aquatic",
    "aquatics",
    "assisted",
    "behavioral",
    "birth",
    "cancer",
    "care",
    "charter",
    "children's",
    "childrens",
    "civic",
    "community",
    "convalescent",
    "convention",
    "dialysis",
    "elementary",
    "event",
    "events",
    "eye",
    "family",
    "fire",
    "fitness",
    "funeral",
    "grade",
    "group",
    "health",
    "heart",
    "high",
    "internal",
    "junior",
    "medical",
    "memorial",
    "memory",
    "middle",
    "nursing",
    "oral",
    "physical",
    "police",
    "prep",
    "preparatory",
    "primary",
    "psychiatric",
    "public",
    "rec",
    "recreation",
    "rehab",
    "rehabilitation",
    "retirement",
    "senior",
    "shopping",
    "skilled",
    "sports",
    "state",
    "surgery",
    "surgical",
    "urgent",
    "water",
    "wellness",
    "youth",
];

/// A cheap pre-check: false for every word that is not in [`SINGLE`] or [`PAIR_FIRST`].
static KEYWORD_SHAPES: ShapeFilter =
    ShapeFilter::from_keys(SINGLE).union(ShapeFilter::new(PAIR_FIRST));

fn may_be_keyword(lower: &str) -> bool {
    KEYWORD_SHAPES.may_contain(lower)
}

/// One-word keywords.
fn keyword_single(word: &str) -> Option<Kw> {
    static TABLE: OnceLock<WordTable<Kw>> = OnceLock::new();
    TABLE.get_or_init(|| WordTable::new(SINGLE)).get(word)
}

/// Name words that do not name a particular place.
fn is_generic(lower: &str) -> bool {
    matches!(
        lower,
        "children's"
            | "childrens"
            | "children"
            | "kids"
            | "community"
            | "county"
            | "city"
            | "town"
            | "state"
            | "national"
            | "university"
            | "veterans"
            | "va"
            | "women's"
            | "womens"
            | "men's"
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
            | "home"
            | "group"
            | "weight"
            | "loss"
            | "sleep"
            | "pain"
            | "wound"
            | "allergy"
            | "diabetes"
            | "vein"
            | "fertility"
            | "travel"
            | "vaccine"
            | "vaccination"
            | "flu"
            | "covid"
            | "testing"
            | "test"
            | "lab"
            | "imaging"
            | "vision"
            | "hearing"
            | "skin"
            | "foot"
            | "spine"
            | "back"
            | "bone"
            | "joint"
            | "knee"
            | "hip"
            | "heart"
            | "oral"
            | "plastic"
            | "cosmetic"
            | "sports"
            | "physical"
            | "student"
            | "employee"
            | "campus"
            | "addiction"
            | "detox"
            | "local"
            | "neighborhood"
            | "high"
            | "middle"
            | "elementary"
            | "junior"
            | "grade"
            | "prep"
            | "charter"
            | "catholic"
            | "christian"
            | "baptist"
            | "methodist"
            | "lutheran"
            | "presbyterian"
            | "episcopal"
            | "pentecostal"
            | "evangelical"
            | "orthodox"
            | "mormon"
            | "anglican"
            | "bible"
            | "sunday"
            | "summer"
            | "night"
            | "grad"
            | "med"
            | "law"
            | "business"
            | "art"
            | "dance"
            | "music"
            | "trade"
            | "water"
            | "theme"
            | "dog"
            | "skate"
            | "trailer"
            | "amusement"
            | "ball"
            | "car"
            | "industrial"
            | "office"
            | "research"
            | "science"
            | "shopping"
            | "strip"
            | "outlet"
            | "food"
            | "railroad"
            | "railway"
            | "rail"
            | "pedestrian"
            | "border"
            | "school"
            | "zebra"
            | "deer"
            | "data"
            | "call"
            | "service"
            | "distribution"
            | "customer"
            | "help"
            | "contact"
            | "command"
            | "donation"
            | "blood"
            | "learning"
            | "media"
            | "resource"
            | "information"
            | "visitor"
            | "visitors"
            | "nature"
            | "garden"
            | "downtown"
            | "treatment"
            | "fitness"
            | "wellness"
            | "recreation"
            | "rec"
            | "civic"
            | "youth"
            | "day"
            | "event"
            | "events"
            | "convention"
            | "conference"
            | "aquatic"
            | "trauma"
            | "burn"
            | "cancer"
            | "stroke"
            | "poison"
            | "crisis"
            | "counseling"
            | "botanical"
            | "rooftop"
            | "vegetable"
            | "global"
            | "olympic"
            | "holiday"
            | "twin"
            | "little"
            | "lending"
            | "digital"
            | "online"
            | "seed"
            | "tool"
            | "toy"
            | "surgery"
            | "center"
            | "centre"
            | "park"
            | "library"
            | "church"
            | "fire"
            | "police"
            | "retirement"
            | "funeral"
            | "internal"
            | "therapy"
            | "lady"
            | "of"
            | "our"
            | "new"
            | "old"
            | "great"
            | "good"
            | "best"
            | "american"
            | "international"
            | "us"
            | "affordable"
            | "quality"
            | "integrated"
            | "complete"
            | "total"
            | "universal"
            | "mobile"
            | "virtual"
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
            | "refer"
            | "referred"
            | "sent"
            | "send"
            | "pt"
    )
}

/// Words right before a name that make it a place: "at Mercy General", "over in Enos Park".
/// Words that open a facility's name in other languages and traditions: "Iglesia Cristo Rey",
/// "Chùa Phước Huệ", "Masjid Al-Noor", "Villa Esperanza", "Hospital San Rafael", "Bệnh viện
/// Chợ Rẫy", "Temple B'nai Shalom".
fn leading_keyword(scan: &Scan, k: usize) -> Option<usize> {
    let lower = scan.word_lower(k);
    let next = |j: usize| (j < scan.words.len()).then(|| scan.word_lower(j));
    match lower {
        "iglesia" | "templo" | "parroquia" | "capilla" | "masjid" | "mezquita" | "chùa"
        | "villa" | "hospital" | "clínica" | "clinica" | "sanatorio" | "centro" => Some(k),
        "temple" => next(k + 1)
            .is_some_and(|w| {
                matches!(
                    w,
                    "beth" | "b'nai" | "bnai" | "emanuel" | "emanu" | "israel" | "sinai" | "shalom"
                )
            })
            .then_some(k),
        "bệnh" => (next(k + 1) == Some("viện")).then_some(k + 1),
        "nhà" => (next(k + 1) == Some("thờ")).then_some(k + 1),
        _ => None,
    }
}

impl FacilityRecognizer {
    /// Facilities named after a leading keyword (see [`leading_keyword`]), and veterans'
    /// posts by their number.
    fn leading(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let n = scan.words.len();
        let mut k = 0;
        while k + 1 < n {
            let w = scan.words[k];
            // "VFW Post 4471", "American Legion Post #12": a veterans' hall by its number.
            if matches!(scan.word_lower(k), "vfw" | "legion" | "amvets")
                && k + 2 < n
                && scan.word_lower(k + 1) == "post"
                && matches!(gap(scan, k + 1), " " | " #" | " # ")
                && scan.word(k + 2).bytes().all(|b| b.is_ascii_digit())
            {
                let start = if scan.word_lower(k) == "legion"
                    && k > 0
                    && scan.word_lower(k - 1) == "american"
                {
                    scan.words[k - 1].start
                } else {
                    w.start
                };
                self.emit(
                    out,
                    start,
                    scan.words[k + 2].end,
                    0.8,
                    "veterans-post",
                    "a veterans' post by its number",
                    (w.start, scan.words[k + 1].end),
                );
                k += 3;
                continue;
            }
            let Some(kw_end) = w
                .has(shape::CAP)
                .then(|| leading_keyword(scan, k))
                .flatten()
            else {
                k += 1;
                continue;
            };
            // The name: capitalised words and the small words between them.
            let mut last = None;
            let mut j = kw_end + 1;
            while j < n && j <= kw_end + 5 && matches!(gap(scan, j - 1), " " | "-") {
                let wj = scan.words[j];
                let lower = scan.word_lower(j);
                if wj.has(shape::CAP) && wj.has(shape::ALPHA) {
                    last = Some(j);
                } else if !matches!(lower, "de" | "del" | "la" | "los" | "las" | "el" | "al") {
                    break;
                }
                j += 1;
            }
            let Some(last) = last else {
                k += 1;
                continue;
            };
            // "Hospital" and "Centro" open a name only before words that are no English ones
            // ("Hospital San Rafael", not "Hospital Corporation").
            let english = || {
                (kw_end + 1..=last).all(|j| {
                    lexicon::word_info(scan.word_lower(j)).is_common_word()
                        || is_stop_word(scan.word_lower(j))
                })
            };
            if matches!(scan.word_lower(k), "hospital" | "centro" | "villa") && english() {
                k = last + 1;
                continue;
            }
            self.emit(
                out,
                w.start,
                scan.words[last].base_end,
                0.85,
                "keyword+name",
                "named facility",
                (w.start, scan.words[kw_end].end),
            );
            k = last + 1;
        }
    }
}

/// "… in Elm Prairie": one or two capitalised words after "in" (or "en") right after word
/// `e`, no everyday word, month or weekday. Returns the town's end byte.
fn town_after(scan: &Scan, e: usize) -> Option<usize> {
    let n = scan.words.len();
    if e + 2 >= n || gap(scan, e) != " " || gap(scan, e + 1) != " " {
        return None;
    }
    if !matches!(scan.word_lower(e + 1), "in" | "en") {
        return None;
    }
    let town_word = |k: usize| {
        let w = scan.words[k];
        let lower = scan.word_lower(k);
        w.has(shape::CAP)
            && w.has(shape::ALPHA)
            && !w.has(shape::UPPER)
            && !is_stop_word(lower)
            && month_of(lower).is_none()
            && weekday_of(lower).is_none()
            && !lexicon::word_info(lower).is_common_word()
    };
    // The second word may be an everyday word ("Elm Prairie", "Pine Hollow").
    let second = |k: usize| {
        let w = scan.words[k];
        let lower = scan.word_lower(k);
        w.has(shape::CAP)
            && w.has(shape::ALPHA)
            && !is_stop_word(lower)
            && month_of(lower).is_none()
            && weekday_of(lower).is_none()
    };
    let first = e + 2;
    let first_ok = town_word(first)
        || (first + 1 < n && gap(scan, first) == " " && second(first) && second(first + 1));
    if !first_ok {
        return None;
    }
    let last = if first + 1 < n && gap(scan, first) == " " && second(first + 1) {
        first + 1
    } else {
        first
    };
    Some(scan.words[last].base_end)
}

fn is_place_word(lower: &str) -> bool {
    matches!(
        lower,
        "at" | "in"
            | "en"
            | "from"
            | "to"
            | "into"
            | "near"
            | "inside"
            | "outside"
            | "behind"
            | "across"
            | "toward"
            | "towards"
            | "via"
    )
}

/// Words a little before a practice's name that make it where someone is cared for.
fn is_care_word(lower: &str) -> bool {
    matches!(
        lower,
        "doctor"
            | "doctors"
            | "dr"
            | "physician"
            | "provider"
            | "specialist"
            | "surgeon"
            | "dentist"
            | "seen"
            | "treated"
            | "referred"
            | "refer"
            | "referral"
            | "referring"
            | "transferred"
            | "records"
            | "chart"
            | "appointment"
            | "appt"
            | "admitted"
            | "discharged"
            | "patient"
            | "pt"
            | "sent"
            | "faxed"
            | "visit"
            | "visited"
    )
}

/// True when a care word comes among the four words before word `first`, in its sentence.
fn care_before(scan: &Scan, first: usize) -> bool {
    for k in (first.saturating_sub(4)..first).rev() {
        if is_care_word(scan.word_lower(k)) {
            return true;
        }
        if scan.words[k].has(shape::SENTENCE_START) {
            break;
        }
    }
    false
}

fn name_gap(scan: &Scan, k: usize) -> bool {
    match gap(scan, k) {
        " " | "-" | " & " => true,
        ". " => matches!(scan.word_lower(k), "st" | "mt" | "ft"),
        _ => false,
    }
}

/// A saint's title: "St.", "St", "Saint".
fn is_saint(scan: &Scan, k: usize) -> bool {
    match scan.word_lower(k) {
        "st" => matches!(gap(scan, k), ". " | " "),
        "saint" => gap(scan, k) == " ",
        _ => false,
    }
}

impl FacilityRecognizer {
    /// A keyword word at `k` in this text (capitalised in mixed-case text).
    fn cap_ok(&self, scan: &Scan, k: usize, free: bool) -> bool {
        let w = scan.words[k];
        w.has(shape::ALPHA) && (free || w.has(shape::CAP))
    }

    /// A keyword starting at `k`: its last word and its strength.
    fn keyword_at(&self, scan: &Scan, k: usize, free: bool) -> Option<(usize, Kw)> {
        if !self.cap_ok(scan, k, free) {
            return None;
        }
        let n = scan.words.len();
        let lower = scan.word_lower(k);
        if !may_be_keyword(lower) {
            return None;
        }
        if k + 1 < n && gap(scan, k) == " " && self.cap_ok(scan, k + 1, free) {
            if let Some(kw) = keyword_pair(lower, scan.word_lower(k + 1)) {
                return Some((k + 1, kw));
            }
        }
        keyword_single(lower).map(|kw| (k, kw))
    }

    fn name_word(&self, scan: &Scan, k: usize, free: bool) -> bool {
        let w = scan.words[k];
        let lower = scan.word_base_lower(k);
        if !w.has(shape::ALPHA) || month_of(lower).is_some() || weekday_of(lower).is_some() {
            return false;
        }
        if is_stop_word(lower) {
            // "New Berlin Public Library", "Great Lakes Clinic"
            return !free
                && w.has(shape::CAP)
                && matches!(lower, "new" | "old" | "great" | "good" | "best");
        }
        free || w.has(shape::CAP)
    }

    /// True when a name word is a name or a city and not an everyday word, or not a
    /// dictionary word at all (all-caps and all-lower text).
    fn name_like(&self, scan: &Scan, k: usize) -> bool {
        let lower = scan.word_base_lower(k);
        if matches!(lower, "st" | "saint" | "mt" | "mount") {
            return true;
        }
        let info = lexicon::word_info(lower);
        match info.english_level() {
            None => lower.len() >= 3,
            Some(_) if info.is_common_word() => false,
            Some(_) => info.is_first_name() || info.is_surname() || info.is_city(),
        }
    }

    /// True when the name `first..=e` fills a comma-separated field of a record:
    /// "…, RIVER CITY MEDICAL GROUP, FAX …".
    fn is_field(&self, scan: &Scan, first: usize, e: usize) -> bool {
        if first == 0 || !gap(scan, first - 1).contains([',', ':']) {
            return false;
        }
        let after = &scan.text[scan.words[e].end..];
        let after = after.trim_start_matches(' ');
        after.is_empty() || after.starts_with([',', '.', ';', '\n'])
    }

    /// The walk back from keyword `k` over the name: its first word.
    fn name_start(&self, scan: &Scan, k: usize, free: bool) -> usize {
        let mut first = k;
        let mut words = 0;
        while first > 0 && words < 4 {
            let p = first - 1;
            if !name_gap(scan, p) {
                break;
            }
            if self.name_word(scan, p, free) {
                first = p;
                words += 1;
                continue;
            }
            let pl = scan.word_lower(p);
            // "Our Lady of Guadalupe Church", "Sisters of Mercy Hospital"
            if !free
                && pl == "of"
                && first < k
                && p >= 1
                && name_gap(scan, p - 1)
                && self.name_word(scan, p - 1, free)
            {
                first = p - 1;
                words += 1;
                continue;
            }
            if pl == "our" && scan.word_lower(first) == "lady" {
                first = p;
            }
            break;
        }
        first
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        out: &mut Vec<Entity>,
        start: usize,
        end: usize,
        score: f32,
        pattern: &'static str,
        validation: &'static str,
        context: (usize, usize),
    ) {
        out.push(Entity::new(
            EntityType::Location,
            start,
            end,
            score,
            ID,
            Explanation::pattern(pattern)
                .validated(validation)
                .with_context(Some(context)),
        ));
    }

    /// "at St. Agnes", "from st. luke's": a saint's name after a place word is a hospital
    /// or a church. Returns the word after it.
    fn saint(&self, scan: &Scan, k: usize, free: bool, out: &mut Vec<Entity>) -> Option<usize> {
        let n = scan.words.len();
        let name = k + 1;
        if k == 0 || name >= n || !is_saint(scan, k) {
            return None;
        }
        let p = scan.word_lower(k - 1);
        if !is_place_word(p) || !matches!(gap(scan, k - 1), " ") {
            return None;
        }
        let w = scan.words[name];
        let lower = scan.word_base_lower(name);
        if !w.has(shape::ALPHA)
            || !(free || (w.has(shape::CAP) && scan.words[k].has(shape::CAP)))
            || is_stop_word(lower)
        {
            return None;
        }
        // "St. Louis" is a city; "St. Luke's Hospital" is found from its keyword.
        let start = scan.words[k].start;
        if lexicon::city(&scan.lower[start..w.end]).is_some()
            || lexicon::city(&scan.lower[start..w.base_end]).is_some()
            || (name + 1 < n
                && gap(scan, name) == " "
                && self.keyword_at(scan, name + 1, free).is_some())
        {
            return None;
        }
        if name + 1 < n && gap(scan, name) == " " {
            let next = scan.word_lower(name + 1);
            if matches!(
                next,
                "day" | "eve" | "wort" | "street" | "st" | "avenue" | "ave" | "road" | "rd"
            ) {
                return None;
            }
        }
        self.emit(
            out,
            scan.words[k].start,
            w.end,
            if free { 0.6 } else { 0.65 },
            "place+saint",
            "a saint's name after a place word",
            (scan.words[k - 1].start, scan.words[k - 1].end),
        );
        Some(name + 1)
    }
}

impl Recognizer for FacilityRecognizer {
    fn id(&self) -> &'static str {
        ID
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        self.leading(scan, out);
        // All-caps, all-lower, and writing that never capitalises a sentence.
        let free = lower_style(scan);
        let n = scan.words.len();
        let mut k = 1;
        while k < n {
            // Only a keyword or a saint's title starts a match here.
            let w = scan.words[k];
            let lb = lower_bytes(scan, k);
            if !w.has(shape::ALPHA)
                || !(free || w.has(shape::CAP))
                || !(KEYWORD_SHAPES.may_contain_bytes(lb) || matches!(lb, b"st" | b"saint"))
            {
                k += 1;
                continue;
            }
            let Some((mut e, mut kind)) = self.keyword_at(scan, k, free) else {
                if let Some(next) = self.saint(scan, k, free, out) {
                    k = next;
                } else {
                    k += 1;
                }
                continue;
            };
            // Chain keywords: "General Hospital", "Memorial Medical Center".
            while e + 1 < n && gap(scan, e) == " " {
                // "Eye Surgery Center": the keyword's last word starts a stronger pair.
                if self.cap_ok(scan, e + 1, free) {
                    if let Some(k2) = keyword_pair(scan.word_lower(e), scan.word_lower(e + 1)) {
                        if k2 > kind {
                            e += 1;
                            kind = k2;
                            continue;
                        }
                    }
                }
                match self.keyword_at(scan, e + 1, free) {
                    Some((e2, k2)) => {
                        e = e2;
                        kind = kind.max(k2);
                    }
                    None => break,
                }
            }
            let place_before = |first: usize| {
                first >= 1
                    && gap(scan, first - 1) == " "
                    && is_place_word(scan.word_lower(first - 1))
            };
            if kind == Kw::Last && !free {
                // Only the last word of a name: not "Memorial Day", "General Motors"; an
                // acronym may follow ("Mercy General ICU").
                if e + 1 < n && gap(scan, e) == " " {
                    let w = scan.words[e + 1];
                    let acronym = w.has(shape::UPPER) && w.end - w.start <= 4;
                    if w.has(shape::CAP) && !acronym && !is_stop_word(scan.word_lower(e + 1)) {
                        k = e + 1;
                        continue;
                    }
                }
            }
            let mut first = self.name_start(scan, k, free);
            if kind == Kw::Last && first < k && is_general_title(scan.word_lower(k - 1)) {
                k = e + 1;
                continue;
            }
            // "Visit Mercy General": drop a leading everyday word when a name is left.
            while first + 1 < k && is_lead_in(scan.word_base_lower(first)) {
                first += 1;
            }
            let ctx = (scan.words[k].start, scan.words[e].end);
            // "the nurse from Memorial": a lone "Memorial" or "Regional" after a place word.
            if first == k
                && e == k
                && kind == Kw::Last
                && !free
                && place_before(k)
                && matches!(scan.word_lower(k), "memorial" | "regional")
            {
                self.emit(
                    out,
                    scan.words[k].start,
                    scan.words[e].end,
                    0.6,
                    "place+memorial",
                    "hospital name after a place word",
                    ctx,
                );
                k = e + 1;
                continue;
            }
            // "Cook County Hospital": a county's name makes it specific.
            let specific = (first..k).any(|j| {
                !is_generic(scan.word_base_lower(j))
                    || (j > first && scan.word_lower(j) == "county")
            });
            // "near the Enos Park neighborhood": the noun after it names the place too.
            let cued = place_before(first)
                || (e + 1 < n
                    && gap(scan, e) == " "
                    && matches!(
                        scan.word_lower(e + 1),
                        "neighborhood" | "neighbourhood" | "subdivision"
                    ));
            // "our Chatham Clinic": the practice's own place.
            if first >= 1 && scan.word_lower(first - 1) == "our" {
                k = e + 1;
                continue;
            }
            // "Friends of the Springfield Library": part of an organisation's name.
            if first >= 3
                && scan.word_lower(first - 1) == "the"
                && scan.word_lower(first - 2) == "of"
                && scan.words[first - 3].has(shape::CAP)
                && !free
            {
                k = e + 1;
                continue;
            }
            if kind == Kw::Cued && !(cued && specific) {
                k = e + 1;
                continue;
            }
            let name_ok = if free {
                specific
                    && (cued
                        || self.is_field(scan, first, e)
                        || (first..k).any(|j| {
                            !is_generic(scan.word_base_lower(j)) && self.name_like(scan, j)
                        }))
                    && (kind != Kw::Last || cued)
            } else {
                specific
            };
            // "at Memorial Hospital", "Children's Hospital": a name made of generic words
            // stays a weak candidate mid-sentence.
            // A longer chain ("Memorial Medical Center", "Regional Surgery Center") is a name.
            let lead_weak = first == k
                && e > k
                && keyword_single(scan.word_lower(k)) == Some(Kw::Last)
                && !(e >= k + 2 && kind == Kw::Strong && !free);
            let generic_name = !free
                && ((first < k && !specific) || lead_weak)
                && !scan.words[first].has(shape::SENTENCE_START);
            let lead_name = first == k
                && e >= k + 2
                && kind == Kw::Strong
                && !free
                && keyword_single(scan.word_lower(k)) == Some(Kw::Last);
            let name_ok = name_ok || lead_name;
            if (first == k && !lead_weak && !lead_name) || !(name_ok || generic_name) {
                k = e + 1;
                continue;
            }
            let org_weak = kind == Kw::Org
                && name_ok
                && !care_before(scan, first)
                && !(free && (cued || self.is_field(scan, first, e)));
            // "Prairie Rose Health of Champaign": the town the facility is in joins it.
            let mut end = scan.words[e].end;
            if e + 2 < n
                && gap(scan, e) == " "
                && gap(scan, e + 1) == " "
                && scan.word_lower(e + 1) == "of"
            {
                if let Some((_, _, cend)) = city_at(scan, e + 2) {
                    end = cend;
                }
            }
            let with_town = end > scan.words[e].end;
            // "Apple Health", "Samsung Health": a lone "Health" is a brand as often as a
            // place; it needs its town or a place word in a record.
            if e == k && scan.word_lower(k) == "health" && !with_town && !(free && cued) {
                k = e + 1;
                continue;
            }
            let (score, validation) = if !name_ok {
                (0.45, "facility name of generic words")
            } else if org_weak {
                (0.4, "a practice's name, not where someone was seen")
            } else if free {
                (if with_town { 0.7 } else { 0.6 }, "named facility")
            } else if kind == Kw::Strong && !generic_name {
                // "Golden Oaks Nursing Home": more certain than the names in it.
                (0.88, "named facility")
            } else {
                (if with_town { 0.85 } else { 0.8 }, "named facility")
            };
            self.emit(
                out,
                scan.words[first].start,
                end,
                score,
                match kind {
                    Kw::Last => "name+memorial",
                    Kw::Cued => "place+name+keyword",
                    Kw::Org => "name+practice",
                    Kw::Strong => "name+facility",
                },
                validation,
                ctx,
            );
            // "Sunnybrook Manor in Elm Prairie": the town a named facility is in.
            if score >= 0.8 && !with_town {
                if let Some(town_end) = town_after(scan, e) {
                    self.emit(
                        out,
                        scan.words[e + 2].start,
                        town_end,
                        0.75,
                        "facility+in+town",
                        "town after a named facility",
                        (scan.words[e + 1].start, scan.words[e + 1].end),
                    );
                }
            }
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
    fn veterans_posts_by_their_number() {
        assert_eq!(
            names("a regular at VFW Post 4471, turns 106"),
            vec!["VFW Post 4471"]
        );
        assert_eq!(
            names("lunch at the American Legion Post #12 today"),
            vec!["American Legion Post #12"]
        );
        assert!(names("the VFW post office hours").is_empty());
    }

    #[test]
    fn facilities() {
        assert_eq!(
            names("referred me to Memorial Medical Center for the MRI"),
            vec!["Memorial Medical Center"]
        );
        assert_eq!(
            names("surgery next week at Prairie Eye Surgery Center, nervous"),
            vec!["Prairie Eye Surgery Center"]
        );
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

    fn found(text: &str) -> Vec<String> {
        all(text)
            .into_iter()
            .filter(|(_, s)| *s >= crate::FINDING_THRESHOLD)
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn keyword_tables_are_sorted() {
        assert!(SINGLE.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(PAIR_FIRST.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(keyword_single("manor"), Some(Kw::Strong));
        assert_eq!(keyword_single("manors"), None);
        assert_eq!(keyword_pair("water", "park"), Some(Kw::Strong));
        assert_eq!(keyword_pair("medical", "group"), Some(Kw::Org));
        assert_eq!(keyword_pair("walnut", "park"), None);
        for (w, _) in SINGLE {
            assert!(may_be_keyword(w), "{w}");
        }
        for w in PAIR_FIRST {
            assert!(may_be_keyword(w), "{w}");
        }
        assert!(!may_be_keyword("zebra") && !may_be_keyword("") && !may_be_keyword("42"));
    }

    #[test]
    fn other_named_places() {
        for (text, want) in [
            (
                "He was transferred to Riverside Manor last week",
                "Riverside Manor",
            ),
            (
                "Services will be held at Holy Trinity Lutheran Church.",
                "Holy Trinity Lutheran Church",
            ),
            (
                "the bake sale at Hamilton Elementary",
                "Hamilton Elementary",
            ),
            (
                "met at the Oakwood Community Center on Main",
                "Oakwood Community Center",
            ),
            (
                "Story time at Glen Ellyn Public Library",
                "Glen Ellyn Public Library",
            ),
            ("He coaches at Kingsley High School", "Kingsley High School"),
            (
                "Mass at Our Lady of Lourdes Church",
                "Our Lady of Lourdes Church",
            ),
            (
                "a fall at Cascade Falls Water Park",
                "Cascade Falls Water Park",
            ),
            (
                "She works at Bellamy Branch Library",
                "Bellamy Branch Library",
            ),
            (
                "Good Samaritan Hospital is nearby",
                "Good Samaritan Hospital",
            ),
            (
                "Welcome to New Hartford Medical Center",
                "New Hartford Medical Center",
            ),
        ] {
            assert_eq!(found(text), vec![want.to_string()], "{text}");
        }
    }

    #[test]
    fn place_cued_keywords() {
        assert_eq!(
            found("They live over in Cedar Heights now"),
            vec!["Cedar Heights"]
        );
        assert_eq!(
            found("We met at Fairview Crossing"),
            vec!["Fairview Crossing"]
        );
        assert_eq!(found("kids played in Wexford Park"), vec!["Wexford Park"]);
        for t in [
            "We watched Jurassic Park again",
            "played Animal Crossing all weekend",
            "Fairview Crossing has new stores",
            "a walk in the Park",
            "sat in State Park traffic",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", all(t));
        }
    }

    #[test]
    fn generic_and_own_places() {
        for t in [
            "Visit Our New Clinic on Saturday!",
            "Open House At The Community Center.",
            "The Senior Center is closed",
            "Public Library hours changed",
            "Sunday School starts at 9",
            "Grad School applications are due",
            "join the Catholic Church choir",
            "Come see us at our Chatham Clinic",
            "Thanks to the Friends of the Lincoln Library",
            "Learn more from the American Academy of Pediatrics",
            "FAMILY WANTS HOME HOSPICE. WILL CALL.",
            "WEIGHT CLINIC: START WT 250 LB",
            "Apple Health can sync your steps",
            "at the weight clinic",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", all(t));
        }
    }

    #[test]
    fn practices_are_places_only_where_someone_is_seen() {
        assert_eq!(
            found("my doctor at Lakeshore Orthopedics fixed my knee"),
            vec!["Lakeshore Orthopedics"]
        );
        assert_eq!(
            found("records were faxed to Birchwood Pediatrics"),
            vec!["Birchwood Pediatrics"]
        );
        assert!(found("Our friends at Sunnyvale Family Dentistry say brush twice").is_empty());
        assert!(found("this is the front desk at Redbud Dermatology").is_empty());
        assert_eq!(
            found("REFERRED TO DR. JONES, PRAIRIE VIEW DERMATOLOGY, FAX 555-0100."),
            vec!["PRAIRIE VIEW DERMATOLOGY"]
        );
        assert_eq!(
            found("EXPIRED AT LINDEN GROVE HEALTH OF PEORIA."),
            vec!["LINDEN GROVE HEALTH OF PEORIA"]
        );
    }

    #[test]
    fn saints_and_lone_memorials() {
        assert_eq!(
            found("she was seen at st. catherine's yesterday"),
            vec!["st. catherine's"]
        );
        assert_eq!(
            found("Meet me at St. Brendan after work"),
            vec!["St. Brendan"]
        );
        assert_eq!(found("the nurse from Memorial was great"), vec!["Memorial"]);
        assert_eq!(
            found("he is at Mercy General ICU tonight"),
            vec!["Mercy General"]
        );
        assert_eq!(
            found("SEEN AT MERCY GENERAL ER ON 5/2"),
            vec!["MERCY GENERAL"]
        );
        for t in [
            "we flew to St. Louis",
            "Happy St. Patrick's Day!",
            "she takes St. John's wort",
            "in memorial of our friend",
            "Memorial Day sale",
            "we live on St. Clair Street",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", all(t));
        }
    }

    #[test]
    fn lower_case_writing() {
        assert_eq!(
            found("the walk-in at mercy general takes medicaid"),
            vec!["mercy general"]
        );
        assert_eq!(
            found("she went peacefully at heritage manor last night"),
            vec!["heritage manor"]
        );
        assert_eq!(
            found("tag says property of st. luke's medical center, ref AB-12"),
            vec!["st. luke's medical center"]
        );
        assert!(found("in general we close at five").is_empty());
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

    #[test]
    fn homes_and_churches_named_by_their_last_word() {
        assert_eq!(
            found("in her 90s at Heritage Oaks. We will"),
            ["Heritage Oaks"]
        );
        assert_eq!(
            found("married at Trinity Lutheran in Petersburg"),
            ["Trinity Lutheran", "Petersburg"]
        );
    }

    #[test]
    fn a_named_park_before_neighborhood_is_a_place() {
        assert_eq!(
            found("is the office near the Enos Park neighborhood? I don't drive"),
            ["Enos Park"]
        );
        assert!(found("We loved Jurassic Park as kids").is_empty());
    }

    #[test]
    fn the_town_a_named_facility_is_in() {
        assert_eq!(
            found("My grandmother lives at Sunnybrook Manor in Elm Prairie. Dr. Bell drove out"),
            ["Sunnybrook Manor", "Elm Prairie"]
        );
        assert_eq!(
            found("she's at Heritage Pointe Assisted Living in Bellhaven, does Dr. Bell visit?"),
            ["Heritage Pointe Assisted Living", "Bellhaven"]
        );
        assert_eq!(
            found("starts at Westbrook High in the fall"),
            ["Westbrook High"]
        );
    }

    #[test]
    fn facilities_named_after_a_leading_keyword() {
        assert_eq!(
            found("we go to Iglesia Cristo Rey on Sundays"),
            ["Iglesia Cristo Rey"]
        );
        assert_eq!(
            found("my uncle is at Villa Esperanza now"),
            ["Villa Esperanza"]
        );
        assert_eq!(
            found("married at Temple B'nai Shalom"),
            ["Temple B'nai Shalom"]
        );
        assert!(found("Hospital Corporation of America bought it").is_empty());
        assert!(found("We watched Temple Grandin last night").is_empty());
    }
}
