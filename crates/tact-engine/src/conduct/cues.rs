//! Cues: the phrase patterns behind the conduct rules and triage, kept as data
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

use crate::entity::EntityType;
use crate::input::Kind;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

/// One element of a compiled pattern.
#[derive(Clone, Debug)]
enum Elem {
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
struct Lit {
    hash: u64,
    text: Box<str>,
}

impl Lit {
    fn new(text: &str) -> Lit {
        Lit {
            hash: word_hash(text),
            text: text.into(),
        }
    }
}

/// FNV-1a, 64 bits.
fn word_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Alternatives: the single words among them in a sorted list (one binary search), the
/// others as sequences tried in order.
#[derive(Clone, Debug)]
struct Group {
    words: Vec<Lit>,
    alts: Vec<Vec<Elem>>,
    /// (hash of the first word, alternative) for the alternatives that start with a word,
    /// sorted: only those whose first word is the text's word are tried.
    alts_by_first: Vec<(u64, u32)>,
    /// The other alternatives, in order, with the byte their first word must start with
    /// when they start with a prefix.
    alts_other: Vec<(u32, Option<u8>)>,
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
        let mut alts_by_first = Vec::new();
        let mut alts_other = Vec::new();
        for (i, alt) in rest.iter().enumerate() {
            match alt.first() {
                Some(Elem::Word(w)) => alts_by_first.push((w.hash, i as u32)),
                Some(Elem::Prefix(p)) => alts_other.push((i as u32, p.as_bytes().first().copied())),
                _ => alts_other.push((i as u32, None)),
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

    /// Tries the alternatives that can match at `pos`, in their order in the group.
    fn match_alts(
        &self,
        cont: Option<&Cont>,
        pos: usize,
        limit: usize,
        words: &Words,
    ) -> Option<usize> {
        let by_first: &[(u64, u32)] = if pos < limit {
            let h = words.hash(pos);
            let from = self.alts_by_first.partition_point(|x| x.0 < h);
            let to = from + self.alts_by_first[from..].partition_point(|x| x.0 == h);
            &self.alts_by_first[from..to]
        } else {
            &[]
        };
        let first_byte = if pos < limit {
            words.word(pos).as_bytes().first().copied()
        } else {
            None
        };
        let (mut i, mut j) = (0, 0);
        loop {
            let next = match (by_first.get(i), self.alts_other.get(j)) {
                (Some(a), Some(&(b, _))) if a.1 < b => {
                    i += 1;
                    a.1
                }
                (_, Some(&(b, byte))) => {
                    j += 1;
                    if byte.is_some() && byte != first_byte {
                        continue;
                    }
                    b
                }
                (Some(a), None) => {
                    i += 1;
                    a.1
                }
                (None, None) => return None,
            };
            if let Some(end) = match_cont(&self.alts[next as usize], cont, pos, limit, words) {
                return Some(end);
            }
        }
    }
}

/// Entity masks for `{…}` elements.
const HEALTH_CONDITION: u8 = 1;
const HEALTH_PROCEDURE: u8 = 2;
const HEALTH_MEDICATION: u8 = 4;
const PERSON: u8 = 8;

fn entity_bit(t: EntityType) -> u8 {
    match t {
        EntityType::Condition => HEALTH_CONDITION,
        EntityType::Procedure => HEALTH_PROCEDURE,
        EntityType::Medication => HEALTH_MEDICATION,
        EntityType::Person => PERSON,
        _ => 0,
    }
}

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
    name: String,
    #[serde(default = "one")]
    score: f32,
    #[serde(default)]
    kinds: Vec<Kind>,
    #[serde(default)]
    requires: Vec<Requirement>,
    #[serde(default)]
    message: String,
    patterns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExceptSpec {
    name: String,
    #[serde(default)]
    scope: Scope,
    patterns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    /// Classes local to this file, added to the shared ones.
    #[serde(default)]
    classes: HashMap<String, Vec<String>>,
    #[serde(default)]
    cue: Vec<CueSpec>,
    #[serde(default)]
    except: Vec<ExceptSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassesSpec {
    classes: HashMap<String, Vec<String>>,
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
    map: HashMap<String, Arc<Group>>,
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
    cues: Vec<Cue>,
    /// (cue index, pattern)
    patterns: Vec<(usize, Vec<Elem>)>,
    /// The literal words of the file's patterns, by hash: their word id.
    dict: HashMap<u64, u32, BuildHasherDefault<HashIsKey>>,
    /// Per word id, its text (hashes are checked against it).
    dict_text: Vec<Box<str>>,
    /// Per word id, whether it is a common English word (a poor trigger).
    dict_common: Vec<bool>,
    /// Per word id, the needs it meets.
    word_needs: Vec<Vec<u32>>,
    /// A need is a list of words of which a sentence must hold one for a pattern to match
    /// there. Per pattern, its needs (sorted); a pattern is tried only in a sentence that
    /// meets every one.
    needs: Vec<Vec<u32>>,
    /// Per need, the patterns it triggers: each pattern is triggered by its rarest need, so
    /// a sentence meets few triggers.
    triggers: Vec<Vec<u32>>,
    /// Patterns without needs: candidates in every sentence.
    free: Vec<u32>,
    /// Per pattern, what its first word can be.
    first: Vec<First>,
    /// The prefixes patterns start with, sorted; `First::prefixes` holds bits of this list,
    /// so a word's prefixes are found once per text, not once per pattern.
    first_prefixes: Vec<Box<str>>,
    /// The first bytes of `first_prefixes`, as a 256-bit set.
    prefix_first_bytes: [u64; 4],
}

/// What the first word of a pattern's match can be.
#[derive(Clone, Debug, Default)]
struct First {
    /// Word ids, sorted, when they are few.
    words: Vec<u32>,
    /// Word ids when they are many (a pattern that starts with a class).
    many_words: std::collections::HashSet<u32, BuildHasherDefault<HashIsKey>>,
    /// Bits of the set's first prefixes (`CueSet::first_prefixes`).
    prefixes: u128,
    entity: bool,
    digit: bool,
    /// Any word at all (the pattern starts with a gap or `_`).
    any: bool,
}

impl First {
    /// Whether word `i` (word id `id`, prefix bits `prefixes`) can start a match.
    fn admits(&self, words: &Words, i: usize, id: u32, prefixes: u128) -> bool {
        self.any
            || (id != NO_WORD && (self.words.contains(&id) || self.many_words.contains(&id)))
            || self.prefixes & prefixes != 0
            || (self.entity && words.entity_starts(i))
            || (self.digit && words.has_digit(i))
    }
}

/// The word id of a text word that no pattern of the file names.
const NO_WORD: u32 = u32::MAX;

/// A hasher for keys that are already hashes.
#[derive(Default)]
struct HashIsKey(u64);

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

    /// Bits of the first prefixes word `i` starts with.
    fn prefix_bits(&self, words: &Words, i: usize) -> u128 {
        let b = words.initials[i];
        if self.prefix_first_bytes[usize::from(b >> 6)] & (1 << (b & 63)) == 0 {
            return 0;
        }
        let word = words.word(i);
        let from = self.first_prefixes.partition_point(|p| p.as_bytes()[0] < b);
        let mut bits = 0;
        for (k, p) in self.first_prefixes[from..].iter().enumerate() {
            if p.as_bytes()[0] != b {
                break;
            }
            if word.starts_with(&**p) {
                bits |= 1u128 << (from + k);
            }
        }
        bits
    }

    /// The word id of text word `i`, or `NO_WORD`. By hash alone: the id only selects
    /// candidate patterns, and matching compares the text.
    fn text_word_id(&self, words: &Words, i: usize) -> u32 {
        self.dict.get(&words.hash(i)).copied().unwrap_or(NO_WORD)
    }

    pub fn cues(&self) -> &[Cue] {
        &self.cues
    }

    /// Every match in the text, at most one per pattern and start word, in text order. Hits
    /// cancelled by an exception are removed; exceptions themselves are not returned.
    pub fn find(&self, words: &Words, kind: Kind) -> Vec<Hit> {
        let mut hits = Vec::new();
        if self.patterns.is_empty() {
            return hits;
        }
        let ids: Vec<u32> = (0..words.len())
            .map(|i| self.text_word_id(words, i))
            .collect();
        let prefix_bits: Vec<u128> = if self.first_prefixes.is_empty() {
            Vec::new()
        } else {
            (0..words.len())
                .map(|i| self.prefix_bits(words, i))
                .collect()
        };
        // Per need and per pattern, the last sentence stamp that met it or took it as a
        // candidate: no clearing between sentences or cue files.
        let mut scratch = words.scratch.borrow_mut();
        let Scratch {
            need_met,
            taken,
            stamp,
        } = &mut *scratch;
        if need_met.len() < self.triggers.len() {
            need_met.resize(self.triggers.len(), 0);
        }
        if taken.len() < self.patterns.len() {
            taken.resize(self.patterns.len(), 0);
        }
        let mut candidates: Vec<u32> = Vec::new();
        for s in 0..words.sentences() {
            let (a, b) = words.sentence_words(s);
            *stamp += 1;
            let stamp = *stamp;
            candidates.clear();
            for &id in &ids[a..b] {
                if id == NO_WORD {
                    continue;
                }
                for &need in &self.word_needs[id as usize] {
                    if need_met[need as usize] != stamp {
                        need_met[need as usize] = stamp;
                        for &p in &self.triggers[need as usize] {
                            if taken[p as usize] != stamp {
                                taken[p as usize] = stamp;
                                candidates.push(p);
                            }
                        }
                    }
                }
            }
            candidates.extend_from_slice(&self.free);
            if candidates.is_empty() {
                continue;
            }
            candidates.retain(|&p| {
                let cue = &self.cues[self.patterns[p as usize].0];
                cue.applies_to(kind)
                    && cue.requires.iter().all(|r| words.meets(*r, a))
                    && self.needs[p as usize]
                        .iter()
                        .all(|&n| need_met[n as usize] == stamp)
            });
            candidates.sort_unstable();
            for (start, &id) in ids.iter().enumerate().take(b).skip(a) {
                let prefixes = prefix_bits.get(start).copied().unwrap_or(0);
                for &p in &candidates {
                    if !self.first[p as usize].admits(words, start, id, prefixes) {
                        continue;
                    }
                    let (cue_index, elems) = &self.patterns[p as usize];
                    // A cue already matched over this word needs no second match here.
                    if hits
                        .iter()
                        .any(|h: &Hit| h.cue == *cue_index && h.start <= start && start < h.end)
                    {
                        continue;
                    }
                    if let Some(end) = match_seq(elems, start, b, words) {
                        if end > start {
                            hits.push(Hit {
                                cue: *cue_index,
                                start,
                                end,
                            });
                        }
                    }
                }
            }
        }
        let exceptions: Vec<Hit> = hits
            .iter()
            .filter(|h| self.cues[h.cue].except.is_some())
            .copied()
            .collect();
        hits.retain(|h| {
            self.cues[h.cue].except.is_none()
                && self.cues[h.cue]
                    .requires
                    .iter()
                    .all(|r| words.meets(*r, h.start))
                && !exceptions.iter().any(|x| match self.cues[x.cue].except {
                    Some(Scope::Sentence) => {
                        words.sentence_of(x.start) == words.sentence_of(h.start)
                    }
                    _ => x.start < h.end && h.start < x.end,
                })
        });
        hits
    }

    pub fn cue(&self, hit: &Hit) -> &Cue {
        &self.cues[hit.cue]
    }
}

/// A cue matched at words `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub cue: usize,
    pub start: usize,
    pub end: usize,
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

/// What remains to match after the current sequence: a linked list of sequences, so that
/// every alternative and option is tried against the whole rest of the pattern (full
/// backtracking, without allocating).
struct Cont<'a> {
    elems: &'a [Elem],
    next: Option<&'a Cont<'a>>,
}

/// Matches `elems` at word `pos`; returns the end word (exclusive) of the first match.
fn match_seq(elems: &[Elem], pos: usize, limit: usize, words: &Words) -> Option<usize> {
    match_cont(elems, None, pos, limit, words)
}

fn match_cont(
    elems: &[Elem],
    cont: Option<&Cont>,
    pos: usize,
    limit: usize,
    words: &Words,
) -> Option<usize> {
    let Some((first, rest)) = elems.split_first() else {
        return match cont {
            None => Some(pos),
            Some(c) => match_cont(c.elems, c.next, pos, limit, words),
        };
    };
    let then = |at: usize| match_cont(rest, cont, at, limit, words);
    match first {
        Elem::Start => words.sentence_start(pos).then(|| then(pos))?,
        Elem::Word(w) => (pos < limit && words.eq(pos, w)).then(|| then(pos + 1))?,
        Elem::Prefix(p) => (pos < limit && words.starts_with(pos, p)).then(|| then(pos + 1))?,
        Elem::Any => (pos < limit).then(|| then(pos + 1))?,
        Elem::Digit => (pos < limit && words.has_digit(pos)).then(|| then(pos + 1))?,
        Elem::Entity(mask) => {
            let end = words.entity_end(pos, *mask)?;
            (end <= limit).then(|| then(end))?
        }
        Elem::Gap(max) => (0..=*max as usize)
            .take_while(|k| pos + k <= limit)
            .find_map(|k| then(pos + k)),
        Elem::Optional(inner) => {
            let after = Cont {
                elems: rest,
                next: cont,
            };
            match_cont(std::slice::from_ref(inner), Some(&after), pos, limit, words)
                .or_else(|| then(pos))
        }
        Elem::Group(g) => {
            if pos < limit && !g.words.is_empty() {
                let h = words.hash(pos);
                let w = words.word(pos);
                if g.words
                    .binary_search_by(|x| x.hash.cmp(&h).then_with(|| (*x.text).cmp(w)))
                    .is_ok()
                {
                    if let Some(end) = then(pos + 1) {
                        return Some(end);
                    }
                }
            }
            let after = Cont {
                elems: rest,
                next: cont,
            };
            g.match_alts(Some(&after), pos, limit, words)
        }
    }
}

/// The words of a text as the cues see them: lower-cased, apostrophes made straight, with
/// sentence numbers and the entities that start at each word.
pub struct Words<'a> {
    text: &'a str,
    spans: Vec<(usize, usize)>,
    /// Every word lower-cased with straight apostrophes, one after another; `word_ends[i]`
    /// is where word `i` ends in it.
    normalized: String,
    word_ends: Vec<u32>,
    sentence: Vec<u32>,
    sentence_ends: Vec<usize>,
    /// (word, end word, mask) for entities starting at a word, sorted by word.
    entities: Vec<(usize, usize, u8)>,
    you: Vec<bool>,
    health: Vec<bool>,
    echo: Vec<bool>,
    hashes: Vec<u64>,
    /// Per word: `ENTITY_STARTS`, `HAS_DIGIT`.
    flags: Vec<u8>,
    /// Per word, its first byte.
    initials: Vec<u8>,
    /// Working memory of `CueSet::find`, shared by the cue files read over this text.
    scratch: std::cell::RefCell<Scratch>,
}

#[derive(Default)]
struct Scratch {
    need_met: Vec<u32>,
    taken: Vec<u32>,
    stamp: u32,
}

/// Whether `phrase` holds `part` as whole words ("amoxicillin rash" holds "rash").
fn contains_words(phrase: &str, part: &str) -> bool {
    if part.is_empty() {
        return false;
    }
    phrase.match_indices(part).any(|(at, _)| {
        let before = phrase[..at].chars().next_back();
        let after = phrase[at + part.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

impl<'a> Words<'a> {
    /// Builds the view from a scan and its resolved entities (byte offsets). `echo` lists
    /// lower-cased health terms of the text being answered.
    pub fn new(
        scan: &'a crate::text::Scan<'a>,
        entities: &[crate::entity::Entity],
        echo: &[String],
    ) -> Words<'a> {
        let n = scan.words.len();
        let mut spans = Vec::with_capacity(n);
        let mut normalized = String::with_capacity(scan.text.len());
        let mut word_ends = Vec::with_capacity(n);
        let mut sentence = Vec::with_capacity(n);
        let mut sentence_ends = Vec::new();
        let mut current = 0u32;
        for (i, w) in scan.words.iter().enumerate() {
            if i > 0 && w.has(crate::text::shape::SENTENCE_START) {
                sentence_ends.push(i);
                current += 1;
            }
            spans.push((w.start, w.end));
            let lower = &scan.lower[w.start..w.end];
            if lower.contains('’') {
                normalized.push_str(&lower.replace('’', "'"));
            } else {
                normalized.push_str(lower);
            }
            word_ends.push(normalized.len() as u32);
            sentence.push(current);
        }
        sentence_ends.push(n);
        let mut ents: Vec<(usize, usize, u8)> = Vec::new();
        for e in entities {
            let bit = entity_bit(e.entity_type);
            if bit == 0 || e.score < crate::FINDING_THRESHOLD {
                continue;
            }
            let first = scan.word_at_or_after(e.start);
            let last = scan.word_at_or_after(e.end);
            if first < last && first < n && spans[first].0 == e.start {
                ents.push((first, last, bit));
            }
        }
        ents.sort_unstable();
        let mut words = Words {
            text: scan.text,
            spans,
            normalized,
            word_ends,
            sentence,
            sentence_ends,
            entities: ents,
            you: Vec::new(),
            health: Vec::new(),
            echo: Vec::new(),
            hashes: Vec::new(),
            flags: Vec::new(),
            initials: Vec::new(),
            scratch: Default::default(),
        };
        let sentences = words.sentence_ends.len();
        let mut you = vec![false; sentences];
        let mut health = vec![false; sentences];
        let mut echoed = vec![false; sentences];
        for i in 0..n {
            let s = words.sentence[i] as usize;
            if SECOND_PERSON.contains(&words.word(i)) {
                you[s] = true;
            }
        }
        for &(first, last, mask) in &words.entities {
            if mask & PERSON == 0 {
                let s = words.sentence[first] as usize;
                health[s] = true;
                if !echo.is_empty() {
                    let term = words.lower_span(first, last);
                    if echo
                        .iter()
                        .any(|t| contains_words(&term, t) || contains_words(t, &term))
                    {
                        echoed[s] = true;
                    }
                }
            }
        }
        words.you = you;
        words.health = health;
        words.echo = echoed;
        words.hashes = (0..n).map(|i| word_hash(words.word(i))).collect();
        let mut flags: Vec<u8> = (0..n)
            .map(|i| {
                if words.word(i).bytes().any(|b| b.is_ascii_digit()) {
                    HAS_DIGIT
                } else {
                    0
                }
            })
            .collect();
        for e in &words.entities {
            flags[e.0] |= ENTITY_STARTS;
        }
        words.flags = flags;
        words.initials = (0..n)
            .map(|i| words.word(i).as_bytes().first().copied().unwrap_or(0))
            .collect();
        words
    }

    /// The hash of word `i`.
    fn hash(&self, i: usize) -> u64 {
        self.hashes[i]
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The lower-cased word with straight apostrophes.
    pub fn word(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.word_ends[i - 1] as usize
        };
        &self.normalized[start..self.word_ends[i] as usize]
    }

    fn entity_starts(&self, i: usize) -> bool {
        self.flags[i] & ENTITY_STARTS != 0
    }

    fn eq(&self, i: usize, w: &Lit) -> bool {
        self.hashes[i] == w.hash && self.word(i) == &*w.text
    }

    fn starts_with(&self, i: usize, p: &str) -> bool {
        self.word(i).starts_with(p)
    }

    fn has_digit(&self, i: usize) -> bool {
        self.flags[i] & HAS_DIGIT != 0
    }

    fn entity_end(&self, i: usize, mask: u8) -> Option<usize> {
        let from = self.entities.partition_point(|e| e.0 < i);
        self.entities[from..]
            .iter()
            .take_while(|e| e.0 == i)
            .find(|e| e.2 & mask != 0)
            .map(|e| e.1)
    }

    fn sentence_start(&self, i: usize) -> bool {
        i == 0 || (i < self.len() && self.sentence[i] != self.sentence[i - 1])
    }

    /// The word index one past the last word of the sentence containing word `i`.
    pub fn sentence_end(&self, i: usize) -> usize {
        match self.sentence.get(i) {
            Some(&s) => self.sentence_ends[s as usize],
            None => self.len(),
        }
    }

    /// The sentence number of word `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentence.get(i).map_or(usize::MAX, |&s| s as usize)
    }

    /// The number of sentences.
    pub fn sentences(&self) -> usize {
        if self.is_empty() {
            0
        } else {
            self.sentence_ends.len()
        }
    }

    /// Word range of sentence `s`.
    pub fn sentence_words(&self, s: usize) -> (usize, usize) {
        let start = if s == 0 { 0 } else { self.sentence_ends[s - 1] };
        (start, self.sentence_ends[s])
    }

    /// Whether the sentence of word `i` meets a cue's requirement.
    pub fn meets(&self, r: Requirement, i: usize) -> bool {
        let s = self.sentence_of(i);
        match r {
            Requirement::Health => self.health.get(s).copied().unwrap_or(false),
            Requirement::You => self.you.get(s).copied().unwrap_or(false),
            Requirement::NoYou => !self.you.get(s).copied().unwrap_or(false),
            Requirement::EchoesHealth => self.echo.get(s).copied().unwrap_or(false),
        }
    }

    /// True when sentence `s` holds a health term.
    pub fn sentence_has_health(&self, s: usize) -> bool {
        self.health.get(s).copied().unwrap_or(false)
    }

    /// The byte span of words `start..end`.
    pub fn byte_span(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.spans.get(start).map_or(self.text.len(), |w| w.0);
        let e = if end == 0 {
            s
        } else {
            self.spans.get(end - 1).map_or(self.text.len(), |w| w.1)
        };
        (s, e.max(s))
    }

    fn lower_span(&self, start: usize, end: usize) -> String {
        (start..end)
            .map(|i| self.word(i))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The lower-cased words of every health entity, joined by single spaces.
    pub fn health_terms(&self) -> Vec<String> {
        self.entities
            .iter()
            .filter(|e| e.2 & PERSON == 0)
            .map(|e| self.lower_span(e.0, e.1))
            .collect()
    }
}

/// Word flags.
const ENTITY_STARTS: u8 = 1;
const HAS_DIGIT: u8 = 2;

/// Words that address the reader.
const SECOND_PERSON: &[&str] = &[
    "you", "your", "you're", "yours", "yourself", "you'll", "you've", "you'd", "ya", "u", "ur",
    "youre", "youve",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Scan;

    fn classes() -> Classes {
        Classes::parse(
            r#"
            [classes]
            care = ["visit", "appointment", "follow-up", "x-ray", "@time visit"]
            time = ["last", "next"]
            "#,
        )
        .unwrap()
    }

    fn hits(patterns: &[&str], text: &str) -> Vec<(String, String)> {
        let list = patterns
            .iter()
            .map(|p| format!("{p:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let toml = format!("[[cue]]\nname = \"c\"\npatterns = [{list}]\n");
        let set = CueSet::parse("test.toml", &toml, &classes()).unwrap();
        let scan = Scan::new(text, Kind::Reply);
        let words = Words::new(&scan, &[], &[]);
        set.find(&words, Kind::Reply)
            .iter()
            .map(|h| {
                let (s, e) = words.byte_span(h.start, h.end);
                (set.cue(h).name.to_string(), text[s..e].to_string())
            })
            .collect()
    }

    #[test]
    fn words_classes_groups_and_options() {
        assert_eq!(
            hits(&["your @care"], "See you at your follow-up!"),
            [("c".to_string(), "your follow-up".to_string())]
        );
        assert_eq!(
            hits(&["your @care"], "Your last visit."),
            [("c".into(), "Your last visit".into())]
        );
        assert_eq!(
            hits(&["we (saw | treated) you"], "We treated you well."),
            [("c".into(), "We treated you".into())]
        );
        assert_eq!(
            hits(&["hope you feel* better"], "hope you feeling better"),
            [("c".into(), "hope you feeling better".into())]
        );
        assert_eq!(
            hits(&["so? glad"], "so glad"),
            [("c".into(), "so glad".into())]
        );
        assert_eq!(
            hits(&["so? glad"], "very glad"),
            [("c".into(), "glad".into())]
        );
    }

    #[test]
    fn gaps_stay_inside_one_sentence() {
        assert_eq!(
            hits(&["sorry ... visit"], "Sorry about the long visit"),
            [("c".into(), "Sorry about the long visit".into())]
        );
        assert!(hits(&["sorry ... visit"], "Sorry. The visit").is_empty());
        assert!(hits(&["sorry ... visit"], "Sorry one two three four five visit").is_empty());
    }

    #[test]
    fn alternatives_and_options_backtrack_into_the_rest_of_the_pattern() {
        // "@care" holds both "follow" + "up" and "visit"; an outer group and an option must
        // still try every way the inner one can match.
        assert_eq!(
            hits(&["((@care) | nothing) soon"], "follow up soon"),
            [("c".into(), "follow up soon".into())]
        );
        assert_eq!(
            hits(&["see (you at)? you at your"], "see you at your"),
            [("c".into(), "see you at your".into())]
        );
        assert_eq!(
            hits(&["(last | last visit) soon"], "last visit soon"),
            [("c".into(), "last visit soon".into())]
        );
    }

    #[test]
    fn curly_apostrophes_match_straight_ones() {
        assert_eq!(
            hits(&["you're welcome"], "You’re welcome"),
            [("c".into(), "You’re welcome".into())]
        );
    }

    #[test]
    fn sentence_start_anchor() {
        assert_eq!(
            hits(&["^ thanks"], "Thanks!"),
            [("c".into(), "Thanks".into())]
        );
        assert!(hits(&["^ thanks"], "No thanks").is_empty());
    }

    #[test]
    fn bad_patterns_are_reported_with_their_cue() {
        let c = classes();
        let e = CueSet::parse(
            "x.toml",
            "[[cue]]\nname = \"a\"\npatterns = [\"(a | b\"]",
            &c,
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("x.toml") && e.to_string().contains("unclosed"),
            "{e}"
        );
        let e = CueSet::parse(
            "x.toml",
            "[[cue]]\nname = \"a\"\npatterns = [\"@nope\"]",
            &c,
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown class @nope"), "{e}");
        assert!(Classes::parse("[classes]\na = [\"@b\"]\nb = [\"@a\"]").is_err());
    }
}
