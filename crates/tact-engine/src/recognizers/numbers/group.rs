//! The recognizers of this group run together on a text. What several of them need to know
//! about it is found once instead of once per recognizer: the words with a digit (every
//! number here has one, so a text without is passed over at once), the words where a code
//! may start, and which words may end the context phrases of each recognizer (one look-up
//! per word in a table of all their phrases).
//!
//! Each recognizer still works on its own ([`Recognizer::recognize`] builds its own
//! [`Facts`]); run together they give the same findings in the same order.

use super::util::{self, Index};
use super::words::WordTable;
use crate::entity::Entity;
use crate::recognizers::Recognizer;
use crate::text::{shape, Scan};
use std::cell::Cell;
use std::sync::OnceLock;

/// A recognizer of this group: it reads the shared [`Facts`] of a text.
pub(super) trait Member: Recognizer {
    /// Appends what it finds in the text of `facts` to `out`.
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>);

    /// The index of its context phrases, if it has one.
    fn index(&self) -> Option<&Index> {
        None
    }
}

/// Makes a member a recognizer of its own too (the recognizer list and tests run members
/// alone): it builds the shared facts for the one text and reads them.
macro_rules! member_recognizer {
    ($member:ty, $id:literal) => {
        impl $crate::recognizers::Recognizer for $member {
            fn id(&self) -> &'static str {
                $id
            }

            fn recognize(&self, scan: &$crate::text::Scan, out: &mut Vec<$crate::entity::Entity>) {
                $crate::recognizers::numbers::group::Member::recognize_with(
                    self,
                    &$crate::recognizers::numbers::group::Facts::new(scan),
                    out,
                );
            }
        }
    };
}
pub(super) use member_recognizer;

/// Word indices in text order, without allocating for the usual few.
#[derive(Default)]
struct Positions {
    inline: [u32; 24],
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

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.as_slice().iter().map(|&k| k as usize)
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Words whose context bits are kept; those of later words are looked up when asked for.
const KEPT_MASKS: usize = 64;

/// Words that some phrases cannot do without, as bits: a recognizer passes over the part of
/// its work that needs such a phrase when the text has none of its words.
pub(super) mod needed {
    /// "user", "username", "userid", "login", "screen", "screenname": every user-name
    /// phrase has one ("user name", "login id" …).
    pub const USER_NAME: u8 = 1;
    /// "plate", "tag" and their plurals: every licence plate phrase has one.
    pub const PLATE: u8 = 2;
}

/// The words of [`needed`].
fn needed_words() -> &'static WordTable<u8> {
    static TABLE: OnceLock<WordTable<u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let user = [
            "user",
            "username",
            "userid",
            "login",
            "screen",
            "screenname",
        ];
        let plate = ["plate", "plates", "tag", "tags"];
        WordTable::new(
            user.iter()
                .map(|w| (w.to_string(), needed::USER_NAME))
                .chain(plate.iter().map(|w| (w.to_string(), needed::PLATE))),
            |a, b| a | b,
        )
    })
}

/// What the recognizers of the group need to know about one text.
pub(super) struct Facts<'s, 'a> {
    pub scan: &'s Scan<'a>,
    /// The [`needed`] words the text has.
    pub needed: u8,
    digit_words: Positions,
    code_starts: Positions,
    /// The group's table of context words, when the recognizers run together.
    group: Option<&'s Shared>,
    /// The context bits of the first words, for all the recognizers of the group, each
    /// looked up in `group` when first asked for ([`UNKNOWN`] until then): a code asks only
    /// about the few words before it.
    masks: [Cell<u64>; KEPT_MASKS],
    /// For each of the first code starts, the context bits of the sentence before the short
    /// sentence it opens (see [`Facts::previous_sentence_mask`]), [`UNKNOWN`] until asked.
    previous: [Cell<u64>; 24],
}

/// A mask not looked up yet (the group's bits never reach the top bit).
const UNKNOWN: u64 = 1 << 63;

impl<'s, 'a> Facts<'s, 'a> {
    /// The facts of a text for one recognizer running alone.
    pub(super) fn new(scan: &'s Scan<'a>) -> Self {
        Facts::with(scan, None)
    }

    #[inline(always)]
    fn with(scan: &'s Scan<'a>, group: Option<&'s Shared>) -> Self {
        let mut facts = Facts {
            scan,
            needed: 0,
            digit_words: Positions::default(),
            code_starts: Positions::default(),
            group,
            masks: std::array::from_fn(|_| Cell::new(UNKNOWN)),
            previous: std::array::from_fn(|_| Cell::new(UNKNOWN)),
        };
        // A code reaches its first digit word through at most three joined words, so the
        // words tried before each digit word are the few just before it, and only when a
        // joiner stands right before that digit word.
        let words = &scan.words;
        let bytes = scan.text.as_bytes();
        let mut next = 0;
        let needed_words = needed_words();
        for (d, w) in words.iter().enumerate() {
            if !w.has(shape::DIGIT) {
                if needed_words.may_hold(w.end - w.start, scan.lower.as_bytes()[w.start]) {
                    facts.needed |= needed_words.word(scan, d).unwrap_or(0);
                }
                continue;
            }
            facts.digit_words.push(d);
            let joined = d > next && {
                let a = words[d - 1];
                w.start == a.end + 1 && matches!(bytes[a.end], b'-' | b'.' | b'_')
            };
            if joined {
                for i in next.max(d.saturating_sub(3))..d {
                    if super::util::may_start_code(scan, i) {
                        facts.code_starts.push(i);
                    }
                }
            }
            facts.code_starts.push(d);
            next = d + 1;
        }
        facts
    }

    /// The words with a digit, in text order.
    pub(super) fn digit_words(&self) -> impl Iterator<Item = usize> + '_ {
        self.digit_words.iter()
    }

    /// The words where a code may start, in text order: exactly those for which
    /// `util::may_start_code` holds.
    pub(super) fn code_starts(&self) -> impl Iterator<Item = usize> + '_ {
        self.code_starts.iter()
    }

    /// True when some word has a digit.
    pub(super) fn has_digit(&self) -> bool {
        !self.digit_words.is_empty()
    }

    /// Where the bits of `index` lie in the group's table, if the recognizers run together.
    pub(super) fn offset_of(&self, index: &Index) -> Option<u32> {
        self.group?.offset_of(index)
    }

    /// The context bits of word `k` for all the recognizers of the group.
    #[inline(always)]
    pub(super) fn group_mask(&self, k: usize) -> u64 {
        match self.masks.get(k) {
            Some(cell) if cell.get() != UNKNOWN => cell.get(),
            _ => self.look_up(k),
        }
    }

    /// Looks word `k` up in the group's table, and keeps the answer.
    #[inline(never)]
    fn look_up(&self, k: usize) -> u64 {
        let m = self
            .group
            .and_then(|g| g.table.word(self.scan, k))
            .unwrap_or(0);
        if let Some(cell) = self.masks.get(k) {
            cell.set(m);
        }
        m
    }

    /// When the code start `i` opens a short sentence ("It's …"), the context bits of the
    /// words of the sentence before within reach (0 when it opens none); `None` when `i` is
    /// not among the first code starts or the recognizers run alone. Every recognizer of the
    /// group asks the same, so it is found once.
    pub(super) fn previous_sentence_mask(&self, i: usize) -> Option<u64> {
        self.group?;
        let starts = &self.code_starts.inline[..self.code_starts.len];
        let n = starts.binary_search(&(i as u32)).ok()?;
        let cell = self.previous.get(n)?;
        if cell.get() != UNKNOWN {
            return Some(cell.get());
        }
        let mask = match util::previous_sentence_end(self.scan, i, util::PREFIX_WORDS) {
            Some(last) => (last.saturating_sub(util::BACK_WORDS)..last + 1)
                .take_while(|&k| k < self.scan.words.len())
                .fold(0, |m, k| m | self.group_mask(k)),
            None => 0,
        };
        cell.set(mask);
        Some(mask)
    }

    /// True when a word in `from..to` has one of `bits` (of the group's table).
    #[inline]
    pub(super) fn any_group_bit(&self, from: usize, to: usize, bits: u64) -> bool {
        (from..to.min(self.scan.words.len())).any(|k| self.group_mask(k) & bits != 0)
    }
}

/// The context words of all the recognizers of the group: each recognizer's bits (at most
/// sixteen) at its own offset.
pub(super) struct Shared {
    table: WordTable<u64>,
    /// The address of each recognizer's index and where its bits lie.
    offsets: Vec<(usize, u32)>,
}

impl Shared {
    fn new(members: &[Box<dyn Member>]) -> Self {
        let mut words = Vec::new();
        let mut offsets = Vec::new();
        let mut offset = 0u32;
        for index in members.iter().filter_map(|m| m.index()) {
            words.extend(
                index
                    .words()
                    .map(|(w, bits)| (w, u64::from(bits) << offset)),
            );
            offsets.push((index as *const Index as usize, offset));
            offset += index.width();
        }
        assert!(offset <= 64, "the group's context bits fit in 64");
        Shared {
            table: WordTable::new(words, |a, b| a | b),
            offsets,
        }
    }

    fn offset_of(&self, index: &Index) -> Option<u32> {
        let key = index as *const Index as usize;
        self.offsets
            .iter()
            .find(|(a, _)| *a == key)
            .map(|&(_, o)| o)
    }
}

/// The recognizers of the group, run together.
pub struct Numbers {
    members: Vec<Box<dyn Member>>,
    shared: Shared,
}

impl Numbers {
    pub(super) fn new(members: Vec<Box<dyn Member>>) -> Self {
        let shared = Shared::new(&members);
        Numbers { members, shared }
    }
}

impl Recognizer for Numbers {
    fn id(&self) -> &'static str {
        "numbers"
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let facts = Facts::with(scan, Some(&self.shared));
        // Every number this group finds has a digit.
        if !facts.has_digit() {
            return;
        }
        for m in &self.members {
            m.recognize_with(&facts, out);
        }
    }
}
