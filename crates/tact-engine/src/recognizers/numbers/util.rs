//! Helpers shared by the recognizers of this group: digit groups joined by separators, clean
//! boundaries (a number must not be glued to a longer token), context look-ups, and codes
//! introduced by a context phrase ("MRN: 00123456", "member ID # XYZ-889910").

use crate::text::{ContextWords, Scan};

/// Words searched before a number for context.
pub(super) const BEFORE: usize = 6;
/// Words searched after a number for context.
pub(super) const AFTER: usize = 3;

/// True when a word of the text contains a digit: every recognizer here needs one.
pub(super) fn has_digit(scan: &Scan) -> bool {
    scan.words.iter().any(|w| w.has(crate::text::shape::DIGIT))
}

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
pub(super) fn is_digit_word(scan: &Scan, i: usize) -> bool {
    let w = scan.words[i];
    scan.text.as_bytes()[w.start].is_ascii_digit() && all_digits(&scan.text[w.start..w.end])
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
    if b.start != a.end + 1 || !is_digit_word(scan, i) || !is_digit_word(scan, i + 1) {
        return None;
    }
    let sep = scan.text.as_bytes()[a.end];
    // Digits written in space-separated groups come in short groups (cards, SSNs, phones);
    // a long run next to another number is a number of its own.
    if sep == b' ' && (a.end - a.start > 6 || b.end - b.start > 6) {
        return None;
    }
    seps.contains(&sep).then_some(sep)
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
    let Some(c) = char_before(text, start) else {
        return true;
    };
    if c.is_alphanumeric() {
        return false;
    }
    let before = char_before(text, start - c.len_utf8());
    let alnum = before.is_some_and(char::is_alphanumeric);
    let digit = before.is_some_and(|b| b.is_ascii_digit());
    match c {
        '$' | '€' | '£' | '¥' | '+' | '_' | '@' | '=' | '&' | '~' => false,
        '-' | '/' | '\\' => !alnum,
        '.' | ',' | ':' => !digit,
        _ => true,
    }
}

/// See [`isolated`]: the right side.
pub(super) fn clean_right(text: &str, end: usize) -> bool {
    let Some(c) = char_after(text, end) else {
        return true;
    };
    if c.is_alphanumeric() {
        return false;
    }
    let after = char_after(text, end + c.len_utf8());
    let alnum = after.is_some_and(char::is_alphanumeric);
    let digit = after.is_some_and(|b| b.is_ascii_digit());
    match c {
        '%' | '_' | '@' | '$' => false,
        '-' | '/' | '\\' | '.' | '+' | '=' => !alnum,
        ',' | ':' => !digit,
        _ => true,
    }
}

/// A context phrase before (nearer first) or after the span.
pub(super) fn context(
    scan: &Scan,
    start: usize,
    end: usize,
    words: &ContextWords,
) -> Option<(usize, usize)> {
    scan.context_before(start, BEFORE, words)
        .or_else(|| scan.context_after(end, AFTER, words))
}

/// Words that may stand between a context phrase and the code it introduces
/// ("MRN **is** 0012345", "chart **number**: 88231").
const FILLER: &[&str] = &[
    "a", "as", "be", "code", "his", "her", "id", "is", "its", "my", "no", "nbr", "num", "number",
    "of", "on", "our", "the", "their", "was", "your",
];

/// Filler words that mark what follows as a number ("chart **no.** 88231").
const MARKERS: &[&str] = &["id", "nbr", "no", "num", "number"];

/// How a code was introduced.
#[derive(Clone, Copy, Debug)]
pub(super) struct Intro {
    /// The byte span of the context phrase.
    pub span: (usize, usize),
    /// True when `#`, `:`, `=` or a word like "number" stands between phrase and code.
    pub marked: bool,
}

/// Phrases that introduce a code, with the set of their last words for a quick look-up.
pub(super) struct Intros {
    pub words: ContextWords,
    last: Vec<String>,
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
            words: ContextWords::new(phrases),
            last,
        }
    }

    fn may_end_at(&self, scan: &Scan, k: usize) -> bool {
        let w = scan.word_lower(k);
        self.last.iter().any(|l| l == w)
    }
}

/// The context phrase that introduces a code starting at word `i`: a phrase ending at most
/// `max_filler` filler words before it, with nothing but spaces, `#`, `:`, `=`, `(`, `-`,
/// quotes and filler in between (no sentence break). The nearest phrase wins.
pub(super) fn introduced_by(
    scan: &Scan,
    i: usize,
    intros: &Intros,
    max_filler: usize,
) -> Option<Intro> {
    scan.words.get(i)?;
    // Walk back over filler words; a phrase must end at one of the words passed.
    let mut span = None;
    let mut k = i;
    while k > 0 && i - k <= max_filler {
        k -= 1;
        if intros.may_end_at(scan, k) {
            span = scan.context_before(scan.words[k].end, 1, &intros.words);
            if span.is_some() {
                break;
            }
        }
        if !FILLER.contains(&scan.word_lower(k)) {
            break;
        }
    }
    let span = span?;
    let first_between = scan.word_at_or_after(span.1);
    let mut marked = false;
    for k in first_between..i {
        let w = scan.word_lower(k);
        marked |= MARKERS.contains(&w);
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
                ' ' | '\t' | '\u{a0}' | '(' | '[' | '-' | '–' | '"' | '\'' | '“' | '‘' | '/' =>
                    {}
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

/// The code that starts at word `i`: the word and the words joined to it by one character of
/// `joiners`, while the code stays at most `max_len` characters long. `None` when the word
/// is not ASCII letters and digits, or when the code is glued to something on its right.
pub(super) fn code_at(scan: &Scan, i: usize, joiners: &[u8], max_len: usize) -> Option<Code> {
    let bytes = scan.text.as_bytes();
    let ascii_alnum = |k: usize| {
        let w = scan.words[k];
        bytes[w.start..w.end].iter().all(u8::is_ascii_alphanumeric)
    };
    if !ascii_alnum(i) {
        return None;
    }
    let w = scan.words[i];
    let mut code = Code {
        start: w.start,
        end: w.end,
        len: 0,
        digits: 0,
        letters: 0,
        parts: 1,
    };
    let mut k = i;
    loop {
        let w = scan.words[k];
        for &b in &bytes[w.start..w.end] {
            code.len += 1;
            if b.is_ascii_digit() {
                code.digits += 1;
            } else {
                code.letters += 1;
            }
        }
        code.end = w.end;
        if code.len > max_len {
            return None;
        }
        let Some(next) = scan.words.get(k + 1) else {
            break;
        };
        if next.start == w.end + 1 && joiners.contains(&bytes[w.end]) && ascii_alnum(k + 1) {
            k += 1;
            code.parts += 1;
        } else {
            break;
        }
    }
    if !clean_right(scan.text, code.end) || !clean_left(scan.text, code.start) {
        return None;
    }
    Some(code)
}

/// True when a code may start at word `i`: the word has a digit, or it is letters joined by
/// a dash to a word with a digit ("PA-0099812").
pub(super) fn may_start_code(scan: &Scan, i: usize) -> bool {
    let w = scan.words[i];
    if w.has(crate::text::shape::DIGIT) {
        return true;
    }
    match scan.words.get(i + 1) {
        Some(n) => {
            n.start == w.end + 1
                && scan.text.as_bytes()[w.end] == b'-'
                && n.has(crate::text::shape::DIGIT)
                && w.end - w.start <= 6
        }
        None => false,
    }
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
        let cw = Intros::new(&["mrn", "chart"]);
        let scan = Scan::new("Her MRN is: 00-12345 and chart. 5", Kind::Post);
        let i = scan.word_at_or_after(12);
        let intro = introduced_by(&scan, i, &cw, 2).unwrap();
        assert!(intro.marked);
        let code = code_at(&scan, i, b"-", 15).unwrap();
        assert_eq!(&scan.text[code.start..code.end], "00-12345");
        assert_eq!(code.digits, 7);
        let last = scan.words.len() - 1;
        assert!(introduced_by(&scan, last, &cw, 2).is_none());
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
}
