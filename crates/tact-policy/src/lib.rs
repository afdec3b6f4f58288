//! # tact-policy
//!
//! The practice's two documents, written from what Tact itself knows: the **public social
//! media policy** (community guidelines to post on its pages) and the **internal procedures
//! guide** for staff. Inputs are the practice profile, the rule catalogue's four-part docs
//! (What it catches / Why it matters / Example / Use instead), the reply templates and the
//! documents' wording, kept as data in `data/policy/` (minijinja templates that produce
//! Markdown). Markdown is then rendered to a self-contained print-friendly HTML page or to a
//! PDF with the standard Helvetica fonts.
//!
//! Pure: no I/O, no clock (the caller gives the effective date).
//!
//! ```
//! use tact_engine::{reply::Templates, Analyzer, Profile};
//! use tact_policy::{generate, EffectiveDate, Inputs, PolicyTemplates, RuleDoc};
//!
//! let profile = Profile::from_toml("[practice]\nname = \"Maple Grove Family Medicine\"\nphones = [\"(217) 555-0142\"]").unwrap();
//! let analyzer = Analyzer::new(&profile).unwrap();
//! let rules = RuleDoc::from_registry();
//! let docs = generate(&Inputs {
//!     profile: &profile,
//!     analyzer: &analyzer,
//!     rules: &rules,
//!     replies: Templates::builtin(),
//!     templates: &PolicyTemplates::builtin(),
//!     effective_date: EffectiveDate::parse("2026-12-01").unwrap(),
//! }).unwrap();
//! assert!(docs.guide.markdown.contains("patient-name"));
//! let pdf = tact_policy::pdf::render(&docs.public.markdown, &docs.stamp(&docs.public));
//! assert!(pdf.starts_with(b"%PDF-"));
//! ```

pub mod date;
pub mod html;
mod markdown;
mod metrics;
pub mod pdf;
pub mod ruledoc;

pub use date::EffectiveDate;
pub use ruledoc::RuleDoc;

use minijinja::value::Value;
use minijinja::{Environment, UndefinedBehavior};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;
use tact_engine::reply::Templates;
use tact_engine::{Analyzer, EntityType, Input, Kind, Profile, Severity};

/// Tact's version, part of every document's version.
pub const TACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The built-in wording of the public policy.
pub const BUILTIN_PUBLIC: &str = include_str!("../../../data/policy/public.md.j2");
/// The built-in wording of the procedures guide.
pub const BUILTIN_GUIDE: &str = include_str!("../../../data/policy/guide.md.j2");
/// The print style of the HTML page.
pub const BUILTIN_CSS: &str = include_str!("../../../data/policy/print.css");

/// What went wrong; every message names what to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyError {
    /// A rule's doc lacks a part.
    RuleDoc(String),
    /// A document template does not parse or render.
    Template(String),
    /// A bad effective date.
    Date(String),
    /// The profile lacks what the documents need.
    Profile(String),
    /// A rule text could not be analyzed (too long for the engine).
    Analysis(String),
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyError::RuleDoc(m)
            | PolicyError::Template(m)
            | PolicyError::Date(m)
            | PolicyError::Profile(m)
            | PolicyError::Analysis(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for PolicyError {}

/// The documents' wording: two minijinja templates producing Markdown, and the HTML style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyTemplates {
    pub public: String,
    pub guide: String,
    pub css: String,
}

impl PolicyTemplates {
    /// The wording in `data/policy/`.
    pub fn builtin() -> PolicyTemplates {
        PolicyTemplates {
            public: BUILTIN_PUBLIC.to_string(),
            guide: BUILTIN_GUIDE.to_string(),
            css: BUILTIN_CSS.to_string(),
        }
    }
}

/// Everything the documents are made from.
pub struct Inputs<'a> {
    pub profile: &'a Profile,
    /// Built from the same profile: it finds the identifiers in the rule examples, which the
    /// documents show as `[PERSON]`-style placeholders.
    pub analyzer: &'a Analyzer,
    /// The rule docs, usually [`RuleDoc::from_registry`].
    pub rules: &'a [RuleDoc],
    /// The reply templates the practice answers with.
    pub replies: &'a Templates,
    pub templates: &'a PolicyTemplates,
    pub effective_date: EffectiveDate,
}

/// Which document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocKind {
    Public,
    Guide,
}

impl DocKind {
    /// The file stem: `social-media-policy` or `procedures-guide`.
    pub fn stem(self) -> &'static str {
        match self {
            DocKind::Public => "social-media-policy",
            DocKind::Guide => "procedures-guide",
        }
    }

    /// `public` or `guide`, as the API names them.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Public => "public",
            DocKind::Guide => "guide",
        }
    }

    pub fn parse(s: &str) -> Option<DocKind> {
        match s {
            "public" | "policy" | "social-media-policy" => Some(DocKind::Public),
            "guide" | "procedures" | "procedures-guide" => Some(DocKind::Guide),
            _ => None,
        }
    }
}

/// One generated document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub kind: DocKind,
    /// The first heading.
    pub title: String,
    pub markdown: String,
}

/// The pair, with the version they share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Documents {
    /// `TACT_VERSION+` twelve hex digits of the SHA-256 of every input.
    pub version: String,
    pub effective_date: EffectiveDate,
    pub public: Document,
    pub guide: Document,
}

/// What every page of a rendered document is stamped with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub title: String,
    pub version: String,
    pub effective_date: String,
}

impl Documents {
    pub fn stamp(&self, doc: &Document) -> Stamp {
        Stamp {
            title: doc.title.clone(),
            version: self.version.clone(),
            effective_date: self.effective_date.to_string(),
        }
    }

    pub fn get(&self, kind: DocKind) -> &Document {
        match kind {
            DocKind::Public => &self.public,
            DocKind::Guide => &self.guide,
        }
    }
}

/// The title of a Markdown document: its first `# ` heading.
pub fn title_of(markdown: &str) -> String {
    markdown
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| markdown::unescape(t.trim()))
        .unwrap_or_default()
}

/// Writes both documents.
pub fn generate(inputs: &Inputs) -> Result<Documents, PolicyError> {
    let practice = &inputs.profile.practice;
    if practice.name.trim().is_empty() {
        return Err(PolicyError::Profile(
            "the profile has no practice name: set `name` under [practice] in tact.toml".into(),
        ));
    }
    if practice.phones.iter().all(|p| p.trim().is_empty()) {
        return Err(PolicyError::Profile(
            "the profile has no phone number: the policy tells people to call the practice, so \
             set `phones` under [practice] in tact.toml"
                .into(),
        ));
    }
    let facts = Facts::new(inputs)?;
    let version = format!("{TACT_VERSION}+{}", facts.digest(inputs.templates));
    let date = inputs.effective_date;

    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .map_err(|e| PolicyError::Template(e.to_string()))?,
    );
    // Every value from the profile or the templates is escaped for Markdown unless it is
    // already Markdown (the rule docs' prose, marked safe).
    env.set_formatter(|out, _state, value| {
        if value.is_safe() {
            out.write_str(value.as_str().unwrap_or_default())?;
        } else if let Some(s) = value.as_str() {
            out.write_str(&markdown::escape(s))?;
        } else if !value.is_undefined() && !value.is_none() {
            out.write_str(&markdown::escape(&value.to_string()))?;
        }
        Ok(())
    });
    // "A VIN or license plate" reads "a VIN or license plate" after a colon; an acronym
    // ("SSN or ITIN") keeps its capitals.
    env.add_filter("lcfirst", |s: String| -> String {
        let first = s.split(' ').next().unwrap_or_default();
        let acronym = first.chars().count() > 1 && first.chars().all(|c| !c.is_lowercase());
        let mut chars = s.chars();
        match chars.next() {
            Some(c) if !acronym => c.to_lowercase().chain(chars).collect(),
            _ => s,
        }
    });
    let mut ctx = facts.context();
    ctx.insert("version", Value::from(version.clone()));
    ctx.insert("tact_version", Value::from(TACT_VERSION));
    ctx.insert("effective_date", Value::from(date.to_string()));
    ctx.insert("effective_date_long", Value::from(date.long()));
    let ctx = Value::from(ctx);

    let render = |name: &str, source: &str| -> Result<Document, PolicyError> {
        let text = env
            .render_str(source, &ctx)
            .map_err(|e| PolicyError::Template(template_error(name, &e)))?;
        let markdown = scrub(inputs.analyzer, &tidy(&text))?;
        let title = title_of(&markdown);
        if title.is_empty() {
            return Err(PolicyError::Template(format!(
                "{name}: the document has no title (a first line starting with \"# \")"
            )));
        }
        Ok(Document {
            kind: if name.starts_with("public") {
                DocKind::Public
            } else {
                DocKind::Guide
            },
            title,
            markdown,
        })
    };
    Ok(Documents {
        public: render("public.md.j2", &inputs.templates.public)?,
        guide: render("guide.md.j2", &inputs.templates.guide)?,
        version,
        effective_date: date,
    })
}

fn template_error(name: &str, e: &minijinja::Error) -> String {
    let mut msg = name.to_string();
    if let Some(line) = e.line() {
        msg.push_str(&format!(" line {line}"));
    }
    msg.push_str(": ");
    msg.push_str(&e.kind().to_string());
    if let Some(detail) = e.detail() {
        msg.push_str(": ");
        msg.push_str(detail);
    }
    msg
}

/// At most one blank line in a row, no trailing spaces, one final newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The values the templates see, before the version and date.
struct Facts {
    practice: BTreeMap<&'static str, Value>,
    rules: Vec<BTreeMap<&'static str, Value>>,
    disabled_rules: Vec<String>,
    replies: BTreeMap<String, Vec<String>>,
    flagged_terms: Vec<String>,
    /// Everything above as text, for the version hash.
    fingerprint: String,
}

impl Facts {
    fn new(inputs: &Inputs) -> Result<Facts, PolicyError> {
        let p = &inputs.profile.practice;
        let clean = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let website = p
            .website
            .clone()
            .or_else(|| p.websites.first().cloned())
            .map(|w| w.trim().to_string())
            .filter(|w| !w.is_empty());
        let phones = clean(&p.phones);
        let account_type = p
            .account_type
            .as_ref()
            .map(|a| a.get_ref().trim().to_ascii_lowercase())
            .unwrap_or_else(|| "business".to_string());
        let office_manager = p
            .office_manager
            .as_ref()
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty());
        let mut fingerprint = String::new();
        let mut practice = BTreeMap::new();
        let mut put = |k: &'static str, v: Value, fp: String| {
            fingerprint.push_str(&format!("practice.{k}={fp}\n"));
            practice.insert(k, v);
        };
        put("name", Value::from(p.name.trim()), p.name.trim().into());
        put("phone", Value::from(phones[0].clone()), phones[0].clone());
        put("phones", Value::from(phones.clone()), phones.join("\u{1f}"));
        put(
            "fax",
            Value::from(clean(&p.fax)),
            clean(&p.fax).join("\u{1f}"),
        );
        put(
            "emails",
            Value::from(clean(&p.emails)),
            clean(&p.emails).join("\u{1f}"),
        );
        put(
            "website",
            Value::from(website.clone()),
            website.unwrap_or_default(),
        );
        put(
            "handles",
            Value::from(clean(&p.handles)),
            clean(&p.handles).join("\u{1f}"),
        );
        put(
            "addresses",
            Value::from(clean(&p.addresses)),
            clean(&p.addresses).join("\u{1f}"),
        );
        put(
            "office_manager",
            Value::from(office_manager.clone()),
            office_manager.unwrap_or_default(),
        );
        put(
            "account_type",
            Value::from(account_type.clone()),
            account_type,
        );

        let mut rules = Vec::new();
        let mut disabled_rules = Vec::new();
        for rule in inputs.rules {
            let parts = ruledoc::parse(&rule.id, &rule.doc)?;
            let Some(severity) = ruledoc::effective_severity(inputs.profile, rule) else {
                disabled_rules.push(rule.id.clone());
                fingerprint.push_str(&format!("rule {} disabled\n", rule.id));
                continue;
            };
            let example = placeholders(inputs.analyzer, &parts.example)?;
            let use_instead = placeholders(inputs.analyzer, &parts.use_instead)?;
            let what = placeholders(inputs.analyzer, &parts.what)?;
            let why = placeholders(inputs.analyzer, &parts.why)?;
            let example_note = placeholders(inputs.analyzer, &parts.example_note)?;
            let use_instead_note = placeholders(inputs.analyzer, &parts.use_instead_note)?;
            fingerprint.push_str(&format!(
                "rule {}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\n",
                rule.id,
                rule.category,
                severity,
                rule.summary,
                what,
                why,
                example,
                example_note,
                use_instead,
                use_instead_note
            ));
            let mut r = BTreeMap::new();
            r.insert("id", Value::from(rule.id.clone()));
            r.insert("category", Value::from(rule.category.clone()));
            r.insert("severity", Value::from(severity));
            r.insert(
                "default_severity",
                Value::from(rule.default_severity.clone()),
            );
            r.insert("summary", Value::from(rule.summary.clone()));
            // The docs' prose is Markdown already (code spans, emphasis).
            r.insert("what", Value::from_safe_string(what));
            r.insert("why", Value::from_safe_string(why));
            r.insert("example_note", Value::from_safe_string(example_note));
            r.insert(
                "use_instead_note",
                Value::from_safe_string(use_instead_note),
            );
            // The examples are quoted text: escaped.
            r.insert("example", Value::from(example));
            r.insert("use_instead", Value::from(use_instead));
            rules.push(r);
        }

        let mut replies = BTreeMap::new();
        for class in tact_engine::reply::TEMPLATE_CLASSES {
            let filled = inputs.replies.filled(class, p);
            fingerprint.push_str(&format!("replies {class}={}\n", filled.join("\u{1f}")));
            replies.insert(class.replace('-', "_"), filled);
        }
        let flagged_terms = clean(&inputs.profile.flag.terms);
        fingerprint.push_str(&format!("flag={}\n", flagged_terms.join("\u{1f}")));
        Ok(Facts {
            practice,
            rules,
            disabled_rules,
            replies,
            flagged_terms,
            fingerprint,
        })
    }

    fn context(&self) -> BTreeMap<&'static str, Value> {
        let mut ctx = BTreeMap::new();
        ctx.insert("practice", Value::from(self.practice.clone()));
        ctx.insert("rules", Value::from(self.rules.clone()));
        ctx.insert("disabled_rules", Value::from(self.disabled_rules.clone()));
        ctx.insert("replies", Value::from(self.replies.clone()));
        ctx.insert("flagged_terms", Value::from(self.flagged_terms.clone()));
        ctx
    }

    /// Twelve hex digits of the SHA-256 of every input: same inputs, same version.
    fn digest(&self, templates: &PolicyTemplates) -> String {
        let mut h = Sha256::new();
        h.update(TACT_VERSION.as_bytes());
        for part in [&templates.public, &templates.guide, &templates.css] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        h.update(self.fingerprint.as_bytes());
        h.finalize()[..6]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// The whole document read again by the engine: any identifier it counts in the assembled
/// text (where context can make a word a name that was not one alone) becomes a placeholder,
/// until nothing is left to replace. The documents never disclose anything themselves.
fn scrub(analyzer: &Analyzer, markdown: &str) -> Result<String, PolicyError> {
    let mut text = markdown.to_string();
    for _ in 0..4 {
        let next = placeholders(analyzer, &text)?;
        if next == text {
            break;
        }
        text = next;
    }
    Ok(text)
}

/// What the documents show in place of an identifier: a general phrase in brackets, which
/// the engine does not read as an identifier again (a bare `[PERSON]` after "her daughter"
/// reads as a name).
fn placeholder(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "[a name]",
        EntityType::Location => "[a place]",
        EntityType::Date => "[a date]",
        EntityType::Age => "[an age over 89]",
        EntityType::Phone => "[a phone number]",
        EntityType::Fax => "[a fax number]",
        EntityType::Email => "[an email address]",
        EntityType::Url => "[a web address]",
        EntityType::IpAddress => "[an IP address]",
        EntityType::Ssn => "[a Social Security number]",
        EntityType::MedicalRecordNumber => "[a record number]",
        EntityType::HealthPlanId => "[a member ID]",
        EntityType::AccountNumber => "[an account number]",
        EntityType::LicenseNumber => "[a license number]",
        EntityType::VehicleId => "[a vehicle ID]",
        EntityType::DeviceId => "[a device ID]",
        EntityType::BiometricId => "[a biometric ID]",
        EntityType::OtherId => "[an ID or handle]",
        EntityType::Condition | EntityType::Procedure | EntityType::Medication => {
            "[a health detail]"
        }
    }
}

/// The text with each identifier the engine finds (a finding of block or review severity
/// with an identifier behind it) replaced by its type (`[PERSON]`), so the documents can show
/// what a rule catches without disclosing anything themselves.
fn placeholders(analyzer: &Analyzer, text: &str) -> Result<String, PolicyError> {
    if text.is_empty() {
        return Ok(String::new());
    }
    let report = analyzer
        .analyze(&Input::new(text, Kind::Post))
        .map_err(|e| PolicyError::Analysis(format!("a rule doc: {e}")))?;
    // Findings count code points; the text is sliced in bytes.
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut spans: Vec<(usize, usize, &'static str)> = report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .filter_map(|f| {
            let t = f.entity_type.filter(|t| t.is_identifier())?;
            Some((*bytes.get(f.start)?, *bytes.get(f.end)?, placeholder(t)))
        })
        .collect();
    spans.sort();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (s, e, t) in spans {
        if s < at {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push_str(t);
        at = e;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_collapses_blank_lines() {
        assert_eq!(tidy("\n\n# A\n\n\n\nb  \n\n"), "# A\n\nb\n");
    }
}
