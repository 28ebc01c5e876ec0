//! Mainland mobile numbers: the written forms and the country-code prefixes around them.
//!
//! Forms (digits may be full-width): `13812345678`, `138 1234 5678`, `138-1234-5678`, `138 12345678`;
//! with a country code `+86 138…`, `+86-138…`, `0086 138…`, `86-138…`, `+8613812345678`,
//! `008613812345678`, `(+86)138…`, `（+86）138…`. The 11 digits must start with an allocated prefix
//! (`patterns/mobile-prefixes.tsv`): `12345678901` and `11012345678` are not numbers anyone holds.

use super::digits::{Group, Tokens};
use super::tables::MobilePrefixes;

/// A mobile number read from groups `first..=last` of a token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Form {
    pub last: usize,
    pub number: [u8; 11],
    pub with_country_code: bool,
    /// For `+8613812345678` written as one run: where the `+` is.
    pub plus_start: Option<usize>,
}

pub(crate) fn is_country_code(digits: &[u8], x: bool) -> bool {
    !x && (digits == b"86" || digits == b"0086")
}

/// The offset of a `+` or `＋` written just before `i`, and of a `(` / `（` before that.
pub(crate) fn plus_before(hay: &[u8], i: usize) -> Option<usize> {
    let p = strip_suffix(hay, i, &[b"+", "＋".as_bytes()])?;
    Some(strip_suffix(hay, p, &[b"(", "（".as_bytes()]).unwrap_or(p))
}

/// The start of `(+86)`, `（+86）`, `(86)` or `(+86) ` written just before `i`.
pub(crate) fn paren_country_code_before(hay: &[u8], i: usize) -> Option<usize> {
    let i = strip_suffix(hay, i, &[b" "]).unwrap_or(i);
    let i = strip_suffix(hay, i, &[b")", "）".as_bytes()])?;
    let i = strip_suffix(hay, i, &[b"86", "８６".as_bytes()])?;
    let i = strip_suffix(hay, i, &[b"+", "＋".as_bytes()]).unwrap_or(i);
    strip_suffix(hay, i, &[b"(", "（".as_bytes()])
}

fn strip_suffix(hay: &[u8], end: usize, options: &[&[u8]]) -> Option<usize> {
    options.iter().find(|o| hay[..end].ends_with(o)).map(|o| end - o.len())
}

/// A mobile number written in national form starting at group `g` (or as a one-run `+86…`/`0086…`).
pub(crate) fn national_form(hay: &[u8], t: &Tokens, g: usize, prefixes: &MobilePrefixes) -> Option<Form> {
    let gs: &[Group] = &t.groups;
    let d = |k: usize| t.digits_of(&gs[k]);
    let clean = |k: usize| !gs[k].x;
    let mut number = [0u8; 11];
    let mut plus_start = None;
    let mut with_country_code = false;
    let last = if gs[g].n == 11 && clean(g) {
        number.copy_from_slice(d(g));
        g
    } else if gs[g].n == 3 && g + 2 < gs.len() && gs[g + 1].n == 4 && gs[g + 2].n == 4 && clean(g + 1) && clean(g + 2) {
        number[..3].copy_from_slice(d(g));
        number[3..7].copy_from_slice(d(g + 1));
        number[7..].copy_from_slice(d(g + 2));
        g + 2
    } else if gs[g].n == 3 && g + 1 < gs.len() && gs[g + 1].n == 8 && clean(g + 1) {
        number[..3].copy_from_slice(d(g));
        number[3..].copy_from_slice(d(g + 1));
        g + 1
    } else if gs[g].n == 15 && clean(g) && d(g).starts_with(b"0086") {
        number.copy_from_slice(&d(g)[4..]);
        with_country_code = true;
        g
    } else if gs[g].n == 13 && clean(g) && d(g).starts_with(b"86") {
        // Thirteen digits starting 86 are a number with its country code only when a `+` says so;
        // bare, they are as likely a millisecond timestamp or an order number.
        plus_start = Some(plus_before(hay, gs[g].start)?);
        number.copy_from_slice(&d(g)[2..]);
        with_country_code = true;
        g
    } else {
        return None;
    };
    if !gs[g].x && prefixes.allocated(&number) {
        Some(Form { last, number, with_country_code, plus_start })
    } else {
        None
    }
}
