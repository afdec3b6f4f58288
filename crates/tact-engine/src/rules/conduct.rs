//! The logic every conduct rule shares: each rule file names its cue file
//! (`data/conduct/<id>.toml`), the kinds of text it reads and its fix, and may adjust the
//! findings (severity, exceptions) with a function of its own. Where no cue fired, the rules
//! the conduct classifier scores (`conduct::classifier::DRAFT_RULES` and `INCOMING_RULES`) ask
//! it too.

use super::{RawFinding, Rule, RuleContext, RuleMeta};
use crate::conduct::classifier::Classifier;
use crate::conduct::{self, cues::Hit};
use crate::entity::EntityType;
use crate::input::Kind;
use crate::report::Severity;

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
    /// Computed once per input; later calls (from rules that read this one's findings) get
    /// a copy.
    pub fn findings(&self, cx: &RuleContext) -> Vec<RawFinding> {
        let cached = cx
            .conduct_findings
            .borrow()
            .iter()
            .find(|(id, _)| *id == self.meta.id)
            .map(|(_, found)| found.clone());
        if let Some(found) = cached {
            return found;
        }
        let found = self.compute(cx);
        cx.conduct_findings
            .borrow_mut()
            .push((self.meta.id, found.clone()));
        found
    }

    fn compute(&self, cx: &RuleContext) -> Vec<RawFinding> {
        let mut out = Vec::new();
        if !self.kinds.contains(&cx.input.kind) {
            return out;
        }
        let set = conduct::cue_set(self.meta.id);
        let words = cx.words();
        let (mut hits, exceptions): (Vec<Hit>, _) = set.find_with_exceptions(words, cx.input.kind);
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
        // An exception that matched marks an innocent use the cues know ("so sorry for your
        // pain"): the classifier defers to it.
        if out.is_empty() && exceptions.is_empty() {
            self.classifier_finding(cx, &mut out);
        }
        if let Some(adjust) = self.adjust {
            adjust(cx, &mut out);
        }
        out
    }

    /// A finding of this rule at its default severity, found by the rule's own code rather
    /// than a cue file; `message` ends with the "(cue: …)" that names the check.
    pub fn finding(&self, start: usize, end: usize, message: String) -> RawFinding {
        RawFinding {
            rule: self.meta.id,
            category: self.meta.category,
            severity: self.meta.default_severity,
            start,
            end,
            message,
            fix: self.fix.to_string(),
            entity_type: None,
            score: 1.0,
        }
    }

    /// When no cue fired and no exception matched: a finding of review severity if the
    /// classifier is sure the text breaks the rule, over the sentence it scores highest.
    fn classifier_finding(&self, cx: &RuleContext, out: &mut Vec<RawFinding>) {
        let model = Classifier::for_kind(cx.input.kind);
        let Some(r) = model.rule_index(self.meta.id) else {
            return;
        };
        let text = cx.input.text;
        let kind = cx.input.kind;
        let score = cx
            .classifier_scores
            .get_or_init(|| model.scores(text, kind))[r];
        if score < model.threshold(r) || !classifier_subject(cx, self.meta.id) {
            return;
        }
        let (start, end) = crate::reply::sentences(text)
            .into_iter()
            .map(|(s, e)| (s, e, model.scores(&text[s..e], kind)[r]))
            .fold(None, |best: Option<(usize, usize, f32)>, x| match best {
                Some(b) if b.2 >= x.2 => Some(b),
                _ => Some(x),
            })
            .map_or((0, text.len()), |(s, e, _)| (s, e));
        let message = format!(
            "It reads like drafts that break this rule ({}), though no listed phrase matched: \
             check it. (cue: classifier, score {score:.2})",
            self.meta.summary.to_lowercase()
        );
        out.push(RawFinding {
            severity: Severity::Review,
            score,
            ..self.finding(start, end, message)
        });
    }
}

/// Whether a finding came from the conduct classifier rather than a cue.
pub fn from_classifier(f: &RawFinding) -> bool {
    f.message.contains("(cue: classifier")
}

impl Rule for ConductRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, cx: &RuleContext, out: &mut Vec<RawFinding>) {
        out.extend(self.findings(cx));
    }
}

/// Whether the text speaks of whom the rule is about, which the classifier's word counts
/// cannot see: a patient case needs a person other than the reader ("she", "the kid", a name
/// that is not the staff's), an acknowledgement the reader ("you", "your"). A sure score
/// without them is a phrasing the corpus taught, not a case ("an update came in with the
/// new forms").
fn classifier_subject(cx: &RuleContext, rule: &str) -> bool {
    const READER: &[&str] = &[
        "u", "ur", "y'all", "ya", "you", "you'd", "you'll", "you're", "you've", "youre", "your",
        "yours", "yourself",
    ];
    const SOMEONE: &[&str] = &[
        "baby", "boy", "child", "client", "dad", "daughter", "family", "girl", "grandma",
        "grandpa", "guy", "he", "her", "him", "his", "husband", "kid", "kiddo", "lady", "man",
        "mom", "patient", "patients", "pt", "she", "someone", "somebody", "son", "teen", "their",
        "them", "they", "toddler", "wife", "woman",
    ];
    const CARE: &[&str] = &[
        "admitted",
        "appointment",
        "appt",
        "broke",
        "broken",
        "cast",
        "clinic",
        "delivered",
        "diagnosed",
        "diagnosis",
        "discharged",
        "er",
        "exam",
        "fever",
        "hospital",
        "hurt",
        "injury",
        "labor",
        "meds",
        "pain",
        "patient",
        "patients",
        "prescription",
        "procedure",
        "pt",
        "recovering",
        "recovery",
        "rehab",
        "results",
        "saw",
        "scan",
        "seen",
        "session",
        "sessions",
        "shot",
        "shots",
        "sick",
        "stitches",
        "surgery",
        "therapy",
        "treated",
        "treatment",
        "visit",
        "x-ray",
        "xray",
    ];
    let words = cx.words();
    let any = |list: &[&str]| {
        (0..words.len()).any(|i| {
            let w = words.word(i);
            list.contains(&w.strip_suffix("'s").unwrap_or(w))
        })
    };
    match rule {
        "acknowledgement" => any(READER),
        "patient-case" => {
            (any(SOMEONE)
                || cx
                    .entities
                    .iter()
                    .zip(cx.allowlisted)
                    .any(|(e, &allowed)| !allowed && e.entity_type == EntityType::Person))
                // A case is about care: a health term or a word of the clinic, not "Maria
                // dropped off cookies for the team".
                && (any(CARE) || cx.entities.iter().any(|e| e.entity_type.is_health()))
        }
        _ => true,
    }
}
