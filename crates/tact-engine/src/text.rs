//! The tokenised view of a text that every recognizer shares: words with their shapes,
//! sentence starts, and whole-word context look-ups.

use crate::input::Kind;
use crate::lexicon::{self, PhraseKind};
use std::cell::OnceCell;

/// Shape flags of a [`Word`].
pub mod shape {
    /// First letter is upper case ("Sarah", "MRN").
    pub const CAP: u8 = 1;
    /// Every letter is upper case and there is at least one ("MRN", "SMITH").
    pub const UPPER: u8 = 2;
    /// Every letter is lower case and there is at least one.
    pub const LOWER: u8 = 4;
    /// Contains a digit.
    pub const DIGIT: u8 = 8;
    /// Letters (and apostrophes) only.
    pub const ALPHA: u8 = 16;
    /// First word of a sentence, a line or the text.
    pub const SENTENCE_START: u8 = 32;
    /// Contains an apostrophe (`'` or `’`) between letters ("O'Brien", "I'm").
    pub const APOSTROPHE: u8 = 64;
}

/// A run of letters and digits, with apostrophes inside it ("O'Brien", "Sarah's").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    /// End of the word without a possessive `'s` / `’s` ("Sarah" in "Sarah's").
    pub base_end: usize,
    pub shape: u8,
}

impl Word {
    pub fn has(&self, flag: u8) -> bool {
        self.shape & flag != 0
    }
    pub fn is_possessive(&self) -> bool {
        self.base_end < self.end
    }
}

/// Context phrases, matched as whole words, case-insensitively. A phrase may have several
/// words ("date of birth").
#[derive(Clone, Debug, Default)]
pub struct ContextWords {
    phrases: Vec<Vec<String>>,
    longest: usize,
}

impl ContextWords {
    pub fn new(phrases: &[&str]) -> Self {
        // Split phrases exactly as the text is split, so "driver's license" matches.
        let phrases: Vec<Vec<String>> = phrases
            .iter()
            .map(|p| {
                let lower = p.to_lowercase();
                let scan = Scan::new(&lower, Kind::Post);
                (0..scan.words.len())
                    .map(|i| scan.word(i).to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|p| !p.is_empty())
            .collect();
        let longest = phrases.iter().map(Vec::len).max().unwrap_or(0);
        ContextWords { phrases, longest }
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
}

/// The analysed text with its words. Built once per analysis and shared by all recognizers.
pub struct Scan<'a> {
    pub text: &'a str,
    /// The text with ASCII letters lower-cased: same length, same offsets.
    pub lower: String,
    pub words: Vec<Word>,
    pub kind: Kind,
    /// Most letters are upper case: capitalisation says nothing about names.
    pub all_caps: bool,
    /// No letter is upper case: capitalisation says nothing about names.
    pub all_lower: bool,
    /// The year "now", for ages implied by birth years.
    pub reference_year: i32,
    phrases: OnceCell<Vec<(usize, usize, PhraseKind)>>,
    /// Byte offsets of the characters that end a sentence, for [`Scan::sentence_around`].
    sentence_ends: OnceCell<Vec<usize>>,
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "approx", "apt", "ave", "dept", "dr", "etc", "ft", "jr", "mr", "mrs", "ms", "mt", "mx", "no",
    "prof", "sr", "st", "vs",
];

/// True when the period at `dot` follows an initial ("J.") or a common abbreviation ("Dr.").
fn after_abbreviation(text: &str, words: &[Word], dot: usize) -> bool {
    let Some(w) = words.last() else {
        return false;
    };
    if w.end != dot {
        return false;
    }
    let word = &text[w.start..w.end];
    (word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase())
        || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Membership in a sorted list of words. Compares bytes inline: the words are short, and a
/// call to `memcmp` per probe costs more than the comparison itself.
pub fn in_sorted(list: &[&str], word: &str) -> bool {
    let w = word.as_bytes();
    list.binary_search_by(|p| {
        let p = p.as_bytes();
        for (a, b) in p.iter().zip(w) {
            if a != b {
                return a.cmp(b);
            }
        }
        p.len().cmp(&w.len())
    })
    .is_ok()
}

/// Letters, digits and combining marks make words.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

impl<'a> Scan<'a> {
    pub fn new(text: &'a str, kind: Kind) -> Self {
        let lower = text.to_ascii_lowercase();
        let mut words = Vec::with_capacity(text.len() / 5 + 1);
        let mut uppers = 0usize;
        let mut letters = 0usize;
        let bytes = text.as_bytes();
        let mut i = 0;
        // Whether a sentence boundary was seen since the previous word.
        let mut boundary = true;
        while i < bytes.len() {
            let b = bytes[i];
            // ASCII fast path for the bytes between words.
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    if matches!(b, b'!' | b'?' | b'\n' | b':' | b';')
                        || (b == b'.' && !after_abbreviation(text, &words, i))
                    {
                        boundary = true;
                    }
                    i += 1;
                    continue;
                }
            } else {
                let c = text[i..].chars().next().expect("char boundary");
                if !is_word_char(c) {
                    if c == '\u{2022}' {
                        boundary = true;
                    }
                    i += c.len_utf8();
                    continue;
                }
            }
            let start = i;
            let mut has_upper = false;
            let mut has_lower = false;
            let mut has_digit = false;
            let mut only_alpha = true;
            let mut apostrophe = false;
            // The word starts on a letter or digit: its case is that of its first character.
            let first_upper = if b < 0x80 {
                b.is_ascii_uppercase()
            } else {
                text[i..].chars().next().is_some_and(char::is_uppercase)
            };
            let mut end = i;
            loop {
                // ASCII letters and digits, the bulk of most words, in a tight loop.
                let run = end;
                let mut run_uppers = 0;
                let mut run_lowers = 0;
                while end < bytes.len() {
                    match bytes[end] {
                        b'a'..=b'z' => run_lowers += 1,
                        b'A'..=b'Z' => run_uppers += 1,
                        b'0'..=b'9' => has_digit = true,
                        _ => break,
                    }
                    end += 1;
                }
                if end > run {
                    has_upper |= run_uppers > 0;
                    has_lower |= run_lowers > 0;
                    uppers += run_uppers;
                    letters += run_uppers + run_lowers;
                }
                let Some(&b) = bytes.get(end) else {
                    break;
                };
                if b == b'\'' {
                    // Keep an apostrophe only when a letter follows it ("O'Brien").
                    match text[end + 1..].chars().next() {
                        Some(e) if e.is_alphabetic() => {
                            apostrophe = true;
                            end += 1;
                            continue;
                        }
                        _ => break,
                    }
                }
                if b < 0x80 {
                    break;
                }
                let c = text[end..].chars().next().expect("char boundary");
                let len = c.len_utf8();
                if is_word_char(c) {
                    if c.is_uppercase() {
                        has_upper = true;
                        uppers += 1;
                        letters += 1;
                    } else if c.is_lowercase() {
                        has_lower = true;
                        letters += 1;
                    } else if c.is_numeric() {
                        has_digit = true;
                    } else if c.is_alphabetic() {
                        letters += 1;
                    } else {
                        only_alpha = false;
                    }
                    end += len;
                } else if is_apostrophe(c) {
                    // Keep an apostrophe only when a letter follows it ("O'Brien", "Sarah's").
                    let after = end + len;
                    match text[after..].chars().next() {
                        Some(e) if e.is_alphabetic() => {
                            apostrophe = true;
                            end = after;
                        }
                        _ => break,
                    }
                } else {
                    break;
                }
            }
            if has_digit {
                only_alpha = false;
            }
            let mut shape = 0u8;
            if first_upper {
                shape |= shape::CAP;
            }
            let mut base_end = end;
            // A possessive ends in an apostrophe and an s.
            if apostrophe && matches!(bytes[end - 1], b's' | b'S') {
                let word = &text[start..end];
                for suffix in ["'s", "'S", "\u{2019}s", "\u{2019}S"] {
                    if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
                        base_end = end - suffix.len();
                    }
                }
            }
            if has_upper && !has_lower {
                shape |= shape::UPPER;
            }
            if has_lower && !has_upper {
                shape |= shape::LOWER;
            }
            if has_digit {
                shape |= shape::DIGIT;
            }
            if only_alpha {
                shape |= shape::ALPHA;
            }
            if boundary {
                shape |= shape::SENTENCE_START;
            }
            if apostrophe {
                shape |= shape::APOSTROPHE;
            }
            boundary = false;
            words.push(Word {
                start,
                end,
                base_end,
                shape,
            });
            i = end;
        }
        let all_caps = letters >= 8 && uppers * 10 >= letters * 8;
        let all_lower = letters >= 8 && uppers == 0;
        Scan {
            text,
            lower,
            words,
            kind,
            all_caps,
            all_lower,
            reference_year: 2026,
            phrases: OnceCell::new(),
            sentence_ends: OnceCell::new(),
        }
    }

    /// Sets the year "now".
    pub fn with_reference_year(mut self, year: i32) -> Self {
        self.reference_year = year;
        self
    }

    /// Lexicon phrases in the text (health terms, eponyms, holidays), whole words, possibly
    /// overlapping, in text order.
    pub fn phrases(&self) -> &[(usize, usize, PhraseKind)] {
        self.phrases
            .get_or_init(|| lexicon::find_phrases(&self.lower))
    }

    /// The word's text.
    pub fn word(&self, i: usize) -> &'a str {
        let w = self.words[i];
        &self.text[w.start..w.end]
    }

    /// The word's text, ASCII-lower-cased.
    pub fn word_lower(&self, i: usize) -> &str {
        let w = self.words[i];
        &self.lower[w.start..w.end]
    }

    /// The word without a possessive `'s`, ASCII-lower-cased.
    pub fn word_base_lower(&self, i: usize) -> &str {
        let w = self.words[i];
        &self.lower[w.start..w.base_end]
    }

    /// Index of the first word that starts at or after `byte`.
    pub fn word_at_or_after(&self, byte: usize) -> usize {
        self.words.partition_point(|w| w.start < byte)
    }

    /// Index of the word containing `byte`, if any.
    pub fn word_containing(&self, byte: usize) -> Option<usize> {
        let i = self.words.partition_point(|w| w.end <= byte);
        (i < self.words.len() && self.words[i].start <= byte).then_some(i)
    }

    /// True when the phrase's words match the words ending at index `last` (inclusive).
    fn phrase_ends_at(&self, phrase: &[String], last: usize) -> bool {
        if phrase.len() > last + 1 {
            return false;
        }
        let first = last + 1 - phrase.len();
        phrase
            .iter()
            .enumerate()
            .all(|(k, p)| self.word_lower(first + k) == p.as_str())
    }

    /// The byte span of the nearest context phrase among the `max_words` words before `start`.
    pub fn context_before(
        &self,
        start: usize,
        max_words: usize,
        context: &ContextWords,
    ) -> Option<(usize, usize)> {
        let i = self.word_at_or_after(start);
        let lowest = i.saturating_sub(max_words);
        for last in (lowest..i).rev() {
            for phrase in &context.phrases {
                if self.phrase_ends_at(phrase, last) {
                    let first = last + 1 - phrase.len();
                    return Some((self.words[first].start, self.words[last].end));
                }
            }
        }
        None
    }

    /// The byte span of the nearest context phrase among the `max_words` words after `end`.
    pub fn context_after(
        &self,
        end: usize,
        max_words: usize,
        context: &ContextWords,
    ) -> Option<(usize, usize)> {
        let i = self.word_at_or_after(end);
        let highest = (i + max_words + context.longest).min(self.words.len());
        for first in i..(i + max_words).min(self.words.len()) {
            for phrase in &context.phrases {
                let last = first + phrase.len() - 1;
                if last < highest && self.phrase_ends_at(phrase, last) {
                    return Some((self.words[first].start, self.words[last].end));
                }
            }
        }
        None
    }

    /// A context phrase before or after the span, the nearer side first.
    pub fn context_around(
        &self,
        start: usize,
        end: usize,
        max_words: usize,
        context: &ContextWords,
    ) -> Option<(usize, usize)> {
        self.context_before(start, max_words, context)
            .or_else(|| self.context_after(end, max_words, context))
    }

    /// True when the character before `byte` is not a letter or digit.
    pub fn boundary_before(&self, byte: usize) -> bool {
        self.text[..byte]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c))
    }

    /// True when the character at `byte` is not a letter or digit.
    pub fn boundary_after(&self, byte: usize) -> bool {
        self.text[byte..]
            .chars()
            .next()
            .is_none_or(|c| !is_word_char(c))
    }

    /// The byte span of the sentence containing `byte`: from after the previous `.`, `!`, `?`
    /// or line break to the next one. A period ends a sentence only when white space or the
    /// end of the text follows it ("Dr. Lee" is handled by callers that care; this is a coarse
    /// window).
    pub fn sentence_around(&self, byte: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        let ends = self.sentence_ends.get_or_init(|| {
            (0..len)
                .filter(|&i| match bytes[i] {
                    b'!' | b'?' | b'\n' => true,
                    b'.' => bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()),
                    _ => false,
                })
                .collect()
        });
        let at = byte.min(len);
        let k = ends.partition_point(|&e| e < at);
        // The sentence starts after the last end before `at`; a period that ends the whole
        // text starts nothing.
        let before = &ends[..k];
        let before = match before.last() {
            Some(&e) if e + 1 == len && bytes[e] == b'.' => &before[..before.len() - 1],
            _ => before,
        };
        let start = before.last().map_or(0, |&e| e + 1);
        let end = ends.get(k).copied().unwrap_or(len);
        (start, end)
    }
}

/// Converts byte offsets to code-point offsets for one text.
pub struct CharOffsets {
    /// For each character longer than one byte: its byte offset and the bytes beyond one per
    /// character up to and including it. Empty for ASCII text.
    wide: Vec<(usize, usize)>,
}

impl CharOffsets {
    pub fn new(text: &str) -> Self {
        let mut wide = Vec::new();
        if let Some(first) = text.bytes().position(|b| b >= 0x80) {
            let mut extra = 0;
            for (i, c) in text[first..].char_indices() {
                if c.len_utf8() > 1 {
                    extra += c.len_utf8() - 1;
                    wide.push((first + i, extra));
                }
            }
        }
        CharOffsets { wide }
    }

    /// The code-point index of a byte offset that lies on a char boundary.
    pub fn to_char(&self, byte: usize) -> usize {
        match self.wide.partition_point(|&(s, _)| s < byte) {
            0 => byte,
            k => byte - self.wide[k - 1].1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentence window found by walking the bytes from `byte`, as it was before the ends
    /// were found once per text.
    fn sentence_by_walking(text: &str, byte: usize) -> (usize, usize) {
        let bytes = text.as_bytes();
        let is_end = |b: u8| matches!(b, b'!' | b'?' | b'\n');
        let mut start = byte.min(bytes.len());
        while start > 0 {
            let b = bytes[start - 1];
            if is_end(b) || (b == b'.' && bytes.get(start).is_some_and(|c| c.is_ascii_whitespace()))
            {
                break;
            }
            start -= 1;
        }
        let mut end = byte.min(bytes.len());
        while end < bytes.len() {
            let b = bytes[end];
            if is_end(b)
                || (b == b'.' && bytes.get(end + 1).is_none_or(|c| c.is_ascii_whitespace()))
            {
                break;
            }
            end += 1;
        }
        (start, end)
    }

    #[test]
    fn char_offsets_count_code_points() {
        for text in [
            "",
            "plain ascii",
            "caf\u{e9} \u{2019}s \u{1F600}x",
            "\u{e9}\u{e9}a",
        ] {
            let offsets = CharOffsets::new(text);
            for (n, (i, _)) in text.char_indices().enumerate() {
                assert_eq!(offsets.to_char(i), n, "{text:?} at {i}");
            }
            assert_eq!(offsets.to_char(text.len()), text.chars().count());
        }
    }

    #[test]
    fn sentence_windows_match_a_walk_over_the_bytes() {
        for text in [
            "",
            ".",
            "..",
            "Hi. Dr. Lee saw her!\nThen? ok.",
            "No end here",
            "Ends with a period.",
            "a.b. c!d?e\n\nf. ",
            "Mr.Smith. . x",
        ] {
            for byte in 0..=text.len() + 2 {
                let scan = Scan::new(text, Kind::Post);
                assert_eq!(
                    scan.sentence_around(byte),
                    sentence_by_walking(text, byte),
                    "{text:?} at {byte}"
                );
            }
        }
    }
}
