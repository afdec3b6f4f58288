//! Word lists compiled at build time (see `build.rs` and `data/README.md`) into tables the
//! binary embeds: nothing is parsed or built when the engine starts.

include!(concat!(env!("OUT_DIR"), "/states.rs"));
include!(concat!(env!("OUT_DIR"), "/world_cities.rs"));

static PHRASES_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/phrases.tbl"));
static WORDS_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.tbl"));
static CITIES_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cities.tbl"));

const FIRST: u64 = 1 << 0;
const FIRST_EXTRA: u64 = 1 << 1;
const SURNAME: u64 = 1 << 2;
const SURNAME_EXTRA: u64 = 1 << 3;
const NOT_NAME: u64 = 1 << 4;
const AMBIGUOUS_NAME: u64 = 1 << 5;
const NEVER_NAME: u64 = 1 << 6;
const STATE_NAME: u64 = 1 << 7;
const CITY_WORD: u64 = 1 << 8;
const BIG_CITY_FIRST: u64 = 1 << 9;
const ENGLISH_SHIFT: u32 = 16;
const FIRST_FREQ_SHIFT: u32 = 24;
const SURNAME_RANK_SHIFT: u32 = 40;

/// What the word lists know about one lower-case word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordInfo(u64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_answer_look_ups() {
        assert!(word_info("john").is_first_name());
        assert!(word_info("garcia").is_surname());
        assert!(word_info("the").is_common_word());
        assert!(word_info("will").is_ambiguous_name());
        assert_eq!(word_info("qzxqzxq"), WordInfo::default());
        let il = state_index("IL").unwrap();
        assert!(city("springfield").unwrap().in_state(il));
        assert!(city("san antonio").is_some());
        assert!(city("nowhereville qq").is_none());
    }

    #[test]
    fn public_figures_and_folding() {
        let figures = |text: &str| -> Vec<(usize, usize)> {
            find_phrases(text)
                .into_iter()
                .filter(|p| p.2 == PhraseKind::PublicFigure)
                .map(|(s, e, _)| (s, e))
                .collect()
        };
        assert_eq!(figures("we heard taylor swift's song"), [(9, 21)]);
        assert!(figures("mr. rogersville").is_empty());
        assert_eq!(fold_to_ascii("Józef").as_deref(), Some("jozef"));
        assert_eq!(fold_to_ascii("Wiśniewski").as_deref(), Some("wisniewski"));
        assert_eq!(fold_to_ascii("Nguyễn").as_deref(), Some("nguyen"));
        assert_eq!(fold_to_ascii("Łukasz").as_deref(), Some("lukasz"));
        assert!(fold_to_ascii("李").is_none());
    }
}

impl WordInfo {
    /// A given name in the Census first-name lists.
    pub fn is_first_name(self) -> bool {
        self.0 & FIRST != 0
    }
    /// A given name only in the larger, noisier list.
    pub fn is_rare_first_name(self) -> bool {
        self.0 & FIRST_EXTRA != 0
    }
    /// A Census surname.
    pub fn is_surname(self) -> bool {
        self.0 & SURNAME != 0
    }
    /// A surname only in the larger, noisier list.
    pub fn is_rare_surname(self) -> bool {
        self.0 & SURNAME_EXTRA != 0
    }
    /// Any kind of name.
    pub fn is_any_name(self) -> bool {
        self.0 & (FIRST | FIRST_EXTRA | SURNAME | SURNAME_EXTRA) != 0
    }
    /// Listed as a word that is not a name.
    pub fn is_not_name(self) -> bool {
        self.0 & NOT_NAME != 0
    }
    /// A name that is also an everyday word (Will, Grace, May): needs supporting context.
    pub fn is_ambiguous_name(self) -> bool {
        self.0 & AMBIGUOUS_NAME != 0
    }
    /// A word that is never a person's name in this setting ("Patient", "Doctor").
    pub fn is_never_name(self) -> bool {
        self.0 & NEVER_NAME != 0
    }
    /// The name of a US state (one word).
    pub fn is_state_name(self) -> bool {
        self.0 & STATE_NAME != 0
    }
    /// A one-word US city name.
    pub fn is_city(self) -> bool {
        self.0 & CITY_WORD != 0
    }
    /// The first word of a multi-word US city of 65,536 people or more ("san", "cedar").
    pub fn starts_big_city(self) -> bool {
        self.0 & BIG_CITY_FIRST != 0
    }
    /// SCOWL level of the word as an English word (10 = very common … 95 = rare); `None`
    /// when it is not in the dictionary.
    pub fn english_level(self) -> Option<u8> {
        match ((self.0 >> ENGLISH_SHIFT) & 0xFF) as u8 {
            0 => None,
            l => Some(l),
        }
    }
    /// True for a common English word (SCOWL level 50 or lower).
    pub fn is_common_word(self) -> bool {
        self.english_level().is_some_and(|l| l <= 50)
    }
    /// Frequency of the first name in thousandths of a percent of people (0 if unknown).
    pub fn first_name_frequency(self) -> u32 {
        ((self.0 >> FIRST_FREQ_SHIFT) & 0xFFFF) as u32
    }
    /// Census rank of the surname (1 = most common; 0 if not a Census surname).
    pub fn surname_rank(self) -> u32 {
        ((self.0 >> SURNAME_RANK_SHIFT) & 0xF_FFFF) as u32
    }
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"))
}

/// Looks a key up in a hash table written by build.rs (`hash_table`): keys are known by
/// their 64-bit hash, so a look-up reads one slot, or a few neighbours.
fn table_get(t: &[u8], lower: &[u8]) -> Option<u64> {
    table_get_hash(t, crate::conduct::model::word_hash(lower))
}

/// `table_get` by the key's hash (`word_hash` of its bytes), for keys hashed piece by piece.
pub(crate) fn table_get_hash(t: &[u8], hash: u64) -> Option<u64> {
    let slots = read_u32(t, 0) as usize;
    let hash = hash.max(1);
    let mut slot = (hash as usize) & (slots - 1);
    loop {
        let at = 8 + slot * 16;
        let key = read_u64(t, at);
        if key == hash {
            return Some(read_u64(t, at + 8));
        }
        if key == 0 {
            return None;
        }
        slot = (slot + 1) & (slots - 1);
    }
}

fn read_u64(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

/// Facts about a word; the word must already be lower case.
/// True for a city outside the US of 100,000 people or more ("lagos", "addis ababa").
pub fn is_world_city(lower: &str) -> bool {
    WORLD_CITIES.binary_search(&lower).is_ok()
}

pub fn word_info(lower: &str) -> WordInfo {
    WordInfo(table_get(WORDS_TABLE, lower.as_bytes()).unwrap_or(0))
}

/// Facts about a word in any case.
pub fn word_info_any_case(word: &str) -> WordInfo {
    if word.bytes().any(|b| b.is_ascii_uppercase()) || !word.is_ascii() {
        word_info(&word.to_lowercase())
    } else {
        word_info(word)
    }
}

/// A US city known to the lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct City {
    /// Bit `i` is set when a city of that name lies in `STATES[i]`.
    pub states_mask: u64,
    /// Population of the largest city of that name, rounded down to a power of two.
    pub population: u32,
}

impl City {
    /// True when a city of this name lies in the state with index `state`.
    pub fn in_state(self, state: usize) -> bool {
        state < 56 && self.states_mask & (1 << state) != 0
    }
}

/// Looks up a city by its lower-case name ("springfield", "new york").
pub fn city(lower: &str) -> Option<City> {
    table_get(CITIES_TABLE, lower.as_bytes()).map(|v| City {
        states_mask: v & 0xFF_FFFF_FFFF_FFFF,
        population: 1u32 << ((v >> 56) as u32).min(31),
    })
}

/// The index in [`STATES`] of a state name or USPS code ("Illinois", "IL", "ill." is not
/// accepted). Case-insensitive; the two-letter code must be upper case in mixed-case text,
/// which the caller checks.
pub fn state_index(name: &str) -> Option<usize> {
    let name = name.trim_end_matches('.');
    STATES
        .iter()
        .position(|(n, c)| n.eq_ignore_ascii_case(name) || c.eq_ignore_ascii_case(name))
}

/// Folds a word to ASCII for the name lists, which are ASCII: lower case, accents dropped
/// ("Józef" → "jozef", "Wiśniewski" → "wisniewski", "Nguyễn" → "nguyen"). `None` when a
/// letter has no ASCII form.
pub fn fold_to_ascii(word: &str) -> Option<String> {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ł' | 'Ł' => out.push('l'),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ı' => out.push('i'),
            '\u{2019}' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            _ => return None,
        }
    }
    Some(out)
}

/// Categories of the phrase automaton.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhraseKind {
    Condition,
    Procedure,
    Medication,
    /// Looks like a person but is not: eponyms, holidays, public figures ("Parkinson's",
    /// "Dr. Seuss Day").
    NotPerson,
    /// A well-known person ("Taylor Swift", "Mr. Rogers"): a name, but not a patient's.
    PublicFigure,
}

/// Category bits of `phrases.tbl` (see build.rs).
const PHRASE_CATEGORY: u64 = 0xFF;
const PHRASE_PUBLIC_FIGURE: u64 = 1 << 8;
const PHRASE_CONTINUES: u64 = 1 << 9;
const PHRASE_ALSO_NOT_PERSON: u64 = 1 << 10;

/// Every phrase of the lists found in `lower` (lower-case text), whole words only, as
/// `(start, end, kind)` byte spans, possibly overlapping, ordered by start then end. A phrase
/// that is both a well-known person (or a health term that is not a person) and another kind
/// is listed once for each.
///
/// Walks word by word from each word start through a table that holds every phrase and its
/// leading words: most words end the walk at the first probe, so the cost is about one hash
/// look-up per word, whatever the size of the lists.
pub fn find_phrases(lower: &str) -> Vec<(usize, usize, PhraseKind)> {
    let bytes = lower.as_bytes();
    // Bytes of multi-byte characters count as word bytes: lists are ASCII, so a match next to
    // a non-ASCII letter is inside a longer word.
    let is_word_byte = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !is_word_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_word_byte(bytes[i]) {
            i += 1;
        }
        runs.push((start, i));
    }
    let mut out = Vec::new();
    for (k, &(start, _)) in runs.iter().enumerate() {
        for &(_, end) in &runs[k..] {
            let Some(bits) = table_get(PHRASES_TABLE, &bytes[start..end]) else {
                break;
            };
            let kind = match bits & PHRASE_CATEGORY {
                1 => Some(PhraseKind::Condition),
                2 => Some(PhraseKind::Procedure),
                3 => Some(PhraseKind::Medication),
                4 => Some(PhraseKind::NotPerson),
                _ => None,
            };
            if let Some(kind) = kind {
                out.push((start, end, kind));
            }
            if bits & PHRASE_ALSO_NOT_PERSON != 0 {
                out.push((start, end, PhraseKind::NotPerson));
            }
            if bits & PHRASE_PUBLIC_FIGURE != 0 {
                out.push((start, end, PhraseKind::PublicFigure));
            }
            if bits & PHRASE_CONTINUES == 0 {
                break;
            }
        }
    }
    out
}
