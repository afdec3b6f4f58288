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

/// Parses every cue file (for the test that checks them all).
fn load_all() -> Result<Vec<CueSet>, CueError> {
    let classes = Classes::parse(CLASSES)?;
    CUE_FILES
        .iter()
        .map(|(name, text)| CueSet::parse(&format!("{name}.toml"), text, &classes))
        .collect()
}

/// Checks that every built-in cue file parses. Tests call it; the engine's own files are
/// fixed at build time, so a failure here is a bug in the data, never in the user's input.
pub fn validate() -> Result<(), CueError> {
    load_all().map(|_| ())
}

/// The cue set of the named file (`acknowledgement`, `triage`…). Each file is parsed on
/// first use, so a process that checks only posts never parses the triage cues.
pub fn cue_set(name: &str) -> &'static CueSet {
    static CLASS_TABLE: OnceLock<Classes> = OnceLock::new();
    const FILES: usize = CUE_FILES.len();
    static SETS: [OnceLock<CueSet>; FILES] = [const { OnceLock::new() }; FILES];
    static EMPTY: OnceLock<CueSet> = OnceLock::new();
    let Some(index) = CUE_FILES.iter().position(|(n, _)| *n == name) else {
        return EMPTY.get_or_init(CueSet::default);
    };
    SETS[index].get_or_init(|| {
        // The files are part of the build and `validate` is tested, so a parse error cannot
        // reach a released build; an empty set keeps the engine running if it ever did.
        let classes = CLASS_TABLE.get_or_init(|| Classes::parse(CLASSES).unwrap_or_default());
        let (file, text) = CUE_FILES[index];
        CueSet::parse(&format!("{file}.toml"), text, classes).unwrap_or_default()
    })
}

/// Parses the named cue files now, if not done yet. Parsing is most of a fresh process's
/// start-up; `tact check` calls this on a second thread for the files its input's kind reads
/// (`rules::cue_files_for`), so the work is shared between two cores.
pub fn prepare(names: &[&str]) {
    for name in names {
        cue_set(name);
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
}
