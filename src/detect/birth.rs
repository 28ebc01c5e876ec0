//! Dates of birth: a date right after a birth label (出生日期：1986-11-25) or right before 出生
//! (1986年11月25日出生), in every common form. A date without such a label is not a birth date, so
//! this module only reads at a position the caller found by its label. Pure functions, no I/O.
//!
//! Forms: `1986-11-25` `1986/11/25` `1986.11.25` (one separator kind, month and day of 1-2
//! digits), `19861125`, `1986年11月25日` (日 optional), `86.11.25` / `86-11-25` (two-digit year:
//! the latest century that does not put it after today), and the month alone where forms ask for
//! 出生年月: `1986-11`, `1986.11`, `1986年11月`.

use super::digits::num;
use super::id_card::Date;
use std::fmt;

/// A date of birth read at a position: its span and the date (day 0: the month only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Birth {
    pub start: usize,
    pub end: usize,
    pub date: Date,
}

impl Birth {
    /// `1986-11-25`, or `1986-11` when only the month was written.
    pub fn normalized(&self) -> String {
        let Date { year, month, day } = self.date;
        if day == 0 {
            format!("{year:04}-{month:02}")
        } else {
            format!("{year:04}-{month:02}-{day:02}")
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    NotADate,
    Impossible,
    Before1900,
    AfterToday,
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Why::NotADate => "no date in a known form",
            Why::Impossible => "not a real day",
            Why::Before1900 => "before 1900",
            Why::AfterToday => "after today",
        })
    }
}

fn digits(hay: &[u8], i: usize) -> usize {
    hay.get(i..).map_or(0, super::pass::digit_run)
}

fn is_digit_at(hay: &[u8], i: usize) -> bool {
    hay.get(i).is_some_and(u8::is_ascii_digit)
}

/// Reads the date starting at `i`: the span and year, month and day as written (day 0: absent).
fn read(hay: &[u8], i: usize) -> Option<(usize, u16, u8, u8, bool)> {
    if i > 0 && is_digit_at(hay, i - 1) {
        return None;
    }
    let n = digits(hay, i);
    let after = i + n;
    // 19861125
    if n == 8 {
        let d = &hay[i..after];
        return Some((after, num(&d[..4]) as u16, num(&d[4..6]) as u8, num(&d[6..]) as u8, false));
    }
    if n != 4 && n != 2 {
        return None;
    }
    let year = num(&hay[i..after]) as u16;
    let two_digit = n == 2;
    // 1986年11月25日
    if !two_digit && hay[after..].starts_with("年".as_bytes()) {
        let m_at = after + 3;
        let mn = digits(hay, m_at);
        if !(1..=2).contains(&mn) || !hay[m_at + mn..].starts_with("月".as_bytes()) {
            return None;
        }
        let month = num(&hay[m_at..m_at + mn]) as u8;
        let d_at = m_at + mn + 3;
        let dn = digits(hay, d_at);
        if (1..=2).contains(&dn) {
            let day = num(&hay[d_at..d_at + dn]) as u8;
            let end = d_at + dn;
            let end = if hay[end..].starts_with("日".as_bytes()) || hay[end..].starts_with("号".as_bytes()) {
                end + 3
            } else {
                end
            };
            return Some((end, year, month, day, false));
        }
        return Some((d_at, year, month, 0, false));
    }
    // 1986-11-25, 86.11.25, 1986-11
    let sep = *hay.get(after)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let m_at = after + 1;
    let mn = digits(hay, m_at);
    if !(1..=2).contains(&mn) || (two_digit && mn != 2) {
        return None;
    }
    let month = num(&hay[m_at..m_at + mn]) as u8;
    let e = m_at + mn;
    if hay.get(e) == Some(&sep) && is_digit_at(hay, e + 1) {
        let dn = digits(hay, e + 1);
        if !(1..=2).contains(&dn) || (two_digit && dn != 2) {
            return None;
        }
        let day = num(&hay[e + 1..e + 1 + dn]) as u8;
        return Some((e + 1 + dn, year, month, day, two_digit));
    }
    // The month alone: not followed by more of a number (1986.11.5.3 is something else).
    if two_digit || matches!(hay.get(e), Some(b'-' | b'/' | b'.')) && is_digit_at(hay, e + 1) {
        return None;
    }
    Some((e, year, month, 0, false))
}

/// The date of birth that starts at `i` (after a birth label and its separators).
pub fn at(hay: &[u8], i: usize, today: Date) -> Result<Birth, Why> {
    let (end, year, month, day, two_digit) = read(hay, i).ok_or(Why::NotADate)?;
    if is_digit_at(hay, end) {
        return Err(Why::NotADate);
    }
    let year = if two_digit {
        let this = today.year % 100;
        if year <= this {
            today.year - this + year
        } else {
            today.year - this - 100 + year
        }
    } else {
        year
    };
    let date = Date { year, month, day };
    let real = if day == 0 { (1..=12).contains(&month) } else { date.is_valid() };
    if !real {
        return Err(Why::Impossible);
    }
    if year < 1900 {
        return Err(Why::Before1900);
    }
    if date > today {
        return Err(Why::AfterToday);
    }
    Ok(Birth { start: i, end, date })
}

/// The date of birth that ends right before `j` (1986年11月25日出生): tried from each plausible
/// start within the longest form's length.
pub fn ending_at(hay: &[u8], j: usize, today: Date) -> Option<Birth> {
    // 1986年11月25日 is 4 + 3 + 2 + 3 + 2 + 3 bytes.
    (j.saturating_sub(17)..j).find_map(|i| at(hay, i, today).ok().filter(|b| b.end == j))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = Date { year: 2026, month: 11, day: 22 };

    fn read_at(s: &str) -> Result<String, Why> {
        at(s.as_bytes(), 0, TODAY).map(|b| {
            assert!(s[b.end..].chars().next().is_none_or(|c| !c.is_ascii_digit()));
            b.normalized()
        })
    }

    #[test]
    fn every_common_form() {
        for s in ["1986-11-25", "1986/11/25", "1986.11.25", "19861125", "1986年11月25日", "1986年11月25", "86.11.25"]
        {
            assert_eq!(read_at(s).as_deref(), Ok("1986-11-25"), "{s}");
        }
        assert_eq!(read_at("1986-1-5，").as_deref(), Ok("1986-01-05"));
        assert_eq!(read_at("1990.05 本科").as_deref(), Ok("1990-05"));
        assert_eq!(read_at("1990年5月").as_deref(), Ok("1990-05"));
        assert_eq!(read_at("05-03-07").as_deref(), Ok("2005-03-07"), "two digits: this century when not future");
        assert_eq!(read_at("27-03-07").as_deref(), Ok("1927-03-07"));
    }

    #[test]
    fn what_is_not_a_birth_date() {
        assert_eq!(read_at("1986-02-30"), Err(Why::Impossible));
        assert_eq!(read_at("1986-13"), Err(Why::Impossible));
        assert_eq!(read_at("1886-01-01"), Err(Why::Before1900));
        assert_eq!(read_at("2027-01-01"), Err(Why::AfterToday));
        assert_eq!(read_at("1986-11/25"), Err(Why::NotADate), "mixed separators");
        assert_eq!(read_at("198611251"), Err(Why::NotADate));
        assert_eq!(read_at("上海"), Err(Why::NotADate));
        assert_eq!(read_at("1986.11.25.3"), Ok("1986-11-25".into()));
        assert_eq!(read_at("12345"), Err(Why::NotADate));
    }

    #[test]
    fn dates_before_the_label() {
        let s = "他1986年11月25日出生";
        let j = s.find("出生").unwrap();
        let b = ending_at(s.as_bytes(), j, TODAY).unwrap();
        assert_eq!((&s[b.start..b.end], b.normalized().as_str()), ("1986年11月25日", "1986-11-25"));
        assert!(ending_at("入职2015年出生".as_bytes(), 14, TODAY).is_none());
    }
}
