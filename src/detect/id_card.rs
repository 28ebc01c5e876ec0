//! Validators for identity numbers in the resident-ID format (GB 11643-1999) and its relatives.
//!
//! 18-character layout: 6-digit region code (GB/T 2260), 8-digit birth date YYYYMMDD, 3-digit
//! sequence (odd for men, even for women), and a MOD 11-2 check character (ISO 7064) that may be `X`.
//! A candidate passes only if all hold: region code in the historical table, a real calendar date
//! between 1900-01-01 and today, and the check character. The same format carries:
//! * residence permits for Hong Kong, Macau and Taiwan residents (2018): region 810000, 820000, 830000;
//! * the foreigner permanent residence ID (2023): `9`, a 2-digit province code, a 3-digit ISO 3166-1
//!   numeric nationality code, then birth date, sequence and check as above;
//! * first-generation numbers (15 digits, before 1999): region, YYMMDD (19YY), sequence, no check.
//!   They are normalized to the 18-character number the holder was given later, so that both
//!   generations of one person's number have the same fingerprint.

use super::digits::num;
use super::tables::{Nationalities, RegionTable};

/// What a valid ID number tells about its holder. Kept in the match for later use (birth dates are a
/// category of their own; sex is used by subject search), never printed unmasked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdInfo {
    pub kind: IdKind,
    /// The GB/T 2260 region code; for a foreigner's ID, the province code × 10000.
    pub region: u32,
    pub birth: Date,
    pub sex: Sex,
    /// ISO 3166-1 numeric nationality, for a foreigner's ID.
    pub nationality: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Resident,
    /// A first-generation 15-digit number.
    Resident15,
    HmtResidencePermit,
    ForeignPermanentResident,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn is_valid(self) -> bool {
        let leap = (self.year.is_multiple_of(4) && !self.year.is_multiple_of(100)) || self.year.is_multiple_of(400);
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
    Checksum {
        expected: u8,
        found: u8,
    },
    Date,
    DateBefore1900,
    DateInFuture,
    Region(u32),
    /// A foreigner's ID whose province or nationality code does not exist.
    Province(u32),
    Nationality(u32),
}

impl std::fmt::Display for IdReject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            IdReject::Checksum { expected, found } => {
                write!(f, "MOD 11-2 check failed (expected {}, found {})", expected as char, found as char)
            }
            IdReject::Date => f.write_str("birth date is not a calendar date"),
            IdReject::DateBefore1900 => f.write_str("birth date before 1900"),
            IdReject::DateInFuture => f.write_str("birth date in the future"),
            IdReject::Region(r) => write!(f, "region code {r:06} never existed (GB/T 2260, 1981-2024)"),
            IdReject::Province(p) => write!(f, "province code {p:02} does not exist"),
            IdReject::Nationality(n) => write!(f, "nationality code {n:03} is not an ISO 3166-1 country"),
        }
    }
}

/// Region codes of the Hong Kong, Macau and Taiwan residence permits.
pub(super) const HMT: [u32; 3] = [810000, 820000, 830000];
/// Taiwan's code is in GB/T 2260, but no mainland ID number is issued under it.
const TAIWAN: u32 = 710000;

pub(super) const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
pub(super) const CHECK: &[u8; 11] = b"10X98765432";

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
    let birth = birth_date(num(&id[6..10]) as u16, &id[10..14], today)?;
    let sex = sex(id[16]);
    if id[0] == b'9' {
        // No region starts with 9: this is the foreigner's ID.
        let province = num(&id[1..3]);
        if province * 10000 == 0 || HMT.contains(&(province * 10000)) || !RegionTable::get().contains(province * 10000)
        {
            return Err(IdReject::Province(province));
        }
        let nationality = num(&id[3..6]);
        if !Nationalities::get().contains(nationality) || nationality == 156 {
            return Err(IdReject::Nationality(nationality));
        }
        let kind = IdKind::ForeignPermanentResident;
        return Ok(IdInfo { kind, region: province * 10000, birth, sex, nationality: Some(nationality as u16) });
    }
    let region = num(&id[..6]);
    let kind = if HMT.contains(&region) {
        IdKind::HmtResidencePermit
    } else if RegionTable::get().contains(region) && region != TAIWAN {
        IdKind::Resident
    } else {
        return Err(IdReject::Region(region));
    };
    Ok(IdInfo { kind, region, birth, sex, nationality: None })
}

/// Validates a first-generation 15-digit number (ASCII digits): region, YYMMDD in 19YY, sequence.
/// Returns what it says and the 18-character number it became.
pub fn validate15(id: &[u8; 15], today: Date) -> Result<(IdInfo, [u8; 18]), IdReject> {
    let region = num(&id[..6]);
    if !RegionTable::get().contains(region) || HMT.contains(&region) || region == TAIWAN {
        return Err(IdReject::Region(region));
    }
    let birth = birth_date(1900 + num(&id[6..8]) as u16, &id[8..12], today)?;
    let mut full = [0u8; 18];
    full[..6].copy_from_slice(&id[..6]);
    full[6..8].copy_from_slice(b"19");
    full[8..17].copy_from_slice(&id[6..]);
    full[17] = check_char(&full[..17]);
    Ok((IdInfo { kind: IdKind::Resident15, region, birth, sex: sex(id[14]), nationality: None }, full))
}

fn birth_date(year: u16, mmdd: &[u8], today: Date) -> Result<Date, IdReject> {
    let birth = Date { year, month: num(&mmdd[..2]) as u8, day: num(&mmdd[2..]) as u8 };
    if !birth.is_valid() {
        return Err(IdReject::Date);
    }
    if birth.year < 1900 {
        return Err(IdReject::DateBefore1900);
    }
    if birth > today {
        return Err(IdReject::DateInFuture);
    }
    Ok(birth)
}

fn sex(sequence_digit: u8) -> Sex {
    if (sequence_digit - b'0') % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    }
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
    fn permits_for_hong_kong_macau_taiwan_residents_share_the_format() {
        assert_eq!(v("810000199001010019").unwrap().kind, IdKind::HmtResidencePermit);
        assert_eq!(v("82000019880202002X").unwrap().kind, IdKind::HmtResidencePermit);
        assert_eq!(v("830000197703030035").unwrap().kind, IdKind::HmtResidencePermit);
        assert!(v(&broken("830000197703030035")).is_err());
        // 810001 is no region and no permit.
        assert_eq!(v(&with_check("81000119900101001")), Err(IdReject::Region(810001)));
        assert_eq!(v(&with_check("71000019900101001")), Err(IdReject::Region(710000)));
    }

    #[test]
    fn foreigner_permanent_residence_ids_carry_province_and_nationality() {
        let i = v("911840198506120015").unwrap();
        assert_eq!((i.kind, i.region, i.nationality), (IdKind::ForeignPermanentResident, 110000, Some(840)));
        assert_eq!(i.birth, Date { year: 1985, month: 6, day: 12 });
        assert!(v("911392199001010025").is_ok()); // Japan
        assert_eq!(v(&with_check("99984019850612001")), Err(IdReject::Province(99)));
        assert_eq!(v(&with_check("91199919850612001")), Err(IdReject::Nationality(999)));
        assert_eq!(
            v(&with_check("91115619850612001")),
            Err(IdReject::Nationality(156)),
            "China is no foreign nationality"
        );
        assert!(v(&broken("911840198506120015")).is_err());
    }

    #[test]
    fn first_generation_numbers_become_their_eighteen_digit_form() {
        let (i, full) = validate15(b"110105491231002", TODAY).unwrap();
        assert_eq!(&full, b"11010519491231002X");
        assert_eq!((i.kind, i.sex, i.birth.year), (IdKind::Resident15, Sex::Female, 1949));
        assert_eq!(validate15(b"110105491331002", TODAY).unwrap_err(), IdReject::Date);
        assert_eq!(validate15(b"999999491231002", TODAY).unwrap_err(), IdReject::Region(999999));
        assert_eq!(validate15(b"862345678901234", TODAY).unwrap_err(), IdReject::Region(862345));
        // an IMEI
    }

    #[test]
    fn rejects_unknown_regions() {
        assert_eq!(v(&with_check("88888819861125001")), Err(IdReject::Region(888888)));
        // An order number that starts with a date: region "202311" does not exist.
        assert_eq!(v(&with_check("20231119861125001")), Err(IdReject::Region(202311)));
    }
}
