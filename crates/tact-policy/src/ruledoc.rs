//! A rule's four-part documentation (What it catches / Why it matters / Example / Use
//! instead), read from the doc text so that the guide says exactly what the rule's file says.

use crate::PolicyError;
use tact_engine::rules;
use tact_engine::Severity;

/// One rule as the guide presents it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleDoc {
    pub id: String,
    /// `identifier`, `policy`, `conduct` or `safety`.
    pub category: String,
    /// `block`, `review` or `info`: the engine's default.
    pub default_severity: String,
    /// One line, as `tact rules` prints it.
    pub summary: String,
    /// The documentation text with its `## ` sections.
    pub doc: String,
}

impl RuleDoc {
    /// The registry's rules with the docs extracted from their files, in reference order.
    pub fn from_registry() -> Vec<RuleDoc> {
        rules::registry()
            .iter()
            .map(|r| {
                let m = r.meta();
                RuleDoc {
                    id: m.id.to_string(),
                    category: m.category.as_str().to_string(),
                    default_severity: m.default_severity.as_str().to_string(),
                    summary: m.summary.to_string(),
                    doc: m.doc().to_string(),
                }
            })
            .collect()
    }
}

/// The parsed parts of a rule doc.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleParts {
    pub what: String,
    pub why: String,
    /// The unsafe example (the first fenced block of the Example section).
    pub example: String,
    /// Prose around the example's block.
    pub example_note: String,
    /// The safe alternative (the first fenced block of Use instead).
    pub use_instead: String,
    pub use_instead_note: String,
}

const PARTS: [&str; 4] = [
    "What it catches",
    "Why it matters",
    "Example",
    "Use instead",
];

/// Splits a rule doc into its four parts; a missing or empty part is an error naming the rule.
pub fn parse(rule: &str, doc: &str) -> Result<RuleParts, PolicyError> {
    let mut sections: Vec<(String, Vec<&str>)> = Vec::new();
    for line in doc.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            sections.push((h.trim().to_string(), Vec::new()));
        } else if let Some((_, body)) = sections.last_mut() {
            body.push(line);
        }
    }
    let get = |name: &str| -> Result<&[&str], PolicyError> {
        sections
            .iter()
            .find(|(h, _)| h.eq_ignore_ascii_case(name))
            .map(|(_, b)| b.as_slice())
            .ok_or_else(|| {
                PolicyError::RuleDoc(format!("rule {rule}: its doc has no \"## {name}\" section"))
            })
    };
    let mut parts = RuleParts {
        what: prose(get(PARTS[0])?),
        why: prose(get(PARTS[1])?),
        ..RuleParts::default()
    };
    (parts.example, parts.example_note) = block_and_note(get(PARTS[2])?);
    (parts.use_instead, parts.use_instead_note) = block_and_note(get(PARTS[3])?);
    for (name, value) in [
        (PARTS[0], &parts.what),
        (PARTS[1], &parts.why),
        (PARTS[2], &parts.example),
        (PARTS[3], &parts.use_instead),
    ] {
        if value.trim().is_empty() {
            return Err(PolicyError::RuleDoc(format!(
                "rule {rule}: the \"## {name}\" section of its doc is empty"
            )));
        }
    }
    Ok(parts)
}

/// Joins prose lines into paragraphs separated by one blank line, trimmed.
fn prose(lines: &[&str]) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in lines {
        let t = line.trim();
        if t.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(t);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs.join("\n\n")
}

/// The first fenced block's content (lines joined by a space: examples are one utterance) and
/// the prose outside it. Without a fence the whole section is the block.
fn block_and_note(lines: &[&str]) -> (String, String) {
    let Some(open) = lines.iter().position(|l| l.trim_start().starts_with("```")) else {
        return (prose(lines), String::new());
    };
    let close = lines[open + 1..]
        .iter()
        .position(|l| l.trim_start().starts_with("```"))
        .map_or(lines.len(), |i| open + 1 + i);
    let block: Vec<&str> = lines[open + 1..close]
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let mut note: Vec<&str> = lines[..open].to_vec();
    note.push("");
    note.extend_from_slice(lines.get(close + 1..).unwrap_or(&[]));
    (block.join(" "), prose(&note))
}

/// The severity a profile gives a rule: its override, else the default; `None` when disabled.
pub fn effective_severity(profile: &tact_engine::Profile, rule: &RuleDoc) -> Option<String> {
    if profile
        .rules
        .disabled
        .iter()
        .any(|d| d.get_ref().trim() == rule.id)
    {
        return None;
    }
    let sev = profile
        .rules
        .severity
        .get(&rule.id)
        .map(|s| s.get_ref().trim().to_ascii_lowercase())
        .unwrap_or_else(|| rule.default_severity.clone());
    Some(Severity::parse(&sev).map_or(sev, |s| s.as_str().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registry_rule_parses() {
        for r in RuleDoc::from_registry() {
            let p = parse(&r.id, &r.doc).unwrap();
            assert!(!p.example.contains("```"), "{}", r.id);
            assert!(!p.use_instead.contains("```"), "{}", r.id);
        }
    }

    #[test]
    fn parts_and_notes() {
        let doc = "## What it catches\nA thing\nover two lines.\n\n## Why it matters\nBecause.\n\n\
                   ## Example\n```text\nBad text.\n```\n(with a note)\n\n## Use instead\n```text\nGood text.\n```";
        let p = parse("x", doc).unwrap();
        assert_eq!(p.what, "A thing over two lines.");
        assert_eq!(p.example, "Bad text.");
        assert_eq!(p.example_note, "(with a note)");
        assert_eq!(p.use_instead, "Good text.");
        assert_eq!(p.use_instead_note, "");
    }

    #[test]
    fn a_missing_part_names_the_rule_and_part() {
        let e = parse(
            "demo-rule",
            "## What it catches\nX\n## Why it matters\nY\n## Example\nZ",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("demo-rule") && e.contains("Use instead"), "{e}");
    }
}
