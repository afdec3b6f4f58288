//! Redaction: replace every counted identifier in a text.

use crate::entity::{Entity, EntityType};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How identifiers are replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedactMode {
    /// `[PERSON]`, `[PHONE]`.
    Type,
    /// Every character becomes `█` (spaces and punctuation stay, so the shape is kept).
    Mask,
    /// `[PERSON:1f3a9c0b]`: a keyed hash, the same for the same value and key, so records can
    /// be linked without being read.
    Hash,
    /// A general word: "March 14" → "recently", "Springfield" → "our area".
    Generalize,
}

impl RedactMode {
    pub fn parse(s: &str) -> Option<RedactMode> {
        match s.trim().to_ascii_lowercase().as_str() {
            "type" => Some(RedactMode::Type),
            "mask" => Some(RedactMode::Mask),
            "hash" => Some(RedactMode::Hash),
            "generalize" | "generalise" => Some(RedactMode::Generalize),
            _ => None,
        }
    }
}

const TITLES: &[&str] = &[
    "mr.", "mrs.", "ms.", "miss", "mr", "mrs", "ms", "dr.", "dr", "mx.",
];
const DATE_PREPOSITIONS: &[&str] = &["on", "since", "from"];

fn general_word(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "someone",
        EntityType::Location => "our area",
        EntityType::Date => "recently",
        EntityType::Age => "90+",
        EntityType::Phone => "[phone number]",
        EntityType::Fax => "[fax number]",
        EntityType::Email => "[email address]",
        EntityType::Url => "[link]",
        EntityType::IpAddress => "[IP address]",
        EntityType::Ssn => "[SSN]",
        EntityType::MedicalRecordNumber => "[record number]",
        EntityType::HealthPlanId => "[member ID]",
        EntityType::AccountNumber => "[account number]",
        EntityType::LicenseNumber => "[license number]",
        EntityType::VehicleId => "[vehicle ID]",
        EntityType::DeviceId => "[device ID]",
        EntityType::BiometricId => "[biometric ID]",
        EntityType::OtherId => "[ID]",
        EntityType::Condition => "a health condition",
        EntityType::Procedure => "a procedure",
        EntityType::Medication => "a medication",
    }
}

/// Returns the text with each entity replaced. `entities` must not overlap (as the analyzer
/// resolves them); `key` is used by [`RedactMode::Hash`].
pub fn redact(text: &str, entities: &[&Entity], mode: RedactMode, key: &[u8]) -> String {
    let mut sorted: Vec<&Entity> = entities.to_vec();
    sorted.sort_by_key(|e| e.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        if e.start < at || e.end > text.len() {
            continue;
        }
        let mut start = e.start;
        if mode == RedactMode::Generalize {
            // "Mrs. Garcia" → "someone", "on March 14" → "recently".
            let before = &text[at..start];
            let trimmed = before.trim_end();
            // Whitespace may be several bytes long (no-break space, thin space).
            let last_word_start = trimmed
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8());
            let last = trimmed[last_word_start..].to_ascii_lowercase();
            let absorb = match e.entity_type {
                EntityType::Person => TITLES.contains(&last.as_str()),
                EntityType::Date => DATE_PREPOSITIONS.contains(&last.as_str()),
                _ => false,
            };
            if absorb && !last.is_empty() {
                start = at + last_word_start;
            }
        }
        out.push_str(&text[at..start]);
        let value = &text[e.start..e.end];
        match mode {
            RedactMode::Type => {
                out.push('[');
                out.push_str(e.entity_type.as_str());
                out.push(']');
            }
            RedactMode::Mask => {
                for c in value.chars() {
                    out.push(if c.is_alphanumeric() { '█' } else { c });
                }
            }
            RedactMode::Hash => {
                let mut mac =
                    Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
                mac.update(e.entity_type.as_str().as_bytes());
                mac.update(&[0]);
                mac.update(crate::roster::normalize_name(value).as_bytes());
                mac.update(&[0]);
                mac.update(value.to_lowercase().as_bytes());
                let h = mac.finalize().into_bytes();
                out.push('[');
                out.push_str(e.entity_type.as_str());
                out.push(':');
                for b in &h[..4] {
                    out.push_str(&format!("{b:02x}"));
                }
                out.push(']');
            }
            RedactMode::Generalize => out.push_str(general_word(e.entity_type)),
        }
        at = e.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::Explanation;

    fn ent(t: EntityType, text: &str, value: &str) -> Entity {
        let start = text.find(value).unwrap();
        Entity::new(
            t,
            start,
            start + value.len(),
            0.9,
            "test",
            Explanation::pattern("test"),
        )
    }

    #[test]
    fn every_mode() {
        let text = "Mrs. Garcia came in on March 14 from Springfield.";
        let a = ent(EntityType::Person, text, "Garcia");
        let b = ent(EntityType::Date, text, "March 14");
        let c = ent(EntityType::Location, text, "Springfield");
        let es = [&a, &b, &c];
        assert_eq!(
            redact(text, &es, RedactMode::Type, b""),
            "Mrs. [PERSON] came in on [DATE] from [LOCATION]."
        );
        assert_eq!(
            redact(text, &es, RedactMode::Generalize, b""),
            "someone came in recently from our area."
        );
        assert_eq!(
            redact(text, &es, RedactMode::Mask, b""),
            "Mrs. ██████ came in on █████ ██ from ███████████."
        );
        let h1 = redact(text, &es, RedactMode::Hash, b"k1");
        let h2 = redact(text, &es, RedactMode::Hash, b"k1");
        let h3 = redact(text, &es, RedactMode::Hash, b"k2");
        assert_eq!(h1, h2);
        assert_ne!(h1, h3);
        assert!(!h1.contains("Garcia"));
    }
}
