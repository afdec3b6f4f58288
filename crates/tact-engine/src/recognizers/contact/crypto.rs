//! Crypto wallet addresses, which are account numbers: Bitcoin legacy P2PKH (`1…`) and P2SH
//! (`3…`) addresses validated by their Base58Check double-SHA-256 checksum and version byte,
//! Bitcoin SegWit addresses (`bc1…`) validated by their Bech32 / Bech32m checksum (or, failing
//! it, given as a wallet: "my wallet is bc1…"), and
//! Ethereum addresses (`0x` + 40 hex) validated by the EIP-55 Keccak-256 checksum when written
//! in mixed case (all-lower-case ones carry no checksum and score lower without context).

use super::checks::{base58check_payload, eip55_ok, segwit_address_ok};
use super::group::{Facts, Member};
use super::{char_at, char_before, is_wordish};
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::numbers::words::Phrases;
use crate::recognizers::Recognizer;
use crate::text::Scan;
use regex::Regex;

const ID: &str = "crypto-wallet";

/// Finds Bitcoin and Ethereum wallet addresses.
pub struct CryptoRecognizer {
    pattern: Regex,
    context: Phrases,
}

impl Default for CryptoRecognizer {
    fn default() -> Self {
        Self::new()
    }
}

impl CryptoRecognizer {
    pub fn new() -> Self {
        CryptoRecognizer {
            pattern: Regex::new(
                r"(?-u:\b)(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|[bB][cC]1[0-9A-Za-z]{11,87}|0x[0-9A-Fa-f]{40})(?-u:\b)",
            )
            .expect("valid regex"),
            context: Phrases::new(&[
                "wallet",
                "address",
                "btc",
                "bitcoin",
                "eth",
                "ethereum",
                "crypto",
                "send",
                "donate",
                "donations",
                "metamask",
                "coinbase",
                "usdt",
                "usdc",
            ]),
        }
    }
}

impl Recognizer for CryptoRecognizer {
    fn id(&self) -> &'static str {
        ID
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        self.recognize_with(&Facts::new(scan), out);
    }
}

impl Member for CryptoRecognizer {
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        let text = scan.text;
        // Every address is a run of at least 26 ASCII letters and digits, which lies inside
        // one word: most texts have no word that long.
        if !facts.long_word {
            return;
        }
        let mut run = 0;
        let mut longest = 0;
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() {
                run += 1;
                longest = longest.max(run);
            } else {
                run = 0;
            }
        }
        if longest < 26 {
            return;
        }
        for m in self.pattern.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            // Not glued to non-ASCII letters either.
            if char_before(text, start).is_some_and(is_wordish)
                || char_at(text, end).is_some_and(is_wordish)
            {
                continue;
            }
            let s = m.as_str();
            let ctx = self.context.around(scan, start, end, 5);
            let found = if let Some(hex) = s.strip_prefix("0x") {
                let has_lower = hex.bytes().any(|b| b.is_ascii_lowercase());
                let has_upper = hex.bytes().any(|b| b.is_ascii_uppercase());
                if has_lower && has_upper {
                    if eip55_ok(s) {
                        Some((0.95, "ethereum", "EIP-55 checksum ok"))
                    } else {
                        // Mixed case that fails the checksum: a mistyped address at best.
                        Some((0.3, "ethereum", "EIP-55 checksum fails"))
                    }
                } else if hex.bytes().all(|b| b == b'0') {
                    None
                } else {
                    let score = if ctx.is_some() { 0.9 } else { 0.7 };
                    Some((score, "ethereum", "no checksum (single case)"))
                }
            } else if s.len() > 3 && s[..3].eq_ignore_ascii_case("bc1") {
                if segwit_address_ok(s, "bc") {
                    Some((0.95, "bitcoin-segwit", "bech32 checksum ok"))
                } else if ctx.is_some()
                    && (40..=64).contains(&s.len())
                    && s.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                {
                    // "my wallet is bc1q…": an address mistyped or made up, given as one.
                    Some((
                        0.8,
                        "bitcoin-segwit",
                        "bech32 checksum fails; wallet context",
                    ))
                } else {
                    None
                }
            } else {
                let mut buf = [0u8; 64];
                match base58check_payload(s, &mut buf) {
                    Some(21) if buf[0] == 0x00 && s.starts_with('1') => {
                        Some((0.95, "bitcoin-p2pkh", "base58check ok"))
                    }
                    Some(21) if buf[0] == 0x05 && s.starts_with('3') => {
                        Some((0.95, "bitcoin-p2sh", "base58check ok"))
                    }
                    _ => None,
                }
            };
            if let Some((score, pattern, validation)) = found {
                out.push(Entity::new(
                    EntityType::AccountNumber,
                    start,
                    end,
                    score,
                    ID,
                    Explanation::pattern(pattern)
                        .validated(validation)
                        .with_context(ctx),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{flagged, found};
    use super::*;

    fn wallets(text: &str) -> Vec<&str> {
        found(&CryptoRecognizer::new(), text, EntityType::AccountNumber)
    }

    #[test]
    fn bitcoin_addresses() {
        assert_eq!(
            wallets("my wallet address is: 16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ"),
            vec!["16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ"]
        );
        assert_eq!(
            wallets("16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy").len(),
            2
        );
        assert_eq!(
            wallets("BTC: bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq."),
            vec!["bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"]
        );
        assert_eq!(
            wallets("bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297").len(),
            1
        );
    }

    #[test]
    fn a_segwit_address_given_as_a_wallet_despite_its_checksum() {
        assert_eq!(
            wallets("do u take crypto lol my wallet is bc1q8h2x7kz9d4v0mlw3yq5r6ntp8u2f4e9c7a3s1d"),
            vec!["bc1q8h2x7kz9d4v0mlw3yq5r6ntp8u2f4e9c7a3s1d"]
        );
        assert!(wallets("bc1q8h2x7kz9d4v0mlw3yq5r6ntp8u2f4e9c7a3s1d").is_empty());
    }

    #[test]
    fn ethereum_addresses() {
        assert_eq!(
            flagged(
                &CryptoRecognizer::new(),
                "send to 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed thanks",
                EntityType::AccountNumber
            ),
            vec!["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"]
        );
        assert_eq!(
            flagged(
                &CryptoRecognizer::new(),
                "eth wallet 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
                EntityType::AccountNumber
            )
            .len(),
            1
        );
        // A bad mixed-case checksum is only a weak candidate.
        assert!(flagged(
            &CryptoRecognizer::new(),
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
            EntityType::AccountNumber
        )
        .is_empty());
    }

    #[test]
    fn hard_negatives() {
        for text in [
            "16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ2",
            "my wallet address is: 16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ2",
            "",
            "8f953371d3e85eddb89b05ed6b9e680791055315c73e1025ab5dba7bb2aee189",
            "16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1Boyz",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp",
            "1000000000000000000000000000 followers",
            "0x0000000000000000000000000000000000000000",
        ] {
            assert!(wallets(text).is_empty(), "{text}: {:?}", wallets(text));
        }
    }
}
