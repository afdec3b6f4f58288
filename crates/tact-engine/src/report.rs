//! The report: the engine's answer, and a documented contract (docs/report-schema.md).

use crate::entity::EntityType;
use crate::input::Kind;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The version of the JSON report. Bump the minor version for added fields, the major
/// version for anything that changes or removes a field.
pub const SCHEMA_VERSION: &str = "1.1";

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; does not change the verdict.
    Info,
    /// A person should look before it is published.
    Review,
    /// Must not be published as written.
    Block,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Review => "review",
            Severity::Block => "block",
        }
    }

    pub fn parse(name: &str) -> Option<Severity> {
        match name.trim().to_ascii_lowercase().as_str() {
            "info" => Some(Severity::Info),
            "review" => Some(Severity::Review),
            "block" => Some(Severity::Block),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The overall answer for an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Review,
    Block,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Review => "review",
            Verdict::Block => "block",
        }
    }

    /// The verdict implied by the most severe finding.
    pub fn from_findings(findings: &[Finding]) -> Verdict {
        match findings.iter().map(|f| f.severity).max() {
            Some(Severity::Block) => Verdict::Block,
            Some(Severity::Review) => Verdict::Review,
            _ => Verdict::Pass,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule's judgement on part of the text. Offsets count Unicode code points, end exclusive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub category: String,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub fix: String,
    /// The entity type behind the finding, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_type: Option<EntityType>,
    /// The finding's weight in 0..=1: the entity's score, raised when health information
    /// stands near it.
    pub score: f32,
}

/// Why an entity was recognized.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportExplanation {
    pub pattern: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation: Option<String>,
    /// The context word that raised or confirmed the entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// A recognized entity. Offsets count Unicode code points, end exclusive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportEntity {
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    pub start: usize,
    pub end: usize,
    pub score: f32,
    pub recognizer: String,
    /// Set when the entity is one of the practice's own details (its phone, staff, address…),
    /// which never count against a post.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allowlisted: bool,
    pub explanation: ReportExplanation,
}

/// The engine's answer for one item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: String,
    #[serde(default)]
    pub id: Option<String>,
    pub kind: Kind,
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    pub entities: Vec<ReportEntity>,
    /// Incoming comments and reviews: what the item is (schema 1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triage: Option<crate::triage::Triage>,
    /// Safe replies, filled from the profile, each passing Tact's own check (schema 1.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
    /// A draft that does not pass, rewritten so that it passes (schema 1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rewrite: Option<String>,
}

impl Report {
    /// True when the item may be published as written.
    pub fn passes(&self) -> bool {
        self.verdict == Verdict::Pass
    }
}
