//! The conduct classifier: per rule, a logistic regression over the words and word pairs of a
//! text, trained from the development corpus by `scripts/train-conduct-classifier`. Three
//! models: one reads drafts (posts and replies) for the rules of `DRAFT_RULES`
//! (`data/conduct/classifier.tsv`), one reads incoming comments and reviews for crisis
//! (`data/conduct/classifier-incoming.tsv`), and one scores incoming text for each triage
//! class but crisis (`data/conduct/classifier-triage.tsv`). The cues catch the phrasings they
//! were written for; the classifier catches paraphrases around them, so the rules that use it
//! add a finding of review severity when it is sure and no cue fired, and triage asks it when
//! the cues say little.
//!
//! The features must be the ones the training script computes: ASCII words lower-cased (curly
//! apostrophes made straight), every word, every pair of neighbouring words, the kind of
//! text, and the kind with each of a few pronouns present. Each counts once. (Training gives
//! function words alone no weight; they are looked up and found absent.)

use super::model::{word_hash, word_hash_more as hash_more};
use crate::input::Kind;
use std::sync::OnceLock;

/// The rules the drafts model scores, in the order of the weights in its file.
pub const DRAFT_RULES: [&str; 4] = [
    "acknowledgement",
    "patient-case",
    "medical-advice",
    "professionalism",
];

/// The rules the model of incoming comments and reviews scores.
pub const INCOMING_RULES: [&str; 1] = ["crisis"];

/// The triage classes the triage model scores (crisis has its own cues and model).
pub const TRIAGE_CLASSES: [&str; 6] = [
    "spam",
    "medical-question",
    "office-request",
    "complaint",
    "health-disclosure",
    "praise",
];

/// The most rules one model scores (weights are packed four to a table value, in at most two
/// tables).
pub const MAX_RULES: usize = 8;

/// Words whose pairing with the kind of draft is a feature of its own ("kind=reply:your").
const KIND_WORDS: [&str; 6] = ["you", "your", "we", "our", "patient", "my"];

/// The models as the build script compiled them.
static DRAFTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/classifier.bin"));
static INCOMING: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/classifier-incoming.bin"));
static TRIAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/classifier-triage.bin"));

/// Scores per rule of a model, in the order of its rules (unused places are zero).
pub type Scores = [f32; MAX_RULES];

/// A trained model: its rules, per rule its bias and threshold, and the weights by feature
/// hash (for each four rules a lexicon hash table whose values pack a weight per rule in
/// thousandths).
pub struct Classifier {
    rules: &'static [&'static str],
    bias: Scores,
    thresholds: Scores,
    tables: [&'static [u8]; MAX_RULES / 4],
}

impl Classifier {
    fn compiled(rules: &'static [&'static str], bytes: &'static [u8]) -> Classifier {
        let f = |at: usize| f32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
        let mut bias = [0.0; MAX_RULES];
        let mut thresholds = [1.0; MAX_RULES];
        for r in 0..rules.len() {
            bias[r] = f(r * 8);
            thresholds[r] = f(r * 8 + 4);
        }
        let mut tables: [&'static [u8]; MAX_RULES / 4] = [&[]; MAX_RULES / 4];
        let mut at = rules.len() * 8;
        for table in tables.iter_mut().take(rules.len().div_ceil(4)) {
            let len = u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as usize;
            *table = &bytes[at + 4..at + 4 + len];
            at += 4 + len;
        }
        Classifier {
            rules,
            bias,
            thresholds,
            tables,
        }
    }

    /// The model of drafts (posts and replies).
    pub fn drafts() -> &'static Classifier {
        static MODEL: OnceLock<Classifier> = OnceLock::new();
        MODEL.get_or_init(|| Classifier::compiled(&DRAFT_RULES, DRAFTS))
    }

    /// The model of incoming comments and reviews.
    pub fn incoming() -> &'static Classifier {
        static MODEL: OnceLock<Classifier> = OnceLock::new();
        MODEL.get_or_init(|| Classifier::compiled(&INCOMING_RULES, INCOMING))
    }

    /// The model of incoming text by triage class.
    pub fn triage() -> &'static Classifier {
        static MODEL: OnceLock<Classifier> = OnceLock::new();
        MODEL.get_or_init(|| Classifier::compiled(&TRIAGE_CLASSES, TRIAGE))
    }

    /// The model that reads a text of this kind.
    pub fn for_kind(kind: Kind) -> &'static Classifier {
        if kind.is_outgoing() {
            Classifier::drafts()
        } else {
            Classifier::incoming()
        }
    }

    /// The index of a rule in this model's scores, if it scores the rule.
    pub fn rule_index(&self, rule: &str) -> Option<usize> {
        self.rules.iter().position(|r| *r == rule)
    }

    /// The threshold of rule `r` (an index into the model's rules).
    pub fn threshold(&self, r: usize) -> f32 {
        self.thresholds[r]
    }

    /// The probability, per rule, that a text of this kind breaks it.
    pub fn scores(&self, text: &str, kind: Kind) -> Scores {
        let mut sums = self.bias;
        let found = features(text, kind);
        for (chunk, table) in self.tables.iter().enumerate() {
            let rules = self.rules.len().saturating_sub(chunk * 4).min(4);
            if rules == 0 {
                break;
            }
            for &f in &found {
                if let Some(packed) = crate::lexicon::table_get_hash(table, f) {
                    for (k, s) in sums[chunk * 4..chunk * 4 + rules].iter_mut().enumerate() {
                        let thousandths = (packed >> (16 * k)) as u16 as i16;
                        *s += f32::from(thousandths) / 1000.0;
                    }
                }
            }
        }
        let mut out = sums.map(|z| 1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp()));
        out[self.rules.len()..].fill(0.0);
        out
    }

    /// Whether the model is sure a text of this kind breaks `rule`.
    pub fn breaks(&self, rule: &str, text: &str, kind: Kind) -> bool {
        self.rule_index(rule)
            .is_some_and(|r| self.scores(text, kind)[r] >= self.threshold(r))
    }
}

/// The hashes of a text's features, each once.
fn features(text: &str, kind: Kind) -> Vec<u64> {
    // The words one after another, lower-cased, with where each ends.
    let mut normalized: Vec<u8> = Vec::with_capacity(text.len());
    let mut ends: Vec<usize> = Vec::new();
    for c in text.chars() {
        let c = if c == '\u{2019}' { '\'' } else { c };
        if c.is_ascii_alphanumeric() || c == '\'' {
            normalized.push(c.to_ascii_lowercase() as u8);
        } else if ends.last().copied().unwrap_or(0) < normalized.len() {
            ends.push(normalized.len());
        }
    }
    if ends.last().copied().unwrap_or(0) < normalized.len() {
        ends.push(normalized.len());
    }
    let word = |i: usize| &normalized[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
    let kind_hash = hash_more(word_hash(b"kind="), kind.as_str().as_bytes());
    let mut out = Vec::with_capacity(ends.len() * 2 + 2);
    out.push(kind_hash);
    for i in 0..ends.len() {
        let w = word(i);
        let h = word_hash(w);
        out.push(h);
        if i + 1 < ends.len() {
            out.push(hash_more(hash_more(h, b" "), word(i + 1)));
        }
        if KIND_WORDS.iter().any(|k| k.as_bytes() == w) {
            out.push(hash_more(hash_more(kind_hash, b":"), w));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model as the training script wrote it, read the simple way: the compiled table must
    /// give the same scores.
    fn scores_from_the_file(data: &str, rules: &[&str], text: &str, kind: Kind) -> Vec<f32> {
        let mut sums = vec![0.0f32; rules.len()];
        let found = features(text, kind);
        for line in data.lines().filter(|l| !l.starts_with('#')) {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields[0] == "rule" && fields.len() == 4 {
                let r = rules.iter().position(|r| *r == fields[1]).unwrap();
                sums[r] += fields[2].parse::<f32>().unwrap();
            } else if found.contains(&word_hash(fields[0].as_bytes())) {
                for (s, w) in sums.iter_mut().zip(&fields[1..]) {
                    *s += w.parse::<f32>().unwrap();
                }
            }
        }
        sums.iter()
            .map(|z| 1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp()))
            .collect()
    }

    #[test]
    fn the_compiled_models_are_the_files() {
        let drafts = include_str!("../../../../data/conduct/classifier.tsv");
        let incoming = include_str!("../../../../data/conduct/classifier-incoming.tsv");
        let triage = include_str!("../../../../data/conduct/classifier-triage.tsv");
        for (model, data, rules) in [
            (Classifier::drafts(), drafts, &DRAFT_RULES[..]),
            (Classifier::incoming(), incoming, &INCOMING_RULES[..]),
            (Classifier::triage(), triage, &TRIAGE_CLASSES[..]),
        ] {
            for r in 0..rules.len() {
                assert!((0.5..1.0).contains(&model.threshold(r)));
            }
            for (text, kind) in [
                (
                    "So glad your knee surgery went well, see you at your follow-up!",
                    Kind::Reply,
                ),
                (
                    "Thank you for the kind words! We'll share them with the team.",
                    Kind::Reply,
                ),
                (
                    "A 94-year-old came in today with the rarest tumour I've seen.",
                    Kind::Post,
                ),
                (
                    "Take 600 mg ibuprofen every 6 hours and you'll be fine.",
                    Kind::Reply,
                ),
                (
                    "Nobody asked for your opinion, lady. Get lost.",
                    Kind::Reply,
                ),
                (
                    "i cant do this anymore, nobody would even notice if i was gone",
                    Kind::Comment,
                ),
                ("What are your hours on Saturday?", Kind::Comment),
            ] {
                let compiled = model.scores(text, kind);
                let file = scores_from_the_file(data, rules, text, kind);
                for (a, b) in compiled.iter().zip(&file) {
                    assert!((a - b).abs() < 0.01, "{text}: {compiled:?} vs {file:?}");
                }
            }
        }
    }

    #[test]
    fn features_are_words_pairs_and_kind() {
        let f = features("Your knee’s FINE", Kind::Reply);
        let expect: Vec<u64> = {
            let mut v: Vec<u64> = [
                "kind=reply",
                "your",
                "knee's",
                "fine",
                "your knee's",
                "knee's fine",
                "kind=reply:your",
            ]
            .iter()
            .map(|s| word_hash(s.as_bytes()))
            .collect();
            v.sort_unstable();
            v
        };
        assert_eq!(f, expect);
    }

    #[test]
    fn scores_follow_the_training() {
        let model = Classifier::drafts();
        let ack = model.rule_index("acknowledgement").unwrap();
        let warm = model.scores(
            "Thank you for the kind words! We'll share them with the team.",
            Kind::Reply,
        );
        let visit = model.scores(
            "So glad your knee surgery went well, see you at your follow-up next week!",
            Kind::Reply,
        );
        assert!(warm[ack] < model.threshold(ack), "{warm:?}");
        assert!(visit[ack] > warm[ack], "{visit:?} {warm:?}");
    }

    #[test]
    fn crisis_is_read_in_incoming_text() {
        let model = Classifier::incoming();
        assert!(model.breaks(
            "crisis",
            "i cant do this anymore. nobody would even notice if i was gone",
            Kind::Comment
        ));
        assert!(!model.breaks("crisis", "What are your hours on Saturday?", Kind::Comment));
        assert!(Classifier::drafts().rule_index("crisis").is_none());
    }

    #[test]
    fn the_triage_model_reads_each_class() {
        let model = Classifier::triage();
        for (text, class) in [
            (
                "What are your hours on Saturday? Need to book a physical",
                "office-request",
            ),
            (
                "Waited 90 minutes past my appointment time and nobody said sorry.",
                "complaint",
            ),
            ("Dr. Raman is the best, thank you all so much!", "praise"),
            (
                "Is it safe to take ibuprofen with my blood pressure meds?",
                "medical-question",
            ),
            ("Buy 1000 followers cheap!! DM us for the best deal", "spam"),
        ] {
            let scores = model.scores(text, Kind::Comment);
            let best = (0..TRIAGE_CLASSES.len())
                .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
                .unwrap();
            assert_eq!(TRIAGE_CLASSES[best], class, "{text}: {scores:?}");
        }
    }
}
