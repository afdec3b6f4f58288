//! Check digits and checksums used by recognizers to tell a real identifier from a number
//! that merely looks like one. None of these functions allocates.

/// The Luhn (mod 10) sum of the digits of `s` read from the right, with `offset` added.
/// Non-digits are ignored. Returns the sum and the number of digits.
fn luhn_sum(s: &str, offset: u32) -> (u32, usize) {
    let mut sum = offset;
    let mut n = 0usize;
    for b in s.bytes().rev() {
        if !b.is_ascii_digit() {
            continue;
        }
        let d = u32::from(b - b'0');
        sum += if n % 2 == 1 {
            let x = d * 2;
            if x > 9 {
                x - 9
            } else {
                x
            }
        } else {
            d
        };
        n += 1;
    }
    (sum, n)
}

/// True when the digits pass the Luhn (mod 10) check. Non-digits are ignored; fewer than two
/// digits never pass.
pub fn luhn(s: &str) -> bool {
    let (sum, n) = luhn_sum(s, 0);
    n >= 2 && sum % 10 == 0
}

/// True when a 10-digit National Provider Identifier passes its check digit: the Luhn check
/// over the digits prefixed with `80840` (the card issuer prefix for US health care, which
/// adds 24 to the Luhn sum). Non-digits are ignored.
pub fn npi_check(s: &str) -> bool {
    let (sum, n) = luhn_sum(s, 24);
    n == 10 && sum % 10 == 0
}

/// True when nine digits pass the ABA routing-number checksum:
/// 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). Non-digits are ignored.
pub fn aba_check(s: &str) -> bool {
    const WEIGHTS: [u32; 3] = [3, 7, 1];
    let mut sum = 0u32;
    let mut n = 0usize;
    for b in s.bytes().filter(u8::is_ascii_digit) {
        if n == 9 {
            return false;
        }
        sum += WEIGHTS[n % 3] * u32::from(b - b'0');
        n += 1;
    }
    n == 9 && sum % 10 == 0
}

/// True when the seven digits of a DEA registration number pass its check:
/// (d1+d3+d5) + 2·(d2+d4+d6) ends in d7. Non-digits are ignored.
pub fn dea_check(s: &str) -> bool {
    let mut d = [0u32; 7];
    let mut n = 0usize;
    for b in s.bytes().filter(u8::is_ascii_digit) {
        if n == 7 {
            return false;
        }
        d[n] = u32::from(b - b'0');
        n += 1;
    }
    n == 7 && (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]
}

/// True when an IBAN passes the ISO 7064 mod-97 check: the first four characters moved to
/// the end, letters read as 10..35, the number modulo 97 equals 1. Spaces and dashes are
/// ignored; any other character, or fewer than 5 characters, fails.
pub fn iban_mod97(s: &str) -> bool {
    let chars = || s.bytes().filter(|b| *b != b' ' && *b != b'-');
    let len = chars().count();
    if len < 5 {
        return false;
    }
    let mut rem = 0u32;
    for b in chars().skip(4).chain(chars().take(4)) {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            b'a'..=b'z' => u32::from(b - b'a') + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// The value of a VIN character for the check-digit computation; `None` for characters a
/// VIN never contains (I, O, Q, punctuation).
fn vin_value(b: u8) -> Option<u32> {
    Some(match b.to_ascii_uppercase() {
        b'0'..=b'9' => u32::from(b - b'0'),
        b'A' | b'J' => 1,
        b'B' | b'K' | b'S' => 2,
        b'C' | b'L' | b'T' => 3,
        b'D' | b'M' | b'U' => 4,
        b'E' | b'N' | b'V' => 5,
        b'F' | b'W' => 6,
        b'G' | b'P' | b'X' => 7,
        b'H' | b'Y' => 8,
        b'R' | b'Z' => 9,
        _ => return None,
    })
}

/// True when a 17-character vehicle identification number carries the right check digit in
/// position 9 (49 CFR 565): the weighted sum of the transliterated characters modulo 11,
/// with 10 written as `X`.
pub fn vin_check(vin: &str) -> bool {
    const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let b = vin.as_bytes();
    if b.len() != 17 {
        return false;
    }
    let mut sum = 0u32;
    for (i, &c) in b.iter().enumerate() {
        match vin_value(c) {
            Some(v) => sum += v * WEIGHTS[i],
            None => return false,
        }
    }
    let check = match sum % 11 {
        10 => b'X',
        r => b'0' + r as u8,
    };
    b[8].to_ascii_uppercase() == check
}

/// True when a GS1 number (GTIN-8/12/13/14, SSCC) passes its mod-10 check digit: from the
/// right, the digits before the check digit are weighted 3, 1, 3, 1, … Non-digits fail.
pub fn gs1_check(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 2 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let (body, check) = b.split_at(b.len() - 1);
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &c)| u32::from(c - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    (10 - sum % 10) % 10 == u32::from(check[0] - b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_accepts_valid_numbers_only() {
        assert!(luhn("4111 1111 1111 1111"));
        assert!(!luhn("4111 1111 1111 1112"));
        assert!(!luhn("0"));
        assert!(!luhn(""));
        assert!(luhn("4012-8888-8888-1881"));
        assert!(luhn("490154203237518")); // an IMEI
        assert!(!luhn("490154203237517"));
    }

    #[test]
    fn npi_check_digit() {
        assert!(npi_check("1234567893"));
        assert!(npi_check("1245319599"));
        assert!(npi_check("1234-567-893"));
        assert!(!npi_check("1234567890"));
        assert!(!npi_check("123456789"));
        assert!(!npi_check("12345678934"));
    }

    #[test]
    fn aba_checksum() {
        assert!(aba_check("121000358"));
        assert!(aba_check("3222-7162-7"));
        assert!(aba_check("011000015"));
        assert!(!aba_check("421042111"));
        assert!(!aba_check("1234-0000-0"));
        assert!(!aba_check("12100035"));
        assert!(!aba_check("1210003581"));
    }

    #[test]
    fn dea_checksum() {
        assert!(dea_check("0285191"));
        assert!(dea_check("4488929"));
        assert!(dea_check("1388568"));
        assert!(!dea_check("8207031"));
        assert!(!dea_check("828703"));
        assert!(!dea_check("82870311"));
    }

    #[test]
    fn iban_checksum() {
        assert!(iban_mod97("DE89370400440532013000"));
        assert!(iban_mod97("GB29 NWBK 6016 1331 9268 19"));
        assert!(iban_mod97("AL47-2121-1009-0000-0002-3569-8741"));
        assert!(!iban_mod97("DE89370400440532013001"));
        assert!(!iban_mod97("DE89/3704"));
        assert!(!iban_mod97("DE8"));
        assert!(!iban_mod97("ÄÖ89370400440532013000"));
    }

    #[test]
    fn vin_check_digit() {
        assert!(vin_check("1M8GDM9AXKP042788"));
        assert!(vin_check("11111111111111111"));
        assert!(vin_check("1HGCM82633A004352"));
        assert!(!vin_check("1HGCM82643A004352"));
        assert!(!vin_check("1HGCM82633A00435"));
        assert!(!vin_check("1HGCM8263IA004352"));
        assert!(!vin_check("1HGCM82633A00435é"));
    }

    #[test]
    fn gs1_check_digit() {
        assert!(gs1_check("00844588003288"));
        assert!(gs1_check("4006381333931"));
        assert!(!gs1_check("00844588003289"));
        assert!(!gs1_check("0084458800328A"));
        assert!(!gs1_check("1"));
    }
}
