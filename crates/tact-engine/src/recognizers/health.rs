//! Health information: conditions and symptoms (ICD-10-CM terms and everyday names),
//! procedures, and medications (generic and brand names). These are not identifiers; they are
//! what turns an identifier into protected health information, and what the case and advice
//! rules read.

use super::Recognizer;
use crate::entity::{Entity, EntityType, Explanation};
use crate::lexicon::{self, PhraseKind};
use crate::text::Scan;

/// Finds health terms with the compiled phrase automaton.
pub struct HealthRecognizer;

impl Recognizer for HealthRecognizer {
    fn id(&self) -> &'static str {
        "health-terms"
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        for &(start, end, kind) in scan.phrases() {
            let (entity_type, pattern) = match kind {
                PhraseKind::Condition => (EntityType::Condition, "condition lexicon"),
                PhraseKind::Procedure => (EntityType::Procedure, "procedure lexicon"),
                PhraseKind::Medication => (EntityType::Medication, "medication lexicon"),
                PhraseKind::NotPerson | PhraseKind::PublicFigure => continue,
            };
            let phrase = &scan.lower[start..end];
            let score = if phrase.contains(' ') {
                0.9
            } else {
                // A single word that is also an everyday word ("filling", "crown") is weaker.
                match lexicon::word_info(phrase).english_level() {
                    Some(l) if l <= 20 => 0.5,
                    Some(l) if l <= 35 => 0.6,
                    _ => 0.85,
                }
            };
            out.push(Entity::new(
                entity_type,
                start,
                end,
                score,
                "health-terms",
                Explanation::pattern(pattern),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;

    fn terms(text: &str) -> Vec<(EntityType, String)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        HealthRecognizer.recognize(&scan, &mut out);
        out.into_iter()
            .map(|e| (e.entity_type, text[e.start..e.end].to_string()))
            .collect()
    }

    #[test]
    fn finds_conditions_procedures_and_medications_as_whole_words() {
        let t =
            terms("Her asthma is worse since the colonoscopy; she takes metformin and ibuprofen.");
        assert!(
            t.contains(&(EntityType::Condition, "asthma".into())),
            "{t:?}"
        );
        assert!(
            t.contains(&(EntityType::Procedure, "colonoscopy".into())),
            "{t:?}"
        );
        assert!(
            t.contains(&(EntityType::Medication, "metformin".into())),
            "{t:?}"
        );
        assert!(
            t.contains(&(EntityType::Medication, "ibuprofen".into())),
            "{t:?}"
        );
        assert!(terms("ASTHMA FLARE").iter().any(|(_, s)| s == "ASTHMA"));
        // Not inside longer words.
        assert!(terms("fluent").is_empty(), "{:?}", terms("fluent"));
    }
}
