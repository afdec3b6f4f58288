//! The smaller commands: redact, rules, rule, roster import, eval.

use crate::input::{analyzer, decode_key, display_name, read_text};
use crate::{EvalArgs, RedactArgs, RedactModeArg, EXIT_ERROR, EXIT_FLAGGED, EXIT_PASS};
use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use tact_engine::eval::{parse_labeled, Evaluation};
use tact_engine::{redact as redact_text, rules, Input, Kind, RedactMode, Roster};

pub fn redact(args: RedactArgs) -> Result<u8> {
    let analyzer = analyzer(&args.profile)?;
    let path = args.file.unwrap_or_else(|| PathBuf::from("-"));
    let text = read_text(&path)?;
    let mode = match args.mode {
        RedactModeArg::Type => RedactMode::Type,
        RedactModeArg::Mask => RedactMode::Mask,
        RedactModeArg::Hash => RedactMode::Hash,
        RedactModeArg::Generalize => RedactMode::Generalize,
    };
    let key = match (&args.key_file, mode) {
        (Some(f), _) => decode_key(
            &std::fs::read(f).with_context(|| format!("{}: cannot read the key", f.display()))?,
        ),
        (None, RedactMode::Hash) => match std::env::var("TACT_REDACT_KEY") {
            Ok(k) if !k.is_empty() => k.into_bytes(),
            _ => bail!("--mode hash needs a key: --key-file FILE or the TACT_REDACT_KEY environment variable"),
        },
        (None, _) => Vec::new(),
    };
    let input = Input::new(&text, args.kind.into());
    let (entities, allowlisted) = analyzer
        .entities(&input)
        .map_err(|e| anyhow::anyhow!("{}: {e}", display_name(&path)))?;
    let counted: Vec<_> = entities
        .iter()
        .zip(&allowlisted)
        .filter(|(e, a)| {
            !**a && e.entity_type.is_identifier() && e.score >= tact_engine::FINDING_THRESHOLD
        })
        .map(|(e, _)| e)
        .collect();
    let out = redact_text(&text, &counted, mode, &key);
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(EXIT_PASS)
}

pub fn rules() -> Result<u8> {
    let mut out = String::new();
    out.push_str(&format!(
        "{:<24} {:<8} {:<11} {}\n",
        "RULE", "SEVERITY", "CATEGORY", "SUMMARY"
    ));
    for r in rules::registry() {
        let m = r.meta();
        out.push_str(&format!(
            "{:<24} {:<8} {:<11} {}\n",
            m.id,
            m.default_severity.as_str(),
            m.category.as_str(),
            m.summary
        ));
    }
    out.push_str("\n`tact rule ID` prints a rule's documentation.\n");
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(EXIT_PASS)
}

pub fn rule(id: &str) -> Result<u8> {
    let Some(rule) = rules::find(id) else {
        let close: Vec<&str> = rules::registry()
            .iter()
            .map(|r| r.meta().id)
            .filter(|r| r.contains(id) || id.contains(r))
            .collect();
        let hint = if close.is_empty() {
            "`tact rules` lists them".to_string()
        } else {
            format!("did you mean {}?", close.join(" or "))
        };
        eprintln!("tact: no rule {id:?}; {hint}");
        return Ok(EXIT_ERROR);
    };
    let m = rule.meta();
    println!("# {}\n", m.id);
    println!(
        "{} · default severity: {} · category: {}\n",
        m.summary,
        m.default_severity.as_str(),
        m.category.as_str()
    );
    println!("{}", m.doc());
    Ok(EXIT_PASS)
}

pub fn roster_import(names: &Path, out: &Path, key_file: &Path) -> Result<u8> {
    let key = if key_file.exists() {
        decode_key(
            &std::fs::read(key_file)
                .with_context(|| format!("{}: cannot read", key_file.display()))?,
        )
    } else {
        let mut key = [0u8; 32];
        getrandom::getrandom(&mut key).map_err(|e| anyhow::anyhow!("no random source: {e}"))?;
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        write_private(key_file, format!("{hex}\n").as_bytes())?;
        eprintln!("tact: created a new roster key in {}", key_file.display());
        key.to_vec()
    };
    if key.len() < 16 {
        bail!("{}: the key is shorter than 16 bytes", key_file.display());
    }
    let text = read_text(names)?;
    let mut roster = Roster::new(&key);
    let mut skipped = Vec::new();
    let mut added = 0usize;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if roster.add_name(line) {
            added += 1;
        } else {
            skipped.push(i + 1);
        }
    }
    let file = serde_json::to_string_pretty(&roster.to_file())?;
    write_private(out, file.as_bytes())?;
    eprintln!(
        "tact: {added} names hashed into {} ({} hashes)",
        out.display(),
        roster.len()
    );
    if !skipped.is_empty() {
        eprintln!(
            "tact: skipped {} lines that are not a full name of 2 to 4 words: lines {}",
            skipped.len(),
            skipped
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(EXIT_PASS)
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options
        .open(path)
        .with_context(|| format!("{}: cannot write", path.display()))?;
    f.write_all(bytes)?;
    Ok(())
}

/// The labeled JSONL files under the given paths, sorted.
fn corpus_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            for entry in
                std::fs::read_dir(p).with_context(|| format!("{}: cannot list", p.display()))?
            {
                let path = entry?.path();
                if path.extension().is_some_and(|e| e == "jsonl") {
                    files.push(path);
                }
            }
        } else if p.is_file() {
            files.push(p.clone());
        } else {
            bail!("{}: no such file or folder", p.display());
        }
    }
    files.sort();
    Ok(files)
}

#[derive(serde::Deserialize)]
struct LabeledItem {
    id: String,
    #[serde(default)]
    kind: Option<String>,
    text: String,
    #[serde(default)]
    replying_to: Option<String>,
}

pub fn eval(args: EvalArgs) -> Result<u8> {
    let analyzer = analyzer(&args.profile)?;
    let mut evaluation = Evaluation::default();
    for file in corpus_files(&args.paths)? {
        let text = read_text(&file)?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let where_ = format!("{}:{}", file.display(), n + 1);
            let item: LabeledItem = serde_json::from_str(line)
                .with_context(|| format!("{where_}: not a labeled item"))?;
            let (plain, gold) =
                parse_labeled(&item.text).map_err(|e| anyhow::anyhow!("{where_}: {e}"))?;
            let kind = match item.kind.as_deref() {
                None => Kind::Post,
                Some(k) => {
                    Kind::parse(k).ok_or_else(|| anyhow::anyhow!("{where_}: unknown kind {k:?}"))?
                }
            };
            let input = Input {
                id: Some(&item.id),
                text: &plain,
                kind,
                replying_to: item.replying_to.as_deref(),
            };
            evaluation.add_item(&analyzer, &item.id, &input, &gold);
        }
    }
    if args.json {
        let by_type: serde_json::Map<String, serde_json::Value> = evaluation
            .by_type
            .iter()
            .map(|(t, c)| {
                (
                    t.as_str().to_string(),
                    serde_json::json!({
                        "gold": c.gold, "predicted": c.predicted,
                        "precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
                    }),
                )
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({"items": evaluation.items, "by_type": by_type})
        );
    } else {
        print!("{}", evaluation.table());
    }
    if args.errors {
        for m in &evaluation.misses {
            println!(
                "{:<14} {:<8} {:<22} {:.2} {:?}",
                m.item,
                m.what,
                m.entity_type.as_str(),
                m.score,
                m.surface
            );
        }
    }
    Ok(if evaluation.misses.is_empty() {
        EXIT_PASS
    } else {
        EXIT_FLAGGED
    })
}
