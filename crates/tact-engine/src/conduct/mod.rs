//! Conduct: how a reply or a post speaks about and to people. The cue files in
//! `data/conduct/` hold the phrases; the conduct rules (`rules/acknowledgement.rs` and its
//! siblings) and triage read them through this module.

pub mod cues;

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

struct Library {
    sets: Vec<(&'static str, CueSet)>,
}

fn load() -> Result<Library, CueError> {
    let classes = Classes::parse(CLASSES)?;
    let mut sets = Vec::with_capacity(CUE_FILES.len());
    for (name, text) in CUE_FILES {
        sets.push((
            *name,
            CueSet::parse(&format!("{name}.toml"), text, &classes)?,
        ));
    }
    Ok(Library { sets })
}

static LIBRARY: OnceLock<Library> = OnceLock::new();

/// Checks that every built-in cue file parses. Tests call it; the engine's own files are
/// fixed at build time, so a failure here is a bug in the data, never in the user's input.
pub fn validate() -> Result<(), CueError> {
    load().map(|_| ())
}

/// The cue set of the named file (`acknowledgement`, `triage`…).
pub fn cue_set(name: &str) -> &'static CueSet {
    let library = LIBRARY.get_or_init(|| match load() {
        Ok(l) => l,
        // The files are part of the build and `validate` is tested, so this cannot happen in
        // a released build; an empty library keeps the engine running if it ever did.
        Err(_) => Library { sets: Vec::new() },
    });
    static EMPTY: OnceLock<CueSet> = OnceLock::new();
    library
        .sets
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| s)
        .unwrap_or_else(|| EMPTY.get_or_init(CueSet::default))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_cue_file_parses() {
        if let Err(e) = super::validate() {
            panic!("{e}");
        }
    }
}
