//! LOCATION: street addresses, PO boxes and rural routes.
//!
//! A street address is a house number, an optional direction ("W", "W."), a street name of
//! one to four words (capitalised in mixed-case text, or ordinals such as "95th") and a
//! street suffix ("Street", "St", "Ave", "Blvd", "Dr", "Lane", "Way", "Court", "Pkwy",
//! "Hwy", "Trail"…), or a numbered route ("1200 Route 66", "45 County Road 12"); then an optional unit
//! ("Apt 4B", "Unit 12", "#5", "Suite 210") and an optional ", City, ST 62704". The whole
//! address is one span. A street without a number ("on Elm Street") is a LOCATION when a
//! place word comes before it. "PO Box 1182", "P.O. Box 7" and "Rural Route 2" are found
//! with their city, state and ZIP when those follow; a bare "RR 24" among vital signs ("HR
//! 102 BP 104/62 RR 20") is a respiratory rate and stays weak. Kinds of lanes and roads
//! ("fire lane", "memory lane", "dirt road") are not streets.
//!
//! Validation is structural: the house number must stand alone (not part of a time, a
//! price or a date), name words may not be function words, and in all-caps or all-lower
//! text (where capitals carry no signal) scores are lower.

use super::geo::place_tail;
use super::util::{
    case_free, char_before, continues_number, follows_number, gap, has_digit, is_clock_unit,
    is_space_gap, is_stop_word, is_unit_word, lower_bytes, month_of, prev_word_lower, weekday_of,
    ShapeFilter, WordTable,
};
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::{shape, Scan};
use regex::Regex;
use std::sync::OnceLock;

const ID: &str = "street-address";

/// Finds street addresses, PO boxes and rural routes.
pub struct AddressRecognizer {
    po_box: Regex,
    rural_route: Regex,
}

impl Default for AddressRecognizer {
    fn default() -> Self {
        Self::new()
    }
}

/// How strongly a street suffix marks a street.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Suffix {
    /// Safe even without a house number ("Elm Street").
    Strong,
    /// Only after a house number ("12 Oak Dr", "5 Pine Pl").
    Weak,
}

/// Street suffixes: strong ones are safe even without a house number ("Elm Street"), weak
/// ones only after a house number ("12 Oak Dr", "5 Pine Pl").
static SUFFIXES: &[(&str, Suffix)] = &[
    ("street", Suffix::Strong),
    ("avenue", Suffix::Strong),
    ("road", Suffix::Strong),
    ("boulevard", Suffix::Strong),
    ("blvd", Suffix::Strong),
    ("lane", Suffix::Strong),
    ("drive", Suffix::Strong),
    ("parkway", Suffix::Strong),
    ("pkwy", Suffix::Strong),
    ("highway", Suffix::Strong),
    ("terrace", Suffix::Strong),
    ("court", Suffix::Strong),
    ("circle", Suffix::Strong),
    ("trail", Suffix::Strong),
    ("pike", Suffix::Strong),
    ("turnpike", Suffix::Strong),
    ("expressway", Suffix::Strong),
    ("ave", Suffix::Strong),
    ("rd", Suffix::Strong),
    ("ln", Suffix::Strong),
    ("st", Suffix::Strong),
    ("12 Oak Dr", Suffix::Strong),
    ("5 Pine Pl", Suffix::Strong),
    ("dr", Suffix::Weak),
    ("way", Suffix::Weak),
    ("ct", Suffix::Weak),
    ("place", Suffix::Weak),
    ("pl", Suffix::Weak),
    ("ter", Suffix::Weak),
    ("terr", Suffix::Weak),
    ("cir", Suffix::Weak),
    ("hwy", Suffix::Weak),
    ("trl", Suffix::Weak),
    ("square", Suffix::Weak),
    ("sq", Suffix::Weak),
    ("plaza", Suffix::Weak),
    ("plz", Suffix::Weak),
    ("alley", Suffix::Weak),
    ("aly", Suffix::Weak),
    ("loop", Suffix::Weak),
    ("crossing", Suffix::Weak),
    ("xing", Suffix::Weak),
    ("tpke", Suffix::Weak),
    ("expy", Suffix::Weak),
    ("freeway", Suffix::Weak),
    ("fwy", Suffix::Weak),
    ("row", Suffix::Weak),
    ("path", Suffix::Weak),
    ("ridge", Suffix::Weak),
    ("cove", Suffix::Weak),
    ("bend", Suffix::Weak),
    ("trace", Suffix::Weak),
    ("landing", Suffix::Weak),
    ("commons", Suffix::Weak),
    ("crescent", Suffix::Weak),
    ("cres", Suffix::Weak),
    ("av", Suffix::Weak),
    ("walk", Suffix::Weak),
    ("run", Suffix::Weak),
    ("pass", Suffix::Weak),
    ("point", Suffix::Weak),
    ("pointe", Suffix::Weak),
    ("glen", Suffix::Weak),
    ("hollow", Suffix::Weak),
    ("heights", Suffix::Weak),
    ("hts", Suffix::Weak),
    ("mall", Suffix::Weak),
    ("causeway", Suffix::Weak),
    ("spur", Suffix::Weak),
    ("bypass", Suffix::Weak),
];

/// A cheap pre-check: false for every word that is not a street suffix.
static SUFFIX_SHAPES: ShapeFilter = ShapeFilter::from_keys(SUFFIXES);

fn street_suffix(lower: &str) -> Option<Suffix> {
    static TABLE: OnceLock<WordTable<Suffix>> = OnceLock::new();
    if !SUFFIX_SHAPES.may_contain(lower) {
        return None;
    }
    TABLE.get_or_init(|| WordTable::new(SUFFIXES)).get(lower)
}

fn is_direction(lower: &str) -> bool {
    matches!(
        lower,
        "n" | "s"
            | "e"
            | "w"
            | "ne"
            | "nw"
            | "se"
            | "sw"
            | "north"
            | "south"
            | "east"
            | "west"
            | "northeast"
            | "northwest"
            | "southeast"
            | "southwest"
    )
}

/// A numbered road after a house number: "Route 66", "Hwy 1", "County Road 12".
fn numbered_road(lower: &str) -> bool {
    matches!(
        lower,
        "route"
            | "rte"
            | "highway"
            | "hwy"
            | "county"
            | "state"
            | "us"
            | "farm"
            | "fm"
            | "sr"
            | "cr"
    )
}

fn is_unit_label(lower: &str) -> bool {
    matches!(
        lower,
        "apt"
            | "apartment"
            | "unit"
            | "suite"
            | "ste"
            | "bldg"
            | "building"
            | "fl"
            | "floor"
            | "rm"
            | "room"
            | "lot"
            | "space"
            | "trlr"
            | "no"
    )
}

/// Units of distance, time and amount that follow a number which is no house number.
fn is_measure(lower: &str) -> bool {
    super::util::is_unit_word(lower) || matches!(lower, "block" | "blocks" | "lap" | "laps")
}

/// An ordinal street name: "5th", "95th", "1st", "22nd".
fn is_ordinal(word: &str) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return false;
    }
    let rest = &word[digits..];
    ["st", "nd", "rd", "th"]
        .iter()
        .any(|s| rest.eq_ignore_ascii_case(s))
}

/// A word and a suffix that name a kind of road, not a street: "fire lane", "dirt road".
fn is_generic_way(word: &str, suffix: &str) -> bool {
    match suffix {
        "lane" | "ln" => matches!(
            word,
            "fire"
                | "fast"
                | "slow"
                | "bike"
                | "bus"
                | "left"
                | "right"
                | "middle"
                | "turn"
                | "turning"
                | "passing"
                | "carpool"
                | "express"
                | "memory"
                | "travel"
                | "outside"
                | "inside"
        ),
        "road" | "rd" => matches!(
            word,
            "dirt" | "gravel" | "back" | "toll" | "country" | "side" | "access" | "service"
        ),
        "street" | "st" => matches!(word, "side" | "one" | "two" | "busy" | "quiet"),
        _ => false,
    }
}

/// True when vital-sign words surround byte `at` (six words either side).
fn vitals_near(scan: &Scan, at: usize) -> bool {
    let i = scan.word_at_or_after(at);
    let lo = i.saturating_sub(6);
    let hi = (i + 8).min(scan.words.len());
    (lo..hi).any(|k| {
        matches!(
            scan.word_lower(k),
            "hr" | "bp"
                | "spo2"
                | "sao2"
                | "o2"
                | "sat"
                | "sats"
                | "temp"
                | "pulse"
                | "wbc"
                | "vitals"
                | "vs"
                | "resp"
                | "breaths"
                | "bpm"
                | "mmhg"
                | "ra"
                | "nc"
                | "afebrile"
                | "febrile"
        )
    })
}

/// Words before a street name that mark it as a place: "on Elm Street".
fn is_street_cue(lower: &str) -> bool {
    matches!(
        lower,
        "on" | "off"
            | "at"
            | "near"
            | "along"
            | "down"
            | "up"
            | "to"
            | "from"
            | "onto"
            | "across"
            | "past"
            | "by"
            | "of"
            | "via"
            | "corner"
            | "in"
            | "toward"
            | "towards"
            | "crossing"
            | "crossed"
            | "lives"
            | "live"
    )
}

impl AddressRecognizer {
    pub fn new() -> Self {
        AddressRecognizer {
            po_box: Regex::new(
                r"(?-u:\b)(?:p\.? ?o\.? ?|post office |pob ?)box ?#? ?[0-9]{1,7}(?-u:\b)",
            )
            .expect("valid regex"),
            rural_route: Regex::new(
                r"(?-u:\b)(?:rural route|r\.r\.|rr) ?#? ?[0-9]{1,4}(?:,? ?box ?#? ?[0-9]{1,5})?(?-u:\b)",
            )
            .expect("valid regex"),
        }
    }

    /// True when word `k` may be part of a street name.
    fn name_word(&self, scan: &Scan, k: usize) -> bool {
        let w = scan.words[k];
        let lower = scan.word_lower(k);
        if is_ordinal(lower) {
            return true;
        }
        if !w.has(shape::ALPHA) || is_stop_word(lower) && !matches!(lower, "old" | "new") {
            return false;
        }
        if weekday_of(lower).is_some() {
            return false;
        }
        case_free(scan) || w.has(shape::CAP)
    }

    /// A suffix word at `k` in this text: capitalised in mixed-case text.
    fn suffix_at(&self, scan: &Scan, k: usize) -> Option<Suffix> {
        let w = scan.words[k];
        if !w.has(shape::ALPHA) || w.end - w.start > 10 || (!case_free(scan) && !w.has(shape::CAP))
        {
            return None;
        }
        // "Drive-in", "Way-finding": part of a longer word.
        if scan.text.as_bytes().get(w.end) == Some(&b'-') {
            return None;
        }
        street_suffix(scan.word_lower(k))
    }

    /// The end of the address after its last street word `k` (suffix, direction, unit).
    fn after_street(&self, scan: &Scan, mut k: usize) -> (usize, usize) {
        let n = scan.words.len();
        // Trailing direction: "Main St NW".
        if k + 1 < n && is_space_gap(gap(scan, k)) {
            let w = scan.words[k + 1];
            let lower = scan.word_lower(k + 1);
            if lower.len() <= 2 && is_direction(lower) && (case_free(scan) || w.has(shape::UPPER)) {
                k += 1;
            }
        }
        let mut end = scan.words[k].end;
        // Unit: ", Apt 4B", " Unit 12", " #5", " Suite 210".
        if k + 1 < n {
            let g = gap(scan, k);
            let g2 = g.strip_prefix('.').unwrap_or(g);
            let label = scan.word_lower(k + 1);
            let hash = g2.trim_end().ends_with('#') && g2.len() <= 4;
            if hash && g2.trim_start_matches([',', ' ']).trim() == "#" {
                if scan.words[k + 1].has(shape::DIGIT) || scan.word(k + 1).len() <= 2 {
                    k += 1;
                    end = scan.words[k].end;
                }
            } else if super::util::is_comma_gap(g2) && is_unit_label(label) && k + 2 < n {
                let g3 = gap(scan, k + 1);
                let g3 = g3.strip_prefix('.').unwrap_or(g3);
                let id_ok = matches!(g3.trim(), "" | "#")
                    && g3.len() <= 3
                    && (scan.words[k + 2].has(shape::DIGIT) || scan.word(k + 2).len() <= 2);
                if id_ok && (label != "no" || scan.words[k + 2].has(shape::DIGIT)) {
                    k += 2;
                    end = scan.words[k].end;
                }
            }
        }
        (k, end)
    }

    /// A house number at word `i`: one to six digits, optionally one letter ("12B").
    fn house_number(&self, scan: &Scan, i: usize) -> bool {
        let w = scan.words[i];
        let mut t = scan.word(i);
        // A rural grid address: "N4521 County Rd K", "W12780 Hwy 33".
        if t.len() >= 4
            && matches!(t.as_bytes()[0], b'N' | b'S' | b'E' | b'W')
            && t[1..].bytes().all(|b| b.is_ascii_digit())
        {
            t = &t[1..];
        }
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 6 || t.len() > digits + 1 {
            return false;
        }
        if t.len() == digits + 1 && !t.as_bytes()[digits].is_ascii_alphabetic() {
            return false;
        }
        if t.starts_with('0') {
            return false;
        }
        if follows_number(scan.text, w.start)
            || continues_number(scan.text, w.end)
            || matches!(char_before(scan.text, w.start), Some('$' | '#' | '.' | ','))
        {
            return false;
        }
        !prev_word_lower(scan, i).is_some_and(|p| {
            matches!(
                p,
                "suite" | "ste" | "apt" | "unit" | "room" | "rm" | "box" | "route" | "no"
            )
        })
    }

    fn numbered(&self, scan: &Scan, out: &mut Vec<Entity>) -> usize {
        let n = scan.words.len();
        let mut found = 0;
        let mut i = 0;
        while i + 2 < n {
            // A house number: digits, then a space and a word with a letter.
            if !scan.words[i].has(shape::DIGIT)
                || scan.word(i + 1).bytes().all(|b| b.is_ascii_digit())
                || !is_space_gap(gap(scan, i))
                || !self.house_number(scan, i)
            {
                i += 1;
                continue;
            }
            // "a 2 mile walk", "10 minute drive": a measure, not a house number ("8 Mile
            // Road" is a street).
            let unit = scan.word_lower(i + 1);
            let time_unit = is_clock_unit(unit);
            if is_measure(unit)
                && (time_unit
                    || !matches!(
                        scan.word_lower(i + 2),
                        "road" | "rd" | "street" | "st" | "avenue" | "ave" | "drive" | "blvd"
                    ))
            {
                i += 1;
                continue;
            }
            // "new address is 418 w elm st": after an address word, a street in lower case
            // counts in mixed-case text too.
            let cued = !case_free(scan)
                && (i.saturating_sub(4)..i).any(|c| {
                    matches!(
                        scan.word_lower(c),
                        "address"
                            | "addr"
                            | "moved"
                            | "mail"
                            | "mailed"
                            | "ship"
                            | "shipped"
                            | "reside"
                            | "resides"
                            | "house"
                            | "home"
                            | "apartment"
                            | "live"
                            | "lives"
                            | "living"
                            | "delivered"
                    )
                });
            let mut j = i + 1;
            // Optional direction before the name: "4550 W 95th Street", "907 W. Lawrence".
            let dir_gap = |g: &str| {
                is_space_gap(g) || (scan.word(j).len() <= 2 && g.len() <= 3 && g.starts_with(". "))
            };
            if j + 1 < n && is_direction(scan.word_lower(j)) && dir_gap(gap(scan, j)) {
                let w = scan.words[j];
                if case_free(scan) || w.has(shape::CAP) || cued {
                    j += 1;
                }
            }
            let mut street_end: Option<usize> = None;
            // Numbered road: "1200 Route 66", "45 County Road 12".
            let lower = scan.word_lower(j);
            if numbered_road(lower) && (case_free(scan) || scan.words[j].has(shape::CAP)) {
                let mut k = j;
                if matches!(lower, "county" | "state" | "farm")
                    && k + 1 < n
                    && matches!(
                        scan.word_lower(k + 1),
                        "road" | "route" | "rd" | "hwy" | "highway"
                    )
                {
                    k += 1;
                }
                let road_number = |k: usize| {
                    scan.words[k].has(shape::DIGIT) && scan.word(k).len() <= 4
                        // County roads lettered "K" or "JJ".
                        || (matches!(lower, "county") && scan.words[k].has(shape::UPPER)
                            && scan.word(k).len() <= 2)
                };
                if k + 1 < n && matches!(gap(scan, k), " " | "-" | " #") && road_number(k + 1) {
                    street_end = Some(k + 1);
                }
            }
            let lower_street = |k: usize| {
                cued && scan.words[k].has(shape::ALPHA) && !is_stop_word(scan.word_lower(k))
            };
            // "418 W Elm St Rochester IL": a "St" read as "Saint" that no later suffix
            // follows ends the street after all.
            let mut saint_at = None;
            if street_end.is_none() {
                for len in 1..=4usize {
                    let k = j + len;
                    if k >= n {
                        break;
                    }
                    if !is_space_gap(gap(scan, k - 1))
                        || !(self.name_word(scan, k - 1) || lower_street(k - 1))
                    {
                        break;
                    }
                    let suffix = self.suffix_at(scan, k).is_some()
                        || (lower_street(k) && street_suffix(scan.word_lower(k)).is_some());
                    if suffix {
                        // "St" followed by a capitalised word is "Saint": keep going.
                        let saint = scan.word_lower(k) == "st"
                            && k + 1 < n
                            && matches!(gap(scan, k), " " | ". ")
                            && scan.words[k + 1].has(shape::CAP)
                            && !is_unit_label(scan.word_lower(k + 1))
                            && !is_direction(scan.word_lower(k + 1))
                            && !case_free(scan);
                        if saint && saint_at.is_none() {
                            saint_at = Some(k);
                        }
                        if !saint || len == 4 {
                            // "Pine Ridge Road": the last of several suffixes.
                            let mut k = k;
                            while k + 1 < n
                                && k + 1 - j <= 5
                                && is_space_gap(gap(scan, k))
                                && self.suffix_at(scan, k + 1).is_some()
                            {
                                k += 1;
                            }
                            street_end = Some(k);
                            break;
                        }
                    }
                }
            }
            let Some(k) = street_end.or(saint_at) else {
                i += 1;
                continue;
            };
            // "3 Main Street businesses": a count, not an address.
            if scan.words[i].has(shape::DIGIT)
                && k + 1 < n
                && is_space_gap(gap(scan, k))
                && is_unit_word(scan.word_lower(k + 1))
            {
                i += 1;
                continue;
            }
            let (_, mut end) = self.after_street(scan, k);
            let tail = place_tail(scan, end);
            if let Some(t) = tail {
                end = t;
            }
            let score = match (tail.is_some(), case_free(scan)) {
                (true, false) => 0.95,
                (false, false) => 0.9,
                (true, true) => 0.9,
                (false, true) => 0.85,
            };
            out.push(Entity::new(
                EntityType::Location,
                scan.words[i].start,
                end,
                score,
                ID,
                Explanation::pattern(if tail.is_some() {
                    "street-address+city"
                } else {
                    "street-address"
                })
                .validated("house number, street name and suffix"),
            ));
            found += 1;
            i = scan.word_at_or_after(end);
        }
        found
    }

    /// "on Elm Street", "off Main St.".
    fn unnumbered(&self, scan: &Scan, out: &mut Vec<Entity>, base: usize) {
        let n = scan.words.len();
        let free = case_free(scan);
        for k in 1..n {
            let w = scan.words[k];
            if !w.has(shape::ALPHA)
                || !(free || w.has(shape::CAP))
                || !SUFFIX_SHAPES.may_contain_bytes(lower_bytes(scan, k))
            {
                continue;
            }
            let Some(suffix) = self.suffix_at(scan, k) else {
                continue;
            };
            if suffix != Suffix::Strong {
                continue;
            }
            let lower_suffix = scan.word_lower(k);
            // "St. Luke's" is a saint.
            if lower_suffix == "st"
                && k + 1 < n
                && matches!(gap(scan, k), " " | ". ")
                && scan.words[k + 1].has(shape::CAP)
            {
                continue;
            }
            // Walk back over the name words.
            let mut first = k;
            while first > 0
                && k - first < 3
                && is_space_gap(gap(scan, first - 1))
                && self.name_word(scan, first - 1)
            {
                first -= 1;
            }
            if first == k {
                continue;
            }
            // "the fire lane", "down memory lane": a kind of lane, not a street.
            if first + 1 == k && is_generic_way(scan.word_lower(first), lower_suffix) {
                continue;
            }
            let start = scan.words[first].start;
            if out[base..]
                .iter()
                .any(|e| e.start <= start && start < e.end)
            {
                continue;
            }
            // The name may not be a month or a number-less ordinal only.
            if month_of(scan.word_lower(first)).is_some() && first + 1 == k {
                continue;
            }
            // "Wall Street Journal", "Main Street Bakery": a name of something else.
            if k + 1 < n && is_space_gap(gap(scan, k)) {
                let w = scan.words[k + 1];
                if !case_free(scan)
                    && w.has(shape::CAP)
                    && w.has(shape::ALPHA)
                    && !is_stop_word(scan.word_lower(k + 1))
                {
                    continue;
                }
            }
            let cue = prev_word_lower(scan, first).filter(|p| is_street_cue(p));
            if cue.is_none() && case_free(scan) {
                continue;
            }
            let (_, mut end) = self.after_street(scan, k);
            let tail = place_tail(scan, end);
            if let Some(t) = tail {
                end = t;
            }
            let score = match (cue.is_some(), tail.is_some(), case_free(scan)) {
                (_, true, false) => 0.85,
                (true, false, false) => 0.7,
                (_, _, true) => 0.6,
                (false, false, false) => 0.45,
            };
            let ctx = cue.map(|_| {
                let p = scan.words[first - 1];
                (p.start, p.end)
            });
            out.push(Entity::new(
                EntityType::Location,
                start,
                end,
                score,
                ID,
                Explanation::pattern("street-name")
                    .validated("street name and suffix")
                    .with_context(ctx),
            ));
        }
    }

    /// A numbered highway or exit where someone lives or is: "right off Route 4", "out on Hwy
    /// 29", "just off I-55", "right off exit 88 on I-72". Without a house number it needs the
    /// place word right before it; a road's name must be capitalised in mixed-case text.
    fn highway(&self, scan: &Scan, out: &mut Vec<Entity>, base: usize) {
        let n = scan.words.len();
        // A road at word `k`: its last word, or None.
        let road_at = |k: usize| -> Option<usize> {
            if k >= n {
                return None;
            }
            let w = scan.words[k];
            let word = &scan.text[w.start..w.end];
            // "I-72", "I-55", as one word or as "I", "-", "72"
            if matches!(word, "I" | "i")
                && k + 1 < n
                && gap(scan, k) == "-"
                && (1..=3).contains(&scan.word(k + 1).len())
                && scan.word(k + 1).bytes().all(|b| b.is_ascii_digit())
            {
                return Some(k + 1);
            }
            if let Some(num) = word.strip_prefix("I-").or_else(|| word.strip_prefix("i-")) {
                let ok = (1..=3).contains(&num.len()) && num.bytes().all(|b| b.is_ascii_digit());
                return ok.then_some(k);
            }
            if !matches!(scan.word_lower(k), "route" | "rte" | "highway" | "hwy")
                || (!case_free(scan) && !w.has(shape::CAP))
                || k + 1 >= n
                || gap(scan, k) != " "
            {
                return None;
            }
            let num = scan.words[k + 1];
            let digits = scan.text[num.start..num.end]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            let measure_next = k + 2 < n && is_measure(scan.word_lower(k + 2));
            ((1..=3).contains(&digits) && num.end - num.start <= digits + 1 && !measure_next)
                .then_some(k + 1)
        };
        let mut k = 1;
        while k + 1 < n {
            if gap(scan, k - 1) != " "
                || !matches!(
                    scan.word_lower(k - 1),
                    "off" | "on" | "along" | "near" | "past" | "by" | "at"
                )
            {
                k += 1;
                continue;
            }
            // "exit 88", and the road it is on.
            let exit_end = (scan.word_lower(k) == "exit"
                && gap(scan, k) == " "
                && scan.word(k + 1).len() <= 3
                && scan.word(k + 1).bytes().all(|b| b.is_ascii_digit()))
            .then_some(k + 1);
            let end = match exit_end {
                Some(e) => {
                    let on_road = (e + 2 < n
                        && gap(scan, e) == " "
                        && matches!(scan.word_lower(e + 1), "on" | "off" | "of")
                        && gap(scan, e + 1) == " ")
                        .then(|| road_at(e + 2))
                        .flatten();
                    Some(on_road.unwrap_or(e))
                }
                None => road_at(k),
            };
            let Some(end) = end else {
                k += 1;
                continue;
            };
            let (start, stop) = (scan.words[k].start, scan.words[end].end);
            if out[base..].iter().any(|x| x.start < stop && start < x.end) {
                k = end + 1;
                continue;
            }
            let p = scan.words[k - 1];
            out.push(Entity::new(
                EntityType::Location,
                start,
                stop,
                0.6,
                ID,
                Explanation::pattern("numbered-highway")
                    .validated("numbered road or exit after a place word")
                    .with_context(Some((p.start, p.end))),
            ));
            k = end + 1;
        }
    }

    fn boxes(&self, scan: &Scan, out: &mut Vec<Entity>, base: usize) {
        for (re, pattern, score) in [
            (&self.po_box, "po-box", 0.9f32),
            (&self.rural_route, "rural-route", 0.85),
        ] {
            for m in re.find_iter(&scan.lower) {
                let (s, mut e) = (m.start(), m.end());
                if !scan.boundary_before(s) || !scan.boundary_after(e) {
                    continue;
                }
                // "RR" must be capitals in mixed-case text.
                if pattern == "rural-route" && !case_free(scan) && scan.text.as_bytes()[s] == b'r' {
                    continue;
                }
                if out[base..].iter().any(|x| x.start < e && s < x.end) {
                    continue;
                }
                let bare_rr = pattern == "rural-route"
                    && scan.lower.as_bytes()[s + 1] == b'r'
                    && !scan.lower[s..e].contains("box");
                let tail = place_tail(scan, e);
                if let Some(t) = tail {
                    e = t;
                }
                // "HR 102 BP 104/62 RR 20": a respiratory rate among vital signs.
                let score = if tail.is_some() {
                    score + 0.05
                } else if bare_rr && vitals_near(scan, s) {
                    0.3
                } else {
                    score
                };
                out.push(Entity::new(
                    EntityType::Location,
                    s,
                    e,
                    score,
                    ID,
                    Explanation::pattern(pattern).validated("box or route number"),
                ));
            }
        }
    }
}

impl Recognizer for AddressRecognizer {
    fn id(&self) -> &'static str {
        ID
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let base = out.len();
        if has_digit(scan) {
            self.numbered(scan, out);
            // "Box", "RR", "R.R.", "Rural Route": only then run the patterns.
            let routes = scan.words.iter().any(|w| {
                let l = &scan.lower.as_bytes()[w.start..w.end];
                matches!(l, b"box" | b"rr" | b"r" | b"rural" | b"pobox")
            });
            if routes {
                self.boxes(scan, out, base);
            }
            self.highway(scan, out, base);
        }
        self.unnumbered(scan, out, base);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Input, Kind, FINDING_THRESHOLD};

    fn all(text: &str) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        AddressRecognizer::new().recognize(&scan, &mut out);
        out.sort_by_key(|e| e.start);
        for e in &out {
            assert!(e.start < e.end && e.end <= text.len());
            assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
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

    fn one(text: &str, want: &str) {
        assert_eq!(found(text), vec![want.to_string()], "in {text:?}");
    }

    fn none(text: &str) {
        assert!(found(text).is_empty(), "{text:?} gave {:?}", all(text));
    }

    #[test]
    fn numbered_highways_after_a_place_word() {
        one(
            "we live right off Route 4 near Auburn so it's closer",
            "Route 4",
        );
        one("the farm out on Hwy 29, past the grain bins", "Hwy 29");
        none("Route 4 of the study had issues");
        none("sunny day finally, took my pill and went for a 2 mile walk");
        none("It's a 30 minute drive each way but worth it");
        one(
            "I live right off exit 88 on I-72 so Chatham is closer",
            "exit 88 on I-72",
        );
        one("we're just off I-55 near the outlet mall", "I-55");
        one("we're out past 8 Mile Road now", "8 Mile Road");
        none("on route 4 minutes later");
    }

    #[test]
    fn street_addresses() {
        one(
            "She lives at 742 Evergreen Terrace now",
            "742 Evergreen Terrace",
        );
        one("Mail it to 1200 W Main St.", "1200 W Main St");
        one("4550 W 95th Street", "4550 W 95th Street");
        one("at 12 Oak Dr, Apt 4B today", "12 Oak Dr, Apt 4B");
        one("at 12 Oak Dr #5 today", "12 Oak Dr #5");
        one(
            "350 Pine Ridge Road Suite 210",
            "350 Pine Ridge Road Suite 210",
        );
        one(
            "Send it to 123 Main St., Springfield, IL 62704 please",
            "123 Main St., Springfield, IL 62704",
        );
        one(
            "123 Martin Luther King Jr Blvd, Peoria, IL 61605",
            "123 Martin Luther King Jr Blvd, Peoria, IL 61605",
        );
        one(
            "18 Lakeview Ave NE, Smallville, KS",
            "18 Lakeview Ave NE, Smallville, KS",
        );
        one("1200 Route 66 is the diner", "1200 Route 66");
        one("45 County Road 12", "45 County Road 12");
        one("2 St Marks Place", "2 St Marks Place");
        one("HE LIVES AT 742 EVERGREEN TERRACE", "742 EVERGREEN TERRACE");
        one("he lives at 742 evergreen terrace", "742 evergreen terrace");
    }

    #[test]
    fn boxes_and_routes() {
        one(
            "Write to PO Box 1182, Peoria, IL 61602",
            "PO Box 1182, Peoria, IL 61602",
        );
        one("P.O. Box 77", "P.O. Box 77");
        one("post office box 12", "post office box 12");
        one("Rural Route 2, Box 14", "Rural Route 2, Box 14");
        one("RR 3 outside town", "RR 3");
    }

    #[test]
    fn directions_with_a_period() {
        one("she lives at 412 E. Cherry Ln in town", "412 E. Cherry Ln");
        one(
            "send it to 88 N. Maple St Apt 2B, Auburn, IL 62615 please",
            "88 N. Maple St Apt 2B, Auburn, IL 62615",
        );
        one("Mail goes to 7 SW. Birch Rd", "7 SW. Birch Rd");
        one("she lives at 123 5th Avenue now", "123 5th Avenue");
    }

    #[test]
    fn respiratory_rates_are_not_rural_routes() {
        none("HR 96 BP 120/80 RR 18 SPO2 97% on room air");
        none("T 99.0, HR 88, RR 16, afebrile overnight");
        none("SAT 90% ON 3L NC. RR 26. WBC 11.");
        one("RR 4 Box 19 is the farm", "RR 4 Box 19");
    }

    #[test]
    fn kinds_of_lanes_are_not_streets() {
        none("Do not park in the Fire Lane please");
        none("PLEASE DO NOT PARK IN FIRE LANE");
        none("A trip down Memory Lane with our retirees");
        none("stay in the Bike Lane");
        one("the yard sale on Bramble Lane was fun", "Bramble Lane");
    }

    #[test]
    fn streets_without_numbers() {
        let s = all("the house on Elm Street burned");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].0, "Elm Street");
        assert!((0.65..=0.75).contains(&s[0].1));
        one("Turn onto Old Mill Road", "Old Mill Road");
        none("Wall Street Journal says");
        none("Sesame Street is fun");
        none("Dr. Smith is in");
        none("St. Luke's is busy");
    }

    #[test]
    fn not_addresses() {
        for t in [
            "I have 3 kids and 2 dogs",
            "Take 2 tablets with water",
            "At 10 with Dr. Smith",
            "at 10 with dr smith in the clinic",
            "see you at 3 pm on the way",
            "We saw 12 patients today",
            "Call 911",
            "$5 Main Street special",
            "Room 12 Main Hall",
            "on 3/14 at the way",
            "rated 5 Stars Drive-in",
            "on the street",
            "the main road",
            "sorry, carry 2",
        ] {
            none(t);
        }
    }

    #[test]
    fn odd_input() {
        for t in [
            "",
            "1",
            "1 A",
            "12 St",
            "PO Box",
            "RR",
            "1 Main St,",
            "9 #",
            "9 Elm St #",
        ] {
            let _ = all(t);
        }
    }

    #[test]
    fn through_the_analyzer_the_address_is_one_span() {
        let a = Analyzer::default();
        let text = "Her new place is 88 Birch Lane, Naperville, IL 60540.";
        let (ents, _) = a.entities(&Input::post(text)).unwrap();
        let locs: Vec<_> = ents
            .iter()
            .filter(|e| e.entity_type == EntityType::Location)
            .map(|e| &text[e.start..e.end])
            .collect();
        assert_eq!(locs, vec!["88 Birch Lane, Naperville, IL 60540"]);
    }

    #[test]
    fn saint_that_ends_the_street_and_lower_case_streets_after_an_address_word() {
        one(
            "send it to 418 W Elm St Rochester IL 62563",
            "418 W Elm St Rochester IL 62563",
        );
        one("Nowak here, new address is 418 w elm st", "418 w elm st");
        none("We took 2 way street signs down");
        none("Ana said 2 big st bernards came by");
    }

    #[test]
    fn rural_grid_addresses_and_lettered_county_roads() {
        one(
            "our address is N4521 County Rd K, Lot 7, Pana the gps always gets it wrong",
            "N4521 County Rd K, Lot 7, Pana",
        );
        none("Get N95 masks at the front desk");
    }
}
