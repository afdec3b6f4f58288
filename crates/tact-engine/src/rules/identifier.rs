//! The logic every identifier rule shares: each rule file declares which entities it covers,
//! whether they identify a person on their own, and its words.

use super::{RawFinding, Rule, RuleContext, RuleMeta};
use crate::entity::{Entity, EntityType};
use crate::report::Severity;

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
            let mut message = format!(
                "{} ({}, score {:.2})",
                self.message,
                e.entity_type.as_str(),
                e.score
            );
            if let Some(reason) = link {
                message.push_str(&format!("; it is tied to a person by {reason}"));
            } else if !always {
                message.push_str(
                    "; nothing ties it to a patient, so it is shown for information only",
                );
            }
            let mut score = e.score;
            if let Some(h) = cx.health_near(e.start, e.end) {
                score = (score + 0.15).min(1.0);
                message.push_str(&format!(
                    "; next to health information ({}), it becomes protected health information",
                    h.entity_type.describe()
                ));
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
