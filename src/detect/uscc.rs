//! Unified Social Credit Codes (GB 32100-2015): the identifier of an organisation, not a person.
//!
//! 18 characters from `0-9A-Z` without I, O, S, V, Z: registration authority (1), organisation type
//! (1), region code (6), organisation code (9, GB 11714, with its own MOD 11 check), and a MOD 31
//! check character. pimap recognises them so that it can *not* report them (and count them as
//! organisation identifiers): their middle digits often look like parts of personal numbers.

const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

fn value(c: u8) -> Option<u32> {
    CHARSET.iter().position(|&x| x == c).map(|v| v as u32)
}

/// Whether `code` (18 bytes, upper-case) is a valid USCC: both check characters right and the region
/// digits digits.
pub fn is_valid(code: &[u8]) -> bool {
    if code.len() != 18 || !code[2..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let Some(vals) = code.iter().map(|&c| value(c)).collect::<Option<Vec<u32>>>() else { return false };
    let sum: u32 = vals[..17].iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    if vals[17] != (31 - sum % 31) % 31 {
        return false;
    }
    // The organisation code's check: 11 - sum % 11, where 10 is written X and 11 is written 0.
    let org: u32 = vals[8..16].iter().zip(ORG_WEIGHTS).map(|(v, w)| v * w).sum();
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
        for ok in ["9144030071526726XG", "91110000100000008J"] {
            assert!(is_valid(ok.as_bytes()), "{ok}");
            let mut b = ok.as_bytes().to_vec();
            b[10] = if b[10] == b'1' { b'2' } else { b'1' };
            assert!(!is_valid(&b), "{ok} changed");
        }
        assert!(!is_valid(b"91440300MA5DC0XX1K"), "a made-up code from a fixture");
        assert!(!is_valid(b"9144030071526726XI"), "I is not in the charset");
        assert!(!is_valid(b"91440300"));
    }
}
