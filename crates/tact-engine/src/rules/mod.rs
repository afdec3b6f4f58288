//! Rules turn entities and context into findings. Each rule is one file whose doc comment
//! (What it catches / Why it matters / Example / Use instead) is the rule's documentation:
//! `build.rs` extracts it, `tact rule ID` prints it and `docs/rules.md` is generated from it.
//! A rule's id is its file name with `-` for `_`.

use crate::allowlist::Allowlist;
use crate::conduct::cues::Words;
use crate::entity::{Entity, EntityType};
use crate::input::Input;
use crate::report::Severity;
use crate::text::Scan;
use std::cell::OnceCell;
use std::fmt;

mod conduct;
mod identifier;
pub use conduct::ConductRule;
pub use identifier::IdentifierRule;

mod acknowledgement;
mod crisis;
mod medical_advice;
mod patient_case;
mod professionalism;
mod public_invitation;
mod testimonial;

mod account_number;
mod biometric_id;
mod device_id;
mod email_address;
mod fax_number;
mod flagged_term;
mod health_plan_id;
mod ip_address;
mod known_patient;
mod license_number;
mod medical_record_number;
mod other_id;
mod patient_age;
mod patient_date;
mod patient_location;
mod patient_name;
mod phone_number;
mod social_security_number;
mod vehicle_id;
mod web_address;

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

/// What a rule is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Safe Harbor identifiers of a patient.
    Identifier,
    /// The practice's own policy (terms it never publishes).
    Policy,
    /// How the practice speaks: acknowledging patients, cases, advice, tone.
    Conduct,
    /// Incoming text that needs a person at once.
    Safety,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Identifier => "identifier",
            Category::Policy => "policy",
            Category::Conduct => "conduct",
            Category::Safety => "safety",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule's fixed facts.
#[derive(Clone, Copy, Debug)]
pub struct RuleMeta {
    /// Stable id, e.g. `patient-name`.
    pub id: &'static str,
    pub category: Category,
    pub default_severity: Severity,
    /// One line for `tact rules`.
    pub summary: &'static str,
}

impl RuleMeta {
    /// The rule's documentation, from its doc comment.
    pub fn doc(&self) -> &'static str {
        let stem = self.id.replace('-', "_");
        RULE_DOCS
            .iter()
            .find(|(file, _)| *file == stem)
            .map_or("", |(_, doc)| doc)
    }
}

/// A finding before the analyzer applies settings and converts offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct RawFinding {
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// Byte span.
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub fix: String,
    pub entity_type: Option<EntityType>,
    pub score: f32,
}

/// What a rule sees.
pub struct RuleContext<'a> {
    pub input: &'a Input<'a>,
    pub scan: &'a Scan<'a>,
    /// Resolved entities, identifiers and health terms, in text order.
    pub entities: &'a [Entity],
    /// `allowlisted[i]` is true when `entities[i]` is one of the practice's own details.
    pub allowlisted: &'a [bool],
    pub allowlist: &'a Allowlist,
    /// Lower-cased terms the practice never publishes.
    pub flag_terms: &'a [String],
    /// Lower-cased health terms of the text being answered, for echoes.
    pub replying_health: &'a [String],
    /// The account is the practice's business account (the default).
    pub business_account: bool,
    /// The words as the conduct cues see them, built on first use.
    pub words: OnceCell<Words<'a>>,
    /// The quotation that gives a patient's own voice, found on first use (testimonial and
    /// patient-case both read it).
    pub quoted_voice: OnceCell<Option<(usize, usize)>>,
    /// The conduct classifier's scores of the whole text, computed on first use.
    pub classifier_scores: OnceCell<crate::conduct::classifier::Scores>,
    /// Each conduct rule's findings once computed: a rule that reads another's findings
    /// (a mocking story, advice to someone who disclosed) does not match its cues again.
    pub conduct_findings: std::cell::RefCell<Vec<(&'static str, Vec<RawFinding>)>>,
}

impl<'a> RuleContext<'a> {
    /// The words as the conduct cues see them.
    pub fn words(&self) -> &Words<'a> {
        self.words
            .get_or_init(|| Words::new(self.scan, self.entities, self.replying_health))
    }

    /// Entities that count: not allow-listed, at or above the finding threshold.
    pub fn counted(&self) -> impl Iterator<Item = &Entity> {
        self.entities
            .iter()
            .zip(self.allowlisted)
            .filter(|(e, allowed)| !**allowed && e.score >= crate::FINDING_THRESHOLD)
            .map(|(e, _)| e)
    }

    /// The nearest health term within the same sentence or 120 bytes of the span.
    pub fn health_near(&self, start: usize, end: usize) -> Option<&Entity> {
        let (s0, s1) = self.scan.sentence_around(start);
        self.entities
            .iter()
            .filter(|e| e.entity_type.is_health() && e.score >= crate::FINDING_THRESHOLD)
            .filter(|e| {
                (e.start >= s0 && e.end <= s1.max(end))
                    || e.end + 120 >= start && e.start <= end + 120
            })
            .min_by_key(|e| e.start.abs_diff(start))
    }

    /// Why a quasi-identifier (a date, a place, a link) at this span is about a person, if it
    /// is: a name, a patient or relative word or, in a reply, the person addressed, in the same
    /// sentence. Health information alone does not tie a date to anyone ("flu shots from
    /// 10/1"); it raises the weight of a finding that is tied.
    pub fn person_link(&self, start: usize, end: usize) -> Option<&'static str> {
        let (s0, s1) = self.scan.sentence_around(start);
        let s1 = s1.max(end);
        let in_sentence = |e: &Entity| e.start >= s0 && e.end <= s1;
        if self
            .counted()
            .any(|e| e.entity_type == EntityType::Person && in_sentence(e))
        {
            return Some("a person's name in the same sentence");
        }
        let first = self.scan.word_at_or_after(s0);
        let last = self.scan.word_at_or_after(s1);
        for i in first..last {
            let w = self.scan.word_lower(i);
            if crate::text::in_sorted(PERSON_WORDS, w) {
                return Some("a word about a patient or relative in the same sentence");
            }
            if !matches!(self.input.kind, crate::Kind::Post)
                && matches!(w, "you" | "your" | "you're" | "yours" | "i" | "my" | "me")
            {
                return Some("the person addressed or writing");
            }
        }
        None
    }
}

/// Words that make a sentence about a person (sorted for binary search).
const PERSON_WORDS: &[&str] = &[
    "admitted",
    "aunt",
    "baby",
    "born",
    "boy",
    "boyfriend",
    "brother",
    "client",
    "dad",
    "daughter",
    "deceased",
    "died",
    "discharged",
    "dob",
    "father",
    "girl",
    "girlfriend",
    "granddaughter",
    "grandfather",
    "grandma",
    "grandmother",
    "grandpa",
    "grandson",
    "he",
    "her",
    "him",
    "his",
    "husband",
    "infant",
    "kid",
    "man",
    "mom",
    "mother",
    "nephew",
    "newborn",
    "niece",
    "patient",
    "patients",
    "presented",
    "pt",
    "resident",
    "she",
    "sister",
    "son",
    "teen",
    "teenager",
    "toddler",
    "twins",
    "uncle",
    "widow",
    "widower",
    "wife",
    "woman",
    "yo",
    "yof",
    "yom",
];

/// A rule.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &RuleMeta;
    fn check(&self, cx: &RuleContext, out: &mut Vec<RawFinding>);
}

/// Every rule, in the order of the reference.
pub fn registry() -> &'static [&'static dyn Rule] {
    static RULES: &[&dyn Rule] = &[
        &patient_name::RULE,
        &known_patient::RULE,
        &patient_location::RULE,
        &patient_date::RULE,
        &patient_age::RULE,
        &phone_number::RULE,
        &fax_number::RULE,
        &email_address::RULE,
        &web_address::RULE,
        &ip_address::RULE,
        &social_security_number::RULE,
        &medical_record_number::RULE,
        &health_plan_id::RULE,
        &account_number::RULE,
        &license_number::RULE,
        &vehicle_id::RULE,
        &device_id::RULE,
        &biometric_id::RULE,
        &other_id::RULE,
        &flagged_term::RULE,
        &acknowledgement::RULE,
        &patient_case::RULE,
        &medical_advice::RULE,
        &testimonial::RULE,
        &professionalism::RULE,
        &public_invitation::RULE,
        &crisis::RULE,
    ];
    RULES
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    registry().iter().copied().find(|r| r.meta().id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_words_are_sorted() {
        assert!(PERSON_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn every_rule_has_a_four_part_doc_and_a_unique_id() {
        let mut ids = std::collections::HashSet::new();
        for rule in registry() {
            let m = rule.meta();
            assert!(ids.insert(m.id), "duplicate rule id {}", m.id);
            let doc = m.doc();
            for part in [
                "What it catches",
                "Why it matters",
                "Example",
                "Use instead",
            ] {
                assert!(doc.contains(part), "rule {} doc lacks {part:?}", m.id);
            }
            assert!(!m.summary.is_empty());
        }
    }
}
