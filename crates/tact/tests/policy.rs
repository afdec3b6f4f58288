//! `tact policy`: the documents written for the demo practice, the formats, and the errors
//! (exit 2 with a message naming what to fix).

mod common;

use common::{tact, tempfile_dir};
use std::path::{Path, PathBuf};
use std::process::Output;

fn demo_profile() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo-practice/tact.toml")
}

fn policy(dir: &Path, args: &[&str]) -> Output {
    tact()
        .arg("policy")
        .args(args)
        .current_dir(dir)
        .env_remove("TACT_PROFILE")
        .output()
        .expect("run tact policy")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn writes_every_format_of_both_documents() {
    let dir = tempfile_dir();
    let out = dir.join("out");
    let profile = demo_profile();
    let o = policy(
        &dir,
        &[
            "--profile",
            profile.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--effective-date",
            "2026-12-01",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let listed = String::from_utf8_lossy(&o.stdout).into_owned();
    for stem in ["social-media-policy", "procedures-guide"] {
        for ext in ["md", "html", "pdf"] {
            let path = out.join(format!("{stem}.{ext}"));
            assert!(path.is_file(), "{} missing", path.display());
            assert!(listed.contains(&format!("{stem}.{ext}")));
        }
    }
    let md = std::fs::read_to_string(out.join("social-media-policy.md")).unwrap();
    assert!(md.contains("Maple Grove Family Medicine") && md.contains("December 1, 2026"));
    let pdf = std::fs::read(out.join("procedures-guide.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(stderr(&o).contains("effective 2026-12-01"));

    // The committed examples are these very files (scripts/test also checks this).
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples");
    for name in [
        "social-media-policy.md",
        "social-media-policy.html",
        "procedures-guide.md",
        "procedures-guide.html",
        "social-media-policy.pdf",
        "procedures-guide.pdf",
    ] {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(examples.join(name)).unwrap(),
            "docs/examples/{name} is out of date: run scripts/policy-examples"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_format_at_a_time_and_a_list() {
    let dir = tempfile_dir();
    let profile = demo_profile();
    let p = profile.to_str().unwrap();
    let o = policy(&dir, &["--profile", p, "--format", "pdf", "--out", "a"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.join("a/procedures-guide.pdf").is_file());
    assert!(!dir.join("a/procedures-guide.md").exists());
    let o = policy(&dir, &["--profile", p, "--format", "md,html", "--out", "b"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.join("b/social-media-policy.html").is_file());
    assert!(!dir.join("b/social-media-policy.pdf").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_practice_can_use_its_own_wording() {
    let dir = tempfile_dir();
    std::fs::create_dir_all(dir.join("wording")).unwrap();
    std::fs::write(
        dir.join("wording/public.md.j2"),
        "# Our page rules, {{ practice.name }}\n\nCall {{ practice.phone }}. Effective {{ effective_date }}.\n",
    )
    .unwrap();
    let profile = demo_profile();
    let o = policy(
        &dir,
        &[
            "--profile",
            profile.to_str().unwrap(),
            "--format",
            "md",
            "--templates",
            "wording",
            "--effective-date",
            "2027-01-15",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.join("policy/social-media-policy.md")).unwrap();
    assert_eq!(
        md,
        "# Our page rules, Maple Grove Family Medicine\n\nCall (217) 555-0142. Effective 2027-01-15.\n"
    );
    // The guide keeps the built-in wording.
    let guide = std::fs::read_to_string(dir.join("policy/procedures-guide.md")).unwrap();
    assert!(guide.contains("### `patient-name`"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_exit_2_and_say_what_to_fix() {
    let dir = tempfile_dir();
    let profile = demo_profile();
    let p = profile.to_str().unwrap();
    std::fs::write(dir.join("bad.toml"), "[practice]\nname = 5\n").unwrap();
    std::fs::write(dir.join("a-file"), "x").unwrap();
    std::fs::write(
        dir.join("noname.toml"),
        "[practice]\nphones = [\"(217) 555-0142\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("bad-wording")).unwrap();
    std::fs::write(dir.join("bad-wording/guide.md.j2"), "# G\n{% for x in %}\n").unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec![], "no profile"),
        (vec!["--profile", "bad.toml"], "bad.toml"),
        (vec!["--profile", "missing.toml"], "missing.toml"),
        (vec!["--profile", "noname.toml"], "practice name"),
        (
            vec!["--profile", p, "--effective-date", "2026-02-30"],
            "has no day 30",
        ),
        (
            vec!["--profile", p, "--effective-date", "tomorrow"],
            "YYYY-MM-DD",
        ),
        (vec!["--profile", p, "--out", "a-file/sub"], "cannot create"),
        (
            vec!["--profile", p, "--templates", "nowhere"],
            "must name a folder",
        ),
        (
            vec!["--profile", p, "--templates", "bad-wording"],
            "guide.md.j2 line 2",
        ),
        (vec!["--profile", p, "--format", "docx"], "docx"),
    ];
    for (args, needle) in cases {
        let o = policy(&dir, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{args:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_teaches() {
    let o = tact().args(["policy", "--help"]).output().unwrap();
    let help = String::from_utf8(o.stdout).unwrap();
    for needle in [
        "--profile",
        "--format",
        "--out",
        "--effective-date",
        "--templates",
        "Examples:",
    ] {
        assert!(help.contains(needle), "help lacks {needle}");
    }
}
