//! The effective date: a calendar date, checked, with no clock.

use crate::PolicyError;
use std::fmt;

/// A calendar date, `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EffectiveDate {
    year: u16,
    month: u8,
    day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl EffectiveDate {
    /// Parses `YYYY-MM-DD` (years 2000 to 2999).
    pub fn parse(s: &str) -> Result<EffectiveDate, PolicyError> {
        let bad = || {
            PolicyError::Date(format!(
                "{s:?} is not a date: expected YYYY-MM-DD, e.g. 2026-12-01"
            ))
        };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u16, PolicyError> {
            let part = &s[r];
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            part.parse().map_err(|_| bad())
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !(2000..=2999).contains(&year) {
            return Err(PolicyError::Date(format!(
                "{s:?}: the year must be between 2000 and 2999"
            )));
        }
        if !(1..=12).contains(&month) {
            return Err(PolicyError::Date(format!(
                "{s:?}: there is no month {month}"
            )));
        }
        let month = month as u8;
        if day == 0 || day > u16::from(days_in_month(year, month)) {
            return Err(PolicyError::Date(format!(
                "{s:?}: {} {year} has no day {day}",
                MONTHS[usize::from(month - 1)]
            )));
        }
        Ok(EffectiveDate {
            year,
            month,
            day: day as u8,
        })
    }

    /// The date of a day counted from 1970-01-01 (for callers that read a clock).
    pub fn from_unix_days(days: i64) -> Result<EffectiveDate, PolicyError> {
        let (year, month, day) = civil_from_days(days);
        EffectiveDate::parse(&format!("{year:04}-{month:02}-{day:02}"))
    }

    /// "December 1, 2026".
    pub fn long(&self) -> String {
        format!(
            "{} {}, {}",
            MONTHS[usize::from(self.month - 1)],
            self.day,
            self.year
        )
    }
}

/// The proleptic Gregorian (year, month, day) of a day counted from 1970-01-01 (Howard
/// Hinnant's civil-from-days algorithm).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

impl fmt::Display for EffectiveDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let d = EffectiveDate::parse("2028-02-29").unwrap();
        assert_eq!(d.to_string(), "2028-02-29");
        assert_eq!(d.long(), "February 29, 2028");
    }

    #[test]
    fn refuses_bad_dates() {
        for s in [
            "",
            "2026-1-01",
            "2026/01/01",
            "2027-02-29",
            "2026-13-01",
            "2026-04-31",
            "1999-01-01",
            "２０２６-01-01",
            "2026-00-10",
            "+026-01-01",
            "2026-01-00",
        ] {
            assert!(EffectiveDate::parse(s).is_err(), "{s:?}");
        }
    }

    #[test]
    fn from_unix_days() {
        assert_eq!(
            EffectiveDate::from_unix_days(20_785).unwrap().to_string(),
            "2026-11-28"
        );
        assert!(EffectiveDate::from_unix_days(0).is_err());
    }
}
