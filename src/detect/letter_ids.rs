//! Passport and permit numbers: one or two letters, then digits.
//!
//! | shape                          | document                                        |
//! |--------------------------------|-------------------------------------------------|
//! | `E` + 8 digits, `G` + 8 digits | ordinary passport (E: electronic since 2012)    |
//! | `E` + letter + 7 digits        | ordinary passport, once `E` + 8 digits ran out  |
//! | `C` + 8 digits, `C` + letter + 7 | 往来港澳通行证 (exit-entry permit for HK/Macau) |
//! | `H`/`M` + 8 or 10 digits       | 回乡证 (home return permit, Hong Kong / Macau)  |
//!
//! The second letter is never `I` or `O` (they read as 1 and 0). Every shape is also what part
//! numbers, invoice codes and SKUs look like, so each candidate is gated: it is reported only with a
//! label of its category (护照, 通行证, 证件号码 …) before it or heading its column.
//!
//! The scan loop stops at digits, so a candidate is found from its digit run: the run must be glued
//! on its left to exactly one or two letters, and those must start a word.

use super::digits::Tokens;
use super::{Candidate, Encoding, Gate, Norm};
use crate::finding::{Category, Kind};

/// The letter (ASCII or full-width, upper-cased) that ends just before `i`, and where it starts.
fn letter_before(hay: &[u8], i: usize, enc: Encoding) -> Option<(u8, usize)> {
    let b = *hay.get(i.checked_sub(1)?)?;
    if b.is_ascii_alphabetic() && !enc.is_trail_byte(hay, i - 1) {
        return Some((b.to_ascii_uppercase(), i - 1));
    }
    // Ａ-Ｚ are EF BC A1-BA, ａ-ｚ are EF BD 81-9A.
    match hay.get(i.checked_sub(3)?..i)? {
        [0xEF, 0xBC, c @ 0xA1..=0xBA] => Some((b'A' + (c - 0xA1), i - 3)),
        [0xEF, 0xBD, c @ 0x81..=0x9A] => Some((b'A' + (c - 0x81), i - 3)),
        _ => None,
    }
}

/// The letters written just before `i`, if they start a word: one or two letters (upper-cased),
/// with no letter, digit or word character before them.
fn prefix(hay: &[u8], i: usize, enc: Encoding) -> Option<(usize, [u8; 2], usize)> {
    let (l1, at1) = letter_before(hay, i, enc)?;
    let (start, letters, n) = match letter_before(hay, at1, enc) {
        Some((l0, at0)) => (at0, [l0, l1], 2),
        None => (at1, [l1, 0], 1),
    };
    if letter_before(hay, start, enc).is_some() || super::digits::glued_before(hay, start, enc) {
        return None;
    }
    let word = start > 0 && matches!(hay[start - 1], b'_' | b'/' | b'.');
    (!word).then_some((start, letters, n))
}

/// The cheap test before [`at`], on the digits' position `i` and count `n` alone (customer numbers
/// like G0000010 come by the hundred thousand): after ASCII letters, the shape is decided by the
/// letter before the digits and the one before that. After anything else (a full-width letter), maybe.
pub(super) fn may_be(hay: &[u8], i: usize, n: usize) -> bool {
    let up = |b: u8| b.to_ascii_uppercase();
    if i >= 2 && hay[i - 1].is_ascii_alphabetic() && hay[i - 2].is_ascii() {
        let (l1, l0) = (up(hay[i - 1]), up(hay[i - 2]));
        return match n {
            7 => matches!(l0, b'E' | b'C') && !matches!(l1, b'I' | b'O'),
            8 | 10 => matches!(l1, b'E' | b'G' | b'C' | b'H' | b'M') && !l0.is_ascii_alphanumeric(),
            _ => false,
        };
    }
    matches!(n, 7 | 8 | 10)
}

/// What a passport or permit candidate glued to the digits `start..start + n` would be, before its
/// number is copied out: where it starts, its letters, and what it is.
pub(super) struct Shape {
    pub start: usize,
    letters: [u8; 2],
    n_letters: usize,
    pub category: Category,
    kind: Kind,
    why: &'static str,
}

/// The shape of a passport or permit number whose digits are `start..start + n` (and a trailing
/// `X` if `x`), glued to its letters.
pub(super) fn shape(hay: &[u8], start: usize, n: usize, x: bool, enc: Encoding) -> Option<Shape> {
    if x {
        return None; // a trailing X: not these documents
    }
    if !may_be(hay, start, n) {
        return None;
    }
    let (from, letters, n_letters) = prefix(hay, start, enc)?;
    let second_ok = n_letters == 2 && !matches!(letters[1], b'I' | b'O');
    let (category, kind, why) = match (letters[0], n_letters, n) {
        (b'E' | b'G', 1, 8) => (Category::Passport, Kind::Passport, "passport: E or G and 8 digits"),
        (b'E', 2, 7) if second_ok => (Category::Passport, Kind::Passport, "passport: E, a letter and 7 digits"),
        (b'C', 1, 8) => (Category::Permit, Kind::HkMacauPass, "exit-entry permit for Hong Kong/Macau: C and 8 digits"),
        (b'C', 2, 7) if second_ok => {
            (Category::Permit, Kind::HkMacauPass, "exit-entry permit for Hong Kong/Macau: C, a letter and 7 digits")
        }
        (b'H' | b'M', 1, 8 | 10) => {
            (Category::Permit, Kind::HomeReturnPermit, "home return permit: H or M and 8 or 10 digits")
        }
        _ => return None,
    };
    Some(Shape { start: from, letters, n_letters, category, kind, why })
}

/// A passport or permit number whose digits are the (only) group of `t`, glued to its letters.
pub(super) fn at(hay: &[u8], t: &Tokens, enc: Encoding) -> Option<Candidate> {
    let grp = &t.groups[0];
    let s = shape(hay, grp.start, grp.n, grp.x, enc)?;
    let normalized = Norm::ascii(&[&s.letters[..s.n_letters], t.digits_of(grp)]);
    Some(Candidate {
        start: s.start,
        end: grp.end,
        category: s.category,
        kind: Some(s.kind),
        normalized,
        base: 90,
        labelled: 90,
        gate: Gate::Label,
        id: None,
        why: s.why,
    })
}
