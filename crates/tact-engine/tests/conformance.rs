//! Conformance with Presidio's recognizer test cases (test data only; see
//! `tests/data/conformance/README.md`). Run with
//! `cargo test -p tact-engine --test conformance -- --nocapture` to see the table.
//!
//! A case passes when every expected span is found exactly (same start and end) as an
//! entity of any identifier type, at any score (Presidio's tests run without a threshold);
//! a case that expects nothing passes when no entity of the mapped Tact type exists at all.
//! Cases Tact answers differently on purpose are listed, with reasons, in
//! `docs/conformance.md`.

use serde_json::Value;
use std::collections::BTreeMap;
use tact_engine::{Analyzer, EntityType, Input};

const CASES: &str = include_str!("data/conformance/presidio_recognizer_cases.jsonl");

/// The overall pass rate the suite must reach.
const REQUIRED: f64 = 0.98;

/// The Tact types a Presidio entity maps to; `None` for entities out of scope.
fn mapping(entity: &str) -> Option<&'static [EntityType]> {
    use EntityType::*;
    Some(match entity {
        "US_SSN" | "US_ITIN" => &[Ssn],
        "US_PASSPORT" | "US_DRIVER_LICENSE" | "US_NPI" | "MEDICAL_LICENSE" => &[LicenseNumber],
        "US_BANK_NUMBER" | "ABA_ROUTING_NUMBER" | "CREDIT_CARD" | "IBAN_CODE" | "CRYPTO" => {
            &[AccountNumber]
        }
        "US_MBI" => &[HealthPlanId],
        "EMAIL_ADDRESS" => &[Email],
        "URL" => &[Url],
        "IP_ADDRESS" => &[IpAddress],
        "MAC_ADDRESS" => &[DeviceId],
        "PHONE_NUMBER" => &[Phone, Fax],
        "DATE_TIME" => &[Date],
        _ => return None,
    })
}

/// Entities whose recognizers live in the numbers group.
const NUMBERS: &[&str] = &[
    "US_SSN",
    "US_ITIN",
    "US_PASSPORT",
    "US_DRIVER_LICENSE",
    "US_BANK_NUMBER",
    "ABA_ROUTING_NUMBER",
    "US_MBI",
    "US_NPI",
    "MEDICAL_LICENSE",
    "CREDIT_CARD",
    "IBAN_CODE",
];

/// Converts a code-point offset to a byte offset.
fn byte_offset(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// Code-point offset of a byte offset.
fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

struct Failure {
    entity: String,
    text: String,
    expected: String,
    got: String,
}

#[test]
fn presidio_conformance() {
    let analyzer = Analyzer::default();
    // entity -> (cases, passed)
    let mut table: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures: Vec<Failure> = Vec::new();

    for line in CASES.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("each line is a JSON object");
        if case["config"].as_object().is_none_or(|c| !c.is_empty()) {
            continue;
        }
        let entity = case["entity"].as_str().unwrap_or_default();
        let Some(types) = mapping(entity) else {
            continue;
        };
        let text = case["text"].as_str().unwrap_or_default();
        let count = case["expected_count"].as_u64().unwrap_or(0) as usize;
        let spans: Vec<(usize, usize)> = case["expected_spans"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| {
                        let s = s.as_array()?;
                        let start = s.first()?.as_u64()? as usize;
                        let end = s.get(1)?.as_u64()? as usize;
                        Some((byte_offset(text, start), byte_offset(text, end)))
                    })
                    .collect()
            })
            .unwrap_or_default();

        let (entities, _) = analyzer
            .entities(&Input::post(text))
            .expect("test texts are small");
        let identifiers: Vec<_> = entities
            .iter()
            .filter(|e| e.entity_type.is_identifier())
            .collect();
        let of_type = identifiers
            .iter()
            .filter(|e| types.contains(&e.entity_type))
            .count();

        let passed = if count == 0 {
            of_type == 0
        } else if spans.is_empty() {
            of_type >= count
        } else {
            spans
                .iter()
                .all(|&(s, t)| identifiers.iter().any(|e| e.start == s && e.end == t))
        };

        let row = table.entry(entity.to_string()).or_default();
        row.0 += 1;
        if passed {
            row.1 += 1;
        } else {
            let expected = if count == 0 {
                "nothing".to_string()
            } else {
                format!("{count} {}", case["expected_spans"])
            };
            let got = identifiers
                .iter()
                .map(|e| {
                    format!(
                        "{} [{}, {}] {:.2} {}",
                        e.entity_type,
                        char_offset(text, e.start),
                        char_offset(text, e.end),
                        e.score,
                        e.recognizer
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            failures.push(Failure {
                entity: entity.to_string(),
                text: text.to_string(),
                expected,
                got: if got.is_empty() {
                    "nothing".to_string()
                } else {
                    got
                },
            });
        }
    }

    let (mut cases, mut passed) = (0usize, 0usize);
    let (mut num_cases, mut num_passed) = (0usize, 0usize);
    println!("\n| Presidio entity | cases | passed |");
    println!("| --- | ---: | ---: |");
    for (entity, (c, p)) in &table {
        println!("| {entity} | {c} | {p} |");
        cases += c;
        passed += p;
        if NUMBERS.contains(&entity.as_str()) {
            num_cases += c;
            num_passed += p;
        }
    }
    println!("| **total** | **{cases}** | **{passed}** |");
    let rate = passed as f64 / cases.max(1) as f64;
    let num_rate = num_passed as f64 / num_cases.max(1) as f64;
    println!(
        "\nOverall: {passed}/{cases} = {:.1}%. Identifying numbers (SSN, ITIN, passport, \
         driver's license, bank, ABA, MBI, NPI, medical license, card, IBAN): \
         {num_passed}/{num_cases} = {:.1}%.",
        rate * 100.0,
        num_rate * 100.0
    );
    if !failures.is_empty() {
        println!("\nFailing cases:");
        for f in &failures {
            println!(
                "- {}: {:?}\n    expected: {}\n    got: {}",
                f.entity, f.text, f.expected, f.got
            );
        }
    }
    assert!(
        num_rate >= REQUIRED,
        "identifying-number conformance {:.1}% is below {:.0}%",
        num_rate * 100.0,
        REQUIRED * 100.0
    );
    assert!(
        rate >= REQUIRED,
        "conformance {:.1}% is below {:.0}%",
        rate * 100.0,
        REQUIRED * 100.0
    );
}
