//! The recognizers of this group run together on a text. What they test for before their
//! patterns is found in one pass over the words and the characters between them, instead of
//! one pass per recognizer: an "@", a "+", dots and colons, a word glued to the next by a dot
//! or a hex separator, a very long word, the word "at", the words with digits. Signs and
//! separators are no word characters, so they stand between words, and most gaps between
//! words are a single space that is passed over at once.
//!
//! Each recognizer still works on its own ([`Recognizer::recognize`] builds its own
//! [`Facts`]); run together they give the same findings in the same order.

use crate::entity::Entity;
use crate::recognizers::Recognizer;
use crate::text::{shape, Scan};

/// A recognizer of this group: it reads the shared [`Facts`] of a text.
pub(super) trait Member: Recognizer {
    /// Appends what it finds in the text of `facts` to `out`.
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>);
}

/// Word indices in text order, without allocating for the usual few.
#[derive(Default)]
pub(super) struct Positions {
    inline: [u32; 16],
    len: usize,
    more: Vec<u32>,
}

impl Positions {
    fn push(&mut self, k: usize) {
        if self.len < self.inline.len() {
            self.inline[self.len] = k as u32;
            self.len += 1;
        } else {
            // Past the inline ones, all of them go to the heap.
            if self.more.is_empty() {
                self.more.extend_from_slice(&self.inline);
            }
            self.more.push(k as u32);
        }
    }

    fn as_slice(&self) -> &[u32] {
        if self.more.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.more
        }
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.as_slice().iter().map(|&k| k as usize)
    }
}

/// Colons and dots that may belong to IP addresses.
#[derive(Clone, Copy, Default)]
pub(super) struct Separators {
    /// Colons between two hex digits.
    pub hex_colons: usize,
    /// "::" anywhere.
    pub double_colon: bool,
    /// Dots between two digits.
    pub digit_dots: usize,
}

/// The word "at" as obfuscated e-mail addresses write it.
#[derive(Clone, Copy, Default)]
pub(super) struct AtWords {
    /// The word "at" (any case) somewhere.
    pub any: bool,
    /// " at ", between spaces.
    pub spaced: bool,
    /// "[at]", "(at)", "{at}" or "<at>".
    pub bracketed: bool,
}

/// What the recognizers of the group test a text for.
pub(super) struct Facts<'s, 'a> {
    pub scan: &'s Scan<'a>,
    /// An "@" somewhere.
    pub at_sign: bool,
    /// A "+" somewhere.
    pub plus: bool,
    /// A "." somewhere.
    pub dot: bool,
    /// "://" somewhere.
    pub scheme: bool,
    /// A word of 26 bytes or more.
    pub long_word: bool,
    pub separators: Separators,
    pub at_words: AtWords,
    /// Words followed by a dot and a word starting with an ASCII letter ("example.com").
    pub dot_letter: Positions,
    /// Words followed by ":", "-" or "." and another word, with hex digits on both sides.
    pub hex_joined: Positions,
    /// Words with a digit.
    pub digit_words: Positions,
}

impl<'s, 'a> Facts<'s, 'a> {
    pub(super) fn new(scan: &'s Scan<'a>) -> Self {
        let mut f = Facts {
            scan,
            at_sign: false,
            plus: false,
            dot: false,
            scheme: false,
            long_word: false,
            separators: Separators::default(),
            at_words: AtWords::default(),
            dot_letter: Positions::default(),
            hex_joined: Positions::default(),
            digit_words: Positions::default(),
        };
        let bytes = scan.text.as_bytes();
        let lower = scan.lower.as_bytes();
        let mut from = 0;
        for (k, w) in scan.words.iter().enumerate() {
            // Most gaps are one space.
            if w.start != from + 1 || bytes[from] != b' ' {
                f.gap(from, w.start, k);
            }
            let len = w.end - w.start;
            f.long_word |= len >= 26;
            if w.has(shape::DIGIT) {
                f.digit_words.push(k);
            }
            if len == 2 && lower[w.start] == b'a' && lower[w.start + 1] == b't' {
                f.at_words.any = true;
                let before = w.start.checked_sub(1).map(|p| bytes[p]);
                match (before, bytes.get(w.end)) {
                    (Some(b'['), Some(b']'))
                    | (Some(b'('), Some(b')'))
                    | (Some(b'{'), Some(b'}'))
                    | (Some(b'<'), Some(b'>')) => f.at_words.bracketed = true,
                    (Some(b' '), Some(b' ')) => f.at_words.spaced = true,
                    _ => {}
                }
            }
            from = w.end;
        }
        f.gap(from, bytes.len(), scan.words.len());
        f
    }

    /// Notes what the bytes `from..to` between word `k - 1` and word `k` hold.
    fn gap(&mut self, from: usize, to: usize, k: usize) {
        let bytes = self.scan.text.as_bytes();
        for p in from..to {
            match bytes[p] {
                b'@' => self.at_sign = true,
                b'+' => self.plus = true,
                b'.' => {
                    self.dot = true;
                    // A dot between two digits, for IP addresses.
                    if p >= 1
                        && bytes[p - 1].is_ascii_digit()
                        && bytes.get(p + 1).is_some_and(u8::is_ascii_digit)
                    {
                        self.separators.digit_dots += 1;
                    }
                }
                b':' => {
                    self.scheme |= bytes[p..].starts_with(b"://");
                    // Colons between hex digits, and "::", for IP addresses (a byte on each
                    // side).
                    if p >= 1 && p + 1 < bytes.len() {
                        let (before, after) = (bytes[p - 1], bytes[p + 1]);
                        let s = &mut self.separators;
                        if before == b':' || after == b':' {
                            s.double_colon = true;
                        } else if before.is_ascii_hexdigit() && after.is_ascii_hexdigit() {
                            s.hex_colons += 1;
                        }
                    }
                }
                _ => {}
            }
        }
        // One separator gluing two words.
        if to == from + 1 && k > 0 && k < self.scan.words.len() {
            let (b, after) = (bytes[from], bytes[to]);
            if b == b'.' && after.is_ascii_alphabetic() {
                self.dot_letter.push(k - 1);
            }
            if matches!(b, b':' | b'-' | b'.')
                && bytes[from - 1].is_ascii_hexdigit()
                && after.is_ascii_hexdigit()
            {
                self.hex_joined.push(k - 1);
            }
        }
    }
}

/// The recognizers of the group, run together.
pub struct Contacts {
    members: Vec<Box<dyn Member>>,
}

impl Contacts {
    pub(super) fn new(members: Vec<Box<dyn Member>>) -> Self {
        Contacts { members }
    }
}

impl Recognizer for Contacts {
    fn id(&self) -> &'static str {
        "contact"
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let facts = Facts::new(scan);
        for m in &self.members {
            m.recognize_with(&facts, out);
        }
    }
}
