//! Lookup tables compiled into the binary from the generated files under `patterns/`.
//!
//! The files are produced by `patterns/generate.py` from the shared reference data and name their
//! source in a `#` header; here they are parsed once into compact, immutable structures.

use std::sync::OnceLock;

const REGIONS_TSV: &str = include_str!("../../patterns/regions.tsv");
const MOBILE_PREFIXES_TSV: &str = include_str!("../../patterns/mobile-prefixes.tsv");

/// Data rows of a generated table: `#` comments and the column header are skipped.
fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).skip(1).map(|l| l.split('\t').collect())
}

/// Every GB/T 2260 division code in use at any time 1981-2024, as a bitset over 0..1_000_000.
/// Membership is one shift and mask: this runs for every 18-digit candidate.
pub struct RegionTable {
    bits: Vec<u64>,
    len: usize,
}

impl RegionTable {
    pub fn get() -> &'static RegionTable {
        static T: OnceLock<RegionTable> = OnceLock::new();
        T.get_or_init(|| {
            let mut bits = vec![0u64; 1_000_000 / 64 + 1];
            let mut len = 0;
            for r in rows(REGIONS_TSV) {
                let code: usize = r[0].parse().expect("patterns/regions.tsv: bad code");
                bits[code / 64] |= 1 << (code % 64);
                len += 1;
            }
            RegionTable { bits, len }
        })
    }

    pub fn contains(&self, code: u32) -> bool {
        let c = code as usize;
        c < 1_000_000 && self.bits[c / 64] & (1 << (c % 64)) != 0
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Allocated mobile prefixes: 3-digit ones as a 1000-entry table, longer ones (1610, 17400-17405)
/// as a short list checked only when the 3-digit prefix is not allocated on its own.
pub struct MobilePrefixes {
    three: [bool; 1000],
    long: Vec<&'static str>,
}

impl MobilePrefixes {
    pub fn get() -> &'static MobilePrefixes {
        static T: OnceLock<MobilePrefixes> = OnceLock::new();
        T.get_or_init(|| {
            let mut three = [false; 1000];
            let mut long = Vec::new();
            for r in rows(MOBILE_PREFIXES_TSV) {
                let p = r[0];
                if p.len() == 3 {
                    three[p.parse::<usize>().expect("bad prefix")] = true;
                } else {
                    long.push(p);
                }
            }
            MobilePrefixes { three, long }
        })
    }

    /// `digits` is an 11-digit ASCII number.
    pub fn allocated(&self, digits: &[u8]) -> bool {
        let p3 =
            usize::from(digits[0] - b'0') * 100 + usize::from(digits[1] - b'0') * 10 + usize::from(digits[2] - b'0');
        self.three[p3] || self.long.iter().any(|p| digits.starts_with(p.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_table_keeps_retired_codes() {
        let t = RegionTable::get();
        assert!(t.len() > 6000);
        assert!(t.contains(110101)); // 东城区, in use
        assert!(t.contains(110103)); // 崇文区, retired 2010: still valid in old ID numbers
        assert!(t.contains(440305)); // 深圳市南山区
        assert!(!t.contains(999999));
        assert!(!t.contains(202311)); // what an order number that starts with a date looks like
    }

    #[test]
    fn mobile_prefixes_follow_the_allocation() {
        let m = MobilePrefixes::get();
        for ok in ["13812345678", "14512345678", "16612345678", "19912345678", "16101234567", "17400123456"] {
            assert!(m.allocated(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "12345678901",
            "14012345678",
            "15412345678",
            "16012345678",
            "17412345678",
            "17406123456",
            "19412345678",
            "11012345678",
        ] {
            assert!(!m.allocated(bad.as_bytes()), "{bad}");
        }
    }
}
