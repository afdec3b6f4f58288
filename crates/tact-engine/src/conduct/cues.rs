//! Matching cues against a text: the words of a text as the cues see them, and the search
//! for every cue of a compiled set (`model.rs` holds the cue language and its compiler).

use super::model::{
    word_hash, Elem, First, Group, Lit, HEALTH_CONDITION, HEALTH_MEDICATION, HEALTH_PROCEDURE,
    NO_WORD, PERSON,
};
pub use super::model::{Classes, Cue, CueError, CueSet, Requirement, Scope};
use crate::entity::EntityType;
use crate::input::Kind;

impl Group {
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

fn entity_bit(t: EntityType) -> u8 {
    match t {
        EntityType::Condition => HEALTH_CONDITION,
        EntityType::Procedure => HEALTH_PROCEDURE,
        EntityType::Medication => HEALTH_MEDICATION,
        EntityType::Person => PERSON,
        _ => 0,
    }
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

impl CueSet {
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
        self.find_with_exceptions(words, kind).0
    }

    /// `find`, and the exceptions that matched (whether or not they cancelled a hit).
    pub fn find_with_exceptions(&self, words: &Words, kind: Kind) -> (Vec<Hit>, Vec<Hit>) {
        let mut hits = Vec::new();
        if self.patterns.is_empty() {
            return (hits, Vec::new());
        }
        let ids: Vec<u32> = (0..words.len())
            .map(|i| self.text_word_id(words, i))
            .collect();
        // Per need and per pattern, the last sentence stamp that met it or took it as a
        // candidate: no clearing between sentences or cue files.
        let mut scratch = words.scratch.borrow_mut();
        let Scratch {
            need_met,
            taken,
            stamp: counter,
        } = &mut *scratch;
        if need_met.len() < self.triggers.len() {
            need_met.resize(self.triggers.len(), 0);
        }
        if taken.len() < self.patterns.len() {
            taken.resize(self.patterns.len(), 0);
        }
        let mut candidates: Vec<u32> = Vec::new();
        let mut special: Vec<u32> = Vec::new();
        let mut starting: Vec<u32> = Vec::new();
        for s in 0..words.sentences() {
            let (a, b) = words.sentence_words(s);
            *counter += 1;
            let stamp = *counter;
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
            if candidates.is_empty() {
                continue;
            }
            // `taken` now marks the candidates that passed, with a stamp of its own.
            *counter += 1;
            let valid = *counter;
            special.clear();
            let mut special_prefixes = false;
            for &p in &candidates {
                taken[p as usize] = valid;
                if self.special_start[p as usize] {
                    special.push(p);
                    special_prefixes |= self.first[p as usize].prefixes != 0;
                }
            }
            for (start, &id) in ids.iter().enumerate().take(b).skip(a) {
                starting.clear();
                if id != NO_WORD {
                    starting.extend(
                        self.starting_with[id as usize]
                            .iter()
                            .filter(|&&p| taken[p as usize] == valid),
                    );
                }
                // Prefix bits only when a candidate here starts with a prefix.
                let prefixes = if special_prefixes {
                    self.prefix_bits(words, start)
                } else {
                    0
                };
                for &p in &special {
                    if self.first[p as usize].admits(words, start, id, prefixes) {
                        starting.push(p);
                    }
                }
                if starting.is_empty() {
                    continue;
                }
                // In pattern order, as the cue files list them.
                starting.sort_unstable();
                starting.dedup();
                for &p in &starting {
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
        (hits, exceptions)
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
        // One pass over the words for what every cue file reads: hash, digits, first byte,
        // and whether the sentence speaks to "you".
        let mut hashes = Vec::with_capacity(n);
        let mut flags = Vec::with_capacity(n);
        let mut initials = Vec::with_capacity(n);
        for i in 0..n {
            let word = words.word(i);
            let first = word.as_bytes().first().copied().unwrap_or(0);
            if matches!(first, b'y' | b'u') && SECOND_PERSON.contains(&word) {
                you[words.sentence[i] as usize] = true;
            }
            hashes.push(word_hash(word.as_bytes()));
            flags.push(if word.bytes().any(|b| b.is_ascii_digit()) {
                HAS_DIGIT
            } else {
                0
            });
            initials.push(first);
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
        for e in &words.entities {
            flags[e.0] |= ENTITY_STARTS;
        }
        words.hashes = hashes;
        words.flags = flags;
        words.initials = initials;
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

/// Words that speak to the reader. Each starts with "y" or "u", which `Words::new` checks first.
const SECOND_PERSON: &[&str] = &[
    "you", "your", "you're", "yours", "yourself", "you'll", "you've", "you'd", "ya", "u", "ur",
    "youre", "youve",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_person_words_start_with_y_or_u() {
        assert!(SECOND_PERSON
            .iter()
            .all(|w| w.starts_with('y') || w.starts_with('u')));
    }
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
