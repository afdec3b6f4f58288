//! Engine throughput on the labeled corpus: short social posts and clinical-style notes.
//! `cargo bench -p tact-engine --bench analyze`; figures in docs/PERFORMANCE.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use tact_engine::eval::parse_labeled;
use tact_engine::{Analyzer, Input, Kind, Profile};

const SOCIAL: &str = include_str!("../../../tests/corpus/identifiers/social.jsonl");
const CLINICAL: &str = include_str!("../../../tests/corpus/identifiers/clinical.jsonl");
const PROFILE: &str = include_str!("../../../examples/demo-practice/tact.toml");

fn texts(corpus: &str) -> Vec<(String, Kind)> {
    corpus
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("corpus line");
            let (plain, _) = parse_labeled(v["text"].as_str().unwrap()).unwrap();
            let kind = v["kind"]
                .as_str()
                .and_then(Kind::parse)
                .unwrap_or(Kind::Post);
            (plain, kind)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let analyzer = Analyzer::new(&Profile::from_toml(PROFILE).unwrap()).unwrap();
    for (name, corpus) in [("social", SOCIAL), ("clinical", CLINICAL)] {
        let items = texts(corpus);
        let bytes: usize = items.iter().map(|(t, _)| t.len()).sum();
        // Warm the lexicons outside the measurement.
        let _ = analyzer.analyze(&Input::post("warm up"));
        let mut group = c.benchmark_group("analyze");
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                for (text, kind) in &items {
                    black_box(analyzer.analyze(&Input::new(text, *kind)).unwrap());
                }
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
