//! Device identifiers and serial numbers.
//!
//! - GS1 unique device identifiers in human-readable form: `(01)` and a GTIN-14 whose check
//!   digit is valid, followed by any of the production identifiers `(11)`/`(17)` (dates),
//!   `(10)` (lot) and `(21)` (serial), e.g. "(01)00844588003288(17)141120(10)7654321D(21)10".
//! - IMEIs: fifteen digits, bare or written 2-6-6-1, passing the Luhn check. Confident after
//!   "IMEI", a weak candidate otherwise.
//! - Serial numbers after context: "serial number", "S/N", "SN", "device ID", "UDI", "ESN",
//!   "MEID", "transmitter ID" (a code of 5–30 letters and digits with at least three digits,
//!   dashes or underscores allowed, any letter case), also a few words after such a phrase
//!   in the same sentence or, for a code with letters and five digits, in the previous
//!   sentence of a short "it's …" sentence; or after a device word ("pacemaker", "implant",
//!   "pump", "defibrillator", "hearing aid", "CGM") when the code has at least six digits,
//!   since shorter codes there are usually model names ("G7"). Codes listed after a serial
//!   ("5512093 and 5512094") share its context.
//!
//! MAC addresses are left to the contact recognizers. Reported as DEVICE_ID.

use super::group::member_recognizer;
use super::group::{Facts, Member};
use super::util::Index;
use super::util::{self, Level};
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::Scan;

/// Six pairs of hex digits joined by dashes: a MAC address, left to the contact group.
fn looks_like_mac(code: &str) -> bool {
    code.len() == 17
        && code
            .split('-')
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Phrases that name a device's serial number or identifier.
const SERIAL_WORDS: &[&str] = &[
    "serial",
    "serials",
    "serial number",
    "serial numbers",
    "serial no",
    "serial num",
    "sn",
    "s/n",
    "sn#",
    "ser no",
    "device id",
    "device serial",
    "device number",
    "device identifier",
    "udi",
    "udi-di",
    "esn",
    "meid",
    "imei",
    "implant id",
    "transmitter id",
    "transmitter serial",
    "sensor serial",
    "sensor id",
    "receiver serial",
    "unit serial",
];

/// Device identifiers.
pub struct Device {
    serial: util::Vocab,
    device: util::Intros,
    imei: Phrases,
}

impl Device {
    pub fn new() -> Self {
        let mut device = util::Intros::new(&[
            "pacemaker",
            "implant",
            "implants",
            "pump",
            "defibrillator",
            "hearing aid",
            "cgm",
            "stimulator",
            "neurostimulator",
            "device",
            "monitor",
            "cochlear",
        ]);
        Device {
            serial: util::Vocab {
                strong: util::Intros::new(SERIAL_WORDS),
                marked: util::Intros::new(&[]),
                label: util::Intros::new(&[]),
                near: util::Intros::new(SERIAL_WORDS),
                loose: util::Intros::new(&[]),
                strong_filler: 3,
                near_gap: 6,
                index: util::Index::default(),
            }
            .indexed(&mut [&mut device]),
            device,
            imei: Phrases::new(&["imei", "imeis", "imei number"]),
        }
    }

    /// GS1 UDIs written with application identifiers in parentheses.
    fn udis(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let text = scan.text;
        let bytes = text.as_bytes();
        let mut from = 0usize;
        while let Some(pos) = text[from..].find("(01)") {
            let start = from + pos;
            from = start + 4;
            let gtin = start + 4;
            let Some(gtin_digits) = text.get(gtin..gtin + 14) else {
                continue;
            };
            if !gtin_digits.bytes().all(|b| b.is_ascii_digit()) || !util::clean_left(text, start) {
                continue;
            }
            // A wrong check digit is a typo when production identifiers follow: the
            // bracketed layout is a UDI's whatever its digits.
            let check_ok = crate::validate::gs1_check(gtin_digits);
            let mut end = gtin + 14;
            // Production identifiers.
            while bytes.get(end) == Some(&b'(') && bytes.get(end + 3) == Some(&b')') {
                let ai = &bytes[end + 1..end + 3];
                let value = end + 4;
                let len = match ai {
                    b"11" | b"17" => {
                        let ok = bytes
                            .get(value..value + 6)
                            .is_some_and(|v| v.iter().all(u8::is_ascii_digit));
                        if !ok {
                            break;
                        }
                        6
                    }
                    b"10" | b"21" => bytes[value..]
                        .iter()
                        .take(20)
                        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
                        .count(),
                    _ => 0,
                };
                if len == 0 {
                    break;
                }
                end = value + len;
            }
            if bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                continue;
            }
            let ctx = util::context(scan, start, end, &self.serial.strong.words);
            if !check_ok && end == gtin + 14 {
                continue;
            }
            let score = match (check_ok, ctx.is_some()) {
                (true, true) => 0.95,
                (true, false) => 0.9,
                (false, true) => 0.85,
                (false, false) => 0.75,
            };
            out.push(Entity::new(
                EntityType::DeviceId,
                start,
                end,
                score,
                self.id(),
                Explanation::pattern("gs1-udi")
                    .validated(if check_ok {
                        "gtin check digit ok"
                    } else {
                        "gtin check digit wrong; production identifiers follow"
                    })
                    .with_context(ctx),
            ));
            from = end;
        }
    }

    /// IMEIs: fifteen digits with a Luhn check digit.
    fn imeis(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        for i in facts.digit_words() {
            let w = scan.words[i];
            // Fifteen digits, or two followed by a group of six ("35-209900-176148-1").
            let two = w.end - w.start == 2
                && scan
                    .words
                    .get(i + 1)
                    .is_some_and(|n| n.start == w.end + 1 && n.end - n.start == 6);
            if w.end - w.start != 15 && !two {
                continue;
            }
            let Some(g) = util::groups_at(scan, i, b"- ") else {
                continue;
            };
            if !(g.is(&[15]) || g.is(&[2, 6, 6, 1])) || !util::isolated(scan.text, g.start, g.end) {
                continue;
            }
            let Some(d) = util::Digits::of(&scan.text[g.start..g.end]) else {
                continue;
            };
            if d.all_same() || !crate::validate::luhn(d.as_str()) {
                continue;
            }
            let ctx = util::checked_context(scan, g.start, g.end, &self.imei);
            out.push(Entity::new(
                EntityType::DeviceId,
                g.start,
                g.end,
                if ctx.is_some() { 0.95 } else { 0.3 },
                self.id(),
                Explanation::pattern("imei")
                    .validated("luhn ok")
                    .with_context(ctx),
            ));
        }
    }

    /// Serial numbers introduced by serial or device words. Codes overlapping what
    /// `out[found..]` already holds (UDIs, IMEIs) are skipped.
    fn serials(&self, facts: &Facts, out: &mut Vec<Entity>, found: usize) {
        let scan = facts.scan;
        let hits = util::Hits::new(facts, &self.serial.index);
        let mut covered_to = 0usize;
        let mut last = None;
        for i in facts.code_starts() {
            let w = scan.words[i];
            if w.start < covered_to {
                continue;
            }
            // Serials are placed by a serial or device word: read none where none is near.
            if !util::may_read_code(scan, i, b"-_", 5)
                || (!util::may_place(scan, &hits, i, &self.serial, last)
                    && !self.device.near(scan, &hits, i, 3))
            {
                continue;
            }
            let Some(code) = util::code_at(scan, i, b"-_", 30) else {
                continue;
            };
            if code.len < 5 || code.digits < 3 {
                continue;
            }
            if out[found..]
                .iter()
                .any(|e| e.start < code.end && code.start < e.end)
            {
                continue;
            }
            let text = &scan.text[code.start..code.end];
            if util::is_year(text) || looks_like_mac(text) {
                continue;
            }
            let (span, level, score, pattern) =
                match util::place(scan, &hits, i, &code, &self.serial, last) {
                    Some((span, Level::Strong)) => {
                        (span, Level::Strong, 0.85, "serial-after-context")
                    }
                    Some((span, level)) => (span, level, level.score(0.85), level.pattern()),
                    // Shorter codes after a device word are usually model names ("G7").
                    None if code.len >= 6 && code.digits >= 6 => {
                        match util::introduced_by(scan, &hits, i, &self.device, 3) {
                            Some(intro) => {
                                (intro.span, Level::Marked, 0.7, "code-after-device-word")
                            }
                            None => continue,
                        }
                    }
                    None => continue,
                };
            covered_to = code.end;
            last = Some(util::Prev::new(&code, span, level));
            out.push(Entity::new(
                EntityType::DeviceId,
                code.start,
                code.end,
                score,
                self.id(),
                Explanation::pattern(pattern)
                    .validated("letters and digits after a serial or device word")
                    .with_context(Some(span)),
            ));
        }
    }
}

impl Default for Device {
    fn default() -> Self {
        Self::new()
    }
}

member_recognizer!(Device, "device-id");

impl Member for Device {
    fn index(&self) -> Option<&Index> {
        Some(&self.serial.index)
    }

    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        if !facts.has_digit() {
            return;
        }
        let scan = facts.scan;
        // "(01)" before a GTIN: "01" is a word of its own between brackets.
        let bytes = scan.text.as_bytes();
        let gs1 = facts.digit_words().any(|i| {
            let w = scan.words[i];
            &bytes[w.start..w.end] == b"01"
                && w.start > 0
                && bytes[w.start - 1] == b'('
                && bytes.get(w.end) == Some(&b')')
        });
        if gs1 {
            self.udis(scan, out);
        }
        let found = out.len();
        self.imeis(facts, out);
        self.serials(facts, out, found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;

    fn find(text: &str) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        Device::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn finds_udis() {
        let t = "UDI (01)00844588003288(17)141120(10)7654321D(21)10 on the box";
        let f = find(t);
        assert_eq!(f[0].0, "(01)00844588003288(17)141120(10)7654321D(21)10");
        assert!(f[0].1 >= 0.9);
        assert_eq!(find("(01)00844588003288")[0].0, "(01)00844588003288");
        assert!(find("(01)00844588003289").is_empty());
        // A mistyped check digit with production identifiers after it is still a UDI.
        let f = find("UDI: (01)00884521157728(17)270301(10)A7Q2 in case");
        assert_eq!(f[0].0, "(01)00884521157728(17)270301(10)A7Q2");
        assert!(f[0].1 < 0.9);
    }

    #[test]
    fn finds_imeis() {
        let f = find("IMEI: 490154203237518");
        assert_eq!(f[0].1, 0.95);
        assert_eq!(find("IMEI 49-015420-323751-8")[0].0, "49-015420-323751-8");
        assert!(find("490154203237518")[0].1 < 0.5);
        // A mistyped IMEI is still a device number written as one.
        let f = find("IMEI 490154203237517");
        assert!(f[0].1 >= 0.5 && f[0].1 < 0.95);
    }

    #[test]
    fn finds_serials_after_context() {
        let cases = [
            ("Serial number: PJN123456H", "PJN123456H"),
            ("S/N 4XK-229-11", "4XK-229-11"),
            ("her pacemaker PJN123456H was checked", "PJN123456H"),
            ("insulin pump serial # NG1234567", "NG1234567"),
            ("device ID: A1B2C3D4", "A1B2C3D4"),
        ];
        for (text, want) in cases {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].0, want);
            assert!(f[0].1 >= 0.7);
        }
    }

    #[test]
    fn finds_serials_in_looser_writing() {
        let cases = [
            // A serial before an IMEI in the same text.
            (
                "LOOP RECORDER SERIAL QLB441209K. PHONE IMEI 490154203237518.",
                "QLB441209K",
            ),
            // Given in a short sentence after the one naming it.
            (
                "Dad's pump serial number is in the app. it's NGX5512093H.",
                "NGX5512093H",
            ),
            (
                "the serial on her cochlear processor is 99-1044-217",
                "99-1044-217",
            ),
            ("SN# ng_4412093", "ng_4412093"),
        ];
        for (text, want) in cases {
            let f = find(text);
            let hit = f.iter().find(|(s, _)| s == want);
            assert!(hit.is_some_and(|h| h.1 >= 0.6), "{text}: {f:?}");
        }
        let f = find("hearing aid serial numbers 5512093 and 5512094");
        assert_eq!(f.len(), 2, "{f:?}");
    }

    #[test]
    fn looser_hard_negatives() {
        for t in [
            "model number 5512093 is recalled",
            "Serial number format is 2 letters then 6 digits.",
            "The serial number is on the back. Call 217-555-0142.",
            "serial entrepreneur since 2010",
            "Find the serial number. Our order AB1234567 shipped.",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "Dexcom G7 sensor",
            "pump MMT-1780",
            "My MAC address is 00:1A:2B:3C:4D:5E",
            "Device MAC: AA:BB:CC:DD:EE:FF",
            "device ID: 00-1A-2B-3C-4D-5E",
            "the pump 2024",
            "implant in 2019",
            "serial killer",
            "SN 12",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    #[test]
    fn an_imei_further_from_its_label() {
        let f = find("IMEI of my moms medical alert phone is 864122051183272 in case they call");
        assert_eq!(f.len(), 1);
        assert!(f[0].1 >= 0.9, "{f:?}");
    }
}
