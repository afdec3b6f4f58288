//! Time spent in each recognizer over the labeled corpus, for finding where analysis time
//! goes: `cargo run --release -p tact-engine --example recognizer_costs`.

use std::time::Instant;
use tact_engine::eval::parse_labeled;
use tact_engine::recognizers::builtin;
use tact_engine::text::Scan;
use tact_engine::{Analyzer, Input, Kind};

fn main() {
    let root = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/corpus/identifiers"
    );
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(root).expect("corpus folder") {
        let path = entry.expect("entry").path();
        for line in std::fs::read_to_string(&path).expect("corpus file").lines() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            texts.push(parse_labeled(v["text"].as_str().unwrap()).unwrap().0);
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    // Warm every lexicon, lazy regex and the phone-number metadata outside `analyze`, so a
    // profiler collecting only inside it sees the steady state.
    for r in builtin() {
        for t in &texts {
            let scan = Scan::new(t, Kind::Post);
            let mut out = Vec::new();
            r.recognize(&scan, &mut out);
        }
    }
    let analyzer = Analyzer::default();
    for t in &texts {
        let _ = analyzer.analyze(&Input::post(t));
    }
    let t0 = Instant::now();
    for _ in 0..rounds {
        for t in &texts {
            let _ = Scan::new(t, Kind::Post).phrases().len();
        }
    }
    let scan_ns = t0.elapsed().as_nanos() as f64 / (rounds * texts.len()) as f64;
    println!("{:<28} {:>9.0} ns/item", "scan + phrases", scan_ns);
    let mut rows = Vec::new();
    // ONLY_TOTAL=1 skips the per-recognizer rows (for profilers).
    let per_recognizer = std::env::var_os("ONLY_TOTAL").is_none();
    for r in builtin().into_iter().filter(|_| per_recognizer) {
        let scans: Vec<Scan> = texts.iter().map(|t| Scan::new(t, Kind::Post)).collect();
        for s in &scans {
            let _ = s.phrases();
        }
        let mut out = Vec::new();
        let t0 = Instant::now();
        for _ in 0..rounds {
            for s in &scans {
                out.clear();
                r.recognize(s, &mut out);
            }
        }
        let ns = t0.elapsed().as_nanos() as f64 / (rounds * texts.len()) as f64;
        rows.push((r.id(), ns));
    }
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (id, ns) in &rows {
        println!("{id:<28} {ns:>9.0} ns/item");
    }
    let t0 = Instant::now();
    for _ in 0..rounds {
        for t in &texts {
            let _ = analyzer.analyze(&Input::post(t));
        }
    }
    let total = t0.elapsed().as_nanos() as f64 / (rounds * texts.len()) as f64;
    println!(
        "{:<28} {:>9.0} ns/item ({} items, {:.0} bytes/item, {:.1} MB/s)",
        "full analysis",
        total,
        texts.len(),
        bytes as f64 / texts.len() as f64,
        bytes as f64 / texts.len() as f64 / total * 1000.0
    );
}
