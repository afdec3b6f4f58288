//! The practice profile (`tact.toml`): who the practice is, so its own details are never
//! flagged, plus its custom recognizers, terms and rule settings.

use crate::entity::EntityType;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// The parsed profile. Build one with [`Profile::from_toml`]; [`Profile::default`] is an
/// empty practice.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default)]
    pub practice: Practice,
    #[serde(default)]
    pub flag: FlagTerms,
    #[serde(default)]
    pub recognizers: Vec<CustomRecognizerSpec>,
    #[serde(default)]
    pub rules: RuleSettings,
    #[serde(default)]
    pub roster: Option<RosterSettings>,
    #[serde(default)]
    pub replies: Option<RepliesSettings>,
}

/// Where the practice keeps its own reply templates.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepliesSettings {
    /// A templates file (format of `data/replies/templates.toml`), relative to the profile.
    pub templates: String,
}

/// The practice's own details. Everything here is allow-listed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub phones: Vec<String>,
    #[serde(default)]
    pub fax: Vec<String>,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub websites: Vec<String>,
    #[serde(default)]
    pub handles: Vec<String>,
    #[serde(default)]
    pub addresses: Vec<String>,
    /// Staff and clinician names, with or without titles ("Dr. Priya Raman").
    #[serde(default)]
    pub staff: Vec<String>,
    #[serde(default)]
    pub office_manager: Option<String>,
    /// `business` (the default) or `personal`.
    #[serde(default)]
    pub account_type: Option<Spanned<String>>,
}

/// Terms the practice never wants published.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagTerms {
    #[serde(default)]
    pub terms: Vec<String>,
}

/// A recognizer defined by the practice, like Presidio's pattern recognizers.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRecognizerSpec {
    pub name: Spanned<String>,
    /// The entity type it produces, e.g. `MEDICAL_RECORD_NUMBER`.
    pub entity: Spanned<String>,
    /// A regular expression (Rust `regex` syntax).
    pub pattern: Spanned<String>,
    /// Words that must (when `require_context`) or may stand near a match to raise its score.
    #[serde(default)]
    pub context: Vec<String>,
    #[serde(default)]
    pub require_context: bool,
    /// Score of a match without context (default 0.6).
    #[serde(default)]
    pub score: Option<Spanned<f32>>,
}

/// Per-rule settings.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSettings {
    #[serde(default)]
    pub disabled: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: BTreeMap<String, Spanned<String>>,
}

/// Where the known-patient roster lives (hashes only; see `tact roster --help`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterSettings {
    /// The roster file written by `tact roster import`, relative to the profile.
    pub file: String,
    /// The file holding the roster's secret key, relative to the profile.
    pub key_file: String,
}

/// A problem in a profile, with the line and key it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The key concerned, e.g. `recognizers[0].pattern`.
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.line, &self.key) {
            (Some(l), Some(k)) => write!(f, "line {l}, key `{k}`: {}", self.message),
            (Some(l), None) => write!(f, "line {l}: {}", self.message),
            (None, Some(k)) => write!(f, "key `{k}`: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ProfileError {}

/// 1-based line of a byte offset.
pub(crate) fn line_of(source: &str, byte: usize) -> usize {
    source.as_bytes()[..byte.min(source.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

impl Profile {
    /// Parses and validates a profile. Errors name the line and the key.
    pub fn from_toml(source: &str) -> Result<Profile, ProfileError> {
        let profile: Profile = toml::from_str(source).map_err(|e| ProfileError {
            line: e.span().map(|s| line_of(source, s.start)),
            key: None,
            message: e.message().trim().to_string(),
        })?;
        profile.validate(Some(source))?;
        Ok(profile)
    }

    /// Checks what serde cannot: entity types, regexes, scores, severities, account type.
    /// `source` gives line numbers when the profile came from TOML.
    pub fn validate(&self, source: Option<&str>) -> Result<(), ProfileError> {
        let line = |span: std::ops::Range<usize>| source.map(|s| line_of(s, span.start));
        for (i, r) in self.recognizers.iter().enumerate() {
            if EntityType::parse(r.entity.get_ref()).is_none() {
                return Err(ProfileError {
                    line: line(r.entity.span()),
                    key: Some(format!("recognizers[{i}].entity")),
                    message: format!(
                        "unknown entity type {:?}; expected one of {}",
                        r.entity.get_ref(),
                        EntityType::ALL.map(|t| t.as_str()).join(", ")
                    ),
                });
            }
            if let Err(e) = regex::Regex::new(r.pattern.get_ref()) {
                return Err(ProfileError {
                    line: line(r.pattern.span()),
                    key: Some(format!("recognizers[{i}].pattern")),
                    message: format!("invalid regular expression: {e}"),
                });
            }
            if r.pattern.get_ref().is_empty()
                || regex::Regex::new(r.pattern.get_ref()).is_ok_and(|re| re.is_match(""))
            {
                return Err(ProfileError {
                    line: line(r.pattern.span()),
                    key: Some(format!("recognizers[{i}].pattern")),
                    message: "the pattern matches the empty string".into(),
                });
            }
            if let Some(score) = &r.score {
                if !(0.0..=1.0).contains(score.get_ref()) {
                    return Err(ProfileError {
                        line: line(score.span()),
                        key: Some(format!("recognizers[{i}].score")),
                        message: format!("score must lie between 0 and 1, not {}", score.get_ref()),
                    });
                }
            }
            if r.require_context && r.context.is_empty() {
                return Err(ProfileError {
                    line: line(r.name.span()),
                    key: Some(format!("recognizers[{i}].context")),
                    message: "require_context is set but no context words are given".into(),
                });
            }
        }
        for (rule, severity) in &self.rules.severity {
            if crate::Severity::parse(severity.get_ref()).is_none() {
                return Err(ProfileError {
                    line: line(severity.span()),
                    key: Some(format!("rules.severity.{rule}")),
                    message: format!(
                        "unknown severity {:?}; expected block, review or info",
                        severity.get_ref()
                    ),
                });
            }
            if crate::rules::find(rule).is_none() {
                return Err(ProfileError {
                    line: line(severity.span()),
                    key: Some(format!("rules.severity.{rule}")),
                    message: format!("unknown rule {rule:?}; `tact rules` lists them"),
                });
            }
        }
        for (i, rule) in self.rules.disabled.iter().enumerate() {
            if crate::rules::find(rule.get_ref()).is_none() {
                return Err(ProfileError {
                    line: line(rule.span()),
                    key: Some(format!("rules.disabled[{i}]")),
                    message: format!("unknown rule {:?}; `tact rules` lists them", rule.get_ref()),
                });
            }
        }
        if let Some(t) = &self.practice.account_type {
            if !matches!(t.get_ref().as_str(), "business" | "personal") {
                return Err(ProfileError {
                    line: line(t.span()),
                    key: Some("practice.account_type".into()),
                    message: format!(
                        "unknown account type {:?}; expected business or personal",
                        t.get_ref()
                    ),
                });
            }
        }
        Ok(())
    }
}
