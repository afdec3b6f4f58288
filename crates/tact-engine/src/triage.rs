//! Triage: what an incoming comment or review is, so the desk knows how to answer it.
//! The evidence is the cue file `data/conduct/triage.toml` (and `crisis.toml`); the classes
//! are tried in order of urgency.

use crate::conduct::{self, cues::Words};
use crate::input::Kind;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What an incoming comment or review is. When several fit, the first in this list wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TriageClass {
    /// An emergency, self-harm or danger: a person must answer now.
    Crisis,
    /// Advertising, phishing, unrelated promotion.
    Spam,
    /// Asks for health advice.
    MedicalQuestion,
    /// Asks about appointments, hours, billing, insurance, records or refills.
    OfficeRequest,
    /// Reports a bad experience.
    Complaint,
    /// Shares health details without asking anything.
    HealthDisclosure,
    /// Thanks or praises the practice.
    Praise,
}

impl TriageClass {
    pub const ALL: [TriageClass; 7] = [
        TriageClass::Crisis,
        TriageClass::Spam,
        TriageClass::MedicalQuestion,
        TriageClass::OfficeRequest,
        TriageClass::Complaint,
        TriageClass::HealthDisclosure,
        TriageClass::Praise,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TriageClass::Crisis => "crisis",
            TriageClass::Spam => "spam",
            TriageClass::MedicalQuestion => "medical-question",
            TriageClass::OfficeRequest => "office-request",
            TriageClass::Complaint => "complaint",
            TriageClass::HealthDisclosure => "health-disclosure",
            TriageClass::Praise => "praise",
        }
    }

    pub fn parse(name: &str) -> Option<TriageClass> {
        TriageClass::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

impl fmt::Display for TriageClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The triage of one incoming item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Triage {
    pub class: TriageClass,
    /// 0..=1: how clearly the text fits the class.
    pub confidence: f32,
    /// The evidence per class: how many cues matched.
    pub evidence: Vec<ClassEvidence>,
}

/// How many cues of one class matched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassEvidence {
    pub class: TriageClass,
    pub cues: u32,
}

/// Words that make a sentence a request even without a question mark.
const REQUEST_CUES: &[&str] = &[
    "please",
    "pls",
    "plz",
    "wondering",
    "need",
    "needs",
    "want",
    "wanted",
    "looking",
    "trying",
    "help",
    "anyone",
    "can",
    "could",
    "how",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "is",
    "are",
    "do",
    "does",
    "should",
    "would",
    "will",
];

/// Classifies an incoming comment or review. `words` is the text's word view; `has_link`
/// tells whether a URL, e-mail or handle was recognized in it.
pub fn classify(words: &Words, text: &str, has_link: bool) -> Triage {
    let kind = Kind::Comment;
    let crisis = conduct::cue_set("crisis").find(words, kind).len() as u32;
    let set = conduct::cue_set("triage");
    let mut counts = [0u32; 7];
    for hit in set.find(words, kind) {
        if let Some(class) = TriageClass::parse(&set.cue(&hit).name) {
            counts[class as usize] += 1;
        }
    }
    counts[TriageClass::Crisis as usize] = crisis;
    let question = text.contains('?')
        || (0..words.len()).any(|i| {
            (i == 0 || words.sentence_of(i) != words.sentence_of(i - 1))
                && REQUEST_CUES.contains(&words.word(i))
        });
    let n = |c: TriageClass| counts[c as usize];
    let spam_strength = n(TriageClass::Spam) + u32::from(has_link);
    let (class, strength) = if crisis > 0 {
        (TriageClass::Crisis, crisis + 2)
    } else if spam_strength >= 2 && n(TriageClass::Spam) >= 1 {
        (TriageClass::Spam, spam_strength)
    } else if question && n(TriageClass::MedicalQuestion) > 0 {
        (
            TriageClass::MedicalQuestion,
            n(TriageClass::MedicalQuestion) + 1,
        )
    } else if question && n(TriageClass::OfficeRequest) > 0 && n(TriageClass::Complaint) <= 1 {
        (
            TriageClass::OfficeRequest,
            n(TriageClass::OfficeRequest) + 1,
        )
    } else if n(TriageClass::Complaint) > 0 && n(TriageClass::Complaint) >= n(TriageClass::Praise) {
        (TriageClass::Complaint, n(TriageClass::Complaint))
    } else if n(TriageClass::Praise) > 0 {
        (TriageClass::Praise, n(TriageClass::Praise))
    } else if n(TriageClass::HealthDisclosure) > 0 {
        (
            TriageClass::HealthDisclosure,
            n(TriageClass::HealthDisclosure),
        )
    } else if n(TriageClass::Complaint) > 0 {
        (TriageClass::Complaint, n(TriageClass::Complaint))
    } else if question {
        (TriageClass::OfficeRequest, 0)
    } else {
        (TriageClass::Praise, 0)
    };
    let confidence = match strength {
        0 => 0.35,
        1 => 0.6,
        2 => 0.75,
        3 => 0.85,
        _ => 0.95,
    };
    Triage {
        class,
        confidence,
        evidence: TriageClass::ALL
            .iter()
            .map(|&c| ClassEvidence {
                class: c,
                cues: counts[c as usize],
            })
            .filter(|e| e.cues > 0)
            .collect(),
    }
}
