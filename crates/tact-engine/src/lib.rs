//! # tact-engine
//!
//! Pure analysis for Tact: text in, report out. No I/O, no async; the only globals are the
//! lazily loaded lexicons. Compiles to `wasm32-unknown-unknown`.
//!
//! ```
//! use tact_engine::{Analyzer, Input, Kind, Profile, Verdict};
//!
//! let profile = Profile::from_toml(r#"
//!     [practice]
//!     name = "Maple Grove Family Medicine"
//!     phones = ["(217) 555-0142"]
//! "#).unwrap();
//! let analyzer = Analyzer::new(&profile).unwrap();
//!
//! let ok = analyzer.analyze(&Input::post("Flu shots are in! Call (217) 555-0142.")).unwrap();
//! assert_eq!(ok.verdict, Verdict::Pass);
//!
//! let bad = analyzer
//!     .analyze(&Input::new("Mrs. Kowalski, call me at 312-555-0188 about your MRI.", Kind::Reply))
//!     .unwrap();
//! assert_eq!(bad.verdict, Verdict::Block);
//! ```
//!
//! Recognizers (`recognizers/`) find entities; rules (`rules/`) turn entities and context
//! into findings; `redact` proposes safe text.

pub mod allowlist;
mod analyzer;
pub mod conduct;
pub mod entity;
pub mod eval;
mod input;
pub mod lexicon;
pub mod profile;
pub mod recognizers;
pub mod redact;
pub mod reply;
mod report;
pub mod roster;
pub mod rules;
pub mod text;
pub mod triage;
pub mod validate;

pub use analyzer::{
    resolve, Analyzer, AnalyzerOptions, InputError, DEFAULT_MAX_INPUT_BYTES, FINDING_THRESHOLD,
};
pub use entity::{Entity, EntityType, Explanation};
pub use input::{Input, Kind};
pub use profile::{Profile, ProfileError};
pub use redact::{redact, RedactMode};
pub use report::{
    Finding, Report, ReportEntity, ReportExplanation, Severity, Verdict, SCHEMA_VERSION,
};
pub use roster::Roster;
pub use triage::{Triage, TriageClass};
