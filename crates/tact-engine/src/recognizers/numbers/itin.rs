//! US Individual Taxpayer Identification Numbers: nine digits in SSN layout whose area is
//! 9xx and whose group is one the IRS issues (50–65, 70–88, 90–92, 94–99), written
//! `9dd-dd-dddd`, `9dd dd dddd`, `9dd.dd.dddd`, bare, or (very weakly) with one dash only.
//! Reported as SSN. Validation is structural (the IRS publishes no check digit); context
//! words ("ITIN", "tax ID", "taxpayer") raise the score.

use super::group::member_recognizer;
use super::group::{Facts, Member};
use super::ssn::{nine_digits_at, Form, NOT_SSN};
use super::util::{self, Digits};
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::shape;

/// True when the group (digits 4–5) is one the IRS issues for ITINs.
fn itin_group(d: &Digits) -> bool {
    d.len() == 9
        && d.as_str().starts_with('9')
        && matches!(d.value(3, 5), 50..=65 | 70..=88 | 90..=92 | 94..=99)
        && d.value(5, 9) != 0
}

/// US ITINs.
pub struct UsItin {
    context: Phrases,
    not_itin: Phrases,
}

impl UsItin {
    pub fn new() -> Self {
        UsItin {
            context: Phrases::new(&[
                "itin",
                "itins",
                "tin",
                "tax id",
                "taxpayer",
                "tax identification",
                "irs",
                "ssn",
                "social security",
            ]),
            not_itin: Phrases::new(NOT_SSN),
        }
    }
}

impl Default for UsItin {
    fn default() -> Self {
        Self::new()
    }
}

member_recognizer!(UsItin, "us-itin");

impl Member for UsItin {
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        if !scan.text.contains('9') {
            return;
        }
        for i in facts.digit_words() {
            let w = scan.words[i];
            if !w.has(shape::DIGIT)
                || !matches!(w.end - w.start, 3 | 5 | 9)
                || !scan.word(i).starts_with('9')
            {
                continue;
            }
            let Some((g, form, d)) = nine_digits_at(scan, i) else {
                continue;
            };
            if !itin_group(&d) || d.all_same() {
                continue;
            }
            let ctx = util::context(scan, g.start, g.end, &self.context);
            if ctx.is_none()
                && matches!(form, Form::Bare | Form::PartlyDashed)
                && util::context(scan, g.start, g.end, &self.not_itin).is_some()
            {
                continue;
            }
            let (weak, strong) = form.scores();
            let score = if ctx.is_some() {
                strong
            } else {
                (weak - 0.05).max(0.05)
            };
            out.push(Entity::new(
                EntityType::Ssn,
                g.start,
                g.end,
                score,
                self.id(),
                Explanation::pattern(form.name("itin"))
                    .validated("area 9xx with an ITIN group")
                    .with_context(ctx),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;
    use crate::text::Scan;

    fn find(text: &str) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        UsItin::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn finds_itins() {
        let f = find("ITIN: 912-70-1234");
        assert_eq!(f[0].0, "912-70-1234");
        assert!(f[0].1 >= 0.9);
        for t in ["911-70-1234", "911-53-1234", "911-64-1234", "911 94 1234"] {
            assert_eq!(find(t).len(), 1, "{t}");
        }
        let f = find("911701234");
        assert!(f[0].1 < 0.5);
        assert_eq!(find("911-701234 91170-1234").len(), 2);
    }

    #[test]
    fn rejects_other_groups_and_shapes() {
        for t in [
            "911-89-1234",
            "my tax id 911-89-1234",
            "911-66-1234",
            "911-93-1234",
            "911-70-0000",
            "811-70-1234",
            "999-99-9999",
            "911-70 1234",
            "order 911701234",
            "9117012345",
        ] {
            assert!(find(t).is_empty(), "{t}");
        }
    }
}
