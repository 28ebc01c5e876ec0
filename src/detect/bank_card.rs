//! Bank card numbers: 16-19 digits, whole or in groups (`6222 0202 0001 2345 670`, `4003-6012-…`,
//! `622202 0200012345670`), scored by their BIN and Luhn digit.
//!
//! A random 16-19 digit number (an order number, a snowflake id) passes Luhn one time in ten, so
//! Luhn alone proves little; a BIN from `patterns/bank-bins.tsv` issued at exactly this length plus
//! Luhn is strong. Some real domestic debit cards fail Luhn, so a UnionPay (62) number that fails it
//! is still reported when a card label stands next to it — and only then.

use super::digits::{Group, Sep, Tokens};

/// A card number's digits, on the stack: this runs for every 16-19 digit run (order numbers,
/// snowflake ids), so it must not allocate.
pub(crate) struct Digits {
    d: [u8; 19],
    n: usize,
}

impl Digits {
    fn of<'a>(groups: impl IntoIterator<Item = &'a [u8]>) -> Digits {
        let mut x = Digits { d: [0; 19], n: 0 };
        for g in groups {
            x.d[x.n..x.n + g.len()].copy_from_slice(g);
            x.n += g.len();
        }
        x
    }
    pub fn as_slice(&self) -> &[u8] {
        &self.d[..self.n]
    }
}

/// The written shapes of a card number, as group lengths: whole, 4-4-4-4(-1..3), 6-13 (a 19-digit
/// card as some bank statements print it). Returns the last group and the digits.
pub(crate) fn form(t: &Tokens, g: usize) -> Option<(usize, Digits)> {
    let gs: &[Group] = &t.groups;
    if gs[g].x {
        return None;
    }
    if (16..=19).contains(&gs[g].n) {
        return Some((g, Digits::of([t.digits_of(&gs[g])])));
    }
    let same_sep = |from: usize, to: usize| t.seps[from..to].windows(2).all(|w| w[0] == w[1]);
    let plain = |k: usize| k < gs.len() && !gs[k].x;
    if gs[g].n == 4 && (g..g + 4).all(|k| plain(k) && gs[k].n == 4) && t.seps[g] != Sep::Dot {
        let mut last = g + 3;
        if plain(g + 4) && (1..=3).contains(&gs[g + 4].n) && t.seps[g + 3] == t.seps[g] {
            last = g + 4;
        }
        if !same_sep(g, last) {
            return None;
        }
        return Some((last, Digits::of((g..=last).map(|k| t.digits_of(&gs[k])))));
    }
    if gs[g].n == 6 && plain(g + 1) && gs[g + 1].n == 13 && t.seps[g] == Sep::Space {
        return Some((g + 1, Digits::of([t.digits_of(&gs[g]), t.digits_of(&gs[g + 1])])));
    }
    None
}

/// The Luhn (mod 10) check over ASCII digits, the last being the check digit.
pub fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &c)| {
            let d = u32::from(c - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 {
                    d2 - 9
                } else {
                    d2
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_accepts_valid_numbers_and_rejects_one_changed_digit() {
        for ok in ["6222020200012345670", "4003601234567893", "6200480012345673", "79927398713"] {
            assert!(luhn(ok.as_bytes()), "{ok}");
            let mut b = ok.as_bytes().to_vec();
            b[3] = if b[3] == b'9' { b'0' } else { b[3] + 1 };
            assert!(!luhn(&b), "{ok} changed");
        }
    }
}
