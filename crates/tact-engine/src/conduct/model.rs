//! The cue language: patterns, classes and cue files, parsed and compiled into the indexes
//! the matcher (`cues.rs`) reads. The build script compiles `data/conduct/*.toml` with this
//! module and stores the result (see `encode_all`), so the engine never parses a cue file
//! when it starts.
//!
//! (`data/conduct/*.toml`) in the way Vale keeps style rules.
//!
//! A pattern is a sequence of elements matched against the lower-cased words of one sentence
//! (punctuation between words is ignored):
//!
//! | element | matches |
//! | --- | --- |
//! | `word` | that word (`'` also matches `’`) |
//! | `word*` | a word starting with `word` |
//! | `@class` | any entry of a class from `classes.toml` (entries may be several words) |
//! | `(a \| b c \| @x)` | one of the alternatives |
//! | `x?` | `x` or nothing, for a word, class or group |
//! | `...` | a gap of zero to four words |
//! | `_` | any one word |
//! | `#` | a word with a digit |
//! | `{HEALTH}` | a health term (`{CONDITION}`, `{PROCEDURE}`, `{MEDICATION}` for one kind) |
//! | `{PERSON}` | a person's name |
//! | `^` | the start of the sentence |

use crate::input::Kind;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

/// One element of a compiled pattern.
#[derive(Clone, Debug)]
pub(crate) enum Elem {
    Word(Lit),
    Prefix(Box<str>),
    /// Shared: a class is parsed once and referenced by every pattern that uses it.
    Group(Arc<Group>),
    Optional(Box<Elem>),
    Gap(u8),
    Any,
    Digit,
    Entity(u8),
    Start,
}

/// A literal word with its hash: words are compared by hash first, by text only when the
/// hashes agree.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Lit {
    pub(crate) hash: u64,
    pub(crate) text: Box<str>,
}

impl Lit {
    fn new(text: &str) -> Lit {
        Lit {
            hash: word_hash(text.as_bytes()),
            text: text.into(),
        }
    }
}

/// FNV-1a, 64 bits: the one hash of words and phrases, shared by the cue indexes, the
/// lexicon tables and the build script that writes both.
pub(crate) fn word_hash(bytes: &[u8]) -> u64 {
    word_hash_more(0xcbf2_9ce4_8422_2325, bytes)
}

/// Continues a `word_hash` with more bytes: `word_hash_more(word_hash(a), b)` is the hash of
/// `a` followed by `b`, without building the string.
pub(crate) fn word_hash_more(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Alternatives: the single words among them in a sorted list (one binary search), the
/// others as sequences tried in order.
#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub(crate) words: Vec<Lit>,
    pub(crate) alts: Vec<Vec<Elem>>,
    /// (hash of the first word, alternative) for the alternatives that start with a word,
    /// sorted: only those whose first word is the text's word are tried.
    pub(crate) alts_by_first: Vec<(u64, u32)>,
    /// The other alternatives, in order, with the byte their first word must start with
    /// when they start with a prefix.
    pub(crate) alts_other: Vec<(u32, Option<u8>)>,
}

impl Group {
    fn new(alts: Vec<Vec<Elem>>) -> Group {
        let mut words = Vec::new();
        let mut rest = Vec::new();
        for alt in alts {
            match alt.as_slice() {
                [Elem::Word(w)] => words.push(w.clone()),
                _ => rest.push(alt),
            }
        }
        words.sort_unstable();
        words.dedup();
        Group::from_parts(words, rest)
    }

    /// A group of single words (sorted, no duplicates) and other alternatives.
    fn from_parts(words: Vec<Lit>, rest: Vec<Vec<Elem>>) -> Group {
        let mut alts_by_first = Vec::new();
        let mut alts_other = Vec::new();
        let mut anchors = Vec::new();
        for (i, alt) in rest.iter().enumerate() {
            match alt.first() {
                Some(Elem::Word(w)) => alts_by_first.push((w.hash, i as u32)),
                Some(Elem::Prefix(p)) => alts_other.push((i as u32, p.as_bytes().first().copied())),
                _ => {
                    // An alternative that can only start with one of some words ("@you
                    // look", "(my | our) kid") is indexed under each of them.
                    anchors.clear();
                    let anchored = first_anchors(alt, &mut anchors)
                        && anchors.iter().all(|a| matches!(a, Anchor::Word(_)));
                    if anchored {
                        let mut hashes: Vec<u64> = anchors
                            .iter()
                            .filter_map(|a| match a {
                                Anchor::Word(w) => Some(word_hash(w.as_bytes())),
                                _ => None,
                            })
                            .collect();
                        hashes.sort_unstable();
                        hashes.dedup();
                        alts_by_first.extend(hashes.into_iter().map(|h| (h, i as u32)));
                    } else {
                        alts_other.push((i as u32, None));
                    }
                }
            }
        }
        alts_by_first.sort_unstable();
        Group {
            words,
            alts: rest,
            alts_by_first,
            alts_other,
        }
    }
}

/// Entity masks for `{…}` elements.
pub(crate) const HEALTH_CONDITION: u8 = 1;
pub(crate) const HEALTH_PROCEDURE: u8 = 2;
pub(crate) const HEALTH_MEDICATION: u8 = 4;
pub(crate) const PERSON: u8 = 8;

/// A condition a cue's sentence must meet beyond its pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Requirement {
    /// A health term in the same sentence.
    Health,
    /// "you", "your" and the like in the same sentence.
    You,
    /// No "you" in the sentence (talk about someone else).
    NoYou,
    /// A health term of the text being answered appears in the sentence.
    EchoesHealth,
}

/// Where an exception applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Cancels every hit of the rule in the same sentence.
    #[default]
    Sentence,
    /// Cancels hits that overlap the exception.
    Overlap,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CueSpec {
    pub(crate) name: String,
    #[serde(default = "one")]
    pub(crate) score: f32,
    #[serde(default)]
    pub(crate) kinds: Vec<Kind>,
    #[serde(default)]
    pub(crate) requires: Vec<Requirement>,
    #[serde(default)]
    pub(crate) message: String,
    pub(crate) patterns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExceptSpec {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) scope: Scope,
    pub(crate) patterns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    /// Classes local to this file, added to the shared ones.
    #[serde(default)]
    pub(crate) classes: HashMap<String, Vec<String>>,
    #[serde(default)]
    pub(crate) cue: Vec<CueSpec>,
    #[serde(default)]
    pub(crate) except: Vec<ExceptSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassesSpec {
    pub(crate) classes: HashMap<String, Vec<String>>,
}

fn one() -> f32 {
    1.0
}

/// A named cue: what a match means.
#[derive(Clone, Debug)]
pub struct Cue {
    pub name: Box<str>,
    pub score: f32,
    /// Kinds the cue applies to; empty means every kind.
    pub kinds: Vec<Kind>,
    pub requires: Vec<Requirement>,
    pub message: Box<str>,
    /// Set for exceptions.
    pub except: Option<Scope>,
}

impl Cue {
    pub fn applies_to(&self, kind: Kind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }
}

/// A bad cue file: which file, which cue, what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CueError {
    pub file: String,
    pub message: String,
}

impl fmt::Display for CueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for CueError {}

/// The classes shared by every cue file.
#[derive(Clone, Debug, Default)]
pub struct Classes {
    pub(crate) map: HashMap<String, Arc<Group>>,
}

impl Classes {
    /// Parses `classes.toml`. A class entry may use other classes defined before or after it.
    pub fn parse(toml_text: &str) -> Result<Classes, CueError> {
        let spec: ClassesSpec = toml::from_str(toml_text).map_err(|e| CueError {
            file: "classes.toml".into(),
            message: e.to_string(),
        })?;
        Classes::default().extended("classes.toml", spec.classes)
    }

    /// These classes plus `more` (which may use these and each other).
    fn extended(
        &self,
        file: &str,
        more: HashMap<String, Vec<String>>,
    ) -> Result<Classes, CueError> {
        let err = |message: String| CueError {
            file: file.into(),
            message,
        };
        // A class is parsed after the classes it uses.
        let mut pending: Vec<(String, Vec<String>)> = more.into_iter().collect();
        pending.sort();
        let mut classes = self.clone();
        while !pending.is_empty() {
            let before = pending.len();
            let mut still = Vec::new();
            for (name, entries) in pending {
                let uses_pending = entries.iter().any(|e| {
                    e.split(|c: char| !(c.is_alphanumeric() || c == '@' || c == '_' || c == '-'))
                        .filter_map(|t| t.strip_prefix('@'))
                        .any(|c| !classes.map.contains_key(c))
                });
                if uses_pending {
                    still.push((name, entries));
                    continue;
                }
                let mut alts = Vec::new();
                for entry in &entries {
                    let elems = parse_pattern(entry, &classes)
                        .map_err(|m| err(format!("class @{name}, entry {entry:?}: {m}")))?;
                    alts.push(elems);
                }
                classes.map.insert(name, Arc::new(Group::new(alts)));
            }
            if still.len() == before {
                let names: Vec<&str> = still.iter().map(|(n, _)| n.as_str()).collect();
                return Err(err(format!(
                    "classes use unknown or circular classes: {}",
                    names.join(", ")
                )));
            }
            pending = still;
        }
        Ok(classes)
    }
}

/// A compiled cue file: cues, exceptions and an index from first words to patterns.
#[derive(Clone, Debug, Default)]
pub struct CueSet {
    pub(crate) cues: Vec<Cue>,
    /// (cue index, pattern)
    pub(crate) patterns: Vec<(usize, Vec<Elem>)>,
    /// The literal words of the file's patterns, by hash: their word id.
    pub(crate) dict: HashMap<u64, u32, BuildHasherDefault<HashIsKey>>,
    /// Per word id, its text (hashes are checked against it).
    pub(crate) dict_text: Vec<Box<str>>,
    /// Per word id, whether it is a common English word (a poor trigger).
    pub(crate) dict_common: Vec<bool>,
    /// Per word id, the needs it meets.
    pub(crate) word_needs: Vec<Vec<u32>>,
    /// A need is a list of words of which a sentence must hold one for a pattern to match
    /// there. Per pattern, its needs (sorted); a pattern is tried only in a sentence that
    /// meets every one.
    pub(crate) needs: Vec<Vec<u32>>,
    /// Per need, the patterns it triggers: each pattern is triggered by its rarest need, so
    /// a sentence meets few triggers.
    pub(crate) triggers: Vec<Vec<u32>>,
    /// Patterns without needs: candidates in every sentence.
    pub(crate) free: Vec<u32>,
    /// Per pattern, what its first word can be.
    pub(crate) first: Vec<First>,
    /// The prefixes patterns start with, sorted; `First::prefixes` holds bits of this list,
    /// so a word's prefixes are found once per text, not once per pattern.
    pub(crate) first_prefixes: Vec<Box<str>>,
    /// The first bytes of `first_prefixes`, as a 256-bit set.
    pub(crate) prefix_first_bytes: [u64; 4],
    /// Per word id, the patterns whose match can start with that word, sorted: a start word
    /// meets only the candidates that can begin there.
    pub(crate) starting_with: Vec<Vec<u32>>,
    /// Per pattern, whether its match can start with something other than a listed word (a
    /// prefix, an entity, a digit, any word), so it is tried at every start word of a
    /// sentence where it is a candidate.
    pub(crate) special_start: Vec<bool>,
}

/// What the first word of a pattern's match can be.
#[derive(Clone, Debug, Default)]
pub(crate) struct First {
    /// Word ids, sorted, when they are few.
    pub(crate) words: Vec<u32>,
    /// Word ids when they are many (a pattern that starts with a class).
    pub(crate) many_words: std::collections::HashSet<u32, BuildHasherDefault<HashIsKey>>,
    /// Bits of the set's first prefixes (`CueSet::first_prefixes`).
    pub(crate) prefixes: u128,
    pub(crate) entity: bool,
    pub(crate) digit: bool,
    /// Any word at all (the pattern starts with a gap or `_`).
    pub(crate) any: bool,
}

/// The word id of a text word that no pattern of the file names.
pub(crate) const NO_WORD: u32 = u32::MAX;

/// A hasher for keys that are already hashes.
#[derive(Default)]
pub(crate) struct HashIsKey(u64);

impl std::hash::Hasher for HashIsKey {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn write_u32(&mut self, n: u32) {
        // Word ids are small and dense: spread them over the table.
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Common English words: a need made of them is met by most sentences, so it is a poor
/// trigger.
const COMMON: &[&str] = &[
    "a", "about", "after", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but",
    "by", "can", "come", "could", "day", "did", "do", "for", "from", "get", "go", "had", "has",
    "have", "he", "her", "here", "him", "his", "how", "i", "i'm", "if", "in", "is", "it", "it's",
    "just", "know", "let", "like", "make", "me", "more", "my", "no", "not", "now", "of", "on",
    "one", "or", "our", "out", "please", "see", "she", "so", "some", "that", "the", "their",
    "them", "then", "there", "they", "this", "time", "to", "today", "up", "us", "was", "we",
    "we're", "were", "what", "when", "which", "who", "will", "with", "would", "you", "your",
    "you're",
];

impl CueSet {
    /// Parses one cue file.
    pub fn parse(file: &str, toml_text: &str, classes: &Classes) -> Result<CueSet, CueError> {
        let err = |message: String| CueError {
            file: file.to_string(),
            message,
        };
        let spec: FileSpec = toml::from_str(toml_text).map_err(|e| err(e.to_string()))?;
        let local;
        let classes = if spec.classes.is_empty() {
            classes
        } else {
            local = classes.extended(file, spec.classes)?;
            &local
        };
        let mut set = CueSet::default();
        let mut need_ids: HashMap<Vec<u32>, u32> = HashMap::new();
        // Per need, its word ids.
        let mut need_words: Vec<Vec<u32>> = Vec::new();
        // (pattern, prefix) for patterns that can start with a prefix.
        let mut first_prefixes: Vec<(u32, String)> = Vec::new();
        let entries = spec
            .cue
            .into_iter()
            .map(|c| {
                (
                    Cue {
                        name: c.name.into(),
                        score: c.score.clamp(0.0, 1.0),
                        kinds: c.kinds,
                        requires: c.requires,
                        message: c.message.into(),
                        except: None,
                    },
                    c.patterns,
                )
            })
            .chain(spec.except.into_iter().map(|e| {
                (
                    Cue {
                        name: e.name.into(),
                        score: 1.0,
                        kinds: Vec::new(),
                        requires: Vec::new(),
                        message: "".into(),
                        except: Some(e.scope),
                    },
                    e.patterns,
                )
            }));
        for (cue, patterns) in entries {
            if patterns.is_empty() {
                return Err(err(format!("cue {:?} has no patterns", cue.name)));
            }
            let index = set.cues.len();
            for p in &patterns {
                let elems = parse_pattern(p, classes)
                    .map_err(|m| err(format!("cue {:?}, pattern {p:?}: {m}", cue.name)))?;
                let id = set.patterns.len() as u32;
                let mut first = First::default();
                let mut anchors = Vec::new();
                if first_anchors(&elems, &mut anchors) {
                    for a in anchors {
                        match a {
                            Anchor::Word(w) => {
                                let word = set.word_id(&Lit::new(&w));
                                first.words.push(word);
                            }
                            Anchor::Prefix(p) => first_prefixes.push((id, p)),
                            Anchor::Entity => first.entity = true,
                            Anchor::Digit => first.digit = true,
                        }
                    }
                    first.words.sort_unstable();
                    first.words.dedup();
                    if first.words.len() > 8 {
                        first.many_words = first.words.drain(..).collect();
                    }
                } else {
                    first.any = true;
                }
                set.first.push(first);
                let mut needs = Vec::new();
                for list in mandatory_words(&elems) {
                    let mut ids: Vec<u32> = list.iter().map(|w| set.word_id(w)).collect();
                    ids.sort_unstable();
                    ids.dedup();
                    let need = match need_ids.get(&ids) {
                        Some(&n) => n,
                        None => {
                            let n = set.triggers.len() as u32;
                            need_words.push(ids.clone());
                            for &w in &ids {
                                set.word_needs[w as usize].push(n);
                            }
                            set.triggers.push(Vec::new());
                            need_ids.insert(ids, n);
                            n
                        }
                    };
                    needs.push(need);
                }
                needs.sort_unstable();
                needs.dedup();
                set.needs.push(needs);
                set.patterns.push((index, elems));
            }
            set.cues.push(cue);
        }
        // Each pattern is triggered by the need a sentence is least likely to meet: fewest
        // common words, then fewest words.
        let cost = |set: &CueSet, need: u32| -> (usize, usize) {
            let words = &need_words[need as usize];
            let common = words
                .iter()
                .filter(|&&w| set.dict_common[w as usize])
                .count();
            (common, words.len())
        };
        let costs: Vec<(usize, usize)> = (0..set.triggers.len() as u32)
            .map(|n| cost(&set, n))
            .collect();
        for p in 0..set.needs.len() {
            match set.needs[p].iter().min_by_key(|&&n| costs[n as usize]) {
                Some(&n) => set.triggers[n as usize].push(p as u32),
                None => set.free.push(p as u32),
            }
        }
        let mut all: Vec<&str> = first_prefixes.iter().map(|(_, p)| p.as_str()).collect();
        all.sort_unstable();
        all.dedup();
        if all.len() > 128 {
            return Err(err(format!(
                "{} different prefixes start patterns; at most 128 can",
                all.len()
            )));
        }
        for (p, prefix) in &first_prefixes {
            let bit = all.binary_search(&prefix.as_str()).unwrap_or(0);
            set.first[*p as usize].prefixes |= 1u128 << bit;
        }
        for p in &all {
            let b = p.as_bytes()[0];
            set.prefix_first_bytes[usize::from(b >> 6)] |= 1 << (b & 63);
        }
        set.first_prefixes = all.into_iter().map(Box::from).collect();
        set.starting_with = vec![Vec::new(); set.dict_text.len()];
        for (p, first) in set.first.iter().enumerate() {
            for &w in first.words.iter().chain(&first.many_words) {
                set.starting_with[w as usize].push(p as u32);
            }
            set.special_start
                .push(first.any || first.entity || first.digit || first.prefixes != 0);
        }
        Ok(set)
    }

    /// The id of a literal word, added to the dictionary when new.
    fn word_id(&mut self, w: &Lit) -> u32 {
        if let Some(&id) = self.dict.get(&w.hash) {
            if *self.dict_text[id as usize] == *w.text {
                return id;
            }
        }
        // A 64-bit hash collision between two pattern words would make the second one
        // unfindable; `validate` reports it (the cue files are fixed at build time).
        let id = self.dict_text.len() as u32;
        self.dict.entry(w.hash).or_insert(id);
        self.dict_text.push(w.text.clone());
        self.dict_common.push(COMMON.contains(&&*w.text));
        self.word_needs.push(Vec::new());
        id
    }
}

/// What the first word of a match can be.
enum Anchor {
    Word(String),
    Prefix(String),
    Entity,
    Digit,
}

/// Collects what a pattern can start with; false when it can start with any word (or match
/// nothing), so it must be tried everywhere.
fn first_anchors(elems: &[Elem], out: &mut Vec<Anchor>) -> bool {
    for e in elems {
        match e {
            Elem::Start => continue,
            Elem::Word(w) => {
                out.push(Anchor::Word(w.text.to_string()));
                return true;
            }
            Elem::Prefix(p) => {
                out.push(Anchor::Prefix(p.to_string()));
                return true;
            }
            Elem::Entity(_) => {
                out.push(Anchor::Entity);
                return true;
            }
            Elem::Digit => {
                out.push(Anchor::Digit);
                return true;
            }
            Elem::Group(g) => {
                out.extend(g.words.iter().map(|w| Anchor::Word(w.text.to_string())));
                return g.alts.iter().all(|alt| first_anchors(alt, out));
            }
            Elem::Optional(inner) => {
                if !first_anchors(std::slice::from_ref(inner), out) {
                    return false;
                }
                // …or the pattern starts with what follows: keep looking.
            }
            Elem::Gap(_) | Elem::Any => return false,
        }
    }
    // A pattern that can match nothing at all is never anchored.
    false
}

/// The word lists a match needs somewhere in its sentence: for every element that is not
/// optional, the words of which the sentence must hold at least one, when they can be known
/// (a word, or a group each of whose alternatives needs a word).
fn mandatory_words(elems: &[Elem]) -> Vec<Vec<Lit>> {
    elems.iter().filter_map(needed_words).collect()
}

fn needed_words(elem: &Elem) -> Option<Vec<Lit>> {
    match elem {
        Elem::Word(w) => Some(vec![w.clone()]),
        Elem::Group(g) => {
            let mut out = g.words.clone();
            for alt in &g.alts {
                out.extend(alt.iter().find_map(needed_words)?);
            }
            (!out.is_empty()).then_some(out)
        }
        _ => None,
    }
}

/// Parses a pattern (see the module documentation).
fn parse_pattern(pattern: &str, classes: &Classes) -> Result<Vec<Elem>, String> {
    let tokens = tokenize(pattern)?;
    let mut pos = 0;
    let elems = parse_seq(&tokens, &mut pos, classes)?;
    if pos != tokens.len() {
        return Err(format!("unexpected {:?}", tokens[pos]));
    }
    if elems.is_empty() {
        return Err("empty pattern".into());
    }
    Ok(elems)
}

/// Splits a pattern into tokens, borrowed from it.
fn tokenize(pattern: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut chars = pattern.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if matches!(c, '(' | ')' | '|' | '?' | '^' | '#' | '_') {
            out.push(&pattern[i..i + 1]);
            chars.next();
        } else if c == '.' {
            let mut end = i;
            while let Some(&(j, '.')) = chars.peek() {
                end = j + 1;
                chars.next();
            }
            let dots = &pattern[i..end];
            if dots != "..." {
                return Err(format!("{dots:?}: a gap is written `...`"));
            }
            out.push(dots);
        } else if c == '{' {
            let mut end = pattern.len();
            for (j, c) in chars.by_ref() {
                if c == '}' {
                    end = j + 1;
                    break;
                }
            }
            out.push(&pattern[i..end]);
        } else {
            let mut end = i;
            while let Some(&(j, c)) = chars.peek() {
                if c.is_alphanumeric() || matches!(c, '\'' | '’' | '@' | '*' | '-') {
                    end = j + c.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            if end == i {
                return Err(format!("unexpected character {c:?}"));
            }
            out.push(&pattern[i..end]);
        }
    }
    Ok(out)
}

fn parse_seq(tokens: &[&str], pos: &mut usize, classes: &Classes) -> Result<Vec<Elem>, String> {
    let mut seq = Vec::new();
    while *pos < tokens.len() {
        let t = tokens[*pos];
        if t == ")" || t == "|" {
            break;
        }
        *pos += 1;
        let elem = match t {
            "(" => {
                let mut alts = Vec::new();
                loop {
                    alts.push(parse_seq(tokens, pos, classes)?);
                    match tokens.get(*pos).copied() {
                        Some("|") => *pos += 1,
                        Some(")") => {
                            *pos += 1;
                            break;
                        }
                        _ => return Err("unclosed `(`".into()),
                    }
                }
                if alts.iter().any(Vec::is_empty) {
                    return Err("empty alternative in a group".into());
                }
                Elem::Group(Arc::new(Group::new(alts)))
            }
            "?" => return Err("`?` follows nothing".into()),
            "^" => Elem::Start,
            "#" => Elem::Digit,
            "_" => Elem::Any,
            "..." => Elem::Gap(4),
            _ if t.starts_with('{') => {
                let mask = match t {
                    "{HEALTH}" => HEALTH_CONDITION | HEALTH_PROCEDURE | HEALTH_MEDICATION,
                    "{CONDITION}" => HEALTH_CONDITION,
                    "{PROCEDURE}" => HEALTH_PROCEDURE,
                    "{MEDICATION}" => HEALTH_MEDICATION,
                    "{PERSON}" => PERSON,
                    _ => return Err(format!("unknown entity element {t}")),
                };
                Elem::Entity(mask)
            }
            _ if t.starts_with('@') => {
                let name = &t[1..];
                match classes.map.get(name) {
                    Some(group) => Elem::Group(Arc::clone(group)),
                    None => return Err(format!("unknown class @{name}")),
                }
            }
            _ => {
                let word: std::borrow::Cow<str> =
                    if t.bytes().all(|b| !b.is_ascii_uppercase() && b < 0x80) {
                        t.into()
                    } else {
                        t.to_lowercase().replace('’', "'").into()
                    };
                if let Some(prefix) = word.strip_suffix('*') {
                    if prefix.is_empty() || prefix.contains('*') {
                        return Err(format!("bad prefix {t:?}"));
                    }
                    Elem::Prefix(prefix.into())
                } else if word.contains('*') || word.contains('@') {
                    return Err(format!("bad word {t:?}"));
                } else {
                    // Hyphens split words in the text, so "follow-up" is two words.
                    let parts: Vec<&str> = word.split('-').filter(|p| !p.is_empty()).collect();
                    if parts.len() == 1 {
                        Elem::Word(Lit::new(parts[0]))
                    } else {
                        Elem::Group(Arc::new(Group::new(vec![parts
                            .iter()
                            .map(|p| Elem::Word(Lit::new(p)))
                            .collect()])))
                    }
                }
            }
        };
        let elem = if tokens.get(*pos).copied() == Some("?") {
            *pos += 1;
            Elem::Optional(Box::new(elem))
        } else {
            elem
        };
        seq.push(elem);
    }
    Ok(seq)
}

/// The compiled form of the cue files: written by the build script, read by the engine at
/// first use. Classes shared by several patterns or files are stored once and shared again
/// when read.
///
/// Layout: `b"TACTCUE1"`, the group table (each group after the groups it uses), then the
/// sets by name. Numbers are little-endian `u32` unless noted.
// The build script encodes and the engine decodes; only the tests do both.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) mod codec {
    use super::*;

    const MAGIC: &[u8; 8] = b"TACTCUE1";

    #[derive(Default)]
    struct Encoder {
        groups: Vec<u8>,
        group_count: u32,
        group_ids: HashMap<*const Group, u32>,
        /// Groups by their encoding: the same inline group written in many patterns ("(you
        /// | u)") is stored once.
        group_by_bytes: HashMap<Vec<u8>, u32>,
    }

    fn put_u32(out: &mut Vec<u8>, n: usize) {
        out.extend_from_slice(&u32::try_from(n).expect("fits in u32").to_le_bytes());
    }

    fn put_u64(out: &mut Vec<u8>, n: u64) {
        out.extend_from_slice(&n.to_le_bytes());
    }

    fn put_str(out: &mut Vec<u8>, s: &str) {
        put_u32(out, s.len());
        out.extend_from_slice(s.as_bytes());
    }

    fn put_ids(out: &mut Vec<u8>, ids: &[u32]) {
        put_u32(out, ids.len());
        for &id in ids {
            put_u32(out, id as usize);
        }
    }

    fn put_lists(out: &mut Vec<u8>, lists: &[Vec<u32>]) {
        put_u32(out, lists.len());
        for l in lists {
            put_ids(out, l);
        }
    }

    fn put_bools(out: &mut Vec<u8>, flags: &[bool]) {
        put_u32(out, flags.len());
        out.extend(flags.iter().map(|&b| u8::from(b)));
    }

    impl Encoder {
        fn group(&mut self, g: &Arc<Group>) -> u32 {
            if let Some(&id) = self.group_ids.get(&Arc::as_ptr(g)) {
                return id;
            }
            let mut buf = Vec::new();
            put_u32(&mut buf, g.words.len());
            for w in &g.words {
                put_str(&mut buf, &w.text);
            }
            put_u32(&mut buf, g.alts.len());
            for alt in &g.alts {
                self.elems(&mut buf, alt);
            }
            let id = match self.group_by_bytes.get(&buf) {
                Some(&id) => id,
                None => {
                    let id = self.group_count;
                    self.group_count += 1;
                    self.groups.extend_from_slice(&buf);
                    self.group_by_bytes.insert(buf, id);
                    id
                }
            };
            self.group_ids.insert(Arc::as_ptr(g), id);
            id
        }

        fn elems(&mut self, out: &mut Vec<u8>, elems: &[Elem]) {
            put_u32(out, elems.len());
            for e in elems {
                self.elem(out, e);
            }
        }

        fn elem(&mut self, out: &mut Vec<u8>, e: &Elem) {
            match e {
                Elem::Word(w) => {
                    out.push(0);
                    put_str(out, &w.text);
                }
                Elem::Prefix(p) => {
                    out.push(1);
                    put_str(out, p);
                }
                Elem::Group(g) => {
                    let id = self.group(g);
                    out.push(2);
                    put_u32(out, id as usize);
                }
                Elem::Optional(inner) => {
                    out.push(3);
                    self.elem(out, inner);
                }
                Elem::Gap(n) => out.extend_from_slice(&[4, *n]),
                Elem::Any => out.push(5),
                Elem::Digit => out.push(6),
                Elem::Entity(mask) => out.extend_from_slice(&[7, *mask]),
                Elem::Start => out.push(8),
            }
        }

        fn set(&mut self, out: &mut Vec<u8>, set: &CueSet) {
            put_u32(out, set.cues.len());
            for cue in &set.cues {
                put_str(out, &cue.name);
                out.extend_from_slice(&cue.score.to_le_bytes());
                let kinds: Vec<u32> = cue
                    .kinds
                    .iter()
                    .map(|k| Kind::ALL.iter().position(|x| x == k).unwrap_or(0) as u32)
                    .collect();
                put_ids(out, &kinds);
                let requires: Vec<u32> = cue
                    .requires
                    .iter()
                    .map(|r| REQUIREMENTS.iter().position(|x| x == r).unwrap_or(0) as u32)
                    .collect();
                put_ids(out, &requires);
                put_str(out, &cue.message);
                out.push(match cue.except {
                    None => 0,
                    Some(Scope::Sentence) => 1,
                    Some(Scope::Overlap) => 2,
                });
            }
            put_u32(out, set.patterns.len());
            for (cue, elems) in &set.patterns {
                put_u32(out, *cue);
                self.elems(out, elems);
            }
            put_u32(out, set.dict_text.len());
            for w in &set.dict_text {
                put_str(out, w);
            }
            put_bools(out, &set.dict_common);
            put_lists(out, &set.word_needs);
            put_lists(out, &set.needs);
            put_lists(out, &set.triggers);
            put_ids(out, &set.free);
            put_u32(out, set.first.len());
            for f in &set.first {
                put_ids(out, &f.words);
                let mut many: Vec<u32> = f.many_words.iter().copied().collect();
                many.sort_unstable();
                put_ids(out, &many);
                put_u64(out, f.prefixes as u64);
                put_u64(out, (f.prefixes >> 64) as u64);
                out.push(u8::from(f.entity) | u8::from(f.digit) << 1 | u8::from(f.any) << 2);
            }
            put_u32(out, set.first_prefixes.len());
            for p in &set.first_prefixes {
                put_str(out, p);
            }
            for word in set.prefix_first_bytes {
                put_u64(out, word);
            }
            put_lists(out, &set.starting_with);
            put_bools(out, &set.special_start);
        }
    }

    const REQUIREMENTS: [Requirement; 4] = [
        Requirement::Health,
        Requirement::You,
        Requirement::NoYou,
        Requirement::EchoesHealth,
    ];

    /// Encodes named cue sets.
    pub(crate) fn encode_all(sets: &[(&str, &CueSet)]) -> Vec<u8> {
        let mut enc = Encoder::default();
        let mut bodies = Vec::new();
        for (name, set) in sets {
            let mut body = Vec::new();
            enc.set(&mut body, set);
            bodies.push((name, body));
        }
        let mut out = MAGIC.to_vec();
        put_u32(&mut out, enc.group_count as usize);
        out.extend_from_slice(&enc.groups);
        put_u32(&mut out, bodies.len());
        for (name, body) in &bodies {
            put_str(&mut out, name);
            put_u32(&mut out, body.len());
        }
        for (_, body) in &bodies {
            out.extend_from_slice(body);
        }
        out
    }

    struct Decoder<'a, 'g> {
        bytes: &'a [u8],
        at: usize,
        /// The groups decoded so far.
        groups: &'g [Arc<Group>],
    }

    type Result<T> = std::result::Result<T, String>;

    impl<'a> Decoder<'a, '_> {
        fn take(&mut self, n: usize) -> Result<&'a [u8]> {
            let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
            let end = end.ok_or_else(|| format!("compiled cues end early at byte {}", self.at))?;
            let s = &self.bytes[self.at..end];
            self.at = end;
            Ok(s)
        }

        fn u8(&mut self) -> Result<u8> {
            Ok(self.take(1)?[0])
        }

        fn u32(&mut self) -> Result<usize> {
            let b = self.take(4)?;
            Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        }

        fn u64(&mut self) -> Result<u64> {
            let mut b = [0u8; 8];
            b.copy_from_slice(self.take(8)?);
            Ok(u64::from_le_bytes(b))
        }

        fn str(&mut self) -> Result<&'a str> {
            let n = self.u32()?;
            let at = self.at;
            std::str::from_utf8(self.take(n)?).map_err(|_| format!("bad text at byte {at}"))
        }

        /// A count of items that each take at least one byte (guards allocations).
        fn count(&mut self) -> Result<usize> {
            let n = self.u32()?;
            if n > self.bytes.len() - self.at {
                return Err(format!("impossible count {n} at byte {}", self.at));
            }
            Ok(n)
        }

        fn ids(&mut self) -> Result<Vec<u32>> {
            let n = self.count()?;
            let bytes = self.take(n * 4)?;
            Ok(bytes
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect())
        }

        fn lists(&mut self) -> Result<Vec<Vec<u32>>> {
            let n = self.count()?;
            (0..n).map(|_| self.ids()).collect()
        }

        fn bools(&mut self) -> Result<Vec<bool>> {
            let n = self.count()?;
            Ok(self.take(n)?.iter().map(|&b| b != 0).collect())
        }

        fn elems(&mut self) -> Result<Vec<Elem>> {
            let n = self.count()?;
            (0..n).map(|_| self.elem()).collect()
        }

        fn elem(&mut self) -> Result<Elem> {
            let at = self.at;
            Ok(match self.u8()? {
                0 => Elem::Word(Lit::new(self.str()?)),
                1 => Elem::Prefix(self.str()?.into()),
                2 => {
                    let id = self.u32()?;
                    let g = self
                        .groups
                        .get(id)
                        .ok_or_else(|| format!("unknown group {id}"))?;
                    Elem::Group(Arc::clone(g))
                }
                3 => Elem::Optional(Box::new(self.elem()?)),
                4 => Elem::Gap(self.u8()?),
                5 => Elem::Any,
                6 => Elem::Digit,
                7 => Elem::Entity(self.u8()?),
                8 => Elem::Start,
                t => return Err(format!("unknown element {t} at byte {at}")),
            })
        }

        fn group(&mut self) -> Result<Group> {
            let count = self.count()?;
            let mut words = Vec::with_capacity(count);
            for _ in 0..count {
                words.push(Lit::new(self.str()?));
            }
            if !words.is_sorted() {
                return Err(format!("group words out of order before byte {}", self.at));
            }
            let n = self.count()?;
            let mut alts = Vec::with_capacity(n);
            for _ in 0..n {
                alts.push(self.elems()?);
            }
            Ok(Group::from_parts(words, alts))
        }

        fn set(&mut self) -> Result<CueSet> {
            let mut set = CueSet::default();
            let cues = self.count()?;
            for _ in 0..cues {
                let name = self.str()?.into();
                let score = f32::from_bits(self.u32()? as u32);
                let kinds = self
                    .ids()?
                    .into_iter()
                    .map(|k| Kind::ALL.get(k as usize).copied().ok_or("bad kind"))
                    .collect::<std::result::Result<_, _>>()?;
                let requires = self
                    .ids()?
                    .into_iter()
                    .map(|r| {
                        REQUIREMENTS
                            .get(r as usize)
                            .copied()
                            .ok_or("bad requirement")
                    })
                    .collect::<std::result::Result<_, _>>()?;
                let message = self.str()?.into();
                let except = match self.u8()? {
                    0 => None,
                    1 => Some(Scope::Sentence),
                    _ => Some(Scope::Overlap),
                };
                set.cues.push(Cue {
                    name,
                    score,
                    kinds,
                    requires,
                    message,
                    except,
                });
            }
            let patterns = self.count()?;
            for _ in 0..patterns {
                let cue = self.u32()?;
                if cue >= set.cues.len() {
                    return Err(format!("pattern of unknown cue {cue}"));
                }
                let elems = self.elems()?;
                set.patterns.push((cue, elems));
            }
            let words = self.count()?;
            set.dict.reserve(words);
            for id in 0..words {
                let text: Box<str> = self.str()?.into();
                set.dict
                    .entry(word_hash(text.as_bytes()))
                    .or_insert(id as u32);
                set.dict_text.push(text);
            }
            set.dict_common = self.bools()?;
            set.word_needs = self.lists()?;
            set.needs = self.lists()?;
            set.triggers = self.lists()?;
            set.free = self.ids()?;
            let firsts = self.count()?;
            for _ in 0..firsts {
                let words = self.ids()?;
                let many_words = self.ids()?.into_iter().collect();
                let low = self.u64()?;
                let high = self.u64()?;
                let flags = self.u8()?;
                set.first.push(First {
                    words,
                    many_words,
                    prefixes: u128::from(low) | u128::from(high) << 64,
                    entity: flags & 1 != 0,
                    digit: flags & 2 != 0,
                    any: flags & 4 != 0,
                });
            }
            let prefixes = self.count()?;
            for _ in 0..prefixes {
                set.first_prefixes.push(self.str()?.into());
            }
            for word in &mut set.prefix_first_bytes {
                *word = self.u64()?;
            }
            set.starting_with = self.lists()?;
            set.special_start = self.bools()?;
            let patterns = set.patterns.len();
            let ids_ok = |lists: &[Vec<u32>], bound: usize| {
                lists.iter().flatten().all(|&x| (x as usize) < bound)
            };
            if set.first.len() != patterns
                || set.dict_common.len() != words
                || set.needs.len() != patterns
                || set.special_start.len() != patterns
                || set.word_needs.len() != words
                || set.starting_with.len() != words
                || !ids_ok(&set.triggers, patterns)
                || !ids_ok(&set.starting_with, patterns)
                || !ids_ok(&set.word_needs, set.triggers.len())
                || !ids_ok(&set.needs, set.triggers.len())
                || !ids_ok(std::slice::from_ref(&set.free), patterns)
            {
                return Err("compiled cue set is inconsistent".into());
            }
            Ok(set)
        }
    }

    /// The compiled cues with their groups decoded; each set is decoded on first use.
    pub(crate) struct Compiled<'a> {
        bytes: &'a [u8],
        groups: Vec<Arc<Group>>,
        /// Per set: its name and its bytes' range.
        sets: Vec<(&'a str, std::ops::Range<usize>)>,
    }

    impl<'a> Compiled<'a> {
        /// Reads the header and the groups of what `encode_all` wrote.
        pub(crate) fn open(bytes: &'a [u8]) -> Result<Compiled<'a>> {
            if !bytes.starts_with(MAGIC) {
                return Err("not a compiled cue file".into());
            }
            let mut at = MAGIC.len();
            let mut groups: Vec<Arc<Group>> = Vec::new();
            let count = Decoder {
                bytes,
                at,
                groups: &groups,
            }
            .count()?;
            at += 4;
            for _ in 0..count {
                let mut d = Decoder {
                    bytes,
                    at,
                    groups: &groups,
                };
                let g = d.group()?;
                at = d.at;
                groups.push(Arc::new(g));
            }
            let mut d = Decoder {
                bytes,
                at,
                groups: &groups,
            };
            let count = d.count()?;
            let mut sizes = Vec::with_capacity(count);
            for _ in 0..count {
                let name = d.str()?;
                sizes.push((name, d.u32()?));
            }
            let mut sets = Vec::with_capacity(count);
            let mut at = d.at;
            for (name, size) in sizes {
                let end = at.checked_add(size).filter(|&e| e <= bytes.len());
                let end = end.ok_or_else(|| format!("cue set {name} ends past the data"))?;
                sets.push((name, at..end));
                at = end;
            }
            if at != bytes.len() {
                return Err(format!("{} bytes left over", bytes.len() - at));
            }
            Ok(Compiled {
                bytes,
                groups,
                sets,
            })
        }

        /// The names of the sets, in their order.
        pub(crate) fn names(&self) -> impl Iterator<Item = &'a str> + '_ {
            self.sets.iter().map(|(n, _)| *n)
        }

        /// Decodes the set at `index`.
        pub(crate) fn set(&self, index: usize) -> Result<CueSet> {
            let (name, range) = self.sets.get(index).ok_or("no such cue set")?;
            let mut d = Decoder {
                bytes: &self.bytes[..range.end],
                at: range.start,
                groups: &self.groups,
            };
            let set = d.set().map_err(|e| format!("cue set {name}: {e}"))?;
            if d.at != range.end {
                return Err(format!("cue set {name}: bytes left over"));
            }
            Ok(set)
        }
    }

    /// Decodes every set of what `encode_all` wrote (for the tests).
    pub(crate) fn decode_all(bytes: &[u8]) -> Result<Vec<(String, CueSet)>> {
        let compiled = Compiled::open(bytes)?;
        let names: Vec<&str> = compiled.names().collect();
        names
            .iter()
            .enumerate()
            .map(|(i, n)| Ok((n.to_string(), compiled.set(i)?)))
            .collect()
    }
}
