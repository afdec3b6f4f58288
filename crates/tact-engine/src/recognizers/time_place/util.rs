//! Small helpers shared by the date, age and place recognizers: word gaps, number parsing
//! and the short word lists they consult. Not a recognizer.

use crate::text::{shape, Scan};

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

/// A cheap pre-check for membership in a small list of lower-case ASCII words: one bit per
/// (first letter, length), built at compile time. `may_contain` is false for every word
/// that is surely not in the list.
pub struct ShapeFilter([u32; 26]);

impl ShapeFilter {
    pub const fn new(words: &[&str]) -> Self {
        let mut t = [0u32; 26];
        let mut i = 0;
        while i < words.len() {
            let b = words[i].as_bytes();
            if !b.is_empty() && b[0].is_ascii_lowercase() && b.len() < 32 {
                t[(b[0] - b'a') as usize] |= 1 << b.len();
            }
            i += 1;
        }
        ShapeFilter(t)
    }

    /// The filter of the words of a table.
    pub const fn from_keys<T>(entries: &[(&str, T)]) -> Self {
        let mut t = [0u32; 26];
        let mut i = 0;
        while i < entries.len() {
            let b = entries[i].0.as_bytes();
            if !b.is_empty() && b[0].is_ascii_lowercase() && b.len() < 32 {
                t[(b[0] - b'a') as usize] |= 1 << b.len();
            }
            i += 1;
        }
        ShapeFilter(t)
    }

    /// The filter of both lists.
    pub const fn union(self, other: ShapeFilter) -> ShapeFilter {
        let mut t = self.0;
        let mut i = 0;
        while i < 26 {
            t[i] |= other.0[i];
            i += 1;
        }
        ShapeFilter(t)
    }

    pub fn may_contain(&self, lower: &str) -> bool {
        self.may_contain_bytes(lower.as_bytes())
    }

    /// [`ShapeFilter::may_contain`] on the bytes of a word.
    pub fn may_contain_bytes(&self, b: &[u8]) -> bool {
        match b.first() {
            Some(c) if c.is_ascii_lowercase() && b.len() < 32 => {
                self.0[usize::from(c - b'a')] & (1 << b.len()) != 0
            }
            _ => false,
        }
    }
}

/// A small fixed word list with a value per word, looked up by hash: one FNV hash and
/// usually one comparison, however long the list. Built once (in a `OnceLock`).
pub struct WordTable<T: Copy + 'static> {
    slots: Vec<u16>,
    mask: usize,
    entries: &'static [(&'static str, T)],
}

fn fnv(s: &str) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (h ^ (h >> 29)) as usize
}

impl<T: Copy + 'static> WordTable<T> {
    pub fn new(entries: &'static [(&'static str, T)]) -> Self {
        let size = (entries.len() * 4).next_power_of_two().max(8);
        let mask = size - 1;
        let mut slots = vec![u16::MAX; size];
        for (k, (w, _)) in entries.iter().enumerate() {
            let mut h = fnv(w) & mask;
            while slots[h] != u16::MAX {
                h = (h + 1) & mask;
            }
            slots[h] = k as u16;
        }
        WordTable {
            slots,
            mask,
            entries,
        }
    }

    pub fn get(&self, key: &str) -> Option<T> {
        let mut h = fnv(key) & self.mask;
        loop {
            let s = self.slots[h];
            if s == u16::MAX {
                return None;
            }
            let (w, t) = self.entries[usize::from(s)];
            if w == key {
                return Some(t);
            }
            h = (h + 1) & self.mask;
        }
    }
}

/// The bytes of word `i`, ASCII-lower-cased (no char-boundary checks).
pub fn lower_bytes<'a>(scan: &'a Scan, i: usize) -> &'a [u8] {
    let w = scan.words[i];
    &scan.lower.as_bytes()[w.start..w.end]
}

/// True when some word holds a digit (cheaper than scanning the bytes).
pub fn has_digit(scan: &Scan) -> bool {
    scan.words.iter().any(|w| w.has(shape::DIGIT))
}

/// True when capitalisation carries no signal: all-caps or all-lower text, or writing that
/// never capitalises a sentence and has few capitals at all ("anyone know if st. luke's
/// takes medicaid? ref SP-44"). Walks the words once; call it once per text.
pub fn lower_style(scan: &Scan) -> bool {
    if case_free(scan) {
        return true;
    }
    let (mut alpha, mut caps, mut starts) = (0usize, 0usize, 0usize);
    for w in &scan.words {
        if !w.has(shape::ALPHA) {
            continue;
        }
        alpha += 1;
        if w.has(shape::CAP) {
            if w.has(shape::SENTENCE_START) {
                return false;
            }
            caps += 1;
        } else if w.has(shape::SENTENCE_START) {
            starts += 1;
        }
    }
    starts >= 1 && alpha >= 6 && caps * 8 <= alpha
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
    // Dispatch on the length first: most words are rejected after one comparison.
    match lower.len() {
        1 => matches!(lower, "a" | "i"),
        2 => matches!(
            lower,
            "an" | "or"
                | "of"
                | "in"
                | "on"
                | "at"
                | "to"
                | "by"
                | "as"
                | "is"
                | "be"
                | "it"
                | "my"
                | "we"
                | "he"
                | "me"
                | "us"
                | "no"
                | "if"
                | "so"
                | "up"
                | "do"
                | "hi"
                | "dr"
                | "mr"
                | "ms"
        ),
        3 => matches!(
            lower,
            "the"
                | "and"
                | "but"
                | "for"
                | "are"
                | "was"
                | "its"
                | "our"
                | "his"
                | "her"
                | "you"
                | "she"
                | "him"
                | "all"
                | "any"
                | "not"
                | "who"
                | "how"
                | "why"
                | "out"
                | "off"
                | "per"
                | "via"
                | "see"
                | "saw"
                | "has"
                | "had"
                | "did"
                | "can"
                | "may"
                | "new"
                | "old"
                | "mrs"
        ),
        4 => matches!(
            lower,
            "from"
                | "with"
                | "were"
                | "been"
                | "this"
                | "that"
                | "your"
                | "they"
                | "them"
                | "each"
                | "some"
                | "then"
                | "than"
                | "when"
                | "what"
                | "into"
                | "over"
                | "down"
                | "seen"
                | "call"
                | "have"
                | "does"
                | "will"
                | "must"
                | "just"
                | "only"
                | "also"
                | "very"
                | "more"
                | "most"
                | "same"
                | "good"
                | "best"
                | "dear"
                | "miss"
        ),
        5 => matches!(
            lower,
            "these"
                | "those"
                | "their"
                | "every"
                | "where"
                | "which"
                | "about"
                | "after"
                | "under"
                | "visit"
                | "would"
                | "could"
                | "might"
                | "local"
                | "other"
                | "great"
                | "thank"
                | "hello"
        ),
        6 => matches!(lower, "before" | "should" | "nearby" | "thanks" | "please"),
        7 => matches!(lower, "nearest" | "another" | "welcome" | "patient"),
        8 => matches!(lower, "patients"),
        _ => false,
    }
}

/// Units of clock time after a number ("a 30 minute drive", "2 hours"): a duration.
pub fn is_clock_unit(lower: &str) -> bool {
    matches!(
        lower,
        "second"
            | "seconds"
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
    )
}

/// Units and counted nouns: a number followed by one of these is a quantity, not a day, a
/// year or a house number.
pub fn is_unit_word(lower: &str) -> bool {
    is_clock_unit(lower)
        || matches!(
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
                | "sec"
                | "secs"
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
    const FULL: [&str; 12] = [
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
    ];
    let b = lower.as_bytes();
    if b.len() < 3 || b.len() > 9 {
        return None;
    }
    let m: u8 = match [b[0], b[1], b[2]] {
        [b'j', b'a', b'n'] => 1,
        [b'f', b'e', b'b'] => 2,
        [b'm', b'a', b'r'] => 3,
        [b'a', b'p', b'r'] => 4,
        [b'm', b'a', b'y'] => 5,
        [b'j', b'u', b'n'] => 6,
        [b'j', b'u', b'l'] => 7,
        [b'a', b'u', b'g'] => 8,
        [b's', b'e', b'p'] => 9,
        [b'o', b'c', b't'] => 10,
        [b'n', b'o', b'v'] => 11,
        [b'd', b'e', b'c'] => 12,
        _ => return None,
    };
    if b.len() == 3 {
        return Some((m, m != 5));
    }
    if lower == FULL[usize::from(m - 1)] {
        return Some((m, false));
    }
    (lower == "sept").then_some((9, true))
}

/// True for a weekday name; `full` is false for abbreviations ("Tue", "Thurs").
pub fn weekday_of(lower: &str) -> Option<bool> {
    const FULL: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let b = lower.as_bytes();
    if b.len() < 3 || b.len() > 9 {
        return None;
    }
    let d = match [b[0], b[1], b[2]] {
        [b'm', b'o', b'n'] => 0,
        [b't', b'u', b'e'] => 1,
        [b'w', b'e', b'd'] => 2,
        [b't', b'h', b'u'] => 3,
        [b'f', b'r', b'i'] => 4,
        [b's', b'a', b't'] => 5,
        [b's', b'u', b'n'] => 6,
        _ => return None,
    };
    if lower == FULL[d] {
        return Some(true);
    }
    (b.len() == 3 || matches!(lower, "tues" | "thur" | "thurs")).then_some(false)
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

    #[test]
    fn month_and_weekday_names() {
        let months = [
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
        ];
        for (k, m) in months.iter().enumerate() {
            assert_eq!(month_of(m), Some((k as u8 + 1, false)));
            if *m != "may" {
                assert_eq!(month_of(&m[..3]), Some((k as u8 + 1, true)));
            }
        }
        for w in [
            "janu",
            "mayo",
            "marches",
            "ma",
            "",
            "decembers",
            "jun3",
            "sep.",
        ] {
            assert_eq!(month_of(w), None, "{w}");
        }
        assert_eq!(weekday_of("wednesday"), Some(true));
        assert_eq!(weekday_of("thurs"), Some(false));
        assert_eq!(weekday_of("tues"), Some(false));
        assert_eq!(weekday_of("sun"), Some(false));
        for w in ["sunny", "mond", "wedding", "frida", "sa", "saturdays"] {
            assert_eq!(weekday_of(w), None, "{w}");
        }
    }

    #[test]
    fn word_tables() {
        static LIST: &[(&str, u8)] = &[("may", 5), ("june", 6), ("the", 0), ("", 9)];
        let t = WordTable::new(LIST);
        assert_eq!(t.get("june"), Some(6));
        assert_eq!(t.get(""), Some(9));
        assert_eq!(t.get("jun"), None);
        assert!(t.get("the").is_some() && t.get("then").is_none());
    }

    #[test]
    fn shape_filters() {
        const F: ShapeFilter = ShapeFilter::new(&["may", "june", "the"]);
        assert!(F.may_contain("may") && F.may_contain("june") && F.may_contain("the"));
        assert!(F.may_contain("mad"), "same shape");
        assert!(!F.may_contain("mayo") && !F.may_contain("") && !F.may_contain("9am"));
    }

    #[test]
    fn stop_words_and_styles() {
        for w in ["a", "the", "another", "patients", "nearest", "miss"] {
            assert!(is_stop_word(w), "{w}");
        }
        for w in ["", "x", "peoria", "anothers", "them2"] {
            assert!(!is_stop_word(w), "{w}");
        }
        use crate::Kind;
        assert!(lower_style(&Scan::new(
            "anyone know if the walk-in takes medicaid? ref SP-44",
            Kind::Post
        )));
        assert!(!lower_style(&Scan::new(
            "Anyone know if the walk-in takes Medicaid?",
            Kind::Post
        )));
        assert!(has_digit(&Scan::new("call 5", Kind::Post)));
        assert!(!has_digit(&Scan::new("call five", Kind::Post)));
    }
}
