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

/// A 1,000-character review and the practice's draft reply to it: the review is triaged and
/// gets safe replies, the reply is checked against it (and rewritten when it fails).
const REVIEW: &str = "I have been coming to this office for years and I have to say my last visit was \
a real letdown. I booked a follow-up for my knee after the MRI and waited almost two hours past my \
appointment time with no explanation from the front desk. When I finally got back, the doctor seemed \
rushed, barely looked at the knee and told me to keep taking ibuprofen and come back in six weeks. \
I asked about physical therapy and was told insurance probably would not cover it, which turned out to \
be wrong when I called them myself. Then I got a bill for a balance I was told was covered. I called \
twice about it and nobody called me back. The nurses are lovely and I have always liked Dr. Bell, but \
the scheduling and billing side needs serious work. I am honestly thinking about switching practices, \
which makes me sad because this used to be the best office in town. Please fix the phones at least, \
and maybe hire one more person for the front desk, because this is not how you treat loyal people!!";
const REPLY: &str = "We're so sorry about the wait at your follow-up and the confusion with your \
bill. Our records show your MRI claim was processed correctly, but we'll have billing call you today.";

fn bench_reply(c: &mut Criterion) {
    let analyzer = Analyzer::new(&Profile::from_toml(PROFILE).unwrap()).unwrap();
    assert!(
        (950..=1100).contains(&REVIEW.len()),
        "review is {} bytes",
        REVIEW.len()
    );
    let review = Input::new(REVIEW, Kind::Review);
    let reply = Input {
        replying_to: Some(REVIEW),
        ..Input::new(REPLY, Kind::Reply)
    };
    let _ = analyzer.analyze(&review);
    let mut group = c.benchmark_group("reply");
    group.bench_function("review+reply, triage and suggestions", |b| {
        b.iter(|| {
            let r = analyzer.analyze(&review).unwrap();
            assert!(!r.suggestions.is_empty());
            black_box(r);
            black_box(analyzer.analyze(&reply).unwrap());
        })
    });
    group.finish();
}

criterion_group!(benches, bench, bench_reply);
criterion_main!(benches);
