//! The logic every identifier rule shares: each rule file declares which entities it covers,
//! whether they identify a person on their own, and its words.

use super::{RawFinding, Rule, RuleContext, RuleMeta};
use crate::entity::{Entity, EntityType};
use crate::report::Severity;
use std::fmt::Write;

/// Room for the longest message without growing.
const MESSAGE_CAPACITY: usize = 256;

/// When an entity counts against the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Linkage {
    /// The entity identifies a person by itself (a name, an SSN, a phone number).
    Always,
    /// The entity identifies someone only when the text ties it to a person (a date, a
    /// place, a link); otherwise the finding is informational.
    WhenLinked,
}

/// An identifier rule.
pub struct IdentifierRule {
    pub meta: RuleMeta,
    pub types: &'static [EntityType],
    /// Recognizers whose entities this rule leaves to another rule.
    pub skip_recognizers: &'static [&'static str],
    /// Only entities from these recognizers, when not empty.
    pub only_recognizers: &'static [&'static str],
    pub linkage: Linkage,
    /// Entities that identify a person even when `linkage` is `WhenLinked` (a profile link).
    pub always_if: Option<fn(&Entity) -> bool>,
    /// The message's first sentence, e.g. "This looks like a patient's phone number.".
    pub message: &'static str,
    pub fix: &'static str,
}

impl Rule for IdentifierRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, cx: &RuleContext, out: &mut Vec<RawFinding>) {
        for e in cx.counted() {
            if !self.types.contains(&e.entity_type)
                || self.skip_recognizers.contains(&e.recognizer.as_ref())
                || (!self.only_recognizers.is_empty()
                    && !self.only_recognizers.contains(&e.recognizer.as_ref()))
            {
                continue;
            }
            let always = self.linkage == Linkage::Always || self.always_if.is_some_and(|f| f(e));
            let link = if always {
                None
            } else {
                cx.person_link(e.start, e.end)
            };
            let severity = if always || link.is_some() {
                self.meta.default_severity
            } else {
                Severity::Info
            };
            // Built piece by piece: this runs for every entity of every text.
            let mut message = String::with_capacity(MESSAGE_CAPACITY);
            message.push_str(self.message);
            message.push_str(" (");
            message.push_str(e.entity_type.as_str());
            message.push_str(", score ");
            push_two_decimals(&mut message, e.score);
            message.push(')');
            if let Some(reason) = link {
                message.push_str("; it is tied to a person by ");
                message.push_str(reason);
            } else if !always {
                message.push_str(
                    "; nothing ties it to a patient, so it is shown for information only",
                );
            }
            let mut score = e.score;
            if let Some(h) = cx.health_near(e.start, e.end) {
                score = (score + 0.15).min(1.0);
                message.push_str("; next to health information (");
                message.push_str(h.entity_type.describe());
                message.push_str("), it becomes protected health information");
            }
            message.push('.');
            out.push(RawFinding {
                rule: self.meta.id,
                category: self.meta.category,
                severity,
                start: e.start,
                end: e.end,
                message,
                fix: self.fix.to_string(),
                entity_type: Some(e.entity_type),
                score,
            });
        }
    }
}

/// Appends `x` with two decimals, exactly as `format!("{x:.2}")` writes it (ties to even on
/// the exact binary value), without the general float formatter.
fn push_two_decimals(out: &mut String, x: f32) {
    // Exact: a 24-bit mantissa times 100 fits in the 53 bits of an f64.
    let scaled = f64::from(x) * 100.0;
    if x.is_sign_negative() || !(0.0..100_000.0).contains(&scaled) {
        let _ = write!(out, "{x:.2}");
        return;
    }
    let floor = scaled.floor();
    let frac = scaled - floor;
    let mut n = floor as u32;
    if frac > 0.5 || (frac == 0.5 && n % 2 == 1) {
        n += 1;
    }
    let whole = n / 100;
    if whole < 10 {
        out.push(char::from(b'0' + whole as u8));
    } else {
        let _ = write!(out, "{whole}");
    }
    out.push('.');
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::push_two_decimals;

    fn two(x: f32) -> String {
        let mut s = String::new();
        push_two_decimals(&mut s, x);
        s
    }

    #[test]
    fn two_decimals_match_the_formatter() {
        let mut values: Vec<f32> = (0..=20_000).map(|k| k as f32 / 1000.0).collect();
        values.extend((0..=4000).map(|k| k as f32 / 200.0));
        values.extend([
            0.125, 0.375, 0.625, 0.875, 0.005, 0.015, 0.995, 1.0, 0.0, -0.0,
        ]);
        values.extend([f32::NAN, f32::INFINITY, -0.5, 1e6, f32::MIN_POSITIVE]);
        // A sweep over the bit patterns of [0, 2].
        let mut bits = 0u32;
        while bits <= 2.0f32.to_bits() {
            values.push(f32::from_bits(bits));
            bits += 9973;
        }
        for x in values {
            assert_eq!(two(x), format!("{x:.2}"), "{x:?}");
        }
    }
}
