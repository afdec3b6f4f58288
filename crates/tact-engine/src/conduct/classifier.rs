//! The conduct classifier: per rule, a logistic regression over the words and word pairs of a
//! draft, trained from the development corpus by `scripts/train-conduct-classifier` and read
//! from `data/conduct/classifier.tsv`. The cues catch the phrasings they were written for;
//! the classifier catches paraphrases around them, so the rules that use it add a finding of
//! review severity when it is sure and no cue fired.
//!
//! The features must be the ones the training script computes: ASCII words lower-cased (curly
//! apostrophes made straight), every word, every pair of neighbouring words, the kind of
//! draft, and the kind with each of a few pronouns present. Each counts once.

use super::model::{word_hash, word_hash_more as hash_more};
use crate::input::Kind;
use std::sync::OnceLock;

/// The rules the classifier scores, in the order of the weights in the file.
pub const RULES: [&str; 4] = [
    "acknowledgement",
    "patient-case",
    "medical-advice",
    "professionalism",
];

/// Words whose pairing with the kind of draft is a feature of its own ("kind=reply:your").
const KIND_WORDS: [&str; 6] = ["you", "your", "we", "our", "patient", "my"];

/// The model as the build script compiled it from `data/conduct/classifier.tsv`.
static COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/classifier.bin"));

/// The weights of one feature, one per rule of `RULES`.
type Weights = [f32; RULES.len()];

/// The trained model: per rule its bias and threshold, and the weights by feature hash (a
/// lexicon hash table whose values pack four weights in thousandths).
pub struct Classifier {
    bias: Weights,
    thresholds: Weights,
    table: &'static [u8],
}

impl Classifier {
    /// The model compiled into the engine.
    pub fn builtin() -> &'static Classifier {
        static MODEL: OnceLock<Classifier> = OnceLock::new();
        MODEL.get_or_init(|| {
            let f =
                |at: usize| f32::from_le_bytes(COMPILED[at..at + 4].try_into().expect("4 bytes"));
            Classifier {
                bias: std::array::from_fn(|r| f(r * 8)),
                thresholds: std::array::from_fn(|r| f(r * 8 + 4)),
                table: &COMPILED[RULES.len() * 8..],
            }
        })
    }

    /// The threshold of rule `r` (an index into `RULES`).
    pub fn threshold(&self, r: usize) -> f32 {
        self.thresholds[r]
    }

    /// The probability, per rule, that a text of this kind breaks it.
    pub fn scores(&self, text: &str, kind: Kind) -> Weights {
        let mut sums = self.bias;
        for f in features(text, kind) {
            if let Some(packed) = crate::lexicon::table_get_hash(self.table, f) {
                for (k, s) in sums.iter_mut().enumerate() {
                    let thousandths = (packed >> (16 * k)) as u16 as i16;
                    *s += f32::from(thousandths) / 1000.0;
                }
            }
        }
        sums.map(|z| 1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp()))
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

    /// The model as the training script wrote it, read the simple way: the compiled table
    /// must give the same scores.
    fn scores_from_the_file(text: &str, kind: Kind) -> Weights {
        let data = include_str!("../../../../data/conduct/classifier.tsv");
        let mut sums = [0.0f32; RULES.len()];
        let found = features(text, kind);
        for line in data.lines().filter(|l| !l.starts_with('#')) {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields[0] == "rule" && fields.len() == 4 {
                let r = RULES.iter().position(|r| *r == fields[1]).unwrap();
                sums[r] += fields[2].parse::<f32>().unwrap();
            } else if found.contains(&word_hash(fields[0].as_bytes())) {
                for (s, w) in sums.iter_mut().zip(&fields[1..]) {
                    *s += w.parse::<f32>().unwrap();
                }
            }
        }
        sums.map(|z| 1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp()))
    }

    #[test]
    fn the_compiled_model_is_the_file() {
        let model = Classifier::builtin();
        for r in 0..RULES.len() {
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
        ] {
            let compiled = model.scores(text, kind);
            let file = scores_from_the_file(text, kind);
            for (a, b) in compiled.iter().zip(file) {
                assert!((a - b).abs() < 0.01, "{text}: {compiled:?} vs {file:?}");
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
        let model = Classifier::builtin();
        let ack = RULES.iter().position(|r| *r == "acknowledgement").unwrap();
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
}
