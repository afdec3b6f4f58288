//! Geography helpers shared by the place recognizers: states, cities and ZIP codes at a
//! word position, and the ", City, ST 62704" tail of an address. Not a recognizer.

use super::util::{case_free, continues_number, follows_number, gap, is_comma_gap};
use crate::lexicon::{self, City, WordInfo};
use crate::text::{shape, Scan};
use std::sync::OnceLock;

/// A state found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateMatch {
    /// Index in [`lexicon::STATES`].
    pub index: usize,
    /// Last word of the state name.
    pub last: usize,
    /// Written as a two-letter code.
    pub code: bool,
}

/// The index in [`lexicon::STATES`] of a state name or code, any case. Faster than
/// [`lexicon::state_index`]: codes use a table, names are compared only when the first
/// letter matches.
pub fn fast_state_index(name: &str) -> Option<usize> {
    static CODES: OnceLock<[u8; 676]> = OnceLock::new();
    static NAMES: OnceLock<Vec<(String, usize)>> = OnceLock::new();
    let b = name.as_bytes();
    if b.len() == 2 {
        if !b[0].is_ascii_alphabetic() || !b[1].is_ascii_alphabetic() {
            return None;
        }
        let table = CODES.get_or_init(|| {
            let mut t = [0u8; 676];
            for (i, (_, code)) in lexicon::STATES.iter().enumerate() {
                let c = code.as_bytes();
                if c.len() == 2 && c[0].is_ascii_alphabetic() && c[1].is_ascii_alphabetic() {
                    let k = usize::from(c[0].to_ascii_lowercase() - b'a') * 26
                        + usize::from(c[1].to_ascii_lowercase() - b'a');
                    t[k] = i as u8 + 1;
                }
            }
            t
        });
        let k = usize::from(b[0].to_ascii_lowercase() - b'a') * 26
            + usize::from(b[1].to_ascii_lowercase() - b'a');
        return table[k].checked_sub(1).map(usize::from);
    }
    if b.len() < 4 || b.len() > 24 {
        return None;
    }
    let names = NAMES.get_or_init(|| {
        let mut v: Vec<(String, usize)> = lexicon::STATES
            .iter()
            .enumerate()
            .map(|(i, (n, _))| (n.to_ascii_lowercase(), i))
            .collect();
        v.sort();
        v
    });
    names
        .binary_search_by(|n| n.0.bytes().cmp(b.iter().map(u8::to_ascii_lowercase)))
        .ok()
        .map(|k| names[k].1)
}

/// Two-letter codes that are also credentials after a name ("Jane Smith, MD").
pub fn is_credential_code(code: &str) -> bool {
    matches!(
        code,
        "MD" | "md" | "PA" | "pa" | "MA" | "ma" | "DC" | "dc" | "DE" | "de"
    )
}

/// First words of multi-word state names.
fn starts_multiword_state(lower: &str) -> bool {
    matches!(
        lower,
        "new"
            | "north"
            | "south"
            | "west"
            | "rhode"
            | "puerto"
            | "district"
            | "american"
            | "northern"
    )
}

/// A state name or code at word `j`. Codes must be upper case in mixed-case text; names
/// must be capitalised in mixed-case text.
pub fn state_at(scan: &Scan, j: usize) -> Option<StateMatch> {
    let w = *scan.words.get(j)?;
    if !w.has(shape::ALPHA) {
        return None;
    }
    let free = case_free(scan);
    let len = w.end - w.start;
    if len == 2 {
        if !free && !w.has(shape::UPPER) {
            return None;
        }
        let index = fast_state_index(scan.word(j))?;
        return Some(StateMatch {
            index,
            last: j,
            code: true,
        });
    }
    if !free && !w.has(shape::CAP) {
        return None;
    }
    let lower = scan.word_lower(j);
    if starts_multiword_state(lower) {
        for extra in [2usize, 1] {
            let last = j + extra;
            if last >= scan.words.len() {
                continue;
            }
            if (j..last).any(|k| gap(scan, k) != " ") {
                continue;
            }
            if !free && !scan.words[last].has(shape::CAP) {
                continue;
            }
            let key = &scan.lower[w.start..scan.words[last].end];
            if let Some(index) = fast_state_index(key) {
                return Some(StateMatch {
                    index,
                    last,
                    code: false,
                });
            }
        }
    }
    if len < 4 {
        return None;
    }
    let index = fast_state_index(&scan.lower[w.start..w.base_end])?;
    Some(StateMatch {
        index,
        last: j,
        code: false,
    })
}

/// A state whose last word is `k`: returns its first word and the match.
pub fn state_ending_at(scan: &Scan, k: usize) -> Option<(usize, StateMatch)> {
    for back in 0..=2usize {
        if back > k {
            break;
        }
        let j = k - back;
        if let Some(m) = state_at(scan, j) {
            if m.last == k {
                return Some((j, m));
            }
        }
    }
    None
}

/// A ZIP code at word `j`: five digits, optionally "-" and four more. Returns the end byte,
/// the last word and whether it is ZIP+4.
pub fn zip_at(scan: &Scan, j: usize) -> Option<(usize, usize, bool)> {
    let w = *scan.words.get(j)?;
    if w.end - w.start != 5 || !scan.word(j).bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if follows_number(scan.text, w.start) {
        return None;
    }
    if scan.word(j) == "00000" {
        return None;
    }
    if j + 1 < scan.words.len() && gap(scan, j) == "-" {
        let n = scan.words[j + 1];
        if n.end - n.start == 4 && scan.word(j + 1).bytes().all(|b| b.is_ascii_digit()) {
            if continues_number(scan.text, n.end) {
                return None;
            }
            return Some((n.end, j + 1, true));
        }
        return None;
    }
    if continues_number(scan.text, w.end) {
        return None;
    }
    Some((w.end, j, false))
}

/// Gaps allowed inside a city name: "Cedar Rapids", "St. Louis", "Winston-Salem".
fn city_gap(scan: &Scan, k: usize) -> bool {
    match gap(scan, k) {
        " " | "-" => true,
        ". " => matches!(scan.word_lower(k), "st" | "ste" | "ft" | "mt"),
        _ => false,
    }
}

/// True when word `k` may be part of a city name in this text.
fn city_word(scan: &Scan, k: usize) -> bool {
    let w = scan.words[k];
    w.has(shape::ALPHA) && (case_free(scan) || w.has(shape::CAP))
}

/// The longest known city starting at word `j` (at most four words). Returns the city, its
/// last word and its end byte (without a possessive "'s").
pub fn city_at(scan: &Scan, j: usize) -> Option<(City, usize, usize)> {
    if j >= scan.words.len() {
        return None;
    }
    city_at_info(scan, j, None, true)
}

/// True when a run of words starting with `lower` may be a large multi-word city (its first
/// word starts one of 65,536 people or more, from `data/lexicons/us_cities.tsv`). Without a
/// place cue only such a city can reach a finding, so other runs of capitalised words
/// ("Maria Delgado") are not looked up as one name there.
pub fn may_start_big_city(lower: &str) -> bool {
    crate::lexicon::word_info(lower).starts_big_city()
}

/// [`city_at`] with the word facts of word `j` (without its possessive) already looked up,
/// or `None` to look a one-word name up in the city list directly: with facts, a one-word
/// name is looked up only when the word list marks it a city. With `runs` false, a run of
/// words is looked up as one name only when its first word starts a large city (where
/// only a large city can matter: no place cue, or capitals that say nothing).
pub fn city_at_info(
    scan: &Scan,
    j: usize,
    info: Option<WordInfo>,
    runs: bool,
) -> Option<(City, usize, usize)> {
    let n = scan.words.len();
    if j >= n || !city_word(scan, j) {
        return None;
    }
    let max_run = if !runs && !may_start_big_city(scan.word_base_lower(j)) {
        1
    } else {
        4
    };
    let mut run = 1;
    while run < max_run && j + run < n && city_gap(scan, j + run - 1) && city_word(scan, j + run) {
        // A possessive ends the name: "Chicago's".
        if scan.words[j + run - 1].is_possessive() {
            break;
        }
        run += 1;
    }
    let start = scan.words[j].start;
    for len in (1..=run).rev() {
        if len == 1 && info.is_some_and(|i| !i.is_city()) {
            return None;
        }
        let last = j + len - 1;
        let lw = scan.words[last];
        // Try the whole word first ("St. Mary's"), then without a possessive.
        let ends: &[usize] = if lw.is_possessive() {
            &[lw.end, lw.base_end]
        } else {
            &[lw.end]
        };
        for &end in ends {
            if let Some(city) = lexicon::city(&scan.lower[start..end]) {
                return Some((city, last, end));
            }
        }
    }
    None
}

/// Extends a place (an address, a PO box) that ends at byte `end` over ", City, ST 62704",
/// ", City", " ST 62704" or " 62704". Returns the new end byte.
pub fn place_tail(scan: &Scan, end: usize) -> Option<usize> {
    let j = scan.word_at_or_after(end);
    let first = *scan.words.get(j)?;
    let between = scan.text.get(end..first.start)?;
    // "Main St., Springfield": the period of an abbreviation.
    let between = match between.strip_prefix('.') {
        Some(rest) if rest.starts_with(',') => rest,
        _ => between,
    };
    if !is_comma_gap(between) {
        return None;
    }
    let comma = between.contains(',');
    // " IL 62704", ", Illinois"
    if let Some(st) = state_at(scan, j) {
        if comma || !st.code || scan.words[j].has(shape::UPPER) {
            return Some(zip_after(scan, st.last).unwrap_or(scan.words[st.last].end));
        }
    }
    // " 62704"
    if let Some((zend, _, _)) = zip_at(scan, j) {
        return Some(zend);
    }
    // ", Springfield, IL 62704" or ", Springfield"
    if let Some((city, last, cend)) = city_at(scan, j) {
        if let Some((st_end, _)) = state_after(scan, last) {
            let _ = city;
            return Some(st_end);
        }
        if comma {
            return Some(cend);
        }
        return None;
    }
    // ", Smallville, KS": an unknown town needs a state after it.
    if case_free(scan) {
        return None;
    }
    let mut k = j;
    while k < j + 3 && k < scan.words.len() && city_word(scan, k) {
        if let Some((st_end, _)) = state_after(scan, k) {
            return Some(st_end);
        }
        if k + 1 < scan.words.len() && gap(scan, k) != " " {
            break;
        }
        k += 1;
    }
    // "88 Quarry Bend Rd., Unit B, Delmore for the bill": after a comma, one capitalised
    // word that is no everyday word, where the sentence ends or goes on in lower case.
    let w = scan.words[j];
    if comma
        && city_word(scan, j)
        && !w.has(shape::UPPER)
        && !w.is_possessive()
        && !crate::lexicon::word_info(scan.word_lower(j)).is_common_word()
    {
        let next = scan.words.get(j + 1);
        let ends = scan.text[w.end..]
            .chars()
            .next()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | ';' | ')' | '\n'));
        let lower_next = next.is_some_and(|n| {
            gap(scan, j) == " "
                && n.has(shape::LOWER)
                && !n.has(shape::CAP)
                && matches!(
                    scan.word_lower(j + 1),
                    "for" | "if" | "and" | "so" | "near" | "by"
                )
        });
        if ends || lower_next {
            return Some(w.end);
        }
    }
    None
}

/// A state (and optional ZIP) right after word `k`, separated by a comma or a space.
/// Returns the end byte and the state.
pub fn state_after(scan: &Scan, k: usize) -> Option<(usize, StateMatch)> {
    if k + 1 >= scan.words.len() || !is_comma_gap(gap(scan, k)) {
        return None;
    }
    let st = state_at(scan, k + 1)?;
    let end = zip_after(scan, st.last).unwrap_or(scan.words[st.last].end);
    Some((end, st))
}

/// A ZIP code right after word `k` (a space or a comma between).
pub fn zip_after(scan: &Scan, k: usize) -> Option<usize> {
    if k + 1 >= scan.words.len() || !is_comma_gap(gap(scan, k)) {
        return None;
    }
    zip_at(scan, k + 1).map(|(end, _, _)| end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Kind;

    #[test]
    fn states_cities_zips() {
        let s = Scan::new("Moved to Cedar Rapids, Iowa 52401 in June", Kind::Post);
        let (city, last, end) = city_at(&s, 2).unwrap();
        assert_eq!(&s.text[s.words[2].start..end], "Cedar Rapids");
        assert_eq!(last, 3);
        let st = state_at(&s, 4).unwrap();
        assert!(city.in_state(st.index));
        assert!(!st.code);
        assert_eq!(zip_at(&s, 5).map(|z| z.0), Some(s.words[5].end));

        let s = Scan::new("from New York and St. Louis", Kind::Post);
        assert!(state_at(&s, 1).is_some());
        let (_, last, _) = city_at(&s, 4).unwrap();
        assert_eq!(last, 5);

        // Codes must be upper case in mixed-case text.
        let s = Scan::new("Peoria in the spring, IN", Kind::Post);
        assert!(state_at(&s, 1).is_none());
        assert!(state_at(&s, 4).is_some());

        let s = Scan::new("zip 62704-1234 and 555-12345", Kind::Post);
        assert_eq!(zip_at(&s, 1).map(|z| z.2), Some(true));
        assert!(zip_at(&s, 5).is_none());
    }

    #[test]
    fn first_words_of_big_multiword_cities() {
        assert!(may_start_big_city("cedar") && may_start_big_city("st"));
        assert!(!may_start_big_city("maria"));
        let s = Scan::new("Sights of Cedar Rapids and Maria Stein", Kind::Post);
        assert!(city_at_info(&s, 2, None, false).is_some_and(|c| c.1 == 3));
        assert!(city_at_info(&s, 5, None, false).is_none_or(|c| c.1 == 5));
    }

    #[test]
    fn fast_state_index_agrees() {
        for (i, (name, code)) in lexicon::STATES.iter().enumerate() {
            assert_eq!(fast_state_index(name), Some(i));
            assert_eq!(fast_state_index(&name.to_lowercase()), Some(i));
            assert_eq!(fast_state_index(code), Some(i));
        }
        assert_eq!(fast_state_index("XX"), None);
        assert_eq!(fast_state_index("1A"), None);
        assert_eq!(fast_state_index(""), None);
        assert_eq!(fast_state_index("Ohio"), lexicon::state_index("OH"));
    }

    #[test]
    fn address_tails() {
        let t = "1 Main St, Springfield, IL 62704 today";
        let s = Scan::new(t, Kind::Post);
        let end = s.words[2].end;
        assert_eq!(
            &t[..place_tail(&s, end).unwrap()],
            "1 Main St, Springfield, IL 62704"
        );
        let t = "1 Main St, Smallville, KS today";
        let s = Scan::new(t, Kind::Post);
        assert_eq!(
            &t[..place_tail(&s, s.words[2].end).unwrap()],
            "1 Main St, Smallville, KS"
        );
        let t = "1 Main St. We met";
        let s = Scan::new(t, Kind::Post);
        assert_eq!(place_tail(&s, s.words[2].end), None);
        let t = "new address is 88 Quarry Bend Rd., Unit B, Delmore for the bill";
        let s = Scan::new(t, Kind::Post);
        assert_eq!(&t[..place_tail(&s, s.words[8].end).unwrap()], &t[..50]);
        let t = "1 Main St, Jenna will meet you";
        let s = Scan::new(t, Kind::Post);
        assert_eq!(place_tail(&s, s.words[2].end), None);
    }
}
