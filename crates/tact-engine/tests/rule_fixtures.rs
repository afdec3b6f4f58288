//! Snapshot tests per rule, from `tests/fixtures/rules/<rule-id>.txt`: every line is analysed
//! with the demo practice's profile (and a roster holding "Dana Whitley"), and the rule's
//! findings are recorded under `tests/snapshots/`. Every rule must have a fixture.

use std::fmt::Write as _;
use std::path::Path;
use tact_engine::rules::registry;
use tact_engine::{Analyzer, Input, Kind, Profile, Roster};

fn analyzer() -> Analyzer {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let profile = Profile::from_toml(
        &std::fs::read_to_string(root.join("examples/demo-practice/tact.toml")).unwrap(),
    )
    .unwrap();
    let mut roster = Roster::new(b"fixture key, exactly thirty-two!");
    roster.add_name("Dana Whitley");
    Analyzer::new(&profile).unwrap().with_roster(roster)
}

fn item(line: &str) -> (Kind, &str) {
    for kind in Kind::ALL {
        let tag = format!("[{}] ", kind.as_str());
        if let Some(rest) = line.strip_prefix(tag.as_str()) {
            return (kind, rest);
        }
    }
    (Kind::Post, line)
}

#[test]
fn every_rule_has_a_fixture_and_its_snapshot_holds() {
    let analyzer = analyzer();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    for rule in registry() {
        let id = rule.meta().id;
        let path = dir.join(format!("{id}.txt"));
        let fixture = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("rule {id} has no fixture at {}", path.display()));
        let mut rendered = String::new();
        let mut fired = false;
        for line in fixture.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (kind, text) = item(line);
            let report = analyzer.analyze(&Input::new(text, kind)).unwrap();
            let chars: Vec<char> = text.chars().collect();
            let _ = writeln!(rendered, "{line}");
            let mine: Vec<_> = report.findings.iter().filter(|f| f.rule == id).collect();
            if mine.is_empty() {
                let _ = writeln!(rendered, "  (no finding)");
            }
            for f in mine {
                fired = true;
                let span: String = chars[f.start..f.end].iter().collect();
                let _ = writeln!(
                    rendered,
                    "  {} {:?} {}..{} score {:.2}",
                    f.severity, span, f.start, f.end, f.score
                );
            }
        }
        assert!(fired, "the fixture of rule {id} never makes it fire");
        insta::with_settings!({prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(id, rendered);
        });
    }
}
