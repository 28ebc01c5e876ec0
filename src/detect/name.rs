//! Chinese personal names: a surname (patterns/surnames.tsv), then one or two given-name characters.
//!
//! ```text
//! label 姓名：|王芳| ──after_label──▶ surname + up to 2 characters; the run may go on (姓名王芳性别女)
//! |张伟|先生      ──before_cue────▶ surname + given-name characters right before 先生/女士
//! ,|王芳|,        ──cell──────────▶ a whole cell or list item: surname + given-name characters
//! ```
//!
//! Every reading is rejected when the characters begin with a trap word (周一, 马上, 李宁 …,
//! patterns/name-traps.tsv) or a place (张家口), or when a surname stands with a title instead of a
//! given name (王总, 李先生, 老王): those refer to a person without naming them, and a data map that
//! counted them as names would count every 王总 of every meeting note. Pure functions, no I/O.

use super::han::{self, starts_with, Tables};
use std::fmt;

/// Why characters after a label, or before a cue, are not a name (what `--explain` says).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    NoSurname,
    SurnameOnly,
    /// A surname with a title or 老/小: a reference to someone, not a name.
    Reference,
    Trap(&'static str, &'static str),
    Place,
    /// Without a label, every given-name character must be a common one.
    UncommonGiven,
    /// Without a label, the surname must be a common one.
    UncommonSurname,
    TooLong,
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Why::NoSurname => f.write_str("does not start with a surname"),
            Why::SurnameOnly => f.write_str("a surname alone"),
            Why::Reference => {
                f.write_str("a surname with a title (王总, 李先生, 老王): refers to a person without naming them")
            }
            Why::Trap(w, why) => write!(f, "begins with “{w}”: {why}"),
            Why::Place => f.write_str("a place name"),
            Why::UncommonGiven => f.write_str("no label, and not every character is a common given-name one"),
            Why::UncommonSurname => f.write_str("no label, and the surname is a rare one"),
            Why::TooLong => f.write_str("no label, and the run of characters is longer than a name"),
        }
    }
}

/// Words that follow a surname in place of a given name (李先生), and cut a run after a name
/// (张伟先生).
const TITLES: &[&str] = &[
    "先生",
    "女士",
    "小姐",
    "老师",
    "经理",
    "师傅",
    "同志",
    "医生",
    "大夫",
    "教授",
    "主任",
    "阿姨",
    "叔叔",
    "大爷",
    "大妈",
    "太太",
    "夫人",
    "局长",
    "处长",
    "科长",
    "部长",
    "总监",
    "总经理",
    "董事长",
    "某",
];
/// Whether `r` begins with one of the [`TITLES`]. Asked at every position of a run after a label:
/// the first character rules out almost all of them.
fn title_at(r: &[char]) -> bool {
    static FIRST: std::sync::OnceLock<han::HanSet> = std::sync::OnceLock::new();
    let first = FIRST.get_or_init(|| han::HanSet::first_chars(TITLES.iter().copied()));
    r.first().is_some_and(|&c| first.contains(c)) && TITLES.iter().any(|w| starts_with(r, w))
}

/// Single characters that are a title right after a surname when nothing follows (王总, 李工), but
/// given-name characters otherwise (王家豪).
const SHORT_TITLES: &str = "总工董队哥姐氏家姓";

/// Characters that never continue a name after a label (姓名：王 的 …).
const NEVER_GIVEN: &str = "的了是在和与及或等为于无未不详空略性别男女年月日岁号码电话手机身份证";

/// A name's span in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Name {
    pub start: usize,
    pub end: usize,
    /// The characters after the name continue the run (姓名王芳性别女): a little less sure.
    pub run_goes_on: bool,
}

/// Surname length (1 or 2 characters) of `r`, and the checks every reading shares.
fn surname(t: &Tables, r: &[char]) -> Result<usize, Why> {
    let Some(&c0) = r.first() else { return Err(Why::NoSurname) };
    if matches!(c0, '老' | '小') && r.get(1).is_some_and(|&c| t.is_surname(c)) && r.len() == 2 {
        return Err(Why::Reference);
    }
    let sl = if r.len() >= 3 && t.is_compound_surname(c0, r[1]) {
        2
    } else if t.is_surname(c0) {
        1
    } else if r.len() >= 2 && t.is_compound_surname(c0, r[1]) {
        2
    } else {
        return Err(Why::NoSurname);
    };
    if r.len() == sl {
        return Err(Why::SurnameOnly);
    }
    if title_at(&r[sl..]) || (r.len() == sl + 1 && SHORT_TITLES.contains(r[sl])) {
        return Err(Why::Reference);
    }
    Ok(sl)
}

/// A place at least as long as the name read: 张家口 is a city, not 张家 + 口.
fn is_place(t: &Tables, r: &[char], name_len: usize) -> bool {
    t.place(r).is_some_and(|(n, _)| n >= name_len)
}

/// The characters `r` read as a name of `len` characters, unless a trap word at least as long
/// begins them: 周一 and 周一前 are a weekday, 周一诺 is a name; 李宁 is a brand, 李宁宁 a person.
fn check_word(t: &Tables, r: &[char], len: usize) -> Result<(), Why> {
    if let Some((w, why)) = t.trap(r).filter(|(w, _)| w.chars().count() >= len) {
        return Err(Why::Trap(w, why));
    }
    if is_place(t, r, len) {
        return Err(Why::Place);
    }
    Ok(())
}

/// The name that starts at `i`, right after a name label: the surname and up to two characters.
pub fn after_label(hay: &[u8], i: usize) -> Result<Name, Why> {
    let t = Tables::get();
    let mut r = han::run(hay, i, 6);
    // 张伟先生: the name ends where a title starts.
    if let Some(k) = (2..r.len()).find(|&k| title_at(&r[k..])) {
        r.truncate(k);
    }
    let sl = surname(t, &r)?;
    let avail = r.len() - sl;
    let g = match avail {
        1 | 2 => avail,
        _ if t.is_given(r[sl + 1]) => 2,
        _ => 1,
    };
    let g = (1..=g).rev().find(|&g| r[sl..sl + g].iter().all(|c| !NEVER_GIVEN.contains(*c))).ok_or(Why::NoSurname)?;
    check_word(t, &r, sl + g)?;
    Ok(Name { start: i, end: i + 3 * (sl + g), run_goes_on: r.len() > sl + g })
}

/// The name that ends at `j`, right before a cue (先生, 女士): a surname and one or two common
/// given-name characters, the longest reading first.
pub fn before_cue(hay: &[u8], j: usize) -> Result<Name, Why> {
    let t = Tables::get();
    let mut back = Vec::with_capacity(4);
    while back.len() < 4 {
        match han::before(hay, j - 3 * back.len()) {
            Some(c) => back.push(c),
            None => break,
        }
    }
    back.reverse();
    let n = back.len();
    for len in [4, 3, 2] {
        if len > n {
            continue;
        }
        let r = &back[n - len..];
        let sl = if t.is_compound_surname(r[0], r[1]) { 2 } else { 1 };
        let fits = (len - sl) <= 2
            && (sl == 2 || t.is_common_surname(r[0]))
            && r[sl..].iter().all(|&c| t.is_given(c))
            && (len != 4 || sl == 2);
        if fits {
            check_word(t, r, len)?;
            return Ok(Name { start: j - 3 * len, end: j, run_goes_on: false });
        }
    }
    if back.last().is_some_and(|&c| t.is_common_surname(c)) {
        return Err(Why::Reference);
    }
    Err(Why::NoSurname)
}

/// A name that is all of `hay[i..end]` (a cell, a quoted value, a list item). `labelled`: under a
/// name label or column header, any given-name character but the never-given ones; otherwise only
/// common ones.
pub fn whole(hay: &[u8], i: usize, end: usize, labelled: bool) -> Result<Name, Why> {
    let t = Tables::get();
    let r = han::run(&hay[..end.min(hay.len())], i, 5);
    if i + 3 * r.len() != end {
        return Err(if r.len() >= 5 { Why::TooLong } else { Why::NoSurname });
    }
    let sl = surname(t, &r)?;
    if !labelled && sl == 1 && !t.is_common_surname(r[0]) {
        return Err(Why::UncommonSurname);
    }
    let given = &r[sl..];
    if given.len() > 2 {
        return Err(Why::TooLong);
    }
    let ok = |c: &char| if labelled { !NEVER_GIVEN.contains(*c) } else { t.is_given(*c) };
    check_word(t, &r, r.len())?;
    if !given.iter().all(ok) {
        return Err(if labelled { Why::NoSurname } else { Why::UncommonGiven });
    }
    Ok(Name { start: i, end, run_goes_on: false })
}

/// The name right after a label with nothing between (员工张伟): without a gap, the label may as
/// well begin a longer word (员工编号, 患者家属), so the characters must read as a name on their own,
/// as [`whole`] reads them without a label: the longest of 4, 3 or 2 characters that does.
pub fn glued(hay: &[u8], i: usize) -> Result<Name, Why> {
    let t = Tables::get();
    // Most labels are followed by another word: its first character rules it out.
    let c0 = han::at(hay, i).ok_or(Why::NoSurname)?;
    if !t.is_common_surname(c0) && !han::at(hay, i + 3).is_some_and(|c1| t.is_compound_surname(c0, c1)) {
        return Err(Why::NoSurname);
    }
    (2..=4).rev().find_map(|len| whole(hay, i, i + 3 * len, false).ok()).ok_or(Why::UncommonGiven)
}

/// After a name ending at `end`: the next name of a list (`、`, 和, 及, 与), if one follows.
pub fn next_in_list(hay: &[u8], end: usize) -> Option<Name> {
    let sep = hay.get(end..end + 3)?;
    if !["、", "和", "及", "与"].iter().any(|w| w.as_bytes() == sep) {
        return None;
    }
    let i = end + 3;
    let n = han::run(hay, i, 5).len();
    // The item ends where the run does, or at the next list separator.
    (2..=n.min(4)).rev().find_map(|len| {
        let e = i + 3 * len;
        let ends = len == n || matches!(hay.get(e..e + 3), Some(s) if s == "、".as_bytes() || s == "和".as_bytes());
        if ends {
            whole(hay, i, e, false).ok()
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(s: &str) -> Result<&str, Why> {
        after_label(s.as_bytes(), 0).map(|n| &s[n.start..n.end])
    }
    fn cue<'a>(s: &'a str, cue: &str) -> Result<&'a str, Why> {
        let j = s.find(cue).unwrap();
        before_cue(s.as_bytes(), j).map(|n| &s[n.start..n.end])
    }

    #[test]
    fn names_after_a_label() {
        assert_eq!(label("王芳，女"), Ok("王芳"));
        assert_eq!(label("欧阳娜娜"), Ok("欧阳娜娜"));
        assert_eq!(label("张伟性别男"), Ok("张伟"));
        assert_eq!(label("王小明所属部门"), Ok("王小明"));
        assert_eq!(label("司马"), Ok("司马"), "司 is a surname of its own too");
        assert!(matches!(label("未知"), Err(Why::Trap("未知", _))));
        assert_eq!(label("的确"), Err(Why::NoSurname));
        assert_eq!(label("王"), Err(Why::SurnameOnly));
        assert_eq!(label("王总"), Err(Why::Reference));
        assert_eq!(label("李先生"), Err(Why::Reference));
        assert_eq!(label("老王"), Err(Why::Reference));
        assert_eq!(label("张家口"), Err(Why::Place));
        assert!(matches!(label("李宁专卖店"), Err(Why::Trap("李宁", _))));
        assert!(matches!(label("周一"), Err(Why::Trap("周一", _))));
        assert!(matches!(label("周一前送达"), Err(Why::Trap("周一", _))));
        assert_eq!(label("周一诺，"), Ok("周一诺"), "a trap word inside a longer name");
        assert!(matches!(label("金融科技"), Err(Why::Trap("金融", _))));
    }

    #[test]
    fn names_before_a_cue() {
        assert_eq!(cue("感谢张伟先生", "先生"), Ok("张伟"));
        assert_eq!(cue("和刘婷婷女士", "女士"), Ok("刘婷婷"));
        assert_eq!(cue("祝王芳女士", "女士"), Ok("王芳"));
        assert_eq!(cue("司马光明先生", "先生"), Ok("司马光明"));
        assert_eq!(cue("请王先生", "先生"), Err(Why::Reference));
        assert_eq!(cue("您好先生", "先生"), Err(Why::NoSurname));
    }

    #[test]
    fn names_glued_to_a_label() {
        fn g(s: &str) -> Result<&str, Why> {
            glued(s.as_bytes(), 0).map(|n| &s[n.start..n.end])
        }
        assert_eq!(g("张伟，所属部门"), Ok("张伟"));
        assert_eq!(g("欧阳娜娜，"), Ok("欧阳娜娜"));
        assert_eq!(g("王小明所属"), Ok("王小明"), "the longest reading that holds");
        assert_eq!(g("王总说"), Err(Why::UncommonGiven), "a surname, but no reading holds");
        assert_eq!(g("手册》第三章"), Err(Why::NoSurname), "员工手册: the label begins a word");
        assert_eq!(g("家属"), Err(Why::NoSurname), "患者家属: 家 is no common surname");
        assert_eq!(g("，王芳"), Err(Why::NoSurname));
    }

    #[test]
    fn whole_cells_and_lists() {
        let s = "张伟、李娜和王小明。";
        assert_eq!(whole(s.as_bytes(), 0, 6, false), Ok(Name { start: 0, end: 6, run_goes_on: false }));
        let a = next_in_list(s.as_bytes(), 6).unwrap();
        assert_eq!(&s[a.start..a.end], "李娜");
        let b = next_in_list(s.as_bytes(), a.end).unwrap();
        assert_eq!(&s[b.start..b.end], "王小明");
        assert_eq!(next_in_list(s.as_bytes(), b.end), None);
        let cell = "高兴";
        assert!(matches!(whole(cell.as_bytes(), 0, 6, false), Err(Why::Trap(..))));
        let cell = "游客下单";
        assert!(whole(cell.as_bytes(), 0, 12, false).is_err());
        let cell = "王某某";
        assert_eq!(whole(cell.as_bytes(), 0, 9, true), Err(Why::Reference));
    }
}
