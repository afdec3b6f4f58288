//! Biometric identifiers written as codes: fingerprint, retina, iris, voiceprint, palm print,
//! palm vein, hand geometry and face template IDs. Context is required: a code of 6–64
//! letters and digits (dashes allowed, at least three digits, any letter case) right after
//! "fingerprint", "retinal scan", "iris template", "voiceprint", "voice ID", "face scan",
//! "hand geometry", "biometric", "template ID" and the like; or, when the code looks like an
//! identifier (letters and five digits, or six digits), up to ten words after such a word in
//! the same sentence ("palm-scan templates (like PV-31177-A)", "face scan … match:
//! FS-662031"), or in the previous sentence of a short "Mine is …" sentence. There is no
//! format to validate; the context is the evidence. Reported as BIOMETRIC_ID.

use super::group::member_recognizer;
use super::group::{Facts, Member};
use super::util::{self, Index, Level};
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;

/// Biometric template identifiers.
pub struct Biometric {
    vocab: util::Vocab,
    /// Phrases that open a sentence giving a template ID ("The voiceprint ID … is …").
    subjects: Phrases,
}

/// Phrases that name a biometric template or the scan that made it.
const BIOMETRIC_WORDS: &[&str] = &[
    "fingerprint",
    "fingerprints",
    "fingerprint id",
    "fingerprint template",
    "fingerprint hash",
    "finger scan",
    "thumbprint",
    "retina",
    "retinal",
    "retinal scan",
    "retina scan",
    "iris scan",
    "iris template",
    "iris code",
    "iris id",
    "voiceprint",
    "voiceprints",
    "voice print",
    "voice template",
    "voice id",
    "face template",
    "facial template",
    "face scan",
    "facial scan",
    "facial recognition",
    "face recognition",
    "faceprint",
    "face print",
    "palm print",
    "palmprint",
    "palm scan",
    "palm vein",
    "vein scan",
    "hand scan",
    "hand geometry",
    "hand scanner",
    "biometric id",
    "biometric template",
    "template id",
    "scan id",
    // Generic words last: at a distance they need a code with letters and five digits.
    "biometric",
    "biometrics",
    "template",
    "templates",
];

/// How many phrases at the end of [`BIOMETRIC_WORDS`] are generic.
const GENERIC: usize = 4;

impl Biometric {
    pub fn new() -> Self {
        Biometric {
            vocab: util::Vocab {
                strong: util::Intros::new(BIOMETRIC_WORDS),
                marked: util::Intros::new(&[]),
                label: util::Intros::new(&[]),
                near: util::Intros::new(&BIOMETRIC_WORDS[..BIOMETRIC_WORDS.len() - GENERIC]),
                loose: util::Intros::new(&BIOMETRIC_WORDS[BIOMETRIC_WORDS.len() - GENERIC..]),
                strong_filler: 3,
                near_gap: 10,
                index: util::Index::default(),
            }
            .indexed(&mut []),
            subjects: Phrases::new(&[
                "fingerprint id",
                "fingerprint template",
                "fingerprint template id",
                "thumbprint id",
                "voiceprint",
                "voiceprint id",
                "voice print id",
                "voice id",
                "iris id",
                "iris template",
                "retina id",
                "retinal id",
                "face template",
                "facial template",
                "faceprint",
                "palm template",
                "palm vein id",
                "biometric id",
                "biometric template",
                "template id",
            ]),
        }
    }
}

impl Default for Biometric {
    fn default() -> Self {
        Self::new()
    }
}

member_recognizer!(Biometric, "biometric-id");

impl Member for Biometric {
    fn index(&self) -> Option<&Index> {
        Some(&self.vocab.index)
    }

    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        let hits = util::Hits::new(facts, &self.vocab.index);
        let mut covered_to = 0usize;
        let mut last = None;
        for i in facts.code_starts() {
            // Every code here is placed by a biometric word: read none where none is near.
            let given = util::given_by_is(scan, i);
            if scan.words[i].start < covered_to
                || !util::may_read_code(scan, i, b"-_", 6)
                || !(given || util::may_place(scan, &hits, i, &self.vocab, last))
            {
                continue;
            }
            let Some(code) = util::code_at(scan, i, b"-_", 64) else {
                continue;
            };
            let text = &scan.text[code.start..code.end];
            if code.len < 6 || code.digits < 3 || util::is_year(text) {
                continue;
            }
            let placed = util::place(scan, &hits, i, &code, &self.vocab, last)
                .or_else(|| util::subject_is(scan, i, &code, &self.subjects, 14));
            let Some((span, level)) = placed else {
                continue;
            };
            covered_to = code.end;
            last = Some(util::Prev::new(&code, span, level));
            out.push(Entity::new(
                EntityType::BiometricId,
                code.start,
                code.end,
                level.score(0.8),
                self.id(),
                Explanation::pattern(match level {
                    Level::Strong => "template-id-after-context",
                    _ => level.pattern(),
                })
                .validated("code after a biometric word")
                .with_context(Some(span)),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;
    use crate::text::Scan;

    fn find(text: &str) -> Vec<String> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        Biometric::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| text[e.start..e.end].to_string())
            .collect()
    }

    #[test]
    fn finds_template_ids() {
        assert_eq!(
            find("Fingerprint template ID: FP-8839-2210"),
            ["FP-8839-2210"]
        );
        assert_eq!(find("retinal scan 0x9a3f22c1"), ["0x9a3f22c1"]);
        assert_eq!(find("voiceprint VP20231188 on file"), ["VP20231188"]);
        assert_eq!(find("biometric id: 77a9c3e2f1"), ["77a9c3e2f1"]);
    }

    #[test]
    fn finds_template_ids_in_looser_writing() {
        let cases = [
            ("FINGERPRINT ID TC-FP-00552 DELETED", "TC-FP-00552"),
            ("HAND GEOMETRY ID HG-44120 LINKED", "HG-44120"),
            (
                "a few palm-scan templates (e.g. PV-55120-B) were reset",
                "PV-55120-B",
            ),
            ("her iris scan ID IRX-0041187 failed", "IRX-0041187"),
            (
                "the face-scan check-in mixed me up with someone, it said \"match: FS-550193\"",
                "FS-550193",
            ),
            (
                "The refill line uses voice ID and never knows me lol. Mine is VX-4471-0098",
                "VX-4471-0098",
            ),
            ("Voiceprint: vp_0044127", "vp_0044127"),
            (
                "The fingerprint template ID the door scanner at work made for me is FT-19C2-7B40-A1D3",
                "FT-19C2-7B40-A1D3",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(find(text), [want], "{text}");
        }
    }

    #[test]
    fn looser_hard_negatives() {
        for t in [
            "Our fingerprint scanner at the door was installed in 2023-2024.",
            "Email template: download version 2024-11",
            "biometric data from 1,204 patients",
            "templates for 12 forms, see page 4471",
            "Fingerprint login is on. Call 217-555-0142 for help.",
            "Biometric check-in kiosk BK-20418 is in the lobby",
            "The fingerprint reader is new. Our kiosk is KX-20418-B",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "Iris 12345678 is here",
            "fingerprint scanner 2024",
            "face 123",
            "biometric data from 12 patients",
            "retina specialist at 555",
            "footprint 12345678",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }
}
