//! Rendering reports: compiler-style text and SARIF 2.1.0.

use serde_json::{json, Value};
use std::fmt::Write as _;
use tact_engine::rules;
use tact_engine::{Report, Severity, Verdict};

/// Line (1-based), column (1-based, in characters) and the line's text for a char offset.
fn locate(text: &str, char_offset: usize) -> (usize, usize, &str) {
    let mut line_no = 1;
    let mut line_start = 0; // byte
    let mut col = 1;
    for (count, (i, c)) in text.char_indices().enumerate() {
        if count == char_offset {
            break;
        }
        if c == '\n' {
            line_no += 1;
            line_start = i + 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |e| line_start + e);
    (
        line_no,
        col,
        text[line_start..line_end].trim_end_matches('\r'),
    )
}

fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Block => "block",
        Severity::Review => "review",
        Severity::Info => "info",
    }
}

/// The compiler-style rendering of one report.
pub fn text_report(name: &str, text: &str, report: &Report, quiet: bool) -> String {
    let mut out = String::new();
    if !quiet {
        for f in &report.findings {
            let (line, col, line_text) = locate(text, f.start);
            let width = f.end.saturating_sub(f.start).max(1);
            // Carets stop at the end of the line for findings that span lines.
            let room = line_text.chars().count().saturating_sub(col - 1).max(1);
            let gutter = line.to_string().len();
            let _ = writeln!(
                out,
                "{}[{}]: {}",
                severity_label(f.severity),
                f.rule,
                f.message
            );
            let _ = writeln!(out, "{:>gutter$}--> {name}:{line}:{col}", "");
            let _ = writeln!(out, "{:>gutter$} |", "");
            let _ = writeln!(out, "{line} | {line_text}");
            let _ = writeln!(
                out,
                "{:>gutter$} | {}{}",
                "",
                " ".repeat(col - 1),
                "^".repeat(width.min(room))
            );
            let _ = writeln!(out, "{:>gutter$} = fix: {}", "", f.fix);
            let _ = writeln!(out);
        }
    }
    if !quiet {
        if let Some(t) = &report.triage {
            let _ = writeln!(out, "triage: {} (confidence {:.2})", t.class, t.confidence);
        }
        if let Some(r) = &report.rewrite {
            let _ = writeln!(out, "safe version:\n    {r}\n");
        }
        if !report.suggestions.is_empty() {
            let _ = writeln!(out, "safe replies:");
            for (i, s) in report.suggestions.iter().enumerate() {
                let _ = writeln!(out, "  {}. {s}", i + 1);
            }
            let _ = writeln!(out);
        }
    }
    let counted = report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .count();
    let verdict = match report.verdict {
        Verdict::Pass => "pass",
        Verdict::Review => "needs review",
        Verdict::Block => "blocked",
    };
    let _ = writeln!(
        out,
        "{name}: {verdict} ({counted} finding{}{})",
        if counted == 1 { "" } else { "s" },
        match report.findings.len() - counted {
            0 => String::new(),
            n => format!(", {n} for information"),
        }
    );
    out
}

/// A SARIF 2.1.0 log for several checked files.
pub fn sarif(results: &[(String, String, Report)]) -> Value {
    let rules: Vec<Value> = rules::registry()
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({
                "id": m.id,
                "name": m.id,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": m.summary},
                "help": {"text": m.doc(), "markdown": m.doc()},
                "defaultConfiguration": {"level": sarif_level(m.default_severity)},
                "properties": {"category": m.category.as_str()},
            })
        })
        .collect();
    let mut out = Vec::new();
    for (uri, text, report) in results {
        for f in &report.findings {
            let (start_line, start_col, _) = locate(text, f.start);
            let (end_line, end_col, _) = locate(text, f.end);
            out.push(json!({
                "ruleId": f.rule,
                "level": sarif_level(f.severity),
                "message": {"text": format!("{} Fix: {}", f.message, f.fix)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {
                            "startLine": start_line,
                            "startColumn": start_col,
                            "endLine": end_line,
                            "endColumn": end_col,
                            "charOffset": f.start,
                            "charLength": f.end - f.start
                        }
                    }
                }],
                "properties": {"score": f.score, "category": f.category},
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "Tact",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/tact-health/tact",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": out,
        }]
    })
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Block => "error",
        Severity::Review => "warning",
        Severity::Info => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_columns_in_characters() {
        let text = "first line\nsecönd line here";
        assert_eq!(locate(text, 0), (1, 1, "first line"));
        assert_eq!(locate(text, 11), (2, 1, "secönd line here"));
        assert_eq!(locate(text, 18), (2, 8, "secönd line here"));
    }
}
