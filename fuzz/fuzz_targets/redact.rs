//! Feeds arbitrary UTF-8 to redaction in every mode, with the entities the analyzer counts
//! (as `tact redact` does). Nothing may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tact_engine::{redact, Analyzer, Input, Kind, RedactMode, FINDING_THRESHOLD};

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(Analyzer::default)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let kind = Kind::ALL[data
        .first()
        .map_or(0, |&b| usize::from(b) % Kind::ALL.len())];
    let (entities, allowlisted) = analyzer()
        .entities(&Input::new(text, kind))
        .expect("within the size limit");
    let counted: Vec<_> = entities
        .iter()
        .zip(&allowlisted)
        .filter(|(e, a)| !**a && e.entity_type.is_identifier() && e.score >= FINDING_THRESHOLD)
        .map(|(e, _)| e)
        .collect();
    for mode in [
        RedactMode::Type,
        RedactMode::Mask,
        RedactMode::Hash,
        RedactMode::Generalize,
    ] {
        let out = redact(text, &counted, mode, b"fuzz key");
        if counted.is_empty() {
            assert_eq!(out, text);
        }
    }
});
