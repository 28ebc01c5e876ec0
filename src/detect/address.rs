//! Addresses: places from the gazetteer (patterns/places.tsv) chained with roads, numbers,
//! compounds, buildings, units and rooms. Pure functions, no I/O.
//!
//! ```text
//! 广东省 深圳市 南山区 | 科技园南路 18 号 | 3 栋 | 2 单元 | 1501 室
//! places (longest      | pieces: a run of characters (may be empty), a number, a unit word;
//! gazetteer match,     | or, last, a run that ends in a road or compound word (文一西路, 阳光花园)
//! repeated)
//! ```
//!
//! A bare place (北京, 台湾) is not a personal address. After an address label, places and one more
//! piece are enough; without a label an address needs a place, a road and a number — and is found from
//! the number's 号 (`unlabelled_around`), read back to where its first place starts.

use super::han::{self, Tables};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Address {
    pub start: usize,
    pub end: usize,
    pub places: u8,
    pub road: bool,
    /// A house number (…号).
    pub number: bool,
    /// A compound, building, unit, floor or room.
    pub unit: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    Nothing,
    PlaceOnly,
    /// Without a label: a place, a road and a number are needed.
    Incomplete,
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Why::Nothing => "no place, road, number or building",
            Why::PlaceOnly => "a place name alone is not a personal address",
            Why::Incomplete => "no label, and not a place with a road and a number",
        })
    }
}

/// Words that end a road's name.
const ROADS: &[&str] = &["大道", "大街", "胡同", "公路", "路", "街", "巷", "弄", "道", "里", "村", "屯", "庄"];
/// Words that end a compound's or building's name.
const COMPOUNDS: &[&str] = &[
    "小区", "花园", "家园", "公寓", "大厦", "广场", "社区", "新村", "中心", "大楼", "苑", "园", "庭", "府", "城", "院",
    "阁", "轩", "居", "湾", "邸",
];
/// Words after a number, with whether they make it a house number.
const UNITS: &[(&str, bool)] = &[
    ("号楼", false),
    ("号院", true),
    ("号", true),
    ("栋", false),
    ("幢", false),
    ("座", false),
    ("单元", false),
    ("层", false),
    ("楼", false),
    ("室", false),
    ("房", false),
    ("弄", true),
    ("组", false),
    ("巷", true),
    ("排", false),
    ("户", false),
    ("门", false),
];

fn ends_with_any(r: &[char], words: &[&str]) -> bool {
    words.iter().any(|w| {
        let n = w.chars().count();
        r.len() >= n && r[r.len() - n..].iter().copied().eq(w.chars())
    })
}

const NUMERALS: &str = "一二三四五六七八九十百零〇";

/// The end of a number at `i`: ASCII or full-width digits, Chinese numerals, or one capital letter
/// (A座); `-` joined groups (3-2-1501). `i` if there is none.
fn number_end(hay: &[u8], i: usize) -> usize {
    let mut e = i;
    loop {
        let start = e;
        while e < hay.len() {
            // An ASCII or full-width digit, or a Chinese numeral (three bytes).
            if let Some((_, width)) = super::digits::digit_at(hay, e) {
                e += width;
            } else if han::at(hay, e).is_some_and(|c| NUMERALS.contains(c)) && e - start < 12 {
                e += 3;
            } else {
                break;
            }
        }
        if e == start && e == i && hay.get(e).is_some_and(u8::is_ascii_uppercase) {
            e += 1;
        }
        if e > start && hay.get(e) == Some(&b'-') && hay.get(e + 1).is_some_and(u8::is_ascii_digit) {
            e += 1;
            continue;
        }
        return e;
    }
}

fn unit_at(hay: &[u8], i: usize) -> Option<(usize, bool)> {
    UNITS.iter().find(|(w, _)| hay[i..].starts_with(w.as_bytes())).map(|&(w, house)| (i + w.len(), house))
}

/// Reads as much of an address as stands at `i`.
pub fn read(hay: &[u8], i: usize) -> Address {
    let t = Tables::get();
    let mut a = Address { start: i, end: i, ..Address::default() };
    let mut p = i;
    while let Some((n, _)) = t.place(&han::run(hay, p, 12)) {
        p += 3 * n;
        a.places += 1;
    }
    a.end = p;
    loop {
        let mut r = han::run(hay, a.end, 16);
        // 某某村三组: a Chinese numeral and a unit word end the run; they are the next piece.
        if let Some(k) = (0..r.len()).find(|&k| {
            let j = k + r[k..].iter().take_while(|c| NUMERALS.contains(**c)).count();
            j > k && unit_at(hay, a.end + 3 * j).is_some()
        }) {
            r.truncate(k);
        }
        let after_run = a.end + 3 * r.len();
        let e = number_end(hay, after_run);
        if e > after_run {
            if let Some((end, house)) = unit_at(hay, e) {
                a.road |= ends_with_any(&r, ROADS);
                a.unit |= !house || ends_with_any(&r, COMPOUNDS);
                a.number |= house;
                a.end = end;
                continue;
            }
            // 3-2-1501 after a house number or building: the rest of the address.
            if (a.number || a.unit) && r.is_empty() && hay[after_run..e].contains(&b'-') {
                a.unit = true;
                a.end = e;
            } else if !r.is_empty() && ends_with_any(&r, ROADS) && !hay.get(e).is_some_and(u8::is_ascii_alphanumeric) {
                // 文一西路 88: a number without 号.
                a.road = true;
                a.number = true;
                a.end = e;
            }
            break;
        }
        // A last run that ends in a road or compound word; the longest such prefix of the run.
        if let Some(k) =
            (1..=r.len()).rev().find(|&k| ends_with_any(&r[..k], ROADS) || ends_with_any(&r[..k], COMPOUNDS))
        {
            a.road |= ends_with_any(&r[..k], ROADS);
            a.unit |= ends_with_any(&r[..k], COMPOUNDS);
            a.end += 3 * k;
        }
        break;
    }
    a
}

/// The address after an address label, starting at `i`.
pub fn after_label(hay: &[u8], i: usize) -> Result<Address, Why> {
    let a = read(hay, i);
    if a.end == i {
        return Err(Why::Nothing);
    }
    if !(a.road || a.number || a.unit) {
        return Err(Why::PlaceOnly);
    }
    Ok(a)
}

/// The unlabelled address whose house number ends in the 号 at `hao` (a digit right before it):
/// read from the earliest place within reach before it that starts an address through the 号.
pub fn unlabelled_around(hay: &[u8], hao: usize) -> Result<Address, Why> {
    let t = Tables::get();
    let mut d = hao;
    while d > 0 && hay[d - 1].is_ascii_digit() {
        d -= 1;
    }
    // Back over the characters of the road and places: 30 at most.
    let mut starts = Vec::with_capacity(30);
    let mut p = d;
    while starts.len() < 30 {
        match han::before(hay, p) {
            Some(_) => {
                p -= 3;
                starts.push(p);
            }
            None => break,
        }
    }
    for &s in starts.iter().rev() {
        if t.place(&han::run(hay, s, 12)).is_none() {
            continue;
        }
        let a = read(hay, s);
        if a.end >= hao + 3 && a.places > 0 && a.road && a.number {
            return Ok(a);
        }
    }
    Err(Why::Incomplete)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(s: &str) -> Result<&str, Why> {
        after_label(s.as_bytes(), 0).map(|a| &s[a.start..a.end])
    }
    fn around(s: &str) -> Result<&str, Why> {
        let hao = s.find("号").unwrap();
        unlabelled_around(s.as_bytes(), hao).map(|a| &s[a.start..a.end])
    }

    #[test]
    fn labelled_addresses() {
        assert_eq!(
            label("广东省深圳市南山区科技园南路18号3栋2单元1501室，电话"),
            Ok("广东省深圳市南山区科技园南路18号3栋2单元1501室")
        );
        assert_eq!(label("浙江省杭州市西湖区文一西路"), Ok("浙江省杭州市西湖区文一西路"));
        assert_eq!(label("上海市浦东新区张江镇科苑路88弄5号1202室"), Ok("上海市浦东新区张江镇科苑路88弄5号1202室"));
        assert_eq!(label("阳光花园3栋201室"), Ok("阳光花园3栋201室"));
        assert_eq!(label("北京市海淀区中关村大街27号1-2-301"), Ok("北京市海淀区中关村大街27号1-2-301"));
        assert_eq!(label("河北省张家口市桥西区某某村三组"), Ok("河北省张家口市桥西区某某村三组"));
        assert_eq!(label("北京"), Err(Why::PlaceOnly));
        assert_eq!(label("台湾"), Err(Why::PlaceOnly));
        assert_eq!(label("不详"), Err(Why::Nothing));
    }

    #[test]
    fn unlabelled_addresses_need_a_place_a_road_and_a_number() {
        assert_eq!(around("家住北京市朝阳区建国路88号，电话"), Ok("北京市朝阳区建国路88号"));
        assert_eq!(around("寄往深圳市福田区深南大道6008号"), Ok("深圳市福田区深南大道6008号"));
        assert_eq!(around("科技园南路18号"), Err(Why::Incomplete), "no place");
        assert_eq!(around("订单第18号"), Err(Why::Incomplete));
    }
}
