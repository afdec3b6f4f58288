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
    for (name, _) in CUE_FILES {
        let set = cue_set(name);
        let start = Instant::now();
        let mut hits = 0;
        for _ in 0..5 {
            for (scan, entities) in &prepared {
                let words = Words::new(scan, entities, &[]);
                hits += set.find(&words, Kind::Reply).len();
            }
        }
        let per = start.elapsed().as_secs_f64() * 1e6 / (5.0 * prepared.len() as f64);
        println!("{name:<20} {per:>8.1} µs per item ({hits} hits)");
    }
}
