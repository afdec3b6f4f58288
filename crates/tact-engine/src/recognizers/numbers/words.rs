//! Cheap whole-word look-ups for the recognizers of the numbers and contact groups.
//!
//! Every post is run through some twenty recognizers, and most of them ask, for a few words
//! near a candidate, "is this one of my words?". Comparing each word with every entry of a
//! list costs hundreds of instructions a word; [`WordTable`] turns most words away with a
//! test on their length and first byte, then a small Bloom filter, and looks up the few
//! that pass both with one hash probe.
//!
//! [`Phrases`] gives the same answers as [`crate::text::ContextWords`] with
//! `Scan::context_before` / `context_after` / `context_around` (the nearest phrase, the first
//! listed phrase at that word), but looks up only the words that can end (or start) a
//! phrase instead of trying every phrase at every word.

use crate::input::Kind;
use crate::text::Scan;

/// A set of lower-case words, each with a value. Built once per recognizer; looking up a
/// word that is not in the table usually costs about ten instructions.
pub(crate) struct WordTable<V> {
    /// For each word length (capped at 31), the first bytes (mod 32) of the words of that
    /// length: most words fail this first test.
    starts: [u32; 32],
    /// A Bloom filter on each word's length and first, second and last bytes: a word
    /// whose bit is unset is not in the table.
    filter: [u64; FILTER_WORDS],
    /// Open addressing: index + 1 into `entries`, 0 for an empty slot.
    slots: Box<[u32]>,
    shift: u32,
    entries: Vec<(Box<[u8]>, V)>,
}

/// The filter has 64 × 32 bits: with a hundred words, about one word in twenty that is not
/// in the table gets past it.
const FILTER_WORDS: usize = 32;

/// The filter bit of a non-empty word: from its length and its first, second and last
/// bytes.
#[inline]
fn signature(w: &[u8]) -> usize {
    let n = w.len();
    let x = u32::from(w[0])
        | u32::from(w[usize::from(n > 1)]) << 8
        | u32::from(w[n - 1]) << 16
        | (n as u32) << 24;
    (x.wrapping_mul(0x9E37_79B1) >> (32 - 11)) as usize
}

fn hash(w: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = w.len() as u64;
    let mut chunks = w.chunks_exact(8);
    for c in &mut chunks {
        let mut v = [0u8; 8];
        v.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(v)).wrapping_mul(K);
    }
    let tail = chunks
        .remainder()
        .iter()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    (h.rotate_left(5) ^ tail).wrapping_mul(K)
}

impl<V: Copy> WordTable<V> {
    /// A table of the given words; a word listed twice keeps the value `merge` makes of both.
    pub(crate) fn new(
        words: impl IntoIterator<Item = (String, V)>,
        merge: impl Fn(V, V) -> V,
    ) -> Self {
        let mut entries: Vec<(Box<[u8]>, V)> = Vec::new();
        for (w, v) in words {
            let w = w.into_bytes().into_boxed_slice();
            if w.is_empty() {
                continue;
            }
            match entries.iter_mut().find(|(e, _)| *e == w) {
                Some(e) => e.1 = merge(e.1, v),
                None => entries.push((w, v)),
            }
        }
        // At most half full.
        let bits = (entries.len() * 2)
            .max(8)
            .next_power_of_two()
            .trailing_zeros();
        let mut slots = vec![0u32; 1 << bits].into_boxed_slice();
        let shift = 64 - bits;
        let mut starts = [0u32; 32];
        let mut filter = [0u64; FILTER_WORDS];
        for (k, (w, _)) in entries.iter().enumerate() {
            starts[w.len().min(31)] |= 1 << (w[0] & 31);
            let bit = signature(w);
            filter[bit / 64] |= 1 << (bit % 64);
            let mut s = (hash(w) >> shift) as usize;
            while slots[s] != 0 {
                s = (s + 1) & (slots.len() - 1);
            }
            slots[s] = k as u32 + 1;
        }
        WordTable {
            starts,
            filter,
            slots,
            shift,
            entries,
        }
    }

    /// The value of `word`, if it is in the table.
    #[cfg(test)]
    pub(crate) fn get(&self, word: &str) -> Option<V> {
        self.get_bytes(word.as_bytes())
    }

    /// The value of word `k` of the text, lower-cased (as `Scan::word_lower`).
    #[inline(always)]
    pub(crate) fn word(&self, scan: &Scan, k: usize) -> Option<V> {
        let w = scan.words[k];
        self.get_bytes(&scan.lower.as_bytes()[w.start..w.end])
    }

    /// False when no word of the table has this length and first byte: the table's first,
    /// cheapest test, for a caller that reads the two itself.
    #[inline(always)]
    pub(crate) fn may_hold(&self, len: usize, first: u8) -> bool {
        (self.starts[len.min(31)] >> (first & 31)) & 1 != 0
    }

    /// True when the word (as bytes) is in the table.
    #[inline]
    pub(crate) fn contains_bytes(&self, w: &[u8]) -> bool {
        self.get_bytes(w).is_some()
    }

    #[inline]
    fn get_bytes(&self, w: &[u8]) -> Option<V> {
        let &first = w.first()?;
        if (self.starts[w.len().min(31)] >> (first & 31)) & 1 == 0 {
            return None;
        }
        let bit = signature(w);
        if (self.filter[bit >> 6] >> (bit & 63)) & 1 == 0 {
            return None;
        }
        self.probe(w)
    }

    /// The hash-table look-up, for the few words that pass the filter.
    #[inline(never)]
    fn probe(&self, w: &[u8]) -> Option<V> {
        let mut s = (hash(w) >> self.shift) as usize;
        loop {
            let k = self.slots[s];
            if k == 0 {
                return None;
            }
            let (e, v) = &self.entries[k as usize - 1];
            if **e == *w {
                return Some(*v);
            }
            s = (s + 1) & (self.slots.len() - 1);
        }
    }

    #[cfg(test)]
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.get(word).is_some()
    }
}

impl WordTable<()> {
    /// A plain set of words.
    pub(crate) fn set(words: &[&str]) -> Self {
        WordTable::new(words.iter().map(|w| (w.to_string(), ())), |_, _| ())
    }
}

/// Context phrases matched as whole words, case-insensitively, with the answers of
/// `ContextWords` and `Scan::context_*`.
pub(crate) struct Phrases {
    /// Each phrase split into words exactly as a text is split.
    phrases: Vec<Vec<String>>,
    longest: usize,
    /// Phrase numbers (in list order) by their last word, then by their first word.
    by_last: WordTable<(u32, u32)>,
    by_first: WordTable<(u32, u32)>,
    order_last: Vec<u32>,
    order_first: Vec<u32>,
}

/// The phrase numbers grouped by a key word, in list order: the table maps each key to a
/// range of `order`.
fn group_by(
    phrases: &[Vec<String>],
    key: impl Fn(&[String]) -> &str,
) -> (WordTable<(u32, u32)>, Vec<u32>) {
    let mut keys: Vec<&str> = Vec::new();
    for p in phrases {
        if !keys.contains(&key(p)) {
            keys.push(key(p));
        }
    }
    let mut order = Vec::new();
    let mut ranges = Vec::new();
    for k in keys {
        let from = order.len() as u32;
        order.extend(
            phrases
                .iter()
                .enumerate()
                .filter(|(_, p)| key(p) == k)
                .map(|(n, _)| n as u32),
        );
        ranges.push((k.to_string(), (from, order.len() as u32)));
    }
    (WordTable::new(ranges, |a, _| a), order)
}

impl Phrases {
    pub(crate) fn new(list: &[&str]) -> Self {
        // Split phrases exactly as `ContextWords` does, so "driver's license" matches.
        let phrases: Vec<Vec<String>> = list
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
        let (by_last, order_last) = group_by(&phrases, |p| &p[p.len() - 1]);
        let (by_first, order_first) = group_by(&phrases, |p| &p[0]);
        Phrases {
            phrases,
            longest,
            by_last,
            by_first,
            order_last,
            order_first,
        }
    }

    /// True when phrase `p` matches the words ending at index `last` (inclusive).
    fn ends_at(&self, scan: &Scan, p: usize, last: usize) -> bool {
        let phrase = &self.phrases[p];
        if phrase.len() > last + 1 {
            return false;
        }
        let first = last + 1 - phrase.len();
        phrase
            .iter()
            .enumerate()
            .all(|(k, w)| scan.word_lower(first + k) == w.as_str())
    }

    /// The first listed phrase that ends at word `last`, as a word range.
    pub(crate) fn ending_at(&self, scan: &Scan, last: usize) -> Option<(usize, usize)> {
        let (from, to) = self.by_last.word(scan, last)?;
        self.order_last[from as usize..to as usize]
            .iter()
            .map(|&p| p as usize)
            .find(|&p| self.ends_at(scan, p, last))
            .map(|p| (last + 1 - self.phrases[p].len(), last))
    }

    /// The byte span of the nearest phrase among the `max_words` words before `start`
    /// (`Scan::context_before`).
    pub(crate) fn before(
        &self,
        scan: &Scan,
        start: usize,
        max_words: usize,
    ) -> Option<(usize, usize)> {
        let i = scan.word_at_or_after(start);
        let lowest = i.saturating_sub(max_words);
        (lowest..i).rev().find_map(|last| {
            self.ending_at(scan, last)
                .map(|(f, l)| (scan.words[f].start, scan.words[l].end))
        })
    }

    /// The byte span of the nearest phrase among the `max_words` words after `end`
    /// (`Scan::context_after`).
    pub(crate) fn after(
        &self,
        scan: &Scan,
        end: usize,
        max_words: usize,
    ) -> Option<(usize, usize)> {
        let n = scan.words.len();
        let i = scan.word_at_or_after(end);
        let highest = (i + max_words + self.longest).min(n);
        for first in i..(i + max_words).min(n) {
            let Some((from, to)) = self.by_first.word(scan, first) else {
                continue;
            };
            for &p in &self.order_first[from as usize..to as usize] {
                let last = first + self.phrases[p as usize].len() - 1;
                if last < highest && self.ends_at(scan, p as usize, last) {
                    return Some((scan.words[first].start, scan.words[last].end));
                }
            }
        }
        None
    }

    /// A phrase before or after the span, the nearer side first (`Scan::context_around`).
    pub(crate) fn around(
        &self,
        scan: &Scan,
        start: usize,
        end: usize,
        max_words: usize,
    ) -> Option<(usize, usize)> {
        self.before(scan, start, max_words)
            .or_else(|| self.after(scan, end, max_words))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::ContextWords;

    #[test]
    fn tables_find_their_words_only() {
        let t = WordTable::set(&[
            "a",
            "id",
            "number",
            "s",
            "thirtytwocharacterswordsaresofine",
        ]);
        for w in [
            "a",
            "id",
            "number",
            "s",
            "thirtytwocharacterswordsaresofine",
        ] {
            assert!(t.contains(w), "{w}");
        }
        for w in [
            "",
            "b",
            "ids",
            "numbex",
            "i",
            "thirtytwocharacterswordsaresofinx",
        ] {
            assert!(!t.contains(w), "{w}");
        }
    }

    const LIST: &[&str] = &[
        "mrn",
        "chart number",
        "chart",
        "driver's license",
        "s/n",
        "record no",
        "no",
        "patient id",
        "id",
    ];

    #[test]
    fn phrases_answer_as_context_words_do() {
        let ours = Phrases::new(LIST);
        let theirs = ContextWords::new(LIST);
        for text in [
            "Chart number: 4412, MRN 0012 and chart 22",
            "her driver's license # D123 and S/N 44",
            "record no. 55 no id 12 patient id: 7 id",
            "",
            "id",
            "chart",
        ] {
            let scan = Scan::new(text, Kind::Post);
            for at in 0..=text.len() {
                if !text.is_char_boundary(at) {
                    continue;
                }
                for n in 0..5 {
                    assert_eq!(
                        ours.before(&scan, at, n),
                        scan.context_before(at, n, &theirs),
                        "{text} {at} {n}"
                    );
                    assert_eq!(
                        ours.after(&scan, at, n),
                        scan.context_after(at, n, &theirs),
                        "{text} {at} {n}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn phrases_match_context_words_on_soup(text in "((chart|number|mrn|driver's|license|s|n|record|no|patient|id|ID|é)[ .,:#/'-]{0,2}){0,12}", at in 0usize..80, n in 0usize..8) {
            let ours = Phrases::new(LIST);
            let theirs = ContextWords::new(LIST);
            let scan = Scan::new(&text, Kind::Post);
            let at = at.min(text.len());
            if text.is_char_boundary(at) {
                proptest::prop_assert_eq!(ours.before(&scan, at, n), scan.context_before(at, n, &theirs));
                proptest::prop_assert_eq!(ours.after(&scan, at, n), scan.context_after(at, n, &theirs));
            }
        }
    }
}
