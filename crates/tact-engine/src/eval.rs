//! Scoring against labeled text: parses the corpus markup (`⟦TYPE|surface⟧`, see
//! `tests/corpus/README.md`) and counts true and false positives per entity type.

use crate::analyzer::Analyzer;
use crate::entity::EntityType;
use crate::input::Input;
use std::collections::BTreeMap;
use std::fmt::Write as _;

const OPEN: char = '\u{27E6}';
const CLOSE: char = '\u{27E7}';

/// A labeled span: type and byte offsets in the plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldSpan {
    pub entity_type: EntityType,
    pub start: usize,
    pub end: usize,
}

/// Removes the markup from a labeled text, returning the plain text and the labeled spans.
pub fn parse_labeled(marked: &str) -> Result<(String, Vec<GoldSpan>), String> {
    let mut plain = String::with_capacity(marked.len());
    let mut spans = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find(OPEN) {
        plain.push_str(&rest[..open]);
        let after = &rest[open + OPEN.len_utf8()..];
        let bar = after
            .find('|')
            .ok_or_else(|| format!("label at byte {open} has no '|'"))?;
        let close = after
            .find(CLOSE)
            .ok_or_else(|| format!("label at byte {open} is not closed"))?;
        if close < bar {
            return Err(format!("label at byte {open} has no type"));
        }
        let type_name = &after[..bar];
        let entity_type =
            EntityType::parse(type_name).ok_or_else(|| format!("unknown type {type_name:?}"))?;
        let surface = &after[bar + 1..close];
        if surface.contains(OPEN) {
            return Err(format!("nested label at byte {open}"));
        }
        let start = plain.len();
        plain.push_str(surface);
        spans.push(GoldSpan {
            entity_type,
            start,
            end: plain.len(),
        });
        rest = &after[close + CLOSE.len_utf8()..];
    }
    if rest.contains(CLOSE) {
        return Err("a closing bracket without an opening one".into());
    }
    plain.push_str(rest);
    Ok((plain, spans))
}

/// Counts for one entity type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Labeled spans.
    pub gold: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// Labeled spans overlapped by a prediction of the same type.
    pub found: usize,
    /// Predictions that overlap a labeled span of the same type.
    pub correct: usize,
    /// Predictions with exactly a labeled span's offsets.
    pub exact: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.correct as f64 / self.predicted as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.found as f64 / self.gold as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.found += o.found;
        self.correct += o.correct;
        self.exact += o.exact;
    }
}

/// One disagreement, for `--errors`.
#[derive(Clone, Debug)]
pub struct Miss {
    pub item: String,
    pub entity_type: EntityType,
    /// "missed" (a labeled span no prediction overlaps) or "spurious" (a prediction no label
    /// overlaps).
    pub what: &'static str,
    pub surface: String,
    pub score: f32,
}

/// The scores of a corpus.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    pub items: usize,
    pub items_without_identifiers: usize,
    pub by_type: BTreeMap<EntityType, Counts>,
    pub misses: Vec<Miss>,
}

impl Evaluation {
    /// Scores one labeled item: predictions are the analyzer's identifier entities that would
    /// become findings (score at or above the threshold, not the practice's own details).
    pub fn add_item(
        &mut self,
        analyzer: &Analyzer,
        item_id: &str,
        input: &Input,
        gold: &[GoldSpan],
    ) {
        self.items += 1;
        if gold.is_empty() {
            self.items_without_identifiers += 1;
        }
        let Ok((entities, allowlisted)) = analyzer.entities(input) else {
            return;
        };
        let predicted: Vec<_> = entities
            .iter()
            .zip(&allowlisted)
            .filter(|(e, a)| {
                !**a && e.entity_type.is_identifier() && e.score >= crate::FINDING_THRESHOLD
            })
            .map(|(e, _)| e)
            .collect();
        let text = input.text;
        for t in EntityType::ALL.iter().filter(|t| t.is_identifier()) {
            let g: Vec<&GoldSpan> = gold.iter().filter(|s| s.entity_type == *t).collect();
            let p: Vec<_> = predicted.iter().filter(|e| e.entity_type == *t).collect();
            if g.is_empty() && p.is_empty() {
                continue;
            }
            let c = self.by_type.entry(*t).or_default();
            c.gold += g.len();
            c.predicted += p.len();
            for s in &g {
                if p.iter().any(|e| e.start < s.end && s.start < e.end) {
                    c.found += 1;
                } else {
                    self.misses.push(Miss {
                        item: item_id.to_string(),
                        entity_type: *t,
                        what: "missed",
                        surface: text[s.start..s.end].to_string(),
                        score: 0.0,
                    });
                }
            }
            for e in &p {
                if g.iter().any(|s| e.start < s.end && s.start < e.end) {
                    c.correct += 1;
                    if g.iter().any(|s| e.start == s.start && e.end == s.end) {
                        c.exact += 1;
                    }
                } else {
                    self.misses.push(Miss {
                        item: item_id.to_string(),
                        entity_type: *t,
                        what: "spurious",
                        surface: text[e.start..e.end].to_string(),
                        score: e.score,
                    });
                }
            }
        }
    }

    /// Totals over all identifier types.
    pub fn total(&self) -> Counts {
        let mut t = Counts::default();
        for c in self.by_type.values() {
            t.add(c);
        }
        t
    }

    /// A plain-text table: one row per entity type, then the total.
    pub fn table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{:<22} {:>6} {:>6} {:>9} {:>9} {:>9} {:>9}",
            "entity type", "gold", "pred", "precision", "recall", "f1", "exact"
        );
        let row = |s: &mut String, name: &str, c: &Counts| {
            let exact = if c.correct == 0 {
                1.0
            } else {
                c.exact as f64 / c.correct as f64
            };
            let _ = writeln!(
                s,
                "{:<22} {:>6} {:>6} {:>9.3} {:>9.3} {:>9.3} {:>9.3}",
                name,
                c.gold,
                c.predicted,
                c.precision(),
                c.recall(),
                c.f1(),
                exact
            );
        };
        for (t, c) in &self.by_type {
            row(&mut s, t.as_str(), c);
        }
        row(&mut s, "ALL IDENTIFIERS", &self.total());
        let _ = writeln!(
            s,
            "{} items, {} without identifiers",
            self.items, self.items_without_identifiers
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_markup_into_plain_text_and_spans() {
        let (plain, spans) = parse_labeled("Mrs. ⟦PERSON|Garcia⟧ on ⟦DATE|3/14⟧.").unwrap();
        assert_eq!(plain, "Mrs. Garcia on 3/14.");
        assert_eq!(&plain[spans[0].start..spans[0].end], "Garcia");
        assert_eq!(spans[1].entity_type, EntityType::Date);
        assert!(parse_labeled("⟦NOPE|x⟧").is_err());
        assert!(parse_labeled("⟦PERSON|x").is_err());
        assert!(parse_labeled("x⟧").is_err());
    }
}

/// The conduct rules scored on the replies corpus.
pub const CONDUCT_RULES: [&str; 7] = [
    "acknowledgement",
    "patient-case",
    "medical-advice",
    "testimonial",
    "professionalism",
    "public-invitation",
    "crisis",
];

/// One item of the replies corpus with its labels.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConductItem {
    pub id: String,
    pub kind: crate::input::Kind,
    pub text: String,
    #[serde(default)]
    pub replying_to: Option<String>,
    pub expect: Vec<String>,
    #[serde(default)]
    pub triage: Option<String>,
    #[serde(default)]
    pub authorization_ids: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Rule and triage counts over the replies corpus.
#[derive(Clone, Debug, Default)]
pub struct ConductEvaluation {
    /// Per rule: `gold` items expecting it, `predicted` items where it fired, `found` and
    /// `correct` items where both hold.
    pub by_rule: BTreeMap<&'static str, Counts>,
    pub drafts: usize,
    pub compliant_drafts: usize,
    /// Compliant drafts whose verdict is not `pass`.
    pub compliant_flagged: usize,
    /// Per triage class: gold, predicted, correct.
    pub by_class: BTreeMap<crate::triage::TriageClass, Counts>,
    pub triaged: usize,
    pub triaged_correctly: usize,
    /// (item, what, detail) for `--errors`.
    pub misses: Vec<(String, String, String)>,
}

impl ConductEvaluation {
    /// Scores one item.
    pub fn add_item(&mut self, analyzer: &Analyzer, item: &ConductItem) -> Result<(), String> {
        for r in &item.expect {
            if !CONDUCT_RULES.contains(&r.as_str()) {
                return Err(format!("unknown rule {r:?} in expect"));
            }
        }
        let input = Input {
            id: Some(&item.id),
            text: &item.text,
            kind: item.kind,
            replying_to: item.replying_to.as_deref(),
            authorization_ids: &item.authorization_ids,
        };
        let report = analyzer.analyze(&input).map_err(|e| e.to_string())?;
        let fired: Vec<&'static str> = CONDUCT_RULES
            .iter()
            .copied()
            .filter(|r| {
                report
                    .findings
                    .iter()
                    .any(|f| f.rule == *r && f.severity >= crate::report::Severity::Review)
            })
            .collect();
        let outgoing = item.kind.is_outgoing();
        for r in CONDUCT_RULES {
            if outgoing == (r == "crisis") {
                continue;
            }
            let expected = item.expect.iter().any(|e| e == r);
            let got = fired.contains(&r);
            let c = self.by_rule.entry(r).or_default();
            c.gold += usize::from(expected);
            c.predicted += usize::from(got);
            if expected && got {
                c.found += 1;
                c.correct += 1;
                c.exact += 1;
            } else if expected {
                self.misses
                    .push((item.id.clone(), format!("missed {r}"), item.text.clone()));
            } else if got {
                let why = report
                    .findings
                    .iter()
                    .filter(|f| f.rule == r)
                    .map(|f| {
                        let span: String = item
                            .text
                            .chars()
                            .skip(f.start)
                            .take(f.end - f.start)
                            .collect();
                        format!("{span:?} ({})", f.message)
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                self.misses
                    .push((item.id.clone(), format!("spurious {r}"), why));
            }
        }
        if outgoing {
            self.drafts += 1;
            if item.expect.is_empty() {
                self.compliant_drafts += 1;
                if !report.passes() {
                    self.compliant_flagged += 1;
                    let rules: Vec<&str> = report
                        .findings
                        .iter()
                        .filter(|f| f.severity >= crate::report::Severity::Review)
                        .map(|f| f.rule.as_str())
                        .collect();
                    self.misses.push((
                        item.id.clone(),
                        "flagged compliant".into(),
                        format!("{} [{}]", item.text, rules.join(", ")),
                    ));
                }
            }
        } else if let Some(gold) = &item.triage {
            let gold = crate::triage::TriageClass::parse(gold)
                .ok_or_else(|| format!("unknown triage class {gold:?}"))?;
            let got = analyzer.triage(&input).map_err(|e| e.to_string())?.class;
            self.triaged += 1;
            self.by_class.entry(gold).or_default().gold += 1;
            self.by_class.entry(got).or_default().predicted += 1;
            if gold == got {
                self.triaged_correctly += 1;
                let c = self.by_class.entry(gold).or_default();
                c.found += 1;
                c.correct += 1;
            } else {
                self.misses.push((
                    item.id.clone(),
                    format!("triage {gold} as {got}"),
                    item.text.clone(),
                ));
            }
        }
        Ok(())
    }

    /// Share of compliant drafts flagged.
    pub fn false_alarm_rate(&self) -> f64 {
        if self.compliant_drafts == 0 {
            0.0
        } else {
            self.compliant_flagged as f64 / self.compliant_drafts as f64
        }
    }

    /// Share of incoming items triaged correctly.
    pub fn triage_accuracy(&self) -> f64 {
        if self.triaged == 0 {
            1.0
        } else {
            self.triaged_correctly as f64 / self.triaged as f64
        }
    }

    /// A plain-text report: one row per rule, the false-alarm rate, one row per class.
    pub fn table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{:<22} {:>6} {:>6} {:>9} {:>9} {:>9}",
            "rule", "gold", "fired", "precision", "recall", "f1"
        );
        for (r, c) in &self.by_rule {
            let _ = writeln!(
                s,
                "{:<22} {:>6} {:>6} {:>9.3} {:>9.3} {:>9.3}",
                r,
                c.gold,
                c.predicted,
                c.precision(),
                c.recall(),
                c.f1()
            );
        }
        let _ = writeln!(
            s,
            "compliant drafts flagged: {} of {} ({:.1}%)",
            self.compliant_flagged,
            self.compliant_drafts,
            100.0 * self.false_alarm_rate()
        );
        let _ = writeln!(
            s,
            "\n{:<22} {:>6} {:>6} {:>9} {:>9}",
            "triage class", "gold", "pred", "precision", "recall"
        );
        for (k, c) in &self.by_class {
            let _ = writeln!(
                s,
                "{:<22} {:>6} {:>6} {:>9.3} {:>9.3}",
                k.as_str(),
                c.gold,
                c.predicted,
                c.precision(),
                c.recall()
            );
        }
        let _ = writeln!(
            s,
            "triage accuracy: {:.3} ({} of {})",
            self.triage_accuracy(),
            self.triaged_correctly,
            self.triaged
        );
        s
    }
}
