//! IP addresses: IPv4 dotted quads and IPv6 in every textual form (full, compressed with
//! `::`, IPv4-embedded, with a `%zone`), each optionally followed by a CIDR prefix length.
//!
//! Candidates are maximal runs of address characters found by a regex; each is validated by
//! the standard library's address parser (octets 0–255 without leading zeros, at most one
//! `::`, eight groups). A run glued to letters on either side is not an address. An IPv4 quad
//! that is part of a longer dotted number ("1.2.3.4.5") or follows a version word is not one
//! either (a quad with a three-digit octet at the head of a longer chain is kept as a weak
//! candidate). Short compressed IPv6 forms that could be something else ("12::30", "::1",
//! the bare "::") need IP context to become findings.

use super::group::{Facts, Member, Separators};
use super::{char_at, char_before, is_wordish};
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::numbers::words::Phrases;
use crate::recognizers::Recognizer;
use crate::text::Scan;
use regex::Regex;
use std::net::{Ipv4Addr, Ipv6Addr};

const ID: &str = "ip-address";
const CONTEXT_WINDOW: usize = 4;

/// Finds IPv4 and IPv6 addresses.
pub struct IpRecognizer {
    v4_run: Regex,
    v6_run: Regex,
    context: Phrases,
    version_words: Phrases,
}

impl Default for IpRecognizer {
    fn default() -> Self {
        Self::new()
    }
}

impl IpRecognizer {
    pub fn new() -> Self {
        IpRecognizer {
            // A maximal dotted run of digit groups.
            v4_run: Regex::new(r"[0-9]+(?:\.[0-9]+)+").expect("valid regex"),
            // A maximal run of hex digits, dots and colons with at least two colons.
            v6_run: Regex::new(r"[0-9A-Fa-f.]*:[0-9A-Fa-f.:]*:[0-9A-Fa-f.:]*")
                .expect("valid regex"),
            context: Phrases::new(&[
                "ip",
                "ips",
                "ipv4",
                "ipv6",
                "ip address",
                "address",
                "addr",
                "server",
                "host",
                "hostname",
                "gateway",
                "router",
                "subnet",
                "netmask",
                "dns",
                "vpn",
                "proxy",
                "localhost",
                "loopback",
                "unspecified",
                "multicast",
                "src",
                "dst",
                "source",
                "destination",
                "connect",
                "connecting",
                "connected",
                "ping",
                "ssh",
                "interface",
                "route",
                "prefix",
                "network",
                "lan",
                "wan",
                "wifi",
                "tcp",
                "udp",
                "login",
                "logged",
                "nat64",
                "tunnel",
            ]),
            version_words: Phrases::new(&[
                "version",
                "ver",
                "v",
                "build",
                "release",
                "firmware",
                "update",
                "updated",
                "updating",
                "upgrade",
                "upgraded",
                "patch",
                "ios",
                "android",
                "app",
                "section",
                "sec",
                "chapter",
                "figure",
                "fig",
                "table",
                "step",
                "clause",
                "paragraph",
                "para",
                "rule",
            ]),
        }
    }

    fn context(&self, scan: &Scan, start: usize, end: usize) -> Option<(usize, usize)> {
        self.context.around(scan, start, end, CONTEXT_WINDOW)
    }

    /// IPv6 candidates; returns their spans so IPv4 quads inside them are skipped.
    fn find_v6(&self, scan: &Scan, out: &mut Vec<Entity>, spans: &mut Vec<(usize, usize)>) {
        let text = scan.text;
        for m in self.v6_run.find_iter(text) {
            let start = m.start();
            if char_before(text, start).is_some_and(|c| is_wordish(c) || c == '.') {
                continue;
            }
            let mut end = m.end();
            // Trailing sentence punctuation: "… 2001:db8::1." and a lone trailing colon.
            while end > start && text.as_bytes()[end - 1] == b'.' {
                end -= 1;
            }
            let b = text.as_bytes();
            if end >= start + 2 && b[end - 1] == b':' && b[end - 2] != b':' {
                end -= 1;
            }
            if end <= start {
                continue;
            }
            let body = &text[start..end];
            let Ok(addr) = body.parse::<Ipv6Addr>() else {
                continue;
            };
            // Zone id ("fe80::1%eth0").
            let mut span_end = end;
            if text.as_bytes().get(end) == Some(&b'%') {
                let zone_len = text[end + 1..]
                    .bytes()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
                    .count();
                let zone = &text[end + 1..end + 1 + zone_len];
                let zone = zone.trim_end_matches('.');
                if !zone.is_empty() {
                    span_end = end + 1 + zone.len();
                }
            }
            let prefix_end = cidr_end(text, span_end, 128);
            if char_at(text, span_end).is_some_and(is_wordish) {
                continue;
            }
            let full_end = prefix_end.unwrap_or(span_end);
            if char_at(text, full_end).is_some_and(is_wordish) {
                continue;
            }
            let ctx = self.context(scan, start, full_end);
            let groups = body.split(':').filter(|g| !g.is_empty()).count();
            let embedded_v4 = body.contains('.');
            let unspecified = addr.is_unspecified();
            let short_groups = body
                .split(':')
                .all(|g| g.len() <= 2 || g.bytes().all(|c| c.is_ascii_digit()));
            let all_decimal = body.bytes().all(|c| c.is_ascii_digit() || c == b':');
            let (score, pattern) = if unspecified && groups == 0 {
                // The bare "::": only with IP context or a prefix length.
                if ctx.is_none() && prefix_end.is_none() {
                    continue;
                }
                (0.3, "ipv6-unspecified")
            } else if !embedded_v4 && groups <= 3 && (all_decimal || short_groups) {
                // "::1", "12::30", "a::b": plausible as something else.
                (if ctx.is_some() { 0.7 } else { 0.3 }, "ipv6-short")
            } else if ctx.is_some() {
                (0.95, if embedded_v4 { "ipv6-ipv4" } else { "ipv6" })
            } else {
                (0.85, if embedded_v4 { "ipv6-ipv4" } else { "ipv6" })
            };
            spans.push((start, full_end));
            out.push(Entity::new(
                EntityType::IpAddress,
                start,
                full_end,
                score,
                ID,
                Explanation::pattern(pattern)
                    .validated("valid IPv6 address")
                    .with_context(ctx),
            ));
        }
    }

    fn find_v4(&self, scan: &Scan, out: &mut Vec<Entity>, v6: &[(usize, usize)]) {
        let text = scan.text;
        for m in self.v4_run.find_iter(text) {
            let start = m.start();
            let run = m.as_str();
            if run.len() < 7 {
                continue;
            }
            match char_before(text, start) {
                Some(c) if is_wordish(c) => continue,
                Some('.') => {
                    // ".1.2.3.4" continuing a word or number: not a standalone address.
                    let before = &text[..start - 1];
                    if before.chars().next_back().is_some_and(is_wordish) {
                        continue;
                    }
                }
                _ => {}
            }
            if char_at(text, m.end()).is_some_and(is_wordish) {
                continue;
            }
            let mut parts = run.split('.');
            let quad: Vec<&str> = parts.by_ref().take(4).collect();
            let longer = parts.next().is_some();
            if quad.len() < 4 || !quad.iter().all(|p| octet_ok(p)) {
                continue;
            }
            let end = start + quad.iter().map(|p| p.len()).sum::<usize>() + 3;
            if v6.iter().any(|&(s, e)| s < end && start < e) {
                continue;
            }
            let Ok(_addr) = text[start..end].parse::<Ipv4Addr>() else {
                continue;
            };
            if self.version_words.before(scan, start, 2).is_some() {
                continue;
            }
            let ctx = self.context(scan, start, end);
            let (full_end, score, pattern) = if longer {
                // "192.168.1.1.1": the head of a longer dotted number; keep only a weak
                // candidate, and only when an octet has three digits.
                if !quad.iter().any(|p| p.len() == 3) {
                    continue;
                }
                (end, 0.25, "ipv4-in-longer-number")
            } else {
                let full_end = cidr_end(text, end, 32).unwrap_or(end);
                let small = quad.iter().all(|p| p.len() == 1);
                let score = if ctx.is_some() {
                    0.95
                } else if small {
                    0.45
                } else {
                    0.85
                };
                (full_end, score, "ipv4")
            };
            out.push(Entity::new(
                EntityType::IpAddress,
                start,
                full_end,
                score,
                ID,
                Explanation::pattern(pattern)
                    .validated("valid IPv4 address")
                    .with_context(ctx),
            ));
        }
    }
}

/// A decimal octet: 0–255, no leading zeros.
fn octet_ok(p: &str) -> bool {
    !p.is_empty()
        && p.len() <= 3
        && (p == "0" || !p.starts_with('0'))
        && p.parse::<u16>().is_ok_and(|v| v <= 255)
}

/// The end of a "/NN" prefix length at `at` that is at most `max`, followed by a non-word
/// character.
fn cidr_end(text: &str, at: usize, max: u32) -> Option<usize> {
    let rest = text.get(at..)?;
    let digits = rest.strip_prefix('/')?;
    let n = digits.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 3 {
        return None;
    }
    let value: u32 = digits[..n].parse().ok()?;
    if value > max || (n > 1 && digits.starts_with('0')) {
        return None;
    }
    let end = at + 1 + n;
    if char_at(text, end).is_some_and(|c| {
        is_wordish(c) || (c == '.' && char_at(text, end + 1).is_some_and(is_wordish))
    }) {
        return None;
    }
    Some(end)
}

impl Recognizer for IpRecognizer {
    fn id(&self) -> &'static str {
        ID
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        self.recognize_with(&Facts::new(scan), out);
    }
}

impl Member for IpRecognizer {
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        // Cheap tests before the regexes: an IPv6 address has "::" or at least two colons
        // between hex digits; an IPv4 address has three dots between digits.
        let Separators {
            hex_colons,
            double_colon,
            digit_dots,
        } = facts.separators;
        let mut v6 = Vec::new();
        if double_colon || hex_colons >= 2 {
            self.find_v6(scan, out, &mut v6);
        }
        if digit_dots >= 3 {
            self.find_v4(scan, out, &v6);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{analyzed, flagged, found};
    use super::*;

    fn ips(text: &str) -> Vec<&str> {
        found(&IpRecognizer::new(), text, EntityType::IpAddress)
    }

    fn flagged_ips(text: &str) -> Vec<&str> {
        flagged(&IpRecognizer::new(), text, EntityType::IpAddress)
    }

    #[test]
    fn ipv4_addresses() {
        assert_eq!(ips("microsoft.com 192.168.0.1"), vec!["192.168.0.1"]);
        assert_eq!(ips("(192.168.1.1)"), vec!["192.168.1.1"]);
        assert_eq!(ips("IP: 192.168.1.1."), vec!["192.168.1.1"]);
        assert_eq!(ips("192.168.2.1@eth0"), vec!["192.168.2.1"]);
        assert_eq!(
            ips("IPs: 192.168.1.1, 10.0.0.1, 2001:db8::1"),
            vec!["2001:db8::1", "192.168.1.1", "10.0.0.1"]
        );
        assert_eq!(
            flagged_ips("logged in from 73.12.201.9 last night"),
            vec!["73.12.201.9"]
        );
    }

    #[test]
    fn ipv4_hard_negatives() {
        for text in [
            "my ip: 192.168.0",
            "256.256.256.256",
            "192.168.1.256",
            "300.168.1.1",
            "IP192.168.1.1text",
            "text192.168.1.1",
            "Version 1.2.3",
            "update to v1.2.3.4 today",
            "version 10.2.3.4 is out",
            "portal app updated to 6.10.2.4 and now it crashes",
            "1.2.3.4.5",
            "192.168.01.1",
            "call 312.555.0188",
            "on 03.14.2024",
        ] {
            assert!(ips(text).is_empty(), "{text}: {:?}", ips(text));
        }
        // Section-like numbers are only weak candidates.
        assert!(flagged_ips("see 1.2.3.4 below").is_empty());
    }

    #[test]
    fn ipv4_in_longer_dotted_number_is_weak() {
        let r = IpRecognizer::new();
        let found = super::super::test_util::run(&r, "192.168.1.1.1");
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].start, found[0].end), (0, 11));
        assert!(found[0].score < 0.5);
    }

    #[test]
    fn cidr() {
        assert_eq!(ips("Subnet: 192.168.1.0/24"), vec!["192.168.1.0/24"]);
        assert_eq!(ips("Route is 10.0.0.0/8."), vec!["10.0.0.0/8"]);
        assert_eq!(ips("10.0.0.0/123"), vec!["10.0.0.0"]);
        assert_eq!(ips("2001:db8::/9999"), vec!["2001:db8::"]);
        assert_eq!(ips("Use 2001:db8::/32."), vec!["2001:db8::/32"]);
        assert_eq!(ips("::/0"), vec!["::/0"]);
        assert_eq!(ips("::ffff:192.168.1.0/96"), vec!["::ffff:192.168.1.0/96"]);
    }

    #[test]
    fn ipv6_forms() {
        assert_eq!(
            ips("my ip: 684D:1111:222:3333:4444:5555:6:77"),
            vec!["684D:1111:222:3333:4444:5555:6:77"]
        );
        assert_eq!(ips("2345:0425:2CA1::0567:5673:23b5").len(), 1);
        assert_eq!(ips("fe80::1%eth0"), vec!["fe80::1%eth0"]);
        assert_eq!(ips("Connect to [2001:db8::1]:8080"), vec!["2001:db8::1"]);
        assert_eq!(ips("Visit http://[2001:db8::1]/path"), vec!["2001:db8::1"]);
        assert_eq!(ips("SSH to user@2001:db8::1"), vec!["2001:db8::1"]);
        assert_eq!(
            ips("Connect to ::ffff:10.0.0.1 now"),
            vec!["::ffff:10.0.0.1"]
        );
        assert_eq!(
            ips("0:0:0:0:0:FFFF:129.144.52.38"),
            vec!["0:0:0:0:0:FFFF:129.144.52.38"]
        );
        assert_eq!(
            ips("Server IP: 2400:c401::5054:ff:fe1b:b031."),
            vec!["2400:c401::5054:ff:fe1b:b031"]
        );
        assert_eq!(ips("src=:: dst=::1"), vec!["::", "::1"]);
        assert_eq!(ips("Use local ipv6 ::"), vec!["::"]);
        // Glued to a word: the embedded IPv4 part alone stands.
        assert_eq!(ips("text::ffff:192.0.2.1"), vec!["192.0.2.1"]);
        assert_eq!(ips("foo2001:db8::10.0.0.1"), vec!["10.0.0.1"]);
    }

    #[test]
    fn ipv6_hard_negatives() {
        for text in [
            "684D:1111:222:3333:4444:5555:77",
            "::ffff:256.0.0.1",
            "::ffff:192.168.1",
            "2001:db8::256.1.1.1",
            "MAC address aa:bb:cc:dd:ee:ff",
            "Time 12:34:56",
            "Ratio 1:2:3:4",
            "Port 80:443",
            "abc:def:ghi",
            "file:///path/to/file",
            "std::cout",
            "MyClass::toString",
            ":::",
            "fe80::1text",
            "text2001:db8::1",
            "gggg:hhhh::1234",
            "12345:db8::1",
            "2001::db8::1",
            "Hours :: Mon to Fri",
            "John 3:16 and 3:17",
        ] {
            assert!(ips(text).is_empty(), "{text}: {:?}", ips(text));
        }
        // Short forms that could be a typo of a time are weak without IP context.
        assert!(flagged_ips("see you at 12::30").is_empty());
        assert_eq!(flagged_ips("my ip: ::1"), vec!["::1"]);
    }

    #[test]
    fn through_the_analyzer() {
        let got = analyzed("Our router at 10.0.0.12 logged it.");
        assert!(got.contains(&(EntityType::IpAddress, "10.0.0.12".to_string())));
    }
}
