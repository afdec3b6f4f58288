//! Safe replies: the templates a practice answers with (data, editable), filled from the
//! profile, and the rewrite of an unsafe draft into a safe one.

use crate::profile::Practice;
use serde::Deserialize;
use std::fmt;
use std::sync::OnceLock;

/// The built-in templates (`data/replies/templates.toml`).
pub const BUILTIN_TEMPLATES: &str = include_str!("../../../data/replies/templates.toml");

/// Every class a template may have: the triage classes, `invite` (the closing line of a
/// rewritten reply) and `post` (the fallback for a post).
pub const TEMPLATE_CLASSES: [&str; 9] = [
    "crisis",
    "spam",
    "medical-question",
    "office-request",
    "complaint",
    "health-disclosure",
    "praise",
    "invite",
    "post",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplatesSpec {
    #[serde(default)]
    template: Vec<TemplateSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateSpec {
    class: String,
    text: String,
}

/// A reply template: its class and text with `{placeholders}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub class: String,
    pub text: String,
}

/// A bad templates file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError(pub String);

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TemplateError {}

const PLACEHOLDERS: &[&str] = &["practice", "phone", "office_manager", "website"];

/// The reply templates, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Templates {
    items: Vec<Template>,
}

impl Templates {
    /// Parses a templates file; errors name the template and what is wrong.
    pub fn parse(toml_text: &str) -> Result<Templates, TemplateError> {
        let spec: TemplatesSpec =
            toml::from_str(toml_text).map_err(|e| TemplateError(e.to_string()))?;
        let mut items = Vec::new();
        for (i, t) in spec.template.into_iter().enumerate() {
            let at = format!("template {} ({:?})", i + 1, t.class);
            if !TEMPLATE_CLASSES.contains(&t.class.as_str()) {
                return Err(TemplateError(format!(
                    "{at}: unknown class; expected a triage class (crisis, spam, \
                     medical-question, office-request, complaint, health-disclosure, praise), \
                     invite or post"
                )));
            }
            if t.text.trim().is_empty() {
                return Err(TemplateError(format!("{at}: empty text")));
            }
            let mut rest = t.text.as_str();
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}') else {
                    return Err(TemplateError(format!("{at}: a `{{` is not closed")));
                };
                let name = &rest[open + 1..open + close];
                if !PLACEHOLDERS.contains(&name) {
                    return Err(TemplateError(format!(
                        "{at}: unknown placeholder {{{name}}}; expected one of {}",
                        PLACEHOLDERS.join(", ")
                    )));
                }
                rest = &rest[open + close + 1..];
            }
            items.push(Template {
                class: t.class,
                text: t.text.trim().to_string(),
            });
        }
        Ok(Templates { items })
    }

    /// The built-in templates.
    pub fn builtin() -> &'static Templates {
        static BUILTIN: OnceLock<Templates> = OnceLock::new();
        BUILTIN.get_or_init(|| Templates::parse(BUILTIN_TEMPLATES).unwrap_or_default())
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The templates of a class, filled from the practice; those needing a value the
    /// practice lacks are left out.
    pub fn filled(&self, class: &str, practice: &Practice) -> Vec<String> {
        self.items
            .iter()
            .filter(|t| t.class == class)
            .filter_map(|t| fill(&t.text, practice))
            .collect()
    }
}

/// Fills the placeholders, or `None` when one has no value.
fn fill(text: &str, practice: &Practice) -> Option<String> {
    let value = |name: &str| -> Option<String> {
        let v = match name {
            "practice" => practice.name.clone(),
            "phone" => practice.phones.first().cloned().unwrap_or_default(),
            "office_manager" => practice.office_manager.clone().unwrap_or_default(),
            "website" => practice
                .website
                .clone()
                .or_else(|| practice.websites.first().cloned())
                .unwrap_or_default(),
            _ => String::new(),
        };
        let v = v.trim().to_string();
        (!v.is_empty()).then_some(v)
    };
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}')?;
        out.push_str(&rest[..open]);
        out.push_str(&value(&rest[open + 1..close])?);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Byte ranges of the sentences of a text: each ends after its `.`, `!`, `?` (and closing
/// quotes or emoji that follow) or at a line break. Together they cover the whole text.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end_here = match c {
            '\n' => true,
            '.' | '!' | '?' | '…' => {
                // The sentence ends after the run of closing marks, at white space.
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_whitespace() {
                        break;
                    }
                    if matches!(d, '.' | '!' | '?' | '"' | '\'' | ')' | '”' | '’')
                        || !d.is_alphanumeric()
                    {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let at_space = chars.peek().is_none_or(|&(_, d)| d.is_whitespace());
                if at_space && !after_abbreviation(&text[start..i]) {
                    out.push((start, end));
                    start = end;
                }
                false
            }
            _ => false,
        };
        if end_here {
            match out.last_mut() {
                // A line break right after a sentence's end belongs to that sentence.
                Some(last) if start == i && last.1 == i => last.1 = i + 1,
                _ => out.push((start, i + 1)),
            }
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// "Dr." and single initials do not end a sentence.
fn after_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || ["dr", "mr", "mrs", "ms", "st", "jr", "sr", "vs", "etc"]
            .iter()
            .any(|a| a.eq_ignore_ascii_case(word))
}

/// Counts the words of a text (letters or digits).
pub fn word_count(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}

/// Joins kept sentences with single spaces, trimmed.
pub fn join_sentences(parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn practice() -> Practice {
        Practice {
            name: "Maple Grove".into(),
            phones: vec!["(217) 555-0142".into()],
            ..Practice::default()
        }
    }

    #[test]
    fn builtin_templates_parse_and_cover_every_class() {
        let t = Templates::parse(BUILTIN_TEMPLATES).unwrap();
        for class in TEMPLATE_CLASSES {
            assert!(
                t.items.iter().any(|x| x.class == class),
                "no template for {class}"
            );
        }
    }

    #[test]
    fn template_classes_are_the_triage_classes_and_the_extras() {
        let mut expected: Vec<&str> = crate::triage::TriageClass::ALL
            .iter()
            .map(|c| c.as_str())
            .chain(["invite", "post"])
            .collect();
        let mut listed = TEMPLATE_CLASSES.to_vec();
        expected.sort_unstable();
        listed.sort_unstable();
        assert_eq!(listed, expected);
    }

    #[test]
    fn placeholders_fill_or_skip() {
        let t = Templates::parse(
            "[[template]]\nclass = \"praise\"\ntext = \"Thanks from {practice}, call {phone}\"\n\
             [[template]]\nclass = \"praise\"\ntext = \"Ask for {office_manager}\"\n",
        )
        .unwrap();
        assert_eq!(
            t.filled("praise", &practice()),
            ["Thanks from Maple Grove, call (217) 555-0142"]
        );
    }

    #[test]
    fn bad_templates_say_which_and_why() {
        let e = Templates::parse("[[template]]\nclass = \"nope\"\ntext = \"x\"").unwrap_err();
        assert!(
            e.0.contains("template 1") && e.0.contains("unknown class"),
            "{e}"
        );
        let e = Templates::parse("[[template]]\nclass = \"praise\"\ntext = \"{nme}\"").unwrap_err();
        assert!(e.0.contains("unknown placeholder {nme}"), "{e}");
        let e = Templates::parse("[[template]]\nclass = \"praise\"\ntext = \"{x\"").unwrap_err();
        assert!(e.0.contains("not closed"), "{e}");
    }

    #[test]
    fn sentences_cover_the_text() {
        let text = "Thanks Dr. Bell! See you soon... Call us.\nBye";
        let s = sentences(text);
        let parts: Vec<&str> = s.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(
            parts,
            ["Thanks Dr. Bell!", " See you soon...", " Call us.\n", "Bye"]
        );
        assert_eq!(s.last().unwrap().1, text.len());
    }
}
