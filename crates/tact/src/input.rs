//! Reading what the user gives: the profile (with its roster) and the texts.

use crate::ProfileArgs;
use anyhow::{bail, Context, Result};
use std::io::Read;
use std::path::{Path, PathBuf};
use tact_engine::{Analyzer, AnalyzerOptions, Profile, Roster};

/// The current year from the system clock (the engine reads no clock).
pub fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    // Civil-from-days (Howard Hinnant's algorithm), year only.
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

/// The profile file to use: the flag, else ./tact.toml when present.
fn profile_path(args: &ProfileArgs) -> Option<PathBuf> {
    if let Some(p) = &args.profile {
        return Some(p.clone());
    }
    let default = PathBuf::from("tact.toml");
    default.is_file().then_some(default)
}

/// Builds the analyzer from the profile (and its roster, when it names one).
pub fn analyzer(args: &ProfileArgs) -> Result<Analyzer> {
    Ok(load(args)?.analyzer)
}

/// The profile as read, the analyzer built from it, and the reply templates it uses.
pub struct Loaded {
    /// `None` when no profile file was given or found.
    pub path: Option<PathBuf>,
    pub profile: Profile,
    pub analyzer: Analyzer,
    /// The practice's own reply templates, when the profile names a file.
    pub templates: Option<tact_engine::reply::Templates>,
}

/// Reads the profile (and its roster and reply templates, when it names them).
pub fn load(args: &ProfileArgs) -> Result<Loaded> {
    let options = AnalyzerOptions {
        reference_year: current_year(),
        max_input_bytes: args.max_bytes,
    };
    let Some(path) = profile_path(args) else {
        return Ok(Loaded {
            path: None,
            profile: Profile::default(),
            analyzer: Analyzer::new(&Profile::default())?.with_options(options),
            templates: None,
        });
    };
    let source = read_text(&path).with_context(|| "reading the profile".to_string())?;
    let profile =
        Profile::from_toml(&source).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let mut analyzer = Analyzer::new(&profile)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        .with_options(options);
    if let Some(r) = &profile.roster {
        let base = path.parent().unwrap_or(Path::new("."));
        let roster_path = base.join(&r.file);
        let key_path = base.join(&r.key_file);
        let json = read_text(&roster_path)?;
        let key = std::fs::read(&key_path)
            .with_context(|| format!("reading the roster key {}", key_path.display()))?;
        let key = decode_key(&key);
        let roster = Roster::from_file(&json, &key)
            .map_err(|e| anyhow::anyhow!("{}: {e}", roster_path.display()))?;
        analyzer = analyzer.with_roster(roster);
    }
    let mut templates = None;
    if let Some(r) = &profile.replies {
        let base = path.parent().unwrap_or(Path::new("."));
        let templates_path = base.join(&r.templates);
        let text = read_text(&templates_path)?;
        let parsed = tact_engine::reply::Templates::parse(&text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", templates_path.display()))?;
        analyzer = analyzer.with_templates(parsed.clone());
        templates = Some(parsed);
    }
    Ok(Loaded {
        path: Some(path),
        profile,
        analyzer,
        templates,
    })
}

/// A key file holds hex (as `tact roster import` writes it) or raw bytes.
pub fn decode_key(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let t = text.trim();
    if t.len() >= 32 && t.len() % 2 == 0 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        (0..t.len())
            .step_by(2)
            .filter_map(|i| u8::from_str_radix(&t[i..i + 2], 16).ok())
            .collect()
    } else {
        bytes.to_vec()
    }
}

/// The display name of an input path.
pub fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads a whole file (or standard input for `-`) as UTF-8; invalid UTF-8 is an error naming
/// the file and the byte offset.
pub fn read_text(path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        if path.is_dir() {
            bail!("{}: is a folder, not a file", path.display());
        }
        bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    }
    decode_utf8(bytes, &display_name(path))
}

/// Decodes UTF-8, naming the source and byte offset of the first invalid byte.
pub fn decode_utf8(bytes: Vec<u8>, name: &str) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        anyhow::anyhow!("{name}: invalid UTF-8 at byte {at}")
    })
}
