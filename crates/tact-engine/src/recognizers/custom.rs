//! Recognizers the practice defines in its profile (`[[recognizers]]` in `tact.toml`).

use super::Recognizer;
use crate::entity::{Entity, EntityType, Explanation};
use crate::profile::CustomRecognizerSpec;
use crate::text::{ContextWords, Scan};
use regex::Regex;
use std::borrow::Cow;

/// How many words on each side are searched for context.
const CONTEXT_WINDOW: usize = 6;

/// A pattern recognizer from the profile.
pub struct CustomRecognizer {
    name: String,
    entity_type: EntityType,
    pattern: Regex,
    context: ContextWords,
    require_context: bool,
    score: f32,
}

impl CustomRecognizer {
    /// Builds the recognizer from a validated spec (see [`crate::Profile::validate`]).
    pub fn from_spec(spec: &CustomRecognizerSpec) -> Option<Self> {
        let context: Vec<&str> = spec.context.iter().map(String::as_str).collect();
        Some(CustomRecognizer {
            name: format!("custom:{}", spec.name.get_ref()),
            entity_type: EntityType::parse(spec.entity.get_ref())?,
            pattern: Regex::new(spec.pattern.get_ref()).ok()?,
            context: ContextWords::new(&context),
            require_context: spec.require_context,
            score: spec.score.as_ref().map_or(0.6, |s| *s.get_ref()),
        })
    }
}

impl Recognizer for CustomRecognizer {
    fn id(&self) -> &'static str {
        "custom"
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        for m in self.pattern.find_iter(scan.text) {
            if m.start() == m.end() {
                continue;
            }
            let ctx = if self.context.is_empty() {
                None
            } else {
                scan.context_around(m.start(), m.end(), CONTEXT_WINDOW, &self.context)
            };
            if self.require_context && ctx.is_none() {
                continue;
            }
            let score = if ctx.is_some() {
                (self.score + 0.35).min(1.0)
            } else {
                self.score
            };
            out.push(Entity {
                entity_type: self.entity_type,
                start: m.start(),
                end: m.end(),
                score,
                recognizer: Cow::Owned(self.name.clone()),
                explanation: Explanation::pattern("profile pattern").with_context(ctx),
            });
        }
    }
}
