//! DATE: dates with a day or a month.
//!
//! Numeric dates are read from "chunks" of the raw text (runs of ASCII letters, digits and
//! `/ . - : +`), so a date glued to a word ("is5/21") is never taken: `3/14`, `3/14/24`,
//! `03/14/2024`, `3-14-2024`, `14.3.2024`, `2024-03-14`, ISO 8601 date-times with time and
//! zone (one span), `03/2024`, `5-May-2021`, `May-21`, `21-May`, `May-2021`. Spelled-out dates
//! are read word by word: `March 14`, `Mar. 14th`, `14 March`, `14th of March`,
//! `March 14, 2024`, `March 2024`, `March of 2024`, `the 14th` (only in a date context:
//! "on the 14th", "Friday the 18th"), and Spanish or Portuguese `15 de abril (de 2024)`.
//! A weekday before a date confirms it but is not part of it ("Tuesday, ⟦March 14⟧"); a
//! weekday alone is not a date. Numeric dates are looked for only around a separator next
//! to a digit, so prose costs one pass over its bytes.
//!
//! Validation: month 1–12, day 1–31 and no later than the month's last day (February 29
//! only in leap years when the year is known); both month/day and day/month orders are
//! accepted. Slashed pairs that read as fractions, ratings or schedules ("1/2 cup",
//! "5/5 stars", "24/7", "10/10 would recommend", "11/10 pain") are dropped or kept as weak
//! candidates, and so are clinical scales ("murmur, 3/6", "strength 4/5", "Apgars 8/9"); an
//! event after a pair confirms it ("the 1/8 visit").
//! Weak candidates below the finding threshold: "last Tuesday" (0.3), a month after a cue
//! ("in May", 0.2) and a year alone ("since 2019", 0.05: a year alone is not an identifier).

use super::util::{
    case_free, char_at, char_before, continues_number, days_in_month, follows_number, gap,
    has_digit, is_comma_gap, is_space_gap, is_stop_word, is_unit_word, month_of, next_word_lower,
    parse_day, parse_digits, prev_word_lower, weekday_of, ShapeFilter,
};
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::{shape, ContextWords, Scan};
use regex::Regex;

const ID: &str = "date";

/// Finds dates.
pub struct DateRecognizer {
    /// The part of an ISO 8601 date-time after the date: `T14:30:00.123-05:00`.
    iso_tail: Regex,
    /// Words that make a slashed pair or an ordinal read as a date.
    date_context: ContextWords,
}

impl Default for DateRecognizer {
    fn default() -> Self {
        Self::new()
    }
}

/// What a chunk parsed into.
struct Parsed {
    start: usize,
    end: usize,
    score: f32,
    pattern: &'static str,
    validation: &'static str,
    context: Option<(usize, usize)>,
}

/// One part of a chunk: a number (value, digit count) or a month.
#[derive(Clone, Copy)]
enum Part {
    Num(u32, usize),
    Month(u32),
}

fn is_chunk_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'-' | b':' | b'+')
}

fn valid_year(y: u32) -> bool {
    (1800..=2199).contains(&y)
}

/// Day and month valid in either order; returns true if some reading works.
fn valid_pair(a: u32, b: u32, year: Option<u32>) -> bool {
    let md = (1..=12).contains(&a) && b >= 1 && b <= days_in_month(a, year);
    let dm = (1..=12).contains(&b) && a >= 1 && a <= days_in_month(b, year);
    md || dm
}

/// Words before a date that confirm it.
const DATE_CUES: &[&str] = &[
    "on",
    "since",
    "from",
    "until",
    "till",
    "til",
    "by",
    "before",
    "after",
    "dated",
    "date",
    "dob",
    "born",
    "birthday",
    "admitted",
    "discharged",
    "visit",
    "visited",
    "seen",
    "appointment",
    "appt",
    "due",
    "starting",
    "through",
    "thru",
    "effective",
    "scheduled",
    "surgery",
    "died",
    "passed",
    "delivered",
    "closed",
    // "resched to 3/10", "moved 3/3 → 3/10"
    "resched",
    "rescheduled",
    "moved",
];

fn is_date_cue(lower: &str) -> bool {
    DATE_CUES.contains(&lower)
}

/// Words before a slashed pair that make it a rating, a fraction or a measure.
fn is_fraction_lead(lower: &str) -> bool {
    matches!(
        lower,
        "rated"
            | "rate"
            | "rating"
            | "rates"
            | "score"
            | "scored"
            | "scores"
            | "pain"
            | "gave"
            | "give"
            | "giving"
            | "gives"
            | "a"
            | "about"
            | "approximately"
            | "approx"
            | "only"
            | "over"
            | "nearly"
            | "almost"
            | "just"
            | "bp"
            | "pressure"
            | "ratio"
            | "odds"
            | "split"
            | "solid"
            | "easy"
            | "total"
    )
}

/// Words after a slashed pair that make it a rating, a fraction or a measure.
fn is_fraction_tail(lower: &str) -> bool {
    is_unit_word(lower)
        || matches!(
            lower,
            "of" | "off"
                | "pain"
                | "would"
                | "will"
                | "rating"
                | "scale"
                | "split"
                | "chance"
                | "odds"
                | "service"
                | "support"
                | "care"
                | "access"
                | "coverage"
                | "recommend"
                | "highly"
                | "full"
                | "strength"
                | "again"
        )
}

/// The words a spelled-out date is read from: months, weekdays, "the", "de".
static SPELLED_WORDS: ShapeFilter = ShapeFilter::new(&[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "the",
    "de",
]);

/// Month number of a Spanish or Portuguese month name (lower case).
fn foreign_month(lower: &str) -> Option<u32> {
    Some(match lower {
        "enero" | "janeiro" => 1,
        "febrero" | "fevereiro" => 2,
        "marzo" | "mar\u{e7}o" => 3,
        "abril" => 4,
        "mayo" | "maio" => 5,
        "junio" | "junho" => 6,
        "julio" | "julho" => 7,
        "agosto" => 8,
        "septiembre" | "setiembre" | "setembro" => 9,
        "octubre" | "outubro" => 10,
        "noviembre" | "novembro" => 11,
        "diciembre" | "dezembro" => 12,
        _ => return None,
    })
}

/// Clinical scales written as fractions: murmur grades, muscle strength, Apgar scores.
fn is_scale_word(lower: &str) -> bool {
    matches!(
        lower,
        "murmur"
            | "murmurs"
            | "grade"
            | "graded"
            | "strength"
            | "apgar"
            | "apgars"
            | "gcs"
            | "reflexes"
            | "power"
            | "motor"
            | "pain"
            | "score"
            | "scored"
            | "rated"
    )
}

/// Events after a slashed pair that make it a day: "the 1/8 visit".
fn is_event_noun(lower: &str) -> bool {
    matches!(
        lower,
        "visit"
            | "appt"
            | "appointment"
            | "surgery"
            | "procedure"
            | "admission"
            | "discharge"
            | "delivery"
            | "deadline"
            | "checkup"
            | "physical"
            | "follow"
            | "followup"
            | "funeral"
            | "party"
            | "shower"
            | "wedding"
            | "class"
            | "meeting"
            | "event"
            | "clinic"
            | "session"
            | "infusion"
            | "scan"
            | "mri"
            | "ct"
            | "labs"
    )
}

/// The day of a spelled-out ordinal ("twelfth" → 12, "twenty-first" → 21), one to 31.
fn spelled_day(lower: &str) -> Option<u32> {
    const ONES: [&str; 9] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    ];
    const TEENS: [&str; 10] = [
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    if let Some(k) = ONES.iter().position(|w| *w == lower) {
        return Some(k as u32 + 1);
    }
    if let Some(k) = TEENS.iter().position(|w| *w == lower) {
        return Some(k as u32 + 10);
    }
    match lower {
        "twentieth" => return Some(20),
        "thirtieth" => return Some(30),
        _ => {}
    }
    let (tens, rest) = lower.split_once('-')?;
    let base = match tens {
        "twenty" => 20,
        "thirty" => 30,
        _ => return None,
    };
    let unit = ONES.iter().position(|w| *w == rest)? as u32 + 1;
    (base + unit <= 31).then_some(base + unit)
}

/// Words that may follow "the 14th" when it is a date ("on the 14th at 3").
fn may_follow_ordinal_date(lower: &str) -> bool {
    matches!(
        lower,
        "at" | "and"
            | "or"
            | "without"
            | "works"
            | "for"
            | "in"
            | "to"
            | "when"
            | "if"
            | "so"
            | "but"
            | "we"
            | "i"
            | "you"
            | "he"
            | "she"
            | "they"
            | "from"
            | "through"
            | "thru"
            | "until"
            | "till"
            | "is"
            | "was"
            | "will"
            | "around"
            | "by"
            | "please"
            | "then"
            | "as"
            | "because"
            | "after"
            | "before"
            | "this"
            | "next"
            | "last"
            | "our"
            | "my"
            | "her"
            | "his"
            | "their"
            | "the"
            | "with"
            | "instead"
            | "morning"
            | "afternoon"
            | "evening"
            | "night"
            // A new clause: "after her fall on the 2nd nobody called".
            | "nobody"
            | "no"
            | "someone"
            | "somebody"
            | "everyone"
            | "everybody"
            | "it"
            | "it's"
            | "there"
            | "they're"
            | "we're"
            | "i'm"
            | "she's"
            | "he's"
            | "still"
            | "again"
            | "yet"
            | "already"
    )
}

/// Words that make the next word a verb ("to march", "you may").
fn is_verb_lead(lower: &str) -> bool {
    matches!(
        lower,
        "to" | "will"
            | "would"
            | "we"
            | "they"
            | "i"
            | "you"
            | "he"
            | "she"
            | "it"
            | "can"
            | "could"
            | "should"
            | "must"
            | "might"
            | "lets"
            | "let"
            | "please"
            | "who"
            | "which"
            | "that"
            | "and"
            | "or"
            | "patients"
            | "people"
            | "results"
            | "symptoms"
            | "this"
            | "there"
    )
}

fn weekday_modifier(lower: &str) -> bool {
    matches!(lower, "last" | "next" | "this" | "coming" | "past")
}

fn month_alone_cue(lower: &str) -> bool {
    matches!(
        lower,
        "in" | "during"
            | "since"
            | "until"
            | "till"
            | "by"
            | "early"
            | "late"
            | "mid"
            | "last"
            | "next"
            | "this"
            | "of"
            | "through"
            | "before"
            | "after"
            | "from"
    )
}

/// Words before a dotted number that make it a version or a section ("version 1.2.10").
fn is_version_lead(lower: &str) -> bool {
    matches!(
        lower,
        "version"
            | "v"
            | "ver"
            | "ios"
            | "android"
            | "release"
            | "build"
            | "update"
            | "firmware"
            | "section"
            | "sec"
            | "chapter"
            | "step"
            | "rule"
            | "part"
            | "item"
            | "table"
            | "figure"
            | "fig"
            | "app"
    )
}

/// Words before a four-digit number that make it something other than a year.
fn is_non_year_lead(lower: &str) -> bool {
    matches!(
        lower,
        "room"
            | "rm"
            | "suite"
            | "ste"
            | "apt"
            | "unit"
            | "no"
            | "number"
            | "num"
            | "box"
            | "route"
            | "highway"
            | "hwy"
            | "code"
            | "zip"
            | "ext"
            | "extension"
            | "bldg"
            | "building"
            | "floor"
            | "lot"
            | "exit"
            | "pin"
            | "id"
            | "account"
            | "acct"
            | "order"
            | "invoice"
            | "claim"
            | "model"
            | "mrn"
            | "bed"
            | "ward"
            | "over"
            | "under"
            | "about"
            | "approximately"
            | "nearly"
            | "almost"
            | "only"
            | "than"
    )
}

/// Pushes `e` unless a better overlapping entity from this call is already in `out`;
/// removes weaker overlapping ones.
fn push(out: &mut Vec<Entity>, base: usize, e: Entity) {
    let beats =
        |e: &Entity, o: &Entity| e.score > o.score || (e.score == o.score && e.len() > o.len());
    if out[base..].iter().any(|o| o.overlaps(&e) && !beats(&e, o)) {
        return;
    }
    let mut i = base;
    while i < out.len() {
        if out[i].overlaps(&e) {
            out.remove(i);
        } else {
            i += 1;
        }
    }
    out.push(e);
}

impl DateRecognizer {
    pub fn new() -> Self {
        DateRecognizer {
            iso_tail: Regex::new(
                r"^[Tt][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?$",
            )
            .expect("valid regex"),
            date_context: ContextWords::new(DATE_CUES),
        }
    }

    fn entity(&self, p: Parsed) -> Entity {
        Entity::new(
            EntityType::Date,
            p.start,
            p.end,
            p.score,
            ID,
            Explanation::pattern(p.pattern)
                .validated(p.validation)
                .with_context(p.context),
        )
    }

    // ---------------------------------------------------------------- numeric chunks

    fn numeric(&self, scan: &Scan, out: &mut Vec<Entity>, base: usize) {
        let b = scan.text.as_bytes();
        let len = b.len();
        // End of the last chunk read: a chunk holds several words.
        let mut done = 0;
        let is_sep = |c: u8| matches!(c, b'/' | b'.' | b'-');
        // Every numeric date has a separator with a digit on one side and a letter or a
        // digit on the other: look only around the words that hold a digit.
        for w in &scan.words {
            if !w.has(shape::DIGIT) || w.end <= done {
                continue;
            }
            let before =
                w.start >= 2 && is_sep(b[w.start - 1]) && b[w.start - 2].is_ascii_alphanumeric();
            let after = w.end + 1 < len && is_sep(b[w.end]) && b[w.end + 1].is_ascii_alphanumeric();
            if !before && !after {
                continue;
            }
            let mut s = w.start;
            while s > 0 && is_chunk_byte(b[s - 1]) {
                s -= 1;
            }
            let mut e = w.end;
            while e < len && is_chunk_byte(b[e]) {
                e += 1;
            }
            done = e;
            self.chunk(scan, s, e, out, base);
        }
    }

    /// One run of letters, digits and `/ . - : +` around a separator.
    fn chunk(&self, scan: &Scan, mut s: usize, mut e: usize, out: &mut Vec<Entity>, base: usize) {
        let b = scan.text.as_bytes();
        while s < e && matches!(b[s], b'/' | b'.' | b'-' | b':' | b'+') {
            s += 1;
        }
        while e > s && matches!(b[e - 1], b'/' | b'.' | b'-' | b':' | b'+') {
            e -= 1;
        }
        if e - s < 3 || e - s > 40 {
            return;
        }
        let chunk = &b[s..e];
        if !scan.boundary_before(s) || !scan.boundary_after(e) {
            return;
        }
        if char_before(scan.text, s) == Some('$') {
            return;
        }
        if let Some(p) = self.parse_chunk(scan, s, e) {
            let p = self.with_weekday(scan, p);
            push(out, base, self.entity(p));
        } else if chunk.contains(&b'/') && chunk.contains(&b'-') {
            // A range of dates: "5/20-5/25".
            let mut ps = s;
            let dashes = b[s..e]
                .iter()
                .enumerate()
                .filter(|(_, &c)| c == b'-')
                .map(|(k, _)| s + k);
            for k in dashes.chain([e]) {
                if k > ps {
                    if let Some(p) = self.parse_chunk(scan, ps, k) {
                        push(out, base, self.entity(p));
                    }
                }
                ps = k + 1;
            }
        }
    }

    /// A weekday right before a date ("Tuesday, 3/14") confirms it; the weekday itself is
    /// not part of the date.
    fn with_weekday(&self, scan: &Scan, mut p: Parsed) -> Parsed {
        if let Some(day) = weekday_prefix(scan, p.start) {
            if p.pattern == "month/day" {
                p.score = p.score.max(if p.score < 0.5 { 0.6 } else { 0.75 });
            }
            p.context = p.context.or(Some(day));
        }
        p
    }

    fn parse_chunk(&self, scan: &Scan, s: usize, e: usize) -> Option<Parsed> {
        let text = &scan.text[s..e];
        let b = text.as_bytes();
        // ISO 8601: yyyy-mm-dd with an optional time and zone.
        if b.len() >= 10
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[5..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..10].iter().all(u8::is_ascii_digit)
        {
            let y = parse_digits(&text[..4])?;
            let m = parse_digits(&text[5..7])?;
            let d = parse_digits(&text[8..10])?;
            if !valid_year(y) || !(1..=12).contains(&m) || d == 0 || d > days_in_month(m, Some(y)) {
                return None;
            }
            let rest = &text[10..];
            let pattern = if rest.is_empty() {
                "iso-date"
            } else if self.iso_tail.is_match(rest) {
                "iso-date-time"
            } else {
                return None;
            };
            return Some(Parsed {
                start: s,
                end: e,
                score: 0.95,
                pattern,
                validation: "month and day valid",
                context: None,
            });
        }
        if b.iter().any(|&c| c == b':' || c == b'+') {
            return None;
        }
        // Split into at most three parts with their separators.
        let mut parts: [Option<Part>; 3] = [None; 3];
        let mut seps = [0u8; 2];
        let mut n = 0;
        let mut ps = 0;
        for k in 0..=b.len() {
            if k < b.len() && !matches!(b[k], b'/' | b'.' | b'-') {
                continue;
            }
            if n == 3 || k == ps {
                return None;
            }
            let piece = &text[ps..k];
            let lower = &scan.lower[s + ps..s + k];
            parts[n] = Some(if let Some(v) = parse_digits(piece) {
                Part::Num(v, piece.len())
            } else if let Some((m, _)) = month_of(lower) {
                Part::Month(u32::from(m))
            } else {
                return None;
            });
            if k < b.len() {
                if n == 2 {
                    return None;
                }
                seps[n] = b[k];
            }
            n += 1;
            ps = k + 1;
        }
        let mk = |score: f32, pattern: &'static str| {
            Some(Parsed {
                start: s,
                end: e,
                score,
                pattern,
                validation: "month and day valid",
                context: None,
            })
        };
        match (n, parts[0]?, parts[1]?, parts[2]) {
            // m/d or m/yyyy
            (2, Part::Num(a, la), Part::Num(bv, lb), None) if seps[0] == b'/' => {
                if la <= 2 && lb == 4 {
                    if (1..=12).contains(&a) && valid_year(bv) {
                        return Some(Parsed {
                            start: s,
                            end: e,
                            score: 0.75,
                            pattern: "month/year",
                            validation: "month valid",
                            context: None,
                        });
                    }
                    return None;
                }
                if la <= 2 && lb <= 2 {
                    return self.month_day(scan, s, e, a, bv);
                }
                None
            }
            (3, Part::Num(a, la), Part::Num(bv, lb), Some(Part::Num(c, lc))) => {
                if seps[0] != seps[1] {
                    return None;
                }
                let sep = seps[0];
                if la == 4 {
                    // yyyy/mm/dd, yyyy.mm.dd, yyyy-m-d
                    if lb > 2 || lc > 2 || !valid_year(a) || !(1..=12).contains(&bv) {
                        return None;
                    }
                    if c == 0 || c > days_in_month(bv, Some(a)) {
                        return None;
                    }
                    return mk(if sep == b'.' { 0.9 } else { 0.95 }, "year-month-day");
                }
                if la > 2 || lb > 2 || !(lc == 2 || lc == 4) {
                    return None;
                }
                let year = if lc == 4 {
                    c
                } else if c <= 40 {
                    2000 + c
                } else {
                    1900 + c
                };
                if !valid_year(year) || !valid_pair(a, bv, Some(year)) {
                    return None;
                }
                if sep == b'.' {
                    if let Some(w) = self.word_before(scan, s) {
                        if is_version_lead(w) {
                            return None;
                        }
                    }
                }
                let score = if lc == 4 { 0.95 } else { 0.9 };
                mk(score, "numeric-date")
            }
            // 5-May-2021, 5/May/21
            (3, Part::Num(d, ld), Part::Month(m), Some(Part::Num(y, ly))) => {
                if seps[0] != seps[1] || seps[0] == b'.' || ld > 2 || !(ly == 2 || ly == 4) {
                    return None;
                }
                let year = if ly == 4 { y } else { 2000 + y };
                if ly == 4 && !valid_year(y) {
                    return None;
                }
                if d == 0 || d > days_in_month(m, Some(year)) {
                    return None;
                }
                mk(0.9, "day-month-year")
            }
            // May-5-2021
            (3, Part::Month(m), Part::Num(d, ld), Some(Part::Num(y, ly))) => {
                if seps[0] != seps[1] || seps[0] == b'.' || ld > 2 || !(ly == 2 || ly == 4) {
                    return None;
                }
                if d == 0 || d > days_in_month(m, None) || (ly == 4 && !valid_year(y)) {
                    return None;
                }
                mk(0.9, "month-day-year")
            }
            // May-21, May-2021
            (2, Part::Month(m), Part::Num(x, lx), None) => {
                if seps[0] != b'-' && seps[0] != b'/' {
                    return None;
                }
                if lx == 4 {
                    return valid_year(x).then_some(Parsed {
                        start: s,
                        end: e,
                        score: 0.8,
                        pattern: "month-year",
                        validation: "month valid",
                        context: None,
                    });
                }
                // Day or two-digit year: either way a date.
                if lx <= 2 && x >= 1 && (x <= days_in_month(m, None) || lx == 2) {
                    return mk(0.8, "month-day");
                }
                None
            }
            // 21-May
            (2, Part::Num(d, ld), Part::Month(m), None) => {
                if seps[0] != b'-' && seps[0] != b'/' {
                    return None;
                }
                if ld <= 2 && d >= 1 && d <= days_in_month(m, None) {
                    return mk(0.8, "day-month");
                }
                None
            }
            _ => None,
        }
    }

    /// The lower-cased word right before byte `s`, when only spaces separate them.
    fn word_before<'s>(&self, scan: &'s Scan, s: usize) -> Option<&'s str> {
        let i = scan.word_at_or_after(s);
        if i == 0 {
            return None;
        }
        let w = scan.words[i - 1];
        let between = scan.text.get(w.end..s)?;
        if between.is_empty() || !between.bytes().all(|c| c == b' ' || c == b'\t') {
            return None;
        }
        Some(&scan.lower[w.start..w.end])
    }

    /// The lower-cased word right after byte `e`, when only spaces separate them.
    fn word_after<'s>(&self, scan: &'s Scan, e: usize) -> Option<&'s str> {
        let i = scan.word_at_or_after(e);
        let w = scan.words.get(i)?;
        let between = scan.text.get(e..w.start)?;
        if between.is_empty() || !between.bytes().all(|c| c == b' ' || c == b'\t') {
            return None;
        }
        Some(&scan.lower[w.start..w.end])
    }

    /// True when a clinical scale word comes just before byte `s` in the same clause
    /// ("murmur, 3/6", "strength 4/5 bilaterally", "Apgars 8/9").
    fn scale_near(&self, scan: &Scan, s: usize) -> bool {
        let i = scan.word_at_or_after(s);
        for k in (i.saturating_sub(2)..i).rev() {
            let Some(between) = scan.text.get(scan.words[k].end..s) else {
                return false;
            };
            if between
                .bytes()
                .any(|b| matches!(b, b'.' | b'!' | b'?' | b'\n' | b';'))
            {
                return false;
            }
            if is_scale_word(scan.word_lower(k)) {
                return true;
            }
        }
        false
    }

    /// A slashed pair without a year: a date, or a fraction, a rating or a schedule.
    fn month_day(&self, scan: &Scan, s: usize, e: usize, a: u32, b: u32) -> Option<Parsed> {
        if !valid_pair(a, b, None) || (a == 24 && b == 7) {
            return None;
        }
        if char_at(scan.text, e) == Some('%') {
            return None;
        }
        let after = self.word_after(scan, e);
        if after.is_some_and(is_fraction_tail) {
            return None;
        }
        if let Some(w) = self.word_before(scan, s) {
            if is_fraction_lead(w) || w.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
        }
        if self.scale_near(scan, s) {
            return None;
        }
        // "the 1/8 visit", "3/14 appointment": an event names the day.
        let context = scan.context_before(s, 3, &self.date_context).or_else(|| {
            after.filter(|w| is_event_noun(w)).map(|_| {
                let k = scan.word_at_or_after(e);
                (scan.words[k].start, scan.words[k].end)
            })
        });
        // "11/10 would recommend": a rating past the top of the scale.
        let suspicious = a == b
            || (b == 5 && a <= 5)
            || (b == 10 && a <= 11)
            || (a < b && matches!(b, 2 | 3 | 4 | 8 | 16));
        let score = match (suspicious, context.is_some()) {
            (true, false) if a == b => return None,
            (true, false) => 0.3,
            (true, true) => 0.6,
            (false, false) => 0.7,
            (false, true) => 0.75,
        };
        Some(Parsed {
            start: s,
            end: e,
            score,
            pattern: "month/day",
            validation: if suspicious {
                "could be a fraction or a rating"
            } else {
                "month and day valid"
            },
            context,
        })
    }

    // ---------------------------------------------------------------- spelled-out dates

    fn spelled(&self, scan: &Scan, out: &mut Vec<Entity>, base: usize, has_digit: bool) {
        for i in 0..scan.words.len() {
            let w = scan.words[i];
            if !w.has(shape::ALPHA) || w.end - w.start > 9 {
                continue;
            }
            if !SPELLED_WORDS.may_contain_bytes(&scan.lower.as_bytes()[w.start..w.end]) {
                continue;
            }
            let lower = scan.word_lower(i);
            if let Some((m, abbrev)) = month_of(lower) {
                if has_digit && self.month_forms(scan, i, u32::from(m), abbrev, out, base) {
                    continue;
                }
                if !abbrev {
                    self.month_alone(scan, i, out, base);
                }
            } else if has_digit && lower == "the" {
                self.the_ordinal(scan, i, out, base);
            } else if has_digit && lower == "de" {
                self.day_de_month(scan, i, out, base);
            } else if weekday_of(lower) == Some(true) {
                self.weekday(scan, i, out, base);
            }
        }
    }

    /// Whether the month word at `i` may be a month here (not "may" the verb, not "march"
    /// the verb). `strong` says a day with an ordinal suffix, a year or a date cue is near.
    fn month_word_ok(&self, scan: &Scan, i: usize, strong: bool) -> bool {
        let w = scan.words[i];
        let lower = scan.word_lower(i);
        let prev = prev_word_lower(scan, i);
        let verb_like = prev.is_some_and(is_verb_lead);
        let capitalised = w.has(shape::CAP);
        if lower == "may" || lower == "march" {
            let proper_noun = capitalised && !case_free(scan);
            if verb_like && !strong && !proper_noun {
                return false;
            }
            if lower == "may" && !capitalised {
                return strong;
            }
        }
        if capitalised {
            return true;
        }
        if scan.all_lower {
            return strong || !verb_like;
        }
        strong
    }

    /// Dates built around the month word at `i`. Returns true when one was found.
    fn month_forms(
        &self,
        scan: &Scan,
        i: usize,
        m: u32,
        abbrev: bool,
        out: &mut Vec<Entity>,
        base: usize,
    ) -> bool {
        let n = scan.words.len();
        let cue_before = |k: usize| {
            prev_word_lower(scan, k).is_some_and(is_date_cue)
                || weekday_prefix(scan, scan.words[k].start).is_some()
        };
        if self.day_first(scan, i, m, out, base) {
            return true;
        }
        // After the month: "March 14", "March 14th, 2024", "Mar. 14", "March 2024".
        if i + 1 < n {
            let g = gap(scan, i);
            let g_ok = is_space_gap(g)
                || (abbrev && g.starts_with('.') && is_space_gap(&g[1..]))
                || (g.starts_with(',') && is_space_gap(&g[1..]));
            let j = i + 1;
            let wj = scan.words[j];
            let tok = scan.word(j);
            // "March the 3rd": the day as an ordinal after "the".
            if g_ok
                && tok == "the"
                && (scan.words[i].has(shape::CAP) || case_free(scan))
                && j + 1 < n
                && is_space_gap(gap(scan, j))
                && self.month_word_ok(scan, i, true)
            {
                if let Some((day, true)) = parse_day(scan.word(j + 1)) {
                    if day <= days_in_month(m, None)
                        && !continues_number(scan.text, scan.words[j + 1].end)
                    {
                        let p = Parsed {
                            start: self.date_start(scan, i),
                            end: scan.words[j + 1].end,
                            score: self.spelled_score(false, true),
                            pattern: "month-the-day",
                            validation: "month and day valid",
                            context: None,
                        };
                        push(out, base, self.entity(p));
                        return true;
                    }
                }
            }
            // "Sept '23": a month and a year cut to two digits.
            if matches!(g, " '" | " \u{2019}")
                && tok.len() == 2
                && tok.bytes().all(|b| b.is_ascii_digit())
                && !continues_number(scan.text, wj.end)
                && self.month_word_ok(scan, i, true)
            {
                let p = Parsed {
                    start: self.date_start(scan, i),
                    end: wj.end,
                    score: 0.75,
                    pattern: "month-'year",
                    validation: "month valid",
                    context: None,
                };
                push(out, base, self.entity(p));
                return true;
            }
            if g_ok && !g.starts_with(',') {
                if let Some((day, suffix)) = parse_day(tok) {
                    if day <= days_in_month(m, None)
                        && !continues_number(scan.text, wj.end)
                        && char_at(scan.text, wj.end) != Some('%')
                    {
                        let year = self.year_after(scan, j);
                        let unit_next = !suffix
                            && year.is_none()
                            && next_word_lower(scan, j).is_some_and(is_unit_word);
                        // "b-day feb 29": a month word that is no other word needs no
                        // capital.
                        let plain_month = matches!(
                            scan.word_lower(i),
                            "feb"
                                | "febr"
                                | "apr"
                                | "aug"
                                | "sep"
                                | "sept"
                                | "oct"
                                | "nov"
                                | "dec"
                                | "january"
                                | "february"
                                | "september"
                                | "october"
                                | "november"
                                | "december"
                        );
                        let strong = suffix || year.is_some() || cue_before(i) || plain_month;
                        let day_ok = year.is_none_or(|(y, _)| day <= days_in_month(m, Some(y)));
                        if !unit_next && day_ok && self.month_word_ok(scan, i, strong) {
                            let start = self.date_start(scan, i);
                            let end = year.map_or(wj.end, |(_, e)| e);
                            let score = self.spelled_score(year.is_some(), suffix);
                            let p = Parsed {
                                start,
                                end,
                                score,
                                pattern: if year.is_some() {
                                    "month-day-year"
                                } else {
                                    "month-day"
                                },
                                validation: "month and day valid",
                                context: None,
                            };
                            push(out, base, self.entity(p));
                            return true;
                        }
                    }
                }
            }
            // "March 2024", "March of 2024"
            // Not "the march of 2000 nurses": a count of things.
            let count_next = |k: usize| {
                next_word_lower(scan, k)
                    .is_some_and(|w| scan.words[k + 1].has(shape::ALPHA) && !is_stop_word(w))
            };
            let (j, wj, tok) = if tok == "of"
                && g_ok
                && (scan.words[i].has(shape::CAP) || case_free(scan))
                && j + 1 < n
                && is_space_gap(gap(scan, j))
                && scan.words[j + 1].end - scan.words[j + 1].start == 4
                && !count_next(j + 1)
            {
                (j + 1, scan.words[j + 1], scan.word(j + 1))
            } else {
                (j, wj, tok)
            };
            if g_ok && tok.len() == 4 && parse_digits(tok).is_some_and(valid_year) {
                let follow_bad = continues_number(scan.text, wj.end)
                    || next_word_lower(scan, j)
                        .is_some_and(|w| is_unit_word(w) || matches!(w, "be" | "bring"));
                if !follow_bad && self.month_word_ok(scan, i, true) {
                    let start = self.date_start(scan, i);
                    let p = Parsed {
                        start,
                        end: wj.end,
                        score: if case_free(scan) || scan.words[i].has(shape::CAP) {
                            0.8
                        } else {
                            0.75
                        },
                        pattern: "month-year",
                        validation: "month valid",
                        context: None,
                    };
                    push(out, base, self.entity(p));
                    return true;
                }
            }
        }
        false
    }

    /// Day-first dates: "14 March", "14th of March", "the 14th of March 2024".
    fn day_first(&self, scan: &Scan, i: usize, m: u32, out: &mut Vec<Entity>, base: usize) -> bool {
        let cue_before = |k: usize| prev_word_lower(scan, k).is_some_and(is_date_cue);
        let day_at = |k: usize| -> Option<(u32, bool)> {
            let wk = scan.words[k];
            if follows_number(scan.text, wk.start) {
                return None;
            }
            parse_day(scan.word(k))
        };
        let mut found: Option<(usize, u32, bool)> = None;
        if i >= 1 && is_space_gap(gap(scan, i - 1)) {
            if let Some((d, suf)) = day_at(i - 1) {
                found = Some((i - 1, d, suf));
            }
        }
        if found.is_none()
            && i >= 2
            && scan.word_lower(i - 1) == "of"
            && is_space_gap(gap(scan, i - 1))
            && is_space_gap(gap(scan, i - 2))
        {
            if let Some((d, suf)) = day_at(i - 2).filter(|&(_, suf)| suf) {
                found = Some((i - 2, d, suf));
            }
        }
        let Some((k, day, suffix)) = found else {
            return false;
        };
        if day > days_in_month(m, None) {
            return false;
        }
        let year = self.year_after_month(scan, i);
        if year.is_some_and(|(y, _)| day > days_in_month(m, Some(y))) {
            return false;
        }
        let strong = suffix || year.is_some() || cue_before(k);
        if !self.month_word_ok(scan, i, strong) {
            return false;
        }
        if !suffix && year.is_none() && !cue_before(k) {
            // "3 March appointments": a count of things.
            if let Some(next) = next_word_lower(scan, i) {
                let wn = scan.words[i + 1];
                if wn.has(shape::LOWER) && wn.has(shape::ALPHA) && !is_stop_word(next) {
                    return false;
                }
            }
            if prev_word_lower(scan, k).is_some_and(|p| {
                matches!(p, "have" | "had" | "has" | "with" | "than" | "aged" | "age")
            }) {
                return false;
            }
        }
        let mut start = scan.words[k].start;
        if k >= 1 && scan.word_lower(k - 1) == "the" && is_space_gap(gap(scan, k - 1)) {
            start = scan.words[k - 1].start;
        }
        let end = year.map_or(scan.words[i].end, |(_, e)| e);
        let score = self.spelled_score(year.is_some(), suffix);
        let p = Parsed {
            start,
            end,
            score,
            pattern: if year.is_some() {
                "day-month-year"
            } else {
                "day-month"
            },
            validation: "month and day valid",
            context: None,
        };
        push(out, base, self.entity(p));
        true
    }

    /// Month name and day: 0.85–0.9. A lower-case month in mixed-case text has already
    /// needed a suffix, a year or a date cue to get here.
    fn spelled_score(&self, year: bool, suffix: bool) -> f32 {
        if year {
            0.9
        } else if suffix {
            0.88
        } else {
            0.85
        }
    }

    /// Start of a date whose first word is `i` (a weekday before it is not part of it).
    fn date_start(&self, scan: &Scan, i: usize) -> usize {
        scan.words[i].start
    }

    /// A four-digit year after the day word `j`: "14, 2024", "14 2024".
    fn year_after(&self, scan: &Scan, j: usize) -> Option<(u32, usize)> {
        if j + 1 >= scan.words.len() || !is_comma_gap(gap(scan, j)) {
            return None;
        }
        self.year_word(scan, j + 1)
    }

    /// A four-digit year after the month word `i` in a day-first date: "14 March 2024".
    fn year_after_month(&self, scan: &Scan, i: usize) -> Option<(u32, usize)> {
        if i + 1 >= scan.words.len() {
            return None;
        }
        let g = gap(scan, i);
        let g = g.strip_prefix('.').unwrap_or(g);
        if !is_comma_gap(g) {
            return None;
        }
        self.year_word(scan, i + 1)
    }

    fn year_word(&self, scan: &Scan, k: usize) -> Option<(u32, usize)> {
        let w = scan.words[k];
        let tok = scan.word(k);
        if tok.len() != 4 || continues_number(scan.text, w.end) {
            return None;
        }
        let y = parse_digits(tok).filter(|&y| valid_year(y))?;
        if next_word_lower(scan, k).is_some_and(is_unit_word) {
            return None;
        }
        Some((y, w.end))
    }

    /// "the 14th" in a date context: "on the 14th", "the 14th of the month".
    fn the_ordinal(&self, scan: &Scan, i: usize, out: &mut Vec<Entity>, base: usize) {
        let n = scan.words.len();
        if i + 1 >= n || !is_space_gap(gap(scan, i)) {
            return;
        }
        let j = i + 1;
        // "the 14th", and from the third on, "the twelfth", "the twenty-first".
        if !matches!(parse_day(scan.word(j)), Some((_, true)))
            && spelled_day(scan.word_lower(j)).is_none_or(|d| d < 3)
        {
            return;
        }
        let wj = scan.words[j];
        if continues_number(scan.text, wj.end) {
            return;
        }
        let next = next_word_lower(scan, j);
        // "the 14th of March" is found from the month.
        if next == Some("of") && j + 2 < n && month_of(scan.word_lower(j + 2)).is_some() {
            return;
        }
        let of_month = next == Some("of")
            && j + 3 < n
            && matches!(
                scan.word_lower(j + 2),
                "the" | "this" | "next" | "last" | "each" | "every"
            )
            && scan.word_lower(j + 3) == "month";
        let cue = prev_word_lower(scan, i).is_some_and(|p| {
            matches!(
                p,
                "on" | "by"
                    | "since"
                    | "until"
                    | "till"
                    | "til"
                    | "before"
                    | "after"
                    | "from"
                    | "through"
                    | "thru"
                    | "starting"
                    | "ending"
                    | "effective"
                    | "around"
                    | "due"
                    // Comings and goings: "we fly out the 3rd", "back the 9th".
                    | "out"
                    | "back"
                    | "leave"
                    | "leaving"
                    | "arrive"
                    | "arriving"
                    | "return"
                    | "returning"
                    | "reopen"
                    | "reopens"
                    | "reopening"
                    | "scheduled"
                    | "booked"
                    | "moving"
                    // "better than the 7th", "moved it to the 3rd", "set for the 9th"
                    | "than"
                    | "to"
                    | "for"
                    // "can I do the 4th?", "how about the 9th", "the 3rd or the 4th",
                    // "cant make it the 16th"
                    | "do"
                    | "it"
                    | "about"
                    | "or"
            )
        });
        // "see you the 21st at noon": a time after it makes it a day.
        let at_time = next == Some("at")
            && j + 2 < n
            && (scan.words[j + 2].has(shape::DIGIT)
                || matches!(scan.word_lower(j + 2), "noon" | "midnight"));
        let cue = cue || at_time;
        // "Friday the 18th", "on Tuesday, the 9th"
        let weekday = weekday_prefix(scan, scan.words[i].start);
        if !(cue || of_month || weekday.is_some()) {
            return;
        }
        // After a comma or at a clause's end, the next word says nothing of the ordinal.
        let clause_ends = scan.text[wj.end..]
            .chars()
            .next()
            .is_none_or(|c| matches!(c, ',' | '.' | '!' | '?' | ';' | ':' | ')'));
        if !of_month && weekday.is_none() && !clause_ends {
            if let Some(nw) = next {
                if !may_follow_ordinal_date(nw) {
                    return;
                }
            }
        }
        let ctx = if weekday.is_some() {
            weekday
        } else if cue {
            Some((scan.words[i - 1].start, scan.words[i - 1].end))
        } else {
            None
        };
        push(
            out,
            base,
            Entity::new(
                EntityType::Date,
                scan.words[i].start,
                wj.end,
                if weekday.is_some() { 0.7 } else { 0.55 },
                ID,
                Explanation::pattern("ordinal-day")
                    .validated("day valid")
                    .with_context(ctx),
            ),
        );
    }

    /// Spanish and Portuguese dates: "15 de abril", "3 de mayo de 2024", "el 1 de março".
    fn day_de_month(&self, scan: &Scan, i: usize, out: &mut Vec<Entity>, base: usize) {
        let n = scan.words.len();
        if i == 0 || i + 1 >= n || !is_space_gap(gap(scan, i - 1)) || !is_space_gap(gap(scan, i)) {
            return;
        }
        let Some(m) = foreign_month(scan.word_lower(i + 1)) else {
            return;
        };
        let dw = scan.words[i - 1];
        if follows_number(scan.text, dw.start) {
            return;
        }
        let Some((day, false)) = parse_day(scan.word(i - 1)) else {
            return;
        };
        if day > days_in_month(m, None) {
            return;
        }
        let mut end = scan.words[i + 1].end;
        // " de 2024", " del 2024"
        if i + 3 < n
            && matches!(scan.word_lower(i + 2), "de" | "del")
            && is_space_gap(gap(scan, i + 1))
            && is_space_gap(gap(scan, i + 2))
        {
            if let Some((_, e)) = self.year_word(scan, i + 3) {
                end = e;
            }
        }
        push(
            out,
            base,
            Entity::new(
                EntityType::Date,
                dw.start,
                end,
                0.85,
                ID,
                Explanation::pattern("day-de-month")
                    .validated("month and day valid")
                    .with_context(Some((scan.words[i + 1].start, scan.words[i + 1].end))),
            ),
        );
    }

    /// "last Tuesday": a weak candidate.
    fn weekday(&self, scan: &Scan, i: usize, out: &mut Vec<Entity>, base: usize) {
        let w = scan.words[i];
        if !case_free(scan) && !w.has(shape::CAP) {
            return;
        }
        let Some(prev) = prev_word_lower(scan, i) else {
            return;
        };
        if !weekday_modifier(prev) {
            return;
        }
        let start = scan.words[i - 1].start;
        push(
            out,
            base,
            Entity::new(
                EntityType::Date,
                start,
                w.end,
                0.3,
                ID,
                Explanation::pattern("relative-weekday")
                    .validated("a weekday alone is not a date")
                    .with_context(Some((start, scan.words[i - 1].end))),
            ),
        );
    }

    /// "in May": a weak candidate.
    fn month_alone(&self, scan: &Scan, i: usize, out: &mut Vec<Entity>, base: usize) {
        let w = scan.words[i];
        if w.is_possessive() {
            return;
        }
        let lower = scan.word_lower(i);
        let capitalised = w.has(shape::CAP);
        if !capitalised && (lower == "may" || !case_free(scan)) {
            return;
        }
        let Some(prev) = prev_word_lower(scan, i) else {
            return;
        };
        if !month_alone_cue(prev) {
            return;
        }
        // "in May Smith's room": a name.
        if let Some(next) = next_word_lower(scan, i) {
            let wn = scan.words[i + 1];
            if !case_free(scan) && wn.has(shape::CAP) && !is_stop_word(next) {
                return;
            }
        }
        let ctx = (scan.words[i - 1].start, scan.words[i - 1].end);
        push(
            out,
            base,
            Entity::new(
                EntityType::Date,
                w.start,
                w.end,
                0.2,
                ID,
                Explanation::pattern("month-alone")
                    .validated("a month alone is not an identifier")
                    .with_context(Some(ctx)),
            ),
        );
    }

    // ---------------------------------------------------------------- years alone

    fn years(&self, scan: &Scan, out: &mut Vec<Entity>, base: usize) {
        for i in 0..scan.words.len() {
            let w = scan.words[i];
            if w.end - w.start != 4 {
                continue;
            }
            let tok = scan.word(i);
            let Some(y) = parse_digits(tok) else {
                continue;
            };
            if !(1900..=2099).contains(&y) {
                continue;
            }
            if follows_number(scan.text, w.start)
                || continues_number(scan.text, w.end)
                || matches!(char_before(scan.text, w.start), Some('$' | '#' | '-' | '/'))
                || matches!(char_at(scan.text, w.end), Some('%' | '-' | '/'))
            {
                continue;
            }
            if next_word_lower(scan, i).is_some_and(is_unit_word) {
                continue;
            }
            let prev = prev_word_lower(scan, i);
            if prev.is_some_and(is_non_year_lead) {
                continue;
            }
            let (start, ctx) = if prev == Some("year") {
                let p = scan.words[i - 1];
                (p.start, Some((p.start, p.end)))
            } else {
                (w.start, None)
            };
            push(
                out,
                base,
                Entity::new(
                    EntityType::Date,
                    start,
                    w.end,
                    0.05,
                    ID,
                    Explanation::pattern("year-alone")
                        .validated("a year alone is not an identifier")
                        .with_context(ctx),
                ),
            );
        }
    }
}

/// The span of a weekday right before `start` ("Tuesday, " or "Tue "), if any.
fn weekday_prefix(scan: &Scan, start: usize) -> Option<(usize, usize)> {
    let i = scan.word_at_or_after(start);
    if i == 0 {
        return None;
    }
    let k = i - 1;
    let wk = scan.words[k];
    let between = scan.text.get(wk.end..start)?;
    let between = between.strip_prefix('.').unwrap_or(between);
    if !is_comma_gap(between) {
        return None;
    }
    // "saturday" is a weekday in any case; "sat", "sun", "wed" need a capital.
    let full = weekday_of(scan.word_lower(k))?;
    if !full && !case_free(scan) && !wk.has(shape::CAP) {
        return None;
    }
    Some((wk.start, wk.end))
}

impl Recognizer for DateRecognizer {
    fn id(&self) -> &'static str {
        ID
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let base = out.len();
        let has_digit = has_digit(scan);
        if has_digit {
            self.numeric(scan, out, base);
        }
        self.spelled(scan, out, base, has_digit);
        if has_digit {
            self.years(scan, out, base);
        }
        // Holidays named by their date are holidays, not dates of a person: "the 4th of
        // July", and "May the 4th" as the greeting ("May the 4th be with you").
        let text = scan.text;
        let mut k = base;
        while k < out.len() {
            if is_holiday_date(text, out[k].start, out[k].end) {
                out.remove(k);
            } else {
                k += 1;
            }
        }
    }
}

/// Whether `text[start..end]` is a holiday written as a date.
fn is_holiday_date(text: &str, start: usize, end: usize) -> bool {
    let span = text[start..end].to_ascii_lowercase();
    let span = span.strip_prefix("the ").unwrap_or(&span);
    if matches!(span, "4th of july" | "fourth of july") {
        return true;
    }
    // Only the next seven bytes are compared: the rest of the text is not lower-cased.
    matches!(span, "may the 4th" | "may the fourth")
        && text[end..]
            .trim_start()
            .get(..7)
            .is_some_and(|next| next.eq_ignore_ascii_case("be with"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Input, Kind, FINDING_THRESHOLD};

    /// Every candidate as (surface text, score), in text order.
    fn all(text: &str) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        DateRecognizer::new().recognize(&scan, &mut out);
        out.sort_by_key(|e| e.start);
        for e in &out {
            assert!(e.start < e.end && e.end <= text.len());
            assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
            assert_eq!(e.entity_type, EntityType::Date);
        }
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    /// Candidates at or above the finding threshold.
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
    fn numeric_dates() {
        one("Today is 5-20-2021", "5-20-2021");
        one("Today is 5/20/2021", "5/20/2021");
        one("Today is 2021-05-21", "2021-05-21");
        one("Today is 21.5.2021", "21.5.2021");
        one("Today is 21.5.21", "21.5.21");
        one("Today is 05/21/21.", "05/21/21");
        one("Today is 21/05/21", "21/05/21");
        assert_eq!(found("born 03/14/1958, seen 4/12/24").len(), 2);
        one("visit on 2024/03/15 went well", "2024/03/15");
        one("Since 03/2024 she has been better", "03/2024");
        one("Today is 5/2021", "5/2021");
        one("Today is,5/21,and it's sunny", "5/21");
        one("(3/14)", "3/14");
        one("See you 12/24!", "12/24");
        assert_eq!(found("Out 5/20-5/25 for vacation").len(), 2);
    }

    #[test]
    fn iso_date_times_are_one_span() {
        one(
            "Today is 2024-06-05T09:15:30.500-07:00 or not?",
            "2024-06-05T09:15:30.500-07:00",
        );
        one(
            "Today is,2024-03-15T14:30:00.123456Z or not?",
            "2024-03-15T14:30:00.123456Z",
        );
        one(
            "Today is 2024-03-15T14:30:00.123Z, or not?",
            "2024-03-15T14:30:00.123Z",
        );
        one(
            "Today is\r2024-12-31T23:59:59+00:00 or not?",
            "2024-12-31T23:59:59+00:00",
        );
        one("2024-03-15T14:30Z", "2024-03-15T14:30Z");
        none("Today is2024-06-05T09:15:30.500-07:00");
    }

    #[test]
    fn glued_dates_are_not_dates() {
        assert!(all("Today is5/21").is_empty());
        assert!(all("Today is5/21and it's sunny").is_empty());
        assert!(all("code A5/21B").is_empty());
    }

    #[test]
    fn validation() {
        none("on 2/30/2024");
        none("on 2/29/2023");
        one("on 2/29/2024", "2/29/2024");
        none("on 13/13/2024");
        none("2024-13-01");
        none("2023-02-29");
        none("on 0/12");
        none("March 32");
        none("April 31, 2024");
        one("April 30, 2024", "April 30, 2024");
    }

    #[test]
    fn month_day_without_year_scores() {
        let s = all("see you 3/14");
        assert_eq!(s.len(), 1);
        assert!((0.6..=0.75).contains(&s[0].1));
        let s = all("seen on 3/14");
        assert!((0.6..=0.75).contains(&s[0].1));
    }

    #[test]
    fn fractions_ratings_and_schedules() {
        for t in [
            "Add 1/2 cup of oats",
            "3/4 of our patients",
            "5/5 stars, lovely staff",
            "We answer the phone 24/7",
            "a 50/50 chance",
            "BP was 120/80 today",
            "2/3 of the time",
            "10/10 would recommend",
            "Rated 4/5 overall",
            "pain 7/10",
            "take 1 1/2 tablets",
            "about 1/3 of kids",
            "score 9/10",
            "5/5",
            "I give it a 10/10",
        ] {
            none(t);
        }
        // A bare fraction-shaped pair stays a weak candidate at most.
        assert!(all("we met 1/2").iter().all(|(_, s)| *s < 0.5));
    }

    #[test]
    fn not_dates() {
        for t in [
            "Open 10:30 to 5",
            "Hours 8am-5pm",
            "at 0830",
            "for 3 days",
            "every 2 weeks",
            "500 mg twice a day",
            "2/day",
            "It costs $5.20",
            "version 1.2.10",
            "v2.4.1",
            "Call 312-555-0188",
            "SSN 123-45-6789",
            "ZIP 62704-1234",
            "ICD E11.9 and 250.00",
            "Temp 98.6",
            "It was 21.5 degrees",
            "IP 10.0.0.1",
            "192.168.10.12",
            "the score was 3-1",
            "Room 12/B",
        ] {
            none(t);
        }
    }

    #[test]
    fn spelled_out_dates() {
        one("See you March 14 at noon", "March 14");
        one("See you March 14th!", "March 14th");
        one("Closed Mar. 14 for training", "Mar. 14");
        one("Back Sept 9th", "Sept 9th");
        one("on 14 March we met", "14 March");
        one("on the 14th of March", "the 14th of March");
        one("born March 14, 2024 in the morning", "March 14, 2024");
        one("May 1st, 1977", "May 1st, 1977");
        one("I bought my car on May 1st, 1977", "May 1st, 1977");
        one("May 1st", "May 1st");
        one("Today is 5-May-2021", "5-May-2021");
        one("Today is 5-MAY-2021", "5-MAY-2021");
        one("Today is May-21", "May-21");
        one("Today is 21-May", "21-May");
        one("Today is 05-May", "05-May");
        one("Today is May-2021", "May-2021");
        one("She was admitted in March 2024.", "March 2024");
        one("She was admitted in March of 2024.", "March of 2024");
        one("back in june of 1998 we met", "june of 1998");
        none("the march of 2000 nurses");
        // A weekday is not part of the date.
        one("Tuesday, March 14 was her surgery", "March 14");
        one("Tue 3/14 works", "3/14");
        one("14 March 2024", "14 March 2024");
        one("SEE YOU MARCH 14TH AT THE CLINIC", "MARCH 14TH");
        one("see you on march 14 at the clinic", "march 14");
        one("we saw her on may 5th", "may 5th");
    }

    #[test]
    fn ordinal_day_needs_a_date_context() {
        let s = all("See you on the 14th!");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].0, "the 14th");
        assert!((0.5..0.6).contains(&s[0].1));
        one("Payment due by the 1st of the month", "the 1st");
        none("She lives on the 14th floor");
        none("Our 14th year in town");
        none("the 14th patient today");
        none("on the 14th birthday of our clinic");
        one("we fly out the 3rd", "the 3rd");
        one("he's back the 9th and can sign it", "the 9th");
        none("came back the 3rd time this month");
        none("take the elevator out the 3rd door");
    }

    #[test]
    fn a_weekday_confirms_a_date_but_is_not_part_of_it() {
        one("See you Friday the 13th!", "the 13th");
        one("moved to Wednesday, the 21st at 9", "the 21st");
        one("can't do Mon, can I do the 4th?", "the 4th");
        one("how about the 9th?", "the 9th");
        one("cant make it the 16th, sorry", "the 16th");
        one("she fell Sunday the 2nd lol", "the 2nd");
        one("his funeral is saturday may 17 at noon", "may 17");
        one("Tue 4/9 at 3pm works", "4/9");
        one("Fri 1/2 works for us", "1/2");
        none("We are closed Friday the office is being painted");
        none("Friday the team won");
    }

    #[test]
    fn an_event_after_a_pair_makes_it_a_day() {
        one("the 2/14 visit was moved", "2/14");
        one("CAN'T BILL 1/8 VISIT YET", "1/8");
        one("the 3/4 appointment is set", "3/4");
        assert!(all("cut 1/8 inch off").is_empty());
    }

    #[test]
    fn clinical_scales_are_not_dates() {
        none("new systolic murmur, 3/6 at the apex");
        none("Strength 4/5 in the left arm");
        none("Apgars 8/9, baby well");
        none("11/10 pain on day one");
        none("GCS 3/15 on arrival");
        assert!(all("11/10 would recommend").iter().all(|(_, s)| *s < 0.5));
    }

    #[test]
    fn every_month_and_weekday_name_passes_the_pre_check() {
        let names = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ];
        for n in names {
            assert!(SPELLED_WORDS.may_contain(n), "{n}");
            assert!(SPELLED_WORDS.may_contain(&n[..3]), "{n}");
        }
        for n in ["sept", "tues", "thur", "thurs", "the", "de"] {
            assert!(SPELLED_WORDS.may_contain(n), "{n}");
        }
    }

    #[test]
    fn spanish_and_portuguese_dates() {
        one("mi cita es el 15 de abril pero", "15 de abril");
        one("nació el 3 de mayo de 1950 en Jalisco", "3 de mayo de 1950");
        one("consulta dia 9 de Setembro", "9 de Setembro");
        none("tengo 15 de ellos");
        none("el 40 de abril");
        none("de abril");
    }

    #[test]
    fn may_and_march_as_words() {
        none("You may call us anytime");
        none("Patients may 2x their dose");
        none("We will march 5 miles for charity");
        none("They march on");
        none("results may vary in 2 weeks");
        none("Kids aged 5 may qualify");
        none("I have 3 March appointments");
        none("May 2024 bring you joy");
        none("you may 14 times");
    }

    #[test]
    fn weak_candidates() {
        let s = all("last Tuesday she came in");
        assert_eq!(s, vec![("last Tuesday".to_string(), 0.3)]);
        assert!(all("on Tuesday").is_empty());
        let s = all("I bought my car in May");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].0, "May");
        assert!(s[0].1 <= 0.3);
        let s = all("I bought my car in 1972");
        assert_eq!(s.len(), 1);
        assert!(s[0].1 <= 0.1);
        let s = all("year 1972");
        assert_eq!(s[0].0, "year 1972");
        for t in ["since 2019", "class of 2024", "1972"] {
            let s = all(t);
            assert_eq!(s.len(), 1, "{t}");
            assert!(s[0].1 <= 0.1);
        }
        assert!(all("2000 mg").is_empty());
        assert!(all("Suite 2010").is_empty());
        assert!(all("$1999").is_empty());
        // No weak year inside a full date.
        assert_eq!(all("5-20-2021").len(), 1);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in [
            "",
            "/",
            "-.-",
            "é5/21é",
            "5/21é",
            "日本 3/14 日本",
            "99999999999/99999999999/9999999999",
            "May",
            "the",
            "the 1st",
            "Tuesday,",
            "Mar.",
            "14 of",
            "2024-03-15T",
            "1/2/3/4/5",
            "March\u{2019}s 14",
        ] {
            let _ = all(t);
        }
        assert_eq!(found("日本 3/14 日本"), vec!["3/14".to_string()]);
    }

    #[test]
    fn through_the_analyzer() {
        let a = Analyzer::default();
        let (ents, _) = a
            .entities(&Input::post(
                "Happy birthday to our patient born 4/11/1958!",
            ))
            .unwrap();
        assert!(ents
            .iter()
            .any(|e| e.entity_type == EntityType::Date && e.score >= 0.9));
        let (ents, _) = a
            .entities(&Input::new("Add 1/2 cup of sugar.", Kind::Comment))
            .unwrap();
        assert!(!ents
            .iter()
            .any(|e| e.entity_type == EntityType::Date && e.score >= FINDING_THRESHOLD));
    }

    #[test]
    fn the_ordinal_after_the_month_and_a_cut_year() {
        assert_eq!(
            found("surgery is March the 3rd, do i stop"),
            ["March the 3rd"]
        );
        assert_eq!(found("down 40 lbs since Sept '23 thanks"), ["Sept '23"]);
        assert!(found("we march the 3rd battalion").len() <= 1);
        assert!(found("Mark the 3rd box").is_empty());
    }

    #[test]
    fn the_ordinal_after_than_to_and_before_a_comma() {
        assert_eq!(
            found("Jan. 6th works better for me than the 7th, can you switch it?"),
            ["Jan. 6th", "the 7th"]
        );
        assert_eq!(
            found("never have been moved from the 3rd without a call"),
            ["the 3rd"]
        );
        assert!(found("for the 3rd time this week").is_empty());
    }

    #[test]
    fn holidays_written_as_dates_are_not_dates() {
        none("are you closed Memorial Day? and what about the 4th of July");
        none("Happy Fourth of July from all of us!");
        none("May the 4th be with you, everyone!");
        one("see you on May the 4th for the recheck", "May the 4th");
        one("her surgery is on the 4th of June", "the 4th of June");
    }
}
