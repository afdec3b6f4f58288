//! Telephone and fax numbers.
//!
//! Candidates come from patterns on the raw text: North American numbers in their usual
//! shapes (`(312) 555-0188`, `312-555-0188`, `312.555.0188`, `312 555 0188`, `+1 312 555
//! 0188`, `1-312-555-0188`), unformatted ten-digit numbers and seven-digit local numbers
//! (`555-0188`) only with phone context, international numbers written with `+` and a
//! country code, and an optional extension (`x204`, `ext. 12`). The patterns are searched
//! only in the stretches of digits, spaces, brackets and separators that hold enough
//! digits; the North American and local shapes are matched by hand, exactly as their
//! regexes (kept in the tests) would match them.
//!
//! Validation: a North American number needs an area code and an exchange of 2–9xx that are
//! not N11 service codes; any such number is a phone. An international number must have an
//! assigned country code and a plausible length, checked against libphonenumber's metadata
//! for that code only (`international.rs`); a trailing group that spoils it is dropped, and a
//! number that is not valid for its country is kept only as a weak candidate. Candidates glued
//! to other digits (card numbers, ZIP+4, longer codes) are rejected.
//!
//! A number whose nearest label among the few words before it (in the same sentence) is
//! "fax", "F:", "facsimile" — or, further back in the same clause, a fax verb ("we faxed the
//! records to your office at …") — or that is followed by "(fax)" is a FAX; otherwise it is a
//! PHONE. A nearer label such as "order", "account" or "case" marks the digits as some other
//! number; "number" alone is neutral ("order number …", "my number is …").

use super::group::{Facts, Member};
use super::international;
use super::{char_at, char_before, is_wordish};
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::numbers::words::{Phrases, WordTable};
use crate::recognizers::Recognizer;
use crate::text::Scan;
use regex::Regex;
use std::sync::OnceLock;

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

/// The label lists above as bits of one table, so a word is looked up once.
mod kind {
    pub const PHONE: u8 = 1;
    pub const FAX: u8 = 2;
    pub const NEGATIVE: u8 = 4;
    pub const CLAUSE: u8 = 8;
}

/// The kinds (see [`kind`]) of a lower-case word.
fn kinds(scan: &Scan, k: usize) -> u8 {
    static TABLE: OnceLock<WordTable<u8>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            let lists: [(&[&str], u8); 4] = [
                (PHONE_LABELS, kind::PHONE),
                (FAX_LABELS, kind::FAX),
                (NEGATIVE_LABELS, kind::NEGATIVE),
                (CLAUSE_WORDS, kind::CLAUSE),
            ];
            WordTable::new(
                lists
                    .iter()
                    .flat_map(|&(l, c)| l.iter().map(move |w| (w.to_string(), c))),
                |a, b| a | b,
            )
        })
        .word(scan, k)
        .unwrap_or(0)
}

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
    intl: Regex,
    ext: Regex,
    context: Phrases,
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
            intl: Regex::new(r"\+[2-9][0-9]{0,3}(?:[ .\-]?(?:\([0-9]{1,4}\)|[0-9]{1,12}))+")
                .expect("valid regex"),
            ext: Regex::new(
                r"^(?:\s{0,2},?\s{0,2})(?i:ext(?:ension)?[.:]?|x\.?)\s?#?\s?[0-9]{1,6}",
            )
            .expect("valid regex"),
            context: Phrases::new(&context),
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
            let kinds = kinds(scan, i);
            if gap.contains(['\n', '!', '?', ';']) {
                break;
            }
            if gap.contains('.') && word.len() > 3 && kinds & kind::FAX == 0 {
                break;
            }
            gap_end = w.start;
            if w.has(crate::text::shape::DIGIT) {
                continue;
            }
            alpha_seen += 1;
            let near = alpha_seen <= LABEL_WORDS;
            let label_punct = matches!(text.as_bytes().get(w.end), Some(b':' | b'.'));
            if kinds & kind::FAX != 0 || (near && label_punct && matches!(word, "f" | "fx")) {
                if near || same_clause {
                    return Label::Fax(w.start, w.end);
                }
                break;
            }
            if kinds & kind::CLAUSE != 0 {
                same_clause = false;
            }
            if !near {
                continue;
            }
            if kinds & kind::PHONE != 0
                || (label_punct && matches!(word, "p" | "t" | "m" | "c" | "o" | "h" | "w"))
            {
                return Label::Phone(w.start, w.end);
            }
            if kinds & kind::NEGATIVE != 0 {
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
            // "what's your fax number? … and mine is …": "mine" answers a fax question.
            let fax_before =
                || (k.saturating_sub(10)..k).find(|&m| self::kinds(scan, m) & kind::FAX != 0);
            if word == "mine" {
                if let Some(m) = fax_before() {
                    let w = scan.words[m];
                    return Some((w.start, w.end));
                }
            }
            let kinds = kinds(scan, k);
            // "… and my number is …": a personal number, not the fax under discussion ("fax it
            // to my employer at …" still is one).
            let own_number = word == "mine"
                || (matches!(word, "my" | "your")
                    && k + 1 < scan.words.len()
                    && matches!(
                        scan.word_lower(k + 1),
                        "number"
                            | "cell"
                            | "phone"
                            | "mobile"
                            | "line"
                            | "home"
                            | "landline"
                            | "direct"
                            | "contact"
                            | "work"
                            | "personal"
                            | "private"
                    ));
            if kinds & kind::PHONE != 0 || own_number {
                return None;
            }
            if kinds & kind::FAX != 0 {
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
        // "815-555-0152, fax 815-555-0153": a label that another number follows is that
        // number's.
        let next = scan.text[w.end..].trim_start_matches([' ', ':', '#', '.', '-']);
        let next = next.strip_prefix('(').unwrap_or(next);
        if next.starts_with(|c: char| c.is_ascii_digit()) {
            return Label::None;
        }
        if kinds(scan, i) & kind::FAX != 0 {
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
            (Label::None, Label::None) => self.context.around(scan, start, end, 6),
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

    fn find_international(&self, scan: &Scan, runs: &Runs, out: &mut Vec<Entity>) {
        for run in runs.iter().filter(|r| r.plus) {
            self.find_international_in(scan, run, out);
        }
    }

    /// International numbers in a run: they start with "+".
    fn find_international_in(&self, scan: &Scan, run: Run, out: &mut Vec<Entity>) {
        let text = scan.text;
        let mut at = run.start;
        while let Some(m) = self.intl.find_at(&text[..run.end], at) {
            at = m.end();
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
                let Some(valid) = international::validate(&s[..cut]) else {
                    continue;
                };
                if valid {
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

    fn find_nanp(
        &self,
        scan: &Scan,
        runs: &Runs,
        out: &mut Vec<Entity>,
        spans: &mut Vec<(usize, usize)>,
    ) {
        // A North American number has ten digits.
        for run in runs.iter().filter(|r| r.digits >= 10) {
            self.find_nanp_in(scan, run, out, spans);
        }
    }

    fn find_nanp_in(
        &self,
        scan: &Scan,
        run: Run,
        out: &mut Vec<Entity>,
        spans: &mut Vec<(usize, usize)>,
    ) {
        let text = scan.text;
        let bytes = &text.as_bytes()[..run.end];
        let mut at = run.start;
        while at < run.end {
            let Some((start, m)) = (at..run.end).find_map(|p| Some((p, nanp_at(bytes, p)?))) else {
                break;
            };
            let end = m.end;
            // On rejection, look again one byte further (all matched bytes are ASCII).
            at = start + 1;
            if spans.iter().any(|&(s, e)| s < end && start < e)
                || !digits_stand_alone(text, start, end)
            {
                continue;
            }
            if is_n11(&text[m.area..m.area + 3]) || is_n11(&text[m.exchange..m.exchange + 3]) {
                continue;
            }
            let cc = m.cc.map(|(s, e)| &text[s..e]);
            let shape = match (m.s1, m.s2) {
                _ if m.parens => Shape::Parens,
                (None, None) if cc == Some("+1") => Shape::Plus,
                (None, None) => Shape::Bare,
                (None, _) | (_, None) | (Some(b'/'), Some(b' ' | b'.')) => continue,
                (Some(b' '), Some(b' ')) => Shape::Spaced,
                _ => Shape::Dashed,
            };
            // The area code and exchange were checked above; the metadata of other countries
            // is for international numbers only.
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

    fn find_local(
        &self,
        scan: &Scan,
        runs: &Runs,
        out: &mut Vec<Entity>,
        taken: &[(usize, usize)],
    ) {
        // A local number has seven digits.
        for run in runs.iter().filter(|r| r.digits >= 7) {
            self.find_local_in(scan, run, out, taken);
        }
    }

    fn find_local_in(
        &self,
        scan: &Scan,
        run: Run,
        out: &mut Vec<Entity>,
        taken: &[(usize, usize)],
    ) {
        let text = scan.text;
        let bytes = &text.as_bytes()[..run.end];
        let mut at = run.start;
        while let Some(start) = (at..run.end).find(|&p| local_at(bytes, p)) {
            let end = start + LOCAL_LEN;
            at = end;
            if taken.iter().any(|&(s, e)| s < end && start < e) {
                continue;
            }
            if !digits_stand_alone(text, start, end) || is_n11(&text[start..start + 3]) {
                continue;
            }
            self.emit(scan, out, start, end, Shape::Local, None, false);
        }
    }
}

/// A stretch of the bytes phone numbers are written with, holding ASCII digits.
#[derive(Clone, Copy, Debug)]
struct Run {
    start: usize,
    end: usize,
    digits: usize,
    /// True when it holds a "+".
    plus: bool,
}

/// True for the bytes the regexes match: digits, spaces, `.`, `-`, `/`, brackets and `+`.
fn is_phone_byte(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b' ' | b'.' | b'-' | b'/' | b'(' | b')' | b'+')
}

/// The runs the searches look at: those with seven digits or a "+" (see [`runs`]), kept
/// without allocating unless there are many.
struct Runs {
    inline: [Run; 8],
    len: usize,
    more: Vec<Run>,
    /// The ASCII digits of the text (all in runs).
    digits: usize,
}

impl Runs {
    /// The runs of the text: the longest stretches of phone bytes that hold an ASCII digit,
    /// in text order. Every match of the patterns lies inside one, so they search these and
    /// not the whole text. The digits are found through the words that hold one.
    fn of(facts: &Facts) -> Runs {
        let scan = facts.scan;
        let bytes = scan.text.as_bytes();
        let empty = Run {
            start: 0,
            end: 0,
            digits: 0,
            plus: false,
        };
        let mut list = Runs {
            inline: [empty; 8],
            len: 0,
            more: Vec::new(),
            digits: 0,
        };
        let mut pos = 0;
        for k in facts.digit_words.iter() {
            let w = scan.words[k];
            // A word may hold digits of more than one run ("a1b2").
            while pos < w.end {
                let Some(p) = (pos.max(w.start)..w.end).find(|&p| bytes[p].is_ascii_digit()) else {
                    break;
                };
                let mut start = p;
                while start > 0 && is_phone_byte(bytes[start - 1]) {
                    start -= 1;
                }
                let mut end = p;
                while end < bytes.len() && is_phone_byte(bytes[end]) {
                    end += 1;
                }
                pos = end;
                let run = &bytes[start..end];
                list.add(Run {
                    start,
                    end,
                    digits: run.iter().filter(|b| b.is_ascii_digit()).count(),
                    plus: run.contains(&b'+'),
                });
            }
        }
        list
    }

    /// Counts the digits of a run, and keeps it if the searches need it.
    fn add(&mut self, run: Run) {
        self.digits += run.digits;
        if run.digits < 7 && !run.plus {
            return;
        }
        if self.len < self.inline.len() {
            self.inline[self.len] = run;
            self.len += 1;
        } else {
            self.more.push(run);
        }
    }

    fn iter(&self) -> impl Iterator<Item = Run> + '_ {
        self.inline[..self.len].iter().chain(&self.more).copied()
    }
}

/// A North American number read at a position by [`nanp_at`].
#[derive(Clone, Copy, Debug, PartialEq)]
struct Nanp {
    end: usize,
    /// The country code ("1" or "+1"), if written.
    cc: Option<(usize, usize)>,
    /// Where the area code's three digits start.
    area: usize,
    /// True when the area code is in brackets.
    parens: bool,
    /// The separator after an area code without brackets, if any.
    s1: Option<u8>,
    /// Where the exchange's three digits start.
    exchange: usize,
    /// The separator after the exchange, if any.
    s2: Option<u8>,
}

/// The North American number that starts at byte `p`, read as the regex
///
/// `(?:(\+?1)[ .\-]?)?(?:\(([2-9][0-9]{2})\)[ .\-]?|([2-9][0-9]{2})([ .\-/]?))([2-9][0-9]{2})([ .\-]?)[0-9]{4}`
///
/// reads it at `p`: of the ways to read it, the first in the regex's order of preference
/// (an optional part is taken when it can be, the country code and the brackets first).
/// Searching the start positions in order gives the regex's leftmost match; matching by
/// hand spares the regex engine's set-up, which costs more than the search on a short run.
fn nanp_at(b: &[u8], p: usize) -> Option<Nanp> {
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let lead = |i: usize| b.get(i).is_some_and(|c| (b'2'..=b'9').contains(c));
    let sep = |i: usize, set: &[u8]| b.get(i).copied().filter(|c| set.contains(c));
    // The exchange at `t`, then an optional separator and four digits: (s2, end).
    let tail = |t: usize| -> Option<(Option<u8>, usize)> {
        if !(lead(t) && digit(t + 1) && digit(t + 2)) {
            return None;
        }
        let u = t + 3;
        if let Some(s) = sep(u, b" .-") {
            if (u + 1..u + 5).all(digit) {
                return Some((Some(s), u + 5));
            }
        }
        (u..u + 4).all(digit).then_some((None, u + 4))
    };
    // The area code at `q` and what follows.
    let rest = |q: usize, cc: Option<(usize, usize)>| -> Option<Nanp> {
        let read = |area, parens, s1, t| {
            let (s2, end) = tail(t)?;
            Some(Nanp {
                end,
                cc,
                area,
                parens,
                s1,
                exchange: t,
                s2,
            })
        };
        if b.get(q) == Some(&b'(')
            && lead(q + 1)
            && digit(q + 2)
            && digit(q + 3)
            && b.get(q + 4) == Some(&b')')
        {
            let r = q + 5;
            let found = match sep(r, b" .-") {
                Some(_) => read(q + 1, true, None, r + 1).or_else(|| read(q + 1, true, None, r)),
                None => read(q + 1, true, None, r),
            };
            if found.is_some() {
                return found;
            }
        }
        if lead(q) && digit(q + 1) && digit(q + 2) {
            let r = q + 3;
            if let Some(s) = sep(r, b" .-/") {
                if let Some(found) = read(q, false, Some(s), r + 1) {
                    return Some(found);
                }
            }
            return read(q, false, None, r);
        }
        None
    };
    // With the country code first ("+1" after a "+", else "1"), then without.
    let cc_end = match (b.get(p), b.get(p + 1)) {
        (Some(b'+'), Some(b'1')) => Some(p + 2),
        (Some(b'1'), _) => Some(p + 1),
        _ => None,
    };
    if let Some(c) = cc_end {
        let cc = Some((p, c));
        if sep(c, b" .-").is_some() {
            if let Some(found) = rest(c + 1, cc) {
                return Some(found);
            }
        }
        if let Some(found) = rest(c, cc) {
            return Some(found);
        }
    }
    rest(p, None)
}

/// The length of a local number, `[2-9][0-9]{2}[.-][0-9]{4}`.
const LOCAL_LEN: usize = 8;

/// True when a local number (`555-0188`, `555.0188`) starts at byte `p`.
fn local_at(b: &[u8], p: usize) -> bool {
    b.get(p..p + LOCAL_LEN).is_some_and(|m| {
        (b'2'..=b'9').contains(&m[0])
            && m[1..3].iter().all(u8::is_ascii_digit)
            && matches!(m[3], b'.' | b'-')
            && m[4..].iter().all(u8::is_ascii_digit)
    })
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
        self.recognize_with(&Facts::new(scan), out);
    }
}

/// The digit a spelled-out digit word stands for ("oh" for zero, as numbers are read aloud).
fn digit_word(lower: &str) -> Option<u32> {
    match lower {
        "zero" | "oh" => Some(0),
        _ => crate::recognizers::time_place::age::unit_value(lower),
    }
}

impl PhoneRecognizer {
    /// "two one seven, five five five, zero one nine three": ten digit words in a row (a
    /// space, comma or hyphen between them), read as a NANP number: area code and exchange
    /// start with 2–9. A number introduced as a fax is a fax.
    fn find_spelled(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let words = &scan.words;
        let mut k = 0;
        while k < words.len() {
            let mut digits = Vec::new();
            let mut j = k;
            while j < words.len() {
                let joined = j == k
                    || matches!(
                        scan.text[words[j - 1].end..words[j].start].trim_matches(' '),
                        "" | "," | "-"
                    );
                match digit_word(scan.word_lower(j)).filter(|_| joined) {
                    Some(d) => digits.push(d),
                    None => break,
                }
                j += 1;
            }
            if digits.len() == 10 && digits[0] >= 2 && digits[3] >= 2 {
                let (start, end) = (words[k].start, words[j - 1].end);
                let (entity_type, id) = match self.label_before(scan, start) {
                    Label::Fax(..) => (EntityType::Fax, FAX_ID),
                    _ => (EntityType::Phone, PHONE_ID),
                };
                out.push(Entity::new(
                    entity_type,
                    start,
                    end,
                    0.8,
                    id,
                    Explanation::pattern("spelled-out number")
                        .validated("ten digit words: area code and exchange 2-9xx"),
                ));
            }
            k = j.max(k + 1);
        }
    }
}

impl Member for PhoneRecognizer {
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        self.find_spelled(scan, out);
        let runs = Runs::of(facts);
        let digits = runs.digits;
        if digits < 7 {
            return;
        }
        let mut taken = Vec::new();
        if facts.plus {
            let before = out.len();
            self.find_international(scan, &runs, out);
            taken.extend(out[before..].iter().map(|e| (e.start, e.end)));
        }
        if digits >= 10 {
            self.find_nanp(scan, &runs, out, &mut taken);
        }
        self.find_local(scan, &runs, out, &taken);
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

    /// The patterns the hand matchers follow.
    const NANP: &str = r"(?:(?P<cc>\+?1)[ .\-]?)?(?:\((?P<pa>[2-9][0-9]{2})\)[ .\-]?|(?P<a>[2-9][0-9]{2})(?P<s1>[ .\-/]?))(?P<ex>[2-9][0-9]{2})(?P<s2>[ .\-]?)[0-9]{4}";
    const LOCAL: &str = r"[2-9][0-9]{2}[.\-][0-9]{4}";

    /// The leftmost match at or after `at` as the regex reads it, in the hand matcher's terms.
    fn nanp_by_regex(re: &Regex, text: &str, at: usize) -> Option<(usize, Nanp)> {
        let c = re.captures_at(text, at)?;
        let sep = |name| c.name(name).and_then(|g| g.as_str().bytes().next());
        let area = c.name("pa").or(c.name("a")).expect("area");
        Some((
            c.get(0).expect("match").start(),
            Nanp {
                end: c.get(0).expect("match").end(),
                cc: c.name("cc").map(|g| (g.start(), g.end())),
                area: area.start(),
                parens: c.name("pa").is_some(),
                s1: sep("s1"),
                exchange: c.name("ex").expect("exchange").start(),
                s2: sep("s2"),
            },
        ))
    }

    #[test]
    fn hand_matchers_read_numbers_as_the_patterns_do() {
        let nanp = Regex::new(NANP).unwrap();
        let local = Regex::new(LOCAL).unwrap();
        for text in [
            "+1 (312) 555-0188",
            "1-312-555-0188",
            "1312.555.0188",
            "(312)555 0188",
            "312/555-0188",
            "312/555.0188",
            "+1312 5550188",
            "11 312 555 0188",
            "(312) 5550188 555-0188",
            "1(312)-555-01889",
            "+12 312 555 0188",
        ] {
            let b = text.as_bytes();
            for at in 0..=text.len() {
                let ours = (at..text.len()).find_map(|p| Some((p, nanp_at(b, p)?)));
                assert_eq!(ours, nanp_by_regex(&nanp, text, at), "{text} {at}");
                let ours = (at..text.len()).find(|&p| local_at(b, p));
                assert_eq!(
                    ours,
                    local.find_at(text, at).map(|m| m.start()),
                    "{text} {at}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn hand_matchers_agree_with_the_patterns(text in "[0-9 .()/+1-]{0,26}", at in 0usize..26) {
            let nanp = Regex::new(NANP).unwrap();
            let local = Regex::new(LOCAL).unwrap();
            let at = at.min(text.len());
            let b = text.as_bytes();
            let ours = (at..text.len()).find_map(|p| Some((p, nanp_at(b, p)?)));
            proptest::prop_assert_eq!(ours, nanp_by_regex(&nanp, &text, at));
            let ours = (at..text.len()).find(|&p| local_at(b, p));
            proptest::prop_assert_eq!(ours, local.find_at(&text, at).map(|m| m.start()));
        }
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
    fn a_fax_label_between_two_numbers_is_the_second_ones() {
        let t = "Brandt County Home Health, 815-555-0152, fax 815-555-0153.";
        assert_eq!(faxes(t), ["815-555-0153"]);
        assert_eq!(phones(t), ["815-555-0152"]);
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
            faxes("fax the return-to-work form to my employer at (309) 555-0174"),
            vec!["(309) 555-0174"]
        );
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

    #[test]
    fn numbers_spelled_out_in_digit_words() {
        assert_eq!(
            phones("call my cell two one seven, five five five, zero one nine three after 5"),
            ["two one seven, five five five, zero one nine three"]
        );
        assert!(phones("one two three four five six seven eight nine ten").is_empty());
        assert!(phones("two one seven five five five").is_empty());
    }

    #[test]
    fn mine_answers_a_question_about_a_fax() {
        let text = "whats your fax number, my insurance needs it. and mine is 309-555-0192";
        assert_eq!(
            found(&PhoneRecognizer::new(), text, EntityType::Fax),
            ["309-555-0192"]
        );
        assert!(phones(text).is_empty());
    }
}
