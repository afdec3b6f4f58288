//! E-mail addresses.
//!
//! Plain addresses: an RFC 5322-style dot-atom local part (letters, digits and `_ % + -`,
//! dots and apostrophes only between them) and a domain of LDH labels ending in a
//! top-level label of two or more letters (or an `xn--` IDN label). Trailing punctuation is
//! never part of the span. A final label that is a known top-level domain scores higher than
//! one that is merely well-formed; file extensions (`icon@2x.png`) are not addresses.
//!
//! Obfuscated addresses ("jenny at gmail dot com", "jenny [at] gmail [dot] com") are found at
//! a lower score, only when the last label is a common top-level domain, and — when only the
//! "at" is spelled out — only for the well-known mail providers ("jenny at gmail.com"), so
//! "we are at example.com" stays a sentence.

use super::group::{AtWords, Facts, Member};
use super::url::is_tld;
use super::{char_at, char_before, is_wordish};
use crate::entity::{Entity, EntityType, Explanation};
use crate::lexicon;
use crate::recognizers::Recognizer;
use crate::text::Scan;
use regex::Regex;
use std::sync::OnceLock;

const ID: &str = "email";

/// File extensions that are not top-level domains but follow an `@` in image names.
const FILE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "tif", "tiff", "heic", "pdf", "doc", "docx",
    "xls", "xlsx", "ppt", "pptx", "txt", "csv", "js", "css", "htm", "html", "mp3", "mp4", "wav",
    "zip", "mov",
];

/// Top-level domains accepted in obfuscated addresses.
const OBFUSCATED_TLDS: &[&str] = &[
    "com", "net", "org", "edu", "gov", "mil", "us", "io", "co", "me", "info", "biz", "uk", "ca",
    "au", "de", "fr", "nl", "es", "it", "in", "mx", "br", "ie", "nz",
];

/// Mail providers recognised when only the "at" is spelled out ("jenny at gmail.com").
const MAIL_PROVIDERS: &[&str] = &[
    "gmail",
    "googlemail",
    "yahoo",
    "ymail",
    "hotmail",
    "outlook",
    "live",
    "msn",
    "aol",
    "icloud",
    "me",
    "mac",
    "proton",
    "protonmail",
    "pm",
    "comcast",
    "att",
    "sbcglobal",
    "verizon",
    "gmx",
    "mail",
    "zoho",
    "yandex",
    "fastmail",
    "hey",
];

fn plain_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"[A-Za-z0-9_%+\-]+(?:[.'][A-Za-z0-9_%+\-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+(?:xn--[A-Za-z0-9\-]+|[A-Za-z]{2,})",
        )
        .expect("valid regex")
    })
}

fn obfuscated_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let label = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?";
        let at = r"(?i:[ \t]*(?:\[at\]|\(at\)|\{at\}|<at>)[ \t]*|[ \t]+at[ \t]+|[ \t]*@[ \t]*)";
        let dot = r"(?i:[ \t]*(?:\[dot\]|\(dot\)|\{dot\}|<dot>)[ \t]*|[ \t]+dot[ \t]+|\.)";
        // The local part may spell its dots too ("rob dot delgado at …"); the domain ends in
        // a common top-level domain, so that an earlier "me at rob dot delgado" is no match.
        let tlds = OBFUSCATED_TLDS.join("|");
        Regex::new(&format!(
            r"(?P<local>[A-Za-z0-9_%+\-]+(?:(?:\.|{dot})[A-Za-z0-9_%+\-]+)*)(?P<at>{at})(?P<domain>{label}(?:{dot}{label})*{dot}(?i:{tlds})\b)"
        ))
        .expect("valid regex")
    })
}

/// A cheap test before the regex: an obfuscated address needs a spelled-out "dot", a
/// bracketed "at", or " at " with a mail provider's domain. `at_sign` says whether the text
/// holds an "@", `at_words` where it holds the word "at".
fn might_hold_obfuscated(scan: &Scan, at_sign: bool, at_words: AtWords) -> bool {
    let lower = scan.lower.as_str();
    let bytes = lower.as_bytes();
    if at_words.bracketed {
        return true;
    }
    // Without an "@" or the word "at" the regex cannot match: there is nothing to test.
    if !at_sign && !at_words.any {
        return false;
    }
    if lower.contains("dot") {
        return true;
    }
    if !at_words.spaced {
        return false;
    }
    // The word before each dot.
    positions(lower, b'.').any(|i| {
        let word_start = bytes[..i]
            .iter()
            .rposition(|c| !c.is_ascii_alphanumeric())
            .map_or(0, |p| p + 1);
        lower
            .get(word_start..i)
            .is_some_and(|w| MAIL_PROVIDERS.contains(&w))
    })
}

/// The positions of an ASCII byte, found with the standard library's fast byte search.
fn positions(text: &str, byte: u8) -> impl Iterator<Item = usize> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let p = from + text.get(from..)?.find(char::from(byte))?;
        from = p + 1;
        Some(p)
    })
}

/// An obfuscated address found in the text.
struct Obfuscated {
    start: usize,
    end: usize,
}

/// Obfuscated addresses ("jenny at gmail dot com") in the text; `at_sign` and `at_words`
/// say whether it holds an "@" and the word "at".
fn obfuscated_emails(scan: &Scan, at_sign: bool, at_words: AtWords) -> Vec<Obfuscated> {
    let text = scan.text;
    if !might_hold_obfuscated(scan, at_sign, at_words) {
        return Vec::new();
    }
    let mut found = Vec::new();
    for c in obfuscated_regex().captures_iter(text) {
        let m = c.get(0).expect("group 0");
        let (start, end) = (m.start(), m.end());
        let (Some(local), Some(at), Some(domain)) =
            (c.name("local"), c.name("at"), c.name("domain"))
        else {
            continue;
        };
        let at_plain = at.as_str().trim() == "@";
        let domain_plain = !domain
            .as_str()
            .contains(|ch: char| ch.is_whitespace() || "[({<".contains(ch));
        if at_plain && domain_plain {
            continue; // an ordinary address
        }
        if char_before(text, start)
            .is_some_and(|ch| is_wordish(ch) || matches!(ch, '@' | '.' | '\'' | '\u{2019}'))
        {
            continue;
        }
        if char_at(text, end).is_some_and(|ch| {
            is_wordish(ch)
                || ch == '@'
                || (ch == '.' && char_at(text, end + 1).is_some_and(is_wordish))
        }) {
            continue;
        }
        let labels: Vec<&str> = domain
            .as_str()
            .split(|ch: char| ch.is_whitespace() || "[](){}<>.".contains(ch))
            .filter(|l| !l.is_empty() && !l.eq_ignore_ascii_case("dot"))
            .collect();
        let Some(tld) = labels.last() else { continue };
        if labels.len() < 2 || !OBFUSCATED_TLDS.iter().any(|t| t.eq_ignore_ascii_case(tld)) {
            continue;
        }
        let at_word = !at_plain && !at.as_str().contains(['[', '(', '{', '<']);
        if at_word {
            // "… at …" is everyday English: the local part must not be a word, and a
            // domain written with real dots must be a mail provider.
            let local_lower = &scan.lower[local.start()..local.end()];
            if local_lower.len() < 2 || lexicon::word_info(local_lower).is_common_word() {
                continue;
            }
            let sld = labels[labels.len() - 2];
            if domain_plain && !MAIL_PROVIDERS.iter().any(|p| p.eq_ignore_ascii_case(sld)) {
                continue;
            }
        }
        found.push(Obfuscated { start, end });
    }
    found
}

/// True when the text at `start..end` lies inside an obfuscated address: the URL recognizer
/// leaves such domains to this one.
pub(crate) fn inside_obfuscated_email(scan: &Scan, start: usize, end: usize) -> bool {
    let before = scan.lower[..start].trim_end_matches([' ', '\t']);
    if !["at", "at]", "at)", "at}", "at>", "@"]
        .iter()
        .any(|a| before.ends_with(a))
    {
        return false;
    }
    in_obfuscated_email(scan, start, end)
}

/// True when `start..end` lies inside an obfuscated address, wherever in it ("rob dot
/// delgado at …": the person recognizer leaves the local part to this one).
pub(crate) fn in_obfuscated_email(scan: &Scan, start: usize, end: usize) -> bool {
    let facts = Facts::new(scan);
    obfuscated_emails(scan, facts.at_sign, facts.at_words)
        .iter()
        .any(|o| o.start <= start && end <= o.end)
}

/// Finds e-mail addresses.
pub struct EmailRecognizer;

impl Default for EmailRecognizer {
    fn default() -> Self {
        Self::new()
    }
}

impl EmailRecognizer {
    pub fn new() -> Self {
        // Compile the patterns now rather than on the first text.
        let _ = plain_regex();
        let _ = obfuscated_regex();
        EmailRecognizer
    }
}

impl Recognizer for EmailRecognizer {
    fn id(&self) -> &'static str {
        ID
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        self.recognize_with(&Facts::new(scan), out);
    }
}

impl Member for EmailRecognizer {
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        let text = scan.text;
        let at_sign = facts.at_sign;
        if at_sign {
            for m in plain_regex().find_iter(text) {
                let (start, end) = (m.start(), m.end());
                if char_before(text, start).is_some_and(is_wordish) {
                    continue;
                }
                if char_at(text, end).is_some_and(|c| {
                    is_wordish(c)
                        || c == '@'
                        || c == '-'
                        || (c == '.' && char_at(text, end + 1).is_some_and(is_wordish))
                }) {
                    continue;
                }
                let s = m.as_str();
                let domain = s.rsplit('@').next().unwrap_or("");
                if domain.len() > 253 || domain.split('.').any(|l| l.len() > 63) {
                    continue;
                }
                let tld = s.rsplit('.').next().unwrap_or("");
                if FILE_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(tld)) {
                    continue;
                }
                let (score, validation) = if is_tld(tld) {
                    (0.95, "known top-level domain")
                } else {
                    (0.7, "unknown top-level domain")
                };
                out.push(Entity::new(
                    EntityType::Email,
                    start,
                    end,
                    score,
                    ID,
                    Explanation::pattern("email").validated(validation),
                ));
            }
        }
        for o in obfuscated_emails(scan, at_sign, facts.at_words) {
            out.push(Entity::new(
                EntityType::Email,
                o.start,
                o.end,
                0.6,
                ID,
                Explanation::pattern("email-obfuscated").validated("common top-level domain"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{analyzed, found, run};
    use super::*;

    fn emails(text: &str) -> Vec<&str> {
        found(&EmailRecognizer::new(), text, EntityType::Email)
    }

    #[test]
    fn plain_addresses() {
        assert_eq!(
            emails("my email address is info@presidio.site"),
            vec!["info@presidio.site"]
        );
        assert_eq!(
            emails("try one of these emails: info@presidio.site or anotherinfo@presidio.site"),
            vec!["info@presidio.site", "anotherinfo@presidio.site"]
        );
        assert_eq!(
            emails("my email is user@xn--80ak6aa92e.com today"),
            vec!["user@xn--80ak6aa92e.com"]
        );
        assert_eq!(
            emails("a@xn--d1acufc.xn--p1ai"),
            vec!["a@xn--d1acufc.xn--p1ai"]
        );
        assert_eq!(
            emails("reach me @ jenny.r@gmail.com!"),
            vec!["jenny.r@gmail.com"]
        );
        assert_eq!(
            emails("(mail: o'brien+clinic@mail.example.co.uk)."),
            vec!["o'brien+clinic@mail.example.co.uk"]
        );
        assert_eq!(
            emails("\"jane_doe77@yahoo.com\""),
            vec!["jane_doe77@yahoo.com"]
        );
    }

    #[test]
    fn hard_negatives() {
        for text in [
            "my email is info@presidio.",
            "this is not an email: hello-world here",
            "icon@2x.png",
            "meet @ 5pm",
            "@jenny_runs",
            "email me at jenny@localhost",
        ] {
            assert!(emails(text).is_empty(), "{text}: {:?}", emails(text));
        }
    }

    #[test]
    fn obfuscated_addresses() {
        let r = EmailRecognizer::new();
        for (text, want) in [
            (
                "write to jenny.r at gmail dot com",
                "jenny.r at gmail dot com",
            ),
            ("jenny [at] gmail [dot] com", "jenny [at] gmail [dot] com"),
            (
                "JennyR (at) yahoo (dot) com.",
                "JennyR (at) yahoo (dot) com",
            ),
            ("jenny_r at gmail.com", "jenny_r at gmail.com"),
            ("jenny@gmail dot com", "jenny@gmail dot com"),
        ] {
            let got = run(&r, text);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert_eq!(&text[got[0].start..got[0].end], want);
            assert!((got[0].score - 0.6).abs() < 1e-6);
        }
        for text in [
            "we are at example.com",
            "see you at noon dot com",
            "Sarah at Walmart.com said hi",
            "look at gmail dot com",
        ] {
            assert!(emails(text).is_empty(), "{text}: {:?}", emails(text));
        }
    }

    #[test]
    fn through_the_analyzer() {
        let got = analyzed("reach me @ jenny.r@gmail.com or jenny_r at gmail.com");
        assert!(got.contains(&(EntityType::Email, "jenny.r@gmail.com".to_string())));
        assert!(got.contains(&(EntityType::Email, "jenny_r at gmail.com".to_string())));
        assert!(!got.iter().any(|(t, _)| *t == EntityType::Url));
    }

    #[test]
    fn a_local_part_with_spelled_dots() {
        assert_eq!(
            emails("email me at rob dot delgado at yeahmail dot com not here"),
            ["rob dot delgado at yeahmail dot com"]
        );
        assert!(emails("meet me at rob dot delgado's place").is_empty());
    }
}
