//! Telephone and fax numbers.
//!
//! Candidates come from regexes on the raw text: North American numbers in their usual
//! shapes (`(312) 555-0188`, `312-555-0188`, `312.555.0188`, `312 555 0188`, `+1 312 555
//! 0188`, `1-312-555-0188`), unformatted ten-digit numbers and seven-digit local numbers
//! (`555-0188`) only with phone context, international numbers written with `+` and a
//! country code, and an optional extension (`x204`, `ext. 12`).
//!
//! Validation: a North American number needs an area code and an exchange of 2–9xx that are
//! not N11 service codes; any such number is a phone, and the `phonenumber` crate's validity
//! (false for the fictional 555-01xx block) only nudges the score. An international number
//! must parse with `phonenumber`; a trailing group that spoils it is dropped, and a number the
//! crate does not consider valid is kept only as a weak candidate. Candidates glued to other
//! digits (card numbers, ZIP+4, longer codes) are rejected.
//!
//! A number whose nearest label among the few words before it (in the same sentence) is
//! "fax", "F:", "facsimile" — or, further back in the same clause, a fax verb ("we faxed the
//! records to your office at …") — or that is followed by "(fax)" is a FAX; otherwise it is a
//! PHONE. A nearer label such as "order", "account" or "case" marks the digits as some other
//! number; "number" alone is neutral ("order number …", "my number is …").

use super::{char_at, char_before, is_wordish};
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::{ContextWords, Scan};
use regex::Regex;

const PHONE_ID: &str = "phone";
const FAX_ID: &str = "fax";

/// How many words before a number are searched for its label.
const LABEL_WORDS: usize = 5;
/// A fax verb or noun may stand further back in the same clause ("we faxed the records to
/// your office at …").
const FAX_WORDS: usize = 8;

/// Words that start a new clause: a far "fax" before one of them does not reach the number.
const CLAUSE_WORDS: &[&str] = &[
    "and", "but", "or", "so", "if", "because", "when", "while", "then",
];

const PHONE_LABELS: &[&str] = &[
    "call",
    "calls",
    "called",
    "calling",
    "callback",
    "text",
    "texts",
    "texted",
    "texting",
    "txt",
    "sms",
    "phone",
    "phones",
    "phoned",
    "ph",
    "cell",
    "cellphone",
    "cel",
    "mobile",
    "mob",
    "tel",
    "telephone",
    "tele",
    "contact",
    "dial",
    "ring",
    "reach",
    "hotline",
    "helpline",
    "whatsapp",
    "voicemail",
    "vm",
    "landline",
    "direct",
];

const FAX_LABELS: &[&str] = &[
    "fax",
    "faxes",
    "faxed",
    "faxing",
    "facsimile",
    "telefax",
    "efax",
];

const NEGATIVE_LABELS: &[&str] = &[
    "order",
    "orders",
    "invoice",
    "confirmation",
    "conf",
    "tracking",
    "track",
    "account",
    "acct",
    "member",
    "policy",
    "claim",
    "ref",
    "reference",
    "case",
    "ticket",
    "id",
    "mrn",
    "chart",
    "record",
    "serial",
    "sn",
    "routing",
    "card",
    "receipt",
    "transaction",
    "txn",
    "po",
    "npi",
    "dea",
    "license",
    "licence",
    "lic",
    "tax",
    "ein",
    "ssn",
    "zip",
    "room",
    "rm",
    "suite",
    "ste",
    "box",
    "isbn",
    "model",
    "part",
    "item",
    "sku",
    "upc",
    "code",
    "pin",
    "group",
    "grp",
    "plan",
    "rx",
    "lot",
    "batch",
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Label {
    Phone(usize, usize),
    Fax(usize, usize),
    Other,
    None,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    Parens,
    Dashed,
    Spaced,
    Plus,
    Bare,
    Local,
    International,
}

/// Finds telephone and fax numbers.
pub struct PhoneRecognizer {
    nanp: Regex,
    local: Regex,
    intl: Regex,
    ext: Regex,
    context: ContextWords,
}

impl Default for PhoneRecognizer {
    fn default() -> Self {
        Self::new()
    }
}

impl PhoneRecognizer {
    pub fn new() -> Self {
        let mut context: Vec<&str> = PHONE_LABELS.to_vec();
        context.extend_from_slice(FAX_LABELS);
        context.extend_from_slice(&["number", "reach me", "reach us", "line", "hmu"]);
        PhoneRecognizer {
            nanp: Regex::new(
                r"(?:(?P<cc>\+?1)[ .\-]?)?(?:\((?P<pa>[2-9][0-9]{2})\)[ .\-]?|(?P<a>[2-9][0-9]{2})(?P<s1>[ .\-/]?))(?P<ex>[2-9][0-9]{2})(?P<s2>[ .\-]?)[0-9]{4}",
            )
            .expect("valid regex"),
            local: Regex::new(r"[2-9][0-9]{2}[.\-][0-9]{4}").expect("valid regex"),
            intl: Regex::new(r"\+[2-9][0-9]{0,3}(?:[ .\-]?(?:\([0-9]{1,4}\)|[0-9]{1,12}))+")
                .expect("valid regex"),
            ext: Regex::new(r"^(?:\s{0,2},?\s{0,2})(?i:ext(?:ension)?[.:]?|x\.?)\s?#?\s?[0-9]{1,6}")
                .expect("valid regex"),
            context: ContextWords::new(&context),
        }
    }

    /// The nearest label among the words before `start`, within one sentence.
    fn label_before(&self, scan: &Scan, start: usize) -> Label {
        let text = scan.text;
        let mut i = scan.word_at_or_after(start);
        let mut alpha_seen = 0;
        let mut visited = 0;
        let mut gap_end = start;
        let mut same_clause = true;
        while i > 0 && alpha_seen < FAX_WORDS && visited < 14 {
            i -= 1;
            visited += 1;
            let w = scan.words[i];
            // A sentence break between this word and what follows ends the search.
            let gap = text.get(w.end..gap_end).unwrap_or("");
            let word = scan.word_lower(i);
            if gap.contains(['\n', '!', '?', ';']) {
                break;
            }
            if gap.contains('.') && word.len() > 3 && !FAX_LABELS.contains(&word) {
                break;
            }
            gap_end = w.start;
            if w.has(crate::text::shape::DIGIT) {
                continue;
            }
            alpha_seen += 1;
            let near = alpha_seen <= LABEL_WORDS;
            let label_punct = matches!(text.as_bytes().get(w.end), Some(b':' | b'.'));
            if FAX_LABELS.contains(&word) || (near && label_punct && matches!(word, "f" | "fx")) {
                if near || same_clause {
                    return Label::Fax(w.start, w.end);
                }
                break;
            }
            if CLAUSE_WORDS.contains(&word) {
                same_clause = false;
            }
            if !near {
                continue;
            }
            if PHONE_LABELS.contains(&word)
                || (label_punct && matches!(word, "p" | "t" | "m" | "c" | "o" | "h" | "w"))
            {
                return Label::Phone(w.start, w.end);
            }
            if NEGATIVE_LABELS.contains(&word) {
                return Label::Other;
            }
            // Neutral words ("number") and other words: keep looking.
        }
        Label::None
    }

    /// With no label of its own, a number in a passage about faxing is a fax number ("Referral
    /// fax log: … failed ones were to 618-555-0132"): a fax word among the 30 words before it,
    /// across sentences, with no phone word (or "my", "your") nearer.
    fn fax_topic(scan: &Scan, start: usize) -> Option<(usize, usize)> {
        let i = scan.word_at_or_after(start);
        for k in (i.saturating_sub(30)..i).rev() {
            let word = scan.word_lower(k);
            // "… and my number is …": a personal number, not the fax under discussion.
            if PHONE_LABELS.contains(&word) || matches!(word, "my" | "your" | "mine") {
                return None;
            }
            if FAX_LABELS.contains(&word) {
                let w = scan.words[k];
                return Some((w.start, w.end));
            }
        }
        None
    }

    /// A label right after the number: "(fax)", "(cell)", "fax", "cell".
    fn label_after(&self, scan: &Scan, end: usize) -> Label {
        let i = scan.word_at_or_after(end);
        if i >= scan.words.len() {
            return Label::None;
        }
        let w = scan.words[i];
        let gap = scan.text.get(end..w.start).unwrap_or("");
        if !gap
            .chars()
            .all(|c| c == ' ' || c == '(' || c == '[' || c == ',')
            || gap.len() > 3
        {
            return Label::None;
        }
        let word = scan.word_lower(i);
        if FAX_LABELS.contains(&word) {
            return Label::Fax(w.start, w.end);
        }
        if matches!(
            word,
            "cell" | "mobile" | "phone" | "tel" | "home" | "work" | "office" | "landline"
        ) {
            return Label::Phone(w.start, w.end);
        }
        Label::None
    }

    /// True when `#` (optionally followed by a space) stands right before the number.
    fn hash_before(text: &str, start: usize) -> bool {
        text[..start].trim_end_matches(' ').ends_with('#')
    }

    /// An extension right after the number ("x204", "ext. 12"): its end.
    fn extension_end(&self, text: &str, end: usize) -> Option<usize> {
        let m = self.ext.find(&text[end..])?;
        let e = end + m.end();
        (!char_at(text, e).is_some_and(is_wordish)).then_some(e)
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        scan: &Scan,
        out: &mut Vec<Entity>,
        start: usize,
        end: usize,
        shape: Shape,
        valid: Option<bool>,
        has_cc: bool,
    ) {
        let text = scan.text;
        let label = self.label_before(scan, start);
        let after = self.label_after(scan, end);
        if label == Label::Other {
            // "order #312-555-0188": a formatted number stays a weak candidate.
            if matches!(
                shape,
                Shape::Bare | Shape::Local | Shape::Spaced | Shape::International
            ) {
                return;
            }
        }
        let is_fax = matches!(label, Label::Fax(..))
            || (label == Label::None && matches!(after, Label::Fax(..)))
            || (label == Label::None
                && after == Label::None
                && Self::fax_topic(scan, start).is_some());
        let ctx = match (label, after) {
            (Label::Phone(s, e) | Label::Fax(s, e), _) => Some((s, e)),
            (Label::None, Label::Phone(s, e) | Label::Fax(s, e)) => Some((s, e)),
            (Label::None, Label::None) => scan.context_around(start, end, 6, &self.context),
            _ => None,
        };
        let hash = Self::hash_before(text, start);
        let (mut score, pattern): (f32, &'static str) = match shape {
            Shape::Parens => (0.8, "nanp-parens"),
            Shape::Dashed => (0.75, "nanp-separated"),
            Shape::Spaced => (0.6, "nanp-spaced"),
            Shape::Plus => (0.75, "nanp-e164"),
            Shape::Bare => {
                if ctx.is_none() && !hash {
                    return;
                }
                (if ctx.is_some() { 0.8 } else { 0.65 }, "nanp-digits")
            }
            Shape::Local => {
                if ctx.is_none() {
                    return;
                }
                (0.65, "local-7-digit")
            }
            Shape::International => (0.85, "international"),
        };
        if ctx.is_some() && !matches!(shape, Shape::Bare | Shape::Local) {
            score = score.max(0.9);
        }
        if has_cc && !matches!(shape, Shape::Bare) {
            score += 0.05;
        }
        let validation = match valid {
            Some(true) => {
                score += 0.05;
                "valid number"
            }
            Some(false) if shape == Shape::International => {
                score = if ctx.is_some() { 0.6 } else { 0.4 };
                "not a valid number for its country"
            }
            Some(false) => {
                score -= 0.05;
                "well-formed NANP, not in an assigned range"
            }
            None if shape == Shape::Local => "well-formed local number",
            None => {
                score += 0.05;
                "well-formed NANP number: area code and exchange 2-9xx, not N11"
            }
        };
        if label == Label::Other {
            score = score.min(0.45);
        }
        let end = self.extension_end(text, end).unwrap_or(end);
        let (entity_type, id) = if is_fax {
            (EntityType::Fax, FAX_ID)
        } else {
            (EntityType::Phone, PHONE_ID)
        };
        out.push(Entity::new(
            entity_type,
            start,
            end,
            score.min(0.98),
            id,
            Explanation::pattern(pattern)
                .validated(validation)
                .with_context(ctx),
        ));
    }

    fn find_international(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let text = scan.text;
        for m in self.intl.find_iter(text) {
            let start = m.start();
            if char_before(text, start).is_some_and(|c| is_wordish(c) || c == '+') {
                continue;
            }
            if char_at(text, m.end()).is_some_and(|c| {
                is_wordish(c)
                    || (c == '/' && text[m.end() + 1..].starts_with(|d: char| d.is_ascii_digit()))
            }) {
                continue;
            }
            let s = m.as_str();
            // Group ends, longest first: drop trailing groups that spoil the number.
            let b = s.as_bytes();
            let mut cuts: Vec<usize> = (1..=b.len())
                .filter(|&i| {
                    (b[i - 1].is_ascii_digit() || b[i - 1] == b')')
                        && (i == b.len() || matches!(b[i], b' ' | b'.' | b'-' | b'('))
                })
                .collect();
            cuts.reverse();
            let mut best: Option<(usize, bool)> = None;
            for cut in cuts {
                let digits = b[..cut].iter().filter(|c| c.is_ascii_digit()).count();
                if !(8..=15).contains(&digits) {
                    continue;
                }
                let Ok(number) = phonenumber::parse(None, &s[..cut]) else {
                    continue;
                };
                if number.is_valid() {
                    best = Some((cut, true));
                    break;
                }
                if best.is_none() {
                    best = Some((cut, false));
                }
            }
            if let Some((cut, valid)) = best {
                self.emit(
                    scan,
                    out,
                    start,
                    start + cut,
                    Shape::International,
                    Some(valid),
                    false,
                );
            }
        }
    }

    fn find_nanp(&self, scan: &Scan, out: &mut Vec<Entity>, spans: &mut Vec<(usize, usize)>) {
        let text = scan.text;
        let mut at = 0;
        while at < text.len() {
            // Find with the fast engine, then resolve groups on the match alone.
            let Some(found) = self.nanp.find_at(text, at) else {
                break;
            };
            let Some(c) = self.nanp.captures_at(&text[..found.end()], found.start()) else {
                break;
            };
            let m = c.get(0).expect("group 0");
            let (start, end) = (m.start(), m.end());
            // On rejection, look again one byte further (all matched bytes are ASCII).
            at = start + 1;
            if spans.iter().any(|&(s, e)| s < end && start < e)
                || !digits_stand_alone(text, start, end)
            {
                continue;
            }
            let area = c.name("pa").or(c.name("a")).map_or("", |g| g.as_str());
            let exchange = c.name("ex").map_or("", |g| g.as_str());
            if is_n11(area) || is_n11(exchange) {
                continue;
            }
            let cc = c.name("cc").map(|g| g.as_str());
            let s1 = c.name("s1").map_or("", |g| g.as_str());
            let s2 = c.name("s2").map_or("", |g| g.as_str());
            let shape = if c.name("pa").is_some() {
                Shape::Parens
            } else if s1.is_empty() && s2.is_empty() {
                if cc == Some("+1") {
                    Shape::Plus
                } else {
                    Shape::Bare
                }
            } else if s1.is_empty() || s2.is_empty() || (s1 == "/" && s2 != "-") {
                continue;
            } else if s1 == " " && s2 == " " {
                Shape::Spaced
            } else {
                Shape::Dashed
            };
            // The area code and exchange were checked above; the phonenumber crate is kept for
            // international numbers, so a North American number never loads its metadata.
            let before = out.len();
            self.emit(scan, out, start, end, shape, None, cc.is_some());
            if out.len() > before {
                spans.push((start, out[out.len() - 1].end));
            } else {
                spans.push((start, end));
            }
            at = end;
        }
    }

    fn find_local(&self, scan: &Scan, out: &mut Vec<Entity>, taken: &[(usize, usize)]) {
        let text = scan.text;
        for m in self.local.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            if taken.iter().any(|&(s, e)| s < end && start < e) {
                continue;
            }
            if !digits_stand_alone(text, start, end) || is_n11(&m.as_str()[..3]) {
                continue;
            }
            self.emit(scan, out, start, end, Shape::Local, None, false);
        }
    }
}

/// True for N11 service codes (211, 311, 411, 911 …), never an area code or exchange.
fn is_n11(three: &str) -> bool {
    three.len() == 3 && three.as_bytes()[1] == b'1' && three.as_bytes()[2] == b'1'
}

/// True when the digits at `start..end` are not part of a longer number: no letter or digit
/// glued on, no digit group joined by a separator on either side, no currency sign before.
fn digits_stand_alone(text: &str, start: usize, end: usize) -> bool {
    match char_before(text, start) {
        Some(c) if is_wordish(c) || matches!(c, '+' | '$' | '€' | '£') => return false,
        Some(c @ ('-' | '.' | '/' | ',' | ' ' | ':'))
            if char_before(text, start - c.len_utf8()).is_some_and(|d| d.is_ascii_digit()) =>
        {
            return false
        }
        _ => {}
    }
    match char_at(text, end) {
        Some(c) if is_wordish(c) => false,
        Some(c @ ('-' | '.' | '/' | ',' | ' ' | ':')) => {
            !char_at(text, end + c.len_utf8()).is_some_and(|d| d.is_ascii_digit())
        }
        _ => true,
    }
}

impl Recognizer for PhoneRecognizer {
    fn id(&self) -> &'static str {
        PHONE_ID
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let text = scan.text;
        let digits = text.bytes().filter(u8::is_ascii_digit).count();
        if digits < 7 {
            return;
        }
        let mut taken = Vec::new();
        if text.contains('+') {
            let before = out.len();
            self.find_international(scan, out);
            taken.extend(out[before..].iter().map(|e| (e.start, e.end)));
        }
        if digits >= 10 {
            self.find_nanp(scan, out, &mut taken);
        }
        self.find_local(scan, out, &taken);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{analyzed, flagged, found, run};
    use super::*;

    fn phones(text: &str) -> Vec<&str> {
        found(&PhoneRecognizer::new(), text, EntityType::Phone)
    }

    fn flagged_phones(text: &str) -> Vec<&str> {
        flagged(&PhoneRecognizer::new(), text, EntityType::Phone)
    }

    fn faxes(text: &str) -> Vec<&str> {
        found(&PhoneRecognizer::new(), text, EntityType::Fax)
    }

    #[test]
    fn nanp_shapes() {
        for (text, want) in [
            ("call (312) 555-0188 today", "(312) 555-0188"),
            ("312-555-0188", "312-555-0188"),
            ("312.555.0188", "312.555.0188"),
            ("Office: 312 555 0188.", "312 555 0188"),
            ("+1 312 555 0188", "+1 312 555 0188"),
            ("1-312-555-0188", "1-312-555-0188"),
            ("my cell is (312)555-0188", "(312)555-0188"),
            ("text 312 555 0188", "312 555 0188"),
            ("call 3125550188", "3125550188"),
            ("Ph: +13125550188", "+13125550188"),
            ("aide Bola, 217/555-0108.", "217/555-0108"),
            ("312-555-0188 x204", "312-555-0188 x204"),
            (
                "Call 312-555-0188, ext. 12 for billing",
                "312-555-0188, ext. 12",
            ),
            ("My US number is (415) 555-0132, and", "(415) 555-0132"),
        ] {
            assert_eq!(flagged_phones(text), vec![want], "{text}");
        }
    }

    #[test]
    fn local_numbers_need_context() {
        assert_eq!(flagged_phones("Call me at 555-0188"), vec!["555-0188"]);
        assert_eq!(
            flagged_phones("555-0100 is the main line"),
            vec!["555-0100"]
        );
        assert!(phones("Dose 250-1000 mg daily").is_empty());
        assert!(phones("scored 555-0188 points").is_empty());
    }

    #[test]
    fn unformatted_numbers_need_context() {
        assert!(phones("ref 3125550188").is_empty());
        assert!(phones("it was 3125550188").is_empty());
        assert!(phones("order #1234567").is_empty());
        assert!(phones("order number 3125550188").is_empty());
        assert_eq!(phones("text me at #3125550188").len(), 1);
    }

    #[test]
    fn international_numbers() {
        let base = "My US number is (415) 555-0132, and my international one is ";
        for intl in [
            "+44 20 7946 0958",
            "+91 4155550132",
            "+55 11 98456 5666",
            "+49 30 1234567",
            "+39 06 678 4343",
            "+30 21 0 1234567",
            "+33 1 42 68 53 00",
            "+44 (20) 7123 4567",
            "+1 415 555 0132",
        ] {
            let text = format!("{base}{intl}");
            let mut got = run(&PhoneRecognizer::new(), &text);
            got.sort_by_key(|e| e.start);
            let got: Vec<&str> = got.iter().map(|e| &text[e.start..e.end]).collect();
            assert_eq!(got, vec!["(415) 555-0132", intl], "{text}");
        }
        assert_eq!(
            phones("Reach me on +44 20 7946 0958."),
            vec!["+44 20 7946 0958"]
        );
    }

    #[test]
    fn fax_numbers() {
        assert_eq!(faxes("Fax: 312-555-0101"), vec!["312-555-0101"]);
        assert_eq!(faxes("F: (312) 555-0101"), vec!["(312) 555-0101"]);
        assert_eq!(faxes("fax # 312.555.0101"), vec!["312.555.0101"]);
        assert_eq!(
            faxes("ph. 312-555-0188 | fx. 312-555-0189"),
            vec!["312-555-0189"]
        );
        assert_eq!(
            faxes("send the records by facsimile to 312 555 0101"),
            vec!["312 555 0101"]
        );
        assert_eq!(faxes("312-555-0101 (fax)"), vec!["312-555-0101"]);
        assert_eq!(
            faxes("We've faxed the records to your office at 217-555-0160 today"),
            vec!["217-555-0160"]
        );
        assert!(faxes("I faxed the form yesterday and my number is 312-555-0188").is_empty());
        // A passage about faxing: unlabeled numbers in it are fax numbers.
        assert_eq!(
            faxes("Fax queue report: three jobs did not go through. The numbers were 309-555-0140 and 309-555-0141."),
            vec!["309-555-0140", "309-555-0141"]
        );
        let text = "Phone: 312-555-0100 Fax: 312-555-0101";
        assert_eq!(phones(text), vec!["312-555-0100"]);
        assert_eq!(faxes(text), vec!["312-555-0101"]);
        // "fax" far back in another sentence does not make a later number a fax.
        let text = "Our fax machine broke again. Call 312-555-0100 instead.";
        assert_eq!(phones(text), vec!["312-555-0100"]);
        assert!(faxes("Fax or call 312-555-0100").is_empty());
        assert!(run(&PhoneRecognizer::new(), "Fax: 312-555-0101")
            .iter()
            .all(|e| e.recognizer == "fax"));
    }

    #[test]
    fn hard_negatives() {
        for text in [
            "visit on 03/14/2024",
            "on 2024-03-14 at 10:30",
            "SSN 123-45-6789",
            "it cost $312.55",
            "Springfield IL 62704-1234",
            "order #1234567",
            "call 911 now",
            "dial 988",
            "code E11.9 and CPT 99213",
            "keep it 120-130",
            "BP 120/80",
            "from 2019-2024",
            "card 4532 7153 3790 1241",
            "card 4532-7153-3790-1241",
            "card 4532715337901241",
            "version 10.15.7",
            "room 312",
            "ISBN 978-0-306-40615-7",
            "+1 311 555 0188",
            "312-555-01888",
            "a312-555-0188",
            "12345678901234",
        ] {
            let all = run(&PhoneRecognizer::new(), text);
            assert!(all.is_empty(), "{text}: {all:?}");
        }
        // A number labelled as an order number is at most a weak candidate.
        assert!(flagged_phones("order # 312-555-0188").is_empty());
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "+",
            "+1",
            "(312) ",
            "ext. 12",
            "☎ 312‑555‑0188 ☎",
            "+٣١٢",
            "x".repeat(50).as_str(),
        ] {
            run(&PhoneRecognizer::new(), text);
        }
    }

    #[test]
    fn through_the_analyzer() {
        let got = analyzed("Please call my mom at (312) 555-0188 or fax 312-555-0101.");
        assert!(got.contains(&(EntityType::Phone, "(312) 555-0188".to_string())));
        assert!(got.contains(&(EntityType::Fax, "312-555-0101".to_string())));
    }
}
