//! MAC addresses (hardware addresses of network devices): six hex pairs joined by one kind
//! of separator (`00:1A:2B:3C:4D:5E`, `00-1A-2B-3C-4D-5E`) and Cisco's dotted form
//! (`0012.3456.789A`). Validation: consistent separators, exactly six octets (not part of a
//! longer chain), and not the all-zero or broadcast address.

use super::group::{Facts, Member};
use super::{char_at, char_before, is_wordish};
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::numbers::words::Phrases;
use crate::recognizers::Recognizer;
use crate::text::Scan;
use regex::Regex;

const ID: &str = "mac-address";

/// Finds MAC addresses; they are device identifiers.
pub struct MacRecognizer {
    pattern: Regex,
    context: Phrases,
}

impl Default for MacRecognizer {
    fn default() -> Self {
        Self::new()
    }
}

impl MacRecognizer {
    pub fn new() -> Self {
        MacRecognizer {
            pattern: Regex::new(
                r"[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}",
            )
            .expect("valid regex"),
            context: Phrases::new(&[
                "mac",
                "macs",
                "hardware",
                "physical",
                "ethernet",
                "wifi",
                "wi fi",
                "wlan",
                "bluetooth",
                "device",
                "adapter",
                "nic",
                "bssid",
                "address",
            ]),
        }
    }
}

fn is_hex(c: char) -> bool {
    c.is_ascii_hexdigit()
}

impl Recognizer for MacRecognizer {
    fn id(&self) -> &'static str {
        ID
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        self.recognize_with(&Facts::new(scan), out);
    }
}

impl Member for MacRecognizer {
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        // Every address has a separator between two hex digits, that is between two words
        // glued to it. The regex runs only on the run of address characters around such a
        // place: no match reaches past it.
        let text = scan.text;
        let bytes = text.as_bytes();
        let mut searched_to = 0;
        for k in facts.hex_joined.iter() {
            let (a, n) = (scan.words[k], scan.words[k + 1]);
            if a.end < searched_to {
                continue;
            }
            let mut from = a.end;
            while from > 0 && is_address_byte(bytes[from - 1]) {
                from -= 1;
            }
            let mut to = n.start;
            while to < bytes.len() && is_address_byte(bytes[to]) {
                to += 1;
            }
            searched_to = to;
            // The shortest address, "0012.3456.789A", has fourteen characters.
            if to - from >= 14 {
                self.search(scan, from, to, out);
            }
        }
    }
}

/// Hex digits and the separators of MAC addresses.
fn is_address_byte(b: u8) -> bool {
    b.is_ascii_hexdigit() || matches!(b, b':' | b'-' | b'.')
}

impl MacRecognizer {
    /// The addresses in `from..to`, a run of address characters.
    fn search(&self, scan: &Scan, from: usize, to: usize, out: &mut Vec<Entity>) {
        let text = scan.text;
        let mut at = from;
        while let Some(m) = self.pattern.find_at(&text[..to], at) {
            at = m.end();
            let (start, end) = (m.start(), m.end());
            let s = m.as_str();
            let dotted = s.as_bytes()[4] == b'.';
            let sep = if dotted { '.' } else { s.as_bytes()[2] as char };
            if !dotted
                && s.bytes()
                    .filter(|&b| b == b':' || b == b'-')
                    .any(|b| b != sep as u8)
            {
                continue;
            }
            // Not glued to a word, and not one link of a longer chain.
            match char_before(text, start) {
                Some(c) if is_wordish(c) => continue,
                Some(c) if c == sep && char_before(text, start - 1).is_some_and(is_hex) => continue,
                _ => {}
            }
            match char_at(text, end) {
                Some(c) if is_wordish(c) => continue,
                Some(c) if c == sep && char_at(text, end + 1).is_some_and(is_hex) => continue,
                _ => {}
            }
            let hex: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
            if hex.iter().all(|&b| b == b'0') || hex.iter().all(|&b| b == b'f' || b == b'F') {
                continue;
            }
            let has_letter = hex.iter().any(u8::is_ascii_alphabetic);
            let ctx = self.context.around(scan, start, end, 4);
            let (base, pattern) = match (dotted, has_letter) {
                (false, true) => (0.85, "mac-pairs"),
                (false, false) => (0.6, "mac-pairs"),
                (true, true) => (0.7, "mac-cisco-dotted"),
                (true, false) => (0.35, "mac-cisco-dotted"),
            };
            let score: f32 = if ctx.is_some() { base + 0.2 } else { base };
            out.push(Entity::new(
                EntityType::DeviceId,
                start,
                end,
                score.min(0.95),
                ID,
                Explanation::pattern(pattern)
                    .validated("six octets, consistent separators")
                    .with_context(ctx),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{flagged, found};
    use super::*;

    fn macs(text: &str) -> Vec<&str> {
        found(&MacRecognizer::new(), text, EntityType::DeviceId)
    }

    #[test]
    fn finds_mac_addresses() {
        assert_eq!(
            macs("My MAC address is 00:1A:2B:3C:4D:5E"),
            vec!["00:1A:2B:3C:4D:5E"]
        );
        assert_eq!(
            macs("Mixedcase MAC: 0d-B3-4a-6A-d9-cF"),
            vec!["0d-B3-4a-6A-d9-cF"]
        );
        assert_eq!(macs("Cisco MAC: 0012.3456.789A"), vec!["0012.3456.789A"]);
        assert_eq!(
            macs("Physical address is aabb.ccdd.eeff"),
            vec!["aabb.ccdd.eeff"]
        );
        assert_eq!(
            macs("MACs: 00:11:22:33:44:55 and AA-BB-CC-DD-EE-FF"),
            vec!["00:11:22:33:44:55", "AA-BB-CC-DD-EE-FF"]
        );
        assert_eq!(
            flagged(
                &MacRecognizer::new(),
                "pump mac 0a:23:f5:67:89:ac.",
                EntityType::DeviceId
            ),
            vec!["0a:23:f5:67:89:ac"]
        );
    }

    #[test]
    fn hard_negatives() {
        for text in [
            "Not a MAC: 00:1A:2B:3C:4D",
            "Invalid: ZZ:ZZ:ZZ:ZZ:ZZ:ZZ",
            "Broadcast: FF:FF:FF:FF:FF:FF",
            "Invalid: 00:00:00:00:00:00",
            "Mixed test cases for hyphens and colons: 10:2F:33-AC-29-C3",
            "00:1A:2B:3C:4D:5E:6F:70",
            "x00:1A:2B:3C:4D:5E",
            "2001:db8::1",
            "at 10:30:45",
            "ISBN 978-0-306-40615-7",
        ] {
            assert!(macs(text).is_empty(), "{text}: {:?}", macs(text));
        }
        // Twelve digits in dotted fours without context: weak only.
        assert!(flagged(
            &MacRecognizer::new(),
            "ref 1234.5678.9012",
            EntityType::DeviceId
        )
        .is_empty());
    }
}
