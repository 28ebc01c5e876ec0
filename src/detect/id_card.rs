//! Validator for 18-digit resident identity card numbers (GB 11643-1999).
//!
//! Layout: 6-digit region code (GB/T 2260), 8-digit birth date YYYYMMDD, 3-digit sequence (odd for
//! men, even for women), and a MOD 11-2 check character (ISO 7064) that may be `X`.
//! A candidate passes only if all three hold: region code in the historical table, a real calendar
//! date between 1900-01-01 and today, and the check character.

use super::digits::num;
use super::tables::RegionTable;

/// What a valid ID number tells about its holder. Kept in the match for later use (birth dates are a
/// category of their own; sex is used by subject search), never printed unmasked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdInfo {
    pub region: u32,
    pub birth: Date,
    pub sex: Sex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn is_valid(self) -> bool {
        let leap = (self.year % 4 == 0 && self.year % 100 != 0) || self.year % 400 == 0;
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        self.day >= 1 && self.day <= days
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

/// Why a candidate is not an ID number. Each variant is a distinct test, so `--explain` can say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdReject {
    Checksum { expected: u8, found: u8 },
    Date,
    DateBefore1900,
    DateInFuture,
    Region(u32),
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// The MOD 11-2 check character for the first 17 digits (ASCII).
pub fn check_char(first17: &[u8]) -> u8 {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(&d, w)| u32::from(d - b'0') * w).sum();
    CHECK[(sum % 11) as usize]
}

/// Validates `id`: 17 ASCII digits followed by a digit or an upper-case `X` (callers normalize `x`).
/// `today` bounds the birth date; it is a parameter so that the core reads no clock.
pub fn validate(id: &[u8; 18], today: Date) -> Result<IdInfo, IdReject> {
    // Cheapest and most selective first: the checksum rejects 10 of 11 random digit strings.
    let expected = check_char(&id[..17]);
    if id[17] != expected {
        return Err(IdReject::Checksum { expected, found: id[17] });
    }
    let birth = Date { year: num(&id[6..10]) as u16, month: num(&id[10..12]) as u8, day: num(&id[12..14]) as u8 };
    if !birth.is_valid() {
        return Err(IdReject::Date);
    }
    if birth.year < 1900 {
        return Err(IdReject::DateBefore1900);
    }
    if birth > today {
        return Err(IdReject::DateInFuture);
    }
    let region = num(&id[..6]);
    if !RegionTable::get().contains(region) {
        return Err(IdReject::Region(region));
    }
    let sex = if (id[16] - b'0') % 2 == 1 { Sex::Male } else { Sex::Female };
    Ok(IdInfo { region, birth, sex })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = Date { year: 2026, month: 11, day: 22 };

    fn v(s: &str) -> Result<IdInfo, IdReject> {
        validate(s.as_bytes().try_into().unwrap(), TODAY)
    }

    /// Replaces the check character with the next wrong one.
    fn broken(s: &str) -> String {
        let c = s.as_bytes()[17];
        let wrong = CHECK.iter().copied().find(|&x| x != c).unwrap();
        format!("{}{}", &s[..17], wrong as char)
    }

    // Real-shaped numbers (regions and dates real, check characters computed), incl. the GB 11643
    // standard's own example 11010519491231002X.
    const VALID: &[&str] = &[
        "11010519491231002X",
        "440305198611250014",
        "310115200002290021", // leap day
        "110103197001010019", // 崇文区, retired in 2010
        "51010719951231999X",
        "654003193806060019",
    ];

    #[test]
    fn valid_numbers_pass_and_the_same_numbers_broken_fail() {
        for s in VALID {
            let fixed = format!("{}{}", &s[..17], check_char(&s.as_bytes()[..17]) as char);
            assert_eq!(&fixed, s, "test vector {s} has a wrong check character");
            assert!(v(s).is_ok(), "{s}");
            assert!(matches!(v(&broken(s)), Err(IdReject::Checksum { .. })), "{s}");
        }
    }

    #[test]
    fn derives_birth_date_and_sex() {
        let i = v("11010519491231002X").unwrap();
        assert_eq!(i.birth, Date { year: 1949, month: 12, day: 31 });
        assert_eq!(i.sex, Sex::Female); // sequence 002: even
        assert_eq!(i.region, 110105);
        assert_eq!(v("440305198611250014").unwrap().sex, Sex::Male);
    }

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_char(first17.as_bytes()) as char)
    }

    #[test]
    fn rejects_impossible_dates_even_with_a_right_check_character() {
        assert_eq!(v(&with_check("44030519861325001")), Err(IdReject::Date)); // month 13
        assert_eq!(v(&with_check("31011519990229002")), Err(IdReject::Date)); // 1999 not leap
        assert_eq!(v(&with_check("31011519000229002")), Err(IdReject::Date)); // 1900 not leap
        assert_eq!(v(&with_check("44030518991231001")), Err(IdReject::DateBefore1900));
        assert_eq!(v(&with_check("44030520261123001")), Err(IdReject::DateInFuture));
        assert!(v(&with_check("44030520261122001")).is_ok()); // born today
    }

    #[test]
    fn rejects_unknown_regions() {
        assert_eq!(v(&with_check("99999919861125001")), Err(IdReject::Region(999999)));
        // An order number that starts with a date: region "202311" does not exist.
        assert_eq!(v(&with_check("20231119861125001")), Err(IdReject::Region(202311)));
    }
}
