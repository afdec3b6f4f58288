//! Checksums for wallet addresses: Base58Check (double SHA-256), Bech32 / Bech32m
//! (BIP-173, BIP-350) and Keccak-256 for Ethereum's mixed-case checksum (EIP-55).

use sha2::{Digest, Sha256};

const BASE58_ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

fn base58_value(b: u8) -> Option<u8> {
    BASE58_ALPHABET
        .iter()
        .position(|&c| c == b)
        .map(|p| p as u8)
}

/// Decodes a Base58Check string of at most 64 characters into `out` and returns the payload
/// (version byte and data, without the 4-byte checksum) when the checksum holds.
pub fn base58check_payload(s: &str, out: &mut [u8; 64]) -> Option<usize> {
    let bytes = s.as_bytes();
    if bytes.is_empty() || bytes.len() > 64 {
        return None;
    }
    // Big-endian base-256 number, built digit by digit in a fixed buffer.
    let mut num = [0u8; 64];
    let mut len = 0usize; // significant bytes, stored at the end of `num`
    for &b in bytes {
        let mut carry = base58_value(b)? as u32;
        for i in 0..len {
            let idx = 63 - i;
            let v = num[idx] as u32 * 58 + carry;
            num[idx] = (v & 0xFF) as u8;
            carry = v >> 8;
        }
        while carry > 0 {
            if len >= 64 {
                return None;
            }
            num[63 - len] = (carry & 0xFF) as u8;
            len += 1;
            carry >>= 8;
        }
    }
    let zeros = bytes.iter().take_while(|&&b| b == b'1').count();
    let total = zeros + len;
    if !(5..=64).contains(&total) {
        return None;
    }
    out[..zeros].fill(0);
    out[zeros..total].copy_from_slice(&num[64 - len..]);
    let (payload, check) = out[..total].split_at(total - 4);
    let first = Sha256::digest(payload);
    let second = Sha256::digest(first);
    (second[..4] == *check).then_some(total - 4)
}

const BECH32_CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const BECH32_CONST: u32 = 1;
const BECH32M_CONST: u32 = 0x2bc8_30a3;

fn bech32_polymod(values: impl Iterator<Item = u8>) -> u32 {
    const GEN: [u32; 5] = [
        0x3b6a_57b2,
        0x2650_8e6d,
        0x1ea1_19fa,
        0x3d42_33dd,
        0x2a14_62b3,
    ];
    let mut chk: u32 = 1;
    for v in values {
        let top = chk >> 25;
        chk = ((chk & 0x01ff_ffff) << 5) ^ v as u32;
        for (i, g) in GEN.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

/// True when `s` is a valid SegWit address (BIP-173 / BIP-350) with the given human-readable
/// part (e.g. `bc`): one case only, a good checksum of the right kind for the witness
/// version, and a witness program of a permitted length.
pub fn segwit_address_ok(s: &str, hrp: &str) -> bool {
    if s.len() > 90 || !s.is_ascii() {
        return false;
    }
    let has_lower = s.bytes().any(|b| b.is_ascii_lowercase());
    let has_upper = s.bytes().any(|b| b.is_ascii_uppercase());
    if has_lower && has_upper {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let Some(sep) = lower.rfind('1') else {
        return false;
    };
    if &lower[..sep] != hrp || lower.len() < sep + 1 + 6 + 1 {
        return false;
    }
    let mut data = [0u8; 90];
    let mut n = 0;
    for b in lower[sep + 1..].bytes() {
        match BECH32_CHARSET.iter().position(|&c| c == b) {
            Some(v) => {
                data[n] = v as u8;
                n += 1;
            }
            None => return false,
        }
    }
    let data = &data[..n];
    let hrp_bytes = hrp.as_bytes();
    let values = hrp_bytes
        .iter()
        .map(|&c| c >> 5)
        .chain(std::iter::once(0))
        .chain(hrp_bytes.iter().map(|&c| c & 31))
        .chain(data.iter().copied());
    let check = bech32_polymod(values);
    let version = data[0];
    if version > 16 {
        return false;
    }
    let expected = if version == 0 {
        BECH32_CONST
    } else {
        BECH32M_CONST
    };
    if check != expected {
        return false;
    }
    // Regroup the program from 5-bit to 8-bit groups; the padding must be zero and short.
    let program5 = &data[1..data.len() - 6];
    let bits = program5.len() * 5;
    let program_len = bits / 8;
    if bits % 8 >= 5 {
        return false;
    }
    let mut acc: u32 = 0;
    let mut nbits = 0;
    for &v in program5 {
        acc = ((acc << 5) | v as u32) & 0x1FFF;
        nbits += 5;
        if nbits >= 8 {
            nbits -= 8;
        }
    }
    if acc & ((1 << nbits) - 1) != 0 {
        return false;
    }
    if !(2..=40).contains(&program_len) {
        return false;
    }
    version != 0 || program_len == 20 || program_len == 32
}

const KECCAK_RC: [u64; 24] = [
    0x0000_0000_0000_0001,
    0x0000_0000_0000_8082,
    0x8000_0000_0000_808a,
    0x8000_0000_8000_8000,
    0x0000_0000_0000_808b,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8009,
    0x0000_0000_0000_008a,
    0x0000_0000_0000_0088,
    0x0000_0000_8000_8009,
    0x0000_0000_8000_000a,
    0x0000_0000_8000_808b,
    0x8000_0000_0000_008b,
    0x8000_0000_0000_8089,
    0x8000_0000_0000_8003,
    0x8000_0000_0000_8002,
    0x8000_0000_0000_0080,
    0x0000_0000_0000_800a,
    0x8000_0000_8000_000a,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8080,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8008,
];

/// Rotation offsets of the rho step, in the order the pi step visits the lanes.
const KECCAK_ROT: [u32; 24] = [
    1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44,
];
/// Lane visiting order of the pi step, starting from lane 1.
const KECCAK_PI: [usize; 24] = [
    10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1,
];

fn keccak_f1600(a: &mut [u64; 25]) {
    for rc in KECCAK_RC {
        // theta
        let mut c = [0u64; 5];
        for x in 0..5 {
            c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        }
        for x in 0..5 {
            let d = c[(x + 4) % 5] ^ c[(x + 1) % 5].rotate_left(1);
            for y in 0..5 {
                a[5 * y + x] ^= d;
            }
        }
        // rho and pi
        let mut carried = a[1];
        for (&lane, &rot) in KECCAK_PI.iter().zip(KECCAK_ROT.iter()) {
            let next = a[lane];
            a[lane] = carried.rotate_left(rot);
            carried = next;
        }
        // chi
        for y in 0..5 {
            let row = [
                a[5 * y],
                a[5 * y + 1],
                a[5 * y + 2],
                a[5 * y + 3],
                a[5 * y + 4],
            ];
            for x in 0..5 {
                a[5 * y + x] = row[x] ^ (!row[(x + 1) % 5] & row[(x + 2) % 5]);
            }
        }
        // iota
        a[0] ^= rc;
    }
}

/// Keccak-256 as Ethereum uses it (original Keccak padding, not SHA3-256).
pub fn keccak256(input: &[u8]) -> [u8; 32] {
    const RATE: usize = 136;
    let mut state = [0u64; 25];
    let absorb = |state: &mut [u64; 25], block: &[u8; RATE]| {
        for (i, lane) in block.chunks_exact(8).enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(lane);
            state[i] ^= u64::from_le_bytes(b);
        }
        keccak_f1600(state);
    };
    let mut chunks = input.chunks_exact(RATE);
    for chunk in &mut chunks {
        let mut block = [0u8; RATE];
        block.copy_from_slice(chunk);
        absorb(&mut state, &block);
    }
    let rest = chunks.remainder();
    let mut block = [0u8; RATE];
    block[..rest.len()].copy_from_slice(rest);
    block[rest.len()] ^= 0x01;
    block[RATE - 1] ^= 0x80;
    absorb(&mut state, &block);
    let mut out = [0u8; 32];
    for (i, lane) in state.iter().take(4).enumerate() {
        out[8 * i..8 * i + 8].copy_from_slice(&lane.to_le_bytes());
    }
    out
}

/// The EIP-55 check of a `0x` + 40 hex Ethereum address written in mixed case: each letter
/// is upper case exactly when the matching nibble of Keccak-256(lower-case hex) is 8 or more.
pub fn eip55_ok(address: &str) -> bool {
    let hex = address.strip_prefix("0x").unwrap_or(address);
    if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let mut lower = [0u8; 40];
    for (d, s) in lower.iter_mut().zip(hex.bytes()) {
        *d = s.to_ascii_lowercase();
    }
    let hash = keccak256(&lower);
    hex.bytes().enumerate().all(|(i, b)| {
        let nibble = if i % 2 == 0 {
            hash[i / 2] >> 4
        } else {
            hash[i / 2] & 0x0F
        };
        match b {
            b'a'..=b'f' => nibble < 8,
            b'A'..=b'F' => nibble >= 8,
            _ => true,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn keccak_known_digests() {
        assert_eq!(
            hex(&keccak256(b"")),
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
        );
        assert_eq!(
            hex(&keccak256(b"abc")),
            "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"
        );
        // Longer than one block.
        let long = [b'a'; 200];
        assert_eq!(keccak256(&long).len(), 32);
    }

    #[test]
    fn eip55_accepts_checksummed_addresses_only() {
        assert!(eip55_ok("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        assert!(eip55_ok("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"));
        assert!(!eip55_ok("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));
        assert!(!eip55_ok("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA"));
    }

    #[test]
    fn base58check_validates_checksum() {
        let mut buf = [0u8; 64];
        assert_eq!(
            base58check_payload("16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ", &mut buf),
            Some(21)
        );
        assert_eq!(buf[0], 0);
        assert_eq!(
            base58check_payload("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", &mut buf),
            Some(21)
        );
        assert_eq!(buf[0], 5);
        assert_eq!(
            base58check_payload("16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ2", &mut buf),
            None
        );
        assert_eq!(
            base58check_payload("16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1Boyz", &mut buf),
            None
        );
        assert_eq!(base58check_payload("0OIl", &mut buf), None);
        assert_eq!(base58check_payload("", &mut buf), None);
        assert_eq!(base58check_payload(&"z".repeat(70), &mut buf), None);
    }

    #[test]
    fn segwit_checks() {
        assert!(segwit_address_ok(
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            "bc"
        ));
        assert!(segwit_address_ok(
            "BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ",
            "bc"
        ));
        assert!(segwit_address_ok(
            "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297",
            "bc"
        ));
        // Mixed case, a changed character, wrong prefix.
        assert!(!segwit_address_ok(
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdQ",
            "bc"
        ));
        assert!(!segwit_address_ok(
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp",
            "bc"
        ));
        assert!(!segwit_address_ok(
            "tb1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            "bc"
        ));
        assert!(!segwit_address_ok("bc1", "bc"));
    }
}
