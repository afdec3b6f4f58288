//! Small helpers shared by the date, age and place recognizers: word gaps, number parsing
//! and the short word lists they consult. Not a recognizer.

use crate::text::Scan;

/// The text between word `i` and word `i + 1` (empty when `i + 1` is out of range).
pub fn gap<'a>(scan: &Scan<'a>, i: usize) -> &'a str {
    match (scan.words.get(i), scan.words.get(i + 1)) {
        (Some(a), Some(b)) => &scan.text[a.end..b.start],
        _ => "",
    }
}

/// True when `s` is one to three spaces or tabs.
pub fn is_space_gap(s: &str) -> bool {
    !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b == b' ' || b == b'\t')
}

/// True when `s` is spaces with at most one comma: " ", ", ", ",".
pub fn is_comma_gap(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 4
        && s.bytes().all(|b| b == b' ' || b == b'\t' || b == b',')
        && s.bytes().filter(|&b| b == b',').count() <= 1
}

/// Parses a run of ASCII digits (at most nine) into a number.
pub fn parse_digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(
        s.bytes()
            .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0')),
    )
}

/// The lower-cased word before word `i`, when only white space (no sentence punctuation)
/// separates them.
pub fn prev_word_lower<'s>(scan: &'s Scan, i: usize) -> Option<&'s str> {
    if i == 0 {
        return None;
    }
    let g = gap(scan, i - 1);
    if g.is_empty() || !g.bytes().all(|b| b == b' ' || b == b'\t') {
        return None;
    }
    Some(scan.word_lower(i - 1))
}

/// The lower-cased word after word `i`, when only white space separates them.
pub fn next_word_lower<'s>(scan: &'s Scan, i: usize) -> Option<&'s str> {
    if i + 1 >= scan.words.len() {
        return None;
    }
    let g = gap(scan, i);
    if g.is_empty() || !g.bytes().all(|b| b == b' ' || b == b'\t') {
        return None;
    }
    Some(scan.word_lower(i + 1))
}

/// True when capitalisation carries no signal in this text.
pub fn case_free(scan: &Scan) -> bool {
    scan.all_caps || scan.all_lower
}

/// The character right after byte `end`, if any.
pub fn char_at(text: &str, end: usize) -> Option<char> {
    text.get(end..).and_then(|s| s.chars().next())
}

/// The character right before byte `start`, if any.
pub fn char_before(text: &str, start: usize) -> Option<char> {
    text.get(..start).and_then(|s| s.chars().next_back())
}

/// True when `c` followed by a digit at `at` continues a number ("5/21/2021", "10.5").
pub fn continues_number(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    at + 1 < b.len()
        && matches!(b[at], b'/' | b'-' | b'.' | b':' | b',')
        && b[at + 1].is_ascii_digit()
}

/// True when a number ends right before `start` with a joining character ("12-", "3.").
pub fn follows_number(text: &str, start: usize) -> bool {
    let b = text.as_bytes();
    start >= 2 && matches!(b[start - 1], b'/' | b'-' | b'.' | b':') && b[start - 2].is_ascii_digit()
}

/// Function words that never start a name, a street or a town.
pub fn is_stop_word(lower: &str) -> bool {
    matches!(
        lower,
        "a" | "an"
            | "the"
            | "and"
            | "or"
            | "but"
            | "of"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "from"
            | "with"
            | "by"
            | "as"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "it"
            | "its"
            | "this"
            | "that"
            | "these"
            | "those"
            | "my"
            | "our"
            | "your"
            | "his"
            | "her"
            | "their"
            | "we"
            | "you"
            | "he"
            | "she"
            | "they"
            | "i"
            | "me"
            | "us"
            | "him"
            | "them"
            | "all"
            | "any"
            | "every"
            | "each"
            | "some"
            | "no"
            | "not"
            | "if"
            | "so"
            | "then"
            | "than"
            | "when"
            | "where"
            | "who"
            | "what"
            | "which"
            | "how"
            | "why"
            | "about"
            | "after"
            | "before"
            | "into"
            | "over"
            | "under"
            | "up"
            | "down"
            | "out"
            | "off"
            | "per"
            | "via"
            | "see"
            | "saw"
            | "seen"
            | "call"
            | "visit"
            | "has"
            | "have"
            | "had"
            | "do"
            | "did"
            | "does"
            | "will"
            | "would"
            | "can"
            | "could"
            | "should"
            | "may"
            | "might"
            | "must"
            | "just"
            | "only"
            | "also"
            | "very"
            | "more"
            | "most"
            | "new"
            | "old"
            | "local"
            | "nearest"
            | "nearby"
            | "other"
            | "another"
            | "same"
            | "great"
            | "good"
            | "best"
            | "thank"
            | "thanks"
            | "welcome"
            | "dear"
            | "hi"
            | "hello"
            | "please"
            | "patient"
            | "patients"
            | "dr"
            | "mr"
            | "mrs"
            | "ms"
            | "miss"
    )
}

/// Units and counted nouns: a number followed by one of these is a quantity, not a day, a
/// year or a house number.
pub fn is_unit_word(lower: &str) -> bool {
    matches!(
        lower,
        "mg" | "mcg"
            | "ug"
            | "g"
            | "gm"
            | "gram"
            | "grams"
            | "kg"
            | "ml"
            | "cc"
            | "l"
            | "lb"
            | "lbs"
            | "pound"
            | "pounds"
            | "oz"
            | "ounce"
            | "ounces"
            | "cup"
            | "cups"
            | "tsp"
            | "tbsp"
            | "teaspoon"
            | "teaspoons"
            | "tablespoon"
            | "tablespoons"
            | "unit"
            | "units"
            | "iu"
            | "mmhg"
            | "bpm"
            | "mile"
            | "miles"
            | "mi"
            | "km"
            | "m"
            | "cm"
            | "mm"
            | "inch"
            | "inches"
            | "ft"
            | "feet"
            | "foot"
            | "yard"
            | "yards"
            | "step"
            | "steps"
            | "time"
            | "times"
            | "people"
            | "persons"
            | "patients"
            | "kids"
            | "children"
            | "babies"
            | "members"
            | "staff"
            | "employees"
            | "visits"
            | "visitors"
            | "second"
            | "seconds"
            | "sec"
            | "secs"
            | "minute"
            | "minutes"
            | "min"
            | "mins"
            | "hour"
            | "hours"
            | "hr"
            | "hrs"
            | "day"
            | "days"
            | "week"
            | "weeks"
            | "wk"
            | "wks"
            | "month"
            | "months"
            | "mo"
            | "mos"
            | "year"
            | "years"
            | "yr"
            | "yrs"
            | "am"
            | "pm"
            | "percent"
            | "pct"
            | "dose"
            | "doses"
            | "pill"
            | "pills"
            | "tab"
            | "tabs"
            | "tablet"
            | "tablets"
            | "capsule"
            | "capsules"
            | "shot"
            | "shots"
            | "point"
            | "points"
            | "pts"
            | "degree"
            | "degrees"
            | "calorie"
            | "calories"
            | "kcal"
            | "dollar"
            | "dollars"
            | "usd"
            | "cent"
            | "cents"
            | "bucks"
            | "star"
            | "stars"
            | "review"
            | "reviews"
            | "item"
            | "items"
            | "page"
            | "pages"
            | "copies"
            | "beds"
            | "rooms"
            | "sq"
            | "square"
            | "acre"
            | "acres"
            | "x"
    )
}

/// Month number (1–12) of a lower-case month name or abbreviation, and whether it is an
/// abbreviation.
pub fn month_of(lower: &str) -> Option<(u8, bool)> {
    Some(match lower {
        "january" => (1, false),
        "february" => (2, false),
        "march" => (3, false),
        "april" => (4, false),
        "may" => (5, false),
        "june" => (6, false),
        "july" => (7, false),
        "august" => (8, false),
        "september" => (9, false),
        "october" => (10, false),
        "november" => (11, false),
        "december" => (12, false),
        "jan" => (1, true),
        "feb" => (2, true),
        "mar" => (3, true),
        "apr" => (4, true),
        "jun" => (6, true),
        "jul" => (7, true),
        "aug" => (8, true),
        "sep" | "sept" => (9, true),
        "oct" => (10, true),
        "nov" => (11, true),
        "dec" => (12, true),
        _ => return None,
    })
}

/// True for a weekday name; `full` is false for abbreviations ("Tue", "Thurs").
pub fn weekday_of(lower: &str) -> Option<bool> {
    match lower {
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" => {
            Some(true)
        }
        "mon" | "tue" | "tues" | "wed" | "thu" | "thur" | "thurs" | "fri" | "sat" | "sun" => {
            Some(false)
        }
        _ => None,
    }
}

/// Days in a month; February has 29 when the year is unknown.
pub fn days_in_month(month: u32, year: Option<u32>) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        _ => 0,
    }
}

/// Parses a day written as a number with an optional ordinal suffix ("14", "14th", "1ST").
/// Returns the day and whether it had a suffix.
pub fn parse_day(word: &str) -> Option<(u32, bool)> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let (num, rest) = word.split_at(digits);
    let day = parse_digits(num)?;
    if !(1..=31).contains(&day) {
        return None;
    }
    if rest.is_empty() {
        return Some((day, false));
    }
    let ok = ["st", "nd", "rd", "th"]
        .iter()
        .any(|s| rest.eq_ignore_ascii_case(s));
    ok.then_some((day, true))
}

/// Countries and continents: a place, but never smaller than a state. Used to keep
/// "in Jordan" or "from Lebanon" from being read as the US towns of that name.
pub fn is_country(lower: &str) -> bool {
    matches!(
        lower,
        "america"
            | "usa"
            | "us"
            | "canada"
            | "mexico"
            | "cuba"
            | "jamaica"
            | "haiti"
            | "honduras"
            | "guatemala"
            | "panama"
            | "colombia"
            | "venezuela"
            | "peru"
            | "chile"
            | "brazil"
            | "argentina"
            | "bolivia"
            | "ecuador"
            | "paraguay"
            | "uruguay"
            | "england"
            | "scotland"
            | "wales"
            | "ireland"
            | "britain"
            | "france"
            | "spain"
            | "portugal"
            | "italy"
            | "germany"
            | "holland"
            | "netherlands"
            | "belgium"
            | "switzerland"
            | "austria"
            | "poland"
            | "norway"
            | "sweden"
            | "denmark"
            | "finland"
            | "iceland"
            | "greece"
            | "turkey"
            | "russia"
            | "ukraine"
            | "hungary"
            | "romania"
            | "bulgaria"
            | "serbia"
            | "croatia"
            | "albania"
            | "egypt"
            | "morocco"
            | "nigeria"
            | "ghana"
            | "kenya"
            | "ethiopia"
            | "somalia"
            | "sudan"
            | "liberia"
            | "israel"
            | "jordan"
            | "lebanon"
            | "syria"
            | "iraq"
            | "iran"
            | "kuwait"
            | "qatar"
            | "oman"
            | "yemen"
            | "india"
            | "pakistan"
            | "bangladesh"
            | "nepal"
            | "china"
            | "japan"
            | "korea"
            | "vietnam"
            | "cambodia"
            | "laos"
            | "thailand"
            | "burma"
            | "myanmar"
            | "malaysia"
            | "singapore"
            | "indonesia"
            | "philippines"
            | "australia"
            | "zealand"
            | "europe"
            | "asia"
            | "africa"
            | "antarctica"
            | "armenia"
            | "bosnia"
            | "lithuania"
            | "latvia"
            | "estonia"
            | "congo"
            | "rwanda"
            | "uganda"
            | "tanzania"
            | "zimbabwe"
            | "angola"
            | "libya"
            | "tunisia"
            | "algeria"
            | "afghanistan"
            | "taiwan"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_months() {
        assert_eq!(days_in_month(2, Some(2024)), 29);
        assert_eq!(days_in_month(2, Some(2023)), 28);
        assert_eq!(days_in_month(2, Some(1900)), 28);
        assert_eq!(days_in_month(2, Some(2000)), 29);
        assert_eq!(days_in_month(13, None), 0);
        assert_eq!(parse_day("14th"), Some((14, true)));
        assert_eq!(parse_day("1ST"), Some((1, true)));
        assert_eq!(parse_day("32"), None);
        assert_eq!(parse_day("14x"), None);
        assert_eq!(parse_day("0"), None);
        assert_eq!(parse_digits("0042"), Some(42));
        assert_eq!(parse_digits("99999999999"), None);
        assert_eq!(month_of("sept"), Some((9, true)));
    }
}
