//! Contact and web identifiers: phone and fax numbers, e-mail, URLs and profile links, IP and MAC addresses, social handles, crypto wallets.

use super::Recognizer;

pub mod checks;
pub mod crypto;
pub mod email;
mod group;
pub mod handle;
mod international;
pub mod ip;
pub mod mac;
pub mod phone;
pub mod url;

/// The recognizers of this group, run together (see `group.rs`).
pub fn all() -> Vec<Box<dyn Recognizer>> {
    vec![Box::new(group::Contacts::new(members()))]
}

/// The recognizers of this group, in the order they run.
fn members() -> Vec<Box<dyn group::Member>> {
    vec![
        Box::new(phone::PhoneRecognizer::new()),
        Box::new(email::EmailRecognizer::new()),
        Box::new(url::UrlRecognizer::new()),
        Box::new(ip::IpRecognizer::new()),
        Box::new(mac::MacRecognizer::new()),
        Box::new(handle::HandleRecognizer::new()),
        Box::new(crypto::CryptoRecognizer::new()),
    ]
}

/// The character just before byte `i` (which must be a char boundary).
pub(crate) fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

/// The character at byte `i` (which must be a char boundary).
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// True for letters, digits and the underscore, in any script.
pub(crate) fn is_wordish(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::super::Recognizer;
    use crate::entity::{Entity, EntityType};
    use crate::input::Kind;
    use crate::text::Scan;
    use crate::{Analyzer, Input};

    /// Runs one recognizer on a post.
    pub fn run(r: &dyn Recognizer, text: &str) -> Vec<Entity> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        r.recognize(&scan, &mut out);
        for e in &out {
            assert!(e.start < e.end && e.end <= text.len(), "bad span {e:?}");
            assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
            assert!((0.0..=1.0).contains(&e.score));
        }
        out
    }

    /// The surface texts of the entities of one type.
    pub fn found<'a>(r: &dyn Recognizer, text: &'a str, t: EntityType) -> Vec<&'a str> {
        run(r, text)
            .into_iter()
            .filter(|e| e.entity_type == t)
            .map(|e| &text[e.start..e.end])
            .collect()
    }

    /// The surface texts of the entities of one type scoring at or above the finding threshold.
    pub fn flagged<'a>(r: &dyn Recognizer, text: &'a str, t: EntityType) -> Vec<&'a str> {
        run(r, text)
            .into_iter()
            .filter(|e| e.entity_type == t && e.score >= crate::FINDING_THRESHOLD)
            .map(|e| &text[e.start..e.end])
            .collect()
    }

    /// The resolved entities of the whole engine: (type, surface).
    pub fn analyzed(text: &str) -> Vec<(EntityType, String)> {
        let (entities, _) = Analyzer::default()
            .entities(&Input::post(text))
            .expect("small input");
        entities
            .into_iter()
            .map(|e| (e.entity_type, text[e.start..e.end].to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::analyzed;
    use super::*;
    use crate::entity::EntityType;
    use crate::input::Kind;
    use crate::text::Scan;
    use proptest::prelude::*;

    #[test]
    fn social_media_text() {
        for (text, want) in [
            (
                "Call me at 555-0188 after 5",
                (EntityType::Phone, "555-0188"),
            ),
            ("text 312 555 0188 pls", (EntityType::Phone, "312 555 0188")),
            (
                "my cell is (312)555-0188!!",
                (EntityType::Phone, "(312)555-0188"),
            ),
            (
                "reach me @ jenny.r@gmail.com",
                (EntityType::Email, "jenny.r@gmail.com"),
            ),
            ("IG: @jenny_runs 💕", (EntityType::OtherId, "@jenny_runs")),
            (
                "find her at facebook.com/jane.doe.77.",
                (EntityType::Url, "facebook.com/jane.doe.77"),
            ),
            (
                "Fax records to 312-555-0101 attn Dr Lee",
                (EntityType::Fax, "312-555-0101"),
            ),
            ("F: 312-555-0101", (EntityType::Fax, "312-555-0101")),
        ] {
            // Only the contact entities: "Dr Lee" is a person, found by another recognizer.
            let got: Vec<_> = analyzed(text)
                .into_iter()
                .filter(|(t, _)| *t != EntityType::Person)
                .collect();
            assert_eq!(got, vec![(want.0, want.1.to_string())], "{text}");
        }
    }

    #[test]
    fn plain_text_has_no_contact_entities() {
        let text = "Thank you to everyone who came to our open house on Saturday! Flu shots are \
                    available 9 a.m. to 5 p.m., e.g. walk-ins at Suite 120. Dr. Lee says: stay \
                    well. Ratio 1:2, BP 120/80, v2.4.1, order #1234567, call 911.";
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        for r in all() {
            r.recognize(&scan, &mut out);
        }
        assert!(out.is_empty(), "{out:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn never_panics_and_spans_are_sound(text in "[0-9a-fA-F:.\\-/@+()xX# \né%\\[\\]☎wbctmo_]{0,80}") {
            let scan = Scan::new(&text, Kind::Post);
            let mut out = Vec::new();
            for r in all() {
                r.recognize(&scan, &mut out);
            }
            for e in out {
                prop_assert!(e.start < e.end && e.end <= text.len());
                prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
                prop_assert!((0.0..=1.0).contains(&e.score));
            }
        }
    }
}
