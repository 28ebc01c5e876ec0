//! Unified Social Credit Codes (GB 32100-2015): the identifier of an organisation, not a person.
//!
//! 18 characters from `0-9A-Z` without I, O, S, V, Z: registration authority (1), organisation type
//! (1), region code (6), organisation code (9, GB 11714, with its own MOD 11 check), and a MOD 31
//! check character. pimap recognises them so that it can *not* report them (and count them as
//! organisation identifiers): their middle digits often look like parts of personal numbers.

const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Each byte's value in the charset, 0xFF for bytes outside it.
static VALUE: [u8; 256] = {
    let mut t = [0xFF; 256];
    let mut k = 0;
    while k < CHARSET.len() {
        t[CHARSET[k] as usize] = k as u8;
        k += 1;
    }
    t
};

fn value(c: u8) -> Option<u32> {
    let v = VALUE[c as usize];
    (v != 0xFF).then_some(u32::from(v))
}

/// Whether the organisation-type character is one the registration authority issues (GB 32100-2015,
/// table 1): 9 (market regulation) issues 1 企业, 2 个体工商户, 3 农民专业合作社; the others issue a few
/// types and 9 (其他). No authority issues type 0, which is what rules out order numbers that start
/// with a date (`2023…`).
fn type_allowed(authority: u8, kind: u8) -> bool {
    issued_types(authority).contains(&kind)
}

/// The organisation types `authority` issues (see `type_allowed`).
pub(crate) const fn issued_types(authority: u8) -> &'static [u8] {
    match authority {
        b'1' => b"1239",
        b'2' => b"19",
        b'3' => b"123459",
        b'4' => b"19",
        b'5' => b"1239",
        b'6' => b"129",
        b'7' => b"129",
        b'8' => b"19",
        b'9' => b"123",
        b'A' => b"19",
        b'N' => b"1239",
        b'Y' => b"1",
        _ => b"",
    }
}

/// Whether `code` (18 bytes, upper-case) is a valid USCC: both check characters right and the region
/// digits digits.
pub fn is_valid(code: &[u8]) -> bool {
    if code.len() != 18 || !code[2..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    if !type_allowed(code[0], code[1]) {
        return false;
    }
    // The registering region is a GB/T 2260 code (100000 for national bodies): the cheapest and
    // most selective test, since this runs for every 18-digit number that failed the ID checks.
    let region = super::digits::num(&code[2..8]);
    if region != 100000 && !super::tables::RegionTable::get().contains(region) {
        return false;
    }
    // No allocation: this runs for every 18-digit number that failed the ID checks.
    let mut sum = 0;
    for (&c, w) in code[..17].iter().zip(WEIGHTS) {
        let Some(v) = value(c) else { return false };
        sum += v * w;
    }
    if value(code[17]) != Some((31 - sum % 31) % 31) {
        return false;
    }
    // The organisation code's check (GB 11714): 11 - sum % 11, where 10 is written X and 11 is written
    // 0. Its letters count A=10 … Z=35 over the whole alphabet, not by their place in the charset.
    let org_value = |c: u8| if c.is_ascii_digit() { u32::from(c - b'0') } else { u32::from(c - b'A') + 10 };
    let org: u32 = code[8..16].iter().zip(ORG_WEIGHTS).map(|(&c, w)| org_value(c) * w).sum();
    let expected = match 11 - org % 11 {
        10 => b'X',
        11 => b'0',
        d => b'0' + d as u8,
    };
    code[16] == expected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_codes_pass_and_one_changed_character_fails() {
        // Two real codes (published on company registrations) and two computed ones.
        for ok in ["914403001922038216", "91440300708461136T", "9144030071526726XG", "91110000100000008J"] {
            assert!(is_valid(ok.as_bytes()), "{ok}");
            let mut b = ok.as_bytes().to_vec();
            b[10] = if b[10] == b'1' { b'2' } else { b'1' };
            assert!(!is_valid(&b), "{ok} changed");
        }
        assert!(!is_valid(b"91440300MA5DC0XX1K"), "a made-up code from a fixture");
        assert!(!is_valid(b"9144030071526726XI"), "I is not in the charset");
        assert!(!is_valid(b"91440300"));
        // An order number whose digits happen to pass both checks, but type 0 does not exist.
        assert!(!is_valid(b"202301258557635135"));
    }
}
