//! Time spent by each cue file over the identifier corpus (profiling aid).
use std::time::Instant;
use tact_engine::conduct::{cue_set, cues::Words, CUE_FILES};
use tact_engine::eval::parse_labeled;
use tact_engine::text::Scan;
use tact_engine::{Analyzer, Input, Kind};

fn main() {
    let corpus = include_str!("../../../tests/corpus/identifiers/social.jsonl");
    let texts: Vec<String> = corpus
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            parse_labeled(v["text"].as_str().unwrap()).unwrap().0
        })
        .collect();
    let analyzer = Analyzer::default();
    let prepared: Vec<_> = texts
        .iter()
        .map(|t| {
            (
                Scan::new(t, Kind::Post),
                analyzer.entities(&Input::post(t)).unwrap().0,
            )
        })
        .collect();
    // CUE_FILE=name measures one file (for profiling one file under callgrind).
    let only = std::env::var("CUE_FILE").ok();
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    for (name, _) in CUE_FILES {
        if only.as_deref().is_some_and(|o| o != *name) {
            continue;
        }
        let set = cue_set(name);
        let start = Instant::now();
        let mut hits = 0;
        for _ in 0..rounds {
            for (scan, entities) in &prepared {
                let words = Words::new(scan, entities, &[]);
                hits += set.find(&words, Kind::Reply).len();
            }
        }
        let per = start.elapsed().as_secs_f64() * 1e6 / (rounds as f64 * prepared.len() as f64);
        println!("{name:<20} {per:>8.1} µs per item ({hits} hits)");
    }
}
