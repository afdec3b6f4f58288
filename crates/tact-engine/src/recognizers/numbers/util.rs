//! Helpers shared by the recognizers of this group: digit groups joined by separators, clean
//! boundaries (a number must not be glued to a longer token), context look-ups, and codes
//! introduced by a context phrase ("MRN: 00123456", "member ID # XYZ-889910").

use super::group::Facts;
use super::words::{Phrases, WordTable};
use crate::text::Scan;
use std::cell::Cell;
use std::sync::OnceLock;

/// Words searched before a number for context.
pub(super) const BEFORE: usize = 6;
/// Words searched after a number for context.
pub(super) const AFTER: usize = 3;

/// True for a non-empty string of ASCII digits.
pub(super) fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The length in bytes of word `i`.
pub(super) fn word_len(scan: &Scan, i: usize) -> usize {
    let w = scan.words[i];
    w.end - w.start
}

/// True when the word at index `i` is made of ASCII digits only.
#[inline]
pub(super) fn is_digit_word(scan: &Scan, i: usize) -> bool {
    let w = scan.words[i];
    w.has(crate::text::shape::DIGIT)
        && scan.text.as_bytes()[w.start..w.end]
            .iter()
            .all(u8::is_ascii_digit)
}

/// The digits of `s` without separators, in a fixed buffer (no allocation). `None` when `s`
/// has more than 32 digits.
#[derive(Clone, Copy)]
pub(super) struct Digits {
    buf: [u8; 32],
    len: usize,
}

impl Digits {
    pub(super) fn of(s: &str) -> Option<Digits> {
        let mut d = Digits {
            buf: [0; 32],
            len: 0,
        };
        for b in s.bytes().filter(u8::is_ascii_digit) {
            if d.len == 32 {
                return None;
            }
            d.buf[d.len] = b;
            d.len += 1;
        }
        Some(d)
    }

    pub(super) fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The number formed by the digits in `range` (at most 9 digits).
    pub(super) fn value(&self, from: usize, to: usize) -> u32 {
        self.buf[from.min(self.len)..to.min(self.len)]
            .iter()
            .take(9)
            .fold(0, |acc, &b| acc * 10 + u32::from(b - b'0'))
    }

    /// True when every digit is the same ("111111111").
    pub(super) fn all_same(&self) -> bool {
        self.len > 0 && self.buf[..self.len].iter().all(|&b| b == self.buf[0])
    }
}

/// A number written as groups of digits joined by one separator character.
#[derive(Clone, Copy, Debug)]
pub(super) struct Groups {
    pub start: usize,
    pub end: usize,
    /// The separator, or `None` for a single group.
    pub sep: Option<u8>,
    pub count: usize,
    /// The length of each group (the first `count` entries).
    pub lens: [u8; 8],
}

impl Groups {
    /// True when the group lengths are exactly `pattern`.
    pub(super) fn is(&self, pattern: &[u8]) -> bool {
        self.count == pattern.len() && self.lens[..self.count] == *pattern
    }

    pub(super) fn digits(&self) -> usize {
        self.lens[..self.count]
            .iter()
            .map(|&l| usize::from(l))
            .sum()
    }
}

/// The separator byte between words `i` and `i + 1` when it is a single character from
/// `seps` and both words are made of digits (at most six each when the separator is a space).
fn digit_join(scan: &Scan, i: usize, seps: &[u8]) -> Option<u8> {
    let a = scan.words.get(i)?;
    let b = scan.words.get(i + 1)?;
    // The separator first: most words are followed by a space and a word without digits.
    if b.start != a.end + 1 || !b.has(crate::text::shape::DIGIT) {
        return None;
    }
    let sep = scan.text.as_bytes()[a.end];
    if !seps.contains(&sep) {
        return None;
    }
    // Digits written in space-separated groups come in short groups (cards, SSNs, phones);
    // a long run next to another number is a number of its own.
    if sep == b' ' && (a.end - a.start > 6 || b.end - b.start > 6) {
        return None;
    }
    (is_digit_word(scan, i) && is_digit_word(scan, i + 1)).then_some(sep)
}

/// The digit groups that start at word `i`: the word (all digits) and the following digit
/// words joined to it by one and the same separator from `seps`. `None` when word `i` is not
/// all digits, when it continues a group run that starts earlier, or when there are more than
/// eight groups. The result is not checked for clean boundaries (see [`isolated`]).
pub(super) fn groups_at(scan: &Scan, i: usize, seps: &[u8]) -> Option<Groups> {
    if !is_digit_word(scan, i) {
        return None;
    }
    let mut g = Groups {
        start: scan.words[i].start,
        end: scan.words[i].end,
        sep: None,
        count: 1,
        lens: [0; 8],
    };
    g.lens[0] = (scan.words[i].end - scan.words[i].start).min(255) as u8;
    let mut j = i;
    while let Some(sep) = digit_join(scan, j, seps) {
        if g.sep.is_some_and(|s| s != sep) {
            break;
        }
        if g.count == 8 {
            return None;
        }
        g.sep = Some(sep);
        j += 1;
        let w = scan.words[j];
        g.lens[g.count] = (w.end - w.start).min(255) as u8;
        g.count += 1;
        g.end = w.end;
    }
    // Not a start when the previous word joins this one with the same separator, unless that
    // word ends a run joined by another separator ("1234-5678 9012": "9012" may start).
    if i > 0 {
        if let Some(prev) = digit_join(scan, i - 1, seps) {
            let prev_ends_other = i > 1 && digit_join(scan, i - 2, seps).is_some_and(|p| p != prev);
            if g.sep.is_none_or(|s| s == prev) && !prev_ends_other {
                return None;
            }
        }
    }
    Some(g)
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

fn char_after(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// True when the span `start..end` stands alone: it is not glued to a longer token on either
/// side (a letter or digit, a decimal point, a thousands comma, a currency sign, a URL path
/// or an e-mail address). Digits one space away are handled by [`groups_at`], which joins
/// them into the same run.
pub(super) fn isolated(text: &str, start: usize, end: usize) -> bool {
    clean_left(text, start) && clean_right(text, end)
}

/// See [`isolated`]: the left side.
pub(super) fn clean_left(text: &str, start: usize) -> bool {
    // Most numbers follow a space or an ASCII sign: decide on the bytes then.
    let bytes = text.as_bytes();
    if start == 0 || start > bytes.len() {
        return true;
    }
    let b = bytes[start - 1];
    if b >= 0x80 {
        return clean_left_slow(text, start);
    }
    if b.is_ascii_alphanumeric() {
        return false;
    }
    match b {
        b'$' | b'+' | b'_' | b'@' | b'=' | b'&' | b'~' => false,
        b'-' | b'/' | b'\\' => !char_before(text, start - 1).is_some_and(char::is_alphanumeric),
        b'.' | b',' | b':' => start < 2 || !bytes[start - 2].is_ascii_digit(),
        _ => true,
    }
}

/// [`clean_left`] after a non-ASCII character.
fn clean_left_slow(text: &str, start: usize) -> bool {
    let Some(c) = char_before(text, start) else {
        return true;
    };
    if c.is_alphanumeric() {
        return false;
    }
    !matches!(c, '€' | '£' | '¥')
}

/// See [`isolated`]: the right side.
pub(super) fn clean_right(text: &str, end: usize) -> bool {
    let bytes = text.as_bytes();
    let Some(&b) = bytes.get(end) else {
        return true;
    };
    if b >= 0x80 {
        // Only a letter or digit glues; no other non-ASCII character does.
        return !char_after(text, end).is_some_and(char::is_alphanumeric);
    }
    if b.is_ascii_alphanumeric() {
        return false;
    }
    match b {
        b'%' | b'_' | b'@' | b'$' => false,
        b'-' | b'/' | b'\\' | b'.' | b'+' | b'=' => {
            !char_after(text, end + 1).is_some_and(char::is_alphanumeric)
        }
        b',' | b':' => !bytes.get(end + 1).is_some_and(u8::is_ascii_digit),
        _ => true,
    }
}

/// A context phrase before (nearer first) or after the span.
pub(super) fn context(
    scan: &Scan,
    start: usize,
    end: usize,
    words: &Phrases,
) -> Option<(usize, usize)> {
    words
        .before(scan, start, BEFORE)
        .or_else(|| words.after(scan, end, AFTER))
}

/// How many words before a checked code (an IMEI's Luhn digit, a DEA check digit) its label
/// may stand: the check already says it is one, so the label may be further off than
/// [`BEFORE`] ("IMEI of my mom's medical alert phone is …").
pub(super) const CHECKED_BEFORE: usize = 12;

/// [`context`] for a code whose check digit holds: also a label up to [`CHECKED_BEFORE`]
/// words before it.
pub(super) fn checked_context(
    scan: &Scan,
    start: usize,
    end: usize,
    words: &Phrases,
) -> Option<(usize, usize)> {
    context(scan, start, end, words).or_else(|| words.before(scan, start, CHECKED_BEFORE))
}

/// Words that may stand between a context phrase and the code it introduces
/// ("MRN **is** 0012345", "chart **number**: 88231").
const FILLER: &[&str] = &[
    "a", "as", "be", "code", "his", "her", "id", "is", "its", "my", "no", "nbr", "num", "number",
    "of", "on", "our", "the", "their", "was", "your",
];

/// Filler words that mark what follows as a number ("chart **no.** 88231").
const MARKERS: &[&str] = &["id", "nbr", "no", "num", "number"];

/// The word lists above and below, each a small table so that a word not in the list is
/// turned away by the table's first test: a word is looked up, not compared with every entry.
mod class {
    pub const FILLER: u8 = 1;
    pub const MARKER: u8 = 2;
    pub const OWNER: u8 = 4;
    pub const LIST: u8 = 8;
    pub const GIVING: u8 = 16;
    pub const LABEL_ABBREVIATION: u8 = 32;
    pub const ABBREVIATION: u8 = 64;
}

/// The table of each class, in the order of the bits of [`class`].
fn class_tables() -> &'static [WordTable<()>; 7] {
    static TABLES: OnceLock<[WordTable<()>; 7]> = OnceLock::new();
    TABLES.get_or_init(|| {
        [
            FILLER,
            MARKERS,
            OWNERS,
            LIST_WORDS,
            GIVING_WORDS,
            LABEL_ABBREVIATIONS,
            ABBREVIATIONS,
        ]
        .map(WordTable::set)
    })
}

/// True when the lower-cased `word` of the text (a byte range) is in one of the classes `c`.
fn in_class(scan: &Scan, range: (usize, usize), c: u8) -> bool {
    let word = &scan.lower.as_bytes()[range.0..range.1];
    let tables = class_tables();
    let mut bits = c;
    while bits != 0 {
        let n = bits.trailing_zeros() as usize;
        if tables[n].contains_bytes(word) {
            return true;
        }
        bits &= bits - 1;
    }
    false
}

/// True when word `k` (lower-cased) is in the class.
fn word_is(scan: &Scan, k: usize, c: u8) -> bool {
    let w = scan.words[k];
    in_class(scan, (w.start, w.end), c)
}

/// True when word `k` without a possessive `'s` is in the class.
fn base_is(scan: &Scan, k: usize, c: u8) -> bool {
    let w = scan.words[k];
    in_class(scan, (w.start, w.base_end), c)
}

/// How a code was introduced.
#[derive(Clone, Copy, Debug)]
pub(super) struct Intro {
    /// The byte span of the context phrase.
    pub span: (usize, usize),
    /// True when `#`, `:`, `=` or a word like "number" stands between phrase and code.
    pub marked: bool,
}

/// Phrases that introduce a code. Each set of a recognizer has a bit in the recognizer's
/// [`Index`], which marks the words of a text that may end one of its phrases.
pub(super) struct Intros {
    pub words: Phrases,
    /// The last word of each phrase (lower case).
    last: Vec<String>,
    /// Set by [`Index::new`].
    bit: u16,
}

impl Intros {
    pub(super) fn new(phrases: &[&str]) -> Self {
        let mut last: Vec<String> = phrases
            .iter()
            .filter_map(|p| {
                p.split(|c: char| !crate::text::is_word_char(c))
                    .rfind(|w| !w.is_empty())
                    .map(str::to_lowercase)
            })
            .collect();
        last.sort();
        last.dedup();
        Intros {
            words: Phrases::new(phrases),
            last,
            bit: 0,
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    fn may_end_at(&self, scan: &Scan, hits: &Hits, k: usize) -> bool {
        debug_assert!(self.bit != 0, "intros outside an index");
        hits.mask(scan, k) & self.bit != 0
    }

    /// True when a word in `from..to` may end one of the phrases.
    fn any_in(&self, scan: &Scan, hits: &Hits, from: usize, to: usize) -> bool {
        debug_assert!(self.bit != 0, "intros outside an index");
        hits.any(scan, from, to, self.bit)
    }

    /// True when a phrase of the set may end within `max_filler + 1` words before word `i`,
    /// as [`introduced_by`] needs: a cheap test before reading a code.
    pub(super) fn near(&self, scan: &Scan, hits: &Hits, i: usize, max_filler: usize) -> bool {
        self.any_in(scan, hits, i.saturating_sub(max_filler + 1), i)
    }

    /// The span of the first listed phrase that ends at word `k`.
    fn ending_at(&self, scan: &Scan, k: usize) -> Option<(usize, usize)> {
        self.words
            .ending_at(scan, k)
            .map(|(f, l)| (scan.words[f].start, scan.words[l].end))
    }
}

/// The last words of all the intro phrases of one recognizer, with the bit of each set they
/// end a phrase of.
#[derive(Default)]
pub(super) struct Index {
    table: Option<WordTable<u16>>,
    words: Vec<(String, u16)>,
    /// The number of sets.
    width: u32,
}

impl Index {
    /// Gives each set its bit (at most 16 sets) and indexes their last words.
    pub(super) fn new(sets: &mut [&mut Intros]) -> Self {
        assert!(sets.len() <= 16, "at most 16 sets of intros");
        let mut words = Vec::new();
        for (n, set) in sets.iter_mut().enumerate() {
            set.bit = 1 << n;
            words.extend(set.last.iter().map(|w| (w.clone(), set.bit)));
        }
        Index {
            table: Some(WordTable::new(words.clone(), |a, b| a | b)),
            words,
            width: sets.len() as u32,
        }
    }

    /// The last words with their bits.
    pub(super) fn words(&self) -> impl Iterator<Item = (String, u16)> + '_ {
        self.words.iter().cloned()
    }

    /// The number of bits the sets take.
    pub(super) fn width(&self) -> u32 {
        self.width
    }
}

/// One recognizer's intro words in one text. Running alone, a recognizer looks a word up
/// when a code near it asks (most texts have no code worth placing, and a code only asks
/// about the few words before it); run with its group, it reads the bits the group found
/// for every word at once.
pub(super) struct Hits<'f> {
    own: &'f Index,
    /// The group's facts and where this recognizer's bits lie in them.
    group: Option<(&'f Facts<'f, 'f>, u32)>,
    /// The last answer of [`within_reach`]: the word asked about and the answer.
    reach: Cell<Option<(usize, bool)>>,
}

impl<'f> Hits<'f> {
    pub(super) fn new(facts: &'f Facts<'f, 'f>, index: &'f Index) -> Self {
        Hits {
            own: index,
            group: facts.offset_of(index).map(|offset| (facts, offset)),
            reach: Cell::new(None),
        }
    }

    /// The intro bits of word `k`.
    #[inline]
    fn mask(&self, scan: &Scan, k: usize) -> u16 {
        if let Some((facts, offset)) = self.group {
            return (facts.group_mask(k) >> offset) as u16;
        }
        match &self.own.table {
            Some(table) => table.word(scan, k).unwrap_or(0),
            None => 0,
        }
    }

    /// True when a word in `from..to` has one of `bits`.
    fn any(&self, scan: &Scan, from: usize, to: usize, bits: u16) -> bool {
        if let Some((facts, offset)) = self.group {
            return facts.any_group_bit(from, to, u64::from(bits) << offset);
        }
        (from..to.min(scan.words.len())).any(|k| self.mask(scan, k) & bits != 0)
    }
}

/// The context phrase that introduces a code starting at word `i`: a phrase ending at most
/// `max_filler` filler words before it, with nothing but spaces, `#`, `:`, `=`, `(`, `-`,
/// commas, quotes and filler in between (no sentence break). The nearest phrase wins.
pub(super) fn introduced_by(
    scan: &Scan,
    hits: &Hits,
    i: usize,
    intros: &Intros,
    max_filler: usize,
) -> Option<Intro> {
    scan.words.get(i)?;
    // A phrase must end at one of the words walked back over: when none of them may end
    // one, there is no walk to do.
    if !intros.any_in(scan, hits, i.saturating_sub(max_filler + 1), i) {
        return None;
    }
    // Walk back over filler words; a phrase must end at one of the words passed.
    let mut span = None;
    let mut k = i;
    while k > 0 && i - k <= max_filler {
        k -= 1;
        if intros.may_end_at(scan, hits, k) {
            span = intros.ending_at(scan, k);
            if span.is_some() {
                break;
            }
        }
        if !word_is(scan, k, class::FILLER) {
            break;
        }
    }
    let span = span?;
    let first_between = scan.word_at_or_after(span.1);
    let mut marked = false;
    for k in first_between..i {
        marked |= word_is(scan, k, class::MARKER);
    }
    // The characters between the phrase and the code, word characters aside. A period is
    // allowed only after a short abbreviation ("No. 12345", "Acct. 12345"), not at the end of
    // a sentence.
    let mut prev = scan.word_containing(span.1.saturating_sub(1))?;
    for k in first_between..=i {
        let p = scan.words[prev];
        let abbreviation = p.end - p.start <= 4 && p.has(crate::text::shape::ALPHA);
        for c in scan.text[p.end..scan.words[k].start].chars() {
            match c {
                '#' | ':' | '=' | '№' => marked = true,
                ' ' | '\t' | '\u{a0}' | '(' | '[' | '-' | '–' | '—' | '"' | '\'' | '“' | '‘'
                | '/' | ',' => {}
                '.' if abbreviation => {}
                _ => return None,
            }
        }
        prev = k;
    }
    Some(Intro { span, marked })
}

/// A code of letters and digits starting at a word, possibly joined by single dashes
/// ("MRN-00-4471", "XKQ-889910").
#[derive(Clone, Copy, Debug)]
pub(super) struct Code {
    pub start: usize,
    pub end: usize,
    /// Characters other than the joiners.
    pub len: usize,
    pub digits: usize,
    pub letters: usize,
    /// Number of words joined.
    pub parts: usize,
}

/// The numbers of digits and of letters of a word, or `None` when it holds anything but
/// ASCII letters and digits.
fn ascii_alnum_counts(word: &[u8]) -> Option<(usize, usize)> {
    let mut digits = 0;
    for &b in word {
        if b.is_ascii_digit() {
            digits += 1;
        } else if !b.is_ascii_alphabetic() {
            return None;
        }
    }
    Some((digits, word.len() - digits))
}

/// The code that starts at word `i`: the word and the words joined to it by one character of
/// `joiners`, while the code stays at most `max_len` characters long. `None` when the word
/// is not ASCII letters and digits, or when the code is glued to something on its right.
pub(super) fn code_at(scan: &Scan, i: usize, joiners: &[u8], max_len: usize) -> Option<Code> {
    let bytes = scan.text.as_bytes();
    let w = scan.words[i];
    let (digits, letters) = ascii_alnum_counts(&bytes[w.start..w.end])?;
    let mut code = Code {
        start: w.start,
        end: w.end,
        len: digits + letters,
        digits,
        letters,
        parts: 1,
    };
    if code.len > max_len {
        return None;
    }
    let mut k = i;
    while let Some(next) = scan.words.get(k + 1) {
        let end = scan.words[k].end;
        if next.start != end + 1 || !joiners.contains(&bytes[end]) {
            break;
        }
        let Some((digits, letters)) = ascii_alnum_counts(&bytes[next.start..next.end]) else {
            break;
        };
        k += 1;
        code.parts += 1;
        code.len += digits + letters;
        code.digits += digits;
        code.letters += letters;
        code.end = next.end;
        if code.len > max_len {
            return None;
        }
    }
    if !clean_right(scan.text, code.end) || !clean_left(scan.text, code.start) {
        return None;
    }
    Some(code)
}

/// True when [`code_at`] with these `joiners` may read a code of at least `min_len`
/// characters at word `i`: the word stands clear on its left, and it is long enough or a
/// joiner follows it. A cheap test before reading the code.
pub(super) fn may_read_code(scan: &Scan, i: usize, joiners: &[u8], min_len: usize) -> bool {
    let w = scan.words[i];
    (w.end - w.start >= min_len
        || scan.words.get(i + 1).is_some_and(|n| {
            n.start == w.end + 1 && joiners.contains(&scan.text.as_bytes()[w.end])
        }))
        && clean_left(scan.text, w.start)
}

/// [`may_read_code`] with dashes for a code that [`extend_spaced`] may lengthen: a digit
/// word after one space counts as a joined word.
pub(super) fn may_read_spaced(scan: &Scan, i: usize, min_len: usize) -> bool {
    let w = scan.words[i];
    (w.end - w.start >= min_len
        || scan.words.get(i + 1).is_some_and(|n| {
            n.start == w.end + 1
                && match scan.text.as_bytes()[w.end] {
                    b'-' => true,
                    b' ' => n.has(crate::text::shape::DIGIT),
                    _ => false,
                }
        }))
        && clean_left(scan.text, w.start)
}

/// True when a code may start at word `i`: the word has a digit, or it is a short run of
/// letters joined by dashes, dots or underscores (at most three such parts) to a word with a
/// digit ("PA-0099812", "TC-FP-00731", "MGF-CR-0912", "MD.41882", "vp_0044127"). Which
/// joiners a code accepts is [`code_at`]'s business.
pub(super) fn may_start_code(scan: &Scan, i: usize) -> bool {
    let w = scan.words[i];
    if w.has(crate::text::shape::DIGIT) {
        return true;
    }
    if w.end - w.start > 6 {
        return false;
    }
    let bytes = scan.text.as_bytes();
    for k in i..i + 3 {
        let (Some(a), Some(n)) = (scan.words.get(k), scan.words.get(k + 1)) else {
            return false;
        };
        if n.start != a.end + 1 || !matches!(bytes[a.end], b'-' | b'.' | b'_') {
            return false;
        }
        if n.has(crate::text::shape::DIGIT) {
            return true;
        }
        if n.end - n.start > 4 {
            return false;
        }
    }
    false
}

/// True for a code that is only a four-digit year between 1900 and 2099.
pub(super) fn is_year(s: &str) -> bool {
    s.len() == 4 && all_digits(s) && matches!(&s[..2], "19" | "20")
}

/// True when `s` (digits and separators) is shaped like a North American phone number:
/// ten digits written 3-3-4, the area code and exchange not starting with 0 or 1.
pub(super) fn is_nanp_shape(d: &Digits) -> bool {
    let s = d.as_str().as_bytes();
    let s = if s.len() == 11 && s[0] == b'1' {
        &s[1..]
    } else {
        s
    };
    s.len() == 10 && s[0] >= b'2' && s[3] >= b'2'
}

/// Short words that end with a period without ending the sentence ("No.", "Acct.", "Dr.").
const ABBREVIATIONS: &[&str] = &[
    "acc", "acct", "approx", "apt", "cert", "co", "dept", "dr", "exp", "ext", "inc", "ins", "jr",
    "lic", "med", "mr", "mrs", "ms", "nbr", "no", "nos", "nr", "num", "ph", "pt", "pts", "rec",
    "ref", "reg", "sr", "st", "ste", "tel", "vs",
];

/// True when the text between words `k` and `k + 1` ends a sentence or a clause a label does
/// not reach across: `!`, `?`, `;`, `|`, a line break, an ellipsis, or a period followed by a
/// space that does not close an abbreviation or an initial. The end of the text counts too.
pub(super) fn break_after(scan: &Scan, k: usize) -> bool {
    let (Some(w), Some(next)) = (scan.words.get(k), scan.words.get(k + 1)) else {
        return true;
    };
    // Most words are followed by one space.
    if next.start == w.end + 1 && scan.text.as_bytes()[w.end] == b' ' {
        return false;
    }
    let gap = &scan.text[w.end..next.start];
    let mut chars = gap.char_indices().peekable();
    while let Some((j, c)) = chars.next() {
        match c {
            '!' | '?' | ';' | '|' | '\n' | '\r' | '•' | '…' => return true,
            '.' => {
                // "041.387219", "e.g": a period inside a token.
                let Some(&(_, after)) = chars.peek() else {
                    continue;
                };
                if after == '.' {
                    return true;
                }
                let abbreviation =
                    j == 0 && (w.end - w.start == 1 || base_is(scan, k, class::ABBREVIATION));
                if !abbreviation {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// How a code relates to its context phrase, from the closest to the loosest.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Level {
    /// A confident phrase right before the code ("MRN: 0012345").
    Strong,
    /// A label word marked by `#`, `:` or "number" ("chart # 4471").
    Marked,
    /// A label word right before an identifier-shaped code ("claim C2291774").
    Label,
    /// A phrase a few words before the code in the same sentence; the number of words in
    /// between.
    Near(usize),
    /// A generic word a few words before a code with letters and five digits.
    Loose(usize),
    /// A phrase in the previous sentence of a short sentence that gives the code ("It's …").
    Previous,
}

impl Level {
    /// The usual score for a code found at this level, given the score of a strong phrase.
    pub(super) fn score(self, strong: f32) -> f32 {
        match self {
            Level::Strong => strong,
            Level::Marked => 0.8,
            Level::Label => 0.75,
            Level::Near(gap) => (0.72 - 0.02 * gap as f32).max(0.6),
            Level::Loose(gap) => (0.68 - 0.02 * gap as f32).max(0.58),
            Level::Previous => 0.6,
        }
    }

    /// A short name for explanations.
    pub(super) fn pattern(self) -> &'static str {
        match self {
            Level::Strong => "after-context",
            Level::Marked => "after-marked-label",
            Level::Label => "after-label",
            Level::Near(_) | Level::Loose(_) => "context-in-sentence",
            Level::Previous => "context-in-previous-sentence",
        }
    }
}

/// How much a code looks like an identifier, judged on its shape alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Shape {
    /// A number that reads as something else: a year, a date, a phone number, a ZIP+4.
    Other,
    /// Short or plain: four digits, a five-digit number.
    Weak,
    /// Five or more digits with a leading zero, six or more digits, digit groups, or letters.
    Id,
    /// Letters and at least five digits ("BCX882130447", "VP-7731-0042").
    Strong,
}

/// The shape of a code; see [`Shape`]. Numbers that read as something else (a year, a
/// date, a phone number, a ZIP+4, an SSN, one repeated digit) are [`Shape::Other`].
pub(super) fn shape_of(scan: &Scan, code: &Code) -> Shape {
    let text = &scan.text[code.start..code.end];
    if reads_as_other_number(text, code) {
        return Shape::Other;
    }
    // "(217) 555-0142": the end of a phone number.
    if code.letters == 0
        && group_lens(text) == [3, 4, 0, 0]
        && scan.text[..code.start].trim_end().ends_with(')')
    {
        return Shape::Other;
    }
    if code.digits < 4 {
        return Shape::Weak;
    }
    if code.letters > 0 && code.digits >= 5 && code.len >= 6 {
        return Shape::Strong;
    }
    let leading_zero = text.as_bytes()[0] == b'0';
    if code.digits >= 5 && (leading_zero || code.digits >= 6 || code.parts >= 2 || code.letters > 0)
    {
        return Shape::Id;
    }
    Shape::Weak
}

/// True for an all-digit code that reads as a year, a date (yyyymmdd, mmddyyyy), a North
/// American phone number, a ZIP+4, an SSN layout or one repeated digit.
pub(super) fn reads_as_other_number(text: &str, code: &Code) -> bool {
    if code.letters > 0 {
        return false;
    }
    if is_year(text) {
        return true;
    }
    let Some(d) = Digits::of(text) else {
        return true;
    };
    if code.parts == 1 {
        // One run of digits: no decimal point, no groups.
        return d.all_same() || is_date8(&d) || is_nanp_shape(&d);
    }
    let lens = group_lens(text);
    d.all_same()
        || is_decimal(text)
        || is_date8(&d)
        || is_grouped_date(text)
        || (is_nanp_shape(&d) && matches!(code.parts, 1 | 3 | 4))
        || lens == [5, 4, 0, 0]
        || lens == [3, 2, 4, 0]
}

/// True for an amount written with a decimal point ("125.00", "98.6") or with dots between
/// thousands ("1.250.000").
fn is_decimal(text: &str) -> bool {
    if !text.contains('.') {
        return false;
    }
    let first = text.split('.').next().map_or(0, str::len);
    let last = text.rsplit('.').next().map_or(0, str::len);
    last <= 2 || (first <= 3 && text.split('.').skip(1).all(|g| g.len() == 3))
}

/// True for dates and year spans written in digit groups: "3-14-2024", "2024-3-14",
/// "2024-03" (a month), "2024-2025", "2024-25".
pub(super) fn is_grouped_date(text: &str) -> bool {
    let mut parts = [0u32; 3];
    let mut lens = [0usize; 3];
    let mut n = 0;
    for p in text.split(['-', '.', '/']) {
        if n == 3 || p.is_empty() || p.len() > 4 || !all_digits(p) {
            return false;
        }
        parts[n] = p.parse().unwrap_or(0);
        lens[n] = p.len();
        n += 1;
    }
    let year = |k: usize| lens[k] == 4 && (1900..=2099).contains(&parts[k]);
    let month = |k: usize| lens[k] <= 2 && (1..=12).contains(&parts[k]);
    let day = |k: usize| lens[k] <= 2 && (1..=31).contains(&parts[k]);
    match n {
        2 => year(0) && (month(1) || year(1) || (lens[1] == 2 && parts[1] == (parts[0] + 1) % 100)),
        3 => {
            (year(0) && month(1) && day(2))
                || (month(0) && day(1) && (year(2) || lens[2] == 2))
                || (day(0) && month(1) && (year(2) || lens[2] == 2))
        }
        _ => false,
    }
}

/// The lengths of the first four groups of a code split at non-alphanumerics (0 past the end).
fn group_lens(text: &str) -> [usize; 4] {
    let mut out = [0usize; 4];
    for (k, g) in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .take(4)
        .enumerate()
    {
        out[k] = g.len();
    }
    if text.split(|c: char| !c.is_ascii_alphanumeric()).count() > 4 {
        out[3] = usize::MAX;
    }
    out
}

/// True when eight digits read as a date: yyyymmdd or mmddyyyy (years 1900–2099).
pub(super) fn is_date8(d: &Digits) -> bool {
    if d.len() != 8 {
        return false;
    }
    let ymd = |y: u32, m: u32, day: u32| {
        (1900..=2099).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&day)
    };
    ymd(d.value(0, 4), d.value(4, 6), d.value(6, 8))
        || ymd(d.value(4, 8), d.value(0, 2), d.value(2, 4))
}

/// A context phrase found before a code; see [`near_before`].
#[derive(Clone, Copy, Debug)]
pub(super) struct Near {
    pub span: (usize, usize),
    /// Words between the phrase and the code.
    pub gap: usize,
}

/// Words that continue a list of codes ("MRNs 0012345 and 0012399").
const LIST_WORDS: &[&str] = &["and", "or", "then", "also"];

/// Words that name what a number is when they stand between a distant phrase and the code:
/// the number belongs to them, not to the phrase ("patient packet shipped, tracking …").
const OWNERS: &[&str] = &[
    "order",
    "orders",
    "tracking",
    "confirmation",
    "invoice",
    "shipment",
    "ref",
    "reference",
    "ticket",
    "transaction",
    "receipt",
    "coupon",
    "promo",
    "discount",
    "voucher",
    "gift",
    "code",
    "codes",
    "pin",
    "password",
    "passcode",
    "model",
    "version",
    "lot",
    "sku",
    "item",
    "isbn",
    "upc",
    "flight",
    "booking",
    "fax",
    "phone",
    "call",
    "text",
    "tel",
    "ext",
    "extension",
    "room",
    "suite",
    "bed",
    "bay",
    "floor",
    "building",
    "unit",
    "kiosk",
    "printer",
    "terminal",
    "station",
    "machine",
    "zip",
    "npi",
    "ssn",
    "vin",
    "plate",
    "tag",
    "passport",
    "serial",
    "imei",
];

/// The nearest phrase of `intros` ending at most `max_gap` words before word `i` in the same
/// sentence. The search stops at a sentence break and at a word holding three or more digits
/// (that number is what the phrase introduces), unless that word lies in `pass`, a code
/// found just before and joined to this one as a list.
pub(super) fn near_before(
    scan: &Scan,
    hits: &Hits,
    i: usize,
    intros: &Intros,
    max_gap: usize,
    pass: Option<(usize, usize)>,
) -> Option<Near> {
    // The phrase must end within `max_gap + 1` words before the code.
    if !intros.any_in(scan, hits, i.saturating_sub(max_gap + 1), i) {
        return None;
    }
    let mut k = i;
    let mut listing = true;
    while k > 0 {
        k -= 1;
        if break_after(scan, k) {
            return None;
        }
        if intros.may_end_at(scan, hits, k) {
            if let Some(span) = intros.ending_at(scan, k) {
                return Some(Near {
                    span,
                    gap: i - k - 1,
                });
            }
        }
        if i - k > max_gap || base_is(scan, k, class::OWNER) {
            return None;
        }
        let w = scan.words[k];
        let digits = scan.text[w.start..w.end]
            .bytes()
            .filter(u8::is_ascii_digit)
            .count();
        if digits >= 3 {
            let in_pass = pass.is_some_and(|(s, e)| w.start >= s && w.end <= e);
            if !(in_pass && listing) {
                return None;
            }
        } else if !word_is(scan, k, class::LIST) {
            listing = false;
        }
    }
    None
}

/// Words of a short sentence that gives a code named in the sentence before ("It's …",
/// "Mine is …", "Here it is: …", "The number is …").
const GIVING_WORDS: &[&str] = &[
    "it", "it's", "its", "is", "was", "mine", "his", "her", "hers", "theirs", "ours", "here",
    "here's", "this", "that", "that's", "the", "number", "one", "new", "so", "ok", "okay", "yes",
    "oh", "and", "correct", "right", "should", "be", "reads", "says",
];

/// When word `i` opens a short sentence (at most `max_prefix` words before it, all of them
/// words that give something: "It's …", "Mine is …"), the nearest phrase of `intros` in the
/// sentence before, within `max_back` words.
pub(super) fn in_previous_sentence(
    scan: &Scan,
    hits: &Hits,
    i: usize,
    intros: &Intros,
    max_prefix: usize,
    max_back: usize,
) -> Option<Near> {
    // Word `last` ends the previous sentence.
    let last = previous_sentence_end(scan, i, max_prefix)?;
    if !intros.any_in(scan, hits, last.saturating_sub(max_back), last + 1) {
        return None;
    }
    let mut k = last;
    loop {
        if intros.may_end_at(scan, hits, k) {
            if let Some(span) = intros.ending_at(scan, k) {
                return Some(Near {
                    span,
                    gap: i - k - 1,
                });
            }
        }
        if k == 0
            || last - k >= max_back
            || break_after(scan, k - 1)
            || base_is(scan, k, class::OWNER)
        {
            return None;
        }
        k -= 1;
    }
}

/// When word `i` opens a short sentence (at most `max_prefix` words before it, all of them
/// words that give something: "It's …", "Mine is …"), the last word of the sentence before.
pub(super) fn previous_sentence_end(scan: &Scan, i: usize, max_prefix: usize) -> Option<usize> {
    let mut k = i;
    loop {
        if k == 0 {
            return None;
        }
        k -= 1;
        if break_after(scan, k) {
            return Some(k);
        }
        if i - k > max_prefix || !word_is(scan, k, class::GIVING) {
            return None;
        }
    }
}

/// True when `#`, `:`, `=` or a word such as "number" or "is" stands right before word `i`
/// ("… for the twins: 30917").
pub(super) fn marked_before(scan: &Scan, i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let gap = &scan.text[scan.words[i - 1].end..scan.words[i].start];
    gap.contains(['#', ':', '=', '№'])
        || word_is(scan, i - 1, class::MARKER)
        || matches!(scan.word_lower(i - 1), "is" | "was" | "are")
}

/// The code found just before by a recognizer, with its context: a code that follows it as
/// a list ("30917 and 30918", "22104471, 22104472") shares that context.
#[derive(Clone, Copy, Debug)]
pub(super) struct Prev {
    pub code: (usize, usize),
    pub span: (usize, usize),
    pub level: Level,
    digits: usize,
    letters: bool,
}

impl Prev {
    pub(super) fn new(code: &Code, span: (usize, usize), level: Level) -> Self {
        Prev {
            code: (code.start, code.end),
            span,
            level,
            digits: code.digits,
            letters: code.letters > 0,
        }
    }

    /// True when `code` continues a list after this one: only commas, slashes, `&` and "and"
    /// / "or" between them, and a code of the same make (letters or not, about as many
    /// digits) that does not read as a date or phone number.
    fn continued_by(&self, scan: &Scan, code: &Code) -> bool {
        if code.start < self.code.1
            || (code.letters > 0) != self.letters
            || code.digits.abs_diff(self.digits) > 2
            || reads_as_other_number(&scan.text[code.start..code.end], code)
        {
            return false;
        }
        let between = &scan.text[self.code.1..code.start];
        let mut words = 0;
        for part in between.split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '&')) {
            if part.is_empty() {
                continue;
            }
            words += 1;
            if words > 1 || !matches!(part.to_ascii_lowercase().as_str(), "and" | "or") {
                return false;
            }
        }
        true
    }
}

/// The vocabularies that place a code: confident phrases right before it, words that need a
/// mark (`#`, `:`, "number"), label words that need a mark or an identifier-shaped code, and
/// the phrases that still count a few words away or in the previous sentence.
pub(super) struct Vocab {
    pub strong: Intros,
    pub marked: Intros,
    pub label: Intros,
    pub near: Intros,
    /// Phrases that count a few words away (or in the previous sentence) only before a
    /// [`Shape::Strong`] code: generic words such as "policy", "insurance", "template".
    pub loose: Intros,
    /// Filler words allowed between a strong phrase and the code.
    pub strong_filler: usize,
    /// Words allowed between a near phrase and the code.
    pub near_gap: usize,
    /// Built by [`Vocab::indexed`].
    pub index: Index,
}

impl Vocab {
    /// Indexes the last words of the vocabulary's phrases and of the recognizer's `other`
    /// intro sets (see [`Index`]).
    pub(super) fn indexed(mut self, other: &mut [&mut Intros]) -> Self {
        let mut sets: Vec<&mut Intros> = vec![
            &mut self.strong,
            &mut self.marked,
            &mut self.label,
            &mut self.near,
            &mut self.loose,
        ];
        sets.extend(other.iter_mut().map(|s| &mut **s));
        self.index = Index::new(&mut sets);
        self
    }

    /// The bits of the five sets.
    fn bits(&self) -> u16 {
        self.strong.bit | self.marked.bit | self.label.bit | self.near.bit | self.loose.bit
    }
}

/// True when a code starting at word `i` may be placed by [`place`]: a code was found
/// before (the new one may continue its list), or a phrase stands within reach. A cheap test
/// before reading the code.
pub(super) fn may_place(
    scan: &Scan,
    hits: &Hits,
    i: usize,
    vocab: &Vocab,
    prev: Option<Prev>,
) -> bool {
    prev.is_some() || within_reach(scan, hits, i, vocab)
}

/// True when a phrase of the vocabulary may end where [`place`] looks for one: within a few
/// words before word `i` (the filler after a strong phrase and a letter prefix, or the gap
/// of a near phrase), or in the sentence before a short sentence that `i` opens.
fn within_reach(scan: &Scan, hits: &Hits, i: usize, vocab: &Vocab) -> bool {
    // A code is asked about twice, before it is read and when it is placed.
    if let Some((at, answer)) = hits.reach.get() {
        if at == i {
            return answer;
        }
    }
    let answer = within_reach_uncached(scan, hits, i, vocab);
    hits.reach.set(Some((i, answer)));
    answer
}

/// See [`within_reach`].
fn within_reach_uncached(scan: &Scan, hits: &Hits, i: usize, vocab: &Vocab) -> bool {
    let reach = (vocab.strong_filler + 2).max(2 + 2).max(vocab.near_gap + 1);
    if hits.any(scan, i.saturating_sub(reach), i, vocab.bits()) {
        return true;
    }
    let far = vocab.near.bit | vocab.loose.bit;
    if vocab.near.is_empty() && vocab.loose.is_empty() {
        return false;
    }
    // The sentence before is the same for every recognizer of the group: it is looked at
    // once per code.
    if let Some((facts, offset)) = hits.group {
        if let Some(mask) = facts.previous_sentence_mask(i) {
            return (mask >> offset) as u16 & far != 0;
        }
    }
    previous_sentence_end(scan, i, PREFIX_WORDS)
        .is_some_and(|last| hits.any(scan, last.saturating_sub(BACK_WORDS), last + 1, far))
}

/// Words of a short sentence before a code that [`place`] lets open it ("It's …").
pub(super) const PREFIX_WORDS: usize = 3;
/// Words of the sentence before searched for a phrase.
pub(super) const BACK_WORDS: usize = 30;

/// Where the context of a code starting at word `i` lies, if anywhere; see [`Level`]. A code
/// placed only loosely must look like an identifier: [`Shape::Id`] a few words away (or a
/// plain number right after `#`, `:` or "is"), [`Shape::Strong`] in the previous sentence.
pub(super) fn place(
    scan: &Scan,
    hits: &Hits,
    i: usize,
    code: &Code,
    vocab: &Vocab,
    prev: Option<Prev>,
) -> Option<((usize, usize), Level)> {
    if let Some(p) = prev.filter(|p| p.continued_by(scan, code)) {
        return Some((p.span, p.level));
    }
    // Everything below needs a phrase within reach.
    if !within_reach(scan, hits, i, vocab) {
        return None;
    }
    let shape = shape_of(scan, code);
    let pass = prev.map(|p| p.code);
    if let Some(found) = tight(scan, hits, i, shape, vocab) {
        return Some(found);
    }
    // "Member #: ABC 123456789": the phrase comes before the code's letter prefix.
    let prefixed = has_letter_prefix(scan, i, code);
    if prefixed {
        if let Some(found) = tight(scan, hits, i - 1, shape.max(Shape::Id), vocab) {
            return Some(found);
        }
    }
    // With its letter prefix the code has letters and digits.
    let shape = if prefixed && shape >= Shape::Weak && code.digits >= 5 {
        Shape::Strong
    } else {
        shape
    };
    // A phrase a few words away counts for an identifier-shaped code, or for a weak one
    // right after a mark: for other codes there is no need to look.
    let near_counts = shape >= Shape::Id || (shape == Shape::Weak && marked_before(scan, i));
    if near_counts && !vocab.near.is_empty() {
        if let Some(near) = near_before(scan, hits, i, &vocab.near, vocab.near_gap, pass) {
            if shape >= Shape::Id || near.gap <= 4 {
                return Some((near.span, Level::Near(near.gap)));
            }
        }
    }
    if shape < Shape::Strong {
        return None;
    }
    if !vocab.loose.is_empty() {
        if let Some(near) = near_before(scan, hits, i, &vocab.loose, vocab.near_gap, pass) {
            return Some((near.span, Level::Loose(near.gap)));
        }
    }
    [&vocab.near, &vocab.loose]
        .into_iter()
        .filter(|v| !v.is_empty())
        .filter_map(|v| in_previous_sentence(scan, hits, i, v, PREFIX_WORDS, BACK_WORDS))
        .min_by_key(|n| n.gap)
        .map(|n| (n.span, Level::Previous))
}

/// Extends a one-part code by the digit groups that follow it after single spaces, as codes
/// are printed on cards ("W284 7731 09"): only when the code is a short group itself (at
/// most five characters), each further group has two to five digits, and the whole stays
/// within `max_len` characters.
pub(super) fn extend_spaced(scan: &Scan, i: usize, code: Code, max_len: usize) -> Code {
    if code.parts != 1 || code.len > 5 {
        return code;
    }
    let bytes = scan.text.as_bytes();
    let mut out = code;
    let mut k = i;
    while k + 1 < scan.words.len() && out.parts < 4 {
        let (a, n) = (scan.words[k], scan.words[k + 1]);
        let len = n.end - n.start;
        if n.start != a.end + 1
            || bytes[a.end] != b' '
            || !is_digit_word(scan, k + 1)
            || !(2..=5).contains(&len)
            || out.len + len > max_len
        {
            break;
        }
        out.end = n.end;
        out.len += len;
        out.digits += len;
        out.parts += 1;
        k += 1;
    }
    if out.parts == 1 || !clean_right(scan.text, out.end) {
        return code;
    }
    out
}

/// Abbreviations that label a number rather than belong to it.
const LABEL_ABBREVIATIONS: &[&str] = &[
    "acct", "apt", "attn", "ave", "box", "cc", "dl", "dob", "dos", "dr", "ext", "fax", "fw", "fwd",
    "grp", "id", "ins", "lic", "mbi", "mr", "mrn", "mrs", "ms", "nbr", "npi", "num", "ph", "po",
    "pt", "rd", "re", "ref", "rm", "sn", "ssn", "st", "ste", "tel", "vin",
];

/// A phrase right before word `i`: strong, a label, or a word with a mark.
fn tight(
    scan: &Scan,
    hits: &Hits,
    i: usize,
    shape: Shape,
    vocab: &Vocab,
) -> Option<((usize, usize), Level)> {
    if let Some(intro) = introduced_by(scan, hits, i, &vocab.strong, vocab.strong_filler) {
        return Some((intro.span, Level::Strong));
    }
    if let Some(intro) = introduced_by(scan, hits, i, &vocab.label, 2) {
        if intro.marked {
            return Some((intro.span, Level::Marked));
        }
        if shape >= Shape::Id {
            return Some((intro.span, Level::Label));
        }
    }
    match introduced_by(scan, hits, i, &vocab.marked, 2) {
        Some(intro) if intro.marked => Some((intro.span, Level::Marked)),
        _ => None,
    }
}

/// True when an all-digit code at word `i` has a short letter prefix before it after one
/// space (see [`with_letter_prefix`]).
fn has_letter_prefix(scan: &Scan, i: usize, code: &Code) -> bool {
    // One digit group, or groups printed apart as cards print them ("BQJ 55109 8823").
    if i == 0 || code.letters > 0 || code.start != scan.words[i].start {
        return false;
    }
    let p = scan.words[i - 1];
    let prefix = &scan.text[p.start..p.end];
    p.end + 1 == code.start
        && scan.text.as_bytes()[p.end] == b' '
        && (2..=4).contains(&prefix.len())
        && prefix.bytes().all(|b| b.is_ascii_uppercase())
        && crate::lexicon::state_index(prefix).is_none()
        && !word_is(scan, i - 1, class::FILLER | class::LABEL_ABBREVIATION)
        && !crate::lexicon::word_info(scan.word_lower(i - 1)).is_common_word()
        && clean_left(scan.text, p.start)
}

/// Extends an all-digit code placed by a context phrase to the short letter prefix printed
/// before it after one space ("member ID: XOF 884120937", "claim CLM 44120931"): two to
/// four upper-case letters that are not an everyday word and not part of the phrase
/// (`span`).
pub(super) fn with_letter_prefix(scan: &Scan, i: usize, code: Code, span: (usize, usize)) -> Code {
    if !has_letter_prefix(scan, i, &code) || scan.words[i - 1].start < span.1 {
        return code;
    }
    let p = scan.words[i - 1];
    let prefix = &scan.text[p.start..p.end];
    Code {
        start: p.start,
        len: code.len + prefix.len(),
        letters: prefix.len(),
        parts: code.parts + 1,
        ..code
    }
}

/// True when the text right before `start` or right after `end`, past separators, is a full
/// date, or a "DOB" label: codes printed beside a name and a date of birth are record
/// numbers ("Smith, 2/8/71, m0044187").
pub(super) fn beside_birth_date(text: &str, start: usize, end: usize) -> bool {
    let sep = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | '|' | ';' | ':' | '(' | ')' | '[' | ']' | '-' | '–' | '—'
            )
    };
    let token = |c: char| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-');
    // Left.
    let left = text[..start].trim_end_matches(sep);
    let from = left
        .char_indices()
        .rev()
        .take_while(|&(_, c)| token(c))
        .last()
        .map_or(left.len(), |(j, _)| j);
    if left.len() < start && is_date_or_dob(&left[from..]) {
        return true;
    }
    // Right.
    let right = &text[end..];
    let skipped = right.trim_start_matches(sep);
    if skipped.len() == right.len() {
        return false;
    }
    let to = skipped
        .char_indices()
        .find(|&(_, c)| !token(c))
        .map_or(skipped.len(), |(j, _)| j);
    is_date_or_dob(&skipped[..to])
}

/// A full numeric date (m/d/yy, m/d/yyyy, yyyy-mm-dd, with `/`, `-` or `.`) or "DOB".
fn is_date_or_dob(token: &str) -> bool {
    let t = token.trim_end_matches('.');
    if t.eq_ignore_ascii_case("dob") || t.eq_ignore_ascii_case("d.o.b") {
        return true;
    }
    let mut parts = [0usize; 3];
    let mut n = 0;
    for p in t.split(['/', '-', '.']) {
        if n == 3 || p.is_empty() || !all_digits(p) {
            return false;
        }
        parts[n] = p.len();
        n += 1;
    }
    n == 3 && (matches!(parts, [1 | 2, 1 | 2, 2 | 4]) || parts == [4, 2, 2])
}

/// True when the code at word `i` is given by "is" or "was" right before it ("… is
/// VP-0049-EE71"): the cheap test before [`subject_is`].
pub(super) fn given_by_is(scan: &Scan, i: usize) -> bool {
    i > 0 && matches!(prev_word(scan, i), Some("is" | "was"))
}

/// The lower-cased word before word `i` when one space separates them.
fn prev_word<'s>(scan: &'s Scan, i: usize) -> Option<&'s str> {
    let (p, w) = (scan.words[i - 1], scan.words[i]);
    (w.start == p.end + 1 && scan.text.as_bytes()[p.end] == b' ').then(|| scan.word_lower(i - 1))
}

/// "The voiceprint ID the phone system assigned me is VP-0049-EE71", "the ID on the card
/// (starts with the letters) is YGH882019409": a code given by "is" whose sentence opens
/// with an identifier phrase of `subjects` up to `max_words` words before it. Only for a
/// code with letters and five digits ([`Shape::Strong`]); no sentence break may come
/// between. Words that would own the code at a distance ("the kiosk", "the phone system")
/// do not matter here: the phrase is the subject the code is given for.
pub(super) fn subject_is(
    scan: &Scan,
    i: usize,
    code: &Code,
    subjects: &Phrases,
    max_words: usize,
) -> Option<((usize, usize), Level)> {
    if !given_by_is(scan, i) || shape_of(scan, code) != Shape::Strong {
        return None;
    }
    let span = subjects.before(scan, scan.words[i].start, max_words)?;
    let last = scan.word_containing(span.1 - 1)?;
    if (last..i).any(|k| break_after(scan, k)) {
        return None;
    }
    Some((span, Level::Near(i - last - 1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;

    #[test]
    fn groups_follow_one_separator() {
        let scan = Scan::new("SSN 078-05-1123 and 123-45 6789", Kind::Post);
        let i = scan.word_at_or_after(4);
        let g = groups_at(&scan, i, b"- .").unwrap();
        assert!(g.is(&[3, 2, 4]));
        assert_eq!(&scan.text[g.start..g.end], "078-05-1123");
        let j = scan.word_at_or_after(20);
        let g = groups_at(&scan, j, b"- .").unwrap();
        assert!(g.is(&[3, 2]));
        // "45" continues "123-" with a dash: as a start of a space run it is glued.
        let g = groups_at(&scan, j + 1, b"- .").unwrap();
        assert!(g.is(&[2, 4]));
        assert!(!isolated(scan.text, g.start, g.end));
    }

    #[test]
    fn isolation() {
        let t = "$12345678 12,345678 1.5 v12345678 a-12345678 x 12345678.";
        assert!(!isolated(t, 1, 9));
        assert!(!clean_left(t, 13));
        let i = t.find(" x ").unwrap() + 3;
        assert!(isolated(t, i, i + 8));
        assert!(!clean_right("12345678.9", 8));
        assert!(clean_right("12345678. Next", 8));
        assert!(clean_left("SSN:078051121", 4));
        assert!(!clean_left("10:30", 3));
        assert!(!clean_right("12345678@x.com", 8));
    }

    #[test]
    fn codes_and_intros() {
        let mut cw = Intros::new(&["mrn", "chart"]);
        let index = Index::new(&mut [&mut cw]);
        let scan = Scan::new("Her MRN is: 00-12345 and chart. 5", Kind::Post);
        let facts = Facts::new(&scan);
        let hits = Hits::new(&facts, &index);
        let i = scan.word_at_or_after(12);
        let intro = introduced_by(&scan, &hits, i, &cw, 2).unwrap();
        assert!(intro.marked);
        let code = code_at(&scan, i, b"-", 15).unwrap();
        assert_eq!(&scan.text[code.start..code.end], "00-12345");
        assert_eq!(code.digits, 7);
        let last = scan.words.len() - 1;
        assert!(introduced_by(&scan, &hits, last, &cw, 2).is_none());
    }

    #[test]
    fn digits_buffer() {
        let d = Digits::of("078-05-1123").unwrap();
        assert_eq!(d.as_str(), "078051123");
        assert_eq!(d.value(0, 3), 78);
        assert!(!d.all_same());
        assert!(Digits::of(&"1".repeat(40)).is_none());
        assert!(is_nanp_shape(&Digits::of("312-555-0188").unwrap()));
        assert!(!is_nanp_shape(&Digits::of("1234567890").unwrap()));
    }

    fn code_of(scan: &Scan, from: usize) -> (usize, Code) {
        let i = scan.word_at_or_after(from);
        (i, code_at(scan, i, b"-._", 30).unwrap())
    }

    #[test]
    fn sentence_breaks() {
        let scan = Scan::new(
            "Dr. Lee saw it. it's here; Lic. No. 5 ok... 041.387219 e.g.",
            Kind::Post,
        );
        let at = |w: &str| (0..scan.words.len()).find(|&k| scan.word(k) == w).unwrap();
        assert!(!break_after(&scan, at("Dr")));
        assert!(break_after(&scan, at("it")));
        assert!(break_after(&scan, at("here")));
        assert!(!break_after(&scan, at("Lic")));
        assert!(!break_after(&scan, at("No")));
        assert!(break_after(&scan, at("ok")));
        assert!(!break_after(&scan, at("041")));
        assert!(break_after(&scan, scan.words.len() - 1));
    }

    #[test]
    fn shapes() {
        let shape = |t: &str| {
            let scan = Scan::new(t, Kind::Post);
            let (_, code) = code_of(&scan, 0);
            shape_of(&scan, &code)
        };
        assert_eq!(shape("QX-4471902"), Shape::Strong);
        assert_eq!(shape("rtz30018842"), Shape::Strong);
        assert_eq!(shape("004471"), Shape::Id);
        assert_eq!(shape("331-7785"), Shape::Id);
        assert_eq!(shape("551209"), Shape::Id);
        assert_eq!(shape("48213"), Shape::Weak);
        assert_eq!(shape("AB-1780"), Shape::Weak);
        for other in [
            "2024",
            "2024-2025",
            "2024-25",
            "2024-03",
            "3-14-2024",
            "2024-03-14",
            "20240314",
            "3125550188",
            "1-800-555-0123",
            "62704-1234",
            "219-09-9999",
            "125.00",
            "1.250.000",
            "111111",
        ] {
            assert_eq!(shape(other), Shape::Other, "{other}");
        }
        let scan = Scan::new("(217) 555-0142", Kind::Post);
        let (_, code) = code_of(&scan, 6);
        assert_eq!(shape_of(&scan, &code), Shape::Other);
    }

    #[test]
    fn context_a_few_words_away() {
        let mut intros = Intros::new(&["mrn", "chart number"]);
        let index = Index::new(&mut [&mut intros]);
        let scan = Scan::new("Her chart number there is QH-5520193.", Kind::Post);
        let (i, _) = code_of(&scan, 26);
        let facts = Facts::new(&scan);
        let near = near_before(&scan, &Hits::new(&facts, &index), i, &intros, 6, None).unwrap();
        assert_eq!(&scan.text[near.span.0..near.span.1], "chart number");
        assert_eq!(near.gap, 2);
        // Not across a sentence end, an owner word or another number, nor too far.
        for t in [
            "Ask for the MRN. QH-5520193 is the order.",
            "MRN request: tracking QH-5520193",
            "MRN 00412 then QH-5520193",
            "MRN a b c d e f g QH-5520193",
        ] {
            let scan = Scan::new(t, Kind::Post);
            let i = scan
                .words
                .iter()
                .position(|w| &t[w.start..w.end] == "QH")
                .unwrap();
            let facts = Facts::new(&scan);
            let hits = Hits::new(&facts, &index);
            assert!(
                near_before(&scan, &hits, i, &intros, 6, None).is_none(),
                "{t}"
            );
        }
    }

    #[test]
    fn context_in_the_sentence_before() {
        let mut intros = Intros::new(&["serial number"]);
        let index = Index::new(&mut [&mut intros]);
        let t = "The serial number is on the back of the pump. It's NGX5512093H.";
        let scan = Scan::new(t, Kind::Post);
        let (i, _) = code_of(&scan, t.find("NGX").unwrap());
        let facts = Facts::new(&scan);
        let hits = Hits::new(&facts, &index);
        assert!(in_previous_sentence(&scan, &hits, i, &intros, 3, 30).is_some());
        // The short sentence must only give the code.
        let t = "The serial number is on the back. We shipped NGX5512093H.";
        let scan = Scan::new(t, Kind::Post);
        let (i, _) = code_of(&scan, t.find("NGX").unwrap());
        let facts = Facts::new(&scan);
        let hits = Hits::new(&facts, &index);
        assert!(in_previous_sentence(&scan, &hits, i, &intros, 3, 30).is_none());
    }

    #[test]
    fn lists_continue() {
        let t = "codes 44120931 and 44120932, 44120933 / 7 2024-03-14";
        let scan = Scan::new(t, Kind::Post);
        let (_, a) = code_of(&scan, 6);
        let prev = Prev::new(&a, (0, 5), Level::Strong);
        let (_, b) = code_of(&scan, t.find("44120932").unwrap());
        assert!(prev.continued_by(&scan, &b));
        let (_, c) = code_of(&scan, t.find("44120933").unwrap());
        assert!(!prev.continued_by(&scan, &c));
        assert!(Prev::new(&b, (0, 5), Level::Strong).continued_by(&scan, &c));
        let (_, d) = code_of(&scan, t.find("2024").unwrap());
        assert!(!Prev::new(&c, (0, 5), Level::Strong).continued_by(&scan, &d));
    }

    #[test]
    fn birth_dates_beside_codes() {
        let t = "KANE, ROY 1951-04-09 QT-441902";
        let s = t.find("QT").unwrap();
        assert!(beside_birth_date(t, s, t.len()));
        let t = "ROY | 00651190 | DOB: -";
        assert!(beside_birth_date(t, 6, 14));
        let t = "jo, 3/9/88, k0041187 in the corner";
        assert!(beside_birth_date(t, 12, 20));
        for (t, s, e) in [
            ("on 3/9/88 we saw k0041187", 17, 25),
            ("v2.4.1 k0041187", 7, 15),
            ("k0041187 expires 3/9/2026", 0, 8),
            ("10:30 k0041187", 6, 14),
        ] {
            assert!(!beside_birth_date(t, s, e), "{t}");
        }
    }

    #[test]
    fn letter_prefixes() {
        let t = "member id: MQX 771204481 and DOB 77120448";
        let scan = Scan::new(t, Kind::Post);
        let (i, code) = code_of(&scan, t.find("771").unwrap());
        let c = with_letter_prefix(&scan, i, code, (0, 9));
        assert_eq!(&t[c.start..c.end], "MQX 771204481");
        let (i, code) = code_of(&scan, t.len() - 8);
        let c = with_letter_prefix(&scan, i, code, (0, 9));
        assert_eq!(&t[c.start..c.end], "77120448");
    }

    #[test]
    fn codes_may_start_with_letter_parts() {
        let scan = Scan::new("AB-CD-12345 MD.41882 vp_00412 AB-CDEFG-1 AB CD", Kind::Post);
        assert!(may_start_code(&scan, 0));
        assert!(may_start_code(&scan, 3));
        assert!(may_start_code(&scan, 5));
        assert!(!may_start_code(&scan, 7));
        assert!(!may_start_code(&scan, 10));
    }
}
