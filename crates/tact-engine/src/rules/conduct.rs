//! The logic every conduct rule shares: each rule file names its cue file
//! (`data/conduct/<id>.toml`), the kinds of text it reads and its fix, and may adjust the
//! findings (severity, exceptions) with a function of its own.

use super::{RawFinding, Rule, RuleContext, RuleMeta};
use crate::conduct::{self, cues::Hit};
use crate::input::Kind;

/// A conduct rule driven by a cue file.
pub struct ConductRule {
    pub meta: RuleMeta,
    /// The kinds of text the rule reads.
    pub kinds: &'static [Kind],
    pub fix: &'static str,
    /// Cue names to ignore for this input (for example personal content on a personal
    /// account), decided per input.
    pub skip_cue: Option<fn(&RuleContext, &str) -> bool>,
    /// Adjusts the rule's findings for this input (severity, score), or drops them.
    pub adjust: Option<fn(&RuleContext, &mut Vec<RawFinding>)>,
}

impl ConductRule {
    /// The cue hits of this rule for the input, grouped into one finding per sentence.
    pub fn findings(&self, cx: &RuleContext) -> Vec<RawFinding> {
        let mut out = Vec::new();
        if !self.kinds.contains(&cx.input.kind) {
            return out;
        }
        let set = conduct::cue_set(self.meta.id);
        let words = cx.words();
        let mut hits: Vec<Hit> = set.find(words, cx.input.kind);
        if let Some(skip) = self.skip_cue {
            hits.retain(|h| !skip(cx, &set.cue(h).name));
        }
        // One finding per sentence: the span of its hits, the strongest cue's message.
        let mut i = 0;
        while i < hits.len() {
            let sentence = words.sentence_of(hits[i].start);
            let mut j = i;
            let mut best = i;
            let mut end = hits[i].end;
            while j < hits.len() && words.sentence_of(hits[j].start) == sentence {
                end = end.max(hits[j].end);
                if set.cue(&hits[j]).score > set.cue(&hits[best]).score {
                    best = j;
                }
                j += 1;
            }
            let cue = set.cue(&hits[best]);
            let (start, end) = words.byte_span(hits[i].start, end);
            out.push(RawFinding {
                rule: self.meta.id,
                category: self.meta.category,
                severity: self.meta.default_severity,
                start,
                end,
                message: format!("{} (cue: {})", cue.message, cue.name),
                fix: self.fix.to_string(),
                entity_type: None,
                score: cue.score,
            });
            i = j;
        }
        if let Some(adjust) = self.adjust {
            adjust(cx, &mut out);
        }
        out
    }
}

impl Rule for ConductRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, cx: &RuleContext, out: &mut Vec<RawFinding>) {
        out.extend(self.findings(cx));
    }
}
