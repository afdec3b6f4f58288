//! Conduct: how a reply or a post speaks about and to people. The cue files in
//! `data/conduct/` hold the phrases; the conduct rules (`rules/acknowledgement.rs` and its
//! siblings) and triage read them through this module.

pub mod classifier;
pub mod cues;
pub(crate) mod model;

use cues::{Classes, CueError, CueSet};
use std::sync::OnceLock;

/// The cue files compiled into the engine, by name.
pub const CUE_FILES: &[(&str, &str)] = &[
    (
        "acknowledgement",
        include_str!("../../../../data/conduct/acknowledgement.toml"),
    ),
    (
        "patient-case",
        include_str!("../../../../data/conduct/patient-case.toml"),
    ),
    (
        "medical-advice",
        include_str!("../../../../data/conduct/medical-advice.toml"),
    ),
    (
        "testimonial",
        include_str!("../../../../data/conduct/testimonial.toml"),
    ),
    (
        "professionalism",
        include_str!("../../../../data/conduct/professionalism.toml"),
    ),
    (
        "public-invitation",
        include_str!("../../../../data/conduct/public-invitation.toml"),
    ),
    (
        "crisis",
        include_str!("../../../../data/conduct/crisis.toml"),
    ),
    (
        "triage",
        include_str!("../../../../data/conduct/triage.toml"),
    ),
];

const CLASSES: &str = include_str!("../../../../data/conduct/classes.toml");

/// The cue files as the build script compiled them (`build.rs`, `model::codec`).
static COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cues.bin"));

/// Parses every cue file from its text (for the tests that check the data and the compiled
/// form).
fn load_all() -> Result<Vec<CueSet>, CueError> {
    let classes = Classes::parse(CLASSES)?;
    CUE_FILES
        .iter()
        .map(|(name, text)| CueSet::parse(&format!("{name}.toml"), text, &classes))
        .collect()
}

/// Checks that every built-in cue file parses. Tests call it; the build compiles the same
/// files and stops on the same errors, so a failure here is a bug in the data, never in the
/// user's input.
pub fn validate() -> Result<(), CueError> {
    load_all().map(|_| ())
}

/// The compiled cues: groups decoded at first use (about a millisecond), each set when it is
/// first read. Nothing is parsed.
fn compiled() -> Option<&'static (model::codec::Compiled<'static>, Vec<OnceLock<CueSet>>)> {
    static COMPILED_SETS: OnceLock<Option<(model::codec::Compiled, Vec<OnceLock<CueSet>>)>> =
        OnceLock::new();
    COMPILED_SETS
        .get_or_init(|| {
            let compiled = model::codec::Compiled::open(COMPILED).ok()?;
            let sets = compiled.names().map(|_| OnceLock::new()).collect();
            Some((compiled, sets))
        })
        .as_ref()
}

/// The cue set of the named file (`acknowledgement`, `triage`…).
pub fn cue_set(name: &str) -> &'static CueSet {
    static EMPTY: OnceLock<CueSet> = OnceLock::new();
    let empty = || EMPTY.get_or_init(CueSet::default);
    // The bytes are part of the build and the tests decode them, so an error cannot reach a
    // released build; no cues keeps the engine running if it ever did.
    let Some((compiled, sets)) = compiled() else {
        return empty();
    };
    match compiled.names().position(|n| n == name) {
        Some(i) => sets[i].get_or_init(|| compiled.set(i).unwrap_or_default()),
        None => empty(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_cue_file_parses() {
        if let Err(e) = super::validate() {
            panic!("{e}");
        }
    }

    #[test]
    fn compiled_cues_match_the_files_and_decode() {
        let parsed = super::load_all().unwrap();
        let named: Vec<(&str, &super::CueSet)> = super::CUE_FILES
            .iter()
            .map(|(n, _)| *n)
            .zip(&parsed)
            .collect();
        // The build lists the files in name order.
        let mut sorted = named.clone();
        sorted.sort_by_key(|(n, _)| *n);
        let encoded = super::model::codec::encode_all(&sorted);
        assert!(
            encoded == super::COMPILED,
            "cues.bin differs from the cue files"
        );
        let decoded = super::model::codec::decode_all(super::COMPILED).unwrap();
        let again: Vec<(&str, &super::CueSet)> =
            decoded.iter().map(|(n, s)| (n.as_str(), s)).collect();
        assert!(super::model::codec::encode_all(&again) == super::COMPILED);
        for (name, _) in super::CUE_FILES {
            assert!(
                decoded.iter().any(|(n, _)| n == name),
                "{name} is not compiled"
            );
        }
    }

    #[test]
    fn damaged_compiled_cues_are_refused() {
        let bytes = super::COMPILED;
        for cut in [0, 8, 100, bytes.len() / 2, bytes.len() - 1] {
            assert!(super::model::codec::decode_all(&bytes[..cut]).is_err());
        }
        let mut flipped = bytes.to_vec();
        flipped[0] ^= 0xFF;
        assert!(super::model::codec::decode_all(&flipped).is_err());
    }
}
