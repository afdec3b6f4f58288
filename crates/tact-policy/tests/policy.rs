//! The generated documents, end to end, with the demo practice.

use tact_engine::reply::Templates;
use tact_engine::{Analyzer, Input, Kind, Profile, Severity};
use tact_policy::{
    generate, pdf, DocKind, Documents, EffectiveDate, Inputs, PolicyError, PolicyTemplates, RuleDoc,
};

const DEMO: &str = include_str!("../../../examples/demo-practice/tact.toml");

fn documents_with(
    profile_text: &str,
    rules: &[RuleDoc],
    templates: &PolicyTemplates,
) -> Result<Documents, PolicyError> {
    let profile = Profile::from_toml(profile_text).unwrap();
    let analyzer = Analyzer::new(&profile).unwrap();
    generate(&Inputs {
        profile: &profile,
        analyzer: &analyzer,
        rules,
        replies: Templates::builtin(),
        templates,
        effective_date: EffectiveDate::parse("2026-12-01").unwrap(),
    })
}

fn demo() -> Documents {
    documents_with(DEMO, &RuleDoc::from_registry(), &PolicyTemplates::builtin()).unwrap()
}

/// The rendered text a reader sees (what the HTML shows), for the engine to read.
fn visible_text(markdown: &str) -> String {
    let html = tact_policy::html::body(markdown);
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
}

#[test]
fn both_documents_pass_tacts_own_check() {
    let docs = demo();
    let profile = Profile::from_toml(DEMO).unwrap();
    let analyzer = Analyzer::new(&profile).unwrap();
    for doc in [&docs.public, &docs.guide] {
        for (what, text) in [
            ("markdown", doc.markdown.clone()),
            ("rendered", visible_text(&doc.markdown)),
        ] {
            let report = analyzer.analyze(&Input::new(&text, Kind::Post)).unwrap();
            let blocks: Vec<String> = report
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Block)
                .map(|f| {
                    let chars: String = text
                        .chars()
                        .skip(f.start.saturating_sub(40))
                        .take(f.end - f.start.saturating_sub(40) + 40)
                        .collect();
                    format!(
                        "{} {:?} {:?}: {:?}",
                        f.rule,
                        f.entity_type,
                        text.chars()
                            .skip(f.start)
                            .take(f.end - f.start)
                            .collect::<String>(),
                        chars
                    )
                })
                .collect();
            assert!(
                blocks.is_empty(),
                "{} ({what}) has block findings:\n{}",
                doc.title,
                blocks.join("\n")
            );
        }
    }
}

#[test]
fn every_rule_is_in_the_guide_with_its_example_and_alternative() {
    let docs = demo();
    for rule in RuleDoc::from_registry() {
        assert!(
            docs.guide.markdown.contains(&format!("### `{}`", rule.id)),
            "{} missing",
            rule.id
        );
    }
    // Examples with no identifier appear word for word; identifiers become placeholders.
    assert!(docs
        .guide
        .markdown
        .contains("So glad your knee surgery went well, see you at your follow-up!"));
    assert!(docs
        .guide
        .markdown
        .contains("Congrats to \\[a name\\] on finishing chemo today!"));
    assert!(!docs.guide.markdown.contains("Maria Delgado"));
    assert!(!docs.guide.markdown.contains("219-09-9999"));
    // The reply templates, filled for the practice.
    assert!(docs.guide.markdown.contains(
        "Thank you so much for the kind words! We'll share them with the whole team at Maple Grove Family Medicine."
    ));
    assert!(docs
        .guide
        .markdown
        .contains("call our office manager, Jenna Ortiz, at (217) 555-0142"));
    for needle in [
        "60 days",
        "six years",
        "breach risk assessment",
        "acknowledge",
        "written\nauthorization",
    ] {
        assert!(
            docs.guide.markdown.contains(needle),
            "guide lacks {needle:?}"
        );
    }
    for needle in [
        "911",
        "988",
        "(217) 555-0142",
        "never confirm or deny",
        "December 1, 2026",
        "public",
    ] {
        assert!(
            docs.public.markdown.contains(needle),
            "policy lacks {needle:?}"
        );
    }
}

#[test]
fn changing_a_rules_doc_changes_the_guide_and_nothing_else_is_needed() {
    let mut rules = RuleDoc::from_registry();
    let before = documents_with(DEMO, &rules, &PolicyTemplates::builtin()).unwrap();
    let rule = rules.iter_mut().find(|r| r.id == "medical-advice").unwrap();
    rule.doc = rule.doc.replace(
        "## Use instead",
        "Edited: a reviewer must read every answer to a health question.\n\n## Use instead",
    );
    let after = documents_with(DEMO, &rules, &PolicyTemplates::builtin()).unwrap();
    assert_ne!(before.guide.markdown, after.guide.markdown);
    assert!(after
        .guide
        .markdown
        .contains("Edited: a reviewer must read every answer to a health question."));
    assert!(!before.guide.markdown.contains("Edited:"));
    assert_ne!(
        before.version, after.version,
        "the version follows the inputs"
    );
    // The example of the edited rule is taken from the doc too.
    let rule = rules.iter_mut().find(|r| r.id == "crisis").unwrap();
    let old_example = super_example(&rule.doc);
    rule.doc = rule
        .doc
        .replace(&old_example, "Nobody should feel this alone tonight.");
    let edited = documents_with(DEMO, &rules, &PolicyTemplates::builtin()).unwrap();
    assert!(edited
        .guide
        .markdown
        .contains("Nobody should feel this alone tonight."));
}

/// The first line of a doc's Example block.
fn super_example(doc: &str) -> String {
    let after = doc.split("## Example").nth(1).unwrap();
    after
        .lines()
        .skip_while(|l| !l.starts_with("```"))
        .nth(1)
        .unwrap()
        .to_string()
}

#[test]
fn same_inputs_same_version_and_text() {
    let a = demo();
    let b = demo();
    assert_eq!(a, b);
    assert!(a
        .version
        .starts_with(&format!("{}+", tact_policy::TACT_VERSION)));
    assert_eq!(a.version.len(), tact_policy::TACT_VERSION.len() + 13);
    let other = documents_with(
        &DEMO.replace("(217) 555-0142", "(217) 555-0177"),
        &RuleDoc::from_registry(),
        &PolicyTemplates::builtin(),
    )
    .unwrap();
    assert_ne!(a.version, other.version);
    assert!(other.public.markdown.contains("(217) 555-0177"));
}

#[test]
fn the_pdf_reads_back_with_the_practice_phone_and_every_rule_id() {
    let docs = demo();
    for doc in [&docs.public, &docs.guide] {
        let bytes = pdf::render(&doc.markdown, &docs.stamp(doc));
        let pdf = lopdf::Document::load_mem(&bytes).expect("a PDF that parses");
        let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
        assert!(!pages.is_empty());
        let text = pdf.extract_text(&pages).expect("text extracts");
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in [
            "Maple Grove Family Medicine",
            "(217) 555-0142",
            &docs.version,
        ] {
            assert!(
                flat.contains(needle),
                "{}: {needle:?} not in the PDF text",
                doc.title
            );
        }
        if doc.kind == DocKind::Guide {
            for rule in RuleDoc::from_registry() {
                assert!(
                    flat.contains(&rule.id),
                    "rule {} not in the PDF text",
                    rule.id
                );
            }
            assert!(pages.len() > 5, "the guide is several pages");
        }
        assert_eq!(bytes, pdf::render(&doc.markdown, &docs.stamp(doc)));
    }
}

#[test]
fn the_html_page_is_self_contained_and_printable() {
    let docs = demo();
    let page = tact_policy::html::render(
        &docs.guide.markdown,
        &docs.stamp(&docs.guide),
        &PolicyTemplates::builtin().css,
    );
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("@media print"));
    assert!(page.contains("<h3><code>patient-name</code>"));
    assert!(!page.contains("<script"));
    assert!(!page.contains("<link"));
    assert!(page.contains(&docs.version));
}

#[test]
fn hostile_profile_values_stay_text() {
    let profile = r##"
[practice]
name = "Evil <script>alert(1)</script> *Clinic* [x](javascript:alert(1))"
phones = ["(217) 555-0142"]
website = "javascript:alert(1)"
addresses = ["# Heading\n- list"]
"##;
    let docs = documents_with(
        profile,
        &RuleDoc::from_registry(),
        &PolicyTemplates::builtin(),
    )
    .unwrap();
    for doc in [&docs.public, &docs.guide] {
        let body = tact_policy::html::body(&doc.markdown);
        assert!(!body.contains("<script"), "{body}");
        assert!(!body.contains("href=\"javascript"), "{body}");
        assert!(!body.contains("<em>Clinic</em>"), "{body}");
        assert!(!doc.markdown.contains("\n# Heading"));
    }
    assert_eq!(
        docs.public.title,
        "Social media policy of Evil <script>alert(1)</script> *Clinic* [x](javascript:alert(1))"
    );
}

#[test]
fn clear_errors() {
    let rules = RuleDoc::from_registry();
    let e = documents_with(
        "[practice]\nphones = [\"1\"]",
        &rules,
        &PolicyTemplates::builtin(),
    )
    .unwrap_err();
    assert!(
        matches!(e, PolicyError::Profile(_)) && e.to_string().contains("name"),
        "{e}"
    );
    let e = documents_with(
        "[practice]\nname = \"A\"",
        &rules,
        &PolicyTemplates::builtin(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("phone"), "{e}");

    let mut broken = PolicyTemplates::builtin();
    broken.guide =
        "# Guide\n\n{% for r in rules %}\n{{ r.nonexistent_field }}\n{% endfor %}\n".into();
    let e = documents_with(DEMO, &rules, &broken)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("guide.md.j2") && e.contains("line 4") && e.contains("undefined"),
        "{e}"
    );
    broken.guide = "# Guide\n\n{% if %}\n".into();
    let e = documents_with(DEMO, &rules, &broken)
        .unwrap_err()
        .to_string();
    assert!(e.contains("guide.md.j2"), "{e}");
    broken.guide = "no title\n".into();
    let e = documents_with(DEMO, &rules, &broken)
        .unwrap_err()
        .to_string();
    assert!(e.contains("title"), "{e}");

    let mut rules2 = rules.clone();
    rules2[0].doc = "## What it catches\nonly this".into();
    let e = documents_with(DEMO, &rules2, &PolicyTemplates::builtin())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&rules2[0].id) && e.contains("Why it matters"),
        "{e}"
    );
}

#[test]
fn profile_settings_reach_the_guide() {
    let profile = format!(
        "{}\n",
        DEMO.replace("disabled = []", "disabled = [\"professionalism\"]")
            .replace(
                "# \"patient-date\" = \"review\"",
                "\"patient-date\" = \"review\""
            )
    );
    let docs = documents_with(
        &profile,
        &RuleDoc::from_registry(),
        &PolicyTemplates::builtin(),
    )
    .unwrap();
    assert!(!docs.guide.markdown.contains("### `professionalism`"));
    assert!(docs
        .guide
        .markdown
        .contains("turns off these rules: `professionalism`"));
    let date = docs
        .guide
        .markdown
        .split("### `patient-date`")
        .nth(1)
        .unwrap();
    assert!(
        date.contains("**review** (Tact's default: block)"),
        "{}",
        &date[..200]
    );
}
