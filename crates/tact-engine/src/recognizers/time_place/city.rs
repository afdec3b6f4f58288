//! LOCATION: US cities and towns, alone or with their state ("Peoria, IL", "Cedar Rapids,
//! Iowa", "Naperville IL", "moved to Springfield", "lives in Smallville").
//!
//! Known cities come from `lexicon::city` (one to four words, with the states where a city
//! of that name lies and a rounded population). Scores:
//! - city + state where the city lies in that state: 0.9 (the state and a following ZIP are
//!   part of the span); a state code must be upper case in mixed-case text, and a code that
//!   is also a word or a credential ("IN", "OR", "MD") needs a comma or a known city;
//! - a known city after a place cue ("in", "from", "near", "moved to"…): 0.65–0.8 by
//!   population; without a cue only large cities reach 0.5, smaller ones stay weak;
//! - city names that are common words or first names ("Mobile", "Normal", "Austin") need a
//!   place cue or a state; a state name, a country or a month is never a city here;
//! - an unknown capitalised word with a strong cue ("lives in X", "moving back to X", "I am
//!   in X", "62536 (X)") or a state ("X, KS"): 0.55–0.6; a state naming a plate or a
//!   licence ("Camry, IL plate") does not count;
//! - cues after the name: "the Peoria area" (not "area code"), and a signature closing a
//!   review ("— the Ortiz family, Peoria", "- Mary K., Smallville").
//!
//! In all-caps or all-lower text only cued or state-qualified cities are taken, with lower
//! scores; there a known city may also fill a comma-separated field of a record ("DR. LEE,
//! CARDIOLOGY, PEORIA."), an everyday word ("in bay 6", "to post") needs a phrase cue, and
//! an unknown word needs a phrase cue and must be no dictionary word or given name ("born
//! in guadalajara"). A name followed by a number ("Bay 6") or, in capitals, by a street or
//! facility word ("MAPLEWOOD TERRACE") is not a town.
//!
//! Each word is looked up once: with nothing around it that could make an unknown name a
//! place, only the (small) city list is asked, and the word list only for a city.

use super::geo::{
    city_at_info, fast_state_index, is_credential_code, may_start_big_city, state_at, zip_after,
    StateMatch,
};
use super::util::{
    case_free, gap, is_comma_gap, is_country, is_stop_word, month_of, next_word_lower,
    prev_word_lower, weekday_of, ShapeFilter,
};
use crate::entity::{Entity, EntityType, Explanation};
use crate::lexicon::{self, City, WordInfo};
use crate::recognizers::Recognizer;
use crate::text::{shape, Scan};
use std::cell::OnceCell;

const ID: &str = "us-city";

/// Finds cities and towns.
#[derive(Default)]
pub struct CityRecognizer;

impl CityRecognizer {
    pub fn new() -> Self {
        CityRecognizer
    }
}

/// How a place word before a name supports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cue {
    /// "lives in", "moved to", "town of": enough for an unknown town.
    Phrase,
    /// "in", "from", "near", "drove to".
    Strong,
    /// "at", "to", "of".
    Weak,
}

const MOTION: &[&str] = &[
    "moved",
    "move",
    "moving",
    "moves",
    "relocated",
    "relocating",
    "drove",
    "drive",
    "driving",
    "went",
    "go",
    "going",
    "goes",
    "came",
    "come",
    "coming",
    "traveled",
    "travelled",
    "traveling",
    "travelling",
    "flew",
    "fly",
    "flies",
    "flying",
    "headed",
    "heading",
    "trip",
    "back",
    "way",
    "commute",
    "commutes",
    "commuted",
    "transferred",
    "transfer",
    "sent",
    "airlifted",
    "return",
    "returned",
    "returning",
    "flight",
    "visit",
    "visits",
];

/// Words right before a name that make it a person, not a place.
const TITLES: &[&str] = &[
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "prof",
    "doctor",
    "nurse",
    "rev",
    "father",
    "sister",
    "brother",
    "aunt",
    "uncle",
    "grandma",
    "grandpa",
    "coach",
    "officer",
    "dear",
    "hi",
    "hello",
    "hey",
    "thanks",
    "congrats",
    "congratulations",
    "love",
    "baby",
    "son",
    "daughter",
    "wife",
    "husband",
    "mom",
    "dad",
    "named",
];

fn is_title(lower: &str) -> bool {
    static SHAPES: ShapeFilter = ShapeFilter::new(TITLES);
    SHAPES.may_contain(lower) && TITLES.contains(&lower)
}

fn cue_at(scan: &Scan, i: usize) -> Option<(Cue, (usize, usize))> {
    let p1 = prev_word_lower(scan, i)?;
    let span1 = (scan.words[i - 1].start, scan.words[i - 1].end);
    match p1 {
        "in" | "to" | "from" | "of" => {}
        "near" | "outside" | "around" | "toward" | "towards" | "across" | "throughout"
        | "visiting" | "visited" | "downtown" | "hometown" | "via" => {
            return Some((Cue::Strong, span1))
        }
        "at" => return Some((Cue::Weak, span1)),
        // "leaving for Phoenix", "headed for Lagos"
        "for" => {
            let travel = i >= 2
                && prev_word_lower(scan, i - 1).is_some_and(|p| {
                    matches!(
                        p,
                        "leaving"
                            | "leave"
                            | "left"
                            | "headed"
                            | "heading"
                            | "bound"
                            | "flying"
                            | "flew"
                            | "departing"
                            | "departed"
                    )
                });
            return travel.then(|| (Cue::Strong, (scan.words[i - 2].start, span1.1)));
        }
        _ => return None,
    }
    let mut v = i - 1;
    let mut p2 = if v >= 1 {
        prev_word_lower(scan, v)
    } else {
        None
    };
    // "moving back to", "came back from", "lives back in", "flies out to"
    if matches!(p2, Some("back" | "out")) && v >= 2 && matches!(p1, "to" | "from" | "in") {
        if let Some(p3) = prev_word_lower(scan, v - 1) {
            if p3 != "way" {
                v -= 1;
                p2 = Some(p3);
            }
        }
    }
    let span2 = |end: (usize, usize)| (scan.words[v - 1].start, end.1);
    let cue = match p1 {
        "in" => match p2 {
            Some(
                "lives" | "live" | "living" | "lived" | "reside" | "resides" | "resided"
                | "residing" | "born" | "raised" | "located" | "based" | "settled" | "stays"
                | "stay" | "staying" | "moved" | "home" | "up" | "house" | "farm" | "am"
                | "currently" | "i'm" | "i\u{2019}m" | "grew"
                // "the pharmacy in Ashgrove": a place of business in a town.
                | "pharmacy" | "walgreens" | "cvs" | "hospital" | "branch" | "library"
                | "church",
            ) => return Some((Cue::Phrase, span2(span1))),
            _ => Cue::Strong,
        },
        "to" => match p2 {
            Some("moved" | "moving" | "move" | "relocated" | "relocating" | "moves") => {
                return Some((Cue::Phrase, span2(span1)))
            }
            Some(p) if MOTION.contains(&p) => return Some((Cue::Strong, span2(span1))),
            _ => Cue::Weak,
        },
        "from" => match p2 {
            Some(
                "moved" | "is" | "am" | "are" | "was" | "were" | "hails" | "comes" | "came"
                | "originally" | "relocated" | "here" | "there" | "in" | "up" | "down" | "over"
                | "all"
                // "drove her 40 miles from Pruitt"
                | "miles" | "mi" | "minutes" | "hours" | "drive",
            ) => return Some((Cue::Phrase, span2(span1))),
            Some(p) if MOTION.contains(&p) => return Some((Cue::Phrase, span2(span1))),
            _ => Cue::Strong,
        },
        "of" => match p2 {
            Some(
                "town" | "city" | "village" | "resident" | "residents" | "native" | "suburb"
                | "suburbs" | "outskirts" | "township",
            ) => return Some((Cue::Phrase, span2(span1))),
            _ => Cue::Weak,
        },
        _ => return None,
    };
    Some((cue, span1))
}

/// True when the words around `first..=last` are mostly capitalised (a title-case line),
/// so capitals say little about proper nouns.
fn title_case_near(scan: &Scan, first: usize, last: usize) -> bool {
    let n = scan.words.len();
    let lo = first.saturating_sub(4);
    let hi = (last + 4).min(n.saturating_sub(1));
    let (mut caps, mut total) = (0, 0);
    for k in (lo..first).chain(last + 1..=hi) {
        let w = scan.words[k];
        if !w.has(shape::ALPHA) || w.has(shape::SENTENCE_START) {
            continue;
        }
        let lower = scan.word_lower(k);
        if matches!(
            lower,
            "a" | "an" | "the" | "of" | "in" | "on" | "and" | "or" | "to" | "for"
        ) {
            continue;
        }
        total += 1;
        if w.has(shape::CAP) {
            caps += 1;
        }
    }
    total >= 2 && caps * 3 >= total * 2
}

/// Nouns that make the name before them a street, a facility or a neighbourhood.
fn is_place_noun(lower: &str) -> bool {
    matches!(
        lower,
        "street"
            | "st"
            | "avenue"
            | "ave"
            | "road"
            | "rd"
            | "boulevard"
            | "blvd"
            | "lane"
            | "drive"
            | "dr"
            | "terrace"
            | "court"
            | "ct"
            | "way"
            | "place"
            | "manor"
            | "hospital"
            | "clinic"
            | "center"
            | "centre"
            | "park"
            | "village"
            | "heights"
            | "estates"
            | "gardens"
            | "library"
            | "church"
            | "school"
            | "elementary"
            | "mall"
            | "plaza"
            | "square"
            | "crossing"
            | "commons"
            | "acres"
            | "meadows"
            | "towers"
            | "apartments"
            | "memorial"
            | "regional"
            | "general"
    )
}

/// Words that never start a city name here.
fn skip_word(lower: &str) -> bool {
    (is_stop_word(lower) && !matches!(lower, "new" | "old" | "great" | "good"))
        || month_of(lower).is_some()
        || weekday_of(lower).is_some()
        || is_title(lower)
        || matches!(
            lower,
            "i" | "im" | "ive" | "ill" | "id" | "ok" | "okay" | "yes" | "yeah" | "lol" | "omg"
        )
}

impl CityRecognizer {
    /// True when a state follows within three words after a comma (for all-caps and
    /// all-lower text, where only state-qualified or cued cities are taken).
    fn state_soon(&self, scan: &Scan, i: usize) -> bool {
        let n = scan.words.len();
        let b = scan.text.as_bytes();
        for k in i..(i + 4).min(n.saturating_sub(1)) {
            // The gap after word k, read as bytes: " ", "-", ". " go on; a comma decides.
            let (e, s) = (scan.words[k].end, scan.words[k + 1].start);
            match &b[e..s] {
                b" " | b"-" | b". " => continue,
                g if g.contains(&b',') => {
                    return is_comma_gap(gap(scan, k)) && state_at(scan, k + 1).is_some()
                }
                _ => return false,
            }
        }
        false
    }

    /// A state right after the city's last word, when the combination is acceptable.
    fn state_for(
        &self,
        scan: &Scan,
        first: usize,
        last: usize,
        city: Option<City>,
        info: WordInfo,
    ) -> Option<(usize, StateMatch)> {
        let n = scan.words.len();
        if last + 1 >= n {
            return None;
        }
        let g = gap(scan, last);
        if !is_comma_gap(g) {
            return None;
        }
        let comma = g.contains(',');
        let st = state_at(scan, last + 1)?;
        let in_state = city.is_some_and(|c| c.in_state(st.index));
        if !comma && !in_state {
            return None;
        }
        if st.code {
            let code = scan.word(last + 1);
            // Without a comma a code must be capitals, or (in all-caps or all-lower text)
            // a code that is not also a word ("il" yes, "in" and "or" no).
            let bare_code_ok = scan.words[last + 1].has(shape::UPPER)
                || (case_free(scan)
                    && in_state
                    && !lexicon::word_info(scan.word_lower(last + 1)).is_common_word());
            if !comma && !bare_code_ok {
                return None;
            }
            if is_credential_code(code) {
                // "Jane Austin, MD": a name and a degree.
                let single = first == last;
                let namey = single && (info.is_first_name() || info.is_surname());
                let prev_name = first >= 1
                    && gap(scan, first - 1) == " "
                    && scan.words[first - 1].has(shape::CAP)
                    && !is_stop_word(scan.word_lower(first - 1))
                    && cue_at(scan, first).is_none();
                let big = city.is_some_and(|c| c.population >= 1 << 15);
                if (namey && !big) || prev_name || !in_state {
                    return None;
                }
            }
        }
        let end = zip_after(scan, st.last).unwrap_or(scan.words[st.last].end);
        Some((end, st))
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
        context: Option<(usize, usize)>,
    ) {
        out.push(Entity::new(
            EntityType::Location,
            start,
            end,
            score,
            ID,
            Explanation::pattern(pattern)
                .validated(validation)
                .with_context(context),
        ));
    }

    /// A cue after the place's last word, or around it, when none came before it:
    /// "the Rochester area" (strong), a signature at the end of a review ("— Lacey Odom,
    /// Chandlerville": a phrase cue), or a comma-separated field of a record ("DR. X, PAIN
    /// MGMT, DECATUR."): weak.
    fn cue_after(
        &self,
        scan: &Scan,
        i: usize,
        last: usize,
        sig: &Sig,
    ) -> Option<(Cue, (usize, usize))> {
        let n = scan.words.len();
        if last + 1 < n && gap(scan, last) == " " {
            let k = last + 1;
            // Not "area code".
            let code_next = k + 1 < n && matches!(scan.word_lower(k + 1), "code" | "codes");
            if matches!(
                scan.word_lower(k),
                "area" | "region" | "suburbs" | "vicinity" | "metro"
            ) && !code_next
            {
                return Some((Cue::Strong, (scan.words[k].start, scan.words[k].end)));
            }
        }
        if i == 0 {
            return None;
        }
        let before = gap(scan, i - 1);
        if !before.contains(',') {
            return None;
        }
        let rest = &scan.text[scan.words[last].end..];
        if let Some(dash) = *sig.get_or_init(|| signature_dash(scan)) {
            if dash.1 <= scan.words[i].start && !rest.chars().any(char::is_alphanumeric) {
                return Some((Cue::Phrase, dash));
            }
        }
        let rest = rest.trim_start_matches(' ');
        if case_free(scan) && (rest.is_empty() || rest.starts_with([',', '.', ';', '\n'])) {
            let c = i - 1;
            let comma = scan.words[c].end + before.find(',').unwrap_or(0);
            return Some((Cue::Weak, (comma, comma + 1)));
        }
        None
    }

    /// A known city at `i..=last`. Returns the next word to look at.
    #[allow(clippy::too_many_arguments)]
    fn known(
        &self,
        scan: &Scan,
        i: usize,
        city: City,
        last: usize,
        cend: usize,
        info: WordInfo,
        prev_info: Option<WordInfo>,
        cue: Option<(Cue, (usize, usize))>,
        sig: &Sig,
        out: &mut Vec<Entity>,
    ) -> usize {
        let start = scan.words[i].start;
        let free = case_free(scan);
        let key = &scan.lower[start..cend];
        if let Some((end, st)) = self.state_for(scan, i, last, Some(city), info) {
            let in_state = city.in_state(st.index);
            let score = match (in_state, free) {
                (true, false) => 0.9,
                (true, true) => 0.85,
                (false, false) => 0.7,
                (false, true) => 0.6,
            };
            self.emit(
                out,
                start,
                end,
                score,
                "city+state",
                if in_state {
                    "the city lies in that state"
                } else {
                    "no city of that name in that state"
                },
                cue.map(|c| c.1),
            );
            return scan.word_at_or_after(end);
        }
        // A state ("Washington", "New York") or a country is not a city here.
        let state = if i == last {
            info.is_state_name() || (key.len() == 2 && fast_state_index(key).is_some())
        } else {
            fast_state_index(key).is_some()
        };
        if state || (i == last && is_country(key)) {
            return last + 1;
        }
        let n = scan.words.len();
        // "Chicago Bulls", "Boston Marathon": part of a longer name.
        if !free && last + 1 < n && gap(scan, last) == " " && !scan.words[last].is_possessive() {
            let w = scan.words[last + 1];
            let next = scan.word_lower(last + 1);
            if w.has(shape::CAP)
                && w.has(shape::ALPHA)
                && !is_stop_word(next)
                && month_of(next).is_none()
                && weekday_of(next).is_none()
            {
                // "in Osgood Mills": another town named after this one.
                if cue.is_some() && is_town_suffix(scan.word_base_lower(last + 1)) {
                    self.emit(
                        out,
                        start,
                        scan.words[last + 1].base_end,
                        0.7,
                        "cue+town-name",
                        "a town's name after a place word",
                        cue.map(|c| c.1),
                    );
                }
                return last + 2;
            }
        }
        // "MAPLEWOOD TERRACE", "oak park": in capitals or lower case, the first word of a
        // street, a facility or a neighbourhood.
        if free
            && last + 1 < n
            && gap(scan, last) == " "
            && is_place_noun(scan.word_lower(last + 1))
        {
            return last + 2;
        }
        // "bay 6", "Post 12": a numbered thing, not a town.
        if last + 1 < n
            && gap(scan, last) == " "
            && scan.words[last + 1].has(shape::DIGIT)
            && !scan.words[last + 1].has(shape::ALPHA)
        {
            return last + 1;
        }
        let cue = cue.or_else(|| self.cue_after(scan, i, last, sig));
        // "Tom Jackson": a name before it.
        if !free && i >= 1 && gap(scan, i - 1) == " " && cue.is_none() {
            let p = scan.words[i - 1];
            let pl = scan.word_lower(i - 1);
            if p.has(shape::CAP) && p.has(shape::ALPHA) && !is_stop_word(pl) {
                let pinfo = prev_info.unwrap_or_else(|| lexicon::word_info(pl));
                let common_start = p.has(shape::SENTENCE_START)
                    && pinfo.is_common_word()
                    && !pinfo.is_first_name();
                if !common_start {
                    return last + 1;
                }
            }
        }
        let (common, first_name) = if i == last {
            (
                info.is_common_word() || info.is_ambiguous_name(),
                info.is_first_name(),
            )
        } else {
            (false, false)
        };
        let ambiguous = if i == last {
            common || first_name
        } else {
            (i..=last).all(|k| {
                let info = if k == i {
                    info
                } else {
                    lexicon::word_info(scan.word_base_lower(k))
                };
                info.is_first_name() || info.is_surname()
            })
        };
        let pop = city.population;
        let score = match cue {
            Some((kind @ (Cue::Phrase | Cue::Strong), (cs, ce))) => {
                // "Live In Harmony" in a title-case line.
                if common && title_case_near(scan, i, last) {
                    return last + 1;
                }
                // "in bay 6", "to post": an everyday word in lower-case writing needs more.
                if free
                    && kind == Cue::Strong
                    && i == last
                    && info.english_level().is_some_and(|l| l <= 30)
                {
                    return last + 1;
                }
                if kind == Cue::Strong {
                    // "flowers from Eugene": a person as likely as a place.
                    if first_name && &scan.lower[cs..ce] == "from" {
                        self.emit(
                            out,
                            start,
                            cend,
                            0.45,
                            "cue+city",
                            "city name that is also a first name",
                            Some((cs, ce)),
                        );
                        return last + 1;
                    }
                }
                let s: f32 = if pop >= 1 << 19 {
                    0.8
                } else if pop >= 1 << 16 {
                    0.75
                } else if pop >= 1 << 13 {
                    0.7
                } else {
                    0.65
                };
                let s = if ambiguous { (s - 0.05).max(0.6) } else { s };
                if free {
                    s - 0.05
                } else {
                    s
                }
            }
            Some((Cue::Weak, _)) => {
                if ambiguous {
                    return last + 1;
                }
                let s: f32 = if pop >= 1 << 16 { 0.7 } else { 0.65 };
                if free {
                    s - 0.05
                } else {
                    s
                }
            }
            None => {
                if ambiguous || free {
                    return last + 1;
                }
                if pop >= 1 << 19 {
                    0.6
                } else if pop >= 1 << 17 {
                    0.55
                } else if pop >= 1 << 16 {
                    0.5
                } else {
                    0.3
                }
            }
        };
        self.emit(
            out,
            start,
            cend,
            score,
            if cue.is_some() { "cue+city" } else { "city" },
            "known US city",
            cue.map(|c| c.1),
        );
        last + 1
    }

    /// A city outside the US of 100,000 people or more (one or two words) after a place cue ("in Shanghai",
    /// "family back in Lagos") or before a comma and a country ("Lagos, NG", "Lagos,
    /// Nigeria"). A city that is also a given name ("Santiago", "Sofia") is left to the
    /// person recognizer. Returns the word after the city.
    fn world_city(
        &self,
        scan: &Scan,
        i: usize,
        cue: Option<(Cue, (usize, usize))>,
        out: &mut Vec<Entity>,
    ) -> Option<usize> {
        let n = scan.words.len();
        let lower = scan.word_base_lower(i);
        let two = (i + 1 < n && gap(scan, i) == " ")
            .then(|| &scan.lower[scan.words[i].start..scan.words[i + 1].end]);
        let last = if two.is_some_and(lexicon::is_world_city) {
            i + 1
        } else if lexicon::is_world_city(lower) && {
            // "from Santiago", "to Split": a given name or an everyday word is left alone.
            let info = lexicon::word_info(lower);
            !info.is_first_name() && info.english_level().is_none_or(|l| l > 35) && lower.len() >= 4
        } {
            i
        } else {
            return None;
        };
        let country_after = last + 1 < n && gap(scan, last) == ", " && {
            let w = scan.words[last + 1];
            let t = scan.word(last + 1);
            (t.len() == 2 && w.has(shape::UPPER)) || is_country(scan.word_lower(last + 1))
        };
        let cued = cue.is_some_and(|(c, _)| !matches!(c, Cue::Weak));
        if !(cued || country_after) {
            return None;
        }
        out.push(Entity::new(
            EntityType::Location,
            scan.words[i].start,
            scan.words[last].base_end,
            if country_after { 0.85 } else { 0.8 },
            "world-city",
            Explanation::pattern(if country_after {
                "world-city+country"
            } else {
                "cue+world-city"
            })
            .validated("a city of 100,000 people or more outside the US")
            .with_context(cue.map(|(_, span)| span)),
        ));
        Some(last + 1)
    }

    /// An unknown name with a state after it or a strong cue before it.
    #[allow(clippy::too_many_arguments)]
    fn unknown(
        &self,
        scan: &Scan,
        i: usize,
        info: WordInfo,
        cue: Option<(Cue, (usize, usize))>,
        sig: &Sig,
        out: &mut Vec<Entity>,
    ) -> Option<usize> {
        let n = scan.words.len();
        let free = case_free(scan);
        let w = scan.words[i];
        let lower = scan.word_base_lower(i);
        if is_country(lower)
            || info.is_state_name()
            || (lower.len() == 2 && fast_state_index(lower).is_some())
        {
            return None;
        }
        // "moved to ICU", "moved to YouTube": an acronym or a brand, not a town.
        let word = &scan.text[w.start..w.base_end];
        if !free && (w.has(shape::UPPER) || word.chars().skip(1).any(char::is_uppercase)) {
            return None;
        }
        let strong = matches!(cue, Some((Cue::Phrase | Cue::Strong, _)));
        // "the Kettle Creek Lions Club": a town's club names its town, everyday word or not.
        let civic = i + 2 < n
            && gap(scan, i) == " "
            && gap(scan, i + 1) == " "
            && is_town_suffix(scan.word_base_lower(i + 1))
            && scan.words[i + 1].has(shape::CAP)
            && matches!(
                scan.word_lower(i + 2),
                "lions"
                    | "rotary"
                    | "kiwanis"
                    | "chamber"
                    | "township"
                    | "village"
                    | "city"
                    | "fire"
                    | "volunteer"
                    | "public"
                    | "community"
            );
        if info.is_common_word() && !strong && !civic {
            return None;
        }
        // One or two capitalised words, then a state: "Smallville, KS".
        let mut last = i;
        loop {
            // "PAD/HR, OR PAIN": in capitals a town needs three letters and a state code
            // that is not also a word.
            let short = free && (w.end - w.start < 3);
            let word_code = |st: &StateMatch| {
                free && st.code && lexicon::word_info(scan.word_lower(st.last)).is_common_word()
            };
            if let Some((end, st)) = self
                .state_for(scan, i, last, None, info)
                .filter(|(_, st)| !short && !word_code(st))
            {
                // "the silver Camry, IL plate": a state naming a plate or a licence.
                let adjective = next_word_lower(scan, st.last).is_some_and(|x| {
                    matches!(
                        x,
                        "plate"
                            | "plates"
                            | "tag"
                            | "tags"
                            | "license"
                            | "licence"
                            | "dl"
                            | "id"
                            | "medicaid"
                            | "medicare"
                            | "driver's"
                            | "drivers"
                    )
                });
                if !(st.code && is_credential_code(scan.word(st.last)))
                    && gap(scan, last).contains(',')
                    && !adjective
                {
                    self.emit(
                        out,
                        w.start,
                        end,
                        if free { 0.55 } else { 0.6 },
                        "town+state",
                        "unknown town before a state",
                        cue.map(|c| c.1),
                    );
                    return Some(scan.word_at_or_after(end));
                }
            }
            if free
                || last + 1 - i >= 2
                || last + 1 >= n
                || gap(scan, last) != " "
                || !scan.words[last + 1].has(shape::CAP)
                || !scan.words[last + 1].has(shape::ALPHA)
            {
                break;
            }
            last += 1;
        }
        // "in Osgood Mills", "the mayor of Emmet Grove", "from New Canby": two capitalised
        // words, the second a town's ("Falls", "Corners") or the first "New", need only a
        // place word before them.
        if !free
            && (cue.is_some() || civic)
            && i + 1 < n
            && gap(scan, i) == " "
            && scan.words[i + 1].has(shape::CAP)
            && scan.words[i + 1].has(shape::ALPHA)
            && !w.is_possessive()
            && (is_town_suffix(scan.word_base_lower(i + 1)) || lower == "new")
            // "send it to Tom Mills": a given name before a suffix that is also a surname
            // is a town only after a word that places it.
            && !(info.is_first_name()
                && is_surname_like_suffix(scan.word_base_lower(i + 1))
                && !prev_word_lower(scan, i).is_some_and(is_town_cue))
            && !info.is_state_name()
            // "from New York", "in New Zealand": a state or a country.
            && state_at(scan, i).is_none()
            && !is_country(&scan.lower[w.start..scan.words[i + 1].base_end])
        {
            let end = scan.words[i + 1].base_end;
            self.emit(
                out,
                w.start,
                end,
                0.7,
                "cue+town-name",
                "a town's name after a place word",
                cue.map(|c| c.1),
            );
            return Some(i + 2);
        }
        // "lives in Smallville", "— Lacey Odom, Chandlerville"
        let cue = cue.or_else(|| self.cue_after(scan, i, i, sig));
        let Some((Cue::Phrase, ctx)) = cue else {
            return None;
        };
        // "62536 (Glenarm)": after a ZIP code capitals say nothing about a heading.
        let after_zip = scan.text[ctx.0..ctx.1].bytes().all(|b| b.is_ascii_digit());
        if w.is_possessive()
            || info.is_common_word()
            || info.is_first_name()
            || (!free && !after_zip && title_case_near(scan, i, i))
        {
            return None;
        }
        // The next word may continue a name: "lives in Sunny Acres" is a facility or a
        // neighbourhood the lists do not know; take one or two words.
        let mut end_k = i;
        if !free
            && i + 1 < n
            && gap(scan, i) == " "
            && scan.words[i + 1].has(shape::CAP)
            && scan.words[i + 1].has(shape::ALPHA)
            && !is_stop_word(scan.word_lower(i + 1))
        {
            end_k = i + 1;
        }
        let end = scan.words[end_k].base_end;
        self.emit(
            out,
            w.start,
            end,
            // Above a lone surname's score: "moved to Oxley" names a town.
            if free { 0.5 } else { 0.6 },
            "cue+town",
            "name after a place cue",
            Some(ctx),
        );
        Some(end_k + 1)
    }
}

/// Second words of town names ("Ashby Falls", "Dunmore Corners"), sorted.
const TOWN_SUFFIXES: &[&str] = &[
    "bluff", "bluffs", "corner", "corners", "creek", "crossing", "falls", "ferry", "forge",
    "grove", "harbor", "heights", "hills", "hollow", "junction", "lake", "landing", "mills",
    "prairie", "rapids", "ridge", "springs", "station", "township", "valley", "village",
];

/// True for the second word of a town's name.
pub(crate) fn is_town_suffix(lower: &str) -> bool {
    crate::text::in_sorted(TOWN_SUFFIXES, lower)
}

/// Town suffixes that are also surnames ("Tom Mills", "Rebecca Lake").
pub(crate) fn is_surname_like_suffix(lower: &str) -> bool {
    matches!(
        lower,
        "mills" | "hills" | "ferry" | "grove" | "lake" | "ridge"
    )
}

/// Words that place a name as a town ("in", "of", "from"), not "to" or "at", which a
/// person may follow as well.
pub(crate) fn is_town_cue(lower: &str) -> bool {
    matches!(lower, "in" | "of" | "from" | "near" | "outside" | "around")
}

/// The signature dash of the text, looked for on first need.
type Sig = OnceCell<Option<(usize, usize)>>;

/// The span of a dash that opens a signature at the end of the text ("— the Abernathy
/// family, Pawnee", "- Mary K., Springfield"), if any.
fn signature_dash(scan: &Scan) -> Option<(usize, usize)> {
    let text = scan.text;
    let mut from = text.len().saturating_sub(64);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let tail = &text[from..];
    // A dash or a tilde: '-', '~', or the first byte of '—' and '–'.
    if !tail.bytes().any(|b| matches!(b, b'-' | b'~' | 0xE2)) {
        return None;
    }
    let (k, dash) = tail.char_indices().rev().find(|&(k, c)| {
        matches!(c, '\u{2014}' | '\u{2013}' | '~')
            || (c == '-'
                && (k == 0 || tail[..k].ends_with([' ', '\n']))
                && tail[k + 1..].starts_with(' '))
    })?;
    let after = &tail[k + dash.len_utf8()..];
    if !after.contains(',') || after.contains(['!', '?']) || after.contains(". ") {
        return None;
    }
    Some((from + k, from + k + dash.len_utf8()))
}

impl Recognizer for CityRecognizer {
    fn id(&self) -> &'static str {
        ID
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let n = scan.words.len();
        if n == 0 {
            return;
        }
        let free = case_free(scan);
        // Without a comma no state or field can follow a name.
        let comma = scan.text.contains(',');
        // Looked for only when a name follows a comma.
        let sig = Sig::new();
        // The facts of the last word looked up, to look up no word twice.
        let mut looked: Option<(usize, WordInfo)> = None;
        let mut i = 0;
        while i < n {
            let w = scan.words[i];
            if !w.has(shape::ALPHA) || (!free && !w.has(shape::CAP)) {
                i += 1;
                continue;
            }
            let lower = scan.word_base_lower(i);
            if skip_word(lower) {
                i += 1;
                continue;
            }
            // "Dr. Adams", "Mrs Jackson": a person.
            if i >= 1 && matches!(gap(scan, i - 1), " " | ". ") && is_title(scan.word_lower(i - 1))
            {
                i += 1;
                continue;
            }
            let mut cue = cue_at(scan, i);
            // "62536 (Glenarm)": a name in brackets after a ZIP code.
            if cue.is_none() && i >= 1 && gap(scan, i - 1) == " (" {
                let p = scan.words[i - 1];
                if p.end - p.start == 5 && scan.word(i - 1).bytes().all(|b| b.is_ascii_digit()) {
                    cue = Some((Cue::Phrase, (p.start, p.end)));
                }
            }
            if let Some(next) = self.world_city(scan, i, cue, out) {
                i = next;
                continue;
            }
            if free
                && cue.is_none()
                && !(comma && self.state_soon(scan, i))
                && !(comma && i >= 1 && gap(scan, i - 1).contains(','))
                && !(i + 1 < n && scan.word_lower(i + 1) == "area")
            {
                i += 1;
                continue;
            }
            let prev_info = looked.filter(|l| l.0 + 1 == i).map(|l| l.1);
            // With nothing around the word that could make an unknown name a place, only a
            // known city can come of it: ask the (small) city list first and the word list
            // only for a city.
            // After a comma a name may fill a field of a record (capitals, lower case) or
            // close a signature (the last words of the text).
            let needs_info = cue.is_some()
                || (comma && i >= 1 && (free || i + 3 >= n) && gap(scan, i - 1).contains(','))
                || (comma && self.state_soon(scan, i))
                || (i + 1 < n && scan.word_lower(i + 1) == "area")
                // "the Kettle Creek Lions Club"
                || (i + 2 < n
                    && scan.words[i + 1].has(shape::CAP)
                    && is_town_suffix(scan.word_base_lower(i + 1)));
            if !needs_info {
                // Inside a run of capitalised words ("Maria Delgado", "Tom Jackson"): a
                // person or a longer name, unless the run may be a large city ("San Jose").
                let cap_word = |k: usize| {
                    let w = scan.words[k];
                    w.has(shape::CAP) && w.has(shape::ALPHA) && !is_stop_word(scan.word_lower(k))
                };
                let after_cap = i >= 1
                    && gap(scan, i - 1) == " "
                    && cap_word(i - 1)
                    && !scan.words[i - 1].has(shape::SENTENCE_START);
                let before_cap = i + 1 < n
                    && gap(scan, i) == " "
                    && cap_word(i + 1)
                    && !w.is_possessive()
                    && !may_start_big_city(lower)
                    && state_at(scan, i + 1).is_none();
                // "We're", "I'm": a contraction; "SSN", "BP" in mixed-case text: an
                // abbreviation. Neither is a town.
                let contraction = [
                    "'re",
                    "'m",
                    "'ll",
                    "'ve",
                    "'d",
                    "n't",
                    "\u{2019}re",
                    "\u{2019}m",
                ]
                .iter()
                .any(|c| lower.ends_with(c));
                let acronym = !free && w.has(shape::UPPER) && w.end - w.start > 1;
                if after_cap || before_cap || contraction || acronym {
                    i += 1;
                    continue;
                }
                if let Some((city, last, cend)) = city_at_info(scan, i, None, false) {
                    let info = lexicon::word_info(lower);
                    looked = Some((i, info));
                    i = self.known(scan, i, city, last, cend, info, prev_info, cue, &sig, out);
                    continue;
                }
                i += 1;
                continue;
            }
            let info = lexicon::word_info(lower);
            looked = Some((i, info));
            // In capitals every word is a "capitalised" run: look runs up only after a cue.
            let runs = !free || cue.is_some();
            if let Some((city, last, cend)) = city_at_info(scan, i, Some(info), runs) {
                i = self.known(scan, i, city, last, cend, info, prev_info, cue, &sig, out);
                continue;
            }
            if let Some(next) = self.unknown(scan, i, info, cue, &sig, out) {
                i = next;
                continue;
            }
            i += 1;
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
        CityRecognizer::new().recognize(&scan, &mut out);
        out.sort_by_key(|e| e.start);
        for e in &out {
            assert!(e.start < e.end && e.end <= text.len());
            assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
            assert!((0.0..=1.0).contains(&e.score));
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
        assert_eq!(
            found(text),
            vec![want.to_string()],
            "in {text:?}: {:?}",
            all(text)
        );
    }

    fn none(text: &str) {
        assert!(found(text).is_empty(), "{text:?} gave {:?}", all(text));
    }

    fn score(text: &str) -> f32 {
        let a = all(text);
        assert_eq!(a.len(), 1, "{text:?} gave {a:?}");
        a[0].1
    }

    #[test]
    fn city_and_state() {
        one("Our patient from Peoria, IL was here", "Peoria, IL");
        one(
            "She moved to Cedar Rapids, Iowa last year",
            "Cedar Rapids, Iowa",
        );
        one("Naperville IL families", "Naperville IL");
        one("Rochester, MN 55901 is far", "Rochester, MN 55901");
        one("Springfield, Illinois", "Springfield, Illinois");
        one("Washington, DC", "Washington, DC");
        assert!(score("Peoria, IL") >= 0.85);
        one("Went to St. Louis, MO", "St. Louis, MO");
        // A state code after a comma even when the city is not in it.
        assert!((0.6..0.8).contains(&score("Peoria, VT")));
    }

    #[test]
    fn state_codes_that_are_words() {
        assert_eq!(found("Peoria in the spring"), vec!["Peoria".to_string()]);
        none("Pawnee in the spring");
        none("Jane Austin, MD called");
        none("Dr. Florence, MD");
        none("Florence, PA-C said");
        none("Eugene or Austin");
        none("Great, OK?");
    }

    #[test]
    fn city_alone_with_a_cue() {
        let s = score("She lives in Peoria now");
        assert!((0.65..=0.8).contains(&s), "{s}");
        let big = score("He flew in from Chicago yesterday");
        let small = score("He came from Pawnee yesterday");
        assert!(big > small, "{big} {small}");
        assert!(small >= 0.65);
        one("moved to Mobile last spring", "Mobile");
        one("lives in Normal", "Normal");
        one("drove from Austin", "Austin");
        one("near Eugene", "Eugene");
        one("Chicago's best doctors", "Chicago");
    }

    #[test]
    fn ambiguous_city_names_need_a_cue() {
        none("Mobile phones are welcome");
        none("Normal results!");
        none("Orange juice helps");
        none("Florence Nightingale would be proud");
        none("Eugene called");
        none("Thanks to Jackson for the flowers");
        none("Austin did great");
        none("Tom Jackson came in");
        assert!(all("Dr. Adams really listened").is_empty());
        assert!(all("Thanks Mrs. Florence!").is_empty());
        none("talked to Austin today");
    }

    #[test]
    fn title_case_lines_and_first_names() {
        none("Learning To Live In Harmony With Diabetes");
        none("Finding Strength In Faith And Family");
        one("She grew up in Harmony, MN", "Harmony, MN");
        let s = all("Flowers from Eugene today, thank you!");
        assert!(s.iter().all(|(_, sc)| *sc < 0.5), "{s:?}");
        one("She is from Eugene", "Eugene");
        one("just moved here from dallas and love it", "dallas");
        none("How We Moved To Smallvillia Forever");
    }

    #[test]
    fn city_alone_without_a_cue() {
        let s = score("Chicago weather is rough");
        assert!(s >= 0.5);
        // Small towns stay weak without a cue.
        let s = score("Pawnee was fun");
        assert!(s < 0.5);
        none("Chicago Bulls won");
    }

    #[test]
    fn states_and_countries_are_not_cities() {
        none("She moved to Illinois");
        none("in Texas");
        none("moved to CA");
        none("from New York");
        none("a trip to Jordan");
        none("born in Mexico");
        none("in Lebanon");
        none("from Washington");
    }

    #[test]
    fn unknown_towns_need_strong_cues() {
        one("She lives in Smallvillia now", "Smallvillia");
        one("call it in to the pharmacy in Ashgrovia", "Ashgrovia");
        one("the diner in Osgood Mills closed", "Osgood Mills");
        one("the mayor of Emmet Grove came", "Emmet Grove");
        one("a ride from Fennimore Bluff.", "Fennimore Bluff");
        one("Doc Hennessy used to practice in New Canby", "New Canby");
        none("Please send the records to Tom Mills today");
        one(
            "Leaving for Phoenix on 12/20 to spend the winter",
            "Phoenix",
        );
        one(
            "we drove her 40 miles from Pruittville every month",
            "Pruittville",
        );
        one("Smallvillia, KS", "Smallvillia, KS");
        none("She works in Marketing");
        none("in Zorblax");
        none("He lives in Sarah's house");
        none("She was moved to ICU overnight");
        none("We moved to YouTube");
    }

    #[test]
    fn case_free_text() {
        one("SHE LIVES IN PEORIA NOW", "PEORIA");
        one("she moved to peoria, il last year", "peoria, il");
        one("my grandma lives in normal il and loves it", "normal il");
        one("we spent summers in fort wayne in the past", "fort wayne");
        none("mobile phones are welcome here");
        none("the normal range is fine");
        none("WE ARE OPEN IN THE MORNING");
        let s = score("she lives in peoria now");
        assert!(s < score("She lives in Peoria now"));
    }

    #[test]
    fn odd_input() {
        for t in [
            "",
            "Peoria",
            ",",
            "Peoria,",
            "Peoria, ",
            "in",
            "St.",
            "Peoria, I",
            "É, IL",
        ] {
            let _ = all(t);
        }
    }

    #[test]
    fn signatures_at_the_end_of_a_review() {
        one("Best care ever. — the Delacroix family, Peoria", "Peoria");
        one(
            "Kind staff, short wait.\n- Mary K., Smallvillia",
            "Smallvillia",
        );
        one("Thank you all! ~ Rosa Vance, Normal", "Normal");
        none("Thanks — see you soon, Smallvillia folks!");
        none("We loved it - thanks, Doctor");
    }

    #[test]
    fn cues_after_the_name() {
        one("families in the Peoria area can call", "Peoria");
        one("First stop: 61550 (Smallvillia) on Monday", "Smallvillia");
        none("Pawnee area code");
    }

    #[test]
    fn fields_of_records_in_capitals() {
        one("DR. LEE, CARDIOLOGY, PEORIA. FOLLOW UP", "PEORIA");
        none("DX: CHF, NORMAL, STABLE.");
        none("PT: SMITH, AUSTIN, 62 M");
    }

    #[test]
    fn more_place_cues() {
        one("we're moving back to Smallvillia next year", "Smallvillia");
        one("I am in Zagreb visiting my aunt", "Zagreb");
        one("she was born in monterrey and loves it", "monterrey");
        none("she was born in march and loves it");
        none("I am in Marketing now");
        none("he is in pain today");
        none("drunk guy in bay 6 again");
        none("if you're going to post your photos here");
        none("THE SILVER CAMRY, IL PLATE");
        none("Whoever owns the silver Camry, IL plate ABC 123");
        none("PAD/HR, OR PAIN NOT CONTROLLED");
        one("we drove from new berlin at 3am", "new berlin");
        none("FROM MAPLEWOOD TERRACE, 12 S STATE ST");
    }

    #[test]
    fn through_the_analyzer() {
        let a = Analyzer::default();
        let text = "Our patient from Rochester, MN was transferred to us.";
        let (ents, _) = a.entities(&Input::post(text)).unwrap();
        assert!(ents
            .iter()
            .any(|e| e.entity_type == EntityType::Location
                && &text[e.start..e.end] == "Rochester, MN"));
        let (ents, _) = a
            .entities(&Input::new("Mobile check-in is live!", Kind::Post))
            .unwrap();
        assert!(!ents
            .iter()
            .any(|e| e.entity_type == EntityType::Location && e.score >= 0.5));
    }

    #[test]
    fn large_cities_abroad_with_a_cue_or_a_country() {
        assert_eq!(
            found("an unusual login from IP 198.51.100.23 (Lagos, NG)"),
            ["Lagos"]
        );
        assert_eq!(found("he is in Shanghai until January"), ["Shanghai"]);
        assert_eq!(found("flights from Addis Ababa were late"), ["Addis Ababa"]);
        assert_eq!(found("mom is back from Saigon next week"), ["Saigon"]);
        assert_eq!(found("Bhaji flies out to Phagwara next week"), ["Phagwara"]);
        assert_eq!(
            found("they drove in from Frogtown for the class"),
            ["Frogtown"]
        );
        // Without a cue, and a city that is also a given name, are left alone.
        assert!(found("Shanghai noodles are on the menu").is_empty());
        assert!(found("my cousin from Santiago came").is_empty());
    }
}
