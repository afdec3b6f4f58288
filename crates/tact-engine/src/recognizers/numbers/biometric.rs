//! Biometric identifiers written as codes: fingerprint, retina, iris, voiceprint, palm print
//! and face template IDs. Context is required: a code of 6–64 letters and digits (dashes
//! allowed, at least three digits) introduced by "fingerprint", "retinal scan", "iris
//! template", "voiceprint", "face template", "biometric", "template ID" and the like. There is
//! no format to validate; the context is the evidence. Reported as BIOMETRIC_ID.

use super::util;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::Scan;

/// Biometric template identifiers.
pub struct Biometric {
    context: util::Intros,
}

impl Biometric {
    pub fn new() -> Self {
        Biometric {
            context: util::Intros::new(&[
                "fingerprint",
                "fingerprints",
                "fingerprint template",
                "fingerprint hash",
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
                "voice print",
                "voice template",
                "face template",
                "facial template",
                "faceprint",
                "face print",
                "palm print",
                "palmprint",
                "palm vein",
                "biometric",
                "biometrics",
                "biometric id",
                "biometric template",
                "template id",
                "template",
            ]),
        }
    }
}

impl Default for Biometric {
    fn default() -> Self {
        Self::new()
    }
}

impl Recognizer for Biometric {
    fn id(&self) -> &'static str {
        "biometric-id"
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        if !util::has_digit(scan) {
            return;
        }
        let mut covered_to = 0usize;
        for i in 0..scan.words.len() {
            if scan.words[i].start < covered_to || !util::may_start_code(scan, i) {
                continue;
            }
            let Some(code) = util::code_at(scan, i, b"-", 64) else {
                continue;
            };
            let text = &scan.text[code.start..code.end];
            if code.len < 6 || code.digits < 3 || util::is_year(text) {
                continue;
            }
            let Some(intro) = util::introduced_by(scan, i, &self.context, 3) else {
                continue;
            };
            covered_to = code.end;
            out.push(Entity::new(
                EntityType::BiometricId,
                code.start,
                code.end,
                0.8,
                self.id(),
                Explanation::pattern("template-id-after-context")
                    .validated("code after a biometric word")
                    .with_context(Some(intro.span)),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;

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
