//! The conduct rules and triage on the labeled replies corpus (`tests/corpus/replies`):
//! precision and recall per rule, the share of compliant drafts flagged, triage accuracy,
//! and every suggested reply and rewrite passing Tact's own check.

use std::path::Path;
use tact_engine::eval::{ConductEvaluation, ConductItem};
use tact_engine::{Analyzer, Input, Kind, Profile};

fn analyzer() -> Analyzer {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let profile = Profile::from_toml(
        &std::fs::read_to_string(root.join("examples/demo-practice/tact.toml")).unwrap(),
    )
    .unwrap();
    Analyzer::new(&profile).unwrap()
}

fn corpus() -> Vec<ConductItem> {
    items_in("replies")
}

fn items_in(folder: &str) -> Vec<ConductItem> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/corpus")
        .join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut items = Vec::new();
    for f in files {
        for (n, line) in std::fs::read_to_string(&f).unwrap().lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let item: ConductItem = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", f.display(), n + 1));
            items.push(item);
        }
    }
    items
}

/// The targets: recall of at least 0.95 on every rule, at most 3% of compliant drafts flagged,
/// triage accuracy of at least 0.9 (measured figures in docs/accuracy.md).
const RECALL_FLOORS: &[(&str, f64)] = &[
    ("acknowledgement", 0.95),
    ("patient-case", 0.95),
    ("medical-advice", 0.95),
    ("testimonial", 0.95),
    ("professionalism", 0.95),
    ("public-invitation", 0.95),
    ("crisis", 0.95),
];
const MIN_PRECISION: f64 = 0.9;
const MAX_FALSE_ALARMS: f64 = 0.03;
const MIN_TRIAGE_ACCURACY: f64 = 0.9;

#[test]
fn the_corpus_is_large_and_half_compliant() {
    let items = corpus();
    assert!(items.len() >= 600, "{} items", items.len());
    let drafts: Vec<_> = items.iter().filter(|i| i.kind.is_outgoing()).collect();
    let compliant = drafts.iter().filter(|i| i.expect.is_empty()).count();
    assert!(
        compliant * 2 >= drafts.len(),
        "{compliant} of {}",
        drafts.len()
    );
    let mut ids = std::collections::HashSet::new();
    for i in &items {
        assert!(ids.insert(&i.id), "duplicate id {}", i.id);
        assert_eq!(i.triage.is_some(), !i.kind.is_outgoing(), "{}", i.id);
    }
}

#[test]
fn rules_and_triage_meet_their_floors() {
    let analyzer = analyzer();
    let mut eval = ConductEvaluation::default();
    for item in corpus() {
        eval.add_item(&analyzer, &item).unwrap();
    }
    println!("{}", eval.table());
    for (rule, floor) in RECALL_FLOORS {
        let c = eval.by_rule[rule];
        assert!(
            c.recall() >= *floor,
            "{rule}: recall {:.3} < {floor}",
            c.recall()
        );
        assert!(
            c.precision() >= MIN_PRECISION,
            "{rule}: precision {:.3}",
            c.precision()
        );
    }
    assert!(
        eval.false_alarm_rate() <= MAX_FALSE_ALARMS,
        "{:.3} of compliant drafts flagged",
        eval.false_alarm_rate()
    );
    assert!(
        eval.triage_accuracy() >= MIN_TRIAGE_ACCURACY,
        "triage accuracy {:.3}",
        eval.triage_accuracy()
    );
}

/// The sealed held-out set (written blind, never read to change a rule) guards against
/// losing generality: floors below its measured figures (docs/accuracy.md).
#[test]
fn the_sealed_held_out_set_keeps_its_level() {
    let analyzer = analyzer();
    let mut eval = ConductEvaluation::default();
    let items = items_in("heldout");
    assert!(items.len() >= 150, "{} held-out items", items.len());
    for item in items {
        eval.add_item(&analyzer, &item).unwrap();
    }
    println!("{}", eval.table());
    for rule in tact_engine::eval::CONDUCT_RULES {
        let c = eval.by_rule[rule];
        assert!(
            c.recall() >= 0.6,
            "{rule}: held-out recall {:.3}",
            c.recall()
        );
        assert!(
            c.precision() >= 0.8,
            "{rule}: held-out precision {:.3}",
            c.precision()
        );
    }
    assert!(
        eval.false_alarm_rate() <= 0.05,
        "{:.3}",
        eval.false_alarm_rate()
    );
    // The target, met on the sealed sets since triage asks its model where the cues
    // say little (0.934 measured).
    assert!(
        eval.triage_accuracy() >= 0.9,
        "{:.3}",
        eval.triage_accuracy()
    );
}

#[test]
fn every_suggestion_and_rewrite_passes_the_check() {
    let analyzer = analyzer();
    let mut suggestions = 0;
    let mut rewrites = 0;
    for item in corpus() {
        let input = Input {
            id: Some(&item.id),
            text: &item.text,
            kind: item.kind,
            replying_to: item.replying_to.as_deref(),
            authorization_ids: &item.authorization_ids,
        };
        let report = analyzer.analyze(&input).unwrap();
        if !item.kind.is_outgoing() {
            assert!(!report.suggestions.is_empty(), "{}: no suggestion", item.id);
        }
        // A suggestion answers the incoming item itself, or what the draft answers.
        let answered = if item.kind.is_outgoing() {
            item.replying_to.as_deref()
        } else {
            Some(item.text.as_str())
        };
        for s in &report.suggestions {
            suggestions += 1;
            let answer = Input {
                replying_to: answered,
                ..Input::new(s, Kind::Reply)
            };
            let r = analyzer.check(&answer).unwrap();
            assert!(
                r.passes(),
                "{}: suggestion {s:?} fails: {:?}",
                item.id,
                r.findings
            );
        }
        if !report.passes() && item.kind.is_outgoing() {
            let rewrite = report
                .rewrite
                .as_deref()
                .unwrap_or_else(|| panic!("{}: flagged draft without a rewrite", item.id));
            rewrites += 1;
            let r = analyzer
                .check(&Input {
                    text: rewrite,
                    ..input
                })
                .unwrap();
            assert!(
                r.passes(),
                "{}: rewrite {rewrite:?} fails: {:?}",
                item.id,
                r.findings
            );
        }
    }
    assert!(
        suggestions > 300 && rewrites > 100,
        "{suggestions} suggestions, {rewrites} rewrites"
    );
}

#[test]
fn analysis_is_deterministic() {
    let analyzer = analyzer();
    for item in corpus().iter().take(80) {
        let input = Input {
            text: &item.text,
            kind: item.kind,
            replying_to: item.replying_to.as_deref(),
            ..Input::default()
        };
        assert_eq!(
            analyzer.analyze(&input).unwrap(),
            analyzer.analyze(&input).unwrap()
        );
    }
}

#[test]
fn a_case_blocks_with_a_date_tied_to_the_patient_not_with_an_announcement_date() {
    let analyzer = analyzer();
    let severity = |text: &str| {
        let report = analyzer.analyze(&Input::post(text)).unwrap();
        report
            .findings
            .iter()
            .find(|f| f.rule == "patient-case")
            .unwrap_or_else(|| panic!("no patient-case finding in {text:?}"))
            .severity
    };
    let story = "Crazy night in the ER: a patient came in with a rare tumour and refused surgery.";
    assert_eq!(severity(story), tact_engine::Severity::Review);
    assert_eq!(
        severity(&format!("{story} Our office is closed on December 24.")),
        tact_engine::Severity::Review
    );
    assert_eq!(
        severity("Crazy night in the ER: a patient came in on December 24 with a rare tumour and refused surgery."),
        tact_engine::Severity::Block
    );
    assert_eq!(
        severity(&format!("{story} Get well soon, Maria Delgado!")),
        tact_engine::Severity::Block
    );
}
