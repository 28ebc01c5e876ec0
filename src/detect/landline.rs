//! Mainland landline numbers: an area code from `patterns/area-codes.tsv` and a local number.
//!
//! Forms: `010-88886666`, `0755 2666 8888`, `021-6888-8888`, `(021) 6888 8888`, `（0755）26668888`,
//! `+86 10 8888 6666`, `+86-755-26668888`, `0086 21 68888888`, and with an extension after the local
//! number (`020-12345678-808`; `转808` and `ext. 808` end the number by themselves). Two-digit areas
//! (010, 020-025, 027-029) have 8-digit local numbers, the others 7 or 8; local numbers start with
//! 2-8 (0 and 1 lead trunk and special-service prefixes, 9 leads service numbers) — a rule applied to
//! bare runs only, since written examples like `020-12345678` are common. Company service numbers
//! (400/800, 95xxx) have no area code and so never take these forms.
//!
//! Written bare (`01088886666`, `075526668888`) a landline is only a digit run that starts with 0, so
//! it is reported only with a label (confidence below the default threshold otherwise).

use super::digits::{Group, Sep, Tokens};
use super::phone::strip_suffix;
use super::tables::AreaCodes;

/// A landline read from groups `g..=last` of a token.
#[derive(Debug, Clone)]
pub(crate) struct Form {
    /// The last group consumed, an extension included.
    pub last: usize,
    /// The last group of the local number.
    pub local_last: usize,
    /// `0` + area code + local number, ASCII.
    pub number: Vec<u8>,
    pub confidence: u8,
}

/// Confidence of a bare run of digits starting with 0: needs a label to be reported.
pub(crate) const BARE: u8 = 45;

/// A local number of an allowed length. Written apart from its area code it may start with any digit
/// but 0 (`020-12345678` is how people write examples, and real numbers too); written bare, only with
/// 2-8, the digits local numbers are allocated under.
fn local_ok(local: &[u8], lengths: u16, bare: bool) -> bool {
    let first_ok =
        if bare { matches!(local.first(), Some(b'2'..=b'8')) } else { matches!(local.first(), Some(b'1'..=b'9')) };
    first_ok && local.len() <= 8 && lengths & (1 << local.len()) != 0
}

fn number(area: &[u8], local: &[u8]) -> Vec<u8> {
    let mut n = Vec::with_capacity(1 + area.len() + local.len());
    n.push(b'0');
    n.extend_from_slice(area);
    n.extend_from_slice(local);
    n
}

/// The local number starting at group `g`: one group of 7-8 digits, or 3-4 / 4-4 joined by `sep`
/// (when given). Returns its digits and last group.
fn local_at(t: &Tokens, g: usize, sep: Option<Sep>) -> Option<(Vec<u8>, usize)> {
    let gs: &[Group] = &t.groups;
    let plain = |k: usize| k < gs.len() && !gs[k].x;
    if !plain(g) {
        return None;
    }
    if matches!(gs[g].n, 7 | 8) {
        return Some((t.digits_of(&gs[g]).to_vec(), g));
    }
    if matches!(gs[g].n, 3 | 4) && plain(g + 1) && gs[g + 1].n == 4 && sep.is_none_or(|s| t.seps[g] == s) {
        return Some(([t.digits_of(&gs[g]), t.digits_of(&gs[g + 1])].concat(), g + 1));
    }
    None
}

/// An extension written as one more hyphen group after a complete number: `010-88886666-808`.
fn extension(t: &Tokens, last: usize) -> usize {
    let gs = &t.groups;
    if last + 1 < gs.len() && t.seps[last] == Sep::Dash && (1..=5).contains(&gs[last + 1].n) && !gs[last + 1].x {
        last + 1
    } else {
        last
    }
}

/// A landline in national form starting at group `g`: `0AA(A)` then the local number, or one bare run.
pub(crate) fn national_form(t: &Tokens, g: usize, areas: &AreaCodes) -> Option<Form> {
    let gs: &[Group] = &t.groups;
    let d = t.digits_of(&gs[g]);
    if gs[g].x || d.first() != Some(&b'0') {
        return None;
    }
    if matches!(gs[g].n, 3 | 4) && g + 1 < gs.len() && t.seps[g] != Sep::Dot {
        let lengths = areas.local_lengths(&d[1..]);
        let (local, last) = local_at(t, g + 1, Some(t.seps[g]))?;
        if lengths == 0 || !local_ok(&local, lengths, false) {
            return None;
        }
        let confidence = if t.seps[g] == Sep::Dash { 85 } else { 80 };
        return Some(Form { last: extension(t, last), local_last: last, number: number(&d[1..], &local), confidence });
    }
    if matches!(gs[g].n, 11 | 12) {
        // Bare: the two-digit areas first (their codes are no prefix of a three-digit one).
        for area_len in [2, 3] {
            let (area, local) = d[1..].split_at(area_len);
            let lengths = areas.local_lengths(area);
            if lengths != 0 && local_ok(local, lengths, true) {
                return Some(Form { last: g, local_last: g, number: number(area, local), confidence: BARE });
            }
        }
    }
    None
}

/// After a country code group at `g - 1`: the area code without its 0, then the local number.
pub(crate) fn international_form(t: &Tokens, g: usize, areas: &AreaCodes) -> Option<Form> {
    let gs: &[Group] = &t.groups;
    if g >= gs.len() || gs[g].x || !matches!(gs[g].n, 2 | 3) || g + 1 >= gs.len() || t.seps[g] == Sep::Dot {
        return None;
    }
    let area = t.digits_of(&gs[g]);
    let lengths = areas.local_lengths(area);
    let (local, last) = local_at(t, g + 1, Some(t.seps[g]))?;
    (lengths != 0 && local_ok(&local, lengths, false)).then(|| Form {
        last: extension(t, last),
        local_last: last,
        number: number(area, &local),
        confidence: 90,
    })
}

/// Whether a closing parenthesis (and maybe a space) ends just before `i`: the cheap test before
/// [`paren_area_before`].
pub(crate) fn paren_before(hay: &[u8], i: usize) -> bool {
    let h = &hay[..i];
    let h = h.strip_suffix(b" ").unwrap_or(h);
    CLOSE.iter().any(|c| h.ends_with(c))
}

/// `)` and `）` in UTF-8 and in GBK (A3 A9); `(` and `（` likewise (A3 A8).
const CLOSE: [&[u8]; 3] = [b")", "）".as_bytes(), b"\xA3\xA9"];
const OPEN: [&[u8]; 3] = [b"(", "（".as_bytes(), b"\xA3\xA8"];

/// `(021) `, `（0755）`, `(010)` written just before `i`: the start of the parenthesis and the area
/// code's digits without the 0.
pub(crate) fn paren_area_before(hay: &[u8], i: usize) -> Option<(usize, Vec<u8>)> {
    let j = strip_suffix(hay, i, &[b" "]).unwrap_or(i);
    let j = strip_suffix(hay, j, &CLOSE)?;
    let digits = hay[..j].iter().rev().take_while(|b| b.is_ascii_digit()).count();
    if !matches!(digits, 3 | 4) || hay[j - digits] != b'0' {
        return None;
    }
    let open = strip_suffix(hay, j - digits, &OPEN)?;
    Some((open, hay[j - digits + 1..j].to_vec()))
}

/// A local number at group `g` after a parenthesised area code.
pub(crate) fn after_paren_area(t: &Tokens, g: usize, area: &[u8], areas: &AreaCodes) -> Option<Form> {
    let lengths = areas.local_lengths(area);
    let (local, last) = local_at(t, g, None)?;
    (lengths != 0 && local_ok(&local, lengths, false)).then(|| Form {
        last: extension(t, last),
        local_last: last,
        number: number(area, &local),
        confidence: 85,
    })
}
