//! Digit tokens: the unit every number detector works on.
//!
//! The scan loop stops at a digit (ASCII or full-width `０-９`) and calls [`tokenize`], which reads
//! a maximal run of *groups* of digits joined by single separators — a space, an ASCII or full-width
//! hyphen, an ideographic or no-break space — so that `138 1234 5678`, `138-1234-5678`,
//! `+86 138 1234 5678` and `110105 19491231 002X` each arrive as one token. A trailing `X`/`x` is
//! attached to the group it ends (the ID check character). Digits are normalized to ASCII.
//!
//! Boundaries are explicit, never Unicode `\b` (which does not fire between 号 and a digit): a token
//! glued to an ASCII letter or digit, a full-width letter, an `@`, or a decimal point between digits
//! is part of something else (`abc13812345678`, `13812345678@163.com`, `0.13812345678`), and so is
//! one joined by a hyphen to letters or digits (`build-15912345678-rc1`).
//! Chinese characters and punctuation are boundaries: `身份证号110105…` is a match, in UTF-8 and in
//! double-byte encodings whose second bytes can be ASCII letters (see [`Encoding`]).

use super::Encoding;

/// How two groups of a token are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sep {
    Space,
    Dash,
    Dot,
}

/// One run of digits inside a token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Group {
    /// Byte span in the haystack, including a trailing `X` when `x` is set.
    pub start: usize,
    pub end: usize,
    /// Offset of this group's normalized digits in `Tokens::digits`.
    pub d: usize,
    /// Number of digits (without the `X`); only the first [`KEEP`] are stored.
    pub n: usize,
    /// The group ends in `X` or `x`.
    pub x: bool,
}

/// Longest group whose digits any detector reads; longer runs are only counted.
const KEEP: usize = 24;

/// Reusable storage for the token being interpreted: cleared per token, never shrunk, so the scan
/// loop allocates nothing once warm.
#[derive(Default)]
pub(crate) struct Tokens {
    /// Whether the character before the token glues its first group to something else.
    pub glued_left: bool,
    pub groups: Vec<Group>,
    /// `seps[k]` joins `groups[k]` and `groups[k + 1]`.
    pub seps: Vec<Sep>,
    pub digits: Vec<u8>,
}

impl Tokens {
    pub fn digits_of(&self, g: &Group) -> &[u8] {
        &self.digits[g.d..g.d + g.n.min(KEEP)]
    }
}

/// The value of a run of ASCII digits (at most 9, so it fits).
pub(crate) fn num(d: &[u8]) -> u32 {
    d.iter().fold(0, |n, &c| n * 10 + u32::from(c - b'0'))
}

/// The ASCII digit at `i`, and the width of its encoding (full-width digits are 3 bytes in UTF-8).
#[inline]
pub(crate) fn digit_at(hay: &[u8], i: usize) -> Option<(u8, usize)> {
    match hay[i] {
        b @ b'0'..=b'9' => Some((b, 1)),
        0xEF if i + 2 < hay.len() && hay[i + 1] == 0xBC && (0x90..=0x99).contains(&hay[i + 2]) => {
            Some((b'0' + hay[i + 2] - 0x90, 3))
        }
        _ => None,
    }
}

#[inline]
fn x_at(hay: &[u8], i: usize) -> Option<usize> {
    match hay.get(i..) {
        Some([b'X' | b'x', ..]) => Some(1),
        Some([0xEF, 0xBC, 0xB8, ..]) | Some([0xEF, 0xBD, 0x98, ..]) => Some(3), // Ｘ ｘ
        _ => None,
    }
}

#[inline]
fn sep_at(hay: &[u8], i: usize) -> Option<(Sep, usize)> {
    match hay.get(i..) {
        Some([b' ', ..]) => Some((Sep::Space, 1)),
        Some([b'-', ..]) => Some((Sep::Dash, 1)),
        Some([b'.', ..]) => Some((Sep::Dot, 1)),
        Some([0xC2, 0xA0, ..]) => Some((Sep::Space, 2)), // no-break space
        Some([0xE3, 0x80, 0x80, ..]) => Some((Sep::Space, 3)), // ideographic space
        Some([0xEF, 0xBC, 0x8D, ..]) => Some((Sep::Dash, 3)), // full-width hyphen-minus
        Some([0xE2, 0x80, 0x90..=0x93, ..]) => Some((Sep::Dash, 3)), // hyphen, en dash
        _ => None,
    }
}

/// Whether a byte right after a run of ASCII digits may continue the token: the first byte of a
/// separator (`sep_at`), an `X` (`x_at`) or a full-width digit (`digit_at`). The scan loop's fast
/// path relies on it to skip lone digit runs, and the candidate pass's `cont` mask is these bytes
/// (a test in `pass` holds the two alike); a test checks it against those three functions.
#[inline]
pub(crate) fn may_continue(b: u8) -> bool {
    matches!(b, b' ' | b'-' | b'.' | b'X' | b'x' | 0xC2 | 0xE2 | 0xE3 | 0xEF)
}

/// Full-width digits, letters and `＠` (U+FF10-19, FF20-3A, FF41-5A), given the two bytes after 0xEF.
fn is_fullwidth_glue(b1: u8, b2: u8) -> bool {
    (b1 == 0xBC && ((0x90..=0x99).contains(&b2) || (0xA0..=0xBA).contains(&b2)))
        || (b1 == 0xBD && (0x81..=0x9A).contains(&b2))
}

/// Whether a full-width letter (Ａ-Ｚ, ａ-ｚ) ends just before `i`.
pub(crate) fn fullwidth_letter_before(hay: &[u8], i: usize) -> bool {
    i >= 3
        && hay[i - 3] == 0xEF
        && ((hay[i - 2] == 0xBC && (0xA1..=0xBA).contains(&hay[i - 1]))
            || (hay[i - 2] == 0xBD && (0x81..=0x9A).contains(&hay[i - 1])))
}

/// True if the character that ends just before `i` glues a number starting at `i` to something else.
pub(crate) fn glued_before(hay: &[u8], i: usize, enc: Encoding) -> bool {
    if i == 0 {
        return false;
    }
    match hay[i - 1] {
        // In GBK or Big5 a letter can be the second half of a Chinese character.
        b if b.is_ascii_alphabetic() && enc.is_trail_byte(hay, i - 1) => false,
        b if b.is_ascii_alphanumeric() || b == b'@' => true,
        b'.' => i >= 2 && hay[i - 2].is_ascii_digit(),
        // A kebab-case identifier: `build-15912345678`, `SN-110105…`.
        b'-' => i >= 2 && hay[i - 2].is_ascii_alphanumeric() && !enc.is_trail_byte(hay, i - 2),
        0x80..=0xBF if i >= 3 && hay[i - 3] == 0xEF => is_fullwidth_glue(hay[i - 2], hay[i - 1]),
        _ => false,
    }
}

/// True if the character that starts at `i` glues a number ending at `i` to something else.
pub(crate) fn glued_after(hay: &[u8], i: usize) -> bool {
    match hay.get(i..) {
        Some([b, ..]) if b.is_ascii_alphanumeric() || *b == b'@' => true,
        Some([b'.', d, ..]) => d.is_ascii_digit(),
        Some([b'-', c, ..]) => c.is_ascii_alphanumeric(),
        Some([0xEF, b1, b2, ..]) => is_fullwidth_glue(*b1, *b2),
        _ => false,
    }
}

/// Reads the token starting at `i` (a digit) into `t` and returns the offset just past it.
pub(crate) fn tokenize(hay: &[u8], mut i: usize, enc: Encoding, t: &mut Tokens) -> usize {
    t.glued_left = glued_before(hay, i, enc);
    t.groups.clear();
    t.seps.clear();
    t.digits.clear();
    loop {
        let start = i;
        let d = t.digits.len();
        let mut n = 0;
        while i < hay.len() {
            let Some((digit, w)) = digit_at(hay, i) else {
                break;
            };
            if n < KEEP {
                t.digits.push(digit);
            }
            n += 1;
            i += w;
        }
        let mut x = false;
        if let Some(w) = x_at(hay, i) {
            x = true;
            i += w;
        }
        t.groups.push(Group { start, end: i, d, n, x });
        // Continue only over one separator followed by another digit.
        match sep_at(hay, i) {
            Some((sep, w)) if i + w < hay.len() && digit_at(hay, i + w).is_some() => {
                t.seps.push(sep);
                i += w;
            }
            _ => return i,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(s: &str) -> Vec<(String, bool)> {
        let mut t = Tokens::default();
        let start = s.bytes().position(|b| b.is_ascii_digit() || b == 0xEF).unwrap();
        tokenize(s.as_bytes(), start, Encoding::Utf8, &mut t);
        t.groups.iter().map(|g| (String::from_utf8(t.digits_of(g).to_vec()).unwrap(), g.x)).collect()
    }

    #[test]
    fn splits_groups_on_single_separators() {
        let g = groups("电话 138 1234-5678，");
        assert_eq!(g.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), ["138", "1234", "5678"]);
        assert_eq!(groups("１３８１２３４５６７８")[0].0, "13812345678");
        assert_eq!(groups("11010519491231002x号")[0], ("11010519491231002".into(), true));
        assert_eq!(groups("138  1234").len(), 1, "two spaces end the token");
    }

    #[test]
    fn may_continue_covers_every_separator_x_and_full_width_digit() {
        // Every byte sequence that starts a separator, an X or a full-width digit must start with a
        // byte `may_continue` accepts; otherwise the fast path would drop tokens.
        for b0 in 0..=255u8 {
            for b1 in 0x80..=0xBFu8 {
                for b2 in 0x80..=0xBFu8 {
                    let h = [b0, b1, b2, b'1'];
                    let starts = sep_at(&h, 0).is_some() || x_at(&h, 0).is_some() || digit_at(&h, 0).is_some();
                    if starts && !b0.is_ascii_digit() {
                        assert!(may_continue(b0), "{h:x?}");
                    }
                }
            }
        }
    }

    #[test]
    fn glue_rules() {
        let h = "ab12号34.5６ｘ".as_bytes();
        assert!(glued_before(h, 2, Encoding::Utf8)); // b|12
        assert!(!glued_before(h, 7, Encoding::Utf8)); // 号|34
        assert!(glued_before(h, 10, Encoding::Utf8)); // 4.|5
        assert!(glued_after(h, 9)); // 34|.5
        assert!(glued_after(b"1@163.com", 1));
        // GBK 號碼 = CC 96 B4 61: the trail byte of 碼 is an ASCII 'a', not glue, in GBK text only.
        let gbk = b"\xcc\x96\xb4\x6113812345678";
        assert!(!glued_before(gbk, 4, Encoding::DoubleByte));
        assert!(!glued_before(gbk, 4, Encoding::Utf8), "B4 ends no UTF-8 character: GBK after an ASCII head");
        // UTF-8 中a13812345678: the 'a' follows a complete character, so it is a letter, and glue.
        let utf8 = "中a13812345678".as_bytes();
        assert!(glued_before(utf8, 4, Encoding::Utf8));
        assert!(glued_before(b"ab1", 2, Encoding::DoubleByte));
        assert!(!glued_after("1。".as_bytes(), 1));
    }
}
