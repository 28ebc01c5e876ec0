//! One look at a lone run of 18 ASCII digits: can any 18-digit form hold?
//!
//! ```text
//! [u8; 18] ──sums (SSE2) + a date + three table lookups──▶ bool: worth validating?
//! ```
//!
//! Order and transaction numbers are 18 digits by the million in dumps and exports, and each one
//! used to go through the ID validator, the Luhn check and the credit-code checks in turn, each
//! branching on data that is random to the branch predictor (about 35 ns a run). This computes a
//! cheap superset of those checks with no unpredictable branch:
//!
//! * a resident or permit ID: the MOD 11-2 check character holds, the birth date is plausible
//!   (month 1-12, day 1-31, year 1900 to this year) and the first six digits are a region code or
//!   a residence permit's, or start with a foreigner's `9`;
//! * a bank card: a UnionPay `62` prefix, or the Luhn sum holds;
//! * a credit code: its authority issues its type, and its region digits are a GB/T 2260 code
//!   (or 100000, national bodies).
//!
//! `false` means every validator would reject the run, so the scan loop skips it; `true` sends it to
//! the validators, which decide. A test holds this to them on random and real-shaped numbers.

use super::id_card::{self, Date};
use super::tables::RegionTable;
use super::{bank_card, uscc};

/// The ID check weights of digits 0-15 as 16-bit lanes (digit 16's is `id_card::WEIGHTS[16]`).
const ID_WEIGHTS: [i16; 16] = {
    let mut w = [0i16; 16];
    let mut k = 0;
    while k < 16 {
        w[k] = id_card::WEIGHTS[k] as i16;
        k += 1;
    }
    w
};

/// The digit organisation types (bit t for type `t`) that each digit authority issues.
const USCC_TYPES: [u16; 10] = {
    let mut t = [0u16; 10];
    let mut a = 0;
    while a < 10 {
        let types = uscc::issued_types(b'0' + a as u8);
        let mut k = 0;
        while k < types.len() {
            if types[k].is_ascii_digit() {
                t[a] |= 1 << (types[k] - b'0');
            }
            k += 1;
        }
        a += 1;
    }
    t
};

/// The sums over digits 0-15 (values 0-9) that the checks need.
#[derive(Debug, PartialEq, Eq)]
struct Sums {
    /// Σ weight × digit, ID weights.
    id: u32,
    /// Σ digit.
    all: u32,
    /// Σ over even positions of d − 9·[d ≥ 5]: with 18 digits the Luhn doubling falls on even
    /// positions, and doubling d adds d − 9·[d ≥ 5] to the plain sum.
    even_extra: i32,
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn sums(d: &[u8; 18]) -> Sums {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of the x86_64 baseline; the load reads d[0..16].
    unsafe {
        let v = _mm_sub_epi8(_mm_loadu_si128(d.as_ptr() as *const __m128i), _mm_set1_epi8(b'0' as i8));
        let z = _mm_setzero_si128();
        let w = |k: usize| _mm_loadu_si128(ID_WEIGHTS.as_ptr().add(k) as *const __m128i);
        let id =
            _mm_add_epi32(_mm_madd_epi16(_mm_unpacklo_epi8(v, z), w(0)), _mm_madd_epi16(_mm_unpackhi_epi8(v, z), w(8)));
        let id = _mm_add_epi32(id, _mm_shuffle_epi32(id, 0b01_00_11_10));
        let id = _mm_add_epi32(id, _mm_shuffle_epi32(id, 0b10_11_00_01));
        let hsum = |s: __m128i| (_mm_cvtsi128_si32(s) + _mm_extract_epi16(s, 4)) as u32;
        let all = hsum(_mm_sad_epu8(v, z));
        let even = _mm_and_si128(v, _mm_set1_epi16(0x00FF));
        let big = _mm_and_si128(_mm_cmpgt_epi8(even, _mm_set1_epi8(4)), _mm_set1_epi16(0x0001));
        let even_extra = hsum(_mm_sad_epu8(even, z)) as i32 - 9 * hsum(_mm_sad_epu8(big, z)) as i32;
        Sums { id: _mm_cvtsi128_si32(id) as u32, all, even_extra }
    }
}

#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn sums_portable(d: &[u8; 18]) -> Sums {
    let mut s = Sums { id: 0, all: 0, even_extra: 0 };
    for (k, &c) in d[..16].iter().enumerate() {
        let v = c - b'0';
        s.id += u32::from(v) * ID_WEIGHTS[k] as u32;
        s.all += u32::from(v);
        if k % 2 == 0 {
            s.even_extra += i32::from(v) - if v >= 5 { 9 } else { 0 };
        }
    }
    s
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn sums(d: &[u8; 18]) -> Sums {
    sums_portable(d)
}

/// Whether every 18-digit form fails for the ASCII digits `d`: the quick look, then (for the few
/// that pass it) the validators themselves. Without `--explain`, the scan loop skips such a run.
#[inline]
pub(crate) fn all_fail(d: &[u8; 18], today: Date) -> bool {
    !may_pass(d, today) || validators_reject(d, today)
}

/// The ID validator, the card checks (UnionPay prefix, Luhn) and the credit-code checks all reject
/// `d`: what [`may_pass`] looks at cheaply.
fn validators_reject(d: &[u8; 18], today: Date) -> bool {
    id_card::validate(d, today).is_err() && !d.starts_with(b"62") && !bank_card::luhn(d) && !uscc::is_valid(d)
}

/// Whether any 18-digit form may hold for the ASCII digits `d`: `false` means the ID validator,
/// the card checks (UnionPay prefix, Luhn) and the credit-code checks all reject it.
#[inline]
pub(crate) fn may_pass(d: &[u8; 18], today: Date) -> bool {
    let v = |k: usize| u32::from(d[k] - b'0');
    let s = sums(d);
    // Non-short-circuit `&` and `|` throughout: every test is cheap, and branching on them is what
    // this replaces.
    let year = v(6) * 1000 + v(7) * 100 + v(8) * 10 + v(9);
    let (month, day) = (v(10) * 10 + v(11), v(12) * 10 + v(13));
    let date =
        (month.wrapping_sub(1) < 12) & (day.wrapping_sub(1) < 31) & (year >= 1900) & (year <= u32::from(today.year));
    let regions = RegionTable::get();
    let num6 = |k: usize| (k..k + 6).fold(0, |n, j| n * 10 + v(j));
    let (area, org_area) = (num6(0), num6(2));
    // A region code, a residence permit's, or a foreigner's `9`.
    let permit = id_card::HMT.iter().fold(false, |p, &h| p | (area == h));
    let id_area = regions.contains(area) | permit | (d[0] == b'9');
    let sum = s.id + id_card::WEIGHTS[16] * v(16);
    let id = date & id_area & (id_card::CHECK[(sum % 11) as usize] == d[17]);
    // Position 16 is doubled, 17 is the check digit.
    let luhn = (s.all + v(17) + 2 * v(16) - 9 * u32::from(v(16) >= 5)) as i32 + s.even_extra;
    let card = ((d[0] == b'6') & (d[1] == b'2')) | (luhn % 10 == 0);
    let uscc = (USCC_TYPES[v(0) as usize] >> v(1) & 1 == 1) & (regions.contains(org_area) | (org_area == 100_000));
    id | card | uscc
}

#[cfg(test)]
mod tests {
    use super::super::id_card;
    use super::*;
    use rand::{Rng, SeedableRng};

    const TODAY: Date = Date { year: 2026, month: 11, day: 22 };

    #[test]
    fn simd_sums_equal_the_portable_loop() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(18);
        for _ in 0..100_000 {
            let d: [u8; 18] = std::array::from_fn(|_| rng.random_range(b'0'..=b'9'));
            assert_eq!(sums(&d), sums_portable(&d));
        }
        assert_eq!(sums(b"999999999999999999"), sums_portable(b"999999999999999999"));
    }

    #[test]
    fn every_number_a_validator_accepts_may_pass() {
        let accepted = [
            "440305198611250014", // resident ID
            "810000199001010019", // Hong Kong residence permit
            "622202123456789013", // UnionPay prefix
            "400360123456789011", // Luhn
            "914403001922038216", // credit code, all digits
            "111000001000000327", // a national body's credit code (region 100000)
            "911840198506120015", // foreigner's permanent residence ID
        ];
        for s in accepted {
            let d: &[u8; 18] = s.as_bytes().try_into().unwrap();
            assert!(!validators_reject(d, TODAY), "{s}: test vector");
            assert!(may_pass(d, TODAY), "{s}");
        }
        // Random numbers shaped like IDs, orders, cards and credit codes, half of them with a right
        // check character: the quick look never rejects what a validator accepts, and rejects most
        // order numbers, ID-shaped decoys and random digits that every validator rejects.
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let (mut rejected, mut skipped) = ([0; 6], [0; 6]);
        for k in 0..600_000 {
            let mut d: [u8; 18] = std::array::from_fn(|_| rng.random_range(b'0'..=b'9'));
            let class = k % 6;
            match class {
                0 => d[..6].copy_from_slice(b"440305"),
                1 => d[..4].copy_from_slice(b"2023"),
                2 => d[..2].copy_from_slice(b"62"),
                3 => d[..8].copy_from_slice(b"91440300"),
                4 => d[6..14].copy_from_slice(b"19861125"),
                _ => {}
            }
            if k % 12 < 6 {
                // Validation goes on to the date and region.
                let c = id_card::check_char(&d[..17]);
                if c != b'X' {
                    d[17] = c;
                }
            }
            if validators_reject(&d, TODAY) {
                rejected[class] += 1;
                skipped[class] += usize::from(!may_pass(&d, TODAY));
            } else {
                assert!(may_pass(&d, TODAY), "{}", std::str::from_utf8(&d).unwrap());
            }
        }
        for class in [0, 1, 4, 5] {
            assert!(skipped[class] * 10 > rejected[class] * 8, "class {class}: {skipped:?} of {rejected:?}");
        }
    }
}
