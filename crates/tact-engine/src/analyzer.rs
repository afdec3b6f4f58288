//! The analyzer: built once from a practice profile, shared across threads, and asked to
//! analyse one input at a time.

use crate::allowlist::Allowlist;
use crate::conduct::cues::Words;
use crate::entity::{Entity, EntityType};
use crate::input::Input;
use crate::profile::{Profile, ProfileError};
use crate::recognizers::{self, custom::CustomRecognizer, Recognizer};
use crate::report::{Finding, Report, ReportEntity, ReportExplanation, Severity, Verdict};
use crate::roster::Roster;
use crate::rules::{self, RawFinding, RuleContext};
use crate::text::{CharOffsets, Scan};
use std::collections::HashMap;
use std::fmt;

/// Entities at or above this score become findings; weaker ones are listed only.
pub const FINDING_THRESHOLD: f32 = 0.5;

/// The default limit on one item's text: 1 MiB.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 1 << 20;

/// Settings that are not part of the practice profile.
#[derive(Clone, Debug)]
pub struct AnalyzerOptions {
    /// The year "now" for ages implied by birth years. The engine reads no clock.
    pub reference_year: i32,
    /// Items longer than this many bytes are refused.
    pub max_input_bytes: usize,
}

impl Default for AnalyzerOptions {
    fn default() -> Self {
        AnalyzerOptions {
            reference_year: 2026,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
        }
    }
}

/// Why an input could not be analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    TooLarge { bytes: usize, limit: usize },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::TooLarge { bytes, limit } => write!(
                f,
                "the text is {bytes} bytes, over the limit of {limit} bytes"
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// Per template class (in the order of `reply::TEMPLATE_CLASSES`), the filled templates
/// that pass the check, computed on first use.
type SafeTemplates = [std::sync::OnceLock<Vec<String>>; crate::reply::TEMPLATE_CLASSES.len()];

/// Analyses text against a practice profile. Cheap to share (`&Analyzer` is `Send + Sync`).
pub struct Analyzer {
    recognizers: Vec<Box<dyn Recognizer>>,
    allowlist: Allowlist,
    flag_terms: Vec<String>,
    disabled: Vec<String>,
    severity: HashMap<String, Severity>,
    roster: Option<Roster>,
    options: AnalyzerOptions,
    business_account: bool,
    practice: crate::profile::Practice,
    templates: crate::reply::Templates,
    /// Per kind (post, reply): the filled templates of each class that pass.
    safe_templates: [std::sync::OnceLock<SafeTemplates>; 2],
}

impl fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Analyzer")
            .field("recognizers", &self.recognizers.len())
            .field("roster", &self.roster.as_ref().map(Roster::len))
            .field("options", &self.options)
            .finish()
    }
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::new(&Profile::default()).expect("the empty profile is valid")
    }
}

impl Analyzer {
    /// An analyzer for the practice described by `profile`.
    pub fn new(profile: &Profile) -> Result<Analyzer, ProfileError> {
        profile.validate(None)?;
        let mut recognizers = recognizers::builtin();
        for spec in &profile.recognizers {
            if let Some(r) = CustomRecognizer::from_spec(spec) {
                recognizers.push(Box::new(r));
            }
        }
        Ok(Analyzer {
            recognizers,
            allowlist: Allowlist::new(&profile.practice),
            flag_terms: profile
                .flag
                .terms
                .iter()
                .map(|t| t.trim().to_lowercase())
                .filter(|t| !t.is_empty())
                .collect(),
            disabled: profile
                .rules
                .disabled
                .iter()
                .map(|r| r.get_ref().clone())
                .collect(),
            severity: profile
                .rules
                .severity
                .iter()
                .filter_map(|(k, v)| Severity::parse(v.get_ref()).map(|s| (k.clone(), s)))
                .collect(),
            roster: None,
            options: AnalyzerOptions::default(),
            business_account: !profile
                .practice
                .account_type
                .as_ref()
                .is_some_and(|t| t.get_ref().trim().eq_ignore_ascii_case("personal")),
            practice: profile.practice.clone(),
            templates: crate::reply::Templates::builtin().clone(),
            safe_templates: Default::default(),
        })
    }

    /// Replaces the options.
    pub fn with_options(mut self, options: AnalyzerOptions) -> Self {
        self.options = options;
        self
    }

    /// Replaces the reply templates (the practice's own file).
    /// The reply templates the analyzer suggests from (built-in or the practice's own).
    pub fn templates(&self) -> &crate::reply::Templates {
        &self.templates
    }

    pub fn with_templates(mut self, templates: crate::reply::Templates) -> Self {
        self.templates = templates;
        self.safe_templates = Default::default();
        self
    }

    /// Adds the known-patient roster.
    pub fn with_roster(mut self, roster: Roster) -> Self {
        self.roster = Some(roster);
        self
    }

    pub fn options(&self) -> &AnalyzerOptions {
        &self.options
    }

    /// Checks the size limit.
    pub fn check_size(&self, text: &str) -> Result<(), InputError> {
        if text.len() > self.options.max_input_bytes {
            Err(InputError::TooLarge {
                bytes: text.len(),
                limit: self.options.max_input_bytes,
            })
        } else {
            Ok(())
        }
    }

    /// Finds and resolves the entities of a text (byte offsets), with a flag per entity
    /// telling whether it is one of the practice's own details.
    pub fn entities(&self, input: &Input) -> Result<(Vec<Entity>, Vec<bool>), InputError> {
        self.check_size(input.text)?;
        let scan =
            Scan::new(input.text, input.kind).with_reference_year(self.options.reference_year);
        Ok(self.entities_of(&scan))
    }

    fn entities_of(&self, scan: &Scan) -> (Vec<Entity>, Vec<bool>) {
        let mut found = Vec::new();
        for r in &self.recognizers {
            r.recognize(scan, &mut found);
        }
        if let Some(roster) = &self.roster {
            roster.recognize(scan, &mut found);
        }
        let entities = resolve(found);
        let allowlisted = entities
            .iter()
            .map(|e| self.allowlist.allows(e, scan.text))
            .collect();
        (entities, allowlisted)
    }

    /// What a reply needs to know of the text it answers: its lower-cased health terms
    /// (conditions, procedures, medications), for echoes, and, when `with_triage`, its
    /// triage. Over-long texts give none.
    fn answered(
        &self,
        text: &str,
        with_triage: bool,
    ) -> (Vec<String>, Option<crate::triage::Triage>) {
        if self.check_size(text).is_err() {
            return (Vec::new(), None);
        }
        let scan = Scan::new(text, crate::Kind::Comment);
        let (entities, allowlisted) = self.entities_of(&scan);
        let words = Words::new(&scan, &entities, &[]);
        let triage = with_triage
            .then(|| self.triage_of(&words, text, crate::Kind::Comment, &entities, &allowlisted));
        let mut terms = words.health_terms();
        terms.sort();
        terms.dedup();
        (terms, triage)
    }

    /// Classifies an incoming comment or review (any input is accepted; the class describes
    /// the text as if it had come from the public).
    pub fn triage(&self, input: &Input) -> Result<crate::triage::Triage, InputError> {
        self.check_size(input.text)?;
        let scan =
            Scan::new(input.text, input.kind).with_reference_year(self.options.reference_year);
        let (entities, allowlisted) = self.entities_of(&scan);
        let words = Words::new(&scan, &entities, &[]);
        Ok(self.triage_of(&words, input.text, input.kind, &entities, &allowlisted))
    }

    /// Triage from a text's words and entities (a URL, e-mail or handle that is not the
    /// practice's counts as a link).
    fn triage_of(
        &self,
        words: &Words,
        text: &str,
        kind: crate::Kind,
        entities: &[Entity],
        allowlisted: &[bool],
    ) -> crate::triage::Triage {
        let has_link = entities.iter().zip(allowlisted).any(|(e, &a)| {
            !a && matches!(
                e.entity_type,
                EntityType::Url | EntityType::Email | EntityType::OtherId
            )
        });
        crate::triage::classify(words, text, kind, has_link)
    }

    /// Analyses one input. Incoming comments and reviews also get their triage and safe
    /// replies; a draft that does not pass gets safe replies (when it answers something) and
    /// a rewrite that passes.
    pub fn analyze(&self, input: &Input) -> Result<Report, InputError> {
        self.analyze_with(input, true, None)
    }

    /// Analyses one input without triage, suggestions or rewrite.
    pub fn check(&self, input: &Input) -> Result<Report, InputError> {
        self.analyze_with(input, false, None)
    }

    /// True when `text`, sent as `kind`, passes.
    fn passes(&self, text: &str, kind: crate::Kind) -> bool {
        self.check(&Input::new(text, kind))
            .is_ok_and(|r| r.passes())
    }

    /// The filled templates of a class that pass the check as replies, at most `n`.
    /// Templates are checked once per analyzer and kind, then reused.
    fn safe_templates(&self, class: &str, kind: crate::Kind, n: usize) -> Vec<String> {
        let cache = match kind {
            crate::Kind::Post => &self.safe_templates[0],
            _ => &self.safe_templates[1],
        };
        let Some(index) = crate::reply::TEMPLATE_CLASSES
            .iter()
            .position(|c| *c == class)
        else {
            return Vec::new();
        };
        let cache = cache.get_or_init(Default::default);
        cache[index]
            .get_or_init(|| {
                self.templates
                    .filled(class, &self.practice)
                    .into_iter()
                    .filter(|t| self.passes(t, kind))
                    .collect()
            })
            .iter()
            .take(n)
            .cloned()
            .collect()
    }

    /// Rewrites a draft: drops the sentences a conduct rule flags, generalises the
    /// identifiers that count, keeps the rest, adds an invitation to call when a reply lost
    /// something, and falls back to a template when nothing safe remains.
    fn rewrite(
        &self,
        input: &Input,
        entities: &[Entity],
        raw: &[RawFinding],
        replying_health: &[String],
        fallback_class: &str,
    ) -> Option<String> {
        let text = input.text;
        let flagged: Vec<&RawFinding> = raw
            .iter()
            .filter(|f| f.severity >= Severity::Review)
            .collect();
        let mut kept = Vec::new();
        let mut dropped = false;
        for (s, e) in crate::reply::sentences(text) {
            let hits: Vec<&&RawFinding> = flagged
                .iter()
                .filter(|f| f.start < e.max(s + 1) && s < f.end)
                .collect();
            // A conduct finding, or an identifier that runs past the sentence, takes the
            // whole sentence out.
            if hits
                .iter()
                .any(|f| f.entity_type.is_none() || f.start < s || f.end > e)
            {
                dropped = true;
                continue;
            }
            let ids: Vec<Entity> = entities
                .iter()
                .filter(|x| {
                    hits.iter()
                        .any(|f| f.entity_type.is_some() && f.start == x.start && f.end == x.end)
                })
                .map(|x| {
                    let mut x = x.clone();
                    x.start -= s;
                    x.end -= s;
                    x
                })
                .collect();
            let refs: Vec<&Entity> = ids.iter().collect();
            kept.push(crate::redact::redact(
                &text[s..e],
                &refs,
                crate::RedactMode::Generalize,
                &[],
            ));
        }
        let mut draft = crate::reply::join_sentences(&kept);
        let kind = input.kind;
        // A reply that lost something ends by taking the conversation offline (a thank-you
        // needs no such line).
        if kind == crate::Kind::Reply
            && dropped
            && fallback_class != "praise"
            && crate::reply::word_count(&draft) >= 3
        {
            let lower = draft.to_lowercase();
            if !lower.contains("call") && !lower.contains("reach out") {
                if let Some(invite) = self.safe_templates("invite", kind, 1).pop() {
                    draft = crate::reply::join_sentences(&[draft, invite]);
                }
            }
        }
        let rewritten = Input {
            text: &draft,
            ..*input
        };
        // Checked like the draft, against the same answered text (its health terms are
        // already known).
        if crate::reply::word_count(&draft) >= 3 && self.rewrite_passes(&rewritten, replying_health)
        {
            return Some(draft);
        }
        let class = if kind == crate::Kind::Post {
            "post"
        } else {
            fallback_class
        };
        self.safe_templates(class, kind, 1).pop()
    }

    /// Builds the rule context of an input (scan, entities, what it answers) and hands it to
    /// `f` with the triage of the answered text (when `replies` asked for it).
    /// `known_answered` gives the health terms of `replying_to` when the caller already has
    /// them.
    fn with_context<R>(
        &self,
        input: &Input,
        replies: bool,
        known_answered: Option<&[String]>,
        f: impl FnOnce(&RuleContext, Option<crate::triage::Triage>) -> R,
    ) -> Result<R, InputError> {
        self.check_size(input.text)?;
        let scan =
            Scan::new(input.text, input.kind).with_reference_year(self.options.reference_year);
        let (entities, allowlisted) = self.entities_of(&scan);
        let (replying_health, answered_triage): (std::borrow::Cow<[String]>, _) =
            match (input.replying_to, known_answered) {
                (Some(_), Some(known)) if input.kind == crate::Kind::Reply => (known.into(), None),
                (Some(answered), None) if input.kind == crate::Kind::Reply => {
                    let (terms, triage) = self.answered(answered, replies);
                    (terms.into(), triage)
                }
                _ => (Vec::new().into(), None),
            };
        let cx = RuleContext {
            input,
            scan: &scan,
            entities: &entities,
            allowlisted: &allowlisted,
            allowlist: &self.allowlist,
            flag_terms: &self.flag_terms,
            replying_health: &replying_health,
            business_account: self.business_account,
            words: std::cell::OnceCell::new(),
            quoted_voice: std::cell::OnceCell::new(),
            classifier_scores: std::cell::OnceCell::new(),
            conduct_findings: Default::default(),
        };
        Ok(f(&cx, answered_triage))
    }

    /// The raw findings of every enabled rule, with the profile's severities, sorted by
    /// position. With `stop_at_review`, stops after the first rule that makes a finding of
    /// review severity or above (enough to know the verdict is not pass).
    fn run_rules(&self, cx: &RuleContext, stop_at_review: bool) -> Vec<RawFinding> {
        let mut raw: Vec<RawFinding> = Vec::new();
        for rule in rules::registry() {
            let meta = rule.meta();
            if self.disabled.iter().any(|d| d == meta.id) {
                continue;
            }
            let before = raw.len();
            rule.check(cx, &mut raw);
            if let Some(&s) = self.severity.get(meta.id) {
                for f in &mut raw[before..] {
                    if f.severity == meta.default_severity {
                        f.severity = s;
                    }
                }
            }
            if stop_at_review && raw[before..].iter().any(|f| f.severity >= Severity::Review) {
                break;
            }
        }
        raw.sort_by(|a, b| a.start.cmp(&b.start).then(b.severity.cmp(&a.severity)));
        raw
    }

    /// Whether a rewritten draft passes, checked like the draft against the same answered
    /// text, without building a report.
    fn rewrite_passes(&self, input: &Input, known_answered: &[String]) -> bool {
        self.with_context(input, false, Some(known_answered), |cx, _| {
            self.run_rules(cx, true)
                .iter()
                .all(|f| f.severity < Severity::Review)
        })
        .unwrap_or(false)
    }

    /// Analyses an input; `replies` adds triage, suggestions and rewrite.
    fn analyze_with(
        &self,
        input: &Input,
        replies: bool,
        known_answered: Option<&[String]>,
    ) -> Result<Report, InputError> {
        self.with_context(input, replies, known_answered, |cx, answered_triage| {
            self.report(cx, replies, answered_triage)
        })
    }

    /// The report of an input from its rule context.
    fn report(
        &self,
        cx: &RuleContext,
        replies: bool,
        answered_triage: Option<crate::triage::Triage>,
    ) -> Report {
        let input = cx.input;
        let entities = cx.entities;
        let allowlisted = cx.allowlisted;
        let replying_health = cx.replying_health;
        let raw = self.run_rules(cx, false);

        let mut triage = None;
        let mut suggestions = Vec::new();
        let mut rewrite = None;
        if replies {
            let flagged = raw.iter().any(|f| f.severity >= Severity::Review);
            if !input.kind.is_outgoing() {
                let t = self.triage_of(cx.words(), input.text, input.kind, entities, allowlisted);
                suggestions = self.safe_templates(t.class.as_str(), crate::Kind::Reply, 3);
                triage = Some(t);
            } else if flagged {
                // The class of what the draft answers decides the safe replies.
                let class = answered_triage
                    .as_ref()
                    .map_or(crate::TriageClass::OfficeRequest, |t| t.class);
                if input.kind == crate::Kind::Reply {
                    suggestions = self.safe_templates(class.as_str(), crate::Kind::Reply, 3);
                }
                rewrite = self.rewrite(input, entities, &raw, replying_health, class.as_str());
            }
        }

        let offsets = CharOffsets::new(input.text);
        let findings: Vec<Finding> = raw
            .into_iter()
            .map(|f| Finding {
                rule: f.rule.to_string(),
                category: f.category.as_str().to_string(),
                severity: f.severity,
                start: offsets.to_char(f.start),
                end: offsets.to_char(f.end),
                message: f.message,
                fix: f.fix,
                entity_type: f.entity_type,
                score: round2(f.score),
            })
            .collect();
        let entities: Vec<ReportEntity> = entities
            .iter()
            .zip(allowlisted)
            .map(|(e, &allowed)| ReportEntity {
                entity_type: e.entity_type,
                start: offsets.to_char(e.start),
                end: offsets.to_char(e.end),
                score: round2(e.score),
                recognizer: e.recognizer.to_string(),
                allowlisted: allowed,
                explanation: ReportExplanation {
                    pattern: e.explanation.pattern.to_string(),
                    validation: e.explanation.validation.as_ref().map(|v| v.to_string()),
                    context: e
                        .explanation
                        .context
                        .map(|(s, t)| input.text[s..t].to_string()),
                },
            })
            .collect();
        Report {
            schema_version: crate::SCHEMA_VERSION.to_string(),
            id: input.id.map(str::to_string),
            kind: input.kind,
            verdict: Verdict::from_findings(&findings),
            findings,
            entities,
            triage,
            suggestions,
            rewrite,
        }
    }
}

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

/// Resolves overlapping candidates. Among identifiers, the better explanation of a stretch of
/// text wins: higher score, then longer span. Health terms are resolved among themselves
/// (longest first) and may overlap identifiers, except that a PERSON or LOCATION inside a
/// health term ("Parkinson's disease", "Lyme disease") gives way to it unless it is certain.
pub fn resolve(mut found: Vec<Entity>) -> Vec<Entity> {
    found.retain(|e| e.start < e.end);
    found.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.len().cmp(&a.len()))
            .then(a.start.cmp(&b.start))
            .then(a.entity_type.cmp(&b.entity_type))
    });
    let mut kept: Vec<Entity> = Vec::with_capacity(found.len());
    // Health terms first (longest wins), so identifiers can be checked against them.
    let mut health: Vec<&Entity> = found.iter().filter(|e| e.entity_type.is_health()).collect();
    health.sort_by(|a, b| b.len().cmp(&a.len()).then(a.start.cmp(&b.start)));
    for h in health {
        if !kept.iter().any(|k| k.overlaps(h)) {
            kept.push(h.clone());
        }
    }
    let health_count = kept.len();
    for e in found.iter().filter(|e| e.entity_type.is_identifier()) {
        // "Lyme disease", "Parkinson's disease": a place or a name inside a health term.
        if matches!(e.entity_type, EntityType::Person | EntityType::Location)
            && e.score < 0.95
            && kept[..health_count]
                .iter()
                .any(|h| h.start <= e.start && e.end <= h.end)
        {
            continue;
        }
        if kept[health_count..].iter().any(|k| k.overlaps(e)) {
            continue;
        }
        kept.push(e.clone());
    }
    kept.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
    kept
}
