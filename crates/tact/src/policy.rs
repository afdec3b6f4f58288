//! `tact policy`: the practice's public social media policy and internal procedures guide,
//! written to files in Markdown, HTML and PDF.

use crate::input::{load, read_text};
use crate::{ProfileArgs, EXIT_PASS};
use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use tact_engine::reply::Templates;
use tact_policy::{generate, DocKind, EffectiveDate, Inputs, PolicyTemplates, RuleDoc};

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyFormat {
    /// Markdown (`.md`): to paste into a website or edit.
    Md,
    /// A self-contained, print-friendly HTML page (`.html`).
    Html,
    /// PDF (`.pdf`), US Letter, standard Helvetica fonts.
    Pdf,
    /// All three.
    All,
}

#[derive(Args, Debug)]
pub struct PolicyArgs {
    /// Which formats to write; repeat the flag or separate with commas.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "all")]
    pub format: Vec<PolicyFormat>,
    /// The folder to write into (created when missing).
    #[arg(long, value_name = "DIR", default_value = "policy")]
    pub out: PathBuf,
    /// The date the documents take effect, YYYY-MM-DD. Default: today (UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub effective_date: Option<String>,
    /// A folder with the practice's own wording: public.md.j2, guide.md.j2 and print.css
    /// (each optional; copy them from data/policy/ and edit).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub profile: ProfileArgs,
}

fn today() -> Result<EffectiveDate> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .context("the system clock is before 1970")?
        .as_secs();
    Ok(EffectiveDate::from_unix_days((secs / 86_400) as i64)?)
}

/// The built-in wording, with any file of the practice's own in `dir` in its place.
fn templates(dir: Option<&Path>) -> Result<PolicyTemplates> {
    let mut t = PolicyTemplates::builtin();
    let Some(dir) = dir else {
        return Ok(t);
    };
    if !dir.is_dir() {
        bail!("{}: --templates must name a folder", dir.display());
    }
    let mut found = 0;
    for (name, slot) in [
        ("public.md.j2", &mut t.public),
        ("guide.md.j2", &mut t.guide),
        ("print.css", &mut t.css),
    ] {
        let path = dir.join(name);
        if path.is_file() {
            *slot = read_text(&path)?;
            found += 1;
        }
    }
    if found == 0 {
        bail!(
            "{}: no public.md.j2, guide.md.j2 or print.css in this folder (copy them from data/policy/)",
            dir.display()
        );
    }
    Ok(t)
}

pub fn run(args: PolicyArgs) -> Result<u8> {
    let loaded = load(&args.profile)?;
    if loaded.path.is_none() {
        bail!(
            "no profile: tact policy writes the documents from the practice's profile; give \
             --profile tact.toml (see examples/demo-practice/tact.toml)"
        );
    }
    let effective_date = match &args.effective_date {
        Some(d) => EffectiveDate::parse(d)?,
        None => today()?,
    };
    let policy_templates = templates(args.templates.as_deref())?;
    let rules = RuleDoc::from_registry();
    let replies = loaded.templates.as_ref().unwrap_or(Templates::builtin());
    let docs = generate(&Inputs {
        profile: &loaded.profile,
        analyzer: &loaded.analyzer,
        rules: &rules,
        replies,
        templates: &policy_templates,
        effective_date,
    })
    .map_err(|e| anyhow::anyhow!("{e}"))?;

    let all = args.format.contains(&PolicyFormat::All);
    let want = |f: PolicyFormat| all || args.format.contains(&f);
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("{}: cannot create the folder", args.out.display()))?;
    for kind in [DocKind::Public, DocKind::Guide] {
        let doc = docs.get(kind);
        let stamp = docs.stamp(doc);
        let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
        if want(PolicyFormat::Md) {
            files.push(("md", doc.markdown.clone().into_bytes()));
        }
        if want(PolicyFormat::Html) {
            files.push((
                "html",
                tact_policy::html::render(&doc.markdown, &stamp, &policy_templates.css)
                    .into_bytes(),
            ));
        }
        if want(PolicyFormat::Pdf) {
            files.push(("pdf", tact_policy::pdf::render(&doc.markdown, &stamp)));
        }
        for (ext, bytes) in files {
            let path = args.out.join(format!("{}.{ext}", kind.stem()));
            std::fs::write(&path, bytes)
                .with_context(|| format!("{}: cannot write", path.display()))?;
            println!("{}", path.display());
        }
    }
    eprintln!("version {} effective {}", docs.version, docs.effective_date);
    Ok(EXIT_PASS)
}
