//! Mainland mobile numbers: the written forms and the country-code prefixes around them.
//!
//! Forms (digits may be full-width): `13812345678`; split `138-1234-5678`, `138 1234 5678`,
//! `138.1234.5678`, `138 12345678`; with a country code `+86 138…`, `+86-138…`, `0086 138…`,
//! `86-138…`, `+8613812345678`, `8613812345678`, `008613812345678`, `(+86)138…`, `（+86）138…`,
//! `(0086)138…`. The 11 digits must start with an allocated prefix (`patterns/mobile-prefixes.tsv`):
//! `12345678901` and `11012345678` are not numbers anyone holds.
//!
//! Split forms are where numbers in tables look like phones (`共 150 20240315 条`): a split form must
//! be the whole run of groups joined by its separator, must not read as a date, and scores lower when
//! split by spaces than by hyphens, the way people write phone numbers.

use super::digits::{num, Group, Sep, Tokens};
use super::tables::MobilePrefixes;

/// A mobile number read from groups `g..=last` of a token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Form {
    pub last: usize,
    pub number: [u8; 11],
    /// Confidence in percent for this written form.
    pub confidence: u8,
    /// Where the value starts when a `+` before a one-run `+8613812345678` belongs to it.
    pub plus_start: Option<usize>,
}

pub(crate) fn is_country_code(digits: &[u8], x: bool) -> bool {
    !x && (digits == b"86" || digits == b"0086")
}

/// The offset of a `+` or `＋` written just before `i`. A `(` before it is left out: in
/// `(+86 138…)` it opens a parenthesis that closes after the number, not a country code.
pub(crate) fn plus_before(hay: &[u8], i: usize) -> Option<usize> {
    strip_suffix(hay, i, &[b"+", "＋".as_bytes()])
}

/// The start of `(+86)`, `（+86）`, `(86)`, `(0086)` or `(+86) ` written just before `i`.
pub(crate) fn paren_country_code_before(hay: &[u8], i: usize) -> Option<usize> {
    let i = strip_suffix(hay, i, &[b" "]).unwrap_or(i);
    let i = strip_suffix(hay, i, &[b")", "）".as_bytes(), b"\xA3\xA9"])?; // ） in UTF-8 and GBK
    let i = strip_suffix(hay, i, &[b"0086", b"86", "８６".as_bytes()])?;
    let i = strip_suffix(hay, i, &[b"+", "＋".as_bytes()]).unwrap_or(i);
    strip_suffix(hay, i, &[b"(", "（".as_bytes(), b"\xA3\xA8"])
}

pub(crate) fn strip_suffix(hay: &[u8], end: usize, options: &[&[u8]]) -> Option<usize> {
    options.iter().find(|o| hay[..end].ends_with(o)).map(|o| end - o.len())
}

fn plausible_year(d: &[u8]) -> bool {
    (1900..=2099).contains(&num(d))
}

fn plausible_month_day(d: &[u8]) -> bool {
    let (m, day) = (num(&d[..2]), num(&d[2..]));
    (1..=12).contains(&m) && (1..=31).contains(&day)
}

/// A mobile number written in national form starting at group `g` (or as a one-run `86…`/`0086…`).
pub(crate) fn national_form(hay: &[u8], t: &Tokens, g: usize, prefixes: &MobilePrefixes) -> Option<Form> {
    let gs: &[Group] = &t.groups;
    let d = |k: usize| t.digits_of(&gs[k]);
    let has = |k: usize, n: usize| k < gs.len() && gs[k].n == n && !gs[k].x;
    let mut number = [0u8; 11];
    let mut plus_start = None;
    let (last, confidence) = if has(g, 11) {
        number.copy_from_slice(d(g));
        (g, 85)
    } else if has(g, 15) && d(g).starts_with(b"0086") {
        number.copy_from_slice(&d(g)[4..]);
        (g, 90)
    } else if has(g, 13) && d(g).starts_with(b"86") {
        // With a `+` this is unambiguous. Bare, it is how SMS gateways log numbers, but also what an
        // order number can look like (millisecond timestamps start with 1 until the 23rd century).
        plus_start = plus_before(hay, gs[g].start);
        number.copy_from_slice(&d(g)[2..]);
        (g, if plus_start.is_some() { 90 } else { 70 })
    } else if has(g, 3) && (has(g + 1, 4) && has(g + 2, 4) || has(g + 1, 8)) {
        let last = if gs[g + 1].n == 4 { g + 2 } else { g + 1 };
        let sep = t.seps[g];
        // `130.12345678` is a coordinate or a price with eight decimals: dots only in 3-4-4.
        if t.seps[g..last].iter().any(|&s| s != sep) || (sep == Sep::Dot && last == g + 1) {
            return None;
        }
        // The split must be the whole run joined by its separator (a country code may precede it):
        // `138 1234 5678 1234` and `7 150 2024 0315` are rows of numbers, not a phone.
        let before = g > 0 && t.seps[g - 1] == sep && !is_country_code(d(g - 1), gs[g - 1].x);
        let after = last + 1 < gs.len() && t.seps[last] == sep;
        // `150 20240315`, `135 2024 0315`: a count and a date. Hyphens and dots are how phone numbers
        // are written, not how a count sits beside a date.
        let date = if last == g + 1 {
            plausible_year(&d(g + 1)[..4]) && plausible_month_day(&d(g + 1)[4..])
        } else {
            plausible_year(d(g + 1)) && plausible_month_day(d(g + 2))
        };
        if before || after || (date && sep == Sep::Space) {
            return None;
        }
        let mut at = 0;
        for k in g..=last {
            number[at..at + gs[k].n].copy_from_slice(d(k));
            at += gs[k].n;
        }
        (
            last,
            match sep {
                Sep::Dash => 90,
                Sep::Dot => 85,
                Sep::Space => 80,
            },
        )
    } else {
        return None;
    };
    prefixes.allocated(&number).then_some(Form { last, number, confidence, plus_start })
}
