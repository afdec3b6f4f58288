//! Social media handles: `@name` with 2–30 letters, digits and underscores (dots and Venmo's
//! hyphens inside), at the start of the text or after a space or punctuation — never inside
//! an e-mail address or a URL path, never "@ 5pm" or "@3" (an "at" before a time or number),
//! never a domain ("@gmail.com") or a group mention ("@everyone"). A handle that is a common
//! English word ("@home") is a weak candidate unless handle context (IG, follow, DM, tag …)
//! is near.

use super::group::{Facts, Member};
use super::{char_at, char_before, is_wordish};
use crate::entity::{Entity, EntityType, Explanation};
use crate::lexicon;
use crate::recognizers::numbers::words::Phrases;
use crate::recognizers::Recognizer;
use crate::text::Scan;
use regex::Regex;

const ID: &str = "social-handle";

/// Chat mentions that name no one.
const GROUP_MENTIONS: &[&str] = &["everyone", "here", "channel", "all", "someone", "anyone"];

/// Finds social media handles; they are "any other unique identifying code".
pub struct HandleRecognizer {
    pattern: Regex,
    /// Reddit user names: `u/name`.
    reddit: Regex,
    /// A handle written without its `@` after the platform's name ("her snap is dante_lifts22").
    bare: Regex,
    context: Phrases,
}

impl Default for HandleRecognizer {
    fn default() -> Self {
        Self::new()
    }
}

impl HandleRecognizer {
    pub fn new() -> Self {
        HandleRecognizer {
            pattern: Regex::new(r"@[A-Za-z0-9_][A-Za-z0-9_.\-]{0,28}[A-Za-z0-9_]")
                .expect("valid regex"),
            reddit: Regex::new(r"\bu/[A-Za-z0-9_\-]{3,20}").expect("valid regex"),
            bare: Regex::new(
                r"\b(?:snap(?:chat)?|ig|insta(?:gram)?|tik ?tok|twitter|threads|venmo|cash ?app|handle|username|user name|gamertag)(?:'s)?(?: (?:handle|name|username|account|is|at|id))*(?: ?[:=-])? ([a-z0-9][a-z0-9_.]{1,28}[a-z0-9_])\b",
            )
            .expect("valid regex"),
            context: Phrases::new(&[
                "ig",
                "insta",
                "instagram",
                "twitter",
                "tiktok",
                "threads",
                "snap",
                "snapchat",
                "facebook",
                "fb",
                "follow",
                "following",
                "followed",
                "dm",
                "dms",
                "handle",
                "tag",
                "tagged",
                "mention",
                "username",
                "user",
                "account",
                "profile",
                "page",
                "shoutout",
                "shout out",
                "venmo",
                "cashapp",
            ]),
        }
    }
}

/// "5pm", "10am", "3", "12p", "3-5pm", "2.50": an "at" before a time, a price or a number,
/// not a handle.
fn is_time_or_number(lower: &str) -> bool {
    if !lower.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let numeric = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &lower[numeric.len()..];
    numeric
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'.'))
        && matches!(
            suffix,
            "" | "am" | "pm" | "a" | "p" | "h" | "hr" | "hrs" | "ish"
        )
}

impl Recognizer for HandleRecognizer {
    fn id(&self) -> &'static str {
        ID
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        self.recognize_with(&Facts::new(scan), out);
    }
}

impl HandleRecognizer {
    /// "my snap is dante_lifts22", "venmo: jess-k_88": a handle without its `@`, right after
    /// the platform's name, shaped like a user name (an underscore, or letters with digits) so
    /// that "her insta is private" is not one. Never part of an e-mail address or a link.
    fn bare_handles(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let lower = &scan.lower;
        // A platform's word somewhere, before the regex looks.
        let platform = (0..scan.words.len()).any(|k| {
            matches!(
                scan.word_lower(k),
                "snap"
                    | "snapchat"
                    | "ig"
                    | "insta"
                    | "instagram"
                    | "tik"
                    | "tiktok"
                    | "twitter"
                    | "threads"
                    | "venmo"
                    | "cash"
                    | "cashapp"
                    | "handle"
                    | "username"
                    | "user"
                    | "gamertag"
            )
        });
        if lower.len() != scan.text.len() || !platform {
            return;
        }
        for c in self.bare.captures_iter(lower) {
            let m = c.get(1).expect("group 1");
            let (start, mut end) = (m.start(), m.end());
            let name = lower[start..end].trim_end_matches('.');
            end = start + name.len();
            let letters = name.bytes().any(|b| b.is_ascii_alphabetic());
            let digits = name.bytes().any(|b| b.is_ascii_digit());
            let shaped = name.contains('_') || (letters && digits && !is_time_or_number(name));
            let glued = char_at(lower, end).is_some_and(|c| {
                matches!(c, '@' | '/')
                    || (c == '.' && char_at(lower, end + 1).is_some_and(is_wordish))
            });
            if !shaped || glued || name.contains("..") {
                continue;
            }
            out.push(Entity::new(
                EntityType::OtherId,
                start,
                end,
                0.85,
                ID,
                Explanation::pattern("bare-handle")
                    .validated("a user name after the platform's name")
                    .with_context(Some((c.get(0).expect("match").start(), start))),
            ));
        }
    }

    /// "u/throwaway_knee_pain here from reddit": a Reddit user name, standing alone (not in
    /// a link) and holding a letter ("u/s", an ultrasound, is too short).
    fn reddit_names(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let text = scan.text;
        if !text.contains("u/") {
            return;
        }
        for m in self.reddit.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            let glued_after = char_at(text, end).is_some_and(|c| {
                is_wordish(c)
                    || matches!(c, '/' | '@')
                    || (c == '.' && char_at(text, end + 1).is_some_and(is_wordish))
            });
            if glued_after
                || char_before(text, start)
                    .is_some_and(|c| !(c.is_whitespace() || matches!(c, '(' | '[' | '"' | '\'')))
            {
                continue;
            }
            let name = &text[start + 2..end];
            if !name.bytes().any(|b| b.is_ascii_alphabetic()) {
                continue;
            }
            let ctx = self.context.around(scan, start, end, 8).or_else(|| {
                scan.lower
                    .find("reddit")
                    .map(|at| (at, at + "reddit".len()))
            });
            out.push(Entity::new(
                EntityType::OtherId,
                start,
                end,
                if ctx.is_some() { 0.95 } else { 0.85 },
                ID,
                Explanation::pattern("reddit-user")
                    .validated("u/ and a user name")
                    .with_context(ctx),
            ));
        }
    }
}

impl Member for HandleRecognizer {
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        let text = scan.text;
        self.reddit_names(scan, out);
        self.bare_handles(scan, out);
        if !facts.at_sign {
            return;
        }
        for m in self.pattern.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            if char_before(text, start).is_some_and(|c| {
                is_wordish(c) || matches!(c, '@' | '.' | '+' | '-' | '%' | '/' | '=' | '&' | '\\')
            }) {
                continue;
            }
            if char_at(text, end).is_some_and(|c| is_wordish(c) || c == '@') {
                continue;
            }
            let name = &text[start + 1..end];
            let lower = &scan.lower[start + 1..end];
            if name.contains("..")
                || name.contains("--")
                || is_time_or_number(lower)
                || GROUP_MENTIONS.contains(&lower)
            {
                continue;
            }
            if let Some((_, last)) = lower.rsplit_once('.') {
                // "@gmail.com": a domain, or half of a broken-up address.
                if matches!(
                    last,
                    "com" | "net" | "org" | "edu" | "gov" | "io" | "co" | "us"
                ) {
                    continue;
                }
            }
            let ctx = self.context.around(scan, start, end, 5);
            let word_like = name.bytes().all(|b| b.is_ascii_alphabetic())
                && lexicon::word_info(lower).is_common_word();
            let (score, validation) = match (word_like, ctx.is_some()) {
                (true, false) => (0.35, "a common word"),
                (true, true) => (0.6, "a common word, handle context"),
                (false, false) => (0.85, "handle shape"),
                (false, true) => (0.95, "handle shape, handle context"),
            };
            out.push(Entity::new(
                EntityType::OtherId,
                start,
                end,
                score,
                ID,
                Explanation::pattern("social-handle")
                    .validated(validation)
                    .with_context(ctx),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{analyzed, flagged, found};
    use super::*;

    fn handles(text: &str) -> Vec<&str> {
        found(&HandleRecognizer::new(), text, EntityType::OtherId)
    }

    fn flagged_handles(text: &str) -> Vec<&str> {
        flagged(&HandleRecognizer::new(), text, EntityType::OtherId)
    }

    #[test]
    fn finds_handles() {
        assert_eq!(flagged_handles("IG: @jenny_runs"), vec!["@jenny_runs"]);
        assert_eq!(
            flagged_handles("@JaneDoe77 thanks so much!"),
            vec!["@JaneDoe77"]
        );
        assert_eq!(flagged_handles("shoutout to @jane.doe."), vec!["@jane.doe"]);
        assert_eq!(
            flagged_handles("(@mike_t, @sarahk)"),
            vec!["@mike_t", "@sarahk"]
        );
        assert_eq!(flagged_handles("follow @home on IG"), vec!["@home"]);
        assert_eq!(
            flagged_handles("Venmo @Sarah-Jones-12 please"),
            vec!["@Sarah-Jones-12"]
        );
        assert_eq!(
            flagged_handles("u/throwaway_knee_pain here from reddit, is it true?"),
            vec!["u/throwaway_knee_pain"]
        );
        assert!(flagged_handles("had a u/s today, also see reddit.com/u/jane_doe").is_empty());
    }

    #[test]
    fn common_words_are_weak_without_context() {
        assert_eq!(handles("see you @home"), vec!["@home"]);
        assert!(flagged_handles("see you @home").is_empty());
    }

    #[test]
    fn hard_negatives() {
        for text in [
            "jenny.r@gmail.com",
            "reach me @ jenny.r@gmail.com",
            "meet @ 5pm",
            "meet @5pm",
            "meet @ 3",
            "see you @3",
            "open @3-5pm",
            "coffee @2.50",
            "@10:30",
            "@everyone please read",
            "email @gmail.com",
            "tiktok.com/@jenny.runs",
            "@a",
            "@abcdefghijklmnopqrstuvwxyz0123456789",
            "me@@jenny",
            "x@jenny",
        ] {
            assert!(handles(text).is_empty(), "{text}: {:?}", handles(text));
        }
    }

    #[test]
    fn through_the_analyzer() {
        let got = analyzed("IG: @jenny_runs, email jenny.r@gmail.com");
        assert!(got.contains(&(EntityType::OtherId, "@jenny_runs".to_string())));
        assert!(got.contains(&(EntityType::Email, "jenny.r@gmail.com".to_string())));
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn handles_without_their_at_sign() {
        assert_eq!(
            flagged_handles("my bf's snap is dante_lifts22 if the nurse wants"),
            ["dante_lifts22"]
        );
        assert_eq!(
            flagged_handles("venmo: jess_k88 for the copay"),
            ["jess_k88"]
        );
        assert!(flagged_handles("her insta is private").is_empty());
        assert!(flagged_handles("my ig is cool").is_empty());
        assert!(flagged_handles("snap at 5pm").is_empty());
    }
}
