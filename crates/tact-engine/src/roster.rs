//! The known-patient roster: keyed hashes of patient names, never the names. A name in a text
//! whose hash is on the roster is a certain PERSON.
//!
//! File format (JSON, written by `tact roster import`):
//! `{"format": "tact-roster", "version": 1, "algorithm": "hmac-sha256/128", "count": N,
//! "hashes": ["<32 hex digits>", ...]}`. The key lives in a separate file.

use crate::entity::{Entity, EntityType, Explanation};
use crate::text::Scan;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::collections::HashSet;
use std::fmt;
use unicode_normalization::UnicodeNormalization;

/// The longest name, in words, that is hashed ("Mary Ann Van Dyke").
pub const MAX_NAME_WORDS: usize = 4;

/// A roster in memory: the key and the set of name hashes.
#[derive(Clone)]
pub struct Roster {
    key: Vec<u8>,
    hashes: HashSet<[u8; 16]>,
}

impl fmt::Debug for Roster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Roster")
            .field("names", &self.hashes.len())
            .finish()
    }
}

/// The roster file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RosterFile {
    pub format: String,
    pub version: u32,
    pub algorithm: String,
    pub count: usize,
    pub hashes: Vec<String>,
}

/// Why a roster could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterError(pub String);

impl fmt::Display for RosterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RosterError {}

/// Normalises a name for hashing: Unicode compatibility decomposition, combining marks
/// dropped, lower case, words of letters only, single spaces ("José  O'Neil" → "jose oneil").
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    for c in name.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) || c == '\'' || c == '\u{2019}' {
            continue;
        }
        if c.is_alphabetic() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

fn hash(key: &[u8], normalized: &str) -> [u8; 16] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(normalized.as_bytes());
    let full = mac.finalize().into_bytes();
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<[u8; 16]> {
    if s.len() != 32 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

impl Roster {
    /// An empty roster with this key.
    pub fn new(key: &[u8]) -> Roster {
        Roster {
            key: key.to_vec(),
            hashes: HashSet::new(),
        }
    }

    /// Adds a full name ("Dana Whitley", "Whitley, Dana"): the name in its given order and,
    /// for "Last, First", in natural order too. Returns false for a name with fewer than two
    /// words or more than [`MAX_NAME_WORDS`], which cannot be matched safely.
    pub fn add_name(&mut self, name: &str) -> bool {
        let ordered = match name.split_once(',') {
            Some((last, first)) => format!("{first} {last}"),
            None => name.to_string(),
        };
        let n = normalize_name(&ordered);
        let words = n.split(' ').count();
        if n.is_empty() || !(2..=MAX_NAME_WORDS).contains(&words) {
            return false;
        }
        self.hashes.insert(hash(&self.key, &n));
        // Also "first last" without middle names.
        let parts: Vec<&str> = n.split(' ').collect();
        if parts.len() > 2 {
            let short = format!("{} {}", parts[0], parts[parts.len() - 1]);
            self.hashes.insert(hash(&self.key, &short));
        }
        true
    }

    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The file form of the roster (hashes only).
    pub fn to_file(&self) -> RosterFile {
        let mut hashes: Vec<String> = self.hashes.iter().map(|h| hex(h)).collect();
        hashes.sort();
        RosterFile {
            format: "tact-roster".into(),
            version: 1,
            algorithm: "hmac-sha256/128".into(),
            count: hashes.len(),
            hashes,
        }
    }

    /// Reads a roster file with its key.
    pub fn from_file(json: &str, key: &[u8]) -> Result<Roster, RosterError> {
        let file: RosterFile = serde_json::from_str(json)
            .map_err(|e| RosterError(format!("not a roster file: {e}")))?;
        if file.format != "tact-roster" || file.version != 1 {
            return Err(RosterError(format!(
                "unsupported roster format {:?} version {}",
                file.format, file.version
            )));
        }
        if file.algorithm != "hmac-sha256/128" {
            return Err(RosterError(format!(
                "unsupported roster algorithm {:?}",
                file.algorithm
            )));
        }
        if key.len() < 16 {
            return Err(RosterError(
                "the roster key is shorter than 16 bytes".into(),
            ));
        }
        let mut roster = Roster::new(key);
        for (i, h) in file.hashes.iter().enumerate() {
            let Some(bytes) = unhex(h) else {
                return Err(RosterError(format!("hash {} is not 32 hex digits", i + 1)));
            };
            roster.hashes.insert(bytes);
        }
        Ok(roster)
    }

    /// Adds a PERSON entity for every run of 2 to [`MAX_NAME_WORDS`] words whose hash is on
    /// the roster (longest run first).
    pub fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        if self.hashes.is_empty() {
            return;
        }
        let words = &scan.words;
        let mut i = 0;
        while i < words.len() {
            let mut matched = None;
            for len in (2..=MAX_NAME_WORDS).rev() {
                if i + len > words.len() {
                    continue;
                }
                // Words must be letters only, separated by at most a space, hyphen or period.
                let run = &words[i..i + len];
                if !run.iter().all(|w| w.has(crate::text::shape::ALPHA)) {
                    continue;
                }
                if run.windows(2).any(|p| {
                    let gap = &scan.text[p[0].end..p[1].start];
                    gap.len() > 3 || gap.contains(['\n', ',', ';', ':'])
                }) {
                    continue;
                }
                let end = run[len - 1].base_end;
                let n = normalize_name(&scan.text[run[0].start..end]);
                if self.hashes.contains(&hash(&self.key, &n)) {
                    matched = Some((run[0].start, end, len));
                    break;
                }
            }
            if let Some((start, end, len)) = matched {
                out.push(Entity::new(
                    EntityType::Person,
                    start,
                    end,
                    1.0,
                    "patient-roster",
                    Explanation::pattern("known-patient roster")
                        .validated("keyed hash on the roster"),
                ));
                i += len;
            } else {
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;

    #[test]
    fn normalizes_accents_case_and_apostrophes() {
        assert_eq!(normalize_name("  José  O'Neil "), "jose oneil");
        assert_eq!(normalize_name("ZOË-ANN Smith"), "zoe ann smith");
    }

    #[test]
    fn matches_names_without_storing_them() {
        let mut r = Roster::new(b"0123456789abcdef0123456789abcdef");
        assert!(r.add_name("Whitley, Dana"));
        assert!(!r.add_name("Cher"));
        let file = serde_json::to_string(&r.to_file()).unwrap();
        assert!(!file.to_lowercase().contains("dana"));
        let r = Roster::from_file(&file, b"0123456789abcdef0123456789abcdef").unwrap();
        let scan = Scan::new("Great to see DANA WHITLEY's smile today", Kind::Post);
        let mut out = Vec::new();
        r.recognize(&scan, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(&scan.text[out[0].start..out[0].end], "DANA WHITLEY");
        // Another key finds nothing.
        let other = Roster::from_file(&file, b"another key, thirty-two bytes!!!").unwrap();
        let mut out = Vec::new();
        other.recognize(&scan, &mut out);
        assert!(out.is_empty());
    }
}
